//! Saving one page: the submitted answers are checked against their items' types, `required`
//! and `constraint`, with relevance judged on the answers as they would be after the save.
//! Either the whole page is accepted and the new, settled answer set returned, or every
//! problem on the page is reported and nothing changes.

use super::answer_check::normalize_answer;
use super::compiled::CompiledForm;
use super::context::AnswerContext;
use super::defaults::default_answer;
use super::error::{ItemError, ItemErrorKind};
use super::Answers;
use crate::expr::{evaluate, truthy};
use crate::form::model::Item;
use serde_json::{Map, Value as Json};

/// A page save the rules accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedPage {
    /// Every answer of the case after the save, settled.
    pub answers: Answers,
    /// A question of the page applies now that did not before: the page must be shown again
    /// so that the respondent sees it.
    pub brings_in_questions: bool,
}

/// Which relevant questions must be answered for a save to go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequiredCheck<'a> {
    /// Every relevant required question (the JSON API, and moving forward on a page).
    All,
    /// Only those the respondent could see: the questions the page showed (`Some`, the names
    /// it listed), or else those relevant already with the answers stored before this save.
    /// A question that a new answer on the same page brings in is asked next, not refused
    /// unseen (server-rendered pages cannot show it while the person types). A page shown
    /// again with refused answers shows what they bring in: those questions count as seen,
    /// though nothing was saved.
    Seen(Option<&'a [String]>),
    /// None (going back: what was typed is kept, the rest is asked again on the way forward).
    Skip,
}

impl CompiledForm {
    /// Checks `submitted` (item name → answer) for page `page` and returns the whole new
    /// answer set, or all errors of the page (at most one per item, in page order; keys
    /// that are not questions of the page last, sorted by name).
    ///
    /// Every question of the page takes the submitted value; an absent key, null or "" clears
    /// it. Answers to questions that do not apply after the save are dropped without error
    /// (a server-rendered page cannot hide them while the respondent types).
    pub fn save_page(
        &self,
        page: usize,
        current: &Answers,
        submitted: &Map<String, Json>,
    ) -> Result<Answers, Vec<ItemError>> {
        self.save_page_checking(page, current, submitted, RequiredCheck::All)
    }

    /// [`save_page`](Self::save_page) with a choice of which required questions count.
    pub fn save_page_checking(
        &self,
        page: usize,
        current: &Answers,
        submitted: &Map<String, Json>,
        required: RequiredCheck<'_>,
    ) -> Result<Answers, Vec<ItemError>> {
        self.accept_page(page, current.clone(), submitted, required)
            .map(|accepted| accepted.answers)
    }

