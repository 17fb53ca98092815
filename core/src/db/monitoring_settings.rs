//! A survey's monitoring settings (migration 000007: columns of `surveys` with defaults, so a
//! survey never set up has the defaults of METHODS.md), read and written as checked values.

use super::schema::surveys;
use super::{AnyConnection, StoreError};
use crate::disposition::ShareRule;
use crate::monitoring::settings::{CostModel, MonitoringSettings};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = surveys)]
struct SettingsRow {
    complete_threshold: i32,
    partial_threshold: i32,
    eligibility_rate: Option<f64>,
    lag_threshold: Option<f64>,
    fieldwork_days: i32,
    cost_fixed: f64,
    cost_per_letter: f64,
    cost_per_email: f64,
    cost_per_incentive: f64,
    currency: String,
}

fn unsigned(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

impl From<SettingsRow> for MonitoringSettings {
    fn from(row: SettingsRow) -> Self {
        MonitoringSettings {
            rule: ShareRule {
                complete: unsigned(row.complete_threshold),
                partial: unsigned(row.partial_threshold),
            },
            eligibility_rate: row.eligibility_rate,
            lag_threshold: row.lag_threshold,
            fieldwork_days: unsigned(row.fieldwork_days),
            cost: CostModel {
                currency: row.currency,
                fixed: row.cost_fixed,
                per_letter: row.cost_per_letter,
                per_email: row.cost_per_email,
                per_incentive: row.cost_per_incentive,
            },
        }
    }
}

/// The settings of survey `survey_id`, `None` if there is no such survey.
pub fn find(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<Option<MonitoringSettings>, StoreError> {
    let row = surveys::table
        .find(survey_id)
        .select(SettingsRow::as_select())
        .first::<SettingsRow>(conn)
        .optional()?;
    Ok(row.map(MonitoringSettings::from))
}

fn signed(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Stores the settings of survey `survey_id`.
pub fn save(
    conn: &mut AnyConnection,
    survey_id: i64,
    settings: &MonitoringSettings,
) -> Result<(), StoreError> {
    let cost = &settings.cost;
    diesel::update(surveys::table.find(survey_id))
        .set((
            surveys::complete_threshold.eq(signed(settings.rule.complete)),
            surveys::partial_threshold.eq(signed(settings.rule.partial)),
            surveys::eligibility_rate.eq(settings.eligibility_rate),
            surveys::lag_threshold.eq(settings.lag_threshold),
            surveys::fieldwork_days.eq(signed(settings.fieldwork_days)),
            surveys::cost_fixed.eq(cost.fixed),
            surveys::cost_per_letter.eq(cost.per_letter),
            surveys::cost_per_email.eq(cost.per_email),
            surveys::cost_per_incentive.eq(cost.per_incentive),
            surveys::currency.eq(&cost.currency),
        ))
        .execute(conn)?;
    Ok(())
}

/// Gives round `to` the settings of round `from` (a round copy carries them).
pub fn copy(conn: &mut AnyConnection, from: i64, to: i64) -> Result<(), StoreError> {
    if let Some(settings) = find(conn, from)? {
        save(conn, to, &settings)?;
    }
    Ok(())
}
