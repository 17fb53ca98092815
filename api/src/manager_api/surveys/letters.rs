//! `GET /api/v1/surveys/{id}/letters.csv`: the invitation print file, one fresh code per case
//! still answering (`svar_core::setup::write_invitations`). Only for roles that may see
//! personal data; the download is in the audit log, in the same transaction as the codes.
//! Streamed: the cases are read a batch at a time and the file never sits whole in memory.

use crate::blocking::with_db;
use crate::manager_api::{Access, Manager};
use crate::problem::Problem;
use crate::state::AppState;
use crate::streaming_body::stream_blocking;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde_json::json;
use std::sync::Arc;
use svar_core::db::audit;
use svar_core::setup::{write_invitations_then, SetupError};

pub async fn download(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::PersonalData)
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
    let st = Arc::clone(&state);
    Ok(stream_blocking(
        &state,
        response,
        error_kind,
        move |conn, out| {
            let letters =
                write_invitations_then(conn, &st.code_key, id, &st.public_url, out, |c, count| {
                    audit::record(
                        c,
                        Some(manager.user_id),
                        "letters.download",
                        "survey",
                        Some(id),
                        &json!({ "letters": count }),
                    )
                    .map(|_| ())
                })?;
            tracing::info!(survey_id = id, letters, "letters written");
            Ok::<_, SetupError>(())
        },
    ))
}

/// What went wrong while writing, for the log (the error's own text may quote data).
fn error_kind(e: &SetupError) -> &'static str {
    match e {
        SetupError::Store(e) => e.kind(),
        SetupError::Io(_) => "writing the print file failed",
        _ => "the print file could not be written",
    }
}
