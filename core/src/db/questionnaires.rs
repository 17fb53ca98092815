//! Stored questionnaire versions. A row is written once and never updated: responses name the
//! version they were answered on.

use super::schema::questionnaires;
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;

/// A questionnaire version as stored: the compiled form as JSON text.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = questionnaires)]
pub struct StoredQuestionnaire {
    pub id: i64,
    pub form_id: String,
    pub version: String,
    pub title: String,
    pub compiled: String,
    pub source_sha256: String,
    pub created_at_ms: i64,
}

#[derive(Insertable)]
#[diesel(table_name = questionnaires)]
struct NewQuestionnaire<'a> {
    form_id: &'a str,
    version: &'a str,
    title: &'a str,
    compiled: &'a str,
    source_sha256: &'a str,
    created_at_ms: i64,
}

/// Stores a compiled form (`compiled` is its JSON) and returns the new id.
pub fn insert(
    conn: &mut AnyConnection,
    form_id: &str,
    version: &str,
    title: &str,
    compiled: &str,
    source_sha256: &str,
) -> Result<i64, StoreError> {
    let id = diesel::insert_into(questionnaires::table)
        .values(NewQuestionnaire {
            form_id,
            version,
            title,
            compiled,
            source_sha256,
            created_at_ms: now_ms(),
        })
        .returning(questionnaires::id)
        .get_result(conn)?;
    Ok(id)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<StoredQuestionnaire>, StoreError> {
    Ok(questionnaires::table
        .find(id)
        .select(StoredQuestionnaire::as_select())
        .first(conn)
        .optional()?)
}
