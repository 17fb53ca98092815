//! `POST /api/v1/auth/password {"current_password","new_password"}` → 200 with a new token
//! pair. The new password must meet the policy; the change revokes every token issued before
//! (the answer carries fresh ones). A wrong current password counts as a failed login.

use super::login::too_many_logins;
use super::tokens::issue_pair;
use crate::blocking::with_db;
use crate::client_address::client_key;
use crate::manager_api::json_body::ValidJson;
use crate::manager_api::login_throttle::AccountKey;
use crate::manager_api::manager::{unauthorized, Manager};
use crate::manager_api::token::TokenSubject;
use crate::manager_api::validation::new_password;
use crate::problem::{FieldError, Problem};
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use std::sync::Arc;
use svar_core::accounts::{hash_password, verify_password};
use svar_core::db::users::{self, HashChange};
use svar_core::db::{audit, write_tx};
use validator::Validate;

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[validate(length(min = 1, max = 1024))]
    current_password: String,
    #[validate(custom(function = "new_password"))]
    new_password: String,
}

pub async fn post(
    state: web::Data<Arc<AppState>>,
    req: HttpRequest,
    manager: Manager,
    body: ValidJson<PasswordChange>,
) -> Result<HttpResponse, Problem> {
    let client = client_key(&req);
    let PasswordChange {
        current_password,
        new_password,
    } = body.into_inner()?;
    let user_id = manager.user_id;
    let token_version = with_db(&state, move |conn, st| {
        let account = AccountKey::User(user_id);
        if let Err(wait) = st.login_throttle.check(&account, client) {
            return Err(too_many_logins(wait));
        }
        let user = users::find(conn, user_id)?.ok_or_else(unauthorized)?;
        if !verify_password(&current_password, &user.password_hash).matches {
            st.login_throttle.failed(&account, client);
            return Err(Problem::invalid_fields(vec![FieldError::field(
                "current_password",
                "incorrect",
                "is not your current password",
            )]));
        }
        let hash = hash_password(&new_password).map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            Problem::internal()
        })?;
        write_tx(conn, |c| {
            users::set_password_hash(c, user_id, &hash, HashChange::NewPassword)?;
            audit::record(
                c,
                Some(user_id),
                "user.password_change",
                "user",
                Some(user_id),
                &serde_json::json!({}),
            )
        })?;
        Ok(user.token_version + 1)
    })
    .await??;
    tracing::info!(user_id, "password changed; earlier tokens revoked");
    let pair = issue_pair(
        &state.manager_keys,
        TokenSubject {
            user_id,
            token_version,
        },
    )?;
    Ok(HttpResponse::Ok().json(pair))
}
