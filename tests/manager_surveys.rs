//! Survey rounds through the management API against a real server, on SQLite and on
//! PostgreSQL: who may do what, the state rules, uploads that are refused without changing
//! anything, and a whole round from an empty draft to letters, a respondent's login and close.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::http::{send, Reply};
use support::manager::{add_user, api_get, api_send, token};
use support::multipart::{self, part, Part};
use support::{repo, servers, Svar};
use svar_core::accounts::Role;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn demo_file(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("demo").join(name)).unwrap()
}

fn fixture_form(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("core/tests/fixtures/forms").join(name)).unwrap()
}

fn upload(svar: &Svar, path: &str, token: Option<&str>, parts: &[Part]) -> Reply {
    multipart::post(&format!("{}{path}", svar.url), token, parts)
}

fn upload_questionnaire(svar: &Svar, id: i64, token: &str, name: &str, bytes: &[u8]) -> Reply {
    let path = format!("/api/v1/surveys/{id}/questionnaire");
    upload(svar, &path, Some(token), &[part("file", name, XLSX, bytes)])
}

fn upload_sample(svar: &Svar, id: i64, token: &str, strata: &[u8], sample: &[u8]) -> Reply {
    let path = format!("/api/v1/surveys/{id}/sample");
    let parts = [
        part("strata", "strata.csv", "text/csv", strata),
        part("sample", "sample.csv", "text/csv", sample),
    ];
    upload(svar, &path, Some(token), &parts)
}

fn create(svar: &Svar, token: &str, name: &str, round: i64) -> Reply {
    let body = json!({ "name": name, "round": round });
    api_send(svar, "POST", "/api/v1/surveys", Some(token), &body)
}

fn created_id(svar: &Svar, token: &str, name: &str, round: i64) -> i64 {
    let r = create(svar, token, name, round);
    assert_eq!(r.status, 201, "{}: {}", svar.backend_name(), r.body);
    r.body["id"].as_i64().unwrap()
}

fn set_state(svar: &Svar, id: i64, token: &str, state: &str) -> Reply {
    let path = format!("/api/v1/surveys/{id}/state");
    api_send(svar, "POST", &path, Some(token), &json!({ "state": state }))
}

