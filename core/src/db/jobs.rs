//! The reports of background jobs a manager starts (a sample import) and the progress they
//! show: the row is written when the job is queued, refreshed while a worker runs it (on
//! PostgreSQL, from a connection outside the job's own transaction, so any API replica can
//! answer for it) and closed with its outcome. The queue itself is `super::queue`.

use super::schema::jobs;
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Running,
    Succeeded,
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
        }
    }
}

/// The kinds of jobs.
pub const SAMPLE_IMPORT: &str = "sample_import";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub survey_id: i64,
    pub state: String,
    pub rows_read: i64,
    pub rows_imported: i64,
    pub error_count: i64,
    /// JSON list of `{line, column, message}`.
    pub errors: String,
    pub bytes_total: i64,
    pub bytes_read: i64,
    pub created_by: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub finished_at_ms: Option<i64>,
}

/// How far a job has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobProgress {
    pub rows_read: i64,
    pub rows_imported: i64,
    pub error_count: i64,
    pub bytes_read: i64,
}

#[derive(Insertable)]
#[diesel(table_name = jobs)]
struct NewJob<'a> {
    kind: &'a str,
    survey_id: i64,
    state: &'a str,
    bytes_total: i64,
    created_by: Option<i64>,
    created_at_ms: i64,
    updated_at_ms: i64,
}

/// Records a job that starts now; returns its id.
pub fn insert(
    conn: &mut AnyConnection,
    kind: &str,
    survey_id: i64,
    bytes_total: i64,
    created_by: Option<i64>,
) -> Result<i64, StoreError> {
    let now = now_ms();
    Ok(diesel::insert_into(jobs::table)
        .values(NewJob {
            kind,
            survey_id,
            state: JobState::Running.as_str(),
            bytes_total,
            created_by,
            created_at_ms: now,
            updated_at_ms: now,
        })
        .returning(jobs::id)
        .get_result(conn)?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<JobRow>, StoreError> {
    Ok(jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)
        .optional()?)
}

/// The job of `kind` still running for a survey, if any.
pub fn running_for_survey(
    conn: &mut AnyConnection,
    kind: &str,
    survey_id: i64,
) -> Result<Option<i64>, StoreError> {
    Ok(jobs::table
        .filter(jobs::survey_id.eq(survey_id))
        .filter(jobs::kind.eq(kind))
        .filter(jobs::state.eq(JobState::Running.as_str()))
        .select(jobs::id)
        .first(conn)
        .optional()?)
}

/// Stores the progress of a running job (its `updated_at_ms` is its heartbeat).
pub fn record_progress(
    conn: &mut AnyConnection,
    id: i64,
    progress: &JobProgress,
) -> Result<(), StoreError> {
    diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::state.eq(JobState::Running.as_str())),
    )
    .set((
        jobs::rows_read.eq(progress.rows_read),
        jobs::rows_imported.eq(progress.rows_imported),
        jobs::error_count.eq(progress.error_count),
        jobs::bytes_read.eq(progress.bytes_read),
        jobs::updated_at_ms.eq(now_ms()),
    ))
    .execute(conn)?;
    Ok(())
}

/// Closes a job with its outcome and the problems found (a JSON list).
pub fn finish(
    conn: &mut AnyConnection,
    id: i64,
    state: JobState,
    progress: &JobProgress,
    errors_json: &str,
) -> Result<(), StoreError> {
    let now = now_ms();
    diesel::update(jobs::table.find(id))
        .set((
            jobs::state.eq(state.as_str()),
            jobs::rows_read.eq(progress.rows_read),
            jobs::rows_imported.eq(progress.rows_imported),
            jobs::error_count.eq(progress.error_count),
            jobs::bytes_read.eq(progress.bytes_read),
            jobs::errors.eq(errors_json),
            jobs::updated_at_ms.eq(now),
            jobs::finished_at_ms.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}
