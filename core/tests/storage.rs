//! Storage on both backends: what one test does on SQLite it does on PostgreSQL when
//! `SVAR_TEST_DATABASE_URL` is set.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use svar_core::db::cases::CaseState;
use svar_core::db::samples::{NewCase, NewContact, NewStratum};
use svar_core::db::surveys::SurveyState;
use svar_core::db::test_db::TestDatabase;
use svar_core::db::{
    cases, codes, questionnaires, responses, samples, surveys, write_tx, AnyConnection, StoreError,
};

fn survey_with_two_cases(conn: &mut AnyConnection) -> (i64, Vec<i64>) {
    let qid = questionnaires::insert(conn, "f", "1", "T", "{}", "sha").unwrap();
    let sid = surveys::insert(conn, "S", 1, SurveyState::Fielding, Some(qid))
        .unwrap()
        .unwrap();
    let strata = samples::insert_strata(
        conn,
        &[NewStratum {
            survey_id: sid,
            code: "A".into(),
            label: "A".into(),
            population: 100,
            sample_size: 2,
            target_response_rate: None,
        }],
    )
    .unwrap();
    let rows: Vec<NewCase> = ["P1", "P2"]
        .iter()
        .map(|p| NewCase {
            person_id: p.to_string(),
            stratum_id: strata[0].id,
            design_weight: strata[0].design_weight(),
            language: Some("sv".into()),
            auxiliaries: "{}".into(),
            contact: NewContact {
                first_name: "Åsa".into(),
                ..Default::default()
            },
        })
        .collect();
    samples::insert_cases(conn, sid, &rows).unwrap();
    (sid, cases::ids_of_survey(conn, sid).unwrap())
}

#[test]
fn a_stale_save_is_refused_on_every_backend() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let (_, ids) = survey_with_two_cases(&mut conn);
        let r = responses::find_or_create(&mut conn, ids[0], 1, "sv").unwrap();
        assert_eq!(r.version, 0);
        let v1 = responses::save_answers(&mut conn, ids[0], 0, r#"{"a":1}"#, Some(0)).unwrap();
        assert_eq!(v1, Some(1), "{:?}", db.backend());
        // A second device still holding version 0 loses, and changes nothing.
        let stale = responses::save_answers(&mut conn, ids[0], 0, r#"{"a":2}"#, Some(0)).unwrap();
        assert_eq!(stale, None);
        let now = responses::find(&mut conn, ids[0]).unwrap().unwrap();
        assert_eq!(now.answers, r#"{"a":1}"#);
        assert_eq!(now.version, 1);
        // find_or_create does not reset an existing response.
        let again = responses::find_or_create(&mut conn, ids[0], 1, "en").unwrap();
        assert_eq!(again.version, 1);
    }
}

#[test]
fn a_failed_write_transaction_leaves_nothing() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let (sid, ids) = survey_with_two_cases(&mut conn);
        let result: Result<(), StoreError> = write_tx(&mut conn, |c| {
            codes::insert(c, ids[0], "hash-1", "k1")?;
            Err(StoreError::Corrupt("refused on purpose".into()))
        });
        assert!(result.is_err());
        let case_of = |conn: &mut AnyConnection| {
            cases::find_with_survey(conn, cases::CaseKey::CodeHash("hash-1"))
                .unwrap()
                .map(|found| found.case.id)
        };
        assert_eq!(case_of(&mut conn), None, "{:?}", db.backend());
        write_tx(&mut conn, |c| codes::insert(c, ids[0], "hash-1", "k1")).unwrap();
        assert_eq!(case_of(&mut conn), Some(ids[0]));
        // The same hash cannot be given to a second case.
        assert!(!codes::insert(&mut conn, ids[1], "hash-1", "k1").unwrap());
        assert_eq!(cases::count_of_survey(&mut conn, sid).unwrap(), 2);
    }
}

#[test]
fn a_final_case_state_cannot_be_left() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let (_, ids) = survey_with_two_cases(&mut conn);
        let from = [CaseState::New, CaseState::Opened, CaseState::Started];
        assert!(cases::transition(&mut conn, ids[0], &from, CaseState::Declined, "2.111").unwrap());
        assert!(!cases::transition(&mut conn, ids[0], &from, CaseState::Submitted, "1.1").unwrap());
        let case = cases::find(&mut conn, ids[0]).unwrap().unwrap();
        assert_eq!(case.state().unwrap(), CaseState::Declined);
        assert_eq!(case.disposition, "2.111");
    }
}

