//! Survey rounds in storage, on both backends: the letters' cases read in keyset pages, a
//! round copied into the next with its questionnaire and strata but no cases (and its strata
//! replaced by the next sample), state changes by the rules, and the list of visible surveys.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use svar_core::accounts::{hash_password_with, Email, Role};
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::test_db::TestDatabase;
use svar_core::db::{grants, samples, users, write_tx, AnyConnection};
use svar_core::setup::{change_state, copy_round, import_sample, SetupError, TransitionRefusal};

const STRATA: &[u8] = include_bytes!("../../demo/strata.csv");
const SAMPLE: &[u8] = include_bytes!("../../demo/sample-2000.csv");

fn round_with_sample(conn: &mut AnyConnection, name: &str) -> i64 {
    let id = surveys::insert(conn, name, 1, SurveyState::Draft, None)
        .unwrap()
        .unwrap();
    import_sample(conn, id, STRATA, SAMPLE).unwrap();
    id
}

#[test]
fn letter_cases_come_in_keyset_pages_covering_every_case_once() {
    for db in TestDatabase::all().unwrap() {
        let conn = &mut *db.pool.get().unwrap();
        let id = round_with_sample(conn, "Pages");
        let mut seen = Vec::new();
        let mut after = None;
        let mut pages = 0;
        loop {
            let page = samples::cases_with_contacts(conn, id, after, 700).unwrap();
            if page.is_empty() {
                break;
            }
            assert!(page.len() <= 700);
            pages += 1;
            after = page.last().map(|c| c.case_id);
            seen.extend(page.into_iter().map(|c| c.case_id));
        }
        assert_eq!(pages, 3, "{:?}", db.backend());
        assert_eq!(seen.len(), 2000);
        assert!(
            seen.windows(2).all(|w| w[0] < w[1]),
            "in case order, no repeats"
        );
    }
}

#[test]
fn a_copied_round_has_questionnaire_strata_and_contact_plan_but_no_cases() {
    for db in TestDatabase::all().unwrap() {
        let conn = &mut *db.pool.get().unwrap();
        let id = round_with_sample(conn, "Copy");
        let strata = samples::strata_of_survey(conn, id).unwrap().len();
        let plan = r#"{"steps":[],"time_zone":"Europe/Stockholm"}"#;
        svar_core::db::contact_plans::save(conn, id, plan, None).unwrap();
        let copied = write_tx(conn, |c| copy_round(c, id, None)).unwrap();
        assert_eq!(copied.round, 2);
        assert_eq!(copied.strata, strata);
        assert!(copied.contact_plan);
        assert_eq!(
            svar_core::db::contact_plans::find(conn, copied.survey_id)
                .unwrap()
                .as_deref(),
            Some(plan)
        );
        let row = surveys::find(conn, copied.survey_id).unwrap().unwrap();
        assert_eq!(
            (row.name.as_str(), row.state().unwrap()),
            ("Copy", SurveyState::Draft)
        );
        assert_eq!(
            svar_core::db::cases::count_of_survey(conn, copied.survey_id).unwrap(),
            0
        );
        let again = write_tx(conn, |c| copy_round(c, id, Some(2)));
        assert!(matches!(
            again,
            Err(SetupError::SurveyExists { round: 2, .. })
        ));
        // The next round's sample brings its own strata in place of the copied ones.
        import_sample(conn, copied.survey_id, STRATA, SAMPLE).unwrap();
        assert_eq!(
            samples::strata_of_survey(conn, copied.survey_id)
                .unwrap()
                .len(),
            strata
        );
        let third = write_tx(conn, |c| copy_round(c, copied.survey_id, None)).unwrap();
        assert_eq!(third.round, 3, "after the highest round of the series");
    }
}

#[test]
fn states_change_by_the_rules_and_lists_show_only_granted_surveys() {
    for db in TestDatabase::all().unwrap() {
        let conn = &mut *db.pool.get().unwrap();
        let id = round_with_sample(conn, "States");
        let refused = write_tx(conn, |c| change_state(c, id, SurveyState::Fielding));
        assert!(matches!(
            refused,
            Err(SetupError::Transition(TransitionRefusal::NoQuestionnaire))
        ));
        assert_eq!(
            surveys::find(conn, id).unwrap().unwrap().state().unwrap(),
            SurveyState::Draft
        );
        let other = surveys::insert(conn, "States", 2, SurveyState::Draft, None)
            .unwrap()
            .unwrap();
        let hash = hash_password_with("not used in this test", 8, 1, 1).unwrap();
        let email = Email::parse("m@scb.se").unwrap();
        let user = users::create(conn, None, &email, &hash, Role::Manager)
            .unwrap()
            .unwrap();
        grants::grant(conn, user, other).unwrap();
        let ids =
            |rows: Vec<surveys::SurveyRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(
            ids(surveys::list(conn, None, None, 10).unwrap()),
            vec![id, other]
        );
        assert_eq!(
            ids(surveys::list(conn, Some(user), None, 10).unwrap()),
            vec![other]
        );
        assert_eq!(
            ids(surveys::list(conn, None, Some(id), 10).unwrap()),
            vec![other]
        );
        assert!(!surveys::rename(conn, other, "States", 1).unwrap(), "taken");
        assert!(surveys::rename(conn, other, "States", 5).unwrap());
        assert_eq!(surveys::last_round(conn, "States").unwrap(), Some(5));
    }
}
