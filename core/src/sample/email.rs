//! [`Email`]: an e-mail address that passed a deliberately simple plausibility check.
//!
//! The check catches what goes wrong in register extracts (two addresses in one cell, a
//! missing domain, stray spaces) without trying to implement RFC 5322; whether an address
//! really works is learnt when a message bounces. The rules:
//! - at most 254 bytes, no whitespace or control characters, none of `< > ( ) [ ] , ; : " \`;
//! - exactly one `@`, with a local part of 1–64 bytes before it;
//! - a domain after it with at least one dot and no empty label (`a..b`, `.se`, `se.`).
//!
//! Non-ASCII letters are allowed (internationalised addresses such as `åsa@example.se`).
//! An address is personal data: `Debug` does not show it and errors never echo it.

use std::fmt;

/// Longest accepted address in bytes (RFC 5321 path limit less the angle brackets).
pub const MAX_EMAIL_BYTES: usize = 254;
/// Longest accepted local part (before the `@`) in bytes.
pub const MAX_LOCAL_PART_BYTES: usize = 64;

/// Characters that are legal only in quoted local parts, and in practice signal a mistake.
const FORBIDDEN: &[char] = &['<', '>', '(', ')', '[', ']', ',', ';', ':', '"', '\\'];

/// A plausible e-mail address, kept exactly as given.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Why a text is not a plausible e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the e-mail address is longer than {MAX_EMAIL_BYTES} bytes")]
    TooLong,
    #[error("the e-mail address contains a space or control character")]
    Whitespace,
    #[error("the e-mail address contains a character such as , ; < > that addresses do not use")]
    ForbiddenCharacter,
    #[error("an e-mail address needs exactly one @")]
    NotOneAt,
    #[error("the e-mail address has nothing before the @")]
    EmptyLocalPart,
    #[error(
        "the part of the e-mail address before the @ is longer than {MAX_LOCAL_PART_BYTES} bytes"
    )]
    LocalPartTooLong,
    #[error("the e-mail address's domain has no dot")]
    DomainWithoutDot,
    #[error(
        "the e-mail address's domain has an empty part (two dots in a row, or a dot at an end)"
    )]
    EmptyDomainLabel,
}

impl Email {
    /// Accepts the text as it is (no trimming) if it follows the rules in the module docs.
    pub fn parse(text: &str) -> Result<Self, EmailError> {
        if text.len() > MAX_EMAIL_BYTES {
            return Err(EmailError::TooLong);
        }
        if text
            .chars()
            .any(|symbol| symbol.is_whitespace() || symbol.is_control())
        {
            return Err(EmailError::Whitespace);
        }
        if text.contains(FORBIDDEN) {
            return Err(EmailError::ForbiddenCharacter);
        }
        let Some((local_part, domain)) = text.split_once('@') else {
            return Err(EmailError::NotOneAt);
        };
        if domain.contains('@') {
            return Err(EmailError::NotOneAt);
        }
        if local_part.is_empty() {
            return Err(EmailError::EmptyLocalPart);
        }
        if local_part.len() > MAX_LOCAL_PART_BYTES {
            return Err(EmailError::LocalPartTooLong);
        }
        if !domain.contains('.') {
            return Err(EmailError::DomainWithoutDot);
        }
        if domain.split('.').any(str::is_empty) {
            return Err(EmailError::EmptyDomainLabel);
        }
        Ok(Self(text.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Email(…)")
    }
}
