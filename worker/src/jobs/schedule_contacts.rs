//! The scheduling pass, a recurring job: for every survey in the field, the steps of its plan
//! that have fallen due get their contact attempts (`svar_core::fieldwork::schedule_survey`),
//! and each letter step with letters waiting gets a print batch job (its first batch at once,
//! then at most one a day).

use crate::queue::{Done, Job, JobError, JobRun};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use svar_core::db::contact_attempts;
use svar_core::db::print_batches::{self, Which};
use svar_core::db::{surveys, write_tx, AnyConnection};
use svar_core::fieldwork::{plan_of, schedule_survey, FieldworkError, PrintBatchJob};

/// One pass over every fielding survey.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ScheduleContactsJob {}

impl Job for ScheduleContactsJob {
    const KIND: &'static str = "schedule_contacts";
    const EVERY: Option<Duration> = Some(Duration::from_secs(60));

    fn run(&self, run: &JobRun<'_>) -> Result<Done, JobError> {
        let mut conn = run
            .ctx
            .pool
            .get()
            .map_err(svar_core::db::StoreError::from)?;
        schedule_all(&mut conn, run.now_ms).map_err(fieldwork_error)?;
        let every = run.ctx.schedule_every;
        Ok(Done::Again {
            at_ms: run.now_ms + crate::queue::context::lease_ms(every),
        })
    }
}

/// A pass over every fielding survey as of `now_ms`; returns the attempts written.
pub fn schedule_all(conn: &mut AnyConnection, now_ms: i64) -> Result<usize, FieldworkError> {
    let mut written = 0;
    for survey in surveys::fielding(conn)? {
        let plan = match plan_of(conn, survey.id) {
            Ok(plan) => plan,
            Err(e) => {
                tracing::error!(survey_id = survey.id, error = %e.kind(), "a contact plan cannot be read");
                continue;
            }
        };
        if plan.steps.is_empty() {
            continue;
        }
        let outcome = schedule_survey(conn, &survey, &plan, now_ms)?;
        for step in &outcome.steps {
            written += step.scheduled;
            tracing::info!(
                survey_id = survey.id,
                step = %step.step,
                channel = step.channel.as_str(),
                scheduled = step.scheduled,
                "contacts scheduled"
            );
        }
        for step in outcome.letters_waiting {
            let last = print_batches::of_step(conn, survey.id, &step, Which::Latest)?
                .map(|b| b.created_at_ms);
            let job = PrintBatchJob {
                survey_id: survey.id,
                step,
            };
            let at = PrintBatchJob::run_at(last, now_ms);
            write_tx(conn, |c| job.enqueue(c, at, now_ms))?;
        }
    }
    if written >= contact_attempts::ANALYZE_AFTER {
        contact_attempts::analyze(conn)?;
    }
    Ok(written)
}

/// A failure of a pass: the database's worth another try; a bad stored plan is logged above.
pub fn fieldwork_error(e: FieldworkError) -> JobError {
    match e {
        FieldworkError::Store(e) => JobError::Retry(e.kind().to_string()),
        other => JobError::Fatal(other.kind().to_string()),
    }
}
