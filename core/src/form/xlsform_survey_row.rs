//! Reads the rows of an XLSForm's `survey` sheet into typed rows, refusing columns and values
//! outside the supported subset. Grouping rows into pages is `xlsform_pages`' job.

use super::import_error::{IssueLocation, IssueLog};
use super::model::{ItemKind, RangeScale, Texts, DEFAULT_RANGE};
use super::or_other;
use super::xlsform_languages::{FormLanguages, TextColumns};
use super::xlsform_parameters::{choice_order, parse_parameters, range_scale};
use super::xlsform_sheet::{Sheet, SheetRow};
use super::xlsform_type::{
    is_hidden, metadata_calculation, metadata_type, or_other_select, parse_row_type, RowType,
};
use std::collections::{BTreeMap, BTreeSet};

/// Columns Svar reads from the survey sheet (texts aside).
const EXPRESSION_COLUMNS: [&str; 3] = ["relevant", "constraint", "calculation"];

/// Columns of XLSForm whose meaning Svar does not carry out: a form using them is refused
/// rather than run differently from what its author meant.
const UNSUPPORTED_COLUMNS: &[&str] = &[
    "trigger",
    "body",
    "bind",
    "instance",
    "control",
    "jr:count",
    "jr:choice_name",
];

/// Where the survey sheet keeps each field.
#[derive(Debug, Clone)]
pub struct SurveyColumns {
    /// base name → column index, for the single-valued columns present.
    single: BTreeMap<String, usize>,
    /// base name → header as written.
    headers: BTreeMap<String, String>,
    /// The media columns (`image`, `media::audio::…`), whose files Svar does not show yet.
    media: Vec<usize>,
    /// The form's default language: a name standing in for a missing label is filed under it.
    default_code: String,
    pub texts: TextColumns,
}

impl SurveyColumns {
    /// Finds the columns; `None` (with errors logged) when `type` or `name` is missing.
    pub fn find(
        sheet: &Sheet,
        languages: &FormLanguages,
        log: &mut IssueLog,
    ) -> Option<SurveyColumns> {
        let mut columns = SurveyColumns {
            single: BTreeMap::new(),
            headers: BTreeMap::new(),
            media: Vec::new(),
            default_code: languages.default_code.clone(),
            texts: TextColumns::of_sheet(sheet, &languages.plain_code, log),
        };
        for column in &sheet.columns {
            let base = column.heading.base.as_str();
            let is_single = matches!(
                base,
                "type"
                    | "name"
                    | "required"
                    | "appearance"
                    | "choice_filter"
                    | "default"
                    | "parameters"
                    | "read_only"
                    | "repeat_count"
            ) || EXPRESSION_COLUMNS.contains(&base);
            if is_single && column.heading.language.is_none() {
                columns.single.insert(base.to_string(), column.index);
                columns
                    .headers
                    .insert(base.to_string(), column.header.clone());
            } else if base == "media" && sheet.column_has_text(column.index) {
                columns.media.push(column.index);
                log.warning(
                    sheet.header_location(column),
                    format!(
                        "column `{}` names media files, which Svar does not show yet: \
                         the questions keep their text",
                        column.header
                    ),
                );
            } else if UNSUPPORTED_COLUMNS.contains(&base) && sheet.column_has_text(column.index) {
                log.error(
                    sheet.header_location(column),
                    format!("column `{}` is not supported", column.header),
                );
            } else if !is_text_column(base) && sheet.column_has_text(column.index) {
                log.warning(
                    sheet.header_location(column),
                    format!(
                        "column `{}` is not used by Svar and is ignored",
                        column.header
                    ),
                );
            }
        }
        let mut complete = true;
        for required in ["type", "name"] {
            if !columns.single.contains_key(required) {
                log.error(
                    IssueLocation::row(&sheet.name, sheet.header_row),
                    format!("the survey sheet has no `{required}` column"),
                );
                complete = false;
            }
        }
        complete.then_some(columns)
    }

    /// The header of a single-valued column as written, or its base name if absent.
    pub fn header(&self, base: &str) -> String {
        self.headers
            .get(base)
            .cloned()
            .unwrap_or_else(|| base.to_string())
    }

    fn text(&self, base: &str, row: &SheetRow) -> String {
        self.single
            .get(base)
            .map(|index| row.text(*index).to_string())
            .unwrap_or_default()
    }

    fn optional(&self, base: &str, row: &SheetRow) -> Option<String> {
        Some(self.text(base, row)).filter(|t| !t.is_empty())
    }

    /// An expression cell, its quotes made plain ([`plain_quotes`]).
    fn expression(&self, base: &str, row: &SheetRow) -> Option<String> {
        self.optional(base, row).map(|text| plain_quotes(&text))
    }
}

