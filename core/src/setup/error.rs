//! Why setting up a survey was refused. Each message is fit to show the operator as it is.

use crate::db::StoreError;
use crate::form::ImportErrors;
use crate::sample::SampleErrors;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("{0}")]
    Questionnaire(ImportErrors),
    #[error("{0}")]
    Sample(SampleErrors),
    #[error("a survey named {name:?} with round {round} exists already")]
    SurveyExists { name: String, round: i32 },
    #[error("there is no survey {0}")]
    NoSuchSurvey(i64),
    #[error("survey {0} has a sample already; a sample is imported once per round")]
    SampleExists(i64),
    #[error("survey {0} has a sample import running already")]
    ImportRunning(i64),
    #[error("{0}")]
    Transition(super::TransitionRefusal),
    #[error("the survey is {state}; only a draft survey can be changed")]
    NotDraft { state: &'static str },
    #[error("the series has no round after the highest one")]
    NoNextRound,
    #[error("the questionnaire file must end in .xlsx, .xls or .json")]
    UnknownQuestionnaireFormat,
    #[error("the operating system's random source failed")]
    Random,
    #[error("writing the file failed: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fieldwork(#[from] crate::fieldwork::FieldworkError),
}

impl From<diesel::result::Error> for SetupError {
    fn from(e: diesel::result::Error) -> Self {
        SetupError::Store(StoreError::Query(e))
    }
}
