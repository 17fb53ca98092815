//! `/api/v1/surveys/{id}/print-batches…`: the letters that went to print, a batch per step
//! that fell due. The list (any role); a batch's CSV for the mailing house and its
//! print-ready HTML (roles allowed personal data, every download in the audit log), the same
//! letters and codes however often they are downloaded; and the mark that a batch was handed
//! over, after which its codes are no longer kept and the files answer 410.

use super::fieldwork_problem;
use crate::blocking::with_db;
use crate::manager_api::{
    stream_letters, timestamp, Access, LetterFiles, LetterFormat, ListQuery, Manager, Page,
};
use crate::problem::Problem;
use crate::startup::State;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use svar_core::contact::Template;
use svar_core::db::print_batches::{self, BatchRow, INVITATION_STEP};
use svar_core::db::{audit, now_ms, surveys, write_tx, AnyConnection};
use svar_core::fieldwork::{invitation_texts, plan_of, survey_languages, FieldworkError};

/// A batch as lists show it.
#[derive(Debug, Serialize)]
pub struct BatchView {
    id: i64,
    step: String,
    letters: i64,
    created_at: String,
    handed_over_at: Option<String>,
}

impl BatchView {
    fn of(row: BatchRow) -> BatchView {
        BatchView {
            id: row.id,
            step: row.step,
            letters: row.letters,
            created_at: timestamp(row.created_at_ms),
            handed_over_at: row.handed_over_at_ms.map(timestamp),
        }
    }
}

pub async fn list(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let (after, limit) = query.into_inner().page()?;
    let page = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Read)?;
        let rows = print_batches::list(conn, id, after, limit)?;
        Ok::<_, Problem>(Page::of(rows, limit, |r| r.id, BatchView::of))
    })
    .await??;
    Ok(HttpResponse::Ok().json(page))
}

/// The texts of a batch's letters: its step's, or Svar's invitation for the invitation batch
/// (and for a step since taken out of the plan).
fn texts_of(
    conn: &mut AnyConnection,
    batch: &BatchRow,
) -> Result<BTreeMap<String, Template>, FieldworkError> {
    if batch.step == INVITATION_STEP {
        return Ok(invitation_texts());
    }
    let plan = plan_of(conn, batch.survey_id)?;
    Ok(match plan.step(&batch.step) {
        Some(step) => step
            .templates
            .iter()
            .map(|(language, t)| (language.clone(), t.body.clone()))
            .collect(),
        None => invitation_texts(),
    })
}

/// Checks access and the batch, and audits the download of `format`.
async fn prepare(
    state: &State,
    manager: Manager,
    survey_id: i64,
    batch_id: i64,
    format: &'static str,
) -> Result<LetterFiles, Problem> {
    with_db(state, move |conn, _| {
        manager.survey_access(conn, survey_id, Access::PersonalData)?;
        let batch =
            print_batches::find(conn, survey_id, batch_id)?.ok_or_else(Problem::not_found)?;
        if batch.handed_over_at_ms.is_some() {
            return Err(fieldwork_problem(FieldworkError::HandedOver(batch.id)));
        }
        let survey = surveys::find(conn, survey_id)?.ok_or_else(Problem::not_found)?;
        let texts = texts_of(conn, &batch).map_err(fieldwork_problem)?;
        let default_language = survey_languages(conn, survey_id)
            .map_err(fieldwork_problem)?
            .map_or_else(|| "sv".to_string(), |l| l.default);
        write_tx(conn, |c| {
            audit::record(
                c,
                Some(manager.user_id),
                "print_batch.download",
                "print_batch",
                Some(batch_id),
                &json!({ "survey_id": survey_id, "format": format, "letters": batch.letters }),
            )
        })?;
        Ok::<_, Problem>(LetterFiles {
            batch,
            survey_name: survey.name,
            texts,
            default_language,
        })
    })
    .await?
}

async fn download(
    state: State,
    manager: Manager,
    path: web::Path<(i64, i64)>,
    format: LetterFormat,
) -> Result<HttpResponse, Problem> {
    let (survey_id, batch_id) = path.into_inner();
    let (name, media) = match format {
        LetterFormat::Csv => ("letters.csv", "text/csv; charset=utf-8"),
        LetterFormat::Html => ("letters.html", "text/html; charset=utf-8"),
    };
    let files = prepare(&state, manager, survey_id, batch_id, name).await?;
    let mut response = HttpResponse::Ok();
    response
        .content_type(media)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"survey-{survey_id}-batch-{batch_id}-{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    Ok(stream_letters(&state, response, files, format))
}

pub async fn letters_csv(
    state: State,
    manager: Manager,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, Problem> {
    download(state, manager, path, LetterFormat::Csv).await
}

pub async fn letters_html(
    state: State,
    manager: Manager,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, Problem> {
    download(state, manager, path, LetterFormat::Html).await
}

/// `POST …/print-batches/{batch}/handed-over`: the mailing house has the batch; its sealed
/// codes are dropped. Marking it again changes nothing.
pub async fn handed_over(
    state: State,
    manager: Manager,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, Problem> {
    let (survey_id, batch_id) = path.into_inner();
    let view = with_db(&state, move |conn, _| {
        manager.survey_access(conn, survey_id, Access::Change)?;
        print_batches::find(conn, survey_id, batch_id)?.ok_or_else(Problem::not_found)?;
        write_tx(conn, |c| {
            if print_batches::hand_over(c, batch_id, Some(manager.user_id), now_ms())? {
                audit::record(
                    c,
                    Some(manager.user_id),
                    "print_batch.handed_over",
                    "print_batch",
                    Some(batch_id),
                    &json!({ "survey_id": survey_id }),
                )?;
            }
            Ok::<_, svar_core::db::StoreError>(())
        })?;
        let row = print_batches::find(conn, survey_id, batch_id)?.ok_or_else(Problem::not_found)?;
        Ok::<_, Problem>(BatchView::of(row))
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}
