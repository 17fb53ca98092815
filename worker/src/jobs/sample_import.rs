//! The sample import a manager uploads (`svar_core::setup::enqueue_sample_import`): the
//! worker imports the stored files in one transaction and closes the job's report. A database
//! failure is tried again (nothing of the failed try is kept); a refused file is the job's
//! outcome, reported line by line, not a failure of the job.

use crate::queue::{Done, Job, JobError, JobRun};
use std::time::Duration;
use svar_core::setup::{
    give_up_sample_import, run_sample_import, SampleImportJob, SetupError, SAMPLE_IMPORT_JOB,
};

impl Job for SampleImportJob {
    const KIND: &'static str = SAMPLE_IMPORT_JOB;
    /// Extended about once a second while the import runs (on PostgreSQL).
    const LEASE: Duration = Duration::from_secs(120);
    const MAX_ATTEMPTS: i32 = 3;

    fn run(&self, run: &JobRun<'_>) -> Result<Done, JobError> {
        match run_sample_import(&run.ctx.pool, &run.ctx.board, self.job_id, || {
            run.heartbeat()
        }) {
            Ok(_) => Ok(Done::Finished),
            Err(SetupError::Store(e)) => Err(JobError::Retry(e.kind().to_string())),
            Err(e) => Err(JobError::Fatal(e.to_string())),
        }
    }

    fn give_up(&self, run: &JobRun<'_>, error: &str) {
        let reason = format!("the import could not be completed ({error}); nothing was imported");
        if let Err(e) = give_up_sample_import(&run.ctx.pool, self.job_id, &reason) {
            tracing::error!(job_id = self.job_id, error = %e, "a failed sample import could not be closed");
        }
    }
}
