//! multipart/form-data bodies for the upload tests, built by hand (ureq has no helper).

#![allow(dead_code)]

use super::http::Reply;

/// One part: form name, file name, content type, bytes.
pub struct Part<'a> {
    pub name: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

pub fn part<'a>(
    name: &'a str,
    file_name: &'a str,
    content_type: &'a str,
    bytes: &'a [u8],
) -> Part<'a> {
    Part {
        name,
        file_name,
        content_type,
        bytes,
    }
}

const BOUNDARY: &str = "svar-test-boundary-7MA4YWxkTrZu0gW";

/// The body and its Content-Type.
pub fn body(parts: &[Part]) -> (String, Vec<u8>) {
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                p.name, p.file_name, p.content_type
            )
            .as_bytes(),
        );
        out.extend_from_slice(p.bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), out)
}

/// POSTs the parts to `url`.
pub fn post(url: &str, token: Option<&str>, parts: &[Part]) -> Reply {
    let (content_type, bytes) = body(parts);
    let mut req = ureq::post(url).set("Content-Type", &content_type);
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    super::http::reply("POST", url, req.send_bytes(&bytes))
}
