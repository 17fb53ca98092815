//! Running blocking database work off the async workers. The pool checkout happens inside the
//! blocking closure: a checkout can wait up to the pool's timeout, and must not stall actix's
//! few async workers while it does.

use crate::problem::Problem;
use crate::state::AppState;
use actix_web::web;
use std::sync::Arc;
use svar_core::db::AnyConnection;

/// Runs `f` with a pooled connection on the blocking thread pool.
pub async fn with_db<T, E, F>(state: &Arc<AppState>, f: F) -> Result<Result<T, E>, Problem>
where
    F: FnOnce(&mut AnyConnection, &AppState) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<svar_core::db::StoreError> + Send + 'static,
{
    let state = Arc::clone(state);
    web::block(move || {
        let mut conn = state.pool.get().map_err(svar_core::db::StoreError::from)?;
        f(&mut conn, &state)
    })
    .await
    .map_err(|_| Problem::unavailable())
}
