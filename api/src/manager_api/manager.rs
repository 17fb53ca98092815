//! `Manager`: the field manager a request is made by, and the checks every manager route
//! makes with it.
//!
//! The extractor takes `Authorization: Bearer <access token>` ([`authenticate`], which the
//! dashboard calls with its session cookie's token instead), checks signature, expiry,
//! audience and kind, then that the token's version is still the user's in the database (so a
//! logout or a password change revokes it at once), and reads the user's current role. Any
//! failure is 401. `Admin` is the same for routes only admins may use (403 for other roles).
//!
//! In a handler, inside `with_db`:
//!
//! ```ignore
//! async fn get(state: State, manager: Manager, id: web::Path<i64>) -> Result<HttpResponse, Problem> {
//!     let id = id.into_inner();
//!     let survey = with_db(&state, move |conn, _| {
//!         manager.survey_access(conn, id, Access::Read)?;   // 404 unless visible to this user
//!         Ok::<_, Problem>(surveys::find(conn, id)?)
//!     }).await??;
//!     …
//! }
//! ```

use super::token::{TokenKind, TokenSubject};
use crate::blocking::with_db;
use crate::problem::Problem;
use crate::respondent_api::auth::bearer;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use svar_core::accounts::{decide, Access, Decision, Role};
use svar_core::db::{grants, surveys, users, AnyConnection};

/// An authenticated field manager (any role).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manager {
    pub user_id: i64,
    pub role: Role,
}

/// An authenticated admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admin(pub Manager);

/// 401 for a missing, invalid, expired or revoked token.
pub fn unauthorized() -> Problem {
    Problem::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "A valid access token is required; log in at /api/v1/auth/login",
    )
}

impl Manager {
    /// Whether this user may have `access` to the survey: `Ok` if so, a 404 problem if the
    /// survey does not exist or is not granted to the user (the same answer, so ids cannot be
    /// probed), a 403 problem if the survey is visible but the role does not allow the access
    /// (a viewer asking to change, or for personal data). Admins see every survey.
    pub fn survey_access(
        &self,
        conn: &mut AnyConnection,
        survey_id: i64,
        access: Access,
    ) -> Result<(), Problem> {
        let visible = if self.role.is_admin() {
            surveys::find(conn, survey_id)?.is_some()
        } else {
            grants::is_granted(conn, self.user_id, survey_id)?
        };
        match decide(self.role, visible, access) {
            Decision::Allowed => Ok(()),
            Decision::NotFound => Err(Problem::not_found()),
            Decision::Forbidden => Err(Problem::forbidden(
                "Your role does not allow this for this survey",
            )),
        }
    }

    /// `Ok` for an admin, else 403.
    pub fn require_admin(&self) -> Result<Admin, Problem> {
        if self.role.is_admin() {
            Ok(Admin(*self))
        } else {
            Err(Problem::forbidden("Only an admin may do this"))
        }
    }
}

/// The user a token names, if the token's version is still the user's.
pub async fn current_manager(
    state: &Arc<AppState>,
    subject: TokenSubject,
) -> Result<Manager, Problem> {
    let user = with_db(state, move |conn, _| users::find(conn, subject.user_id)).await??;
    match user {
        Some(u) if u.token_version == subject.token_version => Ok(Manager {
            user_id: u.id,
            role: u.role()?,
        }),
        _ => Err(unauthorized()),
    }
}

/// The manager an access token names, and what the token says: the one check behind the
/// API's `Authorization: Bearer` and the dashboard's session cookie (signature, expiry,
/// audience, kind, then the user's current token version and role). 401 for anything else.
pub async fn authenticate(
    state: &Arc<AppState>,
    token: Option<String>,
) -> Result<(Manager, TokenSubject), Problem> {
    let token = token.ok_or_else(unauthorized)?;
    let subject = state
        .manager_keys
        .verify(TokenKind::Access, &token)
        .map_err(|_| unauthorized())?;
    Ok((current_manager(state, subject).await?, subject))
}

type Extracted<T> = Pin<Box<dyn Future<Output = Result<T, Problem>>>>;

impl FromRequest for Manager {
    type Error = Problem;
    type Future = Extracted<Manager>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<Arc<AppState>>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(Problem::internal)?;
            Ok(authenticate(&state, token).await?.0)
        })
    }
}

impl FromRequest for Admin {
    type Error = Problem;
    type Future = Extracted<Admin>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let manager = Manager::from_request(req, payload);
        Box::pin(async move { manager.await?.require_admin() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use svar_core::accounts::{hash_password_with, Email};
    use svar_core::db::surveys::SurveyState;
    use svar_core::db::test_db::TestDatabase;

    fn user(conn: &mut AnyConnection, address: &str, role: Role) -> Manager {
        let hash = hash_password_with("not used in this test", 8, 1, 1).unwrap();
        let email = Email::parse(address).unwrap();
        let user_id = users::create(conn, None, &email, &hash, role)
            .unwrap()
            .unwrap();
        Manager { user_id, role }
    }

    fn status(result: Result<(), Problem>) -> u16 {
        result.map(|()| 200).unwrap_or_else(|p| p.status)
    }

    #[test]
    fn survey_access_follows_role_and_grant_on_both_backends() {
        for db in TestDatabase::all().unwrap() {
            let conn = &mut *db.pool.get().unwrap();
            let admin = user(conn, "a@scb.se", Role::Admin);
            let manager = user(conn, "m@scb.se", Role::Manager);
            let viewer = user(conn, "v@scb.se", Role::Viewer);
            let granted = surveys::insert(conn, "S", 1, SurveyState::Draft, None)
                .unwrap()
                .unwrap();
            let other = surveys::insert(conn, "S", 2, SurveyState::Draft, None)
                .unwrap()
                .unwrap();
            for who in [manager, viewer] {
                grants::grant(conn, who.user_id, granted).unwrap();
            }
            let all = [Access::Read, Access::Change, Access::PersonalData];
            let statuses = |who: Manager, survey: i64, conn: &mut AnyConnection| {
                all.map(|access| status(who.survey_access(conn, survey, access)))
            };
            assert_eq!(statuses(admin, granted, conn), [200, 200, 200]);
            assert_eq!(statuses(admin, other, conn), [200, 200, 200]);
            assert_eq!(statuses(admin, other + 100, conn), [404, 404, 404]);
            assert_eq!(statuses(manager, granted, conn), [200, 200, 200]);
            assert_eq!(statuses(manager, other, conn), [404, 404, 404]);
            assert_eq!(statuses(viewer, granted, conn), [200, 403, 403]);
            assert_eq!(statuses(viewer, other, conn), [404, 404, 404]);
            assert!(admin.require_admin().is_ok());
            assert_eq!(manager.require_admin().unwrap_err().status, 403);
        }
    }
}
