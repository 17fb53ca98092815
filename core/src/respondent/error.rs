//! Why a respondent operation was refused. Each variant maps to one HTTP answer.

use crate::db::StoreError;
use crate::response::error::ItemError;

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
    Invalid(Vec<ItemError>),
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
