//! The one write of a page save or a submit: the response changed (only if it is still at the
//! version the client read and not submitted), the case moved with its disposition (only if it
//! has not ended), and the paradata event — all or nothing; a submit also cancels the case's
//! pending contacts. On PostgreSQL this is one statement
//! with data-modifying CTEs, prepared once per connection: one round trip instead of five
//! (BEGIN, three writes, COMMIT). On SQLite it is the same three writes in a `BEGIN IMMEDIATE`
//! transaction (an in-process call costs no round trip).

use super::cases::{self, CaseState};
use super::events::{self, EventKind};
use super::surveys::SurveyState;
use super::{contact_attempts, now_ms, responses, write_tx, AnyConnection, StoreError};
use crate::contact::Stops;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Integer, Nullable, Text};
use std::marker::PhantomData;

/// How the response changes.
#[derive(Debug, Clone, Copy)]
pub enum ResponseChange<'a> {
    /// A page save: every answer of the case (as JSON), the furthest page and the page saved.
    Answers {
        answers: &'a str,
        furthest_page: Option<i32>,
        page: &'a str,
    },
    /// The final submit.
    Submit,
}

impl ResponseChange<'_> {
    fn case_state(&self) -> CaseState {
        match self {
            ResponseChange::Answers { .. } => CaseState::Started,
            ResponseChange::Submit => CaseState::Submitted,
        }
    }

    fn event(&self) -> (EventKind, Option<&str>) {
        match self {
            ResponseChange::Answers { page, .. } => (EventKind::Save, Some(page)),
            ResponseChange::Submit => (EventKind::Submit, None),
        }
    }
}

/// What a page save or submit writes.
#[derive(Debug, Clone)]
pub struct ResponseWrite<'a> {
    pub case_id: i64,
    /// The response version the change is based on.
    pub expected_version: i64,
    pub change: ResponseChange<'a>,
    pub disposition: &'a str,
    pub language: &'a str,
}

/// How the write went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written {
        version: i64,
    },
    /// Another save came first (or the response was submitted): nothing written.
    Stale,
    /// The case was submitted or declined meanwhile: nothing written.
    CaseEnded,
}

pub fn write_response(
    conn: &mut AnyConnection,
    write: &ResponseWrite<'_>,
) -> Result<WriteOutcome, StoreError> {
    let now = now_ms();
    match conn {
        AnyConnection::Postgresql(pg) => {
            let (open, version) = match write.change {
                ResponseChange::Answers { .. } => PgResponseWrite::<SaveAnswersId>::new(write, now)
                    .get_result::<(i64, Option<i64>)>(pg)?,
                ResponseChange::Submit => {
                    PgResponseWrite::<SubmitId>::new(write, now).get_result(pg)?
                }
            };
            Ok(match (open, version) {
                (0, _) => WriteOutcome::CaseEnded,
                (_, None) => WriteOutcome::Stale,
                (_, Some(version)) => WriteOutcome::Written { version },
            })
        }
        AnyConnection::Sqlite(_) => sqlite_response_write(conn, write, now),
    }
}

/// Why the SQLite transaction was rolled back.
enum Abort {
    Outcome(WriteOutcome),
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

fn sqlite_response_write(
    conn: &mut AnyConnection,
    write: &ResponseWrite<'_>,
    now: i64,
) -> Result<WriteOutcome, StoreError> {
    let result = write_tx(conn, |c| {
        let id = write.case_id;
        // The case first, as on PostgreSQL: an ended case says so even if its response is
        // also past the version read.
        let state = write.change.case_state();
        if !cases::transition(c, id, &CaseState::OPEN, state, write.disposition)? {
            return Err(Abort::Outcome(WriteOutcome::CaseEnded));
        }
        let written = match write.change {
            ResponseChange::Answers {
                answers,
                furthest_page,
                ..
            } => responses::save_answers(c, id, write.expected_version, answers, furthest_page)?,
            ResponseChange::Submit => responses::mark_submitted(c, id, write.expected_version)?
                .then_some(write.expected_version + 1),
        };
        let version = written.ok_or(Abort::Outcome(WriteOutcome::Stale))?;
        if let ResponseChange::Submit = write.change {
            contact_attempts::cancel_for_case(c, id, Stops::Everything, now)?;
        }
        let (kind, page) = write.change.event();
        events::record(c, id, kind, page, Some(write.language))?;
        Ok(WriteOutcome::Written { version })
    });
    match result {
        Ok(outcome) | Err(Abort::Outcome(outcome)) => Ok(outcome),
        Err(Abort::Store(e)) => Err(e),
    }
}

/// The PostgreSQL statement. Its SQL depends only on the kind of change, and so does its
/// static query id `K`: diesel prepares each kind once per connection.
struct PgResponseWrite<'a, K> {
    write: &'a ResponseWrite<'a>,
    now: i64,
    kind: PhantomData<K>,
}

