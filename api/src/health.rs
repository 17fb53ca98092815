//! `GET /healthz` and `GET /readyz`, for load balancers, orchestrators and the operator on
//! call: the process answers HTTP (live), and it reaches its database (ready). Neither reads
//! personal data, and neither needs a session.

use crate::problem::Problem;
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use svar_core::db::{ping, StoreError};

/// How long readiness waits for a pooled connection: less than a probe's usual timeout.
const READY_WAIT: Duration = Duration::from_secs(2);

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").route(web::get().to(live)))
        .service(web::resource("/readyz").route(web::get().to(ready)));
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

/// The process serves requests; the database is not asked.
async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "live" })
}

/// A pooled connection answers a trivial statement within [`READY_WAIT`].
async fn ready(state: State) -> Result<HttpResponse, Problem> {
    let state = Arc::clone(&state);
    let reached = web::block(move || -> Result<(), StoreError> {
        let mut conn = state.pool.get_timeout(READY_WAIT)?;
        ping(&mut conn)
    })
    .await;
    match reached {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(Health { status: "ready" })),
        Ok(Err(e)) => {
            tracing::warn!(error = e.kind(), "not ready: the database does not answer");
            Err(not_ready())
        }
        Err(_) => Err(not_ready()),
    }
}

fn not_ready() -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "not-ready",
        "The database does not answer",
    )
}
