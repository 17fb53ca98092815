//! Brings an answer set to a consistent state after a change: every `calculate` recomputed in
//! form order, and every answer to an item that no longer applies removed, anywhere in the
//! form ("answers to questions that are not relevant are not kept"). Both steps can affect
//! each other, so they repeat until nothing changes.

use super::compiled::CompiledForm;
use super::context::{value_to_json, AnswerContext};
use super::relevance::own_relevant;
use super::Answers;
use crate::expr::{clock_now_ms, evaluate, Value};
use crate::form::model::Item;

impl CompiledForm {
    /// `answers` with calculates recomputed and answers to non-relevant items removed.
    pub fn settle(&self, mut answers: Answers) -> Answers {
        // Each pass either changes nothing (done) or fixes at least one more dependency; a
        // chain of dependencies is at most as long as the form, so this bound is never the
        // reason to stop on a sane form and keeps a cyclic one from looping.
        let max_passes = self.positions.len() + 2;
        let now_ms = clock_now_ms();
        for _ in 0..max_passes {
            let calculated = self.recompute_calculates(&mut answers, now_ms);
            let pruned = self.remove_irrelevant(&mut answers);
            if !calculated && !pruned {
                break;
            }
        }
        answers
    }

    /// Evaluates every relevant calculate in form order, `now()` being `now_ms`; returns
    /// whether any stored value changed. A page's own `relevant` is judged once per pass (a
    /// change it depends on is seen by the next pass).
    fn recompute_calculates(&self, answers: &mut Answers, now_ms: i64) -> bool {
        let mut changed = false;
        for (page, on_page) in self.form.pages.iter().enumerate() {
            if !on_page.items.iter().any(Item::is_computed) {
                continue;
            }
            let page_applies = self.page_relevant(page, answers);
            for (item_index, item) in on_page.items.iter().enumerate() {
                if !item.is_computed() {
                    continue;
                }
                let exprs = self.item_exprs(page, item_index);
                let applies = page_applies && exprs.is_some_and(|e| own_relevant(item, e, answers));
                let new_value = if applies {
                    let context = AnswerContext::for_item(answers, Some(&item.name))
                        .at(now_ms)
                        .with_form(&self.form);
                    let value = exprs
                        .and_then(|exprs| exprs.calculation.as_ref())
                        .map_or(Value::Empty, |expr| evaluate(expr, &context));
                    value_to_json(&value)
                } else {
                    None
                };
                if answers.get(&item.name) != new_value.as_ref() {
                    changed = true;
                    match new_value {
                        Some(json) => answers.insert(item.name.clone(), json),
                        None => answers.remove(&item.name),
                    };
                }
            }
        }
        changed
    }

    /// Removes answers to items that do not apply; returns whether any was removed. Pages
    /// without an answer are passed over unjudged.
    fn remove_irrelevant(&self, answers: &mut Answers) -> bool {
        let mut removed = false;
        for (page, on_page) in self.form.pages.iter().enumerate() {
            if !on_page
                .items
                .iter()
                .any(|item| answers.contains_key(&item.name))
            {
                continue;
            }
            let page_applies = self.page_relevant(page, answers);
            for (item_index, item) in on_page.items.iter().enumerate() {
                if !answers.contains_key(&item.name) {
                    continue;
                }
                let applies = page_applies
                    && self
                        .item_exprs(page, item_index)
                        .is_some_and(|exprs| own_relevant(item, exprs, answers));
                if !applies {
                    answers.remove(&item.name);
                    removed = true;
                }
            }
        }
        removed
    }
}
