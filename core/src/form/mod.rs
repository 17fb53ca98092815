//! Questionnaires: the compiled model every other part reads, and its import from XLSForm
//! (.xlsx) and from the project's own JSON, with export back to that JSON.
//!
//! Import either yields a whole [`Form`] (with warnings) or refuses it with every error found,
//! each naming where in the source it is; it never yields half a form.

pub mod model;

mod check;
mod import_error;
pub mod instance_keys;
mod json;
mod language_names;
mod names;
mod or_other;
mod piping;
mod reference_check;
mod xlsform;
mod xlsform_choices;
mod xlsform_header;
mod xlsform_languages;
mod xlsform_locate;
mod xlsform_pages;
mod xlsform_parameters;
mod xlsform_settings;
mod xlsform_sheet;
mod xlsform_survey_row;
mod xlsform_type;

pub use check::item_names;
pub use import_error::{ImportErrors, ImportIssue, IssueLocation, MAX_ERRORS};
pub use json::{export_json, import_json};
pub use model::Form;
pub use names::is_valid_name;
pub use piping::{piped_names, PipedName};
pub use xlsform::import_xlsform;

use serde::Serialize;

/// A questionnaire that was accepted, and what the author should still look at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub form: Form,
    /// Problems that do not refuse the form (e.g. a label missing in one language).
    pub warnings: Vec<ImportIssue>,
}
