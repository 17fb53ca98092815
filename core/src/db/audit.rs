//! The audit log: every change a field manager makes (who, when, what, on which target), written
//! in the transaction of the change. Ids and states only; never personal data in clear, so
//! `detail` holds a small JSON object of ids, roles and states.

use super::schema::audit_log;
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub at_ms: i64,
    /// `None` for changes made on the command line.
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub detail: String,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewAuditRow<'a> {
    at_ms: i64,
    actor_user_id: Option<i64>,
    action: &'a str,
    target_kind: &'a str,
    target_id: Option<i64>,
    detail: &'a str,
}

/// Records one change, e.g. `record(conn, Some(7), "grant.add", "survey", Some(3),
/// &json!({"user_id": 9}))`. Call it in the transaction that makes the change.
pub fn record(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    action: &str,
    target_kind: &str,
    target_id: Option<i64>,
    detail: &serde_json::Value,
) -> Result<i64, StoreError> {
    let detail = detail.to_string();
    Ok(diesel::insert_into(audit_log::table)
        .values(NewAuditRow {
            at_ms: now_ms(),
            actor_user_id: actor,
            action,
            target_kind,
            target_id,
            detail: &detail,
        })
        .returning(audit_log::id)
        .get_result(conn)?)
}

/// Up to `limit` entries, newest first, older than the entry `before` when given.
pub fn list(
    conn: &mut AnyConnection,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    Ok(audit_log::table
        .filter(audit_log::id.lt(before.unwrap_or(i64::MAX)))
        .order(audit_log::id.desc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?)
}
