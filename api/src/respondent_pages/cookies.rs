//! The cookies of the respondent pages: the session (HttpOnly, SameSite=Lax, Secure over
//! https), the pre-login CSRF token, and the interface language chosen before logging in.

use crate::session_token::SESSION_SECONDS;
use actix_web::cookie::{time::Duration, Cookie, SameSite};

pub const SESSION_COOKIE: &str = "svar_session";
pub const CSRF_COOKIE: &str = "svar_csrf";
pub const LANGUAGE_COOKIE: &str = "svar_lang";

fn base(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

pub fn session(token: String, secure: bool) -> Cookie<'static> {
    let mut c = base(SESSION_COOKIE, token, secure);
    c.set_max_age(Duration::seconds(SESSION_SECONDS));
    c
}

pub fn csrf(value: String, secure: bool) -> Cookie<'static> {
    base(CSRF_COOKIE, value, secure)
}

pub fn language(code: &str, secure: bool) -> Cookie<'static> {
    let mut c = base(LANGUAGE_COOKIE, code.to_string(), secure);
    c.set_max_age(Duration::days(365));
    c
}

/// A cookie that removes `name`.
pub fn removal(name: &'static str) -> Cookie<'static> {
    let mut c = Cookie::build(name, "").path("/").finish();
    c.make_removal();
    c
}
