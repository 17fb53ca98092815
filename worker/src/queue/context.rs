//! What a job runs with: the worker's shared parts (database, keys, mail, the board of live
//! progress), the instant the run counts as "now" (`svar worker --once --at …` sets it), and
//! the claim it holds, which a long job keeps alive with [`JobRun::heartbeat`].

use crate::mail::Mailer;
use crate::{WorkerError, WorkerSettings};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use svar_core::code::{CodeKey, CodeSeal};
use svar_core::contact::OptOutKey;
use svar_core::db::{queue, AnyConnection, Pool};
use svar_core::setup::JobBoard;

/// The parts every job and sender of one worker process share.
pub struct WorkerContext {
    pub pool: Pool,
    /// This process's name in leases: host, process id and a random tag.
    pub id: String,
    pub code_key: CodeKey,
    pub seal: CodeSeal,
    pub opt_out: OptOutKey,
    /// The address respondents open, without a trailing `/`.
    pub public_url: String,
    /// Live progress of the sample imports this process runs (shared with the API in
    /// `svar serve`).
    pub board: Arc<JobBoard>,
    pub mailer: Mailer,
    /// How often the scheduling pass runs.
    pub schedule_every: Duration,
    /// Set when the process is asked to stop.
    pub stop: Arc<AtomicBool>,
}

impl WorkerContext {
    /// The context of a worker process set up with `settings`, stopping when `stop` is set.
    pub fn new(
        settings: WorkerSettings,
        stop: Arc<AtomicBool>,
    ) -> Result<WorkerContext, WorkerError> {
        let mailer = Mailer::new(&settings.mail)?;
        Ok(WorkerContext {
            pool: settings.pool,
            id: worker_id(),
            seal: CodeSeal::new(&settings.code_key),
            opt_out: OptOutKey::new(&settings.code_key)?,
            code_key: settings.code_key,
            public_url: settings.public_url.trim_end_matches('/').to_string(),
            board: settings.board,
            mailer,
            schedule_every: settings.schedule_every,
            stop,
        })
    }

    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// This process's name in leases: host, process id and a random tag (containers all have
/// process id 1).
fn worker_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "svar".to_string());
    format!(
        "{host}:{}:{:06x}",
        std::process::id(),
        super::runner::random_u64() & 0xff_ffff
    )
}

/// One run of a claimed job.
pub struct JobRun<'a> {
    pub ctx: &'a WorkerContext,
    /// The job's id in the queue (`None` when run directly by `--once`).
    pub job_id: Option<i64>,
    /// The instant this run counts as now (epoch ms).
    pub now_ms: i64,
    /// The claim's length.
    pub lease: Duration,
}

impl JobRun<'_> {
    /// Extends this job's claim by its lease from `now_ms` (a long job calls it now and then).
    /// A failure is logged, not fatal: at worst another worker takes the job over later. On
    /// SQLite nothing is written: a long job there holds the database's one writer lock, so
    /// nobody else can claim it meanwhile (and the write would wait for that lock).
    pub fn heartbeat(&self) {
        let Some(id) = self.job_id else { return };
        let until = self.now_ms.max(svar_core::db::now_ms()) + lease_ms(self.lease);
        let extended = self
            .ctx
            .pool
            .get()
            .map_err(svar_core::db::StoreError::from)
            .and_then(|mut conn| match &*conn {
                AnyConnection::Sqlite(_) => Ok(true),
                AnyConnection::Postgresql(_) => {
                    queue::extend_lease(&mut conn, id, &self.ctx.id, until)
                }
            });
        if let Err(e) = extended {
            tracing::warn!(job_id = id, error = %e.kind(), "a job's lease could not be extended");
        }
    }
}

/// A duration in whole milliseconds.
pub fn lease_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
