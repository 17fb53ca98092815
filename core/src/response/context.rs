//! The bridge between stored answers (JSON values) and the expression language's values:
//! expressions read answers through [`AnswerContext`], and calculated values are written back
//! as JSON with [`value_to_json`].

use super::Answers;
use crate::expr::{clock_now_ms, format_number, Context, Value};
use crate::form::model::Form;
use serde_json::Value as Json;

/// Answers seen by an expression, with `.` bound to one item's value. The value of `.` is
/// read only when an expression asks for it (most `relevant`s never do).
pub(super) struct AnswerContext<'a> {
    answers: &'a Answers,
    item: Option<&'a str>,
    /// The time `today()` and `now()` give; the clock's when `None`.
    now_ms: Option<i64>,
    /// The questionnaire, for `jr:choice-name` (labels in its default language).
    form: Option<&'a Form>,
}

impl<'a> AnswerContext<'a> {
    /// A context for an expression of item `name` (`.` is its answer); `None` for a page's.
    pub fn for_item(answers: &'a Answers, item: Option<&'a str>) -> Self {
        AnswerContext {
            answers,
            item,
            now_ms: None,
            form: None,
        }
    }

    /// The same context with `form`'s choice labels for `jr:choice-name`.
    pub fn with_form(self, form: &'a Form) -> Self {
        AnswerContext {
            form: Some(form),
            ..self
        }
    }

    /// The same context with `today()` and `now()` fixed at `now_ms` (one time for every
    /// calculation of a save, so `now()` does not differ between them).
    pub fn at(self, now_ms: i64) -> Self {
        AnswerContext {
            now_ms: Some(now_ms),
            ..self
        }
    }
}

impl Context for AnswerContext<'_> {
    fn value(&self, name: &str) -> Value {
        self.answers.get(name).map_or(Value::Empty, json_to_value)
    }

    fn current(&self) -> Value {
        self.item
            .and_then(|name| self.answers.get(name))
            .map_or(Value::Empty, json_to_value)
    }

    fn now_ms(&self) -> i64 {
        self.now_ms.unwrap_or_else(clock_now_ms)
    }

    fn choice_label(&self, question: &str, choice: &str) -> Value {
        let Some(form) = self.form else {
            return Value::Empty;
        };
        form.item(question)
            .and_then(|item| form.choices(item).iter().find(|c| c.name == choice))
            .map(|c| form.text(&c.label, &form.default_language))
            .filter(|label| !label.is_empty())
            .map_or(Value::Empty, |label| Value::Text(label.to_string()))
    }
}

/// A stored answer as an expression value: a select_multiple array becomes a list, "" and
/// null are empty.
pub(super) fn json_to_value(json: &Json) -> Value {
    match json {
        Json::Null | Json::Object(_) => Value::Empty,
        Json::Bool(flag) => Value::Bool(*flag),
        Json::Number(number) => number.as_f64().map_or(Value::Empty, Value::Number),
        Json::String(text) if text.is_empty() => Value::Empty,
        Json::String(text) => Value::Text(text.clone()),
        Json::Array(elements) => Value::List(elements.iter().map(json_to_text).collect()),
    }
}

/// A JSON scalar as text (numbers without ".0").
pub(super) fn json_to_text(json: &Json) -> String {
    match json {
        Json::String(text) => text.clone(),
        Json::Number(number) => number.as_f64().map(format_number).unwrap_or_default(),
        other => json_to_value(other).to_text(),
    }
}

/// A calculated value as a stored answer; `None` when it is empty. Whole numbers are stored
/// as JSON integers (37, not 37.0); booleans and lists as their XPath text.
pub(super) fn value_to_json(value: &Value) -> Option<Json> {
    if value.is_empty() {
        return None;
    }
    match value {
        Value::Number(number) => Some(number_to_json(*number)),
        other => Some(Json::String(other.to_text())),
    }
}

/// Largest magnitude stored as a JSON integer: all such `f64` are exact integers.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

/// A finite number as JSON: an integer if whole, else a float; NaN/inf (never stored) as null.
pub fn number_to_json(number: f64) -> Json {
    if number.fract() == 0.0 && number.abs() <= EXACT_INTEGER_LIMIT {
        // Exact: whole and within ±2^53.
        return Json::from(number as i64);
    }
    serde_json::Number::from_f64(number).map_or(Json::Null, Json::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_answers_become_values() {
        assert_eq!(json_to_value(&json!(null)), Value::Empty);
        assert_eq!(json_to_value(&json!("")), Value::Empty);
        assert_eq!(json_to_value(&json!("no")), Value::Text("no".into()));
        assert_eq!(json_to_value(&json!(1990)), Value::Number(1990.0));
        assert_eq!(
            json_to_value(&json!(["a", 2])),
            Value::List(vec!["a".into(), "2".into()])
        );
    }

    #[test]
    fn calculated_values_become_json() {
        assert_eq!(value_to_json(&Value::Number(37.0)), Some(json!(37)));
        assert_eq!(value_to_json(&Value::Number(2.5)), Some(json!(2.5)));
        assert_eq!(value_to_json(&Value::Number(f64::NAN)), None);
        assert_eq!(value_to_json(&Value::Text(String::new())), None);
        assert_eq!(value_to_json(&Value::Empty), None);
        assert_eq!(value_to_json(&Value::Bool(true)), Some(json!("true")));
        assert_eq!(
            value_to_json(&Value::List(vec!["a".into(), "b".into()])),
            Some(json!("a b"))
        );
    }
}
