//! Works out an XLSForm's languages from its text column headers (`label::English (en)`,
//! `hint::en`, a plain `label`) and which column holds which language's text.

use super::import_error::IssueLog;
use super::model::{Language, Texts};
use super::xlsform_header::LanguageTag;
use super::xlsform_sheet::{Sheet, SheetRow};
use std::collections::BTreeMap;

/// The columns whose languages make the form's languages.
const LANGUAGE_COLUMNS: &[&str] = &["label", "hint", "constraint_message", "required_message"];

/// The code a plain `label` column gets when settings name no default language.
pub const FALLBACK_LANGUAGE: &str = "default";

/// The form's languages in column order and its default language's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLanguages {
    pub languages: Vec<Language>,
    pub default_code: String,
    /// The code of a text column that names no language.
    pub plain_code: String,
}

/// Collects the languages of the text columns of `sheets` (survey first, then choices).
/// Two different names for one code are an error: the texts could not be told apart. Names
/// that differ only in case (`English`, `english`) are one language.
pub fn resolve_languages(
    sheets: &[&Sheet],
    default_language: Option<&LanguageTag>,
    log: &mut IssueLog,
) -> FormLanguages {
    let plain_code = default_language
        .map(|tag| tag.code.clone())
        .unwrap_or_else(|| FALLBACK_LANGUAGE.to_string());
    let mut codes: Vec<String> = Vec::new();
    let mut names: BTreeMap<String, (String, String)> = BTreeMap::new();
    for sheet in sheets {
        for column in &sheet.columns {
            if !LANGUAGE_COLUMNS.contains(&column.heading.base.as_str()) {
                continue;
            }
            let code = match &column.heading.language {
                Some(tag) => tag.code.clone(),
                None => plain_code.clone(),
            };
            if !codes.contains(&code) {
                codes.push(code.clone());
            }
            let Some(name) = column
                .heading
                .language
                .as_ref()
                .and_then(|t| t.name.clone())
            else {
                continue;
            };
            match names.get(&code) {
                Some((earlier, header)) if earlier.to_lowercase() != name.to_lowercase() => {
                    let problem = format!(
                        "two languages have the code `{code}`: `{earlier}` (column `{header}`) \
                         and `{name}`"
                    );
                    log.error(sheet.header_location(column), problem);
                }
                Some(_) => {}
                None => {
                    names.insert(code, (name, column.header.clone()));
                }
            }
        }
    }
    let settings_name = default_language.and_then(|tag| tag.name.clone());
    let languages = codes
        .iter()
        .map(|code| {
            let name = names
                .get(code)
                .map(|(name, _)| name.clone())
                .or_else(|| settings_name.clone().filter(|_| *code == plain_code))
                .unwrap_or_else(|| code.clone());
            Language {
                code: code.clone(),
                name,
            }
        })
        .collect::<Vec<_>>();
    let default_code = default_language
        .map(|tag| tag.code.clone())
        .or_else(|| languages.first().map(|l| l.code.clone()))
        .unwrap_or_else(|| FALLBACK_LANGUAGE.to_string());
    FormLanguages {
        languages,
        default_code,
        plain_code,
    }
}

/// Which column of a sheet holds which text field in which language.
#[derive(Debug, Clone, Default)]
pub struct TextColumns {
    /// base → (column index, language code), in column order.
    by_base: BTreeMap<String, Vec<(usize, String)>>,
    /// (base, code) → header as written.
    headers: BTreeMap<(String, String), String>,
    /// (base, code) → the language name the header gives, if any.
    names: BTreeMap<(String, String), Option<String>>,
}

impl TextColumns {
    /// Maps the text columns of `sheet`; a second column for the same field and language
    /// (`label` and `label::sv` when the default is `sv`) is an error.
    pub fn of_sheet(sheet: &Sheet, plain_code: &str, log: &mut IssueLog) -> TextColumns {
        let mut columns = TextColumns::default();
        for column in &sheet.columns {
            if !LANGUAGE_COLUMNS.contains(&column.heading.base.as_str()) {
                continue;
            }
            let code = column
                .heading
                .language
                .as_ref()
                .map(|tag| tag.code.clone())
                .unwrap_or_else(|| plain_code.to_string());
            let key = (column.heading.base.clone(), code.clone());
            let name = column
                .heading
                .language
                .as_ref()
                .and_then(|t| t.name.clone());
            if let Some(earlier) = columns.headers.get(&key) {
                let earlier_name = columns.names.get(&key).cloned().flatten();
                if let (Some(earlier_name), Some(name)) = (earlier_name, &name) {
                    if earlier_name != *name {
                        // Two names for one code: `resolve_languages` has said so already.
                        continue;
                    }
                }
                log.error(
                    sheet.header_location(column),
                    format!(
                        "column `{}` holds the same texts as column `{earlier}` (language `{code}`)",
                        column.header
                    ),
                );
                continue;
            }
            columns.headers.insert(key.clone(), column.header.clone());
            columns.names.insert(key, name);
            columns
                .by_base
                .entry(column.heading.base.clone())
                .or_default()
                .push((column.index, code));
        }
        columns
    }

    /// The non-empty texts of `base` in `row`, by language code.
    pub fn texts(&self, base: &str, row: &SheetRow) -> Texts {
        self.by_base
            .get(base)
            .into_iter()
            .flatten()
            .filter_map(|(index, code)| {
                let text = row.text(*index);
                (!text.is_empty()).then(|| (code.clone(), text.to_string()))
            })
            .collect()
    }

    /// The header of `base` in language `code`, or `base::code` if the sheet has no such column.
    pub fn header(&self, base: &str, code: &str) -> String {
        self.headers
            .get(&(base.to_string(), code.to_string()))
            .cloned()
            .unwrap_or_else(|| format!("{base}::{code}"))
    }
}
