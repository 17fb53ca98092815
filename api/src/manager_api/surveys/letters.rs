//! `GET /api/v1/surveys/{id}/letters.csv`: the survey's invitation print file — its invitation
//! batch (`svar_core::fieldwork::invitation_batch`): the first request makes it, a letter with a
//! fresh code to every case still answering; every later request (a HEAD, a look at the
//! headers, a second download) gets the same letters with the same codes, until the batch is
//! handed over (then 410). The batch is listed with the survey's print batches. Only for roles
//! that may see personal data; every download is in the audit log. Streamed a page of letters
//! at a time.

use crate::blocking::with_db;
use crate::manager_api::{
    fieldwork_problem, stream_letters, Access, LetterFiles, LetterFormat, Manager,
};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde_json::json;
use std::sync::Arc;
use svar_core::code::CodeSeal;
use svar_core::db::{audit, now_ms, surveys, write_tx};
use svar_core::fieldwork::{invitation_batch, invitation_texts, BatchKeys, FieldworkError};

pub async fn download(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let (batch, survey_name) = with_db(&state, move |conn, st| {
        manager.survey_access(conn, id, Access::PersonalData)?;
        let survey = surveys::find(conn, id)?.ok_or_else(Problem::not_found)?;
        let seal = CodeSeal::new(&st.code_key);
        let keys = BatchKeys {
            code_key: &st.code_key,
            seal: &seal,
        };
        let batch = invitation_batch(conn, &keys, id, now_ms()).map_err(fieldwork_problem)?;
        if batch.handed_over_at_ms.is_some() {
            return Err(fieldwork_problem(FieldworkError::HandedOver(batch.id)));
        }
        write_tx(conn, |c| {
            audit::record(
                c,
                Some(manager.user_id),
                "letters.download",
                "survey",
                Some(id),
                &json!({ "letters": batch.letters, "batch_id": batch.id }),
            )
        })?;
        Ok::<_, Problem>((batch, survey.name))
    })
    .await??;
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"letters-survey-{id}.csv\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    let files = LetterFiles {
        batch,
        survey_name,
        texts: invitation_texts(),
        default_language: "sv".to_string(),
    };
    Ok(stream_letters(&state, response, files, LetterFormat::Csv))
}
