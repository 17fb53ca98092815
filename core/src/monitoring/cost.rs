//! Cost per complete (issue 15 part 4): the survey's cost model applied to the contacts
//! actually sent and the completes so far, per stratum and in total. The fixed cost is shared
//! among the strata by their sample sizes; an incentive is counted as paid for each complete.
//! A stratum without a complete has no cost per complete (null).

use super::settings::CostModel;
use serde::Serialize;

/// What a stratum (or the whole survey) has used so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spending {
    pub sample: i64,
    pub completes: i64,
    pub letters: i64,
    pub emails: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    pub key: String,
    pub label: String,
    pub completes: i64,
    pub letters: i64,
    pub emails: i64,
    pub incentives: i64,
    pub cost: f64,
    pub cost_per_complete: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Costs {
    pub currency: String,
    pub model: CostModel,
    pub overall: CostLine,
    pub strata: Vec<CostLine>,
}

fn line(key: String, label: String, s: &Spending, fixed_share: f64, model: &CostModel) -> CostLine {
    let cost = fixed_share
        + s.letters as f64 * model.per_letter
        + s.emails as f64 * model.per_email
        + s.completes as f64 * model.per_incentive;
    CostLine {
        key,
        label,
        completes: s.completes,
        letters: s.letters,
        emails: s.emails,
        incentives: s.completes,
        cost,
        cost_per_complete: super::ratio(cost, s.completes as f64),
    }
}

/// The costs of strata `(code, label, spending)` under `model`.
pub fn costs(model: &CostModel, strata: &[(String, String, Spending)]) -> Costs {
    let mut total = Spending::default();
    for (_, _, s) in strata {
        total.sample += s.sample;
        total.completes += s.completes;
        total.letters += s.letters;
        total.emails += s.emails;
    }
    let lines = strata
        .iter()
        .map(|(code, label, s)| {
            let share = super::ratio(s.sample as f64, total.sample as f64).unwrap_or(0.0);
            line(code.clone(), label.clone(), s, model.fixed * share, model)
        })
        .collect();
    Costs {
        currency: model.currency.clone(),
        model: model.clone(),
        overall: line(
            "overall".into(),
            "Overall".into(),
            &total,
            model.fixed,
            model,
        ),
        strata: lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_worked_by_hand() {
        let model = CostModel {
            currency: "SEK".into(),
            fixed: 1000.0,
            per_letter: 12.0,
            per_email: 0.5,
            per_incentive: 100.0,
        };
        let strata = [
            (
                "A".to_string(),
                "Stratum A".to_string(),
                Spending {
                    sample: 300,
                    completes: 10,
                    letters: 300,
                    emails: 100,
                },
            ),
            (
                "B".to_string(),
                "Stratum B".to_string(),
                Spending {
                    sample: 100,
                    completes: 0,
                    letters: 100,
                    emails: 0,
                },
            ),
        ];
        let c = costs(&model, &strata);
        // A: 750 fixed + 3600 letters + 50 e-mail + 1000 incentives = 5400; 540 a complete.
        assert_eq!(c.strata[0].cost, 5400.0);
        assert_eq!(c.strata[0].cost_per_complete, Some(540.0));
        // B: 250 + 1200 = 1450, and no complete: no cost per complete.
        assert_eq!(c.strata[1].cost, 1450.0);
        assert_eq!(c.strata[1].cost_per_complete, None);
        // Overall: 6850 over 10 completes.
        assert_eq!(c.overall.cost, 6850.0);
        assert_eq!(c.overall.cost_per_complete, Some(685.0));
        assert_eq!(c.overall.incentives, 10);
    }

    #[test]
    fn an_empty_survey_costs_its_fixed_cost_and_has_no_cost_per_complete() {
        let model = CostModel {
            fixed: 500.0,
            ..CostModel::default()
        };
        let c = costs(&model, &[]);
        assert_eq!(c.overall.cost, 500.0);
        assert_eq!(c.overall.cost_per_complete, None);
    }
}
