//! `POST /api/v1/surveys/{id}/cases/{case_id}/disposition {"code","reason"}`: a field manager
//! sets a case's disposition by hand (a returned letter 3.30, died 2.31, emigrated 4.12, …).
//! The code is kept beside the one the respondent's actions derive, and the effective code
//! follows from both (`svar_core::disposition_code::effective`); the change is recorded in the
//! case's history and the audit log (codes only: the reason is free text and stays out of the
//! audit and the logs). The worker that sends reminders (a later issue) must respect the
//! effective code: no reminders to 3.30, 4.x or 2.31 cases.

use crate::blocking::with_db;
use crate::manager_api::{Access, Manager, ValidJson};
use crate::problem::Problem;
use crate::startup::State;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use svar_core::db::{audit, dispositions, write_tx};
use svar_core::disposition_code::DispositionCode;
use validator::{Validate, ValidationError};

/// Longest reason accepted, in characters.
pub const MAX_REASON: u64 = 1000;

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewDisposition {
    #[validate(custom(function = "disposition_code"))]
    code: String,
    #[validate(
        length(min = 1, max = MAX_REASON),
        custom(function = "not_blank")
    )]
    reason: String,
}

/// The body's `Debug` leaves the reason out: request logging must not print it.
impl std::fmt::Debug for NewDisposition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewDisposition")
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

fn disposition_code(code: &str) -> Result<(), ValidationError> {
    DispositionCode::parse(code).map(|_| ()).map_err(|e| {
        ValidationError::new("disposition_code").with_message(Cow::Owned(e.to_string()))
    })
}

fn not_blank(text: &str) -> Result<(), ValidationError> {
    // An empty reason is refused by the length rule alone.
    if !text.is_empty() && text.trim().is_empty() {
        Err(ValidationError::new("blank").with_message(Cow::Borrowed("must not be blank")))
    } else {
        Ok(())
    }
}

#[derive(Debug, Serialize)]
struct Changed {
    case_id: i64,
    /// The effective code now.
    disposition: String,
    derived_disposition: String,
    manual_disposition: String,
    previous_disposition: String,
}

pub async fn post(
    state: State,
    manager: Manager,
    path: web::Path<(i64, i64)>,
    body: ValidJson<NewDisposition>,
) -> Result<HttpResponse, Problem> {
    let (survey_id, case_id) = path.into_inner();
    let changed = with_db(&state, move |conn, _| {
        manager.survey_access(conn, survey_id, Access::Change)?;
        let NewDisposition { code, reason } = body.into_inner()?;
        let code = DispositionCode::parse(&code).map_err(|_| Problem::internal())?;
        let outcome = write_tx(conn, |c| {
            let Some(outcome) = dispositions::set_manual(
                c,
                survey_id,
                case_id,
                &code,
                reason.trim(),
                Some(manager.user_id),
            )?
            else {
                return Ok(None);
            };
            audit::record(
                c,
                Some(manager.user_id),
                "case.disposition",
                "case",
                Some(case_id),
                &serde_json::json!({
                    "survey_id": survey_id,
                    "from": outcome.from,
                    "to": code.as_str(),
                    "change_id": outcome.change_id,
                }),
            )?;
            Ok::<_, svar_core::db::StoreError>(Some(outcome))
        })?
        .ok_or_else(Problem::not_found)?;
        Ok::<_, Problem>(Changed {
            case_id,
            disposition: outcome.effective,
            derived_disposition: outcome.derived,
            manual_disposition: code.as_str().to_string(),
            previous_disposition: outcome.from,
        })
    })
    .await??;
    tracing::info!(case_id, "manual disposition set");
    Ok(HttpResponse::Ok().json(changed))
}
