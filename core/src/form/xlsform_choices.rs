//! Reads an XLSForm's `choices` sheet into choice lists, remembering each choice's row so later
//! checks can point at it.

use super::import_error::{IssueLocation, IssueLog};
use super::model::Choice;
use super::xlsform_languages::TextColumns;
use super::xlsform_sheet::Sheet;
use std::collections::BTreeMap;

/// Choice lists by name, and the row of every choice.
#[derive(Debug, Clone, Default)]
pub struct ChoiceSheet {
    pub lists: BTreeMap<String, Vec<Choice>>,
    /// list name → row of each choice, parallel to `lists`.
    pub rows: BTreeMap<String, Vec<u32>>,
    pub text_columns: TextColumns,
    /// The sheet's name as written, `choices` if there is none.
    pub sheet_name: String,
}

/// Reads the choices sheet (a form without selects needs none).
pub fn read_choices(sheet: Option<&Sheet>, plain_code: &str, log: &mut IssueLog) -> ChoiceSheet {
    let Some(sheet) = sheet else {
        return ChoiceSheet {
            sheet_name: "choices".to_string(),
            ..ChoiceSheet::default()
        };
    };
    let mut choices = ChoiceSheet {
        text_columns: TextColumns::of_sheet(sheet, plain_code, log),
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
    warn_about_unused_columns(sheet, log);
    for row in &sheet.rows {
        let list_name = row.text(list_column);
        if list_name.is_empty() {
            log.error(
                IssueLocation::cell(&sheet.name, row.number, "list_name"),
                "list_name is empty: every choice belongs to a named list",
            );
            continue;
        }
        let choice = Choice {
            name: row.text(name_column).to_string(),
            label: choices.text_columns.texts("label", row),
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

fn warn_about_unused_columns(sheet: &Sheet, log: &mut IssueLog) {
    for column in &sheet.columns {
        let used = matches!(column.heading.base.as_str(), "list_name" | "name" | "label");
        if !used && sheet.column_has_text(column.index) {
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
