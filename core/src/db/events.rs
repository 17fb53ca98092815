//! Paradata: one row per login, page view, save, language change, submit and decline, with
//! time and page. Case ids only; never what was typed.

use super::schema::events;
use super::{now_ms, AnyConnection, StoreError};
use diesel::prelude::*;

/// The kinds of respondent events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Login,
    PageView,
    Save,
    LanguageChange,
    Submit,
    Decline,
    /// Declined through the opt-out link of an e-mail or letter.
    OptOut,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Login => "login",
            EventKind::PageView => "page_view",
            EventKind::Save => "save",
            EventKind::LanguageChange => "language_change",
            EventKind::Submit => "submit",
            EventKind::Decline => "decline",
            EventKind::OptOut => "opt_out",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub page: Option<String>,
    pub language: Option<String>,
    pub at_ms: i64,
}

#[derive(Insertable)]
#[diesel(table_name = events)]
struct NewEvent<'a> {
    case_id: i64,
    kind: &'a str,
    page: Option<&'a str>,
    language: Option<&'a str>,
    at_ms: i64,
}

pub fn record(
    conn: &mut AnyConnection,
    case_id: i64,
    kind: EventKind,
    page: Option<&str>,
    language: Option<&str>,
) -> Result<(), StoreError> {
    diesel::insert_into(events::table)
        .values(NewEvent {
            case_id,
            kind: kind.as_str(),
            page,
            language,
            at_ms: now_ms(),
        })
        .execute(conn)?;
    Ok(())
}

/// The events of one case, oldest first.
pub fn for_case(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<EventRow>, StoreError> {
    Ok(events::table
        .filter(events::case_id.eq(case_id))
        .order(events::id.asc())
        .select(EventRow::as_select())
        .load(conn)?)
}
