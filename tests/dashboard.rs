//! The field managers' dashboard (`/manage`) over plain HTTP, as a browser without JavaScript
//! uses it, on SQLite and on PostgreSQL: logging in with the management API's accounts (same
//! check, same throttle), CSRF on every form, grants and roles as the API has them, logout
//! revoking the session's token, the figures of the survey page equal to the JSON API's, and
//! the page's live stream authenticated by the session cookie. Every answer is checked
//! against openapi.yaml and for the dashboard's security headers.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use std::io::BufReader;
use std::time::{Duration, Instant};
use support::dashboard_client::DashboardClient;
use support::dashboard_team::{some_fieldwork, team, MANAGER, STRANGER, VIEWER};
use support::fieldwork::{answer_pages, next_event, respondent_post};
use support::html_reply::HtmlReply as Page;
use support::manager::{add_user, api_get, api_send, login, PASSWORD};
use support::{servers, Svar};
use svar_core::accounts::Role;

/// A browser logged in as `email`.
fn logged_in(svar: &Svar, email: &str) -> DashboardClient {
    let browser = DashboardClient::new(svar);
    let r = browser.log_in(email, PASSWORD);
    assert_eq!(r.status, 303, "{email} logs in: {}", r.body);
    assert_eq!(r.location(), "/manage");
    browser
}

fn survey_path(svar: &Svar, query: &str) -> String {
    format!("/manage/surveys/{}{query}", svar.survey_id)
}

/// A GET with only `cookie` as the session (a fresh browser that has nothing else).
fn get_with_session(svar: &Svar, path: &str, cookie: &str) -> Page {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let result = agent
        .get(&format!("{}{path}", svar.url))
        .set("Cookie", &format!("svar_manage_session={cookie}"))
        .call();
    Page::read("GET", path, result)
}

/// A rate as the page prints it: a percentage with one decimal in the page's language, or
/// the dash with the words for "not defined".
fn printed_rate(rate: &Value, lang: &str) -> String {
    match rate.as_f64() {
        None if lang == "sv" => "–ej definierad".to_string(),
        None => "–not defined".to_string(),
        Some(v) => {
            let text = format!("{:.1}", v * 100.0);
            if lang == "sv" {
                text.replace('.', ",")
            } else {
                text
            }
        }
    }
}

/// The page's row for `group` is the JSON's: label, sample, I, P, R, NC, RR1, RR2, target.
fn assert_row_matches(page: &Page, key: &str, group: &Value, lang: &str, ctx: &str) {
    let row = page.row(key);
    let count = |b: &str| group["counts"][b].as_i64().unwrap().to_string();
    let expected = [
        group["sample"].as_i64().unwrap().to_string(),
        count("I"),
        count("P"),
        count("R"),
        count("NC"),
        printed_rate(&group["rates"]["RR1"], lang),
        printed_rate(&group["rates"]["RR2"], lang),
        printed_rate(&group["target"], lang),
    ];
    assert_eq!(&row[1..9], &expected[..], "{ctx}: row {key}");
}

#[test]
fn a_wrong_password_shows_the_form_again_with_an_error_and_no_session() {
    for svar in servers() {
        let ctx = svar.backend_name();
        add_user(&svar, MANAGER, Role::Manager);
        let browser = DashboardClient::new(&svar);
        let refused = browser.log_in(MANAGER, "not the password");
        assert_eq!(refused.status, 200, "{ctx}: {}", refused.body);
        assert!(
            refused
                .body
                .contains("The e-mail address or the password is wrong"),
            "{ctx}: the JSON login's wording: {}",
            refused.body
        );
        assert!(refused.body.contains("action=\"/manage/login\""), "{ctx}");
        assert!(
            refused.body.contains("value=\"manager@scb.se\""),
            "{ctx}: the address typed is kept"
        );
        assert!(refused.set_cookie("svar_manage_session").is_none(), "{ctx}");
        assert!(browser.cookie("svar_manage_session").is_none(), "{ctx}");
        assert!(
            refused.body.contains("href=\"/manage?lang=sv\""),
            "{ctx}: the language links of a posted form lead to a page a GET reaches"
        );

        // In Swedish, and the language is remembered.
        let sv = browser.get("/manage?lang=sv");
        assert!(
            sv.body.starts_with("<!DOCTYPE html>\n<html lang=\"sv\""),
            "{ctx}"
        );
        assert!(sv.set_cookie("svar_manage_lang").is_some(), "{ctx}");
        let refused = browser.log_in("nobody@scb.se", "whatever");
        assert!(
            refused
                .body
                .contains("E-postadressen eller lösenordet är fel"),
            "{ctx}: {}",
            refused.body
        );

        // The right password: a session cookie as the pages need it.
        let ok = browser.log_in(MANAGER, PASSWORD);
        assert_eq!(ok.status, 303, "{ctx}: {}", ok.body);
        let cookie = ok.set_cookie("svar_manage_session").unwrap().to_string();
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/manage", "Max-Age=900"] {
            assert!(cookie.contains(attribute), "{ctx}: {cookie}");
        }
        assert!(!cookie.contains("Secure"), "{ctx}: served over http");
        let list = browser.get("/manage/");
        assert_eq!(list.status, 200, "{ctx}: /manage/ is /manage");
        assert!(list.body.contains("Undersökningar"), "{ctx}: {}", list.body);
        // The cookie holds the API's own access token.
        let session = browser.cookie("svar_manage_session").unwrap();
        let me = api_get(&svar, "/api/v1/auth/me", Some(&session));
        assert_eq!(me.status, 200, "{ctx}: {}", me.body);
    }
}

