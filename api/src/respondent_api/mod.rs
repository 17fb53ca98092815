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
            .service(web::resource("/session").route(web::post().to(session::create)))
            .service(web::resource("/questionnaire").route(web::get().to(questionnaire::get)))
            .service(
                web::resource("/pages/{page}")
                    .route(web::get().to(pages::get))
                    .route(web::put().to(pages::put)),
            )
            .service(web::resource("/submit").route(web::post().to(finish::submit)))
            .service(web::resource("/decline").route(web::post().to(finish::decline))),
    );
}
