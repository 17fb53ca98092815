//! Print batches: the letters of one step that fell due together, for the mailing house. A
//! letter is a contact attempt of channel `letter`; making a batch moves the step's pending
//! letters into it (state `sent`, each with its code sealed), so a case is never in two batches
//! of one step. Handing a batch over drops its sealed codes.

use super::contact_attempts::{still_contactable, AttemptState};
use super::samples::ContactRow;
use super::schema::{cases, contact_attempts, contacts, print_batches, responses};
use super::{AnyConnection, StoreError};
use crate::contact::Channel;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

/// The step name of the invitation batch `GET …/letters.csv` and `svar letters` make: plan
/// step names cannot start with `_`, so it never meets one.
pub const INVITATION_STEP: &str = "_invitation";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = print_batches)]
pub struct BatchRow {
    pub id: i64,
    pub survey_id: i64,
    pub step: String,
    pub letters: i64,
    pub created_at_ms: i64,
    pub handed_over_at_ms: Option<i64>,
    pub handed_over_by: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = print_batches)]
struct NewBatch<'a> {
    survey_id: i64,
    step: &'a str,
    letters: i64,
    created_at_ms: i64,
}

/// Starts an empty batch; returns its id.
pub fn create(
    conn: &mut AnyConnection,
    survey_id: i64,
    step: &str,
    now_ms: i64,
) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(print_batches::table)
        .values(NewBatch {
            survey_id,
            step,
            letters: 0,
            created_at_ms: now_ms,
        })
        .returning(print_batches::id)
        .get_result(conn)?)
}

/// A letter waiting for a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct PendingLetter {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub case_id: i64,
}

