//! `POST /api/v1/surveys/{id}/questionnaire` (multipart part "file", an XLSForm `.xlsx` or the
//! project's `.json`) → 200 import report | 422 every error with sheet, row and column | 413
//! over [`QUESTIONNAIRE_LIMIT`] | 409 unless the survey is a draft. The new version replaces
//! the draft's previous questionnaire; a refused file changes nothing.
//!
//! `GET /api/v1/surveys/{id}/questionnaire?lang=xx`: the compiled form in one language, as the
//! respondent API renders it (with no answers given yet).

use super::refusal::{issue, setup_problem};
use crate::blocking::with_db;
use crate::manager_api::upload::{file_name, missing_part, next_part, read_to_memory};
use crate::manager_api::{Access, Manager};
use crate::problem::Problem;
use crate::respondent_api::questionnaire::render;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::{audit, write_tx, AnyConnection};
use svar_core::form::model::Language;
use svar_core::form::ImportReport;
use svar_core::response::Answers;
use svar_core::setup::{attach_questionnaire, read_questionnaire, QuestionnaireSource, SetupError};

/// The largest questionnaire file accepted (a big XLSForm is well under a megabyte).
pub const QUESTIONNAIRE_LIMIT: u64 = 10 * 1024 * 1024;

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The content type of an older `.xls` workbook.
const XLS_TYPE: &str = "application/vnd.ms-excel";

#[derive(Debug, Serialize)]
struct ImportView {
    survey_id: i64,
    questionnaire_id: i64,
    form_id: String,
    version: String,
    title: String,
    default_language: String,
    languages: Vec<Language>,
    pages: usize,
    items: usize,
    warnings: Vec<crate::problem::FieldError>,
}

/// 409 unless the survey is a draft (checked before the upload is read, and again when it
/// is stored).
fn require_draft(conn: &mut AnyConnection, id: i64) -> Result<(), Problem> {
    let survey = surveys::find(conn, id)?.ok_or_else(Problem::not_found)?;
    let state = survey.state()?;
    if state == SurveyState::Draft {
        Ok(())
    } else {
        Err(setup_problem(SetupError::NotDraft {
            state: state.as_str(),
        }))
    }
}

/// The format of the uploaded file: by its name's extension, else by its content type.
fn source_of(
    name: Option<&str>,
    content_type: Option<&str>,
) -> Result<QuestionnaireSource, Problem> {
    if let Some(source) = name.and_then(|n| QuestionnaireSource::from_file_name(n).ok()) {
        return Ok(source);
    }
    match content_type {
        Some(XLSX_TYPE | XLS_TYPE) => Ok(QuestionnaireSource::XlsForm),
        Some(t) if t == "application/json" || t.ends_with("+json") => Ok(QuestionnaireSource::Json),
        _ => Err(setup_problem(SetupError::UnknownQuestionnaireFormat)),
    }
}

pub async fn upload(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
    mut form: Multipart,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    super::before_upload(&state, manager, id, require_draft).await?;
    let mut file = None;
    while let Some(field) = next_part(&mut form).await? {
        let wanted = field.name() == Some("file") && file.is_none();
        let name = file_name(&field);
        let content_type = field.content_type().map(|m| m.essence_str().to_string());
        let bytes = read_to_memory(&mut form, field, "file", QUESTIONNAIRE_LIMIT).await?;
        if wanted {
            file = Some((source_of(name.as_deref(), content_type.as_deref())?, bytes));
        }
    }
    let (source, bytes) = file.ok_or_else(|| missing_part("file"))?;
    let (report, bytes) =
        web::block(move || read_questionnaire(source, &bytes).map(|report| (report, bytes)))
            .await
            .map_err(|_| Problem::unavailable())?
            .map_err(setup_problem)?;
    let view = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Change)?;
        let qid = write_tx(conn, |c| {
            let qid = attach_questionnaire(c, id, &report, &bytes)?;
            audit::record(
                c,
                Some(manager.user_id),
                "questionnaire.upload",
                "survey",
                Some(id),
                &json!({ "questionnaire_id": qid, "form_id": report.form.form_id,
                         "version": report.form.version }),
            )?;
            Ok::<_, SetupError>(qid)
        })
        .map_err(setup_problem)?;
        Ok::<_, Problem>(import_view(id, qid, report))
    })
    .await??;
    tracing::info!(
        survey_id = id,
        questionnaire_id = view.questionnaire_id,
        "questionnaire uploaded"
    );
    Ok(HttpResponse::Ok().json(view))
}

fn import_view(survey_id: i64, questionnaire_id: i64, report: ImportReport) -> ImportView {
    let form = report.form;
    ImportView {
        survey_id,
        questionnaire_id,
        pages: form.pages.len(),
        items: form.pages.iter().map(|p| p.items.len()).sum(),
        warnings: report
            .warnings
            .into_iter()
            .map(|w| issue("warning", w))
            .collect(),
        form_id: form.form_id,
        version: form.version,
        title: form.title,
        default_language: form.default_language,
        languages: form.languages,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewQuery {
    lang: Option<String>,
}

pub async fn preview(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let wanted = query.into_inner().lang;
    let view = with_db(&state, move |conn, st| {
        manager.survey_access(conn, id, Access::Read)?;
        let survey = surveys::find(conn, id)?.ok_or_else(Problem::not_found)?;
        let qid = survey
            .questionnaire_id
            .ok_or_else(|| Problem::not_found().detail("the survey has no questionnaire yet"))?;
        let compiled = st.respondent_cache.forms.get(conn, qid)?;
        let form = compiled.form();
        let lang = wanted.unwrap_or_else(|| form.default_language.clone());
        if !form.languages.iter().any(|l| l.code == lang) {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown-language",
                "The questionnaire has no such language",
            )
            .detail(format!(
                "languages: {}",
                form.languages
                    .iter()
                    .map(|l| l.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(render(&compiled, &lang, &Answers::new(), None))
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_name_then_the_content_type() {
        let of = |n, t| source_of(n, t).map_err(|p| p.status);
        assert_eq!(of(Some("q.XLSX"), None), Ok(QuestionnaireSource::XlsForm));
        assert_eq!(
            of(Some("q.json"), Some(XLSX_TYPE)),
            Ok(QuestionnaireSource::Json)
        );
        assert_eq!(
            of(Some("blob"), Some(XLSX_TYPE)),
            Ok(QuestionnaireSource::XlsForm)
        );
        assert_eq!(
            of(None, Some("application/json")),
            Ok(QuestionnaireSource::Json)
        );
        assert_eq!(of(Some("q.pdf"), Some("application/pdf")), Err(422));
    }
}
