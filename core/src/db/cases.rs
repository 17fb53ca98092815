//! Cases: one sampled person in one survey, with the state the respondent's actions move
//! (new → opened → started → submitted | declined) and the AAPOR disposition code.

use super::schema::cases;
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;

/// Where a case stands in answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseState {
    /// Nobody has logged in with any of its codes.
    New,
    /// Logged in, nothing saved yet.
    Opened,
    /// At least one page saved.
    Started,
    Submitted,
    Declined,
}

impl CaseState {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::New => "new",
            CaseState::Opened => "opened",
            CaseState::Started => "started",
            CaseState::Submitted => "submitted",
            CaseState::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Result<CaseState, StoreError> {
        match s {
            "new" => Ok(CaseState::New),
            "opened" => Ok(CaseState::Opened),
            "started" => Ok(CaseState::Started),
            "submitted" => Ok(CaseState::Submitted),
            "declined" => Ok(CaseState::Declined),
            other => Err(StoreError::Corrupt(format!("unknown case state {other:?}"))),
        }
    }

    /// The states a case can still be answered in.
    pub const OPEN: [CaseState; 3] = [CaseState::New, CaseState::Opened, CaseState::Started];

    /// Submitted or declined: nothing more is answered, nobody is contacted again.
    pub fn is_final(self) -> bool {
        matches!(self, CaseState::Submitted | CaseState::Declined)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub id: i64,
    pub survey_id: i64,
    pub stratum_id: i64,
    pub person_id: String,
    pub design_weight: f64,
    pub language: Option<String>,
    pub auxiliaries: String,
    pub state: String,
    pub disposition: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

impl CaseRow {
    pub fn state(&self) -> Result<CaseState, StoreError> {
        CaseState::parse(&self.state)
    }
}

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<CaseRow>, StoreError> {
    Ok(cases::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()?)
}

/// A case with what every respondent request needs to know first.
#[derive(Debug, Clone)]
pub struct CaseWithSurvey {
    pub case: CaseRow,
    pub survey_state: String,
    pub questionnaire_id: Option<i64>,
    /// The survey's share thresholds (METHODS.md §1), fixed before fielding.
    pub share_rule: crate::disposition::ShareRule,
    /// The case's response, if one was started.
    pub response: Option<super::responses::ResponseRow>,
}

impl CaseWithSurvey {
    /// The parts as a query reads them; the share thresholds as the survey's columns hold
    /// them (checked when they were set).
    pub(super) fn new(
        case: CaseRow,
        survey_state: String,
        questionnaire_id: Option<i64>,
        (complete, partial): (i32, i32),
        response: Option<super::responses::ResponseRow>,
    ) -> CaseWithSurvey {
        CaseWithSurvey {
            case,
            survey_state,
            questionnaire_id,
            share_rule: crate::disposition::ShareRule {
                complete: u32::try_from(complete).unwrap_or(0),
                partial: u32::try_from(partial).unwrap_or(0),
            },
            response,
        }
    }
}

/// Which case a respondent request names.
#[derive(Debug, Clone, Copy)]
pub enum CaseKey<'a> {
    /// The case id a session token carries.
    Id(i64),
    /// The keyed hash of an access code (any of the case's live codes).
    CodeHash(&'a str),
}

/// A case with the state and questionnaire of its survey and its response, in one query
/// (every respondent request starts with this; a login finds the case by its code's hash in
/// the same query).
pub fn find_with_survey(
    conn: &mut AnyConnection,
    key: CaseKey<'_>,
) -> Result<Option<CaseWithSurvey>, StoreError> {
    use super::responses::ResponseRow;
    use super::schema::{access_codes, responses, surveys};
    type Row = (
        CaseRow,
        String,
        Option<i64>,
        (i32, i32),
        Option<ResponseRow>,
    );
    // Run on the backend's own connection with the query's static type, so diesel finds its
    // prepared statement by type instead of writing the SQL out for every request.
    macro_rules! case_query {
        () => {
            cases::table
                .inner_join(surveys::table)
                .left_join(responses::table)
                .select((
                    CaseRow::as_select(),
                    surveys::state,
                    surveys::questionnaire_id,
                    (surveys::complete_threshold, surveys::partial_threshold),
                    responses::all_columns.nullable(),
                ))
        };
    }
    let row = match key {
        CaseKey::Id(id) => crate::with_conn!(conn, |c| case_query!()
            .filter(cases::id.eq(id))
            .first::<Row>(c)
            .optional())?,
        CaseKey::CodeHash(hash) => crate::with_conn!(conn, |c| case_query!()
            .filter(
                cases::id.eq_any(
                    access_codes::table
                        .filter(access_codes::code_hash.eq(hash))
                        .select(access_codes::case_id),
                ),
            )
            .first::<Row>(c)
            .optional())?,
    };
    Ok(row.map(
        |(case, survey_state, questionnaire_id, thresholds, response)| {
            CaseWithSurvey::new(case, survey_state, questionnaire_id, thresholds, response)
        },
    ))
}

/// Moves a case to `to` and records its disposition, but only from one of `from` (so a
/// submitted case cannot be reopened by a late request) and only while its survey is fielding
/// (every move is a respondent's, and may be based on a reading of the case from before the
/// survey closed). Returns whether it moved.
pub fn transition(
    conn: &mut AnyConnection,
    id: i64,
    from: &[CaseState],
    to: CaseState,
    disposition: &str,
) -> Result<bool, StoreError> {
    use super::schema::surveys;
    use super::surveys::SurveyState;
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let fielding = surveys::table
        .filter(surveys::state.eq(SurveyState::Fielding.as_str()))
        .select(surveys::id);
    let n = diesel::update(
        cases::table
            .find(id)
            .filter(cases::state.eq_any(from))
            .filter(cases::survey_id.eq_any(fielding)),
    )
    .set((
        cases::state.eq(to.as_str()),
        cases::disposition.eq(disposition),
        cases::updated_at_ms.eq(now_ms()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ids of the cases of a survey, in id order.
pub fn ids_of_survey(conn: &mut AnyConnection, survey_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(cases::table
        .filter(cases::survey_id.eq(survey_id))
        .order(cases::id.asc())
        .select(cases::id)
        .load(conn)?)
}

pub fn count_of_survey(conn: &mut AnyConnection, survey_id: i64) -> Result<i64, StoreError> {
    Ok(cases::table
        .filter(cases::survey_id.eq(survey_id))
        .count()
        .get_result(conn)?)
}
