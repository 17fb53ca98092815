//! From the database's counters to tallies per stratum and category: each counter row holds
//! the cases of one stratum (and one category of one auxiliary variable) with one pair of
//! codes, the one the respondent's actions derived and the one a manager set; the code that
//! counts ([`effective`]) picks the bucket. Cases without a value for the variable are the
//! stratum's total less its categories, under the empty category.

use super::{Bucket, BucketCounts};
use crate::disposition_code::effective;
use std::collections::BTreeMap;

/// One counter as stored: `variable` and `category` are empty for the stratum's own row.
#[derive(Debug, Clone, PartialEq)]
pub struct CounterRow {
    pub stratum_id: i64,
    pub variable: String,
    pub category: String,
    pub disposition: String,
    /// The manager's code, empty when there is none.
    pub manual_code: String,
    pub cases: i64,
    pub weight: f64,
}

/// Cases and design-weighted cases per bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub counts: BucketCounts<i64>,
    pub weighted: BucketCounts<f64>,
}

impl Tally {
    pub fn add_all(&mut self, other: &Tally) {
        self.counts.add_all(&other.counts);
        self.weighted.add_all(&other.weighted);
    }

    fn add_row(&mut self, row: &CounterRow) {
        let manual = Some(row.manual_code.as_str()).filter(|m| !m.is_empty());
        if let Some(bucket) = Bucket::of_code(effective(&row.disposition, manual)) {
            self.counts.add(bucket, row.cases);
            self.weighted.add(bucket, row.weight);
        }
    }

    /// `self` less `part`, bucket by bucket.
    fn less(&self, part: &Tally) -> Tally {
        let mut rest = *self;
        let mut negative = Tally::default();
        for b in Bucket::ALL {
            negative.counts.add(b, -part.counts.get(b));
            negative.weighted.add(b, -part.weighted.get(b));
        }
        rest.add_all(&negative);
        rest
    }

    fn is_empty(&self) -> bool {
        self.counts.total() == 0
    }
}

/// A stratum's cases in all, and per category of the variable asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StratumTally {
    pub total: Tally,
    pub by_category: BTreeMap<String, Tally>,
}

/// Tallies per stratum id, with categories of `variable` (none when it is empty).
pub fn tallies(rows: &[CounterRow], variable: &str) -> BTreeMap<i64, StratumTally> {
    let mut out: BTreeMap<i64, StratumTally> = BTreeMap::new();
    for row in rows {
        let stratum = out.entry(row.stratum_id).or_default();
        if row.variable.is_empty() {
            stratum.total.add_row(row);
        } else if !variable.is_empty() && row.variable == variable {
            stratum
                .by_category
                .entry(row.category.clone())
                .or_default()
                .add_row(row);
        }
    }
    if !variable.is_empty() {
        for stratum in out.values_mut() {
            let mut known = Tally::default();
            for (category, tally) in &stratum.by_category {
                if !category.is_empty() {
                    known.add_all(tally);
                }
            }
            let without = stratum.total.less(&known);
            if without.is_empty() {
                stratum.by_category.remove("");
            } else {
                stratum.by_category.insert(String::new(), without);
            }
        }
    }
    out
}

/// A counter row for tests: `cases` cases of design weight `d` each.
#[cfg(test)]
pub(crate) fn counter_row(
    stratum_id: i64,
    (variable, category): (&str, &str),
    (code, manual): (&str, &str),
    cases: i64,
    d: f64,
) -> CounterRow {
    CounterRow {
        stratum_id,
        variable: variable.into(),
        category: category.into(),
        disposition: code.into(),
        manual_code: manual.into(),
        cases,
        weight: cases as f64 * d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_that_counts_picks_the_bucket() {
        let rows = [
            counter_row(1, ("", ""), ("1.1", ""), 3, 10.0),
            // A manager's 4.12 wins over the respondent's partial; a manager's 3.30 loses to a
            // respondent who logged on.
            counter_row(1, ("", ""), ("1.2", "4.12"), 1, 10.0),
            counter_row(1, ("", ""), ("2.1121", "3.30"), 2, 10.0),
            counter_row(1, ("", ""), ("3.19", "3.30"), 4, 10.0),
        ];
        let t = tallies(&rows, "");
        let s = &t[&1].total;
        assert_eq!(
            (s.counts.i, s.counts.p, s.counts.ne, s.counts.r, s.counts.uo),
            (3, 0, 1, 2, 4)
        );
        assert_eq!(s.weighted.uo, 40.0);
    }

    #[test]
    fn cases_without_a_value_are_the_total_less_the_categories() {
        let rows = [
            counter_row(1, ("", ""), ("1.1", ""), 5, 10.0),
            counter_row(1, ("", ""), ("3.19", ""), 5, 10.0),
            counter_row(1, ("sex", "F"), ("1.1", ""), 2, 10.0),
            counter_row(1, ("sex", "M"), ("1.1", ""), 1, 10.0),
            counter_row(1, ("sex", "M"), ("3.19", ""), 5, 10.0),
            counter_row(1, ("age", "16-29"), ("1.1", ""), 5, 10.0),
        ];
        let t = tallies(&rows, "sex");
        let by = &t[&1].by_category;
        assert_eq!(by["F"].counts.i, 2);
        assert_eq!(by[""].counts.i, 2, "two completes have no sex recorded");
        assert_eq!(by[""].counts.uh, 0);
        let all_known = tallies(&rows, "age");
        assert!(all_known[&1].by_category.contains_key("16-29"));
        assert_eq!(all_known[&1].by_category[""].counts.uh, 5);
        let strata_only = tallies(&rows, "");
        assert!(strata_only[&1].by_category.is_empty());
    }
}