fn survey(svar: &Svar, id: i64, token: &str) -> Value {
    let r = api_get(svar, &format!("/api/v1/surveys/{id}"), Some(token));
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

/// Polls a job until it has ended; returns its last state.
fn finished_job(svar: &Svar, job: i64, token: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let r = api_get(svar, &format!("/api/v1/jobs/{job}"), Some(token));
        assert_eq!(r.status, 200, "{}", r.body);
        if r.body["state"] != "running" {
            return r.body;
        }
        assert!(Instant::now() < deadline, "job {job} still running");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// An admin, a manager, a second manager and a viewer (granted `survey`'s round later).
struct People {
    admin: String,
    manager: String,
    other: String,
    viewer: String,
    viewer_id: i64,
}

fn people(svar: &Svar) -> People {
    add_user(svar, "admin@scb.se", Role::Admin);
    add_user(svar, "manager@scb.se", Role::Manager);
    add_user(svar, "other@scb.se", Role::Manager);
    let viewer_id = add_user(svar, "viewer@scb.se", Role::Viewer);
    People {
        admin: token(svar, "admin@scb.se"),
        manager: token(svar, "manager@scb.se"),
        other: token(svar, "other@scb.se"),
        viewer: token(svar, "viewer@scb.se"),
        viewer_id,
    }
}

fn grant(svar: &Svar, admin: &str, survey: i64, user: i64) {
    let path = format!("/api/v1/surveys/{survey}/grants/{user}");
    let r = api_send(svar, "PUT", &path, Some(admin), &json!({}));
    assert!(r.status == 201 || r.status == 200, "{}", r.body);
}

/// The status of every survey route for `token` on survey `id` (uploads with tiny bodies).
fn statuses(svar: &Svar, id: i64, token: Option<&str>) -> Vec<(String, u16)> {
    let s = |path: String| format!("/api/v1/surveys/{id}{path}");
    let empty_file = [part("file", "q.xlsx", XLSX, b"x")];
    let csv = [
        part("strata", "s.csv", "text/csv", b"x"),
        part("sample", "p.csv", "text/csv", b"x"),
    ];
    vec![
        ("get".into(), api_get(svar, &s(String::new()), token).status),
        (
            "patch".into(),
            api_send(
                svar,
                "PATCH",
                &s(String::new()),
                token,
                &json!({"round": 77}),
            )
            .status,
        ),
        (
            "state".into(),
            api_send(
                svar,
                "POST",
                &s("/state".into()),
                token,
                &json!({"state": "closed"}),
            )
            .status,
        ),
        (
            "copy".into(),
            api_send(
                svar,
                "POST",
                &s("/copy".into()),
                token,
                &json!({"round": 99}),
            )
            .status,
        ),
        (
            "questionnaire upload".into(),
            upload(svar, &s("/questionnaire".into()), token, &empty_file).status,
        ),
        (
            "questionnaire preview".into(),
            api_get(svar, &s("/questionnaire".into()), token).status,
        ),
        (
            "sample".into(),
            upload(svar, &s("/sample".into()), token, &csv).status,
        ),
        (
            "letters".into(),
            api_get(svar, &s("/letters.csv".into()), token).status,
        ),
    ]
}

fn all(statuses: &[(String, u16)], expected: u16) -> Vec<(String, u16)> {
    statuses
        .iter()
        .filter(|(_, s)| *s != expected)
        .cloned()
        .collect()
}

#[test]
fn every_survey_route_follows_roles_and_grants() {
    for svar in servers() {
        let p = people(&svar);
        // Nobody unauthenticated gets anything.
        assert_eq!(all(&statuses(&svar, svar.survey_id, None), 401), vec![]);
        assert_eq!(api_get(&svar, "/api/v1/surveys", None).status, 401);
        assert_eq!(create(&svar, "", "X", 1).status, 401);
        assert_eq!(api_get(&svar, "/api/v1/jobs/1", None).status, 401);

        // A manager creates a draft and is granted it; a viewer cannot create.
        let r = create(&svar, &p.manager, "Integration", 2);
        assert_eq!(r.status, 201, "{}", r.body);
        let id = r.body["id"].as_i64().unwrap();
        assert_eq!(r.body["state"], "draft");
        assert_eq!(r.body["round"], 2);
        assert_eq!(
            r.body["cases"]["total"], 0,
            "a new survey has no cases: {}",
            r.body
        );
        let viewer_create = create(&svar, &p.viewer, "Viewer's", 1);
        assert_eq!(viewer_create.status, 403, "{}", viewer_create.body);
        let duplicate = create(&svar, &p.admin, "Integration", 2);
        assert_eq!(duplicate.status, 409, "{}", duplicate.body);
        assert_eq!(create(&svar, &p.admin, "", 1).status, 422);
        assert_eq!(create(&svar, &p.admin, "Zero", 0).status, 422);

        // The creator sees it in the list, the other manager does not; the admin sees all.
        let list = |token: &str| -> Vec<i64> {
            let r = api_get(&svar, "/api/v1/surveys", Some(token));
            assert_eq!(r.status, 200, "{}", r.body);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_i64().unwrap())
                .collect()
        };
        assert_eq!(list(&p.manager), vec![id]);
        assert_eq!(list(&p.other), Vec::<i64>::new());
        assert_eq!(list(&p.admin), vec![svar.survey_id, id]);
        let first = api_get(&svar, "/api/v1/surveys?limit=1", Some(&p.admin));
        let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
        let second = api_get(
            &svar,
            &format!("/api/v1/surveys?limit=1&cursor={cursor}"),
            Some(&p.admin),
        );
        assert_eq!(second.body["items"][0]["id"], id);

        // A manager asking for a survey not granted: 404 on every route, as for no survey.
        assert_eq!(all(&statuses(&svar, id, Some(&p.other)), 404), vec![]);
        assert_eq!(all(&statuses(&svar, 999_999, Some(&p.admin)), 404), vec![]);

        // A granted viewer reads but changes nothing and sees no letters.
        grant(&svar, &p.admin, id, p.viewer_id);
        let viewer = statuses(&svar, id, Some(&p.viewer));
        let expected: Vec<(String, u16)> = [
            ("get", 200),
            ("patch", 403),
            ("state", 403),
            ("copy", 403),
            ("questionnaire upload", 403),
            ("questionnaire preview", 404), // readable, but there is no questionnaire yet
            ("sample", 403),
            ("letters", 403),
        ]
        .iter()
        .map(|(r, s)| (r.to_string(), *s))
        .collect();
        assert_eq!(viewer, expected, "{}", svar.backend_name());
        assert_eq!(list(&p.viewer), vec![id]);
        let after = survey(&svar, id, &p.admin);
        assert_eq!(
            (after["state"].clone(), after["round"].clone()),
            (json!("draft"), json!(2))
        );

        // The manager renames the draft; the change is audited.
        let path = format!("/api/v1/surveys/{id}");
        let renamed = api_send(
            &svar,
            "PATCH",
            &path,
            Some(&p.manager),
            &json!({"round": 3}),
        );
        assert_eq!(renamed.status, 200, "{}", renamed.body);
        assert_eq!(renamed.body["round"], 3);
        let taken = api_send(
            &svar,
            "PATCH",
            &path,
            Some(&p.manager),
            &json!({"round": 1}),
        );
        assert_eq!(
            taken.status, 409,
            "Integration round 1 exists: {}",
            taken.body
        );
        let unknown = api_send(&svar, "PATCH", &path, Some(&p.manager), &json!({"year": 1}));
        assert_eq!(unknown.status, 422);
        let audit = api_get(&svar, "/api/v1/audit", Some(&p.admin));
        let actions: Vec<&str> = audit.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["target_id"] == id)
            .map(|a| a["action"].as_str().unwrap())
            .collect();
        for action in ["survey.create", "survey.update"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }
}

#[test]
fn state_rules_are_kept_and_uploads_refused_change_nothing() {
    for svar in servers() {
        let p = people(&svar);
        let id = created_id(&svar, &p.manager, "Rules", 1);
        let refusal = |state: &str| {
            let r = set_state(&svar, id, &p.manager, state);
            assert_eq!(r.status, 409, "{state}: {}", r.body);
            r.body["detail"].as_str().unwrap_or("").to_string()
        };
        assert!(refusal("fielding").contains("questionnaire"));
        assert!(refusal("closed").contains("fielded"));
        assert!(refusal("draft").contains("draft already"));
        let bad_state = set_state(&svar, id, &p.manager, "open");
        assert_eq!(bad_state.status, 422, "{}", bad_state.body);

        // A bad XLSForm: 422, every error located, nothing stored.
        let bad = upload_questionnaire(
            &svar,
            id,
            &p.manager,
            "q.xlsx",
            &fixture_form("unknown_type.xlsx"),
        );
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert_eq!(bad.content_type, "application/problem+json");
        let first = &bad.body["errors"][0];
        assert_eq!(first["sheet"], "survey", "{}", bad.body);
        assert!(first["row"].as_u64().is_some(), "{}", bad.body);
        assert!(first["column"].is_string(), "{}", bad.body);
        assert!(survey(&svar, id, &p.manager)["questionnaire_id"].is_null());
        let not_a_form = upload_questionnaire(&svar, id, &p.manager, "q.pdf", b"%PDF");
        assert_eq!(not_a_form.status, 422, "{}", not_a_form.body);
        let missing = upload(
            &svar,
            &format!("/api/v1/surveys/{id}/questionnaire"),
            Some(&p.manager),
            &[part("other", "q.xlsx", XLSX, b"x")],
        );
        assert_eq!(missing.status, 422, "{}", missing.body);

        // A good one is stored and reported; a bad one after it keeps it.
        let upload_demo = || {
            let demo = demo_file("integration-survey.xlsx");
            upload_questionnaire(&svar, id, &p.manager, "integration.xlsx", &demo)
        };
        let good = upload_demo();
        assert_eq!(good.status, 200, "{}", good.body);
        let qid = good.body["questionnaire_id"].as_i64().unwrap();
        assert!(good.body["pages"].as_u64().unwrap() > 1, "{}", good.body);
        assert!(good.body["items"].as_u64().unwrap() > 1);
        let languages: Vec<&str> = good.body["languages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["code"].as_str().unwrap())
            .collect();
        assert!(
            languages.contains(&"ar") && languages.contains(&"sv"),
            "{languages:?}"
        );
        assert!(good.body["warnings"].is_array());
        let again = upload_questionnaire(
            &svar,
            id,
            &p.manager,
            "q.xlsx",
            &fixture_form("duplicate_name.xlsx"),
        );
        assert_eq!(again.status, 422);
        assert_eq!(survey(&svar, id, &p.manager)["questionnaire_id"], qid);

        // An older .xls workbook, as ODK authors still keep them, by name and by content type.
        let xls = std::fs::read(
            repo().join("core/tests/fixtures/pyxform/example_xls/yes_or_no_question.xls"),
        )
        .unwrap();
        let by_name = upload_questionnaire(&svar, id, &p.manager, "yes_no.xls", &xls);
        assert_eq!(by_name.status, 200, "{}", by_name.body);
        let by_type = upload(
            &svar,
            &format!("/api/v1/surveys/{id}/questionnaire"),
            Some(&p.manager),
            &[part("file", "yes_no", "application/vnd.ms-excel", &xls)],
        );
        assert_eq!(by_type.status, 200, "{}", by_type.body);
        assert_ne!(survey(&svar, id, &p.manager)["questionnaire_id"], qid);
        let restored = upload_demo();
        assert_eq!(restored.status, 200, "{}", restored.body);
        let qid = restored.body["questionnaire_id"].as_i64().unwrap();

        // Too large: 413, nothing changed.
        let huge = vec![b'x'; 10 * 1024 * 1024 + 1];
        let too_large = upload_questionnaire(&svar, id, &p.manager, "q.xlsx", &huge);
        assert_eq!(too_large.status, 413, "{}", too_large.body);
        assert_eq!(survey(&svar, id, &p.manager)["questionnaire_id"], qid);

        // Not a form at all: 415, nothing changed.
        let not_form = send(
            "POST",
            &format!("{}/api/v1/surveys/{id}/questionnaire", svar.url),
            Some(&p.manager),
            &json!({ "file": "q.xlsx" }),
        );
        assert_eq!(not_form.status, 415, "{}", not_form.body);
        assert_eq!(survey(&svar, id, &p.manager)["questionnaire_id"], qid);

        // The preview in Arabic, right to left; an unknown language is refused.
        let preview = api_get(
            &svar,
            &format!("/api/v1/surveys/{id}/questionnaire?lang=ar"),
            Some(&p.viewer),
        );
        assert_eq!(preview.status, 404, "the viewer has no grant yet");
        let preview = api_get(
            &svar,
            &format!("/api/v1/surveys/{id}/questionnaire?lang=ar"),
            Some(&p.manager),
        );
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert_eq!(preview.body["language"], "ar");
        assert_eq!(preview.body["dir"], "rtl");
        assert!(preview.body["pages"][0]["items"].is_array());
        let unknown = api_get(
            &svar,
            &format!("/api/v1/surveys/{id}/questionnaire?lang=xx"),
            Some(&p.manager),
        );
        assert_eq!(unknown.status, 422, "{}", unknown.body);

        // Still no sample: fielding names the sample.
        assert!(refusal("fielding").contains("sample"));

        // A bad sample: the job fails with line numbers and imports nothing.
        let mut bad_sample = demo_file("sample-2000.csv");
        bad_sample.extend_from_slice(b"P9999999,NOWHERE,A,B,,S,111 11,C,,,sv,M,16-29,14,\r\n");
        let r = upload_sample(&svar, id, &p.manager, &demo_file("strata.csv"), &bad_sample);
        assert_eq!(r.status, 202, "{}", r.body);
        let job = finished_job(&svar, r.body["job"].as_i64().unwrap(), &p.manager);
        assert_eq!(job["state"], "failed", "{job}");
        assert_eq!(job["rows_imported"], 0);
        let line = job["errors"][0]["line"].as_u64().unwrap_or(0);
        assert_eq!(line, 2002, "the bad row's line: {job}");
        assert_eq!(survey(&svar, id, &p.manager)["cases"]["total"], 0);
        assert!(refusal("fielding").contains("sample"));
        let one_part = upload(
            &svar,
            &format!("/api/v1/surveys/{id}/sample"),
            Some(&p.manager),
            &[part("strata", "s.csv", "text/csv", b"x")],
        );
        assert_eq!(one_part.status, 422, "{}", one_part.body);
    }
}

#[test]
fn a_round_runs_from_draft_to_letters_to_a_respondent_and_closes() {
    for svar in servers() {
        let p = people(&svar);
        let id = created_id(&svar, &p.manager, "Flow", 1);
        let q = upload_questionnaire(
            &svar,
            id,
            &p.manager,
            "integration-survey.xlsx",
            &demo_file("integration-survey.xlsx"),
        );
        assert_eq!(q.status, 200, "{}", q.body);
        let r = upload_sample(
            &svar,
            id,
            &p.manager,
            &demo_file("strata.csv"),
            &demo_file("sample-2000.csv"),
        );
        assert_eq!(r.status, 202, "{}", r.body);
        let job_id = r.body["job"].as_i64().unwrap();
        let job = finished_job(&svar, job_id, &p.manager);
        assert_eq!(job["state"], "succeeded", "{job}");
        assert_eq!(job["rows_imported"], 2000);
        assert_eq!(job["bytes_read"], job["bytes_total"]);
        assert!(job["eta_seconds"].is_null());
        assert!(job["finished_at"].is_string());
        assert_eq!(
            api_get(&svar, &format!("/api/v1/jobs/{job_id}"), Some(&p.other)).status,
            404
        );
        // A second sample is refused before the upload is read.
        let again = upload_sample(&svar, id, &p.manager, b"x", b"x");
        assert_eq!(again.status, 409, "{}", again.body);

        let fielding = set_state(&svar, id, &p.manager, "fielding");
        assert_eq!(fielding.status, 200, "{}", fielding.body);
        assert_eq!(fielding.body["state"], "fielding");
        assert_eq!(fielding.body["cases"]["total"], 2000);
        // Nobody invited or answering yet: every case is 3.11, unknown eligibility (UH).
        assert_eq!(
            fielding.body["cases"]["by_bucket"]["UH"], 2000,
            "{}",
            fielding.body
        );
        for (state, words) in [("fielding", "already"), ("draft", "draft")] {
            let r = set_state(&svar, id, &p.manager, state);
            assert_eq!(r.status, 409, "{}", r.body);
            assert!(
                r.body["detail"].as_str().unwrap().contains(words),
                "{}",
                r.body
            );
        }
        // Frozen from fielding on.
        let frozen = upload_questionnaire(
            &svar,
            id,
            &p.manager,
            "q.xlsx",
            &demo_file("integration-survey.xlsx"),
        );
        assert_eq!(frozen.status, 409, "{}", frozen.body);
        let rename = api_send(
            &svar,
            "PATCH",
            &format!("/api/v1/surveys/{id}"),
            Some(&p.manager),
            &json!({"name": "New"}),
        );
        assert_eq!(rename.status, 409);

        // The letters: a file of 2000 rows whose codes log in.
        let response = ureq::get(&format!("{}/api/v1/surveys/{id}/letters.csv", svar.url))
            .set("Authorization", &format!("Bearer {}", p.manager))
            .call()
            .unwrap();
        assert!(response
            .header("content-type")
            .unwrap()
            .starts_with("text/csv"));
        assert!(response
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment"));
        let file = svar.dir.join(format!("letters-{id}.csv"));
        std::fs::write(&file, response.into_string().unwrap()).unwrap();
        let letters = support::read_letters(&file);
        assert_eq!(letters.len(), 2000);
        let code = letters[0].code.clone();
        let login = |code: &str| {
            let url = format!("{}/api/v1/respondent/session", svar.url);
            send("POST", &url, None, &json!({ "code": code }))
        };
        let session = login(&code);
        assert_eq!(session.status, 201, "{}", session.body);

        // Copy into the next round: a draft with the questionnaire and strata, no cases.
        let copy = api_send(
            &svar,
            "POST",
            &format!("/api/v1/surveys/{id}/copy"),
            Some(&p.manager),
            &json!({}),
        );
        assert_eq!(copy.status, 201, "{}", copy.body);
        assert_eq!(copy.body["round"], 2);
        assert_eq!(copy.body["state"], "draft");
        assert_eq!(copy.body["questionnaire_id"], q.body["questionnaire_id"]);
        assert_eq!(copy.body["cases"]["total"], 0);
        let copied = copy.body["id"].as_i64().unwrap();
        let taken = api_send(
            &svar,
            "POST",
            &format!("/api/v1/surveys/{id}/copy"),
            Some(&p.manager),
            &json!({"round": 2}),
        );
        assert_eq!(taken.status, 409, "{}", taken.body);
        // The copied strata are replaced by the next round's own files.
        let r = upload_sample(
            &svar,
            copied,
            &p.manager,
            &demo_file("strata.csv"),
            &demo_file("sample-2000.csv"),
        );
        let job = finished_job(&svar, r.body["job"].as_i64().unwrap(), &p.manager);
        assert_eq!(job["state"], "succeeded", "{job}");

        // Close: the code stops working, and nothing reopens it.
        let closed = set_state(&svar, id, &p.manager, "closed");
        assert_eq!(closed.status, 200, "{}", closed.body);
        assert_eq!(login(&code).status, 401);
        for state in ["fielding", "draft", "closed"] {
            assert_eq!(
                set_state(&svar, id, &p.manager, state).status,
                409,
                "{state}"
            );
        }
        let after_close = upload_sample(&svar, id, &p.manager, b"x", b"x");
        assert_eq!(after_close.status, 409);

        let audit = api_get(&svar, "/api/v1/audit?limit=500", Some(&p.admin));
        let actions: Vec<&str> = audit.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["action"].as_str().unwrap())
            .collect();
        for action in [
            "survey.create",
            "questionnaire.upload",
            "sample.upload",
            "survey.state",
            "letters.download",
            "survey.copy",
        ] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }
}
