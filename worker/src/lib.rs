//! svar-worker: the background jobs of fieldwork. For now one job: a periodic summary of case
//! states per survey in the logs (counts only, no personal data), which shows an operator that
//! the worker is alive and fieldwork is moving. The contact plan (invitations, reminders by
//! letter and e-mail) joins it with the worker issue.

use diesel::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use svar_core::db::schema::cases;
use svar_core::db::{Pool, StoreError};

/// How often the summary is logged.
pub const SUMMARY_EVERY: Duration = Duration::from_secs(60);

/// Case counts per (survey, state).
pub fn case_state_counts(pool: &Pool) -> Result<Vec<(i64, String, i64)>, StoreError> {
    let mut conn = pool.get()?;
    Ok(cases::table
        .group_by((cases::survey_id, cases::state))
        .select((cases::survey_id, cases::state, diesel::dsl::count_star()))
        .order((cases::survey_id, cases::state))
        .load(&mut *conn)?)
}

/// Runs until `stop` is set, checking it every second.
pub fn run(pool: Pool, stop: Arc<AtomicBool>) {
    tracing::info!("worker started");
    let mut last: Option<Instant> = None;
    while !stop.load(Ordering::Relaxed) {
        if last.is_none_or(|t| t.elapsed() >= SUMMARY_EVERY) {
            match case_state_counts(&pool) {
                Ok(counts) => {
                    for (survey_id, state, count) in counts {
                        tracing::info!(survey_id, state = %state, count, "cases by state");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "case summary failed"),
            }
            last = Some(Instant::now());
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    tracing::info!("worker stopped");
}

#[cfg(test)]
mod tests {
    use super::*;
    use svar_core::db::test_db::TestDatabase;

    #[test]
    fn counts_are_grouped_by_survey_and_state() {
        for db in TestDatabase::all().unwrap() {
            // An empty database has nothing to count, and the query runs on the backend.
            assert!(case_state_counts(&db.pool).unwrap().is_empty());
        }
    }
}
