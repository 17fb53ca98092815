//! `/api/v1/surveys/{id}/contact-plan`, `…/contacts`, `…/print-batches` and
//! `…/returned-mail`: the contact plan a field manager sets and edits while fielding, a step
//! sent now (or aimed at the strata that lag and sent now), the outbox as a list, the print batches for the mailing house, and the letters
//! that came back undeliverable. The worker carries the plan out.

mod batches;
mod list;
mod plan;
mod returned_mail;
mod send;
mod target_lagging;

pub use target_lagging::aim_at_lagging;

use crate::problem::Problem;
use actix_web::http::StatusCode;
use actix_web::web;
use svar_core::fieldwork::FieldworkError;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/surveys/{id}/contact-plan")
            .route(web::get().to(plan::get))
            .route(web::put().to(plan::put)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/contact-plan/steps/{name}/send")
            .route(web::post().to(send::post)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/contact-plan/steps/{name}/target-lagging")
            .route(web::post().to(target_lagging::post)),
    )
    .service(web::resource("/api/v1/surveys/{id}/contacts").route(web::get().to(list::list)))
    .service(
        web::resource("/api/v1/surveys/{id}/print-batches").route(web::get().to(batches::list)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/print-batches/{batch}/letters.csv")
            .route(web::get().to(batches::letters_csv)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/print-batches/{batch}/letters.html")
            .route(web::get().to(batches::letters_html)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/print-batches/{batch}/handed-over")
            .route(web::post().to(batches::handed_over)),
    )
    .service(
        web::resource("/api/v1/surveys/{id}/returned-mail")
            .route(web::post().to(returned_mail::post)),
    );
}

/// 409: a closed survey contacts nobody and keeps its plan as it was.
pub fn closed_problem() -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "survey-closed",
        "The survey's state does not allow this",
    )
    .detail("the survey is closed; nobody is contacted any more")
}

/// How a refusal of the fieldwork functions is answered.
pub fn fieldwork_problem(e: FieldworkError) -> Problem {
    match e {
        FieldworkError::NoSuchSurvey(_) => Problem::not_found(),
        FieldworkError::NoSuchStep(name) => Problem::new(
            StatusCode::NOT_FOUND,
            "no-such-step",
            "The survey's contact plan has no such step",
        )
        .detail(format!("there is no step named {name:?}")),
        FieldworkError::NotFielding => Problem::new(
            StatusCode::CONFLICT,
            "not-fielding",
            "The survey's state does not allow this",
        )
        .detail("contacts are sent only while the survey is in the field"),
        FieldworkError::HandedOver(_) => Problem::new(
            StatusCode::GONE,
            "handed-over",
            "The print batch was handed over",
        )
        .detail("its codes are no longer kept; the mailing house has the files"),
        FieldworkError::Store(e) => Problem::from(e),
        other => {
            tracing::error!(error = other.kind(), "contacting failed");
            Problem::internal()
        }
    }
}
