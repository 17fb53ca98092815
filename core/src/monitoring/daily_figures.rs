//! The figures of each day of fieldwork: written for today by the worker (and at close), read
//! back as `daily.csv`, one row per day and stratum with every count, weighted count and rate
//! and the rule they were made with, so a methodologist can reproduce each figure.

use super::survey_curves::fieldwork;
use super::survey_figures::by_stratum;
use super::{rates, FiguresError};
use crate::db::monitoring_days::{self, DayFigures};
use crate::db::{monitoring_counts, surveys, AnyConnection};
use std::collections::BTreeMap;

/// The rates in the order of their columns (their names in the statistics' JSON).
const RATES: [&str; 17] = [
    "e", "RR1", "RR2", "RR3", "RR4", "RR5", "RR6", "COOP1", "COOP2", "COOP3", "COOP4", "REF1",
    "REF2", "REF3", "CON1", "CON2", "CON3",
];

const BUCKETS: [&str; 8] = ["I", "P", "R", "NC", "O", "UH", "UO", "NE"];

/// Writes survey `survey_id`'s figures for the day of `now_ms` (its time zone), replacing
/// what an earlier pass that day wrote. Returns false for a survey not yet in the field.
pub fn record_day(
    conn: &mut AnyConnection,
    survey_id: i64,
    now_ms: i64,
) -> Result<bool, FiguresError> {
    let survey = surveys::find(conn, survey_id)?.ok_or(FiguresError::NoSuchSurvey)?;
    let work = fieldwork(conn, &survey)?;
    if work.start_ms.is_none() {
        return Ok(false);
    }
    let day = work.clock.local_date(now_ms).format("%Y-%m-%d").to_string();
    let (strata, live) = by_stratum(conn, survey_id, &work.settings, String::new())?;
    let contacts = monitoring_days::contacts_sent(conn, survey_id)?;
    let figures: Vec<DayFigures> = strata
        .iter()
        .zip(&live.groups)
        .map(|(stratum, group)| {
            let (letters, emails) = contacts.get(&stratum.id).copied().unwrap_or_default();
            DayFigures {
                day: day.clone(),
                stratum_id: stratum.id,
                counts: group.counts,
                weighted_counts: group.weighted_counts,
                letters,
                emails,
                as_of_ms: now_ms,
            }
        })
        .collect();
    monitoring_days::save_day(conn, survey_id, &day, &figures)?;
    Ok(true)
}

fn cell(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn rate_cells(rates: &super::Rates) -> Vec<String> {
    let json = serde_json::to_value(rates).unwrap_or_default();
    RATES
        .iter()
        .map(|name| cell(json.get(name).and_then(serde_json::Value::as_f64)))
        .collect()
}

/// `daily.csv` of survey `survey_id`: a row per stored day and stratum.
pub fn daily_csv(conn: &mut AnyConnection, survey_id: i64) -> Result<Vec<u8>, FiguresError> {
    let survey = surveys::find(conn, survey_id)?.ok_or(FiguresError::NoSuchSurvey)?;
    let work = fieldwork(conn, &survey)?;
    let strata: BTreeMap<i64, (String, String)> =
        monitoring_counts::strata_of_survey(conn, survey_id)?
            .into_iter()
            .map(|s| (s.id, (s.code, s.label)))
            .collect();
    let e_method = work.settings.e_method();
    let mut header: Vec<String> = ["day", "day_index", "stratum", "stratum_label", "sample"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(BUCKETS.iter().map(|b| b.to_string()));
    header.extend(BUCKETS.iter().map(|b| format!("weighted_{b}")));
    header.extend(RATES.iter().map(|r| r.to_string()));
    header.extend(RATES.iter().map(|r| format!("weighted_{r}")));
    header.extend(
        [
            "letters",
            "emails",
            "as_of_ms",
            "complete_threshold",
            "partial_threshold",
            "e_method",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| FiguresError::Export(e.to_string());
    out.write_record(&header).map_err(csv_error)?;
    for day in monitoring_days::of_survey(conn, survey_id)? {
        let (code, label) = strata.get(&day.stratum_id).cloned().unwrap_or_default();
        let c = &day.counts;
        let w = &day.weighted_counts;
        let mut row = vec![
            day.day.clone(),
            work.index_of(&day.day)
                .map(|i| i.to_string())
                .unwrap_or_default(),
            code,
            label,
            c.total().to_string(),
        ];
        row.extend([c.i, c.p, c.r, c.nc, c.o, c.uh, c.uo, c.ne].map(|v| v.to_string()));
        row.extend([w.i, w.p, w.r, w.nc, w.o, w.uh, w.uo, w.ne].map(|v| v.to_string()));
        row.extend(rate_cells(&rates(&c.as_f64(), e_method)));
        row.extend(rate_cells(&rates(w, e_method)));
        row.extend([
            day.letters.to_string(),
            day.emails.to_string(),
            day.as_of_ms.to_string(),
            work.settings.rule.complete.to_string(),
            work.settings.rule.partial.to_string(),
            e_method.name().to_string(),
        ]);
        out.write_record(&row).map_err(csv_error)?;
    }
    out.into_inner()
        .map_err(|e| FiguresError::Export(e.to_string()))
}