/// Every storage test runs on SQLite, and on PostgreSQL only when it is configured: this test
/// is ignored otherwise, so that the summary says the second backend was not tested.
#[test]
#[cfg_attr(
    svar_missing_postgres,
    ignore = "SVAR_TEST_DATABASE_URL is not set: storage tests ran on SQLite only"
)]
fn postgres_is_there_when_ci_requires_it() {
    let db = TestDatabase::postgres().expect("PostgreSQL reachable");
    assert!(db.is_some(), "SVAR_TEST_DATABASE_URL must be set in CI");
}

#[test]
fn a_page_save_writes_all_three_or_nothing() {
    use svar_core::db::response_write::{
        write_response, ResponseChange, ResponseWrite, WriteOutcome,
    };
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let (_, ids) = survey_with_two_cases(&mut conn);
        for id in &ids {
            responses::find_or_create(&mut conn, *id, 1, "sv").unwrap();
        }
        let write = |case_id, expected_version| ResponseWrite {
            case_id,
            expected_version,
            change: ResponseChange::Answers {
                answers: r#"{"a":1}"#,
                furthest_page: Some(0),
                page: "p1",
            },
            disposition: "1.2",
            language: "sv",
        };
        let backend = db.backend();
        assert_eq!(
            write_response(&mut conn, &write(ids[0], 0)).unwrap(),
            WriteOutcome::Written { version: 1 },
            "{backend:?}"
        );
        let case = cases::find(&mut conn, ids[0]).unwrap().unwrap();
        assert_eq!(
            (case.state.as_str(), case.disposition.as_str()),
            ("started", "1.2")
        );
        let kinds = |conn: &mut AnyConnection, id| -> Vec<String> {
            svar_core::db::events::for_case(conn, id)
                .unwrap()
                .into_iter()
                .map(|e| e.kind)
                .collect()
        };
        assert_eq!(kinds(&mut conn, ids[0]), ["save"]);
        // Based on an old version: nothing written.
        assert_eq!(
            write_response(&mut conn, &write(ids[0], 0)).unwrap(),
            WriteOutcome::Stale
        );
        assert_eq!(kinds(&mut conn, ids[0]).len(), 1);
        // A declined case: the case keeps its end, and no event is recorded.
        let open = [CaseState::New, CaseState::Opened, CaseState::Started];
        assert!(cases::transition(&mut conn, ids[1], &open, CaseState::Declined, "2.111").unwrap());
        let outcome = write_response(&mut conn, &write(ids[1], 0)).unwrap();
        assert_eq!(outcome, WriteOutcome::CaseEnded, "{backend:?}");
        let case = cases::find(&mut conn, ids[1]).unwrap().unwrap();
        assert_eq!(
            (case.state.as_str(), case.disposition.as_str()),
            ("declined", "2.111")
        );
        assert!(kinds(&mut conn, ids[1]).is_empty());
        let untouched = responses::find(&mut conn, ids[1]).unwrap().unwrap();
        assert_eq!(
            (untouched.version, untouched.answers.as_str()),
            (0, "{}"),
            "{backend:?}"
        );
    }
}

