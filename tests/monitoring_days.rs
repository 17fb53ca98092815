//! Monitoring over the days of fieldwork, against a real server and `svar worker --once --at`
//! on a simulated clock, on SQLite and on PostgreSQL: a survey's monitoring settings, the
//! figures the worker writes at the end of each day (the response curve, `daily.csv`), the
//! status of each stratum against its expected curve, the projection of its final RR2, the
//! cost per complete from the contacts actually sent, and the targeted reminder that goes to
//! exactly the strata that lag. Every expected figure is worked out here from what the test
//! did, not read from the code under test.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use diesel::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use support::fieldwork::submit_all;
use support::http::{download, post_empty};
use support::manager::{add_user, api_get, api_send, error_fields, token};
use support::{api_servers, worker_once, Svar};
use svar_core::accounts::Role;
use svar_core::db::schema::{strata, surveys};

/// 11:00 UTC (noon in Stockholm, outside quiet hours) `days` days from today (negative: ago).
fn noon(days: i64) -> chrono::DateTime<chrono::Utc> {
    let day = support::survey_today() + chrono::Duration::days(days);
    day.and_hms_opt(11, 0, 0).unwrap().and_utc()
}

fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Puts the start of fieldwork `days` days back (the test's clock is the worker's `--at`).
fn started_days_ago(svar: &Svar, days: i64) {
    let conn = &mut *svar.db.pool.get().unwrap();
    diesel::update(surveys::table.find(svar.survey_id))
        .set(surveys::fielding_started_at_ms.eq(Some(
            (noon(-days) - chrono::Duration::hours(2)).timestamp_millis(),
        )))
        .execute(conn)
        .unwrap();
}

/// Sets stratum targets (as the strata file's `target_response_rate` column would).
fn set_targets(svar: &Svar, targets: &[(&str, Option<f64>)]) {
    let conn = &mut *svar.db.pool.get().unwrap();
    for (code, target) in targets {
        diesel::update(
            strata::table
                .filter(strata::survey_id.eq(svar.survey_id))
                .filter(strata::code.eq(code)),
        )
        .set(strata::target_response_rate.eq(target))
        .execute(conn)
        .unwrap();
    }
}

fn get_json(svar: &Svar, token: &str, path: &str) -> Value {
    let path = format!("/api/v1/surveys/{}{path}", svar.survey_id);
    let r = api_get(svar, &path, Some(token));
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.body
}

fn settings_path(svar: &Svar) -> String {
    format!("/api/v1/surveys/{}/monitoring-settings", svar.survey_id)
}

fn plan(strata_of_reminder: Option<&[&str]>) -> Value {
    let mut plan = json!({"steps": [
        {"name": "invitation", "channel": "letter", "after": "fielding", "days": 0,
         "targets": "not_submitted",
         "templates": {"sv": {"body": "Hej {{name}}! Din kod: {{code}} {{link}}"}}},
        {"name": "reminder", "channel": "email", "after": "fielding", "days": 1,
         "targets": "not_submitted",
         "templates": {"sv": {"subject": "Påminnelse: {{survey}}",
                              "body": "Hej {{name}}!\n{{code}}\n{{link}}\nAvstå: {{opt_out}}"}}},
        {"name": "targeted", "channel": "email", "after": "fielding", "days": 40,
         "targets": "not_submitted",
         "templates": {"sv": {"subject": "En sista påminnelse: {{survey}}",
                              "body": "Hej {{name}}!\n{{code}}\n{{link}}\nAvstå: {{opt_out}}"}}}
    ]});
    if let Some(strata) = strata_of_reminder {
        plan["steps"][2]["strata"] = json!(strata);
    }
    plan
}

/// The cases of the survey as (id, stratum, state).
fn cases(svar: &Svar, token: &str) -> Vec<(i64, String, String)> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = "/cases?limit=500".to_string();
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let body = get_json(svar, token, &path);
        for item in body["items"].as_array().unwrap() {
            out.push((
                item["id"].as_i64().unwrap(),
                item["stratum"].as_str().unwrap().to_string(),
                item["state"].as_str().unwrap().to_string(),
            ));
        }
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
}

