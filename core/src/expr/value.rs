//! The values expressions compute with, and XPath's loose rules for converting between them.
//! An unanswered question is [`Value::Empty`], which behaves as the empty string; numbers and
//! strings convert into each other as XPath 1.0 does, so authors' XLSForm logic behaves as in
//! ODK and Kobo.

use super::date::CalendarDate;
use super::number::{format_number, parse_decimal};

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No answer (an unanswered or not relevant question); behaves as `''`.
    Empty,
    Number(f64),
    Text(String),
    /// The choice names of a select_multiple answer.
    List(Vec<String>),
    Bool(bool),
    /// A question of a repeat read from outside an instance: its value in each instance that
    /// exists, in order (XPath's node-set). `count`, `sum`, `max`, `min`, `join` and
    /// `indexed-repeat` use every value; anything else reads the first, as XPath does.
    Nodes(Vec<Value>),
}

impl Value {
    /// XPath `number()`: numbers as they are, decimal text read strictly, an ISO date as its
    /// day number since 1970-01-01, `true`/`false` as 1/0, anything else NaN.
    pub fn to_number(&self) -> f64 {
        match self {
            Value::Empty => f64::NAN,
            Value::Number(number) => *number,
            Value::Bool(flag) => f64::from(u8::from(*flag)),
            Value::Nodes(nodes) => nodes.first().map_or(f64::NAN, Value::to_number),
            Value::Text(_) | Value::List(_) => {
                let text = self.to_text();
                match CalendarDate::parse(text.trim()) {
                    // Day numbers stay far below 2^53, so the conversion is exact.
                    Some(date) => date.days_since_epoch() as f64,
                    None => parse_decimal(&text),
                }
            }
        }
    }

    /// XPath `string()`: whole numbers without ".0", an undefined number as "", a list as its
    /// choice names separated by spaces (the XForms form of a select_multiple answer).
    pub fn to_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Number(number) => format_number(*number),
            Value::Text(text) => text.clone(),
            Value::List(names) => names.join(" "),
            Value::Bool(flag) => flag.to_string(),
            Value::Nodes(nodes) => nodes.first().map(Value::to_text).unwrap_or_default(),
        }
    }

    /// Whether this counts as "no value": empty, "", an empty list or an undefined number.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Number(number) => !number.is_finite(),
            Value::Text(text) => text.is_empty(),
            Value::List(names) => names.is_empty(),
            Value::Bool(_) => false,
            Value::Nodes(nodes) => nodes.first().is_none_or(Value::is_empty),
        }
    }

    /// The choice names this value holds: a list's names, or the words of a text (so a
    /// select_multiple answer kept as "a b" text still works).
    pub fn choice_names(&self) -> Vec<String> {
        match self {
            Value::List(names) => names.clone(),
            Value::Nodes(nodes) => nodes.first().map(Value::choice_names).unwrap_or_default(),
            other => other
                .to_text()
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// NaN and infinity, which arithmetic can produce, are no value.
    pub(crate) fn defined(self) -> Value {
        match self {
            Value::Number(number) if !number.is_finite() => Value::Empty,
            other => other,
        }
    }
}

/// XPath `boolean()`: empty, "", 0, NaN and an empty list are false; everything else is true.
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Empty => false,
        Value::Bool(flag) => *flag,
        Value::Number(number) => *number != 0.0 && !number.is_nan(),
        Value::Text(text) => !text.is_empty(),
        Value::List(names) => !names.is_empty(),
        Value::Nodes(nodes) => !nodes.is_empty(),
    }
}

/// XPath `=`: with a boolean on either side both are compared as booleans; else with a
/// number on either side both are compared as numbers (so a non-numeric string or an empty
/// value never equals a number); else as strings ('' equals an unanswered question).
pub(crate) fn values_equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Bool(flag), other) | (other, Value::Bool(flag)) => *flag == truthy(other),
        (Value::Number(number), other) | (other, Value::Number(number)) => {
            *number == other.to_number()
        }
        _ => left.to_text() == right.to_text(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    #[test]
    fn empty_behaves_as_empty_string() {
        assert!(values_equal(&Value::Empty, &text("")));
        assert!(!values_equal(&Value::Empty, &text("no")));
        assert_eq!(Value::Empty.to_text(), "");
        assert!(Value::Empty.to_number().is_nan());
    }

    #[test]
    fn number_against_string_compares_numerically() {
        assert!(values_equal(&Value::Number(3.0), &text("3")));
        assert!(values_equal(&Value::Number(3.0), &text(" 3.0 ")));
        assert!(!values_equal(&Value::Number(3.0), &text("abc")));
        assert!(!values_equal(&Value::Number(3.0), &text("")));
        assert!(!values_equal(&Value::Number(0.0), &Value::Empty));
        assert!(values_equal(&text("3"), &Value::Number(3.0)));
    }

    #[test]
    fn booleans_compare_as_booleans() {
        assert!(values_equal(&Value::Bool(true), &text("x")));
        assert!(values_equal(&Value::Bool(false), &Value::Empty));
        assert!(values_equal(&Value::Number(0.0), &Value::Bool(false)));
    }

    #[test]
    fn truthiness() {
        assert!(!truthy(&Value::Empty));
        assert!(!truthy(&text("")));
        assert!(!truthy(&Value::Number(0.0)));
        assert!(!truthy(&Value::Number(f64::NAN)));
        assert!(!truthy(&Value::List(vec![])));
        assert!(truthy(&text("0")));
        assert!(truthy(&Value::Number(-1.0)));
        assert!(truthy(&Value::List(vec!["a".into()])));
    }

    #[test]
    fn conversions() {
        assert_eq!(Value::Number(37.0).to_text(), "37");
        assert_eq!(Value::List(vec!["a".into(), "b".into()]).to_text(), "a b");
        assert_eq!(Value::Bool(true).to_number(), 1.0);
        assert_eq!(text("1970-01-11").to_number(), 10.0);
        assert_eq!(text("a b").choice_names(), vec!["a", "b"]);
        assert!(Value::Number(f64::NAN).is_empty());
        assert_eq!(Value::Number(f64::INFINITY).defined(), Value::Empty);
    }
}
