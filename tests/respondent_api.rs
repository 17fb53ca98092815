//! The respondent JSON API against a real server, on SQLite and on PostgreSQL: the whole path
//! from a code to submitted answers, and every refusal a client can meet.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::http::{download, get, post_empty, send, Reply};
use support::manager::{add_user, token as manager_token};
use support::{five_pages, servers, servers_with_form, Svar};
use svar_core::accounts::Role;

fn login(svar: &Svar, code: &str) -> Reply {
    send(
        "POST",
        &format!("{}/api/v1/respondent/session", svar.url),
        None,
        &json!({ "code": code }),
    )
}

fn token(svar: &Svar, code: &str) -> String {
    let r = login(svar, code);
    assert_eq!(r.status, 201, "{} login: {}", svar.backend_name(), r.body);
    r.body["token"].as_str().unwrap().to_string()
}

fn save(svar: &Svar, token: &str, page: &str, version: i64, answers: Value) -> Reply {
    send(
        "PUT",
        &format!("{}/api/v1/respondent/pages/{page}", svar.url),
        Some(token),
        &json!({ "version": version, "answers": answers }),
    )
}

fn page(svar: &Svar, token: &str, page: &str) -> Reply {
    get(
        &format!("{}/api/v1/respondent/pages/{page}", svar.url),
        Some(token),
    )
}

fn questionnaire(svar: &Svar, token: &str, lang: &str) -> Value {
    let r = get(
        &format!("{}/api/v1/respondent/questionnaire?lang={lang}", svar.url),
        Some(token),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

fn item<'a>(q: &'a Value, name: &str) -> &'a Value {
    q["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap())
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("item {name}"))
}

#[test]
fn the_whole_path_from_code_to_submitted_answers() {
    for svar in servers() {
        let letter = &svar.letters[0];
        let session = login(&svar, &letter.code);
        assert_eq!(session.status, 201, "{}", session.body);
        assert_eq!(session.body["resume_page"], "p_about");
        assert_eq!(session.body["languages"], json!(["sv", "en", "ar", "fa"]));
        let token = session.body["token"].as_str().unwrap().to_string();
        let q = questionnaire(&svar, &token, "en");
        assert_eq!(q["pages"].as_array().unwrap().len(), 5);
        assert_eq!(item(&q, "born_sweden")["label"], "Were you born in Sweden?");

        let mut version = 0;
        let mut next = Value::Null;
        for (id, answers) in five_pages() {
            let r = save(&svar, &token, &id, version, answers.clone());
            assert_eq!(
                r.status,
                200,
                "{} save {id}: {}",
                svar.backend_name(),
                r.body
            );
            assert_eq!(r.body["version"], version + 1);
            version += 1;
            next = r.body["next_page"].clone();
            // What was saved reads back the same.
            let back = page(&svar, &token, &id);
            for (k, v) in answers.as_object().unwrap() {
                assert_eq!(&back.body["answers"][k], v, "{id}.{k}");
            }
        }
        assert_eq!(next, Value::Null, "the last page has no next page");

        let submitted = post_empty(
            &format!("{}/api/v1/respondent/submit", svar.url),
            Some(&token),
        );
        assert_eq!(submitted.status, 200, "{}", submitted.body);
        let again = post_empty(
            &format!("{}/api/v1/respondent/submit", svar.url),
            Some(&token),
        );
        assert_eq!(again.status, 409);
        assert_eq!(again.content_type, "application/problem+json");
        // The code no longer opens a session, and saves are refused.
        assert_eq!(login(&svar, &letter.code).status, 409);
        assert_eq!(
            save(&svar, &token, "p_end", version + 1, json!({})).status,
            409
        );
    }
}

#[test]
fn a_new_login_resumes_after_the_furthest_page_saved() {
    for svar in servers() {
        let code = &svar.letters[1].code;
        let t1 = token(&svar, code);
        let (id, answers) = five_pages().remove(0);
        assert_eq!(save(&svar, &t1, &id, 0, answers).status, 200);
        let second = login(&svar, code);
        assert_eq!(second.status, 201);
        assert_eq!(
            second.body["resume_page"],
            "p_democracy",
            "{}",
            svar.backend_name()
        );
        let t2 = second.body["token"].as_str().unwrap();
        assert_eq!(
            page(&svar, t2, "p_about").body["answers"]["arrival_year"],
            1990
        );
    }
}

