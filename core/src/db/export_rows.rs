//! Reading a survey for export: every case with its stratum code and response, and every
//! event, in id order and in batches (keyset paging on the id), so that an export of a
//! million cases holds one batch in memory at a time on either backend.

use super::events::EventRow;
use super::schema::{cases, events, questionnaires, responses, strata};
use super::{AnyConnection, StoreError};
use crate::disposition_code::effective;
use diesel::dsl::{max, min};
use diesel::prelude::*;

/// Rows read per query.
pub const EXPORT_BATCH: i64 = 1000;

/// One case as an export sees it: what the case table knows, the stratum code, and the
/// response if one was started.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct ExportCaseRow {
    pub case_id: i64,
    pub person_id: String,
    pub stratum: String,
    pub design_weight: f64,
    /// The preferred language from the sample.
    pub case_language: Option<String>,
    pub state: String,
    /// The effective disposition code (`disposition_code::effective`).
    pub disposition: String,
    /// The language the respondent answered in.
    pub response_language: Option<String>,
    /// The answers as stored (a JSON object), if a response was started.
    pub answers: Option<String>,
    pub submitted_at_ms: Option<i64>,
    /// The version of the questionnaire the response was answered on.
    pub questionnaire_version: Option<String>,
}

/// The cases an export covers, fixed when it starts: the ids in `min_id..=max_id`, `count` of
/// them. Both passes of a two-pass export (SPSS, Stata) read exactly these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseRange {
    pub min_id: i64,
    pub max_id: i64,
    pub count: i64,
}

/// `survey_id` in a form no index can serve (`survey_id + 0`), so that both databases walk the
/// primary key from the last id read: with the `(survey_id, …)` index, SQLite (which assumes an
/// equality matches about ten rows) read and sorted every case of the survey for each batch,
/// which made the export quadratic. A survey's cases are imported in one transaction, so its
/// ids are (nearly) contiguous and the walk reads little else.
fn of_survey(survey_id: i64) -> diesel::dsl::Eq<diesel::dsl::Add<cases::survey_id, i64>, i64> {
    (cases::survey_id + 0_i64).eq(survey_id)
}

/// The cases of a survey as they are now.
pub fn case_range(conn: &mut AnyConnection, survey_id: i64) -> Result<CaseRange, StoreError> {
    let (min_id, max_id): (Option<i64>, Option<i64>) = cases::table
        .filter(cases::survey_id.eq(survey_id))
        .select((min(cases::id), max(cases::id)))
        .first(conn)?;
    let (Some(min_id), Some(max_id)) = (min_id, max_id) else {
        return Ok(CaseRange {
            min_id: 0,
            max_id: 0,
            count: 0,
        });
    };
    let count = cases::table
        .filter(cases::survey_id.eq(survey_id))
        .filter(cases::id.le(max_id))
        .count()
        .get_result(conn)?;
    Ok(CaseRange {
        min_id,
        max_id,
        count,
    })
}

/// Up to `limit` cases of a survey with ids in `(after_id, max_id]`, in id order.
pub fn case_batch(
    conn: &mut AnyConnection,
    survey_id: i64,
    after_id: i64,
    max_id: i64,
    limit: i64,
) -> Result<Vec<ExportCaseRow>, StoreError> {
    let rows: Vec<(ExportCaseRow, Option<String>)> = cases::table
        .inner_join(strata::table)
        .left_join(responses::table)
        .left_join(
            questionnaires::table.on(questionnaires::id
                .nullable()
                .eq(responses::questionnaire_id.nullable())),
        )
        .filter(of_survey(survey_id))
        .filter(cases::id.gt(after_id))
        .filter(cases::id.le(max_id))
        .order(cases::id.asc())
        .limit(limit)
        .select((
            (
                cases::id,
                cases::person_id,
                strata::code,
                cases::design_weight,
                cases::language,
                cases::state,
                cases::disposition,
                responses::language.nullable(),
                responses::answers.nullable(),
                responses::submitted_at_ms.nullable(),
                questionnaires::version.nullable(),
            ),
            cases::manual_disposition,
        ))
        .load(conn)?;
    // The export shows the effective code: a manager's where it counts, else the derived one.
    Ok(rows
        .into_iter()
        .map(|(mut row, manual)| {
            if let Some(manual) = manual {
                row.disposition = effective(&row.disposition, Some(&manual)).to_string();
            }
            row
        })
        .collect())
}

/// Calls `each` for every case of `range`, in id order, reading `batch` cases per query.
/// Returns how many cases it saw.
pub fn for_each_case<E>(
    conn: &mut AnyConnection,
    survey_id: i64,
    range: CaseRange,
    batch: i64,
    mut each: impl FnMut(ExportCaseRow) -> Result<(), E>,
) -> Result<i64, E>
where
    E: From<StoreError>,
{
    page_through(
        range.min_id - 1,
        |after| case_batch(conn, survey_id, after, range.max_id, batch.max(1)),
        |row| row.case_id,
        &mut each,
    )
}

/// Up to `limit` events of a survey's cases with ids in `(after_id, max_id]`, in id order.
pub fn event_batch(
    conn: &mut AnyConnection,
    survey_id: i64,
    after_id: i64,
    max_id: i64,
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    Ok(events::table
        .inner_join(cases::table)
        .filter(of_survey(survey_id))
        .filter(events::id.gt(after_id))
        .filter(events::id.le(max_id))
        .order(events::id.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)?)
}

/// Calls `each` for every event of a survey recorded before the call, oldest first, reading
/// `batch` events per query. Returns how many it saw.
pub fn for_each_event<E>(
    conn: &mut AnyConnection,
    survey_id: i64,
    batch: i64,
    mut each: impl FnMut(EventRow) -> Result<(), E>,
) -> Result<i64, E>
where
    E: From<StoreError>,
{
    let max_id: Option<i64> = events::table
        .select(max(events::id))
        .first(conn)
        .map_err(StoreError::from)?;
    let Some(max_id) = max_id else {
        return Ok(0);
    };
    page_through(
        0,
        |after| event_batch(conn, survey_id, after, max_id, batch.max(1)),
        |row| row.id,
        &mut each,
    )
}

/// Keyset paging from key `after`: fetches the rows after the last key seen until a fetch comes back empty.
fn page_through<T, E>(
    mut after: i64,
    mut fetch: impl FnMut(i64) -> Result<Vec<T>, StoreError>,
    key: impl Fn(&T) -> i64,
    each: &mut impl FnMut(T) -> Result<(), E>,
) -> Result<i64, E>
where
    E: From<StoreError>,
{
    let mut seen = 0;
    loop {
        let rows = fetch(after)?;
        let Some(last) = rows.last() else {
            return Ok(seen);
        };
        after = key(last);
        for row in rows {
            seen += 1;
            each(row)?;
        }
    }
}
