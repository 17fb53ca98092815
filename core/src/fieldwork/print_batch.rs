//! Making print batches: the pending letters of a step become one batch, each letter with a
//! fresh code (its hash stored, the code itself sealed for the batch's files) — all in one
//! transaction, so a letter is in one batch or none, and no code is left behind that no letter
//! carries. The invitation batch of `GET …/letters.csv` is made the same way, once.

use super::codes::fresh_codes;
use super::FieldworkError;
use crate::code::{CodeKey, CodeSeal};
use crate::contact::Channel;
use crate::db::cases::CaseState;
use crate::db::contact_attempts::{self, StepTargets};
use crate::db::print_batches::{self, BatchRow, Which, INVITATION_STEP};
use crate::db::{surveys, write_tx, AnyConnection};

/// Letters read and sealed at a time.
const PAGE: i64 = 500;

/// The keys a batch needs: the code key (hashes) and the seal (the batch's copy of the codes).
#[derive(Debug, Clone)]
pub struct BatchKeys<'a> {
    pub code_key: &'a CodeKey,
    pub seal: &'a CodeSeal,
}

/// Moves the pending letters of a step into a new batch, in the caller's transaction; returns
/// the batch's id and its number of letters (0: no batch was made).
fn fill_batch(
    conn: &mut AnyConnection,
    keys: &BatchKeys<'_>,
    survey_id: i64,
    step: &str,
    now_ms: i64,
) -> Result<(i64, i64), FieldworkError> {
    let batch = print_batches::create(conn, survey_id, step, now_ms)?;
    let mut letters = 0i64;
    let mut after = 0;
    loop {
        let page = print_batches::pending_letters(conn, survey_id, step, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let case_ids: Vec<i64> = page.iter().map(|l| l.case_id).collect();
        let codes = fresh_codes(conn, keys.code_key, &case_ids)?;
        for (letter, code) in page.iter().zip(&codes) {
            let sealed = keys.seal.seal(code, letter.id)?;
            print_batches::add_letter(conn, letter.id, batch, &sealed, now_ms)?;
        }
        contact_attempts::mark_invited(conn, &case_ids)?;
        letters += i64::try_from(page.len()).unwrap_or(i64::MAX);
    }
    print_batches::set_letters(conn, batch, letters)?;
    Ok((batch, letters))
}

/// Makes the print batch of a step's pending letters; `None` if none were waiting.
pub fn make_batch(
    conn: &mut AnyConnection,
    keys: &BatchKeys<'_>,
    survey_id: i64,
    step: &str,
    now_ms: i64,
) -> Result<Option<BatchRow>, FieldworkError> {
    let made = write_tx(conn, |c| {
        let (batch, letters) = fill_batch(c, keys, survey_id, step, now_ms)?;
        if letters == 0 {
            print_batches::delete_empty(c, batch)?;
            return Ok::<_, FieldworkError>(None);
        }
        Ok(Some(batch))
    })?;
    match made {
        Some(batch) => Ok(print_batches::find(conn, survey_id, batch)?),
        None => Ok(None),
    }
}

/// The survey's invitation batch: a letter to every case still answering, made on the first
/// request and the same on every later one.
pub fn invitation_batch(
    conn: &mut AnyConnection,
    keys: &BatchKeys<'_>,
    survey_id: i64,
    now_ms: i64,
) -> Result<BatchRow, FieldworkError> {
    surveys::find(conn, survey_id)?.ok_or(FieldworkError::NoSuchSurvey(survey_id))?;
    if let Some(batch) = print_batches::of_step(conn, survey_id, INVITATION_STEP, Which::First)? {
        return Ok(batch);
    }
    let targets = StepTargets {
        survey_id,
        step: INVITATION_STEP,
        channel: Channel::Letter,
        states: &CaseState::OPEN,
        strata: None,
        after_contact: None,
        next_try_at_ms: now_ms,
        now_ms,
    };
    write_tx(conn, |c| {
        // Another request may have made it meanwhile (its letters are then no longer pending).
        if print_batches::of_step(c, survey_id, INVITATION_STEP, Which::First)?.is_some() {
            return Ok(());
        }
        contact_attempts::schedule(c, &targets)?;
        let (batch, letters) = fill_batch(c, keys, survey_id, INVITATION_STEP, now_ms)?;
        if letters == 0 {
            print_batches::delete_empty(c, batch)?;
        }
        Ok::<_, FieldworkError>(())
    })?;
    if let Some(batch) = print_batches::of_step(conn, survey_id, INVITATION_STEP, Which::First)? {
        return Ok(batch);
    }
    // No case to write to: an empty batch, so that every later request answers the same.
    let batch = write_tx(conn, |c| {
        print_batches::create(c, survey_id, INVITATION_STEP, now_ms)
    })?;
    print_batches::find(conn, survey_id, batch)?.ok_or(FieldworkError::NoSuchSurvey(survey_id))
}
