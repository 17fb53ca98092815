//! The queued job that makes a print batch (the worker runs it, `svar-worker`'s `jobs`): put in
//! the queue by the scheduling pass and by a manager's "send now" of a letter step, at most one
//! per survey and step at a time.

use crate::db::{queue, AnyConnection, StoreError};
use serde::{Deserialize, Serialize};

/// The payload: which step of which survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintBatchJob {
    pub survey_id: i64,
    pub step: String,
}

impl PrintBatchJob {
    /// The queue's name for the job.
    pub const KIND: &'static str = "print_batch";

    /// Queues the batch, unless one for the same step is queued already; whether it was.
    pub fn enqueue(&self, conn: &mut AnyConnection, now_ms: i64) -> Result<bool, StoreError> {
        let payload =
            serde_json::to_string(self).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let key = format!("{}:{}:{}", Self::KIND, self.survey_id, self.step);
        queue::enqueue(conn, Self::KIND, &payload, Some(&key), now_ms, now_ms)
    }
}
