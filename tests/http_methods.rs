//! What the server answers to each HTTP method: `HEAD` wherever `GET` is (load balancers and
//! uptime monitors check with it: the status and headers of the `GET`, and no body), and
//! `405` with `Allow` for a method an address does not take (a script that PUTs where it should
//! POST learns what the address takes, instead of a 404 saying it does not exist).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

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

/// Status, `Allow`, content type and body (JSON, else the text) of `method` on `path`, whatever
/// the status.
fn call(svar: &Svar, method: &str, path: &str) -> (u16, String, String, serde_json::Value) {
    let result = ureq::request(method, &format!("{}{path}", svar.url))
        .set("Content-Type", "application/json")
        .send_string("{}");
    let reply = match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {path}: {e}"),
    };
    let header = |name: &str| reply.header(name).unwrap_or_default().to_string();
    let (status, allow, kind) = (reply.status(), header("allow"), header("content-type"));
    let text = reply.into_string().unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    (status, allow, kind, body)
}

#[test]
fn a_method_an_address_does_not_take_gets_405_naming_the_methods_it_does() {
    let svar = Svar::start(TestDatabase::sqlite().unwrap());
    let cases = [
        ("PUT", "/api/v1/respondent/session", "POST"),
        ("DELETE", "/api/v1/respondent/pages/intro", "GET, PUT"),
        ("POST", "/api/v1/respondent/questionnaire", "GET"),
        ("DELETE", "/api/v1/surveys/1", "GET, PATCH"),
        ("GET", "/api/v1/auth/login", "POST"),
        ("PATCH", "/api/v1/surveys/1/grants/2", "PUT, DELETE"),
    ];
    for (method, path, allow) in cases {
        let (status, allowed, kind, body) = call(&svar, method, path);
        assert_eq!(status, 405, "{method} {path}");
        assert_eq!(allowed, allow, "{method} {path}");
        assert_eq!(kind, "application/problem+json", "{method} {path}");
        assert_eq!(
            body["type"], "https://svar.invalid/problems/method-not-allowed",
            "{method} {path}"
        );
        assert_eq!(body["status"], 405, "{method} {path}");
    }
    // Outside the API a person may have typed the address: the "no such page" page.
    let pages = [
        ("POST", "/thanks", "GET"),
        ("PUT", "/p/intro", "GET, POST"),
        ("GET", "/start", "POST"),
        ("GET", "/submit", "POST"),
        ("POST", "/healthz", "GET"),
    ];
    for (method, path, allow) in pages {
        let (status, allowed, kind, body) = call(&svar, method, path);
        assert_eq!((status, allowed.as_str()), (405, allow), "{method} {path}");
        assert!(kind.starts_with("text/html"), "{method} {path}: {kind}");
        let page = body.as_str().unwrap_or_default();
        assert!(page.contains("Sidan finns inte"), "{method} {path}: {page}");
    }
    // An address that does not exist is still not found, whatever the method.
    assert_eq!(call(&svar, "DELETE", "/api/v1/nothing").0, 404);
    assert_eq!(call(&svar, "POST", "/nothing").0, 404);
    // And the methods an address takes still reach it.
    assert_eq!(call(&svar, "GET", "/healthz").0, 200);
}
