//! `/api/v1/surveys/{id}/cases`: the cases of a survey for field managers — the filtered,
//! paged list, one case with its history, and a manual disposition change. Personal data (the
//! person id, contact data, the reasons managers wrote) only for roles allowed to see it.

mod disposition;
mod get;
mod list;
mod query;
mod view;

use actix_web::web;
use svar_core::accounts::{decide, Access, Decision};

use super::Manager;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/surveys/{id}/cases").route(web::get().to(list::list)))
        .service(
            web::resource("/api/v1/surveys/{id}/cases/{case_id}").route(web::get().to(get::get)),
        )
        .service(
            web::resource("/api/v1/surveys/{id}/cases/{case_id}/disposition")
                .route(web::post().to(disposition::post)),
        );
}

/// Whether the manager's role may see personal data of the surveys it sees.
pub fn sees_personal_data(manager: &Manager) -> bool {
    decide(manager.role, true, Access::PersonalData) == Decision::Allowed
}
