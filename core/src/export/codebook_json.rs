//! The codebook as JSON: every column of the exports with its type, its label and question text
//! in every language, its value labels per language, and the item (and choice) it comes from.
//! Small (proportional to the questionnaire, not the cases), so it is built whole.

use super::columns::{ColumnPlan, ColumnSource};
use super::error::ExportError;
use super::Study;
use crate::form::model::{Form, Language, Texts};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Serialize)]
pub struct Codebook<'a> {
    pub survey_id: i64,
    pub survey: &'a str,
    pub round: i32,
    pub form_id: &'a str,
    pub title: &'a str,
    pub questionnaire_version: &'a str,
    pub default_language: &'a str,
    pub languages: &'a [Language],
    pub columns: Vec<CodebookColumn<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CodebookColumn<'a> {
    /// The header in the responses CSV.
    pub name: &'a str,
    /// The variable name in the SPSS and Stata files.
    pub stat_name: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub label: &'a Texts,
    #[serde(skip_serializing_if = "Texts::is_empty")]
    pub question: &'a Texts,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<CodebookValue<'a>>,
    pub source: CodebookSource<'a>,
}

#[derive(Debug, Serialize)]
pub struct CodebookValue<'a> {
    /// The number in the SPSS and Stata files.
    pub code: i32,
    /// The value in the responses CSV with codes.
    pub value: &'a str,
    pub label: &'a Texts,
}

/// Where a column comes from: `{"case": "stratum"}`, `{"item": "q"}` or
/// `{"item": "q", "choice": "c"}`.
#[derive(Debug, Serialize)]
pub struct CodebookSource<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice: Option<&'a str>,
}

/// The codebook of a plan.
pub fn codebook<'a>(study: &Study<'a>, form: &'a Form, plan: &'a ColumnPlan) -> Codebook<'a> {
    Codebook {
        survey_id: study.survey_id,
        survey: study.name,
        round: study.round,
        form_id: &form.form_id,
        title: &form.title,
        questionnaire_version: &form.version,
        default_language: &form.default_language,
        languages: &form.languages,
        columns: plan
            .columns
            .iter()
            .map(|c| CodebookColumn {
                name: &c.name,
                stat_name: &c.stat_name,
                kind: c.kind.as_str(),
                label: &c.label,
                question: &c.question,
                values: c
                    .categories
                    .iter()
                    .map(|v| CodebookValue {
                        code: v.code,
                        value: &v.value,
                        label: &v.label,
                    })
                    .collect(),
                source: match &c.source {
                    ColumnSource::Case(field) => CodebookSource {
                        case: Some(field.name()),
                        item: None,
                        choice: None,
                    },
                    ColumnSource::Item { item } => CodebookSource {
                        case: None,
                        item: Some(item),
                        choice: None,
                    },
                    ColumnSource::Choice { item, choice } | ColumnSource::Rank { item, choice } => {
                        CodebookSource {
                            case: None,
                            item: Some(item),
                            choice: Some(choice),
                        }
                    }
                },
            })
            .collect(),
    }
}

/// Writes the codebook as pretty-printed JSON.
pub fn write_codebook_json(
    study: &Study<'_>,
    form: &Form,
    plan: &ColumnPlan,
    out: impl Write,
) -> Result<(), ExportError> {
    serde_json::to_writer_pretty(out, &codebook(study, form, plan))?;
    Ok(())
}
