//! Folding the monitoring changes into the counters, a recurring job: on PostgreSQL every
//! change to a case's disposition is appended to `monitoring_changes` (so that concurrent
//! saves never wait on one another's counter rows), and every reader adds the changes not yet
//! folded. Folding them every second keeps that addition small; the space they took is then
//! given back for new ones.

use crate::queue::{Done, Job, JobError, JobRun};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use svar_core::db::{monitoring_counts, StoreError};

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

/// One fold of every survey's changes; returns how many were moved.
pub fn fold(ctx: &crate::queue::WorkerContext) -> Result<i64, StoreError> {
    let mut conn = ctx.pool.get()?;
    let moved = monitoring_counts::fold(&mut conn, None)?;
    if moved > 0 {
        monitoring_counts::vacuum_changes(&mut conn)?;
    }
    Ok(moved)
}