impl<'a, K> PgResponseWrite<'a, K> {
    fn new(write: &'a ResponseWrite<'a>, now: i64) -> Self {
        PgResponseWrite {
            write,
            now,
            kind: PhantomData,
        }
    }
}

/// The static query id of a page save.
struct SaveAnswersId;
/// The static query id of a submit.
struct SubmitId;

impl<K: 'static> QueryId for PgResponseWrite<'_, K> {
    type QueryId = K;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<K> Query for PgResponseWrite<'_, K> {
    type SqlType = (BigInt, Nullable<BigInt>);
}

impl<K> RunQueryDsl<diesel::PgConnection> for PgResponseWrite<'_, K> {}

impl<K> QueryFragment<Pg> for PgResponseWrite<'_, K> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let w = self.write;
        // The case row is locked first and must still be open, in a survey still fielding: a
        // decline or submit that commits meanwhile makes this write nothing, and one that
        // comes later waits.
        out.push_sql("WITH open AS MATERIALIZED (SELECT id FROM cases WHERE id = ");
        out.push_bind_param::<BigInt, i64>(&w.case_id)?;
        out.push_sql(" AND state IN (");
        for (i, state) in CaseState::OPEN.iter().enumerate() {
            if i > 0 {
                out.push_sql(", ");
            }
            out.push_bind_param::<Text, str>(state.as_str())?;
        }
        out.push_sql(") AND survey_id IN (SELECT id FROM surveys WHERE state = ");
        out.push_bind_param::<Text, str>(SurveyState::Fielding.as_str())?;
        out.push_sql(") FOR UPDATE), ");
        out.push_sql("saved AS (UPDATE responses SET ");
        match &w.change {
            ResponseChange::Answers {
                answers,
                furthest_page,
                ..
            } => {
                out.push_sql("answers = ");
                out.push_bind_param::<Text, str>(answers)?;
                out.push_sql(", furthest_page = ");
                out.push_bind_param::<Nullable<Integer>, Option<i32>>(furthest_page)?;
            }
            ResponseChange::Submit => {
                out.push_sql("submitted_at_ms = ");
                out.push_bind_param::<BigInt, i64>(&self.now)?;
            }
        }
        out.push_sql(", version = version + 1, updated_at_ms = ");
        out.push_bind_param::<BigInt, i64>(&self.now)?;
        out.push_sql(" WHERE case_id = ");
        out.push_bind_param::<BigInt, i64>(&w.case_id)?;
        out.push_sql(" AND version = ");
        out.push_bind_param::<BigInt, i64>(&w.expected_version)?;
        out.push_sql(
            " AND submitted_at_ms IS NULL AND EXISTS (SELECT 1 FROM open) RETURNING version), ",
        );
        out.push_sql("moved AS (UPDATE cases SET state = ");
        out.push_bind_param::<Text, str>(w.change.case_state().as_str())?;
        out.push_sql(", disposition = ");
        out.push_bind_param::<Text, str>(w.disposition)?;
        out.push_sql(", updated_at_ms = ");
        out.push_bind_param::<BigInt, i64>(&self.now)?;
        out.push_sql(" WHERE id IN (SELECT id FROM open) AND EXISTS (SELECT 1 FROM saved) ");
        out.push_sql("RETURNING id), ");
        if let ResponseChange::Submit = w.change {
            // Nobody who has answered is contacted again: what is pending is cancelled with
            // the submit.
            out.push_sql("cancelled AS (UPDATE contact_attempts SET state = 'cancelled', ");
            out.push_sql("updated_at_ms = ");
            out.push_bind_param::<BigInt, i64>(&self.now)?;
            out.push_sql(" WHERE case_id IN (SELECT id FROM moved) AND state = 'pending' ");
            out.push_sql("RETURNING 1), ");
        }
        out.push_sql(
            "logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) SELECT id, ",
        );
        let (kind, page) = w.change.event();
        out.push_bind_param::<Text, str>(kind.as_str())?;
        out.push_sql(", ");
        match page {
            Some(page) => out.push_bind_param::<Text, str>(page)?,
            None => out.push_sql("NULL"),
        }
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(w.language)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&self.now)?;
        out.push_sql(" FROM moved RETURNING id) ");
        out.push_sql("SELECT (SELECT count(*) FROM open), (SELECT version FROM saved)");
        Ok(())
    }
}