#[test]
fn failed_logins_through_the_api_throttle_the_form_too() {
    for svar in servers() {
        let ctx = svar.backend_name();
        add_user(&svar, MANAGER, Role::Manager);
        for _ in 0..5 {
            assert_eq!(login(&svar, MANAGER, "guess").status, 401, "{ctx}");
        }
        let browser = DashboardClient::new(&svar);
        let throttled = browser.log_in(MANAGER, PASSWORD);
        assert_eq!(throttled.status, 429, "{ctx}: {}", throttled.body);
        assert!(!throttled.header("retry-after").is_empty(), "{ctx}");
        assert!(
            throttled.body.contains("Too many failed logins"),
            "{ctx}: {}",
            throttled.body
        );
        assert!(throttled.set_cookie("svar_manage_session").is_none());
    }
}

#[test]
fn a_form_without_its_csrf_token_is_refused_and_changes_nothing() {
    for svar in servers() {
        let ctx = svar.backend_name();
        team(&svar);
        let browser = DashboardClient::new(&svar);
        let form = browser.get("/manage");
        let good = form.hidden_value("_csrf");
        for fields in [
            vec![("email", MANAGER), ("password", PASSWORD)],
            vec![
                ("_csrf", "0123"),
                ("email", MANAGER),
                ("password", PASSWORD),
            ],
        ] {
            let r = browser.post("/manage/login", &fields);
            assert_eq!(r.status, 403, "{ctx}: {}", r.body);
            assert!(r.set_cookie("svar_manage_session").is_none(), "{ctx}");
        }
        // Another site's page cannot read the cookie: the token alone is refused too.
        let elsewhere = DashboardClient::new(&svar);
        let r = elsewhere.post(
            "/manage/login",
            &[("_csrf", &good), ("email", MANAGER), ("password", PASSWORD)],
        );
        assert_eq!(r.status, 403, "{ctx}");
        assert!(browser.cookie("svar_manage_session").is_none(), "{ctx}");

        // Logged in, a logout without the session's token ends nothing.
        let browser = logged_in(&svar, MANAGER);
        let session = browser.cookie("svar_manage_session").unwrap();
        let page = browser.get(&survey_path(&svar, ""));
        assert_eq!(page.status, 200, "{ctx}");
        for fields in [vec![], vec![("_csrf", good.as_str())]] {
            let r = browser.post("/manage/logout", &fields);
            assert_eq!(r.status, 403, "{ctx}: {}", r.body);
        }
        assert_eq!(
            api_get(&svar, "/api/v1/auth/me", Some(&session)).status,
            200,
            "{ctx}: the token still holds"
        );
        assert_eq!(browser.get(&survey_path(&svar, "")).status, 200, "{ctx}");
    }
}

