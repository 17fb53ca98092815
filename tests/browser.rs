//! The respondent's pages in a real browser: headless Chromium through ChromeDriver, as a
//! phone user, an Arabic reader and someone with JavaScript turned off would use them, and
//! as an accessibility audit checks them (axe-core, WCAG 2.1 A and AA).
//!
//! Needs the Debian packages `chromium` and `chromium-driver`. Without them these tests say
//! so and pass, unless `SVAR_REQUIRE_BROWSER` is set (CI), where they fail. Screenshots are
//! taken into the test's temporary folder; set `SVAR_SCREENSHOT_DIR` to keep copies.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use support::axe::{axe_script, violations};
use support::webdriver::{Driver, Options, Session};
use support::{servers, servers_with_form, temp_dir, Svar};
use svar_core::db::test_db::TestDatabase;

/// Where a test's screenshots go: a temporary folder, copied to `SVAR_SCREENSHOT_DIR` if set.
struct Screenshots {
    dir: PathBuf,
}

impl Screenshots {
    fn new() -> Screenshots {
        Screenshots {
            dir: temp_dir("browser-screens"),
        }
    }

    fn take(&self, session: &Session, name: &str) -> PathBuf {
        let file = self.dir.join(format!("{name}.png"));
        session.screenshot(&file);
        assert!(
            std::fs::metadata(&file).unwrap().len() > 1000,
            "{name} has content"
        );
        if let Some(keep) = std::env::var_os("SVAR_SCREENSHOT_DIR") {
            let keep = Path::new(&keep);
            std::fs::create_dir_all(keep).unwrap();
            std::fs::copy(&file, keep.join(format!("{name}.png"))).unwrap();
        }
        file
    }
}

impl Drop for Screenshots {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Types `typed` into the start page's code field and presses Start.
fn type_code(s: &Session, svar: &Svar, typed: &str) {
    s.goto(&format!("{}/", svar.url));
    s.find("#field-code").send_keys(typed);
    s.find("form[action=\"/start\"] button[type=\"submit\"]")
        .click();
}

/// Taps the answer `value` of the question `name` (on its label, as a finger would).
fn choose(s: &Session, name: &str, value: &str) {
    let input = s.find(&format!("input[name=\"{name}\"][value=\"{value}\"]"));
    let id = input.attribute("id").expect("the choice has an id");
    s.find(&format!("label[for=\"{id}\"]")).click();
    assert!(input.is_selected(), "{name} = {value} is ticked");
}

fn ticked(s: &Session, name: &str, value: &str) -> bool {
    s.find(&format!("input[name=\"{name}\"][value=\"{value}\"]"))
        .is_selected()
}

/// Types into the text field or text area `name`.
fn type_into(s: &Session, name: &str, text: &str) {
    let field = s.find(&format!("[name=\"{name}\"]"));
    field.clear();
    field.send_keys(text);
}

/// What the field `name` holds now.
fn field_value(s: &Session, name: &str) -> String {
    s.find(&format!("[name=\"{name}\"]"))
        .property("value")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn press_next(s: &Session) {
    s.find("button[name=\"_action\"][value=\"next\"]").click();
}

fn press_back(s: &Session) {
    s.find("button[name=\"_action\"][value=\"back\"]").click();
}

fn heading(s: &Session) -> String {
    s.find("h1").text()
}

/// Whether the page fits the window's width (no sideways scrolling on a phone).
fn fits_the_width(s: &Session) -> bool {
    s.run_script("return document.documentElement.scrollWidth <= window.innerWidth;") == true
}

#[test]
#[cfg_attr(
    any(svar_missing_chromium, svar_missing_chromedriver),
    ignore = "chromium or chromedriver not installed (Debian packages chromium, chromium-driver)"
)]
fn a_phone_user_types_the_code_answers_comes_back_later_and_submits() {
    let Some(driver) =
        Driver::start_or_skip("a_phone_user_types_the_code_answers_comes_back_later_and_submits")
    else {
        return;
    };
    let shots = Screenshots::new();
    for svar in servers() {
        let backend = svar.backend_name();
        let letter = &svar.letters[0];
        let phone = Options::phone("sv-SE,sv");
        {
            let s = driver.session(&phone);
            // The code as people type it: lowercase, spaces instead of dashes.
            let messy = format!(" {} ", letter.code.to_lowercase().replace('-', " "));
            type_code(&s, &svar, &messy);
            s.wait_for_path("/p/p_about");
            assert_eq!(heading(&s), "Om dig", "{backend}");
            assert!(fits_the_width(&s), "the question page fits a phone");

            // Born abroad: the year of arrival is asked, and then given.
            choose(&s, "born_sweden", "no");
            press_next(&s);
            s.find("#field-arrival_year");
            assert!(ticked(&s, "born_sweden", "no"), "the answer stays ticked");
            type_into(&s, "arrival_year", "1990");
            choose(&s, "swedish_level", "3");
            press_next(&s);
            s.wait_for_path("/p/p_democracy");
            assert_eq!(
                s.find("#field-years_note").text(),
                "Du har bott i Sverige i ungefär 37 år.",
                "the years are piped into the note"
            );
            assert!(fits_the_width(&s));
            choose(&s, "citizen", "no");
            shots.take(&s, &format!("question-sv-{backend}").to_lowercase());

            // Back: the previous page shows what was given, and this page's answer is kept.
            press_back(&s);
            s.wait_for_path("/p/p_about");
            assert!(ticked(&s, "born_sweden", "no"));
            assert_eq!(field_value(&s, "arrival_year"), "1990");
            assert!(ticked(&s, "swedish_level", "3"));
            press_next(&s);
            s.wait_for_path("/p/p_democracy");
            assert!(ticked(&s, "citizen", "no"), "kept when going back");
            // The browser is closed here, as a phone's tab is.
        }

        let s = driver.session(&phone);
        type_code(&s, &svar, &letter.code);
        s.wait_for_path("/p/p_social");
        assert_eq!(heading(&s), "Sociala kontakter", "{backend}: resumed");
        choose(&s, "lonely", "2");
        type_into(&s, "belonging", "7");
        press_next(&s);
        s.wait_for_path("/p/p_values");
        choose(&s, "equal_rights", "5");
        press_next(&s);
        s.wait_for_path("/p/p_end");
        type_into(&s, "comments", "Bra enkät.\nTack!");
        press_next(&s);
        s.wait_for_path("/review");
        assert_eq!(heading(&s), "Kontrollera dina svar");
        let review = s.find("main").text();
        for shown in [
            "Vilket år kom du för att bo i Sverige?\n1990",
            "Hur bra talar du svenska?\nGanska bra",
            "Är du svensk medborgare?\nNej",
            "Hur ofta känner du dig ensam?\nSällan",
            "Kvinnor och män ska ha samma rättigheter och möjligheter.\nInstämmer helt",
            "Bra enkät.\nTack!",
        ] {
            assert!(review.contains(shown), "{backend}: {shown} in\n{review}");
        }
        assert!(fits_the_width(&s), "the review fits a phone");
        s.find("form[action=\"/submit\"] button").click();
        s.wait_for_path("/thanks?lang=sv");
        assert_eq!(heading(&s), "Tack för dina svar!");
    }
}

