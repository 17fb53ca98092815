//! Finding the case a code opens, at login. On PostgreSQL the same statement also records the
//! login of a case that is answering (opened or started, with its response, in a fielding
//! survey): a repeat login is then one round trip instead of two. The statement records nothing
//! for any other case; the caller records the login itself when [`FoundByCode::login_recorded`]
//! is false (SQLite always, a first login, or a case the statement's guard leaves out), so the
//! guard may only be narrower than the caller's own checks, never wider.

use super::cases::{self, CaseKey, CaseRow, CaseState, CaseWithSurvey};
use super::events::EventKind;
use super::responses::ResponseRow;
use super::surveys::SurveyState;
use super::{now_ms, AnyConnection, StoreError};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::sql_types::{BigInt, Double, Integer, Nullable, Text};

/// The case a code opened, and whether its login is already recorded.
#[derive(Debug, Clone)]
pub struct FoundByCode {
    pub found: CaseWithSurvey,
    pub login_recorded: bool,
}

/// The case whose code has the keyed hash `hash`, with its survey and response (see
/// [`cases::find_with_survey`]); on PostgreSQL with a repeat login recorded.
pub fn find_by_code(
    conn: &mut AnyConnection,
    hash: &str,
) -> Result<Option<FoundByCode>, StoreError> {
    let pg = match conn {
        AnyConnection::Postgresql(pg) => pg,
        AnyConnection::Sqlite(_) => {
            let found = cases::find_with_survey(conn, CaseKey::CodeHash(hash))?;
            return Ok(found.map(|found| FoundByCode {
                found,
                login_recorded: false,
            }));
        }
    };
    let row = PgFindByCode {
        hash,
        now: now_ms(),
    }
    .get_result::<Row>(pg)
    .optional()?;
    Ok(row.map(
        |(case, survey_state, questionnaire_id, thresholds, response, recorded)| FoundByCode {
            found: CaseWithSurvey::new(case, survey_state, questionnaire_id, thresholds, response),
            login_recorded: recorded > 0,
        },
    ))
}

type CaseColumns = (
    BigInt,
    BigInt,
    BigInt,
    Text,
    Double,
    Nullable<Text>,
    Text,
    Text,
    Text,
    BigInt,
    BigInt,
);
type ResponseColumns = (
    BigInt,
    BigInt,
    Text,
    BigInt,
    Nullable<Integer>,
    Text,
    BigInt,
    BigInt,
    Nullable<BigInt>,
);
type Row = (
    CaseRow,
    String,
    Option<i64>,
    (i32, i32),
    Option<ResponseRow>,
    i64,
);

/// The PostgreSQL statement; its id is static, so diesel prepares it once per connection.
struct PgFindByCode<'a> {
    hash: &'a str,
    now: i64,
}

prepared_pg_statement!(
    PgFindByCode,
    PgFindByCodeId,
    (
        CaseColumns,
        Text,
        Nullable<BigInt>,
        (Integer, Integer),
        Nullable<ResponseColumns>,
        BigInt
    )
);

impl QueryFragment<Pg> for PgFindByCode<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // The columns in the order of `CaseRow`, the survey's four, then `ResponseRow`'s.
        out.push_sql(
            "WITH found AS MATERIALIZED (SELECT c.id, c.survey_id, c.stratum_id, c.person_id, \
             c.design_weight, c.language, c.auxiliaries, c.state, c.disposition, \
             c.created_at_ms, c.updated_at_ms, s.state AS survey_state, \
             s.questionnaire_id AS survey_questionnaire_id, s.complete_threshold, \
             s.partial_threshold, r.case_id AS r_case_id, \
             r.questionnaire_id AS r_questionnaire_id, r.answers, r.version, r.furthest_page, \
             r.language AS r_language, r.started_at_ms AS r_started_at_ms, \
             r.updated_at_ms AS r_updated_at_ms, r.submitted_at_ms \
             FROM cases c JOIN surveys s ON s.id = c.survey_id \
             LEFT JOIN responses r ON r.case_id = c.id \
             WHERE c.id IN (SELECT case_id FROM access_codes WHERE code_hash = ",
        );
        out.push_bind_param::<Text, str>(self.hash)?;
        out.push_sql(") LIMIT 1), ");
        out.push_sql(
            "logged AS (INSERT INTO events (case_id, kind, page, language, at_ms) \
             SELECT id, ",
        );
        out.push_bind_param::<Text, str>(EventKind::Login.as_str())?;
        out.push_sql(", NULL, r_language, ");
        out.push_bind_param::<BigInt, i64>(&self.now)?;
        out.push_sql(" FROM found WHERE survey_state = ");
        out.push_bind_param::<Text, str>(SurveyState::Fielding.as_str())?;
        out.push_sql(" AND survey_questionnaire_id IS NOT NULL AND state IN (");
        out.push_bind_param::<Text, str>(CaseState::Opened.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(CaseState::Started.as_str())?;
        out.push_sql(") AND r_case_id IS NOT NULL RETURNING id) ");
        out.push_sql("SELECT found.*, (SELECT count(*) FROM logged) FROM found");
        Ok(())
    }
}
