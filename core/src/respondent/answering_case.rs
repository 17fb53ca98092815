//! A case that is still answering, loaded once per operation with its compiled form: what
//! every respondent operation checks first (the survey is fielding, the case neither submitted
//! nor declined), and the small rules they share.

use super::{FormCache, RespondentError};
use crate::db::cases::{self, CaseKey, CaseRow, CaseState, CaseWithSurvey};
use crate::db::response_write::{ResponseWrite, WriteOutcome};
use crate::db::responses::{self, ResponseRow};
use crate::db::surveys::SurveyState;
use crate::db::{AnyConnection, StoreError};
use crate::disposition::{disposition, RespondentActivity, ShareRule};
use crate::response::{Answers, CompiledForm};
use std::sync::Arc;

/// The case, its questionnaire and the language it is read in by default.
#[derive(Debug, Clone)]
pub struct AnsweringCase {
    pub case: CaseRow,
    pub questionnaire_id: i64,
    pub form: Arc<CompiledForm>,
    /// The case's preferred language if the questionnaire has it, else the default language.
    pub default_language: String,
    /// The survey's share thresholds.
    pub share_rule: ShareRule,
    /// The response as read with the case (`None` before the first login).
    pub stored_response: Option<ResponseRow>,
    /// The stored response's answers already parsed: a case remembered after this process
    /// saved it keeps them, so its next save need not parse the JSON again.
    pub parsed_answers: Option<Answers>,
}

impl AnsweringCase {
    /// Loads the case; refuses it unless its survey is fielding and the case still answering.
    pub fn load(
        conn: &mut AnyConnection,
        forms: &FormCache,
        case_id: i64,
    ) -> Result<AnsweringCase, RespondentError> {
        let found = cases::find_with_survey(conn, CaseKey::Id(case_id))?;
        AnsweringCase::check(conn, forms, found.ok_or(RespondentError::UnknownCode)?)
    }

    /// A case as read with its survey and response, refused unless its survey is fielding and
    /// the case still answering.
    pub fn check(
        conn: &mut AnyConnection,
        forms: &FormCache,
        found: CaseWithSurvey,
    ) -> Result<AnsweringCase, RespondentError> {
        let CaseWithSurvey {
            case,
            survey_state,
            questionnaire_id,
            share_rule,
            response,
        } = found;
        if SurveyState::parse(&survey_state)? != SurveyState::Fielding {
            return Err(RespondentError::SurveyNotOpen);
        }
        let questionnaire_id = questionnaire_id.ok_or(RespondentError::SurveyNotOpen)?;
        match case.state()? {
            CaseState::Submitted => return Err(RespondentError::AlreadySubmitted),
            CaseState::Declined => return Err(RespondentError::Declined),
            _ => {}
        }
        let form = forms.get(conn, questionnaire_id)?;
        let default_language = form
            .form()
            .pick_language(case.language.as_deref())
            .to_string();
        Ok(AnsweringCase {
            case,
            questionnaire_id,
            form,
            default_language,
            share_rule,
            stored_response: response,
            parsed_answers: None,
        })
    }

    pub fn id(&self) -> i64 {
        self.case.id
    }

    /// The case's response as read with the case, or created empty on first use. Writers
    /// guard against a change since that read with the response's version.
    pub fn response(&self, conn: &mut AnyConnection) -> Result<ResponseRow, StoreError> {
        match &self.stored_response {
            Some(response) => Ok(response.clone()),
            None => responses::create(
                conn,
                self.case.id,
                self.questionnaire_id,
                &self.default_language,
            ),
        }
    }

    /// The case as it is after this process saved answers for it: started, with `response`,
    /// whose answers are `answers`.
    pub fn saved(mut self, response: ResponseRow, answers: Answers) -> AnsweringCase {
        self.case.state = CaseState::Started.as_str().to_string();
        self.stored_response = Some(response);
        self.parsed_answers = Some(answers);
        self
    }

