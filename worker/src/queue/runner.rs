//! Running the queue: claim the oldest due job this worker knows, run it, and record how it
//! went — removed when finished, moved to its next time if it recurs, tried again later with
//! exponential backoff and jitter after a failure worth retrying, and kept as `failed` (with
//! the last error, and the job's `give_up` called) once its tries are used up. A job that
//! panics is a failure of that job, not of the worker.

use super::context::{lease_ms, JobRun, WorkerContext};
use super::job::{Done, JobError};
use super::registry::Registry;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;
use svar_core::contact::retry_delay_ms;
use svar_core::db::{now_ms, queue, write_tx, AnyConnection, StoreError};

/// How long an idle worker waits before looking at the queue again.
pub const POLL: Duration = Duration::from_secs(1);

/// Keeps one job of every recurring kind in the queue, due at once if it is new.
pub fn ensure_recurring(ctx: &WorkerContext, registry: &Registry) -> Result<(), StoreError> {
    let mut conn = ctx.pool.get()?;
    let now = now_ms();
    for kind in registry.recurring() {
        write_tx(&mut conn, |c| {
            queue::enqueue(c, kind.name, "{}", Some(kind.name), now, now)
        })?;
    }
    Ok(())
}

/// A number from the operating system, for jitter (0 if it fails: no jitter then).
pub fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::fill(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes),
        Err(_) => 0,
    }
}

/// Runs a single write on a pooled connection in a write transaction.
fn write<T>(
    ctx: &WorkerContext,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut conn = ctx.pool.get()?;
    write_tx(&mut conn, f)
}

/// Claims and runs the oldest job due by `due_by_ms`; whether there was one.
pub fn run_next(
    ctx: &WorkerContext,
    registry: &Registry,
    due_by_ms: i64,
) -> Result<bool, StoreError> {
    let names = registry.names();
    let now = now_ms();
    let claimed = {
        let mut conn = ctx.pool.get()?;
        let until = now + lease_ms(registry.longest_lease());
        queue::claim(&mut conn, &names, &ctx.id, due_by_ms, now, until)?
    };
    let Some(job) = claimed else {
        return Ok(false);
    };
    let Some(kind) = registry.get(&job.kind) else {
        // Claimed only among the kinds above; a kind unknown here is left to another worker.
        write(ctx, |c| queue::release(c, job.id, &ctx.id))?;
        return Ok(false);
    };
    let run = JobRun {
        ctx,
        job_id: Some(job.id),
        now_ms: due_by_ms,
        lease: kind.lease,
    };
    let result = catch_unwind(AssertUnwindSafe(|| kind.run(&job.payload, &run)))
        .unwrap_or_else(|_| Err(JobError::Fatal("the job panicked".into())));
    match result {
        Ok(Done::Finished) => {
            write(ctx, |c| queue::complete(c, job.id, &ctx.id))?;
        }
        Ok(Done::Again { at_ms }) => {
            write(ctx, |c| queue::reschedule(c, job.id, &ctx.id, at_ms))?;
        }
        Err(error) => {
            let message = error.to_string();
            let retry = matches!(error, JobError::Retry(_)) && job.attempts < kind.max_attempts;
            match kind.every {
                Some(every) => {
                    // A recurring job is never given up: it runs at its next time.
                    let at = due_by_ms + lease_ms(every);
                    write(ctx, |c| queue::fail(c, job.id, &ctx.id, &message, Some(at)))?;
                }
                None if retry => {
                    let at = due_by_ms + retry_delay_ms(job.attempts, random_u64());
                    write(ctx, |c| queue::fail(c, job.id, &ctx.id, &message, Some(at)))?;
                }
                None => {
                    kind.give_up(&job.payload, &run, &message);
                    write(ctx, |c| queue::fail(c, job.id, &ctx.id, &message, None))?;
                }
            }
            tracing::warn!(
                job_id = job.id,
                kind = kind.name,
                attempts = job.attempts,
                error = %message,
                "a background job failed"
            );
        }
    }
    Ok(true)
}

/// Runs every job due by `due_by_ms`, one after the other, until none is left (at most
/// `limit`); returns how many ran.
pub fn drain(
    ctx: &WorkerContext,
    registry: &Registry,
    due_by_ms: i64,
    limit: usize,
) -> Result<usize, StoreError> {
    let mut ran = 0;
    while ran < limit && !ctx.stopping() && run_next(ctx, registry, due_by_ms)? {
        ran += 1;
    }
    Ok(ran)
}

/// Sleeps `total`, waking early when the worker is asked to stop.
pub fn nap(ctx: &WorkerContext, total: Duration) {
    let step = Duration::from_millis(100);
    let mut slept = Duration::ZERO;
    while slept < total && !ctx.stopping() {
        std::thread::sleep(step);
        slept += step;
    }
}

/// The job runner's loop: runs due jobs until the worker is asked to stop; the job in hand is
/// finished first.
pub fn run_jobs(ctx: &WorkerContext, registry: &Registry) {
    if let Err(e) = ensure_recurring(ctx, registry) {
        tracing::error!(error = %e.kind(), "the recurring jobs could not be queued");
    }
    while !ctx.stopping() {
        match run_next(ctx, registry, now_ms()) {
            Ok(true) => {}
            Ok(false) => nap(ctx, POLL),
            Err(e) => {
                tracing::warn!(error = %e.kind(), "the job queue could not be read");
                nap(ctx, POLL);
            }
        }
    }
}