fn is_text_column(base: &str) -> bool {
    matches!(
        base,
        "label" | "hint" | "constraint_message" | "required_message"
    )
}

/// One survey row that is a group marker or an item.
#[derive(Debug, Clone)]
pub struct SurveyRow {
    pub number: u32,
    pub row_type: RowType,
    pub name: String,
    pub label: Texts,
    pub hint: Texts,
    pub constraint_message: Texts,
    pub required_message: Texts,
    pub required: bool,
    /// `required` written as an expression.
    pub required_when: Option<String>,
    pub read_only: bool,
    pub relevant: Option<String>,
    pub constraint: Option<String>,
    pub calculation: Option<String>,
    pub appearance: Option<String>,
    /// Checked once the choice lists are known (`check`), not with the other expressions.
    pub choice_filter: Option<String>,
    /// A literal answer; checked against the item's type in `check`.
    pub default: Option<String>,
    /// A `range` question's scale, from `parameters`.
    pub range: Option<RangeScale>,
    /// A select's `randomize` and `seed`, from `parameters`.
    pub randomize: bool,
    pub randomize_seed: Option<String>,
    /// A `begin_repeat`'s `repeat_count`: how many instances.
    pub repeat_count: Option<String>,
}

/// An expression as written in a cell, to be checked where it stands.
#[derive(Debug, Clone)]
pub struct SourceExpression {
    pub row: u32,
    /// `relevant`, `constraint` or `calculation`.
    pub base: &'static str,
    pub source: String,
}

/// The rows of the survey sheet that could be read, and what they name.
#[derive(Debug, Clone, Default)]
pub struct SurveyRows {
    pub rows: Vec<SurveyRow>,
    /// Names of every item row, including rows refused for their type, so one bad type does
    /// not also make every `${…}` naming it an error.
    pub item_names: BTreeSet<String>,
    pub expressions: Vec<SourceExpression>,
    /// The lists `or_other` selects use (`colours_or_other`) and the lists they extend.
    pub or_other_lists: BTreeMap<String, String>,
}

