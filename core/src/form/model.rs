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
    /// `settings.allow_choice_duplicates`: a list may name a choice twice (a village of that
    /// name in two districts, told apart by a `choice_filter`). One name is one answer, and
    /// one value in the exports.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_choice_duplicates: bool,
    /// Repeat groups (`begin_repeat`), in form order: their pages are asked once per instance
    /// (a household roster asks the same questions about each member).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeats: Vec<Repeat>,
}

/// A repeat group: its pages (those whose [`Page::repeat`] names it, one run in the form) are
/// asked once for each instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    pub name: String,
    #[serde(default)]
    pub label: Texts,
    /// `repeat_count`: how many instances there are (`${household_size}`, or a number). Without
    /// one, the respondent is asked after each instance whether to add another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    /// `begin loop over LIST`: one instance per choice of the list, in its order; `%(label)s`
    /// and `%(name)s` in the texts of instance N are its choice's label and name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over: Option<String>,
    /// The repeat this one is inside (a member's jobs inside the household's members): it
    /// has instances of its own in each instance of that one. One level deep at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// The repeat's `relevant` joined with that of the groups around it: when it does not
    /// hold, the repeat has no instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<String>,
}

/// The most instances a repeat has on a web questionnaire (a count beyond it is cut to it, and
/// no more can be added): enough for a household roster, and a bound on the pages a form
/// unrolls into.
pub const MAX_REPEAT_INSTANCES: u32 = 30;

/// The most instances of a repeat within a repeat in each instance of the outer one (without
/// a number for its count): a bound on the pages, as [`MAX_REPEAT_INSTANCES`] is.
pub const MAX_NESTED_INSTANCES: u32 = 10;

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
    /// The repeat group the page belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<String>,
    /// In a questionnaire ready for answering (`crate::response`): which instance of its
    /// repeat the page asks about, from 1. Its id and its items' names end in `~N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<u32>,
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
    /// `required` written as an expression (`${works} = 'yes'`): the question must be answered
    /// when it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_when: Option<String>,
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
    /// `read_only`: the question is shown with its value (its `default`, or its
    /// `calculation`) and the respondent cannot change it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// `parameters: randomize=true`: a select shows its choices in an order of its own for each
    /// respondent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub randomize: bool,
    /// `parameters: seed=${…}`: the order follows this expression's value instead (the same
    /// value, the same order, as in ODK).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub randomize_seed: Option<String>,
    /// A `range` question's scale (`parameters`: `start=0 end=10 step=1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeScale>,
}

/// The values a `range` question takes: from `start` towards `end` (either may be the larger)
/// in steps of `step` (positive).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeScale {
    pub start: f64,
    pub end: f64,
    pub step: f64,
}

/// pyxform's scale when `parameters` names none: 1 to 10 in steps of 1.
pub const DEFAULT_RANGE: RangeScale = RangeScale {
    start: 1.0,
    end: 10.0,
    step: 1.0,
};

/// How far an answer may be off a step and still be on it (decimal steps such as 0.1 are not
/// exact in binary).
const STEP_TOLERANCE: f64 = 1e-9;

impl RangeScale {
    /// Whether the scale is usable: finite numbers, a positive step, and whole steps from
    /// start to end.
    pub fn problem(&self) -> Option<&'static str> {
        if !(self.start.is_finite() && self.end.is_finite() && self.step.is_finite()) {
            return Some("start, end and step must be numbers");
        }
        if self.step <= 0.0 {
            return Some("step must be greater than 0");
        }
        if self.start == self.end {
            return Some("start and end must differ");
        }
        if !self.on_a_step(self.end) {
            return Some("end must be a whole number of steps from start");
        }
        None
    }

    /// How many values the scale has (start and end included).
    pub fn value_count(&self) -> usize {
        ((self.end - self.start).abs() / self.step).round() as usize + 1
    }

    /// Whether every value of the scale is a whole number.
    pub fn is_whole(&self) -> bool {
        [self.start, self.end, self.step]
            .iter()
            .all(|n| n.fract() == 0.0)
    }

    /// Whether `value` is one of the scale's values.
    pub fn contains(&self, value: f64) -> bool {
        let (low, high) = if self.start <= self.end {
            (self.start, self.end)
        } else {
            (self.end, self.start)
        };
        value >= low - STEP_TOLERANCE && value <= high + STEP_TOLERANCE && self.on_a_step(value)
    }

    fn on_a_step(&self, value: f64) -> bool {
        let steps = (value - self.start).abs() / self.step;
        (steps - steps.round()).abs() < STEP_TOLERANCE * steps.max(1.0)
    }

    /// The scale's values in order from start to end, `None` beyond `limit` of them.
    pub fn values(&self, limit: usize) -> Option<Vec<f64>> {
        let count = self.value_count();
        if self.problem().is_some() || count > limit {
            return None;
        }
        let direction = if self.start <= self.end { 1.0 } else { -1.0 };
        Some(
            (0..count)
                .map(|i| round_off(self.start + direction * self.step * i as f64))
                .collect(),
        )
    }
}

