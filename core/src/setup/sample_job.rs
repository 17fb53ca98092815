//! A sample import run in the background for the management API: the upload's two files are
//! stored in the database with the job's report row and a job in the worker's queue
//! ([`enqueue_sample_import`]); a worker runs it ([`run_sample_import`]) in one transaction
//! (all or nothing, as from the command line), and its progress — rows read, rows imported,
//! problems so far, bytes read for the ETA — is kept live in the process's [`JobBoard`] and, on
//! PostgreSQL, stored about once a second from a second connection so that any API replica can
//! report it. SQLite cannot take that second write while the import holds the write lock, so
//! there the board alone reports progress (`svar serve` shares it between API and worker) until
//! the job ends. A worker that dies mid-import leaves its lease to run out; the job is then run
//! again from its stored files.

use super::sample_import::{import_sample_observed, ImportProgress};
use super::SetupError;
use crate::db::job_files::{self, JobFileReader};
use crate::db::jobs::{self, JobProgress, JobState, SAMPLE_IMPORT};
use crate::db::{audit, queue, surveys, write_tx, AnyConnection, Pool, StoreError};
use crate::sample::SampleError;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often a running job stores its progress.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// The live progress of the jobs running in this process.
#[derive(Debug, Default)]
pub struct JobBoard {
    live: Mutex<HashMap<i64, JobProgress>>,
}

impl JobBoard {
    /// The progress of a job running here, if it is.
    pub fn get(&self, job_id: i64) -> Option<JobProgress> {
        self.live.lock().ok()?.get(&job_id).copied()
    }

    /// Records the live progress of a job running in this process.
    pub fn set(&self, job_id: i64, progress: JobProgress) {
        if let Ok(mut live) = self.live.lock() {
            live.insert(job_id, progress);
        }
    }

    /// Forgets a job that ended.
    pub fn remove(&self, job_id: i64) {
        if let Ok(mut live) = self.live.lock() {
            live.remove(&job_id);
        }
    }
}

/// The uploaded files of an import, on the disk of the process that took the upload.
#[derive(Debug, Clone)]
pub struct SampleFiles {
    pub strata: PathBuf,
    pub sample: PathBuf,
}

