//! `GET /api/v1/jobs/{job}`: how a background job (a sample import) stands — rows read and
//! imported, problems so far with their line numbers, bytes read of the total and an estimate
//! of the seconds left. A job running in this process reports its live progress; otherwise the
//! stored row answers (on PostgreSQL refreshed about once a second by the job). Visible to
//! whoever may read the job's survey (404 otherwise).

use super::{timestamp, Access, Manager};
use crate::blocking::with_db;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use std::sync::Arc;
use svar_core::db::jobs::{self, JobRow};
use svar_core::db::now_ms;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/jobs/{job}").route(web::get().to(get)));
}

#[derive(Debug, Serialize)]
struct JobView {
    id: i64,
    kind: String,
    survey_id: i64,
    state: String,
    rows_read: i64,
    rows_imported: i64,
    error_count: i64,
    errors: serde_json::Value,
    bytes_read: i64,
    bytes_total: i64,
    eta_seconds: Option<i64>,
    created_at: String,
    finished_at: Option<String>,
}

/// Seconds left if reading goes on at the rate so far; `None` before the first byte or once
/// everything is read.
pub fn eta_seconds(bytes_read: i64, bytes_total: i64, elapsed_ms: i64) -> Option<i64> {
    if bytes_read <= 0 || bytes_read >= bytes_total || elapsed_ms < 0 {
        return None;
    }
    let left = (bytes_total - bytes_read) as f64;
    let rate = bytes_read as f64 / elapsed_ms as f64;
    Some((left / rate / 1000.0).ceil() as i64)
}

fn view(row: JobRow, live: Option<jobs::JobProgress>) -> JobView {
    let mut row = row;
    let running = row.state == jobs::JobState::Running.as_str();
    if let (true, Some(p)) = (running, live) {
        row.rows_read = p.rows_read;
        row.rows_imported = p.rows_imported;
        row.error_count = p.error_count;
        row.bytes_read = p.bytes_read;
    }
    let eta = running
        .then(|| {
            eta_seconds(
                row.bytes_read,
                row.bytes_total,
                now_ms() - row.created_at_ms,
            )
        })
        .flatten();
    JobView {
        errors: serde_json::from_str(&row.errors).unwrap_or_else(|_| serde_json::json!([])),
        id: row.id,
        kind: row.kind,
        survey_id: row.survey_id,
        state: row.state,
        rows_read: row.rows_read,
        rows_imported: row.rows_imported,
        error_count: row.error_count,
        bytes_read: row.bytes_read,
        bytes_total: row.bytes_total,
        eta_seconds: eta,
        created_at: timestamp(row.created_at_ms),
        finished_at: row.finished_at_ms.map(timestamp),
    }
}

async fn get(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    job: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let job = job.into_inner();
    let view = with_db(&state, move |conn, st| {
        let row = jobs::find(conn, job)?.ok_or_else(Problem::not_found)?;
        manager.survey_access(conn, row.survey_id, Access::Read)?;
        Ok::<_, Problem>(view(row, st.jobs.get(job)))
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

#[cfg(test)]
mod tests {
    use super::eta_seconds;

    #[test]
    fn the_eta_follows_the_rate_so_far() {
        assert_eq!(eta_seconds(250, 1000, 10_000), Some(30));
        assert_eq!(eta_seconds(0, 1000, 10_000), None);
        assert_eq!(eta_seconds(1000, 1000, 10_000), None);
        assert_eq!(eta_seconds(1, 3, 1), Some(1));
    }
}
