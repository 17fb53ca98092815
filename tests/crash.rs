//! Nothing acknowledged is lost: a server killed (SIGKILL) while respondents save, on SQLite
//! and on PostgreSQL, comes back with every save it had answered 200 to. The one request each
//! respondent had in flight at the kill may or may not have been committed, never half.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::http::{get, send};
use support::{five_pages, respondent_token, servers, Letter, Svar};

/// Respondents saving at the same time.
const RESPONDENTS: usize = 6;
/// Saves answered by the server before it is killed (all respondents together).
const SAVES_BEFORE_THE_KILL: usize = 150;

/// What one respondent saw while saving its last page over and over.
struct Trail {
    letter: Letter,
    /// The last save the server answered 200 to: the version it gave and the comment saved.
    acknowledged: Option<(i64, String)>,
    /// The comment of the save that got no answer (the server was gone).
    unanswered: Option<String>,
}

fn save(url: &str, token: &str, page: &str, version: i64, answers: &Value) -> i64 {
    let r = send(
        "PUT",
        &format!("{url}/api/v1/respondent/pages/{page}"),
        Some(token),
        &json!({ "version": version, "answers": answers }),
    );
    assert_eq!(r.status, 200, "save of {page}: {}", r.body);
    r.body["version"].as_i64().unwrap()
}

/// Answers the first four pages, then saves the last one with a new comment each time until
/// the server stops answering (or `stop` is set).
fn keep_saving(
    url: String,
    letter: Letter,
    answered: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
) -> Trail {
    let token = respondent_token(&url, &letter.code);
    let mut version = 0;
    for (page, answers) in five_pages().into_iter().take(4) {
        version = save(&url, &token, &page, version, &answers);
    }
    let agent = ureq::agent();
    let mut trail = Trail {
        letter,
        acknowledged: None,
        unanswered: None,
    };
    for n in 0.. {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let comment = format!("{} says {n}", trail.letter.person_id);
        let reply = agent
            .put(&format!("{url}/api/v1/respondent/pages/p_end"))
            .set("Authorization", &format!("Bearer {token}"))
            .send_json(json!({ "version": version, "answers": { "comments": comment } }));
        match reply {
            Ok(response) => {
                let body: Value = response.into_json().expect("a save's reply is JSON");
                version = body["version"].as_i64().unwrap();
                trail.acknowledged = Some((version, comment));
                answered.fetch_add(1, Ordering::SeqCst);
            }
            Err(ureq::Error::Status(status, response)) => {
                panic!("save answered {status}: {:?}", response.into_string())
            }
            Err(ureq::Error::Transport(_)) => {
                trail.unanswered = Some(comment);
                break;
            }
        }
    }
    trail
}

/// The last page's version and comment as the restarted server has them, after a new login.
fn stored_last_page(svar: &Svar, letter: &Letter) -> (i64, Value, Value) {
    let token = respondent_token(&svar.url, &letter.code);
    let page = |id: &str| {
        let r = get(
            &format!("{}/api/v1/respondent/pages/{id}", svar.url),
            Some(&token),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    };
    let end = page("p_end");
    let about = page("p_about");
    (
        end["version"].as_i64().unwrap(),
        end["answers"]["comments"].clone(),
        about["answers"].clone(),
    )
}

#[test]
fn every_acknowledged_save_survives_a_killed_server() {
    for mut svar in servers() {
        let backend = svar.backend_name();
        let answered = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let savers: Vec<_> = svar.letters[..RESPONDENTS]
            .iter()
            .map(|letter| {
                let (url, letter) = (svar.url.clone(), letter.clone());
                let (answered, stop) = (Arc::clone(&answered), Arc::clone(&stop));
                std::thread::spawn(move || keep_saving(url, letter, answered, stop))
            })
            .collect();
        let deadline = Instant::now() + Duration::from_secs(60);
        while answered.load(Ordering::SeqCst) < SAVES_BEFORE_THE_KILL {
            assert!(
                Instant::now() < deadline,
                "{backend}: the saves did not get going"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        svar.crash();
        // No respondent may start a save on the restarted server: each one stops at its
        // first failed request or, if it had none in flight, at this flag.
        stop.store(true, Ordering::SeqCst);
        let trails: Vec<Trail> = savers.into_iter().map(|s| s.join().unwrap()).collect();
        svar.restart();

        let about = &five_pages()[0].1;
        for trail in &trails {
            let (version, comment) = trail
                .acknowledged
                .clone()
                .unwrap_or_else(|| panic!("{backend}: every respondent had a save answered"));
            let (stored_version, stored_comment, stored_about) =
                stored_last_page(&svar, &trail.letter);
            let acknowledged_kept = stored_version == version && stored_comment == comment;
            let unanswered_kept = trail.unanswered.as_ref().is_some_and(|unanswered| {
                stored_version == version + 1 && stored_comment == *unanswered
            });
            assert!(
                acknowledged_kept || unanswered_kept,
                "{backend}: the server said version {version} with {comment:?}, and after the \
                 crash has version {stored_version} with {stored_comment}"
            );
            for (name, answer) in about.as_object().unwrap() {
                assert_eq!(
                    &stored_about[name], answer,
                    "{backend}: {name} of the first page is intact"
                );
            }
        }
    }
}
