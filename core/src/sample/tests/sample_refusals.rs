//! Sample files that must be refused as a whole, one test per kind of problem.

use super::super::MAX_REPORTED_ERRORS;
use super::{places, read_sample, sample_errors};

#[test]
fn duplicate_person_id_names_the_first_line_but_not_the_id() {
    let errors = sample_errors("person_id,stratum\nP1000001,SE\nP2,SE\nP1000001,EU\n");
    assert_eq!(places(&errors), [(4, Some("person_id"))]);
    let message = &errors.errors[0].message;
    assert!(message.contains("first seen on line 2"), "{message}");
    assert!(!errors.to_string().contains("P1000001"));
}

#[test]
fn duplicate_is_found_even_when_the_first_row_had_other_problems() {
    let errors = sample_errors("person_id,stratum\nP1,XX\nP1,SE\n");
    assert_eq!(
        places(&errors),
        [(2, Some("stratum")), (3, Some("person_id"))]
    );
}

#[test]
fn unknown_stratum_lists_the_known_ones() {
    let errors = sample_errors("person_id,stratum\nP1,SE\nP2,AFR\nP3,se\nP4,\n");
    assert_eq!(
        places(&errors),
        [
            (3, Some("stratum")),
            (4, Some("stratum")),
            (5, Some("stratum"))
        ]
    );
    assert!(errors.errors[0].message.contains("SE, EU, ASIA"));
}

#[test]
fn malformed_emails_are_refused_without_echoing_them() {
    let bad = [
        "anna.berg.example.se",
        "anna@berg@example.se",
        "@example.se",
        "anna@localhost",
        "anna@example..se",
        "anna berg@example.se",
        "anna@example.se; jan@example.se",
        "anna@.se",
    ];
    let rows: String = bad
        .iter()
        .enumerate()
        .map(|(index, email)| format!("P{index},SE,\"{email}\"\n"))
        .collect();
    let errors = sample_errors(&format!("person_id,stratum,email\n{rows}"));
    let expected: Vec<(u64, Option<&str>)> = (2..)
        .take(bad.len())
        .map(|line| (line, Some("email")))
        .collect();
    assert_eq!(places(&errors), expected);
    let shown = errors.to_string();
    for email in bad {
        assert!(!shown.contains(email), "{email} echoed");
    }
    assert!(!shown.contains("anna"));
}

#[test]
fn missing_required_columns_are_refused_on_line_one() {
    let errors = sample_errors("id,group\nP1,SE\n");
    assert_eq!(
        places(&errors),
        [(1, Some("person_id")), (1, Some("stratum"))]
    );
    assert!(errors.errors[0].message.contains("missing"));
}

#[test]
fn header_problems_are_refused_on_line_one() {
    let errors = sample_errors("person_id,stratum,sex,SEX\nP1,SE,K,K\n");
    assert_eq!(places(&errors), [(1, Some("sex"))]);
    let errors = sample_errors("person_id,stratum,\nP1,SE,K\n");
    assert_eq!(places(&errors), [(1, None)]);
    let errors = sample_errors("person_id,stratum,design_weight,weight\nP1,SE,1,1\n");
    assert_eq!(places(&errors), [(1, None)]);
}

#[test]
fn text_that_is_not_utf8_is_refused_with_its_line() {
    let mut csv = b"person_id,stratum,last_name\nP1,SE,Berg\nP2,SE,Str".to_vec();
    csv.push(0xF6); // ö in Latin-1
    csv.extend_from_slice(b"m\nP3,SE,Ek\n");
    let (result, _) = read_sample(&csv);
    let errors = result.expect_err("Latin-1 is refused");
    assert_eq!(places(&errors), [(3, Some("last_name"))]);
    assert!(errors.errors[0].message.contains("UTF-8"));
}

#[test]
fn a_header_that_is_not_utf8_is_refused() {
    let csv = b"person_id,stratum,f\xF6dd\nP1,SE,1\n";
    let (result, _) = read_sample(csv);
    assert_eq!(places(&result.expect_err("refused")), [(1, None)]);
}

