//! The dashboard in a real browser: headless Chromium through ChromeDriver, on a laptop and a
//! tablet, with JavaScript on (the table follows the live stream) and off (the page is
//! complete without it), and audited by axe-core (WCAG 2.1 A and AA) in Swedish and English.
//! The numbers the browser shows are checked against the JSON API's, on both backends.
//!
//! Needs the Debian packages `chromium` and `chromium-driver` and axe-core; without them the
//! test says so and passes, unless `SVAR_REQUIRE_BROWSER` / `SVAR_REQUIRE_AXE` are set (CI).
//! Screenshots are written to `target/screenshots/dashboard-*.png`.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;
use support::axe::{axe_script, violations};
use support::dashboard_team::{some_fieldwork, team, MANAGER, VIEWER};
use support::fieldwork::{answer_pages, respondent_post};
use support::manager::{api_get, PASSWORD};
use support::webdriver::{Driver, Options, Session};
use support::{servers, Svar};

/// `target/screenshots` (under `CARGO_TARGET_DIR` when set).
fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| support::repo().join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn screenshot(s: &Session, name: &str) {
    let file = screenshot_dir().join(format!("dashboard-{name}.png"));
    s.screenshot(&file);
    assert!(
        std::fs::metadata(&file).unwrap().len() > 1000,
        "{name} has content"
    );
}

/// Logs in through the form and opens the survey's page in `lang`.
fn open_survey_page(s: &Session, svar: &Svar, email: &str, lang: &str) {
    s.goto(&format!("{}/manage?lang={lang}", svar.url));
    s.find("#field-email").send_keys(email);
    s.find("#field-password").send_keys(PASSWORD);
    s.find("form[action=\"/manage/login\"] button[type=\"submit\"]")
        .click();
    s.wait_for_path("/manage");
    let survey = format!("/manage/surveys/{}", svar.survey_id);
    s.find(&format!("a[href=\"{survey}\"]")).click();
    s.wait_for_path(&survey);
}

fn cell(s: &Session, key: &str, field: &str) -> String {
    s.find(&format!(
        "tr[data-key=\"{key}\"] td[data-field=\"{field}\"]"
    ))
    .text()
}

/// A printed percentage ("42,3" or "42.3") as a share.
fn share(text: &str) -> f64 {
    text.replace(',', ".").parse::<f64>().unwrap() / 100.0
}

/// Sample, I, P and RR2 of every stratum and of the overall row equal the JSON's.
fn assert_table_is_the_json(s: &Session, json: &Value, ctx: &str) {
    let mut rows: Vec<(String, &Value)> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap().to_string(), g))
        .collect();
    rows.push(("__overall".to_string(), &json["overall"]));
    for (key, group) in rows {
        for (field, value) in [
            ("sample", &group["sample"]),
            ("I", &group["counts"]["I"]),
            ("P", &group["counts"]["P"]),
        ] {
            assert_eq!(
                cell(s, &key, field),
                value.as_i64().unwrap().to_string(),
                "{ctx}: {key} {field}"
            );
        }
        let printed = cell(s, &key, "RR2");
        match group["rates"]["RR2"].as_f64() {
            Some(rr2) => assert!(
                (share(&printed) - rr2).abs() <= 0.0005 + 1e-12,
                "{ctx}: {key} RR2 {printed} vs {rr2}"
            ),
            None => assert!(printed.starts_with('–'), "{ctx}: {key} RR2 {printed}"),
        }
    }
}

