//! `POST /manage/logout` (form field `_csrf`): ends the session the way
//! `POST /api/v1/auth/logout` does ([`revoke_tokens`]: every token of the user revoked, the
//! logout in the audit log), removes the cookie and goes back to the log-in form (303). A form
//! without the session's token is refused (403) and changes nothing; without a session there
//! is nothing to end.

use super::messages::{refusal_page, see_other, Refusal};
use super::session::{session_removal, Session};
use crate::manager_api::revoke_tokens;
use crate::startup::State;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

pub async fn submit(state: State, req: HttpRequest, body: Bytes) -> HttpResponse {
    let secure = state.secure_cookies;
    let session = match Session::posting(&state, &req, &body).await {
        Ok((session, _)) => session,
        Err(refusal) => return refusal_page(&req, secure, refusal),
    };
    if let Err(p) = revoke_tokens(&state, session.manager).await {
        return refusal_page(&req, secure, p.into());
    }
    let mut res = see_other("/manage");
    match res.add_cookie(&session_removal()) {
        Ok(()) => res,
        Err(_) => refusal_page(&req, secure, Refusal::Internal),
    }
}