#[test]
fn a_submit_is_written_once_with_its_event_and_never_over_a_newer_save() {
    use svar_core::db::response_write::{
        write_response, ResponseChange, ResponseWrite, WriteOutcome,
    };
    for db in TestDatabase::all().unwrap() {
        let backend = db.backend();
        let mut conn = db.pool.get().unwrap();
        let (_, ids) = survey_with_two_cases(&mut conn);
        responses::find_or_create(&mut conn, ids[0], 1, "en").unwrap();
        let submit = |expected_version| ResponseWrite {
            case_id: ids[0],
            expected_version,
            change: ResponseChange::Submit,
            disposition: "1.1",
            language: "en",
        };
        // A submit based on a version nobody has: nothing happens.
        assert_eq!(
            write_response(&mut conn, &submit(3)).unwrap(),
            WriteOutcome::Stale,
            "{backend:?}"
        );
        assert_eq!(
            write_response(&mut conn, &submit(0)).unwrap(),
            WriteOutcome::Written { version: 1 },
            "{backend:?}"
        );
        let response = responses::find(&mut conn, ids[0]).unwrap().unwrap();
        assert!(response.submitted_at_ms.is_some(), "{backend:?}");
        let case = cases::find(&mut conn, ids[0]).unwrap().unwrap();
        assert_eq!(
            (case.state.as_str(), case.disposition.as_str()),
            ("submitted", "1.1")
        );
        let events = svar_core::db::events::for_case(&mut conn, ids[0]).unwrap();
        let kinds: Vec<_> = events
            .iter()
            .map(|e| (e.kind.as_str(), e.page.as_deref()))
            .collect();
        assert_eq!(kinds, [("submit", None)], "{backend:?}");
        // A second submit finds the case ended and records nothing.
        assert_eq!(
            write_response(&mut conn, &submit(1)).unwrap(),
            WriteOutcome::CaseEnded,
            "{backend:?}"
        );
        assert_eq!(
            svar_core::db::events::for_case(&mut conn, ids[0])
                .unwrap()
                .len(),
            1
        );
    }
}

