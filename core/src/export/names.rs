//! Column names that every target accepts: unique CSV headers, and SPSS / Stata variable names
//! (ASCII letters, digits and `_`, a letter first, at most 32 bytes, no reserved word, unique
//! ignoring case). XLSForm names may hold `-` and `.`, and `item_choice` may be long or clash.

use std::collections::HashSet;

/// The longest variable name both SPSS and Stata (before 118) accept.
pub const MAX_STAT_NAME: usize = 32;

/// Words SPSS or Stata refuse as variable names (compared ignoring case).
const RESERVED: &[&str] = &[
    "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with", "byte",
    "double", "float", "if", "in", "int", "long", "using", "strl", "_all", "_n", "_pi", "_b",
];

/// `names` made unique by appending `_2`, `_3`, … to a repeated name.
pub fn unique_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut used = HashSet::new();
    names
        .map(|name| {
            let mut candidate = name.to_owned();
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                candidate = format!("{name}_{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

/// SPSS / Stata variable names for `names`, in the same order.
pub fn stat_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut used = HashSet::new();
    names
        .map(|name| {
            let base = stat_name(name);
            let mut candidate = base.clone();
            let mut n = 2;
            while !used.insert(candidate.to_ascii_lowercase()) {
                let suffix = format!("_{n}");
                candidate = format!(
                    "{}{suffix}",
                    &base[..base.len().min(MAX_STAT_NAME - suffix.len())]
                );
                n += 1;
            }
            candidate
        })
        .collect()
}

/// One name made valid (not yet unique).
fn stat_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'v');
    }
    if RESERVED.contains(&out.to_ascii_lowercase().as_str()) {
        out.push('_');
    }
    out.truncate(MAX_STAT_NAME);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_csv_names_get_a_number() {
        assert_eq!(
            unique_names(["a", "b", "a", "a"].into_iter()),
            ["a", "b", "a_2", "a_3"]
        );
    }

    #[test]
    fn stat_names_are_valid_identifiers() {
        assert_eq!(
            stat_names(["trust-police", "1st", "_x", "with", "fine_name"].into_iter()),
            ["trust_police", "v1st", "v_x", "with_", "fine_name"]
        );
        assert_eq!(stat_names(["fråga"].into_iter()), ["fr_ga"]);
    }

    #[test]
    fn long_names_are_cut_and_kept_unique_ignoring_case() {
        let long_a = "discrimination_grounds_religion_a";
        let long_b = "discrimination_grounds_religion_b";
        let names = stat_names([long_a, long_b, "X", "x"].into_iter());
        assert_eq!(names[0], "discrimination_grounds_religion_");
        assert_eq!(names[1], "discrimination_grounds_religio_2");
        assert_eq!(names[3], "x_2");
        assert!(names.iter().all(|n| n.len() <= MAX_STAT_NAME));
    }
}
