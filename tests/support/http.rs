//! A small JSON client for the tests: status, body and headers of every answer, 4xx included.
//! Every answer is checked against openapi.yaml on the way (see `super::openapi`).

#![allow(dead_code)]

use serde_json::Value;

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub content_type: String,
    pub retry_after: Option<String>,
}

/// A download: status, content type, content disposition and the body's bytes.
pub struct Download {
    pub status: u16,
    pub content_type: String,
    pub disposition: String,
    pub bytes: Vec<u8>,
}

/// The answer as bytes, whatever its status, checked against openapi.yaml (a JSON body by
/// its schema, any other by its content type).
fn read(
    method: &str,
    url: &str,
    result: Result<ureq::Response, ureq::Error>,
) -> (Download, Option<String>) {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    let status = response.status();
    let header = |name: &str| response.header(name).unwrap_or("").to_string();
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    let retry_after = response.header("retry-after").map(str::to_string);
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut response.into_reader(), &mut bytes)
        .expect("reading the answer");
    let is_json = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .ends_with("json");
    let text = if is_json {
        String::from_utf8(bytes.clone()).expect("a JSON answer in UTF-8")
    } else {
        String::new()
    };
    super::openapi::check(method, url, status, &content_type, &text);
    let download = Download {
        status,
        content_type,
        disposition,
        bytes,
    };
    (download, retry_after)
}

/// GET of a file (an export, a print file): its bytes and headers.
pub fn download(url: &str, token: &str) -> Download {
    let req = ureq::get(url).set("Authorization", &format!("Bearer {token}"));
    read("GET", url, req.call()).0
}

pub fn reply(method: &str, url: &str, result: Result<ureq::Response, ureq::Error>) -> Reply {
    let (answer, retry_after) = read(method, url, result);
    let (status, content_type) = (answer.status, answer.content_type);
    let text = String::from_utf8_lossy(&answer.bytes).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply {
        status,
        body,
        content_type,
        retry_after,
    }
}

pub fn get(url: &str, token: Option<&str>) -> Reply {
    let mut req = ureq::get(url);
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    reply("GET", url, req.call())
}

pub fn send(method: &str, url: &str, token: Option<&str>, body: &Value) -> Reply {
    let mut req = ureq::request(method, url);
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    reply(method, url, req.send_json(body.clone()))
}

pub fn post_empty(url: &str, token: Option<&str>) -> Reply {
    let mut req = ureq::post(url);
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    reply("POST", url, req.call())
}
