//! `/api/v1/users`: field managers' accounts (admins only, except one's own account).

mod get;
mod post;

use crate::manager_api::timestamps::from_ms;
use crate::problem::Problem;
use actix_web::web;
use serde::Serialize;
use svar_core::accounts::Role;
use svar_core::db::users::UserRow;

/// An account as the API shows it: never the password hash.
#[derive(Debug, Serialize)]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub created_at: String,
}

impl UserView {
    pub fn of(row: UserRow) -> Result<UserView, Problem> {
        Ok(UserView {
            role: row.role()?,
            id: row.id,
            email: row.email,
            created_at: from_ms(row.created_at_ms),
        })
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/users")
            .route(web::post().to(post::post))
            .route(web::get().to(get::list)),
    )
    .service(web::resource("/api/v1/users/{id}").route(web::get().to(get::one)));
}
