//! Cases and exports of the management API against a real server, on SQLite and on
//! PostgreSQL: the demo survey set up through the command line, a few cases answered through
//! the respondent API, then what a field manager checks — who may see what, the case list's
//! filters and pages, one case's history, manual dispositions, and the export files read back
//! with a CSV parser and (for SPSS and Stata) with pyreadstat.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use support::http::{self, get, post_empty, send, Download};
use support::manager::{add_user, api_get, api_send, error_code, error_fields, token};
use support::pyreadstat::{column_names, python_with_pyreadstat, read_back};
use support::{five_pages, respondent_token, servers, survey_create, Letter, Svar};
use svar_core::accounts::Role;

/// Saves the first `pages` pages; returns the response's version.
fn answer(svar: &Svar, token: &str, pages: usize) -> i64 {
    let mut version = 0;
    for (page, answers) in five_pages().into_iter().take(pages) {
        let r = send(
            "PUT",
            &format!("{}/api/v1/respondent/pages/{page}", svar.url),
            Some(token),
            &json!({ "version": version, "answers": answers }),
        );
        assert_eq!(r.status, 200, "{page}: {}", r.body);
        version = r.body["version"].as_i64().unwrap();
    }
    version
}

fn respondent_post(svar: &Svar, token: &str, what: &str) {
    let r = post_empty(
        &format!("{}/api/v1/respondent/{what}", svar.url),
        Some(token),
    );
    assert_eq!(r.status, 200, "{what}: {}", r.body);
}

/// The demo survey after: `submitted` answered everything in Arabic, `started` saved one
/// page, `declined` declined; the other cases untouched.
struct Answered {
    submitted: Letter,
    started: Letter,
    declined: Letter,
}

fn answer_a_few(svar: &Svar) -> Answered {
    let submitted = svar.letter_in("ar").clone();
    let others: Vec<&Letter> = svar
        .letters
        .iter()
        .filter(|l| l.person_id != submitted.person_id && l.language == "sv")
        .collect();
    let (started, declined) = (others[0].clone(), others[1].clone());
    let t = respondent_token(&svar.url, &submitted.code);
    answer(svar, &t, 5);
    respondent_post(svar, &t, "submit");
    let t = respondent_token(&svar.url, &started.code);
    answer(svar, &t, 1);
    let t = respondent_token(&svar.url, &declined.code);
    respondent_post(svar, &t, "decline");
    Answered {
        submitted,
        started,
        declined,
    }
}

/// Tokens of an admin, a manager and a viewer granted the demo survey, and a manager who is
/// not granted it.
struct Team {
    admin: String,
    manager: String,
    viewer: String,
    stranger: String,
}

fn team(svar: &Svar) -> Team {
    add_user(svar, "admin@scb.se", Role::Admin);
    let m = add_user(svar, "manager@scb.se", Role::Manager);
    let v = add_user(svar, "viewer@scb.se", Role::Viewer);
    add_user(svar, "stranger@scb.se", Role::Manager);
    let admin = token(svar, "admin@scb.se");
    for user in [m, v] {
        let path = format!("/api/v1/surveys/{}/grants/{user}", svar.survey_id);
        let r = api_send(svar, "PUT", &path, Some(&admin), &json!({}));
        assert_eq!(r.status, 201, "{}", r.body);
    }
    Team {
        admin,
        manager: token(svar, "manager@scb.se"),
        viewer: token(svar, "viewer@scb.se"),
        stranger: token(svar, "stranger@scb.se"),
    }
}

fn cases_path(svar: &Svar, query: &str) -> String {
    format!("/api/v1/surveys/{}/cases{query}", svar.survey_id)
}

