//! The column plan: which columns an export of a questionnaire has, in which order, of which
//! type, with which labels. Every format (CSV, codebook, DDI, SPSS, Stata) is written from this
//! one plan, so a column is named, typed and labelled the same way in all of them.

use super::names::{stat_names, unique_names};
use crate::form::model::{Choice, Form, Item, ItemKind, Texts};

/// What a column holds, which decides how its values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Whole numbers (case id, integer questions).
    Integer,
    /// Numbers with decimals (design weight, decimal questions).
    Decimal,
    /// Free text (text questions, calculations, case codes).
    Text,
    /// A calendar date (`YYYY-MM-DD`).
    Date,
    /// A point in time (ISO 8601, UTC).
    DateTime,
    /// A `select_one` answer: the choice name in CSV, codes 1..n in SPSS and Stata.
    SelectOne,
    /// One choice of a `select_multiple` question: 1 chosen, 0 not chosen, missing when the
    /// question was not answered.
    Flag,
}

impl ColumnKind {
    /// The name of the type in the codebook.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnKind::Integer => "integer",
            ColumnKind::Decimal => "decimal",
            ColumnKind::Text => "text",
            ColumnKind::Date => "date",
            ColumnKind::DateTime => "datetime",
            ColumnKind::SelectOne => "select_one",
            ColumnKind::Flag => "flag",
        }
    }

    /// Whether SPSS and Stata store the column as a number.
    pub fn is_numeric(self) -> bool {
        !matches!(self, ColumnKind::Text)
    }
}

/// A column that describes the case rather than an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseField {
    CaseId,
    PersonId,
    Stratum,
    DesignWeight,
    State,
    Disposition,
    Language,
    SubmittedAt,
    QuestionnaireVersion,
    /// Which instance of a repeat a row of its file holds (1, 2, …).
    Instance,
    /// For a repeat within a repeat: the instance of the repeat around it.
    ParentInstance,
}

impl CaseField {
    /// The column name of the field, which the codebook also uses.
    pub fn name(self) -> &'static str {
        self.describe().0
    }

    /// The column name, label and type of a case field.
    fn describe(self) -> (&'static str, &'static str, ColumnKind) {
        match self {
            CaseField::CaseId => ("case_id", "Case id", ColumnKind::Integer),
            CaseField::PersonId => ("person_id", "Person id (personal data)", ColumnKind::Text),
            CaseField::Stratum => ("stratum", "Stratum code", ColumnKind::Text),
            CaseField::DesignWeight => ("design_weight", "Design weight", ColumnKind::Decimal),
            CaseField::State => ("state", "Case state", ColumnKind::Text),
            CaseField::Disposition => ("disposition", "AAPOR disposition code", ColumnKind::Text),
            CaseField::Language => ("language", "Language answered in", ColumnKind::Text),
            CaseField::SubmittedAt => ("submitted_at", "Submitted at (UTC)", ColumnKind::DateTime),
            CaseField::QuestionnaireVersion => (
                "questionnaire_version",
                "Questionnaire version answered",
                ColumnKind::Text,
            ),
            CaseField::Instance => (
                "instance",
                "Instance of the repeat within the case",
                ColumnKind::Integer,
            ),
            CaseField::ParentInstance => (
                "parent_instance",
                "Instance of the enclosing repeat",
                ColumnKind::Integer,
            ),
        }
    }
}

/// Where a column's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnSource {
    Case(CaseField),
    /// The answer to an item.
    Item {
        item: String,
    },
    /// One choice of a `select_multiple` item.
    Choice {
        item: String,
        choice: String,
    },
    /// The rank a `rank` item gives one choice (1 the first; missing when not ranked).
    Rank {
        item: String,
        choice: String,
    },
}

/// One labelled value of a column: a choice of a `select_one` (code 1..n in choice order), or
/// 0 / 1 of a flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// The number SPSS and Stata store.
    pub code: i32,
    /// What the CSV holds in codes mode: the choice name, or `0` / `1`.
    pub value: String,
    pub label: Texts,
}

