//! Each stratum's figures at the end of each day of fieldwork, and the contacts sent per
//! stratum (migration 000007). The worker writes a survey's day through the day and at close;
//! the response curve, the next round's expected curve and `daily.csv` read them back. The
//! contact counts are kept by a trigger on `contact_attempts` and read summed.

use super::schema::{monitoring_contacts, monitoring_days};
use super::{write_tx, AnyConnection, StoreError};
use crate::monitoring::BucketCounts;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use std::collections::BTreeMap;

/// One stratum's figures at the end of one day (or as of `as_of_ms` for a day not over).
#[derive(Debug, Clone, PartialEq)]
pub struct DayFigures {
    pub day: String,
    pub stratum_id: i64,
    pub counts: BucketCounts<i64>,
    pub weighted_counts: BucketCounts<f64>,
    pub letters: i64,
    pub emails: i64,
    pub as_of_ms: i64,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = monitoring_days)]
struct DayRow {
    survey_id: i64,
    day: String,
    stratum_id: i64,
    counts: String,
    weighted_counts: String,
    letters: i64,
    emails: i64,
    as_of_ms: i64,
}

fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("monitoring_days: {e}"))
}

/// Replaces the figures of survey `survey_id` for the day of `figures` (all of one day).
pub fn save_day(
    conn: &mut AnyConnection,
    survey_id: i64,
    day: &str,
    figures: &[DayFigures],
) -> Result<(), StoreError> {
    let rows = figures
        .iter()
        .map(|f| {
            Ok(DayRow {
                survey_id,
                day: day.to_string(),
                stratum_id: f.stratum_id,
                counts: serde_json::to_string(&f.counts).map_err(json_error)?,
                weighted_counts: serde_json::to_string(&f.weighted_counts).map_err(json_error)?,
                letters: f.letters,
                emails: f.emails,
                as_of_ms: f.as_of_ms,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    write_tx(conn, |c| {
        diesel::delete(
            monitoring_days::table
                .filter(monitoring_days::survey_id.eq(survey_id))
                .filter(monitoring_days::day.eq(day)),
        )
        .execute(c)?;
        for chunk in rows.chunks(500) {
            crate::with_conn!(c, |b| diesel::insert_into(monitoring_days::table)
                .values(chunk)
                .execute(b))?;
        }
        Ok(())
    })
}

/// Every day's figures of survey `survey_id`, by day and stratum.
pub fn of_survey(conn: &mut AnyConnection, survey_id: i64) -> Result<Vec<DayFigures>, StoreError> {
    let rows: Vec<DayRow> = monitoring_days::table
        .filter(monitoring_days::survey_id.eq(survey_id))
        .order((monitoring_days::day, monitoring_days::stratum_id))
        .select(DayRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(DayFigures {
                day: r.day,
                stratum_id: r.stratum_id,
                counts: serde_json::from_str(&r.counts).map_err(json_error)?,
                weighted_counts: serde_json::from_str(&r.weighted_counts).map_err(json_error)?,
                letters: r.letters,
                emails: r.emails,
                as_of_ms: r.as_of_ms,
            })
        })
        .collect()
}

/// Contacts sent so far per stratum id: (letters, e-mails).
pub fn contacts_sent(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<BTreeMap<i64, (i64, i64)>, StoreError> {
    // A row per stratum and channel once folded (the worker folds every second): few enough
    // to add up here on both backends alike.
    let rows: Vec<(i64, String, i64)> = monitoring_contacts::table
        .filter(monitoring_contacts::survey_id.eq(survey_id))
        .select((
            monitoring_contacts::stratum_id,
            monitoring_contacts::channel,
            monitoring_contacts::sent,
        ))
        .load(conn)?;
    let mut out: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for (stratum, channel, sent) in rows {
        let entry = out.entry(stratum).or_default();
        match channel.as_str() {
            "letter" => entry.0 += sent,
            "email" => entry.1 += sent,
            _ => {}
        }
    }
    Ok(out)
}

#[derive(QueryableByName)]
struct Folded {
    #[diesel(sql_type = BigInt)]
    moved: i64,
}

/// Sums the contact rows each sent contact appended into one per stratum and channel
/// (PostgreSQL; SQLite's trigger adds to one row already). Returns the rows it read.
pub fn fold_contacts(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    match conn {
        AnyConnection::Postgresql(pg) => Ok(diesel::sql_query(
            "SELECT monitoring_contacts_fold($1) AS moved",
        )
        .bind::<Nullable<BigInt>, _>(None::<i64>)
        .get_result::<Folded>(pg)?
        .moved),
        AnyConnection::Sqlite(_) => Ok(0),
    }
}
