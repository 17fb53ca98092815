//! The background sample import the management API starts, on both backends: it imports the
//! whole file and reports its progress and outcome; a refused file leaves nothing and says
//! which lines are wrong; a second import of a survey is refused while one runs; a job whose
//! process died is marked failed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use svar_core::db::jobs::{self, JobRow, SAMPLE_IMPORT};
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::test_db::TestDatabase;
use svar_core::db::{cases, now_ms, Pool};
use svar_core::setup::{start_sample_import, JobBoard, SampleFiles, SetupError};

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

fn wait_for_end(pool: &Pool, board: &JobBoard, job: i64) -> JobRow {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let row = jobs::find(&mut pool.get().unwrap(), job).unwrap().unwrap();
        if row.state != "running" && board.get(job).is_none() {
            return row;
        }
        assert!(Instant::now() < deadline, "job {job} still running");
        std::thread::sleep(Duration::from_millis(20));
    }
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
        let job = start_sample_import(&db.pool, &board, id, upload.clone(), Some(user)).unwrap();
        let row = wait_for_end(&db.pool, &board, job);
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
        assert!(
            !upload.sample.exists() && !upload.strata.exists(),
            "uploads removed"
        );
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
        let job = start_sample_import(
            &db.pool,
            &board,
            id,
            files(&format!("bad-{backend:?}"), STRATA, &sample),
            None,
        )
        .unwrap();
        let row = wait_for_end(&db.pool, &board, job);
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
fn one_import_runs_per_survey_and_an_abandoned_one_is_marked_failed() {
    for db in TestDatabase::all().unwrap() {
        let backend = db.backend();
        let board = Arc::new(JobBoard::default());
        let id = survey(&db.pool);
        let mut conn = db.pool.get().unwrap();
        // A job another process started and then died in the middle of.
        let dead = jobs::insert(&mut conn, SAMPLE_IMPORT, id, 10, None).unwrap();
        let upload = files(&format!("twice-{backend:?}"), STRATA, SAMPLE);
        let refused = start_sample_import(&db.pool, &board, id, upload.clone(), None);
        assert!(
            matches!(refused, Err(SetupError::ImportRunning(s)) if s == id),
            "{backend:?}"
        );
        assert!(!upload.sample.exists(), "a refused upload is removed too");
        let failed = jobs::fail_abandoned(&mut conn, now_ms() + 1, "[]").unwrap();
        assert_eq!(failed, 1);
        assert_eq!(
            jobs::find(&mut conn, dead).unwrap().unwrap().state,
            "failed"
        );
        let unknown = start_sample_import(
            &db.pool,
            &board,
            999_999,
            files("none", STRATA, SAMPLE),
            None,
        );
        assert!(matches!(unknown, Err(SetupError::NoSuchSurvey(999_999))));
    }
}
