//! E-mail through a real SMTP server on loopback (aiosmtpd, started by the test): a plan of an
//! invitation and two reminders run over a simulated clock reaches the right cases in their
//! language and nobody who submitted, declined or opted out in between (both backends); a
//! temporary refusal is tried again and sent once, a permanent one is failed and not retried,
//! and quiet hours hold (both backends); two workers at once send every message once, and a
//! worker killed with SIGKILL mid-batch leaves only ambiguous messages, never a second copy
//! (PostgreSQL, where workers run apart).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use support::demo_sample::with_email;
use support::http::{get, post_empty, send};
use support::manager::{add_user, api_get, api_send, token};
use support::smtp::{Mail, SmtpSink};
use support::worker::{wait_until, WorkerProcess, WorkerSettings};
use support::{
    api_server, five_pages, noon_in, respondent_token, run, stderr, svar_command, worker_once, Svar,
};
use svar_core::accounts::Role;
use svar_core::db::test_db::TestDatabase;

const SKIP: &str = "aiosmtpd not installed (tests/support/test_tools.rs)";

/// An SMTP server, the demo survey served by `svar api`, and an admin's token; `None` (the
/// test skips) without aiosmtpd.
fn mail_setup(db: TestDatabase) -> Option<(SmtpSink, Svar, String)> {
    let Some(sink) = SmtpSink::start() else {
        eprintln!("{SKIP}");
        return None;
    };
    let svar = api_server(db);
    let admin = admin(&svar);
    Some((sink, svar, admin))
}

fn admin(svar: &Svar) -> String {
    add_user(svar, "admin@svar.invalid", Role::Admin);
    token(svar, "admin@svar.invalid")
}

