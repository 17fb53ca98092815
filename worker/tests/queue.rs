//! The job queue on both backends: claimers never share a job; a job whose worker died is run
//! again once its lease runs out; a failure worth retrying comes back later with backoff, a
//! fatal one (or one out of tries) is kept as failed and given up; a recurring job moves to its
//! next run; a panicking job is a failed job, not a dead worker. And the queued sample import,
//! run again from its stored files after its first worker died.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use svar_core::code::CodeKey;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::test_db::TestDatabase;
use svar_core::db::{cases, jobs, now_ms, queue, Pool};
use svar_core::setup::{enqueue_sample_import, JobBoard, SampleFiles};
use svar_worker::mail::MailSettings;
use svar_worker::queue::runner::run_next;
use svar_worker::queue::{Done, Job, JobError, JobRun, Registry, WorkerContext};
use svar_worker::WorkerSettings;

fn context(pool: &Pool) -> WorkerContext {
    let settings = WorkerSettings {
        pool: pool.clone(),
        code_key: CodeKey::new(b"queue-test-secret").unwrap(),
        public_url: "http://svar.invalid".into(),
        board: Arc::new(JobBoard::default()),
        mail: MailSettings {
            smtp_url: None,
            mail_dir: std::env::temp_dir().join("svar-queue-test-mail"),
            from: "Svar <svar@svar.invalid>".into(),
            rate_per_second: 0.0,
            senders: 1,
            batch: 50,
            lease: Duration::from_secs(300),
        },
        schedule_every: Duration::from_secs(60),
    };
    WorkerContext::new(settings, Arc::new(AtomicBool::new(false))).unwrap()
}

/// What the test job kinds do, by the payload's `name`, and what they saw.
static RUNS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static GIVEN_UP: Mutex<Vec<String>> = Mutex::new(Vec::new());
static FAILURES_LEFT: AtomicUsize = AtomicUsize::new(0);

#[derive(Debug, Serialize, Deserialize)]
struct Flaky {
    name: String,
}

impl Job for Flaky {
    const KIND: &'static str = "test_flaky";
    const MAX_ATTEMPTS: i32 = 3;

    fn run(&self, _run: &JobRun<'_>) -> Result<Done, JobError> {
        RUNS.lock().unwrap().push(self.name.clone());
        match self.name.as_str() {
            "fatal" => Err(JobError::Fatal("cannot ever work".into())),
            "panics" => panic!("a bug in a job"),
            "always-busy" => Err(JobError::Retry("the server is busy".into())),
            _ if FAILURES_LEFT
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok() =>
            {
                Err(JobError::Retry("the server is busy".into()))
            }
            _ => Ok(Done::Finished),
        }
    }

