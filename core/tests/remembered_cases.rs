//! Saves and submits from a case this process remembers, on both backends, when the database
//! has moved on without it: two `RespondentCache`s on one database are two server processes
//! behind a load balancer. Whatever the remembered case says, the database's guards decide:
//! another process's save makes this one stale, a decline or a closed survey refuses it, and
//! nothing is overwritten.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use serde_json::{json, Map, Value};
use svar_core::code::{AccessCode, CodeKey};
use svar_core::db::responses::{self, ResponseRow};
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::test_db::TestDatabase;
use svar_core::db::AnyConnection;
use svar_core::respondent::{
    decline, open_session, save_page, submit, RespondentCache, RespondentError, SavedPage,
};
use svar_core::setup::{
    create_survey, import_sample, read_questionnaire, write_invitations, QuestionnaireSource,
};

const FORM: &[u8] = include_bytes!("../../demo/integration-survey.xlsx");
const STRATA: &[u8] = include_bytes!("../../demo/strata.csv");
const SAMPLE: &[u8] = include_bytes!("../../demo/sample-2000.csv");
const ANSWERS: &str = include_str!("../../demo/answers-born-abroad.json");

/// The demo survey fielding, one case logged in and its first page saved by process `a`
/// (which remembers it at version 1).
struct Started {
    survey_id: i64,
    case_id: i64,
    a: RespondentCache,
    b: RespondentCache,
    pages: Vec<(String, Map<String, Value>)>,
}

fn started(conn: &mut AnyConnection) -> Started {
    let key = CodeKey::new(b"k").unwrap();
    let report = read_questionnaire(QuestionnaireSource::XlsForm, FORM).unwrap();
    let survey_id = create_survey(conn, "Demo", 1, SurveyState::Fielding, &report, FORM).unwrap();
    import_sample(conn, survey_id, STRATA, SAMPLE).unwrap();
    let mut letters = Vec::new();
    write_invitations(conn, &key, survey_id, "http://x", &mut letters).unwrap();
    let code = csv::Reader::from_reader(letters.as_slice())
        .records()
        .next()
        .unwrap()
        .unwrap()[7]
        .to_string();
    let (a, b) = (RespondentCache::new(), RespondentCache::new());
    let case_id = open_session(conn, &a, &key, &AccessCode::parse(&code).unwrap())
        .unwrap()
        .case_id;
    let pages: Vec<(String, Map<String, Value>)> = serde_json::from_str(ANSWERS).unwrap();
    let saved = save_page(conn, &a, case_id, &pages[0].0, Some(0), &pages[0].1).unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(a.recent.len(), 1, "process a remembers the case it saved");
    Started {
        survey_id,
        case_id,
        a,
        b,
        pages,
    }
}

/// Process `a` saves the second page at the version it remembers, then submits.
fn save_and_submit_from_a(
    conn: &mut AnyConnection,
    s: &Started,
) -> (
    Result<SavedPage, RespondentError>,
    Result<(), RespondentError>,
) {
    let (page, answers) = &s.pages[1];
    let save = save_page(conn, &s.a, s.case_id, page, Some(1), answers);
    (save, submit(conn, &s.a, s.case_id))
}

fn stored(conn: &mut AnyConnection, case_id: i64) -> ResponseRow {
    responses::find(conn, case_id).unwrap().unwrap()
}

fn answers_of(row: &ResponseRow) -> Map<String, Value> {
    serde_json::from_str(&row.answers).unwrap()
}

#[test]
fn a_save_elsewhere_makes_the_remembered_version_stale_and_is_kept() {
    for db in TestDatabase::all().unwrap() {
        let conn = &mut db.pool.get().unwrap();
        let s = started(conn);
        let (page, answers) = &s.pages[1];
        save_page(conn, &s.b, s.case_id, page, Some(1), answers).unwrap();

        let changed = json!({"born_sweden": "yes"});
        let change_at = |conn: &mut AnyConnection, version| {
            let answers = changed.as_object().unwrap();
            save_page(conn, &s.a, s.case_id, &s.pages[0].0, Some(version), answers)
        };
        let late = change_at(conn, 1);
        assert!(
            matches!(late, Err(RespondentError::Stale { current_version: 2 })),
            "{:?}: {late:?}",
            db.backend()
        );
        let row = stored(conn, s.case_id);
        assert_eq!(row.version, 2);
        let kept = answers_of(&row);
        assert_eq!(kept["born_sweden"], json!("no"), "{:?}", db.backend());
        assert_eq!(kept["citizen"], json!("yes"), "{:?}", db.backend());

        // Read afresh at version 2, the same change goes through.
        let saved = change_at(conn, 2).unwrap();
        assert_eq!(saved.version, 3);
        assert_eq!(
            answers_of(&stored(conn, s.case_id))["born_sweden"],
            json!("yes")
        );
    }
}

#[test]
fn a_closed_survey_refuses_a_save_from_a_remembered_case() {
    for db in TestDatabase::all().unwrap() {
        let conn = &mut db.pool.get().unwrap();
        let s = started(conn);
        surveys::set_state(conn, s.survey_id, SurveyState::Closed).unwrap();
        let (save, submitted) = save_and_submit_from_a(conn, &s);
        assert!(
            matches!(save, Err(RespondentError::SurveyNotOpen)),
            "{:?}: {save:?}",
            db.backend()
        );
        assert!(matches!(submitted, Err(RespondentError::SurveyNotOpen)));
        let row = stored(conn, s.case_id);
        assert_eq!((row.version, row.submitted_at_ms), (1, None));
        assert!(!answers_of(&row).contains_key("citizen"));
    }
}

#[test]
fn a_decline_elsewhere_refuses_a_remembered_save_and_submit() {
    for db in TestDatabase::all().unwrap() {
        let conn = &mut db.pool.get().unwrap();
        let s = started(conn);
        decline(conn, &s.b, s.case_id).unwrap();
        let (save, submitted) = save_and_submit_from_a(conn, &s);
        assert!(
            matches!(save, Err(RespondentError::Declined)),
            "{:?}: {save:?}",
            db.backend()
        );
        assert!(matches!(submitted, Err(RespondentError::Declined)));
        assert_eq!(stored(conn, s.case_id).version, 1);
    }
}

#[test]
fn a_submit_checks_the_answers_saved_elsewhere() {
    for db in TestDatabase::all().unwrap() {
        let conn = &mut db.pool.get().unwrap();
        let s = started(conn);
        // Process a knows only the first page: submitting from that is refused as incomplete.
        assert!(matches!(
            submit(conn, &s.a, s.case_id),
            Err(RespondentError::MissingRequired(_))
        ));
        let mut version = 1;
        for (page, answers) in &s.pages[1..] {
            version = save_page(conn, &s.b, s.case_id, page, Some(version), answers)
                .unwrap()
                .version;
        }
        // Process a still remembers version 1; the submit goes by what the database holds.
        submit(conn, &s.a, s.case_id).unwrap();
        let row = stored(conn, s.case_id);
        assert!(row.submitted_at_ms.is_some(), "{:?}", db.backend());
        assert_eq!(row.version, version + 1);
        assert_eq!(answers_of(&row)["citizen"], json!("yes"));
        assert!(s.a.recent.is_empty(), "a submitted case is not kept");
    }
}
