//! A survey's monitoring settings: the share thresholds of METHODS.md §1 (fixed before
//! fielding, since every stored disposition was derived with them), `e` for the rates when a
//! manager sets it, the lag threshold τ of the adaptive rules (§6), the planned length of
//! fieldwork the expected curves run over, and the cost model. [`SettingsDocument`] is what a
//! manager sends and reads; [`MonitoringSettings::check`] turns it into checked values or
//! names every field that is wrong.

use super::EMethod;
use crate::disposition::ShareRule;
use serde::{Deserialize, Serialize};

/// The planned length of fieldwork unless set (METHODS.md §6: the web closes on day 56).
pub const DEFAULT_FIELDWORK_DAYS: u32 = 56;

/// What contacts and incentives cost; an incentive is counted as paid for each complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostModel {
    pub currency: String,
    pub fixed: f64,
    pub per_letter: f64,
    pub per_email: f64,
    pub per_incentive: f64,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            currency: "SEK".into(),
            fixed: 0.0,
            per_letter: 0.0,
            per_email: 0.0,
            per_incentive: 0.0,
        }
    }
}

/// The settings as checked values.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitoringSettings {
    pub rule: ShareRule,
    /// `e` fixed by the survey; `None`: E/(E+NE) from each rate's own table.
    pub eligibility_rate: Option<f64>,
    /// τ: a stratum whose P_u is below −τ lags (§6 rule 2); `None`: only the target counts.
    pub lag_threshold: Option<f64>,
    pub fieldwork_days: u32,
    pub cost: CostModel,
}

impl Default for MonitoringSettings {
    fn default() -> Self {
        MonitoringSettings {
            rule: ShareRule::default(),
            eligibility_rate: None,
            lag_threshold: None,
            fieldwork_days: DEFAULT_FIELDWORK_DAYS,
            cost: CostModel::default(),
        }
    }
}

/// The settings as JSON; a field left out keeps its default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsDocument {
    pub complete_threshold: Option<i64>,
    pub partial_threshold: Option<i64>,
    pub e: Option<f64>,
    pub lag_threshold: Option<f64>,
    pub fieldwork_days: Option<i64>,
    pub cost: Option<CostDocument>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostDocument {
    pub currency: Option<String>,
    pub fixed: Option<f64>,
    pub per_letter: Option<f64>,
    pub per_email: Option<f64>,
    pub per_incentive: Option<f64>,
}

/// One wrong field of a settings document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingsError {
    pub field: String,
    pub message: String,
}

fn percent(errors: &mut Vec<SettingsError>, field: &str, value: Option<i64>, default: u32) -> u32 {
    match value {
        None => default,
        Some(v) => match u32::try_from(v) {
            Ok(v) if (1..=100).contains(&v) => v,
            _ => {
                errors.push(error(field, "must be a whole percent from 1 to 100"));
                default
            }
        },
    }
}

fn error(field: &str, message: &str) -> SettingsError {
    SettingsError {
        field: field.into(),
        message: message.into(),
    }
}

fn amount(errors: &mut Vec<SettingsError>, field: &str, value: Option<f64>) -> f64 {
    match value {
        None => 0.0,
        Some(v) if v.is_finite() && v >= 0.0 => v,
        Some(_) => {
            errors.push(error(field, "must be an amount of 0 or more"));
            0.0
        }
    }
}

