//! A contact attempt as the management API shows it, in the contacts list and in a case's
//! history: the same view in both, so it lives below both route families.

use super::timestamp;
use serde::Serialize;
use svar_core::db::contact_attempts::{AttemptRow, AttemptState};

/// One attempt as the list shows it.
#[derive(Debug, Serialize)]
pub struct ContactItem {
    id: i64,
    case_id: i64,
    step: String,
    channel: String,
    state: String,
    attempts: i32,
    next_try_at: Option<String>,
    sent_at: Option<String>,
    batch_id: Option<i64>,
    error: Option<String>,
}

impl ContactItem {
    pub fn of(row: AttemptRow) -> ContactItem {
        let waiting = row.state == AttemptState::Pending.as_str();
        ContactItem {
            id: row.id,
            case_id: row.case_id,
            step: row.step,
            channel: row.channel,
            state: row.state,
            attempts: row.tries,
            next_try_at: waiting.then(|| timestamp(row.next_try_at_ms)),
            sent_at: row.sent_at_ms.map(timestamp),
            batch_id: row.batch_id,
            error: row.error,
        }
    }
}
