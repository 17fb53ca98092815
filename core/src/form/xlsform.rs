//! Imports a questionnaire authored as XLSForm (the format of ODK, Kobo and SurveyCTO) from an
//! `.xlsx` workbook or an older `.xls` one (told apart by their first bytes):
//! reads the sheets, compiles rows into pages, and checks the result, refusing anything outside
//! the supported subset with every error found rather than the first.

use super::check::{check_form, ExpressionChecks};
use super::import_error::{ImportErrors, IssueLocation, IssueLog};
use super::model::Choice;
use super::model::Form;
use super::or_other;
use super::reference_check::expression_problems;
use super::xlsform_choices::read_choices;
use super::xlsform_languages::{resolve_languages, FormLanguages};
use super::xlsform_locate::XlsxPlaces;
use super::xlsform_pages::build_pages;
use super::xlsform_settings::{read_settings, Settings, DEFAULT_FORM_ID};
use super::xlsform_sheet::{read_sheet, Sheet};
use super::xlsform_survey_row::{read_survey_rows, SurveyColumns};
use super::ImportReport;
use calamine::{open_workbook_from_rs, Reader, Sheets, Xls, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

/// The `sheet` of an issue about the file as a whole.
const FILE_SOURCE: &str = "xlsx";

/// How an `.xls` workbook (an OLE compound file) begins; an `.xlsx` is a zip archive.
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads an XLSForm workbook (`.xlsx` or `.xls`) into a [`Form`], or says everything that is
/// wrong with it.
pub fn import_xlsform(bytes: &[u8]) -> Result<ImportReport, ImportErrors> {
    let mut workbook = open_workbook(bytes)
        .map_err(|problem| ImportErrors::single(IssueLocation::sheet(FILE_SOURCE), problem))?;
    let mut log = IssueLog::default();
    if let Some(entities) = workbook
        .sheet_names()
        .into_iter()
        .find(|name| name.trim().eq_ignore_ascii_case("entities"))
    {
        let sheet_has_rows = workbook
            .worksheet_range(&entities)
            .is_ok_and(|range| range.rows().nth(1).is_some());
        if sheet_has_rows {
            log.error(
                IssueLocation::sheet(&entities),
                "an `entities` sheet (ODK entities) keeps lists on a device and a central \
                 server across forms, which Svar does not have",
            );
        }
    }
    let mut read = |wanted: &str, log: &mut IssueLog| read_named_sheet(&mut workbook, wanted, log);
    let survey = read("survey", &mut log);
    let choices = read("choices", &mut log);
    let settings = read("settings", &mut log);
    let Some(survey) = survey else {
        log.error(
            IssueLocation::sheet(FILE_SOURCE),
            "the workbook has no `survey` sheet",
        );
        return Err(refusal(log));
    };
    let form = compile(&survey, choices.as_ref(), settings.as_ref(), &mut log);
    let warnings = log.finish()?;
    match form {
        Some(form) => Ok(ImportReport { form, warnings }),
        None => Err(ImportErrors::single(
            IssueLocation::sheet(&survey.name),
            "the survey sheet could not be read",
        )),
    }
}

/// Opens `bytes` as an `.xls` workbook if they begin like one, else as an `.xlsx`.
fn open_workbook(bytes: &[u8]) -> Result<Sheets<Cursor<&[u8]>>, String> {
    if bytes.starts_with(&OLE_SIGNATURE) {
        open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes))
            .map(Sheets::Xls)
            .map_err(|error| format!("the file is not a readable .xls workbook ({error})"))
    } else {
        open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes))
            .map(Sheets::Xlsx)
            .map_err(|error| format!("the file is not a readable .xlsx workbook ({error})"))
    }
}

/// The log's errors; a log with none still refuses (the caller found a reason).
fn refusal(log: IssueLog) -> ImportErrors {
    match log.finish() {
        Err(errors) => errors,
        Ok(_) => ImportErrors::single(IssueLocation::sheet(FILE_SOURCE), "the form is refused"),
    }
}

/// Reads the sheet named `wanted` (any case), if the workbook has one.
fn read_named_sheet(
    workbook: &mut Sheets<Cursor<&[u8]>>,
    wanted: &str,
    log: &mut IssueLog,
) -> Option<Sheet> {
    let name = workbook
        .sheet_names()
        .into_iter()
        .find(|name| name.trim().eq_ignore_ascii_case(wanted))?;
    match workbook.worksheet_range(&name) {
        Ok(range) => Some(read_sheet(&name, &range, log)),
        Err(error) => {
            log.error(
                IssueLocation::sheet(&name),
                format!("the sheet cannot be read ({error})"),
            );
            None
        }
    }
}

/// The choice lists, with the copy each `or_other` select uses (its list and `other`). A list
/// that does not exist gets no copy: the check names the missing list.
fn with_or_other_lists(
    lists: &BTreeMap<String, Vec<Choice>>,
    or_other_lists: &BTreeMap<String, String>,
    languages: &FormLanguages,
) -> BTreeMap<String, Vec<Choice>> {
    let mut all = lists.clone();
    let codes: Vec<String> = languages.languages.iter().map(|l| l.code.clone()).collect();
    for (copy, list) in or_other_lists {
        if let Some(choices) = lists.get(list) {
            all.insert(copy.clone(), or_other::with_other(choices, &codes));
        }
    }
    all
}

/// Compiles the sheets into a form, logging every problem; `None` when the survey sheet lacks
/// the columns needed to read it.
fn compile(
    survey: &Sheet,
    choices: Option<&Sheet>,
    settings: Option<&Sheet>,
    log: &mut IssueLog,
) -> Option<Form> {
    let settings = read_settings(settings, log);
    let text_sheets: Vec<&Sheet> = std::iter::once(survey).chain(choices).collect();
    let languages = resolve_languages(&text_sheets, settings.default_language.as_ref(), log);
    let choice_sheet = read_choices(choices, &languages, log);
    let survey_columns = SurveyColumns::find(survey, &languages, log)?;
    let rows = read_survey_rows(survey, &survey_columns, log);
    for expression in &rows.expressions {
        for problem in expression_problems(&expression.source, &rows.item_names) {
            log.error(
                IssueLocation::cell(
                    &survey.name,
                    expression.row,
                    &survey_columns.header(expression.base),
                ),
                problem,
            );
        }
    }
    let or_other_lists = rows.or_other_lists.clone();
    let pages = build_pages(rows.rows, &survey.name, &survey_columns, log);
    let form_id = Settings::value_or(&settings.form_id, DEFAULT_FORM_ID);
    let choice_lists = with_or_other_lists(&choice_sheet.lists, &or_other_lists, &languages);
    let form = Form {
        title: Settings::value_or(&settings.form_title, &form_id),
        form_id,
        version: Settings::value_or(&settings.version, ""),
        default_language: languages.default_code,
        languages: languages.languages,
        pages: pages.pages.clone(),
        choice_lists,
        allow_choice_duplicates: settings.allow_choice_duplicates,
        repeats: pages.repeats.iter().map(|(r, _)| r.clone()).collect(),
    };
    let places = XlsxPlaces {
        survey_sheet: &survey.name,
        survey_header_row: survey.header_row,
        survey_columns: &survey_columns,
        pages: &pages,
        choices: &choice_sheet,
        settings: &settings,
    };
    check_form(&form, &places, ExpressionChecks::AlreadyChecked, log);
    let mut form = form;
    choice_sheet.keep_filtered_columns(&mut form, log);
    Some(form)
}
