//! The contact plan through the management API, on both backends: a plan is checked whole and
//! a refused one changes nothing; a step sent now writes its contacts, which the worker sends
//! and the lists and a case's history show; the opt-out link declines and stops what was
//! pending; returned mail stops letters, not e-mail; print batches give the same letters and
//! codes on every download until they are handed over, and a step makes at most one a day
//! unless a manager sends it now. The worker runs as `svar worker --once`,
//! with e-mail going to a folder (the embedded default).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::Path;
use support::demo_sample::with_email;
use support::http::{download, get, post_empty, send, Reply};
use support::manager::{add_user, api_get, api_send, token};
use support::multipart::{self, part};
use support::smtp::Mail;
use support::{api_servers, noon_in, respondent_token, worker_once, Svar};
use svar_core::accounts::Role;

struct Team {
    admin: String,
    viewer: String,
}

fn team(svar: &Svar) -> Team {
    add_user(svar, "admin@svar.invalid", Role::Admin);
    add_user(svar, "viewer@svar.invalid", Role::Viewer);
    let viewer_id = {
        let mut conn = svar.db.pool.get().unwrap();
        let email = svar_core::accounts::Email::parse("viewer@svar.invalid").unwrap();
        svar_core::db::users::find_by_email(&mut conn, &email)
            .unwrap()
            .unwrap()
            .id
    };
    svar_core::db::grants::grant(&mut svar.db.pool.get().unwrap(), viewer_id, svar.survey_id)
        .unwrap();
    Team {
        admin: token(svar, "admin@svar.invalid"),
        viewer: token(svar, "viewer@svar.invalid"),
    }
}

fn plan_path(svar: &Svar) -> String {
    format!("/api/v1/surveys/{}/contact-plan", svar.survey_id)
}

/// A plan: an invitation letter on day 0 to everyone, an e-mail reminder a week after it, and a
/// letter to the Africa stratum two weeks in.
fn good_plan() -> Value {
    json!({"steps": [
        {"name": "invitation", "channel": "letter", "after": "fielding", "days": 0,
         "targets": "not_submitted",
         "templates": {"sv": {"body": "Hej {{name}}! Din kod: {{code}} {{link}}"},
                       "ar": {"body": "مرحبا {{name}}، رمزك {{code}} {{link}}"}}},
        {"name": "reminder-1", "channel": "email", "after": "previous", "days": 7,
         "targets": "not_submitted",
         "templates": {"sv": {"subject": "Påminnelse: {{survey}}",
                              "body": "Hej {{name}}!\n\nKod: {{code}}\n{{link}}\n\nAvstå: {{opt_out}}"},
                       "en": {"subject": "Reminder: {{survey}}",
                              "body": "Hello {{name}},\n\nCode: {{code}}\n{{link}}\n\nOpt out: {{opt_out}}"}}},
        {"name": "letter-afr", "channel": "letter", "after": "fielding", "days": 14,
         "targets": "not_started", "strata": ["AFR"],
         "templates": {"sv": {"body": "Hej igen {{name}}. {{code}} {{link}}"}}}
    ]})
}

fn put_plan(svar: &Svar, token: &str, plan: &Value) -> Reply {
    api_send(svar, "PUT", &plan_path(svar), Some(token), plan)
}