#[test]
fn a_stale_save_from_a_second_device_is_refused() {
    for svar in servers() {
        let code = &svar.letters[2].code;
        let phone = token(&svar, code);
        let laptop = token(&svar, code);
        let first = save(&svar, &phone, "p_about", 0, json!({"born_sweden": "yes"}));
        assert_eq!(first.status, 200);
        let stale = save(
            &svar,
            &laptop,
            "p_about",
            0,
            json!({"born_sweden": "no", "arrival_year": 2001}),
        );
        assert_eq!(stale.status, 409, "{}", stale.body);
        assert_eq!(stale.body["current_version"], 1);
        assert_eq!(
            page(&svar, &laptop, "p_about").body["answers"]["born_sweden"],
            "yes"
        );
    }
}

#[test]
fn codes_are_normalised_and_checked_before_the_database() {
    for svar in servers() {
        let code = svar.letters[3].code.clone(); // printed form XXXX-XXXX-XXXX-X
        let messy = format!("  {} ", code.to_lowercase().replace('-', " - "));
        assert_eq!(
            login(&svar, &messy).status,
            201,
            "spaces, dashes and lowercase are accepted"
        );
        let plain: String = code.chars().filter(|c| *c != '-').collect();
        assert_eq!(login(&svar, &plain).status, 201);

        // A wrong check character: refused as malformed, and not counted as a guess.
        let mut wrong_check = plain.clone();
        let last = wrong_check.pop().unwrap();
        wrong_check.push(if last == '0' { '1' } else { '0' });
        for _ in 0..15 {
            let r = login(&svar, &wrong_check);
            assert_eq!(r.status, 422, "{}", r.body);
            assert_eq!(
                r.body["type"],
                "https://svar.invalid/problems/malformed-code"
            );
        }
        // A well-formed code that opens nothing.
        let unknown = login(&svar, "K7QM-2XHD-9WBT-N");
        assert_eq!(unknown.status, 401);
        assert_eq!(unknown.content_type, "application/problem+json");
        // Malformed tries did not use up the address's allowance.
        assert_eq!(login(&svar, &plain).status, 201);
        assert_eq!(login(&svar, "").status, 422);
    }
}

#[test]
fn guessing_is_throttled_per_address() {
    for svar in servers() {
        for i in 0..10 {
            assert_eq!(login(&svar, "K7QM-2XHD-9WBT-N").status, 401, "try {i}");
        }
        let locked = login(&svar, "K7QM-2XHD-9WBT-N");
        assert_eq!(locked.status, 429);
        let wait: u64 = locked.retry_after.as_deref().unwrap().parse().unwrap();
        assert!(wait > 0 && wait <= 600, "Retry-After {wait}");
        // While locked out, even a right code waits.
        assert_eq!(login(&svar, &svar.letters[4].code).status, 429);
    }
}

#[test]
fn refused_answers_change_nothing() {
    for svar in servers() {
        let t = token(&svar, &svar.letters[5].code);
        let out_of_range = save(
            &svar,
            &t,
            "p_about",
            0,
            json!({"born_sweden": "no", "arrival_year": 1850}),
        );
        assert_eq!(out_of_range.status, 422);
        assert_eq!(out_of_range.body["errors"][0]["item"], "arrival_year");
        assert_eq!(out_of_range.body["errors"][0]["code"], "constraint");
        let not_a_number = save(
            &svar,
            &t,
            "p_democracy",
            0,
            json!({"citizen": "no", "democracy_importance": "many"}),
        );
        assert_eq!(not_a_number.status, 422);
        assert_eq!(not_a_number.body["errors"][0]["code"], "not_integer");
        let eleven = save(
            &svar,
            &t,
            "p_democracy",
            0,
            json!({"citizen": "no", "democracy_importance": 11}),
        );
        assert_eq!(eleven.status, 422);
        assert_eq!(eleven.body["errors"][0]["item"], "democracy_importance");
        // The reasons are worded without reading the page again: no page view was recorded.
        let mut conn = svar.db.pool.get().unwrap();
        let case_id = svar_core::db::cases::ids_of_survey(&mut conn, svar.survey_id).unwrap()[5];
        let kinds: Vec<String> = svar_core::db::events::for_case(&mut conn, case_id)
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, ["login"], "refused saves are no page views");
        // Nothing was saved: still version 0, no answers.
        let p = page(&svar, &t, "p_about");
        assert_eq!(p.body["version"], 0);
        assert_eq!(p.body["answers"], json!({}));
        // Unknown fields in the body are refused as bad requests.
        let bad = send(
            "PUT",
            &format!("{}/api/v1/respondent/pages/p_about", svar.url),
            Some(&t),
            &json!({"version": 0, "answers": {}, "extra": 1}),
        );
        assert_eq!(bad.status, 400);
        assert_eq!(bad.content_type, "application/problem+json");
        // No token, no answers.
        assert_eq!(page(&svar, "not-a-token", "p_about").status, 401);
    }
}

