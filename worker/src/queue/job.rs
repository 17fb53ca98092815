//! What a background job is: a kind (its name in the queue), a payload that serialises to JSON,
//! how long a claim of it lasts, how often it is tried, and what it does. A job's `run` may be
//! called more than once for the same payload (a worker can die after the work and before the
//! job is removed), so every job is written to be harmless when repeated.

use super::context::JobRun;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;
use svar_core::db::StoreError;

/// How a run ended well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// The job is finished and leaves the queue.
    Finished,
    /// A recurring job: run it again at this instant (epoch ms).
    Again { at_ms: i64 },
}

/// Why a run failed. The message goes into the queue's `last_error`: never personal data.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another try later (the database or a server was away).
    #[error("{0}")]
    Retry(String),
    /// Will not get better by trying again.
    #[error("{0}")]
    Fatal(String),
}

impl From<StoreError> for JobError {
    fn from(e: StoreError) -> Self {
        JobError::Retry(e.kind().to_string())
    }
}

/// A kind of background job.
pub trait Job: Serialize + DeserializeOwned {
    /// The job's name in the queue.
    const KIND: &'static str;
    /// How long a claim lasts before another worker may take the job (a long job extends it
    /// with `JobRun::heartbeat`).
    const LEASE: Duration = Duration::from_secs(300);
    /// Tries before the job is kept as failed.
    const MAX_ATTEMPTS: i32 = 5;
    /// For a job that recurs (one of each kind is kept in the queue): how often it runs. A
    /// recurring job is never given up: after a failure it runs again at its next time.
    const EVERY: Option<Duration> = None;

    fn run(&self, run: &JobRun<'_>) -> Result<Done, JobError>;

    /// Called once when the job is given up (its tries are used up, or it failed for good),
    /// with the last error; e.g. to tell the manager in the job's report.
    fn give_up(&self, _run: &JobRun<'_>, _error: &str) {}
}