/// Reads every non-blank row; rows with an unsupported type or a bad `required` are logged.
pub fn read_survey_rows(sheet: &Sheet, columns: &SurveyColumns, log: &mut IssueLog) -> SurveyRows {
    let mut read = SurveyRows::default();
    for row in &sheet.rows {
        let name = columns.text("name", row);
        let type_text = columns.text("type", row);
        let cell = |base: &str| IssueLocation::cell(&sheet.name, row.number, &columns.header(base));
        let mut label = columns.texts.texts("label", row);
        if type_text.is_empty() && label.is_empty() && name.is_empty() {
            // pyxform's comment row: a note to the form's authors in a column of their own.
            log.warning(
                IssueLocation::row(&sheet.name, row.number),
                "a row with no type, name or label is a comment: left out",
            );
            continue;
        }
        if type_text.is_empty() {
            log.error(
                cell("type"),
                "type is empty (a row needs a type, or must be blank)",
            );
            continue;
        }
        if let Some(metadata) = metadata_type(&type_text) {
            if let Some(calculation) = metadata_calculation(metadata) {
                let name = if name.is_empty() {
                    metadata.to_string()
                } else {
                    name
                };
                read.item_names.insert(name.clone());
                read.rows.push(metadata_row(row.number, name, calculation));
                continue;
            }
            log.warning(
                cell("type"),
                format!(
                    "`{metadata}` is metadata of a phone's session, which a web questionnaire \
                     does not collect: the row is left out"
                ),
            );
            continue;
        }
        let or_other = or_other_select(&type_text);
        let row_type = match &or_other {
            Some((kind, list)) => Ok(RowType::Item {
                kind: *kind,
                choice_list: Some(or_other::list_name(list)),
            }),
            None => parse_row_type(&type_text),
        };
        let row_type = match row_type {
            Ok(row_type) => row_type,
            Err(problem) => {
                log.error(cell("type"), problem);
                if !name.is_empty() {
                    read.item_names.insert(name);
                }
                continue;
            }
        };
        let mut yes_or_no = |base: &str| match parse_yes_no(&columns.text(base, row)) {
            Ok(yes) => yes,
            Err(problem) => {
                log.error(cell(base), format!("{base} {problem}"));
                false
            }
        };
        let read_only = yes_or_no("read_only");
        let (required, required_when) = match columns.expression("required", row) {
            Some(text) if is_expression(&text) => (false, Some(text)),
            _ => (yes_or_no("required"), None),
        };
        let parameters = read_parameters(
            &row_type,
            columns.optional("parameters", row).as_deref(),
            &cell,
            log,
        );
        let default = columns.optional("default", row);
        let (calculation, default) = if is_hidden(&type_text) {
            (Some(xpath_literal(default.as_deref().unwrap_or(""))), None)
        } else {
            (columns.expression("calculation", row), default)
        };
        let media_only = label.is_empty()
            && !name.is_empty()
            && columns
                .media
                .iter()
                .any(|index| !row.text(*index).is_empty());
        if let (true, RowType::Item { kind, .. }) = (media_only, &row_type) {
            if *kind == ItemKind::Note {
                log.warning(
                    cell("type"),
                    format!(
                        "note `{name}` shows only media, which Svar does not show yet: left out"
                    ),
                );
                continue;
            }
            log.warning(
                cell("type"),
                format!(
                    "`{name}` is asked by media only, which Svar does not show yet: its name is \
                     its label"
                ),
            );
            label.insert(columns.default_code.clone(), name.clone());
        }
        let survey_row = SurveyRow {
            number: row.number,
            name: name.clone(),
            label,
            hint: columns.texts.texts("hint", row),
            constraint_message: columns.texts.texts("constraint_message", row),
            required_message: columns.texts.texts("required_message", row),
            required,
            required_when,
            read_only,
            relevant: columns.expression("relevant", row),
            constraint: columns.expression("constraint", row),
            calculation,
            appearance: columns.optional("appearance", row),
            choice_filter: columns.expression("choice_filter", row),
            default,
            range: parameters.range,
            randomize: parameters.randomize,
            randomize_seed: parameters.seed.map(|seed| plain_quotes(&seed)),
            repeat_count: repeat_count(&row_type, columns.expression("repeat_count", row)),
            row_type,
        };
        check_row_fits_its_type(&survey_row, &cell, log);
        let names_a_node = matches!(
            survey_row.row_type,
            RowType::Item { .. } | RowType::BeginRepeat | RowType::BeginLoop { .. }
        );
        if names_a_node && !name.is_empty() {
            read.item_names.insert(name);
        }
        let expressions = [
            ("relevant", &survey_row.relevant),
            ("constraint", &survey_row.constraint),
            ("calculation", &survey_row.calculation),
            ("required", &survey_row.required_when),
            ("parameters", &survey_row.randomize_seed),
            ("repeat_count", &survey_row.repeat_count),
        ];
        for (base, source) in expressions {
            if let Some(source) = source {
                read.expressions.push(SourceExpression {
                    row: row.number,
                    base,
                    source: source.clone(),
                });
            }
        }
        let other_question = or_other.map(|(_, list)| {
            read.or_other_lists
                .insert(or_other::list_name(&list), list.clone());
            log.warning(
                cell("type"),
                format!(
                    "`or_other`: the choice `{}` is added to list `{list}` for this question, \
                     and the text question `{}` asked when it is chosen",
                    or_other::OTHER,
                    or_other::question_name(&survey_row.name)
                ),
            );
            other_question(&survey_row)
        });
        read.rows.push(survey_row);
        if let Some(question) = other_question {
            read.item_names.insert(question.name.clone());
            read.rows.push(question);
        }
    }
    read
}

/// A `start`, `end` or `today` row: a calculate the server fills.
fn metadata_row(number: u32, name: String, calculation: &str) -> SurveyRow {
    SurveyRow {
        calculation: Some(calculation.to_string()),
        ..item_row(number, name, ItemKind::Calculate)
    }
}

/// The text question that follows an `or_other` select, on the select's row.
fn other_question(select: &SurveyRow) -> SurveyRow {
    SurveyRow {
        label: or_other::question_label(select.label.keys()),
        relevant: Some(or_other::question_relevant(&select.name)),
        ..item_row(
            select.number,
            or_other::question_name(&select.name),
            ItemKind::Text,
        )
    }
}

/// A row Svar adds: an item of `kind` named `name`, nothing else filled in.
fn item_row(number: u32, name: String, kind: ItemKind) -> SurveyRow {
    SurveyRow {
        number,
        row_type: RowType::Item {
            kind,
            choice_list: None,
        },
        name,
        label: Texts::new(),
        hint: Texts::new(),
        constraint_message: Texts::new(),
        required_message: Texts::new(),
        required: false,
        required_when: None,
        read_only: false,
        relevant: None,
        constraint: None,
        calculation: None,
        appearance: None,
        choice_filter: None,
        default: None,
        range: None,
        randomize: false,
        randomize_seed: None,
        repeat_count: None,
    }
}

