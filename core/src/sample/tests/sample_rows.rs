//! Sample files that are accepted: how rows are split and normalised.

use super::read_sample;

const HEADER: &str = "person_id,stratum,first_name,last_name,care_of,street,postcode,city,email,phone,language,sex,age_group\n";

#[test]
fn rows_are_split_into_case_contact_and_auxiliaries() {
    let csv = format!(
        "{HEADER}P1,SE,Anna,Berg,,Storgatan 1,111 22,Stockholm,anna.berg@example.se,070-123 45 67,SV,K,30-49\n\
         P2,EU,Jan,Ek,c/o Ek,\"Gatan 2, lgh 1101\",222 33,Lund,,,,M,16-29\n"
    );
    let (result, rows) = read_sample(csv.as_bytes());
    let summary = result.expect("valid");
    assert_eq!(summary.rows, 2);
    assert_eq!(summary.rows_with_email, 1);
    assert_eq!(summary.auxiliary_columns, ["sex", "age_group"]);

    let anna = &rows[0];
    assert_eq!(anna.line, 2);
    assert_eq!(anna.person_id, "P1");
    assert_eq!(anna.stratum.as_str(), "SE");
    assert_eq!(anna.language.as_deref(), Some("sv"), "lowercased");
    assert_eq!(
        anna.contact.email.as_ref().map(|email| email.as_str()),
        Some("anna.berg@example.se")
    );
    assert_eq!(anna.auxiliaries.get("sex").map(String::as_str), Some("K"));
    assert_eq!(
        anna.auxiliaries.len(),
        2,
        "contact columns are not auxiliaries"
    );

    let jan = &rows[1];
    assert_eq!(jan.language, None, "empty language cell");
    assert_eq!(jan.contact.email, None, "empty e-mail cell");
    assert_eq!(jan.contact.phone, None);
    assert_eq!(jan.contact.street.as_deref(), Some("Gatan 2, lgh 1101"));
}

#[test]
fn minimal_file_has_only_the_required_columns() {
    let (result, rows) = read_sample(b"person_id,stratum\nP1,SE\nP2,ASIA\n");
    let summary = result.expect("valid");
    assert_eq!(summary.rows, 2);
    assert!(summary.auxiliary_columns.is_empty());
    assert_eq!(rows[1].contact, super::super::Contact::default());
    assert_eq!(rows[1].language, None);
}

#[test]
fn design_weight_or_weight_column_is_read() {
    let (result, rows) =
        read_sample(b"person_id,stratum,design_weight\nP1,SE,12.5\nP2,SE,\nP3,EU,\"7,25\"\n");
    assert!(result.expect("valid").has_design_weight_column);
    let weights: Vec<Option<f64>> = rows.iter().map(|row| row.design_weight).collect();
    assert_eq!(weights, [Some(12.5), None, Some(7.25)]);
    assert!(
        rows[0].auxiliaries.is_empty(),
        "the weight is not an auxiliary"
    );

    let (result, rows) = read_sample(b"person_id,stratum,Weight\nP1,SE,3\n");
    result.expect("valid");
    assert_eq!(rows[0].design_weight, Some(3.0));
}

#[test]
fn bom_crlf_semicolons_padding_and_header_case_are_accepted() {
    let csv = "\u{feff}Person_ID ; Stratum ; E-post ; Email\r\n P1 ; SE ; x ; a@b.se \r\n";
    let (result, rows) = read_sample(csv.as_bytes());
    result.expect("valid");
    assert_eq!(rows[0].person_id, "P1");
    assert_eq!(rows[0].stratum.as_str(), "SE");
    assert_eq!(
        rows[0].contact.email.as_ref().map(|email| email.as_str()),
        Some("a@b.se")
    );
    assert_eq!(
        rows[0].auxiliaries.get("e-post").map(String::as_str),
        Some("x")
    );
}

#[test]
fn a_quoted_line_break_keeps_later_line_numbers_right() {
    let csv = "person_id,stratum,street\nP1,SE,\"Storgatan 1\nlgh 1101\"\nP2,EU,Gatan 2\n";
    let (result, rows) = read_sample(csv.as_bytes());
    result.expect("valid");
    assert_eq!(rows.iter().map(|row| row.line).collect::<Vec<_>>(), [2, 4]);
}

#[test]
fn debug_of_a_row_shows_no_personal_data() {
    let csv = format!(
        "{HEADER}P1234567,SE,Anna,Berg,,Storgatan 1,111 22,Stockholm,anna.berg@example.se,070-123 45 67,sv,K,30-49\n"
    );
    let (result, rows) = read_sample(csv.as_bytes());
    result.expect("valid");
    let shown = format!("{:?}", rows[0]);
    for personal in [
        "P1234567",
        "Anna",
        "Berg",
        "Storgatan",
        "111 22",
        "Stockholm",
        "anna.berg",
        "070",
    ] {
        assert!(!shown.contains(personal), "{personal} in {shown}");
    }
    assert!(shown.contains("SE"));
}
