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
    /// The columns of the cases' file (`responses.csv`).
    pub columns: Vec<CodebookColumn<'a>>,
    /// The file of each repeat group: one row per instance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repeats: Vec<CodebookRepeat<'a>>,
}

/// A repeat group's file.
#[derive(Debug, Serialize)]
pub struct CodebookRepeat<'a> {
    pub name: &'a str,
    /// The file's name under `export/` (`repeat-member.csv`; also `.sav`, `.dta`).
    pub file: String,
    pub label: &'a Texts,
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

/// The codebook of the files: the cases' plan first, then the repeats'.
pub fn codebook<'a>(study: &Study<'a>, form: &'a Form, files: &'a [ColumnPlan]) -> Codebook<'a> {
    let repeats = files
        .iter()
        .filter_map(|plan| {
            let name = plan.repeat.as_deref()?;
            let label = form
                .repeats
                .iter()
                .find(|r| r.name == name)
                .map_or(&EMPTY, |r| &r.label);
            Some(CodebookRepeat {
                name,
                file: repeat_file_name(name, "csv"),
                label,
                columns: columns(plan),
            })
        })
        .collect();
    let cases = files.iter().find(|plan| plan.repeat.is_none());
    Codebook {
        survey_id: study.survey_id,
        survey: study.name,
        round: study.round,
        form_id: &form.form_id,
        title: &form.title,
        questionnaire_version: &form.version,
        default_language: &form.default_language,
        languages: &form.languages,
        columns: cases.map(columns).unwrap_or_default(),
        repeats,
    }
}

/// No label.
static EMPTY: Texts = Texts::new();

/// The name of repeat group `repeat`'s file with `extension` (`repeat-member.csv`).
pub fn repeat_file_name(repeat: &str, extension: &str) -> String {
    format!("repeat-{repeat}.{extension}")
}

fn columns(plan: &ColumnPlan) -> Vec<CodebookColumn<'_>> {
    plan.columns
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
        .collect()
}

/// Writes the codebook as pretty-printed JSON.
pub fn write_codebook_json(
    study: &Study<'_>,
    form: &Form,
    files: &[ColumnPlan],
    out: impl Write,
) -> Result<(), ExportError> {
    serde_json::to_writer_pretty(out, &codebook(study, form, files))?;
    Ok(())
}
