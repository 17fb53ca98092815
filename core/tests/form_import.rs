//! Questionnaire import from XLSForm and JSON, against the demo questionnaire and one small
//! workbook per refusal (made by tests/fixtures/forms/make_bad_forms.py).

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

use svar_core::form::model::{ItemKind, Language, RangeScale};
use svar_core::form::{export_json, import_json, import_xlsform, Form, ImportIssue};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/forms/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn demo_form() -> Form {
    match import_xlsform(&fixture("integration-survey.xlsx")) {
        Ok(report) => report.form,
        Err(errors) => panic!("demo refused: {:#?}", errors.0),
    }
}

/// The errors of a fixture that must be refused.
fn refusal(name: &str) -> Vec<ImportIssue> {
    match import_xlsform(&fixture(name)) {
        Ok(report) => panic!("{name} was accepted: {:#?}", report.form),
        Err(errors) => errors.0,
    }
}

fn shown(issues: &[ImportIssue]) -> Vec<String> {
    issues.iter().map(ToString::to_string).collect()
}

/// Asserts one issue is displayed exactly as `expected`.
fn assert_has(issues: &[ImportIssue], expected: &str) {
    let shown = shown(issues);
    assert!(
        shown.iter().any(|s| s == expected),
        "expected `{expected}` among {shown:#?}"
    );
}

#[test]
fn demo_has_five_pages_in_four_languages() {
    let form = demo_form();
    assert_eq!(form.form_id, "integration_2027");
    assert_eq!(form.title, "Integration i Sverige 2027");
    assert_eq!(form.version, "2027.1");
    assert_eq!(form.default_language, "sv");
    let language = |code: &str, name: &str| Language {
        code: code.into(),
        name: name.into(),
    };
    assert_eq!(
        form.languages,
        vec![
            language("sv", "Svenska"),
            language("en", "English"),
            language("ar", "العربية"),
            language("fa", "فارسی"),
        ]
    );
    let page_ids: Vec<&str> = form.pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        page_ids,
        ["p_about", "p_democracy", "p_social", "p_values", "p_end"]
    );
    assert_eq!(
        form.pages[0].title.get("en").map(String::as_str),
        Some("About you")
    );
    assert_eq!(form.pages[0].relevant, None);
}

#[test]
fn demo_items_are_in_sheet_order_with_their_types() {
    let form = demo_form();
    let items: Vec<(&str, ItemKind)> = form.items().map(|i| (i.name.as_str(), i.kind)).collect();
    use ItemKind::*;
    assert_eq!(
        items,
        vec![
            ("born_sweden", SelectOne),
            ("arrival_year", Integer),
            ("swedish_level", SelectOne),
            ("years_in_sweden", Calculate),
            ("years_note", Note),
            ("citizen", SelectOne),
            ("voted_riksdag", SelectOne),
            ("voted_municipal", SelectOne),
            ("trust_riksdag", SelectOne),
            ("trust_police", SelectOne),
            ("trust_courts", SelectOne),
            ("democracy_importance", Integer),
            ("participation", SelectMultiple),
            ("meet_swedish_born", SelectOne),
            ("meet_foreign_born", SelectOne),
            ("lonely", SelectOne),
            ("discriminated", SelectOne),
            ("discrimination_grounds", SelectMultiple),
            ("belonging", Integer),
            ("values_intro", Note),
            ("equal_rights", SelectOne),
            ("criticise_religion", SelectOne),
            ("same_sex_marriage", SelectOne),
            ("choose_partner", SelectOne),
            ("comments", Text),
        ]
    );
}

#[test]
fn demo_items_keep_conditions_texts_and_appearance() {
    let form = demo_form();
    let item = |name: &str| form.item(name).unwrap_or_else(|| panic!("no item {name}"));
    let arrival = item("arrival_year");
    assert_eq!(arrival.relevant.as_deref(), Some("${born_sweden} = 'no'"));
    assert_eq!(
        arrival.constraint.as_deref(),
        Some(". >= 1920 and . <= 2026")
    );
    assert!(arrival.required);
    assert_eq!(
        arrival.constraint_message.get("en").map(String::as_str),
        Some("Enter a year between 1920 and 2026.")
    );
    assert_eq!(
        item("born_sweden").label.get("fa").map(String::as_str),
        Some("آیا در سوئد متولد شده‌اید؟")
    );
    assert_eq!(
        item("years_in_sweden").calculation.as_deref(),
        Some("if(${born_sweden} = 'no', 2027 - ${arrival_year}, '')")
    );
    assert_eq!(
        item("voted_municipal").hint.get("sv").map(String::as_str),
        Some("Alla som varit folkbokförda i Sverige i tre år i följd får rösta i kommunval.")
    );
    assert_eq!(item("comments").appearance.as_deref(), Some("multiline"));
    assert!(!item("swedish_level").required);
    assert_eq!(
        item("participation").choice_list.as_deref(),
        Some("participation")
    );
}

