//! XLSForm's `default`: the answer a question shows before the respondent gives one. It fills
//! a question the first time its page is shown (a page never saved); saved as it stands, it is
//! an answer like any other, and one the respondent cleared stays cleared.

use super::answer_check::normalize_answer;
use super::compiled::CompiledForm;
use super::error::ItemErrorKind;
use super::html_input::field_value;
use super::Answers;
use crate::form::model::{Choice, Item, ItemKind};
use serde_json::Value as Json;

/// `item`'s default in the stored shape of an answer (`None` without one), or why it is no
/// answer to the item: the import refuses such a form.
pub fn default_answer(item: &Item, choices: &[Choice]) -> Result<Option<Json>, ItemErrorKind> {
    let Some(text) = item.default.as_deref() else {
        return Ok(None);
    };
    let submitted = match item.kind {
        ItemKind::SelectMultiple | ItemKind::Rank => Json::Array(
            text.split_whitespace()
                .map(|name| Json::String(name.to_string()))
                .collect(),
        ),
        _ => field_value(item, text),
    };
    normalize_answer(item, choices, Some(&submitted))
}

impl CompiledForm {
    /// `answers` with the defaults of page `page`'s unanswered questions filled in.
    pub fn with_defaults(&self, page: usize, answers: &Answers) -> Answers {
        let mut filled = answers.clone();
        for item in self.page_items(page) {
            if filled.contains_key(&item.name) {
                continue;
            }
            if let Ok(Some(answer)) = default_answer(item, self.form.choices(item)) {
                filled.insert(item.name.clone(), answer);
            }
        }
        filled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(kind: ItemKind, default: &str) -> Item {
        Item {
            default: Some(default.into()),
            ..super::super::demo_form::item("q", kind)
        }
    }

    fn choices(names: &[&str]) -> Vec<Choice> {
        names
            .iter()
            .map(|name| Choice {
                name: name.to_string(),
                ..Choice::default()
            })
            .collect()
    }

    #[test]
    fn defaults_take_the_shape_of_an_answer() {
        assert_eq!(
            default_answer(&item(ItemKind::Integer, "5"), &[]),
            Ok(Some(json!(5)))
        );
        assert_eq!(
            default_answer(&item(ItemKind::Date, "2026-01-31"), &[]),
            Ok(Some(json!("2026-01-31")))
        );
        let colours = choices(&["red", "blue"]);
        assert_eq!(
            default_answer(&item(ItemKind::SelectMultiple, "blue red"), &colours),
            Ok(Some(json!(["red", "blue"])))
        );
        assert_eq!(
            default_answer(&item(ItemKind::Text, "Sverige"), &[]),
            Ok(Some(json!("Sverige")))
        );
    }

    #[test]
    fn a_default_that_is_no_answer_is_refused() {
        assert_eq!(
            default_answer(&item(ItemKind::Integer, "five"), &[]),
            Err(ItemErrorKind::NotInteger)
        );
        assert_eq!(
            default_answer(&item(ItemKind::SelectOne, "green"), &choices(&["red"])),
            Err(ItemErrorKind::UnknownChoice)
        );
        assert_eq!(
            default_answer(&item(ItemKind::Date, "31/01/2026"), &[]),
            Err(ItemErrorKind::NotDate)
        );
    }
}