fn put_plan(svar: &Svar, token: &str, survey_id: i64, plan: &Value) {
    let r = api_send(
        svar,
        "PUT",
        &format!("/api/v1/surveys/{survey_id}/contact-plan"),
        Some(token),
        plan,
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

/// An e-mail step whose subject says the step and the language of its text, so the test can
/// tell which text each person got.
fn email_step(name: &str, after: &str, days: i64, languages: &[&str]) -> Value {
    let templates: serde_json::Map<String, Value> = languages
        .iter()
        .map(|l| {
            (
                l.to_string(),
                json!({"subject": format!("[{name} {l}] {{{{survey}}}}"),
                       "body": format!("{l}: {{{{name}}}}\n\n{{{{code}}}}\n{{{{link}}}}\n\n{{{{opt_out}}}}")}),
            )
        })
        .collect();
    json!({"name": name, "channel": "email", "after": after, "days": days,
           "targets": "not_submitted", "templates": templates})
}

/// The step and text language a message's subject names.
fn step_and_language(mail: &Mail) -> (String, String) {
    let subject = mail.header("subject").unwrap();
    let inner = subject
        .trim_start_matches('[')
        .split(']')
        .next()
        .unwrap()
        .to_string();
    let (step, language) = inner.split_once(' ').unwrap();
    (step.to_string(), language.to_string())
}

/// The code a message carries (the line after the blank line under the greeting).
fn code_in(mail: &Mail) -> String {
    mail.text
        .lines()
        .find(|l| l.len() == 16 && l.chars().filter(|c| *c == '-').count() == 3)
        .unwrap_or_else(|| panic!("no code in {:?}", mail.text))
        .to_string()
}

/// Answers every page of the demo questionnaire and submits.
fn answer_and_submit(url: &str, code: &str) {
    let token = respondent_token(url, code);
    let mut version = 0;
    for (page, answers) in five_pages() {
        let r = send(
            "PUT",
            &format!("{url}/api/v1/respondent/pages/{page}"),
            Some(&token),
            &json!({"version": version, "answers": answers}),
        );
        assert_eq!(r.status, 200, "{page}: {}", r.body);
        version = r.body["version"].as_i64().unwrap();
    }
    let r = post_empty(&format!("{url}/api/v1/respondent/submit"), Some(&token));
    assert_eq!(r.status, 200, "submit: {}", r.body);
}

#[test]
#[cfg_attr(
    svar_missing_aiosmtpd,
    ignore = "aiosmtpd not installed (tests/support/test_tools.rs)"
)]
fn an_invitation_and_two_reminders_reach_the_right_cases_in_their_language() {
    for db in TestDatabase::all().unwrap() {
        let Some((sink, svar, admin)) = mail_setup(db) else {
            return;
        };
        let ctx = svar.backend_name();
        let plan = json!({"steps": [
            email_step("invitation", "fielding", 0, &["sv", "en", "ar", "fa"]),
            email_step("reminder-1", "previous", 7, &["sv", "en", "ar"]),
            email_step("reminder-2", "previous", 7, &["sv", "en"]),
        ]});
        put_plan(&svar, &admin, svar.survey_id, &plan);
        let env = [("SVAR_SMTP_URL", sink.url())];
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let people: HashMap<String, String> = with_email(None)
            .into_iter()
            .map(|p| (p.email, p.language))
            .collect();
        let everyone = people.len();

        // Day 1: the invitation, to everyone with an address, each in their language (Somali
        // and Tigrinya get the default, Swedish), right to left for Arabic and Persian.
        let printed = worker_once(&svar, &noon_in(1), &env);
        assert!(
            printed.contains(&format!("{everyone} sent")),
            "{ctx}: {printed}"
        );
        let invitations = sink.messages();
        assert_eq!(invitations.len(), everyone, "{ctx}");
        let mut addresses = HashSet::new();
        for mail in &invitations {
            let to = mail.to_address();
            assert!(addresses.insert(to.clone()), "{to} twice");
            let language = &people[&to];
            let (step, text_language) = step_and_language(mail);
            let expected = if ["sv", "en", "ar", "fa"].contains(&language.as_str()) {
                language.as_str()
            } else {
                "sv"
            };
            assert_eq!(
                (step.as_str(), text_language.as_str()),
                ("invitation", expected),
                "{to}"
            );
            let rtl = mail.html.contains("dir=\"rtl\"");
            assert_eq!(
                rtl,
                expected == "ar" || expected == "fa",
                "{to}: {}",
                mail.html
            );
            assert!(
                mail.text.starts_with(&format!("{expected}: ")),
                "{}",
                mail.text
            );
            assert!(mail
                .header("list-unsubscribe")
                .unwrap()
                .contains("/opt-out/"));
        }
        // Three people answer in between: one submits, one declines, one opts out.
        let by_address: HashMap<String, &Mail> =
            invitations.iter().map(|m| (m.to_address(), m)).collect();
        let mut chosen = invitations.iter().map(Mail::to_address);
        let (submitter, decliner, opted) = (
            chosen.next().unwrap(),
            chosen.next().unwrap(),
            chosen.next().unwrap(),
        );
        answer_and_submit(&svar.url, &code_in(by_address[&submitter]));
        let declining = respondent_token(&svar.url, &code_in(by_address[&decliner]));
        assert_eq!(
            post_empty(
                &format!("{}/api/v1/respondent/decline", svar.url),
                Some(&declining)
            )
            .status,
            200
        );
        let link = by_address[&opted].header("list-unsubscribe").unwrap();
        let link = link.trim_matches(['<', '>']);
        assert_eq!(get(link, None).status, 200);
        assert_eq!(send("POST", link, None, &json!({})).status, 200);
        let finished: HashSet<&String> = [&submitter, &decliner, &opted].into_iter().collect();

        // Day 8: the first reminder, to everyone else; Persian has no text of its own here.
        let printed = worker_once(&svar, &noon_in(8), &env);
        assert!(
            printed.contains(&format!("{} sent", everyone - 3)),
            "{ctx}: {printed}"
        );
        let all = sink.messages();
        let reminders: Vec<&Mail> = all[everyone..].iter().collect();
        assert_eq!(reminders.len(), everyone - 3, "{ctx}");
        for mail in &reminders {
            let to = mail.to_address();
            assert!(
                !finished.contains(&to),
                "{to} answered or declined, and got a reminder"
            );
            let (step, text_language) = step_and_language(mail);
            let expected = match people[&to].as_str() {
                l @ ("sv" | "en" | "ar") => l,
                _ => "sv",
            };
            assert_eq!(
                (step.as_str(), text_language.as_str()),
                ("reminder-1", expected)
            );
            assert_ne!(
                code_in(mail),
                code_in(by_address[&to]),
                "a fresh code per message"
            );
        }
        // The earlier code still works alongside the new one.
        let someone = reminders[0].to_address();
        respondent_token(&svar.url, &code_in(by_address[&someone]));
        respondent_token(&svar.url, &code_in(reminders[0]));
        // Nothing more is due the same day.
        assert!(worker_once(&svar, &noon_in(8), &env).contains("0 sent"));

        // Day 15: the second reminder.
        worker_once(&svar, &noon_in(15), &env);
        let all = sink.messages();
        assert_eq!(all.len(), everyone + 2 * (everyone - 3), "{ctx}");
        let second: HashSet<String> = all[everyone + everyone - 3..]
            .iter()
            .map(|m| {
                assert_eq!(step_and_language(m).0, "reminder-2");
                m.to_address()
            })
            .collect();
        assert_eq!(second.len(), everyone - 3);
        assert!(finished.iter().all(|f| !second.contains(*f)));
        let ids: HashSet<String> = all.iter().map(Mail::message_id).collect();
        assert_eq!(ids.len(), all.len(), "every message its own Message-ID");
    }
}