#[test]
fn routing_follows_the_answers() {
    for svar in servers() {
        let t = token(&svar, &svar.letters[6].code);
        // Born in Sweden: arrival_year does not apply, and an answer to it is not kept.
        let r = save(
            &svar,
            &t,
            "p_about",
            0,
            json!({"born_sweden": "yes", "arrival_year": 1990}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let q = questionnaire(&svar, &t, "sv");
        assert_eq!(item(&q, "arrival_year")["relevant"], false);
        assert_eq!(
            page(&svar, &t, "p_about").body["answers"].get("arrival_year"),
            None
        );
        // Born abroad: arrival_year applies and is required.
        let missing = save(&svar, &t, "p_about", 1, json!({"born_sweden": "no"}));
        assert_eq!(missing.status, 422);
        assert_eq!(missing.body["errors"][0]["item"], "arrival_year");
        assert_eq!(missing.body["errors"][0]["code"], "required");
        assert_eq!(
            save(
                &svar,
                &t,
                "p_about",
                1,
                json!({"born_sweden": "no", "arrival_year": 1990})
            )
            .status,
            200
        );
        assert_eq!(
            item(&questionnaire(&svar, &t, "sv"), "arrival_year")["relevant"],
            true
        );

        // voted_riksdag only for citizens.
        let not_citizen = save(
            &svar,
            &t,
            "p_democracy",
            2,
            json!({"citizen": "no", "voted_riksdag": "yes"}),
        );
        assert_eq!(not_citizen.status, 200);
        let q = questionnaire(&svar, &t, "sv");
        assert_eq!(item(&q, "voted_riksdag")["relevant"], false);
        assert_eq!(
            page(&svar, &t, "p_democracy").body["answers"].get("voted_riksdag"),
            None
        );
        assert_eq!(
            save(
                &svar,
                &t,
                "p_democracy",
                3,
                json!({"citizen": "yes", "voted_riksdag": "yes"})
            )
            .status,
            200
        );
        assert_eq!(
            item(&questionnaire(&svar, &t, "sv"), "voted_riksdag")["relevant"],
            true
        );
        assert_eq!(
            page(&svar, &t, "p_democracy").body["answers"]["voted_riksdag"],
            "yes"
        );
    }
}

#[test]
fn years_in_sweden_is_piped_into_the_note() {
    for svar in servers() {
        let t = token(&svar, &svar.letters[7].code);
        assert_eq!(
            save(
                &svar,
                &t,
                "p_about",
                0,
                json!({"born_sweden": "no", "arrival_year": 1990})
            )
            .status,
            200
        );
        let en = questionnaire(&svar, &t, "en");
        assert_eq!(
            item(&en, "years_note")["label"],
            "You have lived in Sweden for about 37 years."
        );
        let sv = questionnaire(&svar, &t, "sv");
        assert_eq!(
            item(&sv, "years_note")["label"],
            "Du har bott i Sverige i ungefär 37 år."
        );
    }
}

#[test]
fn none_of_these_cannot_be_combined() {
    for svar in servers() {
        let t = token(&svar, &svar.letters[8].code);
        let r = save(
            &svar,
            &t,
            "p_democracy",
            0,
            json!({"citizen": "no", "participation": ["none", "petition"]}),
        );
        assert_eq!(r.status, 422);
        assert_eq!(r.body["errors"][0]["item"], "participation");
        assert_eq!(r.body["errors"][0]["code"], "constraint");
        assert_eq!(
            r.body["errors"][0]["message"],
            "”Inget av detta” kan inte kombineras med andra svar."
        );
        assert_eq!(
            save(
                &svar,
                &t,
                "p_democracy",
                0,
                json!({"citizen": "no", "participation": ["none"]})
            )
            .status,
            200
        );
    }
}

#[test]
fn a_somali_speaker_gets_the_default_language() {
    for svar in servers() {
        let letter = svar.letter_in("so");
        let r = login(&svar, &letter.code);
        assert_eq!(r.status, 201);
        assert_eq!(
            r.body["language"], "sv",
            "Somali is not in the questionnaire: Swedish"
        );
        let arabic = login(&svar, &svar.letter_in("ar").code);
        assert_eq!(arabic.body["language"], "ar");
        let t = arabic.body["token"].as_str().unwrap();
        assert_eq!(questionnaire(&svar, t, "ar")["dir"], "rtl");
        let unknown = get(
            &format!("{}/api/v1/respondent/questionnaire?lang=so", svar.url),
            Some(t),
        );
        assert_eq!(unknown.status, 422);
    }
}

#[test]
fn declining_ends_the_case() {
    for svar in servers() {
        let letter = &svar.letters[9];
        let t = token(&svar, &letter.code);
        let r = post_empty(&format!("{}/api/v1/respondent/decline", svar.url), Some(&t));
        assert_eq!(r.status, 200);
        assert_eq!(r.body["state"], "declined");
        assert_eq!(
            save(&svar, &t, "p_about", 0, json!({"born_sweden": "yes"})).status,
            409
        );
        let relogin = login(&svar, &letter.code);
        assert_eq!(relogin.status, 409);
        assert_eq!(
            relogin.body["type"],
            "https://svar.invalid/problems/declined"
        );
        let mut conn = svar.db.pool.get().unwrap();
        let case_id = svar_core::db::cases::ids_of_survey(&mut conn, svar.survey_id).unwrap()[9];
        let case = svar_core::db::cases::find(&mut conn, case_id)
            .unwrap()
            .unwrap();
        assert_eq!(case.state, "declined");
        assert_eq!(case.disposition, "2.111");
        let kinds: Vec<String> = svar_core::db::events::for_case(&mut conn, case_id)
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, ["login", "decline"]);
    }
}

/// The `Accept-Encoding` a phone's browser sends.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

#[test]
fn short_replies_go_out_uncompressed_and_long_ones_compressed() {
    // Compression does not touch the database: one backend is enough.
    let svar = servers().remove(0);
    let token = token(&svar, &svar.letters[0].code);
    let saved = ureq::request(
        "PUT",
        &format!("{}/api/v1/respondent/pages/p_about", svar.url),
    )
    .set("Authorization", &format!("Bearer {token}"))
    .set("Accept-Encoding", BROWSER_ENCODINGS)
    .send_json(json!({"version": 0, "answers": {"born_sweden": "yes"}}))
    .expect("a save");
    assert_eq!(saved.header("content-encoding"), None);
    let reply: Value = saved.into_json().expect("a save's reply is plain JSON");
    assert_eq!(reply["version"], 1);

    let refused = ureq::post(&format!("{}/api/v1/respondent/session", svar.url))
        .set("Accept-Encoding", BROWSER_ENCODINGS)
        .send_json(json!({"code": "not a code"}));
    let Err(ureq::Error::Status(status, problem)) = refused else {
        panic!("a malformed code must be refused");
    };
    assert!(status >= 400);
    assert_eq!(problem.header("content-encoding"), None);
    let problem: Value = problem.into_json().expect("a problem is plain JSON");
    assert_eq!(problem["status"], status);

    let long = ureq::get(&format!(
        "{}/api/v1/respondent/questionnaire?lang=sv",
        svar.url
    ))
    .set("Authorization", &format!("Bearer {token}"))
    .set("Accept-Encoding", BROWSER_ENCODINGS)
    .call()
    .expect("the questionnaire");
    assert_eq!(long.header("content-encoding"), Some("gzip"));
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut long.into_reader(), &mut bytes).expect("the body");
    assert_eq!(bytes.get(..2), Some(&[0x1f, 0x8b][..]), "a gzip stream");
}

