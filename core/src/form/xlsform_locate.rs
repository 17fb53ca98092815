//! Points a finding about the compiled form back at the XLSForm cell it came from, so the
//! shared checks report `survey!R12 (label::English (en))` rather than an item index.

use super::check::{Field, Locate, Place};
use super::import_error::IssueLocation;
use super::xlsform_choices::ChoiceSheet;
use super::xlsform_pages::SurveyPages;
use super::xlsform_settings::Settings;
use super::xlsform_survey_row::SurveyColumns;

/// Everything needed to find the source cell of a compiled page, item or choice.
pub struct XlsxPlaces<'a> {
    pub survey_sheet: &'a str,
    pub survey_header_row: u32,
    pub survey_columns: &'a SurveyColumns,
    pub pages: &'a SurveyPages,
    pub choices: &'a ChoiceSheet,
    pub settings: &'a Settings,
}

impl XlsxPlaces<'_> {
    fn survey_cell(&self, row: Option<u32>, field: Field<'_>) -> IssueLocation {
        let columns = self.survey_columns;
        let column = match field {
            Field::Whole | Field::FormId | Field::DefaultLanguage | Field::Code => None,
            Field::Id | Field::Name => Some(columns.header("name")),
            Field::ChoiceList => Some(columns.header("type")),
            Field::Title(code) | Field::Label(code) => Some(columns.texts.header("label", code)),
            Field::Hint(code) => Some(columns.texts.header("hint", code)),
            Field::ConstraintMessage(code) => {
                Some(columns.texts.header("constraint_message", code))
            }
            Field::RequiredMessage(code) => Some(columns.texts.header("required_message", code)),
            Field::Relevant => Some(columns.header("relevant")),
            Field::Constraint => Some(columns.header("constraint")),
            Field::Calculation => Some(columns.header("calculation")),
            Field::ChoiceFilter => Some(columns.header("choice_filter")),
            Field::Default => Some(columns.header("default")),
            Field::Range => Some(columns.header("parameters")),
            Field::RequiredWhen => Some(columns.header("required")),
            Field::RandomizeSeed => Some(columns.header("parameters")),
            Field::RepeatCount => Some(columns.header("repeat_count")),
        };
        IssueLocation {
            sheet: self.survey_sheet.to_string(),
            row,
            column,
        }
    }

    fn choice_cell(&self, row: Option<u32>, field: Field<'_>) -> IssueLocation {
        let column = match field {
            Field::Label(code) | Field::Title(code) => {
                Some(self.choices.text_columns.header("label", code))
            }
            Field::Name => Some("name".to_string()),
            _ => Some("list_name".to_string()),
        };
        IssueLocation {
            sheet: self.choices.sheet_name.clone(),
            row,
            column,
        }
    }
}

impl Locate for XlsxPlaces<'_> {
    fn locate(&self, place: Place<'_>, field: Field<'_>) -> IssueLocation {
        match place {
            Place::Form => match field {
                Field::FormId => self.settings.location(&self.settings.form_id),
                Field::DefaultLanguage => {
                    self.settings.location(&self.settings.default_language_cell)
                }
                _ => IssueLocation::sheet(self.survey_sheet),
            },
            Place::Language(_) => IssueLocation::row(self.survey_sheet, self.survey_header_row),
            Place::Page(page) => {
                let row = self.pages.page_rows.get(page).copied();
                self.survey_cell(row, field)
            }
            Place::Item { page, item } => {
                let row = self
                    .pages
                    .item_rows
                    .get(page)
                    .and_then(|rows| rows.get(item))
                    .copied();
                self.survey_cell(row, field)
            }
            Place::ChoiceList(list) => {
                let row = self
                    .choices
                    .rows
                    .get(list)
                    .and_then(|rows| rows.first())
                    .copied();
                self.choice_cell(row, Field::Whole)
            }
            Place::Repeat(index) => {
                let row = self.pages.repeats.get(index).map(|(_, row)| *row);
                self.survey_cell(row, field)
            }
            Place::Choice { list, index } => {
                let row = self
                    .choices
                    .rows
                    .get(list)
                    .and_then(|rows| rows.get(index))
                    .copied();
                self.choice_cell(row, field)
            }
        }
    }
}
