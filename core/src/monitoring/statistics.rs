//! The statistics of a survey as its routes show them (DESIGN.md "Monitoring"): counts per
//! bucket, design-weighted counts and every rate, per stratum or per category of an auxiliary
//! variable, and overall; and the cells the R-indicators rest on.

use super::cells::{tallies, CounterRow, Tally};
use super::{rates, BucketCounts, Cell, EMethod, Rates};
use crate::disposition::ShareRule;
use serde::Serialize;
use std::collections::BTreeMap;

/// A stratum as the statistics name it.
#[derive(Debug, Clone, PartialEq)]
pub struct StratumInfo {
    pub id: i64,
    pub code: String,
    pub label: String,
    /// The target response rate the strata file gave, if any.
    pub target: Option<f64>,
}

/// What the groups are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grouping {
    Stratum,
    /// The categories of one auxiliary variable of the sample, across strata.
    Auxiliary(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statistics {
    pub as_of: String,
    pub rule: ShareRule,
    pub e_method: &'static str,
    pub by: String,
    pub overall: Group,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    pub label: String,
    pub sample: i64,
    pub counts: BucketCounts<i64>,
    pub weighted_counts: BucketCounts<f64>,
    pub rates: Rates,
    pub weighted_rates: Rates,
    /// The stratum's target response rate (null when the strata file gave none, and for
    /// the overall row and categories of an auxiliary).
    pub target: Option<f64>,
    /// Red, amber or green against the stratum's expected curve on the day (`curve`); null
    /// without a target or previous round, and for the overall row and auxiliary categories.
    pub status: Option<&'static str>,
}

fn group(key: String, label: String, tally: &Tally, e_method: EMethod) -> Group {
    Group {
        key,
        label,
        sample: tally.counts.total(),
        counts: tally.counts,
        weighted_counts: tally.weighted,
        rates: rates(&tally.counts.as_f64(), e_method),
        weighted_rates: rates(&tally.weighted, e_method),
        target: None,
        status: None,
    }
}

/// The label of the category of cases without a value.
pub const NO_VALUE: &str = "(no value)";

/// The statistics of one survey from its counters.
pub fn statistics(
    strata: &[StratumInfo],
    rows: &[CounterRow],
    grouping: &Grouping,
    rule: ShareRule,
    e_method: EMethod,
    as_of: String,
) -> Statistics {
    let variable = match grouping {
        Grouping::Stratum => "",
        Grouping::Auxiliary(name) => name.as_str(),
    };
    let per_stratum = tallies(rows, variable);
    let mut overall = Tally::default();
    for stratum in per_stratum.values() {
        overall.add_all(&stratum.total);
    }
    let groups = match grouping {
        Grouping::Stratum => strata
            .iter()
            .map(|s| {
                let tally = per_stratum.get(&s.id).map(|t| t.total).unwrap_or_default();
                Group {
                    target: s.target,
                    ..group(s.code.clone(), s.label.clone(), &tally, e_method)
                }
            })
            .collect(),
        Grouping::Auxiliary(_) => {
            let mut by_category: BTreeMap<&str, Tally> = BTreeMap::new();
            for stratum in per_stratum.values() {
                for (category, tally) in &stratum.by_category {
                    by_category.entry(category).or_default().add_all(tally);
                }
            }
            by_category
                .into_iter()
                .map(|(category, tally)| {
                    let label = if category.is_empty() {
                        NO_VALUE
                    } else {
                        category
                    };
                    group(category.to_string(), label.to_string(), &tally, e_method)
                })
                .collect()
        }
    };
    Statistics {
        as_of,
        rule,
        e_method: e_method.name(),
        by: match grouping {
            Grouping::Stratum => "stratum".into(),
            Grouping::Auxiliary(name) => name.clone(),
        },
        overall: group("overall".into(), "Overall".into(), &overall, e_method),
        groups,
    }
}

/// The R-indicator cells: strata × the categories of `variable` (strata alone when it is
/// empty; a pair's categories split in two), without the not-eligible cases.
pub fn cells(strata: &[StratumInfo], rows: &[CounterRow], variable: &str) -> Vec<Cell> {
    let per_stratum = tallies(rows, variable);
    let mut out = Vec::new();
    for s in strata {
        let Some(t) = per_stratum.get(&s.id) else {
            continue;
        };
        let mut push = |categories: Vec<String>, tally: &Tally| {
            let c = &tally.counts;
            let w = &tally.weighted;
            let cases = (c.total() - c.ne) as f64;
            if cases > 0.0 {
                out.push(Cell {
                    stratum: s.code.clone(),
                    categories,
                    cases,
                    responded: (c.i + c.p) as f64,
                    weight: w.i + w.p + w.r + w.nc + w.o + w.uh + w.uo,
                    weighted_responded: w.i + w.p,
                });
            }
        };
        if variable.is_empty() {
            push(Vec::new(), &t.total);
        } else {
            for (category, tally) in &t.by_category {
                let categories = if super::joint::is_pair(variable) {
                    // A case without the pair (no value) has an empty category for each.
                    let mut both = super::joint::split(category);
                    both.resize(2, String::new());
                    both
                } else {
                    vec![category.clone()]
                };
                push(categories, tally);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitoring::cells::counter_row;

    fn with_defaults(
        strata: &[StratumInfo],
        rows: &[CounterRow],
        grouping: &Grouping,
    ) -> Statistics {
        let (rule, e) = (ShareRule::default(), EMethod::EligibleShareOfResolved);
        statistics(strata, rows, grouping, rule, e, "now".into())
    }

    fn strata() -> Vec<StratumInfo> {
        ["SE", "EU", "AFR"]
            .iter()
            .enumerate()
            .map(|(i, code)| StratumInfo {
                id: i as i64 + 1,
                code: code.to_string(),
                label: format!("label {code}"),
                target: (i == 0).then_some(0.55),
            })
            .collect()
    }

    /// METHODS.md §9's three strata as counters, one code per bucket.
    fn worked_example_rows() -> Vec<CounterRow> {
        let codes = [
            "1.1", "1.2", "2.111", "2.20", "2.31", "3.19", "3.30", "4.12",
        ];
        let table: [(i64, f64, [i64; 8]); 3] = [
            (1, 150.0, [188, 12, 30, 10, 4, 140, 8, 8]),
            (2, 30.0, [102, 9, 21, 8, 5, 138, 11, 6]),
            (3, 12.5, [71, 13, 19, 12, 9, 170, 16, 10]),
        ];
        let mut rows = Vec::new();
        for (id, d, counts) in table {
            for (code, n) in codes.iter().zip(counts) {
                rows.push(counter_row(id, ("", ""), (code, ""), n, d));
            }
        }
        rows
    }

    #[test]
    fn the_worked_example_by_stratum_and_overall() {
        let s = with_defaults(&strata(), &worked_example_rows(), &Grouping::Stratum);
        assert_eq!(s.groups.len(), 3);
        assert_eq!(s.groups[0].key, "SE");
        assert_eq!(s.groups[0].sample, 400);
        assert_eq!((s.groups[0].target, s.groups[1].target), (Some(0.55), None));
        assert_eq!(s.overall.target, None);
        assert_eq!(s.groups[2].counts.uo, 16);
        assert_eq!(s.overall.sample, 1020);
        assert_eq!(s.overall.counts.i, 361);
        assert_eq!(s.overall.weighted_counts.i, 32147.5);
        assert_eq!(s.overall.weighted_counts.uh, 27265.0);
        let rr2 = s.overall.weighted_rates.rr2.unwrap();
        assert!((rr2 - 0.480873).abs() < 5e-7, "{rr2}");
        let rr1 = s.overall.rates.rr1.unwrap();
        assert!((rr1 - 0.362450).abs() < 5e-7, "{rr1}");
        // SE alone by hand: RR2 = (188+12)/(188+12+30+10+4+140+8) = 200/392.
        let se = s.groups[0].rates.rr2.unwrap();
        assert!((se - 200.0 / 392.0).abs() < 1e-12);
    }

    #[test]
    fn a_stratum_without_cases_has_null_rates() {
        let mut strata = strata();
        strata.push(StratumInfo {
            id: 9,
            code: "EMPTY".into(),
            label: "none".into(),
            target: None,
        });
        let s = with_defaults(&strata, &worked_example_rows(), &Grouping::Stratum);
        let empty = &s.groups[3];
        assert_eq!(
            (empty.sample, empty.rates.rr2, empty.weighted_rates.e),
            (0, None, None)
        );
    }

    #[test]
    fn groups_by_an_auxiliary_add_up_across_strata() {
        let rows = vec![
            counter_row(1, ("", ""), ("1.1", ""), 3, 2.0),
            counter_row(1, ("", ""), ("3.19", ""), 2, 2.0),
            counter_row(1, ("sex", "F"), ("1.1", ""), 2, 2.0),
            counter_row(1, ("sex", "M"), ("1.1", ""), 1, 2.0),
            counter_row(1, ("sex", "M"), ("3.19", ""), 2, 2.0),
            counter_row(2, ("", ""), ("1.1", ""), 1, 5.0),
            counter_row(2, ("sex", "F"), ("1.1", ""), 1, 5.0),
        ];
        let s = with_defaults(&strata(), &rows, &Grouping::Auxiliary("sex".into()));
        let keys: Vec<&str> = s.groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, ["F", "M"]);
        assert_eq!(s.groups[0].counts.i, 3);
        assert_eq!(s.groups[0].weighted_counts.i, 9.0);
        assert_eq!(s.groups[1].rates.rr2, Some(1.0 / 3.0));
        assert_eq!(s.overall.sample, 6);
    }

    #[test]
    fn cells_leave_out_the_not_eligible() {
        let rows = vec![
            counter_row(1, ("", ""), ("1.1", ""), 3, 2.0),
            counter_row(1, ("", ""), ("4.12", ""), 2, 2.0),
            counter_row(1, ("", ""), ("2.111", ""), 1, 2.0),
        ];
        let cells = cells(&strata(), &rows, "");
        assert_eq!(cells.len(), 1);
        assert_eq!((cells[0].cases, cells[0].responded), (4.0, 3.0));
        assert_eq!((cells[0].weight, cells[0].weighted_responded), (8.0, 6.0));
    }

    #[test]
    fn cells_of_a_pair_carry_both_categories() {
        let pair = crate::monitoring::joint::pair_name("sex", "age_group");
        let rows = vec![
            counter_row(1, (&pair, "16-29\u{1f}K"), ("1.1", ""), 2, 1.0),
            counter_row(1, (&pair, "16-29\u{1f}M"), ("3.19", ""), 5, 1.0),
        ];
        let both = cells(&strata(), &rows, &pair);
        let categories: Vec<&[String]> = both.iter().map(|c| c.categories.as_slice()).collect();
        assert_eq!(categories, [["16-29", "K"], ["16-29", "M"]]);
        assert_eq!(both[0].responded, 2.0);
        // A case without the pair (only in its stratum's row) has no value for either.
        let without = vec![counter_row(1, ("", ""), ("1.1", ""), 1, 1.0)];
        assert_eq!(cells(&strata(), &without, &pair)[0].categories, ["", ""]);
    }
}