/// A second survey of a handful of people whose addresses steer the SMTP server's answers.
fn small_survey(svar: &Svar) -> i64 {
    let dir = &svar.dir;
    let strata = "stratum,label,population,sample_size\nSE,Sverige,1000,4\n";
    let sample = "person_id,stratum,first_name,last_name,street,postcode,city,email,language\n\
                  S1,SE,Ok,Person,Gatan 1,111 11,Stad,ok.person@example.se,sv\n\
                  S2,SE,Busy,Box,Gatan 2,111 11,Stad,tempfail-1-busy@example.se,sv\n\
                  S3,SE,Gone,Box,Gatan 3,111 11,Stad,reject-gone@example.se,sv\n\
                  S4,SE,Late,Person,Gatan 4,111 11,Stad,late.person@example.se,ar\n";
    std::fs::write(dir.join("small-strata.csv"), strata).unwrap();
    std::fs::write(dir.join("small-sample.csv"), sample).unwrap();
    let mut create = svar_command(&svar.db, dir);
    create
        .args([
            "survey",
            "create",
            "--name",
            "Small",
            "--round",
            "1",
            "--questionnaire",
        ])
        .arg(support::repo().join("demo/integration-survey.xlsx"));
    let out = run(create);
    assert!(out.status.success(), "{}", stderr(&out));
    let id: i64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let mut import = svar_command(&svar.db, dir);
    import
        .args(["sample", "import", "--survey", &id.to_string(), "--strata"])
        .arg(dir.join("small-strata.csv"))
        .arg("--sample")
        .arg(dir.join("small-sample.csv"));
    let out = run(import);
    assert!(out.status.success(), "{}", stderr(&out));
    id
}

fn contacts_of(svar: &Svar, token: &str, survey_id: i64) -> HashMap<i64, Value> {
    let r = api_get(
        svar,
        &format!("/api/v1/surveys/{survey_id}/contacts?limit=500"),
        Some(token),
    );
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c.clone()))
        .collect()
}