#[test]
fn demo_choice_lists_keep_sheet_order() {
    let form = demo_form();
    let lists: Vec<&str> = form.choice_lists.keys().map(String::as_str).collect();
    assert_eq!(
        lists,
        [
            "agree5",
            "freq5",
            "grounds",
            "level4",
            "often5",
            "participation",
            "trust5",
            "yes_no",
            "yes_no_dk"
        ]
    );
    let yes_no_dk: Vec<&str> = form.choice_lists["yes_no_dk"]
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(yes_no_dk, ["yes", "no", "dk"]);
    let dk = &form.choice_lists["yes_no_dk"][2];
    assert_eq!(dk.label.get("ar").map(String::as_str), Some("لا أعرف"));
    assert_eq!(form.choice_lists["participation"].len(), 6);
}

#[test]
fn demo_imports_without_warnings() {
    let report = import_xlsform(&fixture("integration-survey.xlsx")).expect("demo accepted");
    assert_eq!(shown(&report.warnings), Vec::<String>::new());
}

#[test]
fn demo_round_trips_through_json() {
    let form = demo_form();
    let text = export_json(&form);
    let again = import_json(&text).expect("exported JSON is accepted");
    assert_eq!(again.form, form);
    assert!(again.warnings.is_empty());
    assert_eq!(export_json(&again.form), text);
}

#[test]
fn groups_and_calculates_outside_field_lists() {
    let report = import_xlsform(&fixture("structure.xlsx")).expect("structure accepted");
    let form = &report.form;
    assert_eq!(form.form_id, "structure_test");
    assert_eq!(form.title, "structure_test");
    assert_eq!(form.version, "3");
    assert_eq!(form.default_language, "en");
    let codes: Vec<&str> = form.languages.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["en", "sv"]);

    let pages: Vec<(&str, Option<&str>, Vec<&str>)> = form
        .pages
        .iter()
        .map(|p| {
            let items = p.items.iter().map(|i| i.name.as_str()).collect();
            (p.id.as_str(), p.relevant.as_deref(), items)
        })
        .collect();
    assert_eq!(
        pages,
        vec![
            // c0 comes before any page: it goes onto the first page.
            ("age", Some("${c0} = 2"), vec!["c0", "age"]),
            // the outer group's relevant is joined onto the page's own; c1 follows its page.
            (
                "p1",
                Some("(${c0} = 2) and (${age} > 17)"),
                vec!["job", "employer", "c1"]
            ),
            ("bye", None, vec!["bye"]),
        ]
    );
    let employer = form.item("employer").expect("employer");
    assert_eq!(
        employer.relevant.as_deref(),
        Some("(${job} != '') and (${age} < 65)")
    );
    assert_eq!(
        form.pages[1].title.get("sv").map(String::as_str),
        Some("Sida ett")
    );
    assert!(form.pages[0].title.is_empty());
    assert_eq!(form.item("c1").and_then(|i| i.relevant.as_deref()), None);

    let warnings = shown(&report.warnings);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("survey!R3: the label of group `outer` is not shown")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|w| w
            == "survey!R6 (label::Svenska (sv)): the label has no text in Svenska (sv); the default language is shown"),
        "{warnings:#?}"
    );
}

#[test]
fn a_repeat_within_a_repeat_within_a_repeat_is_refused_by_name() {
    let errors = refusal("repeat.xlsx");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&errors));
    assert_has(
        &errors,
        "survey!R7 (type): repeat `parts` is inside repeat `toys`, itself inside a repeat: \
         repeats go one inside another at most",
    );
}