/// `value` without the binary noise of summed decimal steps (0.30000000000000004 → 0.3).
fn round_off(value: f64) -> f64 {
    (value * 1e9).round() / 1e9
}

/// The item types of the supported XLSForm subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Text,
    Integer,
    Decimal,
    Date,
    /// A time of day, `HH:MM`.
    Time,
    /// A date and a time of day, `YYYY-MM-DDTHH:MM` (as the respondent gives it, no zone).
    #[serde(rename = "datetime")]
    DateTime,
    SelectOne,
    SelectMultiple,
    /// A number on a scale (`Item::range`).
    Range,
    /// The choices of a list put in order: the answer lists them, first the most preferred.
    Rank,
    /// A statement the respondent confirms: the answer is `OK`.
    Acknowledge,
    Note,
    Calculate,
}

impl Item {
    /// An item of `kind` named `name`, with nothing else (no label, no rules).
    pub fn new(name: &str, kind: ItemKind) -> Item {
        Item {
            name: name.to_owned(),
            kind,
            choice_list: None,
            choice_filter: None,
            label: Texts::new(),
            hint: Texts::new(),
            required: false,
            required_when: None,
            required_message: Texts::new(),
            relevant: None,
            constraint: None,
            constraint_message: Texts::new(),
            calculation: None,
            appearance: None,
            default: None,
            read_only: false,
            randomize: false,
            randomize_seed: None,
            range: None,
        }
    }

    /// Whether the respondent gives this item's answer: a question that is not read-only.
    pub fn takes_answer(&self) -> bool {
        self.kind.is_question() && !self.read_only
    }

    /// Whether the item's value is computed by the server: a calculate, or a read-only
    /// question with a calculation.
    pub fn is_computed(&self) -> bool {
        self.calculation.is_some() && (self.kind == ItemKind::Calculate || self.read_only)
    }
}

impl ItemKind {
    /// Whether the item's answer is made of the choices of a list (a select, a ranking).
    pub fn has_choices(self) -> bool {
        matches!(
            self,
            ItemKind::SelectOne | ItemKind::SelectMultiple | ItemKind::Rank
        )
    }

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

    #[test]
    fn a_range_knows_its_values() {
        let trust = RangeScale {
            start: 0.0,
            end: 10.0,
            step: 1.0,
        };
        assert_eq!(trust.problem(), None);
        assert_eq!(trust.value_count(), 11);
        assert!(trust.is_whole());
        assert!(trust.contains(0.0) && trust.contains(10.0) && trust.contains(7.0));
        assert!(!trust.contains(7.5) && !trust.contains(11.0) && !trust.contains(-1.0));
        let tenths = RangeScale {
            start: 1.0,
            end: 0.0,
            step: 0.1,
        };
        assert_eq!(tenths.problem(), None);
        assert!(!tenths.is_whole());
        assert!(tenths.contains(0.3) && !tenths.contains(0.35));
        let values = tenths.values(20).unwrap();
        assert_eq!(values.len(), 11);
        assert_eq!(values[0], 1.0);
        assert_eq!(values[7], 0.3);
        assert_eq!(tenths.values(5), None);
    }

    #[test]
    fn a_broken_range_says_why() {
        let scale = |start, end, step| RangeScale { start, end, step };
        assert!(scale(0.0, 10.0, 0.0).problem().is_some());
        assert!(scale(0.0, 10.0, -1.0).problem().is_some());
        assert!(scale(5.0, 5.0, 1.0).problem().is_some());
        assert!(scale(0.0, 10.0, 3.0).problem().is_some());
        assert!(scale(0.0, f64::NAN, 1.0).problem().is_some());
    }
}