    /// [`save_page_checking`](Self::save_page_checking) on answers the caller hands over
    /// (a save builds the new answer set in them instead of in a copy), also telling whether
    /// the save brings in a question of the page.
    pub fn accept_page(
        &self,
        page: usize,
        current: Answers,
        submitted: &Map<String, Json>,
        required: RequiredCheck<'_>,
    ) -> Result<AcceptedPage, Vec<ItemError>> {
        let items = self.page_items(page);
        // Which questions the respondent saw: those the page listed, or those that applied
        // before the save.
        let applied_before = match required {
            RequiredCheck::Seen(Some(shown)) => items
                .iter()
                .map(|item| shown.contains(&item.name))
                .collect(),
            _ => self.page_items_relevant(page, &current),
        };

        let mut merged = current;
        let mut type_errors = Vec::new();
        for (item_index, item) in items.iter().enumerate() {
            if item.read_only {
                fill_default(self, item, &mut merged);
                continue;
            }
            if !item.kind.is_question() {
                continue;
            }
            let choices = self.form.choices(item);
            match normalize_answer(item, choices, submitted.get(&item.name)) {
                Ok(Some(answer)) => {
                    merged.insert(item.name.clone(), answer);
                }
                Ok(None) => {
                    merged.remove(&item.name);
                }
                Err(kind) => {
                    merged.remove(&item.name);
                    type_errors.push((item_index, kind));
                }
            }
        }
        let settled = self.settle(merged);
        let applies = self.page_items_relevant(page, &settled);

        let mut errors = Vec::new();
        let mut brings_in_questions = false;
        for (item_index, item) in items.iter().enumerate() {
            let applied = applied_before.get(item_index).copied().unwrap_or(false);
            if !item.takes_answer() || !applies.get(item_index).copied().unwrap_or(false) {
                continue;
            }
            brings_in_questions |= !applied;
            let type_error = type_errors
                .iter()
                .find(|(index, _)| *index == item_index)
                .map(|(_, kind)| *kind);
            let must_answer = match required {
                RequiredCheck::All => true,
                RequiredCheck::Seen(_) => applied,
                RequiredCheck::Skip => false,
            };
            let kind =
                type_error.or_else(|| self.rule_error(page, item_index, &settled, must_answer));
            if let Some(kind) = kind {
                errors.push(ItemError {
                    item: item.name.clone(),
                    kind,
                });
            }
        }
        let mut not_on_page: Vec<&String> = submitted
            .keys()
            .filter(|name| {
                !items
                    .iter()
                    .any(|item| item.name == **name && item.takes_answer())
            })
            .collect();
        not_on_page.sort();
        errors.extend(not_on_page.into_iter().map(|name| ItemError {
            item: name.clone(),
            kind: ItemErrorKind::NotOnPage,
        }));

        if errors.is_empty() {
            Ok(AcceptedPage {
                answers: settled,
                brings_in_questions,
            })
        } else {
            Err(errors)
        }
    }

    /// `required` (when `must_answer`) or `constraint` broken by a relevant item's
    /// (well-typed) answer, if any. The constraint is only checked on a non-empty answer, as
    /// in ODK.
    fn rule_error(
        &self,
        page: usize,
        item_index: usize,
        answers: &Answers,
        must_answer: bool,
    ) -> Option<ItemErrorKind> {
        let item = self.item_at(page, item_index)?;
        if !answers.contains_key(&item.name) {
            let required = must_answer && self.item_required(page, item_index, answers);
            return required.then_some(ItemErrorKind::Required);
        }
        if self.answer_filtered_out(item, answers) {
            return Some(ItemErrorKind::UnknownChoice);
        }
        let constraint = self.item_exprs(page, item_index)?.constraint.as_ref()?;
        let context = AnswerContext::for_item(answers, Some(&item.name));
        (!truthy(&evaluate(constraint, &context))).then_some(ItemErrorKind::Constraint)
    }
}

/// A read-only question's `default` as its value, once it has none (one with a calculation
/// gets it when the answers settle).
fn fill_default(form: &CompiledForm, item: &Item, answers: &mut Answers) {
    if answers.contains_key(&item.name) {
        return;
    }
    if let Ok(Some(value)) = default_answer(item, form.form.choices(item)) {
        answers.insert(item.name.clone(), value);
    }
}

impl CompiledForm {
    /// Whether the item at (`page`, `item_index`) must be answered given `answers`: `required`,
    /// or a `required` expression that holds.
    pub fn item_required(&self, page: usize, item_index: usize, answers: &Answers) -> bool {
        let Some(item) = self.item_at(page, item_index) else {
            return false;
        };
        if item.required {
            return true;
        }
        let Some(condition) = self
            .item_exprs(page, item_index)
            .and_then(|exprs| exprs.required_when.as_ref())
        else {
            return false;
        };
        let context = AnswerContext::for_item(answers, Some(&item.name));
        truthy(&evaluate(condition, &context))
    }

    /// Whether a question of page `page` applies with `after` that did not with `before`: the
    /// page must be shown again so that the respondent sees it.
    pub fn brings_in_questions(&self, page: usize, before: &Answers, after: &Answers) -> bool {
        let (before, after) = (
            self.page_items_relevant(page, before),
            self.page_items_relevant(page, after),
        );
        let items = self.page_items(page);
        items
            .iter()
            .zip(before.iter().zip(&after))
            .any(|(item, (&was, &is))| item.takes_answer() && is && !was)
    }
}
