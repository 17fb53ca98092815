//! `GET /api/v1/surveys/{id}/letters.csv`: the invitation print file, one fresh code per case
//! still answering (`svar_core::setup::write_invitations`). Only for roles that may see
//! personal data; the download is in the audit log, in the same transaction as the codes.
//! Streamed: the cases are read a batch at a time and the file never sits whole in memory.
//! The file is written to a private temporary file first and sent from there once the codes
//! are committed, so the write transaction (on SQLite, the one writer of the process, which
//! respondents' saves wait for) lasts as long as the local disk needs, not as long as a slow
//! client takes to download.

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
            let spool = Spool::create(id)?;
            let file = std::io::BufWriter::new(spool.file()?);
            let letters = write_invitations_then(
                conn,
                &st.code_key,
                id,
                &st.public_url,
                file,
                |c, count| {
                    audit::record(
                        c,
                        Some(manager.user_id),
                        "letters.download",
                        "survey",
                        Some(id),
                        &json!({ "letters": count }),
                    )
                    .map(|_| ())
                },
            )?;
            tracing::info!(survey_id = id, letters, "letters written");
            std::io::copy(&mut spool.file()?, out)?;
            Ok::<_, SetupError>(())
        },
    ))
}

/// The print file on its way to the client: created readable by this user only, removed
/// when the download ends however it ends (it holds names, addresses and codes).
struct Spool(std::path::PathBuf);

impl Spool {
    fn create(survey_id: i64) -> std::io::Result<Spool> {
        let name = format!(
            "svar-letters-{survey_id}-{}-{}.csv",
            std::process::id(),
            svar_core::db::now_ms()
        );
        let path = std::env::temp_dir().join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&path)?;
        Ok(Spool(path))
    }

    fn file(&self) -> std::io::Result<std::fs::File> {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&self.0)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        // Nothing more can be done if removing fails; the folder is the system's temporary one.
        let _ = std::fs::remove_file(&self.0);
    }
}

/// What went wrong while writing, for the log (the error's own text may quote data).
fn error_kind(e: &SetupError) -> &'static str {
    match e {
        SetupError::Store(e) => e.kind(),
        SetupError::Io(_) => "writing the print file failed",
        _ => "the print file could not be written",
    }
}
