//! The queued job that makes a print batch (the worker runs it, `svar-worker`'s `jobs`): put in
//! the queue by the scheduling pass (at most one batch a step a day) and by a manager's "send
//! now" of a letter step (at once), at most one per survey and step at a time.

use crate::db::{queue, AnyConnection, StoreError};
use serde::{Deserialize, Serialize};

/// At most one print batch of a step a day (made by the scheduling pass).
pub const BATCH_SPACING_MS: i64 = 24 * 60 * 60 * 1000;

/// The payload: which step of which survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintBatchJob {
    pub survey_id: i64,
    pub step: String,
}

impl PrintBatchJob {
    /// The queue's name for the job.
    pub const KIND: &'static str = "print_batch";

    /// Queues the batch to be made at `run_at_ms` (the scheduling pass), unless one for the
    /// same step is in the queue already (a queued one is brought forward to `run_at_ms`);
    /// whether it was.
    pub fn enqueue(
        &self,
        conn: &mut AnyConnection,
        run_at_ms: i64,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let (payload, key) = self.row()?;
        queue::enqueue(conn, Self::KIND, &payload, Some(&key), run_at_ms, now_ms)
    }

    /// Queues the batch to be made at once (a manager's "send now"): a batch of the step queued
    /// for later is brought forward, one given up as failed is tried again.
    pub fn enqueue_now(&self, conn: &mut AnyConnection, now_ms: i64) -> Result<bool, StoreError> {
        let (payload, key) = self.row()?;
        queue::enqueue_again(conn, Self::KIND, &payload, &key, now_ms, now_ms)
    }

    /// The job's payload and its key in the queue (one per survey and step).
    fn row(&self) -> Result<(String, String), StoreError> {
        let payload =
            serde_json::to_string(self).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok((
            payload,
            format!("{}:{}:{}", Self::KIND, self.survey_id, self.step),
        ))
    }

    /// When the scheduling pass at `now_ms` queues the batch of a step whose last batch was
    /// made at `last_batch_ms`: at once for the first, else a day after the last — a step whose
    /// letters fall due case by case (counted from each person's previous contact) makes one
    /// batch a day for the mailing house, not one a pass.
    pub fn run_at(last_batch_ms: Option<i64>, now_ms: i64) -> i64 {
        last_batch_ms.map_or(now_ms, |last| (last + BATCH_SPACING_MS).max(now_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_gets_its_first_batch_at_once_then_one_a_day() {
        let now = 10 * BATCH_SPACING_MS;
        assert_eq!(PrintBatchJob::run_at(None, now), now);
        assert_eq!(
            PrintBatchJob::run_at(Some(now - 3_600_000), now),
            now - 3_600_000 + BATCH_SPACING_MS
        );
        assert_eq!(
            PrintBatchJob::run_at(Some(now - 2 * BATCH_SPACING_MS), now),
            now
        );
    }
}
