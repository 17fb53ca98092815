//! Opening a session with an access code, and the respondent's choice of language.

use super::answering_case::{parse_answers, write_atomically, AnsweringCase};
use super::{RespondentCache, RespondentError};
use crate::code::{AccessCode, CodeKey};
use crate::db::cases::CaseState;
use crate::db::events::{self, EventKind};
use crate::db::login_lookup::{self, FoundByCode};
use crate::db::login_write::{record_first_login, FirstLogin};
use crate::db::{responses, write_tx, AnyConnection};
use crate::disposition::{disposition, RespondentActivity, ShareRule};
use crate::response::Answers;
use std::sync::Arc;

/// What a code opened.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    pub case_id: i64,
    pub questionnaire_id: i64,
    pub language: String,
    pub languages: Vec<String>,
    /// Page id to continue at; `None` when every page has been seen (show the review).
    pub resume_page: Option<String>,
}

/// Exchanges a code for a session: finds the case by the code's keyed hash, creates its
/// response on first login, records the login (on PostgreSQL a repeat login is recorded by the
/// statement that finds the case), and says where to resume.
pub fn open_session(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    key: &CodeKey,
    code: &AccessCode,
) -> Result<OpenedSession, RespondentError> {
    let hash = key.hash(code);
    let FoundByCode {
        found,
        login_recorded,
    } = login_lookup::find_by_code(conn, &hash)?.ok_or(RespondentError::UnknownCode)?;
    let answering = match AnsweringCase::check(conn, &cache.forms, found) {
        Err(RespondentError::SurveyNotOpen) => return Err(RespondentError::UnknownCode),
        other => other?,
    };
    let case_id = answering.id();
    let response = match &answering.stored_response {
        Some(stored) if answering.case.state()? != CaseState::New => {
            if !login_recorded {
                write_atomically(conn, false, |c| {
                    let language = Some(stored.language.as_str());
                    Ok(events::record(
                        c,
                        case_id,
                        EventKind::Login,
                        None,
                        language,
                    )?)
                })?;
            }
            stored.clone()
        }
        _ => {
            let logged_on = RespondentActivity::LoggedOn {
                answered: 0,
                applicable: 1,
            };
            let login = FirstLogin {
                case_id,
                questionnaire_id: answering.questionnaire_id,
                language: &answering.default_language,
                disposition: disposition(logged_on, ShareRule::default()),
            };
            record_first_login(conn, &login)?
        }
    };
    let form = Arc::clone(&answering.form);
    let answers = parse_answers(&response.answers)?;
    let furthest = response.furthest_page.and_then(|p| usize::try_from(p).ok());
    let resume_page = form
        .resume_page(furthest, &answers)
        .and_then(|i| form.form().pages.get(i))
        .map(|p| p.id.clone());
    let opened = OpenedSession {
        case_id,
        questionnaire_id: answering.questionnaire_id,
        language: response.language.clone(),
        languages: form
            .form()
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect(),
        resume_page,
    };
    cache.recent.remember(answering.with_response(response));
    Ok(opened)
}

/// Switches the language the respondent reads; records the change.
pub fn change_language(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    case_id: i64,
    language: &str,
) -> Result<(), RespondentError> {
    cache.recent.forget(case_id);
    let answering = AnsweringCase::load(conn, &cache.forms, case_id)?;
    if !answering.form.form().has_language(language) {
        return Err(RespondentError::UnknownLanguage);
    }
    write_tx(conn, |c| {
        answering.response(c)?;
        responses::set_language(c, case_id, language)?;
        events::record(c, case_id, EventKind::LanguageChange, None, Some(language))?;
        Ok(())
    })
}

/// Everything a page needs about a case that is still answering.
#[derive(Debug, Clone)]
pub struct CaseContext {
    pub case_id: i64,
    pub form: std::sync::Arc<crate::response::CompiledForm>,
    pub answers: Answers,
    pub language: String,
    pub version: i64,
    /// Index of the furthest page saved.
    pub furthest_page: Option<usize>,
}

/// The case's form, answers and language (creating its empty response if needed).
pub fn case_context(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    case_id: i64,
) -> Result<CaseContext, RespondentError> {
    let answering = AnsweringCase::load(conn, &cache.forms, case_id)?;
    let response = answering.response(conn)?;
    let context = CaseContext {
        case_id,
        answers: parse_answers(&response.answers)?,
        language: response.language.clone(),
        version: response.version,
        furthest_page: response.furthest_page.and_then(|p| usize::try_from(p).ok()),
        form: Arc::clone(&answering.form),
    };
    cache.recent.remember(answering.with_response(response));
    Ok(context)
}
