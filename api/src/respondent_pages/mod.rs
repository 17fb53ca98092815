//! The respondent's HTML pages: handlers that read the session cookie, call the same core
//! operations as the JSON API, and render the view models of `crate::pages`. Every form is a
//! plain POST that works without JavaScript, followed by a redirect (post/redirect/get).

pub mod cookies;
mod decline;
mod finished;
mod language;
mod opt_out;
mod page_session;
mod question;
mod question_view;
mod responses;
mod review;
mod shell;
mod start;
mod static_files;

use actix_web::{web, HttpRequest, HttpResponse};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").route(web::get().to(start::show)))
        .service(web::resource("/start").route(web::post().to(start::submit)))
        .service(web::resource("/s/{code}").route(web::get().to(start::direct_link)))
        .service(
            web::resource("/p/{page}")
                .route(web::get().to(question::show))
                .route(web::post().to(question::save)),
        )
        .service(web::resource("/review").route(web::get().to(review::show)))
        .service(web::resource("/submit").route(web::post().to(review::submit)))
        .service(
            web::resource("/decline")
                .route(web::get().to(decline::confirm))
                .route(web::post().to(decline::decline)),
        )
        .service(web::resource("/thanks").route(web::get().to(finished::thanks)))
        .service(web::resource("/declined").route(web::get().to(finished::declined)))
        .service(web::resource("/lang").route(web::post().to(language::change)))
        .service(
            web::resource("/opt-out/{token}")
                .route(web::get().to(opt_out::show))
                .route(web::post().to(opt_out::record)),
        )
        .service(web::resource("/static/svar.css").route(web::get().to(static_files::stylesheet)));
}

/// The page for an unknown address.
pub fn not_found_page(req: &HttpRequest) -> HttpResponse {
    let lang = shell::request_language(req);
    responses::message(&lang, responses::Message::NotFound)
}
