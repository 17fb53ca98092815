//! The background sample import the management API queues, on both backends: the upload is
//! stored with its job and audit row and queued; run (as a worker runs it), it imports the
//! whole file and reports its progress and outcome; a refused file leaves nothing and says
//! which lines are wrong; a second import of a survey is refused while one waits or runs; a
//! job whose tries are used up is closed as failed. (The worker crate's tests run the queue.)

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;
use svar_core::db::jobs::{self, JobRow, SAMPLE_IMPORT};
use svar_core::db::queue;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::test_db::TestDatabase;
use svar_core::db::{cases, Pool};
use svar_core::setup::{
    enqueue_sample_import, give_up_sample_import, run_sample_import, ImportEnd, JobBoard,
    SampleFiles, SampleImportJob, SetupError, SAMPLE_IMPORT_JOB,
};

const STRATA: &str = include_str!("../../demo/strata.csv");
const SAMPLE: &str = include_str!("../../demo/sample-2000.csv");

fn files(tag: &str, strata: &str, sample: &str) -> SampleFiles {
    let dir = std::env::temp_dir().join(format!("svar-job-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    SampleFiles {
        strata: write("strata.csv", strata),
        sample: write("sample.csv", sample),
    }
}

fn survey(pool: &Pool) -> i64 {
    let mut conn = pool.get().unwrap();
    surveys::insert(&mut conn, "Jobs", 1, SurveyState::Draft, None)
        .unwrap()
        .unwrap()
}

/// Queues the import of `upload` and runs it as a worker would; its row at the end.
fn import(
    pool: &Pool,
    board: &JobBoard,
    survey: i64,
    upload: &SampleFiles,
    user: Option<i64>,
) -> JobRow {
    let job = enqueue_sample_import(&mut pool.get().unwrap(), survey, upload, user).unwrap();
    upload.remove();
    let queued = queue::all(&mut pool.get().unwrap()).unwrap();
    let payload: SampleImportJob = serde_json::from_str(&queued[0].payload).unwrap();
    assert_eq!(
        (queued[0].kind.as_str(), payload.job_id),
        (SAMPLE_IMPORT_JOB, job)
    );
    assert_eq!(
        jobs::find(&mut pool.get().unwrap(), job)
            .unwrap()
            .unwrap()
            .state,
        "running"
    );
    let mut beats = 0;
    run_sample_import(pool, board, job, || beats += 1).unwrap();
    assert!(board.get(job).is_none(), "the board forgets an ended job");
    jobs::find(&mut pool.get().unwrap(), job).unwrap().unwrap()
}

#[test]
fn a_sample_imports_in_the_background_and_reports_its_outcome() {
    for db in TestDatabase::all().unwrap() {
        let backend = db.backend();
        let board = Arc::new(JobBoard::default());
        let id = survey(&db.pool);
        let upload = files(&format!("ok-{backend:?}"), STRATA, SAMPLE);
        let total = (STRATA.len() + SAMPLE.len()) as i64;
        let user = {
            let mut conn = db.pool.get().unwrap();
            let email = svar_core::accounts::Email::parse("field@svar.invalid").unwrap();
            svar_core::db::users::create(
                &mut conn,
                None,
                &email,
                "$hash",
                svar_core::accounts::Role::Manager,
            )
            .unwrap()
            .unwrap()
        };
        let row = import(&db.pool, &board, id, &upload, Some(user));
        let job = row.id;
        assert_eq!(row.state, "succeeded", "{backend:?}: {}", row.errors);
        assert_eq!(
            (row.rows_read, row.rows_imported),
            (2000, 2000),
            "{backend:?}"
        );
        assert_eq!((row.bytes_read, row.bytes_total), (total, total));
        assert_eq!((row.error_count, row.errors.as_str()), (0, "[]"));
        assert_eq!(
            (row.kind.as_str(), row.created_by),
            (SAMPLE_IMPORT, Some(user))
        );
        // The start is in the audit log, by that user, with the job.
        let mut conn = db.pool.get().unwrap();
        let audit = svar_core::db::audit::list(&mut conn, None, 10).unwrap();
        assert!(
            audit.iter().any(|a| a.action == "sample.upload"
                && a.actor_user_id == Some(user)
                && a.detail.contains(&format!("\"job_id\":{job}"))),
            "{backend:?}"
        );
        assert!(row.finished_at_ms.is_some());
        let mut conn = db.pool.get().unwrap();
        assert_eq!(cases::count_of_survey(&mut conn, id).unwrap(), 2000);
        assert_eq!(
            run_sample_import(&db.pool, &board, job, || {}).unwrap(),
            ImportEnd::AlreadyEnded,
            "a second delivery of the job changes nothing"
        );
        assert_eq!(cases::count_of_survey(&mut conn, id).unwrap(), 2000);
    }
}

#[test]
fn a_refused_sample_leaves_nothing_and_names_its_lines() {
    for db in TestDatabase::all().unwrap() {
        let backend = db.backend();
        let board = Arc::new(JobBoard::default());
        let id = survey(&db.pool);
        // Line 3 repeats line 2's person; line 4 names a stratum the strata file lacks.
        let mut lines: Vec<&str> = SAMPLE.lines().take(3).collect();
        let second = lines[1].to_string();
        let unknown = lines[2].replacen(",SE,", ",XX,", 1);
        lines[2] = &second;
        lines.push(&unknown);
        let sample = lines.join("\n") + "\n";
        let upload = files(&format!("bad-{backend:?}"), STRATA, &sample);
        let row = import(&db.pool, &board, id, &upload, None);
        assert_eq!(row.state, "failed", "{backend:?}");
        assert_eq!(row.rows_imported, 0);
        let errors: Vec<serde_json::Value> = serde_json::from_str(&row.errors).unwrap();
        let lines: Vec<u64> = errors.iter().map(|e| e["line"].as_u64().unwrap()).collect();
        assert_eq!(lines, [3, 4], "{backend:?}: {}", row.errors);
        assert_eq!(row.error_count, 2);
        assert!(
            !row.errors.contains("P000000"),
            "no person id in the messages"
        );
        let mut conn = db.pool.get().unwrap();
        assert_eq!(
            cases::count_of_survey(&mut conn, id).unwrap(),
            0,
            "{backend:?}"
        );
    }
}

#[test]
fn one_import_waits_or_runs_per_survey_and_a_given_up_one_is_closed_as_failed() {
    for db in TestDatabase::all().unwrap() {
        let backend = db.backend();
        let id = survey(&db.pool);
        let mut conn = db.pool.get().unwrap();
        let upload = files(&format!("twice-{backend:?}"), STRATA, SAMPLE);
        let first = enqueue_sample_import(&mut conn, id, &upload, None).unwrap();
        let refused = enqueue_sample_import(&mut conn, id, &upload, None);
        assert!(
            matches!(refused, Err(SetupError::ImportRunning(s)) if s == id),
            "{backend:?}"
        );
        assert_eq!(queue::all(&mut conn).unwrap().len(), 1, "{backend:?}");
        // Its tries used up (the worker died under it three times), the job is closed.
        give_up_sample_import(&db.pool, first, "the worker stopped").unwrap();
        let row = jobs::find(&mut conn, first).unwrap().unwrap();
        assert_eq!(row.state, "failed");
        assert!(row.errors.contains("the worker stopped"), "{}", row.errors);
        assert_eq!(cases::count_of_survey(&mut conn, id).unwrap(), 0);
        // Now another upload may be queued.
        assert!(enqueue_sample_import(&mut conn, id, &upload, None).is_ok());
        let unknown = enqueue_sample_import(&mut conn, 999_999, &upload, None);
        assert!(matches!(unknown, Err(SetupError::NoSuchSurvey(999_999))));
        upload.remove();
    }
}
