//! Which strata lag (METHODS.md §6, rules 1–3): a stratum lags if its unweighted RR2 is below
//! its target, or its unconditional partial R-indicator P_u(stratum, h) is below −τ. The
//! lagging strata come most negative P_u first (P_u² is the stratum's part of S², so when the
//! budget runs short the first ones matter most). Pure: figures in, strata out.

use serde::Serialize;

/// A stratum's figures the rules look at.
#[derive(Debug, Clone, PartialEq)]
pub struct StratumStanding {
    pub code: String,
    pub rr2: Option<f64>,
    pub target: Option<f64>,
    pub p_u: Option<f64>,
}

/// A lagging stratum and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lagging {
    pub stratum: String,
    #[serde(rename = "RR2")]
    pub rr2: Option<f64>,
    pub target: Option<f64>,
    #[serde(rename = "P_u")]
    pub p_u: Option<f64>,
    /// "below_target", "under_represented" or both.
    pub reasons: Vec<&'static str>,
}

/// The lagging strata among `strata` with lag threshold `tau` (none: the target rule alone).
pub fn lagging(strata: &[StratumStanding], tau: Option<f64>) -> Vec<Lagging> {
    let mut out: Vec<Lagging> = strata
        .iter()
        .filter_map(|s| {
            let mut reasons = Vec::new();
            // A stratum without a rate yet (no eligible case) is not judged by its target.
            if let (Some(rr2), Some(target)) = (s.rr2, s.target) {
                if rr2 < target {
                    reasons.push("below_target");
                }
            }
            if let (Some(p_u), Some(tau)) = (s.p_u, tau) {
                if p_u < -tau {
                    reasons.push("under_represented");
                }
            }
            (!reasons.is_empty()).then(|| Lagging {
                stratum: s.code.clone(),
                rr2: s.rr2,
                target: s.target,
                p_u: s.p_u,
                reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |l: &Lagging| l.p_u.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| a.stratum.cmp(&b.stratum))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(
        code: &str,
        rr2: Option<f64>,
        target: Option<f64>,
        p_u: Option<f64>,
    ) -> StratumStanding {
        StratumStanding {
            code: code.into(),
            rr2,
            target,
            p_u,
        }
    }

    #[test]
    fn below_target_or_under_represented_lags_most_negative_first() {
        let strata = [
            standing("A", Some(0.50), Some(0.40), Some(0.05)),
            standing("B", Some(0.30), Some(0.40), Some(-0.01)),
            standing("C", Some(0.45), None, Some(-0.04)),
            standing("D", Some(0.35), Some(0.40), Some(-0.06)),
            standing("E", None, Some(0.40), None),
        ];
        let lagging = lagging(&strata, Some(0.03));
        let codes: Vec<&str> = lagging.iter().map(|l| l.stratum.as_str()).collect();
        // A is above target and over-represented; E has no rate yet.
        assert_eq!(codes, ["D", "C", "B"]);
        assert_eq!(lagging[0].reasons, ["below_target", "under_represented"]);
        assert_eq!(lagging[1].reasons, ["under_represented"]);
        assert_eq!(lagging[2].reasons, ["below_target"]);
    }

    #[test]
    fn without_tau_only_the_target_counts() {
        let strata = [
            standing("A", Some(0.30), Some(0.40), Some(-0.5)),
            standing("B", Some(0.45), None, Some(-0.5)),
        ];
        let lagging = lagging(&strata, None);
        assert_eq!(lagging.len(), 1);
        assert_eq!(lagging[0].stratum, "A");
    }

    #[test]
    fn exactly_on_target_does_not_lag() {
        let strata = [standing("A", Some(0.4), Some(0.4), Some(-0.03))];
        assert!(lagging(&strata, Some(0.03)).is_empty());
    }
}