/// Up to `limit` pending letters of a step, after attempt `after`, whose case may still get
/// letters.
pub fn pending_letters(
    conn: &mut AnyConnection,
    survey_id: i64,
    step: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<PendingLetter>, StoreError> {
    let sql = format!(
        "SELECT a.id, a.case_id FROM contact_attempts a JOIN cases c ON c.id = a.case_id \
         WHERE a.survey_id = $1 AND a.step = $2 AND a.channel = 'letter' AND a.state = 'pending' \
         AND a.id > $3 AND {} ORDER BY a.id LIMIT $4",
        still_contactable(Channel::Letter)
    );
    Ok(diesel::sql_query(sql)
        .bind::<BigInt, _>(survey_id)
        .bind::<diesel::sql_types::Text, _>(step)
        .bind::<BigInt, _>(after)
        .bind::<BigInt, _>(limit)
        .load(conn)?)
}

/// Whether a step of a survey has letters waiting for a batch.
pub fn has_pending_letters(
    conn: &mut AnyConnection,
    survey_id: i64,
    step: &str,
) -> Result<bool, StoreError> {
    Ok(!pending_letters(conn, survey_id, step, 0, 1)?.is_empty())
}

/// Puts letter `attempt_id` into batch `batch_id` with its sealed code: sent, as far as Svar
/// is concerned (the mailing house posts it).
pub fn add_letter(
    conn: &mut AnyConnection,
    attempt_id: i64,
    batch_id: i64,
    sealed_code: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    diesel::update(
        contact_attempts::table
            .find(attempt_id)
            .filter(contact_attempts::state.eq(AttemptState::Pending.as_str())),
    )
    .set((
        contact_attempts::state.eq(AttemptState::Sent.as_str()),
        contact_attempts::batch_id.eq(Some(batch_id)),
        contact_attempts::sealed_code.eq(Some(sealed_code)),
        contact_attempts::tries.eq(1),
        contact_attempts::sent_at_ms.eq(Some(now_ms)),
        contact_attempts::updated_at_ms.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

/// Sets the number of letters of a batch.
pub fn set_letters(
    conn: &mut AnyConnection,
    batch_id: i64,
    letters: i64,
) -> Result<(), StoreError> {
    diesel::update(print_batches::table.find(batch_id))
        .set(print_batches::letters.eq(letters))
        .execute(conn)?;
    Ok(())
}

/// Removes a batch that got no letters.
pub fn delete_empty(conn: &mut AnyConnection, batch_id: i64) -> Result<(), StoreError> {
    diesel::delete(
        print_batches::table
            .find(batch_id)
            .filter(print_batches::letters.eq(0)),
    )
    .execute(conn)?;
    Ok(())
}

/// The batches of a survey, oldest first, after `after`.
pub fn list(
    conn: &mut AnyConnection,
    survey_id: i64,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<BatchRow>, StoreError> {
    Ok(print_batches::table
        .filter(print_batches::survey_id.eq(survey_id))
        .filter(print_batches::id.gt(after.unwrap_or(0)))
        .order(print_batches::id.asc())
        .limit(limit)
        .select(BatchRow::as_select())
        .load(conn)?)
}

/// Batch `batch_id` if it belongs to survey `survey_id`.
pub fn find(
    conn: &mut AnyConnection,
    survey_id: i64,
    batch_id: i64,
) -> Result<Option<BatchRow>, StoreError> {
    Ok(print_batches::table
        .find(batch_id)
        .filter(print_batches::survey_id.eq(survey_id))
        .select(BatchRow::as_select())
        .first(conn)
        .optional()?)
}

/// Which batch of a step [`of_step`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The first (the invitation batch for [`INVITATION_STEP`]).
    First,
    /// The latest (when the step's last batch was made).
    Latest,
}

/// The first or the latest batch of a step of a survey.
pub fn of_step(
    conn: &mut AnyConnection,
    survey_id: i64,
    step: &str,
    which: Which,
) -> Result<Option<BatchRow>, StoreError> {
    let query = print_batches::table
        .filter(print_batches::survey_id.eq(survey_id))
        .filter(print_batches::step.eq(step))
        .select(BatchRow::as_select());
    let found = match which {
        Which::First => query.order(print_batches::id.asc()).first(conn),
        Which::Latest => query.order(print_batches::id.desc()).first(conn),
    };
    Ok(found.optional()?)
}

/// One letter of a batch, with what its page needs.
#[derive(Debug, Clone, Queryable)]
pub struct BatchLetter {
    pub attempt_id: i64,
    pub case_id: i64,
    pub person_id: String,
    /// The language of the sample.
    pub case_language: Option<String>,
    /// The language the person chose while answering, if they started.
    pub answer_language: Option<String>,
    pub contact: ContactRow,
    /// `None` once the batch is handed over.
    pub sealed_code: Option<String>,
}

/// Up to `limit` letters of a batch after attempt `after`, in attempt order.
pub fn letters(
    conn: &mut AnyConnection,
    batch_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<BatchLetter>, StoreError> {
    Ok(contact_attempts::table
        .inner_join(cases::table.inner_join(contacts::table))
        .left_join(responses::table.on(responses::case_id.eq(contact_attempts::case_id)))
        .filter(contact_attempts::batch_id.eq(Some(batch_id)))
        .filter(contact_attempts::id.gt(after))
        .order(contact_attempts::id.asc())
        .limit(limit)
        .select((
            contact_attempts::id,
            contact_attempts::case_id,
            cases::person_id,
            cases::language,
            responses::language.nullable(),
            ContactRow::as_select(),
            contact_attempts::sealed_code,
        ))
        .load(conn)?)
}

/// Marks a batch handed over to the mailing house by user `by` and drops its sealed codes;
/// `false` if it was handed over already.
pub fn hand_over(
    conn: &mut AnyConnection,
    batch_id: i64,
    by: Option<i64>,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        print_batches::table
            .find(batch_id)
            .filter(print_batches::handed_over_at_ms.is_null()),
    )
    .set((
        print_batches::handed_over_at_ms.eq(Some(now_ms)),
        print_batches::handed_over_by.eq(by),
    ))
    .execute(conn)?;
    if n == 1 {
        diesel::update(
            contact_attempts::table.filter(contact_attempts::batch_id.eq(Some(batch_id))),
        )
        .set(contact_attempts::sealed_code.eq(None::<String>))
        .execute(conn)?;
    }
    Ok(n == 1)
}