#[test]
fn bad_design_weight_is_refused() {
    let errors = sample_errors(
        "person_id,stratum,design_weight\nP1,SE,12.5\nP2,SE,abc\nP3,SE,0\nP4,SE,-1\nP5,SE,inf\n",
    );
    assert_eq!(
        places(&errors),
        [
            (3, Some("design_weight")),
            (4, Some("design_weight")),
            (5, Some("design_weight")),
            (6, Some("design_weight"))
        ]
    );
}

#[test]
fn empty_and_overlong_person_ids_are_refused() {
    let long = "P".repeat(65);
    let errors = sample_errors(&format!("person_id,stratum\n,SE\n{long},SE\n"));
    assert_eq!(
        places(&errors),
        [(2, Some("person_id")), (3, Some("person_id"))]
    );
    assert!(errors.errors[0].message.contains("empty"));
}

#[test]
fn wrong_number_of_fields_is_refused() {
    let errors = sample_errors("person_id,stratum,sex\nP1,SE\nP2,SE,K,extra\nP3,SE,K\n");
    assert_eq!(places(&errors), [(2, None), (3, None)]);
    assert!(errors.errors[0]
        .message
        .contains("2 fields but the header has 3"));
}

#[test]
fn bad_language_is_refused() {
    let errors = sample_errors("person_id,stratum,language\nP1,SE,svenska\nP2,SE,s1\nP3,SE,sv\n");
    assert_eq!(
        places(&errors),
        [(2, Some("language")), (3, Some("language"))]
    );
}

#[test]
fn an_empty_sample_is_refused() {
    assert_eq!(places(&sample_errors("person_id,stratum\n")), [(1, None)]);
    assert_eq!(places(&sample_errors("")), [(1, None)]);
}

#[test]
fn every_problem_of_a_row_is_reported() {
    let errors = sample_errors("person_id,stratum,email,language\n,XX,bad,swedish\n");
    assert_eq!(
        places(&errors),
        [
            (2, Some("person_id")),
            (2, Some("stratum")),
            (2, Some("language")),
            (2, Some("email"))
        ]
    );
}

#[test]
fn rows_stop_flowing_at_the_first_problem() {
    let (result, rows) = read_sample(b"person_id,stratum\nP1,SE\nP2,SE\nP3,XX\nP4,SE\n");
    assert_eq!(
        places(&result.expect_err("refused")),
        [(4, Some("stratum"))]
    );
    let handed_over: Vec<&str> = rows.iter().map(|row| row.person_id.as_str()).collect();
    assert_eq!(handed_over, ["P1", "P2"], "the caller rolls these back");
}

#[test]
fn reading_stops_after_the_error_limit_with_a_note() {
    let rows: String = (0..150).map(|index| format!("P{index},XX\n")).collect();
    let errors = sample_errors(&format!("person_id,stratum\n{rows}"));
    assert_eq!(errors.errors.len(), MAX_REPORTED_ERRORS);
    assert!(errors.stopped_early);
    let shown = errors.to_string();
    assert!(shown.contains("the file has more"), "{shown}");
    assert!(shown.starts_with("the file was not imported (100 problems):"));
    assert!(shown.contains("\nline 2, column stratum: "));
}

#[test]
fn messages_contain_no_personal_data() {
    let csv = "person_id,stratum,first_name,last_name,street,email,phone\n\
               P7654321,SE,Anna,Berg,Storgatan 1,anna@berg,070-1\n\
               P7654321,ÖÖ,Anna,Berg,Storgatan 1,anna@example.se,070-1\n\
               P1111111,Anna Berg,Jan,Ek,Gatan 2,jan@example.se,070-2\n";
    let errors = sample_errors(csv);
    assert_eq!(errors.errors.len(), 4);
    let shown = format!("{errors}\n{errors:?}");
    for personal in [
        "P7654321",
        "P1111111",
        "Anna",
        "Berg",
        "Storgatan",
        "anna@",
        "070-",
    ] {
        assert!(!shown.contains(personal), "{personal} in {shown}");
    }
}
