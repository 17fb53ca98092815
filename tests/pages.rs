//! The respondent's HTML pages over plain HTTP, as a browser without JavaScript uses them: a
//! cookie jar, forms posted as they are served, every redirect seen. On SQLite and on
//! PostgreSQL. Every response any test receives is checked for the security headers and for
//! the absence of scripts.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use support::html_reply::{strip_tags, unescape, HtmlReply as Page};
use support::http::{get as api_get, send as api_send};
use support::{servers, servers_with_form, Svar};
use svar_core::db::test_db::TestDatabase;

const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

impl Page {
    /// The opening `<html …>` tag (its `lang` and `dir`).
    fn html_tag(&self) -> &str {
        let start = self.body.find("<html").unwrap_or(0);
        let end = self.body[start..]
            .find('>')
            .map_or(start, |e| start + e + 1);
        &self.body[start..end]
    }

    fn h1(&self) -> String {
        between(&self.body, "<h1", "</h1>")
            .map(|h| strip_tags(&format!("<h1{h}")))
            .unwrap_or_default()
    }

    /// A hidden field's value (`_csrf`, `_version`).
    fn hidden(&self, name: &str) -> String {
        inputs(&self.body)
            .into_iter()
            .rev()
            .find(|i| attr(i, "name") == Some(name) && attr(i, "type") == Some("hidden"))
            .and_then(|i| attr(&i, "value").map(str::to_string))
            .unwrap_or_else(|| panic!("no hidden {name} on the page:\n{}", self.body))
    }

    /// Whether the page asks the question `name` (an input or a text area of that name).
    fn asks(&self, name: &str) -> bool {
        self.body.contains(&format!("name=\"{name}\""))
    }

    /// What a text field shows.
    fn value_of(&self, name: &str) -> String {
        if let Some(area) = between(
            &self.body,
            &format!("name=\"{name}\" rows=\"5\" dir=\"auto\""),
            "</textarea>",
        ) {
            return unescape(&area[area.find('>').map_or(0, |i| i + 1)..]);
        }
        inputs(&self.body)
            .into_iter()
            .find(|i| attr(i, "name") == Some(name))
            .and_then(|i| attr(&i, "value").map(unescape))
            .unwrap_or_else(|| panic!("no field {name} on the page"))
    }

    /// The choices of `name` that are ticked.
    fn checked(&self, name: &str) -> Vec<String> {
        inputs(&self.body)
            .into_iter()
            .filter(|i| attr(i, "name") == Some(name) && attr(i, "checked").is_some())
            .filter_map(|i| attr(&i, "value").map(str::to_string))
            .collect()
    }

    /// The error summary above the form: (link, message) per line.
    fn error_summary(&self) -> Vec<(String, String)> {
        let Some(summary) = between(&self.body, "<div class=\"error-summary\"", "</ul>") else {
            return Vec::new();
        };
        assert!(
            summary.starts_with(" role=\"alert\""),
            "the summary is announced"
        );
        // Each line: a link to its field, or plain text for a message about the whole page
        // (href "").
        summary
            .split("<li>")
            .skip(1)
            .map(|li| {
                let li = li.split("</li>").next().unwrap();
                match li.strip_prefix("<a href=\"") {
                    Some(link) => {
                        let (href, rest) = link.split_once("\">").unwrap();
                        let message = rest.split("</a>").next().unwrap();
                        (href.to_string(), unescape(message))
                    }
                    None => (String::new(), unescape(li)),
                }
            })
            .collect()
    }

    /// The message printed beside the field `name`.
    fn field_error(&self, name: &str) -> Option<String> {
        between(&self.body, &format!("id=\"error-{name}\">"), "</p>").map(|p| {
            strip_tags(p)
                .trim()
                .trim_start_matches("Fel:")
                .trim()
                .to_string()
        })
    }

    /// The rows of the review page: (question, answer as shown).
    fn review_rows(&self) -> Vec<(String, String)> {
        self.body
            .split("<dt class=\"summary-question\">")
            .skip(1)
            .map(|row| {
                let (q, rest) = row.split_once("</dt>").unwrap();
                let a = between(rest, "<dd class=\"summary-answer\">", "</dd>").unwrap();
                (strip_tags(q), strip_tags(a))
            })
            .collect()
    }

    /// The text a reader sees (tags removed).
    fn text(&self) -> String {
        strip_tags(&self.body)
    }
}

fn between<'a>(s: &'a str, from: &str, to: &str) -> Option<&'a str> {
    let start = s.find(from)? + from.len();
    let end = s[start..].find(to)? + start;
    Some(&s[start..end])
}

/// The `<input …>` tags of a page.
fn inputs(body: &str) -> Vec<String> {
    body.split("<input")
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag.to_string()))
        .collect()
}

/// An attribute of a tag's text: `Some("")` for a boolean attribute such as `checked`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    if let Some(v) = between(tag, &format!(" {name}=\""), "\"") {
        return Some(v);
    }
    tag.split_whitespace().any(|w| w == name).then_some("")
}

/// What every response must carry, whatever the page.
fn check_headers_and_no_script(path: &str, page: &Page) {
    assert_eq!(page.header("content-security-policy"), CSP, "CSP on {path}");
    assert_eq!(
        page.header("x-frame-options"),
        "DENY",
        "no framing of {path}"
    );
    assert_eq!(
        page.header("referrer-policy"),
        "no-referrer",
        "no referrer from {path}"
    );
    assert!(
        !page.body.to_ascii_lowercase().contains("<script"),
        "{path} has no script"
    );
}

/// A respondent's browser without JavaScript: its own cookies, redirects not followed by
/// themselves so each 303 can be checked.
struct Browser {
    agent: ureq::Agent,
    base: String,
}

impl Browser {
    fn new(svar: &Svar) -> Browser {
        Browser::with_languages(svar, None)
    }

    /// A browser whose `Accept-Language` is `languages`.
    fn with_languages(svar: &Svar, languages: Option<&str>) -> Browser {
        let agent = ureq::AgentBuilder::new()
            .redirects(0)
            .timeout(Duration::from_secs(30));
        let agent = match languages {
            Some(l) => agent.middleware(AcceptLanguage(l.to_string())),
            None => agent,
        };
        Browser {
            agent: agent.build(),
            base: svar.url.clone(),
        }
    }

    fn read(method: &str, path: &str, result: Result<ureq::Response, ureq::Error>) -> Page {
        let page = Page::read(method, path, result);
        check_headers_and_no_script(path, &page);
        page
    }