#[test]
#[cfg_attr(
    any(svar_missing_chromium, svar_missing_chromedriver),
    ignore = "chromium or chromedriver not installed (Debian packages chromium, chromium-driver)"
)]
fn an_arabic_page_reads_right_to_left_and_its_next_button_works() {
    let Some(driver) =
        Driver::start_or_skip("an_arabic_page_reads_right_to_left_and_its_next_button_works")
    else {
        return;
    };
    let shots = Screenshots::new();
    for svar in servers() {
        let backend = svar.backend_name();
        let letter = svar.letter_in("ar");
        let s = driver.session(&Options::phone("ar,en;q=0.5"));
        // The link of the letter's QR code.
        s.goto(&letter.url);
        s.wait_for_path("/p/p_about");
        let html = s.find("html");
        assert_eq!(html.attribute("dir").as_deref(), Some("rtl"), "{backend}");
        assert_eq!(html.attribute("lang").as_deref(), Some("ar"));
        assert_eq!(heading(&s), "معلومات عنك");
        let next = s.find("button[name=\"_action\"][value=\"next\"]");
        assert_eq!(next.text(), "التالي");
        // Right to left on screen: the answers start at the right edge of the page.
        let (x, _, width, _) = s.find(".choice-label").rect();
        let (_, _, page_width, _) = s.find("main").rect();
        assert!(
            x + width > page_width * 0.6,
            "the first choice's label is on the right: x {x}, width {width} of {page_width}"
        );
        assert!(fits_the_width(&s));
        shots.take(&s, &format!("question-ar-{backend}").to_lowercase());

        choose(&s, "born_sweden", "yes");
        next.click();
        s.wait_for_path("/p/p_democracy");
        assert_eq!(s.find("html").attribute("dir").as_deref(), Some("rtl"));
        assert!(s.source().contains(">التالي</button>"));
        assert!(
            s.try_find("#field-citizen").is_some(),
            "the next page's questions"
        );
    }
}