#[test]
fn a_plan_is_checked_whole_and_a_refused_one_changes_nothing() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        let t = team(&svar);
        let saved = put_plan(&svar, &t.admin, &good_plan());
        assert_eq!(saved.status, 200, "{ctx}: {}", saved.body);
        assert_eq!(saved.body["time_zone"], "Europe/Stockholm");
        assert_eq!(
            saved.body["quiet_hours"],
            json!({"start": "21:00", "end": "08:00"})
        );
        let stored = api_get(&svar, &plan_path(&svar), Some(&t.viewer));
        assert_eq!(stored.status, 200, "a viewer reads the plan");
        assert_eq!(stored.body, saved.body);

        // Each broken plan is a 422 naming the step and field, and the plan stays as it was.
        let refusals: [(&str, Value, &str, &str, &str); 6] = [
            (
                "/steps/1/templates/sv/body",
                json!("Hej {{namn}}"),
                "reminder-1",
                "steps[1].templates.sv.body",
                "placeholder",
            ),
            (
                "/steps/0/templates",
                json!({"en": {"body": "{{code}}"}}),
                "invitation",
                "steps[0].templates.sv",
                "missing-default-language",
            ),
            (
                "/steps/2/name",
                json!("invitation"),
                "invitation",
                "steps[2].name",
                "duplicate",
            ),
            (
                "/steps/0/after",
                json!("letter-afr"),
                "invitation",
                "steps[0].after",
                "later-step",
            ),
            (
                "/steps/2/strata",
                json!(["XX"]),
                "letter-afr",
                "steps[2].strata[0]",
                "unknown-stratum",
            ),
            (
                "/steps/1/channel",
                json!("sms"),
                "reminder-1",
                "steps[1].channel",
                "unsupported",
            ),
        ];
        for (pointer, value, item, field, code) in refusals {
            let mut plan = good_plan();
            *plan.pointer_mut(pointer).unwrap() = value;
            let r = put_plan(&svar, &t.admin, &plan);
            assert_eq!(r.status, 422, "{ctx} {pointer}: {}", r.body);
            assert_eq!(
                r.body["type"],
                "https://svar.invalid/problems/contact-plan-refused"
            );
            let e = &r.body["errors"][0];
            assert_eq!(
                (e["item"].as_str(), e["field"].as_str(), e["code"].as_str()),
                (Some(item), Some(field), Some(code)),
                "{ctx} {pointer}: {}",
                r.body
            );
            assert_eq!(
                api_get(&svar, &plan_path(&svar), Some(&t.admin)).body,
                saved.body
            );
        }
        // Several errors at once, each reported.
        let mut plan = good_plan();
        plan["steps"][0]["days"] = json!(-1);
        plan["steps"][1]["targets"] = json!("everyone");
        plan["quiet_hours"] = json!({"start": "25:00", "end": "08:00"});
        let r = put_plan(&svar, &t.admin, &plan);
        assert_eq!(r.status, 422);
        assert_eq!(r.body["errors"].as_array().unwrap().len(), 3, "{}", r.body);
        // A field of the wrong type, or one the plan does not have, is refused by name.
        let mut plan = good_plan();
        plan["steps"][0]["when"] = json!("soon");
        let r = put_plan(&svar, &t.admin, &plan);
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(
            api_get(&svar, &plan_path(&svar), Some(&t.admin)).body,
            saved.body
        );
        // A viewer may not change it.
        assert_eq!(put_plan(&svar, &t.viewer, &good_plan()).status, 403);
    }
}

/// The number of demo cases of `stratum` (any, when `None`) with an e-mail address.
fn demo_cases_with_email(stratum: Option<&str>) -> usize {
    with_email(stratum).len()
}

/// The messages the worker wrote to `dir`.
fn mail_in(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| Mail::parse(&std::fs::read(p).unwrap()))
        .collect()
}

fn contacts(svar: &Svar, token: &str, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!(
            "/api/v1/surveys/{}/contacts?limit=500{query}",
            svar.survey_id
        );
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let r = api_get(svar, &path, Some(token));
        assert_eq!(r.status, 200, "{}", r.body);
        items.extend(r.body["items"].as_array().unwrap().iter().cloned());
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return items,
        }
    }
}

