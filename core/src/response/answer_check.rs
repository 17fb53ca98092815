//! Checks one submitted answer against its item's type and brings it into the stored shape
//! (e.g. `1990.0` → `1990`, a select_multiple in choice-list order). Relevance, `required`
//! and `constraint` need the other answers and are checked in `save`.

use super::context::number_to_json;
use super::error::ItemErrorKind;
use super::MAX_TEXT_CHARS;
use crate::expr::date::CalendarDate;
use crate::form::model::{Choice, Item, ItemKind, RangeScale};
use serde_json::Value as Json;

/// Largest whole number accepted as an integer answer: beyond ±2^53 JSON numbers lose
/// precision in most clients.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The stored form of `submitted` for `item` with `choices`, `None` for "no answer" (absent,
/// null, "" or an empty list), or why it is refused.
pub(super) fn normalize_answer(
    item: &Item,
    choices: &[Choice],
    submitted: Option<&Json>,
) -> Result<Option<Json>, ItemErrorKind> {
    let value = match submitted {
        None | Some(Json::Null) => return Ok(None),
        Some(Json::String(text)) if text.is_empty() => return Ok(None),
        Some(Json::Array(elements)) if elements.is_empty() => return Ok(None),
        Some(value) => value,
    };
    match item.kind {
        ItemKind::Text => text_answer(value),
        ItemKind::Integer => integer_answer(value),
        ItemKind::Decimal => decimal_answer(value),
        ItemKind::Date => date_answer(value),
        ItemKind::Time => time_answer(value),
        ItemKind::DateTime => date_time_answer(value),
        ItemKind::Range => range_answer(value, item.range.as_ref()),
        ItemKind::Acknowledge => acknowledgement(value),
        ItemKind::SelectOne => choice_name(value, choices)
            .map(|name| Some(Json::String(name)))
            .ok_or(ItemErrorKind::UnknownChoice),
        ItemKind::SelectMultiple => choice_list(value, choices),
        ItemKind::Rank => ranking(value, choices),
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

/// A time of day as `HH:MM` (seconds, as some browsers send them, are dropped).
fn time_answer(value: &Json) -> Result<Option<Json>, ItemErrorKind> {
    value
        .as_str()
        .and_then(time_of_day)
        .map(|time| Some(Json::String(time)))
        .ok_or(ItemErrorKind::NotTime)
}

/// `HH:MM` or `HH:MM:SS` on a 24-hour clock, as `HH:MM`.
fn time_of_day(text: &str) -> Option<String> {
    let mut parts = text.trim().split(':');
    let hours = two_digits(parts.next()?).filter(|h| *h < 24)?;
    let minutes = two_digits(parts.next()?).filter(|m| *m < 60)?;
    match (parts.next(), parts.next()) {
        (None, _) => {}
        (Some(seconds), None) if two_digits(seconds).is_some_and(|s| s < 60) => {}
        _ => return None,
    }
    Some(format!("{hours:02}:{minutes:02}"))
}

fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A date and a time of day, `YYYY-MM-DDTHH:MM` (a space for the `T`, as typed where the
/// browser has no date-time field), stored with the `T`.
fn date_time_answer(value: &Json) -> Result<Option<Json>, ItemErrorKind> {
    let text = value.as_str().map(str::trim).unwrap_or("");
    let (date, time) = text
        .split_once('T')
        .or_else(|| text.split_once(' '))
        .unwrap_or((text, ""));
    match (CalendarDate::parse(date), time_of_day(time)) {
        (Some(_), Some(time)) => Ok(Some(Json::String(format!("{date}T{time}")))),
        _ => Err(ItemErrorKind::NotDateTime),
    }
}

/// A number on the question's scale.
fn range_answer(value: &Json, scale: Option<&RangeScale>) -> Result<Option<Json>, ItemErrorKind> {
    let number = value.as_f64().ok_or(ItemErrorKind::NotNumber)?;
    match scale {
        Some(scale) if scale.contains(number) => Ok(Some(number_to_json(number))),
        _ => Err(ItemErrorKind::OutOfRange),
    }
}

/// `OK`, ODK's value for a confirmed statement (any case; `true` from a JSON client).
fn acknowledgement(value: &Json) -> Result<Option<Json>, ItemErrorKind> {
    match value {
        Json::Bool(true) => Ok(Some(Json::String(ACKNOWLEDGED.to_string()))),
        Json::String(text) if text.trim().eq_ignore_ascii_case(ACKNOWLEDGED) => {
            Ok(Some(Json::String(ACKNOWLEDGED.to_string())))
        }
        Json::Bool(false) => Ok(None),
        _ => Err(ItemErrorKind::NotAcknowledged),
    }
}

/// The answer of a confirmed `acknowledge` question, as ODK stores it.
pub const ACKNOWLEDGED: &str = "OK";

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

/// Distinct choice names, in the order given.
fn distinct_choices(value: &Json, choices: &[Choice]) -> Result<Vec<String>, ItemErrorKind> {
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
    Ok(names)
}

/// A ranking: distinct choice names, first the most preferred, stored in that order (the
/// respondent may rank only the first few).
fn ranking(value: &Json, choices: &[Choice]) -> Result<Option<Json>, ItemErrorKind> {
    let names = distinct_choices(value, choices)?;
    Ok(Some(Json::Array(
        names.into_iter().map(Json::String).collect(),
    )))
}

/// A list of distinct choice names, stored in the choice list's order.
fn choice_list(value: &Json, choices: &[Choice]) -> Result<Option<Json>, ItemErrorKind> {
    let names = distinct_choices(value, choices)?;
    let mut in_list_order: Vec<Json> = Vec::with_capacity(names.len());
    for choice in choices {
        let name = Json::String(choice.name.clone());
        // A name a list repeats (allow_choice_duplicates) is one answer.
        if names.contains(&choice.name) && !in_list_order.contains(&name) {
            in_list_order.push(name);
        }
    }
    Ok(Some(Json::Array(in_list_order)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::response::demo_form::item;

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
        normalize_answer(
            &item("q", kind),
            &choices(&["yes", "no", "1"]),
            Some(&value),
        )
    }

    #[test]
    fn no_answer_forms() {
        for kind in [ItemKind::Integer, ItemKind::Text, ItemKind::SelectMultiple] {
            let item = item("q", kind);
            assert_eq!(normalize_answer(&item, &[], None), Ok(None));
            assert_eq!(normalize_answer(&item, &[], Some(&json!(null))), Ok(None));
            assert_eq!(normalize_answer(&item, &[], Some(&json!(""))), Ok(None));
            assert_eq!(normalize_answer(&item, &[], Some(&json!([]))), Ok(None));
        }
    }

    #[test]
    fn times_are_hours_and_minutes() {
        assert_eq!(
            check(ItemKind::Time, json!("07:05")),
            Ok(Some(json!("07:05")))
        );
        assert_eq!(
            check(ItemKind::Time, json!("23:59:30")),
            Ok(Some(json!("23:59")))
        );
        for wrong in [
            json!("24:00"),
            json!("7:05"),
            json!("12:60"),
            json!(1230),
            json!("12:30:61"),
        ] {
            assert_eq!(check(ItemKind::Time, wrong), Err(ItemErrorKind::NotTime));
        }
    }

    #[test]
    fn date_times_are_a_date_and_a_time() {
        assert_eq!(
            check(ItemKind::DateTime, json!("2026-12-07T21:30")),
            Ok(Some(json!("2026-12-07T21:30")))
        );
        assert_eq!(
            check(ItemKind::DateTime, json!("2026-12-07 21:30:15")),
            Ok(Some(json!("2026-12-07T21:30")))
        );
        for wrong in [
            json!("2026-02-30T10:00"),
            json!("2026-12-07"),
            json!("21:30"),
        ] {
            assert_eq!(
                check(ItemKind::DateTime, wrong),
                Err(ItemErrorKind::NotDateTime)
            );
        }
    }

    #[test]
    fn a_range_answer_is_on_the_scale() {
        let trust = Item {
            range: Some(RangeScale {
                start: 0.0,
                end: 10.0,
                step: 1.0,
            }),
            ..item("trust", ItemKind::Range)
        };
        let answer = |value: Json| normalize_answer(&trust, &[], Some(&value));
        assert_eq!(answer(json!(7)), Ok(Some(json!(7))));
        assert_eq!(answer(json!(0.0)), Ok(Some(json!(0))));
        assert_eq!(answer(json!(11)), Err(ItemErrorKind::OutOfRange));
        assert_eq!(answer(json!(2.5)), Err(ItemErrorKind::OutOfRange));
        assert_eq!(answer(json!("7")), Err(ItemErrorKind::NotNumber));
    }

    #[test]
    fn a_ranking_keeps_its_order() {
        assert_eq!(
            check(ItemKind::Rank, json!(["no", "yes"])),
            Ok(Some(json!(["no", "yes"])))
        );
        assert_eq!(check(ItemKind::Rank, json!(["1"])), Ok(Some(json!(["1"]))));
        assert_eq!(
            check(ItemKind::Rank, json!(["no", "no"])),
            Err(ItemErrorKind::NotAList)
        );
        assert_eq!(
            check(ItemKind::Rank, json!(["maybe"])),
            Err(ItemErrorKind::UnknownChoice)
        );
        assert_eq!(
            check(ItemKind::SelectMultiple, json!(["no", "yes"])),
            Ok(Some(json!(["yes", "no"]))),
            "a select_multiple is stored in the list's order"
        );
    }

    #[test]
    fn a_name_a_list_repeats_is_one_answer() {
        let repeated = choices(&["yes", "no", "yes"]);
        let item = item("q", ItemKind::SelectMultiple);
        assert_eq!(
            normalize_answer(&item, &repeated, Some(&json!(["yes", "no"]))),
            Ok(Some(json!(["yes", "no"])))
        );
    }

    #[test]
    fn an_acknowledgement_is_ok() {
        assert_eq!(
            check(ItemKind::Acknowledge, json!("OK")),
            Ok(Some(json!("OK")))
        );
        assert_eq!(
            check(ItemKind::Acknowledge, json!("ok")),
            Ok(Some(json!("OK")))
        );
        assert_eq!(
            check(ItemKind::Acknowledge, json!(true)),
            Ok(Some(json!("OK")))
        );
        assert_eq!(check(ItemKind::Acknowledge, json!(false)), Ok(None));
        assert_eq!(
            check(ItemKind::Acknowledge, json!("yes")),
            Err(ItemErrorKind::NotAcknowledged)
        );
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
