//! Surveys: one round of a series, with its state (draft → fielding → closed) and the
//! questionnaire version it fields.

use super::schema::surveys;
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;

/// The states of a survey round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyState {
    Draft,
    Fielding,
    Closed,
}

impl SurveyState {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyState::Draft => "draft",
            SurveyState::Fielding => "fielding",
            SurveyState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Result<SurveyState, StoreError> {
        match s {
            "draft" => Ok(SurveyState::Draft),
            "fielding" => Ok(SurveyState::Fielding),
            "closed" => Ok(SurveyState::Closed),
            other => Err(StoreError::Corrupt(format!(
                "unknown survey state {other:?}"
            ))),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = surveys)]
pub struct SurveyRow {
    pub id: i64,
    pub name: String,
    pub round: i32,
    pub state: String,
    pub questionnaire_id: Option<i64>,
    pub created_at_ms: i64,
    /// When the round went into the field; the contact plan's days count from it.
    pub fielding_started_at_ms: Option<i64>,
}

impl SurveyRow {
    pub fn state(&self) -> Result<SurveyState, StoreError> {
        SurveyState::parse(&self.state)
    }
}

#[derive(Insertable)]
#[diesel(table_name = surveys)]
struct NewSurvey<'a> {
    name: &'a str,
    round: i32,
    state: &'a str,
    questionnaire_id: Option<i64>,
    created_at_ms: i64,
    fielding_started_at_ms: Option<i64>,
}

/// Creates a survey round; `Ok(None)` if the name and round exist already.
pub fn insert(
    conn: &mut AnyConnection,
    name: &str,
    round: i32,
    state: SurveyState,
    questionnaire_id: Option<i64>,
) -> Result<Option<i64>, StoreError> {
    let exists = surveys::table
        .filter(surveys::name.eq(name))
        .filter(surveys::round.eq(round))
        .count()
        .get_result::<i64>(conn)?;
    if exists > 0 {
        return Ok(None);
    }
    let now = now_ms();
    let id = diesel::insert_into(surveys::table)
        .values(NewSurvey {
            name,
            round,
            state: state.as_str(),
            questionnaire_id,
            created_at_ms: now,
            fielding_started_at_ms: (state == SurveyState::Fielding).then_some(now),
        })
        .returning(surveys::id)
        .get_result(conn)?;
    Ok(Some(id))
}

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<SurveyRow>, StoreError> {
    Ok(surveys::table
        .find(id)
        .select(SurveyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Moves a survey to `state`; the first move into the field is remembered as the start of
/// fieldwork.
pub fn set_state(conn: &mut AnyConnection, id: i64, state: SurveyState) -> Result<(), StoreError> {
    diesel::update(surveys::table.find(id))
        .set(surveys::state.eq(state.as_str()))
        .execute(conn)?;
    if state == SurveyState::Fielding {
        diesel::update(
            surveys::table
                .find(id)
                .filter(surveys::fielding_started_at_ms.is_null()),
        )
        .set(surveys::fielding_started_at_ms.eq(Some(now_ms())))
        .execute(conn)?;
    }
    Ok(())
}

/// The surveys in the field, oldest first (the worker's scheduling pass goes through them).
pub fn fielding(conn: &mut AnyConnection) -> Result<Vec<SurveyRow>, StoreError> {
    Ok(surveys::table
        .filter(surveys::state.eq(SurveyState::Fielding.as_str()))
        .order(surveys::id.asc())
        .select(SurveyRow::as_select())
        .load(conn)?)
}

pub fn find_by_name(
    conn: &mut AnyConnection,
    name: &str,
    round: i32,
) -> Result<Option<SurveyRow>, StoreError> {
    Ok(surveys::table
        .filter(surveys::name.eq(name))
        .filter(surveys::round.eq(round))
        .select(SurveyRow::as_select())
        .first(conn)
        .optional()?)
}

/// A page of surveys in id order after `after`: every survey when `granted_to` is `None` (an
/// admin), else only those granted to that user.
pub fn list(
    conn: &mut AnyConnection,
    granted_to: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<SurveyRow>, StoreError> {
    use super::schema::survey_grants;
    let mut query = surveys::table
        .filter(surveys::id.gt(after.unwrap_or(0)))
        .order(surveys::id.asc())
        .limit(limit)
        .select(SurveyRow::as_select())
        .into_boxed();
    if let Some(user_id) = granted_to {
        let granted = survey_grants::table
            .filter(survey_grants::user_id.eq(user_id))
            .select(survey_grants::survey_id);
        query = query.filter(surveys::id.eq_any(granted));
    }
    Ok(query.load(conn)?)
}

/// Renames a survey round; `Ok(false)` if another survey has that name and round already.
pub fn rename(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
    round: i32,
) -> Result<bool, StoreError> {
    let taken = surveys::table
        .filter(surveys::name.eq(name))
        .filter(surveys::round.eq(round))
        .filter(surveys::id.ne(id))
        .count()
        .get_result::<i64>(conn)?;
    if taken > 0 {
        return Ok(false);
    }
    diesel::update(surveys::table.find(id))
        .set((surveys::name.eq(name), surveys::round.eq(round)))
        .execute(conn)?;
    Ok(true)
}

/// Links the questionnaire version a survey fields.
pub fn set_questionnaire(
    conn: &mut AnyConnection,
    id: i64,
    questionnaire_id: i64,
) -> Result<(), StoreError> {
    diesel::update(surveys::table.find(id))
        .set(surveys::questionnaire_id.eq(Some(questionnaire_id)))
        .execute(conn)?;
    Ok(())
}

/// The highest round of the series `name`, if it has any.
pub fn last_round(conn: &mut AnyConnection, name: &str) -> Result<Option<i32>, StoreError> {
    Ok(surveys::table
        .filter(surveys::name.eq(name))
        .select(diesel::dsl::max(surveys::round))
        .first::<Option<i32>>(conn)?)
}

/// The latest earlier round of the series `name` before round `round`.
pub fn previous_round(
    conn: &mut AnyConnection,
    name: &str,
    round: i32,
) -> Result<Option<SurveyRow>, StoreError> {
    Ok(surveys::table
        .filter(surveys::name.eq(name))
        .filter(surveys::round.lt(round))
        .order(surveys::round.desc())
        .select(SurveyRow::as_select())
        .first(conn)
        .optional()?)
}
