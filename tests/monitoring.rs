//! Monitoring against a real server, on SQLite and on PostgreSQL: the demo survey's statistics
//! and R-indicators as a field manager reads them after respondents submit, save, decline and
//! a manager sets codes — checked against a recount of the case list done here, by hand, and
//! moved by each change at once (the counters are written in the change's transaction).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use support::fieldwork::{answer_pages, next_event, respondent_post};
use support::manager::{add_user, api_get, api_send, error_code, token};
use support::{respondent_token, servers, Letter, Svar};
use svar_core::accounts::Role;

/// The bucket of an AAPOR code, by METHODS.md §1's table, written out here.
fn bucket(code: &str) -> &'static str {
    match code {
        "1.1" => "I",
        "1.2" => "P",
        c if c.starts_with("2.1") => "R",
        c if c.starts_with("2.2") => "NC",
        c if c.starts_with("2.3") => "O",
        c if c.starts_with("3.1") => "UH",
        c if c.starts_with("3.") => "UO",
        c if c.starts_with("4.") => "NE",
        other => panic!("no bucket for {other}"),
    }
}

fn statistics(svar: &Svar, token: &str, query: &str) -> Value {
    let path = format!("/api/v1/surveys/{}/statistics{query}", svar.survey_id);
    let r = api_get(svar, &path, Some(token));
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.body
}

/// Every case of the list as (stratum, effective code, person id).
fn case_list(svar: &Svar, token: &str) -> Vec<(String, String, String, i64)> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/surveys/{}/cases?limit=500", svar.survey_id);
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let r = api_get(svar, &path, Some(token));
        assert_eq!(r.status, 200, "{}", r.body);
        for item in r.body["items"].as_array().unwrap() {
            out.push((
                item["stratum"].as_str().unwrap().to_string(),
                item["disposition"].as_str().unwrap().to_string(),
                item["person_id"].as_str().unwrap().to_string(),
                item["id"].as_i64().unwrap(),
            ));
        }
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
}

/// The sex of each person in the demo sample, read from the file.
fn sex_by_person() -> HashMap<String, String> {
    let mut reader = csv::Reader::from_path(support::repo().join("demo/sample-2000.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let person = headers.iter().position(|h| h == "person_id").unwrap();
    let sex = headers.iter().position(|h| h == "sex").unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[person].to_string(), r[sex].to_string())
        })
        .collect()
}

/// Counts per bucket of `cases`, grouped by `key`.
fn recount<'a>(
    cases: impl Iterator<Item = (String, &'a str)>,
) -> BTreeMap<String, BTreeMap<&'static str, i64>> {
    let mut out: BTreeMap<String, BTreeMap<&'static str, i64>> = BTreeMap::new();
    for (key, code) in cases {
        *out.entry(key).or_default().entry(bucket(code)).or_default() += 1;
    }
    out
}

