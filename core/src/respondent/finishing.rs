//! Ending a case from the respondent's side: submitting the answers or declining to take
//! part. Both are final: later saves are refused and no reminder goes out (the contact plan
//! reads the case state).

use super::opening::{answerable_case, final_state_error, parse_answers};
use super::{FormCache, RespondentError};
use crate::db::cases::{self, CaseState};
use crate::db::events::{self, EventKind};
use crate::db::{responses, write_tx, AnyConnection};
use crate::disposition::{disposition, RespondentActivity, ShareRule};

const OPEN_STATES: [CaseState; 3] = [CaseState::New, CaseState::Opened, CaseState::Started];

/// Submits the answers if every relevant required question is answered.
pub fn submit(
    conn: &mut AnyConnection,
    forms: &FormCache,
    case_id: i64,
) -> Result<(), RespondentError> {
    let session = answerable_case(conn, case_id)?;
    let form = forms.get(conn, session.questionnaire_id)?;
    let language = form
        .form()
        .pick_language(session.case.language.as_deref())
        .to_string();
    write_tx(conn, |c| {
        let response = responses::find_or_create(c, case_id, session.questionnaire_id, &language)?;
        let answers = parse_answers(&response.answers)?;
        let missing = form.missing_required(&answers);
        if !missing.is_empty() {
            return Err(RespondentError::MissingRequired(missing));
        }
        if !responses::mark_submitted(c, case_id, response.version)? {
            return Err(RespondentError::Stale {
                current_version: response.version + 1,
            });
        }
        let (answered, applicable) = form.answered_share(&answers);
        let code = disposition(
            RespondentActivity::LoggedOn {
                answered,
                applicable,
            },
            ShareRule::default(),
        );
        if !cases::transition(c, case_id, &OPEN_STATES, CaseState::Submitted, code)? {
            return Err(final_state_error(c, case_id));
        }
        events::record(
            c,
            case_id,
            EventKind::Submit,
            None,
            Some(&response.language),
        )?;
        Ok(())
    })
}

/// Records that the person does not want to take part.
pub fn decline(conn: &mut AnyConnection, case_id: i64) -> Result<(), RespondentError> {
    answerable_case(conn, case_id)?;
    write_tx(conn, |c| {
        let code = disposition(RespondentActivity::Declined, ShareRule::default());
        if !cases::transition(c, case_id, &OPEN_STATES, CaseState::Declined, code)? {
            return Err(final_state_error(c, case_id));
        }
        events::record(c, case_id, EventKind::Decline, None, None)?;
        Ok(())
    })
}
