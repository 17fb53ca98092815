//! The answers of a case: one row per case with every answer as JSON, the version every save
//! raises (so a save based on an older read is refused, never merged silently), the furthest
//! page saved (for resuming) and the language the respondent reads.

use super::schema::responses;
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;

/// The answers of a response nobody has saved to yet.
pub const EMPTY_ANSWERS: &str = "{}";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = responses)]
pub struct ResponseRow {
    pub case_id: i64,
    pub questionnaire_id: i64,
    pub answers: String,
    pub version: i64,
    pub furthest_page: Option<i32>,
    pub language: String,
    pub started_at_ms: i64,
    pub updated_at_ms: i64,
    pub submitted_at_ms: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = responses)]
struct NewResponse<'a> {
    case_id: i64,
    questionnaire_id: i64,
    answers: &'a str,
    version: i64,
    language: &'a str,
    started_at_ms: i64,
    updated_at_ms: i64,
}

pub fn find(conn: &mut AnyConnection, case_id: i64) -> Result<Option<ResponseRow>, StoreError> {
    Ok(responses::table
        .find(case_id)
        .select(ResponseRow::as_select())
        .first(conn)
        .optional()?)
}

/// The response of a case, created empty (version 0) on first use.
pub fn find_or_create(
    conn: &mut AnyConnection,
    case_id: i64,
    questionnaire_id: i64,
    language: &str,
) -> Result<ResponseRow, StoreError> {
    match find(conn, case_id)? {
        Some(existing) => Ok(existing),
        None => create(conn, case_id, questionnaire_id, language),
    }
}

/// Creates the empty response of a case known to have none (if another request created it
/// meanwhile, that one is kept) and returns it.
pub fn create(
    conn: &mut AnyConnection,
    case_id: i64,
    questionnaire_id: i64,
    language: &str,
) -> Result<ResponseRow, StoreError> {
    let now = now_ms();
    let row = NewResponse {
        case_id,
        questionnaire_id,
        answers: EMPTY_ANSWERS,
        version: 0,
        language,
        started_at_ms: now,
        updated_at_ms: now,
    };
    crate::with_conn!(conn, |c| diesel::insert_into(responses::table)
        .values(&row)
        .on_conflict(responses::case_id)
        .do_nothing()
        .execute(c))?;
    find(conn, case_id)?
        .ok_or_else(|| StoreError::Corrupt(format!("response of case {case_id} vanished")))
}

/// Writes new answers if the stored version is still `expected_version`; returns the new
/// version, or `None` if another save came first.
pub fn save_answers(
    conn: &mut AnyConnection,
    case_id: i64,
    expected_version: i64,
    answers: &str,
    furthest_page: Option<i32>,
) -> Result<Option<i64>, StoreError> {
    let n = diesel::update(
        responses::table
            .find(case_id)
            .filter(responses::version.eq(expected_version)),
    )
    .set((
        responses::answers.eq(answers),
        responses::version.eq(expected_version + 1),
        responses::furthest_page.eq(furthest_page),
        responses::updated_at_ms.eq(now_ms()),
    ))
    .execute(conn)?;
    Ok((n == 1).then_some(expected_version + 1))
}

pub fn set_language(
    conn: &mut AnyConnection,
    case_id: i64,
    language: &str,
) -> Result<(), StoreError> {
    diesel::update(responses::table.find(case_id))
        .set(responses::language.eq(language))
        .execute(conn)?;
    Ok(())
}

/// Marks the response submitted if it is still at `expected_version`.
pub fn mark_submitted(
    conn: &mut AnyConnection,
    case_id: i64,
    expected_version: i64,
) -> Result<bool, StoreError> {
    let now = now_ms();
    let n = diesel::update(
        responses::table
            .find(case_id)
            .filter(responses::version.eq(expected_version))
            .filter(responses::submitted_at_ms.is_null()),
    )
    .set((
        responses::submitted_at_ms.eq(now),
        responses::version.eq(expected_version + 1),
        responses::updated_at_ms.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