/// Contacts of `step` in `state`, by case id.
fn contacts_of(svar: &Svar, token: &str, step: &str, state: &str) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/contacts?limit=500&step={step}&state={state}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let body = get_json(svar, token, &path);
        for item in body["items"].as_array().unwrap() {
            out.insert(item["case_id"].as_i64().unwrap());
        }
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn settings_are_checked_whole_and_the_share_rule_is_fixed_once_fielding() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        add_user(&svar, "admin@svar.invalid", Role::Admin);
        let viewer_id = add_user(&svar, "viewer@svar.invalid", Role::Viewer);
        svar_core::db::grants::grant(&mut svar.db.pool.get().unwrap(), viewer_id, svar.survey_id)
            .unwrap();
        let admin = token(&svar, "admin@svar.invalid");
        let viewer = token(&svar, "viewer@svar.invalid");
        let path = settings_path(&svar);
        let defaults = api_get(&svar, &path, Some(&admin));
        assert_eq!(defaults.status, 200, "{ctx}: {}", defaults.body);
        assert_eq!(defaults.body["complete_threshold"], 80);
        assert_eq!(defaults.body["partial_threshold"], 50);
        assert_eq!(defaults.body["fieldwork_days"], 56);
        assert!(defaults.body["e"].is_null());

        let bad = api_send(
            &svar,
            "PUT",
            &path,
            Some(&admin),
            &json!({"e": 1.5, "fieldwork_days": 0, "cost": {"currency": "kr", "per_letter": -2}}),
        );
        assert_eq!(bad.status, 422, "{ctx}: {}", bad.body);
        assert_eq!(
            error_fields(&bad),
            ["e", "fieldwork_days", "cost.currency", "cost.per_letter"],
            "{ctx}"
        );
        // The demo survey is fielding: the share rule decided every stored code already.
        let rule = api_send(
            &svar,
            "PUT",
            &path,
            Some(&admin),
            &json!({"complete_threshold": 90}),
        );
        assert_eq!(rule.status, 409, "{ctx}: {}", rule.body);
        assert_eq!(api_get(&svar, &path, Some(&admin)).body, defaults.body);

        let good = json!({"e": 0.9, "lag_threshold": 0.02, "fieldwork_days": 30,
                          "cost": {"currency": "SEK", "fixed": 1000, "per_letter": 10}});
        assert_eq!(
            api_send(&svar, "PUT", &path, Some(&viewer), &good).status,
            403,
            "{ctx}"
        );
        let saved = api_send(&svar, "PUT", &path, Some(&admin), &good);
        assert_eq!(saved.status, 200, "{ctx}: {}", saved.body);
        assert_eq!(saved.body["e"], 0.9);
        assert_eq!(saved.body["cost"]["per_letter"], 10.0);
        assert_eq!(saved.body["cost"]["per_email"], 0.0);
        // The statistics use the survey's e from now on.
        let stats = get_json(&svar, &viewer, "/statistics");
        assert_eq!(stats["e_method"], "fixed by the survey", "{ctx}");
        assert_eq!(stats["overall"]["rates"]["e"], 0.9, "{ctx}");
    }
}

