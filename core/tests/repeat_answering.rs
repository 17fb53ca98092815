//! Answering a household roster (tests/fixtures/forms/roster.xlsx): a repeat asked as many
//! times as the household is large, and one the respondent adds to, with the routing ODK forms
//! use over them (`position(..)`, `count`, `sum`, `indexed-repeat`).

use serde_json::{json, Map, Value};
use svar_core::form::import_xlsform;
use svar_core::response::{Answers, CompiledForm, ItemErrorKind};

fn roster() -> CompiledForm {
    compiled("roster.xlsx")
}

fn compiled(file: &str) -> CompiledForm {
    let path = format!("{}/tests/fixtures/forms/{file}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let form = match import_xlsform(&bytes) {
        Ok(report) => report.form,
        Err(errors) => panic!("roster refused: {:#?}", errors.0),
    };
    CompiledForm::new(form).expect("roster compiles")
}

fn page(form: &CompiledForm, id: &str) -> usize {
    form.form()
        .page_index(id)
        .unwrap_or_else(|| panic!("no page {id}"))
}

fn body(value: Value) -> Map<String, Value> {
    value.as_object().cloned().expect("an object")
}

/// Saves page `id` and returns the new answers, or panics with the errors.
fn save(form: &CompiledForm, answers: &Answers, id: &str, submitted: Value) -> Answers {
    form.save_page(page(form, id), answers, &body(submitted))
        .unwrap_or_else(|errors| panic!("{id} refused: {errors:?}"))
}

fn next_id(form: &CompiledForm, after: &str, answers: &Answers) -> Option<String> {
    form.next_page(Some(page(form, after)), answers)
        .map(|index| form.form().pages[index].id.clone())
}

#[test]
fn each_member_of_the_household_gets_a_page_of_their_own() {
    let form = roster();
    let mut answers = save(&form, &Answers::new(), "hh_size", json!({"hh_size": 2}));
    assert_eq!(
        next_id(&form, "hh_size", &answers).as_deref(),
        Some("member~1")
    );

    answers = save(
        &form,
        &answers,
        "member~1",
        json!({"m_name~1": "Amal", "m_born~1": "sy", "m_arrived~1": 2015}),
    );
    assert_eq!(answers["m_number~1"], json!(1), "position(..)");
    assert_eq!(answers["m_abroad~1"], json!(1));
    assert_eq!(
        next_id(&form, "member~1", &answers).as_deref(),
        Some("member~2")
    );

    // The second member's page names the second member, and reads its own answers.
    let second = &form.form().pages[page(&form, "member~2")];
    assert_eq!(second.title["en"], "Household member 2");
    assert_eq!(second.instance, Some(2));
    let born = &second.items[2];
    assert_eq!(born.name, "m_born~2");
    answers = save(
        &form,
        &answers,
        "member~2",
        json!({"m_name~2": "Erik", "m_born~2": "se"}),
    );
    assert_eq!(
        form.pipe(&born.label["en"], &answers, "en"),
        "Where was Erik born?"
    );
    assert!(
        !answers.contains_key("m_arrived~2"),
        "born in Sweden: the year of arrival does not apply"
    );

    // Two members: the third instance does not exist, and the totals count two.
    assert_eq!(
        next_id(&form, "member~2", &answers).as_deref(),
        Some("summary")
    );
    assert_eq!(answers["n_members"], json!(2), "count(${{member}})");
    assert_eq!(answers["n_abroad"], json!(1), "sum(${{m_abroad}})");
    assert_eq!(answers["first_name"], json!("Amal"), "indexed-repeat");
    let summary = &form.form().pages[page(&form, "summary")].items[0];
    assert_eq!(
        form.pipe(&summary.label["sv"], &answers, "sv"),
        "2 personer, 1 födda utomlands; först Amal."
    );
    // Two members make a household with children: the first child's name is asked next.
    let missing: Vec<String> = form
        .missing_required(&answers)
        .into_iter()
        .map(|e| e.item)
        .collect();
    assert_eq!(missing, ["c_name~1"]);
}

