//! The demo files the product loads: they must always import cleanly.

use std::collections::BTreeMap;

use super::super::{parse_sample, parse_strata, StratumCode};

const DEMO_STRATA: &str = include_str!("../../../../demo/strata.csv");
const DEMO_SAMPLE: &str = include_str!("../../../../demo/sample-2000.csv");

#[test]
fn demo_strata_parse() {
    let strata = parse_strata(DEMO_STRATA.as_bytes()).expect("demo strata are valid");
    let codes: Vec<&str> = strata.iter().map(|stratum| stratum.code.as_str()).collect();
    assert_eq!(codes, ["SE", "NORDIC", "EU", "EUR", "AFR", "ASIA", "AMER"]);
    assert_eq!(strata[0].label, "Född i Sverige");
    assert_eq!(strata[0].population, 6_200_000);
    assert_eq!(strata[0].sample_size, 460);
    assert_eq!(strata[0].target_response_rate, None);
    assert_eq!(
        strata
            .iter()
            .map(|stratum| stratum.sample_size)
            .sum::<i64>(),
        2000
    );
}

#[test]
fn demo_sample_parses_with_every_row_in_order() {
    let strata = parse_strata(DEMO_STRATA.as_bytes()).expect("demo strata are valid");
    let mut rows = Vec::new();
    let summary = parse_sample(DEMO_SAMPLE.as_bytes(), &strata, |row| rows.push(row))
        .expect("demo sample is valid");

    assert_eq!(summary.rows, 2000);
    assert_eq!(rows.len(), 2000);
    assert_eq!(
        summary.auxiliary_columns,
        ["sex", "age_group", "county", "years_in_sweden"]
    );
    assert!(!summary.has_design_weight_column);
    assert_eq!(summary.rows_with_email, 599);
    for stratum in &strata {
        assert_eq!(
            summary.rows_per_stratum.get(&stratum.code).copied(),
            Some(u64::try_from(stratum.sample_size).expect("positive")),
            "stratum {}",
            stratum.code
        );
    }
    let lines: Vec<u64> = rows.iter().map(|row| row.line).collect();
    assert_eq!(lines, (2..=2001).collect::<Vec<u64>>());
}

#[test]
fn demo_sample_first_row_is_split_into_case_and_contact() {
    let strata = parse_strata(DEMO_STRATA.as_bytes()).expect("demo strata are valid");
    let mut rows = Vec::new();
    parse_sample(DEMO_SAMPLE.as_bytes(), &strata, |row| rows.push(row)).expect("valid");
    let first = &rows[0];
    assert_eq!(first.line, 2);
    assert_eq!(first.person_id, "P0000001");
    assert_eq!(first.stratum, StratumCode::parse("SE").expect("code"));
    assert_eq!(first.language.as_deref(), Some("sv"));
    assert_eq!(first.contact.first_name.as_deref(), Some("Erik"));
    assert_eq!(first.contact.last_name.as_deref(), Some("Berg"));
    assert_eq!(first.contact.care_of.as_deref(), Some("c/o Nilsson"));
    assert_eq!(first.contact.street.as_deref(), Some("Kungsvägen 52"));
    assert_eq!(first.contact.postcode.as_deref(), Some("423 54"));
    assert_eq!(first.contact.city.as_deref(), Some("Göteborg"));
    assert_eq!(first.contact.email, None);
    assert_eq!(first.contact.phone.as_deref(), Some("079-178 91 94"));
    let expected: BTreeMap<String, String> = [
        ("age_group", "16-29"),
        ("county", "14"),
        ("sex", "M"),
        ("years_in_sweden", ""),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    assert_eq!(first.auxiliaries, expected);
    assert_eq!(first.design_weight, None);

    let second = &rows[1];
    assert_eq!(
        second.contact.street.as_deref(),
        Some("Rinkebysvängen 108A, lgh 1225")
    );
    assert_eq!(second.contact.care_of, None);
}

#[test]
fn demo_sample_languages_and_emails() {
    let strata = parse_strata(DEMO_STRATA.as_bytes()).expect("demo strata are valid");
    let mut languages: BTreeMap<String, usize> = BTreeMap::new();
    let mut non_ascii_emails = 0;
    parse_sample(DEMO_SAMPLE.as_bytes(), &strata, |row| {
        *languages
            .entry(row.language.unwrap_or_default())
            .or_default() += 1;
        if row
            .contact
            .email
            .is_some_and(|email| !email.as_str().is_ascii())
        {
            non_ascii_emails += 1;
        }
    })
    .expect("valid");
    let expected: BTreeMap<String, usize> = [
        ("sv", 985),
        ("en", 496),
        ("ar", 213),
        ("fa", 184),
        ("so", 65),
        ("ti", 57),
    ]
    .into_iter()
    .map(|(code, count)| (code.to_owned(), count))
    .collect();
    assert_eq!(languages, expected);
    assert!(
        non_ascii_emails > 0,
        "addresses such as åsa…@example.se are accepted"
    );
}