#[test]
fn a_cascading_select_offers_the_municipalities_of_the_region_answered() {
    for svar in servers_with_form("cascading.xlsx") {
        let t = token(&svar, &svar.letters[0].code);
        let offered = |q: &Value| -> Vec<String> {
            item(q, "municipality")["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap().to_string())
                .collect()
        };
        assert!(offered(&questionnaire(&svar, &t, "sv")).is_empty());
        // The region's default fills the page until the respondent saves it.
        let first = page(&svar, &t, "region");
        assert_eq!(first.body["answers"]["region"], "ab", "{}", first.body);
        // Left out, the region is asked for in the form's own words.
        let missing = save(&svar, &t, "region", 0, json!({}));
        assert_eq!(missing.status, 422, "{}", missing.body);
        assert_eq!(missing.body["errors"][0]["code"], "required");
        assert_eq!(
            missing.body["errors"][0]["message"],
            "Välj det län du bor i."
        );
        let r = save(&svar, &t, "region", 0, json!({"region": "o"}));
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(offered(&questionnaire(&svar, &t, "sv")), ["boras"]);
        // A municipality of another region is refused, one of the region kept.
        let municipality = |name: &str| {
            let answers = json!({ "municipality": name });
            save(&svar, &t, "municipality", 1, answers)
        };
        let wrong = municipality("solna");
        assert_eq!(wrong.status, 422, "{}", wrong.body);
        assert_eq!(wrong.body["errors"][0]["code"], "unknown_choice");
        let right = municipality("boras");
        assert_eq!(right.status, 200, "{}", right.body);
    }
}

#[test]
fn a_client_learns_a_scale_and_gets_a_code_for_each_wrong_kind_of_answer() {
    for svar in servers_with_form("types.xlsx") {
        let t = token(&svar, &svar.letters[0].code);
        let q = questionnaire(&svar, &t, "en");
        assert_eq!(item(&q, "trust")["type"], "range");
        assert_eq!(
            item(&q, "trust")["range"],
            json!({"start": 0.0, "end": 10.0, "step": 1.0})
        );
        assert_eq!(item(&q, "visit_time")["type"], "time");
        assert_eq!(item(&q, "booked_at")["type"], "datetime");
        assert_eq!(item(&q, "consent")["type"], "acknowledge");
        assert_eq!(item(&q, "office")["read_only"], true);
        let mut reasons: Vec<&str> = item(&q, "reasons")["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            questionnaire(&svar, &t, "en")["pages"],
            q["pages"],
            "a randomized select keeps its order for the case"
        );
        reasons.sort_unstable();
        assert_eq!(
            reasons,
            ["family", "love", "other", "refuge", "study", "work"]
        );
        assert_eq!(item(&q, "trust")["read_only"], false);
        let wrong = save(
            &svar,
            &t,
            "visit",
            0,
            json!({"visit_time": "9.30", "booked_at": "tomorrow", "trust": 10.5,
                   "consent": "yes", "office": "Malmö"}),
        );
        assert_eq!(wrong.status, 422, "{}", wrong.body);
        let codes: Vec<(String, String)> = wrong.body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let field = e["item"].as_str().unwrap_or_default().to_string();
                (field, e["code"].as_str().unwrap().to_string())
            })
            .collect();
        for expected in [
            ("visit_time", "not_time"),
            ("booked_at", "not_date_time"),
            ("trust", "out_of_range"),
            ("consent", "not_acknowledged"),
            ("office", "not_on_page"),
        ] {
            assert!(
                codes.contains(&(expected.0.to_string(), expected.1.to_string())),
                "{expected:?} in {codes:?}"
            );
        }
        let right = save(
            &svar,
            &t,
            "visit",
            0,
            json!({"visit_time": "18:05", "trust": 0, "consent": true}),
        );
        assert_eq!(right.status, 200, "{}", right.body);
        let stored = page(&svar, &t, "visit").body["answers"].clone();
        assert_eq!(stored["consent"], "OK");
        assert_eq!(stored["trust"], 0);
    }
}

