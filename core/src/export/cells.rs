//! The value of every column for one case, as typed cells: the one place that reads answers
//! for export, so CSV, SPSS and Stata agree on what a case answered. Pure: a case row and its
//! parsed answers in, cells out.

use super::columns::{CaseField, Column, ColumnKind, ColumnPlan, ColumnSource};
use super::error::ExportError;
use crate::db::export_rows::ExportCaseRow;
use crate::form::instance_keys::split_instance_path;
use crate::response::Answers;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One value of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Not answered, not relevant, or not applicable.
    Missing,
    Int(i64),
    Num(f64),
    Text(&'a str),
    /// A number or string answer to a text or calculate item, written as text.
    Json(&'a Value),
    /// A `select_one` answer: the index of the choice in the column's categories.
    Choice(usize),
    /// A `select_one` answer that is not one of the choices (kept as text in CSV).
    UnknownChoice(&'a str),
    /// Chosen (1) or not (0), for a flag of an answered `select_multiple`.
    Flag(bool),
    Date(NaiveDate),
    /// Milliseconds since the Unix epoch.
    Timestamp(i64),
}

/// The cells of `row` in plan order, into `out` (cleared first, so a caller reuses one Vec).
/// For a repeat's file, `answers` are one instance's ([`instances`]) and `instance` its
/// numbers, outermost first (empty for a case).
pub fn case_cells<'a>(
    plan: &ColumnPlan,
    row: &'a ExportCaseRow,
    answers: &'a Answers,
    instance: &[u32],
    out: &mut Vec<Cell<'a>>,
) {
    out.clear();
    out.extend(
        plan.columns
            .iter()
            .map(|column| cell(column, row, answers, instance)),
    );
}

/// The instances of the repeat of `plan` that hold an answer, in order, each with its answers
/// under the questions' own names (`m_name~2` is `m_name` of instance 2; `job~2~3` is `job`
/// of instance 3 in instance 2 of the repeat around it).
pub fn instances(plan: &ColumnPlan, answers: &Answers) -> Vec<(Vec<u32>, Answers)> {
    let items: BTreeSet<&str> = plan.items().collect();
    let mut found: BTreeMap<Vec<u32>, Answers> = BTreeMap::new();
    for (key, value) in answers {
        if let Some((item, instance)) = split_instance_path(key) {
            if items.contains(item) {
                found
                    .entry(instance)
                    .or_default()
                    .insert(item.to_string(), value.clone());
            }
        }
    }
    found.into_iter().collect()
}

fn cell<'a>(
    column: &Column,
    row: &'a ExportCaseRow,
    answers: &'a Answers,
    instance: &[u32],
) -> Cell<'a> {
    let number = |n: Option<&u32>| n.map_or(Cell::Missing, |n| Cell::Int(i64::from(*n)));
    match &column.source {
        ColumnSource::Case(CaseField::Instance) => number(instance.last()),
        ColumnSource::Case(CaseField::ParentInstance) => {
            number(instance.len().checked_sub(2).and_then(|i| instance.get(i)))
        }
        ColumnSource::Case(field) => case_cell(*field, row),
        ColumnSource::Item { item } => match answers.get(item) {
            None | Some(Value::Null) => Cell::Missing,
            Some(value) => answer_cell(column, value),
        },
        ColumnSource::Choice { item, choice } => match answers.get(item) {
            Some(Value::Array(chosen)) => {
                Cell::Flag(chosen.iter().any(|c| c.as_str() == Some(choice.as_str())))
            }
            _ => Cell::Missing,
        },
        ColumnSource::Rank { item, choice } => match answers.get(item) {
            Some(Value::Array(ranked)) => ranked
                .iter()
                .position(|c| c.as_str() == Some(choice.as_str()))
                .map_or(Cell::Missing, |index| Cell::Int(index as i64 + 1)),
            _ => Cell::Missing,
        },
    }
}

fn case_cell(field: CaseField, row: &ExportCaseRow) -> Cell<'_> {
    fn text(value: Option<&str>) -> Cell<'_> {
        value.map_or(Cell::Missing, Cell::Text)
    }
    match field {
        CaseField::CaseId => Cell::Int(row.case_id),
        CaseField::PersonId => Cell::Text(&row.person_id),
        CaseField::Stratum => Cell::Text(&row.stratum),
        CaseField::DesignWeight => Cell::Num(row.design_weight),
        CaseField::State => Cell::Text(&row.state),
        CaseField::Disposition => Cell::Text(&row.disposition),
        CaseField::Language => text(
            row.response_language
                .as_deref()
                .or(row.case_language.as_deref()),
        ),
        CaseField::SubmittedAt => row.submitted_at_ms.map_or(Cell::Missing, Cell::Timestamp),
        CaseField::QuestionnaireVersion => text(row.questionnaire_version.as_deref()),
        // Given with the instance's answers (`cell`).
        CaseField::Instance | CaseField::ParentInstance => Cell::Missing,
    }
}

