//! `GET /api/v1/surveys/{id}/contacts?step=&state=&cursor=&limit=`: the survey's contact
//! attempts — which case, which step, by which channel, where it stands, how many tries, when
//! it was sent, and why not when it failed (a mail server's reply, addresses blanked) —
//! keyset-paged by attempt id. Any role that sees the survey: nothing here is personal data.

use crate::blocking::with_db;
use crate::manager_api::{Access, ContactItem, ListQuery, Manager, Page};
use crate::problem::{FieldError, Problem};
use crate::startup::State;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use svar_core::contact::StepName;
use svar_core::db::contact_attempts::{self, AttemptState};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactsQuery {
    step: Option<String>,
    state: Option<String>,
    cursor: Option<String>,
    limit: Option<u32>,
}

pub async fn list(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
    query: web::Query<ContactsQuery>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let query = query.into_inner();
    let mut errors = Vec::new();
    if let Some(step) = &query.step {
        // The invitation batch's step (`_invitation`) is listed too.
        if StepName::parse(step.trim_start_matches('_')).is_err() {
            errors.push(FieldError::field("step", "invalid", "is not a step name"));
        }
    }
    let wanted = match query.state.as_deref() {
        Some(s) => {
            let parsed = AttemptState::parse(s);
            if parsed.is_none() {
                let names: Vec<&str> = AttemptState::ALL.iter().map(|s| s.as_str()).collect();
                errors.push(FieldError::field(
                    "state",
                    "unknown_state",
                    format!("must be one of {}", names.join(", ")),
                ));
            }
            parsed
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(Problem::invalid_fields(errors));
    }
    let (after, limit) = ListQuery {
        cursor: query.cursor,
        limit: query.limit,
    }
    .page()?;
    let step = query.step;
    let page = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Read)?;
        let rows = contact_attempts::list(conn, id, step.as_deref(), wanted, after, limit)?;
        Ok::<_, Problem>(Page::of(rows, limit, |r| r.id, ContactItem::of))
    })
    .await??;
    Ok(HttpResponse::Ok().json(page))
}