    fn get(&self, path: &str) -> Page {
        Browser::read(
            "GET",
            path,
            self.agent.get(&format!("{}{path}", self.base)).call(),
        )
    }

    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        Browser::read(
            "POST",
            path,
            self.agent
                .post(&format!("{}{path}", self.base))
                .send_form(fields),
        )
    }

    /// Follows a 303 the way a browser does (a GET of its Location).
    fn follow(&self, page: Page) -> Page {
        assert_eq!(page.status, 303, "a redirect: {}", page.body);
        let to = page.location().to_string();
        assert!(to.starts_with('/'), "a local redirect: {to}");
        self.get(&to)
    }

    /// Types `code` on the start page and presses Start: the answer to the POST.
    fn type_code(&self, code: &str) -> Page {
        let start = self.get("/");
        assert_eq!(start.status, 200);
        let csrf = start.hidden("_csrf");
        let lang = start.hidden("lang");
        self.post(
            "/start",
            &[("_csrf", &csrf), ("lang", &lang), ("code", code)],
        )
    }

    /// Logs in with `code` on the start page and lands on the first page to answer.
    fn log_in(&self, code: &str) -> Page {
        let r = self.type_code(code);
        assert_eq!(r.status, 303, "login with {code}: {}", r.body);
        self.follow(r)
    }

    /// Fills in `fields` on the page at `path` as it is now and presses `action`.
    fn press(&self, path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(path);
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        self.press_on(&page, path, action, fields)
    }

    /// Fills in `fields` on an already loaded `page` and presses `action`; the page's hidden
    /// fields go with them, as a browser sends them.
    fn press_on(&self, page: &Page, path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = page.hidden("_csrf");
        let version = page.hidden("_version");
        let shown = page.hidden("_shown");
        let mut form = vec![
            ("_csrf", csrf.as_str()),
            ("_version", version.as_str()),
            ("_shown", shown.as_str()),
            ("_action", action),
        ];
        form.extend_from_slice(fields);
        self.post(path, &form)
    }

    /// The session, as the JSON API takes it.
    fn session_token(&self) -> String {
        let host = self.base.trim_start_matches("http://");
        let host = host.split(':').next().unwrap();
        self.agent
            .cookie_store()
            .get(host, "/", "svar_session")
            .map(|c| c.value().to_string())
            .expect("a session cookie")
    }

    fn has_cookie(&self, name: &str) -> bool {
        let host = self.base.trim_start_matches("http://");
        let host = host.split(':').next().unwrap();
        self.agent.cookie_store().get(host, "/", name).is_some()
    }
}

struct AcceptLanguage(String);

impl ureq::Middleware for AcceptLanguage {
    fn handle(
        &self,
        request: ureq::Request,
        next: ureq::MiddlewareNext,
    ) -> Result<ureq::Response, ureq::Error> {
        next.handle(request.set("Accept-Language", &self.0))
    }
}