#[test]
fn the_days_of_fieldwork_give_the_curve_daily_csv_status_projection_and_cost() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        add_user(&svar, "admin@svar.invalid", Role::Admin);
        let admin = token(&svar, "admin@svar.invalid");
        let mail = svar.dir.join("sent-mail");
        let mail_env = [("SVAR_MAIL_DIR", mail.to_str().unwrap())];
        let r = api_send(
            &svar,
            "PUT",
            &settings_path(&svar),
            Some(&admin),
            &json!({"fieldwork_days": 10,
                    "cost": {"fixed": 1000, "per_letter": 10, "per_email": 0.5, "per_incentive": 100}}),
        );
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);
        let plan_path = format!("/api/v1/surveys/{}/contact-plan", svar.survey_id);
        let r = api_send(&svar, "PUT", &plan_path, Some(&admin), &plan(None));
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);
        started_days_ago(&svar, 3);
        let first_stratum = get_json(&svar, &admin, "/statistics")["groups"][0]["key"]
            .as_str()
            .unwrap()
            .to_string();
        set_targets(&svar, &[(first_stratum.as_str(), Some(0.5))]);

        // Day 0: two submit, the invitation letters go out. Day 1: three more, and the
        // e-mail reminder. Day 2: nothing. Today (day 3) the figures are read live.
        let letters = svar.letters.clone();
        submit_all(&svar, &letters[0].code);
        submit_all(&svar, &letters[1].code);
        worker_once(&svar, &rfc3339(noon(-3)), &mail_env);
        for letter in &letters[2..5] {
            submit_all(&svar, &letter.code);
        }
        worker_once(&svar, &rfc3339(noon(-2)), &mail_env);
        worker_once(&svar, &rfc3339(noon(-1)), &mail_env);

        let stats = get_json(&svar, &admin, "/statistics");
        let sample = stats["overall"]["sample"].as_i64().unwrap();
        let curve = get_json(&svar, &admin, "/statistics/curve");
        assert_eq!(curve["today_index"], 3, "{ctx}: {curve}");
        assert_eq!(curve["fieldwork_days"], 10);
        let completes: Vec<(i64, i64)> = curve["overall"]["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["day_index"].as_i64().unwrap(), p["I"].as_i64().unwrap()))
            .collect();
        assert_eq!(completes, [(0, 2), (1, 5), (2, 5), (3, 5)], "{ctx}");
        // The overall projection continues the last days' gain: from 2 to 5 completes over
        // 3 days is one complete a day, 7 days left: 12 of the sample (no case is 4.x).
        let projected = curve["overall"]["projection"]["RR2"].as_f64().unwrap();
        assert!(close(projected, 12.0 / sample as f64), "{ctx}: {projected}");
        let steps: Vec<(&str, i64)> = curve["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap(),
                    s["planned_day_index"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            [("invitation", 0), ("reminder", 1), ("targeted", 40)]
        );
        // The first stratum's expected RR2 today is 3/10 of its target 0.5: 0.15; its status
        // follows from its RR2 by the bands (green at or above, amber within 5 points).
        let first = &curve["strata"][0];
        assert_eq!(first["key"], first_stratum.as_str());
        assert!(
            close(first["expected_today"].as_f64().unwrap(), 0.15),
            "{ctx}"
        );
        let rr2 = stats["groups"][0]["rates"]["RR2"].as_f64().unwrap();
        let status = if rr2 >= 0.15 {
            "green"
        } else if rr2 >= 0.10 {
            "amber"
        } else {
            "red"
        };
        assert_eq!(first["status"], status, "{ctx}: RR2 {rr2}");
        assert_eq!(stats["groups"][0]["status"], status, "{ctx}");
        // Strata without a target (and no earlier round) have no expected curve.
        assert!(curve["strata"][1]["expected"]
            .as_array()
            .unwrap()
            .is_empty());
        assert!(stats["groups"][1]["status"].is_null());

        // daily.csv: a row per day the worker wrote and stratum; the counts add up to the
        // completes of each day, and each RR2 is (I+P)/(sample − NE) of its own row.
        let csv = download(
            &format!(
                "{}/api/v1/surveys/{}/statistics/daily.csv",
                svar.url, svar.survey_id
            ),
            &admin,
        );
        assert_eq!(csv.status, 200, "{ctx}");
        let mut reader = csv::Reader::from_reader(csv.bytes.as_slice());
        let header = reader.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let strata_count = stats["groups"].as_array().unwrap().len();
        assert_eq!(rows.len(), 3 * strata_count, "{ctx}");
        let mut completes_by_day: BTreeMap<String, i64> = BTreeMap::new();
        for row in &rows {
            let n = |name: &str| row[col(name)].parse::<f64>().unwrap();
            *completes_by_day
                .entry(row[col("day_index")].to_string())
                .or_default() += n("I") as i64;
            let by_hand = (n("I") + n("P")) / (n("sample") - n("NE"));
            assert!(close(n("RR2"), by_hand), "{ctx}: {row:?}");
            assert_eq!(&row[col("complete_threshold")], "80");
        }
        assert_eq!(
            completes_by_day.into_iter().collect::<Vec<_>>(),
            [
                ("0".to_string(), 2),
                ("1".to_string(), 5),
                ("2".to_string(), 5)
            ],
            "{ctx}"
        );

        // Cost: the letters and e-mails the contact lists show as sent, the fixed cost, and an
        // incentive for each of the five completes.
        // The letters are the test setup's invitation batch (`svar letters`, step
        // `_invitation`) and the plan's invitation step.
        let letters_sent = (contacts_of(&svar, &admin, "_invitation", "sent").len()
            + contacts_of(&svar, &admin, "invitation", "sent").len())
            as f64;
        let emails_sent = contacts_of(&svar, &admin, "reminder", "sent").len() as f64;
        assert!(letters_sent > 0.0 && emails_sent > 0.0, "{ctx}");
        let cost = get_json(&svar, &admin, "/statistics/cost");
        assert_eq!(cost["overall"]["letters"].as_f64().unwrap(), letters_sent);
        assert_eq!(cost["overall"]["emails"].as_f64().unwrap(), emails_sent);
        let total = 1000.0 + 10.0 * letters_sent + 0.5 * emails_sent + 100.0 * 5.0;
        assert!(
            close(cost["overall"]["cost"].as_f64().unwrap(), total),
            "{ctx}: {cost}"
        );
        assert!(close(
            cost["overall"]["cost_per_complete"].as_f64().unwrap(),
            total / 5.0
        ));
        let per_stratum: f64 = cost["strata"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["cost"].as_f64().unwrap())
            .sum();
        assert!(close(per_stratum, total), "{ctx}: the strata add up");

        // Closing writes today's figures as the final ones.
        let r = api_send(
            &svar,
            "POST",
            &format!("/api/v1/surveys/{}/state", svar.survey_id),
            Some(&admin),
            &json!({"state": "closed"}),
        );
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);
        let closed = get_json(&svar, &admin, "/statistics/curve");
        assert_eq!(closed["closed"], true);
        assert_eq!(closed["overall"]["projection"]["method"], "final");
        let csv = download(
            &format!(
                "{}/api/v1/surveys/{}/statistics/daily.csv",
                svar.url, svar.survey_id
            ),
            &admin,
        );
        let rows = csv::Reader::from_reader(csv.bytes.as_slice())
            .records()
            .count();
        assert_eq!(
            rows,
            4 * strata_count,
            "{ctx}: the day of the close is there"
        );
    }
}

