//! The respondent's HTML pages: handlers that read the session cookie, call the same core
//! operations as the JSON API, and render the view models of `crate::pages`. Every form is a
//! plain POST that works without JavaScript, followed by a redirect (post/redirect/get).

pub mod cookies;
mod csrf;
mod decline;
mod finished;
mod form_body;
mod language;
mod page_session;
mod question;
mod question_view;
mod responses;
mod review;
mod shell;
mod start;
mod static_files;

use actix_web::{web, HttpRequest, HttpResponse};

pub use csrf::CsrfKey;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(start::show))
        .route("/start", web::post().to(start::submit))
        .route("/s/{code}", web::get().to(start::direct_link))
        .route("/p/{page}", web::get().to(question::show))
        .route("/p/{page}", web::post().to(question::save))
        .route("/review", web::get().to(review::show))
        .route("/submit", web::post().to(review::submit))
        .route("/decline", web::get().to(decline::confirm))
        .route("/decline", web::post().to(decline::decline))
        .route("/thanks", web::get().to(finished::thanks))
        .route("/declined", web::get().to(finished::declined))
        .route("/lang", web::post().to(language::change))
        .route("/static/svar.css", web::get().to(static_files::stylesheet));
}

/// The page for an unknown address.
pub fn not_found_page(req: &HttpRequest) -> HttpResponse {
    let lang = shell::request_language(req);
    responses::message(&lang, responses::Message::NotFound)
}
