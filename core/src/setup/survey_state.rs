//! The rules of a survey round's life: draft → fielding → closed, and nothing else. A round
//! goes into the field only with a questionnaire and a sample; a closed round stays closed.
//! The rule itself is pure ([`check_transition`]); [`change_state`] applies it to a stored
//! survey inside the caller's transaction (so the caller can add its audit row to it).

use super::SetupError;
use crate::db::surveys::{self, SurveyState};
use crate::db::{cases, AnyConnection};

/// Why a state change was refused; each message is fit to show a field manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefusal {
    #[error("the survey is {} already", .0.as_str())]
    SameState(SurveyState),
    #[error("the survey has no questionnaire: upload one before fielding")]
    NoQuestionnaire,
    #[error("the survey has no sample: import strata and sample before fielding")]
    NoSample,
    #[error("a closed survey cannot be opened again; copy it into a new round instead")]
    Closed,
    #[error("a survey in the field cannot go back to draft; close it instead")]
    BackToDraft,
    #[error("a draft survey must be fielded before it can be closed")]
    DraftToClosed,
}

/// Whether a survey in state `from` may go to `to`, given whether it has a questionnaire and
/// how many cases its sample has.
pub fn check_transition(
    from: SurveyState,
    to: SurveyState,
    has_questionnaire: bool,
    cases: i64,
) -> Result<(), TransitionRefusal> {
    use SurveyState::*;
    match (from, to) {
        (a, b) if a == b => Err(TransitionRefusal::SameState(a)),
        (Closed, _) => Err(TransitionRefusal::Closed),
        (Fielding, Draft) => Err(TransitionRefusal::BackToDraft),
        (Draft, Closed) => Err(TransitionRefusal::DraftToClosed),
        (Draft, Fielding) if !has_questionnaire => Err(TransitionRefusal::NoQuestionnaire),
        (Draft, Fielding) if cases < 1 => Err(TransitionRefusal::NoSample),
        _ => Ok(()),
    }
}

/// Moves a survey to `to` if the rules allow it; returns the state it left. Runs in the
/// caller's transaction.
pub fn change_state(
    conn: &mut AnyConnection,
    survey_id: i64,
    to: SurveyState,
) -> Result<SurveyState, SetupError> {
    let survey = surveys::find(conn, survey_id)?.ok_or(SetupError::NoSuchSurvey(survey_id))?;
    let from = survey.state()?;
    let cases = cases::count_of_survey(conn, survey_id)?;
    check_transition(from, to, survey.questionnaire_id.is_some(), cases)
        .map_err(SetupError::Transition)?;
    surveys::set_state(conn, survey_id, to)?;
    Ok(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use SurveyState::*;

    #[test]
    fn a_draft_goes_into_the_field_only_with_questionnaire_and_sample() {
        assert_eq!(check_transition(Draft, Fielding, true, 1), Ok(()));
        assert_eq!(
            check_transition(Draft, Fielding, false, 10),
            Err(TransitionRefusal::NoQuestionnaire)
        );
        assert_eq!(
            check_transition(Draft, Fielding, true, 0),
            Err(TransitionRefusal::NoSample)
        );
    }

    #[test]
    fn fielding_closes_and_closed_stays_closed() {
        assert_eq!(check_transition(Fielding, Closed, true, 5), Ok(()));
        for to in [Draft, Fielding] {
            assert_eq!(
                check_transition(Closed, to, true, 5),
                Err(TransitionRefusal::Closed)
            );
        }
        assert_eq!(
            check_transition(Fielding, Draft, true, 5),
            Err(TransitionRefusal::BackToDraft)
        );
        assert_eq!(
            check_transition(Draft, Closed, true, 5),
            Err(TransitionRefusal::DraftToClosed)
        );
    }

    #[test]
    fn the_same_state_is_refused_with_a_message() {
        for s in [Draft, Fielding] {
            assert_eq!(
                check_transition(s, s, true, 5),
                Err(TransitionRefusal::SameState(s))
            );
        }
        assert_eq!(
            check_transition(Closed, Closed, true, 5),
            Err(TransitionRefusal::SameState(Closed))
        );
        assert_eq!(
            TransitionRefusal::SameState(Fielding).to_string(),
            "the survey is fielding already"
        );
    }
}