/// One column of every export.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The CSV header: the item name, `item_choice` for a flag, or the case field.
    pub name: String,
    /// The variable name in SPSS and Stata (letters, digits and `_`, at most 32 bytes).
    pub stat_name: String,
    pub kind: ColumnKind,
    pub source: ColumnSource,
    /// The variable label per language.
    pub label: Texts,
    /// The question text per language (empty for case columns).
    pub question: Texts,
    pub categories: Vec<Category>,
}

/// The columns of an export, in order: case columns first, then one column per answerable item
/// in form order (one per choice for `select_multiple`). The file of a repeat group has the
/// case id and the instance, then its items.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnPlan {
    pub columns: Vec<Column>,
    /// The repeat group whose instances are the rows (`None`: one row per case).
    pub repeat: Option<String>,
}

/// The language case-column labels are written in (the form has no translation of them).
pub const CASE_LABEL_LANGUAGE: &str = "en";

/// Labels of the 0 / 1 values of a flag column.
const FLAG_LABELS: [(&str, &str); 2] = [("0", "not selected"), ("1", "selected")];

/// The column plan of `form`'s case file. `personal_data` adds the person id (only for callers
/// allowed to see it). The questions of repeat groups are in the files of their repeats
/// ([`plan_repeat_columns`]).
pub fn plan_columns(form: &Form, personal_data: bool) -> ColumnPlan {
    let mut columns = Vec::new();
    for field in [
        CaseField::CaseId,
        CaseField::PersonId,
        CaseField::Stratum,
        CaseField::DesignWeight,
        CaseField::State,
        CaseField::Disposition,
        CaseField::Language,
        CaseField::SubmittedAt,
        CaseField::QuestionnaireVersion,
    ] {
        if field == CaseField::PersonId && !personal_data {
            continue;
        }
        columns.push(case_column(field));
    }
    for page in form.pages.iter().filter(|page| page.repeat.is_none()) {
        for item in &page.items {
            item_columns(form, item, &mut columns);
        }
    }
    named(columns, None)
}

/// The column plan of the file of repeat group `repeat`: one row per instance, keyed by the
/// case id and the instance number (for a repeat within a repeat, the case id, the instance
/// of the repeat around it and its own). `None` if the form has no such repeat.
pub fn plan_repeat_columns(form: &Form, repeat: &str) -> Option<ColumnPlan> {
    let declared = form.repeats.iter().find(|r| r.name == repeat)?;
    let mut columns = vec![case_column(CaseField::CaseId)];
    if declared.within.is_some() {
        columns.push(case_column(CaseField::ParentInstance));
    }
    columns.push(case_column(CaseField::Instance));
    let pages = form
        .pages
        .iter()
        .filter(|page| page.repeat.as_deref() == Some(repeat));
    for page in pages {
        for item in &page.items {
            item_columns(form, item, &mut columns);
        }
    }
    Some(named(columns, Some(repeat.to_string())))
}

fn case_column(field: CaseField) -> Column {
    let (name, label, kind) = field.describe();
    Column {
        name: name.to_owned(),
        stat_name: String::new(),
        kind,
        source: ColumnSource::Case(field),
        label: Texts::from([(CASE_LABEL_LANGUAGE.to_owned(), label.to_owned())]),
        question: Texts::new(),
        categories: Vec::new(),
    }
}

/// The plan of `columns`, each with a name of its own and a name SPSS and Stata take.
fn named(mut columns: Vec<Column>, repeat: Option<String>) -> ColumnPlan {
    let names = unique_names(columns.iter().map(|c| c.name.as_str()));
    let stat = stat_names(names.iter().map(String::as_str));
    for ((column, name), stat_name) in columns.iter_mut().zip(names).zip(stat) {
        column.name = name;
        column.stat_name = stat_name;
    }
    ColumnPlan { columns, repeat }
}

