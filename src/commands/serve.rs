//! `svar serve` (API and worker in one process), `svar api`, `svar worker`, and `svar demo`,
//! which loads the demo survey first.

use super::worker::worker_settings;
use crate::configuration::Settings;
use anyhow::Context;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use svar_api::{
    build_operations_server, build_server, ApiSettings, Metrics, Operations, RefreshGauges,
};
use svar_core::code::CodeKey;
use svar_core::db::{Pool, StoreError};
use svar_core::setup::JobBoard;
use svar_core::throttle::AttemptLimiter;

/// The window failed code attempts are counted in (METHODS.md §5).
const LIMIT_WINDOW: Duration = Duration::from_secs(600);

pub use super::demo::demo;

/// Runs the API, the worker, or both until interrupted.
pub fn serve(settings: &Settings, api: bool, worker: bool) -> anyhow::Result<()> {
    let pool = super::open_migrated(settings)?;
    run(settings, pool, api, worker)
}

pub fn run(settings: &Settings, pool: Pool, api: bool, worker: bool) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    // The API and a worker in one process share the live progress of imports.
    let board = Arc::new(JobBoard::default());
    let running = match worker {
        true => {
            let worker = worker_settings(settings, pool.clone(), Arc::clone(&board))?;
            Some(svar_worker::start(worker, Arc::clone(&stop))?)
        }
        false => None,
    };
    // Where a worker runs, `/metrics` shows its outbox too, read when scraped.
    let refresh: Option<RefreshGauges> = worker.then(|| {
        Arc::new(|pool: &Pool| {
            let refreshed = pool
                .get()
                .map_err(StoreError::from)
                .and_then(|mut conn| svar_worker::metrics::refresh_outbox_gauges(&mut conn));
            if let Err(e) = refreshed {
                tracing::warn!(error = e.kind(), "the outbox figures could not be read");
            }
        }) as RefreshGauges
    });
    let metrics = Metrics {
        handle: crate::telemetry::install_metrics()?,
        refresh,
    };
    let result = actix_web::rt::System::new().block_on(async {
        if api {
            let db = settings.database()?;
            let secrets = settings.secrets(&db)?;
            let listener = TcpListener::bind(&settings.listen)
                .with_context(|| format!("cannot listen on {}", settings.listen))?;
            let api_settings = ApiSettings {
                pool: pool.clone(),
                code_key: CodeKey::new(secrets.code_secret.as_bytes())?,
                jwt_secret: secrets.jwt_secret.into_bytes(),
                public_url: settings.public_url(),
                limiter: AttemptLimiter::new(settings.code_attempts, LIMIT_WINDOW),
                jobs: Arc::clone(&board),
                metrics: Some(metrics),
            };
            tracing::info!(listen = %settings.listen, "API listening");
            build_server(api_settings, listener)?.await?;
        } else {
            // The worker alone: its /healthz, /readyz and /metrics on their own address; the
            // server ends on SIGTERM or Ctrl-C.
            let listen = &settings.worker_listen;
            let listener =
                TcpListener::bind(listen).with_context(|| format!("cannot listen on {listen}"))?;
            let operations = Operations {
                pool: pool.clone(),
                metrics: Some(metrics),
            };
            tracing::info!(listen = %listen, "worker health and metrics listening");
            build_operations_server(operations, listener)?.await?;
        }
        Ok::<_, anyhow::Error>(())
    });
    // SIGTERM or Ctrl-C: the worker finishes what is in hand and gives back what it leased.
    stop.store(true, Ordering::Relaxed);
    if let Some(running) = running {
        running.join();
    }
    result
}
