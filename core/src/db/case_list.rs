//! The case list field managers page through: a survey's cases filtered by stratum, state,
//! effective disposition, language and last change, keyset-paged by case id so that every page
//! is one range scan of `cases (survey_id, stratum_id, state, id)` or `cases (survey_id,
//! state, id)` however deep it goes (migration 000003).

use super::schema::{cases, contacts, strata};
use super::{AnyConnection, StoreError};
use crate::disposition_code::{effective, DispositionCode};
use diesel::prelude::*;

/// What a list asks for; every filter is optional and they combine with AND.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub stratum_id: Option<i64>,
    pub state: Option<String>,
    /// The effective code (a manager's code where it counts, else the derived one).
    pub disposition: Option<DispositionCode>,
    pub language: Option<String>,
    /// Changed at or after this time (epoch ms).
    pub updated_since_ms: Option<i64>,
}

/// One case of the list, with its effective disposition.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseListRow {
    pub id: i64,
    pub stratum: String,
    pub state: String,
    pub disposition: String,
    pub language: Option<String>,
    pub updated_at_ms: i64,
    pub person_id: String,
}

type Selected = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    String,
);

/// Up to `limit` cases of `survey_id` after case `after`, in id order.
pub fn list(
    conn: &mut AnyConnection,
    survey_id: i64,
    filter: &CaseFilter,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<CaseListRow>, StoreError> {
    let mut query = cases::table
        .inner_join(strata::table)
        .filter(cases::survey_id.eq(survey_id))
        .filter(cases::id.gt(after.unwrap_or(0)))
        .into_boxed();
    if let Some(stratum) = filter.stratum_id {
        query = query.filter(cases::stratum_id.eq(stratum));
    }
    if let Some(state) = &filter.state {
        query = query.filter(cases::state.eq(state.clone()));
    }
    if let Some(language) = &filter.language {
        query = query.filter(cases::language.eq(language.clone()));
    }
    if let Some(since) = filter.updated_since_ms {
        query = query.filter(cases::updated_at_ms.ge(since));
    }
    if let Some(code) = &filter.disposition {
        let d = code.as_str().to_string();
        // `effective(derived, manual) = d`, unfolded for a known d (see `effective`).
        query = if code.is_unknown_eligibility() {
            query.filter(
                cases::manual_disposition
                    .is_null()
                    .and(cases::disposition.eq(d.clone()))
                    .or(cases::manual_disposition
                        .eq(d)
                        .and(cases::disposition.like("3.%"))),
            )
        } else {
            query.filter(
                cases::disposition
                    .eq(d.clone())
                    .and(
                        cases::manual_disposition
                            .is_null()
                            .or(cases::manual_disposition.like("3.%")),
                    )
                    .or(cases::manual_disposition.eq(d)),
            )
        };
    }
    let rows: Vec<Selected> = query
        .order(cases::id.asc())
        .limit(limit)
        .select((
            cases::id,
            strata::code,
            cases::state,
            cases::disposition,
            cases::manual_disposition,
            cases::language,
            cases::updated_at_ms,
            cases::person_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, stratum, state, derived, manual, language, updated_at_ms, person_id)| {
                CaseListRow {
                    id,
                    stratum,
                    state,
                    disposition: effective(&derived, manual.as_deref()).to_string(),
                    language,
                    updated_at_ms,
                    person_id,
                }
            },
        )
        .collect())
}

/// The contact data of `case_ids` (those that have any), for callers allowed personal data.
pub fn contacts_of(
    conn: &mut AnyConnection,
    case_ids: &[i64],
) -> Result<Vec<super::samples::ContactRow>, StoreError> {
    Ok(contacts::table
        .filter(contacts::case_id.eq_any(case_ids))
        .select(super::samples::ContactRow::as_select())
        .load(conn)?)
}

/// The id of the stratum `code` of a survey, if there is one.
pub fn stratum_id(
    conn: &mut AnyConnection,
    survey_id: i64,
    code: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(strata::table
        .filter(strata::survey_id.eq(survey_id))
        .filter(strata::code.eq(code))
        .select(strata::id)
        .first(conn)
        .optional()?)
}