#[test]
fn a_step_sent_now_goes_out_once_and_shows_in_the_lists_and_the_case() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        let t = team(&svar);
        let mail = svar.dir.join("sent-mail");
        let mail_env = [("SVAR_MAIL_DIR", mail.to_str().unwrap())];
        let mut plan = good_plan();
        // The reminder, for the Africa stratum only, counted from fielding a month on.
        plan["steps"][1]["after"] = json!("fielding");
        plan["steps"][1]["days"] = json!(30);
        plan["steps"][1]["strata"] = json!(["AFR"]);
        assert_eq!(put_plan(&svar, &t.admin, &plan).status, 200);
        let send_path = |step: &str| {
            format!(
                "{}/api/v1/surveys/{}/contact-plan/steps/{step}/send",
                svar.url, svar.survey_id
            )
        };
        let sent = post_empty(&send_path("reminder-1"), Some(&t.admin));
        assert_eq!(sent.status, 202, "{ctx}: {}", sent.body);
        let expected = demo_cases_with_email(Some("AFR"));
        assert!(expected > 10);
        assert_eq!(sent.body["scheduled"], expected, "{ctx}");
        // Sent again: nobody gets a second one.
        assert_eq!(
            post_empty(&send_path("reminder-1"), Some(&t.admin)).body["scheduled"],
            0
        );
        assert_eq!(
            post_empty(&send_path("reminder-1"), Some(&t.viewer)).status,
            403
        );
        assert_eq!(
            post_empty(&send_path("nonesuch"), Some(&t.admin)).status,
            404
        );

        let pending = contacts(&svar, &t.viewer, "&step=reminder-1&state=pending");
        assert_eq!(pending.len(), expected, "{ctx}");
        assert!(pending
            .iter()
            .all(|c| c["channel"] == "email" && c["attempts"] == 0));

        // Today at noon the worker sends them (and the invitation letters fall due: a batch).
        let printed = worker_once(&svar, &noon_in(1), &mail_env);
        assert!(
            printed.contains(&format!("{expected} sent")),
            "{ctx}: {printed}"
        );
        let messages = mail_in(&mail);
        assert_eq!(messages.len(), expected, "{ctx}");
        let ids: HashSet<String> = messages.iter().map(Mail::message_id).collect();
        assert_eq!(ids.len(), expected, "one Message-ID per message");
        let sent_items = contacts(&svar, &t.admin, "&step=reminder-1&state=sent");
        assert_eq!(sent_items.len(), expected);
        assert!(sent_items
            .iter()
            .all(|c| c["attempts"] == 1 && c["sent_at"].is_string()));
        // The list of all steps also has the invitation letters, in a batch.
        let letters = contacts(&svar, &t.admin, "&step=invitation");
        assert_eq!(letters.len(), svar.letters.len(), "{ctx}");
        assert!(letters
            .iter()
            .all(|c| c["batch_id"].is_i64() && c["state"] == "sent"));
        // Another pass sends nothing again.
        let again = worker_once(&svar, &noon_in(1), &mail_env);
        assert!(again.contains("0 sent"), "{again}");
        assert_eq!(mail_in(&mail).len(), expected);

        // A case's history shows its contacts.
        let case_id = sent_items[0]["case_id"].as_i64().unwrap();
        let case = api_get(
            &svar,
            &format!("/api/v1/surveys/{}/cases/{case_id}", svar.survey_id),
            Some(&t.viewer),
        );
        let steps: Vec<&str> = case.body["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["step"].as_str().unwrap())
            .collect();
        assert!(
            steps.contains(&"reminder-1") && steps.contains(&"invitation"),
            "{steps:?}"
        );
        // A bad filter is named.
        let bad = api_get(
            &svar,
            &format!("/api/v1/surveys/{}/contacts?state=lost", svar.survey_id),
            Some(&t.admin),
        );
        assert_eq!(
            (bad.status, bad.body["errors"][0]["field"].as_str()),
            (422, Some("state"))
        );
    }
}

/// The opt-out link of a message.
fn opt_out_link(mail: &Mail) -> String {
    let header = mail.header("list-unsubscribe").unwrap();
    header.trim_matches(['<', '>']).to_string()
}

