//! Scenario tests of answering: the demo questionnaire's logic end to end (relevance,
//! dropped answers, calculates, piping, constraints, navigation, disposition share), plus
//! small hand-built forms for the corner cases.

use super::demo_form::{constrained, demo_form, form_with, item, page, relevant, required, select};
use super::{Answers, CompiledForm, ExprField, FormExprError, ItemError, ItemErrorKind};
use crate::form::model::{Item, ItemKind};
use serde_json::{json, Map, Value as Json};

const P_ABOUT: usize = 0;
const P_DEMOCRACY: usize = 1;
const P_SOCIAL: usize = 2;
const P_VALUES: usize = 3;
const P_END: usize = 4;

fn demo() -> CompiledForm {
    match CompiledForm::new(demo_form()) {
        Ok(form) => form,
        Err(error) => panic!("demo form does not compile: {error}"),
    }
}

fn submitted(value: Json) -> Map<String, Json> {
    match value {
        Json::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn answers(value: Json) -> Answers {
    submitted(value).into_iter().collect()
}

fn save(form: &CompiledForm, page: usize, current: &Answers, value: Json) -> Answers {
    match form.save_page(page, current, &submitted(value)) {
        Ok(answers) => answers,
        Err(errors) => panic!("save of page {page} refused: {errors:?}"),
    }
}

fn save_errors(form: &CompiledForm, page: usize, current: &Answers, value: Json) -> Vec<ItemError> {
    match form.save_page(page, current, &submitted(value)) {
        Ok(answers) => panic!("save of page {page} accepted: {answers:?}"),
        Err(errors) => errors,
    }
}

fn error(item: &str, kind: ItemErrorKind) -> ItemError {
    ItemError {
        item: item.to_owned(),
        kind,
    }
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

#[test]
fn demo_form_compiles_and_is_shareable() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let form = demo();
    assert_send_sync(&form);
    assert_eq!(form.form().pages.len(), 5);
    assert_eq!(form.item_position("citizen"), Some((P_DEMOCRACY, 1)));
}

#[test]
fn broken_expressions_are_refused_with_their_place() {
    let bad = form_with(vec![page(
        "p1",
        vec![constrained(item("age", ItemKind::Integer), ". >= 0 and")],
    )]);
    match CompiledForm::new(bad) {
        Err(FormExprError::Parse {
            page,
            item,
            field,
            error,
            ..
        }) => {
            assert_eq!((page.as_str(), item.as_deref()), ("p1", Some("age")));
            assert_eq!(field, ExprField::Constraint);
            assert_eq!(error.position, 10);
        }
        other => panic!("expected a parse error, got {other:?}"),
    }

    let dangling = form_with(vec![page(
        "p1",
        vec![relevant(item("age", ItemKind::Integer), "${agee} = 1")],
    )]);
    let message = CompiledForm::new(dangling).err().map(|e| e.to_string());
    assert_eq!(
        message.as_deref(),
        Some("relevant of item 'age' on page 'p1' refers to ${agee}, which is not an item of the form")
    );

    let mut group = page("p1", vec![item("age", ItemKind::Integer)]);
    group.relevant = Some("if(1)".to_owned());
    let message = CompiledForm::new(form_with(vec![group]))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        message.as_deref(),
        Some("relevant of the group on page 'p1' does not parse: if() takes 3 arguments, got 1 (at position 0)")
    );
}

#[test]
fn arrival_year_applies_only_to_those_born_abroad() {
    let form = demo();
    let born_abroad = answers(json!({"born_sweden": "no"}));
    let born_here = answers(json!({"born_sweden": "yes"}));
    assert!(form.item_relevant(P_ABOUT, 1, &born_abroad));
    assert!(!form.item_relevant(P_ABOUT, 1, &born_here));
    assert!(!form.item_relevant(P_ABOUT, 1, &Answers::new()));
    assert!(form.item_relevant(P_ABOUT, 0, &Answers::new()));
}

#[test]
fn arrival_year_and_years_in_sweden_are_dropped_when_born_in_sweden() {
    let form = demo();
    let first = save(
        &form,
        P_ABOUT,
        &Answers::new(),
        json!({"born_sweden": "no", "arrival_year": 1990, "swedish_level": "3"}),
    );
    assert_eq!(
        first,
        answers(
            json!({"born_sweden": "no", "arrival_year": 1990, "swedish_level": "3", "years_in_sweden": 37})
        )
    );

    let changed = save(
        &form,
        P_ABOUT,
        &first,
        json!({"born_sweden": "yes", "arrival_year": 1990, "swedish_level": "3"}),
    );
    assert_eq!(changed, answers(json!({"born_sweden": "yes"})));
}

#[test]
fn voted_riksdag_only_for_citizens() {
    let form = demo();
    let base = answers(json!({"born_sweden": "yes"}));
    let citizen = save(
        &form,
        P_DEMOCRACY,
        &base,
        json!({"citizen": "yes", "voted_riksdag": "yes"}),
    );
    assert_eq!(citizen.get("voted_riksdag"), Some(&json!("yes")));
    assert!(form.item_relevant(P_DEMOCRACY, 2, &citizen));

    let not_citizen = save(
        &form,
        P_DEMOCRACY,
        &citizen,
        json!({"citizen": "no", "voted_riksdag": "yes"}),
    );
    assert_eq!(not_citizen.get("voted_riksdag"), None);
    assert!(!form.item_relevant(P_DEMOCRACY, 2, &not_citizen));
}

#[test]
fn answers_on_later_pages_are_dropped_when_an_earlier_answer_changes() {
    let form = demo();
    let mut current = save(
        &form,
        P_ABOUT,
        &Answers::new(),
        json!({"born_sweden": "no", "arrival_year": 1990}),
    );
    current = save(
        &form,
        P_SOCIAL,
        &current,
        json!({"discriminated": "yes", "discrimination_grounds": ["religion"]}),
    );
    current.insert("stale_key_of_an_older_version".to_owned(), json!("kept"));
    // A later save of another page keeps everything that still applies …
    let later = save(&form, P_END, &current, json!({"comments": "Tack"}));
    assert_eq!(
        later.get("discrimination_grounds"),
        Some(&json!(["religion"]))
    );
    assert_eq!(later.get("years_in_sweden"), Some(&json!(37)));
    assert_eq!(
        later.get("stale_key_of_an_older_version"),
        Some(&json!("kept"))
    );
    // … and a change on page 0 drops dependent answers everywhere.
    let changed = save(&form, P_ABOUT, &later, json!({"born_sweden": "yes"}));
    assert_eq!(changed.get("arrival_year"), None);
    assert_eq!(changed.get("years_in_sweden"), None);
    assert_eq!(changed.get("comments"), Some(&json!("Tack")));
}

#[test]
fn piping_shows_years_in_sweden() {
    let form = demo();
    let current = save(
        &form,
        P_ABOUT,
        &Answers::new(),
        json!({"born_sweden": "no", "arrival_year": 1990}),
    );
    let note = form
        .form()
        .item("years_note")
        .map(|i| i.label.clone())
        .unwrap_or_default();
    let en = note.get("en").cloned().unwrap_or_default();
    assert_eq!(
        form.pipe(&en, &current, "en"),
        "You have lived in Sweden for about 37 years."
    );
    let sv = note.get("sv").cloned().unwrap_or_default();
    assert_eq!(
        form.pipe(&sv, &current, "sv"),
        "Du har bott i Sverige i ungefär 37 år."
    );
    assert!(form.item_relevant(P_DEMOCRACY, 0, &current));
    assert!(!form.item_relevant(P_DEMOCRACY, 0, &answers(json!({"born_sweden": "no"}))));
}

#[test]
fn piping_choice_labels_numbers_missing_and_malformed() {
    let form = demo();
    let current = answers(json!({
        "born_sweden": "no",
        "participation": ["petition", "none"],
        "democracy_importance": 7,
        "years_in_sweden": 37.0
    }));
    assert_eq!(form.pipe("${born_sweden}", &current, "en"), "No");
    assert_eq!(form.pipe("${born_sweden}", &current, "sv"), "Nej");
    assert_eq!(
        form.pipe("${born_sweden}", &current, "ar"),
        "Nej",
        "falls back to default"
    );
    assert_eq!(
        form.pipe("[${participation}]", &current, "en"),
        "[Signed a petition, None of these]"
    );
    assert_eq!(
        form.pipe("${democracy_importance}/10", &current, "en"),
        "7/10"
    );
    assert_eq!(form.pipe("${years_in_sweden}", &current, "en"), "37");
    assert_eq!(
        form.pipe("a ${citizen} b ${nothing} c", &current, "en"),
        "a  b  c"
    );
    assert_eq!(
        form.pipe("unclosed ${born_sweden", &current, "en"),
        "unclosed ${born_sweden"
    );
    assert_eq!(form.pipe("åäö ${born_sweden}!", &current, "en"), "åäö No!");
}

#[test]
fn display_value_for_review() {
    let form = demo();
    let current =
        answers(json!({"swedish_level": "4", "participation": ["none"], "arrival_year": 1990}));
    let display = |name: &str, lang: &str| {
        form.form()
            .item(name)
            .map(|item| form.display_value(item, &current, lang))
            .unwrap_or_default()
    };
    assert_eq!(display("swedish_level", "en"), "Very well");
    assert_eq!(display("participation", "sv"), "Inget av detta");
    assert_eq!(display("arrival_year", "en"), "1990");
    assert_eq!(display("citizen", "en"), "");
}

#[test]
fn none_with_another_participation_choice_fails_the_constraint() {
    let form = demo();
    let base = answers(json!({"born_sweden": "yes"}));
    let errors = save_errors(
        &form,
        P_DEMOCRACY,
        &base,
        json!({"citizen": "no", "participation": ["none", "petition"]}),
    );
    assert_eq!(
        errors,
        vec![error("participation", ItemErrorKind::Constraint)]
    );
    let ok = save(
        &form,
        P_DEMOCRACY,
        &base,
        json!({"citizen": "no", "participation": ["none"]}),
    );
    assert_eq!(ok.get("participation"), Some(&json!(["none"])));
}

#[test]
fn arrival_year_1900_breaks_the_constraint_and_abc_is_not_an_integer() {
    let form = demo();
    let errors = save_errors(
        &form,
        P_ABOUT,
        &Answers::new(),
        json!({"born_sweden": "no", "arrival_year": 1900}),
    );
    assert_eq!(
        errors,
        vec![error("arrival_year", ItemErrorKind::Constraint)]
    );

    let typed = form.parse_form_input(
        P_ABOUT,
        &fields(&[
            ("_csrf", "token"),
            ("born_sweden", "no"),
            ("arrival_year", "abc"),
        ]),
    );
    assert_eq!(
        typed,
        submitted(json!({"born_sweden": "no", "arrival_year": "abc"}))
    );
    let errors = form.save_page(P_ABOUT, &Answers::new(), &typed).err();
    assert_eq!(
        errors,
        Some(vec![error("arrival_year", ItemErrorKind::NotInteger)])
    );
}

#[test]
fn a_type_error_on_an_item_that_does_not_apply_is_ignored() {
    let form = demo();
    let saved = save(
        &form,
        P_ABOUT,
        &Answers::new(),
        json!({"born_sweden": "yes", "arrival_year": "abc"}),
    );
    assert_eq!(saved, answers(json!({"born_sweden": "yes"})));
}

#[test]
fn required_questions_must_be_answered_when_they_apply() {
    let form = demo();
    let errors = save_errors(&form, P_ABOUT, &Answers::new(), json!({}));
    assert_eq!(errors, vec![error("born_sweden", ItemErrorKind::Required)]);

    let errors = save_errors(
        &form,
        P_ABOUT,
        &Answers::new(),
        json!({"born_sweden": "no", "arrival_year": ""}),
    );
    assert_eq!(errors, vec![error("arrival_year", ItemErrorKind::Required)]);

    let errors = save_errors(
        &form,
        P_ABOUT,
        &Answers::new(),
        json!({"born_sweden": "no", "arrival_year": null}),
    );
    assert_eq!(errors, vec![error("arrival_year", ItemErrorKind::Required)]);
}

#[test]
fn all_errors_of_a_page_are_reported_and_nothing_changes() {
    let form = demo();
    let current =
        answers(json!({"born_sweden": "no", "arrival_year": 1990, "years_in_sweden": 37}));
    let errors = save_errors(
        &form,
        P_DEMOCRACY,
        &current,
        json!({
            "citizen": "maybe",
            "democracy_importance": 11,
            "participation": "petition",
            "born_sweden": "yes",
            "years_note": "x",
            "unknown": 1
        }),
    );
    assert_eq!(
        errors,
        vec![
            error("citizen", ItemErrorKind::UnknownChoice),
            error("democracy_importance", ItemErrorKind::Constraint),
            error("participation", ItemErrorKind::NotAList),
            error("born_sweden", ItemErrorKind::NotOnPage),
            error("unknown", ItemErrorKind::NotOnPage),
            error("years_note", ItemErrorKind::NotOnPage),
        ]
    );
}

#[test]
fn absent_null_or_empty_clears_a_previous_answer() {
    let form = demo();
    let current = answers(
        json!({"born_sweden": "yes", "citizen": "yes", "democracy_importance": 5, "participation": ["petition"]}),
    );
    let cleared = save(
        &form,
        P_DEMOCRACY,
        &current,
        json!({"citizen": "yes", "democracy_importance": null, "participation": []}),
    );
    assert_eq!(
        cleared,
        answers(json!({"born_sweden": "yes", "citizen": "yes"}))
    );
}

#[test]
fn html_fields_become_json_answers() {
    let form = demo();
    let typed = form.parse_form_input(
        P_DEMOCRACY,
        &fields(&[
            ("_action", "next"),
            ("citizen", "yes"),
            ("democracy_importance", " 8 "),
            ("participation", "petition"),
            ("participation", "contact_politician"),
            ("elsewhere", "x"),
        ]),
    );
    assert_eq!(
        typed,
        submitted(json!({
            "citizen": "yes",
            "democracy_importance": 8,
            "participation": ["petition", "contact_politician"],
            "elsewhere": "x"
        }))
    );
    let errors = form.save_page(P_DEMOCRACY, &Answers::new(), &typed).err();
    assert_eq!(
        errors,
        Some(vec![error("elsewhere", ItemErrorKind::NotOnPage)])
    );

    let spaced = form.parse_form_input(
        P_ABOUT,
        &fields(&[("arrival_year", "1 990"), ("swedish_level", "")]),
    );
    assert_eq!(
        spaced,
        submitted(json!({"arrival_year": "1 990", "swedish_level": ""}))
    );
    let empty = form.parse_form_input(
        P_DEMOCRACY,
        &fields(&[("participation", ""), ("democracy_importance", "")]),
    );
    assert_eq!(
        empty,
        submitted(json!({"participation": [], "democracy_importance": ""}))
    );
}

#[test]
fn select_multiple_is_stored_in_choice_order() {
    let form = demo();
    let saved = save(
        &form,
        P_DEMOCRACY,
        &Answers::new(),
        json!({"citizen": "no", "participation": ["demonstration", "contact_politician"]}),
    );
    assert_eq!(
        saved.get("participation"),
        Some(&json!(["contact_politician", "demonstration"]))
    );
}

#[test]
fn navigation_of_a_new_and_a_returning_respondent() {
    let form = demo();
    let new_case = Answers::new();
    assert_eq!(form.resume_page(None, &new_case), Some(P_ABOUT));
    assert_eq!(form.next_page(None, &new_case), Some(P_ABOUT));
    assert_eq!(form.next_page(Some(P_ABOUT), &new_case), Some(P_DEMOCRACY));
    assert_eq!(form.resume_page(Some(P_SOCIAL), &new_case), Some(P_VALUES));
    assert_eq!(form.next_page(Some(P_END), &new_case), None);
    assert_eq!(form.resume_page(Some(P_END), &new_case), None);
    assert_eq!(form.previous_page(P_DEMOCRACY, &new_case), Some(P_ABOUT));
    assert_eq!(form.previous_page(P_ABOUT, &new_case), None);
    assert_eq!(form.previous_page(99, &new_case), Some(P_END));
    assert_eq!(form.next_page(Some(usize::MAX), &new_case), None);
}

/// Page 0 asks `work`; page 1 applies only to workers (group relevance); page 2's only
/// question applies only to workers too (item relevance); page 3 is a plain question.
fn branching_form() -> CompiledForm {
    let mut workers_page = page("p_job", vec![item("job_title", ItemKind::Text)]);
    workers_page.relevant = Some("${work} = 'yes'".to_owned());
    let form = form_with(vec![
        page(
            "p_work",
            vec![required(select("work", ItemKind::SelectOne, "yes_no"))],
        ),
        workers_page,
        page(
            "p_hours",
            vec![
                relevant(item("hours", ItemKind::Integer), "${work} = 'yes'"),
                Item {
                    calculation: Some("${hours} * 52".to_owned()),
                    ..item("hours_per_year", ItemKind::Calculate)
                },
            ],
        ),
        page("p_last", vec![item("comment", ItemKind::Text)]),
    ]);
    match CompiledForm::new(form) {
        Ok(form) => form,
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn pages_that_do_not_apply_or_have_nothing_to_show_are_skipped() {
    let form = branching_form();
    let worker = answers(json!({"work": "yes"}));
    let not_worker = answers(json!({"work": "no"}));
    assert!(form.page_relevant(1, &worker));
    assert!(!form.page_relevant(1, &not_worker));
    assert!(!form.page_relevant(99, &worker));
    assert!(form.page_relevant(2, &not_worker), "no group condition");
    assert!(!form.page_shown(2, &not_worker), "but nothing to show");
    assert_eq!(form.next_page(Some(0), &worker), Some(1));
    assert_eq!(form.next_page(Some(1), &worker), Some(2));
    assert_eq!(form.next_page(Some(0), &not_worker), Some(3));
    assert_eq!(form.previous_page(3, &not_worker), Some(0));
    assert_eq!(form.resume_page(Some(0), &not_worker), Some(3));
    assert!(
        !form.item_relevant(1, 0, &not_worker),
        "an item on a page that does not apply"
    );
}

#[test]
fn a_page_that_does_not_apply_counts_none_of_its_questions() {
    let form = branching_form();
    let worker = answers(json!({"work": "yes", "job_title": "Nurse"}));
    let not_worker = answers(json!({"work": "no"}));
    assert_eq!(form.page_items_relevant(1, &worker), vec![true]);
    assert_eq!(form.page_items_relevant(1, &not_worker), vec![false]);
    assert_eq!(form.page_items_relevant(2, &not_worker), vec![false, true]);
    assert!(form.page_items_relevant(99, &worker).is_empty());
    // work, job_title, hours, comment apply to a worker; work and comment to the others.
    assert_eq!(form.answered_share(&worker), (2, 4));
    assert_eq!(form.answered_share(&not_worker), (1, 2));
}

#[test]
fn answers_on_a_page_that_stops_applying_are_dropped() {
    let form = branching_form();
    let mut current = save(&form, 0, &Answers::new(), json!({"work": "yes"}));
    current = save(&form, 1, &current, json!({"job_title": "Nurse"}));
    current = save(&form, 2, &current, json!({"hours": 40}));
    assert_eq!(current.get("hours_per_year"), Some(&json!(2080)));
    let changed = save(&form, 0, &current, json!({"work": "no"}));
    assert_eq!(changed, answers(json!({"work": "no"})));
}

#[test]
fn a_calculate_may_use_a_later_calculate() {
    let form = form_with(vec![page(
        "p1",
        vec![
            Item {
                calculation: Some("${doubled} + 1".to_owned()),
                ..item("first", ItemKind::Calculate)
            },
            item("x", ItemKind::Decimal),
            Item {
                calculation: Some("${x} * 2".to_owned()),
                ..item("doubled", ItemKind::Calculate)
            },
            Item {
                calculation: Some("concat('x=', ${x})".to_owned()),
                ..item("label", ItemKind::Calculate)
            },
        ],
    )]);
    let form = match CompiledForm::new(form) {
        Ok(form) => form,
        Err(error) => panic!("{error}"),
    };
    let saved = save(&form, 0, &Answers::new(), json!({"x": 1.5}));
    assert_eq!(
        saved,
        answers(json!({"x": 1.5, "doubled": 3, "first": 4, "label": "x=1.5"}))
    );
    let cleared = save(&form, 0, &saved, json!({}));
    assert_eq!(cleared, answers(json!({"label": "x="})));
}

#[test]
fn missing_required_lists_applicable_unanswered_required_questions() {
    let form = demo();
    assert_eq!(
        form.missing_required(&Answers::new()),
        vec![
            error("born_sweden", ItemErrorKind::Required),
            error("citizen", ItemErrorKind::Required)
        ]
    );
    assert_eq!(
        form.missing_required(&answers(json!({"born_sweden": "no", "citizen": "yes"}))),
        vec![error("arrival_year", ItemErrorKind::Required)]
    );
    assert!(form
        .missing_required(&answers(json!({"born_sweden": "yes", "citizen": "yes"})))
        .is_empty());
}

#[test]
fn answered_share_counts_applicable_questions_only() {
    let form = demo();
    // Born in Sweden, not a citizen, not discriminated: questions that apply are
    // born_sweden, citizen, democracy_importance, participation, discriminated,
    // equal_rights, comments (7); notes and the calculate never count.
    let current = answers(json!({"born_sweden": "yes", "citizen": "no", "discriminated": "no"}));
    assert_eq!(form.answered_share(&current), (3, 7));
    assert_eq!(form.answered_share(&Answers::new()), (0, 7));
    let abroad = answers(
        json!({"born_sweden": "no", "arrival_year": 1990, "years_in_sweden": 37, "citizen": "yes"}),
    );
    // + arrival_year, swedish_level, voted_riksdag = 10 applicable, 3 answered.
    assert_eq!(form.answered_share(&abroad), (3, 10));
}

#[test]
fn a_page_that_does_not_exist_accepts_nothing() {
    let form = demo();
    let errors = save_errors(&form, 42, &Answers::new(), json!({"born_sweden": "no"}));
    assert_eq!(errors, vec![error("born_sweden", ItemErrorKind::NotOnPage)]);
    assert!(form
        .parse_form_input(42, &fields(&[("_csrf", "x")]))
        .is_empty());
}

#[test]
fn a_question_brought_in_on_the_same_page_is_asked_before_it_is_insisted_on() {
    use super::RequiredCheck;
    let form = demo();
    let empty = Answers::new();
    let born_abroad = submitted(json!({"born_sweden": "no"}));
    // The JSON API insists: arrival_year applies now and is required.
    assert_eq!(
        form.save_page_checking(P_ABOUT, &empty, &born_abroad, RequiredCheck::All),
        Err(vec![error("arrival_year", ItemErrorKind::Required)])
    );
    // The pages first show it: the save goes through, and the page must be shown again.
    let after = form
        .save_page_checking(P_ABOUT, &empty, &born_abroad, RequiredCheck::Seen(None))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(form.brings_in_questions(P_ABOUT, &empty, &after));
    // Once seen, it is insisted on.
    assert_eq!(
        form.save_page_checking(P_ABOUT, &after, &born_abroad, RequiredCheck::Seen(None)),
        Err(vec![error("arrival_year", ItemErrorKind::Required)])
    );
    // Going back insists on nothing but still refuses what cannot be stored.
    let citizen_unanswered = submitted(json!({"democracy_importance": 7}));
    assert!(form
        .save_page_checking(
            P_DEMOCRACY,
            &after,
            &citizen_unanswered,
            RequiredCheck::Skip
        )
        .is_ok());
    let not_a_number = submitted(json!({"democracy_importance": "many"}));
    assert_eq!(
        form.save_page_checking(P_DEMOCRACY, &after, &not_a_number, RequiredCheck::Skip),
        Err(vec![error(
            "democracy_importance",
            ItemErrorKind::NotInteger
        )])
    );
    // An answer that changes nothing on the page brings in nothing.
    let same = save(
        &form,
        P_ABOUT,
        &after,
        json!({"born_sweden": "no", "arrival_year": 1990}),
    );
    assert!(!form.brings_in_questions(P_ABOUT, &same, &same));
}

/// Page 2 with "Ja" to citizenship and 11 for importance is refused, and shown again with the
/// voting question the "Ja" brings in. Corrected to 9, the save goes through and brings in
/// nothing new: the page listed the voting question, so the respondent has seen it.
#[test]
fn a_question_shown_with_refused_answers_counts_as_seen() {
    use super::RequiredCheck;
    let form = demo();
    let shown_with = |answers: &Answers| -> Vec<String> {
        form.page_items(P_DEMOCRACY)
            .iter()
            .zip(form.page_items_relevant(P_DEMOCRACY, answers))
            .filter(|(_, relevant)| *relevant)
            .map(|(item, _)| item.name.clone())
            .collect()
    };
    let empty = Answers::new();
    let before = shown_with(&empty);
    let first = json!({"citizen": "yes", "democracy_importance": 11});
    let refused = form.accept_page(
        P_DEMOCRACY,
        empty.clone(),
        &submitted(first.clone()),
        RequiredCheck::Seen(Some(&before)),
    );
    assert!(refused.is_err(), "11 is out of range");
    // The page comes back with what was typed, so with the question "Ja" brings in.
    let shown = shown_with(&answers(first));
    assert!(shown.contains(&"voted_riksdag".to_string()), "{shown:?}");
    assert!(!before.contains(&"voted_riksdag".to_string()), "{before:?}");
    let corrected = submitted(json!({"citizen": "yes", "democracy_importance": 9}));
    match form.accept_page(
        P_DEMOCRACY,
        empty.clone(),
        &corrected,
        RequiredCheck::Seen(Some(&shown)),
    ) {
        Ok(page) => assert!(!page.brings_in_questions, "nothing new to show"),
        // Or the voting question is required: then it is asked, having been seen.
        Err(errors) => assert_eq!(
            errors,
            vec![error("voted_riksdag", ItemErrorKind::Required)]
        ),
    }
    // Judged by the stored answers alone, the page would come back unexplained.
    let by_stored = form
        .accept_page(P_DEMOCRACY, empty, &corrected, RequiredCheck::Seen(None))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(by_stored.brings_in_questions);
}

#[test]
fn a_calculation_names_the_chosen_choice_in_the_default_language() {
    let label = Item {
        calculation: Some("jr:choice-name(${citizen}, '${citizen}')".to_owned()),
        ..item("citizen_label", ItemKind::Calculate)
    };
    let form = CompiledForm::new(form_with(vec![page(
        "p",
        vec![select("citizen", ItemKind::SelectOne, "yes_no"), label],
    )]))
    .unwrap_or_else(|e| panic!("{e}"));
    let saved = save(&form, 0, &Answers::new(), json!({"citizen": "no"}));
    assert_eq!(
        saved.get("citizen_label"),
        Some(&json!("Nej")),
        "sv is the default"
    );
    let cleared = save(&form, 0, &saved, json!({}));
    assert_eq!(cleared.get("citizen_label"), None, "no choice, no label");
}