/// `item`'s choices, a name the list repeats (`allow_choice_duplicates`) once: one answer,
/// one value.
fn distinct_choices<'f>(form: &'f Form, item: &Item) -> Vec<&'f Choice> {
    let mut distinct: Vec<&Choice> = Vec::new();
    for choice in form.choices(item) {
        if !distinct.iter().any(|seen| seen.name == choice.name) {
            distinct.push(choice);
        }
    }
    distinct
}

/// A column per choice of `item`'s list, named `item_choice`: a select_multiple's flags, a
/// ranking's places.
fn choice_columns(
    form: &Form,
    item: &Item,
    (kind, source): (ColumnKind, fn(String, String) -> ColumnSource),
    categories: Vec<Category>,
    columns: &mut Vec<Column>,
) {
    for choice in distinct_choices(form, item) {
        columns.push(Column {
            name: format!("{}_{}", item.name, choice.name),
            stat_name: String::new(),
            kind,
            source: source(item.name.clone(), choice.name.clone()),
            label: joined_label(form, &item.label, &choice.label),
            question: item.label.clone(),
            categories: categories.clone(),
        });
    }
}

fn item_columns(form: &Form, item: &Item, columns: &mut Vec<Column>) {
    let kind = match item.kind {
        ItemKind::Note => return,
        // A time and a date-time are as the respondent gave them, without a zone: text, not
        // a point in time.
        ItemKind::Text
        | ItemKind::Calculate
        | ItemKind::Time
        | ItemKind::DateTime
        | ItemKind::Acknowledge => ColumnKind::Text,
        ItemKind::Integer => ColumnKind::Integer,
        ItemKind::Range if item.range.is_some_and(|scale| scale.is_whole()) => ColumnKind::Integer,
        ItemKind::Decimal | ItemKind::Range => ColumnKind::Decimal,
        ItemKind::Date => ColumnKind::Date,
        ItemKind::SelectOne => ColumnKind::SelectOne,
        ItemKind::Rank => {
            let rank = |item, choice| ColumnSource::Rank { item, choice };
            return choice_columns(form, item, (ColumnKind::Integer, rank), Vec::new(), columns);
        }
        ItemKind::SelectMultiple => {
            let flag = |item, choice| ColumnSource::Choice { item, choice };
            let categories = flag_categories();
            return choice_columns(form, item, (ColumnKind::Flag, flag), categories, columns);
        }
    };
    let categories = if kind == ColumnKind::SelectOne {
        distinct_choices(form, item)
            .into_iter()
            .zip(1..)
            .map(|(choice, code)| Category {
                code,
                value: choice.name.clone(),
                label: choice.label.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    columns.push(Column {
        name: item.name.clone(),
        stat_name: String::new(),
        kind,
        source: ColumnSource::Item {
            item: item.name.clone(),
        },
        label: if item.label.is_empty() {
            Texts::from([(form.default_language.clone(), item.name.clone())])
        } else {
            item.label.clone()
        },
        question: item.label.clone(),
        categories,
    });
}

/// "question: choice" in every language either text has.
fn joined_label(form: &Form, question: &Texts, choice: &Texts) -> Texts {
    let mut languages: Vec<&String> = question.keys().chain(choice.keys()).collect();
    languages.sort();
    languages.dedup();
    languages
        .into_iter()
        .map(|lang| {
            let q = form.text(question, lang);
            let c = form.text(choice, lang);
            (lang.clone(), format!("{q}: {c}"))
        })
        .collect()
}

fn flag_categories() -> Vec<Category> {
    FLAG_LABELS
        .iter()
        .zip(0..)
        .map(|((value, label), code)| Category {
            code,
            value: (*value).to_owned(),
            label: Texts::from([(CASE_LABEL_LANGUAGE.to_owned(), (*label).to_owned())]),
        })
        .collect()
}

impl ColumnPlan {
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The CSV header.
    pub fn header(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// The names of the items the columns read.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().filter_map(|c| match &c.source {
            ColumnSource::Case(_) => None,
            ColumnSource::Item { item }
            | ColumnSource::Choice { item, .. }
            | ColumnSource::Rank { item, .. } => Some(item.as_str()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_form::small_form;

    #[test]
    fn a_choice_name_a_list_repeats_is_one_value() {
        let mut form = small_form();
        form.allow_choice_duplicates = true;
        let repeated = form.choice_lists["yn"][0].clone();
        form.choice_lists
            .get_mut("yn")
            .unwrap()
            .push(repeated.clone());
        let first_way = form.choice_lists["w"][0].clone();
        form.choice_lists.get_mut("w").unwrap().push(first_way);
        let plan = plan_columns(&form, false);
        let born = plan.columns.iter().find(|c| c.name == "born").unwrap();
        let values: Vec<&str> = born.categories.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(
            values.iter().filter(|v| **v == repeated.name).count(),
            1,
            "{values:?}"
        );
        let flags = plan.header().filter(|n| n.starts_with("ways_")).count();
        let names: std::collections::BTreeSet<&str> = form.choice_lists["w"]
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(form.choice_lists["w"].len(), names.len() + 1);
        assert_eq!(flags, names.len(), "one flag per name");
    }

    #[test]
    fn case_columns_lead_notes_are_skipped_multiple_choice_splits() {
        let plan = plan_columns(&small_form(), false);
        let names: Vec<&str> = plan.header().collect();
        assert_eq!(
            names,
            [
                "case_id",
                "stratum",
                "design_weight",
                "state",
                "disposition",
                "language",
                "submitted_at",
                "questionnaire_version",
                "born",
                "year",
                "ways_vote",
                "ways_sign",
                "when",
                "note",
                "score"
            ]
        );
        assert_eq!(plan.columns.last().map(|c| c.kind), Some(ColumnKind::Text));
    }

    #[test]
    fn the_person_id_only_with_personal_data() {
        let plan = plan_columns(&small_form(), true);
        assert_eq!(plan.columns[1].name, "person_id");
        assert_eq!(
            plan.columns[1].source,
            ColumnSource::Case(CaseField::PersonId)
        );
    }

    #[test]
    fn select_one_codes_follow_choice_order_with_labels_in_every_language() {
        let plan = plan_columns(&small_form(), false);
        let born = plan.columns.iter().find(|c| c.name == "born").unwrap();
        assert_eq!(born.kind, ColumnKind::SelectOne);
        let codes: Vec<(i32, &str)> = born
            .categories
            .iter()
            .map(|c| (c.code, c.value.as_str()))
            .collect();
        assert_eq!(codes, [(1, "yes"), (2, "no")]);
        assert_eq!(born.categories[1].label["ar"], "no ar");
        assert_eq!(born.question["sv"], "born sv");
    }

    #[test]
    fn a_flag_column_names_its_item_and_choice() {
        let plan = plan_columns(&small_form(), false);
        let flag = plan.columns.iter().find(|c| c.name == "ways_sign").unwrap();
        assert_eq!(flag.kind, ColumnKind::Flag);
        assert_eq!(
            flag.source,
            ColumnSource::Choice {
                item: "ways".into(),
                choice: "sign".into()
            }
        );
        assert_eq!(flag.label["ar"], "ways ar: sign ar");
        assert_eq!(
            flag.categories.iter().map(|c| c.code).collect::<Vec<_>>(),
            [0, 1]
        );
    }

    #[test]
    fn a_clash_with_a_case_column_gets_a_suffix() {
        let mut form = small_form();
        let mut clash = form.pages[0].items[5].clone();
        clash.name = "state".into();
        form.pages[0].items.push(clash);
        let plan = plan_columns(&form, false);
        let last = plan.columns.last().unwrap();
        assert_eq!(last.name, "state_2");
        assert_eq!(
            last.source,
            ColumnSource::Item {
                item: "state".into()
            }
        );
    }
}
