//! An answer as a browser receives it (status, headers, cookies set, body), read without
//! following redirects and checked against openapi.yaml on the way: what the HTML tests of the
//! respondent pages and of the dashboard look at.

#![allow(dead_code)]

use std::collections::HashMap;

pub struct HtmlReply {
    pub status: u16,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub set_cookies: Vec<String>,
    pub body: String,
}

impl HtmlReply {
    /// The answer to `method path`, whatever its status.
    pub fn read(method: &str, path: &str, result: Result<ureq::Response, ureq::Error>) -> Self {
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{path}: {e}"),
        };
        let status = response.status();
        let headers: HashMap<String, String> = response
            .headers_names()
            .into_iter()
            .map(|n| {
                let v = response.header(&n).unwrap_or("").to_string();
                (n.to_ascii_lowercase(), v)
            })
            .collect();
        let set_cookies = response
            .all("set-cookie")
            .into_iter()
            .map(str::to_string)
            .collect();
        let body = response.into_string().unwrap_or_default();
        let content_type = headers.get("content-type").cloned().unwrap_or_default();
        super::openapi::check(method, path, status, &content_type, &body);
        HtmlReply {
            status,
            headers,
            set_cookies,
            body,
        }
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }

    pub fn location(&self) -> &str {
        self.header("location")
    }
}

/// Character references back to characters (named or numeric, as the templates write them).
pub fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text without its tags, entities decoded.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(out.trim())
}
