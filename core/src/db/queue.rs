//! The queue of background jobs the workers share (the pattern of the Rust registry server's
//! `crates_io_worker`, with leases instead of a transaction held open, so that it works on
//! SQLite too): a job is a row with its kind, a JSON payload, when it may run, a lease, the
//! number of attempts and the last error. A worker claims the oldest due job nobody holds
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite inside `BEGIN IMMEDIATE`); a job whose
//! worker died is claimed again once its lease runs out. A finished job is deleted, or moved to
//! its next run if it recurs; a job that keeps failing stays as `failed` with its last error.
//! A `dedupe_key` keeps at most one job per key in the queue.

use super::schema::background_jobs;
use super::{write_tx, AnyConnection, StoreError};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

/// A job as the queue holds it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = background_jobs)]
pub struct QueuedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub dedupe_key: Option<String>,
    pub state: String,
    pub run_at_ms: i64,
    pub lease_until_ms: Option<i64>,
    pub leased_by: Option<String>,
    /// Claims so far, this one included.
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at_ms: i64,
}

#[derive(Insertable)]
#[diesel(table_name = background_jobs)]
struct NewJob<'a> {
    kind: &'a str,
    payload: &'a str,
    dedupe_key: Option<&'a str>,
    state: &'a str,
    run_at_ms: i64,
    attempts: i32,
    created_at_ms: i64,
}

/// Adds a job; with a `dedupe_key` that a job holds already, nothing is added, but a queued job
/// due later than `run_at_ms` is brought forward to it. Returns whether a job was added.
pub fn enqueue(
    conn: &mut AnyConnection,
    kind: &str,
    payload: &str,
    dedupe_key: Option<&str>,
    run_at_ms: i64,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let row = NewJob {
        kind,
        payload,
        dedupe_key,
        state: "queued",
        run_at_ms,
        attempts: 0,
        created_at_ms: now_ms,
    };
    let n = crate::with_conn!(conn, |c| diesel::insert_into(background_jobs::table)
        .values(&row)
        .on_conflict(background_jobs::dedupe_key)
        .do_nothing()
        .execute(c))?;
    if n == 0 {
        if let Some(key) = dedupe_key {
            diesel::update(
                background_jobs::table
                    .filter(background_jobs::dedupe_key.eq(key))
                    .filter(background_jobs::state.eq("queued"))
                    .filter(background_jobs::run_at_ms.gt(run_at_ms)),
            )
            .set(background_jobs::run_at_ms.eq(run_at_ms))
            .execute(conn)?;
        }
    }
    Ok(n == 1)
}

/// Like [`enqueue`], and a job with `dedupe_key` that was given up as failed is queued again
/// (its attempts counted afresh, its last error kept until it runs): what a person asking for
/// the job again, such as a manager's "send now", means.
pub fn enqueue_again(
    conn: &mut AnyConnection,
    kind: &str,
    payload: &str,
    dedupe_key: &str,
    run_at_ms: i64,
    now_ms: i64,
) -> Result<bool, StoreError> {
    diesel::update(
        background_jobs::table
            .filter(background_jobs::dedupe_key.eq(dedupe_key))
            .filter(background_jobs::state.eq("failed")),
    )
    .set((
        background_jobs::state.eq("queued"),
        background_jobs::run_at_ms.eq(run_at_ms),
        background_jobs::attempts.eq(0),
        background_jobs::lease_until_ms.eq(None::<i64>),
        background_jobs::leased_by.eq(None::<String>),
    ))
    .execute(conn)?;
    enqueue(conn, kind, payload, Some(dedupe_key), run_at_ms, now_ms)
}

