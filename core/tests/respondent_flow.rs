//! The respondent operations on storage, on both backends: concurrent saves of one page (two
//! devices at once) never both win, a closed survey answers like an unknown code, and every
//! login is recorded once.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use std::sync::Arc;
use svar_core::code::{AccessCode, CodeKey};
use svar_core::db::events;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::test_db::TestDatabase;
use svar_core::respondent::{decline, open_session, save_page, RespondentCache, RespondentError};
use svar_core::setup::{
    create_survey, import_sample, read_questionnaire, write_invitations, QuestionnaireSource,
};

const FORM: &[u8] = include_bytes!("../../demo/integration-survey.xlsx");
const STRATA: &[u8] = include_bytes!("../../demo/strata.csv");
const SAMPLE: &[u8] = include_bytes!("../../demo/sample-2000.csv");

/// The demo survey fielding on `db`; returns its id and the printed codes in case order.
fn demo(db: &TestDatabase, key: &CodeKey) -> (i64, Vec<String>) {
    let mut conn = db.pool.get().unwrap();
    let report = read_questionnaire(QuestionnaireSource::XlsForm, FORM).unwrap();
    let id = create_survey(&mut conn, "Demo", 1, SurveyState::Fielding, &report, FORM).unwrap();
    import_sample(&mut conn, id, STRATA, SAMPLE).unwrap();
    let mut letters = Vec::new();
    write_invitations(&mut conn, key, id, "http://x", &mut letters).unwrap();
    let mut reader = csv::Reader::from_reader(letters.as_slice());
    let codes = reader
        .records()
        .map(|r| r.unwrap()[7].to_string())
        .collect();
    (id, codes)
}

#[test]
fn of_simultaneous_saves_at_one_version_exactly_one_wins() {
    let key = CodeKey::new(b"k").unwrap();
    for db in TestDatabase::all().unwrap() {
        let (_, codes) = demo(&db, &key);
        let cache = Arc::new(RespondentCache::new());
        let code = AccessCode::parse(&codes[0]).unwrap();
        let case_id = open_session(&mut db.pool.get().unwrap(), &cache, &key, &code)
            .unwrap()
            .case_id;
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let (pool, cache) = (db.pool.clone(), Arc::clone(&cache));
                std::thread::spawn(move || {
                    let answers = json!({"born_sweden": "no", "arrival_year": 1990 + i});
                    let mut conn = pool.get().unwrap();
                    save_page(
                        &mut conn,
                        &cache,
                        case_id,
                        "p_about",
                        Some(0),
                        answers.as_object().unwrap(),
                    )
                })
            })
            .collect();
        let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        let won = results.iter().filter(|r| r.is_ok()).count();
        let stale = results
            .iter()
            .filter(|r| matches!(r, Err(RespondentError::Stale { .. })))
            .count();
        assert_eq!((won, stale), (1, 7), "{:?}: {results:?}", db.backend());
    }
}

#[test]
fn a_closed_survey_answers_like_an_unknown_code() {
    let key = CodeKey::new(b"k").unwrap();
    for db in TestDatabase::all().unwrap() {
        let (id, codes) = demo(&db, &key);
        let cache = RespondentCache::new();
        let mut conn = db.pool.get().unwrap();
        surveys::set_state(&mut conn, id, SurveyState::Closed).unwrap();
        let code = AccessCode::parse(&codes[1]).unwrap();
        assert!(matches!(
            open_session(&mut conn, &cache, &key, &code),
            Err(RespondentError::UnknownCode)
        ));
        let other_key = CodeKey::new(b"another").unwrap();
        surveys::set_state(&mut conn, id, SurveyState::Fielding).unwrap();
        assert!(matches!(
            open_session(&mut conn, &cache, &other_key, &code),
            Err(RespondentError::UnknownCode)
        ));
        assert!(open_session(&mut conn, &cache, &key, &code).is_ok());
    }
}

#[test]
fn every_live_code_of_a_case_opens_it() {
    let key = CodeKey::new(b"k").unwrap();
    for db in TestDatabase::all().unwrap() {
        let (id, first_letters) = demo(&db, &key);
        let mut conn = db.pool.get().unwrap();
        let cache = RespondentCache::new();
        let open = |conn: &mut svar_core::db::AnyConnection, code: &str| {
            open_session(conn, &cache, &key, &AccessCode::parse(code).unwrap())
                .unwrap()
                .case_id
        };
        let by_first = open(&mut conn, &first_letters[10]);
        // A reminder carries a fresh code; the letter's keeps working.
        let reminder = svar_core::fieldwork::fresh_code(&mut conn, &key, by_first).unwrap();
        assert_ne!(first_letters[10], reminder.printed());
        let by_second = open(&mut conn, reminder.as_str());
        assert_eq!(by_first, by_second, "{:?}", db.backend());
        assert_eq!(open(&mut conn, &first_letters[10]), by_first);
        // Writing the invitation file again gives the same letters with the same codes.
        let mut again = Vec::new();
        write_invitations(&mut conn, &key, id, "http://x", &mut again).unwrap();
        let codes: Vec<String> = csv::Reader::from_reader(again.as_slice())
            .records()
            .map(|r| r.unwrap()[7].to_string())
            .collect();
        assert_eq!(codes, first_letters);
    }
}

#[test]
fn every_login_is_recorded_once_and_a_refused_one_not_at_all() {
    let key = CodeKey::new(b"k").unwrap();
    for db in TestDatabase::all().unwrap() {
        let (_, codes) = demo(&db, &key);
        let mut conn = db.pool.get().unwrap();
        let cache = RespondentCache::new();
        let code = AccessCode::parse(&codes[5]).unwrap();
        let logins = |conn: &mut svar_core::db::AnyConnection, case_id: i64| {
            let all = events::for_case(conn, case_id).unwrap();
            let logins: Vec<_> = all.iter().filter(|e| e.kind == "login").collect();
            let languages: Vec<_> = logins.iter().map(|e| e.language.clone()).collect();
            (logins.len(), languages)
        };
        // First login (the case is new), a repeat login (opened), one after a save (started).
        let case_id = open_session(&mut conn, &cache, &key, &code)
            .unwrap()
            .case_id;
        assert_eq!(logins(&mut conn, case_id).0, 1, "{:?}", db.backend());
        open_session(&mut conn, &cache, &key, &code).unwrap();
        assert_eq!(logins(&mut conn, case_id).0, 2, "{:?}", db.backend());
        let answers = json!({"born_sweden": "yes"}).as_object().unwrap().clone();
        save_page(&mut conn, &cache, case_id, "p_about", Some(0), &answers).unwrap();
        open_session(&mut conn, &cache, &key, &code).unwrap();
        let (count, languages) = logins(&mut conn, case_id);
        assert_eq!(count, 3, "{:?}", db.backend());
        assert!(
            languages.iter().all(|l| l.as_deref() == Some("sv")),
            "{languages:?}"
        );
        // A declined case's code is refused, and the refusal is no login.
        decline(&mut conn, &cache, case_id).unwrap();
        assert!(matches!(
            open_session(&mut conn, &cache, &key, &code),
            Err(RespondentError::Declined)
        ));
        assert_eq!(logins(&mut conn, case_id).0, 3, "{:?}", db.backend());
    }
}
