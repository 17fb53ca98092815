//! The small domain types of the sample module: e-mail, stratum code, language.

use super::super::{parse_language, Email, EmailError, StratumCode, StratumCodeError};

#[test]
fn plausible_emails_are_accepted() {
    for email in [
        "a@b.se",
        "anna.åkesson14@example.se",
        "x+tag@sub.example.co.uk",
        "a_b-c@xn--bcher-kva.example",
    ] {
        assert_eq!(
            Email::parse(email).map(|parsed| parsed.as_str().to_owned()),
            Ok(email.to_owned())
        );
    }
}

#[test]
fn implausible_emails_are_refused_for_a_stated_reason() {
    let long_local = format!("{}@example.se", "a".repeat(65));
    let too_long = format!("a@{}.se", "b".repeat(260));
    let cases = [
        ("", EmailError::NotOneAt),
        ("anna", EmailError::NotOneAt),
        ("a@b@c.se", EmailError::NotOneAt),
        ("@example.se", EmailError::EmptyLocalPart),
        (long_local.as_str(), EmailError::LocalPartTooLong),
        (too_long.as_str(), EmailError::TooLong),
        ("anna@example", EmailError::DomainWithoutDot),
        ("anna@", EmailError::DomainWithoutDot),
        ("anna@example.", EmailError::EmptyDomainLabel),
        ("anna@.example.se", EmailError::EmptyDomainLabel),
        ("anna@a..se", EmailError::EmptyDomainLabel),
        ("an na@example.se", EmailError::Whitespace),
        ("anna@example.se\u{0}", EmailError::Whitespace),
        ("<anna@example.se>", EmailError::ForbiddenCharacter),
        ("a@b.se,c@d.se", EmailError::ForbiddenCharacter),
    ];
    for (text, expected) in cases {
        assert_eq!(Email::parse(text), Err(expected), "{text:?}");
    }
}

#[test]
fn email_debug_is_redacted() {
    let email = Email::parse("anna@example.se").expect("valid");
    assert_eq!(format!("{email:?}"), "Email(…)");
}

#[test]
fn stratum_codes() {
    assert_eq!(
        StratumCode::parse("SE_1-a").map(|code| code.to_string()),
        Ok("SE_1-a".to_owned())
    );
    assert!(StratumCode::parse(&"X".repeat(32)).is_ok());
    assert_eq!(
        StratumCode::parse(&"X".repeat(33)),
        Err(StratumCodeError::TooLong)
    );
    assert_eq!(StratumCode::parse(""), Err(StratumCodeError::Empty));
    assert_eq!(
        StratumCode::parse("S E"),
        Err(StratumCodeError::InvalidCharacter)
    );
    assert_eq!(
        StratumCode::parse("ÖST"),
        Err(StratumCodeError::InvalidCharacter)
    );
}

#[test]
fn languages() {
    assert_eq!(parse_language(""), Ok(None));
    assert_eq!(parse_language("SV"), Ok(Some("sv".to_owned())));
    assert_eq!(parse_language("fil"), Ok(Some("fil".to_owned())));
    assert!(parse_language("s").is_err());
    assert!(parse_language("sv-SE").is_err());
    assert!(parse_language("svenska").is_err());
}
