//! Why a respondent operation was refused. Each variant maps to one HTTP answer.

use crate::db::StoreError;
use crate::response::error::ItemError;
use crate::response::CompiledForm;
use std::fmt;
use std::sync::Arc;

/// Answers a save refused, with the form and the language the reasons are to be worded in
/// (the respondent's at the save): whoever shows them needs no second reading of the page,
/// which would record a page view the respondent never had.
#[derive(Clone)]
pub struct RefusedAnswers {
    pub errors: Vec<ItemError>,
    pub form: Arc<CompiledForm>,
    pub language: String,
}

/// The reasons and the language only: the form is large and says nothing of the refusal.
impl fmt::Debug for RefusedAnswers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefusedAnswers")
            .field("errors", &self.errors)
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RespondentError {
    /// Unknown code, or the code of a survey that is not fielding: the same answer for both,
    /// so a guesser learns nothing.
    #[error("the code was not recognised")]
    UnknownCode,
    #[error("the questionnaire has already been submitted")]
    AlreadySubmitted,
    #[error("the case has declined to take part")]
    Declined,
    #[error("the survey is not open for answers")]
    SurveyNotOpen,
    #[error("no such page")]
    UnknownPage,
    #[error("this page does not apply to the answers given")]
    PageNotRelevant,
    #[error("the answers were changed elsewhere (now version {current_version})")]
    Stale { current_version: i64 },
    #[error("some answers were refused")]
    Invalid(RefusedAnswers),
    #[error("required answers are missing")]
    MissingRequired(Vec<ItemError>),
    #[error("the language is not one of the questionnaire's")]
    UnknownLanguage,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<diesel::result::Error> for RespondentError {
    fn from(e: diesel::result::Error) -> Self {
        RespondentError::Store(StoreError::Query(e))
    }
}
