//! The opt-out link of every e-mail and letter (`crate::contact::OptOutKey` makes its token):
//! the person declines all further contact without logging in. It records a refusal (2.111, as
//! the decline button does, with the paradata event `opt_out` as its source) and cancels every
//! pending contact of the case, in one transaction. Following it again changes nothing.

use super::RespondentCache;
use crate::contact::Stops;
use crate::db::cases::{self, CaseState};
use crate::db::events::{self, EventKind};
use crate::db::{contact_attempts, now_ms, write_tx, AnyConnection, StoreError};
use crate::disposition::{disposition, RespondentActivity, ShareRule};

/// What following the link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptOut {
    /// The refusal is recorded now.
    Recorded,
    /// The person had declined already.
    AlreadyDeclined,
    /// The person had submitted: nothing more is sent anyway.
    AlreadySubmitted,
    /// The survey is not in the field: nothing more is sent; what was pending is cancelled.
    SurveyNotOpen,
    /// The token names no case (it was deleted).
    UnknownCase,
}

/// Records that case `case_id` wants no more contact.
pub fn opt_out(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    case_id: i64,
) -> Result<OptOut, StoreError> {
    cache.recent.forget(case_id);
    write_tx(conn, |c| {
        let code = disposition(RespondentActivity::Declined, ShareRule::default());
        let moved = cases::transition(c, case_id, &CaseState::OPEN, CaseState::Declined, code)?;
        contact_attempts::cancel_for_case(c, case_id, Stops::Everything, now_ms())?;
        if moved {
            events::record(c, case_id, EventKind::OptOut, None, None)?;
            return Ok(OptOut::Recorded);
        }
        Ok(match cases::find(c, case_id)? {
            None => OptOut::UnknownCase,
            Some(case) => match case.state()? {
                CaseState::Declined => OptOut::AlreadyDeclined,
                CaseState::Submitted => OptOut::AlreadySubmitted,
                _ => OptOut::SurveyNotOpen,
            },
        })
    })
}
