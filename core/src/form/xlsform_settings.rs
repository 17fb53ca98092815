//! Reads an XLSForm's optional `settings` sheet: form id, title, version, default language.

use super::import_error::{IssueLocation, IssueLog};
use super::xlsform_header::{parse_language_tag, LanguageTag};
use super::xlsform_sheet::Sheet;
use super::xlsform_survey_row::parse_yes_no;

/// Settings used when a form has no settings sheet (or leaves a setting empty).
pub const DEFAULT_FORM_ID: &str = "form";

/// The settings of a form, each with the cell it came from (for messages).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub form_id: Option<SettingCell>,
    pub form_title: Option<SettingCell>,
    pub version: Option<SettingCell>,
    pub default_language: Option<LanguageTag>,
    pub default_language_cell: Option<SettingCell>,
    /// `allow_choice_duplicates`: yes lets a list name a choice twice.
    pub allow_choice_duplicates: bool,
    /// Where the settings are, for issues about the form as a whole.
    pub sheet_name: String,
}

/// One non-empty setting and where it is.
#[derive(Debug, Clone)]
pub struct SettingCell {
    pub value: String,
    pub location: IssueLocation,
}

impl Settings {
    /// Where a setting is, or the settings sheet if it is not given.
    pub fn location(&self, cell: &Option<SettingCell>) -> IssueLocation {
        cell.as_ref()
            .map(|c| c.location.clone())
            .unwrap_or_else(|| IssueLocation::sheet(&self.sheet_name))
    }

    /// The value of a setting, or `fallback`.
    pub fn value_or(cell: &Option<SettingCell>, fallback: &str) -> String {
        cell.as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_else(|| fallback.to_string())
    }
}

/// Reads the first row below the header of the settings sheet. Settings Svar does not use
/// (`instance_name`, `style`, …) are ignored with a warning.
pub fn read_settings(sheet: Option<&Sheet>, log: &mut IssueLog) -> Settings {
    let Some(sheet) = sheet else {
        return Settings {
            sheet_name: "settings".to_string(),
            ..Settings::default()
        };
    };
    let mut settings = Settings {
        sheet_name: sheet.name.clone(),
        ..Settings::default()
    };
    let Some(row) = sheet.rows.first() else {
        return settings;
    };
    for column in &sheet.columns {
        let value = row.text(column.index);
        if value.is_empty() {
            continue;
        }
        let cell = Some(SettingCell {
            value: value.to_string(),
            location: IssueLocation::cell(&sheet.name, row.number, &column.header),
        });
        match column.heading.base.as_str() {
            "form_id" => settings.form_id = cell,
            "form_title" => settings.form_title = cell,
            "version" => settings.version = cell,
            "default_language" => match parse_language_tag(value) {
                Ok(tag) => {
                    settings.default_language = Some(tag);
                    settings.default_language_cell = cell;
                }
                Err(problem) => log.error(
                    IssueLocation::cell(&sheet.name, row.number, &column.header),
                    problem,
                ),
            },
            "allow_choice_duplicates" => match parse_yes_no(value) {
                Ok(yes) => settings.allow_choice_duplicates = yes,
                Err(problem) => log.error(
                    IssueLocation::cell(&sheet.name, row.number, &column.header),
                    format!("allow_choice_duplicates {problem}"),
                ),
            },
            other => log.warning(
                IssueLocation::cell(&sheet.name, row.number, &column.header),
                format!("setting `{other}` is not used by Svar and is ignored"),
            ),
        }
    }
    settings
}
