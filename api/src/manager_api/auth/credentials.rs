//! The check of a field manager's e-mail address and password, shared by the JSON login
//! (`POST /api/v1/auth/login`) and the dashboard's log-in form (`POST /manage/login`), so both
//! take the same argon2 check, the same throttle and the same log lines. A wrong password and
//! an unknown address get the same refusal after the same work (an unknown address is checked
//! against a dummy hash). A hash with parameters below the current ones is replaced after a
//! successful login.

use crate::blocking::with_db;
use crate::manager_api::login_throttle::AccountKey;
use crate::manager_api::token::TokenSubject;
use crate::problem::Problem;
use crate::state::AppState;
use std::sync::Arc;
use std::time::Duration;
use svar_core::accounts::{hash_password, verify_against_dummy, verify_password, Email};
use svar_core::db::users::{self, HashChange};
use svar_core::db::AnyConnection;
use svar_core::throttle::ClientKey;

/// What a login attempt came to.
pub enum LoginOutcome {
    /// The user, as the tokens to issue name them.
    LoggedIn(TokenSubject),
    /// Wrong password or unknown address (never said which).
    Refused,
    /// Too many failed logins for the account or the address: wait this long.
    Throttled(Duration),
}

/// Checks `email` and `password` from client `client`, counting a failure against both.
pub async fn check_login(
    state: &Arc<AppState>,
    client: ClientKey,
    email: String,
    password: String,
) -> Result<LoginOutcome, Problem> {
    with_db(state, move |conn, st| {
        let user = match Email::parse(&email) {
            Ok(email) => users::find_by_email(conn, &email)?,
            Err(_) => None,
        };
        let account = match &user {
            Some(u) => AccountKey::User(u.id),
            None => AccountKey::Unknown(email.trim().to_lowercase()),
        };
        if let Err(wait) = st.login_throttle.check(&account, client) {
            return Ok::<_, Problem>(LoginOutcome::Throttled(wait));
        }
        let Some(user) = user else {
            verify_against_dummy(&password);
            st.login_throttle.failed(&account, client);
            return Ok(LoginOutcome::Refused);
        };
        let verified = verify_password(&password, &user.password_hash);
        if !verified.matches {
            st.login_throttle.failed(&account, client);
            tracing::warn!(user_id = user.id, "failed manager login");
            return Ok(LoginOutcome::Refused);
        }
        st.login_throttle.succeeded(&account);
        if verified.needs_rehash {
            rehash(conn, user.id, &password);
        }
        tracing::info!(user_id = user.id, "manager logged in");
        Ok(LoginOutcome::LoggedIn(TokenSubject {
            user_id: user.id,
            token_version: user.token_version,
        }))
    })
    .await?
}

/// Stores the password again with the current parameters. A failure here must not fail the
/// login: the old hash still verifies, and the next login tries again.
fn rehash(conn: &mut AnyConnection, user_id: i64, password: &str) {
    let stored = hash_password(password)
        .map_err(|e| e.to_string())
        .and_then(|h| {
            users::set_password_hash(conn, user_id, &h, HashChange::Rehash)
                .map_err(|e| e.to_string())
        });
    match stored {
        Ok(()) => tracing::info!(user_id, "password re-hashed with current parameters"),
        Err(error) => tracing::warn!(user_id, %error, "password re-hash failed"),
    }
}
