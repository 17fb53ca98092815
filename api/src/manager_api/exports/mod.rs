//! `GET /api/v1/surveys/{id}/export/{file}`: a survey's data for analysis — `responses.csv`,
//! `responses.sav`, `responses.dta` (`?labels=LANG`), `codebook.json`, `ddi.xml`,
//! `paradata.csv` — streamed from the export library (`svar_core::export`) through
//! [`crate::streaming_body`], so a million cases export in bounded memory.
//!
//! Everything that can be refused is checked before the first byte: the grant and role (404
//! ungranted, 403 a viewer asking for answers or paradata), the survey's questionnaire (404)
//! and the label language (422 naming `labels`). Each download is in the audit log
//! (`export.download` with the format). A failure while streaming aborts the connection.

mod file;

use crate::blocking::with_db;
use crate::manager_api::Manager;
use crate::problem::{FieldError, Problem};
use crate::startup::State;
use crate::streaming_body::stream_blocking;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use file::ExportFile;
use serde::Deserialize;
use svar_core::db::{audit, write_tx};
use svar_core::export::{write_paradata_csv, ExportError, ExportOptions, SurveyExport};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/surveys/{id}/export/{file}").route(web::get().to(download)));
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// Labels in this language (responses: choice labels instead of names; SPSS/Stata: the
    /// language of variable and value labels).
    labels: Option<String>,
}

async fn download(
    state: State,
    manager: Manager,
    path: web::Path<(i64, String)>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, Problem> {
    let (survey_id, name) = path.into_inner();
    let (file, repeat) = ExportFile::parse(&name).ok_or_else(Problem::not_found)?;
    let labels = query.into_inner().labels;
    let disposition = file.disposition(survey_id, repeat.as_deref(), labels.as_deref());
    let export = with_db(&state, move |conn, _| {
        manager.survey_access(conn, survey_id, file.access())?;
        let options = ExportOptions {
            labels: labels.clone(),
            // The person id column for roles allowed personal data (only they get answers).
            personal_data: super::cases::sees_personal_data(&manager),
        };
        let export = match file {
            // Paradata needs no questionnaire: the survey exists (access said so).
            ExportFile::ParadataCsv => None,
            _ => {
                let export = SurveyExport::load(conn, survey_id, &options).map_err(refusal)?;
                Some(match &repeat {
                    Some(repeat) => export.for_repeat(repeat).map_err(refusal)?,
                    None => export,
                })
            }
        };
        write_tx(conn, |c| {
            audit::record(
                c,
                Some(manager.user_id),
                "export.download",
                "survey",
                Some(survey_id),
                &serde_json::json!({ "format": file.name(), "repeat": repeat, "labels": labels }),
            )
        })?;
        Ok::<_, Problem>(export)
    })
    .await??;
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, file.content_type()))
        .insert_header((header::CONTENT_DISPOSITION, disposition));
    Ok(stream_blocking(
        &state,
        response,
        log_kind,
        move |conn, out| -> Result<(), ExportError> {
            match (file, export) {
                (ExportFile::ParadataCsv, _) => write_paradata_csv(conn, survey_id, out).map(drop),
                (ExportFile::ResponsesCsv | ExportFile::RepeatCsv, Some(e)) => {
                    e.write_responses_csv(conn, out).map(drop)
                }
                (ExportFile::CodebookJson, Some(e)) => e.write_codebook_json(out),
                (ExportFile::DdiXml, Some(e)) => e.write_ddi_xml(out),
                (f, Some(e)) => match f.stat_format() {
                    Some(format) => e.write_stat_file(conn, format, out).map(drop),
                    None => Err(ExportError::NoQuestionnaire(survey_id)),
                },
                (_, None) => Err(ExportError::NoQuestionnaire(survey_id)),
            }
        },
    ))
}

/// The problem for an export refused before streaming.
fn refusal(e: ExportError) -> Problem {
    match e {
        ExportError::NoSuchSurvey(_) => Problem::not_found(),
        ExportError::NoQuestionnaire(_) => {
            Problem::not_found().detail("the survey has no questionnaire yet")
        }
        ExportError::NoSuchRepeat(_) => {
            Problem::not_found().detail("the questionnaire has no repeat group of that name")
        }
        ExportError::UnknownLanguage { known, .. } => {
            Problem::invalid_fields(vec![FieldError::field(
                "labels",
                "unknown_language",
                format!(
                    "the questionnaire has no such language; it has: {}",
                    known.join(", ")
                ),
            )])
        }
        ExportError::Store(e) => Problem::from(e),
        other => {
            tracing::error!(error = log_kind(&other), "export refused");
            Problem::internal()
        }
    }
}

/// What went wrong, for the log: the kind only, never a value that was written.
fn log_kind(e: &ExportError) -> &'static str {
    match e {
        ExportError::NoSuchSurvey(_) => "no such survey",
        ExportError::NoQuestionnaire(_) => "no questionnaire",
        ExportError::NoSuchRepeat(_) => "no such repeat group",
        ExportError::UnknownLanguage { .. } => "unknown language",
        ExportError::CorruptAnswers { .. } => "stored answers are not a JSON object",
        ExportError::CorruptQuestionnaire(_) => "stored questionnaire cannot be read",
        ExportError::CasesChanged => "cases changed during the export",
        ExportError::Store(e) => e.kind(),
        ExportError::Io(_) => "write failed (client gone?)",
        ExportError::Csv(_) => "CSV write failed (client gone?)",
        ExportError::Json(_) => "JSON write failed",
        ExportError::StatFile(_) => "ReadStat refused the file",
    }
}
