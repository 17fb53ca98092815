//! Figures as the dashboard prints them, in the page's language: rates as percentages with one
//! decimal, indicators with three, Swedish with a decimal comma; an undefined figure (a zero
//! denominator, JSON `null`) is a dash with an accessible text, never "NaN" or "0". The live
//! script (`static/dashboard.js`) prints the same way.

/// One printed figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The number as shown, or "–".
    pub text: String,
    /// False for a figure that is not defined: the page then adds the words for "not defined".
    pub defined: bool,
}

impl Figure {
    fn undefined() -> Figure {
        Figure {
            text: "–".to_string(),
            defined: false,
        }
    }
}

/// A share (0.423) as a percentage with one decimal ("42.3" or "42,3").
pub fn percent(lang: &str, share: Option<f64>) -> Figure {
    decimal(lang, share.map(|s| s * 100.0), 1)
}

/// A number with `places` decimals in the page language's format.
pub fn decimal(lang: &str, value: Option<f64>, places: usize) -> Figure {
    match value.filter(|v| v.is_finite()) {
        None => Figure::undefined(),
        Some(v) => {
            let text = format!("{v:.places$}");
            let text = if lang == "sv" {
                text.replace('.', ",")
            } else {
                text
            };
            Figure {
                // A minus sign, not a hyphen, so it reads as one ("−0,012").
                text: text.replace('-', "\u{2212}"),
                defined: true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_percentages_with_one_decimal_in_the_page_language() {
        assert_eq!(percent("en", Some(0.4234)).text, "42.3");
        assert_eq!(percent("sv", Some(0.4234)).text, "42,3");
        assert_eq!(percent("sv", Some(0.0)).text, "0,0");
        assert_eq!(percent("en", Some(1.0)).text, "100.0");
    }

    #[test]
    fn an_undefined_figure_is_a_dash_and_says_so() {
        for value in [None, Some(f64::NAN), Some(f64::INFINITY)] {
            let f = percent("sv", value);
            assert_eq!(f.text, "–");
            assert!(!f.defined);
        }
    }

    #[test]
    fn indicators_keep_their_sign() {
        assert_eq!(decimal("sv", Some(-0.0123), 3).text, "\u{2212}0,012");
        assert_eq!(decimal("en", Some(0.8766), 3).text, "0.877");
    }
}
