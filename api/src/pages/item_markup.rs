//! How an item appears in the HTML: element ids of its parts (in one place, so labels, hints,
//! errors and the error summary's links always point at the same elements) and the input
//! attributes that suit each kind of item.

use crate::i18n::UiText;

use super::view::{ItemKind, ItemView};

/// The id of the element the error summary links to for item `name`.
pub(super) fn field_id(name: &str) -> String {
    format!("field-{name}")
}

impl ItemView {
    /// The id of the input (for choice groups: of the first choice).
    pub(super) fn field_id(&self) -> String {
        field_id(&self.name)
    }

    /// The id of the choice at `index` (0-based); the first one carries the field id.
    pub(super) fn choice_id(&self, index: usize) -> String {
        if index == 0 {
            self.field_id()
        } else {
            format!("field-{}-{index}", self.name)
        }
    }

    /// The id of the hint paragraph.
    pub(super) fn hint_id(&self) -> String {
        format!("hint-{}", self.name)
    }

    /// The id of the error message.
    pub(super) fn error_id(&self) -> String {
        format!("error-{}", self.name)
    }

    /// Whether a hint paragraph is shown (the item's own hint or a format hint).
    pub(super) fn has_hint(&self) -> bool {
        !self.hint.is_empty() || self.format_hint().is_some()
    }

    /// The `aria-describedby` value: hint and error ids, space separated (may be empty).
    pub(super) fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.has_hint() {
            ids.push(self.hint_id());
        }
        if self.error.is_some() {
            ids.push(self.error_id());
        }
        ids.join(" ")
    }
}

impl ItemView {
    /// The `type` of a one-line input: `date`, `time` and `datetime-local` for those, `text`
    /// otherwise (never `number`, which some old phones mangle). A browser without the date
    /// and time fields shows a text field, and the format hint says what to type.
    pub(super) fn input_type(&self) -> &'static str {
        match self.kind {
            ItemKind::Date => "date",
            ItemKind::Time => "time",
            ItemKind::DateTime => "datetime-local",
            _ => "text",
        }
    }

    /// The `inputmode` that brings up the right keyboard, if any.
    pub(super) fn input_mode(&self) -> Option<&'static str> {
        match self.kind {
            ItemKind::Integer => Some("numeric"),
            ItemKind::Decimal => Some("decimal"),
            _ => None,
        }
    }

    /// The CSS class giving the input a width that suits its answers.
    pub(super) fn input_width_class(&self) -> &'static str {
        match self.kind {
            ItemKind::Integer | ItemKind::Decimal | ItemKind::Time => "input-short",
            ItemKind::Date | ItemKind::DateTime => "input-date",
            _ => "input-wide",
        }
    }

    /// Whether text typed here may be in any script, so its direction follows the text.
    pub(super) fn is_free_text(&self) -> bool {
        matches!(self.kind, ItemKind::Text | ItemKind::Multiline)
    }

    /// The `type` of each choice's input: `radio` for select_one and a scale, `checkbox`
    /// otherwise.
    pub(super) fn choice_input_type(&self) -> &'static str {
        match self.kind {
            ItemKind::SelectOne | ItemKind::Scale => "radio",
            _ => "checkbox",
        }
    }

    /// The places of a ranking, 0-based: one per choice.
    pub(super) fn places(&self) -> std::ops::Range<usize> {
        0..self.choices.len()
    }

    /// The choice ranked at `place` (0-based), "" if none.
    pub(super) fn ranked_at(&self, place: &usize) -> &str {
        self.ranking.get(*place).map_or("", String::as_str)
    }

    /// The CSS class of the choices' box: side by side where there is room, or a list.
    pub(super) fn choices_class(&self) -> &'static str {
        if self.choices_in_a_row {
            "choices choices-row"
        } else {
            "choices"
        }
    }

    /// The interface hint that explains how to answer this kind of item, if it needs one.
    pub(super) fn format_hint(&self) -> Option<UiText> {
        match self.kind {
            ItemKind::Date => Some(UiText::DateFormatHint),
            ItemKind::Time => Some(UiText::TimeFormatHint),
            ItemKind::DateTime => Some(UiText::DateTimeFormatHint),
            ItemKind::SelectMultiple => Some(UiText::SelectAllThatApply),
            ItemKind::Rank => Some(UiText::RankHint),
            _ => None,
        }
    }
}
