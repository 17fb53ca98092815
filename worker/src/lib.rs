//! svar-worker: the background jobs of fieldwork. For now one job: a periodic summary of case
//! states per survey in the logs (counts only, no personal data), which shows an operator that
//! the worker is alive and fieldwork is moving. The contact plan (invitations, reminders by
//! letter and e-mail) joins it with the worker issue.

use diesel::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use svar_core::db::schema::cases;
use svar_core::db::{Pool, StoreError};

/// How often the summary is logged.
pub const SUMMARY_EVERY: Duration = Duration::from_secs(60);

/// Case counts per (survey, state).
pub fn case_state_counts(pool: &Pool) -> Result<Vec<(i64, String, i64)>, StoreError> {
    let mut conn = pool.get()?;
    Ok(cases::table
        .group_by((cases::survey_id, cases::state))
        .select((cases::survey_id, cases::state, diesel::dsl::count_star()))
        .order((cases::survey_id, cases::state))
        .load(&mut *conn)?)
}

/// Runs until `stop` is set, checking it every second.
pub fn run(pool: Pool, stop: Arc<AtomicBool>) {
    tracing::info!("worker started");
    let mut last: Option<Instant> = None;
    while !stop.load(Ordering::Relaxed) {
        if last.is_none_or(|t| t.elapsed() >= SUMMARY_EVERY) {
            match case_state_counts(&pool) {
                Ok(counts) => {
                    for (survey_id, state, count) in counts {
                        tracing::info!(survey_id, state = %state, count, "cases by state");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "case summary failed"),
            }
            last = Some(Instant::now());
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    tracing::info!("worker stopped");
}

#[cfg(test)]
mod tests {
    use super::*;
    use svar_core::db::surveys::SurveyState;
    use svar_core::db::test_db::TestDatabase;
    use svar_core::setup::{create_survey, import_sample, read_questionnaire, QuestionnaireSource};

    const FORM: &[u8] = include_bytes!("../../demo/integration-survey.xlsx");
    const STRATA: &[u8] = include_bytes!("../../demo/strata.csv");
    const SAMPLE: &[u8] = include_bytes!("../../demo/sample-2000.csv");

    #[test]
    fn the_summary_counts_cases_per_survey_and_state() {
        for db in TestDatabase::all().unwrap() {
            assert!(case_state_counts(&db.pool).unwrap().is_empty());
            let mut conn = db.pool.get().unwrap();
            let report = read_questionnaire(QuestionnaireSource::Xlsx, FORM).unwrap();
            let id =
                create_survey(&mut conn, "S", 1, SurveyState::Fielding, &report, FORM).unwrap();
            import_sample(&mut conn, id, STRATA, SAMPLE).unwrap();
            let first = svar_core::db::cases::ids_of_survey(&mut conn, id).unwrap()[0];
            let from = [svar_core::db::cases::CaseState::New];
            let declined = svar_core::db::cases::CaseState::Declined;
            assert!(
                svar_core::db::cases::transition(&mut conn, first, &from, declined, "2.111")
                    .unwrap()
            );
            drop(conn);
            assert_eq!(
                case_state_counts(&db.pool).unwrap(),
                vec![
                    (id, "declined".to_string(), 1),
                    (id, "new".to_string(), 1999)
                ]
            );
        }
    }
}
