//! pyxform's own example forms, as ODK and Kobo authors write them: the `.xls` and `.xlsx` files
//! of `tests/example_xls` and `tests/bug_example_xls` in the XLSForm/pyxform repository (commit
//! 51e5bfe, BSD 2-Clause, see `fixtures/pyxform/LICENSE`), copied into `fixtures/pyxform`.
//! Every one either imports or is refused with reasons that each name where they are; none
//! panics; the forms listed in [`IMPORTED`] import, and those in [`REFUSED`] are refused for the
//! reason given.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use svar_core::form::model::ItemKind;
use svar_core::form::{import_xlsform, ImportIssue};

/// Forms that import (the path under `fixtures/pyxform`): 30 of the 57, among them `.xls`
/// workbooks, plain `label` columns, `bind:relevant` headers, metadata rows, `or_other`, a
/// `time` question, date and time cells, a `table-list`, comment rows, `phone number`, a
/// choice without a label (its name shown, with a warning), a repeat group and loops.
const IMPORTED: &[&str] = &[
    "bug_example_xls/ODKValidateWarnings.xlsx",
    "bug_example_xls/badly_named_choices_sheet.xls",
    "bug_example_xls/blank_second_row.xls",
    "bug_example_xls/ict_survey_fails.xls",
    "bug_example_xls/spaces_in_choices_header.xls",
    "bug_example_xls/xl_date_ambiguous_v1.xlsx",
    "example_xls/allow_comment_rows_test.xls",
    "example_xls/calculate.xls",
    "example_xls/cascading_select_test_equivalent.xls",
    "example_xls/choice_filter_test.xlsx",
    "example_xls/choice_name_same_as_select_name.xls",
    "example_xls/default_time_demo.xls",
    "example_xls/extra_columns.xlsx",
    "example_xls/extra_sheet_names.xlsx",
    "example_xls/field-list.xlsx",
    "example_xls/group.xls",
    "example_xls/group.xlsx",
    "example_xls/loop.xls",
    "example_xls/loop.xlsx",
    "example_xls/simple_loop.xls",
    "example_xls/specify_other.xls",
    "example_xls/specify_other.xlsx",
    "example_xls/style_settings.xls",
    "example_xls/text_and_integer.xls",
    "example_xls/table-list.xls",
    "example_xls/text_and_integer.xlsx",
    "example_xls/tutorial.xls",
    "example_xls/xml_escaping.xls",
    "example_xls/yes_or_no_question.xls",
    "example_xls/yes_or_no_question.xlsx",
];

/// Forms refused, each with a part of one of its reasons. Those marked "not yet" are to import
/// once the XLSForm issue is done; the others stay refused (pyxform refuses them too, or they
/// need a device or outside data).
const REFUSED: &[(&str, &str)] = &[
    // A device or outside data.
    (
        "bug_example_xls/UCL_Biomass_Plot_Form.xlsx",
        "`select_one_from_file UCL_regions.csv` needs a list from a file",
    ),
    ("example_xls/widgets.xls", "type `barcode` needs a camera"),
    (
        "example_xls/case_insensitivity.xlsx",
        "`select_one_external c1`",
    ),
    (
        "example_xls/case_insensitivity.xlsx",
        "`select_one_external c1`",
    ),
    (
        "example_xls/gps.xls",
        "type `gps` needs a device's location",
    ),
    (
        "example_xls/pull_data.xlsx",
        "pulldata() reads data from outside the form",
    ),
    // A web questionnaire needs something to show.
    (
        "example_xls/hidden.xls",
        "`hidden_test` is computed, but the form has no question or note to show",
    ),
    // pyxform refuses these too.
    ("example_xls/survey_no_name.xlsx", "no `survey` sheet"),
    (
        "bug_example_xls/duplicate_columns.xlsx",
        "column `label` appears twice",
    ),
    ("example_xls/bad_calc.xlsx", "does not parse"),
];

fn examples() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pyxform");
    let mut forms = Vec::new();
    for folder in ["example_xls", "bug_example_xls"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            forms.push((name, std::fs::read(&path).unwrap()));
        }
    }
    forms.sort();
    forms
}

/// Each example's outcome: `Ok(())` or its errors.
fn outcomes() -> BTreeMap<String, Result<(), Vec<ImportIssue>>> {
    examples()
        .into_iter()
        .map(|(name, bytes)| {
            let outcome = std::panic::catch_unwind(|| import_xlsform(&bytes))
                .unwrap_or_else(|_| panic!("{name} made the importer panic"));
            (name, outcome.map(|_| ()).map_err(|errors| errors.0))
        })
        .collect()
}

#[test]
fn every_example_imports_or_is_refused_with_located_reasons() {
    let outcomes = outcomes();
    assert_eq!(outcomes.len(), 57, "the 57 example forms are there");
    for (name, outcome) in &outcomes {
        match outcome {
            Ok(()) => eprintln!("{name}: imported"),
            Err(issues) => {
                assert!(!issues.is_empty(), "{name} refused without a reason");
                for issue in issues {
                    eprintln!("{name}: refused: {issue}");
                }
                for issue in issues {
                    assert!(!issue.sheet.is_empty(), "{name}: {issue} names no sheet");
                }
            }
        }
    }
    let imported = outcomes.values().filter(|o| o.is_ok()).count();
    eprintln!("{imported} of {} example forms imported", outcomes.len());
}

