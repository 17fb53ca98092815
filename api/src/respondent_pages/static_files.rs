//! The stylesheet, compiled into the binary so the server has no files to find at run time.

use actix_web::HttpResponse;

const STYLESHEET: &str = include_str!("../../static/svar.css");

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=86400"))
        .body(STYLESHEET)
}
