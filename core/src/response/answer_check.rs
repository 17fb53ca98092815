//! Checks one submitted answer against its item's type and brings it into the stored shape
//! (e.g. `1990.0` → `1990`, a select_multiple in choice-list order). Relevance, `required`
//! and `constraint` need the other answers and are checked in `save`.

use super::context::number_to_json;
use super::error::ItemErrorKind;
use super::MAX_TEXT_CHARS;
use crate::expr::date::CalendarDate;
use crate::form::model::{Choice, ItemKind};
use serde_json::Value as Json;

/// Largest whole number accepted as an integer answer: beyond ±2^53 JSON numbers lose
/// precision in most clients.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The stored form of `submitted` for an item of type `kind` with `choices`, `None` for "no
/// answer" (absent, null, "" or an empty list), or why it is refused.
pub(super) fn normalize_answer(
    kind: ItemKind,
    choices: &[Choice],
    submitted: Option<&Json>,
) -> Result<Option<Json>, ItemErrorKind> {
    let value = match submitted {
        None | Some(Json::Null) => return Ok(None),
        Some(Json::String(text)) if text.is_empty() => return Ok(None),
        Some(Json::Array(elements)) if elements.is_empty() => return Ok(None),
        Some(value) => value,
    };
    match kind {
        ItemKind::Text => text_answer(value),
        ItemKind::Integer => integer_answer(value),
        ItemKind::Decimal => decimal_answer(value),
        ItemKind::Date => date_answer(value),
        ItemKind::SelectOne => choice_name(value, choices)
            .map(|name| Some(Json::String(name)))
            .ok_or(ItemErrorKind::UnknownChoice),
        ItemKind::SelectMultiple => choice_list(value, choices),
        ItemKind::Note | ItemKind::Calculate => Err(ItemErrorKind::NotOnPage),
    }
}

fn text_answer(value: &Json) -> Result<Option<Json>, ItemErrorKind> {
    match value {
        Json::String(text) if text.chars().count() <= MAX_TEXT_CHARS => Ok(Some(value.clone())),
        _ => Err(ItemErrorKind::NotText),
    }
}

fn integer_answer(value: &Json) -> Result<Option<Json>, ItemErrorKind> {
    let Json::Number(number) = value else {
        return Err(ItemErrorKind::NotInteger);
    };
    if let Some(whole) = number.as_i64() {
        if (whole as f64).abs() <= MAX_SAFE_INTEGER {
            return Ok(Some(Json::from(whole)));
        }
        return Err(ItemErrorKind::NotInteger);
    }
    match number.as_f64() {
        Some(float) if float.fract() == 0.0 && float.abs() <= MAX_SAFE_INTEGER => {
            Ok(Some(number_to_json(float)))
        }
        _ => Err(ItemErrorKind::NotInteger),
    }
}

fn decimal_answer(value: &Json) -> Result<Option<Json>, ItemErrorKind> {
    match value {
        Json::Number(number) if number.as_f64().is_some_and(f64::is_finite) => {
            Ok(Some(value.clone()))
        }
        _ => Err(ItemErrorKind::NotNumber),
    }
}

fn date_answer(value: &Json) -> Result<Option<Json>, ItemErrorKind> {
    match value {
        Json::String(text) if CalendarDate::parse(text).is_some() => Ok(Some(value.clone())),
        _ => Err(ItemErrorKind::NotDate),
    }
}

/// The choice `value` names: a string, or a number equal to a choice named by digits (`1` for
/// choice `"1"`).
fn choice_name(value: &Json, choices: &[Choice]) -> Option<String> {
    let name = match value {
        Json::String(text) => text.clone(),
        Json::Number(number) => number.to_string(),
        _ => return None,
    };
    choices
        .iter()
        .any(|choice| choice.name == name)
        .then_some(name)
}

