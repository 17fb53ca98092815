//! A sample import run in the background for the management API: the uploaded files are on
//! disk, the import runs on its own thread in one transaction (all or nothing, as from the
//! command line), and its progress — rows read, rows imported, problems so far, bytes read for
//! the ETA — is kept live in this process's [`JobBoard`] and, on PostgreSQL, stored about once a
//! second from a second connection so that any API replica can report it. SQLite cannot take
//! that second write while the import holds the write lock, so there the board alone reports
//! progress until the job ends.

use super::sample_import::{import_sample_observed, ImportProgress};
use super::SetupError;
use crate::db::jobs::{self, JobProgress, JobState, SAMPLE_IMPORT};
use crate::db::{audit, surveys, write_tx, AnyConnection, Pool, StoreError};
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

    fn set(&self, job_id: i64, progress: JobProgress) {
        if let Ok(mut live) = self.live.lock() {
            live.insert(job_id, progress);
        }
    }

    fn remove(&self, job_id: i64) {
        if let Ok(mut live) = self.live.lock() {
            live.remove(&job_id);
        }
    }
}

/// The uploaded files of an import; they are removed when the job ends.
#[derive(Debug, Clone)]
pub struct SampleFiles {
    pub strata: PathBuf,
    pub sample: PathBuf,
}

impl SampleFiles {
    fn remove(&self) {
        for path in [&self.strata, &self.sample] {
            // A leftover temporary file is harmless; the import's outcome is what matters.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Starts importing `files` into a survey for the user `created_by` (recorded in the audit log
/// with the job, as `sample.upload`); returns the job's id at once. Refused if the
/// survey does not exist, or already has an import running.
pub fn start_sample_import(
    pool: &Pool,
    board: &Arc<JobBoard>,
    survey_id: i64,
    files: SampleFiles,
    created_by: Option<i64>,
) -> Result<i64, SetupError> {
    let started = (|| {
        let mut conn = pool.get().map_err(StoreError::from)?;
        surveys::find(&mut conn, survey_id)?.ok_or(SetupError::NoSuchSurvey(survey_id))?;
        if jobs::running_for_survey(&mut conn, SAMPLE_IMPORT, survey_id)?.is_some() {
            return Err(SetupError::ImportRunning(survey_id));
        }
        let size = |p: &PathBuf| std::fs::metadata(p).map(|m| m.len());
        let bytes = size(&files.strata)? + size(&files.sample)?;
        let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        // The job and the audit row of its start are written together.
        let job_id = write_tx(&mut conn, |c| {
            let job_id = jobs::insert(c, SAMPLE_IMPORT, survey_id, bytes, created_by)?;
            let detail = serde_json::json!({ "job_id": job_id });
            audit::record(
                c,
                created_by,
                "sample.upload",
                "survey",
                Some(survey_id),
                &detail,
            )?;
            Ok::<_, StoreError>(job_id)
        })?;
        Ok(job_id)
    })();
    let job_id = match started {
        Ok(id) => id,
        Err(e) => {
            files.remove();
            return Err(e);
        }
    };
    board.set(job_id, JobProgress::default());
    let (job_pool, job_board) = (pool.clone(), Arc::clone(board));
    let spawned = std::thread::Builder::new()
        .name(format!("sample-import-{job_id}"))
        .spawn(move || {
            run(&job_pool, &job_board, job_id, survey_id, &files);
            files.remove();
            job_board.remove(job_id);
        });
    if spawned.is_err() {
        let mut conn = pool.get().map_err(StoreError::from)?;
        let errors = errors_json(&[JobProblem::general("the import could not be started")]);
        jobs::finish(
            &mut conn,
            job_id,
            JobState::Failed,
            &JobProgress::default(),
            &errors,
        )?;
    }
    Ok(job_id)
}

/// Runs the import and closes the job row with its outcome.
fn run(pool: &Pool, board: &JobBoard, job_id: i64, survey_id: i64, files: &SampleFiles) {
    let bytes = Arc::new(AtomicU64::new(0));
    let mut last = JobProgress::default();
    let outcome = (|| -> Result<(), SetupError> {
        let mut conn = pool.get().map_err(StoreError::from)?;
        let mut reporter = match &*conn {
            AnyConnection::Postgresql(_) => Some(pool.get().map_err(StoreError::from)?),
            AnyConnection::Sqlite(_) => None,
        };
        let strata = CountingReader::open(&files.strata, &bytes)?;
        let sample = CountingReader::open(&files.sample, &bytes)?;
        let mut stored_at = Instant::now();
        import_sample_observed(&mut conn, survey_id, strata, sample, |p: ImportProgress| {
            last = JobProgress {
                rows_read: to_i64(p.rows_read),
                rows_imported: to_i64(p.rows_imported),
                error_count: to_i64(p.errors as u64),
                bytes_read: to_i64(bytes.load(Ordering::Relaxed)),
            };
            board.set(job_id, last);
            if let Some(reporter) = reporter.as_mut() {
                if stored_at.elapsed() >= PROGRESS_EVERY {
                    stored_at = Instant::now();
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
    let (state, errors) = match outcome {
        Ok(()) => (JobState::Succeeded, Vec::new()),
        Err(e) => {
            last.rows_imported = 0;
            (JobState::Failed, refusal(e, &mut last))
        }
    };
    let closed = pool
        .get()
        .map_err(StoreError::from)
        .and_then(|mut conn| jobs::finish(&mut conn, job_id, state, &last, &errors_json(&errors)));
    match closed {
        Ok(()) => tracing::info!(
            job_id,
            survey_id,
            state = state.as_str(),
            "sample import ended"
        ),
        Err(e) => {
            tracing::error!(job_id, error = %e.kind(), "the end of a sample import could not be stored")
        }
    }
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

/// A file reader that adds the bytes it reads to a shared count (for the ETA).
struct CountingReader {
    file: std::io::BufReader<std::fs::File>,
    count: Arc<AtomicU64>,
}

impl CountingReader {
    fn open(path: &PathBuf, count: &Arc<AtomicU64>) -> Result<CountingReader, SetupError> {
        Ok(CountingReader {
            file: std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(path)?),
            count: Arc::clone(count),
        })
    }
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