#[test]
fn a_member_answered_is_checked_like_any_page() {
    let form = roster();
    let answers = save(&form, &Answers::new(), "hh_size", json!({"hh_size": 1}));
    let errors = form
        .save_page(
            page(&form, "member~1"),
            &answers,
            &body(json!({"m_born~1": "sy", "m_arrived~1": 1800})),
        )
        .expect_err("refused");
    let found: Vec<(&str, ItemErrorKind)> =
        errors.iter().map(|e| (e.item.as_str(), e.kind)).collect();
    assert_eq!(
        found,
        vec![
            ("m_name~1", ItemErrorKind::Required),
            ("m_arrived~1", ItemErrorKind::Constraint)
        ]
    );
    // A key of an instance the page does not ask about is not on the page.
    let errors = form
        .save_page(
            page(&form, "member~1"),
            &answers,
            &body(json!({"m_name~1": "Amal", "m_born~1": "se", "m_name~2": "Erik"})),
        )
        .expect_err("refused");
    assert_eq!(errors[0].item, "m_name~2");
    assert_eq!(errors[0].kind, ItemErrorKind::NotOnPage);
}

#[test]
fn children_are_added_one_at_a_time_until_the_respondent_says_no() {
    let form = roster();
    let mut answers = save(&form, &Answers::new(), "hh_size", json!({"hh_size": 3}));
    for instance in 1..=3 {
        answers = save(
            &form,
            &answers,
            &format!("member~{instance}"),
            json!({format!("m_name~{instance}"): "X", format!("m_born~{instance}"): "se"}),
        );
    }
    assert_eq!(
        next_id(&form, "summary", &answers).as_deref(),
        Some("c_name~1")
    );
    answers = save(&form, &answers, "c_name~1", json!({"c_name~1": "Sara"}));
    answers = save(&form, &answers, "c_age~1", json!({"c_age~1": 7}));
    assert_eq!(
        next_id(&form, "c_age~1", &answers).as_deref(),
        Some("child~2~add")
    );
    let add = &form.form().pages[page(&form, "child~2~add")].items[0];
    assert_eq!(add.label["sv"], "Barn: lägga till en till?");
    assert!(add.required);
    let refused = form
        .save_page(page(&form, "child~2~add"), &answers, &body(json!({})))
        .expect_err("the question must be answered");
    assert_eq!(refused[0].kind, ItemErrorKind::Required);

    answers = save(
        &form,
        &answers,
        "child~2~add",
        json!({"child~2~add": "yes"}),
    );
    assert_eq!(
        next_id(&form, "child~2~add", &answers).as_deref(),
        Some("c_name~2")
    );
    answers = save(&form, &answers, "c_name~2", json!({"c_name~2": "Omar"}));
    answers = save(&form, &answers, "c_age~2", json!({"c_age~2": 4}));
    answers = save(&form, &answers, "child~3~add", json!({"child~3~add": "no"}));
    assert_eq!(
        next_id(&form, "child~3~add", &answers).as_deref(),
        Some("done")
    );
    assert_eq!(answers["n_children"], json!(2));

    // Answering no after the first child drops the second: its answers no longer apply.
    let fewer = save(&form, &answers, "child~2~add", json!({"child~2~add": "no"}));
    assert_eq!(fewer["n_children"], json!(1));
    for gone in ["c_name~2", "c_age~2", "child~3~add"] {
        assert!(!fewer.contains_key(gone), "{gone} kept: {fewer:?}");
    }

    // A household of one has no children's pages, and keeps no answers about them.
    let alone = save(&form, &answers, "hh_size", json!({"hh_size": 1}));
    assert_eq!(alone["n_members"], json!(1));
    assert_eq!(alone["n_children"], json!(0));
    for gone in ["m_name~2", "m_name~3", "c_name~1", "child~2~add"] {
        assert!(!alone.contains_key(gone), "{gone} kept");
    }
    assert_eq!(
        next_id(&form, "member~1", &alone).as_deref(),
        Some("summary")
    );
    assert_eq!(next_id(&form, "summary", &alone).as_deref(), Some("done"));
}

