//! Which surveys are granted to which managers and viewers (admins need no grant).

use super::schema::{survey_grants, users};
use super::users::UserRow;
use super::{now_ms, AnyConnection, StoreError};
use crate::with_conn;
use diesel::prelude::*;

/// Grants `survey_id` to `user_id`; `true` if it was not granted before.
pub fn grant(conn: &mut AnyConnection, user_id: i64, survey_id: i64) -> Result<bool, StoreError> {
    let inserted = with_conn!(conn, |c| diesel::insert_into(survey_grants::table)
        .values((
            survey_grants::user_id.eq(user_id),
            survey_grants::survey_id.eq(survey_id),
            survey_grants::granted_at_ms.eq(now_ms()),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted > 0)
}

/// Withdraws a grant; `true` if there was one.
pub fn revoke(conn: &mut AnyConnection, user_id: i64, survey_id: i64) -> Result<bool, StoreError> {
    let deleted = diesel::delete(survey_grants::table.find((user_id, survey_id))).execute(conn)?;
    Ok(deleted > 0)
}

pub fn is_granted(
    conn: &mut AnyConnection,
    user_id: i64,
    survey_id: i64,
) -> Result<bool, StoreError> {
    let n: i64 = survey_grants::table
        .find((user_id, survey_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The surveys granted to a user, by id.
pub fn surveys_of(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(survey_grants::table
        .filter(survey_grants::user_id.eq(user_id))
        .order(survey_grants::survey_id.asc())
        .select(survey_grants::survey_id)
        .load(conn)?)
}

/// The users a survey is granted to, with the time of the grant, by user id.
pub fn users_of(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<Vec<(UserRow, i64)>, StoreError> {
    Ok(survey_grants::table
        .inner_join(users::table)
        .filter(survey_grants::survey_id.eq(survey_id))
        .order(users::id.asc())
        .select((UserRow::as_select(), survey_grants::granted_at_ms))
        .load(conn)?)
}
