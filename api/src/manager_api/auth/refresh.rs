//! `POST /api/v1/auth/refresh {"refresh_token"}` → a new token pair, while the refresh token is
//! unexpired and the user's token version unchanged (no logout or password change since).

use super::tokens::issue_pair;
use crate::manager_api::json_body::ValidJson;
use crate::manager_api::manager::{current_manager, unauthorized};
use crate::manager_api::token::{TokenKind, TokenSubject};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use std::sync::Arc;
use validator::Validate;

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 4096))]
    refresh_token: String,
}

pub async fn post(
    state: web::Data<Arc<AppState>>,
    body: ValidJson<RefreshRequest>,
) -> Result<HttpResponse, Problem> {
    let RefreshRequest { refresh_token } = body.into_inner()?;
    let subject = state
        .manager_keys
        .verify(TokenKind::Refresh, &refresh_token)
        .map_err(|_| unauthorized())?;
    let manager = current_manager(&state, subject).await?;
    let pair = issue_pair(
        &state.manager_keys,
        TokenSubject {
            user_id: manager.user_id,
            token_version: subject.token_version,
        },
    )?;
    Ok(HttpResponse::Ok().json(pair))
}
