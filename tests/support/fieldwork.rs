//! Fieldwork as the monitoring tests script it: respondents answering pages, submitting and
//! declining through the respondent JSON API, and reading a statistics stream's events.

#![allow(dead_code)]

use super::http::{post_empty, send};
use super::{five_pages, respondent_token, Svar};
use serde_json::{json, Value};

/// Logs in with `code` and saves the first `pages` pages of the demo; returns the session.
pub fn answer_pages(svar: &Svar, code: &str, pages: usize) -> String {
    let token = respondent_token(&svar.url, code);
    let mut version = 0;
    for (page, answers) in five_pages().into_iter().take(pages) {
        let r = send(
            "PUT",
            &format!("{}/api/v1/respondent/pages/{page}", svar.url),
            Some(&token),
            &json!({ "version": version, "answers": answers }),
        );
        assert_eq!(r.status, 200, "{page}: {}", r.body);
        version = r.body["version"].as_i64().unwrap();
    }
    token
}

/// `POST /api/v1/respondent/{what}` (`submit` or `decline`), which must succeed.
pub fn respondent_post(svar: &Svar, token: &str, what: &str) {
    let r = post_empty(
        &format!("{}/api/v1/respondent/{what}", svar.url),
        Some(token),
    );
    assert_eq!(r.status, 200, "{what}: {}", r.body);
}

/// Reads the stream's next `statistics` event (skipping comments), within the reader's
/// timeout.
pub fn next_event(lines: &mut impl std::io::BufRead) -> Value {
    let mut line = String::new();
    loop {
        line.clear();
        let n = lines.read_line(&mut line).expect("the stream stays open");
        assert!(n > 0, "the stream ended");
        if let Some(data) = line.strip_prefix("data: ") {
            return serde_json::from_str(data.trim_end()).unwrap();
        }
    }
}

/// Answers every page with `code` and submits.
pub fn submit_all(svar: &Svar, code: &str) {
    let token = answer_pages(svar, code, 5);
    respondent_post(svar, &token, "submit");
}