#[test]
fn progress_counts_the_questions_of_the_instances_that_exist() {
    let form = roster();
    let answers = save(&form, &Answers::new(), "hh_size", json!({"hh_size": 2}));
    let (answered, applicable) = form.answered_share(&answers);
    // hh_size; per member a name, a country and the year of arrival (while the country is
    // not known, it applies); the first child's name and age.
    assert_eq!((answered, applicable), (1, 1 + 2 * 3 + 2));
    let missing: Vec<String> = form
        .missing_required(&answers)
        .into_iter()
        .map(|e| e.item)
        .collect();
    assert_eq!(
        missing,
        ["m_name~1", "m_born~1", "m_name~2", "m_born~2", "c_name~1"]
    );
}

#[test]
fn each_member_s_jobs_are_asked_within_the_member_and_summed_per_member_and_in_all() {
    let form = compiled("nested_roster.xlsx");
    let mut answers = save(&form, &Answers::new(), "hh_size", json!({"hh_size": 2}));
    answers = save(&form, &answers, "m_name~1", json!({"m_name~1": "Amal"}));
    assert_eq!(
        next_id(&form, "m_name~1", &answers).as_deref(),
        Some("job~1~1")
    );
    let job = &form.form().pages[page(&form, "job~1~1")];
    assert_eq!(job.title["en"], "Household member 1: Job 1");
    assert_eq!(
        form.pipe(&job.items[1].label["en"], &answers, "en"),
        "Amal's job"
    );
    answers = save(
        &form,
        &answers,
        "job~1~1",
        json!({"job_title~1~1": "Nurse", "hours~1~1": 30}),
    );
    assert_eq!(
        answers["j_number~1~1"],
        json!(1),
        "position(..) in the inner repeat"
    );
    assert_eq!(
        next_id(&form, "job~1~1", &answers).as_deref(),
        Some("job~1~2~add")
    );
    answers = save(
        &form,
        &answers,
        "job~1~2~add",
        json!({"job~1~2~add": "yes"}),
    );
    answers = save(
        &form,
        &answers,
        "job~1~2",
        json!({"job_title~1~2": "Interpreter", "hours~1~2": 8}),
    );
    answers = save(&form, &answers, "job~1~3~add", json!({"job~1~3~add": "no"}));
    // The member's own totals count the member's own jobs.
    assert_eq!(answers["m_hours~1"], json!(38));
    assert_eq!(answers["m_jobs~1"], json!(2));
    assert_eq!(
        next_id(&form, "job~1~3~add", &answers).as_deref(),
        Some("m_name~2")
    );

    answers = save(&form, &answers, "m_name~2", json!({"m_name~2": "Erik"}));
    answers = save(
        &form,
        &answers,
        "job~2~1",
        json!({"job_title~2~1": "Driver", "hours~2~1": 40}),
    );
    answers = save(&form, &answers, "job~2~2~add", json!({"job~2~2~add": "no"}));
    assert_eq!(answers["m_hours~2"], json!(40));
    assert_eq!(answers["all_hours"], json!(78), "every job of every member");
    assert_eq!(answers["all_jobs"], json!(3));
    assert_eq!(
        next_id(&form, "job~2~2~add", &answers).as_deref(),
        Some("summary")
    );

    // A smaller household drops the second member and the second member's jobs.
    let alone = save(&form, &answers, "hh_size", json!({"hh_size": 1}));
    for gone in ["m_name~2", "job_title~2~1", "hours~2~1", "m_hours~2"] {
        assert!(!alone.contains_key(gone), "{gone} kept");
    }
    assert_eq!(alone["all_hours"], json!(38));
    // No, after the first job, drops the second.
    let one_job = save(&form, &alone, "job~1~2~add", json!({"job~1~2~add": "no"}));
    assert!(!one_job.contains_key("job_title~1~2"));
    assert_eq!(one_job["m_jobs~1"], json!(1));
    assert_eq!(one_job["all_hours"], json!(30));
}