#[test]
fn the_opt_out_link_declines_and_cancels_what_was_pending() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        let t = team(&svar);
        let mail = svar.dir.join("sent-mail");
        let mut plan = good_plan();
        plan["steps"][1]["after"] = json!("fielding");
        plan["steps"][1]["days"] = json!(0);
        plan["steps"][2].as_object_mut().unwrap().remove("strata");
        assert_eq!(put_plan(&svar, &t.admin, &plan).status, 200);
        worker_once(
            &svar,
            &noon_in(1),
            &[("SVAR_MAIL_DIR", mail.to_str().unwrap())],
        );
        let messages = mail_in(&mail);
        assert_eq!(messages.len(), demo_cases_with_email(None), "{ctx}");
        let message = &messages[0];
        let link = opt_out_link(message);
        assert!(
            link.starts_with(&format!("{}/opt-out/", svar.url)),
            "{link}"
        );
        assert_eq!(
            message.header("list-unsubscribe-post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        // The case has a letter still to come: the Africa letter, sent now, so it is pending.
        let case_id = message.attempt_id();
        let case_id = {
            let conn = &mut svar.db.pool.get().unwrap();
            let rows = svar_core::db::contact_attempts::email_recipients(conn, &[case_id]).unwrap();
            rows[0].case_id
        };
        let case_path = format!("/api/v1/surveys/{}/cases/{case_id}", svar.survey_id);
        // Following the link only asks.
        let page = get(&link, None);
        assert_eq!(page.status, 200);
        assert_eq!(
            api_get(&svar, &case_path, Some(&t.admin)).body["state"],
            "new"
        );
        // Confirming declines, once, and no more contact goes out.
        let pending_before = schedule_more_for(&svar, &t.admin, case_id);
        let confirmed = send("POST", &link, None, &json!({}));
        assert_eq!(confirmed.status, 200, "{ctx}");
        let case = api_get(&svar, &case_path, Some(&t.admin)).body;
        assert_eq!(
            (case["state"].as_str(), case["disposition"].as_str()),
            (Some("declined"), Some("2.111"))
        );
        let kinds: Vec<&str> = case["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["opt_out"], "{ctx}");
        let states: Vec<&str> = case["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| pending_before.contains(&c["id"].as_i64().unwrap()))
            .map(|c| c["state"].as_str().unwrap())
            .collect();
        assert!(
            !states.is_empty() && states.iter().all(|s| *s == "cancelled"),
            "{states:?}"
        );
        // A mail client's one-click POST, again: the same page, nothing changes.
        let one_click = ureq::post(&link)
            .set("Content-Type", "application/x-www-form-urlencoded")
            .send_string("List-Unsubscribe=One-Click")
            .unwrap();
        assert_eq!(one_click.status(), 200);
        assert_eq!(
            api_get(&svar, &case_path, Some(&t.admin)).body["events"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        // A token made up for another case opens nothing.
        let forged = link.replacen(
            &format!("/opt-out/{case_id}-"),
            &format!("/opt-out/{}-", case_id + 1),
            1,
        );
        assert_eq!(get(&forged, None).status, 404);
        assert_eq!(send("POST", &forged, None, &json!({})).status, 404);
    }
}

/// Makes the letter step `letter-afr` pending by sending it now; returns the ids of the case's
/// pending contacts.
fn schedule_more_for(svar: &Svar, token: &str, case_id: i64) -> Vec<i64> {
    let url = format!(
        "{}/api/v1/surveys/{}/contact-plan/steps/letter-afr/send",
        svar.url, svar.survey_id
    );
    assert_eq!(post_empty(&url, Some(token)).status, 202);
    let case = api_get(
        svar,
        &format!("/api/v1/surveys/{}/cases/{case_id}", svar.survey_id),
        Some(token),
    );
    case.body["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["state"] == "pending")
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn returned_mail_stops_letters_but_not_e_mail() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        let t = team(&svar);
        let mut plan = good_plan();
        // Both a letter and an e-mail pending for everyone.
        plan["steps"][1]["after"] = json!("fielding");
        plan["steps"][1]["days"] = json!(0);
        plan["steps"][2].as_object_mut().unwrap().remove("strata");
        assert_eq!(put_plan(&svar, &t.admin, &plan).status, 200);
        for step in ["reminder-1", "letter-afr"] {
            let url = format!(
                "{}/api/v1/surveys/{}/contact-plan/steps/{step}/send",
                svar.url, svar.survey_id
            );
            assert_eq!(post_empty(&url, Some(&t.admin)).status, 202);
        }
        // A person with an e-mail address, and one id the survey does not have.
        let by_person = svar.letters_by_person();
        let person = first_person_with_email();
        assert!(by_person.contains_key(&person));
        let csv = format!("person_id,reason\n{person},moved\nNOBODY,unknown\n");
        let url = format!(
            "{}/api/v1/surveys/{}/returned-mail",
            svar.url, svar.survey_id
        );
        let upload = |token: &str| {
            multipart::post(
                &url,
                Some(token),
                &[part("file", "returned.csv", "text/csv", csv.as_bytes())],
            )
        };
        assert_eq!(upload(&t.viewer).status, 403);
        let r = upload(&t.admin);
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);
        assert_eq!(
            r.body,
            json!({"marked": 1, "unchanged": 0, "unknown": ["NOBODY"]})
        );
        let case_id = case_of_person(&svar, &t.admin, &person);
        let case = api_get(
            &svar,
            &format!("/api/v1/surveys/{}/cases/{case_id}", svar.survey_id),
            Some(&t.admin),
        )
        .body;
        assert_eq!(case["manual_disposition"], "3.30");
        let state_of = |step: &str| {
            case["contacts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["step"] == step)
                .map(|c| c["state"].as_str().unwrap().to_string())
        };
        assert_eq!(
            state_of("letter-afr").as_deref(),
            Some("cancelled"),
            "{ctx}"
        );
        assert_eq!(
            state_of("reminder-1").as_deref(),
            Some("pending"),
            "e-mail still goes"
        );
        // The same file again changes nothing; a file without the column is refused.
        assert_eq!(upload(&t.admin).body["unchanged"], 1);
        let bad = multipart::post(
            &url,
            Some(&t.admin),
            &[part("file", "x.csv", "text/csv", b"id\nP1\n")],
        );
        assert_eq!(
            (bad.status, bad.body["errors"][0]["code"].as_str()),
            (422, Some("missing_column"))
        );
        // The worker's batch leaves the person out; the e-mail reaches them.
        let mail = svar.dir.join("sent-mail");
        worker_once(
            &svar,
            &noon_in(1),
            &[("SVAR_MAIL_DIR", mail.to_str().unwrap())],
        );
        let letters_batch = contacts(&svar, &t.admin, "&step=letter-afr&state=sent");
        assert!(letters_batch.iter().all(|c| c["case_id"] != case_id));
        assert_eq!(letters_batch.len(), svar.letters.len() - 1, "{ctx}");
        assert!(contacts(&svar, &t.admin, "&step=reminder-1&state=sent")
            .iter()
            .any(|c| c["case_id"] == case_id));
    }
}

fn first_person_with_email() -> String {
    with_email(None)[0].person_id.clone()
}

fn case_of_person(svar: &Svar, token: &str, person: &str) -> i64 {
    let mut path = format!("/api/v1/surveys/{}/cases?limit=500", svar.survey_id);
    loop {
        let page = api_get(svar, &path, Some(token));
        let items = page.body["items"].as_array().unwrap();
        if let Some(c) = items.iter().find(|c| c["person_id"] == person) {
            return c["id"].as_i64().unwrap();
        }
        let next = page.body["next_cursor"]
            .as_str()
            .expect("the person's case");
        path = format!(
            "/api/v1/surveys/{}/cases?limit=500&cursor={next}",
            svar.survey_id
        );
    }
}

#[test]
fn a_print_batch_gives_the_same_letters_until_it_is_handed_over() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        let t = team(&svar);
        assert_eq!(put_plan(&svar, &t.admin, &good_plan()).status, 200);
        worker_once(&svar, &noon_in(1), &[]);
        let batches = api_get(
            &svar,
            &format!("/api/v1/surveys/{}/print-batches", svar.survey_id),
            Some(&t.viewer),
        );
        let items = batches.body["items"].as_array().unwrap().clone();
        // The invitation batch the harness's `svar letters` made, and the plan's letter step.
        let steps: Vec<&str> = items.iter().map(|b| b["step"].as_str().unwrap()).collect();
        assert_eq!(steps, ["_invitation", "invitation"], "{ctx}");
        let batch = &items[1];
        assert_eq!(batch["letters"], svar.letters.len());
        let base = format!(
            "{}/api/v1/surveys/{}/print-batches/{}",
            svar.url,
            svar.survey_id,
            batch["id"].as_i64().unwrap()
        );
        let first = download(&format!("{base}/letters.csv"), &t.admin);
        assert_eq!(first.status, 200, "{ctx}");
        let second = download(&format!("{base}/letters.csv"), &t.admin);
        assert_eq!(
            first.bytes, second.bytes,
            "the same letters and codes every time"
        );
        assert_eq!(
            download(&format!("{base}/letters.csv"), &t.viewer).status,
            403
        );
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(first.bytes.as_slice())
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), svar.letters.len());
        // A code of this batch opens its case, and is not one of the invitation's.
        let code = rows[0][7].to_string();
        assert!(svar.letters.iter().all(|l| l.code != code));
        respondent_token(&svar.url, &code);
        let html = download(&format!("{base}/letters.html"), &t.admin);
        assert_eq!(html.content_type, "text/html; charset=utf-8");
        let page = String::from_utf8(html.bytes).unwrap();
        assert_eq!(
            page.matches("<section class=\"letter\"").count(),
            svar.letters.len()
        );
        assert!(
            page.contains(&rows[0][7]),
            "the CSV's codes are on the pages"
        );
        assert!(
            page.contains("dir=\"rtl\""),
            "Arabic letters run right to left"
        );
        // Handed over: the codes are gone, the files too.
        let handed = post_empty(&format!("{base}/handed-over"), Some(&t.admin));
        assert_eq!(handed.status, 200, "{ctx}: {}", handed.body);
        assert!(handed.body["handed_over_at"].is_string());
        assert_eq!(
            post_empty(&format!("{base}/handed-over"), Some(&t.admin)).status,
            200
        );
        for file in ["letters.csv", "letters.html"] {
            assert_eq!(
                download(&format!("{base}/{file}"), &t.admin).status,
                410,
                "{file}"
            );
        }
        respondent_token(&svar.url, &code);

        // The invitation file: the same every time, and no new codes drawn by asking again.
        let codes_before = count_codes(&svar);
        let invitation = format!("{}/api/v1/surveys/{}/letters.csv", svar.url, svar.survey_id);
        let a = download(&invitation, &t.admin);
        let b = download(&invitation, &t.admin);
        assert_eq!((a.status, a.bytes == b.bytes), (200, true), "{ctx}");
        let head = ureq::head(&invitation)
            .set("Authorization", &format!("Bearer {}", t.admin))
            .call()
            .unwrap();
        assert_eq!(head.status(), 200);
        assert_eq!(count_codes(&svar), codes_before, "{ctx}");
        let got: Vec<String> = csv::Reader::from_reader(a.bytes.as_slice())
            .records()
            .map(|r| r.unwrap()[7].to_string())
            .collect();
        let letters: Vec<String> = svar.letters.iter().map(|l| l.code.clone()).collect();
        assert_eq!(got, letters, "the same as `svar letters` wrote");
    }
}

