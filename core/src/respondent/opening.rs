//! Opening a session with an access code, and the respondent's choice of language.

use super::{FormCache, RespondentError};
use crate::code::{AccessCode, CodeKey};
use crate::db::cases::{self, CaseRow, CaseState};
use crate::db::events::{self, EventKind};
use crate::db::surveys::{self, SurveyState};
use crate::db::{codes, responses, write_tx, AnyConnection};
use crate::disposition::{disposition, RespondentActivity, ShareRule};
use crate::response::Answers;

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

/// A case as a session sees it on each request.
#[derive(Debug, Clone)]
pub struct SessionCase {
    pub case: CaseRow,
    pub questionnaire_id: i64,
}

/// The case, its survey's questionnaire, checked to be answerable.
pub(super) fn answerable_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<SessionCase, RespondentError> {
    let case = cases::find(conn, case_id)?.ok_or(RespondentError::UnknownCode)?;
    let survey = surveys::find(conn, case.survey_id)?.ok_or(RespondentError::UnknownCode)?;
    if survey.state()? != SurveyState::Fielding {
        return Err(RespondentError::SurveyNotOpen);
    }
    let questionnaire_id = survey
        .questionnaire_id
        .ok_or(RespondentError::SurveyNotOpen)?;
    match case.state()? {
        CaseState::Submitted => Err(RespondentError::AlreadySubmitted),
        CaseState::Declined => Err(RespondentError::Declined),
        _ => Ok(SessionCase {
            case,
            questionnaire_id,
        }),
    }
}

/// The refusal for a case that reached a final state while a request was under way.
pub(super) fn final_state_error(conn: &mut AnyConnection, case_id: i64) -> RespondentError {
    match cases::find(conn, case_id).map(|c| c.map(|c| c.state())) {
        Ok(Some(Ok(CaseState::Declined))) => RespondentError::Declined,
        Ok(Some(Ok(CaseState::Submitted))) => RespondentError::AlreadySubmitted,
        Ok(_) => RespondentError::UnknownCode,
        Err(e) => RespondentError::Store(e),
    }
}

pub(super) fn parse_answers(text: &str) -> Result<Answers, RespondentError> {
    serde_json::from_str(text).map_err(|e| {
        RespondentError::Store(crate::db::StoreError::Corrupt(format!(
            "stored answers: {e}"
        )))
    })
}

/// Exchanges a code for a session: finds the case by the code's keyed hash, creates its
/// response on first login, records the login, and says where to resume.
pub fn open_session(
    conn: &mut AnyConnection,
    forms: &FormCache,
    key: &CodeKey,
    code: &AccessCode,
) -> Result<OpenedSession, RespondentError> {
    let hash = key.hash(code);
    let case_id = codes::case_of(conn, &hash)?.ok_or(RespondentError::UnknownCode)?;
    let session = match answerable_case(conn, case_id) {
        Err(RespondentError::SurveyNotOpen) => return Err(RespondentError::UnknownCode),
        other => other?,
    };
    let form = forms.get(conn, session.questionnaire_id)?;
    let language = form
        .form()
        .pick_language(session.case.language.as_deref())
        .to_string();
    write_tx(conn, |c| {
        let response = responses::find_or_create(c, case_id, session.questionnaire_id, &language)?;
        if session.case.state()? == CaseState::New {
            let code = disposition(
                RespondentActivity::LoggedOn {
                    answered: 0,
                    applicable: 1,
                },
                ShareRule::default(),
            );
            cases::transition(c, case_id, &[CaseState::New], CaseState::Opened, code)?;
        }
        events::record(c, case_id, EventKind::Login, None, Some(&response.language))?;
        let answers = parse_answers(&response.answers)?;
        let furthest = response.furthest_page.and_then(|p| usize::try_from(p).ok());
        let resume_page = form
            .resume_page(furthest, &answers)
            .and_then(|i| form.form().pages.get(i))
            .map(|p| p.id.clone());
        Ok(OpenedSession {
            case_id,
            questionnaire_id: session.questionnaire_id,
            language: response.language,
            languages: form
                .form()
                .languages
                .iter()
                .map(|l| l.code.clone())
                .collect(),
            resume_page,
        })
    })
}

/// Switches the language the respondent reads; records the change.
pub fn change_language(
    conn: &mut AnyConnection,
    forms: &FormCache,
    case_id: i64,
    language: &str,
) -> Result<(), RespondentError> {
    let session = answerable_case(conn, case_id)?;
    let form = forms.get(conn, session.questionnaire_id)?;
    if !form.form().has_language(language) {
        return Err(RespondentError::UnknownLanguage);
    }
    write_tx(conn, |c| {
        responses::find_or_create(c, case_id, session.questionnaire_id, language)?;
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
    forms: &FormCache,
    case_id: i64,
) -> Result<CaseContext, RespondentError> {
    let session = answerable_case(conn, case_id)?;
    let form = forms.get(conn, session.questionnaire_id)?;
    let language = form
        .form()
        .pick_language(session.case.language.as_deref())
        .to_string();
    let response = responses::find_or_create(conn, case_id, session.questionnaire_id, &language)?;
    Ok(CaseContext {
        case_id,
        answers: parse_answers(&response.answers)?,
        language: response.language,
        version: response.version,
        furthest_page: response.furthest_page.and_then(|p| usize::try_from(p).ok()),
        form,
    })
}
