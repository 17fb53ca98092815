//! `POST /api/v1/surveys/{id}/returned-mail` (part "file": a CSV with a `person_id` column, as
//! the mailing house or the post returns it) → `{"marked":n,"unchanged":n,"unknown":[…]}`: each
//! known person's case gets the disposition 3.30 (returned undelivered), which stops letters to
//! it (e-mail may still reach the person) and cancels its pending letters, with the change in
//! the case's history and the audit log, all in one transaction. Ids the survey does not have
//! are listed and change nothing; a case whose disposition already ends contact (4.x, 2.31) or
//! is 3.30 is left as it is. Roles allowed personal data only.

use crate::blocking::with_db;
use crate::manager_api::upload::{missing_part, next_part, read_to_memory};
use crate::manager_api::{Access, Manager};
use crate::problem::{FieldError, Problem};
use crate::startup::State;
use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use serde_json::json;
use std::collections::BTreeSet;
use svar_core::contact::{stops, Stops};
use svar_core::db::{audit, dispositions, write_tx, StoreError};
use svar_core::disposition_code::DispositionCode;

/// The largest file accepted.
const FILE_LIMIT: u64 = 10 * 1024 * 1024;
/// The code returned letters get.
const RETURNED: &str = "3.30";

/// The person ids of the file, once each, in file order; a 422 if it has no `person_id` column
/// or is not UTF-8 CSV.
fn person_ids(bytes: &[u8]) -> Result<Vec<String>, Problem> {
    let refuse = |code: &str, message: &str| {
        Problem::invalid_fields(vec![FieldError::field("file", code, message)])
    };
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|_| refuse("encoding", "the file must be UTF-8 text"))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let column = reader
        .headers()
        .map_err(|_| refuse("csv", "the file is not CSV"))?
        .iter()
        .position(|h| h.trim() == "person_id")
        .ok_or_else(|| refuse("missing_column", "the file needs a person_id column"))?;
    let mut seen = BTreeSet::new();
    let mut ids = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| refuse("csv", "the file is not CSV"))?;
        let id = record.get(column).unwrap_or("").trim();
        if !id.is_empty() && seen.insert(id.to_string()) {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

pub async fn post(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
    mut form: Multipart,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::PersonalData)
    })
    .await??;
    let mut file = None;
    while let Some(field) = next_part(&mut form).await? {
        let wanted = field.name() == Some("file") && file.is_none();
        let bytes = read_to_memory(&mut form, field, "file", FILE_LIMIT).await?;
        if wanted {
            file = Some(bytes);
        }
    }
    let ids = person_ids(&file.ok_or_else(|| missing_part("file"))?)?;
    let code = DispositionCode::parse(RETURNED).map_err(|_| Problem::internal())?;
    let outcome = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::PersonalData)?;
        let outcome = write_tx(conn, |c| {
            let cases = dispositions::cases_by_person(c, id, &ids)?;
            let (mut marked, mut unchanged) = (0, 0);
            for person in &ids {
                let Some(case) = cases.get(person) else {
                    continue;
                };
                let current = case.manual_disposition.as_deref().unwrap_or("");
                if current == RETURNED || stops(current) == Stops::Everything {
                    unchanged += 1;
                    continue;
                }
                let reason = "letter returned undelivered";
                dispositions::set_manual(
                    c,
                    id,
                    case.case.id,
                    &code,
                    reason,
                    Some(manager.user_id),
                )?;
                marked += 1;
            }
            let unknown: Vec<String> = ids
                .iter()
                .filter(|p| !cases.contains_key(*p))
                .cloned()
                .collect();
            audit::record(
                c,
                Some(manager.user_id),
                "returned_mail.upload",
                "survey",
                Some(id),
                &json!({ "marked": marked, "unchanged": unchanged, "unknown": unknown.len() }),
            )?;
            Ok::<_, StoreError>(
                json!({ "marked": marked, "unchanged": unchanged, "unknown": unknown }),
            )
        })?;
        Ok::<_, Problem>(outcome)
    })
    .await??;
    tracing::info!(survey_id = id, marked = %outcome["marked"], "returned mail recorded");
    Ok(HttpResponse::Ok().json(outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_ids_come_from_their_column_once_each() {
        let ids = person_ids(b"\xef\xbb\xbfreason,person_id\nmoved,P1\n,P2\nx, P1 \n,\n").unwrap();
        assert_eq!(ids, ["P1", "P2"]);
        assert_eq!(
            person_ids(b"id\nP1\n").unwrap_err().errors[0].code,
            "missing_column"
        );
        assert_eq!(
            person_ids(b"person_id\n\xff\n").unwrap_err().errors[0].code,
            "encoding"
        );
    }
}
