//! Contact plans: one checked plan per survey, stored as its JSON document
//! (`crate::contact::ContactPlan::to_stored`), and how far the scheduler has come with each of
//! its steps.

use super::schema::{contact_plans, contact_step_progress};
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;
use diesel::upsert::excluded;

#[derive(Insertable)]
#[diesel(table_name = contact_plans)]
struct NewPlan<'a> {
    survey_id: i64,
    plan: &'a str,
    updated_by: Option<i64>,
    updated_at_ms: i64,
}

/// The stored plan of a survey, if it has one.
pub fn find(conn: &mut AnyConnection, survey_id: i64) -> Result<Option<String>, StoreError> {
    Ok(contact_plans::table
        .find(survey_id)
        .select(contact_plans::plan)
        .first(conn)
        .optional()?)
}

/// Stores (or replaces) the plan of a survey.
pub fn save(
    conn: &mut AnyConnection,
    survey_id: i64,
    plan: &str,
    updated_by: Option<i64>,
) -> Result<(), StoreError> {
    let row = NewPlan {
        survey_id,
        plan,
        updated_by,
        updated_at_ms: now_ms(),
    };
    crate::with_conn!(conn, |c| diesel::insert_into(contact_plans::table)
        .values(&row)
        .on_conflict(contact_plans::survey_id)
        .do_update()
        .set((
            contact_plans::plan.eq(excluded(contact_plans::plan)),
            contact_plans::updated_by.eq(excluded(contact_plans::updated_by)),
            contact_plans::updated_at_ms.eq(excluded(contact_plans::updated_at_ms)),
        ))
        .execute(c))?;
    Ok(())
}

/// Copies the plan of survey `from` to survey `to` (a new round); whether there was one.
pub fn copy(conn: &mut AnyConnection, from: i64, to: i64) -> Result<bool, StoreError> {
    let Some(plan) = find(conn, from)? else {
        return Ok(false);
    };
    save(conn, to, &plan, None)?;
    Ok(true)
}

/// How far the scheduler has come with one step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepProgress {
    /// When a step counted from fielding fired (it fires once).
    pub fired_at_ms: Option<i64>,
    /// The contacts sent up to this instant have been looked at (steps counted from an earlier
    /// contact).
    pub counted_until_ms: Option<i64>,
    /// The changes of earlier contacts made up to this instant (real time) have been looked at.
    pub changes_until_ms: Option<i64>,
}

/// The progress of step `step` of a survey.
pub fn progress(
    conn: &mut AnyConnection,
    survey_id: i64,
    step: &str,
) -> Result<StepProgress, StoreError> {
    let row: Option<(Option<i64>, Option<i64>, Option<i64>)> = contact_step_progress::table
        .find((survey_id, step))
        .select((
            contact_step_progress::fired_at_ms,
            contact_step_progress::counted_until_ms,
            contact_step_progress::changes_until_ms,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map_or_else(
        StepProgress::default,
        |(fired_at_ms, counted_until_ms, changes_until_ms)| StepProgress {
            fired_at_ms,
            counted_until_ms,
            changes_until_ms,
        },
    ))
}

#[derive(Insertable)]
#[diesel(table_name = contact_step_progress)]
struct NewProgress<'a> {
    survey_id: i64,
    step: &'a str,
    fired_at_ms: Option<i64>,
    counted_until_ms: Option<i64>,
    changes_until_ms: Option<i64>,
}

/// Records the progress of a step.
pub fn set_progress(
    conn: &mut AnyConnection,
    survey_id: i64,
    step: &str,
    progress: StepProgress,
) -> Result<(), StoreError> {
    let row = NewProgress {
        survey_id,
        step,
        fired_at_ms: progress.fired_at_ms,
        counted_until_ms: progress.counted_until_ms,
        changes_until_ms: progress.changes_until_ms,
    };
    crate::with_conn!(conn, |c| diesel::insert_into(contact_step_progress::table)
        .values(&row)
        .on_conflict((
            contact_step_progress::survey_id,
            contact_step_progress::step
        ))
        .do_update()
        .set((
            contact_step_progress::fired_at_ms.eq(excluded(contact_step_progress::fired_at_ms)),
            contact_step_progress::counted_until_ms
                .eq(excluded(contact_step_progress::counted_until_ms)),
            contact_step_progress::changes_until_ms
                .eq(excluded(contact_step_progress::changes_until_ms)),
        ))
        .execute(c))?;
    Ok(())
}

/// Forgets the progress of the steps of a survey not in `keep` (steps taken out of the plan).
pub fn forget_progress_except(
    conn: &mut AnyConnection,
    survey_id: i64,
    keep: &[&str],
) -> Result<usize, StoreError> {
    Ok(diesel::delete(
        contact_step_progress::table
            .filter(contact_step_progress::survey_id.eq(survey_id))
            .filter(contact_step_progress::step.ne_all(keep)),
    )
    .execute(conn)?)
}
