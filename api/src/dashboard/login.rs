//! `POST /manage/login` (form fields `_csrf`, `email`, `password`): the log-in form's answer.
//! The form's double-submit token is checked first (403, nothing counted, without it); then
//! the same check as `POST /api/v1/auth/login` ([`check_login`]: argon2, throttle, log lines).
//! Success sets the session cookie and goes to `/manage` (303); a refusal shows the form again
//! with the error and no cookie; too many failures, the form with 429 and `Retry-After`.

use super::home::{login_form, LoginError};
use super::messages::{refusal_page, see_other, Refusal};
use super::session::{login_csrf_matches, session_cookie};
use crate::client_address::client_key;
use crate::form_body::FormBody;
use crate::manager_api::{check_login, LoginOutcome};
use crate::startup::State;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

/// The lengths the JSON login takes (its validation): longer or empty is refused unchecked.
const EMAIL_MAX: usize = 320;
const PASSWORD_MAX: usize = 1024;

pub async fn submit(state: State, req: HttpRequest, body: Bytes) -> HttpResponse {
    let secure = state.secure_cookies;
    let form = FormBody::parse(&body);
    if !login_csrf_matches(&req, form.get("_csrf").unwrap_or("")) {
        return refusal_page(&req, secure, Refusal::FormRefused);
    }
    let email = form.get("email").unwrap_or("").to_string();
    let password = form.get("password").unwrap_or("").to_string();
    if email.is_empty()
        || password.is_empty()
        || email.chars().count() > EMAIL_MAX
        || password.chars().count() > PASSWORD_MAX
    {
        return login_form(&req, secure, &email, Some(LoginError::Refused));
    }
    let outcome = check_login(&state, client_key(&req), email.clone(), password).await;
    match outcome {
        Ok(LoginOutcome::LoggedIn(subject)) => match session_cookie(&state, subject) {
            Ok(cookie) => {
                let mut res = see_other("/manage");
                match res.add_cookie(&cookie) {
                    Ok(()) => res,
                    Err(_) => refusal_page(&req, secure, Refusal::Internal),
                }
            }
            Err(p) => refusal_page(&req, secure, p.into()),
        },
        Ok(LoginOutcome::Refused) => login_form(&req, secure, &email, Some(LoginError::Refused)),
        Ok(LoginOutcome::Throttled(wait)) => {
            login_form(&req, secure, &email, Some(LoginError::Throttled(wait)))
        }
        Err(p) => refusal_page(&req, secure, p.into()),
    }
}
