//! Copying a survey round into the next round of its series: a new draft with the same name,
//! the same questionnaire version, the same strata and the same contact plan — not the sample,
//! whose cases belong to one round only, nor anything of its contacts.

use super::SetupError;
use crate::db::surveys::{self, SurveyState};
use crate::db::{contact_plans, monitoring_settings, samples, AnyConnection};

/// What a copy made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopiedRound {
    pub survey_id: i64,
    pub round: i32,
    pub strata: usize,
    /// Whether the round had a contact plan (now the new round's too).
    pub contact_plan: bool,
}

/// Copies survey `source_id` into round `round` (default: the series' highest round + 1).
/// Runs in the caller's transaction.
pub fn copy_round(
    conn: &mut AnyConnection,
    source_id: i64,
    round: Option<i32>,
) -> Result<CopiedRound, SetupError> {
    let source = surveys::find(conn, source_id)?.ok_or(SetupError::NoSuchSurvey(source_id))?;
    let round = match round {
        Some(r) => r,
        None => surveys::last_round(conn, &source.name)?
            .unwrap_or(source.round)
            .checked_add(1)
            .ok_or(SetupError::NoNextRound)?,
    };
    let survey_id = surveys::insert(
        conn,
        &source.name,
        round,
        SurveyState::Draft,
        source.questionnaire_id,
    )?
    .ok_or_else(|| SetupError::SurveyExists {
        name: source.name.clone(),
        round,
    })?;
    let strata = samples::copy_strata(conn, source_id, survey_id)?;
    let contact_plan = contact_plans::copy(conn, source_id, survey_id)?;
    monitoring_settings::copy(conn, source_id, survey_id)?;
    Ok(CopiedRound {
        survey_id,
        round,
        strata,
        contact_plan,
    })
}
