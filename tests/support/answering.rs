//! A respondent answering the demo survey through the JSON API: pages saved, then a submit or
//! a decline — what the monitoring tests make happen before they read the figures.

use super::http::{post_empty, send};
use super::{five_pages, respondent_token, Svar};
use serde_json::json;

/// Logs on with `code` and saves the first `pages` pages of the demo; returns the session.
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

/// `POST /api/v1/respondent/{what}` (`submit`, `decline`) in session `token`.
pub fn respondent_post(svar: &Svar, token: &str, what: &str) {
    let r = post_empty(
        &format!("{}/api/v1/respondent/{what}", svar.url),
        Some(token),
    );
    assert_eq!(r.status, 200, "{what}: {}", r.body);
}

/// Answers every page with `code` and submits.
pub fn submit_all(svar: &Svar, code: &str) {
    let token = answer_pages(svar, code, 5);
    respondent_post(svar, &token, "submit");
}