/// Claims the oldest job due by `due_by_ms` that nobody holds at `now_ms` (the real time:
/// leases are always real, even when the due time is simulated), of one of `kinds`, for
/// `worker` until `lease_until_ms`. Opens its own transaction on SQLite.
pub fn claim(
    conn: &mut AnyConnection,
    kinds: &[&str],
    worker: &str,
    due_by_ms: i64,
    now_ms: i64,
    lease_until_ms: i64,
) -> Result<Option<QueuedJob>, StoreError> {
    if kinds.is_empty() {
        return Ok(None);
    }
    let kinds = kinds
        .iter()
        .map(|k| format!("'{}'", k.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ");
    let due = format!(
        "SELECT id FROM background_jobs WHERE state = 'queued' AND run_at_ms <= $3 \
         AND (lease_until_ms IS NULL OR lease_until_ms < $4) AND kind IN ({kinds}) \
         ORDER BY run_at_ms, id LIMIT 1"
    );
    let set = "UPDATE background_jobs SET lease_until_ms = $1, leased_by = $2, \
               attempts = attempts + 1";
    macro_rules! run {
        ($sql:expr, $c:expr) => {
            diesel::sql_query($sql)
                .bind::<BigInt, _>(lease_until_ms)
                .bind::<Text, _>(worker)
                .bind::<BigInt, _>(due_by_ms)
                .bind::<BigInt, _>(now_ms)
                .load::<QueuedJob>($c)
        };
    }
    let claimed = match conn {
        AnyConnection::Postgresql(pg) => {
            let sql = format!(
                "WITH picked AS ({due} FOR UPDATE SKIP LOCKED) {set} FROM picked \
                 WHERE background_jobs.id = picked.id RETURNING background_jobs.*"
            );
            run!(&sql, pg)?
        }
        AnyConnection::Sqlite(_) => {
            let sql = format!("{set} WHERE id IN ({due}) RETURNING *");
            write_tx(conn, |c| run!(&sql, c))?
        }
    };
    Ok(claimed.into_iter().next())
}

/// Job `$id` if `$worker` holds it.
macro_rules! held {
    ($id:expr, $worker:expr) => {
        background_jobs::table
            .find($id)
            .filter(background_jobs::leased_by.eq($worker))
    };
}

/// Extends the lease of job `id` held by `worker` (a long job's heartbeat); `false` if the job
/// is no longer this worker's.
pub fn extend_lease(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    lease_until_ms: i64,
) -> Result<bool, StoreError> {
    let n = diesel::update(held!(id, worker))
        .set(background_jobs::lease_until_ms.eq(Some(lease_until_ms)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Removes job `id`, done by `worker`.
pub fn complete(conn: &mut AnyConnection, id: i64, worker: &str) -> Result<bool, StoreError> {
    let n = diesel::delete(held!(id, worker)).execute(conn)?;
    Ok(n == 1)
}

/// Moves a recurring job, done by `worker`, to its next run.
pub fn reschedule(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    next_run_at_ms: i64,
) -> Result<bool, StoreError> {
    let n = diesel::update(held!(id, worker))
        .set((
            background_jobs::run_at_ms.eq(next_run_at_ms),
            background_jobs::lease_until_ms.eq(None::<i64>),
            background_jobs::leased_by.eq(None::<String>),
            background_jobs::attempts.eq(0),
            background_jobs::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Records that job `id` failed with `error` (no personal data): it runs again at `retry_at_ms`,
/// or, without one, stays in the queue as failed.
pub fn fail(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    error: &str,
    retry_at_ms: Option<i64>,
) -> Result<bool, StoreError> {
    let n = match retry_at_ms {
        Some(at) => diesel::update(held!(id, worker))
            .set((
                background_jobs::run_at_ms.eq(at),
                background_jobs::lease_until_ms.eq(None::<i64>),
                background_jobs::leased_by.eq(None::<String>),
                background_jobs::last_error.eq(Some(error)),
            ))
            .execute(conn)?,
        None => diesel::update(held!(id, worker))
            .set((
                background_jobs::state.eq("failed"),
                background_jobs::lease_until_ms.eq(None::<i64>),
                background_jobs::last_error.eq(Some(error)),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Gives job `id` back to the queue untried (its worker is stopping): due again at once.
pub fn release(conn: &mut AnyConnection, id: i64, worker: &str) -> Result<bool, StoreError> {
    let n = diesel::update(held!(id, worker))
        .set((
            background_jobs::lease_until_ms.eq(None::<i64>),
            background_jobs::leased_by.eq(None::<String>),
            background_jobs::attempts.eq(background_jobs::attempts - 1),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// The job with `dedupe_key`, if one is queued.
pub fn find_by_key(
    conn: &mut AnyConnection,
    dedupe_key: &str,
) -> Result<Option<QueuedJob>, StoreError> {
    Ok(background_jobs::table
        .filter(background_jobs::dedupe_key.eq(dedupe_key))
        .select(QueuedJob::as_select())
        .first(conn)
        .optional()?)
}

/// How many jobs there are per kind and state (for the operator's metrics: a `failed` job
/// waits for a person).
pub fn counts(conn: &mut AnyConnection) -> Result<Vec<(String, String, i64)>, StoreError> {
    Ok(background_jobs::table
        .group_by((background_jobs::kind, background_jobs::state))
        .select((
            background_jobs::kind,
            background_jobs::state,
            diesel::dsl::count_star(),
        ))
        .order((background_jobs::kind, background_jobs::state))
        .load(conn)?)
}

/// Every job in the queue, oldest first (for tests and the operator).
pub fn all(conn: &mut AnyConnection) -> Result<Vec<QueuedJob>, StoreError> {
    Ok(background_jobs::table
        .order(background_jobs::id.asc())
        .select(QueuedJob::as_select())
        .load(conn)?)
}
