//! The management API: field managers' accounts, tokens, grants and the audit log, and the
//! plumbing every manager route shares. A route of the management API is written like this:
//!
//! ```ignore
//! use crate::manager_api::{Access, Manager, ValidJson};
//!
//! #[derive(Deserialize, Validate)]
//! #[serde(deny_unknown_fields)]                 // unknown fields: 422 naming the field
//! struct Rename { #[validate(length(min = 1, max = 200))] name: String }
//!
//! async fn put(state: State, manager: Manager,  // 401 unless a current access token
//!              id: web::Path<i64>, body: ValidJson<Rename>) -> Result<HttpResponse, Problem> {
//!     let (id, Rename { name }) = (id.into_inner(), body.into_inner()?); // 4xx after 401/403
//!     with_db(&state, move |conn, _| {
//!         manager.survey_access(conn, id, Access::Change)?; // 404 if not granted, 403 viewer
//!         write_tx(conn, |c| {
//!             surveys::rename(c, id, &name)?;
//!             audit::record(c, Some(manager.user_id), "survey.rename", "survey", Some(id),
//!                           &json!({}))                  // every change, same transaction
//!         })?;
//!         Ok::<_, Problem>(())
//!     }).await??;
//!     …
//! }
//! ```
//!
//! - [`Manager`] is any logged-in user; [`manager::Admin`] refuses other roles with 403.
//! - [`Manager::survey_access`] with [`Access::Read`], [`Access::Change`] or
//!   [`Access::PersonalData`] is the grant check: admins see every survey; managers and
//!   viewers only those granted (404 otherwise, never 403, so ids cannot be probed); viewers
//!   may only read.
//! - [`ValidJson`] refuses bodies field by field (problem+json with `errors[].field`); take
//!   the body with `into_inner()?`, so that a 401 or 403 is answered before a body error.
//! - Lists take [`ListQuery`] (`?cursor=&limit=`) and answer a [`Page`]
//!   (`{"items":[…],"next_cursor"}`); [`cursor::Cursor`] is the opaque position.

// `Problem` (about 136 bytes) is the error of every step of a handler here; it is the rare
// path, and boxing it would spread through every route for no measurable gain.
#![allow(clippy::result_large_err)]

mod audit;
mod auth;
mod cases;
mod contact_item;
mod contacts;
mod cursor;
mod exports;
mod grants;
mod jobs;
mod json_body;
mod letter_download;
mod login_throttle;
mod manager;
mod survey_read;
mod surveys;
mod timestamps;
pub mod token;
mod upload;
mod users;
mod validation;

// The plumbing the manager routes share.
pub use auth::{check_login, revoke_tokens, LoginOutcome};
pub use contact_item::ContactItem;
pub use contacts::{aim_at_lagging, fieldwork_problem};
pub use cursor::{ListQuery, Page};
pub use json_body::ValidJson;
pub use letter_download::{stream_letters, LetterFiles, LetterFormat};
pub use login_throttle::LoginThrottle;
pub use manager::{authenticate, Manager};
pub use svar_core::accounts::Access;
pub use timestamps::from_ms as timestamp;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(auth::configure)
        .configure(users::configure)
        .configure(grants::configure)
        .configure(audit::configure)
        .configure(cases::configure)
        .configure(contacts::configure)
        .configure(exports::configure)
        .configure(surveys::configure)
        .configure(jobs::configure);
}
