//! Why carrying out the contact plan failed. Messages never hold personal data or a code.

use crate::code::SealError;
use crate::db::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum FieldworkError {
    #[error("there is no survey {0}")]
    NoSuchSurvey(i64),
    #[error("the survey's plan has no step {0}")]
    NoSuchStep(String),
    #[error("the survey is not in the field")]
    NotFielding,
    #[error("the stored contact plan cannot be read: {0}")]
    BadPlan(String),
    #[error("the stored questionnaire cannot be read: {0}")]
    BadQuestionnaire(String),
    #[error("print batch {0} was handed over: its codes are no longer kept")]
    HandedOver(i64),
    #[error("the operating system's random source failed")]
    Random,
    #[error("a letter's sealed code could not be opened: {0}")]
    Seal(#[from] SealError),
    #[error("writing failed: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<diesel::result::Error> for FieldworkError {
    fn from(e: diesel::result::Error) -> Self {
        FieldworkError::Store(StoreError::Query(e))
    }
}

impl FieldworkError {
    /// What kind of failure this is, fit for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            FieldworkError::NoSuchSurvey(_) => "no such survey",
            FieldworkError::NoSuchStep(_) => "no such step",
            FieldworkError::NotFielding => "survey not fielding",
            FieldworkError::BadPlan(_) => "stored plan unreadable",
            FieldworkError::BadQuestionnaire(_) => "stored questionnaire unreadable",
            FieldworkError::HandedOver(_) => "batch handed over",
            FieldworkError::Random => "random source failed",
            FieldworkError::Seal(_) => "sealed code unreadable",
            FieldworkError::Io(_) => "writing failed",
            FieldworkError::Store(e) => e.kind(),
        }
    }
}