/// Every case the list gives for `query`, following `next_cursor` with pages of `limit`;
/// the items in order.
fn all_pages(svar: &Svar, token: &str, query: &str, limit: usize) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10_000 {
        let mut q = if query.is_empty() {
            format!("?limit={limit}")
        } else {
            format!("{query}&limit={limit}")
        };
        if let Some(c) = &cursor {
            q.push_str(&format!("&cursor={c}"));
        }
        let r = api_get(svar, &cases_path(svar, &q), Some(token));
        assert_eq!(r.status, 200, "{q}: {}", r.body);
        let page = r.body["items"].as_array().unwrap();
        assert!(page.len() <= limit);
        items.extend(page.iter().cloned());
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return items,
        }
    }
    panic!("the pages never ended");
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

/// The case id of a person, from the whole list as a manager sees it.
fn case_ids_by_person(svar: &Svar, token: &str) -> HashMap<String, i64> {
    all_pages(svar, token, "", 500)
        .iter()
        .map(|i| {
            (
                i["person_id"].as_str().unwrap().to_string(),
                i["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn download(svar: &Svar, path: &str, token: &str) -> Download {
    http::download(&format!("{}{path}", svar.url), token)
}

fn export_path(svar: &Svar, file: &str) -> String {
    format!("/api/v1/surveys/{}/export/{file}", svar.survey_id)
}

const FILES: [&str; 6] = [
    "responses.csv",
    "responses.sav",
    "responses.dta",
    "codebook.json",
    "ddi.xml",
    "paradata.csv",
];

#[test]
fn every_case_and_export_route_checks_role_and_grant() {
    for svar in servers() {
        let t = team(&svar);
        let case = all_pages(&svar, &t.admin, "", 1)[0]["id"].as_i64().unwrap();
        let list = cases_path(&svar, "");
        let one = cases_path(&svar, &format!("/{case}"));
        let change = format!("{one}/disposition");
        let body = json!({ "code": "3.30", "reason": "Letter came back" });
        let ctx = svar.backend_name();

        // Nobody unauthenticated gets anything.
        assert_eq!(api_get(&svar, &list, None).status, 401, "{ctx}");
        assert_eq!(api_get(&svar, &one, None).status, 401);
        assert_eq!(api_send(&svar, "POST", &change, None, &body).status, 401);
        for file in FILES {
            let r = get(&format!("{}{}", svar.url, export_path(&svar, file)), None);
            assert_eq!(r.status, 401, "{file}");
        }
        // A manager without the grant: 404 everywhere, as if the survey did not exist.
        assert_eq!(api_get(&svar, &list, Some(&t.stranger)).status, 404);
        assert_eq!(api_get(&svar, &one, Some(&t.stranger)).status, 404);
        let r = api_send(&svar, "POST", &change, Some(&t.stranger), &body);
        assert_eq!(r.status, 404, "{ctx}: {}", r.body);
        for file in FILES {
            let d = download(&svar, &export_path(&svar, file), &t.stranger);
            assert_eq!(d.status, 404, "{ctx} {file}");
        }
        // A viewer reads cases without personal data, changes nothing, exports no answers.
        let viewed = api_get(&svar, &list, Some(&t.viewer));
        assert_eq!(viewed.status, 200);
        let item = &viewed.body["items"][0];
        assert!(item.get("person_id").is_none() && item.get("contact").is_none());
        let detail = api_get(&svar, &one, Some(&t.viewer));
        assert_eq!(detail.status, 200);
        assert!(detail.body.get("person_id").is_none(), "{}", detail.body);
        let r = api_send(&svar, "POST", &change, Some(&t.viewer), &body);
        assert_eq!(r.status, 403, "{}", r.body);
        for file in FILES {
            let d = download(&svar, &export_path(&svar, file), &t.viewer);
            let allowed = matches!(file, "codebook.json" | "ddi.xml");
            assert_eq!(d.status, if allowed { 200 } else { 403 }, "{ctx} {file}");
        }
        // A granted manager and an admin may do everything.
        for who in [&t.manager, &t.admin] {
            let r = api_get(&svar, &list, Some(who));
            assert_eq!(r.status, 200);
            assert!(r.body["items"][0]["person_id"].is_string(), "{}", r.body);
            assert!(r.body["items"][0]["contact"]["last_name"].is_string());
            assert_eq!(api_get(&svar, &one, Some(who)).status, 200);
            let r = api_send(&svar, "POST", &change, Some(who), &body);
            assert_eq!(r.status, 200, "{}", r.body);
            for file in FILES {
                let d = download(&svar, &export_path(&svar, file), who);
                assert_eq!(d.status, 200, "{ctx} {file}");
            }
        }
        let unknown = download(&svar, &export_path(&svar, "responses.xlsx"), &t.admin);
        assert_eq!(unknown.status, 404);
        // The demo questionnaire has no repeat group: no file of one.
        let no_repeat = download(&svar, &export_path(&svar, "repeat-member.csv"), &t.admin);
        assert_eq!(no_repeat.status, 404, "{ctx}");
    }
}

#[test]
fn the_case_list_filters_and_pages_without_losing_or_repeating_a_case() {
    for svar in servers() {
        let t = team(&svar);
        let a = answer_a_few(&svar);
        let ctx = svar.backend_name();
        let by_person = case_ids_by_person(&svar, &t.manager);
        assert_eq!(
            by_person.len(),
            svar.letters.len(),
            "{ctx}: every case once"
        );

        // Small pages give the same cases, in id order, none twice, none missing.
        let everything = ids(&all_pages(&svar, &t.viewer, "", 500));
        let paged = ids(&all_pages(&svar, &t.viewer, "", 37));
        assert_eq!(paged, everything, "{ctx}");
        assert!(paged.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            paged.iter().collect::<BTreeSet<_>>().len(),
            svar.letters.len()
        );

        // Filters.
        let submitted = by_person[&a.submitted.person_id];
        let started = by_person[&a.started.person_id];
        let declined = by_person[&a.declined.person_id];
        let only = |query: &str| ids(&all_pages(&svar, &t.manager, query, 50));
        assert_eq!(only("?state=submitted"), [submitted], "{ctx}");
        assert_eq!(only("?state=started"), [started]);
        assert_eq!(only("?state=declined"), [declined]);
        assert_eq!(only("?disposition=1.1"), [submitted]);
        assert_eq!(only("?disposition=2.111"), [declined]);
        let item = &all_pages(&svar, &t.manager, "?state=submitted", 5)[0];
        assert_eq!(item["disposition"], "1.1");
        assert_eq!(item["language"], "ar");
        assert_eq!(item["person_id"], json!(a.submitted.person_id));
        let arabic = only("?language=ar");
        let expected_ar = svar.letters.iter().filter(|l| l.language == "ar").count();
        assert_eq!(arabic.len(), expected_ar);
        assert!(arabic.contains(&submitted));
        assert!(only("?updated_since=2999-01-01T00:00:00Z").is_empty());
        assert_eq!(
            only("?updated_since=2000-01-01T00:00:00Z").len(),
            svar.letters.len()
        );

        // Stratum and state together, in pages of 7, as the subset of the whole list.
        let whole = all_pages(&svar, &t.manager, "", 500);
        let stratum = whole[0]["stratum"].as_str().unwrap().to_string();
        let expected: Vec<i64> = whole
            .iter()
            .filter(|i| i["stratum"] == stratum.as_str() && i["state"] == "new")
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert!(expected.len() > 7);
        let q = format!("?stratum={stratum}&state=new");
        assert_eq!(ids(&all_pages(&svar, &t.manager, &q, 7)), expected, "{ctx}");

        // Refusals name the field.
        for (query, field) in [
            ("?state=finished", "state"),
            ("?disposition=3.3", "disposition"),
            ("?disposition=1.10.1", "disposition"),
            ("?language=Arabic", "language"),
            ("?updated_since=yesterday", "updated_since"),
            ("?limit=0", "limit"),
            ("?limit=many", "limit"),
            ("?cursor=nonsense", "cursor"),
            ("?stratum=NOPE", "stratum"),
        ] {
            let r = api_get(&svar, &cases_path(&svar, query), Some(&t.manager));
            assert_eq!(r.status, 422, "{ctx} {query}: {}", r.body);
            assert_eq!(r.content_type, "application/problem+json");
            assert_eq!(error_fields(&r), [field], "{query}");
        }
        let r = api_get(&svar, &cases_path(&svar, "?colour=red"), Some(&t.manager));
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(r.body["detail"].as_str().unwrap().contains("colour"));
    }
}

#[test]
fn one_case_shows_its_history_and_a_manual_disposition_is_checked_audited_and_shown() {
    for db in svar_core::db::test_db::TestDatabase::all().unwrap() {
        let svar = Svar::start_with_log(db, "info");
        let t = team(&svar);
        let a = answer_a_few(&svar);
        let ctx = svar.backend_name();
        let by_person = case_ids_by_person(&svar, &t.manager);
        let submitted = by_person[&a.submitted.person_id];
        let case_path = |id: i64| cases_path(&svar, &format!("/{id}"));

        // The submitted case: its events, a response summary and no answers.
        let d = api_get(&svar, &case_path(submitted), Some(&t.manager));
        assert_eq!(d.status, 200, "{ctx}: {}", d.body);
        let kinds: Vec<&str> = d.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.first(), Some(&"login"), "{kinds:?}");
        assert_eq!(kinds.iter().filter(|k| **k == "save").count(), 5);
        assert_eq!(kinds.last(), Some(&"submit"));
        assert_eq!(d.body["state"], "submitted");
        assert_eq!(d.body["disposition"], "1.1");
        assert_eq!(d.body["response"]["version"], 6, "five saves and a submit");
        assert!(d.body["response"]["submitted_at"]
            .as_str()
            .unwrap()
            .ends_with('Z'));
        assert!(d.body["response"].get("answers").is_none());
        assert_eq!(d.body["person_id"], json!(a.submitted.person_id));
        assert!(d.body["contact"]["city"].is_string());
        assert_eq!(d.body["disposition_changes"], json!([]));

        // A case of another survey is not found under this one.
        let other = survey_create(
            &svar.db,
            &svar.dir,
            "Other",
            &support::repo().join("demo/integration-survey.xlsx"),
        );
        assert!(other.status.success());
        let other_id: i64 = support::stdout(&other).trim().parse().unwrap();
        support::import_demo_sample(&svar.db, &svar.dir, other_id);
        let foreign = {
            let mut conn = svar.db.pool.get().unwrap();
            svar_core::db::cases::ids_of_survey(&mut conn, other_id).unwrap()[0]
        };
        let r = api_get(&svar, &case_path(foreign), Some(&t.admin));
        assert_eq!(r.status, 404, "{ctx}: {}", r.body);
        let r = api_send(
            &svar,
            "POST",
            &format!("{}/disposition", case_path(foreign)),
            Some(&t.admin),
            &json!({ "code": "3.30", "reason": "Returned" }),
        );
        assert_eq!(r.status, 404, "{}", r.body);

        // Refused changes name the field and change nothing.
        let untouched = *by_person
            .iter()
            .find(|(p, _)| {
                ![&a.submitted, &a.started, &a.declined]
                    .iter()
                    .any(|l| &l.person_id == *p)
            })
            .unwrap()
            .1;
        let change = format!("{}/disposition", case_path(untouched));
        for (body, field, code) in [
            (
                json!({ "code": "3.3", "reason": "x" }),
                "code",
                "disposition_code",
            ),
            (
                json!({ "code": 3.30, "reason": "x" }),
                "code",
                "invalid_type",
            ),
            (
                json!({ "code": "9.1", "reason": "x" }),
                "code",
                "disposition_code",
            ),
            (json!({ "code": "3.30", "reason": "" }), "reason", "length"),
            (
                json!({ "code": "3.30", "reason": "   " }),
                "reason",
                "blank",
            ),
            (
                json!({ "code": "3.30", "reason": "x".repeat(1001) }),
                "reason",
                "length",
            ),
            (json!({ "code": "3.30" }), "reason", "required"),
            (
                json!({ "code": "3.30", "reason": "x", "by": 1 }),
                "by",
                "unknown_field",
            ),
        ] {
            let r = api_send(&svar, "POST", &change, Some(&t.manager), &body);
            assert_eq!(r.status, 422, "{ctx} {body}: {}", r.body);
            assert_eq!(error_fields(&r), [field], "{body}");
            assert_eq!(error_code(&r, field), code, "{body}");
        }
        let d = api_get(&svar, &case_path(untouched), Some(&t.manager));
        assert_eq!(d.body["manual_disposition"], Value::Null);
        assert_eq!(d.body["disposition_changes"], json!([]));
        let derived = d.body["disposition"].as_str().unwrap().to_string();
        assert!(derived.starts_with("3."), "{derived}");

        // Returned letter: 3.30 counts while the person has done nothing ...
        let reason = "Brevet kom tillbaka: okänd på adressen Storgatan 1";
        let r = api_send(
            &svar,
            "POST",
            &change,
            Some(&t.manager),
            &json!({ "code": "3.30", "reason": reason }),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["disposition"], "3.30");
        assert_eq!(r.body["previous_disposition"], json!(derived));
        let d = api_get(&svar, &case_path(untouched), Some(&t.manager));
        assert_eq!(d.body["disposition"], "3.30");
        assert_eq!(d.body["derived_disposition"], json!(derived));
        assert_eq!(d.body["disposition_changes"][0]["to"], "3.30");
        assert_eq!(d.body["disposition_changes"][0]["reason"], reason);
        let v = api_get(&svar, &case_path(untouched), Some(&t.viewer));
        assert!(v.body["disposition_changes"][0].get("reason").is_none());
        let listed = all_pages(&svar, &t.manager, "?disposition=3.30", 50);
        assert_eq!(ids(&listed), [untouched], "{ctx}");
        assert_eq!(listed[0]["disposition"], "3.30");
        assert!(all_pages(
            &svar,
            &t.manager,
            &format!("?disposition={derived}&state=new"),
            500
        )
        .iter()
        .all(|i| i["id"] != untouched));

        // ... but not over what a respondent did; a 4.x code wins over everything.
        let change_submitted = format!("{}/disposition", case_path(submitted));
        let r = api_send(
            &svar,
            "POST",
            &change_submitted,
            Some(&t.admin),
            &json!({ "code": "3.30", "reason": "Late return" }),
        );
        assert_eq!(r.body["disposition"], "1.1", "{}", r.body);
        let r = api_send(
            &svar,
            "POST",
            &change_submitted,
            Some(&t.admin),
            &json!({ "code": "4.12", "reason": "Emigrated" }),
        );
        assert_eq!(r.body["disposition"], "4.12", "{}", r.body);
        assert_eq!(
            only_ids(&svar, &t.manager, "?disposition=4.12"),
            [submitted]
        );

        // Audited with codes only; the reason is in no audit row and no log line.
        let audit = api_get(&svar, "/api/v1/audit?limit=50", Some(&t.admin));
        let entries: Vec<&Value> = audit.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "case.disposition")
            .collect();
        assert_eq!(entries.len(), 3, "{ctx}: {}", audit.body);
        assert_eq!(entries[2]["target_id"], untouched);
        assert_eq!(entries[2]["detail"]["to"], "3.30");
        assert!(!audit.body.to_string().contains("Storgatan"));
        assert!(
            !svar.log().contains("Storgatan"),
            "{ctx}: the reason was logged"
        );

        // The export shows the effective codes.
        let csv = download(&svar, &export_path(&svar, "responses.csv"), &t.manager);
        let (header, rows) = read_csv(&csv.bytes);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let disposition_of = |id: i64| {
            rows.iter()
                .find(|r| r[0] == id.to_string())
                .map(|r| r[col("disposition")].to_string())
                .unwrap()
        };
        assert_eq!(disposition_of(untouched), "3.30", "{ctx}");
        assert_eq!(disposition_of(submitted), "4.12");
    }
}

fn only_ids(svar: &Svar, token: &str, query: &str) -> Vec<i64> {
    ids(&all_pages(svar, token, query, 50))
}

fn read_csv(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().clone();
    let rows = reader.records().map(|r| r.unwrap()).collect();
    (header, rows)
}

/// The label of a choice of an item in `lang`, from the respondent questionnaire.
fn choice_label(svar: &Svar, lang: &str, item: &str, choice: &str) -> String {
    // The last Arabic letter: not one of the cases `answer_a_few` answers.
    let letter = svar.letters.iter().rev().find(|l| l.language == "ar");
    let t = respondent_token(&svar.url, &letter.unwrap().code);
    let q = get(
        &format!("{}/api/v1/respondent/questionnaire?lang={lang}", svar.url),
        Some(&t),
    );
    assert_eq!(q.status, 200);
    q.body["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap())
        .find(|i| i["name"] == item)
        .and_then(|i| {
            i["choices"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == choice)
        })
        .and_then(|c| c["label"].as_str())
        .unwrap()
        .to_string()
}

/// The team of a server, a few answered cases, and the id of the submitted one.
fn answered(svar: &Svar) -> (Team, Answered, i64) {
    let t = team(svar);
    let a = answer_a_few(svar);
    let submitted = case_ids_by_person(svar, &t.manager)[&a.submitted.person_id];
    (t, a, submitted)
}

#[test]
fn exports_download_as_csv_codebook_ddi_paradata_sav_and_dta() {
    for svar in servers() {
        let (t, a, submitted) = answered(&svar);
        let ctx = svar.backend_name();

        // Responses with Arabic labels, one row per case, through a CSV parser.
        let d = download(
            &svar,
            &format!("{}?labels=ar", export_path(&svar, "responses.csv")),
            &t.manager,
        );
        assert_eq!(d.status, 200, "{ctx}");
        assert_eq!(d.content_type, "text/csv; charset=utf-8");
        assert_eq!(
            d.disposition,
            format!(
                "attachment; filename=\"survey-{}-responses-labels-ar.csv\"",
                svar.survey_id
            ),
            "not the unlabelled file's name: a second `curl -OJ` keeps both"
        );
        let unlabelled = download(&svar, &export_path(&svar, "responses.csv"), &t.manager);
        assert_eq!(
            unlabelled.disposition,
            format!(
                "attachment; filename=\"survey-{}-responses.csv\"",
                svar.survey_id
            )
        );
        let (header, rows) = read_csv(&d.bytes);
        let names: Vec<&str> = header.iter().collect();
        assert_eq!(&names[..3], ["case_id", "person_id", "stratum"], "{ctx}");
        for name in [
            "disposition",
            "language",
            "submitted_at",
            "born_sweden",
            "participation_petition",
        ] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        assert_eq!(rows.len(), svar.letters.len());
        let col = |name: &str| names.iter().position(|n| *n == name).unwrap();
        let row = rows.iter().find(|r| r[0] == submitted.to_string()).unwrap();
        assert_eq!(&row[col("person_id")], a.submitted.person_id);
        assert_eq!(&row[col("language")], "ar");
        assert_eq!(&row[col("disposition")], "1.1");
        assert_eq!(
            row[col("born_sweden")],
            choice_label(&svar, "ar", "born_sweden", "no"),
            "{ctx}"
        );
        assert_eq!(&row[col("participation_petition")], "1");
        assert_eq!(&row[col("arrival_year")], "1990");
        // Choice names without labels.
        let plain = download(&svar, &export_path(&svar, "responses.csv"), &t.admin);
        let (h, rows) = read_csv(&plain.bytes);
        let i = h.iter().position(|n| n == "born_sweden").unwrap();
        let row = rows.iter().find(|r| r[0] == submitted.to_string()).unwrap();
        assert_eq!(&row[i], "no");

        // A language the questionnaire lacks is refused before anything is sent.
        let r = get(
            &format!(
                "{}{}?labels=so",
                svar.url,
                export_path(&svar, "responses.sav")
            ),
            Some(&t.manager),
        );
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.content_type, "application/problem+json");
        assert_eq!(error_fields(&r), ["labels"]);

        // Codebook, DDI and paradata.
        let c = download(&svar, &export_path(&svar, "codebook.json"), &t.viewer);
        assert_eq!(c.content_type, "application/json");
        let codebook: Value = serde_json::from_slice(&c.bytes).unwrap();
        assert!(codebook.to_string().contains("born_sweden"));
        let x = download(&svar, &export_path(&svar, "ddi.xml"), &t.manager);
        assert!(x.content_type.starts_with("application/xml"));
        let xml = String::from_utf8(x.bytes).unwrap();
        assert!(xml.contains("ddi:codebook:2_5"), "{}", &xml[..200]);
        let p = download(&svar, &export_path(&svar, "paradata.csv"), &t.manager);
        let (ph, prow) = read_csv(&p.bytes);
        assert!(ph.iter().any(|h| h == "case_id"));
        assert!(prow.iter().any(|r| r.iter().any(|f| f == "submit")));

        // Each download is audited with its format.
        let audit = api_get(&svar, "/api/v1/audit?limit=100", Some(&t.admin));
        let formats: Vec<&str> = audit.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "export.download")
            .map(|e| e["detail"]["format"].as_str().unwrap())
            .collect();
        for f in ["responses.csv", "codebook.json", "ddi.xml", "paradata.csv"] {
            assert!(formats.contains(&f), "{f} in {formats:?}");
        }
    }
}

#[test]
#[cfg_attr(
    svar_missing_pyreadstat,
    ignore = "pyreadstat not installed (tests/support/test_tools.rs)"
)]
fn spss_and_stata_exports_over_http_read_back_with_pyreadstat() {
    let Some(python) = python_with_pyreadstat() else {
        return;
    };
    for svar in servers() {
        let (t, _, submitted) = answered(&svar);
        let ctx = svar.backend_name();
        for (file, labels, media) in [
            ("responses.sav", "sv", "application/x-spss-sav"),
            ("responses.dta", "ar", "application/x-stata-dta"),
        ] {
            let path = format!("{}?labels={labels}", export_path(&svar, file));
            let d = download(&svar, &path, &t.manager);
            assert_eq!(d.status, 200, "{ctx} {file}");
            assert_eq!(d.content_type, media);
            let saved = svar.dir.join(file);
            std::fs::write(&saved, &d.bytes).unwrap();
            let got = read_back(&python, &saved, &[submitted]);
            assert_eq!(got["n"], svar.letters.len(), "{ctx} {file}");
            let names = column_names(&got);
            assert!(names.contains(&"person_id"), "{names:?}");
            let col = |n: &str| names.iter().position(|x| *x == n).unwrap();
            assert_eq!(
                got["rows"][0][col("born_sweden")],
                json!(2.0),
                "{ctx} {file}"
            );
            let no_label = got["value_labels"]["born_sweden"]["2"].as_str().unwrap();
            let expected = choice_label(&svar, labels, "born_sweden", "no");
            assert_eq!(no_label, expected, "{ctx} {file}");
            assert_eq!(
                got["value_labels"]["participation_petition"]["1"],
                "selected"
            );
        }
    }
}
