//! svar-worker: Svar's background work. One job queue in the database that any number of
//! worker processes share (`queue`): sample imports, the scheduling pass of every fielding
//! survey's contact plan, print batches for letters, and the sweep that keeps the outbox
//! honest (`jobs`); and the senders that take due e-mail from the outbox and send it through
//! SMTP, or into a folder on the embedded default (`mail`). `svar worker --once [--at …]` runs
//! one pass of everything due, as of a given time, and exits.

pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod queue;

use mail::sender::{run_sender, send_due, PlanCache, SendReport};
use mail::MailSettings;
use queue::runner::{drain, run_jobs};
use queue::{JobRun, WorkerContext};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use svar_core::code::{CodeKey, CodeKeyError};
use svar_core::db::{Pool, StoreError};
use svar_core::fieldwork::FieldworkError;
use svar_core::setup::JobBoard;

/// What a worker process is set up with.
pub struct WorkerSettings {
    pub pool: Pool,
    pub code_key: CodeKey,
    /// The address respondents open (links in e-mail and letters).
    pub public_url: String,
    /// Live progress of imports, shared with the API in `svar serve`.
    pub board: Arc<JobBoard>,
    pub mail: MailSettings,
    /// How often the scheduling pass runs.
    pub schedule_every: Duration,
}

/// Why a worker cannot start or run.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Mail(#[from] mail::MailSetupError),
    #[error("the code secret cannot be used: {0}")]
    Key(#[from] CodeKeyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fieldwork(#[from] FieldworkError),
    #[error("a worker thread could not be started: {0}")]
    Thread(std::io::Error),
    #[error("the figures of the day could not be written: {0}")]
    Job(queue::JobError),
}

/// A running worker: its threads stop when `stop` is set (SIGTERM), each after the work in
/// hand.
pub struct RunningWorker {
    threads: Vec<JoinHandle<()>>,
    ctx: Arc<WorkerContext>,
}

impl RunningWorker {
    /// Waits for every thread to end, then closes the connections to the mail server.
    pub fn join(self) {
        for thread in self.threads {
            let _ = thread.join();
        }
        self.ctx.mailer.transport.close();
        tracing::info!("worker stopped");
    }
}

/// Starts the job runner and the e-mail senders; they run until `stop` is set.
pub fn start(
    settings: WorkerSettings,
    stop: Arc<AtomicBool>,
) -> Result<RunningWorker, WorkerError> {
    let ctx = Arc::new(WorkerContext::new(settings, stop)?);
    tracing::info!(
        worker = %ctx.id,
        mail = %ctx.mailer.transport.describe(),
        senders = ctx.mailer.senders,
        "worker started"
    );
    let mut threads = Vec::new();
    let runner = Arc::clone(&ctx);
    threads.push(
        std::thread::Builder::new()
            .name("svar-jobs".into())
            .spawn(move || run_jobs(&runner, &jobs::registry()))
            .map_err(WorkerError::Thread)?,
    );
    for n in 0..ctx.mailer.senders {
        let sender = Arc::clone(&ctx);
        threads.push(
            std::thread::Builder::new()
                .name(format!("svar-mail-{n}"))
                .spawn(move || run_sender(&sender))
                .map_err(WorkerError::Thread)?,
        );
    }
    Ok(RunningWorker { threads, ctx })
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    /// Contact attempts written by the scheduling pass.
    pub scheduled: usize,
    /// Queued jobs run (print batches, imports).
    pub jobs: usize,
    /// E-mails by outcome.
    pub emails: SendReport,
    /// E-mails found with their lease run out.
    pub expired_leases: usize,
}

/// One pass of every job due as of `at_ms`, then returns: the outbox sweep, the scheduling
/// pass, the queued jobs (print batches, imports), the monitoring fold, the e-mail that is
/// due, and the figures of the day of `at_ms`.
pub fn run_once(settings: WorkerSettings, at_ms: i64) -> Result<PassReport, WorkerError> {
    let ctx = WorkerContext::new(settings, Arc::new(AtomicBool::new(false)))?;
    let expired_leases = jobs::sweep(&ctx, at_ms)?;
    let scheduled = {
        let mut conn = ctx.pool.get().map_err(StoreError::from)?;
        jobs::schedule_all(&mut conn, at_ms)?
    };
    let jobs = drain(&ctx, &jobs::one_off_registry(), at_ms, 10_000)?;
    jobs::fold_monitoring::fold(&ctx)?;
    let emails = send_due(&ctx, at_ms, &mut PlanCache::default());
    ctx.mailer.transport.close();
    let emails = emails?;
    jobs::record_days::record_all(&ctx, at_ms).map_err(WorkerError::Job)?;
    Ok(PassReport {
        scheduled,
        jobs,
        emails,
        expired_leases,
    })
}

/// Runs one job directly, outside the queue (for tests of a kind).
pub fn run_job_now<J: queue::Job>(
    settings: WorkerSettings,
    job: &J,
    at_ms: i64,
) -> Result<queue::Done, queue::JobError> {
    let ctx = WorkerContext::new(settings, Arc::new(AtomicBool::new(false)))
        .map_err(|e| queue::JobError::Fatal(e.to_string()))?;
    job.run(&JobRun {
        ctx: &ctx,
        job_id: None,
        now_ms: at_ms,
        lease: J::LEASE,
    })
}
