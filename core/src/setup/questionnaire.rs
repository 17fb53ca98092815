//! A questionnaire file (XLSForm or the project's JSON) read, checked, stored as an immutable
//! version, and a survey round created with it.

use super::SetupError;
use crate::db::surveys::{self, SurveyState};
use crate::db::{questionnaires, write_tx, AnyConnection};
use crate::form::{export_json, import_json, import_xlsform, ImportReport};
use sha2::{Digest, Sha256};

/// The two formats a questionnaire arrives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionnaireSource {
    /// An XLSForm workbook, `.xlsx` or the older `.xls` (told apart by their content).
    XlsForm,
    Json,
}

impl QuestionnaireSource {
    /// By file name: `.xlsx`, `.xls` or `.json`.
    pub fn from_file_name(name: &str) -> Result<QuestionnaireSource, SetupError> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xls") {
            Ok(QuestionnaireSource::XlsForm)
        } else if lower.ends_with(".json") {
            Ok(QuestionnaireSource::Json)
        } else {
            Err(SetupError::UnknownQuestionnaireFormat)
        }
    }
}

/// Checks a questionnaire file; the report carries the form and its warnings.
pub fn read_questionnaire(
    source: QuestionnaireSource,
    bytes: &[u8],
) -> Result<ImportReport, SetupError> {
    match source {
        QuestionnaireSource::XlsForm => import_xlsform(bytes),
        QuestionnaireSource::Json => match std::str::from_utf8(bytes) {
            Ok(text) => import_json(text),
            Err(_) => Err(crate::form::ImportErrors::single(
                crate::form::IssueLocation::sheet("json"),
                "the file is not UTF-8 text",
            )),
        },
    }
    .map_err(SetupError::Questionnaire)
}

/// Stores the questionnaire and creates the survey round in one transaction; returns the
/// survey id. The CLI creates rounds ready for fieldwork (`Fielding`).
pub fn create_survey(
    conn: &mut AnyConnection,
    name: &str,
    round: i32,
    state: SurveyState,
    report: &ImportReport,
    source_bytes: &[u8],
) -> Result<i64, SetupError> {
    write_tx(conn, |c| {
        let qid = store_questionnaire(c, report, source_bytes)?;
        surveys::insert(c, name, round, state, Some(qid))?.ok_or_else(|| SetupError::SurveyExists {
            name: name.to_string(),
            round,
        })
    })
}

/// Stores the questionnaire as a new version and links it to a draft survey in place of the
/// one it had; returns the questionnaire id. Refused unless the survey is a draft: the
/// questionnaire is frozen from fielding on. Runs in the caller's transaction.
pub fn attach_questionnaire(
    conn: &mut AnyConnection,
    survey_id: i64,
    report: &ImportReport,
    source_bytes: &[u8],
) -> Result<i64, SetupError> {
    let survey = surveys::find(conn, survey_id)?.ok_or(SetupError::NoSuchSurvey(survey_id))?;
    let state = survey.state()?;
    if state != SurveyState::Draft {
        return Err(SetupError::NotDraft {
            state: state.as_str(),
        });
    }
    let qid = store_questionnaire(conn, report, source_bytes)?;
    surveys::set_questionnaire(conn, survey_id, qid)?;
    Ok(qid)
}

/// Stores the compiled form of `report` as an immutable version.
fn store_questionnaire(
    conn: &mut AnyConnection,
    report: &ImportReport,
    source_bytes: &[u8],
) -> Result<i64, SetupError> {
    let form = &report.form;
    let compiled = export_json(form);
    let sha = hex::encode(Sha256::digest(source_bytes));
    Ok(questionnaires::insert(
        conn,
        &form.form_id,
        &form.version,
        &form.title,
        &compiled,
        &sha,
    )?)
}