#[test]
fn the_targeted_reminder_goes_to_exactly_the_strata_that_lag() {
    for svar in api_servers() {
        let ctx = svar.backend_name();
        add_user(&svar, "admin@svar.invalid", Role::Admin);
        let admin = token(&svar, "admin@svar.invalid");
        let plan_path = format!("/api/v1/surveys/{}/contact-plan", svar.survey_id);
        let r = api_send(&svar, "PUT", &plan_path, Some(&admin), &plan(None));
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);
        let target_path = format!(
            "{}/api/v1/surveys/{}/contact-plan/steps/targeted/target-lagging",
            svar.url, svar.survey_id
        );
        // No target and no τ: nothing lags, and the step is left as it was.
        let nothing = post_empty(&target_path, Some(&admin));
        assert_eq!(nothing.status, 409, "{ctx}: {}", nothing.body);
        assert!(api_get(&svar, &plan_path, Some(&admin)).body["steps"][2]["strata"].is_null());

        // Responses in one stratum only; a target in another; τ small.
        let codes: Vec<String> = get_json(&svar, &admin, "/statistics")["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["key"].as_str().unwrap().to_string())
            .collect();
        let by_person = svar.letters_by_person();
        let all_cases = cases(&svar, &admin);
        let people = support::demo_sample::demo_people();
        let answering: Vec<_> = people
            .iter()
            .filter(|p| p.stratum == codes[0])
            .take(4)
            .collect();
        for person in &answering {
            submit_all(&svar, &by_person[&person.person_id].code);
        }
        set_targets(&svar, &[(codes[1].as_str(), Some(0.3))]);
        let r = api_send(
            &svar,
            "PUT",
            &settings_path(&svar),
            Some(&admin),
            &json!({"lag_threshold": 0.001}),
        );
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);

        // Lagging by hand: below target (codes[1]: RR2 0 < 0.3), or P_u below −τ, read from
        // the representativity the manager sees.
        let indicators = get_json(&svar, &admin, "/representativity");
        let mut expected: BTreeSet<String> = indicators["partial"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["variable"] == "stratum")
            .flat_map(|p| p["categories"].as_array().unwrap().clone())
            .filter(|c| c["P_u"].as_f64().is_some_and(|p| p < -0.001))
            .map(|c| c["category"].as_str().unwrap().to_string())
            .collect();
        expected.insert(codes[1].clone());
        assert!(
            !expected.contains(&codes[0]),
            "{ctx}: the answering stratum leads"
        );

        let sent = post_empty(&target_path, Some(&admin));
        assert_eq!(sent.status, 202, "{ctx}: {}", sent.body);
        let chosen: BTreeSet<String> = sent.body["strata"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["stratum"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(chosen, expected, "{ctx}");
        let stored: BTreeSet<String> = api_get(&svar, &plan_path, Some(&admin)).body["steps"][2]
            ["strata"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        assert_eq!(stored, expected, "{ctx}: the step's strata filter");

        // Exactly the cases of those strata with an e-mail address, none submitted.
        let stratum_of: BTreeMap<i64, &str> = all_cases
            .iter()
            .map(|(id, stratum, _)| (*id, stratum.as_str()))
            .collect();
        let with_email: usize = people
            .iter()
            .filter(|p| expected.contains(&p.stratum) && !p.email.is_empty())
            .count();
        let pending = contacts_of(&svar, &admin, "targeted", "pending");
        assert_eq!(sent.body["scheduled"], pending.len(), "{ctx}");
        assert_eq!(pending.len(), with_email, "{ctx}");
        assert!(
            pending.iter().all(|id| expected.contains(stratum_of[id])),
            "{ctx}"
        );
    }
}
