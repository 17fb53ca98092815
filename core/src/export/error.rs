//! What can stop an export. Input problems (unknown survey, unknown language) are told apart
//! from failures while writing, so the HTTP layer can answer 404 / 422 before streaming starts.

use crate::db::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("there is no survey {0}")]
    NoSuchSurvey(i64),
    #[error("survey {0} has no questionnaire yet")]
    NoQuestionnaire(i64),
    #[error("the questionnaire has no repeat group {0:?}")]
    NoSuchRepeat(String),
    #[error("the questionnaire has no language {requested:?}; it has: {}", known.join(", "))]
    UnknownLanguage {
        requested: String,
        known: Vec<String>,
    },
    #[error("the stored answers of case {case_id} are not a JSON object")]
    CorruptAnswers { case_id: i64 },
    #[error("the stored questionnaire cannot be read: {0}")]
    CorruptQuestionnaire(String),
    #[error("the cases of the survey changed while it was exported; export again")]
    CasesChanged,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing the CSV failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the JSON failed: {0}")]
    Json(#[from] serde_json::Error),
    #[error("ReadStat refused the file: {0}")]
    StatFile(String),
}