fn counts_of(group: &Value) -> BTreeMap<&'static str, i64> {
    ["I", "P", "R", "NC", "O", "UH", "UO", "NE"]
        .into_iter()
        .map(|b| (b, group["counts"][b].as_i64().unwrap()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn set_code(svar: &Svar, token: &str, case: i64, code: &str) {
    let path = format!(
        "/api/v1/surveys/{}/cases/{case}/disposition",
        svar.survey_id
    );
    let r = api_send(
        svar,
        "POST",
        &path,
        Some(token),
        &json!({ "code": code, "reason": "test" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

/// The same JSON, numbers equal to 1e-9 (design weights summed in another order).
fn assert_same_figures(a: &Value, b: &Value, ctx: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                "{ctx}: {x} != {y}"
            );
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{ctx}");
            x.iter()
                .zip(y)
                .for_each(|(x, y)| assert_same_figures(x, y, ctx));
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{ctx}"
            );
            x.iter()
                .for_each(|(k, v)| assert_same_figures(v, &y[k], &format!("{ctx} {k}")));
        }
        _ => assert_eq!(a, b, "{ctx}"),
    }
}

fn overall(s: &Value, bucket: &str) -> i64 {
    s["overall"]["counts"][bucket].as_i64().unwrap()
}

#[test]
fn statistics_follow_each_change_at_once_and_agree_with_a_recount_of_the_cases() {
    for svar in servers() {
        let ctx = svar.backend_name();
        add_user(&svar, "admin@scb.se", Role::Admin);
        let admin = token(&svar, "admin@scb.se");
        let before = statistics(&svar, &admin, "");
        let sample = svar.letters.len() as i64;
        assert_eq!(before["overall"]["sample"], sample, "{ctx}");
        assert_eq!(
            overall(&before, "UH"),
            sample,
            "{ctx}: nobody has answered yet"
        );
        assert!(
            before["overall"]["rates"]["RR2"] == json!(0.0),
            "{ctx}: {}",
            before["overall"]
        );
        assert!(
            before["overall"]["rates"]["RR5"].is_null(),
            "{ctx}: no known eligible case"
        );

        // One submit is one more complete, at once.
        let letters: Vec<Letter> = svar.letters.iter().take(6).cloned().collect();
        let t = answer_pages(&svar, &letters[0].code, 5);
        respondent_post(&svar, &t, "submit");
        let after_submit = statistics(&svar, &admin, "");
        assert_eq!(overall(&after_submit, "I"), 1, "{ctx}");
        assert_eq!(overall(&after_submit, "UH"), sample - 1, "{ctx}");

        // A partial save, a decline, a manager's 4.12 and a returned letter (3.30).
        answer_pages(&svar, &letters[1].code, 1);
        let t = respondent_token(&svar.url, &letters[2].code);
        respondent_post(&svar, &t, "decline");
        let ids: HashMap<String, i64> = case_list(&svar, &admin)
            .into_iter()
            .map(|(_, _, person, id)| (person, id))
            .collect();
        set_code(&svar, &admin, ids[&letters[3].person_id], "4.12");
        set_code(&svar, &admin, ids[&letters[4].person_id], "3.30");
        // A manager's 3.30 gives way to a respondent who logs on afterwards.
        set_code(&svar, &admin, ids[&letters[5].person_id], "3.30");
        respondent_token(&svar.url, &letters[5].code);

        let cases = case_list(&svar, &admin);
        let now = statistics(&svar, &admin, "");
        assert_eq!(overall(&now, "NE"), 1, "{ctx}");
        assert_eq!(
            overall(&now, "UO"),
            1,
            "{ctx}: only the letter of the one who never logged on"
        );
        assert_eq!(
            overall(&now, "R"),
            3,
            "{ctx}: the partial save (1 page of 5), the decline, the logon"
        );
        let by_stratum = recount(
            cases
                .iter()
                .map(|(s, code, _, _)| (s.clone(), code.as_str())),
        );
        for group in now["groups"].as_array().unwrap() {
            let key = group["key"].as_str().unwrap();
            assert_eq!(
                counts_of(group),
                by_stratum.get(key).cloned().unwrap_or_default(),
                "{ctx}: stratum {key}"
            );
        }
        let all = recount(
            cases
                .iter()
                .map(|(_, code, _, _)| (String::new(), code.as_str())),
        );
        assert_eq!(counts_of(&now["overall"]), all[""], "{ctx}");
        // RR2 overall by hand: one complete among the cases less the one not eligible.
        let rr2 = now["overall"]["rates"]["RR2"].as_f64().unwrap();
        assert!(
            (rr2 - 1.0 / (sample - 1) as f64).abs() < 1e-12,
            "{ctx}: {rr2}"
        );

        let sexes = sex_by_person();
        let by_sex = recount(
            cases
                .iter()
                .map(|(_, code, person, _)| (sexes[person].clone(), code.as_str())),
        );
        let grouped = statistics(&svar, &admin, "?by=sex");
        assert_eq!(grouped["by"], "sex");
        let keys: Vec<&str> = grouped["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["key"].as_str().unwrap())
            .collect();
        assert_eq!(
            keys,
            by_sex.keys().map(String::as_str).collect::<Vec<_>>(),
            "{ctx}"
        );
        for group in grouped["groups"].as_array().unwrap() {
            let key = group["key"].as_str().unwrap();
            assert_eq!(counts_of(group), by_sex[key], "{ctx}: sex {key}");
        }
        // Folding the pending changes into the counters (the server's worker does it every
        // second; SQLite's triggers write the counters directly) changes no figure.
        let mut conn = svar.db.pool.get().unwrap();
        svar_core::db::monitoring_counts::fold(&mut conn, Some(svar.survey_id)).unwrap();
        svar_core::db::monitoring_counts::fold(&mut conn, None).unwrap();
        let folded = statistics(&svar, &admin, "");
        assert_same_figures(&folded["overall"], &now["overall"], &ctx);
        assert_same_figures(&folded["groups"], &now["groups"], &ctx);
        let unknown = api_get(
            &svar,
            &format!("/api/v1/surveys/{}/statistics?by=shoe_size", svar.survey_id),
            Some(&admin),
        );
        assert_eq!(unknown.status, 422, "{ctx}: {}", unknown.body);
        assert_eq!(error_code(&unknown, "by"), "unknown_variable");
    }
}

#[test]
fn representativity_over_strata_and_one_or_two_auxiliaries_and_who_may_read_it() {
    for svar in servers() {
        let ctx = svar.backend_name();
        add_user(&svar, "admin@scb.se", Role::Admin);
        let v = add_user(&svar, "viewer@scb.se", Role::Viewer);
        add_user(&svar, "stranger@scb.se", Role::Manager);
        let admin = token(&svar, "admin@scb.se");
        let grant = format!("/api/v1/surveys/{}/grants/{v}", svar.survey_id);
        assert_eq!(
            api_send(&svar, "PUT", &grant, Some(&admin), &json!({})).status,
            201
        );
        let viewer = token(&svar, "viewer@scb.se");
        let stranger = token(&svar, "stranger@scb.se");
        let path = |q: &str| format!("/api/v1/surveys/{}/representativity{q}", svar.survey_id);

        // No response yet: ρ̄ = 0, every indicator undefined, null in JSON.
        let none = api_get(&svar, &path(""), Some(&viewer));
        assert_eq!(none.status, 200, "{ctx}: {}", none.body);
        assert!(
            none.body["R"].is_null() && none.body["rho_bar"].is_null(),
            "{}",
            none.body
        );

        for letter in svar.letters.iter().take(3) {
            let t = answer_pages(&svar, &letter.code, 5);
            respondent_post(&svar, &t, "submit");
        }
        let r = api_get(&svar, &path("?variables=sex"), Some(&viewer));
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);
        let body = &r.body;
        let r_value = body["R"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&r_value), "{ctx}: {body}");
        assert_eq!(body["cases"], json!(svar.letters.len() as f64));
        let variables: Vec<&str> = body["partial"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["variable"].as_str().unwrap())
            .collect();
        assert_eq!(variables, ["stratum", "sex"], "{ctx}");
        // Three respondents in 2000 cases: ρ̄ is tiny and positive.
        let rho = body["rho_bar"].as_f64().unwrap();
        assert!(rho > 0.0 && rho < 0.01, "{ctx}: {rho}");
        assert!(
            !body.to_string().contains(&svar.letters[0].person_id),
            "no personal data"
        );

        // Strata × two auxiliaries: the cells are stratum × age group × sex, and those under 20
        // cases are exactly the ones a count of the sample file finds.
        let two = api_get(&svar, &path("?variables=sex,age_group"), Some(&viewer));
        assert_eq!(two.status, 200, "{ctx}: {}", two.body);
        let variables: Vec<&str> = two.body["partial"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["variable"].as_str().unwrap())
            .collect();
        assert_eq!(variables, ["stratum", "age_group", "sex"], "{ctx}");
        let small: BTreeMap<(String, String, String), i64> = two.body["small_cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let categories = c["categories"].as_array().unwrap();
                (
                    (
                        c["stratum"].as_str().unwrap().to_string(),
                        categories[0].as_str().unwrap().to_string(),
                        categories[1].as_str().unwrap().to_string(),
                    ),
                    c["cases"].as_f64().unwrap() as i64,
                )
            })
            .collect();
        let mut counted: BTreeMap<(String, String, String), i64> = BTreeMap::new();
        let mut reader =
            csv::Reader::from_path(support::repo().join("demo/sample-2000.csv")).unwrap();
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (stratum, age, sex) = (col("stratum"), col("age_group"), col("sex"));
        for record in reader.records() {
            let r = record.unwrap();
            let key = (
                r[stratum].to_string(),
                r[age].to_string(),
                r[sex].to_string(),
            );
            *counted.entry(key).or_default() += 1;
        }
        counted.retain(|_, n| *n < 20);
        assert_eq!(small, counted, "{ctx}");
        assert!(!small.is_empty(), "{ctx}: the demo has small cells");
        let three = api_get(
            &svar,
            &path("?variables=sex,age_group,county"),
            Some(&viewer),
        );
        assert_eq!(three.status, 422, "{ctx}: {}", three.body);
        assert_eq!(error_code(&three, "variables"), "too_many");
        assert_eq!(
            api_get(&svar, &path(""), Some(&stranger)).status,
            404,
            "{ctx}"
        );
        assert_eq!(api_get(&svar, &path(""), None).status, 401, "{ctx}");
    }
}

