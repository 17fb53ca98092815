//! Reading and saving one page of answers. A save is checked against the questionnaire's rules,
//! then written only if nobody saved since the version the client read (two devices never
//! overwrite each other silently), in one transaction with its paradata event.

use super::answering_case::{parse_answers, write_atomically, AnsweringCase, RefusedWrite};
use super::{RefusedAnswers, RespondentCache, RespondentError};
use crate::db::events::{self, EventKind};
use crate::db::response_write::{write_response, ResponseChange, ResponseWrite};
use crate::db::responses::ResponseRow;
use crate::db::{now_ms, AnyConnection, StoreError};
use crate::response::{AcceptedPage, Answers, CompiledForm, RequiredCheck};
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
    /// The answers made a question of this same page apply that did not before.
    pub brings_in_questions: bool,
}

/// Loads a page's answers and records a page view.
pub fn load_page(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    case_id: i64,
    page_id: &str,
) -> Result<LoadedPage, RespondentError> {
    let answering = AnsweringCase::load(conn, &cache.forms, case_id)?;
    let page_index = answering.page_index(page_id)?;
    let several = answering.stored_response.is_none();
    let response = write_atomically(conn, several, |c| {
        let response = answering.response(c)?;
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
    let form = Arc::clone(&answering.form);
    // A page never saved shows its questions' defaults.
    let saved_before = response
        .furthest_page
        .and_then(|p| usize::try_from(p).ok())
        .is_some_and(|furthest| furthest >= page_index);
    let answers = if saved_before {
        answers
    } else {
        form.with_defaults(page_index, &answers)
    };
    let (version, language) = (response.version, response.language.clone());
    cache.recent.remember(answering.with_response(response));
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
        version,
        language,
        relevant,
    })
}

/// Saves a page. `expected_version` is the version the client read (`None`: whatever is
/// stored, for clients that do not track versions — the HTML pages always send one). Every
/// relevant required question must be answered.
pub fn save_page(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    case_id: i64,
    page_id: &str,
    expected_version: Option<i64>,
    submitted: &Map<String, Value>,
) -> Result<SavedPage, RespondentError> {
    save_page_checking(
        conn,
        cache,
        case_id,
        page_id,
        expected_version,
        submitted,
        RequiredCheck::All,
    )
}

/// [`save_page`] with a choice of which required questions must be answered (the pages ask a
/// question that a new answer brings in before insisting on it, and let a person go back).
///
/// A case this process knows at `expected_version` is saved from what it knows, without reading
/// it again. Only a write the database took is trusted from there: if the answers are refused,
/// or the database's guards refuse the write (someone saved meanwhile, the case ended, the
/// survey closed), the save is done again from a fresh read, which says why.
pub fn save_page_checking(
    conn: &mut AnyConnection,
    cache: &RespondentCache,
    case_id: i64,
    page_id: &str,
    expected_version: Option<i64>,
    submitted: &Map<String, Value>,
    required: RequiredCheck<'_>,
) -> Result<SavedPage, RespondentError> {
    let save = PageSave {
        page_id,
        expected_version,
        submitted,
        required,
    };
    if let Some(version) = expected_version {
        if let Some(known) = cache.recent.take_at_version(case_id, version) {
            // Only a write the database took is final; any refusal is decided afresh.
            if let Ok(Attempt::Saved(saved)) = save.attempt(conn, cache, known) {
                return Ok(saved);
            }
        }
    }
    let answering = AnsweringCase::load(conn, &cache.forms, case_id)?;
    match save.attempt(conn, cache, answering)? {
        Attempt::Saved(saved) => Ok(saved),
        Attempt::Refused(refused) => Err(refused.error(conn)),
    }
}

/// One page save as asked for.
struct PageSave<'a> {
    page_id: &'a str,
    expected_version: Option<i64>,
    submitted: &'a Map<String, Value>,
    required: RequiredCheck<'a>,
}

/// A page save that passed the questionnaire's rules.
struct Checked {
    page_index: usize,
    /// The response the save builds on.
    response: ResponseRow,
    /// Every answer of the case after the save, and whether it brings in a question.
    accepted: AcceptedPage,
}

/// How a save from one reading of the case went.
enum Attempt {
    Saved(SavedPage),
    /// The database's guards refused the write.
    Refused(RefusedWrite),
}

impl PageSave<'_> {
    /// Checks and writes the page from `answering` (read just now or remembered); the case is
    /// remembered as written.
    fn attempt(
        &self,
        conn: &mut AnyConnection,
        cache: &RespondentCache,
        mut answering: AnsweringCase,
    ) -> Result<Attempt, RespondentError> {
        let Checked {
            page_index,
            response,
            accepted:
                AcceptedPage {
                    answers,
                    brings_in_questions,
                },
        } = self.check(conn, &mut answering)?;
        let form = Arc::clone(&answering.form);
        let text = serde_json::to_string(&answers)
            .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?;
        let this_page = i32::try_from(page_index).unwrap_or(i32::MAX);
        let furthest_page = Some(
            response
                .furthest_page
                .map_or(this_page, |f| f.max(this_page)),
        );
        // The answers were read without a lock: the write goes through only if the response
        // is still at that version, so a save in between makes this one stale.
        let write = ResponseWrite {
            case_id: answering.id(),
            expected_version: response.version,
            change: ResponseChange::Answers {
                answers: &text,
                furthest_page,
                page: self.page_id,
            },
            disposition: answering.disposition_by_share(&answers),
            language: &response.language,
        };
        let outcome = write_response(conn, &write)?;
        let version = match RefusedWrite::check(&write, outcome) {
            Ok(version) => version,
            Err(refused) => return Ok(Attempt::Refused(refused)),
        };
        let next_page = form
            .next_page(Some(page_index), &answers)
            .and_then(|i| form.form().pages.get(i))
            .map(|p| p.id.clone());
        let written = ResponseRow {
            answers: text,
            version,
            furthest_page,
            updated_at_ms: now_ms(),
            ..response
        };
        cache.recent.remember(answering.saved(written, answers));
        Ok(Attempt::Saved(SavedPage {
            version,
            next_page,
            brings_in_questions,
        }))
    }

    /// What the save builds on and would write, if the page may be saved so.
    fn check(
        &self,
        conn: &mut AnyConnection,
        answering: &mut AnsweringCase,
    ) -> Result<Checked, RespondentError> {
        let page_index = answering.page_index(self.page_id)?;
        let response = answering.response(conn)?;
        if response.submitted_at_ms.is_some() {
            return Err(RespondentError::AlreadySubmitted);
        }
        let version = self.expected_version.unwrap_or(response.version);
        if version != response.version {
            return Err(RespondentError::Stale {
                current_version: response.version,
            });
        }
        let current = answering.take_answers(&response)?;
        let form = &answering.form;
        if !form.page_relevant(page_index, &current) {
            return Err(RespondentError::PageNotRelevant);
        }
        let accepted = form
            .accept_page(page_index, current, self.submitted, self.required)
            .map_err(|errors| {
                RespondentError::Invalid(RefusedAnswers {
                    errors,
                    form: Arc::clone(form),
                    language: response.language.clone(),
                })
            })?;
        Ok(Checked {
            page_index,
            response,
            accepted,
        })
    }
}
