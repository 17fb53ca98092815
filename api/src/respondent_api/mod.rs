//! The respondent JSON API, exactly the routes of DESIGN.md's "Interfaces that stay fixed".

pub(crate) mod auth;
mod finish;
mod pages;
pub(crate) mod questionnaire;
mod session;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1/respondent")
            .route("/session", web::post().to(session::create))
            .route("/questionnaire", web::get().to(questionnaire::get))
            .route("/pages/{page}", web::get().to(pages::get))
            .route("/pages/{page}", web::put().to(pages::put))
            .route("/submit", web::post().to(finish::submit))
            .route("/decline", web::post().to(finish::decline)),
    );
}
