//! `svar serve` (API and worker in one process), `svar api`, `svar worker`, and `svar demo`,
//! which loads the demo survey first.

use crate::configuration::Settings;
use anyhow::Context;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use svar_api::{build_server, ApiSettings};
use svar_core::code::CodeKey;
use svar_core::db::Pool;
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
    let worker_thread = worker.then(|| {
        let (pool, stop) = (pool.clone(), Arc::clone(&stop));
        std::thread::spawn(move || svar_worker::run(pool, stop))
    });
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
            };
            tracing::info!(listen = %settings.listen, "API listening");
            build_server(api_settings, listener)?.await?;
        } else {
            stop_signal().await?;
        }
        Ok::<_, anyhow::Error>(())
    });
    stop.store(true, Ordering::Relaxed);
    if let Some(handle) = worker_thread {
        let _ = handle.join();
    }
    result
}

/// Waits for Ctrl-C (SIGINT) or, on Unix, SIGTERM (what service managers send).
async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use actix_web::rt::signal::unix::{signal, SignalKind};
        use std::future::Future;
        use std::task::Poll;
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = std::pin::pin!(actix_web::rt::signal::ctrl_c());
        let mut terminated = std::pin::pin!(terminate.recv());
        std::future::poll_fn(|cx| {
            let interrupted = interrupt.as_mut().poll(cx).is_ready();
            if interrupted || terminated.as_mut().poll(cx).is_ready() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await;
        Ok(())
    }
    #[cfg(not(unix))]
    {
        actix_web::rt::signal::ctrl_c().await
    }
}