/// The stored answers and version of a page, read through the JSON API with the same session.
fn stored(svar: &Svar, browser: &Browser, page: &str) -> Value {
    let r = api_get(
        &format!("{}/api/v1/respondent/pages/{page}", svar.url),
        Some(&browser.session_token()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

fn api_login_status(svar: &Svar, code: &str) -> u16 {
    api_send(
        "POST",
        &format!("{}/api/v1/respondent/session", svar.url),
        None,
        &json!({ "code": code }),
    )
    .status
}

fn plain(code: &str) -> String {
    code.chars().filter(|c| *c != '-').collect()
}

#[test]
fn a_respondent_answers_every_page_checks_the_review_and_submits() {
    for svar in servers() {
        let backend = svar.backend_name();
        let letter = &svar.letters[0];
        let browser = Browser::new(&svar);

        // The start page sets the double-submit cookie its form repeats.
        let start = browser.get("/");
        assert_eq!(start.status, 200);
        assert_eq!(start.header("content-type"), "text/html; charset=utf-8");
        assert_eq!(start.html_tag(), "<html lang=\"sv\" dir=\"ltr\">");
        assert_eq!(start.h1(), "Svara på undersökningen");
        let csrf_cookie = start
            .set_cookies
            .iter()
            .find(|c| c.starts_with("svar_csrf="))
            .expect("a CSRF cookie");
        assert!(csrf_cookie.contains("HttpOnly"), "{csrf_cookie}");
        assert!(csrf_cookie.starts_with(&format!("svar_csrf={};", start.hidden("_csrf"))));

        let login = browser.post(
            "/start",
            &[
                ("_csrf", &start.hidden("_csrf")),
                ("lang", "sv"),
                ("code", &letter.code),
            ],
        );
        assert_eq!(login.status, 303, "{backend}: {}", login.body);
        assert_eq!(login.location(), "/p/p_about");
        let session = login
            .set_cookies
            .iter()
            .find(|c| c.starts_with("svar_session="))
            .expect("a session cookie");
        assert!(
            session.contains("HttpOnly") && session.contains("SameSite=Lax"),
            "{session}"
        );

        let about = browser.follow(login);
        assert_eq!(about.status, 200);
        assert_eq!(about.h1(), "Om dig");
        assert!(about.text().contains("Sida 1 av 5"));
        assert!(about.text().contains("Är du född i Sverige?"));
        assert!(!about.body.contains("value=\"back\""), "no Back on page 1");

        // Born abroad: the year of arrival is asked once that is known.
        let again = browser.press_on(&about, "/p/p_about", "next", &[("born_sweden", "no")]);
        assert_eq!(
            again.location(),
            "/p/p_about?more=1",
            "the page again, with the new question"
        );
        let shown = browser.follow(again);
        assert!(shown.asks("arrival_year"), "{backend}: {}", shown.body);
        assert!(
            shown.error_summary().is_empty(),
            "no error for a question not yet seen"
        );
        let saved = browser.press_on(
            &shown,
            "/p/p_about",
            "next",
            &[
                ("born_sweden", "no"),
                ("arrival_year", "1990"),
                ("swedish_level", "3"),
            ],
        );
        assert_eq!(saved.status, 303, "{backend}: {}", saved.body);
        assert_eq!(saved.location(), "/p/p_democracy");

        let democracy = browser.follow(saved);
        assert!(democracy.text().contains("Sida 2 av 5"));
        assert!(
            democracy
                .text()
                .contains("Du har bott i Sverige i ungefär 37 år."),
            "the years are piped into the note"
        );
        let r = browser.press_on(
            &democracy,
            "/p/p_democracy",
            "next",
            &[
                ("citizen", "no"),
                ("voted_municipal", "yes"),
                ("trust_riksdag", "4"),
                ("trust_police", "4"),
                ("trust_courts", "3"),
                ("democracy_importance", "9"),
                ("participation", "petition"),
                ("participation", "association"),
            ],
        );
        assert_eq!(r.location(), "/p/p_social", "{backend}: {}", r.body);
        let r = browser.press(
            "/p/p_social",
            "next",
            &[
                ("meet_swedish_born", "4"),
                ("meet_foreign_born", "5"),
                ("lonely", "2"),
                ("discriminated", "no"),
                ("belonging", "7"),
            ],
        );
        assert_eq!(r.location(), "/p/p_values", "{}", r.body);
        let r = browser.press(
            "/p/p_values",
            "next",
            &[
                ("equal_rights", "5"),
                ("criticise_religion", "4"),
                ("same_sex_marriage", "4"),
                ("choose_partner", "5"),
            ],
        );
        assert_eq!(r.location(), "/p/p_end", "{}", r.body);
        let comment = "Tack!\r\nRad två <b>fet</b> & \"citat\"";
        let r = browser.press("/p/p_end", "next", &[("comments", comment)]);
        assert_eq!(r.location(), "/review", "{}", r.body);

        // The review shows every answer as the respondent chose it, with choice labels.
        let review = browser.follow(r);
        assert_eq!(review.status, 200);
        assert_eq!(review.h1(), "Kontrollera dina svar");
        let rows: HashMap<String, String> = review.review_rows().into_iter().collect();
        let expect = [
            ("Är du född i Sverige?", "Nej"),
            ("Vilket år kom du för att bo i Sverige?", "1990"),
            ("Hur bra talar du svenska?", "Ganska bra"),
            ("Är du svensk medborgare?", "Nej"),
            (
                "Hur stort förtroende har du för riksdagen?",
                "Ganska stort förtroende",
            ),
            (
                "Har du under de senaste 12 månaderna gjort något av följande?",
                "Skrivit under ett upprop eller en namninsamling, Varit aktiv i en förening",
            ),
            ("Hur ofta känner du dig ensam?", "Sällan"),
            (
                "Kvinnor och män ska ha samma rättigheter och möjligheter.",
                "Instämmer helt",
            ),
        ];
        for (question, answer) in expect {
            assert_eq!(
                rows.get(question).map(String::as_str),
                Some(answer),
                "{backend}: {question} in {rows:?}"
            );
        }
        assert!(
            !rows.contains_key("Röstade du i riksdagsvalet 2022?"),
            "a question that does not apply is not listed"
        );
        let comments = rows.get("Är det något mer du vill berätta?").unwrap();
        assert!(
            comments.contains("Rad två <b>fet</b> & \"citat\""),
            "{comments}"
        );
        assert!(
            !review.body.contains("<b>fet</b>"),
            "typed markup is shown as text, not run as markup"
        );
        for page in ["p_about", "p_democracy", "p_social", "p_values", "p_end"] {
            assert!(
                review.body.contains(&format!("href=\"/p/{page}\"")),
                "a way back to {page}"
            );
        }
        // The JSON API reads the same answers.
        assert_eq!(
            stored(&svar, &browser, "p_democracy")["answers"]["participation"],
            json!(["petition", "association"])
        );

        let submitted = browser.post("/submit", &[("_csrf", &review.hidden("_csrf"))]);
        assert_eq!(submitted.status, 303, "{backend}: {}", submitted.body);
        assert_eq!(submitted.location(), "/thanks?lang=sv");
        assert!(!browser.has_cookie("svar_session"), "signed out on submit");
        let thanks = browser.follow(submitted);
        assert_eq!(thanks.status, 200);
        assert_eq!(thanks.h1(), "Tack för dina svar!");
        assert!(thanks.text().contains("Dina svar har skickats in."));

        // Logging in again with the same code says so, and opens nothing.
        let again = Browser::new(&svar);
        let r = again.type_code(&letter.code);
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.h1(), "Du har redan svarat");
        assert!(r.text().contains("Dina svar har redan skickats in. Tack!"));
        assert!(!again.has_cookie("svar_session"));
        assert_eq!(again.get("/p/p_about").status, 401);
    }
}

#[test]
fn a_new_visit_resumes_after_the_furthest_page_saved() {
    for svar in servers() {
        let letter = &svar.letters[1];
        let first = Browser::new(&svar);
        first.log_in(&letter.code);
        let r = first.press("/p/p_about", "next", &[("born_sweden", "yes")]);
        assert_eq!(r.location(), "/p/p_democracy", "{}", r.body);
        let r = first.press("/p/p_democracy", "next", &[("citizen", "yes")]);
        assert_eq!(
            r.location(),
            "/p/p_democracy?more=1",
            "asks about voting: {}",
            r.body
        );
        let r = first.press(
            "/p/p_democracy",
            "next",
            &[("citizen", "yes"), ("voted_riksdag", "yes")],
        );
        assert_eq!(r.location(), "/p/p_social", "{}", r.body);

        // Another day, another browser: straight to the page after the last one saved.
        let later = Browser::new(&svar);
        let r = later.type_code(&letter.code);
        assert_eq!(r.status, 303);
        assert_eq!(r.location(), "/p/p_social", "{}", svar.backend_name());
        // Going back shows what was saved.
        let democracy = later.get("/p/p_democracy");
        assert_eq!(democracy.checked("citizen"), ["yes"]);
        let about = later.get("/p/p_about");
        assert_eq!(about.checked("born_sweden"), ["yes"]);
        assert!(!about.asks("arrival_year"), "born in Sweden: no year asked");
    }
}

#[test]
fn a_form_without_its_csrf_token_is_refused_and_changes_nothing() {
    for svar in servers() {
        let backend = svar.backend_name();
        // The start page: no token, no session.
        let letter = &svar.letters[0];
        let browser = Browser::new(&svar);
        browser.get("/");
        let r = browser.post("/start", &[("lang", "sv"), ("code", &letter.code)]);
        assert_eq!(r.status, 403, "{backend}: {}", r.body);
        assert!(r.text().contains("Formuläret hade gått ut. Försök igen."));
        assert_eq!(r.value_of("code"), letter.code, "the typed code is kept");
        assert!(!browser.has_cookie("svar_session"));
        // A token that is not the cookie's is as good as none.
        let r = browser.post(
            "/start",
            &[("_csrf", "0123456789abcdef"), ("code", &letter.code)],
        );
        assert_eq!(r.status, 403);
        assert!(!browser.has_cookie("svar_session"));

        // A question page: posted without the token, or with another one, nothing is saved.
        let about = browser.log_in(&letter.code);
        let answers = [("born_sweden", "yes"), ("swedish_level", "2")];
        let mut without = vec![("_version", "0"), ("_action", "next")];
        without.extend_from_slice(&answers);
        let r = browser.post("/p/p_about", &without);
        assert_eq!(r.status, 401, "{}", r.body);
        assert_ne!(r.location(), "/p/p_democracy");
        let mut forged = vec![("_csrf", "00"), ("_version", "0"), ("_action", "next")];
        forged.extend_from_slice(&answers);
        assert_eq!(browser.post("/p/p_about", &forged).status, 401);
        let again = browser.get("/p/p_about");
        assert!(again.checked("born_sweden").is_empty(), "nothing ticked");
        let s = stored(&svar, &browser, "p_about");
        assert_eq!(s["version"], 0, "{backend}: {s}");
        assert_eq!(s["answers"], json!({}));

        // Submit, decline and the language switch without the token: no effect either.
        let token_of_other_case = {
            let other = Browser::new(&svar);
            other.log_in(&svar.letters[1].code).hidden("_csrf")
        };
        assert_ne!(token_of_other_case, about.hidden("_csrf"));
        for (path, form) in [
            ("/submit", vec![]),
            ("/decline", vec![]),
            ("/decline", vec![("_csrf", token_of_other_case.as_str())]),
            ("/lang", vec![("lang", "en"), ("return_to", "/p/p_about")]),
        ] {
            let r = browser.post(path, &form);
            assert_eq!(r.status, 401, "{path} without a valid token: {}", r.body);
        }
        let page = browser.get("/p/p_about");
        assert_eq!(
            page.status, 200,
            "still answering: not declined, not submitted"
        );
        assert_eq!(page.html_tag(), "<html lang=\"sv\" dir=\"ltr\">");
        assert_eq!(api_login_status(&svar, &letter.code), 201);
    }
}

#[test]
fn refused_answers_show_the_reasons_keep_what_was_typed_and_save_nothing() {
    for svar in servers() {
        let backend = svar.backend_name();
        let browser = Browser::new(&svar);
        browser.log_in(&svar.letters[2].code);

        // A year outside the questionnaire's constraint.
        let r = browser.press(
            "/p/p_about",
            "next",
            &[
                ("born_sweden", "no"),
                ("arrival_year", "1850"),
                ("swedish_level", "2"),
            ],
        );
        assert_eq!(r.status, 422, "{backend}: {}", r.body);
        let year_message = "Ange ett årtal mellan 1920 och 2026.";
        assert_eq!(
            r.error_summary(),
            [("#field-arrival_year".to_string(), year_message.to_string())]
        );
        assert_eq!(r.field_error("arrival_year").as_deref(), Some(year_message));
        assert_eq!(r.value_of("arrival_year"), "1850", "kept as typed");
        assert!(
            r.body.contains("id=\"field-arrival_year\""),
            "the link has a target"
        );
        assert!(r.body.contains("aria-invalid=\"true\""));
        assert_eq!(r.checked("born_sweden"), ["no"]);
        assert_eq!(r.checked("swedish_level"), ["2"]);

        // Not a whole number, and a number too large for any integer.
        for typed in ["nittonhundranittio", "99999999999999999999", "1990,5"] {
            let r = browser.press(
                "/p/p_about",
                "next",
                &[("born_sweden", "no"), ("arrival_year", typed)],
            );
            assert_eq!(r.status, 422, "{typed}: {}", r.body);
            assert_eq!(
                r.field_error("arrival_year").as_deref(),
                Some("Skriv ett heltal, till exempel 12."),
                "{typed}"
            );
            assert_eq!(r.value_of("arrival_year"), typed);
        }

        // Nothing was saved: the page is as before, and so is the stored response.
        let about = browser.get("/p/p_about");
        assert!(about.checked("born_sweden").is_empty());
        assert!(
            about.error_summary().is_empty(),
            "errors are not remembered"
        );
        let s = stored(&svar, &browser, "p_about");
        assert_eq!(
            (s["version"].clone(), s["answers"].clone()),
            (json!(0), json!({}))
        );

        // Out of the 0–10 range, with ticked boxes that may not be combined.
        let r = browser.press(
            "/p/p_democracy",
            "next",
            &[
                ("citizen", "no"),
                ("democracy_importance", "11"),
                ("participation", "petition"),
                ("participation", "association"),
                ("participation", "none"),
                ("trust_police", "5"),
            ],
        );
        assert_eq!(r.status, 422, "{backend}: {}", r.body);
        let summary: Vec<String> = r.error_summary().into_iter().map(|(h, _)| h).collect();
        assert_eq!(
            summary,
            ["#field-democracy_importance", "#field-participation"]
        );
        assert_eq!(
            r.field_error("democracy_importance").as_deref(),
            Some("Ange ett tal från 0 till 10.")
        );
        assert_eq!(
            r.field_error("participation").as_deref(),
            Some("”Inget av detta” kan inte kombineras med andra svar.")
        );
        assert_eq!(r.value_of("democracy_importance"), "11");
        assert_eq!(
            r.checked("participation"),
            ["petition", "association", "none"]
        );
        assert_eq!(r.checked("citizen"), ["no"]);
        assert_eq!(r.checked("trust_police"), ["5"]);
        let s = stored(&svar, &browser, "p_democracy");
        assert_eq!(
            (s["version"].clone(), s["answers"].clone()),
            (json!(0), json!({}))
        );

        // Put right, it is saved and the page moves on.
        let r = browser.press_on(
            &r,
            "/p/p_democracy",
            "next",
            &[
                ("citizen", "no"),
                ("democracy_importance", "10"),
                ("participation", "none"),
            ],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            stored(&svar, &browser, "p_democracy")["answers"]["participation"],
            json!(["none"])
        );
    }
}

#[test]
fn a_page_saved_meanwhile_on_another_device_is_shown_again_with_the_stored_answers() {
    for svar in servers() {
        let backend = svar.backend_name();
        let code = &svar.letters[3].code;
        let phone = Browser::new(&svar);
        let laptop = Browser::new(&svar);
        let on_phone = phone.log_in(code);
        let on_laptop = laptop.log_in(code);
        assert_eq!(on_laptop.hidden("_version"), "0");

        let r = phone.press_on(
            &on_phone,
            "/p/p_about",
            "next",
            &[
                ("born_sweden", "no"),
                ("arrival_year", "1995"),
                ("swedish_level", "4"),
            ],
        );
        assert_eq!(r.status, 303, "{}", r.body);

        // The laptop still shows the old page and saves on top of it.
        let stale = laptop.press_on(&on_laptop, "/p/p_about", "next", &[("born_sweden", "yes")]);
        assert_eq!(stale.status, 409, "{backend}: {}", stale.body);
        let notice = stale.error_summary();
        assert_eq!(notice.len(), 1, "{notice:?}");
        assert!(
            notice[0]
                .1
                .starts_with("Dina svar har ändrats från en annan enhet eller flik."),
            "{notice:?}"
        );
        assert_eq!(
            notice[0].0, "",
            "a message about the page, not a link to nowhere"
        );
        assert_eq!(stale.checked("born_sweden"), ["no"], "the stored answers");
        assert_eq!(stale.value_of("arrival_year"), "1995");
        assert_eq!(stale.checked("swedish_level"), ["4"]);
        assert_eq!(stale.hidden("_version"), "1");
        let s = stored(&svar, &laptop, "p_about");
        assert_eq!(s["answers"]["born_sweden"], "no", "{backend}: {s}");
        assert_eq!(s["answers"]["arrival_year"], 1995);

        // Having seen them, the laptop's next save counts.
        let r = laptop.press_on(
            &stale,
            "/p/p_about",
            "next",
            &[
                ("born_sweden", "no"),
                ("arrival_year", "2001"),
                ("swedish_level", "1"),
            ],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            stored(&svar, &phone, "p_about")["answers"]["arrival_year"],
            2001
        );
    }
}

#[test]
fn follow_up_questions_appear_only_when_they_apply() {
    for svar in servers() {
        let backend = svar.backend_name();
        let browser = Browser::new(&svar);
        let about = browser.log_in(&svar.letters[4].code);
        assert!(about.asks("born_sweden"));
        assert!(!about.asks("arrival_year"), "not before born_sweden = no");

        let r = browser.press_on(&about, "/p/p_about", "next", &[("born_sweden", "yes")]);
        assert_eq!(r.location(), "/p/p_democracy");
        let democracy = browser.get("/p/p_democracy");
        assert!(
            !democracy.text().contains("Du har bott i Sverige"),
            "no years note for someone born here"
        );
        assert!(!browser.get("/p/p_about").asks("arrival_year"));

        let again = browser.press("/p/p_about", "next", &[("born_sweden", "no")]);
        assert_eq!(again.location(), "/p/p_about?more=1");
        let shown = browser.follow(again);
        assert!(shown.asks("arrival_year"), "{backend}: {}", shown.body);
        // One line says why the page came back; it is no error.
        assert!(shown.body.contains("class=\"info-line\""), "{}", shown.body);
        assert!(shown.error_summary().is_empty());
        let r = browser.press_on(
            &shown,
            "/p/p_about",
            "next",
            &[("born_sweden", "no"), ("arrival_year", "2010")],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        let about = browser.get("/p/p_about");
        assert_eq!(about.value_of("arrival_year"), "2010");
        assert!(browser.get("/p/p_democracy").text().contains("ungefär"));

        // voted_riksdag is only for citizens.
        let democracy = browser.get("/p/p_democracy");
        assert!(!democracy.asks("voted_riksdag"), "not before citizen = yes");
        let r = browser.press_on(&democracy, "/p/p_democracy", "next", &[("citizen", "no")]);
        assert_eq!(r.location(), "/p/p_social");
        let democracy = browser.get("/p/p_democracy");
        assert_eq!(democracy.checked("citizen"), ["no"]);
        assert!(
            !democracy.asks("voted_riksdag"),
            "{backend}: not for non-citizens"
        );
        let r = browser.press_on(&democracy, "/p/p_democracy", "next", &[("citizen", "yes")]);
        assert_eq!(r.status, 303);
        assert!(browser.get("/p/p_democracy").asks("voted_riksdag"));

        // The review lists only what applies.
        let review = browser.get("/review");
        let questions: Vec<String> = review.review_rows().into_iter().map(|(q, _)| q).collect();
        assert!(questions.contains(&"Röstade du i riksdagsvalet 2022?".to_string()));
        assert!(questions.contains(&"Vilket år kom du för att bo i Sverige?".to_string()));
    }
}

#[test]
fn an_arabic_speaker_reads_right_to_left_and_a_somali_speaker_gets_swedish() {
    for svar in servers() {
        let backend = svar.backend_name();
        // The letter's link opens the questionnaire in the preferred language.
        let arabic = svar.letter_in("ar").clone();
        let browser = Browser::new(&svar);
        let r = browser.get(&format!("/s/{}", plain(&arabic.code)));
        assert_eq!(r.status, 303);
        let about = browser.follow(r);
        assert_eq!(
            about.html_tag(),
            "<html lang=\"ar\" dir=\"rtl\">",
            "{backend}"
        );
        assert_eq!(about.h1(), "معلومات عنك");
        assert!(about.body.contains(">التالي</button>"), "Next in Arabic");
        assert!(about.text().contains("الصفحة 1 من 5"), "progress in Arabic");
        assert!(about.text().contains("(مطلوب)"), "required in Arabic");
        assert!(!about.text().contains("Nästa"));
        // An error is explained in Arabic too.
        let r = browser.press_on(
            &about,
            "/p/p_about",
            "next",
            &[("born_sweden", "no"), ("arrival_year", "abc")],
        );
        assert_eq!(r.status, 422);
        assert_eq!(r.html_tag(), "<html lang=\"ar\" dir=\"rtl\">");
        assert!(r.text().contains("هناك مشكلة"), "the summary's title");
        assert_eq!(
            r.field_error("arrival_year")
                .map(|e| e.trim_start_matches("خطأ:").trim().to_string()),
            Some("أدخل عددًا صحيحًا، مثل 12.".to_string())
        );

        // A phone set to Arabic: the start page is Arabic, and so is the questionnaire.
        let second_arabic = svar
            .letters
            .iter()
            .filter(|l| l.language == "ar")
            .nth(1)
            .unwrap()
            .clone();
        let phone = Browser::with_languages(&svar, Some("ar-SE,ar;q=0.9"));
        let start = phone.get("/");
        assert_eq!(start.html_tag(), "<html lang=\"ar\" dir=\"rtl\">");
        assert_eq!(start.h1(), "أجب عن الاستبيان");
        let page = phone.log_in(&second_arabic.code);
        assert_eq!(page.html_tag(), "<html lang=\"ar\" dir=\"rtl\">");

        // Somali is not among the questionnaire's languages: Swedish, by link or by code.
        let somali = svar.letter_in("so").clone();
        let by_link = Browser::new(&svar);
        let page = by_link.follow(by_link.get(&format!("/s/{}", plain(&somali.code))));
        assert_eq!(
            page.html_tag(),
            "<html lang=\"sv\" dir=\"ltr\">",
            "{backend}"
        );
        assert_eq!(page.h1(), "Om dig");
        assert!(page.body.contains(">Nästa</button>"));
        let by_code = Browser::new(&svar);
        let page = by_code.log_in(&somali.code);
        assert_eq!(page.html_tag(), "<html lang=\"sv\" dir=\"ltr\">");
    }
}

#[test]
fn the_language_switch_changes_the_language_of_the_next_page() {
    for svar in servers() {
        let backend = svar.backend_name();
        // Before login: the start page.
        let browser = Browser::new(&svar);
        let start = browser.get("/");
        let r = browser.post(
            "/lang",
            &[
                ("_csrf", &start.hidden("_csrf")),
                ("lang", "en"),
                ("return_to", "/"),
            ],
        );
        assert_eq!(r.status, 303);
        assert_eq!(r.location(), "/");
        let start = browser.follow(r);
        assert_eq!(start.html_tag(), "<html lang=\"en\" dir=\"ltr\">");
        assert_eq!(start.h1(), "Answer the survey");

        // In the questionnaire.
        let letter = &svar.letters[5];
        let about = browser.log_in(&letter.code);
        assert_eq!(
            about.html_tag(),
            "<html lang=\"en\" dir=\"ltr\">",
            "{backend}"
        );
        let switch = |lang: &str| {
            let page = browser.get("/p/p_about");
            let r = browser.post(
                "/lang",
                &[
                    ("_csrf", &page.hidden("_csrf")),
                    ("lang", lang),
                    ("return_to", "/p/p_about"),
                ],
            );
            assert_eq!(r.status, 303, "{}", r.body);
            assert_eq!(r.location(), "/p/p_about");
            browser.follow(r)
        };
        let sv = switch("sv");
        assert_eq!(sv.html_tag(), "<html lang=\"sv\" dir=\"ltr\">");
        assert_eq!(sv.h1(), "Om dig");
        let fa = switch("fa");
        assert_eq!(fa.html_tag(), "<html lang=\"fa\" dir=\"rtl\">", "{backend}");
        assert!(!fa.body.contains(">Nästa</button>"));
        let en = switch("en");
        assert_eq!(en.h1(), "About you");
        assert!(en.body.contains(">Next</button>"));
        assert!(en.text().contains("Were you born in Sweden?"));
        // An unknown language changes nothing.
        assert_eq!(switch("so").html_tag(), "<html lang=\"en\" dir=\"ltr\">");

        // The choice stays for the next visit.
        let later = Browser::new(&svar);
        let page = later.follow(later.get(&format!("/s/{}", plain(&letter.code))));
        assert_eq!(page.h1(), "About you", "{backend}");
    }
}

#[test]
fn declining_on_the_pages_ends_at_declined_and_the_code_opens_nothing_more() {
    for svar in servers() {
        let backend = svar.backend_name();
        let letter = &svar.letters[6];
        let browser = Browser::new(&svar);
        let about = browser.log_in(&letter.code);
        assert!(about
            .body
            .contains("<a href=\"/decline\">Jag vill inte delta</a>"));

        let confirm = browser.get("/decline");
        assert_eq!(confirm.status, 200);
        assert_eq!(confirm.h1(), "Är du säker på att du inte vill delta?");
        assert!(
            confirm.body.contains("href=\"/p/p_about\""),
            "a way back to the questionnaire"
        );
        let r = browser.post("/decline", &[("_csrf", &confirm.hidden("_csrf"))]);
        assert_eq!(r.status, 303, "{backend}: {}", r.body);
        assert_eq!(r.location(), "/declined?lang=sv");
        assert!(!browser.has_cookie("svar_session"));
        let declined = browser.follow(r);
        assert_eq!(declined.status, 200);
        assert_eq!(declined.h1(), "Du har tackat nej");

        // Neither the typed code nor the letter's link opens the questionnaire again.
        let again = Browser::new(&svar);
        let r = again.type_code(&letter.code);
        assert_eq!(r.status, 303);
        assert!(r.location().starts_with("/declined"), "{}", r.location());
        let r = again.get(&format!("/s/{}", plain(&letter.code)));
        assert!(r.location().starts_with("/declined"), "{}", r.location());
        assert!(!again.has_cookie("svar_session"));
        let page = again.get("/p/p_about");
        assert_eq!(page.status, 401);
        assert_eq!(page.h1(), "Du har blivit utloggad");
        assert_eq!(api_login_status(&svar, &letter.code), 409);
    }
}

#[test]
fn every_kind_of_page_carries_the_security_headers_and_no_script() {
    // Each response is checked in `Browser::read`; this visits every kind of page once.
    for svar in servers() {
        let browser = Browser::new(&svar);
        let mut seen = Vec::new();
        let mut note = |what: &str, page: &Page| seen.push((what.to_string(), page.status));
        let start = browser.get("/");
        note("start", &start);
        note("start, bad code", &browser.type_code("K7QM-2XHD-9WBT-N"));
        note("start, malformed code", &browser.type_code("hello"));
        note("start, no token", &browser.post("/start", &[("code", "x")]));
        note("no session", &browser.get("/p/p_about"));
        note("unknown address", &browser.get("/no/such/page"));
        note("stylesheet", &browser.get("/static/svar.css"));
        let login = browser.type_code(&svar.letters[7].code);
        note("login", &login);
        let about = browser.follow(login);
        note("question", &about);
        note(
            "refused answers",
            &browser.press_on(&about, "/p/p_about", "next", &[("born_sweden", "maybe")]),
        );
        note(
            "saved",
            &browser.press_on(&about, "/p/p_about", "next", &[("born_sweden", "yes")]),
        );
        note(
            "stale",
            &browser.press_on(&about, "/p/p_about", "next", &[("born_sweden", "yes")]),
        );
        note("unknown page", &browser.get("/p/p_nothing"));
        let review = browser.get("/review");
        note("review", &review);
        let missing = browser.post("/submit", &[("_csrf", &review.hidden("_csrf"))]);
        note("review, required missing", &missing);
        assert!(
            missing
                .error_summary()
                .iter()
                .any(|(href, _)| href == "/p/p_democracy#field-citizen"),
            "the missing answer links to its question: {}",
            missing.body
        );
        note("decline", &browser.get("/decline"));
        note("thanks", &browser.get("/thanks"));
        note("declined", &browser.get("/declined?lang=ar"));
        let statuses: Vec<u16> = seen.iter().map(|(_, s)| *s).collect();
        assert_eq!(
            statuses,
            [
                200, 401, 422, 403, 401, 404, 200, 303, 200, 422, 303, 409, 404, 200, 422, 200,
                200, 200
            ],
            "{seen:?}"
        );
    }
}

#[test]
fn the_letter_link_logs_in_and_no_code_reaches_the_log() {
    for db in TestDatabase::all().unwrap() {
        let svar = Svar::start_with_log(db, "trace");
        let backend = svar.backend_name();
        let by_link = &svar.letters[0];
        let typed = &svar.letters[1];

        let browser = Browser::new(&svar);
        let r = browser.get(&format!("/s/{}", plain(&by_link.code)));
        assert_eq!(r.status, 303, "{backend}: {}", r.body);
        assert_eq!(r.location(), "/p/p_about");
        let about = browser.follow(r);
        assert_eq!(about.h1(), "Om dig");
        let r = browser.press_on(&about, "/p/p_about", "next", &[("born_sweden", "yes")]);
        assert_eq!(r.status, 303);
        let r = browser.press(
            "/p/p_end",
            "next",
            &[("comments", "Min granne Kalle Anka ringde")],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        // The link again: on to the page after the furthest saved.
        let again = Browser::new(&svar);
        assert_eq!(
            again
                .get(&format!("/s/{}", plain(&by_link.code)))
                .location(),
            "/review"
        );

        let other = Browser::new(&svar);
        other.log_in(&typed.code.to_lowercase());
        other.type_code("K7QM-2XHD-9WBT-N");
        api_login_status(&svar, &plain(&typed.code));
        let token = browser.session_token();

        let deadline = Instant::now() + Duration::from_secs(10);
        let log = loop {
            let log = svar.log();
            if log.matches("respondent logged in").count() >= 4
                && log.contains("failed code attempt")
            {
                break log;
            }
            assert!(Instant::now() < deadline, "the log is written: {log}");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(log.contains("/s/{code}"), "the route pattern is logged");
        for secret in [
            by_link.code.clone(),
            plain(&by_link.code),
            plain(&by_link.code).to_lowercase(),
            typed.code.clone(),
            typed.code.to_lowercase(),
            plain(&typed.code),
            "K7QM".to_string(),
            token,
            "Kalle Anka".to_string(),
        ] {
            assert!(
                !log.contains(&secret),
                "{backend}: {secret} in the log:\n{log}"
            );
        }
    }
}

#[test]
fn going_back_keeps_what_was_typed_without_insisting_on_the_rest() {
    for svar in servers() {
        let browser = Browser::new(&svar);
        browser.log_in(&svar.letters[12].code);
        let r = browser.press("/p/p_about", "next", &[("born_sweden", "yes")]);
        assert_eq!(r.location(), "/p/p_democracy");
        // Required citizen left empty, one answer typed: Back goes back and keeps it.
        let back = browser.press("/p/p_democracy", "back", &[("democracy_importance", "7")]);
        assert_eq!(back.status, 303, "{}", back.body);
        assert_eq!(back.location(), "/p/p_about");
        assert_eq!(
            browser
                .get("/p/p_democracy")
                .value_of("democracy_importance"),
            "7"
        );
        // A value that cannot be stored is still refused, going back or not.
        let bad = browser.press(
            "/p/p_democracy",
            "back",
            &[("democracy_importance", "many")],
        );
        assert_eq!(bad.status, 422);
        // The review lists the required answer still missing before any submit.
        let review = browser.get("/review");
        let missing = review.error_summary();
        assert!(
            missing
                .iter()
                .any(|(href, _)| href == "/p/p_democracy#field-citizen"),
            "{missing:?}"
        );
    }
}

#[test]
fn the_language_of_the_letter_wins_over_the_browser_when_a_code_is_typed() {
    for svar in servers() {
        let letter = svar.letter_in("ar");
        // A phone set to Swedish: the start page is Swedish, the questionnaire Arabic.
        let browser = Browser::with_languages(&svar, Some("sv-SE,sv"));
        let first = browser.follow(browser.type_code(&letter.code));
        assert_eq!(first.html_tag(), "<html lang=\"ar\" dir=\"rtl\">");
        // Every question page renews the session cookie.
        let renewed = browser.get("/p/p_about");
        assert!(renewed
            .set_cookies
            .iter()
            .any(|c| c.starts_with("svar_session=")));
    }
}

/// On page 2, "Ja" to citizenship and 11 for a 0–10 question: the error page shows the voting
/// question "Ja" brings in. Corrected to 9, the next press moves on (or asks for the voting
/// answer with a message): the page never comes back without a word.
#[test]
fn a_question_the_error_page_showed_is_not_brought_in_again() {
    for svar in servers() {
        let backend = svar.backend_name();
        let browser = Browser::new(&svar);
        browser.log_in(&svar.letters[14].code);
        let r = browser.press("/p/p_about", "next", &[("born_sweden", "yes")]);
        assert_eq!(r.location(), "/p/p_democracy");
        let democracy = browser.get("/p/p_democracy");
        assert!(!democracy.asks("voted_riksdag"));
        let refused = browser.press_on(
            &democracy,
            "/p/p_democracy",
            "next",
            &[("citizen", "yes"), ("democracy_importance", "11")],
        );
        assert_eq!(refused.status, 422, "{backend}: {}", refused.body);
        assert!(refused.asks("voted_riksdag"), "{}", refused.body);
        let corrected = browser.press_on(
            &refused,
            "/p/p_democracy",
            "next",
            &[("citizen", "yes"), ("democracy_importance", "9")],
        );
        match corrected.status {
            303 => assert_eq!(corrected.location(), "/p/p_social", "{backend}"),
            422 => {
                let summary = corrected.error_summary();
                assert_eq!(summary.len(), 1, "{backend}: {summary:?}");
                assert!(summary[0].0.contains("voted_riksdag"), "{summary:?}");
            }
            other => panic!("{backend}: {other} {}", corrected.body),
        }
    }
}

#[test]
fn times_scales_and_confirmations_are_asked_without_javascript() {
    for svar in servers_with_form("types.xlsx") {
        let backend = svar.backend_name();
        let browser = Browser::new(&svar);
        let page = browser.log_in(&svar.letter_in("sv").code);
        assert_eq!(page.status, 200, "{backend}: {}", page.body);
        let input_type = |page: &Page, name: &str| -> Vec<String> {
            inputs(&page.body)
                .into_iter()
                .filter(|i| attr(i, "name") == Some(name))
                .filter_map(|i| attr(&i, "type").map(str::to_string))
                .collect()
        };
        let values = |page: &Page, name: &str| -> Vec<String> {
            inputs(&page.body)
                .into_iter()
                .filter(|i| attr(i, "name") == Some(name))
                .filter_map(|i| attr(&i, "value").map(str::to_string))
                .collect()
        };
        assert_eq!(input_type(&page, "visit_time"), ["time"]);
        assert_eq!(input_type(&page, "booked_at"), ["datetime-local"]);
        // A 0-10 scale is a row of eleven radio buttons; a scale of 21 values a number field.
        assert_eq!(input_type(&page, "trust"), vec!["radio"; 11]);
        assert_eq!(
            values(&page, "trust"),
            (0..=10).map(|n| n.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(input_type(&page, "share"), ["text"]);
        assert_eq!(input_type(&page, "consent"), ["checkbox"]);
        assert_eq!(values(&page, "consent"), ["OK"]);
        assert!(!page.asks("source"), "a hidden value is not shown");
        // A ranking: a drop-down list per place, each with every choice.
        assert_eq!(
            page.body
                .matches("<select class=\"select\" id=\"field-priorities")
                .count(),
            6
        );
        assert!(page
            .body
            .contains("<label class=\"rank-label\" for=\"field-priorities-1\">Plats 2</label>"));
        // Read-only: the value, no field.
        assert!(!page.asks("office"));
        let office = between(&page.body, "id=\"field-office\"", "</div>").unwrap();
        assert!(
            office.contains("class=\"read-only-value\" dir=\"auto\">Örebro</p>"),
            "{office}"
        );
        // `minimal`: a drop-down list, its first entry no answer.
        let born_in = between(
            &page.body,
            "<select class=\"select\" id=\"field-born_in\"",
            "</select>",
        )
        .expect("a drop-down list");
        let options: Vec<&str> = born_in
            .split("<option value=\"")
            .skip(1)
            .map(|o| o.split('"').next().unwrap())
            .collect();
        assert_eq!(options, ["", "se", "fi", "sy"]);
        assert!(!page.asks("start"), "metadata is not shown");

        // Wrong answers are refused, each with what to do.
        let r = browser.press(
            "/p/visit",
            "next",
            &[
                ("visit_time", "25:00"),
                ("booked_at", "2026-12-01"),
                ("trust", "11"),
                ("share", "0.33"),
            ],
        );
        assert_eq!(r.status, 422, "{backend}: {}", r.body);
        assert_eq!(
            r.field_error("visit_time").as_deref(),
            Some("Skriv en tid som TT:MM, till exempel 14:30.")
        );
        assert_eq!(
            r.field_error("booked_at").as_deref(),
            Some("Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM, till exempel 2024-05-17 14:30.")
        );
        assert_eq!(
            r.field_error("trust").as_deref(),
            Some("Välj ett av värdena på skalan.")
        );
        assert_eq!(
            r.field_error("share").as_deref(),
            Some("Välj ett av värdena på skalan."),
            "0.33 is not a step of 0.05"
        );
        assert_eq!(
            r.field_error("consent").as_deref(),
            Some("Svara på frågan."),
            "a required confirmation"
        );
        assert_eq!(
            stored(&svar, &browser, "visit")["version"],
            0,
            "{backend}: nothing saved"
        );

        // A booking number is required once there is a booking (`required` as an expression).
        let unbooked = browser.press(
            "/p/visit",
            "next",
            &[
                ("visit_time", "09:30"),
                ("booked_at", "2026-12-01T10:15"),
                ("trust", "7"),
                ("consent", "OK"),
            ],
        );
        assert_eq!(unbooked.status, 422, "{backend}: {}", unbooked.body);
        assert_eq!(
            unbooked.error_summary(),
            [(
                "#field-booking_ref".to_string(),
                "Svara på frågan.".to_string()
            )]
        );
        assert!(
            unbooked
                .body
                .contains("Ditt bokningsnummer</span> <span class=\"required\">"),
            "marked as required now"
        );
        assert!(
            !page
                .body
                .contains("Ditt bokningsnummer</span> <span class=\"required\">"),
            "not before"
        );

        // Right answers are stored as typed, the hidden value and the metadata beside them.
        let r = browser.press(
            "/p/visit",
            "next",
            &[
                ("visit_time", "09:30"),
                ("booked_at", "2026-12-01T10:15"),
                ("trust", "7"),
                ("share", "0,35"),
                ("consent", "OK"),
                ("born_in", "fi"),
                ("booking_ref", "B-55"),
                ("priorities", "family"),
                ("priorities", "work"),
                ("priorities", ""),
            ],
        );
        assert_eq!(r.status, 303, "{backend}: {}", r.body);
        let answers = stored(&svar, &browser, "visit")["answers"].clone();
        assert_eq!(answers["visit_time"], "09:30");
        assert_eq!(answers["booked_at"], "2026-12-01T10:15");
        assert_eq!(answers["trust"], 7);
        assert_eq!(answers["share"], 0.35);
        assert_eq!(answers["consent"], "OK");
        assert_eq!(answers["born_in"], "fi");
        assert_eq!(
            answers["priorities"],
            json!(["family", "work"]),
            "in the order ranked"
        );
        assert_eq!(answers["office"], "Örebro", "a read-only default is kept");
        assert_eq!(answers["trust_tenths"], 0.7, "a read-only calculation");
        assert_eq!(answers["source"], "letter");
        let today = answers["today"].as_str().unwrap().to_string();
        assert_eq!(today.len(), 10, "a date: {today}");
        let start = answers["start"].as_str().unwrap().to_string();
        assert!(start.starts_with(&today), "{start} on {today}");
        assert!(start.ends_with("+00:00"), "{start}");
        // The review shows the answers as people write them.
        let review = browser.get("/review");
        let rows = review.review_rows();
        for expected in [
            ("När bokade du?", "2026-12-01 10:15"),
            ("Vad betydde mest?", "Familj, Arbete"),
            ("Jag har läst informationen om undersökningen.", "OK"),
        ] {
            assert!(
                rows.contains(&(expected.0.to_string(), expected.1.to_string())),
                "{expected:?} in {rows:?}"
            );
        }

        // Saved again, start and today stay as they were; end moves on.
        std::thread::sleep(Duration::from_millis(20));
        let again = browser.press(
            "/p/visit",
            "next",
            &[("visit_time", "09:45"), ("trust", "7"), ("consent", "OK")],
        );
        assert_eq!(again.status, 303, "{backend}: {}", again.body);
        let later = stored(&svar, &browser, "visit")["answers"].clone();
        assert_eq!(later["start"], answers["start"]);
        assert_eq!(later["today"], answers["today"]);
        assert!(
            later["end"].as_str() > answers["end"].as_str(),
            "{} after {}",
            later["end"],
            answers["end"]
        );
        assert_eq!(later["visit_time"], "09:45");

        // A table-list: each statement with its choices in a row, no header row.
        let opinions = browser.get("/p/opinions");
        assert_eq!(opinions.status, 200, "{backend}: {}", opinions.body);
        assert_eq!(
            opinions
                .body
                .matches("class=\"choices choices-row\"")
                .count(),
            2
        );
        assert!(opinions.asks("neighbours") && opinions.asks("belong"));
        assert!(!opinions.asks("header"));
    }
}

#[test]
fn a_randomized_select_shows_each_respondent_an_order_of_their_own() {
    let svar = servers_with_form("types.xlsx").next().unwrap();
    let list = ["work", "study", "family", "refuge", "love", "other"];
    let order_seen = |page: &Page| -> Vec<String> {
        inputs(&page.body)
            .into_iter()
            .filter(|i| attr(i, "name") == Some("reasons"))
            .filter_map(|i| attr(&i, "value").map(str::to_string))
            .collect()
    };
    let mut orders = Vec::new();
    for letter in svar.letters.iter().take(6) {
        let browser = Browser::new(&svar);
        let page = browser.log_in(&letter.code);
        let order = order_seen(&page);
        let mut sorted = order.clone();
        sorted.sort();
        let mut expected: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(sorted, expected, "every choice, once");
        assert_eq!(
            order_seen(&browser.get("/p/visit")),
            order,
            "the same respondent, the same order"
        );
        orders.push(order);
    }
    assert!(
        orders.iter().any(|order| *order != orders[0]),
        "respondents get orders of their own: {orders:?}"
    );
    // The answer is stored in the list's order, whatever the order shown.
    let browser = Browser::new(&svar);
    browser.log_in(&svar.letter_in("sv").code);
    let saved = browser.press(
        "/p/visit",
        "next",
        &[
            ("visit_time", "08:00"),
            ("trust", "5"),
            ("consent", "OK"),
            ("reasons", "love"),
            ("reasons", "work"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let answers = stored(&svar, &browser, "visit")["answers"].clone();
    assert_eq!(answers["reasons"], json!(["work", "love"]));
}

#[test]
fn a_household_roster_asks_each_member_on_a_page_of_their_own_without_javascript() {
    for svar in servers_with_form("roster.xlsx") {
        let backend = svar.backend_name();
        let browser = Browser::new(&svar);
        let page = browser.log_in(&svar.letter_in("sv").code);
        assert_eq!(page.status, 200, "{backend}: {}", page.body);
        let r = browser.press("/p/hh_size", "next", &[("hh_size", "2")]);
        assert_eq!(r.location(), "/p/member~1", "{backend}: {}", r.body);
        let first = browser.follow(r);
        assert_eq!(first.h1(), "Hushållsmedlem 1");
        assert!(first.asks("m_name~1") && first.asks("m_born~1"));
        assert!(!first.asks("m_name~2"), "one member a page");

        let r = browser.press(
            "/p/member~1",
            "next",
            &[
                ("m_name~1", "Amal"),
                ("m_born~1", "sy"),
                ("m_arrived~1", "2015"),
            ],
        );
        assert_eq!(r.location(), "/p/member~2", "{backend}: {}", r.body);
        let second = browser.follow(r);
        assert_eq!(second.h1(), "Hushållsmedlem 2");
        // Refused answers are shown on the member's own page, by field.
        let r = browser.press(
            "/p/member~2",
            "next",
            &[("m_born~2", "sy"), ("m_arrived~2", "1800")],
        );
        assert_eq!(r.status, 422, "{backend}: {}", r.body);
        assert_eq!(
            r.field_error("m_name~2").as_deref(),
            Some("Svara på frågan.")
        );
        assert!(r.field_error("m_arrived~2").is_some(), "{}", r.body);
        let r = browser.press(
            "/p/member~2",
            "next",
            &[("m_name~2", "Erik"), ("m_born~2", "se")],
        );
        assert_eq!(r.location(), "/p/summary", "{backend}: {}", r.body);
        let summary = browser.follow(r);
        assert!(
            summary
                .text()
                .contains("2 personer, 1 födda utomlands; först Amal."),
            "{}",
            summary.text()
        );

        let r = browser.press("/p/summary", "next", &[]);
        assert_eq!(r.location(), "/p/c_name~1", "{backend}: {}", r.body);
        let r = browser.press("/p/c_name~1", "next", &[("c_name~1", "Sara")]);
        assert_eq!(r.location(), "/p/c_age~1", "{backend}: {}", r.body);
        let age = browser.follow(r);
        assert!(age.text().contains("Hur gammal är Sara?"), "{}", age.text());
        let r = browser.press("/p/c_age~1", "next", &[("c_age~1", "7")]);
        assert_eq!(r.location(), "/p/child~2~add", "{backend}: {}", r.body);
        let add = browser.follow(r);
        assert!(
            add.text().contains("Barn: lägga till en till?"),
            "{}",
            add.text()
        );
        assert!(add.asks("child~2~add"));
        let r = browser.press("/p/child~2~add", "next", &[("child~2~add", "no")]);
        assert_eq!(r.location(), "/p/done", "{backend}: {}", r.body);
        let r = browser.press("/p/done", "next", &[]);
        assert_eq!(r.location(), "/review", "{backend}: {}", r.body);

        // The review lists each member's answers under the member.
        let review = browser.follow(r);
        let rows = review.review_rows();
        let names: Vec<&str> = rows
            .iter()
            .filter(|(question, _)| question == "Förnamn")
            .map(|(_, answer)| answer.as_str())
            .collect();
        assert_eq!(names, ["Amal", "Erik"], "{rows:?}");
        assert!(rows.contains(&("Var är Erik född?".to_string(), "Sverige".to_string())));
        assert!(
            !rows
                .iter()
                .any(|(question, _)| question.contains("lägga till en till")),
            "Svar's own add-another question is not an answer to review: {rows:?}"
        );
        for page in ["member~1", "member~2", "c_name~1"] {
            assert!(
                review.body.contains(&format!("href=\"/p/{page}\"")),
                "a way back to {page}"
            );
        }
        let submitted = browser.post("/submit", &[("_csrf", &review.hidden("_csrf"))]);
        assert_eq!(submitted.status, 303, "{backend}: {}", submitted.body);
    }
}
