//! The field managers' dashboard under `/manage`: a log-in form for the manager accounts of
//! the management API, the list of the surveys a manager may see, and a survey's page with its
//! response figures per stratum (or per category of an auxiliary variable), its R-indicators
//! with a chart of the partial indicators, a live update of the table through Server-Sent
//! Events, the response curve over the days of fieldwork, the cost per complete, and the
//! form that sends a reminder step to the strata that lag.
//!
//! Server-rendered HTML that works without JavaScript (one small same-origin script only
//! follows the stream), in Swedish and English (`crate::i18n::dashboard`). Every figure comes
//! from the same core functions as the JSON API, and no page names a person. The session is
//! the API's own access token in a cookie ([`session`]), checked by the API's own check.

// `Problem` (about 136 bytes) is the error of the shared steps (the session check, grants,
// storage) the handlers here take from the management API; it is the rare path, as there.
#![allow(clippy::result_large_err)]

mod chart;
mod fieldwork_view;
mod frame;
mod home;
mod line_chart;
mod login;
mod logout;
mod messages;
mod numbers;
mod remind;
mod session;
mod static_files;
mod stream;
mod survey_page;
mod templates;
mod view;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/manage").route(web::get().to(home::show)))
        .service(web::resource("/manage/login").route(web::post().to(login::submit)))
        .service(web::resource("/manage/logout").route(web::post().to(logout::submit)))
        .service(web::resource("/manage/surveys/{id}").route(web::get().to(survey_page::show)))
        .service(web::resource("/manage/surveys/{id}/stream").route(web::get().to(stream::open)))
        .service(web::resource("/manage/surveys/{id}/remind").route(web::post().to(remind::submit)))
        .service(
            web::resource("/manage/static/dashboard.css")
                .route(web::get().to(static_files::stylesheet)),
        )
        .service(
            web::resource("/manage/static/dashboard.js").route(web::get().to(static_files::script)),
        );
}
