//! How a refusal of survey setup (`SetupError` from the core) is answered: a rule broken is a
//! 409 saying which, a refused questionnaire a 422 with every error located by sheet, row and
//! column, and anything else a 404 or a storage problem.

use crate::problem::{FieldError, FileLocation, Problem};
use actix_web::http::StatusCode;
use svar_core::form::ImportIssue;
use svar_core::setup::SetupError;

/// 409 with `detail` as the rule broken.
pub fn conflict(kind: &str, detail: impl Into<String>) -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        kind,
        "The survey's state does not allow this",
    )
    .detail(detail)
}

/// A questionnaire issue as a field error of the part "file".
pub fn issue(code: &str, issue: ImportIssue) -> FieldError {
    FieldError {
        item: None,
        field: Some("file".into()),
        code: code.into(),
        message: issue.message,
        location: Some(FileLocation {
            sheet: issue.sheet,
            row: issue.row,
            column: issue.column,
        }),
    }
}

pub fn setup_problem(e: SetupError) -> Problem {
    match e {
        SetupError::Questionnaire(errors) => Problem::item_errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            "questionnaire-refused",
            "The questionnaire was refused; nothing was changed",
            errors.0.into_iter().map(|i| issue("error", i)).collect(),
        ),
        SetupError::UnknownQuestionnaireFormat => Problem::invalid_fields(vec![FieldError::field(
            "file",
            "format",
            "must be an .xlsx (XLSForm) or .json file",
        )]),
        SetupError::Transition(refusal) => conflict("state-rule", refusal.to_string()),
        SetupError::NotDraft { .. } => conflict("not-draft", e.to_string()),
        SetupError::SurveyExists { .. } => Problem::item_errors(
            StatusCode::CONFLICT,
            "survey-exists",
            "A survey with this name and round exists already",
            vec![FieldError::field(
                "round",
                "taken",
                "this name has a survey with this round already",
            )],
        ),
        SetupError::NoNextRound => conflict("no-next-round", e.to_string()),
        SetupError::SampleExists(_) => conflict("sample-exists", e.to_string()),
        SetupError::ImportRunning(_) => conflict("import-running", e.to_string()),
        SetupError::NoSuchSurvey(_) => Problem::not_found(),
        SetupError::Store(e) => Problem::from(e),
        // A sample error's text may quote a value of the file (a person id): not logged.
        SetupError::Sample(_) => Problem::internal(),
        SetupError::Fieldwork(e) => crate::manager_api::fieldwork_problem(e),
        SetupError::Random | SetupError::Io(_) => {
            tracing::error!(error = %e, "survey setup failed");
            Problem::internal()
        }
    }
}