fn statistics(svar: &Svar, admin: &str) -> Value {
    let path = format!("/api/v1/surveys/{}/statistics", svar.survey_id);
    let r = api_get(svar, &path, Some(admin));
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

fn fits_the_width(s: &Session) -> bool {
    s.run_script("return document.documentElement.scrollWidth <= window.innerWidth;") == true
}

#[test]
#[cfg_attr(
    any(svar_missing_chromium, svar_missing_chromedriver, svar_missing_axe),
    ignore = "chromium, chromedriver or axe-core not installed (tests/support/test_tools.rs)"
)]
fn the_dashboard_shows_the_api_figures_follows_the_stream_and_passes_axe() {
    let Some(axe) = axe_script() else {
        return;
    };
    let Some(driver) = Driver::start_or_skip(
        "the_dashboard_shows_the_api_figures_follows_the_stream_and_passes_axe",
    ) else {
        return;
    };
    for svar in servers() {
        let ctx = svar.backend_name();
        let admin = team(&svar);
        some_fieldwork(&svar);

        // The log-in form passes axe before anyone logs in.
        let s = driver.session(&Options::desktop("sv-SE,sv"));
        s.goto(&format!("{}/manage", svar.url));
        assert_eq!(
            violations(&s, &axe),
            Vec::<String>::new(),
            "{ctx}: log-in form"
        );

        // A laptop, in Swedish, with JavaScript: the table is the API's and follows the stream.
        open_survey_page(&s, &svar, MANAGER, "sv");
        s.wait_until("the live stream", |s| {
            s.find("#live-status").text().starts_with("Live")
        });
        assert_table_is_the_json(&s, &statistics(&svar, &admin), &ctx);
        assert_eq!(violations(&s, &axe), Vec::<String>::new(), "{ctx}: sv");
        screenshot(&s, &format!("laptop-sv-{}", ctx.to_lowercase()));
        for (section, name) in [
            ("partial-heading", "r-indicators"),
            ("curve-heading", "curve"),
            ("cost-heading", "cost-and-reminders"),
        ] {
            s.run_script(&format!(
                "document.getElementById('{section}').scrollIntoView(); return true;"
            ));
            screenshot(&s, &format!("laptop-sv-{name}-{}", ctx.to_lowercase()));
        }

        let before = cell(&s, "__overall", "I").parse::<i64>().unwrap();
        let t = answer_pages(&svar, &svar.letters[10].code, 5);
        respondent_post(&svar, &t, "submit");
        let after = (before + 1).to_string();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while cell(&s, "__overall", "I") != after {
            assert!(
                std::time::Instant::now() < deadline,
                "{ctx}: the submit did not reach the open page within 5 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_table_is_the_json(&s, &statistics(&svar, &admin), &ctx);
        assert!(
            s.find("#live-status").text().contains("uppdaterad"),
            "{ctx}: the live region says so"
        );

        // English, the same figures, no violation.
        let url = s.url();
        s.goto(&format!("{}?lang=en", url.split('?').next().unwrap()));
        assert_eq!(s.find("html").attribute("lang").as_deref(), Some("en"));
        assert_table_is_the_json(&s, &statistics(&svar, &admin), &ctx);
        assert_eq!(violations(&s, &axe), Vec::<String>::new(), "{ctx}: en");
        drop(s);

        // A tablet, a viewer: the page fits the width (the tables scroll in their own box).
        let tablet = driver.session(&Options::tablet("en-GB,en"));
        open_survey_page(&tablet, &svar, VIEWER, "en");
        assert!(fits_the_width(&tablet), "{ctx}: no sideways scrolling");
        assert_table_is_the_json(&tablet, &statistics(&svar, &admin), &ctx);
        screenshot(&tablet, &format!("tablet-en-{}", ctx.to_lowercase()));
        drop(tablet);

        // Without JavaScript the page is complete, with a refresh link and nothing "live".
        let plain = driver.session(&Options::desktop("en-GB,en").without_javascript());
        open_survey_page(&plain, &svar, VIEWER, "en");
        assert_table_is_the_json(&plain, &statistics(&svar, &admin), &ctx);
        assert_eq!(plain.find("#live-status").text(), "", "{ctx}");
        assert!(plain.try_find("a[href^=\"/manage/surveys/\"]").is_some());
        assert!(
            plain.try_find("svg.dash-chart").is_some(),
            "{ctx}: the chart"
        );
    }
}