fn answer_cell<'a>(column: &Column, value: &'a Value) -> Cell<'a> {
    match column.kind {
        ColumnKind::Integer => match value.as_i64() {
            Some(n) => Cell::Int(n),
            None => value.as_f64().map_or(Cell::Missing, Cell::Num),
        },
        ColumnKind::Decimal => value.as_f64().map_or(Cell::Missing, Cell::Num),
        ColumnKind::Date => value
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .map_or(Cell::Missing, Cell::Date),
        ColumnKind::SelectOne => match value.as_str() {
            Some(name) => column
                .categories
                .iter()
                .position(|c| c.value == name)
                .map_or(Cell::UnknownChoice(name), Cell::Choice),
            None => Cell::Missing,
        },
        ColumnKind::Text | ColumnKind::DateTime | ColumnKind::Flag => match value {
            Value::String(s) => Cell::Text(s),
            Value::Number(_) | Value::Bool(_) => Cell::Json(value),
            _ => Cell::Missing,
        },
    }
}

/// The stored answers of a case (none for a case without a response).
pub fn answers_of(row: &ExportCaseRow) -> Result<Answers, ExportError> {
    match &row.answers {
        None => Ok(Answers::new()),
        Some(text) => serde_json::from_str(text).map_err(|_| ExportError::CorruptAnswers {
            case_id: row.case_id,
        }),
    }
}

/// Days from 1960-01-01 (Stata's `%td` origin) to `date`.
pub fn stata_days(date: NaiveDate) -> f64 {
    let origin = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or_default();
    (date - origin).num_days() as f64
}

/// Milliseconds from 1960-01-01 00:00 UTC (Stata's `%tc` origin) to `ms` since 1970.
pub fn stata_ms(unix_ms: i64) -> f64 {
    const FROM_1960_TO_1970_MS: i64 = 315_619_200_000;
    (unix_ms + FROM_1960_TO_1970_MS) as f64
}

/// Seconds from 1582-10-14 (SPSS's date origin) to the start of `date`.
pub fn spss_date_seconds(date: NaiveDate) -> f64 {
    let origin = NaiveDate::from_ymd_opt(1582, 10, 14).unwrap_or_default();
    (date - origin).num_days() as f64 * 86_400.0
}

/// Seconds from 1582-10-14 00:00 UTC (SPSS's origin) to `ms` since 1970.
pub fn spss_seconds(unix_ms: i64) -> f64 {
    const FROM_1582_TO_1970_S: f64 = 12_219_379_200.0;
    unix_ms as f64 / 1000.0 + FROM_1582_TO_1970_S
}

/// `ms` since 1970 as ISO 8601 in UTC with milliseconds, e.g. `2026-11-26T15:13:08.123Z`.
pub fn iso8601(unix_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(unix_ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::columns::plan_columns;
    use crate::export::test_form::small_form;
    use serde_json::json;

    pub(crate) fn row(answers: Option<&str>) -> ExportCaseRow {
        ExportCaseRow {
            case_id: 7,
            person_id: "P7".into(),
            stratum: "AFR".into(),
            design_weight: 781.25,
            case_language: Some("sv".into()),
            state: "submitted".into(),
            disposition: "1.1".into(),
            response_language: Some("ar".into()),
            answers: answers.map(str::to_owned),
            submitted_at_ms: Some(1_764_170_000_123),
            questionnaire_version: Some("3".into()),
        }
    }

    fn plan() -> ColumnPlan {
        plan_columns(&small_form(), false)
    }

    fn cells_of<'a>(
        plan: &ColumnPlan,
        row: &'a ExportCaseRow,
        answers: &'a Answers,
    ) -> Vec<Cell<'a>> {
        let mut out = Vec::new();
        case_cells(plan, row, answers, &[], &mut out);
        out
    }

    #[test]
    fn answers_become_typed_cells() {
        let plan = plan();
        let r = row(None);
        let answers: Answers = serde_json::from_value(json!({
            "born": "no", "year": 1990, "ways": ["sign"], "when": "2026-01-31", "note": "hej",
            "score": 4.5
        }))
        .unwrap();
        let cells = cells_of(&plan, &r, &answers);
        assert_eq!(
            &cells[..8],
            [
                Cell::Int(7),
                Cell::Text("AFR"),
                Cell::Num(781.25),
                Cell::Text("submitted"),
                Cell::Text("1.1"),
                Cell::Text("ar"),
                Cell::Timestamp(1_764_170_000_123),
                Cell::Text("3"),
            ]
        );
        assert_eq!(
            &cells[8..],
            [
                Cell::Choice(1),
                Cell::Int(1990),
                Cell::Flag(false),
                Cell::Flag(true),
                Cell::Date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()),
                Cell::Text("hej"),
                Cell::Json(&json!(4.5)),
            ]
        );
    }

    #[test]
    fn unanswered_questions_are_missing_also_their_flags() {
        let plan = plan();
        let r = row(None);
        let answers = Answers::new();
        let cells = cells_of(&plan, &r, &answers);
        assert!(cells[8..].iter().all(|c| *c == Cell::Missing), "{cells:?}");
    }

    #[test]
    fn a_choice_not_in_the_list_is_kept_as_text() {
        let plan = plan();
        let r = row(None);
        let answers: Answers = serde_json::from_value(json!({"born": "maybe"})).unwrap();
        assert_eq!(
            cells_of(&plan, &r, &answers)[8],
            Cell::UnknownChoice("maybe")
        );
    }

    #[test]
    fn time_origins_of_stata_and_spss() {
        let d = NaiveDate::from_ymd_opt(1960, 1, 2).unwrap();
        assert_eq!(stata_days(d), 1.0);
        assert_eq!(stata_ms(0), 315_619_200_000.0);
        assert_eq!(
            spss_date_seconds(NaiveDate::from_ymd_opt(1582, 10, 15).unwrap()),
            86_400.0
        );
        let unix = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        assert_eq!(spss_seconds(0), spss_date_seconds(unix));
        assert_eq!(iso8601(1_764_170_000_123), "2025-11-26T15:13:20.123Z");
    }
}

