//! The strata file: accepted forms and every refusal.

use super::super::{parse_strata, SampleErrors};
use super::places;

fn strata_errors(csv: &str) -> SampleErrors {
    parse_strata(csv.as_bytes()).expect_err("must be refused")
}

#[test]
fn bom_semicolons_crlf_and_header_case_are_accepted() {
    let csv =
        "\u{feff}Stratum;Label;Population;Sample_Size\r\nSE;Sverige;100;10\r\nEU;EU;50;50\r\n";
    let strata = parse_strata(csv.as_bytes()).expect("valid");
    assert_eq!(strata.len(), 2);
    assert_eq!(strata[0].code.as_str(), "SE");
    assert_eq!(strata[1].population, 50);
    assert_eq!(strata[1].sample_size, 50);
}

#[test]
fn optional_target_response_rate() {
    let csv = "stratum,label,population,sample_size,target_response_rate\nSE,Sverige,100,10,0.55\nEU,EU,50,5,\n";
    let strata = parse_strata(csv.as_bytes()).expect("valid");
    assert_eq!(strata[0].target_response_rate, Some(0.55));
    assert_eq!(strata[1].target_response_rate, None);

    let bad = "stratum,label,population,sample_size,target_response_rate\nSE,Sverige,100,10,55\n";
    assert_eq!(
        places(&strata_errors(bad)),
        [(2, Some("target_response_rate"))]
    );
}

#[test]
fn bad_numbers_are_refused_with_line_and_column() {
    let csv = "stratum,label,population,sample_size\n\
               SE,Sverige,100,10\n\
               EU,EU,6 200 000,x\n\
               AF,Afrika,-5,1\n\
               AS,Asien,1.5,1\n";
    let errors = strata_errors(csv);
    assert_eq!(
        places(&errors),
        [
            (3, Some("population")),
            (3, Some("sample_size")),
            (4, Some("population")),
            (5, Some("population"))
        ]
    );
    assert!(errors.errors[0].message.contains("whole number"));
}

#[test]
fn sample_size_must_be_positive_and_at_most_population() {
    let csv = "stratum,label,population,sample_size\nSE,Sverige,100,0\nEU,EU,50,51\n";
    let errors = strata_errors(csv);
    assert_eq!(
        places(&errors),
        [(2, Some("sample_size")), (3, Some("sample_size"))]
    );
    assert!(errors.errors[1].message.contains("larger than population"));
}

#[test]
fn duplicate_stratum_codes_are_refused() {
    let csv =
        "stratum,label,population,sample_size\nSE,Sverige,100,10\nEU,EU,50,5\nSE,Igen,100,10\n";
    let errors = strata_errors(csv);
    assert_eq!(places(&errors), [(4, Some("stratum"))]);
    assert!(errors.errors[0].message.contains("first on line 2"));
}

#[test]
fn invalid_stratum_codes_are_refused() {
    let long = "X".repeat(33);
    let csv = format!(
        "stratum,label,population,sample_size\nS E,a,1,1\n{long},b,1,1\n,c,1,1\nÖST,d,1,1\nOK_1-a,e,1,1\n"
    );
    let errors = strata_errors(&csv);
    assert_eq!(
        places(&errors),
        [
            (2, Some("stratum")),
            (3, Some("stratum")),
            (4, Some("stratum")),
            (5, Some("stratum"))
        ]
    );
}

#[test]
fn empty_label_is_refused() {
    let errors = strata_errors("stratum,label,population,sample_size\nSE,,100,10\n");
    assert_eq!(places(&errors), [(2, Some("label"))]);
}

#[test]
fn missing_and_unknown_columns_are_refused_on_line_one() {
    let errors = strata_errors("stratum,label,population\nSE,Sverige,100\n");
    assert_eq!(places(&errors), [(1, Some("sample_size"))]);

    let errors =
        strata_errors("stratum,label,population,sample_size,target_rr\nSE,Sverige,100,10,0.5\n");
    assert_eq!(places(&errors), [(1, Some("target_rr"))]);

    let errors = strata_errors("stratum,label,population,sample_size,label\nSE,S,100,10,S\n");
    assert_eq!(places(&errors), [(1, Some("label"))]);
}

#[test]
fn empty_files_are_refused() {
    assert_eq!(places(&strata_errors("")), [(1, None)]);
    assert_eq!(
        places(&strata_errors("stratum,label,population,sample_size\n")),
        [(1, None)]
    );
}

#[test]
fn wrong_number_of_fields_is_refused() {
    let csv =
        "stratum,label,population,sample_size\nSE,Sverige,100\nEU,EU,50,5,extra\nAF,Afrika,10,1\n";
    assert_eq!(places(&strata_errors(csv)), [(2, None), (3, None)]);
}

#[test]
fn text_that_is_not_utf8_is_refused() {
    let mut csv = b"stratum,label,population,sample_size\nSE,Sverige,100,10\nEU,F".to_vec();
    csv.push(0xF6); // ö in Latin-1
    csv.extend_from_slice(b"dd,50,5\n");
    let errors = parse_strata(csv.as_slice()).expect_err("Latin-1 is refused");
    assert_eq!(places(&errors), [(3, Some("label"))]);
    assert!(errors.errors[0].message.contains("UTF-8"));
}
