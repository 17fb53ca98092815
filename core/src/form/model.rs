//! The compiled questionnaire: what an XLSForm or the project's JSON becomes after import.
//!
//! This is the one shape every other part reads (the respondent pages, the JSON API, the
//! answer checks, later the exports). It is plain data: serde gives the project's own JSON
//! format, which import and export round-trip. Expressions are kept as their source text;
//! `crate::response` parses them once when a form is loaded for answering.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Texts per language code (`"sv"`, `"en"`, `"ar"`, …). A missing language falls back to the
/// form's default language (see [`Form::text`]).
pub type Texts = BTreeMap<String, String>;

/// One questionnaire version. Immutable once stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// `settings.form_id`
    pub form_id: String,
    /// `settings.form_title`
    pub title: String,
    /// `settings.version`
    pub version: String,
    /// Code of the default language (`settings.default_language`, or the first language).
    pub default_language: String,
    /// Every language the form has texts in, in column order of the survey sheet.
    pub languages: Vec<Language>,
    /// Pages in order. A `field-list` group is one page; any other question is a page of its own.
    pub pages: Vec<Page>,
    /// Choice lists by `list_name`, choices in sheet order.
    pub choice_lists: BTreeMap<String, Vec<Choice>>,
}

/// A language of the form: `label::Svenska (sv)` gives code `sv`, name `Svenska`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: String,
    pub name: String,
}

/// One page the respondent sees at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The group's `name`, or the question's name for a question outside a field-list group.
    pub id: String,
    /// The group's label (empty for a single-question page).
    #[serde(default)]
    pub title: Texts,
    /// The group's `relevant` (enclosing groups' conditions joined with `and`).
    #[serde(default)]
    pub relevant: Option<String>,
    pub items: Vec<Item>,
}

/// One row of the survey sheet that is not a group marker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ItemKind,
    /// `list_name` for `select_one` / `select_multiple`.
    #[serde(default)]
    pub choice_list: Option<String>,
    /// `choice_filter`: which choices of the list are offered, given the answers so far (a
    /// bare name is a column of the choice: `region = ${region}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice_filter: Option<String>,
    #[serde(default)]
    pub label: Texts,
    #[serde(default)]
    pub hint: Texts,
    #[serde(default)]
    pub required: bool,
    /// `required_message`: what a respondent who left the question out is told, per language
    /// (the interface's own words when empty).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub required_message: Texts,
    /// The item's own `relevant` joined (`and`) with that of groups nested inside its page.
    #[serde(default)]
    pub relevant: Option<String>,
    #[serde(default)]
    pub constraint: Option<String>,
    #[serde(default)]
    pub constraint_message: Texts,
    #[serde(default)]
    pub calculation: Option<String>,
    /// e.g. `multiline` for a text item.
    #[serde(default)]
    pub appearance: Option<String>,
    /// `default`: the answer shown before the respondent gives one (a literal, in the form
    /// an answer is typed: `5`, `2026-01-31`, `red blue` for a select_multiple).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// The item types of the supported XLSForm subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Text,
    Integer,
    Decimal,
    Date,
    SelectOne,
    SelectMultiple,
    Note,
    Calculate,
}

impl ItemKind {
    /// Whether the respondent types or picks an answer for this item.
    pub fn is_question(self) -> bool {
        !matches!(self, ItemKind::Note | ItemKind::Calculate)
    }
}

/// One choice of a choice list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub name: String,
    #[serde(default)]
    pub label: Texts,
    /// The choices sheet's other columns (`region` of a municipality), for `choice_filter`s.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
}

/// Languages written right to left, by ISO 639 code.
const RTL_LANGUAGES: &[&str] = &["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"];

/// Whether a language code is written right to left.
pub fn is_rtl(code: &str) -> bool {
    let base = code.split(['-', '_']).next().unwrap_or(code);
    RTL_LANGUAGES.contains(&base)
}

impl Form {
    /// The text in `lang`, else in the default language, else any language, else "".
    pub fn text<'a>(&self, texts: &'a Texts, lang: &str) -> &'a str {
        texts
            .get(lang)
            .or_else(|| texts.get(&self.default_language))
            .or_else(|| texts.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// `lang` if the form has it, else the default language.
    pub fn pick_language(&self, lang: Option<&str>) -> &str {
        match lang {
            Some(l) if self.has_language(l) => self
                .languages
                .iter()
                .find(|x| x.code == l)
                .map(|x| x.code.as_str())
                .unwrap_or(&self.default_language),
            _ => &self.default_language,
        }
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l.code == code)
    }

    pub fn page_index(&self, id: &str) -> Option<usize> {
        self.pages.iter().position(|p| p.id == id)
    }

    /// Every item of every page, in form order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.pages.iter().flat_map(|p| p.items.iter())
    }

    pub fn item(&self, name: &str) -> Option<&Item> {
        self.items().find(|i| i.name == name)
    }

    pub fn choices(&self, item: &Item) -> &[Choice] {
        item.choice_list
            .as_ref()
            .and_then(|l| self.choice_lists.get(l))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_and_persian_are_rtl_swedish_is_not() {
        assert!(is_rtl("ar"));
        assert!(is_rtl("fa"));
        assert!(is_rtl("ar-SA"));
        assert!(!is_rtl("sv"));
        assert!(!is_rtl("en"));
    }
}
