//! The operator's endpoints: `GET /healthz` (the process answers HTTP: liveness), `GET /readyz`
//! (a pooled connection answers `SELECT 1` within 2 s: readiness) and `GET /metrics`
//! (Prometheus text: requests and latency by route, saves, logins, failed logins, and — where a
//! worker runs — its e-mail, leases and outbox). None reads personal data or needs a session.
//! The API serves them beside everything else; `svar worker` serves them alone on its own
//! address ([`build_operations_server`]).

use crate::problem::Problem;
use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::{web, App, HttpResponse, HttpServer};
use metrics_exporter_prometheus::PrometheusHandle;
use serde::Serialize;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use svar_core::db::{ping, Pool, StoreError};

/// How long readiness waits for a pooled connection: less than a probe's usual timeout.
const READY_WAIT: Duration = Duration::from_secs(2);

/// Figures read from the database just before they are scraped (the outbox's, where a worker
/// runs in the process).
pub type RefreshGauges = Arc<dyn Fn(&Pool) + Send + Sync>;

/// The process's Prometheus recorder and what refreshes its gauges.
#[derive(Clone)]
pub struct Metrics {
    pub handle: PrometheusHandle,
    pub refresh: Option<RefreshGauges>,
}

/// What the operator's endpoints need.
#[derive(Clone)]
pub struct Operations {
    pub pool: Pool,
    pub metrics: Option<Metrics>,
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").route(web::get().to(live)))
        .service(web::resource("/readyz").route(web::get().to(ready)))
        .service(web::resource("/metrics").route(web::get().to(metrics)));
}

/// A server with only these endpoints, for a process without the API (`svar worker`).
pub fn build_operations_server(ops: Operations, listener: TcpListener) -> std::io::Result<Server> {
    let ops = web::Data::new(ops);
    let server = HttpServer::new(move || App::new().app_data(ops.clone()).configure(configure))
        .workers(1)
        .listen(listener)?;
    Ok(server.run())
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
async fn ready(ops: web::Data<Operations>) -> Result<HttpResponse, Problem> {
    let pool = ops.pool.clone();
    let reached = web::block(move || -> Result<(), StoreError> {
        let mut conn = pool.get_timeout(READY_WAIT)?;
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

/// The process's figures in Prometheus's text format.
async fn metrics(ops: web::Data<Operations>) -> Result<HttpResponse, Problem> {
    let Some(metrics) = ops.metrics.clone() else {
        return Err(Problem::not_found());
    };
    let pool = ops.pool.clone();
    let text = web::block(move || {
        if let Some(refresh) = &metrics.refresh {
            refresh(&pool);
        }
        metrics.handle.render()
    })
    .await
    .map_err(|_| Problem::unavailable())?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}
