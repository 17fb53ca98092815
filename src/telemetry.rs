//! Logging: tracing with a filter from `SVAR_LOG`, JSON lines in production, plain text for
//! the demo. Log lines carry case and request ids only, never personal data. And the process's
//! Prometheus recorder, which `/metrics` renders.
//!
//! actix-http logs every request it cannot read — a malformed request line or header, a
//! connection cut in the middle of a body — as an error ("stream error: …"). That is the
//! client's fault, and the client has had its 400 or its closed connection; on a public survey,
//! scanners and phones on weak networks would fill the log with errors an operator on call is
//! paged for. Those lines are left out; every other error still shows.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

pub fn init(filter: &str, format: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (tests) is harmless: keep the first subscriber.
    let _ = if format == "text" {
        builder.finish().with(WithoutClientStreamErrors).try_init()
    } else {
        builder
            .json()
            .finish()
            .with(WithoutClientStreamErrors)
            .try_init()
    };
}

/// Request latency buckets, in seconds: a page save takes milliseconds, an export minutes.
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0,
];

/// Installs the process's Prometheus recorder (`/metrics` renders it).
pub fn install_metrics() -> anyhow::Result<PrometheusHandle> {
    let builder = PrometheusBuilder::new().set_buckets_for_metric(
        Matcher::Full("svar_http_request_duration_seconds".into()),
        &LATENCY_BUCKETS,
    )?;
    Ok(builder.install_recorder()?)
}

/// Where actix-http logs a request it could not read.
const DISPATCHER: &str = "actix_http::h1::dispatcher";
/// How that line begins.
const STREAM_ERROR: &str = "stream error:";

/// Drops actix-http's "stream error" lines (see the module's documentation).
struct WithoutClientStreamErrors;

impl<S: Subscriber> Layer<S> for WithoutClientStreamErrors {
    fn event_enabled(&self, event: &Event<'_>, _: Context<'_, S>) -> bool {
        if event.metadata().target() != DISPATCHER {
            return true;
        }
        let mut message = StartsWith {
            prefix: STREAM_ERROR,
            found: false,
        };
        event.record(&mut message);
        !message.found
    }
}

/// Whether an event's message starts with `prefix`.
struct StartsWith {
    prefix: &'static str,
    found: bool,
}

impl Visit for StartsWith {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.found = value.starts_with(self.prefix);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.found = format!("{value:?}").starts_with(self.prefix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tracing_subscriber::Registry;

    /// Counts the events that reach it.
    struct Count(Arc<AtomicUsize>);

    impl<S: Subscriber> Layer<S> for Count {
        fn on_event(&self, _: &Event<'_>, _: Context<'_, S>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn only_actix_http_stream_errors_are_left_out() {
        let seen = Arc::new(AtomicUsize::new(0));
        let subscriber = Registry::default()
            .with(Count(Arc::clone(&seen)))
            .with(WithoutClientStreamErrors);
        tracing::subscriber::with_default(subscriber, || {
            let err = "request parse error: invalid Header provided";
            tracing::error!(target: "actix_http::h1::dispatcher", "stream error: {}", err);
            assert_eq!(seen.load(Ordering::SeqCst), 0, "a client's bad request");
            tracing::error!(target: "actix_http::h1::dispatcher", "Response payload stream error: x");
            tracing::error!(target: "actix_http::h1::dispatcher", "write zero; closing");
            tracing::error!(target: "svar_api", "stream error: ours");
            tracing::error!(status = 500, "request failed");
        });
        assert_eq!(seen.load(Ordering::SeqCst), 4, "every other error");
    }
}