#[test]
#[cfg_attr(
    svar_missing_aiosmtpd,
    ignore = "aiosmtpd not installed (tests/support/test_tools.rs)"
)]
fn a_busy_server_is_tried_again_a_refusal_is_final_and_quiet_hours_hold() {
    for db in TestDatabase::all().unwrap() {
        let Some((sink, svar, admin)) = mail_setup(db) else {
            return;
        };
        let ctx = svar.backend_name();
        let survey = small_survey(&svar);
        let mut late = email_step("late", "fielding", 2, &["sv", "ar"]);
        late["targets"] = json!("not_submitted");
        let plan = json!({"steps": [email_step("invitation", "fielding", 0, &["sv"]), late]});
        put_plan(&svar, &admin, survey, &plan);
        let url = sink.url();
        let env = [("SVAR_SMTP_URL", url.as_str())];

        // Noon: the good address gets it; the busy one is deferred (451); the gone one is
        // refused (550) for good, with the server's reply and no address in it.
        worker_once(&svar, &noon_in(1), &env);
        assert_eq!(
            sink.messages().len(),
            2,
            "{ctx}: ok and (Arabic) late-person's invitation"
        );
        let by_case = |items: &HashMap<i64, Value>, step: &str, nth_case: usize| -> Value {
            let mut of_step: Vec<&Value> = items.values().filter(|c| c["step"] == step).collect();
            of_step.sort_by_key(|c| c["case_id"].as_i64());
            of_step[nth_case].clone()
        };
        let items = contacts_of(&svar, &admin, survey);
        let busy = by_case(&items, "invitation", 1);
        assert_eq!(
            (busy["state"].as_str(), busy["attempts"].as_i64()),
            (Some("pending"), Some(1)),
            "{ctx}"
        );
        assert!(busy["error"].as_str().unwrap().contains("451"), "{busy}");
        let gone = by_case(&items, "invitation", 2);
        assert_eq!(gone["state"], "failed", "{ctx}");
        let reason = gone["error"].as_str().unwrap();
        assert!(reason.contains("550") && !reason.contains('@'), "{reason}");

        // A minute and a half later the busy server takes it: sent once. The refusal stays.
        let later = format!("{}T11:01:30Z", &noon_in(1)[..10]);
        worker_once(&svar, &later, &env);
        let messages = sink.messages();
        let to_busy: Vec<&Mail> = messages
            .iter()
            .filter(|m| m.to_address().starts_with("tempfail-"))
            .collect();
        assert_eq!(to_busy.len(), 1, "{ctx}");
        let items = contacts_of(&svar, &admin, survey);
        let busy = by_case(&items, "invitation", 1);
        assert_eq!(
            (busy["state"].as_str(), busy["attempts"].as_i64()),
            (Some("sent"), Some(2))
        );
        let gone = by_case(&items, "invitation", 2);
        assert_eq!(
            (gone["state"].as_str(), gone["attempts"].as_i64()),
            (Some("failed"), Some(1))
        );
        assert!(messages
            .iter()
            .all(|m| !m.to_address().starts_with("reject-")));

        // Day 3, 22:30 UTC: the late step falls due in quiet hours and waits until 08:00 in
        // Stockholm; a pass a minute before sends nothing, a pass then sends it.
        let day = &noon_in(3)[..10];
        let before = sink.messages().len();
        worker_once(&svar, &format!("{day}T22:30:00Z"), &env);
        assert_eq!(
            sink.messages().len(),
            before,
            "{ctx}: nothing in quiet hours"
        );
        let items = contacts_of(&svar, &admin, survey);
        let waiting = by_case(&items, "late", 0);
        assert_eq!(waiting["state"], "pending");
        let due =
            chrono::DateTime::parse_from_rfc3339(waiting["next_try_at"].as_str().unwrap()).unwrap();
        let local = due.with_timezone(&chrono_tz::Europe::Stockholm);
        assert_eq!(local.format("%H:%M").to_string(), "08:00", "{ctx}: {due}");
        assert!(
            due.timestamp()
                > chrono::DateTime::parse_from_rfc3339(&format!("{day}T22:30:00Z"))
                    .unwrap()
                    .timestamp()
        );
        let minute_before = (due - chrono::Duration::minutes(1)).to_rfc3339();
        worker_once(&svar, &minute_before, &env);
        assert_eq!(sink.messages().len(), before, "{ctx}: still quiet at 07:59");
        worker_once(&svar, &due.to_rfc3339(), &env);
        let after = sink.messages();
        assert_eq!(
            after.len(),
            before + 3,
            "{ctx}: ok, busy and late get the late step"
        );
        let arabic = after
            .iter()
            .find(|m| {
                m.to_address() == "late.person@example.se" && step_and_language(m).0 == "late"
            })
            .unwrap();
        assert!(arabic.html.contains("dir=\"rtl\""));
    }
}

/// The survey's attempts by state (and the distinct workers that sent them).
fn outbox(svar: &Svar) -> (HashMap<String, i64>, usize) {
    use diesel::prelude::*;
    use svar_core::db::schema::contact_attempts as a;
    let conn = &mut *svar.db.pool.get().unwrap();
    let rows: Vec<(String, Option<String>)> = a::table
        .filter(a::survey_id.eq(svar.survey_id))
        .filter(a::channel.eq("email"))
        .select((a::state, a::leased_by))
        .load(conn)
        .unwrap();
    let mut by_state = HashMap::new();
    let mut workers = HashSet::new();
    for (state, worker) in rows {
        if state == "sent" {
            workers.extend(worker);
        }
        *by_state.entry(state).or_insert(0) += 1;
    }
    (by_state, workers.len())
}

/// The ids of the e-mail attempts in a state.
fn attempts_in(svar: &Svar, state: &str) -> HashSet<i64> {
    use diesel::prelude::*;
    use svar_core::db::schema::contact_attempts as a;
    let conn = &mut *svar.db.pool.get().unwrap();
    a::table
        .filter(a::survey_id.eq(svar.survey_id))
        .filter(a::channel.eq("email"))
        .filter(a::state.eq(state))
        .select(a::id)
        .load::<i64>(conn)
        .unwrap()
        .into_iter()
        .collect()
}