#[test]
fn a_first_login_creates_the_response_opens_the_case_and_logs_once() {
    use svar_core::db::login_write::{record_first_login, FirstLogin};
    for db in TestDatabase::all().unwrap() {
        let backend = db.backend();
        let mut conn = db.pool.get().unwrap();
        let (_, ids) = survey_with_two_cases(&mut conn);
        let login = FirstLogin {
            case_id: ids[0],
            questionnaire_id: 1,
            language: "fa",
            disposition: "2.1121",
        };
        let response = record_first_login(&mut conn, &login).unwrap();
        let stored = responses::find(&mut conn, ids[0]).unwrap().unwrap();
        assert_eq!(
            (
                response.version,
                response.answers.as_str(),
                response.language.as_str()
            ),
            (
                stored.version,
                stored.answers.as_str(),
                stored.language.as_str()
            ),
            "{backend:?}"
        );
        assert_eq!((stored.version, stored.language.as_str()), (0, "fa"));
        let case = cases::find(&mut conn, ids[0]).unwrap().unwrap();
        assert_eq!(
            (case.state.as_str(), case.disposition.as_str()),
            ("opened", "2.1121")
        );
        // Two first logins at once: the second keeps the first one's response, the case
        // does not move back, and both logins are recorded.
        responses::save_answers(&mut conn, ids[0], 0, r#"{"a":1}"#, Some(0)).unwrap();
        let again = record_first_login(&mut conn, &login).unwrap();
        assert_eq!(
            (again.version, again.answers.as_str()),
            (1, r#"{"a":1}"#),
            "{backend:?}"
        );
        let events = svar_core::db::events::for_case(&mut conn, ids[0]).unwrap();
        assert_eq!(events.iter().filter(|e| e.kind == "login").count(), 2);
        // The other case is untouched.
        assert!(responses::find(&mut conn, ids[1]).unwrap().is_none());
        let other = cases::find(&mut conn, ids[1]).unwrap().unwrap();
        assert_eq!(other.state, "new");
    }
}

#[test]
fn imported_cases_keep_odd_text_and_nulls_exactly() {
    use svar_core::db::schema::contacts;
    for db in TestDatabase::all().unwrap() {
        let backend = db.backend();
        let mut conn = db.pool.get().unwrap();
        let (sid, _) = survey_with_two_cases(&mut conn);
        let stratum = samples::strata_of_survey(&mut conn, sid).unwrap()[0].id;
        let odd = "Back\\slash\tTab\nNew line\r\\N";
        let rows = vec![NewCase {
            person_id: "P3".into(),
            stratum_id: stratum,
            design_weight: 12.345678901,
            language: None,
            auxiliaries: r#"{"note":"a\tb"}"#.into(),
            contact: NewContact {
                first_name: odd.into(),
                last_name: "\\N".into(),
                email: None,
                ..Default::default()
            },
        }];
        assert_eq!(samples::insert_cases(&mut conn, sid, &rows).unwrap(), 1);
        let ids = cases::ids_of_survey(&mut conn, sid).unwrap();
        assert_eq!(ids.len(), 3, "{backend:?}");
        let case = cases::find(&mut conn, ids[2]).unwrap().unwrap();
        assert_eq!(case.person_id, "P3");
        assert_eq!(case.language, None, "{backend:?}");
        assert_eq!(case.design_weight, 12.345678901);
        assert_eq!(case.auxiliaries, r#"{"note":"a\tb"}"#);
        assert_eq!(
            (case.state.as_str(), case.disposition.as_str()),
            ("new", "3.11")
        );
        let (first, last, email): (String, String, Option<String>) = {
            use diesel::prelude::*;
            contacts::table
                .find(ids[2])
                .select((contacts::first_name, contacts::last_name, contacts::email))
                .first(&mut *conn)
                .unwrap()
        };
        assert_eq!((first.as_str(), last.as_str()), (odd, "\\N"), "{backend:?}");
        assert_eq!(email, None);
    }
}

#[test]
fn a_write_transaction_inside_another_joins_it_on_every_backend() {
    use diesel::prelude::*;
    use svar_core::db::{write_tx, StoreError};
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let (_, ids) = survey_with_two_cases(&mut conn);
        let from = [CaseState::New];
        // Inner and outer write commit together; on SQLite the inner one must not wait for the
        // writer's turn the outer one holds.
        write_tx(&mut conn, |c| {
            assert!(cases::transition(
                c,
                ids[0],
                &from,
                CaseState::Declined,
                "2.111"
            )?);
            write_tx(c, |c| {
                cases::transition(c, ids[1], &from, CaseState::Declined, "2.111")
            })?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
        // A failure of the outer one undoes the inner one too.
        let undone: Result<(), StoreError> = write_tx(&mut conn, |c| {
            write_tx(c, |c| {
                diesel::update(svar_core::db::schema::cases::table.find(ids[0]))
                    .set(svar_core::db::schema::cases::disposition.eq("2.112"))
                    .execute(c)
                    .map_err(StoreError::from)
            })?;
            Err(StoreError::Corrupt("stop".into()))
        });
        assert!(undone.is_err());
        let case = cases::find(&mut conn, ids[0]).unwrap().unwrap();
        assert_eq!(
            (case.state.as_str(), case.disposition.as_str()),
            ("declined", "2.111"),
            "{:?}",
            db.backend()
        );
        assert_eq!(
            cases::find(&mut conn, ids[1]).unwrap().unwrap().state,
            "declined"
        );
    }
}

/// The strata file's `target_response_rate` is kept with the stratum, shown beside the
/// stratum's statistics and carried into the next round.
#[test]
fn stratum_targets_reach_the_statistics_and_the_next_round() {
    for db in TestDatabase::all().unwrap() {
        let mut conn = db.pool.get().unwrap();
        let sid = surveys::insert(&mut conn, "S", 1, SurveyState::Draft, None)
            .unwrap()
            .unwrap();
        let strata = "stratum,label,population,sample_size,target_response_rate\n\
                      SE,Sverige,100,2,0.55\nEU,EU,50,1,\n";
        let sample = "person_id,stratum,sex\nP1,SE,K\nP2,SE,M\nP3,EU,K\n";
        svar_core::setup::import_sample(&mut conn, sid, strata.as_bytes(), sample.as_bytes())
            .unwrap();
        let stats = svar_core::monitoring::survey_statistics(
            &mut conn,
            sid,
            &svar_core::monitoring::Grouping::Stratum,
            svar_core::db::now_ms(),
            "now".into(),
        )
        .unwrap();
        let targets: Vec<(String, Option<f64>)> = stats
            .groups
            .iter()
            .map(|g| (g.key.clone(), g.target))
            .collect();
        assert_eq!(
            targets,
            [("SE".to_string(), Some(0.55)), ("EU".to_string(), None)],
            "{:?}",
            db.backend()
        );
        assert_eq!(stats.overall.target, None);
        assert_eq!(stats.overall.sample, 3);
        let next = surveys::insert(&mut conn, "S", 2, SurveyState::Draft, None)
            .unwrap()
            .unwrap();
        samples::copy_strata(&mut conn, sid, next).unwrap();
        let copied = samples::strata_of_survey(&mut conn, next).unwrap();
        assert_eq!(copied[0].target_response_rate, Some(0.55));
        assert_eq!(copied[1].target_response_rate, None);
    }
}