/// A list of distinct choice names, stored in the choice list's order.
fn choice_list(value: &Json, choices: &[Choice]) -> Result<Option<Json>, ItemErrorKind> {
    let Json::Array(elements) = value else {
        return Err(ItemErrorKind::NotAList);
    };
    let mut names = Vec::with_capacity(elements.len());
    for element in elements {
        if !matches!(element, Json::String(_) | Json::Number(_)) {
            return Err(ItemErrorKind::NotAList);
        }
        let name = choice_name(element, choices).ok_or(ItemErrorKind::UnknownChoice)?;
        if names.contains(&name) {
            return Err(ItemErrorKind::NotAList);
        }
        names.push(name);
    }
    let in_list_order = choices
        .iter()
        .filter(|choice| names.contains(&choice.name))
        .map(|choice| Json::String(choice.name.clone()))
        .collect();
    Ok(Some(Json::Array(in_list_order)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn choices(names: &[&str]) -> Vec<Choice> {
        names
            .iter()
            .map(|name| Choice {
                name: name.to_string(),
                label: Default::default(),
                columns: Default::default(),
            })
            .collect()
    }

    fn check(kind: ItemKind, value: Json) -> Result<Option<Json>, ItemErrorKind> {
        normalize_answer(kind, &choices(&["yes", "no", "1"]), Some(&value))
    }

    #[test]
    fn no_answer_forms() {
        for kind in [ItemKind::Integer, ItemKind::Text, ItemKind::SelectMultiple] {
            assert_eq!(normalize_answer(kind, &[], None), Ok(None));
            assert_eq!(normalize_answer(kind, &[], Some(&json!(null))), Ok(None));
            assert_eq!(normalize_answer(kind, &[], Some(&json!(""))), Ok(None));
            assert_eq!(normalize_answer(kind, &[], Some(&json!([]))), Ok(None));
        }
    }

    #[test]
    fn integers_must_be_whole_numbers() {
        assert_eq!(check(ItemKind::Integer, json!(1990)), Ok(Some(json!(1990))));
        assert_eq!(check(ItemKind::Integer, json!(-3)), Ok(Some(json!(-3))));
        assert_eq!(
            check(ItemKind::Integer, json!(1990.0)),
            Ok(Some(json!(1990)))
        );
        assert_eq!(
            check(ItemKind::Integer, json!(19.5)),
            Err(ItemErrorKind::NotInteger)
        );
        assert_eq!(
            check(ItemKind::Integer, json!("abc")),
            Err(ItemErrorKind::NotInteger)
        );
        assert_eq!(
            check(ItemKind::Integer, json!("1990")),
            Err(ItemErrorKind::NotInteger)
        );
        assert_eq!(
            check(ItemKind::Integer, json!(true)),
            Err(ItemErrorKind::NotInteger)
        );
        assert_eq!(
            check(ItemKind::Integer, json!(u64::MAX)),
            Err(ItemErrorKind::NotInteger)
        );
        assert_eq!(
            check(ItemKind::Integer, json!(1e300)),
            Err(ItemErrorKind::NotInteger)
        );
    }

    #[test]
    fn decimals_are_any_number() {
        assert_eq!(check(ItemKind::Decimal, json!(2.5)), Ok(Some(json!(2.5))));
        assert_eq!(check(ItemKind::Decimal, json!(3)), Ok(Some(json!(3))));
        assert_eq!(
            check(ItemKind::Decimal, json!("2.5")),
            Err(ItemErrorKind::NotNumber)
        );
    }

    #[test]
    fn dates_are_iso_calendar_dates() {
        assert_eq!(
            check(ItemKind::Date, json!("2024-02-29")),
            Ok(Some(json!("2024-02-29")))
        );
        assert_eq!(
            check(ItemKind::Date, json!("2023-02-29")),
            Err(ItemErrorKind::NotDate)
        );
        assert_eq!(
            check(ItemKind::Date, json!("29/02/2024")),
            Err(ItemErrorKind::NotDate)
        );
        assert_eq!(
            check(ItemKind::Date, json!(20240229)),
            Err(ItemErrorKind::NotDate)
        );
    }

    #[test]
    fn text_is_a_string_of_bounded_length() {
        assert_eq!(check(ItemKind::Text, json!("hej")), Ok(Some(json!("hej"))));
        let longest = "å".repeat(MAX_TEXT_CHARS);
        assert_eq!(
            check(ItemKind::Text, json!(longest)),
            Ok(Some(json!(longest)))
        );
        let too_long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            check(ItemKind::Text, json!(too_long)),
            Err(ItemErrorKind::NotText)
        );
        assert_eq!(
            check(ItemKind::Text, json!(42)),
            Err(ItemErrorKind::NotText)
        );
    }

    #[test]
    fn select_one_names_a_choice() {
        assert_eq!(
            check(ItemKind::SelectOne, json!("no")),
            Ok(Some(json!("no")))
        );
        assert_eq!(check(ItemKind::SelectOne, json!(1)), Ok(Some(json!("1"))));
        assert_eq!(
            check(ItemKind::SelectOne, json!("maybe")),
            Err(ItemErrorKind::UnknownChoice)
        );
        assert_eq!(
            check(ItemKind::SelectOne, json!(["no"])),
            Err(ItemErrorKind::UnknownChoice)
        );
    }

    #[test]
    fn select_multiple_is_a_list_of_distinct_choices_in_list_order() {
        assert_eq!(
            check(ItemKind::SelectMultiple, json!(["no", "yes"])),
            Ok(Some(json!(["yes", "no"])))
        );
        assert_eq!(
            check(ItemKind::SelectMultiple, json!("yes")),
            Err(ItemErrorKind::NotAList)
        );
        assert_eq!(
            check(ItemKind::SelectMultiple, json!(["yes", "yes"])),
            Err(ItemErrorKind::NotAList)
        );
        assert_eq!(
            check(ItemKind::SelectMultiple, json!(["yes", null])),
            Err(ItemErrorKind::NotAList)
        );
        assert_eq!(
            check(ItemKind::SelectMultiple, json!(["yes", "maybe"])),
            Err(ItemErrorKind::UnknownChoice)
        );
    }
}
