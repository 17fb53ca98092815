//! The project's own questionnaire format: the compiled [`Form`] as JSON. Export writes it,
//! import reads it strictly (unknown fields refused) and then holds it to the same rules as an
//! XLSForm, so a hand-edited JSON form cannot carry what an XLSForm could not.

use super::check::{check_form, ExpressionChecks, Field, Locate, Place};
use super::import_error::{ImportErrors, IssueLocation, IssueLog};
use super::model::Form;
use super::ImportReport;

/// The `sheet` of every issue found in a JSON form.
const JSON_SOURCE: &str = "json";

/// Reads a questionnaire in the project's JSON format.
pub fn import_json(text: &str) -> Result<ImportReport, ImportErrors> {
    let form: Form = serde_json::from_str(text).map_err(|error| {
        ImportErrors::single(
            IssueLocation::sheet(JSON_SOURCE),
            format!("not a questionnaire in Svar's JSON format: {error}"),
        )
    })?;
    let mut log = IssueLog::default();
    check_form(&form, &JsonPointers, ExpressionChecks::Check, &mut log);
    let warnings = log.finish()?;
    Ok(ImportReport { form, warnings })
}

/// Writes a questionnaire in the project's JSON format, pretty-printed.
pub fn export_json(form: &Form) -> String {
    // Cannot fail: a Form is plain data whose maps all have string keys.
    serde_json::to_string_pretty(form).unwrap_or_default()
}

/// Locates issues in a JSON form by JSON pointer (RFC 6901).
struct JsonPointers;

impl Locate for JsonPointers {
    fn locate(&self, place: Place<'_>, field: Field<'_>) -> IssueLocation {
        let mut pointer = match place {
            Place::Form => String::new(),
            Place::Language(index) => format!("/languages/{index}"),
            Place::Page(page) => format!("/pages/{page}"),
            Place::Item { page, item } => format!("/pages/{page}/items/{item}"),
            Place::ChoiceList(list) => format!("/choice_lists/{}", escape(list)),
            Place::Choice { list, index } => format!("/choice_lists/{}/{index}", escape(list)),
            Place::Repeat(index) => format!("/repeats/{index}"),
        };
        let tail = match field {
            Field::Whole => String::new(),
            Field::FormId => "/form_id".to_string(),
            Field::DefaultLanguage => "/default_language".to_string(),
            Field::Code => "/code".to_string(),
            Field::Id => "/id".to_string(),
            Field::Name if matches!(place, Place::ChoiceList(_)) => String::new(),
            Field::Name => "/name".to_string(),
            Field::ChoiceList => "/choice_list".to_string(),
            Field::Title(code) => format!("/title/{}", escape(code)),
            Field::Label(code) => format!("/label/{}", escape(code)),
            Field::Hint(code) => format!("/hint/{}", escape(code)),
            Field::ConstraintMessage(code) => format!("/constraint_message/{}", escape(code)),
            Field::RequiredMessage(code) => format!("/required_message/{}", escape(code)),
            Field::Relevant => "/relevant".to_string(),
            Field::Constraint => "/constraint".to_string(),
            Field::Calculation => "/calculation".to_string(),
            Field::ChoiceFilter => "/choice_filter".to_string(),
            Field::Default => "/default".to_string(),
            Field::Range => "/range".to_string(),
            Field::RequiredWhen => "/required_when".to_string(),
            Field::RandomizeSeed => "/randomize_seed".to_string(),
            Field::RepeatCount => "/count".to_string(),
        };
        pointer.push_str(&tail);
        if pointer.is_empty() {
            pointer.push('/');
        }
        IssueLocation {
            sheet: JSON_SOURCE.to_string(),
            row: None,
            column: Some(pointer),
        }
    }
}

/// Escapes one JSON pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