impl SampleFiles {
    /// Removes both files (once they are stored with the job, or refused).
    pub fn remove(&self) {
        for path in [&self.strata, &self.sample] {
            // A leftover temporary file is harmless; the import's outcome is what matters.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The queue's name for a sample import job; its payload is [`SampleImportJob`].
pub const SAMPLE_IMPORT_JOB: &str = "sample_import";

/// The payload of a queued sample import: the `jobs` row that reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SampleImportJob {
    pub job_id: i64,
}

/// The parts under which the two files are stored (`db::job_files`).
const STRATA_PART: &str = "strata";
const SAMPLE_PART: &str = "sample";

/// Queues the import of `files` into a survey for the user `created_by`: the job's report row,
/// both files (stored in the database, so any worker can run it), the audit row
/// `sample.upload` and the queued job, in one transaction; returns the job's id. Refused if the
/// survey does not exist, or already has an import waiting or running. The files on disk are
/// the caller's to remove.
pub fn enqueue_sample_import(
    conn: &mut AnyConnection,
    survey_id: i64,
    files: &SampleFiles,
    created_by: Option<i64>,
) -> Result<i64, SetupError> {
    surveys::find(conn, survey_id)?.ok_or(SetupError::NoSuchSurvey(survey_id))?;
    let size = |p: &PathBuf| std::fs::metadata(p).map(|m| m.len());
    let bytes = size(&files.strata)? + size(&files.sample)?;
    let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
    let open = |p: &PathBuf| -> Result<std::io::BufReader<std::fs::File>, SetupError> {
        Ok(std::io::BufReader::with_capacity(
            256 * 1024,
            std::fs::File::open(p)?,
        ))
    };
    let (strata, sample) = (open(&files.strata)?, open(&files.sample)?);
    write_tx(conn, |c| {
        if jobs::running_for_survey(c, SAMPLE_IMPORT, survey_id)?.is_some() {
            return Err(SetupError::ImportRunning(survey_id));
        }
        let job_id = jobs::insert(c, SAMPLE_IMPORT, survey_id, bytes, created_by)?;
        job_files::store(c, job_id, STRATA_PART, strata)?;
        job_files::store(c, job_id, SAMPLE_PART, sample)?;
        let detail = serde_json::json!({ "job_id": job_id });
        audit::record(
            c,
            created_by,
            "sample.upload",
            "survey",
            Some(survey_id),
            &detail,
        )?;
        let payload = serde_json::to_string(&SampleImportJob { job_id })
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let now = crate::db::now_ms();
        queue::enqueue(
            c,
            SAMPLE_IMPORT_JOB,
            &payload,
            Some(&format!("{SAMPLE_IMPORT_JOB}:{job_id}")),
            now,
            now,
        )?;
        Ok(job_id)
    })
}

/// How a run of a queued import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportEnd {
    Succeeded,
    /// The files were refused; the problems are in the job's row.
    Refused,
    /// The job had ended already (a second delivery of the same job).
    AlreadyEnded,
}

/// Runs queued import `job_id` (a worker's job): reads its stored files, imports them with its
/// live progress on `board` (and, on PostgreSQL, stored about once a second from a second
/// connection, so that any API replica can report it), and closes the job's row with the
/// outcome. `heartbeat` is called about once a second while it runs. An error is a failure of
/// the database, worth another try: the import's transaction was rolled back, nothing of it
/// is kept.
pub fn run_sample_import(
    pool: &Pool,
    board: &JobBoard,
    job_id: i64,
    mut heartbeat: impl FnMut(),
) -> Result<ImportEnd, SetupError> {
    let row = {
        let mut conn = pool.get().map_err(StoreError::from)?;
        jobs::find(&mut conn, job_id)?
    };
    let Some(row) = row.filter(|r| r.state == JobState::Running.as_str()) else {
        return Ok(ImportEnd::AlreadyEnded);
    };
    let survey_id = row.survey_id;
    board.set(job_id, JobProgress::default());
    let bytes = Arc::new(AtomicU64::new(0));
    let mut last = JobProgress::default();
    let outcome = (|| -> Result<(), SetupError> {
        let mut conn = pool.get().map_err(StoreError::from)?;
        let mut reporter = match &*conn {
            AnyConnection::Postgresql(_) => Some(pool.get().map_err(StoreError::from)?),
            AnyConnection::Sqlite(_) => None,
        };
        let strata = CountingReader::new(
            JobFileReader::new(pool.clone(), job_id, STRATA_PART),
            &bytes,
        );
        let sample = CountingReader::new(
            JobFileReader::new(pool.clone(), job_id, SAMPLE_PART),
            &bytes,
        );
        let mut stored_at = Instant::now();
        import_sample_observed(&mut conn, survey_id, strata, sample, |p: ImportProgress| {
            last = JobProgress {
                rows_read: to_i64(p.rows_read),
                rows_imported: to_i64(p.rows_imported),
                error_count: to_i64(p.errors as u64),
                bytes_read: to_i64(bytes.load(Ordering::Relaxed)),
            };
            board.set(job_id, last);
            if stored_at.elapsed() >= PROGRESS_EVERY {
                stored_at = Instant::now();
                heartbeat();
                if let Some(reporter) = reporter.as_mut() {
                    // Progress is advisory: a failed store must not fail the import.
                    let _ = jobs::record_progress(reporter, job_id, &last);
                }
            }
        })
        .map(|imported| {
            last.rows_imported = to_i64(imported.summary.rows);
            last.bytes_read = to_i64(bytes.load(Ordering::Relaxed));
        })
    })();
    board.remove(job_id);
    let (state, errors) = match outcome {
        Ok(()) => (JobState::Succeeded, Vec::new()),
        // The database failed under the import: worth another try, by this or another worker.
        Err(SetupError::Store(e)) => return Err(SetupError::Store(e)),
        Err(e) => {
            last.rows_imported = 0;
            (JobState::Failed, refusal(e, &mut last))
        }
    };
    close(pool, job_id, survey_id, state, &last, &errors)?;
    Ok(match state {
        JobState::Succeeded => ImportEnd::Succeeded,
        _ => ImportEnd::Refused,
    })
}

/// Closes a queued import that will not be tried again (its tries are used up): failed, with
/// `reason` for the manager; nothing of it was imported.
pub fn give_up_sample_import(pool: &Pool, job_id: i64, reason: &str) -> Result<(), SetupError> {
    let survey_id = {
        let mut conn = pool.get().map_err(StoreError::from)?;
        match jobs::find(&mut conn, job_id)? {
            Some(row) if row.state == JobState::Running.as_str() => row.survey_id,
            _ => return Ok(()),
        }
    };
    let errors = vec![JobProblem::general(reason)];
    let progress = JobProgress {
        error_count: 1,
        ..JobProgress::default()
    };
    close(
        pool,
        job_id,
        survey_id,
        JobState::Failed,
        &progress,
        &errors,
    )
}

/// Stores a job's outcome and removes its files.
fn close(
    pool: &Pool,
    job_id: i64,
    survey_id: i64,
    state: JobState,
    progress: &JobProgress,
    errors: &[JobProblem],
) -> Result<(), SetupError> {
    let mut conn = pool.get().map_err(StoreError::from)?;
    write_tx(&mut conn, |c| {
        jobs::finish(c, job_id, state, progress, &errors_json(errors))?;
        job_files::delete(c, job_id)?;
        Ok::<_, StoreError>(())
    })?;
    tracing::info!(
        job_id,
        survey_id,
        state = state.as_str(),
        "sample import ended"
    );
    Ok(())
}

/// The problems to show for a failed import. Database errors are not shown as they are: their
/// text may quote a value of the file (a person id).
fn refusal(error: SetupError, progress: &mut JobProgress) -> Vec<JobProblem> {
    match error {
        SetupError::Sample(errors) => {
            progress.error_count = to_i64(errors.errors.len() as u64);
            errors.errors.into_iter().map(JobProblem::from).collect()
        }
        SetupError::Store(e) => {
            tracing::error!(error = %e.kind(), "a sample import failed in the database");
            progress.error_count = 1;
            vec![JobProblem::general(
                "the database refused the import; nothing was imported",
            )]
        }
        other => {
            progress.error_count = 1;
            vec![JobProblem::general(other.to_string())]
        }
    }
}

/// One problem of a job as the API shows it: tied to a line (and column) of the file when it
/// is about one.
#[derive(Debug, Clone, Serialize)]
pub struct JobProblem {
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl JobProblem {
    fn general(message: impl Into<String>) -> JobProblem {
        JobProblem {
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl From<SampleError> for JobProblem {
    fn from(e: SampleError) -> JobProblem {
        JobProblem {
            line: Some(e.line),
            column: e.column,
            message: e.message,
        }
    }
}

fn errors_json(errors: &[JobProblem]) -> String {
    serde_json::to_string(errors).unwrap_or_else(|_| "[]".into())
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A reader that adds the bytes it reads to a shared count (for the ETA).
struct CountingReader<R> {
    inner: std::io::BufReader<R>,
    count: Arc<AtomicU64>,
}

impl<R: Read> CountingReader<R> {
    fn new(inner: R, count: &Arc<AtomicU64>) -> CountingReader<R> {
        CountingReader {
            inner: std::io::BufReader::with_capacity(256 * 1024, inner),
            count: Arc::clone(count),
        }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