#[test]
fn a_household_roster_imports_with_its_repeats() {
    let report = match import_xlsform(&fixture("roster.xlsx")) {
        Ok(report) => report,
        Err(errors) => panic!("roster refused: {:#?}", shown(&errors.0)),
    };
    let form = report.form;
    let repeats: Vec<(&str, Option<&str>, Option<&str>)> = form
        .repeats
        .iter()
        .map(|r| (r.name.as_str(), r.count.as_deref(), r.relevant.as_deref()))
        .collect();
    assert_eq!(
        repeats,
        vec![
            ("member", Some("${hh_size}"), None),
            ("child", None, Some("${hh_size} > 1")),
        ]
    );
    assert_eq!(form.repeats[0].label["sv"], "Hushållsmedlem");
    let warnings = shown(&report.warnings);
    assert!(
        warnings.contains(
            &"survey!R3 (repeat_count): repeat `member` asks at most 30 instances on Svar's \
              pages: a larger repeat_count is cut to 30"
                .to_string()
        ),
        "{warnings:#?}"
    );
    let pages: Vec<(&str, Option<&str>)> = form
        .pages
        .iter()
        .map(|p| (p.id.as_str(), p.repeat.as_deref()))
        .collect();
    // The calculates after each repeat go onto the page before it outside any repeat, not
    // into the repeat's last page.
    assert_eq!(
        pages,
        vec![
            ("hh_size", None),
            ("member", Some("member")),
            ("summary", None),
            ("c_name", Some("child")),
            ("c_age", Some("child")),
            ("done", None),
        ]
    );
    let names = |page: usize| -> Vec<&str> {
        form.pages[page]
            .items
            .iter()
            .map(|i| i.name.as_str())
            .collect()
    };
    assert_eq!(names(0), ["hh_size", "n_members", "n_abroad", "first_name"]);
    assert_eq!(
        names(1),
        ["m_number", "m_name", "m_born", "m_arrived", "m_abroad"]
    );
    assert_eq!(names(2), ["summary", "n_children"]);
}

#[test]
fn types_that_need_a_device_are_refused_by_name() {
    let errors = refusal("unknown_type.xlsx");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&errors));
    assert_eq!(
        errors[0].to_string(),
        "survey!R3 (type): type `geopoint` needs a device's location, which a web \
         questionnaire does not have"
    );
}

#[test]
fn unknown_functions_are_refused() {
    let errors = refusal("unknown_function.xlsx");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&errors));
    let issue = &errors[0];
    assert_eq!(
        (issue.sheet.as_str(), issue.row, issue.column.as_deref()),
        ("survey", Some(3), Some("relevant"))
    );
    assert!(issue.message.contains("random"), "{issue}");
}

#[test]
fn references_to_nothing_are_refused_in_every_expression_column() {
    let errors = refusal("unknown_reference.xlsx");
    assert_has(
        &errors,
        "survey!R3 (relevant): ${arival_year} names no question",
    );
    assert_has(&errors, "survey!R4 (constraint): ${agee} names no question");
    assert_has(&errors, "survey!R5 (calculation): ${ag} names no question");
    assert_eq!(errors.len(), 3, "{:#?}", shown(&errors));
}

#[test]
fn piping_to_nothing_is_refused() {
    let errors = refusal("unknown_piping.xlsx");
    assert_eq!(
        shown(&errors),
        ["survey!R3 (label::English (en)): ${agee} names no question"]
    );
}

#[test]
fn a_select_without_its_list_is_refused() {
    let errors = refusal("missing_choice_list.xlsx");
    assert_eq!(
        shown(&errors),
        ["survey!R3 (type): choice list `colours` does not exist"]
    );
}

#[test]
fn two_languages_with_one_code_are_refused() {
    let errors = refusal("duplicate_language.xlsx");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&errors));
    let issue = &errors[0];
    assert_eq!(
        (issue.row, issue.column.as_deref()),
        (Some(1), Some("label::Swedish (sv)"))
    );
    assert!(
        issue.message.contains("two languages have the code `sv`"),
        "{issue}"
    );
}

#[test]
fn duplicate_names_are_refused() {
    let errors = refusal("duplicate_name.xlsx");
    assert_eq!(
        shown(&errors),
        ["survey!R4 (name): the name `age` is used twice (also at survey!R2)"]
    );
}

#[test]
fn unbalanced_groups_are_refused() {
    assert_eq!(
        shown(&refusal("unclosed_group.xlsx")),
        ["survey!R2 (type): group `p1` is never closed: add an end_group"]
    );
    assert_eq!(
        shown(&refusal("stray_end_group.xlsx")),
        ["survey!R3 (type): end_group has no begin_group to close"]
    );
}

