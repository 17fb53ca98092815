//! `/api/v1/surveys…`: survey rounds for field managers — create, list, read, rename while
//! draft, move through draft → fielding → closed, copy into the next round, and the uploads
//! and downloads that belong to a round (questionnaire, sample, letters).

mod copy;
mod curves;
mod get;
mod letters;
mod monitoring_settings;
mod patch;
mod post;
mod questionnaire;
mod refusal;
mod sample;
mod state;
mod statistics;
mod view;

use crate::blocking::with_db;
use crate::manager_api::{Access, Manager};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::web;
use std::sync::Arc;
use svar_core::db::AnyConnection;

/// The checks made before an upload is read (so a refusal costs no upload): the caller may
/// change the survey, and the survey's state allows the upload (`rule`).
async fn before_upload(
    state: &Arc<AppState>,
    manager: Manager,
    id: i64,
    rule: fn(&mut AnyConnection, i64) -> Result<(), Problem>,
) -> Result<(), Problem> {
    with_db(state, move |conn, _| {
        manager.survey_access(conn, id, Access::Change)?;
        rule(conn, id)
    })
    .await?
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/surveys")
            .route(web::post().to(post::post))
            .route(web::get().to(get::list)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}")
            .route(web::get().to(get::one))
            .route(web::patch().to(patch::patch)),
    )
    .service(web::resource("/api/v1/surveys/{id}/state").route(web::post().to(state::post)))
    .service(web::resource("/api/v1/surveys/{id}/copy").route(web::post().to(copy::post)))
    .service(
        web::resource("/api/v1/surveys/{id}/questionnaire")
            .route(web::post().to(questionnaire::upload))
            .route(web::get().to(questionnaire::preview)),
    )
    .service(web::resource("/api/v1/surveys/{id}/sample").route(web::post().to(sample::upload)))
    .service(
        web::resource("/api/v1/surveys/{id}/letters.csv").route(web::get().to(letters::download)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/statistics")
            .route(web::get().to(statistics::statistics)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/statistics/stream")
            .route(web::get().to(statistics::stream)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/statistics/curve").route(web::get().to(curves::curve)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/statistics/daily.csv")
            .route(web::get().to(curves::daily)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/statistics/cost").route(web::get().to(curves::cost)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/statistics/lagging")
            .route(web::get().to(curves::lagging)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/monitoring-settings")
            .route(web::get().to(monitoring_settings::get))
            .route(web::put().to(monitoring_settings::put)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/representativity")
            .route(web::get().to(statistics::representativity)),
    );
}
