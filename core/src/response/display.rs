//! Answers as people read them: piped into a label (`${years_in_sweden}` → "37") and listed
//! on the review page, with choices shown by their label in the respondent's language. The
//! result is plain text; the caller escapes it for HTML.

use super::compiled::CompiledForm;
use super::context::json_to_text;
use super::Answers;
use crate::form::model::{Item, ItemKind};
use serde_json::Value as Json;

impl CompiledForm {
    /// `text` with every `${name}` replaced by the display form of that item's answer ("" if
    /// unanswered or unknown). A `${` without a closing `}` is kept as written.
    pub fn pipe(&self, text: &str, answers: &Answers, lang: &str) -> String {
        let mut piped = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let (before, from_marker) = rest.split_at(start);
            piped.push_str(before);
            let after_marker = from_marker.get(2..).unwrap_or("");
            let Some(end) = after_marker.find('}') else {
                piped.push_str(from_marker);
                return piped;
            };
            let name = after_marker.get(..end).unwrap_or("");
            if let Some(item) = self.form.item(name) {
                piped.push_str(&self.display_value(item, answers, lang));
            }
            rest = after_marker.get(end + 1..).unwrap_or("");
        }
        piped.push_str(rest);
        piped
    }

    /// The answer to `item` as text: choice labels in `lang` (falling back to the default
    /// language; a list joined with ", "), numbers without ".0", "" if unanswered.
    pub fn display_value(&self, item: &Item, answers: &Answers, lang: &str) -> String {
        let Some(answer) = answers.get(&item.name) else {
            return String::new();
        };
        match (item.kind, answer) {
            (
                ItemKind::SelectOne | ItemKind::SelectMultiple | ItemKind::Rank,
                Json::Array(names),
            ) => names
                .iter()
                .map(|name| self.choice_label(item, &json_to_text(name), lang))
                .collect::<Vec<_>>()
                .join(", "),
            // `2026-12-01T10:15` as people write it.
            (ItemKind::DateTime, Json::String(text)) => text.replacen('T', " ", 1),
            (ItemKind::SelectOne | ItemKind::SelectMultiple | ItemKind::Rank, name) => {
                self.choice_label(item, &json_to_text(name), lang)
            }
            (_, Json::Array(elements)) => elements
                .iter()
                .map(json_to_text)
                .collect::<Vec<_>>()
                .join(", "),
            (_, scalar) => json_to_text(scalar),
        }
    }

    /// The label of choice `name` of `item`'s list in `lang`; the name itself if the list has
    /// no such choice or the choice no label.
    fn choice_label(&self, item: &Item, name: &str, lang: &str) -> String {
        self.form
            .choices(item)
            .iter()
            .find(|choice| choice.name == name)
            .map(|choice| self.form.text(&choice.label, lang))
            .filter(|label| !label.is_empty())
            .unwrap_or(name)
            .to_owned()
    }
}
