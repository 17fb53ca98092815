//! How complete an answer set is: the required questions still missing (checked on submit)
//! and the share of applicable questions answered (A/Q, which decides between complete,
//! partial and break-off in the AAPOR disposition, METHODS.md §1).

use super::compiled::CompiledForm;
use super::error::{ItemError, ItemErrorKind};
use super::Answers;
use crate::form::instance_keys::split_add_instance_key;
use crate::form::model::Item;

impl CompiledForm {
    /// Every required question that applies (on a shown page) but has no answer, in form
    /// order.
    pub fn missing_required(&self, answers: &Answers) -> Vec<ItemError> {
        self.applicable_questions(answers)
            .filter(|item| item.required && !answers.contains_key(&item.name))
            .map(|item| ItemError {
                item: item.name.clone(),
                kind: ItemErrorKind::Required,
            })
            .collect()
    }

    /// `(A, Q)`: Q = questions that apply on pages that apply (not notes or calculates), A =
    /// those of them that have an answer.
    pub fn answered_share(&self, answers: &Answers) -> (usize, usize) {
        self.applicable_questions(answers)
            .fold((0, 0), |(answered, applicable), item| {
                let has_answer = usize::from(answers.contains_key(&item.name));
                (answered + has_answer, applicable + 1)
            })
    }

    /// Questions (not notes or calculates) whose page and own `relevant` hold; each page's
    /// `relevant` is evaluated once. The "add another?" questions of repeats are Svar's way
    /// through a roster, not questions of the survey: they are left out.
    fn applicable_questions<'a>(&'a self, answers: &'a Answers) -> impl Iterator<Item = &'a Item> {
        (0..self.form.pages.len())
            .flat_map(move |page| self.applying_items(page, answers))
            .filter(|item| item.takes_answer() && split_add_instance_key(&item.name).is_none())
    }
}