#[test]
#[cfg_attr(
    any(svar_missing_chromium, svar_missing_chromedriver),
    ignore = "chromium or chromedriver not installed (Debian packages chromium, chromium-driver)"
)]
fn the_whole_path_works_with_javascript_turned_off() {
    let Some(driver) = Driver::start_or_skip("the_whole_path_works_with_javascript_turned_off")
    else {
        return;
    };
    for svar in servers() {
        let backend = svar.backend_name();
        let s = driver.session(&Options::desktop("sv-SE,sv").without_javascript());
        // JavaScript really is off in this window.
        s.goto("data:text/html,<title>off</title><script>document.title='on'</script>");
        assert_eq!(s.title(), "off", "scripts do not run");

        type_code(&s, &svar, &svar.letters[1].code);
        s.wait_for_path("/p/p_about");
        choose(&s, "born_sweden", "yes");
        press_next(&s);
        s.wait_for_path("/p/p_democracy");
        choose(&s, "citizen", "yes");
        type_into(&s, "democracy_importance", "8");
        choose(&s, "participation", "petition");
        choose(&s, "participation", "association");
        press_next(&s);
        // Being a citizen brings in the question about voting: the page is shown again with
        // it, without an error, and what was answered is kept.
        s.wait_until("the voting question", |s| {
            s.try_find("#field-voted_riksdag").is_some()
        });
        assert_eq!(s.path(), "/p/p_democracy?more=1", "{backend}");
        assert!(
            ticked(&s, "citizen", "yes"),
            "kept when the page is shown again"
        );
        assert!(
            s.try_find(".error-summary").is_none(),
            "no error for a question just shown"
        );
        assert!(
            s.try_find(".info-line").is_some(),
            "one line says why the page came back"
        );
        choose(&s, "voted_riksdag", "yes");
        press_next(&s);
        s.wait_for_path("/p/p_social");

        // The language switch is a plain form too.
        s.find("#language-select option[value=\"en\"]").click();
        s.find("form[action=\"/lang\"] button").click();
        // Read the source rather than an element: the page is being replaced while we look.
        s.wait_until("the page in English", |s| {
            s.source().contains("<html lang=\"en\"")
        });
        assert_eq!(s.path(), "/p/p_social", "{backend}");
        assert_eq!(heading(&s), "Social contacts");
        choose(&s, "lonely", "1");
        press_next(&s);
        s.wait_for_path("/p/p_values");
        press_next(&s);
        s.wait_for_path("/p/p_end");
        type_into(&s, "comments", "No script needed.");
        press_next(&s);
        s.wait_for_path("/review");
        let review = s.find("main").text();
        for shown in [
            "Were you born in Sweden?\nYes",
            "Signed a petition",
            "No script needed.",
        ] {
            assert!(review.contains(shown), "{backend}: {shown} in\n{review}");
        }
        s.find("form[action=\"/submit\"] button").click();
        s.wait_for_path("/thanks?lang=en");
        assert_eq!(heading(&s), "Thank you for your answers!");
    }
}

#[test]
#[cfg_attr(
    any(svar_missing_chromium, svar_missing_chromedriver, svar_missing_axe),
    ignore = "chromium, chromedriver or axe-core not installed (tests/support/test_tools.rs)"
)]
fn every_respondent_page_passes_the_wcag_checks_of_axe() {
    let Some(axe) = axe_script() else {
        return;
    };
    let Some(driver) = Driver::start_or_skip("every_respondent_page_passes_the_wcag_checks_of_axe")
    else {
        return;
    };
    // The markup is the same on both backends: SQLite only.
    let svar = Svar::start(TestDatabase::sqlite().unwrap());
    let mut found = Vec::new();
    let mut check = |s: &Session, page: &str| {
        for line in violations(s, &axe) {
            found.push(format!("{page}: {line}"));
        }
    };
    let s = driver.session(&Options::phone("sv-SE,sv"));
    // axe really runs here: a page made with faults gets them named.
    s.goto("data:text/html,<title>t</title><img src='x.png'><input type='text'>");
    let faults = violations(&s, &axe).join("\n");
    assert!(
        faults.contains("image-alt") && faults.contains("label"),
        "axe missed the faults: {faults}"
    );
    s.goto(&format!("{}/", svar.url));
    check(&s, "start page");
    type_code(&s, &svar, "ABCD-EFGH-JKMN-0");
    s.wait_until("the code's error", |s| {
        s.try_find(".error-summary, [role=alert]").is_some()
    });
    check(&s, "start page, wrong code");
    type_code(&s, &svar, &svar.letters[2].code);
    s.wait_for_path("/p/p_about");
    check(&s, "question page");
    press_next(&s);
    s.wait_until("the error summary", |s| {
        s.try_find(".error-summary, [role=alert]").is_some()
    });
    check(&s, "question page with errors");
    choose(&s, "born_sweden", "no");
    press_next(&s);
    type_into(&s, "arrival_year", "1990");
    choose(&s, "swedish_level", "3");
    press_next(&s);
    s.wait_for_path("/p/p_democracy");
    check(&s, "page of grids and multiple choice");
    s.goto(&format!("{}/review", svar.url));
    s.wait_for_path("/review");
    check(&s, "review");
    s.goto(&format!("{}/decline", svar.url));
    s.wait_for_path("/decline");
    check(&s, "decline");
    s.find("form[action=\"/submit\"] button, form[action=\"/decline\"] button")
        .click();
    s.wait_until("the last page", |s| {
        s.path().starts_with("/thanks") || s.path().starts_with("/declined")
    });
    check(&s, "last page");

    let s = driver.session(&Options::desktop("ar,en;q=0.5"));
    s.goto(&svar.letter_in("ar").url);
    s.wait_for_path("/p/p_about");
    check(&s, "Arabic question page");

    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}

