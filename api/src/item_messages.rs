//! Refused answers worded for the respondent: a failed `constraint` shows the questionnaire's
//! own `constraint_message`, and a missing required answer its `required_message`, in the
//! respondent's language; everything else uses the interface texts. The JSON API and the pages
//! word errors the same way.

use crate::i18n::{text, UiText};
use crate::problem::{field_errors, Problem};
use crate::state::AppState;
use std::sync::Arc;
use svar_core::db::AnyConnection;
use svar_core::form::model::ItemKind;
use svar_core::respondent::{case_context, RefusedAnswers, RespondentError};
use svar_core::response::error::{ItemError, ItemErrorKind};
use svar_core::response::CompiledForm;

/// The message for one refused answer in `lang`.
pub fn message(form: &CompiledForm, lang: &str, error: &ItemError) -> String {
    let item = form.form().item(&error.item);
    let own = |texts: Option<&svar_core::form::model::Texts>| {
        texts
            .map(|texts| form.form().text(texts, lang))
            .filter(|own| !own.is_empty())
            .map(str::to_string)
    };
    let key = match error.kind {
        ItemErrorKind::Required => {
            if let Some(own) = own(item.map(|i| &i.required_message)) {
                return own;
            }
            match item.map(|i| i.kind) {
                Some(ItemKind::SelectOne) => UiText::ErrorChooseOne,
                _ => UiText::ErrorRequired,
            }
        }
        ItemErrorKind::NotInteger => UiText::ErrorInteger,
        ItemErrorKind::NotNumber => UiText::ErrorDecimal,
        ItemErrorKind::NotDate => UiText::ErrorDate,
        ItemErrorKind::NotTime => UiText::ErrorTime,
        ItemErrorKind::NotDateTime => UiText::ErrorDateTime,
        ItemErrorKind::OutOfRange => UiText::ErrorRange,
        ItemErrorKind::Constraint => {
            if let Some(own) = own(item.map(|i| &i.constraint_message)) {
                return own;
            }
            UiText::ErrorInvalidAnswer
        }
        ItemErrorKind::NotText
        | ItemErrorKind::NotAcknowledged
        | ItemErrorKind::UnknownChoice
        | ItemErrorKind::NotAList
        | ItemErrorKind::NotOnPage => UiText::ErrorInvalidAnswer,
    };
    text(lang, key).to_string()
}

/// English messages, for errors raised where no form is at hand.
pub fn english(error: &ItemError) -> String {
    let key = match error.kind {
        ItemErrorKind::Required => UiText::ErrorRequired,
        ItemErrorKind::NotInteger => UiText::ErrorInteger,
        ItemErrorKind::NotNumber => UiText::ErrorDecimal,
        ItemErrorKind::NotDate => UiText::ErrorDate,
        ItemErrorKind::NotTime => UiText::ErrorTime,
        ItemErrorKind::NotDateTime => UiText::ErrorDateTime,
        ItemErrorKind::OutOfRange => UiText::ErrorRange,
        _ => UiText::ErrorInvalidAnswer,
    };
    text("en", key).to_string()
}

/// A respondent error as a problem document, field errors worded in `lang`.
pub fn problem_in_language(form: &CompiledForm, lang: &str, error: RespondentError) -> Problem {
    match &error {
        RespondentError::Invalid(RefusedAnswers { errors, .. })
        | RespondentError::MissingRequired(errors) => {
            let fields = field_errors(errors, |e| message(form, lang, e));
            let mut p = Problem::from(error);
            p.errors = fields;
            p
        }
        _ => Problem::from(error),
    }
}

/// The case's compiled form and current language.
pub fn form_and_language(
    conn: &mut AnyConnection,
    state: &AppState,
    case_id: i64,
) -> Result<(Arc<CompiledForm>, String), RespondentError> {
    let ctx = case_context(conn, &state.respondent_cache, case_id)?;
    Ok((ctx.form, ctx.language))
}
