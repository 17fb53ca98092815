//! A survey's figures from its stored counters: the one place the statistics and the
//! R-indicators are read from, by the management API and by anything else that shows them.

use super::cost::{costs, Costs, Spending};
use super::curve::status;
use super::joint;
use super::lagging::{lagging, Lagging, StratumStanding};
use super::settings::MonitoringSettings;
use super::statistics::cells;
use super::survey_curves::{expected_today, fieldwork, Fieldwork};
use super::{representativity, statistics, Grouping, Representativity, Statistics, StratumInfo};
use crate::db::surveys::{self, SurveyRow};
use crate::db::{
    monitoring_counts, monitoring_days, monitoring_settings, AnyConnection, StoreError,
};
use std::collections::BTreeMap;

/// Why figures cannot be given.
#[derive(Debug, thiserror::Error)]
pub enum FiguresError {
    #[error("no auxiliary variable {name:?} in the sample (it has: {known})")]
    UnknownVariable { name: String, known: String },
    #[error("R-indicators take the strata and at most two auxiliary variables")]
    TooManyVariables,
    #[error(
        "this sample's cases were not counted by pairs of auxiliaries (imported before pairs \
         were counted, or more than six auxiliaries): take one auxiliary at a time"
    )]
    PairNotCounted,
    #[error("no such survey")]
    NoSuchSurvey,
    #[error("the figures could not be written: {0}")]
    Export(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The statistics of survey `survey_id`, grouped as asked, as of `now_ms`: with the
/// survey's share rule and `e`, and each stratum's status against its expected curve.
pub fn survey_statistics(
    conn: &mut AnyConnection,
    survey_id: i64,
    grouping: &Grouping,
    now_ms: i64,
    as_of: String,
) -> Result<Statistics, FiguresError> {
    let survey = surveys::find(conn, survey_id)?.ok_or(FiguresError::NoSuchSurvey)?;
    let work = fieldwork(conn, &survey)?;
    statistics_of(conn, &survey, &work, grouping, now_ms, as_of)
}

/// [`survey_statistics`] of a survey already read, with its settings and clock.
fn statistics_of(
    conn: &mut AnyConnection,
    survey: &SurveyRow,
    work: &Fieldwork,
    grouping: &Grouping,
    now_ms: i64,
    as_of: String,
) -> Result<Statistics, FiguresError> {
    let variable = match grouping {
        Grouping::Stratum => "",
        Grouping::Auxiliary(name) => {
            known_variable(conn, survey.id, name)?;
            name.as_str()
        }
    };
    let strata = monitoring_counts::strata_of_survey(conn, survey.id)?;
    let rows = monitoring_counts::of_survey(conn, survey.id, variable)?;
    let mut figures = statistics(
        &strata,
        &rows,
        grouping,
        work.settings.rule,
        work.settings.e_method(),
        as_of,
    );
    if *grouping == Grouping::Stratum {
        let expected = expected_today(conn, survey, work, &strata, now_ms)?;
        for (group, stratum) in figures.groups.iter_mut().zip(&strata) {
            let expected = expected.get(&stratum.id).copied().flatten();
            group.status = status(group.rates.rr2, expected).map(|s| s.as_str());
        }
    }
    Ok(figures)
}

/// The R-indicators of survey `survey_id` over its strata × `variables` (none, one, or two
/// whose pair the import counted: `joint`).
pub fn survey_representativity(
    conn: &mut AnyConnection,
    survey_id: i64,
    variables: &[String],
) -> Result<Representativity, FiguresError> {
    let mut variables = variables.to_vec();
    variables.sort();
    variables.dedup();
    if variables.len() > 2 {
        return Err(FiguresError::TooManyVariables);
    }
    for name in &variables {
        known_variable(conn, survey_id, name)?;
    }
    let counted = match variables.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [a, b, ..] => {
            let pair = joint::pair_name(a, b);
            if !monitoring_counts::counted_variables(conn, survey_id)?.contains(&pair) {
                return Err(FiguresError::PairNotCounted);
            }
            pair
        }
    };
    let strata = monitoring_counts::strata_of_survey(conn, survey_id)?;
    let rows = monitoring_counts::of_survey(conn, survey_id, &counted)?;
    Ok(representativity(
        &variables,
        &cells(&strata, &rows, &counted),
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

/// The strata of survey `survey_id` that lag as of `now_ms` (METHODS.md §6 rules 1–3): RR2
/// below target, or P_u(stratum) below −τ.
pub fn survey_lagging(
    conn: &mut AnyConnection,
    survey_id: i64,
    now_ms: i64,
) -> Result<Vec<Lagging>, FiguresError> {
    let survey = surveys::find(conn, survey_id)?.ok_or(FiguresError::NoSuchSurvey)?;
    let work = fieldwork(conn, &survey)?;
    let figures = statistics_of(
        conn,
        &survey,
        &work,
        &Grouping::Stratum,
        now_ms,
        String::new(),
    )?;
    let indicators = survey_representativity(conn, survey_id, &[])?;
    let p_u: BTreeMap<&str, Option<f64>> = indicators
        .partial
        .iter()
        .filter(|p| p.variable == "stratum")
        .flat_map(|p| p.categories.iter().map(|c| (c.category.as_str(), c.p_u)))
        .collect();
    let standings: Vec<StratumStanding> = figures
        .groups
        .iter()
        .map(|g| StratumStanding {
            code: g.key.clone(),
            rr2: g.rates.rr2,
            target: g.target,
            p_u: p_u.get(g.key.as_str()).copied().flatten(),
        })
        .collect();
    Ok(lagging(&standings, work.settings.lag_threshold))
}

/// The survey's strata and its statistics by stratum under `settings`, from its counters
/// (without status: for figures that are not shown as the statistics are).
pub(super) fn by_stratum(
    conn: &mut AnyConnection,
    survey_id: i64,
    settings: &MonitoringSettings,
    as_of: String,
) -> Result<(Vec<StratumInfo>, Statistics), FiguresError> {
    let strata = monitoring_counts::strata_of_survey(conn, survey_id)?;
    let rows = monitoring_counts::of_survey(conn, survey_id, "")?;
    let figures = statistics(
        &strata,
        &rows,
        &Grouping::Stratum,
        settings.rule,
        settings.e_method(),
        as_of,
    );
    Ok((strata, figures))
}

/// How many cases of survey `survey_id` are in each bucket, from its counters.
pub fn survey_buckets(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<super::BucketCounts<i64>, FiguresError> {
    let settings = monitoring_settings::find(conn, survey_id)?.ok_or(FiguresError::NoSuchSurvey)?;
    let (_, figures) = by_stratum(conn, survey_id, &settings, String::new())?;
    Ok(figures.overall.counts)
}

/// The costs so far of survey `survey_id` under its cost model.
pub fn survey_costs(conn: &mut AnyConnection, survey_id: i64) -> Result<Costs, FiguresError> {
    let settings = monitoring_settings::find(conn, survey_id)?.ok_or(FiguresError::NoSuchSurvey)?;
    let (strata, figures) = by_stratum(conn, survey_id, &settings, String::new())?;
    let sent = monitoring_days::contacts_sent(conn, survey_id)?;
    let spending: Vec<(String, String, Spending)> = strata
        .iter()
        .zip(&figures.groups)
        .map(|(s, g)| {
            let (letters, emails) = sent.get(&s.id).copied().unwrap_or_default();
            let spending = Spending {
                sample: g.sample,
                completes: g.counts.i,
                letters,
                emails,
            };
            (s.code.clone(), s.label.clone(), spending)
        })
        .collect();
    Ok(costs(&settings.cost, &spending))
}
