//! Ending a case from the respondent's side: submitting the answers or declining to take
//! part. Both are final: later saves are refused and no reminder goes out (the contact plan
//! reads the case state).

use super::answering_case::{final_state_error, parse_answers, written_version, AnsweringCase};
use super::{FormCache, RespondentError};
use crate::db::cases::{self, CaseState};
use crate::db::events::{self, EventKind};
use crate::db::response_write::{write_response, ResponseChange, ResponseWrite};
use crate::db::{write_tx, AnyConnection};
use crate::disposition::{disposition, RespondentActivity, ShareRule};

/// Submits the answers if every relevant required question is answered.
pub fn submit(
    conn: &mut AnyConnection,
    forms: &FormCache,
    case_id: i64,
) -> Result<(), RespondentError> {
    let answering = AnsweringCase::load(conn, forms, case_id)?;
    let response = answering.response(conn)?;
    let answers = parse_answers(&response.answers)?;
    let missing = answering.form.missing_required(&answers);
    if !missing.is_empty() {
        return Err(RespondentError::MissingRequired(missing));
    }
    // Written only if nothing was saved since the answers above were checked.
    let write = ResponseWrite {
        case_id,
        expected_version: response.version,
        change: ResponseChange::Submit,
        disposition: answering.disposition_by_share(&answers),
        language: &response.language,
    };
    let outcome = write_response(conn, &write)?;
    written_version(conn, &write, outcome).map(|_| ())
}

/// Records that the person does not want to take part.
pub fn decline(
    conn: &mut AnyConnection,
    forms: &FormCache,
    case_id: i64,
) -> Result<(), RespondentError> {
    AnsweringCase::load(conn, forms, case_id)?;
    write_tx(conn, |c| {
        let code = disposition(RespondentActivity::Declined, ShareRule::default());
        if !cases::transition(c, case_id, &CaseState::OPEN, CaseState::Declined, code)? {
            return Err(final_state_error(c, case_id));
        }
        events::record(c, case_id, EventKind::Decline, None, None)?;
        Ok(())
    })
}
