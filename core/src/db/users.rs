//! Field managers' accounts: e-mail (lower-cased, unique), argon2id PHC hash, role, and the
//! token version that revokes every token issued before it was raised.

use super::schema::users;
use super::{audit, now_ms, write_tx, AnyConnection, StoreError};
use crate::accounts::{Email, Role};
use diesel::prelude::*;

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub token_version: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

impl UserRow {
    pub fn role(&self) -> Result<Role, StoreError> {
        self.role
            .parse()
            .map_err(|e: crate::accounts::UnknownRole| StoreError::Corrupt(e.to_string()))
    }
}

/// Only the id and role: the e-mail address and the hash stay out of logs.
impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UserRow({}, {})", self.id, self.role)
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct NewUser<'a> {
    email: &'a str,
    password_hash: &'a str,
    role: &'a str,
    token_version: i64,
    created_at_ms: i64,
    updated_at_ms: i64,
}

/// Creates an account; `Ok(None)` if the address has one already. Call inside a write
/// transaction, so that the check and the insert are one step.
pub fn insert(
    conn: &mut AnyConnection,
    email: &Email,
    password_hash: &str,
    role: Role,
) -> Result<Option<i64>, StoreError> {
    if find_by_email(conn, email)?.is_some() {
        return Ok(None);
    }
    let now = now_ms();
    let inserted = diesel::insert_into(users::table)
        .values(NewUser {
            email: email.as_str(),
            password_hash,
            role: role.as_str(),
            token_version: 0,
            created_at_ms: now,
            updated_at_ms: now,
        })
        .returning(users::id)
        .get_result(conn);
    match inserted {
        Ok(id) => Ok(Some(id)),
        // Another writer took the address between the check and the insert (PostgreSQL).
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Creates an account and records it in the audit log (`actor` `None`: the command line), in
/// one write transaction; `Ok(None)` if the address has an account already.
pub fn create(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    email: &Email,
    password_hash: &str,
    role: Role,
) -> Result<Option<i64>, StoreError> {
    write_tx(conn, |c| {
        let Some(id) = insert(c, email, password_hash, role)? else {
            return Ok(None);
        };
        let detail = serde_json::json!({ "role": role.as_str() });
        audit::record(c, actor, "user.create", "user", Some(id), &detail)?;
        Ok(Some(id))
    })
}

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<UserRow>, StoreError> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_email(
    conn: &mut AnyConnection,
    email: &Email,
) -> Result<Option<UserRow>, StoreError> {
    Ok(users::table
        .filter(users::email.eq(email.as_str()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether storing a new hash revokes the tokens issued before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashChange {
    /// The same password re-hashed with stronger parameters: tokens stay valid.
    Rehash,
    /// A new password: every token issued before is revoked.
    NewPassword,
}

/// Stores a new password hash for the user.
pub fn set_password_hash(
    conn: &mut AnyConnection,
    id: i64,
    password_hash: &str,
    change: HashChange,
) -> Result<(), StoreError> {
    let bump = i64::from(change == HashChange::NewPassword);
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::token_version.eq(users::token_version + bump),
            users::updated_at_ms.eq(now_ms()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Revokes every token issued to the user so far (logout).
pub fn revoke_tokens(conn: &mut AnyConnection, id: i64) -> Result<(), StoreError> {
    diesel::update(users::table.find(id))
        .set((
            users::token_version.eq(users::token_version + 1),
            users::updated_at_ms.eq(now_ms()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` accounts with ids above `after`, by id.
pub fn list(
    conn: &mut AnyConnection,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<UserRow>, StoreError> {
    Ok(users::table
        .filter(users::id.gt(after.unwrap_or(0)))
        .order(users::id.asc())
        .limit(limit)
        .select(UserRow::as_select())
        .load(conn)?)
}