#[test]
fn a_household_roster_is_answered_member_by_member_and_resumed_where_it_was_left() {
    for svar in servers_with_form("roster.xlsx") {
        let backend = svar.backend_name();
        let code = &svar.letters[0].code;
        let t = token(&svar, code);
        let q = questionnaire(&svar, &t, "en");
        let page_of = |q: &Value, id: &str| -> Value {
            q["pages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["id"] == id)
                .cloned()
                .unwrap_or_else(|| panic!("{backend}: no page {id}"))
        };
        let second = page_of(&q, "member~2");
        assert_eq!(second["repeat"], "member");
        assert_eq!(second["instance"], 2);
        assert_eq!(second["title"], "Household member 2");
        assert_eq!(second["relevant"], false, "no household size yet");

        let version = std::cell::Cell::new(0);
        let put = |page: &str, answers: Value| -> Value {
            let r = save(&svar, &t, page, version.get(), answers);
            assert_eq!(r.status, 200, "{backend} {page}: {}", r.body);
            version.set(r.body["version"].as_i64().unwrap());
            r.body["next_page"].clone()
        };
        assert_eq!(put("hh_size", json!({"hh_size": 2})), "member~1");
        assert_eq!(
            put(
                "member~1",
                json!({"m_name~1": "Amal", "m_born~1": "sy", "m_arrived~1": 2015})
            ),
            "member~2"
        );
        // A session opened again resumes at the second member.
        let again = login(&svar, code);
        assert_eq!(again.status, 201, "{backend}: {}", again.body);
        assert_eq!(again.body["resume_page"], "member~2");
        let stored = page(&svar, &t, "member~1");
        assert_eq!(stored.body["answers"]["m_name~1"], "Amal");
        assert_eq!(
            stored.body["answers"].as_object().unwrap().len(),
            5,
            "the page's answers, its computed values among them: {}",
            stored.body
        );

        // An answer for another member is not on this member's page.
        let other = save(
            &svar,
            &t,
            "member~2",
            version.get(),
            json!({"m_name~1": "Ali"}),
        );
        assert_eq!(other.status, 422, "{backend}: {}", other.body);
        let codes: Vec<(&str, &str)> = other.body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["item"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert!(codes.contains(&("m_name~1", "not_on_page")), "{codes:?}");
        assert!(codes.contains(&("m_name~2", "required")), "{codes:?}");

        assert_eq!(
            put("member~2", json!({"m_name~2": "Erik", "m_born~2": "se"})),
            "summary"
        );
        // The second member's questions name the second member.
        let q = questionnaire(&svar, &t, "en");
        assert_eq!(item(&q, "m_born~2")["label"], "Where was Erik born?");
        assert_eq!(page_of(&q, "member~3")["relevant"], false);
        let q = questionnaire(&svar, &t, "en");
        assert_eq!(
            item(&q, "summary")["label"],
            "2 people, 1 born abroad; first Amal."
        );
        assert_eq!(put("summary", json!({})), "c_name~1");
        assert_eq!(put("c_name~1", json!({"c_name~1": "Sara"})), "c_age~1");
        assert_eq!(put("c_age~1", json!({"c_age~1": 7})), "child~2~add");
        let q = questionnaire(&svar, &t, "en");
        assert_eq!(item(&q, "child~2~add")["label"], "Child: add another?");
        assert_eq!(put("child~2~add", json!({"child~2~add": "no"})), "done");
        let submitted = post_empty(&format!("{}/api/v1/respondent/submit", svar.url), Some(&t));
        assert_eq!(submitted.status, 200, "{backend}: {}", submitted.body);

        // A field manager downloads the members as a file of their own, a row per member.
        add_user(&svar, "admin@scb.se", Role::Admin);
        let admin = manager_token(&svar, "admin@scb.se");
        let members = download(
            &format!(
                "{}/api/v1/surveys/{}/export/repeat-member.csv?labels=en",
                svar.url, svar.survey_id
            ),
            &admin,
        );
        assert_eq!(members.status, 200, "{backend}");
        assert_eq!(
            members.disposition,
            format!(
                "attachment; filename=\"survey-{}-repeat-member-labels-en.csv\"",
                svar.survey_id
            )
        );
        let text = String::from_utf8(members.bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "case_id,instance,m_number,m_name,m_born,m_arrived,m_abroad"
        );
        assert_eq!(lines.len(), 3, "{backend}: {text}");
        assert!(lines[1].ends_with(",1,1,Amal,Syria,2015,1"), "{}", lines[1]);
        assert!(lines[2].ends_with(",2,2,Erik,Sweden,,0"), "{}", lines[2]);
    }
}
