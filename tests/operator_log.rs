//! What the operator's log shows: a request the server cannot read gets its 400, and the log
//! gets no error line for it (a scanner or a phone on a weak network is not an incident).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use support::http::send;
use support::Svar;
use svar_core::db::test_db::TestDatabase;

#[test]
fn an_unreadable_request_gets_400_and_no_error_in_the_log() {
    let svar = Svar::start_with_log(TestDatabase::sqlite().unwrap(), "info");
    let address = svar.url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: svar\r\nthis is not a header\r\n\r\n")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");

    // A line the server does log, to know the log has caught up.
    let r = send(
        "POST",
        &format!("{}/api/v1/respondent/session", svar.url),
        None,
        &json!({ "code": "K7QM-2XHD-9WBT-N" }),
    );
    assert_eq!(r.status, 401, "{}", r.body);
    let deadline = Instant::now() + Duration::from_secs(10);
    let log = loop {
        let log = svar.log();
        if log.contains("failed code attempt") {
            break log;
        }
        assert!(Instant::now() < deadline, "the log is written: {log}");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!log.contains("\"level\":\"ERROR\""), "{log}");
}
