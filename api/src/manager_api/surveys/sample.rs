//! `POST /api/v1/surveys/{id}/sample` (multipart parts "strata" and "sample", CSV) → 202
//! `{"job"}` + Location `/api/v1/jobs/{job}`. Each part is streamed to a temporary file (never
//! held in memory, at most [`SAMPLE_LIMIT`] bytes, else 413), then stored with the job in the
//! database and queued (`svar_core::setup::enqueue_sample_import`); a worker runs the import,
//! all or nothing. Refused with 409 before the upload is read if the survey is closed, has a
//! sample, or has an import waiting or running.

use super::refusal::{conflict, setup_problem};
use crate::blocking::with_db;
use crate::manager_api::upload::{missing_part, next_part, read_to_memory, save_to_temp};
use crate::manager_api::{Access, Manager};
use crate::problem::Problem;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{http::header, web, HttpResponse};
use serde_json::json;
use std::sync::Arc;
use svar_core::db::jobs::{self, SAMPLE_IMPORT};
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::{cases, AnyConnection};
use svar_core::setup::{enqueue_sample_import, SampleFiles, SetupError};

/// The largest strata or sample file accepted (a million rows of a wide register extract is
/// well under a gigabyte).
pub const SAMPLE_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

/// Parts other than the two files are read and dropped, up to this size.
const OTHER_PART_LIMIT: u64 = 64 * 1024;

/// 409 if the survey cannot take a sample now.
fn check_accepts_sample(conn: &mut AnyConnection, id: i64) -> Result<(), Problem> {
    let survey = surveys::find(conn, id)?.ok_or_else(Problem::not_found)?;
    if survey.state()? == SurveyState::Closed {
        return Err(conflict(
            "survey-closed",
            "the survey is closed; a closed survey takes no sample",
        ));
    }
    if cases::count_of_survey(conn, id)? > 0 {
        return Err(setup_problem(SetupError::SampleExists(id)));
    }
    if jobs::running_for_survey(conn, SAMPLE_IMPORT, id)?.is_some() {
        return Err(setup_problem(SetupError::ImportRunning(id)));
    }
    Ok(())
}

pub async fn upload(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
    mut form: Multipart,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    super::before_upload(&state, manager, id, check_accepts_sample).await?;
    let (mut strata, mut sample) = (None, None);
    while let Some(field) = next_part(&mut form).await? {
        let name = field.name().map(str::to_string);
        match name.as_deref() {
            Some("strata") if strata.is_none() => {
                strata = Some(save_to_temp(&mut form, field, "strata", SAMPLE_LIMIT).await?);
            }
            Some("sample") if sample.is_none() => {
                sample = Some(save_to_temp(&mut form, field, "sample", SAMPLE_LIMIT).await?);
            }
            _ => {
                read_to_memory(&mut form, field, "other", OTHER_PART_LIMIT).await?;
            }
        }
    }
    let strata = strata.ok_or_else(|| missing_part("strata"))?;
    let sample = sample.ok_or_else(|| missing_part("sample"))?;
    let files = SampleFiles {
        strata: strata.keep(),
        sample: sample.keep(),
    };
    let job = with_db(&state, move |conn, _| {
        let queued = manager
            .survey_access(conn, id, Access::Change)
            .and_then(|()| check_accepts_sample(conn, id))
            .and_then(|()| {
                enqueue_sample_import(conn, id, &files, Some(manager.user_id))
                    .map_err(setup_problem)
            });
        // Stored with the job, or refused: the files on disk are not needed any more.
        files.remove();
        queued
    })
    .await??;
    tracing::info!(survey_id = id, job_id = job, "sample import queued");
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, format!("/api/v1/jobs/{job}")))
        .json(json!({ "job": job })))
}
