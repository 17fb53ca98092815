//! The dashboard's session: an HttpOnly, SameSite=Strict cookie on `/manage` holding the same
//! signed access token `POST /api/v1/auth/login` hands out, checked by the same
//! [`authenticate`] as the API's Bearer header, so roles, grants, expiry and revocation behave
//! alike. Each page shown with a valid session renews the cookie with a fresh token (a
//! manager watching the dashboard is not logged out after the access token's 15 minutes;
//! a logout or a password change still ends every session at once). Forms carry a CSRF token
//! bound to the user and token version; the log-in form, before any session, a double-submit
//! token.

use super::messages::Refusal;
use crate::csrf::{constant_time_eq, random_token};
use crate::form_body::FormBody;
use crate::manager_api::token::{TokenKind, TokenSubject, ACCESS_SECONDS};
use crate::manager_api::{authenticate, Manager};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::web::Bytes;
use actix_web::HttpRequest;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "svar_manage_session";
pub const LOGIN_CSRF_COOKIE: &str = "svar_manage_csrf";
pub const LANGUAGE_COOKIE: &str = "svar_manage_lang";
/// Every dashboard cookie is sent to the dashboard only.
const PATH: &str = "/manage";

/// A logged-in manager and what their token says.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub manager: Manager,
    pub subject: TokenSubject,
}

impl Session {
    /// The manager of the request's session cookie; 401 without a valid one.
    pub async fn of(state: &Arc<AppState>, req: &HttpRequest) -> Result<Session, Problem> {
        let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
        let (manager, subject) = authenticate(state, token).await?;
        Ok(Session { manager, subject })
    }

    /// The session of a posted form and the form's fields, once its `_csrf` field is the
    /// session's token: no session sends the browser to the log-in form, a missing or wrong
    /// token refuses the form (403), and nothing is changed either way.
    pub async fn posting(
        state: &Arc<AppState>,
        req: &HttpRequest,
        body: &Bytes,
    ) -> Result<(Session, FormBody), Refusal> {
        let session = Session::of(state, req).await?;
        let form = FormBody::parse(body);
        if !session.csrf_matches(state, form.get("_csrf").unwrap_or("")) {
            return Err(Refusal::FormRefused);
        }
        Ok((session, form))
    }

    /// The token the session's forms carry.
    pub fn csrf_token(&self, state: &AppState) -> String {
        state
            .csrf
            .for_manager(self.subject.user_id, self.subject.token_version)
    }

    pub fn csrf_matches(&self, state: &AppState, posted: &str) -> bool {
        state
            .csrf
            .verify_manager(self.subject.user_id, self.subject.token_version, posted)
    }

    /// The session cookie with a fresh token for the same user and token version.
    pub fn renewed(&self, state: &AppState) -> Result<Cookie<'static>, Problem> {
        session_cookie(state, self.subject)
    }
}

/// The session cookie for a user who has just logged in.
pub fn session_cookie(state: &AppState, subject: TokenSubject) -> Result<Cookie<'static>, Problem> {
    let token = state
        .manager_keys
        .issue(TokenKind::Access, subject)
        .map_err(|_| Problem::internal())?;
    let mut c = cookie(SESSION_COOKIE, token.token, state.secure_cookies);
    c.set_max_age(Duration::seconds(ACCESS_SECONDS));
    Ok(c)
}

/// The log-in form's double-submit token: the one the browser has, else a new one (the
/// cookie to set then).
pub fn login_csrf(req: &HttpRequest, secure: bool) -> (String, Option<Cookie<'static>>) {
    match req.cookie(LOGIN_CSRF_COOKIE) {
        Some(c) if !c.value().is_empty() => (c.value().to_string(), None),
        _ => {
            let token = random_token();
            let set = cookie(LOGIN_CSRF_COOKIE, token.clone(), secure);
            (token, Some(set))
        }
    }
}

/// Whether a posted log-in form repeats its cookie's token.
pub fn login_csrf_matches(req: &HttpRequest, posted: &str) -> bool {
    let expected = req
        .cookie(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    !expected.is_empty() && constant_time_eq(expected.as_bytes(), posted.as_bytes())
}

pub fn language_cookie(code: &str, secure: bool) -> Cookie<'static> {
    let mut c = cookie(LANGUAGE_COOKIE, code.to_string(), secure);
    c.set_max_age(Duration::days(365));
    c
}

/// A cookie that removes the session.
pub fn session_removal() -> Cookie<'static> {
    let mut c = Cookie::build(SESSION_COOKIE, "").path(PATH).finish();
    c.make_removal();
    c
}

fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path(PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashboard_cookies_stay_on_the_dashboard_and_away_from_scripts() {
        for secure in [false, true] {
            let c = cookie(SESSION_COOKIE, "token".into(), secure);
            assert_eq!(c.path(), Some("/manage"));
            assert_eq!(c.http_only(), Some(true));
            assert_eq!(c.same_site(), Some(SameSite::Strict));
            assert_eq!(c.secure(), Some(secure));
        }
        let gone = session_removal();
        assert_eq!(gone.path(), Some("/manage"));
        assert_eq!(gone.value(), "");
    }
}
