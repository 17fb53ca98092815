//! Building a question page's view model from the compiled form, the answers to show (stored,
//! or as just typed when they were refused) and the errors per item.

use super::shell::form_shell;
use crate::i18n::{text, UiText};
use crate::item_messages::message;
use crate::pages::{ChoiceView, ErrorSummaryItem, ItemKind as ViewKind, ItemView, QuestionPage};
use serde_json::Value;
use svar_core::form::model::{Item, ItemKind};
use svar_core::response::error::ItemError;
use svar_core::response::{number_to_json, Answers, CompiledForm, ACKNOWLEDGED};

/// What the page needs beyond the form.
pub struct QuestionPageInput<'a> {
    pub form: &'a CompiledForm,
    pub page_index: usize,
    pub answers: &'a Answers,
    pub language: &'a str,
    pub errors: &'a [ItemError],
    /// An extra message above the form (e.g. another device saved first).
    pub notice: Option<String>,
    /// A line above the form that is no error.
    pub info: Option<String>,
    pub csrf: String,
    pub version: i64,
    /// The case answering: a randomized select's order is the case's own.
    pub case_id: i64,
}

/// A range of at most this many values is shown as a row of radio buttons; a longer one as
/// a number field (a slider needs JavaScript to show its value, and starts at an answer).
const SCALE_AS_BUTTONS_MAX: usize = 11;

fn view_kind(item: &Item) -> Option<ViewKind> {
    if item.read_only {
        return Some(ViewKind::ReadOnly);
    }
    Some(match item.kind {
        ItemKind::Range => match scale_values(item) {
            Some(_) => ViewKind::Scale,
            None if item.range.is_some_and(|scale| scale.is_whole()) => ViewKind::Integer,
            None => ViewKind::Decimal,
        },
        ItemKind::Time => ViewKind::Time,
        ItemKind::DateTime => ViewKind::DateTime,
        ItemKind::Acknowledge => ViewKind::Acknowledge,
        ItemKind::Text if item.appearance.as_deref() == Some("multiline") => ViewKind::Multiline,
        ItemKind::Text => ViewKind::Text,
        ItemKind::Integer => ViewKind::Integer,
        ItemKind::Decimal => ViewKind::Decimal,
        ItemKind::Date => ViewKind::Date,
        ItemKind::SelectOne if has_appearance(item, &["minimal"]) => ViewKind::Dropdown,
        ItemKind::SelectOne => ViewKind::SelectOne,
        ItemKind::SelectMultiple => ViewKind::SelectMultiple,
        ItemKind::Rank => ViewKind::Rank,
        ItemKind::Note => ViewKind::Note,
        ItemKind::Calculate => return None,
    })
}

/// XLSForm appearances that lay choices out side by side.
const IN_A_ROW: &[&str] = &["horizontal", "horizontal-compact", "likert"];

/// Whether `item`'s appearance holds one of `words`.
fn has_appearance(item: &Item, words: &[&str]) -> bool {
    item.appearance
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .any(|word| words.contains(&word))
}

/// The values of a short range, as the page shows and posts them.
fn scale_values(item: &Item) -> Option<Vec<String>> {
    let values = item.range?.values(SCALE_AS_BUTTONS_MAX)?;
    Some(
        values
            .into_iter()
            .map(|value| typed_value(Some(&number_to_json(value))))
            .collect(),
    )
}

/// The choices an item shows: its list's (as filtered) for a select, the values of a short
/// scale, the one box of an acknowledgement.
fn choice_views(
    form: &CompiledForm,
    item: &Item,
    input: &QuestionPageInput<'_>,
    value: Option<&Value>,
) -> Vec<ChoiceView> {
    let lang = input.language;
    let view = |name: String, label: String| ChoiceView {
        checked: chosen(value, &name),
        name,
        label,
    };
    match item.kind {
        ItemKind::Range => scale_values(item)
            .unwrap_or_default()
            .into_iter()
            .map(|value| view(value.clone(), value))
            .collect(),
        ItemKind::Acknowledge => vec![view(
            ACKNOWLEDGED.to_string(),
            text(lang, UiText::AcknowledgeLabel).to_string(),
        )],
        _ => form
            .choices_to_show(item, input.answers, input.case_id)
            .into_iter()
            .map(|c| view(c.name.clone(), form.form().text(&c.label, lang).to_string()))
            .collect(),
    }
}

fn typed_value(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn chosen(value: Option<&Value>, name: &str) -> bool {
    match value {
        Some(Value::String(s)) => s == name,
        Some(Value::Array(list)) => list.iter().any(|v| v.as_str() == Some(name)),
        Some(Value::Number(n)) => n.to_string() == name,
        _ => false,
    }
}

pub fn question_page(input: QuestionPageInput<'_>) -> Option<QuestionPage> {
    let form = input.form;
    let f = form.form();
    let page = f.pages.get(input.page_index)?;
    let lang = input.language;
    let mut items = Vec::new();
    for (index, item) in page.items.iter().enumerate() {
        let Some(kind) = view_kind(item) else {
            continue;
        };
        if !form.item_relevant(input.page_index, index, input.answers) {
            continue;
        }
        let value = input.answers.get(&item.name);
        let shown_value = if item.read_only {
            form.display_value(item, input.answers, lang)
        } else {
            typed_value(value)
        };
        let error = input
            .errors
            .iter()
            .find(|e| e.item == item.name)
            .map(|e| message(form, lang, e));
        items.push(ItemView {
            name: item.name.clone(),
            kind,
            label: form.pipe(f.text(&item.label, lang), input.answers, lang),
            hint: form.pipe(f.text(&item.hint, lang), input.answers, lang),
            required: form.item_required(input.page_index, index, input.answers),
            value: shown_value,
            choices: choice_views(form, item, &input, value),
            choices_in_a_row: kind == ViewKind::Scale || has_appearance(item, IN_A_ROW),
            ranking: match (item.kind, value) {
                (ItemKind::Rank, Some(Value::Array(names))) => names
                    .iter()
                    .filter_map(|name| name.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            },
            error,
        });
    }
    let mut errors: Vec<ErrorSummaryItem> = input
        .errors
        .iter()
        .map(|e| ErrorSummaryItem {
            item_name: e.item.clone(),
            message: message(form, lang, e),
        })
        .collect();
    if let Some(notice) = input.notice {
        errors.insert(
            0,
            ErrorSummaryItem {
                item_name: String::new(),
                message: notice,
            },
        );
    }
    let shown: Vec<usize> = (0..f.pages.len())
        .filter(|&p| form.page_shown(p, input.answers))
        .collect();
    let position = shown
        .iter()
        .position(|&p| p == input.page_index)
        .map_or(input.page_index + 1, |i| i + 1);
    Some(QuestionPage {
        shell: form_shell(form, lang, &format!("/p/{}", page.id)),
        csrf: input.csrf,
        page_id: page.id.clone(),
        page_title: form.pipe(f.text(&page.title, lang), input.answers, lang),
        progress: (position, shown.len().max(position)),
        errors,
        items,
        can_go_back: form
            .previous_page(input.page_index, input.answers)
            .is_some(),
        version: input.version,
        info: input.info,
    })
}
