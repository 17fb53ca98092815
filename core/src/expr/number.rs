//! Numbers as text: reading a string the way XPath's `number()` does (plain decimal notation
//! only, so "inf", "NaN" or "1e5" typed by a respondent never become numbers) and writing a
//! number back the way a person expects (2027 - 1990 is "37", not "37.0").

/// Reads `text` as a decimal number: optional surrounding whitespace, an optional `-`, digits
/// with at most one `.`. Anything else (including "") is NaN.
pub(crate) fn parse_decimal(text: &str) -> f64 {
    let trimmed = text.trim();
    let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let mut digits = 0usize;
    let mut dots = 0usize;
    for c in unsigned.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => dots += 1,
            _ => return f64::NAN,
        }
    }
    if digits == 0 || dots > 1 {
        return f64::NAN;
    }
    trimmed.parse::<f64>().unwrap_or(f64::NAN)
}

/// Largest magnitude below which every whole `f64` is printed as an integer.
const WHOLE_NUMBER_LIMIT: f64 = 1e15;

/// Writes a number for people and exports: whole numbers without a fraction, other finite
/// numbers in their shortest exact form, and NaN or infinity as "" (an undefined result is an
/// empty answer).
pub fn format_number(number: f64) -> String {
    if !number.is_finite() {
        return String::new();
    }
    if number.fract() == 0.0 && number.abs() < WHOLE_NUMBER_LIMIT {
        // Exact: the value is whole and well inside the i64 range.
        return format!("{}", number as i64);
    }
    format!("{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_parse() {
        assert_eq!(parse_decimal("37"), 37.0);
        assert_eq!(parse_decimal(" -2.5 "), -2.5);
        assert_eq!(parse_decimal(".5"), 0.5);
        assert_eq!(parse_decimal("5."), 5.0);
    }

    #[test]
    fn anything_else_is_nan() {
        for text in [
            "", " ", "-", ".", "1.2.3", "abc", "inf", "NaN", "1e5", "1 990", "+3",
        ] {
            assert!(parse_decimal(text).is_nan(), "{text:?}");
        }
    }

    #[test]
    fn whole_numbers_print_without_fraction() {
        assert_eq!(format_number(37.0), "37");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_number(f64::NAN), "");
        assert_eq!(format_number(f64::INFINITY), "");
    }
}
