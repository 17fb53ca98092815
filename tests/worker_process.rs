//! `svar worker` as an operator runs it: its own `/healthz`, `/readyz` and `/metrics` answer on
//! `SVAR_WORKER_LISTEN`; the API's `/metrics` counts requests by route, saves and logins; and
//! SIGTERM stops a worker in the middle of sending without leaving anything unknown: the
//! message in hand is finished, the rest of its batch is given back, and another worker sends
//! it later (PostgreSQL, where workers run apart).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use std::collections::HashSet;
use std::time::Duration;
use support::http::{get, send};
use support::manager::{add_user, api_send, token};
use support::ports::free_port;
use support::smtp::{Mail, SmtpSink};
use support::worker::{wait_until, WorkerProcess, WorkerSettings};
use support::{five_pages, respondent_token, Launch, Svar};
use svar_core::accounts::Role;
use svar_core::db::test_db::TestDatabase;

/// A plan of one e-mail to everyone with an address, at any hour.
fn invite_everyone(svar: &Svar) {
    add_user(svar, "admin@svar.invalid", Role::Admin);
    let admin = token(svar, "admin@svar.invalid");
    let plan = json!({
        "steps": [{"name": "invitation", "channel": "email", "after": "fielding", "days": 0,
                   "targets": "not_submitted",
                   "templates": {"sv": {"subject": "Inbjudan", "body": "{{code}} {{link}} {{opt_out}}"}}}],
        "quiet_hours": {"start": "00:00", "end": "00:00"}
    });
    let path = format!("/api/v1/surveys/{}/contact-plan", svar.survey_id);
    assert_eq!(
        api_send(svar, "PUT", &path, Some(&admin), &plan).status,
        200
    );
}

/// The survey's e-mail attempts by state.
fn states(svar: &Svar) -> Vec<(String, Option<String>)> {
    use diesel::prelude::*;
    use svar_core::db::schema::contact_attempts as a;
    let conn = &mut *svar.db.pool.get().unwrap();
    a::table
        .filter(a::channel.eq("email"))
        .select((a::state, a::leased_by))
        .load(conn)
        .unwrap()
}

fn count(states: &[(String, Option<String>)], state: &str) -> usize {
    states.iter().filter(|(s, _)| s == state).count()
}

#[test]
#[cfg_attr(
    any(svar_missing_aiosmtpd, svar_missing_postgres),
    ignore = "PostgreSQL and aiosmtpd (tests/support/test_tools.rs)"
)]
fn a_worker_answers_its_probes_and_stops_on_sigterm_without_losing_a_message() {
    let Some(db) = TestDatabase::postgres().unwrap() else {
        return;
    };
    // 100 ms a message: the worker is surely in the middle of a batch when it is stopped.
    let Some(sink) = SmtpSink::start_slow(100) else {
        return;
    };
    let svar = Svar::launch(
        db,
        Launch {
            command: "api",
            ..Launch::default()
        },
    );
    invite_everyone(&svar);
    let listen = format!("127.0.0.1:{}", free_port());
    let worker = WorkerProcess::start(
        &svar,
        &sink.url(),
        WorkerSettings {
            senders: 1,
            // Outcomes are recorded a batch at a time: small batches show them soon.
            batch: 5,
            listen: &listen,
            ..WorkerSettings::default()
        },
    );
    let ops = format!("http://{listen}");
    wait_until("the worker's probes", Duration::from_secs(30), || {
        ureq::get(&format!("{ops}/healthz")).call().is_ok()
    });
    assert_eq!(get(&format!("{ops}/readyz"), None).status, 200);
    let metrics = || {
        ureq::get(&format!("{ops}/metrics"))
            .call()
            .unwrap()
            .into_string()
            .unwrap()
    };
    wait_until("a batch recorded sent", Duration::from_secs(60), || {
        metrics().contains("svar_emails_total{outcome=\"sent\"}")
    });
    let metrics = metrics();
    assert!(
        metrics.contains("svar_contact_attempts{channel=\"email\",state=\"sent\"}")
            && metrics.contains("svar_emails_total{outcome=\"sent\"}")
            && metrics.contains("svar_oldest_due_email_age_seconds")
            && metrics.contains("svar_background_jobs{kind=\"print_batch\",state=\"failed\"} 0"),
        "{metrics}"
    );

    // SIGTERM mid-batch: the message in hand goes out, the rest of the batch is given back.
    let status = worker.terminate(Duration::from_secs(20));
    assert!(status.success(), "{status}");
    let after_stop = states(&svar);
    assert_eq!(count(&after_stop, "sending"), 0, "nothing left in hand");
    assert_eq!(count(&after_stop, "ambiguous"), 0, "nothing unknown");
    assert!(
        after_stop
            .iter()
            .filter(|(s, _)| s == "pending")
            .all(|(_, leased)| leased.is_none()),
        "the leases are given back"
    );
    assert_eq!(sink.messages().len(), count(&after_stop, "sent"));

    // Another worker sends the rest, each once.
    let everyone = after_stop.len();
    let other = format!("127.0.0.1:{}", free_port());
    let second = WorkerProcess::start(
        &svar,
        &sink.url(),
        WorkerSettings {
            senders: 4,
            listen: &other,
            ..WorkerSettings::default()
        },
    );
    wait_until("every e-mail sent", Duration::from_secs(600), || {
        count(&states(&svar), "sent") == everyone
    });
    second.kill();
    let delivered: Vec<i64> = sink.messages().iter().map(Mail::attempt_id).collect();
    let unique: HashSet<i64> = delivered.iter().copied().collect();
    assert_eq!((delivered.len(), unique.len()), (everyone, everyone));
}

#[test]
fn the_api_counts_requests_by_route_saves_and_logins() {
    let svar = Svar::start(TestDatabase::sqlite().unwrap());
    let token = respondent_token(&svar.url, &svar.letters[0].code);
    let (page, answers) = five_pages().remove(0);
    let saved = send(
        "PUT",
        &format!("{}/api/v1/respondent/pages/{page}", svar.url),
        Some(&token),
        &json!({"version": 0, "answers": answers}),
    );
    assert_eq!(saved.status, 200);
    let wrong = send(
        "POST",
        &format!("{}/api/v1/respondent/session", svar.url),
        None,
        &json!({"code": "K7QM-2XHD-9WBT-N"}),
    );
    assert_eq!(wrong.status, 401);
    let metrics = ureq::get(&format!("{}/metrics", svar.url))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    for line in [
        "svar_saves_total 1",
        "svar_logins_total 1",
        "svar_failed_logins_total 1",
        "svar_http_requests_total{method=\"PUT\",route=\"/api/v1/respondent/pages/{page}\",status=\"2xx\"} 1",
    ] {
        assert!(metrics.contains(line), "{line} in\n{metrics}");
    }
    // The route pattern, never the path with its ids or codes.
    assert!(!metrics.contains(&format!("/pages/{page}")), "{metrics}");
    assert!(metrics.contains("svar_http_request_duration_seconds_bucket"));
    // The outbox of the worker in `svar serve`.
    assert!(metrics.contains("svar_contact_attempts{channel=\"letter\",state=\"sent\"}"));
}