#[test]
fn a_workbook_without_survey_sheet_or_columns_is_refused() {
    assert_eq!(
        shown(&refusal("no_survey_sheet.xlsx")),
        ["xlsx: the workbook has no `survey` sheet"]
    );
    assert_eq!(
        shown(&refusal("no_type_column.xlsx")),
        ["survey!R1: the survey sheet has no `type` column"]
    );
}

#[test]
fn an_expression_that_does_not_parse_shows_where() {
    let errors = refusal("unparsable_expression.xlsx");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&errors));
    let shown = errors[0].to_string();
    assert!(
        shown.starts_with("survey!R3 (relevant): `(${age} > 17` does not parse at character "),
        "{shown}"
    );
}

#[test]
fn an_empty_list_name_is_refused() {
    assert_eq!(
        shown(&refusal("empty_list_name.xlsx")),
        ["choices!R4 (list_name): list_name is empty: every choice belongs to a named list"]
    );
}

#[test]
fn invalid_names_are_refused() {
    let errors = refusal("invalid_name.xlsx");
    let rows: Vec<(Option<u32>, Option<&str>)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_deref()))
        .collect();
    assert_eq!(rows, [(Some(2), Some("name")), (Some(3), Some("name"))]);
    assert!(errors[0].message.contains("`1st_question` is not valid"));
}

#[test]
fn garbage_bytes_give_one_clear_error() {
    for bytes in [
        &b"this is not a spreadsheet"[..],
        &[0u8; 0][..],
        &b"PK\x03\x04 broken zip"[..],
    ] {
        let errors = import_xlsform(bytes).expect_err("garbage refused").0;
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .to_string()
                .starts_with("xlsx: the file is not a readable .xlsx workbook"),
            "{}",
            errors[0]
        );
    }
}

#[test]
fn all_errors_are_reported_not_just_the_first() {
    let errors = refusal("many_errors.xlsx");
    let places: Vec<(Option<u32>, Option<&str>)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_deref()))
        .collect();
    for expected in [
        (Some(2), Some("type")),
        (Some(3), Some("relevant")),
        (Some(4), Some("name")),
        (Some(5), Some("type")),
        (Some(6), Some("relevant")),
    ] {
        assert!(places.contains(&expected), "{expected:?} in {places:?}");
    }
}

#[test]
fn json_with_unknown_fields_is_refused() {
    let mut value: serde_json::Value =
        serde_json::from_str(&export_json(&demo_form())).expect("json");
    value["pages"][0]["items"][0]["colour"] = serde_json::json!("red");
    let errors = import_json(&value.to_string()).expect_err("refused").0;
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("unknown field `colour`"),
        "{}",
        errors[0]
    );
    let errors = import_json("{ not json").expect_err("refused").0;
    assert_eq!(errors.len(), 1);
}

#[test]
fn json_is_checked_like_xlsform() {
    let mut value: serde_json::Value =
        serde_json::from_str(&export_json(&demo_form())).expect("json");
    value["pages"][0]["items"][1]["relevant"] = serde_json::json!("${arival} = 1");
    value["pages"][1]["items"][1]["choice_list"] = serde_json::json!("nope");
    value["pages"][2]["items"][0]["label"]["xx"] = serde_json::json!("?");
    let errors = shown(&import_json(&value.to_string()).expect_err("refused").0);
    assert_eq!(
        errors,
        [
            "json (/pages/0/items/1/relevant): ${arival} names no question",
            "json (/pages/1/items/1/choice_list): choice list `nope` does not exist",
            "json (/pages/2/items/0/label/xx): `xx` is not one of the form's languages",
        ]
    );
}

#[test]
fn a_cascading_select_keeps_its_filter_and_the_column_it_names() {
    let report = import_xlsform(&fixture("cascading.xlsx")).expect("cascading accepted");
    let form = &report.form;
    let municipality = form.item("municipality").unwrap();
    assert_eq!(
        municipality.choice_filter.as_deref(),
        Some("region = ${region}")
    );
    let region = form.item("region").unwrap();
    assert_eq!(region.default.as_deref(), Some("ab"));
    assert_eq!(
        region.required_message.get("sv").map(String::as_str),
        Some("Välj det län du bor i.")
    );
    let solna = &form.choice_lists["municipalities"][0];
    assert_eq!(solna.columns.get("region").map(String::as_str), Some("ab"));
    assert!(
        !solna.columns.contains_key("note"),
        "a column no filter names is not kept"
    );
    assert_has(
        &report.warnings,
        "choices!R1 (note): column `note` is not used by Svar and is ignored",
    );
    // The JSON form carries both, and reads back the same.
    let json = export_json(form);
    assert!(json.contains("\"choice_filter\""), "{json}");
    assert_eq!(&import_json(&json).unwrap().form, form);
}

