//! What every dashboard page shares: its language (`?lang=sv|en`, remembered in a cookie, else
//! the browser's Accept-Language, else English), the links to the same page in the other
//! language (plain links: they work without JavaScript and need no form), the log-out form's
//! token when logged in, and the page's Content-Security-Policy.

use super::session::{language_cookie, Session, LANGUAGE_COOKIE};
use crate::i18n::dashboard::{dash_text, DashText, DASHBOARD_LANGUAGES};
use crate::language_choice::{query_language, requested_language};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::http::header::CONTENT_SECURITY_POLICY;
use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};

/// The site's policy with the two things the dashboard adds: its own script file and the
/// connection of the live stream (both same-origin; still no inline script or style).
pub const DASHBOARD_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A link to the page in one language.
#[derive(Debug, Clone)]
pub struct LanguageLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// The frame of one page.
#[derive(Debug, Clone)]
pub struct Frame {
    pub lang: &'static str,
    pub title: String,
    pub languages: Vec<LanguageLink>,
    /// With a session: the log-out form's CSRF token.
    pub logout_csrf: Option<String>,
}

impl Frame {
    pub fn new(req: &HttpRequest, title_key: DashText) -> Frame {
        let lang = page_language(req);
        Frame {
            lang,
            title: dash_text(lang, title_key).to_string(),
            languages: language_links(req, lang),
            logout_csrf: None,
        }
    }

    /// The text `key` in the page's language.
    pub fn t(&self, key: DashText) -> &'static str {
        dash_text(self.lang, key)
    }
}

/// The page's language.
pub fn page_language(req: &HttpRequest) -> &'static str {
    let asked = requested_language(req, LANGUAGE_COOKIE, &DASHBOARD_LANGUAGES);
    match asked.as_deref() {
        Some("sv") => "sv",
        _ => "en",
    }
}

/// The same page in each language: the same path and query for a GET; after a form was
/// posted (a refused log-in, a refused form), the start page, which a GET can reach.
fn language_links(req: &HttpRequest, current: &str) -> Vec<LanguageLink> {
    let (path, kept): (&str, Vec<(String, String)>) = if req.method() == Method::GET {
        let query = form_urlencoded::parse(req.query_string().as_bytes())
            .into_owned()
            .filter(|(k, _)| k != "lang")
            .collect();
        (req.path(), query)
    } else {
        ("/manage", Vec::new())
    };
    [("sv", "Svenska"), ("en", "English")]
        .into_iter()
        .map(|(code, name)| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.extend_pairs(kept.iter());
            query.append_pair("lang", code);
            LanguageLink {
                code,
                name,
                href: format!("{path}?{}", query.finish()),
                current: code == current,
            }
        })
        .collect()
}

/// An HTML answer with the dashboard's policy; remembers a `?lang=` the dashboard offers.
/// `secure`: whether cookies get the Secure flag.
pub fn html(
    req: &HttpRequest,
    secure: bool,
    mut builder: HttpResponseBuilder,
    body: String,
) -> HttpResponse {
    if let Some(lang) = query_language(req).filter(|l| DASHBOARD_LANGUAGES.contains(&l.as_str())) {
        builder.cookie(language_cookie(&lang, secure));
    }
    builder
        .content_type("text/html; charset=utf-8")
        .insert_header((CONTENT_SECURITY_POLICY, DASHBOARD_CSP))
        .body(body)
}

/// A page shown inside a session: 200, with the session cookie renewed.
pub fn session_page(
    req: &HttpRequest,
    state: &AppState,
    session: &Session,
    body: String,
) -> Result<HttpResponse, Problem> {
    let mut builder = HttpResponse::Ok();
    builder.cookie(session.renewed(state)?);
    Ok(html(req, state.secure_cookies, builder, body))
}
