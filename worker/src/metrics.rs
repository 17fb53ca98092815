//! The worker's figures for Prometheus (`/metrics`): e-mails by outcome and lease expiries as
//! counters; the outbox's attempts by channel and state, the age of the oldest due e-mail and
//! the background jobs by kind and state (a failed one waits for a person) as gauges, read from
//! the database when they are scraped. Recorded through the `metrics`
//! facade: the process that serves `/metrics` installs the recorder.

use svar_core::contact::Channel;
use svar_core::db::contact_attempts::AttemptState;
use svar_core::db::{contact_attempts, now_ms, queue, AnyConnection, StoreError};

/// Counts one e-mail's outcome: sent, retried, failed, ambiguous, released.
pub fn email(outcome: &'static str, n: usize) {
    if n > 0 {
        metrics::counter!("svar_emails_total", "outcome" => outcome).increment(n as u64);
    }
}

/// Counts e-mails found with their lease run out (their worker died while sending).
pub fn lease_expiries(n: usize) {
    metrics::counter!("svar_lease_expiries_total").increment(n as u64);
}

/// Sets the outbox gauges from the database.
pub fn refresh_outbox_gauges(conn: &mut AnyConnection) -> Result<(), StoreError> {
    // Every channel and state, so that one that emptied shows 0 rather than its last count.
    for channel in [Channel::Email, Channel::Letter] {
        for state in AttemptState::ALL {
            metrics::gauge!("svar_contact_attempts", "channel" => channel.as_str(), "state" => state.as_str())
                .set(0.0);
        }
    }
    for (channel, state, count) in contact_attempts::counts(conn)? {
        metrics::gauge!("svar_contact_attempts", "channel" => channel, "state" => state)
            .set(count as f64);
    }
    let now = now_ms();
    let age = contact_attempts::oldest_due_email(conn, now)?.map_or(0, |due| now - due);
    metrics::gauge!("svar_oldest_due_email_age_seconds").set(age as f64 / 1000.0);
    for kind in crate::jobs::registry().names() {
        for state in ["queued", "failed"] {
            metrics::gauge!("svar_background_jobs", "kind" => kind, "state" => state).set(0.0);
        }
    }
    for (kind, state, count) in queue::counts(conn)? {
        metrics::gauge!("svar_background_jobs", "kind" => kind, "state" => state).set(count as f64);
    }
    Ok(())
}