#[test]
fn the_listed_examples_import() {
    let outcomes = outcomes();
    for name in IMPORTED {
        match &outcomes[*name] {
            Ok(()) => {}
            Err(issues) => panic!(
                "{name} was refused: {:#?}",
                issues.iter().map(ToString::to_string).collect::<Vec<_>>()
            ),
        }
    }
}

#[test]
fn the_listed_examples_are_refused_for_their_reason() {
    let outcomes = outcomes();
    for (name, reason) in REFUSED {
        match &outcomes[*name] {
            Ok(()) => panic!("{name} was imported"),
            Err(issues) => assert!(
                issues.iter().any(|i| i.to_string().contains(reason)),
                "{name}: no reason mentions `{reason}`: {:#?}",
                issues.iter().map(ToString::to_string).collect::<Vec<_>>()
            ),
        }
    }
}

#[test]
fn or_other_adds_the_choice_and_the_question_asked_when_it_is_chosen() {
    let form = imported("example_xls/specify_other.xlsx");
    let select = form
        .items()
        .find(|i| {
            i.choice_list
                .as_deref()
                .is_some_and(|l| l.ends_with("_or_other"))
        })
        .unwrap();
    let choices = form.choices(select);
    assert_eq!(choices.last().unwrap().name, "other");
    assert!(choices.len() > 1, "the list's own choices come first");
    let question = form.item(&format!("{}_other", select.name)).unwrap();
    assert_eq!(question.kind, ItemKind::Text);
    assert_eq!(
        question.relevant,
        Some(format!("selected(${{{}}}, 'other')", select.name))
    );
}

#[test]
fn a_loop_asks_its_questions_once_per_choice_naming_the_choice() {
    let form = svar_core::response::CompiledForm::new(imported("example_xls/loop.xlsx")).unwrap();
    let loop_pages: Vec<(&str, &str, &str)> = form
        .form()
        .pages
        .iter()
        .filter(|page| page.repeat.is_some())
        .map(|page| {
            let item = &page.items[0];
            (
                item.name.as_str(),
                page.title["en"].as_str(),
                item.label["en"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        loop_pages,
        [
            (
                "number~1",
                "Pit latrine with slab",
                "How many Pit latrine with slab are on the premises?"
            ),
            (
                "number~2",
                "Pit latrine without slab/open pit",
                "How many Pit latrine without slab/open pit are on the premises?"
            ),
            (
                "number~3",
                "Bucket system",
                "How many Bucket system are on the premises?"
            ),
        ]
    );
}

/// The form of `name` under `fixtures/pyxform`, imported.
fn imported(name: &str) -> svar_core::form::model::Form {
    let bytes = examples().into_iter().find(|(n, _)| n == name).unwrap().1;
    import_xlsform(&bytes).unwrap().form
}

#[test]
fn a_choice_without_a_label_shows_its_name_with_a_warning() {
    let bytes = examples()
        .into_iter()
        .find(|(n, _)| n == "bug_example_xls/ODKValidateWarnings.xlsx")
        .unwrap()
        .1;
    let report = import_xlsform(&bytes).unwrap();
    let choice = &report.form.choice_lists["a"][0];
    assert_eq!(report.form.text(&choice.label, "en"), "b");
    assert!(
        report.warnings.iter().any(|w| w.to_string()
            == "choices!R2 (label): choice `b` has no label: its name is its label"),
        "{:?}",
        report
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_list_may_repeat_a_choice_name_when_the_settings_allow_it() {
    let form = imported("example_xls/choice_filter_test.xlsx");
    assert!(form.allow_choice_duplicates);
    let kings = form.choice_lists["counties"]
        .iter()
        .filter(|c| c.name == "king")
        .count();
    assert_eq!(kings, 2, "King county of Washington and of Texas");
}

#[test]
fn date_and_time_cells_are_read_as_their_author_wrote_them() {
    let time = imported("example_xls/default_time_demo.xls");
    let start = time.item("start_time").unwrap();
    assert_eq!(start.kind, ItemKind::Time);
    assert_eq!(
        start.default.as_deref(),
        Some("09:30"),
        "a time cell, not 0.3958…"
    );
    let date = imported("bug_example_xls/xl_date_ambiguous_v1.xlsx");
    let current = date.item("current_date").unwrap();
    assert_eq!(current.kind, ItemKind::Date);
    assert_eq!(current.default.as_deref(), Some("1900-01-01"));
}
#[test]
fn a_table_list_is_a_page_of_selects_with_their_choices_in_a_row() {
    let form = imported("example_xls/table-list.xls");
    let page = form
        .pages
        .iter()
        .find(|p| p.id == "happy_sad_table")
        .unwrap();
    let shown: Vec<(&str, Option<&str>)> = page
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.appearance.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            ("happy_sad_brian", Some("horizontal-compact")),
            ("happy_sad_michael", Some("horizontal-compact")),
        ],
        "the header row is left out, each select shows its choices"
    );
    let choice = &form.choices(&page.items[0])[0];
    assert!(
        !choice.label.is_empty(),
        "a choice shown by an image gets its name as label"
    );
}
