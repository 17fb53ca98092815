//! `POST /api/v1/users {"email","role","password"?}` → 201 + Location (admins only). Without a
//! password one is generated and returned once, in this answer only.

use super::UserView;
use crate::blocking::with_db;
use crate::manager_api::json_body::ValidJson;
use crate::manager_api::manager::Admin;
use crate::manager_api::validation::{email_address, new_password};
use crate::problem::{FieldError, Problem};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use svar_core::accounts::{generate_password, hash_password, Email, Role};
use svar_core::db::users;
use validator::Validate;

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[validate(custom(function = "email_address"))]
    email: String,
    role: Role,
    #[validate(custom(function = "new_password"))]
    password: Option<String>,
}

#[derive(Debug, Serialize)]
struct Created {
    #[serde(flatten)]
    user: UserView,
    /// Only when the server generated the password.
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<String>,
}

pub async fn post(
    state: web::Data<Arc<AppState>>,
    admin: Admin,
    body: ValidJson<NewUser>,
) -> Result<HttpResponse, Problem> {
    let NewUser {
        email,
        role,
        password,
    } = body.into_inner()?;
    let email = Email::parse(&email).map_err(|e| {
        Problem::invalid_fields(vec![FieldError::field("email", "email", e.to_string())])
    })?;
    let (password, generated) = match password {
        Some(p) => (p, false),
        None => (generate_password().map_err(|_| Problem::internal())?, true),
    };
    let actor = admin.0.user_id;
    let created = with_db(&state, move |conn, _| {
        let hash = hash_password(&password).map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            Problem::internal()
        })?;
        let id = users::create(conn, Some(actor), &email, &hash, role)?;
        let Some(id) = id else {
            return Err(Problem::item_errors(
                StatusCode::CONFLICT,
                "user-exists",
                "An account with this e-mail address exists already",
                vec![FieldError::field(
                    "email",
                    "taken",
                    "has an account already",
                )],
            ));
        };
        let row = users::find(conn, id)?.ok_or_else(Problem::internal)?;
        Ok(Created {
            user: UserView::of(row)?,
            password: generated.then_some(password),
        })
    })
    .await??;
    tracing::info!(user_id = created.user.id, actor, "account created");
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/users/{}", created.user.id),
        ))
        .json(created))
}
