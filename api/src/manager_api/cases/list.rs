//! `GET /api/v1/surveys/{id}/cases?stratum=&state=&disposition=&language=&updated_since=
//! &cursor=&limit=` → `{"items":[…],"next_cursor"}`, keyset-paged by case id. Any role that
//! sees the survey; the person id and contact data only for roles allowed personal data.

use super::query::CaseQuery;
use super::sees_personal_data;
use super::view::{CaseItem, PersonalView};
use crate::blocking::with_db;
use crate::manager_api::{Access, Manager, Page};
use crate::problem::{FieldError, Problem};
use crate::startup::State;
use actix_web::{web, HttpResponse};
use std::collections::HashMap;
use svar_core::db::case_list;
use svar_core::db::samples::ContactRow;

pub async fn list(
    state: State,
    manager: Manager,
    survey_id: web::Path<i64>,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, Problem> {
    let survey_id = survey_id.into_inner();
    let query = query.into_inner();
    let personal = sees_personal_data(&manager);
    let page = with_db(&state, move |conn, _| {
        manager.survey_access(conn, survey_id, Access::Read)?;
        let mut q = query.check()?;
        if let Some(code) = &q.stratum_code {
            let id = case_list::stratum_id(conn, survey_id, code)?.ok_or_else(|| {
                Problem::invalid_fields(vec![FieldError::field(
                    "stratum",
                    "unknown_stratum",
                    "the survey has no stratum with this code",
                )])
            })?;
            q.filter.stratum_id = Some(id);
        }
        let rows = case_list::list(conn, survey_id, &q.filter, q.after, q.limit)?;
        let contacts: HashMap<i64, ContactRow> = if personal {
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            case_list::contacts_of(conn, &ids)?
                .into_iter()
                .map(|c| (c.case_id, c))
                .collect()
        } else {
            HashMap::new()
        };
        Ok::<_, Problem>(Page::of(
            rows,
            q.limit,
            |r| r.id,
            |mut r| {
                let view = personal.then(|| PersonalView {
                    person_id: std::mem::take(&mut r.person_id),
                    contact: contacts.get(&r.id).cloned(),
                });
                CaseItem::of(r, view)
            },
        ))
    })
    .await??;
    Ok(HttpResponse::Ok().json(page))
}
