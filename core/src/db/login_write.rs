//! The write of a first login: the case's empty response created, the case moved from "new"
//! to "opened" with its disposition, and the login event — all or nothing. On PostgreSQL this
//! is one statement with data-modifying CTEs, prepared once per connection (one round trip
//! instead of six: BEGIN, insert, read back, update, insert, COMMIT); on SQLite the same writes
//! in a `BEGIN IMMEDIATE` transaction. A later login writes only its event.

use super::cases::{self, CaseState};
use super::events::{self, EventKind};
use super::responses::{self, ResponseRow};
use super::{now_ms, write_tx, AnyConnection, StoreError};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::sql_types::{BigInt, Text};

/// What a first login writes.
#[derive(Debug, Clone)]
pub struct FirstLogin<'a> {
    pub case_id: i64,
    pub questionnaire_id: i64,
    /// The language the response starts in.
    pub language: &'a str,
    /// The disposition of a case whose person has logged in.
    pub disposition: &'a str,
}

/// Records a first login and returns the case's response: the new empty one, or the one
/// another request created meanwhile.
pub fn record_first_login(
    conn: &mut AnyConnection,
    login: &FirstLogin<'_>,
) -> Result<ResponseRow, StoreError> {
    let now = now_ms();
    let pg = match conn {
        AnyConnection::Postgresql(pg) => pg,
        AnyConnection::Sqlite(_) => {
            return write_tx(conn, |c| {
                let id = login.case_id;
                let response = responses::create(c, id, login.questionnaire_id, login.language)?;
                let from = [CaseState::New];
                cases::transition(c, id, &from, CaseState::Opened, login.disposition)?;
                events::record(c, id, EventKind::Login, None, Some(login.language))?;
                Ok(response)
            })
        }
    };
    let created = PgFirstLogin { login, now }.get_result::<i64>(pg)?;
    if created == 1 {
        return Ok(ResponseRow {
            case_id: login.case_id,
            questionnaire_id: login.questionnaire_id,
            answers: responses::EMPTY_ANSWERS.to_string(),
            version: 0,
            furthest_page: None,
            language: login.language.to_string(),
            started_at_ms: now,
            updated_at_ms: now,
            submitted_at_ms: None,
        });
    }
    responses::find(conn, login.case_id)?
        .ok_or_else(|| StoreError::Corrupt(format!("response of case {} vanished", login.case_id)))
}

/// The PostgreSQL statement; its id is static, so diesel prepares it once per connection.
struct PgFirstLogin<'a> {
    login: &'a FirstLogin<'a>,
    now: i64,
}

prepared_pg_statement!(PgFirstLogin, PgFirstLoginId, BigInt);

impl QueryFragment<Pg> for PgFirstLogin<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let l = self.login;
        let now = &self.now;
        // Each data-modifying CTE runs once whether or not the final SELECT reads it.
        out.push_sql("WITH created AS (INSERT INTO responses (case_id, questionnaire_id, answers, version, language, started_at_ms, updated_at_ms) VALUES (");
        out.push_bind_param::<BigInt, i64>(&l.case_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&l.questionnaire_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(responses::EMPTY_ANSWERS)?;
        out.push_sql(", 0, ");
        out.push_bind_param::<Text, str>(l.language)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(now)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(now)?;
        out.push_sql(") ON CONFLICT (case_id) DO NOTHING RETURNING case_id), ");
        out.push_sql("moved AS (UPDATE cases SET state = ");
        out.push_bind_param::<Text, str>(CaseState::Opened.as_str())?;
        out.push_sql(", disposition = ");
        out.push_bind_param::<Text, str>(l.disposition)?;
        out.push_sql(", updated_at_ms = ");
        out.push_bind_param::<BigInt, i64>(now)?;
        out.push_sql(" WHERE id = ");
        out.push_bind_param::<BigInt, i64>(&l.case_id)?;
        out.push_sql(" AND state = ");
        out.push_bind_param::<Text, str>(CaseState::New.as_str())?;
        out.push_sql(" RETURNING id), ");
        out.push_sql(
            "logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) VALUES (",
        );
        out.push_bind_param::<BigInt, i64>(&l.case_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(EventKind::Login.as_str())?;
        out.push_sql(", NULL, ");
        out.push_bind_param::<Text, str>(l.language)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(now)?;
        out.push_sql(") RETURNING id) ");
        out.push_sql("SELECT count(*) FROM created");
        Ok(())
    }
}