#[test]
fn a_survey_not_granted_is_not_found_and_a_viewer_sees_the_page_without_personal_data() {
    for svar in servers() {
        let ctx = svar.backend_name();
        team(&svar);
        let link = format!("href=\"/manage/surveys/{}\"", svar.survey_id);

        let stranger = logged_in(&svar, STRANGER);
        assert!(!stranger.get("/manage").body.contains(&link), "{ctx}");
        for path in [
            survey_path(&svar, ""),
            format!("/manage/surveys/{}", svar.survey_id + 1000),
            "/manage/surveys/x".to_string(),
        ] {
            let r = stranger.get(&path);
            assert_eq!(r.status, 404, "{ctx}: {path}");
            assert!(r.body.contains("Page not found"), "{ctx}: {}", r.body);
        }

        let viewer = logged_in(&svar, VIEWER);
        let list = viewer.get("/manage");
        assert!(list.body.contains(&link), "{ctx}: {}", list.body);
        let page = viewer.get(&survey_path(&svar, "?variables=sex"));
        assert_eq!(page.status, 200, "{ctx}: {}", page.body);
        assert_eq!(page.row("SE")[0], "Född i Sverige", "{ctx}");
        assert!(page.body.contains("<th scope=\"col\""), "{ctx}");
        for letter in &svar.letters {
            assert!(
                !page.body.contains(&letter.person_id) && !page.body.contains(&letter.code),
                "{ctx}: no personal data"
            );
        }

        let anonymous = DashboardClient::new(&svar);
        let r = anonymous.get(&survey_path(&svar, ""));
        assert_eq!(r.status, 303, "{ctx}");
        assert_eq!(r.location(), "/manage", "{ctx}");
    }
}

#[test]
fn logout_ends_the_session_and_revokes_its_token() {
    for svar in servers() {
        let ctx = svar.backend_name();
        team(&svar);
        let browser = logged_in(&svar, MANAGER);
        let session = browser.cookie("svar_manage_session").unwrap();
        let page = browser.get(&survey_path(&svar, ""));
        let csrf = page.hidden_value("_csrf");
        let out = browser.post("/manage/logout", &[("_csrf", &csrf)]);
        assert_eq!(out.status, 303, "{ctx}: {}", out.body);
        assert_eq!(out.location(), "/manage");
        assert!(
            out.set_cookie("svar_manage_session")
                .is_some_and(|c| c.contains("Max-Age=0")),
            "{ctx}: {:?}",
            out.set_cookies
        );
        assert!(
            browser
                .get("/manage")
                .body
                .contains("action=\"/manage/login\""),
            "{ctx}: back at the log-in form"
        );
        // The token the cookie held is revoked everywhere, as after the API's logout.
        let again = get_with_session(&svar, &survey_path(&svar, ""), &session);
        assert_eq!(again.status, 303, "{ctx}");
        assert_eq!(
            api_get(&svar, "/api/v1/auth/me", Some(&session)).status,
            401,
            "{ctx}"
        );
    }
}

#[test]
fn the_survey_page_shows_the_figures_of_the_json_api() {
    for svar in servers() {
        let ctx = svar.backend_name();
        let admin = team(&svar);
        some_fieldwork(&svar);
        let browser = logged_in(&svar, MANAGER);
        let statistics = |query: &str| {
            let path = format!("/api/v1/surveys/{}/statistics{query}", svar.survey_id);
            let r = api_get(&svar, &path, Some(&admin));
            assert_eq!(r.status, 200, "{ctx}: {}", r.body);
            r.body
        };

        for lang in ["en", "sv"] {
            let page = browser.get(&survey_path(&svar, &format!("?lang={lang}")));
            assert_eq!(page.status, 200, "{ctx}");
            let json = statistics("");
            for group in json["groups"].as_array().unwrap() {
                let key = group["key"].as_str().unwrap();
                assert_row_matches(&page, key, group, lang, &ctx);
                assert_eq!(page.row(key)[0], group["label"].as_str().unwrap());
            }
            assert_row_matches(&page, "__overall", &json["overall"], lang, &ctx);
            assert!(
                page.body.contains(&format!(
                    "data-live-url=\"/manage/surveys/{}/stream\"",
                    svar.survey_id
                )),
                "{ctx}: by stratum the table follows the stream"
            );
        }
        let completes = statistics("")["overall"]["counts"]["I"].clone();
        assert_eq!(completes, 3, "{ctx}");

        // Grouped by an auxiliary variable of the sample, through the GET form.
        let page = browser.get(&survey_path(&svar, "?by=sex&lang=en"));
        let json = statistics("?by=sex");
        for group in json["groups"].as_array().unwrap() {
            assert_row_matches(&page, group["key"].as_str().unwrap(), group, "en", &ctx);
        }
        assert!(page.body.contains("Response by sex"), "{ctx}");
        assert!(!page.body.contains("data-live-url"), "{ctx}");
        // A name the sample lacks is ignored: the strata.
        let page = browser.get(&survey_path(&svar, "?by=nonsense"));
        assert_eq!(page.status, 200, "{ctx}");
        assert!(page.body.contains("<tr data-key=\"SE\">"), "{ctx}");

        // The R-indicators of the JSON API, with the chart and its table.
        let path = format!(
            "/api/v1/surveys/{}/representativity?variables=sex",
            svar.survey_id
        );
        let r = api_get(&svar, &path, Some(&admin)).body;
        let page = browser.get(&survey_path(&svar, "?variables=sex&lang=en"));
        let r_printed = format!("{:.3}", r["R"].as_f64().unwrap());
        assert!(
            page.body
                .contains(&format!("<td class=\"num\">{r_printed}</td>")),
            "{ctx}: R = {r_printed}: {}",
            page.body
        );
        let categories: usize = r["partial"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["categories"].as_array().unwrap().len())
            .sum();
        let table = page.body.split("id=\"partials\"").nth(1).unwrap();
        let table = table.split("</table>").next().unwrap();
        assert_eq!(table.matches("<tr><td>").count(), categories, "{ctx}");
        assert!(page.body.contains("<svg class=\"dash-chart\" role=\"img\""));
        assert_eq!(
            page.body.matches("class=\"dash-bar-").count(),
            categories,
            "{ctx}: a bar per category"
        );
    }
}

