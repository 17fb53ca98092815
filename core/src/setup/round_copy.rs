//! Copying a survey round into the next round of its series: a new draft with the same name,
//! the same questionnaire version and the same strata — not the sample, whose cases belong to
//! one round only.
//!
//! The design also copies the contact plan, but there is no contact plan table yet: when it
//! comes, its steps are copied here too.

use super::SetupError;
use crate::db::surveys::{self, SurveyState};
use crate::db::{samples, AnyConnection};

/// What a copy made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopiedRound {
    pub survey_id: i64,
    pub round: i32,
    pub strata: usize,
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
    Ok(CopiedRound {
        survey_id,
        round,
        strata,
    })
}
