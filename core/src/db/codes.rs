//! Access-code hashes. Only HMAC-SHA256 of a code is stored (see `crate::code`); a case may
//! have several live codes, one per letter.

use super::schema::access_codes;
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;

#[derive(Insertable)]
#[diesel(table_name = access_codes)]
struct NewCode<'a> {
    case_id: i64,
    code_hash: &'a str,
    key_id: &'a str,
    created_at_ms: i64,
}

/// Stores a code hash for a case. `Ok(false)` if that hash exists already (the caller draws a
/// new code): the unique index decides, so two writers cannot both win.
pub fn insert(
    conn: &mut AnyConnection,
    case_id: i64,
    code_hash: &str,
    key_id: &str,
) -> Result<bool, StoreError> {
    let row = NewCode {
        case_id,
        code_hash,
        key_id,
        created_at_ms: now_ms(),
    };
    let n = crate::with_conn!(conn, |c| diesel::insert_into(access_codes::table)
        .values(&row)
        .on_conflict(access_codes::code_hash)
        .do_nothing()
        .execute(c))?;
    Ok(n == 1)
}

/// Stores the code hashes `rows` (case id, hash) in one statement; returns the hashes that went
/// in (a hash that exists already is left out: the caller draws a new code for its case).
pub fn insert_many(
    conn: &mut AnyConnection,
    rows: &[(i64, String)],
    key_id: &str,
) -> Result<Vec<String>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let now = now_ms();
    let rows: Vec<NewCode<'_>> = rows
        .iter()
        .map(|(case_id, code_hash)| NewCode {
            case_id: *case_id,
            code_hash,
            key_id,
            created_at_ms: now,
        })
        .collect();
    Ok(crate::with_conn!(conn, |c| diesel::insert_into(
        access_codes::table
    )
    .values(&rows)
    .on_conflict(access_codes::code_hash)
    .do_nothing()
    .returning(access_codes::code_hash)
    .get_results(c))?)
}

pub fn count_for_case(conn: &mut AnyConnection, case_id: i64) -> Result<i64, StoreError> {
    Ok(access_codes::table
        .filter(access_codes::case_id.eq(case_id))
        .count()
        .get_result(conn)?)
}
