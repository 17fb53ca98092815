//! Reads an XLSForm's `choices` sheet into choice lists, remembering each choice's row so later
//! checks can point at it. Columns besides `list_name`, `name` and the texts are kept on each
//! choice for the `choice_filter`s that name them; the others are dropped with a warning once
//! the survey sheet has been read ([`ChoiceSheet::keep_filtered_columns`]).

use super::import_error::{IssueLocation, IssueLog};
use super::model::{Choice, Form};
use super::xlsform_languages::{FormLanguages, TextColumns};
use super::xlsform_sheet::{Column, Sheet};
use std::collections::{BTreeMap, BTreeSet};

/// Choice lists by name, and the row of every choice.
#[derive(Debug, Clone, Default)]
pub struct ChoiceSheet {
    pub lists: BTreeMap<String, Vec<Choice>>,
    /// list name → row of each choice, parallel to `lists`.
    pub rows: BTreeMap<String, Vec<u32>>,
    pub text_columns: TextColumns,
    /// The sheet's name as written, `choices` if there is none.
    pub sheet_name: String,
    /// Columns kept on the choices (base name, where its header is).
    pub other_columns: Vec<(String, IssueLocation)>,
}

impl ChoiceSheet {
    /// Drops from `form`'s choices the columns no `choice_filter` names, warning about each
    /// that held text.
    pub fn keep_filtered_columns(&self, form: &mut Form, log: &mut IssueLog) {
        let named: BTreeSet<String> = form
            .items()
            .filter_map(|item| item.choice_filter.as_deref())
            .filter_map(|filter| crate::expr::parse_choice_filter(filter).ok())
            .flat_map(|filter| filter.choice_columns())
            .collect();
        for (base, location) in &self.other_columns {
            if !named.contains(base) {
                log.warning(
                    location.clone(),
                    format!(
                        "column `{}` is not used by Svar and is ignored",
                        location.column.as_deref().unwrap_or(base)
                    ),
                );
            }
        }
        for choice in form.choice_lists.values_mut().flatten() {
            choice.columns.retain(|column, _| named.contains(column));
        }
    }
}

/// Reads the choices sheet (a form without selects needs none).
pub fn read_choices(
    sheet: Option<&Sheet>,
    languages: &FormLanguages,
    log: &mut IssueLog,
) -> ChoiceSheet {
    // An empty choices sheet is no choices sheet.
    let Some(sheet) = sheet.filter(|s| !s.columns.is_empty() || !s.rows.is_empty()) else {
        return ChoiceSheet {
            sheet_name: "choices".to_string(),
            ..ChoiceSheet::default()
        };
    };
    let mut choices = ChoiceSheet {
        text_columns: TextColumns::of_sheet(sheet, &languages.plain_code, log),
        sheet_name: sheet.name.clone(),
        ..ChoiceSheet::default()
    };
    let list_column = sheet.column("list_name").map(|c| c.index);
    let name_column = sheet.column("name").map(|c| c.index);
    let (Some(list_column), Some(name_column)) = (list_column, name_column) else {
        for missing in ["list_name", "name"] {
            if sheet.column(missing).is_none() {
                log.error(
                    IssueLocation::row(&sheet.name, sheet.header_row),
                    format!("the choices sheet has no `{missing}` column"),
                );
            }
        }
        return choices;
    };
    let other_columns: Vec<&Column> = sheet
        .columns
        .iter()
        .filter(|column| {
            let base = column.heading.base.as_str();
            column.heading.language.is_none()
                && !matches!(base, "list_name" | "name" | "label")
                && sheet.column_has_text(column.index)
        })
        .collect();
    let others: Vec<(usize, String)> = other_columns
        .iter()
        .map(|column| (column.index, column.heading.base.clone()))
        .collect();
    choices.other_columns = other_columns
        .iter()
        .map(|column| (column.heading.base.clone(), sheet.header_location(column)))
        .collect();
    warn_about_text_columns(sheet, log);
    let media_columns: Vec<usize> = sheet
        .columns
        .iter()
        .filter(|column| column.heading.base == "media")
        .map(|column| column.index)
        .collect();
    for row in &sheet.rows {
        let list_name = row.text(list_column);
        if list_name.is_empty() {
            log.error(
                IssueLocation::cell(&sheet.name, row.number, "list_name"),
                "list_name is empty: every choice belongs to a named list",
            );
            continue;
        }
        let name = row.text(name_column).to_string();
        let mut label = choices.text_columns.texts("label", row);
        let has_media = media_columns
            .iter()
            .any(|index| !row.text(*index).is_empty());
        if label.is_empty() && !name.is_empty() {
            // pyxform accepts a choice without a label, and ODK shows its name.
            let why = if has_media {
                "is shown by an image, which Svar does not show yet"
            } else {
                "has no label"
            };
            log.warning(
                IssueLocation::cell(&sheet.name, row.number, "label"),
                format!("choice `{name}` {why}: its name is its label"),
            );
            label.insert(languages.default_code.clone(), name.clone());
        }
        let choice = Choice {
            name,
            label,
            columns: others
                .iter()
                .map(|(index, base)| (base.clone(), row.text(*index).to_string()))
                .filter(|(_, text)| !text.is_empty())
                .collect(),
        };
        choices
            .lists
            .entry(list_name.to_string())
            .or_default()
            .push(choice);
        choices
            .rows
            .entry(list_name.to_string())
            .or_default()
            .push(row.number);
    }
    choices
}

/// Warns about the text columns (in a language) other than `label`: not used.
fn warn_about_text_columns(sheet: &Sheet, log: &mut IssueLog) {
    for column in &sheet.columns {
        let base = column.heading.base.as_str();
        let unused = column.heading.language.is_some() && base != "label";
        if unused && sheet.column_has_text(column.index) {
            log.warning(
                sheet.header_location(column),
                format!(
                    "column `{}` is not used by Svar and is ignored",
                    column.header
                ),
            );
        }
    }
}