#[test]
#[cfg_attr(
    any(svar_missing_chromium, svar_missing_chromedriver, svar_missing_axe),
    ignore = "chromium, chromedriver or axe-core not installed (tests/support/test_tools.rs)"
)]
fn times_scales_drop_downs_and_table_lists_pass_axe_and_fit_a_phone() {
    let Some(axe) = axe_script() else {
        return;
    };
    let Some(driver) =
        Driver::start_or_skip("times_scales_drop_downs_and_table_lists_pass_axe_and_fit_a_phone")
    else {
        return;
    };
    // The markup is the same on both backends: the first only.
    let svar = servers_with_form("types.xlsx").next().unwrap();
    let screens = Screenshots::new();
    let mut found = Vec::new();
    for (options, name) in [
        (Options::phone("sv-SE,sv"), "phone"),
        (Options::desktop("sv-SE,sv"), "desktop"),
    ] {
        let s = driver.session(&options);
        s.goto(&svar.letter_in("sv").url);
        s.wait_for_path("/p/visit");
        assert!(fits_the_width(&s), "{name}: the visit page fits");
        found.extend(
            violations(&s, &axe)
                .into_iter()
                .map(|v| format!("{name} visit: {v}")),
        );
        screens.take(&s, &format!("types-visit-{name}"));
        s.goto(&format!("{}/p/opinions", svar.url));
        s.wait_for_path("/p/opinions");
        assert!(fits_the_width(&s), "{name}: the table-list fits");
        found.extend(
            violations(&s, &axe)
                .into_iter()
                .map(|v| format!("{name} table: {v}")),
        );
        screens.take(&s, &format!("types-table-{name}"));
    }
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}

#[test]
#[cfg_attr(
    any(svar_missing_chromium, svar_missing_chromedriver, svar_missing_axe),
    ignore = "chromium, chromedriver or axe-core not installed (tests/support/test_tools.rs)"
)]
fn a_household_roster_is_answered_on_a_phone_and_passes_axe() {
    let Some(axe) = axe_script() else {
        return;
    };
    let Some(driver) =
        Driver::start_or_skip("a_household_roster_is_answered_on_a_phone_and_passes_axe")
    else {
        return;
    };
    // The markup is the same on both backends: the first only.
    let svar = servers_with_form("roster.xlsx").next().unwrap();
    let s = driver.session(&Options::phone("sv-SE,sv"));
    let mut found = Vec::new();
    let mut check = |s: &Session, what: &str| {
        assert!(fits_the_width(s), "{what} fits a phone");
        found.extend(
            violations(s, &axe)
                .into_iter()
                .map(|v| format!("{what}: {v}")),
        );
    };
    s.goto(&svar.letter_in("sv").url);
    s.wait_for_path("/p/hh_size");
    type_into(&s, "hh_size", "2");
    press_next(&s);
    s.wait_for_path("/p/member~1");
    assert_eq!(heading(&s), "Hushållsmedlem 1");
    check(&s, "a member's page");
    type_into(&s, "m_name~1", "Amal");
    choose(&s, "m_born~1", "sy");
    type_into(&s, "m_arrived~1", "2015");
    press_next(&s);
    s.wait_for_path("/p/member~2");
    type_into(&s, "m_name~2", "Erik");
    choose(&s, "m_born~2", "se");
    press_next(&s);
    s.wait_for_path("/p/summary");
    press_next(&s);
    s.wait_for_path("/p/c_name~1");
    type_into(&s, "c_name~1", "Sara");
    press_next(&s);
    s.wait_for_path("/p/c_age~1");
    type_into(&s, "c_age~1", "7");
    press_next(&s);
    s.wait_for_path("/p/child~2~add");
    check(&s, "the add-another page");
    choose(&s, "child~2~add", "no");
    press_next(&s);
    s.wait_for_path("/p/done");
    press_next(&s);
    s.wait_for_path("/review");
    check(&s, "the review");
    assert!(s.find("main").text().contains("Erik"));
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}
