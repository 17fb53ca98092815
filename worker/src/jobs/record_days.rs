//! The figures of the day, a recurring job: every minute each fielding survey's figures per
//! stratum (counts, weighted counts, contacts sent) are written as today's, in the survey's
//! time zone. The last write of a day stands as that day's figures: the response curve, the
//! next round's expected curve and `daily.csv` are made from them.

use crate::queue::{Done, Job, JobError, JobRun, WorkerContext};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use svar_core::db::{monitoring_days, surveys, StoreError};
use svar_core::monitoring::daily_figures::record_day;
use svar_core::monitoring::FiguresError;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RecordDaysJob {}

/// How often today's figures are written.
pub const RECORD_EVERY: Duration = Duration::from_secs(60);

impl Job for RecordDaysJob {
    const KIND: &'static str = "record_days";
    const EVERY: Option<Duration> = Some(RECORD_EVERY);

    fn run(&self, run: &JobRun<'_>) -> Result<Done, JobError> {
        record_all(run.ctx, run.now_ms)?;
        Ok(Done::Again {
            at_ms: run.now_ms + crate::queue::context::lease_ms(RECORD_EVERY),
        })
    }
}

impl From<FiguresError> for JobError {
    fn from(e: FiguresError) -> Self {
        match e {
            FiguresError::Store(e) => e.into(),
            other => JobError::Fatal(other.to_string()),
        }
    }
}

/// Writes the day of `now_ms` for every fielding survey; returns how many were written.
pub fn record_all(ctx: &WorkerContext, now_ms: i64) -> Result<usize, JobError> {
    let mut conn = ctx.pool.get().map_err(StoreError::from)?;
    monitoring_days::fold_contacts(&mut conn)?;
    let mut written = 0;
    for survey in surveys::fielding(&mut conn)? {
        if record_day(&mut conn, survey.id, now_ms)? {
            written += 1;
        }
    }
    Ok(written)
}
