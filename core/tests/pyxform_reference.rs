//! Svar's XLSForm import checked against the reference converter: pyxform (from PyPI, installed
//! by `.ci/run`) reads each of its own example forms (`fixtures/pyxform`) through
//! `fixtures/pyxform/describe.py`, and Svar imports the same file. Where both accept a form,
//! every question pyxform has is compared with Svar's, by name: its type, `required`,
//! `relevant`, `constraint`, `calculation`, `read_only`, choice list and choice filter; Svar adds
//! no question pyxform lacks;
//! and Svar imports no form pyxform refuses. The forms pyxform accepts and Svar refuses are
//! listed on stderr with Svar's first reason (what is left to build, or needs a device).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

#[path = "../../tests/support/optional_tool.rs"]
mod optional_tool;
#[path = "../../tests/support/test_tools.rs"]
mod test_tools;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use svar_core::form::import_xlsform;
use svar_core::form::model::{Form, Item, ItemKind};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pyxform")
}

/// The example forms, as paths under `fixtures/pyxform`.
fn example_paths() -> Vec<String> {
    let mut paths = Vec::new();
    for folder in ["example_xls", "bug_example_xls"] {
        for entry in std::fs::read_dir(fixtures().join(folder)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().to_string();
            if name.ends_with(".xls") || name.ends_with(".xlsx") {
                paths.push(format!("{folder}/{name}"));
            }
        }
    }
    paths.sort();
    paths
}

/// What pyxform makes of each form: its questions, or its refusal.
fn pyxform_reading(python: &Path, paths: &[String]) -> BTreeMap<String, Value> {
    let root = fixtures();
    let mut args = vec![root.join("describe.py")];
    args.extend(paths.iter().map(|path| root.join(path)));
    let read = optional_tool::python_json(python, &args);
    // Keyed by the paths as given: back to the paths under `fixtures/pyxform`.
    serde_json::from_value::<BTreeMap<String, Value>>(read)
        .unwrap()
        .into_iter()
        .map(|(path, value)| {
            let relative = Path::new(&path).strip_prefix(&root).unwrap();
            (relative.to_string_lossy().to_string(), value)
        })
        .collect()
}

/// The kind Svar gives a pyxform type; `None` for the metadata Svar leaves out; `Err` for a
/// type this comparison does not know.
fn svar_kind(pyxform_type: &str) -> Result<Option<ItemKind>, String> {
    Ok(Some(match pyxform_type {
        "text" | "string" | "phone number" => ItemKind::Text,
        "integer" | "int" => ItemKind::Integer,
        "decimal" => ItemKind::Decimal,
        "date" => ItemKind::Date,
        "time" => ItemKind::Time,
        "dateTime" => ItemKind::DateTime,
        "select one" => ItemKind::SelectOne,
        "select all that apply" => ItemKind::SelectMultiple,
        "note" => ItemKind::Note,
        "range" => ItemKind::Range,
        "acknowledge" | "trigger" => ItemKind::Acknowledge,
        "calculate" | "hidden" | "start" | "end" | "today" => ItemKind::Calculate,
        "deviceid" | "subscriberid" | "simserial" | "phonenumber" | "username" | "email"
        | "audit" | "imei" => return Ok(None),
        other => return Err(format!("pyxform type `{other}` is not compared")),
    }))
}

