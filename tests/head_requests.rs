//! `HEAD` wherever `GET` is: load balancers and uptime monitors check with it. The status and
//! headers of the `GET`, and no body.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use support::Svar;
use svar_core::db::test_db::TestDatabase;

/// The status line, the `content-length` and the bytes after the headers of a `HEAD`.
fn head(svar: &Svar, path: &str) -> (String, Option<String>, usize) {
    let mut stream = TcpStream::connect(svar.url.trim_start_matches("http://")).unwrap();
    write!(
        stream,
        "HEAD {path} HTTP/1.1\r\nHost: svar\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    let text = String::from_utf8_lossy(&reply);
    let (headers, body) = text.split_once("\r\n\r\n").expect("a whole reply");
    let mut lines = headers.lines();
    let status = lines.next().unwrap_or_default().to_string();
    let length = lines
        .filter_map(|l| l.split_once(": "))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .map(|(_, value)| value.to_string());
    (status, length, body.len())
}

#[test]
fn head_gets_the_status_and_headers_of_get_without_the_body() {
    let svar = Svar::start(TestDatabase::sqlite().unwrap());
    for path in ["/healthz", "/readyz", "/", "/static/svar.css"] {
        let (status, length, body) = head(&svar, path);
        assert_eq!(status, "HTTP/1.1 200 OK", "{path}");
        let get = ureq::get(&format!("{}{path}", svar.url)).call().unwrap();
        assert_eq!(length.as_deref(), get.header("content-length"), "{path}");
        assert_eq!(body, 0, "{path}: no body");
    }
    let (status, _, body) = head(&svar, "/no-such-page");
    assert_eq!((status.as_str(), body), ("HTTP/1.1 404 Not Found", 0));
}
