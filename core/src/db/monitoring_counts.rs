//! Reading the monitoring counters (migration 000006). Triggers on `cases` write them in the
//! transaction of every change to a case; nothing in Rust writes them. A survey's statistics
//! read the stratum rows and, when grouped by an auxiliary, that variable's rows: as many rows
//! as strata × categories × codes, never one per case.

use super::schema::{monitoring_counts, strata};
use super::{AnyConnection, StoreError};
use crate::monitoring::{CounterRow, StratumInfo};
use diesel::prelude::*;

/// The stratum rows of survey `survey_id` and, unless `variable` is empty, that variable's.
pub fn of_survey(
    conn: &mut AnyConnection,
    survey_id: i64,
    variable: &str,
) -> Result<Vec<CounterRow>, StoreError> {
    let variables: Vec<&str> = if variable.is_empty() {
        vec![""]
    } else {
        vec!["", variable]
    };
    let rows: Vec<(i64, String, String, String, String, i64, f64)> = monitoring_counts::table
        .filter(monitoring_counts::survey_id.eq(survey_id))
        .filter(monitoring_counts::variable.eq_any(variables))
        .filter(monitoring_counts::cases.ne(0))
        .select((
            monitoring_counts::stratum_id,
            monitoring_counts::variable,
            monitoring_counts::category,
            monitoring_counts::disposition,
            monitoring_counts::manual_code,
            monitoring_counts::cases,
            monitoring_counts::weight,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(stratum_id, variable, category, disposition, manual_code, cases, weight)| {
                CounterRow {
                    stratum_id,
                    variable,
                    category,
                    disposition,
                    manual_code,
                    cases,
                    weight,
                }
            },
        )
        .collect())
}

/// The auxiliary variables the cases of survey `survey_id` carry, by name.
pub fn variables_of_survey(
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
    let rows: Vec<(i64, String, String)> = strata::table
        .filter(strata::survey_id.eq(survey_id))
        .order(strata::id.asc())
        .select((strata::id, strata::code, strata::label))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, code, label)| StratumInfo { id, code, label })
        .collect())
}