/// A `begin_repeat`'s `repeat_count` (pyxform ignores it on any other row).
fn repeat_count(row_type: &RowType, cell: Option<String>) -> Option<String> {
    (*row_type == RowType::BeginRepeat)
        .then_some(cell)
        .flatten()
}

/// What a row's `parameters` say.
#[derive(Debug, Default)]
struct Parameters {
    range: Option<RangeScale>,
    randomize: bool,
    seed: Option<String>,
}

/// A `range` question's scale (logged and pyxform's default scale if the parameters are wrong,
/// so the error is not repeated as a missing scale) or a select's order; for other types,
/// parameters are warned about by name.
fn read_parameters(
    row_type: &RowType,
    parameters: Option<&str>,
    cell: &dyn Fn(&str) -> IssueLocation,
    log: &mut IssueLog,
) -> Parameters {
    let RowType::Item { kind, .. } = row_type else {
        return Parameters::default();
    };
    if *kind == ItemKind::Range {
        let range = range_scale(parameters.unwrap_or("")).unwrap_or_else(|problem| {
            log.error(cell("parameters"), problem);
            DEFAULT_RANGE
        });
        return Parameters {
            range: Some(range),
            ..Parameters::default()
        };
    }
    let Some(parameters) = parameters else {
        return Parameters::default();
    };
    if kind.has_choices() {
        return match choice_order(parameters) {
            Ok((randomize, seed)) => Parameters {
                randomize,
                seed,
                ..Parameters::default()
            },
            Err(problem) => {
                log.error(cell("parameters"), problem);
                Parameters::default()
            }
        };
    }
    match parse_parameters(parameters) {
        Ok(pairs) => log.warning(
            cell("parameters"),
            format!(
                "parameters `{}` have no effect on a question of this type and are ignored",
                pairs
                    .into_iter()
                    .map(|(key, _)| key)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Err(problem) => log.error(cell("parameters"), problem),
    }
    Parameters::default()
}

/// `text` as an XPath string literal (in `'…'`, or `"…"` when it holds a `'`).
fn xpath_literal(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

/// Refuses fields a row of its type cannot have.
fn check_row_fits_its_type(
    row: &SurveyRow,
    cell: &dyn Fn(&str) -> IssueLocation,
    log: &mut IssueLog,
) {
    match &row.row_type {
        RowType::BeginGroup | RowType::BeginRepeat | RowType::BeginLoop { .. } => {
            if row.name.is_empty() {
                log.error(cell("name"), "a group needs a name");
            }
            for (base, value) in [
                ("constraint", &row.constraint),
                ("calculation", &row.calculation),
            ] {
                if value.is_some() {
                    log.error(cell(base), format!("a group cannot have a {base}"));
                }
            }
        }
        RowType::EndGroup | RowType::EndRepeat => {}
        RowType::Item { kind, .. } => {
            if row.name.is_empty() {
                log.error(cell("name"), "name is empty: every item needs a name");
            }
            if row.required && !kind.is_question() {
                log.warning(
                    cell("required"),
                    "required has no effect on a note or calculate",
                );
            }
        }
    }
}

/// `text` with the typographic quotes a spreadsheet puts in for `'` and `"` made plain again,
/// as pyxform does, so `${q} = ‘other’` is the expression its author meant.
fn plain_quotes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            other => other,
        })
        .collect()
}

/// Whether a `required` cell holds an expression rather than yes or no, as pyxform tells them
/// apart: it names a question or calls a function other than `true()` and `false()`.
fn is_expression(text: &str) -> bool {
    parse_yes_no(text).is_err() && (text.contains("${") || text.contains('('))
}

/// `yes`/`true`/`1` or `no`/`false`/`0`/empty (any case; `true()` and `false()` too), as
/// `required` and `read_only` are written; the error reads after the column's name.
pub fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "true" | "1" | "true()" => Ok(true),
        "" | "no" | "false" | "0" | "false()" => Ok(false),
        other => Err(format!("must be yes or no (found `{other}`)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_get_plain_quotes() {
        assert_eq!(
            plain_quotes("${q} = \u{2018}other\u{2019} or ${r} = \u{201c}x\u{201d}"),
            "${q} = 'other' or ${r} = \"x\""
        );
        assert_eq!(plain_quotes("ålder ≥ 18"), "ålder ≥ 18");
    }

    #[test]
    fn required_accepts_the_usual_spellings() {
        for yes in ["yes", "TRUE", "1", "true()"] {
            assert_eq!(parse_yes_no(yes), Ok(true), "{yes}");
        }
        for no in ["", "No", "false", "0"] {
            assert_eq!(parse_yes_no(no), Ok(false), "{no}");
        }
        assert!(parse_yes_no("maybe").is_err());
    }
}
