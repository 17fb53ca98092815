//! Reading the monitoring counters (migration 000006). Triggers on `cases` write them in the
//! transaction of every change to a case; nothing in Rust writes them but the fold. A survey's
//! statistics read the stratum rows and, when grouped by an auxiliary, that variable's rows:
//! as many rows as strata × categories × codes, never one per case.
//!
//! On PostgreSQL a save appends its change to `monitoring_changes` (a row per case for the
//! keys it left and one for those it entered) rather than updating the counters every
//! concurrent save shares; readers take both in one statement, so a change counts from its
//! commit, and [`fold`] moves the changes into the counters.

use super::schema::{monitoring_counts, strata};
use super::{AnyConnection, StoreError};
use crate::monitoring::{CounterRow, StratumInfo};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text};
use serde_json::{Map, Value};

/// A counter, or (`pending` = 1) a change not yet folded, whose `category` then holds the
/// case's auxiliaries as JSON.
#[derive(QueryableByName)]
struct Stored {
    #[diesel(sql_type = BigInt)]
    pending: i64,
    #[diesel(sql_type = BigInt)]
    stratum_id: i64,
    #[diesel(sql_type = Text)]
    variable: String,
    #[diesel(sql_type = Text)]
    category: String,
    #[diesel(sql_type = Text)]
    disposition: String,
    #[diesel(sql_type = Text)]
    manual_code: String,
    #[diesel(sql_type = BigInt)]
    cases: i64,
    #[diesel(sql_type = Double)]
    weight: f64,
}

impl Stored {
    fn row(&self, variable: &str, category: &str) -> CounterRow {
        CounterRow {
            stratum_id: self.stratum_id,
            variable: variable.to_string(),
            category: category.to_string(),
            disposition: self.disposition.clone(),
            manual_code: self.manual_code.clone(),
            cases: self.cases,
            weight: self.weight,
        }
    }

    /// A pending change as the counter rows it stands for: the stratum's, and `variable`'s
    /// if the case has a value for it.
    fn expand(&self, variable: &str, out: &mut Vec<CounterRow>) -> Result<(), StoreError> {
        out.push(self.row("", ""));
        if variable.is_empty() {
            return Ok(());
        }
        let auxiliaries: Map<String, Value> = serde_json::from_str(&self.category)
            .map_err(|e| StoreError::Corrupt(format!("auxiliaries: {e}")))?;
        match auxiliaries.get(variable) {
            Some(Value::String(category)) => out.push(self.row(variable, category)),
            Some(Value::Null) | None => {}
            Some(other) => out.push(self.row(variable, &other.to_string())),
        }
        Ok(())
    }
}

/// The stratum rows of survey `survey_id` and, unless `variable` is empty, that variable's,
/// pending changes included.
pub fn of_survey(
    conn: &mut AnyConnection,
    survey_id: i64,
    variable: &str,
) -> Result<Vec<CounterRow>, StoreError> {
    let sql = format!(
        "SELECT CAST(0 AS BIGINT) AS pending, stratum_id, variable, category, disposition, manual_code, cases, \
         weight FROM monitoring_counts WHERE survey_id = {survey_id} AND variable IN ('', $1) \
         AND cases <> 0 \
         UNION ALL SELECT CAST(1 AS BIGINT), stratum_id, '', auxiliaries, disposition, manual_code, cases, \
         weight FROM monitoring_changes WHERE survey_id = {survey_id}"
    );
    let stored: Vec<Stored> = diesel::sql_query(sql)
        .bind::<Text, _>(variable)
        .load(conn)?;
    let mut rows = Vec::with_capacity(stored.len());
    for s in &stored {
        if s.pending == 0 {
            rows.push(s.row(&s.variable, &s.category));
        } else {
            s.expand(variable, &mut rows)?;
        }
    }
    Ok(rows)
}

#[derive(QueryableByName)]
struct Folded {
    #[diesel(sql_type = BigInt)]
    moved: i64,
}

/// Moves the pending changes of survey `survey_id` (of every survey when `None`) into the
/// counters; returns how many were moved. SQLite's triggers update the counters directly.
pub fn fold(conn: &mut AnyConnection, survey_id: Option<i64>) -> Result<i64, StoreError> {
    match conn {
        AnyConnection::Postgresql(pg) => {
            Ok(diesel::sql_query("SELECT monitoring_fold($1) AS moved")
                .bind::<Nullable<BigInt>, _>(survey_id)
                .get_result::<Folded>(pg)?
                .moved)
        }
        AnyConnection::Sqlite(_) => Ok(0),
    }
}

/// Gives the space of folded changes back for new ones (PostgreSQL; where autovacuum is
/// off, the table would otherwise grow with every change ever made).
pub fn vacuum_changes(conn: &mut AnyConnection) -> Result<(), StoreError> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("VACUUM monitoring_changes").execute(pg)?;
    }
    Ok(())
}

/// The auxiliary variables the cases of survey `survey_id` carry, by name (without the pairs
/// of them the import adds: `crate::monitoring::joint`).
pub fn variables_of_survey(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<Vec<String>, StoreError> {
    let mut names = counted_variables(conn, survey_id)?;
    names.retain(|name| !crate::monitoring::joint::is_pair(name));
    Ok(names)
}

/// Every variable survey `survey_id` has counters for, pairs included.
pub fn counted_variables(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<Vec<String>, StoreError> {
    Ok(monitoring_counts::table
        .filter(monitoring_counts::survey_id.eq(survey_id))
        .filter(monitoring_counts::variable.ne(""))
        .filter(monitoring_counts::cases.ne(0))
        .select(monitoring_counts::variable)
        .distinct()
        .order(monitoring_counts::variable.asc())
        .load(conn)?)
}

/// The strata of survey `survey_id` as the statistics name them, in id order.
pub fn strata_of_survey(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<Vec<StratumInfo>, StoreError> {
    let rows: Vec<(i64, String, String, Option<f64>)> = strata::table
        .filter(strata::survey_id.eq(survey_id))
        .order(strata::id.asc())
        .select((
            strata::id,
            strata::code,
            strata::label,
            strata::target_response_rate,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, code, label, target)| StratumInfo {
            id,
            code,
            label,
            target,
        })
        .collect())
}
