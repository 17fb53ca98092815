//! A survey's figures from its stored counters: the one place the statistics and the
//! R-indicators are read from, by the management API and by anything else that shows them.

use super::statistics::cells;
use super::{representativity, statistics, EMethod, Grouping, Representativity, Statistics};
use crate::db::{monitoring_counts, AnyConnection, StoreError};
use crate::disposition::ShareRule;

/// Why figures cannot be given.
#[derive(Debug, thiserror::Error)]
pub enum FiguresError {
    #[error("no auxiliary variable {name:?} in the sample (it has: {known})")]
    UnknownVariable { name: String, known: String },
    #[error("R-indicators take the strata and at most one auxiliary variable at a time for now")]
    TooManyVariables,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The statistics of survey `survey_id`, grouped as asked.
pub fn survey_statistics(
    conn: &mut AnyConnection,
    survey_id: i64,
    grouping: &Grouping,
    as_of: String,
) -> Result<Statistics, FiguresError> {
    let variable = match grouping {
        Grouping::Stratum => "",
        Grouping::Auxiliary(name) => {
            known_variable(conn, survey_id, name)?;
            name.as_str()
        }
    };
    let strata = monitoring_counts::strata_of_survey(conn, survey_id)?;
    let rows = monitoring_counts::of_survey(conn, survey_id, variable)?;
    Ok(statistics(
        &strata,
        &rows,
        grouping,
        ShareRule::default(),
        EMethod::EligibleShareOfResolved,
        as_of,
    ))
}

/// The R-indicators of survey `survey_id` over its strata × `variables`.
pub fn survey_representativity(
    conn: &mut AnyConnection,
    survey_id: i64,
    variables: &[String],
) -> Result<Representativity, FiguresError> {
    if variables.len() > 1 {
        return Err(FiguresError::TooManyVariables);
    }
    let variable = variables.first().map(String::as_str).unwrap_or("");
    if !variable.is_empty() {
        known_variable(conn, survey_id, variable)?;
    }
    let strata = monitoring_counts::strata_of_survey(conn, survey_id)?;
    let rows = monitoring_counts::of_survey(conn, survey_id, variable)?;
    Ok(representativity(
        variables,
        &cells(&strata, &rows, variable),
    ))
}

fn known_variable(
    conn: &mut AnyConnection,
    survey_id: i64,
    name: &str,
) -> Result<(), FiguresError> {
    let known = monitoring_counts::variables_of_survey(conn, survey_id)?;
    if known.iter().any(|k| k == name) {
        Ok(())
    } else {
        Err(FiguresError::UnknownVariable {
            name: name.to_string(),
            known: if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            },
        })
    }
}