/// The print batches of a step.
fn batches_of(svar: &Svar, token: &str, step: &str) -> Vec<Value> {
    let r = api_get(
        svar,
        &format!("/api/v1/surveys/{}/print-batches", svar.survey_id),
        Some(token),
    );
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["step"] == step)
        .cloned()
        .collect()
}

#[test]
fn letters_falling_due_later_in_the_day_wait_for_the_next_batch_unless_sent_now() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        let t = team(&svar);
        let at = |day: i64, hour: &str| noon_in(day).replace("T11:", &format!("T{hour}:"));
        // An invitation letter; the Africa stratum's e-mail reminder the same evening; a letter
        // a week after each person's latest contact.
        let mut plan = good_plan();
        plan["steps"][1]["after"] = json!("invitation");
        plan["steps"][1]["days"] = json!(0);
        plan["steps"][1]["strata"] = json!(["AFR"]);
        plan["steps"][2] = json!({"name": "letter-2", "channel": "letter", "after": "previous",
            "days": 7, "targets": "not_submitted",
            "templates": {"sv": {"body": "Hej igen {{name}}. {{code}} {{link}}"}}});
        assert_eq!(put_plan(&svar, &t.admin, &plan).status, 200);
        worker_once(&svar, &at(1, "11"), &[]);
        let mail = svar.dir.join("sent-mail");
        let mail_env = [("SVAR_MAIL_DIR", mail.to_str().unwrap())];
        worker_once(&svar, &at(1, "17"), &mail_env);
        let evening = demo_cases_with_email(Some("AFR"));
        assert_eq!(mail_in(&mail).len(), evening, "{ctx}");

        // A week on: the letters counted from the invitation make a batch at noon; those
        // counted from the evening's e-mail fall due in the evening and wait for the next day.
        worker_once(&svar, &at(8, "12"), &[]);
        let noon = batches_of(&svar, &t.viewer, "letter-2");
        assert_eq!(noon.len(), 1, "{ctx}");
        assert_eq!(noon[0]["letters"], svar.letters.len() - evening, "{ctx}");
        worker_once(&svar, &at(8, "18"), &[]);
        worker_once(&svar, &at(9, "11"), &[]);
        assert_eq!(batches_of(&svar, &t.viewer, "letter-2").len(), 1, "{ctx}");
        let waiting = contacts(&svar, &t.viewer, "&step=letter-2&state=pending");
        assert_eq!(waiting.len(), evening, "{ctx}");
        assert!(waiting.iter().all(|c| c["batch_id"].is_null()));

        // "Send now" makes it at once.
        let send = format!(
            "{}/api/v1/surveys/{}/contact-plan/steps/letter-2/send",
            svar.url, svar.survey_id
        );
        assert_eq!(post_empty(&send, Some(&t.admin)).status, 202, "{ctx}");
        worker_once(&svar, &at(9, "11"), &[]);
        let batches = batches_of(&svar, &t.viewer, "letter-2");
        assert_eq!(batches.len(), 2, "{ctx}");
        assert_eq!(batches[1]["letters"], evening, "{ctx}");
        // Nothing left waiting: the next day makes no empty batch.
        worker_once(&svar, &at(10, "12"), &[]);
        assert_eq!(batches_of(&svar, &t.viewer, "letter-2").len(), 2, "{ctx}");
        assert!(contacts(&svar, &t.viewer, "&step=letter-2&state=pending").is_empty());
    }
}

fn count_codes(svar: &Svar) -> i64 {
    use diesel::prelude::*;
    let conn = &mut *svar.db.pool.get().unwrap();
    svar_core::db::schema::access_codes::table
        .count()
        .get_result(conn)
        .unwrap()
}