impl MonitoringSettings {
    /// Checks a document; every wrong field is named.
    pub fn check(document: &SettingsDocument) -> Result<MonitoringSettings, Vec<SettingsError>> {
        let mut errors = Vec::new();
        let defaults = ShareRule::default();
        let complete = percent(
            &mut errors,
            "complete_threshold",
            document.complete_threshold,
            defaults.complete,
        );
        let partial = percent(
            &mut errors,
            "partial_threshold",
            document.partial_threshold,
            defaults.partial,
        );
        if partial > complete {
            errors.push(error(
                "partial_threshold",
                "must not be above complete_threshold",
            ));
        }
        let eligibility_rate = document.e;
        if eligibility_rate.is_some_and(|e| !(0.0..=1.0).contains(&e)) {
            errors.push(error("e", "must be a share from 0 to 1, or null"));
        }
        let lag_threshold = document.lag_threshold;
        if lag_threshold.is_some_and(|t| !(0.0..=1.0).contains(&t)) {
            errors.push(error("lag_threshold", "must be from 0 to 1, or null"));
        }
        let fieldwork_days = match document.fieldwork_days {
            None => DEFAULT_FIELDWORK_DAYS,
            Some(d) => match u32::try_from(d) {
                Ok(d) if (1..=3650).contains(&d) => d,
                _ => {
                    errors.push(error("fieldwork_days", "must be from 1 to 3650 days"));
                    DEFAULT_FIELDWORK_DAYS
                }
            },
        };
        let cost = document.cost.clone().unwrap_or_default();
        let currency = cost.currency.unwrap_or_else(|| "SEK".into());
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push(error(
                "cost.currency",
                "must be a three-letter ISO 4217 code, e.g. SEK",
            ));
        }
        let cost = CostModel {
            fixed: amount(&mut errors, "cost.fixed", cost.fixed),
            per_letter: amount(&mut errors, "cost.per_letter", cost.per_letter),
            per_email: amount(&mut errors, "cost.per_email", cost.per_email),
            per_incentive: amount(&mut errors, "cost.per_incentive", cost.per_incentive),
            currency,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(MonitoringSettings {
            rule: ShareRule { complete, partial },
            eligibility_rate,
            lag_threshold,
            fieldwork_days,
            cost,
        })
    }

    /// The settings written out as a document, every field present.
    pub fn document(&self) -> SettingsDocument {
        SettingsDocument {
            complete_threshold: Some(i64::from(self.rule.complete)),
            partial_threshold: Some(i64::from(self.rule.partial)),
            e: self.eligibility_rate,
            lag_threshold: self.lag_threshold,
            fieldwork_days: Some(i64::from(self.fieldwork_days)),
            cost: Some(CostDocument {
                currency: Some(self.cost.currency.clone()),
                fixed: Some(self.cost.fixed),
                per_letter: Some(self.cost.per_letter),
                per_email: Some(self.cost.per_email),
                per_incentive: Some(self.cost.per_incentive),
            }),
        }
    }

    /// How `e` is estimated for the rates.
    pub fn e_method(&self) -> EMethod {
        match self.eligibility_rate {
            Some(e) => EMethod::Fixed(e),
            None => EMethod::EligibleShareOfResolved,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(document: SettingsDocument) -> Vec<String> {
        MonitoringSettings::check(&document)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn an_empty_document_gives_the_defaults() {
        let settings = MonitoringSettings::check(&SettingsDocument::default()).unwrap();
        assert_eq!(settings, MonitoringSettings::default());
        assert_eq!(settings.rule.complete, 80);
        assert_eq!(settings.rule.partial, 50);
        assert_eq!(settings.fieldwork_days, 56);
        assert_eq!(settings.e_method(), EMethod::EligibleShareOfResolved);
    }

    #[test]
    fn a_document_read_back_is_the_same_settings() {
        let document = SettingsDocument {
            complete_threshold: Some(90),
            partial_threshold: Some(40),
            e: Some(0.8),
            lag_threshold: Some(0.05),
            fieldwork_days: Some(70),
            cost: Some(CostDocument {
                currency: Some("EUR".into()),
                fixed: Some(1000.0),
                per_letter: Some(1.5),
                per_email: Some(0.01),
                per_incentive: Some(10.0),
            }),
        };
        let settings = MonitoringSettings::check(&document).unwrap();
        assert_eq!(settings.e_method(), EMethod::Fixed(0.8));
        assert_eq!(settings.document(), document);
    }

    #[test]
    fn every_wrong_field_is_named() {
        let document = SettingsDocument {
            complete_threshold: Some(101),
            partial_threshold: Some(0),
            e: Some(1.5),
            lag_threshold: Some(-0.1),
            fieldwork_days: Some(0),
            cost: Some(CostDocument {
                currency: Some("kr".into()),
                fixed: Some(-1.0),
                per_letter: Some(f64::NAN),
                ..CostDocument::default()
            }),
        };
        assert_eq!(
            fields(document),
            [
                "complete_threshold",
                "partial_threshold",
                "e",
                "lag_threshold",
                "fieldwork_days",
                "cost.currency",
                "cost.fixed",
                "cost.per_letter"
            ]
        );
    }

    #[test]
    fn a_partial_threshold_above_the_complete_one_is_refused() {
        let document = SettingsDocument {
            complete_threshold: Some(60),
            partial_threshold: Some(70),
            ..SettingsDocument::default()
        };
        assert_eq!(fields(document), ["partial_threshold"]);
    }
}