#[test]
fn a_default_must_be_an_answer_to_its_question() {
    let form = |default: &str| {
        serde_json::json!({
            "form_id": "f", "title": "F", "version": "1", "default_language": "en",
            "languages": [{"code": "en", "name": "English"}],
            "pages": [{"id": "born", "items": [{"name": "born", "type": "integer",
                "label": {"en": "Year of birth"}, "default": default}]}],
            "choice_lists": {}
        })
        .to_string()
    };
    assert_eq!(
        import_json(&form("1980"))
            .unwrap()
            .form
            .item("born")
            .unwrap()
            .default
            .as_deref(),
        Some("1980")
    );
    let shown = |errors: Vec<ImportIssue>| shown(&errors);
    let not_a_year = shown(import_json(&form("nineteen")).unwrap_err().0);
    assert_eq!(
        not_a_year,
        ["json (/pages/0/items/0/default): default `nineteen` is not an answer to this question"]
    );
    let dynamic = shown(import_json(&form("${other} + 1")).unwrap_err().0);
    assert!(
        dynamic[0].contains("a dynamic default) is not supported yet"),
        "{dynamic:?}"
    );
}

#[test]
fn time_datetime_range_acknowledge_hidden_and_metadata_import() {
    let report = import_xlsform(&fixture("types.xlsx")).expect("types accepted");
    assert_eq!(
        shown(&report.warnings),
        [
            "survey!R20 (appearance): `header` is the header row of a grid (appearance `label`): \
          on Svar's pages each question shows its own choices, so it is left out"
        ]
    );
    let form = &report.form;
    let kind = |name: &str| form.item(name).map(|item| item.kind);
    assert_eq!(kind("visit_time"), Some(ItemKind::Time));
    assert_eq!(kind("booked_at"), Some(ItemKind::DateTime));
    assert_eq!(kind("consent"), Some(ItemKind::Acknowledge));
    let trust = form.item("trust").unwrap();
    assert_eq!(trust.kind, ItemKind::Range);
    assert_eq!(
        trust.range,
        Some(RangeScale {
            start: 0.0,
            end: 10.0,
            step: 1.0
        })
    );
    assert_eq!(form.item("share").unwrap().range.unwrap().step, 0.05);
    // A hidden value is a calculate holding its default; start, end and today are filled by
    // the server.
    let calculation = |name: &str| form.item(name).and_then(|i| i.calculation.clone());
    assert_eq!(kind("source"), Some(ItemKind::Calculate));
    assert_eq!(calculation("source").as_deref(), Some("'letter'"));
    assert_eq!(calculation("start").as_deref(), Some("once(now())"));
    assert_eq!(calculation("end").as_deref(), Some("now()"));
    assert_eq!(calculation("today").as_deref(), Some("once(today())"));
    let pages: Vec<&str> = form.pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        pages,
        ["visit", "opinions"],
        "a field-list and a table-list"
    );
    let appearance = |name: &str| form.item(name).and_then(|i| i.appearance.clone());
    assert_eq!(appearance("born_in").as_deref(), Some("minimal"));
    assert_eq!(
        appearance("neighbours").as_deref(),
        Some("horizontal-compact")
    );
    assert!(form.item("header").is_none());
    let booking = form.item("booking_ref").unwrap();
    assert!(!booking.required);
    assert_eq!(booking.required_when.as_deref(), Some("${booked_at} != ''"));
    assert_eq!(kind("priorities"), Some(ItemKind::Rank));
    let reasons = form.item("reasons").unwrap();
    assert!(reasons.randomize && reasons.randomize_seed.is_none());
    let office = form.item("office").unwrap();
    assert!(office.read_only && !office.takes_answer());
    assert_eq!(office.default.as_deref(), Some("Örebro"));
    let tenths = form.item("trust_tenths").unwrap();
    assert!(tenths.read_only && tenths.is_computed());
    assert_eq!(tenths.calculation.as_deref(), Some("${trust} div 10"));
    let json = export_json(form);
    assert_eq!(&import_json(&json).unwrap().form, form);
}

