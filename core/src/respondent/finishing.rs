//! Ending a case from the respondent's side: submitting the answers or declining to take
//! part. Both are final: later saves are refused and no reminder goes out (the contact plan
//! reads the case state).

use super::answering_case::{final_state_error, AnsweringCase, RefusedWrite};
use super::{RespondentCache, RespondentError};
use crate::contact::Stops;
use crate::db::cases::{self, CaseState};
use crate::db::events::{self, EventKind};
use crate::db::response_write::{write_response, ResponseChange, ResponseWrite};
use crate::db::{contact_attempts, now_ms, write_tx, AnyConnection};
use crate::disposition::{disposition, RespondentActivity, ShareRule};

/// Submits the answers if every relevant required question is answered. A case this process
/// knows is submitted from what it knows; if that is refused, by the checks here or by the
/// database's guards (someone saved meanwhile, the case ended), the submit is done again from
/// a fresh read, which says why.
pub fn submit(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    case_id: i64,
) -> Result<(), RespondentError> {
    if let Some(known) = cache.recent.take(case_id) {
        // Only a write the database took is final; any refusal is decided afresh.
        if let Ok(Ok(())) = submit_from(conn, known) {
            return Ok(());
        }
    }
    let answering = AnsweringCase::load(conn, &cache.forms, case_id)?;
    submit_from(conn, answering)?.map_err(|refused| refused.error(conn))
}

/// Submits the answers of `answering` if they are complete and still the latest.
fn submit_from(
    conn: &mut AnyConnection,
    mut answering: AnsweringCase,
) -> Result<Result<(), RefusedWrite>, RespondentError> {
    let response = answering.response(conn)?;
    let answers = answering.take_answers(&response)?;
    let missing = answering.form.missing_required(&answers);
    if !missing.is_empty() {
        return Err(RespondentError::MissingRequired(missing));
    }
    // Written only if nothing was saved since the answers above were checked.
    let write = ResponseWrite {
        case_id: answering.id(),
        expected_version: response.version,
        change: ResponseChange::Submit,
        disposition: answering.disposition_by_share(&answers),
        language: &response.language,
    };
    let outcome = write_response(conn, &write)?;
    Ok(RefusedWrite::check(&write, outcome).map(|_| ()))
}

/// Records that the person does not want to take part; what was pending for them is
/// cancelled in the same transaction.
pub fn decline(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    case_id: i64,
) -> Result<(), RespondentError> {
    cache.recent.forget(case_id);
    AnsweringCase::load(conn, &cache.forms, case_id)?;
    write_tx(conn, |c| {
        let code = disposition(RespondentActivity::Declined, ShareRule::default());
        if !cases::transition(c, case_id, &CaseState::OPEN, CaseState::Declined, code)? {
            return Err(final_state_error(c, case_id));
        }
        contact_attempts::cancel_for_case(c, case_id, Stops::Everything, now_ms())?;
        events::record(c, case_id, EventKind::Decline, None, None)?;
        Ok(())
    })
}