#[test]
fn the_page_stream_sends_the_statistics_with_the_session_cookie() {
    for svar in servers() {
        let ctx = svar.backend_name();
        let admin = team(&svar);
        let browser = logged_in(&svar, VIEWER);
        let session = browser.cookie("svar_manage_session").unwrap();
        let url = format!("{}/manage/surveys/{}/stream", svar.url, svar.survey_id);
        let agent = ureq::AgentBuilder::new()
            .timeout_read(Duration::from_secs(5))
            .build();
        let open = |cookie: Option<&str>, bearer: Option<&str>| {
            let mut req = agent.get(&url);
            if let Some(c) = cookie {
                req = req.set("Cookie", &format!("svar_manage_session={c}"));
            }
            if let Some(t) = bearer {
                req = req.set("Authorization", &format!("Bearer {t}"));
            }
            req.call().map_err(|e| match e {
                ureq::Error::Status(status, _) => status,
                other => panic!("{other}"),
            })
        };
        let reply = open(Some(&session), None).unwrap();
        assert_eq!(reply.content_type(), "text/event-stream", "{ctx}");
        let mut events = BufReader::new(reply.into_reader());
        let first = next_event(&mut events);
        let path = format!("/api/v1/surveys/{}/statistics", svar.survey_id);
        let mut json = api_get(&svar, &path, Some(&admin)).body;
        json["as_of"] = first["as_of"].clone();
        assert_eq!(first, json, "{ctx}: the JSON API's statistics");

        let submitted = Instant::now();
        let t = answer_pages(&svar, &svar.letters[7].code, 5);
        respondent_post(&svar, &t, "submit");
        let changed = next_event(&mut events);
        assert_eq!(changed["overall"]["counts"]["I"], 1, "{ctx}: {changed}");
        assert!(submitted.elapsed() < Duration::from_secs(3), "{ctx}");

        // Only the session cookie opens it: not the API's Bearer header, not a stranger.
        assert_eq!(open(None, None).err(), Some(401), "{ctx}");
        assert_eq!(open(None, Some(&admin)).err(), Some(401), "{ctx}");
        let stranger = logged_in(&svar, STRANGER);
        let stranger = stranger.cookie("svar_manage_session").unwrap();
        assert_eq!(open(Some(&stranger), None).err(), Some(404), "{ctx}");
    }
}

