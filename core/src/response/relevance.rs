//! Which pages and items apply to a respondent given the answers so far: a page's (group's)
//! `relevant`, an item's own `relevant`, and whether a page has anything left to show.

use super::compiled::{CompiledForm, ItemExprs};
use super::context::AnswerContext;
use super::Answers;
use crate::expr::{evaluate, truthy, Expr};
use crate::form::model::{Item, ItemKind};

/// Whether `item`'s own `relevant` holds (`.` is its own answer), its page's not looked at.
pub(super) fn own_relevant(item: &Item, exprs: &ItemExprs, answers: &Answers) -> bool {
    holds(
        exprs.relevant.as_ref(),
        &AnswerContext::for_item(answers, Some(&item.name)),
    )
}

/// An absent expression means "always relevant".
fn holds(expr: Option<&Expr>, context: &AnswerContext<'_>) -> bool {
    expr.is_none_or(|expr| truthy(&evaluate(expr, context)))
}

impl CompiledForm {
    /// Whether page `page` applies (its group's `relevant`; none ⇒ true). A page that does
    /// not exist does not apply.
    pub fn page_relevant(&self, page: usize, answers: &Answers) -> bool {
        self.pages.get(page).is_some_and(|exprs| {
            holds(
                exprs.relevant.as_ref(),
                &AnswerContext::for_item(answers, None),
            )
        })
    }

    /// Whether item `item_index` of page `page` applies: its page applies and its own
    /// `relevant` holds (`.` is its own answer). An item that does not exist does not apply.
    pub fn item_relevant(&self, page: usize, item_index: usize, answers: &Answers) -> bool {
        let (Some(item), Some(exprs)) = (
            self.item_at(page, item_index),
            self.item_exprs(page, item_index),
        ) else {
            return false;
        };
        self.page_relevant(page, answers) && own_relevant(item, exprs, answers)
    }

    /// Whether each item of page `page` applies, in page order; the page's own `relevant` is
    /// evaluated once (all false if the page does not apply).
    pub fn page_items_relevant(&self, page: usize, answers: &Answers) -> Vec<bool> {
        let items = self.page_items(page);
        match self.pages.get(page) {
            Some(exprs) if self.page_relevant(page, answers) => items
                .iter()
                .zip(&exprs.items)
                .map(|(item, item_exprs)| own_relevant(item, item_exprs, answers))
                .collect(),
            _ => vec![false; items.len()],
        }
    }

    /// The items of page `page` that apply, in page order (see
    /// [`page_items_relevant`](Self::page_items_relevant)).
    pub(super) fn applying_items<'a>(
        &'a self,
        page: usize,
        answers: &Answers,
    ) -> impl Iterator<Item = &'a Item> {
        let items = self.page_items(page);
        items
            .iter()
            .zip(self.page_items_relevant(page, answers))
            .filter_map(|(item, applies)| applies.then_some(item))
    }

    /// Whether page `page` is shown: it applies and at least one item on it (a question or a
    /// note; calculates are invisible) applies.
    pub fn page_shown(&self, page: usize, answers: &Answers) -> bool {
        self.applying_items(page, answers)
            .any(|item| item.kind != ItemKind::Calculate)
    }
}
