//! The scheduling pass: for each step of a fielding survey's plan that has fallen due, one
//! pending contact attempt for every case the step reaches (`db::contact_attempts::schedule`,
//! one statement per step, unique per case and step). A step counted from fielding fires once,
//! at the first pass after its day; a step counted from a case's earlier contact looks, at each
//! pass, at the contacts sent or changed since the last pass, and reaches a case only when none
//! of its earlier contacts is still waiting to go out. `now_ms` is the pass's time, so a plan can be
//! run over a simulated clock (`svar worker --once --at …`).

use super::FieldworkError;
use crate::contact::{After, Channel, ContactPlan, Step};
use crate::db::contact_attempts::{self, AfterContact, Seen, StepTargets};
use crate::db::contact_plans::{self, StepProgress};
use crate::db::surveys::SurveyRow;
use crate::db::{write_tx, AnyConnection};

/// A day, for steps counted from a case's earlier contact.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Contacts sent or changed this shortly before the last pass's limits are looked at again (a
/// contact recorded while a pass ran is not missed; the unique attempt per step makes it
/// harmless).
const OVERLAP_MS: i64 = 10 * 60 * 1000;

/// What a pass did for one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepOutcome {
    pub step: String,
    pub channel: Channel,
    /// Attempts written.
    pub scheduled: usize,
}

/// What a pass did for a survey: every step it wrote attempts for, and the letter steps that
/// have letters waiting for a print batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassOutcome {
    pub steps: Vec<StepOutcome>,
    pub letters_waiting: Vec<String>,
}

/// The plan of a survey, or the empty plan if it has none.
pub fn plan_of(conn: &mut AnyConnection, survey_id: i64) -> Result<ContactPlan, FieldworkError> {
    match contact_plans::find(conn, survey_id)? {
        Some(json) => ContactPlan::from_stored(&json).map_err(FieldworkError::BadPlan),
        None => Ok(ContactPlan::default()),
    }
}

/// When a step counted from fielding falls due.
pub fn fielding_step_due_at(plan: &ContactPlan, survey: &SurveyRow, step: &Step) -> Option<i64> {
    let started = survey.fielding_started_at_ms?;
    Some(plan.clock.days_after(started, step.days))
}

/// The targets of `step` for a pass at `now_ms`; `seen` is what the last pass of a step
/// counted from an earlier contact looked at (`None`: look at every contact).
fn targets<'a>(
    plan: &'a ContactPlan,
    survey_id: i64,
    step: &'a Step,
    earlier: &'a [&'a str],
    seen: Option<Seen>,
    now_ms: i64,
) -> StepTargets<'a> {
    let after_contact = match step.after {
        After::Fielding => None,
        After::Previous | After::Step(_) => Some(AfterContact {
            steps: earlier,
            sent_by_ms: now_ms.saturating_sub(i64::from(step.days) * DAY_MS),
            seen: seen.map(|s| Seen {
                sent_until_ms: s.sent_until_ms - OVERLAP_MS,
                changed_until_ms: s.changed_until_ms - OVERLAP_MS,
            }),
        }),
    };
    StepTargets {
        survey_id,
        step: step.name.as_str(),
        channel: step.channel,
        states: step.targets.case_states(),
        strata: step.strata.as_deref(),
        after_contact,
        next_try_at_ms: match step.channel {
            Channel::Email => plan.clock.next_sending_time(now_ms),
            Channel::Letter => now_ms,
        },
        now_ms,
    }
}

/// The earlier steps whose contacts a step counts from.
fn earlier_steps<'a>(plan: &'a ContactPlan, step: &'a Step) -> Vec<&'a str> {
    match &step.after {
        After::Fielding => Vec::new(),
        After::Previous => plan.steps_before(step.name.as_str()),
        After::Step(name) => vec![name.as_str()],
    }
}

/// One pass over a fielding survey as of `now_ms`.
pub fn schedule_survey(
    conn: &mut AnyConnection,
    survey: &SurveyRow,
    plan: &ContactPlan,
    now_ms: i64,
) -> Result<PassOutcome, FieldworkError> {
    let mut outcome = PassOutcome::default();
    // Changes of contacts are stamped with the real time, whatever the pass's time.
    let real_now = crate::db::now_ms();
    for step in &plan.steps {
        let name = step.name.as_str();
        let progress = contact_plans::progress(conn, survey.id, name)?;
        let earlier = earlier_steps(plan, step);
        let planned = match step.after {
            After::Fielding => {
                let due = fielding_step_due_at(plan, survey, step).is_some_and(|at| at <= now_ms);
                if !due || progress.fired_at_ms.is_some() {
                    None
                } else {
                    let t = targets(plan, survey.id, step, &earlier, None, now_ms);
                    let fired = StepProgress {
                        fired_at_ms: Some(now_ms),
                        ..progress
                    };
                    Some((t, fired))
                }
            }
            After::Previous | After::Step(_) => {
                let seen = progress
                    .counted_until_ms
                    .zip(progress.changes_until_ms)
                    .map(|(sent_until_ms, changed_until_ms)| Seen {
                        sent_until_ms,
                        changed_until_ms,
                    });
                let t = targets(plan, survey.id, step, &earlier, seen, now_ms);
                let counted = StepProgress {
                    counted_until_ms: t.after_contact.as_ref().map(|a| a.sent_by_ms),
                    changes_until_ms: Some(real_now),
                    ..progress
                };
                Some((t, counted))
            }
        };
        if let Some((targets, next_progress)) = planned {
            let scheduled = write_tx(conn, |c| {
                let n = contact_attempts::schedule(c, &targets)?;
                contact_plans::set_progress(c, survey.id, name, next_progress)?;
                Ok::<_, FieldworkError>(n)
            })?;
            if scheduled > 0 {
                outcome.steps.push(StepOutcome {
                    step: name.to_string(),
                    channel: step.channel,
                    scheduled,
                });
            }
        }
        if step.channel == Channel::Letter
            && crate::db::print_batches::has_pending_letters(conn, survey.id, name)?
        {
            outcome.letters_waiting.push(name.to_string());
        }
    }
    Ok(outcome)
}

/// Schedules step `name` of a survey now, whatever its day (a manager's "send now"): every case
/// it targets that has no attempt of it yet. A step counted from an earlier contact still needs
/// one. Returns how many attempts were written.
pub fn schedule_step_now(
    conn: &mut AnyConnection,
    survey: &SurveyRow,
    plan: &ContactPlan,
    name: &str,
    now_ms: i64,
) -> Result<usize, FieldworkError> {
    let step = plan
        .step(name)
        .ok_or_else(|| FieldworkError::NoSuchStep(name.to_string()))?;
    if survey.state()? != crate::db::surveys::SurveyState::Fielding {
        return Err(FieldworkError::NotFielding);
    }
    let earlier = earlier_steps(plan, step);
    let mut t = targets(plan, survey.id, step, &earlier, None, now_ms);
    if let Some(after) = t.after_contact.as_mut() {
        after.sent_by_ms = now_ms;
    }
    let n = write_tx(conn, |c| contact_attempts::schedule(c, &t))?;
    Ok(n)
}