    fn give_up(&self, _run: &JobRun<'_>, error: &str) {
        GIVEN_UP
            .lock()
            .unwrap()
            .push(format!("{}: {error}", self.name));
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Ticker {}

impl Job for Ticker {
    const KIND: &'static str = "test_ticker";
    const EVERY: Option<Duration> = Some(Duration::from_secs(10));

    fn run(&self, run: &JobRun<'_>) -> Result<Done, JobError> {
        RUNS.lock().unwrap().push("tick".into());
        Ok(Done::Again {
            at_ms: run.now_ms + 10_000,
        })
    }
}

fn registry() -> Registry {
    Registry::default().register::<Flaky>().register::<Ticker>()
}

fn enqueue(pool: &Pool, kind: &str, payload: &str, key: Option<&str>, at: i64) {
    let conn = &mut *pool.get().unwrap();
    queue::enqueue(conn, kind, payload, key, at, at).unwrap();
}

fn the_job(pool: &Pool) -> Option<queue::QueuedJob> {
    queue::all(&mut pool.get().unwrap())
        .unwrap()
        .into_iter()
        .next()
}

/// The queue tests share the test kinds' counters: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// Runs `test` on each backend, one queue test at a time, with a worker's context and the test
/// kinds.
fn on_each_backend(test: impl Fn(&TestDatabase, &WorkerContext, &Registry)) {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    for db in TestDatabase::all().unwrap() {
        test(&db, &context(&db.pool), &registry());
    }
}

#[test]
fn concurrent_claimers_never_get_the_same_job() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    for db in TestDatabase::all().unwrap() {
        let now = now_ms();
        for n in 0..60 {
            enqueue(
                &db.pool,
                "test_flaky",
                &format!("{{\"name\":\"{n}\"}}"),
                None,
                now,
            );
        }
        let claimed = Arc::new(Mutex::new(Vec::new()));
        std::thread::scope(|scope| {
            for worker in 0..4 {
                let (pool, claimed) = (db.pool.clone(), Arc::clone(&claimed));
                scope.spawn(move || loop {
                    let conn = &mut *pool.get().unwrap();
                    let id = format!("worker-{worker}");
                    let got =
                        queue::claim(conn, &["test_flaky"], &id, now, now_ms(), now_ms() + 60_000)
                            .unwrap();
                    match got {
                        Some(job) => claimed.lock().unwrap().push(job.id),
                        None => return,
                    }
                });
            }
        });
        let claimed = claimed.lock().unwrap();
        let unique: HashSet<i64> = claimed.iter().copied().collect();
        assert_eq!(
            (claimed.len(), unique.len()),
            (60, 60),
            "{:?}",
            db.backend()
        );
    }
}

#[test]
fn a_job_whose_worker_died_is_run_again_after_its_lease() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    for db in TestDatabase::all().unwrap() {
        let now = now_ms();
        enqueue(&db.pool, "test_flaky", r#"{"name":"orphan"}"#, None, now);
        // A worker claims it for 200 ms and dies.
        let conn = &mut *db.pool.get().unwrap();
        let first = queue::claim(conn, &["test_flaky"], "dead", now, now_ms(), now_ms() + 200)
            .unwrap()
            .unwrap();
        assert!(queue::claim(
            conn,
            &["test_flaky"],
            "other",
            now,
            now_ms(),
            now_ms() + 200
        )
        .unwrap()
        .is_none());
        std::thread::sleep(Duration::from_millis(250));
        let ctx = context(&db.pool);
        FAILURES_LEFT.store(0, Ordering::SeqCst);
        assert!(run_next(&ctx, &registry(), now_ms()).unwrap());
        assert!(the_job(&db.pool).is_none(), "done and removed");
        assert!(RUNS.lock().unwrap().contains(&"orphan".to_string()));
        // The dead worker can no longer close it.
        assert!(!queue::complete(conn, first.id, "dead").unwrap());
    }
}

#[test]
fn failures_are_retried_with_backoff_then_given_up_and_panics_are_failures() {
    on_each_backend(|db, ctx, registry| {
        let backend = db.backend();
        let now = now_ms();

        // Busy twice, then done: retried after 30–60 s, then 60–120 s.
        FAILURES_LEFT.store(2, Ordering::SeqCst);
        enqueue(&db.pool, "test_flaky", r#"{"name":"flaky"}"#, None, now);
        assert!(run_next(ctx, registry, now).unwrap());
        let job = the_job(&db.pool).unwrap();
        assert_eq!(
            (job.attempts, job.state.as_str()),
            (1, "queued"),
            "{backend:?}"
        );
        assert_eq!(job.last_error.as_deref(), Some("the server is busy"));
        let wait = job.run_at_ms - now;
        assert!((30_000..60_000).contains(&wait), "{wait}");
        assert!(
            !run_next(ctx, registry, now + 29_000).unwrap(),
            "not due yet"
        );
        assert!(run_next(ctx, registry, job.run_at_ms).unwrap());
        let job = the_job(&db.pool).unwrap();
        let wait = job.run_at_ms - job.created_at_ms;
        assert!(job.attempts == 2 && wait >= 60_000, "{job:?}");
        assert!(run_next(ctx, registry, job.run_at_ms).unwrap());
        assert!(
            the_job(&db.pool).is_none(),
            "{backend:?}: finished on the third try"
        );

        // Always busy: given up after its tries, kept as failed.
        GIVEN_UP.lock().unwrap().clear();
        enqueue(
            &db.pool,
            "test_flaky",
            r#"{"name":"always-busy"}"#,
            None,
            now,
        );
        let mut at = now;
        for _ in 0..3 {
            assert!(run_next(ctx, registry, at).unwrap());
            at = the_job(&db.pool).unwrap().run_at_ms.max(at);
        }
        let job = the_job(&db.pool).unwrap();
        assert_eq!(
            (job.state.as_str(), job.attempts),
            ("failed", 3),
            "{backend:?}"
        );
        assert_eq!(
            GIVEN_UP.lock().unwrap().as_slice(),
            ["always-busy: the server is busy"]
        );
        assert!(
            !run_next(ctx, registry, at + 86_400_000).unwrap(),
            "a failed job stays"
        );
        queue::complete(&mut db.pool.get().unwrap(), job.id, &ctx.id).unwrap();
        let conn = &mut *db.pool.get().unwrap();
        diesel::RunQueryDsl::execute(
            diesel::delete(svar_core::db::schema::background_jobs::table),
            conn,
        )
        .unwrap();

        // Fatal and panicking jobs: failed at once, given up.
        for name in ["fatal", "panics"] {
            GIVEN_UP.lock().unwrap().clear();
            enqueue(
                &db.pool,
                "test_flaky",
                &format!("{{\"name\":\"{name}\"}}"),
                None,
                now,
            );
            assert!(run_next(ctx, registry, now).unwrap(), "{name}");
            let job = the_job(&db.pool).unwrap();
            assert_eq!((job.state.as_str(), job.attempts), ("failed", 1), "{name}");
            assert_eq!(GIVEN_UP.lock().unwrap().len(), 1, "{name}");
            diesel::RunQueryDsl::execute(
                diesel::delete(svar_core::db::schema::background_jobs::table),
                conn,
            )
            .unwrap();
        }
    });
}

#[test]
fn a_keyed_job_is_queued_once_brought_forward_and_tried_again_only_when_asked() {
    on_each_backend(|db, ctx, registry| {
        let backend = db.backend();
        let now = now_ms();
        let day = 86_400_000;
        let busy = r#"{"name":"always-busy"}"#;
        enqueue(&db.pool, "test_flaky", busy, Some("k"), now + day);
        enqueue(&db.pool, "test_flaky", busy, Some("k"), now + 2 * day);
        assert_eq!(
            the_job(&db.pool).unwrap().run_at_ms,
            now + day,
            "not pushed back"
        );
        enqueue(&db.pool, "test_flaky", busy, Some("k"), now);
        let all = queue::all(&mut db.pool.get().unwrap()).unwrap();
        assert_eq!(all.len(), 1, "{backend:?}: one job for the key");
        assert_eq!(all[0].run_at_ms, now, "brought forward");

        // Given up: queueing it again does not revive it, asking for it again does.
        let mut at = now;
        for _ in 0..3 {
            assert!(run_next(ctx, registry, at).unwrap());
            at = the_job(&db.pool).unwrap().run_at_ms.max(at);
        }
        assert_eq!(the_job(&db.pool).unwrap().state, "failed");
        enqueue(&db.pool, "test_flaky", busy, Some("k"), at);
        assert_eq!(the_job(&db.pool).unwrap().state, "failed", "{backend:?}");
        let conn = &mut *db.pool.get().unwrap();
        queue::enqueue_again(conn, "test_flaky", busy, "k", at, at).unwrap();
        let job = the_job(&db.pool).unwrap();
        assert_eq!(
            (job.state.as_str(), job.attempts, job.run_at_ms),
            ("queued", 0, at),
            "{backend:?}"
        );
        assert!(run_next(ctx, registry, at).unwrap(), "runs again");
    });
}

#[test]
fn a_recurring_job_is_kept_once_and_moves_to_its_next_run() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    for db in TestDatabase::all().unwrap() {
        let ctx = context(&db.pool);
        let registry = registry();
        svar_worker::queue::runner::ensure_recurring(&ctx, &registry).unwrap();
        svar_worker::queue::runner::ensure_recurring(&ctx, &registry).unwrap();
        let all = queue::all(&mut db.pool.get().unwrap()).unwrap();
        assert_eq!(all.len(), 1, "one of each recurring kind");
        let now = now_ms();
        assert!(run_next(&ctx, &registry, now).unwrap());
        let job = the_job(&db.pool).unwrap();
        assert_eq!(
            (job.run_at_ms, job.attempts, job.lease_until_ms),
            (now + 10_000, 0, None)
        );
        assert!(!run_next(&ctx, &registry, now + 9_999).unwrap());
        assert!(run_next(&ctx, &registry, now + 10_000).unwrap());
    }
}

#[test]
fn a_sample_import_whose_worker_died_is_run_again_from_its_stored_files() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    for db in TestDatabase::all().unwrap() {
        let backend = db.backend();
        let survey = {
            let conn = &mut *db.pool.get().unwrap();
            surveys::insert(conn, "Import", 1, SurveyState::Draft, None)
                .unwrap()
                .unwrap()
        };
        let dir = std::env::temp_dir().join(format!(
            "svar-queue-import-{backend:?}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let files = SampleFiles {
            strata: dir.join("strata.csv"),
            sample: dir.join("sample.csv"),
        };
        std::fs::write(&files.strata, include_str!("../../demo/strata.csv")).unwrap();
        std::fs::write(&files.sample, include_str!("../../demo/sample-2000.csv")).unwrap();
        let job_id =
            enqueue_sample_import(&mut db.pool.get().unwrap(), survey, &files, None).unwrap();
        // The upload's files are gone: the job has its own copy.
        files.remove();
        // A worker claims the import and dies with it (its lease runs out).
        let now = now_ms();
        queue::claim(
            &mut db.pool.get().unwrap(),
            &["sample_import"],
            "dead",
            now,
            now,
            now + 100,
        )
        .unwrap()
        .unwrap();
        std::thread::sleep(Duration::from_millis(150));
        let ctx = context(&db.pool);
        let registry = svar_worker::jobs::registry();
        assert!(run_next(&ctx, &registry, now_ms()).unwrap());
        let conn = &mut *db.pool.get().unwrap();
        let row = jobs::find(conn, job_id).unwrap().unwrap();
        assert_eq!(row.state, "succeeded", "{backend:?}: {}", row.errors);
        assert_eq!(cases::count_of_survey(conn, survey).unwrap(), 2000);
        assert!(queue::all(conn)
            .unwrap()
            .iter()
            .all(|j| j.kind != "sample_import"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