#[test]
#[cfg_attr(
    any(svar_missing_aiosmtpd, svar_missing_postgres),
    ignore = "PostgreSQL and aiosmtpd (tests/support/test_tools.rs)"
)]
fn two_workers_at_once_send_every_message_exactly_once() {
    let Some(db) = TestDatabase::postgres().unwrap() else {
        return;
    };
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let svar = api_server(db);
    let admin = admin(&svar);
    // No quiet hours: the workers run on the wall clock, whatever the hour.
    let plan = json!({"steps": [email_step("invitation", "fielding", 0, &["sv", "en", "ar", "fa"])],
                      "quiet_hours": {"start": "00:00", "end": "00:00"}});
    put_plan(&svar, &admin, svar.survey_id, &plan);
    let everyone = with_email(None).len();
    let workers = [
        WorkerProcess::start(&svar, &sink.url(), WorkerSettings::default()),
        WorkerProcess::start(&svar, &sink.url(), WorkerSettings::default()),
    ];
    wait_until("every e-mail sent", Duration::from_secs(120), || {
        outbox(&svar).0.get("sent").copied().unwrap_or(0) == everyone as i64
    });
    // A little longer: a duplicate would arrive now.
    std::thread::sleep(Duration::from_secs(2));
    for w in workers {
        w.kill();
    }
    let messages = sink.messages();
    assert_eq!(messages.len(), everyone);
    let attempts: HashSet<i64> = messages.iter().map(Mail::attempt_id).collect();
    assert_eq!(attempts.len(), everyone, "no attempt twice");
    assert_eq!(attempts, attempts_in(&svar, "sent"));
    let (_, senders) = outbox(&svar);
    assert_eq!(senders, 2, "both workers sent");
}

#[test]
#[cfg_attr(
    any(svar_missing_aiosmtpd, svar_missing_postgres),
    ignore = "PostgreSQL and aiosmtpd (tests/support/test_tools.rs)"
)]
fn a_worker_killed_mid_batch_leaves_ambiguous_messages_never_a_second_copy() {
    let Some(db) = TestDatabase::postgres().unwrap() else {
        return;
    };
    // 20 ms a message: a batch of 10 takes a fifth of a second, well within half the lease.
    let Some(sink) = SmtpSink::start_slow(20) else {
        return;
    };
    let svar = api_server(db);
    let admin = admin(&svar);
    // No quiet hours: the workers run on the wall clock, whatever the hour.
    let plan = json!({"steps": [email_step("invitation", "fielding", 0, &["sv", "en", "ar", "fa"])],
                      "quiet_hours": {"start": "00:00", "end": "00:00"}});
    put_plan(&svar, &admin, svar.survey_id, &plan);
    let everyone = with_email(None).len();
    let short_lease = || WorkerSettings {
        lease_seconds: 2,
        batch: 10,
        ..WorkerSettings::default()
    };
    let first = WorkerProcess::start(&svar, &sink.url(), short_lease());
    wait_until("some e-mail sent", Duration::from_secs(60), || {
        sink.messages().len() >= 60
    });
    // SIGKILL: no shutdown, the batches in hand cut off.
    first.kill();
    let cut_at = sink.messages().len();
    assert!(cut_at < everyone, "killed before the end");
    let second = WorkerProcess::start(&svar, &sink.url(), short_lease());
    wait_until(
        "every e-mail sent or counted ambiguous",
        Duration::from_secs(180),
        || {
            let (states, _) = outbox(&svar);
            !states.contains_key("pending") && !states.contains_key("sending")
        },
    );
    second.kill();
    let (states, _) = outbox(&svar);
    let ambiguous = attempts_in(&svar, "ambiguous");
    let sent = attempts_in(&svar, "sent");
    // Two senders, batches of 10.
    let in_hand = 2 * 10;
    assert!(
        ambiguous.len() <= in_hand,
        "at most the batch in hand of each of its two senders: {states:?}"
    );
    assert_eq!(sent.len() + ambiguous.len(), everyone, "{states:?}");
    eprintln!(
        "a worker killed after {cut_at} of {everyone} e-mails left {} ambiguous",
        ambiguous.len()
    );
    let messages = sink.messages();
    let delivered: Vec<i64> = messages.iter().map(Mail::attempt_id).collect();
    let unique: HashSet<i64> = delivered.iter().copied().collect();
    assert_eq!(unique.len(), delivered.len(), "no message twice");
    assert!(
        sent.is_subset(&unique),
        "every attempt counted sent was delivered"
    );
    assert!(unique.is_subset(&sent.union(&ambiguous).copied().collect()));
}
