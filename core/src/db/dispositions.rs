//! Dispositions a field manager sets by hand, with their history (migration 000004): the code
//! goes into `cases.manual_disposition`, beside the code the respondent's actions derive, and
//! every change is a row of `disposition_changes` with its reason. The respondent's statements
//! never read or write the manual code; whoever shows a disposition combines the two with
//! [`crate::disposition_code::effective`].

use super::cases::CaseRow;
use super::schema::{cases, disposition_changes, strata};
use super::{now_ms, AnyConnection, StoreError};
use crate::disposition_code::{effective, DispositionCode};
use diesel::prelude::*;

/// A case as a manager sees it: the case row, its stratum code and the manual code.
#[derive(Debug, Clone)]
pub struct ManagedCase {
    pub case: CaseRow,
    pub stratum: String,
    pub manual_disposition: Option<String>,
}

impl ManagedCase {
    /// The code that counts (see [`effective`]).
    pub fn effective_disposition(&self) -> &str {
        effective(&self.case.disposition, self.manual_disposition.as_deref())
    }
}

/// Case `case_id` if it belongs to survey `survey_id`.
pub fn case_in_survey(
    conn: &mut AnyConnection,
    survey_id: i64,
    case_id: i64,
) -> Result<Option<ManagedCase>, StoreError> {
    let row: Option<(CaseRow, String, Option<String>)> = cases::table
        .inner_join(strata::table)
        .filter(cases::id.eq(case_id))
        .filter(cases::survey_id.eq(survey_id))
        .select((
            CaseRow::as_select(),
            strata::code,
            cases::manual_disposition,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(case, stratum, manual_disposition)| ManagedCase {
        case,
        stratum,
        manual_disposition,
    }))
}

/// The cases of a survey with the given person ids, by person id (ids it lacks are absent).
pub fn cases_by_person(
    conn: &mut AnyConnection,
    survey_id: i64,
    person_ids: &[String],
) -> Result<std::collections::HashMap<String, ManagedCase>, StoreError> {
    let mut found = std::collections::HashMap::new();
    for chunk in person_ids.chunks(500) {
        let rows: Vec<(CaseRow, String, Option<String>)> = cases::table
            .inner_join(strata::table)
            .filter(cases::survey_id.eq(survey_id))
            .filter(cases::person_id.eq_any(chunk))
            .select((
                CaseRow::as_select(),
                strata::code,
                cases::manual_disposition,
            ))
            .load(conn)?;
        for (case, stratum, manual_disposition) in rows {
            found.insert(
                case.person_id.clone(),
                ManagedCase {
                    case,
                    stratum,
                    manual_disposition,
                },
            );
        }
    }
    Ok(found)
}

/// One change of a manual disposition.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = disposition_changes)]
pub struct DispositionChangeRow {
    pub id: i64,
    pub case_id: i64,
    /// The effective code before the change.
    pub from_code: String,
    /// The code the manager set.
    pub to_code: String,
    pub reason: String,
    pub changed_by: Option<i64>,
    pub at_ms: i64,
}

#[derive(Insertable)]
#[diesel(table_name = disposition_changes)]
struct NewChange<'a> {
    case_id: i64,
    from_code: &'a str,
    to_code: &'a str,
    reason: &'a str,
    changed_by: Option<i64>,
    at_ms: i64,
}

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeOutcome {
    pub change_id: i64,
    /// Effective code before and after.
    pub from: String,
    pub effective: String,
    /// The code the respondent's actions derive (unchanged).
    pub derived: String,
}

/// Sets the manual disposition of case `case_id` of survey `survey_id` and records the change;
/// `None` if the survey has no such case. A code that ends contact (4.x, 2.31; 3.30 and 3.40
/// for letters) cancels the case's pending contacts. Call it inside a write transaction (with
/// the audit row).
pub fn set_manual(
    conn: &mut AnyConnection,
    survey_id: i64,
    case_id: i64,
    code: &DispositionCode,
    reason: &str,
    changed_by: Option<i64>,
) -> Result<Option<ChangeOutcome>, StoreError> {
    let Some(before) = case_in_survey(conn, survey_id, case_id)? else {
        return Ok(None);
    };
    let from = before.effective_disposition().to_string();
    let now = now_ms();
    diesel::update(cases::table.find(case_id))
        .set((
            cases::manual_disposition.eq(code.as_str()),
            cases::updated_at_ms.eq(now),
        ))
        .execute(conn)?;
    // A code that ends contact cancels what is pending, in the same transaction.
    super::contact_attempts::cancel_for_case(
        conn,
        case_id,
        crate::contact::stops(code.as_str()),
        now,
    )?;
    let change_id = diesel::insert_into(disposition_changes::table)
        .values(NewChange {
            case_id,
            from_code: &from,
            to_code: code.as_str(),
            reason,
            changed_by,
            at_ms: now,
        })
        .returning(disposition_changes::id)
        .get_result(conn)?;
    // Read back: the derived code may have moved since `before` was read.
    let derived: String = cases::table
        .find(case_id)
        .select(cases::disposition)
        .first(conn)?;
    Ok(Some(ChangeOutcome {
        change_id,
        effective: effective(&derived, Some(code.as_str())).to_string(),
        from,
        derived,
    }))
}

/// The manual changes of a case, oldest first.
pub fn history(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<DispositionChangeRow>, StoreError> {
    Ok(disposition_changes::table
        .filter(disposition_changes::case_id.eq(case_id))
        .order(disposition_changes::id.asc())
        .select(DispositionChangeRow::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_db::TestDatabase;
    use crate::setup::{create_survey, import_sample, read_questionnaire, QuestionnaireSource};

    const FORM: &[u8] = include_bytes!("../../../demo/integration-survey.xlsx");
    const STRATA: &[u8] = include_bytes!("../../../demo/strata.csv");
    const SAMPLE: &[u8] = include_bytes!("../../../demo/sample-2000.csv");

    #[test]
    fn a_manual_code_is_kept_beside_the_derived_one_with_its_history() {
        for db in TestDatabase::all().unwrap() {
            let conn = &mut *db.pool.get().unwrap();
            let report = read_questionnaire(QuestionnaireSource::XlsForm, FORM).unwrap();
            let survey = create_survey(
                conn,
                "S",
                1,
                crate::db::surveys::SurveyState::Fielding,
                &report,
                FORM,
            )
            .unwrap();
            import_sample(conn, survey, STRATA, SAMPLE).unwrap();
            let case = crate::db::cases::ids_of_survey(conn, survey).unwrap()[0];
            let code = DispositionCode::parse("3.30").unwrap();
            assert_eq!(
                set_manual(conn, survey + 1, case, &code, "r", None).unwrap(),
                None,
                "another survey's case"
            );
            let done = set_manual(conn, survey, case, &code, "returned", None)
                .unwrap()
                .unwrap();
            assert_eq!(
                (done.from.as_str(), done.effective.as_str()),
                ("3.11", "3.30")
            );
            let found = case_in_survey(conn, survey, case).unwrap().unwrap();
            assert_eq!(
                found.case.disposition, "3.11",
                "the derived code is untouched"
            );
            assert_eq!(found.effective_disposition(), "3.30");
            let moved = DispositionCode::parse("4.12").unwrap();
            set_manual(conn, survey, case, &moved, "emigrated", None).unwrap();
            let h = history(conn, case).unwrap();
            let pairs: Vec<(&str, &str)> = h
                .iter()
                .map(|c| (c.from_code.as_str(), c.to_code.as_str()))
                .collect();
            assert_eq!(pairs, [("3.11", "3.30"), ("3.30", "4.12")]);
        }
    }
}