#[cfg(test)]
mod rank_tests {
    use super::tests::row;
    use super::*;
    use crate::export::columns::ColumnKind;
    use serde_json::json;

    fn rank_column(choice: &str) -> Column {
        Column {
            name: format!("priorities_{choice}"),
            stat_name: String::new(),
            kind: ColumnKind::Integer,
            source: ColumnSource::Rank {
                item: "priorities".into(),
                choice: choice.into(),
            },
            label: Default::default(),
            question: Default::default(),
            categories: Vec::new(),
        }
    }

    #[test]
    fn a_ranking_gives_each_choice_its_place() {
        let r = row(None);
        let answers: Answers =
            serde_json::from_value(json!({"priorities": ["family", "work"]})).unwrap();
        assert_eq!(
            cell(&rank_column("family"), &r, &answers, &[]),
            Cell::Int(1)
        );
        assert_eq!(cell(&rank_column("work"), &r, &answers, &[]), Cell::Int(2));
        assert_eq!(
            cell(&rank_column("study"), &r, &answers, &[]),
            Cell::Missing,
            "not ranked"
        );
        assert_eq!(
            cell(&rank_column("work"), &r, &Answers::new(), &[]),
            Cell::Missing,
            "not answered"
        );
    }

    #[test]
    fn a_repeat_within_a_repeat_is_a_row_per_inner_instance_keyed_by_both_instances() {
        let form: crate::form::model::Form = serde_json::from_value(json!({
            "form_id": "f", "title": "T", "version": "1", "default_language": "sv",
            "languages": [{"code": "sv", "name": "Svenska"}],
            "pages": [
                {"id": "m", "repeat": "member", "items": [{"name": "m_name", "type": "text"}]},
                {"id": "j", "repeat": "job", "items": [{"name": "hours", "type": "integer"}]},
            ],
            "choice_lists": {},
            "repeats": [{"name": "member"}, {"name": "job", "within": "member"}],
        }))
        .unwrap();
        let plan = crate::export::columns::plan_repeat_columns(&form, "job").unwrap();
        assert_eq!(
            plan.header().collect::<Vec<_>>(),
            ["case_id", "parent_instance", "instance", "hours"]
        );
        let answers: Answers = serde_json::from_value(json!({
            "m_name~1": "Amal", "hours~1~1": 30, "hours~1~2": 8, "hours~2~1": 40,
        }))
        .unwrap();
        let found = instances(&plan, &answers);
        let paths: Vec<&[u32]> = found.iter().map(|(path, _)| path.as_slice()).collect();
        assert_eq!(paths, [&[1, 1][..], &[1, 2], &[2, 1]]);
        let r = row(None);
        let mut cells = Vec::new();
        case_cells(&plan, &r, &found[1].1, &found[1].0, &mut cells);
        assert_eq!(
            cells,
            [Cell::Int(7), Cell::Int(1), Cell::Int(2), Cell::Int(8)]
        );
        let members = crate::export::columns::plan_repeat_columns(&form, "member").unwrap();
        assert_eq!(
            members.header().collect::<Vec<_>>(),
            ["case_id", "instance", "m_name"]
        );
        assert_eq!(instances(&members, &answers).len(), 1);
    }
}