#[test]
fn the_stream_sends_the_figures_and_then_each_change_within_a_second() {
    for svar in servers() {
        let ctx = svar.backend_name();
        add_user(&svar, "admin@scb.se", Role::Admin);
        let admin = token(&svar, "admin@scb.se");
        let url = format!(
            "{}/api/v1/surveys/{}/statistics/stream",
            svar.url, svar.survey_id
        );
        let agent = ureq::AgentBuilder::new()
            .timeout_read(std::time::Duration::from_secs(5))
            .build();
        let open = |token: &str| {
            agent
                .get(&url)
                .set("Authorization", &format!("Bearer {token}"))
                .set("Accept-Encoding", "gzip")
                .call()
                .map_err(|e| match e {
                    ureq::Error::Status(status, _) => status,
                    other => panic!("{other}"),
                })
        };
        let t = answer_pages(&svar, &svar.letters[0].code, 5);
        respondent_post(&svar, &t, "submit");
        let reply = open(&admin).unwrap();
        assert_eq!(reply.content_type(), "text/event-stream", "{ctx}");
        assert_eq!(
            reply.header("Content-Encoding"),
            None,
            "{ctx}: events are not held back by gzip"
        );
        let mut events = std::io::BufReader::new(reply.into_reader());
        let first = next_event(&mut events);
        assert_eq!(first["overall"]["counts"]["I"], 1, "{ctx}");
        assert_eq!(first["overall"]["counts"]["NE"], 0, "{ctx}");
        // A second dashboard on the same survey shares the poller and sees the same.
        let mut second = std::io::BufReader::new(open(&admin).unwrap().into_reader());
        assert_eq!(next_event(&mut second)["overall"], first["overall"]);

        // A manager's code on a case nobody touched: nothing else can move NE.
        let case = case_list(&svar, &admin)
            .into_iter()
            .find(|(_, _, person, _)| *person == svar.letters[1].person_id)
            .unwrap()
            .3;
        let set = std::time::Instant::now();
        set_code(&svar, &admin, case, "4.12");
        let changed = next_event(&mut events);
        let delay = set.elapsed();
        assert_eq!(changed["overall"]["counts"]["NE"], 1, "{ctx}: {changed}");
        assert!(
            delay < std::time::Duration::from_secs(1),
            "{ctx}: {delay:?}"
        );
        assert_eq!(
            next_event(&mut second)["overall"]["counts"]["NE"],
            1,
            "{ctx}"
        );

        assert_eq!(open("not-a-token").err(), Some(401), "{ctx}");
    }
}
