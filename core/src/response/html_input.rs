//! Turns the raw fields of a submitted HTML form into the JSON answer shape that
//! [`CompiledForm::save_page`] checks, so that the server-rendered pages and the JSON API
//! share one validation. Text that does not read as a number is kept as text, so that
//! `save_page` refuses it with the proper error and the page can show what was typed.

use super::compiled::CompiledForm;
use crate::form::model::{Item, ItemKind};
use serde_json::{Map, Value as Json};

impl CompiledForm {
    /// Converts form fields of page `page` into answers: repeated keys of a select_multiple
    /// become an array, numbers that read as numbers become JSON numbers, everything else a
    /// string. Fields named `_…` that are not items (`_csrf`, `_action`) are ignored; other
    /// unknown names are passed on so that `save_page` reports them. For other items the last
    /// of repeated fields wins.
    pub fn parse_form_input(&self, page: usize, fields: &[(String, String)]) -> Map<String, Json> {
        let items = self.page_items(page);
        let mut answers = Map::new();
        for (name, raw) in fields {
            let item = items.iter().find(|item| item.name == *name);
            match item {
                None if name.starts_with('_') => {}
                None => {
                    answers.insert(name.clone(), Json::String(raw.clone()));
                }
                Some(item) if matches!(item.kind, ItemKind::SelectMultiple | ItemKind::Rank) => {
                    add_choice(&mut answers, name, raw);
                }
                Some(item) => {
                    answers.insert(name.clone(), field_value(item, raw));
                }
            }
        }
        answers
    }
}

/// Adds one ticked checkbox to a select_multiple's array (an empty value, as sent by a hidden
/// "nothing ticked" field, adds nothing but still marks the question as submitted).
fn add_choice(answers: &mut Map<String, Json>, name: &str, raw: &str) {
    let entry = answers
        .entry(name.to_owned())
        .or_insert_with(|| Json::Array(Vec::new()));
    if let Json::Array(names) = entry {
        let choice = raw.trim();
        if !choice.is_empty() {
            names.push(Json::String(choice.to_owned()));
        }
    }
}

/// One field's value in the JSON shape of its item's type.
pub(super) fn field_value(item: &Item, raw: &str) -> Json {
    let trimmed = raw.trim();
    match item.kind {
        ItemKind::Integer => trimmed
            .parse::<i64>()
            .map(Json::from)
            .unwrap_or_else(|_| Json::String(trimmed.to_owned())),
        ItemKind::Decimal | ItemKind::Range => parse_decimal_field(trimmed)
            .and_then(serde_json::Number::from_f64)
            .map(Json::Number)
            .unwrap_or_else(|| Json::String(trimmed.to_owned())),
        ItemKind::Text => Json::String(raw.replace("\r\n", "\n")),
        ItemKind::Date
        | ItemKind::Time
        | ItemKind::DateTime
        | ItemKind::Acknowledge
        | ItemKind::SelectOne
        | ItemKind::Note
        | ItemKind::Calculate => Json::String(trimmed.to_owned()),
        ItemKind::SelectMultiple | ItemKind::Rank => {
            Json::Array(vec![Json::String(trimmed.to_owned())])
        }
    }
}

/// A decimal typed by a person: plain notation with `.` or a decimal comma ("3,5", as typed
/// in Swedish); no exponents, "inf" or "NaN".
fn parse_decimal_field(text: &str) -> Option<f64> {
    let normalised = if text.contains('.') {
        text.to_owned()
    } else {
        text.replacen(',', ".", 1)
    };
    let unsigned = normalised.strip_prefix('-').unwrap_or(&normalised);
    let plain = unsigned.chars().any(|c| c.is_ascii_digit())
        && unsigned.chars().all(|c| c.is_ascii_digit() || c == '.')
        && unsigned.matches('.').count() <= 1;
    plain
        .then(|| normalised.parse::<f64>().ok())
        .flatten()
        .filter(|number| number.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_fields() {
        assert_eq!(parse_decimal_field("3.5"), Some(3.5));
        assert_eq!(parse_decimal_field("3,5"), Some(3.5));
        assert_eq!(parse_decimal_field("-2"), Some(-2.0));
        assert_eq!(parse_decimal_field("1,000.5"), None);
        assert_eq!(parse_decimal_field("1e5"), None);
        assert_eq!(parse_decimal_field("NaN"), None);
        assert_eq!(parse_decimal_field(""), None);
    }
}
