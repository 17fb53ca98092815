//! Reading and saving one page of answers. A save is checked against the questionnaire's rules,
//! then written only if nobody saved since the version the client read (two devices never
//! overwrite each other silently), in one transaction with its paradata event.

use super::opening::{answerable_case, parse_answers};
use super::{FormCache, RespondentError};
use crate::db::cases::{self, CaseState};
use crate::db::events::{self, EventKind};
use crate::db::{responses, write_tx, AnyConnection};
use crate::disposition::{disposition, RespondentActivity, ShareRule};
use crate::response::{Answers, CompiledForm};
use serde_json::{Map, Value};
use std::sync::Arc;

/// A page as the respondent reads it.
#[derive(Debug, Clone)]
pub struct LoadedPage {
    pub form: Arc<CompiledForm>,
    pub page_index: usize,
    /// Every answer of the case (the page needs them for piping and relevance).
    pub answers: Answers,
    /// This page's answers only.
    pub page_answers: Map<String, Value>,
    pub version: i64,
    pub language: String,
    pub relevant: bool,
}

/// The outcome of a save.
#[derive(Debug, Clone)]
pub struct SavedPage {
    pub version: i64,
    /// The next page relevant for this case, `None` at the end (go to review and submit).
    pub next_page: Option<String>,
}

fn page_index(form: &CompiledForm, page_id: &str) -> Result<usize, RespondentError> {
    form.form()
        .page_index(page_id)
        .ok_or(RespondentError::UnknownPage)
}

/// Loads a page's answers and records a page view.
pub fn load_page(
    conn: &mut AnyConnection,
    forms: &FormCache,
    case_id: i64,
    page_id: &str,
) -> Result<LoadedPage, RespondentError> {
    let session = answerable_case(conn, case_id)?;
    let form = forms.get(conn, session.questionnaire_id)?;
    let page_index = page_index(&form, page_id)?;
    let language_default = form
        .form()
        .pick_language(session.case.language.as_deref())
        .to_string();
    let response = write_tx(conn, |c| {
        let response =
            responses::find_or_create(c, case_id, session.questionnaire_id, &language_default)?;
        events::record(
            c,
            case_id,
            EventKind::PageView,
            Some(page_id),
            Some(&response.language),
        )?;
        Ok::<_, RespondentError>(response)
    })?;
    let answers = parse_answers(&response.answers)?;
    let page_answers = form
        .form()
        .pages
        .get(page_index)
        .map(|page| {
            page.items
                .iter()
                .filter_map(|item| {
                    answers
                        .get(&item.name)
                        .map(|v| (item.name.clone(), v.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let relevant = form.page_relevant(page_index, &answers);
    Ok(LoadedPage {
        form,
        page_index,
        answers,
        page_answers,
        version: response.version,
        language: response.language,
        relevant,
    })
}

/// Saves a page. `expected_version` is the version the client read (`None`: whatever is
/// stored, for clients that do not track versions — the HTML pages always send one).
pub fn save_page(
    conn: &mut AnyConnection,
    forms: &FormCache,
    case_id: i64,
    page_id: &str,
    expected_version: Option<i64>,
    submitted: &Map<String, Value>,
) -> Result<SavedPage, RespondentError> {
    let session = answerable_case(conn, case_id)?;
    let form = forms.get(conn, session.questionnaire_id)?;
    let page_index = page_index(&form, page_id)?;
    let language_default = form
        .form()
        .pick_language(session.case.language.as_deref())
        .to_string();
    write_tx(conn, |c| {
        let response =
            responses::find_or_create(c, case_id, session.questionnaire_id, &language_default)?;
        if response.submitted_at_ms.is_some() {
            return Err(RespondentError::AlreadySubmitted);
        }
        let version = expected_version.unwrap_or(response.version);
        if version != response.version {
            return Err(RespondentError::Stale {
                current_version: response.version,
            });
        }
        let current = parse_answers(&response.answers)?;
        if !form.page_relevant(page_index, &current) {
            return Err(RespondentError::PageNotRelevant);
        }
        let answers = form
            .save_page(page_index, &current, submitted)
            .map_err(RespondentError::Invalid)?;
        let text = serde_json::to_string(&answers).map_err(|e| {
            RespondentError::Store(crate::db::StoreError::Corrupt(format!("answers: {e}")))
        })?;
        let this_page = i32::try_from(page_index).unwrap_or(i32::MAX);
        let furthest = Some(
            response
                .furthest_page
                .map_or(this_page, |f| f.max(this_page)),
        );
        let new_version = responses::save_answers(c, case_id, version, &text, furthest)?.ok_or(
            RespondentError::Stale {
                current_version: version + 1,
            },
        )?;
        let (answered, applicable) = form.answered_share(&answers);
        let code = disposition(
            RespondentActivity::LoggedOn {
                answered,
                applicable,
            },
            ShareRule::default(),
        );
        let moved = cases::transition(
            c,
            case_id,
            &[CaseState::New, CaseState::Opened, CaseState::Started],
            CaseState::Started,
            code,
        )?;
        if !moved {
            // Submitted or declined since this request began: keep the case as it ended.
            return Err(super::opening::final_state_error(c, case_id));
        }
        events::record(
            c,
            case_id,
            EventKind::Save,
            Some(page_id),
            Some(&response.language),
        )?;
        let next_page = form
            .next_page(Some(page_index), &answers)
            .and_then(|i| form.form().pages.get(i))
            .map(|p| p.id.clone());
        Ok(SavedPage {
            version: new_version,
            next_page,
        })
    })
}
