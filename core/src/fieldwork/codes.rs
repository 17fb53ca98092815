//! A fresh access code for a case: drawn from the operating system, its keyed hash stored
//! (redrawn on the rare collision), the plain code handed back to go into one letter or e-mail
//! and nowhere else. Every code drawn keeps working until the case finishes (as the ONS does
//! with a new code per reminder).

use super::FieldworkError;
use crate::code::{AccessCode, CodeKey};
use crate::db::{codes, AnyConnection};
use std::collections::HashSet;

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

/// A new live code for each of `case_ids`, in order, stored in one statement (a case whose
/// drawn code collides with a stored one draws again, alone). Run it in the transaction that
/// records what the codes go into.
pub fn fresh_codes(
    conn: &mut AnyConnection,
    key: &CodeKey,
    case_ids: &[i64],
) -> Result<Vec<AccessCode>, FieldworkError> {
    let key_id = key.key_id();
    let drawn = case_ids
        .iter()
        .map(|_| AccessCode::generate().map_err(|_| FieldworkError::Random))
        .collect::<Result<Vec<_>, _>>()?;
    let rows: Vec<(i64, String)> = case_ids
        .iter()
        .zip(&drawn)
        .map(|(case_id, code)| (*case_id, key.hash(code)))
        .collect();
    let mut stored: HashSet<String> = codes::insert_many(conn, &rows, &key_id)?
        .into_iter()
        .collect();
    drawn
        .into_iter()
        .zip(&rows)
        .map(|(code, (case_id, hash))| {
            // Taken once: the same code drawn twice in one batch went in once.
            if stored.remove(hash) {
                Ok(code)
            } else {
                fresh_code(conn, key, *case_id)
            }
        })
        .collect()
}