/// An expression with what only spelling changes taken out: whitespace, typographic quotes,
/// `${name}` and `../name` (pyxform writes the paths it generates as XPath).
fn normalized(expression: &str) -> String {
    expression
        .replace("${", "")
        .replace('}', "")
        .replace("../", "")
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            other => other,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Names pyxform gives the rows it makes for a `table-list`'s grid (a note above it, the
/// header row): Svar shows no grid and leaves them out.
const GRID_ROWS: [&str; 2] = [
    "generated_table_list_label_",
    "reserved_name_for_field_list_labels_",
];

/// The differences between pyxform's `question` and Svar's reading of `form`.
fn compare_question(form: &Form, question: &Value, problems: &mut Vec<String>) {
    let field = |key: &str| question[key].as_str().unwrap_or("").to_string();
    let name = field("name");
    if GRID_ROWS.iter().any(|prefix| name.starts_with(prefix)) {
        return;
    }
    let pyxform_type = field("type");
    let expected = match svar_kind(&pyxform_type) {
        Ok(kind) => kind,
        Err(problem) => return problems.push(format!("{name}: {problem}")),
    };
    let item = form.item(&name);
    let (kind, item) = match (expected, item) {
        (None, None) => return,
        (None, Some(_)) => return problems.push(format!("{name}: metadata Svar should leave out")),
        (Some(_), None) => return problems.push(format!("{name}: missing in Svar")),
        (Some(kind), Some(item)) => (kind, item),
    };
    if item.kind != kind {
        problems.push(format!(
            "{name}: pyxform {pyxform_type}, Svar {:?}",
            item.kind
        ));
    }
    compare_required(item, &field("required"), problems);
    let relevant = field("relevant");
    let svar_relevant = [item.relevant.as_deref(), page_relevant(form, &name)]
        .into_iter()
        .flatten()
        .map(normalized)
        .collect::<String>();
    if !relevant.is_empty() && !svar_relevant.contains(&normalized(&relevant)) {
        problems.push(format!(
            "{name}: relevant `{relevant}` not in Svar's `{svar_relevant}`"
        ));
    }
    let constraint = field("constraint");
    if normalized(&constraint) != normalized(item.constraint.as_deref().unwrap_or("")) {
        problems.push(format!(
            "{name}: constraint `{constraint}`, Svar {:?}",
            item.constraint
        ));
    }
    // Svar computes hidden values and metadata itself: pyxform binds them otherwise.
    let computed_by_svar = matches!(pyxform_type.as_str(), "hidden" | "start" | "end" | "today");
    let calculation = field("calculation");
    if !computed_by_svar
        && normalized(&calculation) != normalized(item.calculation.as_deref().unwrap_or(""))
    {
        problems.push(format!(
            "{name}: calculation `{calculation}`, Svar {:?}",
            item.calculation
        ));
    }
    let list = field("list_name");
    let svar_list = item.choice_list.as_deref().unwrap_or("");
    // An `or_other` select uses Svar's copy of the list, with `other` added.
    if list != svar_list && format!("{list}_or_other") != svar_list {
        problems.push(format!("{name}: list `{list}`, Svar `{svar_list}`"));
    }
    let filter = field("choice_filter");
    if normalized(&filter) != normalized(item.choice_filter.as_deref().unwrap_or("")) {
        problems.push(format!(
            "{name}: choice_filter `{filter}`, Svar {:?}",
            item.choice_filter
        ));
    }
    let read_only = matches!(field("read_only").as_str(), "true()" | "yes" | "true");
    if item.kind.is_question() && read_only != item.read_only {
        problems.push(format!(
            "{name}: read_only {read_only}, Svar {}",
            item.read_only
        ));
    }
}

fn compare_required(item: &Item, required: &str, problems: &mut Vec<String>) {
    let name = &item.name;
    match required {
        "" | "false()" | "no" | "false" => {
            if item.required || item.required_when.is_some() {
                problems.push(format!("{name}: required in Svar only"));
            }
        }
        "true()" | "yes" | "true" => {
            // Svar drops `required` from a note, a calculate and a read-only question.
            if !item.required && item.takes_answer() {
                problems.push(format!("{name}: required in pyxform only"));
            }
        }
        expression => {
            let svar = item.required_when.as_deref().map(normalized);
            if svar.as_deref() != Some(normalized(expression).as_str()) {
                problems.push(format!(
                    "{name}: required `{expression}`, Svar {:?}",
                    item.required_when
                ));
            }
        }
    }
}

/// The `relevant` of the page that holds item `name`.
fn page_relevant<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    form.pages
        .iter()
        .find(|page| page.items.iter().any(|item| item.name == name))
        .and_then(|page| page.relevant.as_deref())
}

#[test]
#[cfg_attr(
    svar_missing_pyxform,
    ignore = "pyxform not installed (tests/support/test_tools.rs)"
)]
fn svar_reads_every_question_of_pyxforms_examples_as_pyxform_does() {
    let Some(python) = optional_tool::find(&test_tools::PYXFORM) else {
        return;
    };
    let paths = example_paths();
    assert_eq!(paths.len(), 57, "the 57 example forms are there");
    let reading = pyxform_reading(&python, &paths);
    let mut problems = Vec::new();
    let (mut pyxform_accepts, mut both_accept) = (0, 0);
    for path in &paths {
        let bytes = std::fs::read(fixtures().join(path)).unwrap();
        let svar = import_xlsform(&bytes);
        let pyxform = &reading[path];
        let questions = pyxform["questions"].as_array();
        pyxform_accepts += usize::from(questions.is_some());
        match (svar, questions) {
            (Ok(_), None) => problems.push(format!(
                "{path}: Svar imports what pyxform refuses: {}",
                pyxform["error"]
            )),
            (Ok(report), Some(questions)) => {
                both_accept += 1;
                let mut found = Vec::new();
                for question in questions {
                    compare_question(&report.form, question, &mut found);
                }
                let pyxform_names: Vec<&str> = questions
                    .iter()
                    .filter_map(|q| q["name"].as_str())
                    .collect();
                for item in report.form.items() {
                    if !pyxform_names.contains(&item.name.as_str()) {
                        found.push(format!("{}: in Svar only", item.name));
                    }
                }
                problems.extend(found.into_iter().map(|p| format!("{path}: {p}")));
            }
            (Err(errors), Some(_)) => eprintln!(
                "{path}: pyxform accepts, Svar refuses: {}",
                errors
                    .0
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            (Err(_), None) => {}
        }
    }
    eprintln!(
        "pyxform accepts {pyxform_accepts} of {}; Svar imports {both_accept} of those, \
         every question compared",
        paths.len()
    );
    assert!(both_accept >= 20, "the forms Svar imports are compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
