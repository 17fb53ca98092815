//! Folding the monitoring changes into the counters, a recurring job: on PostgreSQL every
//! change to a case's disposition is appended to `monitoring_changes` (so that concurrent
//! saves never wait on one another's counter rows), and every reader adds the changes not yet
//! folded. Folding them every second keeps that addition small; the space they took is given
//! back for new ones every 30 seconds.

use crate::queue::{Done, Job, JobError, JobRun};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;
use svar_core::db::{monitoring_counts, now_ms, StoreError};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FoldMonitoringJob {}

/// How often the changes are folded.
pub const FOLD_EVERY: Duration = Duration::from_secs(1);

impl Job for FoldMonitoringJob {
    const KIND: &'static str = "fold_monitoring";
    const EVERY: Option<Duration> = Some(FOLD_EVERY);

    fn run(&self, run: &JobRun<'_>) -> Result<Done, JobError> {
        fold(run.ctx)?;
        Ok(Done::Again {
            at_ms: run.now_ms + crate::queue::context::lease_ms(FOLD_EVERY),
        })
    }
}

/// How often the space of folded changes is given back. A VACUUM of the table costs about as
/// much as the changes of a tenth of a second of e-mail (the invitation moves every case from
/// 3.11 to 3.19), so once a second took a quarter of PostgreSQL's time while mail went out;
/// the table holds at most this long's changes before their space is used again.
pub const VACUUM_EVERY: Duration = Duration::from_secs(30);

/// When this process last gave the space back (epoch ms; 0: not yet).
static LAST_VACUUM_MS: AtomicI64 = AtomicI64::new(0);

/// One fold of every survey's changes; returns how many were moved.
pub fn fold(ctx: &crate::queue::WorkerContext) -> Result<i64, StoreError> {
    let mut conn = ctx.pool.get()?;
    let moved = monitoring_counts::fold(&mut conn, None)?;
    let now = now_ms();
    let due =
        LAST_VACUUM_MS.load(Ordering::Relaxed) + crate::queue::context::lease_ms(VACUUM_EVERY);
    if moved > 0 && now >= due {
        monitoring_counts::vacuum_changes(&mut conn)?;
        LAST_VACUUM_MS.store(now, Ordering::Relaxed);
    }
    Ok(moved)
}
