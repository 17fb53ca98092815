//! AAPOR disposition codes as a type that cannot hold a bad value (METHODS.md §1), and the
//! rule that combines a code a field manager set by hand with the one the respondent's actions
//! derive ([`crate::disposition`]) into the code every list, statistic and export shows.
//!
//! A code is a digit string, never a float: "2.10" and "2.1" are different texts, and the
//! roll-up (drop the last digit) works on the text. Accepted are the codes of the METHODS.md
//! table and local sub-codes under any of them (more digits after a listed code).

use std::fmt;

/// The codes of METHODS.md §1 (3.2x: the postal returns 3.20–3.29).
const KNOWN: &[&str] = &[
    "1.1", "1.2", "2.10", "2.11", "2.111", "2.112", "2.1121", "2.1122", "2.113", "2.12", "2.20",
    "2.26", "2.27", "2.30", "2.31", "2.32", "2.33", "2.333", "2.34", "2.35", "2.36", "3.10",
    "3.11", "3.19", "3.20", "3.21", "3.22", "3.23", "3.24", "3.25", "3.26", "3.27", "3.28", "3.29",
    "3.30", "3.40", "3.90", "3.91", "4.10", "4.11", "4.12", "4.13", "4.80", "4.81", "4.90",
];

/// Most digits after the dot (a listed code has at most four; two more for local sub-codes).
const MAX_DECIMALS: usize = 6;

/// A valid disposition code, e.g. `3.30`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DispositionCode(String);

/// Why a text is not a disposition code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DispositionCodeError {
    #[error(
        "must be a code like 3.30: a digit from 1 to 4, a dot and up to {MAX_DECIMALS} digits"
    )]
    Malformed,
    #[error("is not an AAPOR disposition code of METHODS.md §1 nor a sub-code of one")]
    Unknown,
}

impl DispositionCode {
    /// Parses a code as written (no spaces, no other separators).
    pub fn parse(text: &str) -> Result<DispositionCode, DispositionCodeError> {
        let (head, tail) = text
            .split_once('.')
            .ok_or(DispositionCodeError::Malformed)?;
        let well_formed = matches!(head, "1" | "2" | "3" | "4")
            && !tail.is_empty()
            && tail.len() <= MAX_DECIMALS
            && tail.bytes().all(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(DispositionCodeError::Malformed);
        }
        // A listed code, or one that extends a listed code by more digits.
        if KNOWN.iter().any(|k| text.starts_with(k)) {
            Ok(DispositionCode(text.to_string()))
        } else {
            Err(DispositionCodeError::Unknown)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Unknown eligibility (3.x): nothing came back, or only the envelope did.
    pub fn is_unknown_eligibility(&self) -> bool {
        is_unknown_eligibility(&self.0)
    }
}

impl fmt::Display for DispositionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_unknown_eligibility(code: &str) -> bool {
    code.starts_with("3.")
}

/// The code that counts, from the code derived from the respondent's actions and the code a
/// manager set, if any (METHODS.md §1, derivation rules 1, 2 and 6):
/// - a manager's 4.x (not eligible) or any other non-3.x code wins;
/// - a manager's 3.x code (e.g. 3.30, the letter came back undelivered) holds only while the
///   respondent has done nothing (the derived code is still 3.x): a respondent who logs on or
///   declines after the letter came back has shown that the address reached them.
///
/// Strings in, string out, so that it reads stored values as they are; the worker that sends
/// reminders (a later issue) must decide on this code too.
pub fn effective<'a>(derived: &'a str, manual: Option<&'a str>) -> &'a str {
    match manual {
        None => derived,
        Some(m) if is_unknown_eligibility(m) && !is_unknown_eligibility(derived) => derived,
        Some(m) => m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_codes_and_local_sub_codes_parse() {
        for ok in [
            "1.1", "2.10", "2.1121", "3.30", "3.40", "4.12", "4.80", "3.25", "4.121",
        ] {
            assert_eq!(DispositionCode::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn floats_and_other_texts_are_refused() {
        for bad in [
            "", "3", "3.", ".30", "3,30", " 3.30", "3.30 ", "5.1", "0.1", "3.3a", "1e1",
        ] {
            assert_eq!(
                DispositionCode::parse(bad),
                Err(DispositionCodeError::Malformed),
                "{bad:?}"
            );
        }
        assert_eq!(
            DispositionCode::parse("3.1234567"),
            Err(DispositionCodeError::Malformed)
        );
        // Well formed, but no listed code: 2.1 is written 2.10; 1.3 and 3.50 do not exist.
        for unknown in ["2.1", "1.3", "3.50", "4.2", "2.4"] {
            assert_eq!(
                DispositionCode::parse(unknown),
                Err(DispositionCodeError::Unknown),
                "{unknown:?}"
            );
        }
    }

    #[test]
    fn a_manager_code_that_is_not_3x_wins() {
        for derived in ["3.11", "3.19", "2.1121", "1.2", "1.1", "2.111"] {
            assert_eq!(effective(derived, Some("4.12")), "4.12", "{derived}");
            assert_eq!(effective(derived, Some("2.31")), "2.31", "{derived}");
        }
    }

    #[test]
    fn a_manager_3x_code_holds_only_while_the_respondent_did_nothing() {
        assert_eq!(effective("3.19", Some("3.30")), "3.30");
        assert_eq!(effective("3.11", Some("3.40")), "3.40");
        // Logged on, answered, declined after the letter came back: the respondent wins.
        assert_eq!(effective("2.1121", Some("3.30")), "2.1121");
        assert_eq!(effective("1.1", Some("3.30")), "1.1");
        assert_eq!(effective("2.111", Some("3.30")), "2.111");
    }

    #[test]
    fn without_a_manager_code_the_derived_one_counts() {
        assert_eq!(effective("1.2", None), "1.2");
        assert_eq!(effective("3.19", None), "3.19");
    }
}
