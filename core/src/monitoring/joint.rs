//! Joint categories of two auxiliary variables, so that R-indicators over strata × two
//! auxiliaries read counters like everything else (METHODS.md §3: saturated cells stratum ×
//! chosen auxiliaries, never a scan of the cases). At import every pair of a sample's
//! auxiliaries (up to [`MAX_PAIRED`] of them) is stored with the case as one more auxiliary,
//! named `a␟b` with the value `x␟y` (␟ the unit separator, which no CSV header or cell of a
//! sample carries); the counters' triggers count it as they count any variable. Pure.

use std::collections::BTreeMap;

/// What joins the names of a pair and its categories.
pub const SEPARATOR: char = '\u{1f}';

/// A sample with more auxiliaries than this gets no pairs (their counters would grow as the
/// square of their number): its R-indicators take one auxiliary at a time.
pub const MAX_PAIRED: usize = 6;

/// The name a pair is stored under (the two names in order).
pub fn pair_name(a: &str, b: &str) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    format!("{first}{SEPARATOR}{second}")
}

/// Whether a stored variable is a pair, not a variable of the sample.
pub fn is_pair(name: &str) -> bool {
    name.contains(SEPARATOR)
}

/// The categories of a pair's stored value, one per variable.
pub fn split(value: &str) -> Vec<String> {
    value.split(SEPARATOR).map(str::to_string).collect()
}

/// A case's auxiliaries with every pair added.
pub fn with_pairs(auxiliaries: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = auxiliaries.clone();
    if auxiliaries.len() > MAX_PAIRED {
        return out;
    }
    let entries: Vec<(&String, &String)> = auxiliaries.iter().collect();
    for (i, (a, x)) in entries.iter().enumerate() {
        for (b, y) in &entries[i + 1..] {
            out.insert(pair_name(a, b), format!("{x}{SEPARATOR}{y}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_pair_is_added_in_name_order() {
        let with = with_pairs(&map(&[
            ("sex", "K"),
            ("age_group", "30-44"),
            ("county", ""),
        ]));
        assert_eq!(with.len(), 6);
        assert_eq!(with[&pair_name("sex", "age_group")], "30-44\u{1f}K");
        assert_eq!(with["age_group\u{1f}county"], "30-44\u{1f}");
        assert_eq!(split(&with["county\u{1f}sex"]), ["", "K"]);
        assert!(is_pair("county\u{1f}sex") && !is_pair("sex"));
    }

    #[test]
    fn too_many_auxiliaries_get_no_pairs() {
        let many: BTreeMap<String, String> = (0..=MAX_PAIRED)
            .map(|i| (format!("v{i}"), "x".into()))
            .collect();
        assert_eq!(with_pairs(&many), many);
    }
}
