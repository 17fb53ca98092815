//! The languages of a survey as its questionnaire has them: the codes, and the default one
//! that a case without a text in its own language gets. A survey without a questionnaire yet
//! has none known.

use super::FieldworkError;
use crate::db::{questionnaires, surveys, AnyConnection};
use serde::Deserialize;

/// The language codes of a survey's questionnaire and its default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyLanguages {
    pub codes: Vec<String>,
    pub default: String,
}

/// What is read of the compiled form (it has much more).
#[derive(Deserialize)]
struct FormLanguages {
    default_language: String,
    languages: Vec<LanguageCode>,
}

#[derive(Deserialize)]
struct LanguageCode {
    code: String,
}

/// The languages of survey `survey_id`, if it has a questionnaire.
pub fn survey_languages(
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<Option<SurveyLanguages>, FieldworkError> {
    let survey = surveys::find(conn, survey_id)?.ok_or(FieldworkError::NoSuchSurvey(survey_id))?;
    let Some(questionnaire_id) = survey.questionnaire_id else {
        return Ok(None);
    };
    let Some(stored) = questionnaires::find(conn, questionnaire_id)? else {
        return Ok(None);
    };
    let form: FormLanguages = serde_json::from_str(&stored.compiled)
        .map_err(|e| FieldworkError::BadQuestionnaire(e.to_string()))?;
    Ok(Some(SurveyLanguages {
        codes: form.languages.into_iter().map(|l| l.code).collect(),
        default: form.default_language,
    }))
}
