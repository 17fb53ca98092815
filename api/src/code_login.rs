//! Exchanging an access code for a session, shared by the start page, the `/s/{code}` link and
//! the JSON API. The order matters: throttled addresses are refused first; a malformed code
//! (wrong length, bad check symbol) is refused before any database work and is not counted as
//! a guess; only a well-formed code that opens nothing counts against the address, and every
//! such failure is counted globally in the logs (without the code or the address).

use crate::blocking::with_db;
use crate::problem::Problem;
use crate::state::AppState;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use svar_core::code::{AccessCode, CodeError};
use svar_core::respondent::{open_session, OpenedSession, RespondentError};
use svar_core::throttle::ClientKey;

/// What a login attempt came to.
pub enum LoginOutcome {
    Opened {
        session: OpenedSession,
        token: String,
    },
    Throttled(Duration),
    Malformed(CodeError),
    /// Unknown code, or a code of a survey that is not fielding.
    Unknown,
    /// The code is right but the case is submitted or declined.
    Finished(RespondentError),
}

pub async fn login_with_code(
    state: &Arc<AppState>,
    client: ClientKey,
    input: &str,
) -> Result<LoginOutcome, Problem> {
    if let Err(wait) = state.limiter.check(&client, Instant::now()) {
        return Ok(LoginOutcome::Throttled(wait));
    }
    let code = match AccessCode::parse(input) {
        Ok(code) => code,
        Err(e) => return Ok(LoginOutcome::Malformed(e)),
    };
    let opened = with_db(state, move |conn, st| {
        open_session(conn, &st.respondent_cache, &st.code_key, &code)
    })
    .await?;
    match opened {
        Ok(session) => {
            let token = state
                .sessions
                .issue(session.case_id)
                .map_err(|_| Problem::internal())?;
            tracing::info!(case_id = session.case_id, "respondent logged in");
            crate::request_metrics::logged_in();
            Ok(LoginOutcome::Opened { session, token })
        }
        Err(RespondentError::UnknownCode) => {
            crate::request_metrics::login_failed();
            let here = state.limiter.record_failure(&client, Instant::now());
            let total = state.failed_logins.fetch_add(1, Ordering::Relaxed) + 1;
            // At most one line a second, with the running total: a guessing flood shows in
            // the logs without drowning them.
            let second = chrono::Utc::now().timestamp();
            if state
                .failed_logins_logged_at
                .swap(second, Ordering::Relaxed)
                != second
            {
                tracing::warn!(
                    failed_from_address = here,
                    failed_total = total,
                    "failed code attempt"
                );
            }
            Ok(LoginOutcome::Unknown)
        }
        Err(e @ (RespondentError::AlreadySubmitted | RespondentError::Declined)) => {
            Ok(LoginOutcome::Finished(e))
        }
        Err(e) => Err(Problem::from(e)),
    }
}
