//! A fresh access code for a case: drawn from the operating system, its keyed hash stored
//! (redrawn on the rare collision), the plain code handed back to go into one letter or e-mail
//! and nowhere else. Every code drawn keeps working until the case finishes (as the ONS does
//! with a new code per reminder).

use super::FieldworkError;
use crate::code::{AccessCode, CodeKey};
use crate::db::{codes, AnyConnection};

/// Draws before giving up (a collision among 2^60 codes is already rare).
const MAX_DRAWS: usize = 8;

/// A new live code for case `case_id`. Run it in the transaction that records what the code
/// goes into, so that a code nobody received is not left behind.
pub fn fresh_code(
    conn: &mut AnyConnection,
    key: &CodeKey,
    case_id: i64,
) -> Result<AccessCode, FieldworkError> {
    let key_id = key.key_id();
    for _ in 0..MAX_DRAWS {
        let code = AccessCode::generate().map_err(|_| FieldworkError::Random)?;
        if codes::insert(conn, case_id, &key.hash(&code), &key_id)? {
            return Ok(code);
        }
    }
    Err(FieldworkError::Random)
}