#[test]
fn a_range_with_wrong_parameters_is_refused_where_they_are() {
    let form = |kind: &str, range: serde_json::Value| {
        serde_json::json!({
            "form_id": "f", "title": "F", "version": "1", "default_language": "en",
            "languages": [{"code": "en", "name": "English"}],
            "pages": [{"id": "q", "items": [{"name": "q", "type": kind,
                "label": {"en": "Q"}, "range": range}]}],
            "choice_lists": {}
        })
        .to_string()
    };
    let refused = |kind: &str, range: serde_json::Value| {
        shown(&import_json(&form(kind, range)).unwrap_err().0)
    };
    assert_eq!(
        refused(
            "range",
            serde_json::json!({"start": 0, "end": 10, "step": 3})
        ),
        ["json (/pages/0/items/0/range): range: end must be a whole number of steps from start"]
    );
    assert_eq!(
        refused("range", serde_json::Value::Null),
        ["json (/pages/0/items/0/range): a range needs its scale"]
    );
    assert_eq!(
        refused(
            "integer",
            serde_json::json!({"start": 0, "end": 10, "step": 1})
        ),
        ["json (/pages/0/items/0/range): only a range has a scale"]
    );
}

#[test]
fn a_required_expression_belongs_to_a_question_and_names_questions() {
    let form = |kind: &str, when: &str| {
        serde_json::json!({
            "form_id": "f", "title": "F", "version": "1", "default_language": "en",
            "languages": [{"code": "en", "name": "English"}],
            "pages": [{"id": "p", "items": [
                {"name": "works", "type": "text", "label": {"en": "Work?"}},
                {"name": "q", "type": kind, "label": {"en": "Q"}, "required_when": when,
                 "calculation": (kind == "calculate").then_some("1")}]}],
            "choice_lists": {}
        })
        .to_string()
    };
    let refused = |kind: &str, when: &str| shown(&import_json(&form(kind, when)).unwrap_err().0);
    assert!(import_json(&form("text", "${works} = 'yes'")).is_ok());
    assert_eq!(
        refused("text", "${work} = 'yes'"),
        ["json (/pages/0/items/1/required_when): ${work} names no question"]
    );
    assert_eq!(
        refused("calculate", "${works} = 'yes'"),
        ["json (/pages/0/items/1/required_when): only a question the respondent answers can be required"]
    );
}

#[test]
fn language_names_differing_in_case_are_one_language_and_comment_rows_are_left_out() {
    let report = import_xlsform(&fixture("language_case.xlsx")).expect("accepted");
    let codes: Vec<&str> = report
        .form
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    assert_eq!(codes, ["en"]);
    let citizen = report.form.item("citizen").unwrap();
    assert_eq!(
        report.form.choices(citizen).len(),
        2,
        "the blank row is no choice"
    );
    assert_eq!(
        shown(&report.warnings),
        [
            "survey!R1 (_comment): column `_comment` is not used by Svar and is ignored",
            "survey!R2: a row with no type, name or label is a comment: left out",
        ]
    );
}

#[test]
fn items_shown_by_media_only_are_left_out_or_asked_by_name() {
    let report = import_xlsform(&fixture("media_only.xlsx")).expect("accepted");
    let form = &report.form;
    assert!(form.item("map_note").is_none(), "a note of media only");
    let rooms = form.item("rooms").unwrap();
    assert_eq!(form.text(&rooms.label, "en"), "rooms");
    assert_eq!(
        shown(&report.warnings),
        [
            "survey!R1 (image): column `image` names media files, which Svar does not show yet: \
             the questions keep their text",
            "survey!R2 (type): note `map_note` shows only media, which Svar does not show yet: \
             left out",
            "survey!R3 (type): `rooms` is asked by media only, which Svar does not show yet: its \
             name is its label",
        ]
    );
}

#[test]
fn a_repeat_counted_by_its_own_answers_is_refused_at_import_not_when_answered() {
    let form = serde_json::json!({
        "form_id": "f", "title": "T", "version": "1", "default_language": "en",
        "languages": [{"code": "en", "name": "English"}],
        "pages": [{"id": "m", "repeat": "member", "items": [
            {"name": "m_age", "type": "integer", "label": {"en": "Age"}}]}],
        "choice_lists": {},
        "repeats": [{"name": "member", "count": "${m_age}"}],
    });
    let errors = import_json(&form.to_string()).expect_err("refused").0;
    assert_eq!(
        shown(&errors),
        [
            "json (/): the form cannot be answered: repeat_count of repeat 'member' refers to \
          ${m_age}, which is asked inside a repeat"
        ]
    );
}
