//! Answering a questionnaire: which pages and questions apply to this respondent, whether a
//! page's answers are acceptable, what the calculated values are, where to go next, and how
//! answers read back in a label or on the review page. Plain values in, plain values out —
//! no database and no HTTP — so the respondent pages, the JSON API and the disposition logic
//! share one set of rules, and all of it is unit-tested.
//!
//! Start from [`CompiledForm::new`], which parses every expression of a [`Form`] once.
//!
//! [`Form`]: crate::form::model::Form

mod answer_check;
mod choice_filter;
mod choice_order;
mod compiled;
mod context;
mod defaults;
mod display;
pub mod error;
mod html_input;
mod navigation;
mod progress;
mod relevance;
mod repeat_plan;
mod repeat_prompt;
mod repeat_unroll;
mod save;
mod settle;

#[cfg(test)]
mod demo_form;
#[cfg(test)]
mod demo_tests;

pub use answer_check::ACKNOWLEDGED;
pub use compiled::{CompiledForm, ExprField, FormExprError};
pub use context::number_to_json;
pub use defaults::default_answer;
pub use error::{ItemError, ItemErrorKind};
pub use save::{AcceptedPage, RequiredCheck};

use std::collections::BTreeMap;

/// A case's answers: item name → answer. select_one: the choice name; select_multiple: an
/// array of choice names; integer/decimal: a JSON number; date: `"YYYY-MM-DD"`; text: a
/// string; calculate: its computed number or string (kept so that exports see it).
pub type Answers = BTreeMap<String, serde_json::Value>;

/// The maximum length of a text answer, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
