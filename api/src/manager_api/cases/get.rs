//! `GET /api/v1/surveys/{id}/cases/{case_id}`: one case with its history — paradata events,
//! manual disposition changes, its contacts, a summary of its response (never the answers) — and, for roles
//! allowed personal data, its person id, contact data and the reasons managers gave. A case of
//! another survey is 404, like a survey that is not granted.

use super::sees_personal_data;
use super::view::PersonalView;
use crate::blocking::with_db;
use crate::manager_api::{timestamp, Access, ContactItem, Manager};
use crate::problem::Problem;
use crate::startup::State;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use svar_core::db::dispositions::{self, DispositionChangeRow, ManagedCase};
use svar_core::db::events::{self, EventRow};
use svar_core::db::responses::{self, ResponseRow};
use svar_core::db::{case_list, contact_attempts, AnyConnection};

#[derive(Debug, Serialize)]
struct CaseDetail {
    id: i64,
    survey_id: i64,
    stratum: String,
    state: String,
    /// The effective code, and the two it comes from.
    disposition: String,
    derived_disposition: String,
    manual_disposition: Option<String>,
    language: Option<String>,
    design_weight: f64,
    created_at: String,
    updated_at: String,
    #[serde(flatten)]
    personal: Option<PersonalView>,
    response: Option<ResponseSummary>,
    events: Vec<EventView>,
    disposition_changes: Vec<ChangeView>,
    /// Every contact attempt of the case, oldest first.
    contacts: Vec<ContactItem>,
}

/// Where the response stands; the answers are exported, not shown here.
#[derive(Debug, Serialize)]
struct ResponseSummary {
    version: i64,
    /// Index of the furthest page saved.
    furthest_page: Option<i32>,
    language: String,
    started_at: String,
    updated_at: String,
    submitted_at: Option<String>,
}

#[derive(Debug, Serialize)]
struct EventView {
    id: i64,
    kind: String,
    page: Option<String>,
    language: Option<String>,
    at: String,
}

#[derive(Debug, Serialize)]
struct ChangeView {
    id: i64,
    from: String,
    to: String,
    /// Free text: only for roles allowed personal data.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    changed_by: Option<i64>,
    at: String,
}

impl ResponseSummary {
    fn of(r: ResponseRow) -> ResponseSummary {
        ResponseSummary {
            version: r.version,
            furthest_page: r.furthest_page,
            language: r.language,
            started_at: timestamp(r.started_at_ms),
            updated_at: timestamp(r.updated_at_ms),
            submitted_at: r.submitted_at_ms.map(timestamp),
        }
    }
}

impl EventView {
    fn of(e: EventRow) -> EventView {
        EventView {
            id: e.id,
            kind: e.kind,
            page: e.page,
            language: e.language,
            at: timestamp(e.at_ms),
        }
    }
}

impl ChangeView {
    fn of(c: DispositionChangeRow, personal: bool) -> ChangeView {
        ChangeView {
            id: c.id,
            from: c.from_code,
            to: c.to_code,
            reason: personal.then_some(c.reason),
            changed_by: c.changed_by,
            at: timestamp(c.at_ms),
        }
    }
}

pub async fn get(
    state: State,
    manager: Manager,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, Problem> {
    let (survey_id, case_id) = path.into_inner();
    let personal = sees_personal_data(&manager);
    let detail = with_db(&state, move |conn, _| {
        manager.survey_access(conn, survey_id, Access::Read)?;
        let found = dispositions::case_in_survey(conn, survey_id, case_id)?
            .ok_or_else(Problem::not_found)?;
        detail(conn, found, personal)
    })
    .await??;
    Ok(HttpResponse::Ok().json(detail))
}

fn detail(
    conn: &mut AnyConnection,
    found: ManagedCase,
    personal: bool,
) -> Result<CaseDetail, Problem> {
    let id = found.case.id;
    let disposition = found.effective_disposition().to_string();
    let events = events::for_case(conn, id)?
        .into_iter()
        .map(EventView::of)
        .collect();
    let changes = dispositions::history(conn, id)?
        .into_iter()
        .map(|c| ChangeView::of(c, personal))
        .collect();
    let response = responses::find(conn, id)?.map(ResponseSummary::of);
    let contacts = contact_attempts::of_case(conn, id)?
        .into_iter()
        .map(ContactItem::of)
        .collect();
    let personal = if personal {
        let contact = case_list::contacts_of(conn, &[id])?.into_iter().next();
        Some(PersonalView {
            person_id: found.case.person_id.clone(),
            contact,
        })
    } else {
        None
    };
    let c = found.case;
    Ok(CaseDetail {
        id,
        survey_id: c.survey_id,
        stratum: found.stratum,
        state: c.state,
        disposition,
        derived_disposition: c.disposition,
        manual_disposition: found.manual_disposition,
        language: c.language,
        design_weight: c.design_weight,
        created_at: timestamp(c.created_at_ms),
        updated_at: timestamp(c.updated_at_ms),
        personal,
        response,
        events,
        disposition_changes: changes,
        contacts,
    })
}
