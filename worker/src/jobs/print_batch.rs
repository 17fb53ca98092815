//! A print batch: the pending letters of one step of one survey become a batch for the mailing
//! house (`svar_core::fieldwork::make_batch`). Queued by the scheduling pass and by a manager's
//! "send now", at most one per step at a time (`PrintBatchJob::enqueue`).

use super::schedule_contacts::fieldwork_error;
use crate::queue::{Done, Job, JobError, JobRun};
use svar_core::db::StoreError;
use svar_core::fieldwork::{make_batch, BatchKeys, PrintBatchJob};

impl Job for PrintBatchJob {
    const KIND: &'static str = PrintBatchJob::KIND;

    fn run(&self, run: &JobRun<'_>) -> Result<Done, JobError> {
        let ctx = run.ctx;
        let mut conn = ctx.pool.get().map_err(StoreError::from)?;
        let keys = BatchKeys {
            code_key: &ctx.code_key,
            seal: &ctx.seal,
        };
        let batch = make_batch(&mut conn, &keys, self.survey_id, &self.step, run.now_ms)
            .map_err(fieldwork_error)?;
        if let Some(batch) = batch {
            tracing::info!(
                survey_id = self.survey_id,
                step = %self.step,
                batch_id = batch.id,
                letters = batch.letters,
                "print batch made"
            );
        }
        Ok(Done::Finished)
    }
}