    /// The stored response's answers, taken out if they are kept parsed, else parsed.
    pub(super) fn take_answers(
        &mut self,
        response: &ResponseRow,
    ) -> Result<Answers, RespondentError> {
        match self.parsed_answers.take() {
            Some(answers) => Ok(answers),
            None => parse_answers(&response.answers),
        }
    }

    /// The case with the response it was read or created with (kept to be remembered).
    pub fn with_response(mut self, response: ResponseRow) -> AnsweringCase {
        self.stored_response = Some(response);
        self.parsed_answers = None;
        self
    }

    pub fn page_index(&self, page_id: &str) -> Result<usize, RespondentError> {
        self.form
            .form()
            .page_index(page_id)
            .ok_or(RespondentError::UnknownPage)
    }

    /// The disposition the answers so far give (METHODS.md §1, rule 4).
    pub fn disposition_by_share(&self, answers: &Answers) -> &'static str {
        let (answered, applicable) = self.form.answered_share(answers);
        disposition(
            RespondentActivity::LoggedOn {
                answered,
                applicable,
            },
            self.share_rule,
        )
    }
}

/// Runs `f` in a write transaction when it may write more than one statement (`several`); a
/// single statement is atomic on its own, and skipping BEGIN and COMMIT saves two round trips
/// to PostgreSQL on the paths every respondent takes most (logging in again, viewing a page).
/// SQLite always takes the transaction: it costs no round trip there, and it queues writers.
pub(super) fn write_atomically<T>(
    conn: &mut AnyConnection,
    several: bool,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, RespondentError>,
) -> Result<T, RespondentError> {
    if several || matches!(conn, AnyConnection::Sqlite(_)) {
        crate::db::write_tx(conn, f)
    } else {
        f(conn)
    }
}

/// A write the database's guards refused: what it was based on, and whether the case had
/// ended (else another save came first).
#[derive(Debug, Clone, Copy)]
pub(super) struct RefusedWrite {
    case_id: i64,
    expected_version: i64,
    case_ended: bool,
}

impl RefusedWrite {
    /// The new version of the response `write` wrote, or the refusal.
    pub(super) fn check(
        write: &ResponseWrite<'_>,
        outcome: WriteOutcome,
    ) -> Result<i64, RefusedWrite> {
        let case_ended = match outcome {
            WriteOutcome::Written { version } => return Ok(version),
            WriteOutcome::Stale => false,
            WriteOutcome::CaseEnded => true,
        };
        Err(RefusedWrite {
            case_id: write.case_id,
            expected_version: write.expected_version,
            case_ended,
        })
    }

    /// What the respondent is told: the save is stale, or the case was submitted or declined
    /// (or its survey closed) since the request began (the case is kept as it ended).
    pub(super) fn error(self, conn: &mut AnyConnection) -> RespondentError {
        if self.case_ended {
            final_state_error(conn, self.case_id)
        } else {
            RespondentError::Stale {
                current_version: self.expected_version + 1,
            }
        }
    }
}

/// The refusal for a case that could not be written: it reached a final state while a request
/// was under way, or, if it is still open, its survey stopped fielding.
pub(super) fn final_state_error(conn: &mut AnyConnection, case_id: i64) -> RespondentError {
    match cases::find(conn, case_id).map(|c| c.map(|c| c.state())) {
        Ok(Some(Ok(CaseState::Declined))) => RespondentError::Declined,
        Ok(Some(Ok(CaseState::Submitted))) => RespondentError::AlreadySubmitted,
        Ok(Some(Ok(_))) => RespondentError::SurveyNotOpen,
        Ok(_) => RespondentError::UnknownCode,
        Err(e) => RespondentError::Store(e),
    }
}

pub(super) fn parse_answers(text: &str) -> Result<Answers, RespondentError> {
    serde_json::from_str(text)
        .map_err(|e| RespondentError::Store(StoreError::Corrupt(format!("stored answers: {e}"))))
}
