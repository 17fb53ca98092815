//! The one write of a page save: the answers (only if the response is still at the version the
//! client read), the case moved to "started" with its disposition (only if it has not ended),
//! and the paradata event — all or nothing. On PostgreSQL this is one statement with
//! data-modifying CTEs, prepared once per connection: one round trip instead of six (BEGIN,
//! three writes, COMMIT and the read before). On SQLite it is the same three writes in a
//! `BEGIN IMMEDIATE` transaction (an in-process call costs no round trip).

use super::cases::{self, CaseState};
use super::events::{self, EventKind};
use super::{now_ms, responses, write_tx, AnyConnection, StoreError};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

/// What a page save writes.
#[derive(Debug, Clone)]
pub struct PageSaveWrite<'a> {
    pub case_id: i64,
    /// The response version the new answers are based on.
    pub expected_version: i64,
    /// Every answer of the case, as JSON.
    pub answers: &'a str,
    pub furthest_page: Option<i32>,
    pub disposition: &'a str,
    pub page: &'a str,
    pub language: &'a str,
}

/// How the write went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSaveOutcome {
    Saved {
        version: i64,
    },
    /// Another save came first (or the response was submitted): nothing written.
    Stale,
    /// The case was submitted or declined meanwhile: nothing written.
    CaseEnded,
}

pub fn write_page_save(
    conn: &mut AnyConnection,
    save: &PageSaveWrite<'_>,
) -> Result<PageSaveOutcome, StoreError> {
    let now = now_ms();
    match conn {
        AnyConnection::Postgresql(pg) => {
            let (open, version) = PgPageSave { save, now }.get_result::<(i64, Option<i64>)>(pg)?;
            Ok(match (open, version) {
                (0, _) => PageSaveOutcome::CaseEnded,
                (_, None) => PageSaveOutcome::Stale,
                (_, Some(version)) => PageSaveOutcome::Saved { version },
            })
        }
        AnyConnection::Sqlite(_) => sqlite_page_save(conn, save),
    }
}

/// Why the SQLite transaction was rolled back.
enum Abort {
    Outcome(PageSaveOutcome),
    Store(StoreError),
}

impl From<diesel::result::Error> for Abort {
    fn from(e: diesel::result::Error) -> Self {
        Abort::Store(StoreError::Query(e))
    }
}

impl From<StoreError> for Abort {
    fn from(e: StoreError) -> Self {
        Abort::Store(e)
    }
}

fn sqlite_page_save(
    conn: &mut AnyConnection,
    save: &PageSaveWrite<'_>,
) -> Result<PageSaveOutcome, StoreError> {
    let result = write_tx(conn, |c| {
        let version = responses::save_answers(
            c,
            save.case_id,
            save.expected_version,
            save.answers,
            save.furthest_page,
        )?
        .ok_or(Abort::Outcome(PageSaveOutcome::Stale))?;
        if !cases::transition(
            c,
            save.case_id,
            &CaseState::OPEN,
            CaseState::Started,
            save.disposition,
        )? {
            return Err(Abort::Outcome(PageSaveOutcome::CaseEnded));
        }
        events::record(
            c,
            save.case_id,
            EventKind::Save,
            Some(save.page),
            Some(save.language),
        )?;
        Ok(PageSaveOutcome::Saved { version })
    });
    match result {
        Ok(outcome) | Err(Abort::Outcome(outcome)) => Ok(outcome),
        Err(Abort::Store(e)) => Err(e),
    }
}

/// The PostgreSQL statement. Its id is static, so diesel prepares it once per connection.
struct PgPageSave<'a> {
    save: &'a PageSaveWrite<'a>,
    now: i64,
}

/// The static query id of [`PgPageSave`].
struct PgPageSaveId;

impl QueryId for PgPageSave<'_> {
    type QueryId = PgPageSaveId;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for PgPageSave<'_> {
    type SqlType = (BigInt, Nullable<BigInt>);
}

impl RunQueryDsl<diesel::PgConnection> for PgPageSave<'_> {}

impl QueryFragment<Pg> for PgPageSave<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let s = self.save;
        // The case row is locked first and must still be open: a decline or submit that
        // commits meanwhile makes this save write nothing, and one that comes later waits.
        out.push_sql("WITH open AS MATERIALIZED (SELECT id FROM cases WHERE id = ");
        out.push_bind_param::<BigInt, i64>(&s.case_id)?;
        out.push_sql(" AND state IN (");
        for (i, state) in CaseState::OPEN.iter().enumerate() {
            if i > 0 {
                out.push_sql(", ");
            }
            out.push_bind_param::<Text, str>(state.as_str())?;
        }
        out.push_sql(") FOR UPDATE), ");
        out.push_sql("saved AS (UPDATE responses SET answers = ");
        out.push_bind_param::<Text, str>(s.answers)?;
        out.push_sql(", version = version + 1, furthest_page = ");
        out.push_bind_param::<Nullable<Integer>, Option<i32>>(&s.furthest_page)?;
        out.push_sql(", updated_at_ms = ");
        out.push_bind_param::<BigInt, i64>(&self.now)?;
        out.push_sql(" WHERE case_id = ");
        out.push_bind_param::<BigInt, i64>(&s.case_id)?;
        out.push_sql(" AND version = ");
        out.push_bind_param::<BigInt, i64>(&s.expected_version)?;
        out.push_sql(
            " AND submitted_at_ms IS NULL AND EXISTS (SELECT 1 FROM open) RETURNING version), ",
        );
        out.push_sql("moved AS (UPDATE cases SET state = ");
        out.push_bind_param::<Text, str>(CaseState::Started.as_str())?;
        out.push_sql(", disposition = ");
        out.push_bind_param::<Text, str>(s.disposition)?;
        out.push_sql(", updated_at_ms = ");
        out.push_bind_param::<BigInt, i64>(&self.now)?;
        out.push_sql(" WHERE id IN (SELECT id FROM open) AND EXISTS (SELECT 1 FROM saved) ");
        out.push_sql("RETURNING id), ");
        out.push_sql(
            "logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) SELECT id, ",
        );
        out.push_bind_param::<Text, str>(EventKind::Save.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(s.page)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(s.language)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&self.now)?;
        out.push_sql(" FROM moved RETURNING id) ");
        out.push_sql("SELECT (SELECT count(*) FROM open), (SELECT version FROM saved)");
        Ok(())
    }
}
