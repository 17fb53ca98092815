//! Logging: tracing with a filter from `SVAR_LOG`, JSON lines in production, plain text for
//! the demo. Log lines carry case and request ids only, never personal data.

use tracing_subscriber::EnvFilter;

pub fn init(filter: &str, format: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (tests) is harmless: keep the first subscriber.
    let _ = if format == "text" {
        builder.try_init()
    } else {
        builder.json().try_init()
    };
}
