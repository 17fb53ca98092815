//! Keeping the outbox honest, a recurring job: an e-mail whose worker died while sending it
//! (its lease ran out) becomes `ambiguous` — counted and shown, never sent again — and a
//! pending contact of a case that finished or was stopped meanwhile is cancelled.

use crate::queue::{Done, Job, JobError, JobRun};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use svar_core::db::{contact_attempts, now_ms, surveys, write_tx, StoreError};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SweepOutboxJob {}

/// How often the sweep runs at most (more often when e-mail leases are shorter).
pub const SWEEP_EVERY: Duration = Duration::from_secs(30);

impl Job for SweepOutboxJob {
    const KIND: &'static str = "sweep_outbox";
    const EVERY: Option<Duration> = Some(SWEEP_EVERY);

    fn run(&self, run: &JobRun<'_>) -> Result<Done, JobError> {
        sweep(run.ctx, run.now_ms)?;
        let every = SWEEP_EVERY.min(run.ctx.mailer.lease / 2);
        Ok(Done::Again {
            at_ms: run.now_ms + crate::queue::context::lease_ms(every),
        })
    }
}

/// One sweep; returns the leases found expired. Leases are always real time.
pub fn sweep(ctx: &crate::queue::WorkerContext, due_by_ms: i64) -> Result<usize, StoreError> {
    let mut conn = ctx.pool.get()?;
    let expired = write_tx(&mut conn, |c| contact_attempts::expire_leases(c, now_ms()))?;
    if expired > 0 {
        crate::metrics::lease_expiries(expired);
        tracing::warn!(
            attempts = expired,
            "e-mails left sending by a stopped worker are ambiguous: they may or may not have gone out, and are not sent again"
        );
    }
    for survey in surveys::fielding(&mut conn)? {
        let cancelled = write_tx(&mut conn, |c| {
            contact_attempts::cancel_stopped(c, survey.id, due_by_ms)
        })?;
        if cancelled > 0 {
            tracing::info!(
                survey_id = survey.id,
                attempts = cancelled,
                "contacts of finished cases cancelled"
            );
        }
    }
    Ok(expired)
}