#[test]
fn the_survey_page_follows_fieldwork_and_sends_a_step_to_the_lagging_strata() {
    for svar in servers() {
        let ctx = svar.backend_name();
        let admin = team(&svar);
        some_fieldwork(&svar);
        let plan = serde_json::json!({"steps": [
            {"name": "last-call", "channel": "email", "after": "fielding", "days": 40,
             "targets": "not_submitted",
             "templates": {"sv": {"subject": "Påminnelse: {{survey}}",
                                  "body": "Hej {{name}}!\n{{code}}\n{{link}}\nAvstå: {{opt_out}}"}}}
        ]});
        let api_path = |p: &str| format!("/api/v1/surveys/{}{p}", svar.survey_id);
        let r = api_send(
            &svar,
            "PUT",
            &api_path("/contact-plan"),
            Some(&admin),
            &plan,
        );
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);
        let settings = serde_json::json!({"lag_threshold": 0.001, "cost": {"per_letter": 10}});
        let r = api_send(
            &svar,
            "PUT",
            &api_path("/monitoring-settings"),
            Some(&admin),
            &settings,
        );
        assert_eq!(r.status, 200, "{ctx}: {}", r.body);
        let lagging: Vec<String> = api_get(&svar, &api_path("/statistics/lagging"), Some(&admin))
            .body["strata"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["stratum"].as_str().unwrap().to_string())
            .collect();
        assert!(!lagging.is_empty(), "{ctx}: strata without a response lag");
        let cost = api_get(&svar, &api_path("/statistics/cost"), Some(&admin)).body;

        // The page has the curve, the cost and the lagging strata, in the JSON's figures.
        let manager = logged_in(&svar, MANAGER);
        let page = manager.get(&survey_path(&svar, "?lang=en"));
        assert_eq!(page.status, 200, "{ctx}");
        for section in ["id=\"response-curve\"", "id=\"costs\"", "id=\"lagging\""] {
            assert!(page.body.contains(section), "{ctx}: {section}");
        }
        assert!(page.body.contains("<polyline"), "{ctx}: the curve is drawn");
        let letters = cost["overall"]["letters"].as_i64().unwrap();
        assert!(
            page.body
                .contains(&format!("<td class=\"num\">{letters}</td>")),
            "{ctx}: the letters sent, as the API counts them"
        );
        let listed = page.body.matches("below target").count()
            + page.body.matches("under-represented").count();
        assert!(
            listed >= lagging.len(),
            "{ctx}: every lagging stratum says why"
        );
        // R over strata × two auxiliaries, offered as the pair the import counted.
        assert!(page.body.contains(">age_group × sex</option>"), "{ctx}");
        let joint = api_get(
            &svar,
            &api_path("/representativity?variables=sex,age_group"),
            Some(&admin),
        )
        .body;
        let paired = manager.get(&survey_path(&svar, "?lang=en&variables=age_group,sex"));
        assert_eq!(paired.status, 200, "{ctx}");
        let r = joint["R"]
            .as_f64()
            .map_or("–".to_string(), |r| format!("{r:.3}"));
        assert!(paired.body.contains(&r), "{ctx}: R {r} over both");
        let viewer_page = logged_in(&svar, VIEWER).get(&survey_path(&svar, ""));
        assert!(
            !viewer_page.body.contains("/remind\""),
            "{ctx}: a viewer has no reminder form"
        );

        // Without the session's token nothing is sent.
        let remind = format!("/manage/surveys/{}/remind", svar.survey_id);
        let refused = manager.post(&remind, &[("step", "last-call")]);
        assert_eq!(refused.status, 403, "{ctx}");
        let stored = api_get(&svar, &api_path("/contact-plan"), Some(&admin)).body;
        assert!(
            stored["steps"][0]["strata"].is_null(),
            "{ctx}: the plan is as it was"
        );

        // With it, the step goes to exactly the lagging strata, and the page says how many.
        let csrf = page.hidden_value("_csrf");
        let sent = manager.post(&remind, &[("_csrf", &csrf), ("step", "last-call")]);
        assert_eq!(sent.status, 303, "{ctx}: {}", sent.body);
        let location = sent.location().to_string();
        let scheduled = location.split("reminded=").nth(1).unwrap().to_string();
        let stored = api_get(&svar, &api_path("/contact-plan"), Some(&admin)).body;
        let mut strata: Vec<String> = stored["steps"][0]["strata"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        let mut expected = lagging.clone();
        strata.sort();
        expected.sort();
        assert_eq!(strata, expected, "{ctx}");
        let after = manager.get(&format!("{location}&lang=en"));
        assert!(
            after
                .body
                .contains(&format!("{scheduled} contacts were scheduled")),
            "{ctx}"
        );
        let unknown = manager.post(&remind, &[("_csrf", &csrf), ("step", "nonesuch")]);
        assert_eq!(unknown.status, 409, "{ctx}: nothing was sent");
    }
}
