//! Sample imports that a stopped server left behind: at start-up, a job still marked running
//! whose process is gone is marked failed (its transaction died with the process, so nothing
//! of it was imported). On PostgreSQL a running job stores a heartbeat about once a second, so
//! a job silent for [`ABANDONED_AFTER`] is abandoned (another API replica may be running the
//! others). On SQLite a running import stores no heartbeat, and in embedded mode this is the
//! only server process, so every job still running at start-up is abandoned.

use svar_core::db::{jobs, now_ms, AnyConnection, Pool, StoreError};

/// How long a PostgreSQL job may stay silent before it counts as abandoned.
pub const ABANDONED_AFTER_MS: i64 = 5 * 60 * 1000;

const ABANDONED: &str = r#"[{"line":null,"column":null,"message":"the server stopped during the import; nothing was imported"}]"#;

/// Marks abandoned jobs failed; logs how many. A failure is logged, not fatal: the server can
/// serve without it.
pub fn fail_abandoned_jobs(pool: &Pool) {
    let outcome = pool.get().map_err(StoreError::from).and_then(|mut conn| {
        let before = match &*conn {
            AnyConnection::Postgresql(_) => now_ms() - ABANDONED_AFTER_MS,
            AnyConnection::Sqlite(_) => i64::MAX,
        };
        jobs::fail_abandoned(&mut conn, before, ABANDONED)
    });
    match outcome {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            jobs = n,
            "jobs left running by a stopped server marked failed"
        ),
        Err(e) => tracing::error!(error = %e.kind(), "abandoned jobs could not be checked"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use svar_core::db::jobs::SAMPLE_IMPORT;
    use svar_core::db::surveys::{self, SurveyState};
    use svar_core::db::test_db::TestDatabase;
    use svar_core::db::Backend;

    #[test]
    fn at_start_up_sqlite_fails_every_running_job_and_postgres_only_silent_ones() {
        for db in TestDatabase::all().unwrap() {
            let job = {
                let conn = &mut *db.pool.get().unwrap();
                let survey = surveys::insert(conn, "S", 1, SurveyState::Draft, None)
                    .unwrap()
                    .unwrap();
                jobs::insert(conn, SAMPLE_IMPORT, survey, 10, None).unwrap()
            };
            fail_abandoned_jobs(&db.pool);
            let row = jobs::find(&mut db.pool.get().unwrap(), job)
                .unwrap()
                .unwrap();
            let expected = match db.backend() {
                Backend::Sqlite => "failed",
                Backend::Postgres => "running",
            };
            assert_eq!(row.state, expected, "{:?}", db.backend());
        }
    }
}
