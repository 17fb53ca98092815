//! `Email`: an e-mail address that has been checked once (validator's e-mail rule) and
//! lower-cased, so that `Admin@Example.se` and `admin@example.se` are one account. Once parsed
//! it cannot hold a bad value. Its `Debug` hides the address: e-mail addresses are personal
//! data and must not reach logs by accident.

use validator::ValidateEmail;

/// The longest address accepted (RFC 5321's limit on a path).
pub const MAX_EMAIL_LENGTH: usize = 254;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address is longer than {MAX_EMAIL_LENGTH} characters")]
    TooLong,
    #[error("this is not a valid e-mail address")]
    Invalid,
}

impl Email {
    /// Trims, checks and lower-cases `input`.
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > MAX_EMAIL_LENGTH {
            return Err(EmailError::TooLong);
        }
        if !trimmed.validate_email() {
            return Err(EmailError::Invalid);
        }
        Ok(Email(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Email(…)")
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Anna.Berg@SCB.se ").unwrap();
        assert_eq!(email.as_str(), "anna.berg@scb.se");
        assert_eq!(email, Email::parse("anna.berg@scb.se").unwrap());
        assert_eq!(
            Email::parse("admin@demo.invalid").unwrap().as_str(),
            "admin@demo.invalid"
        );
    }

    #[test]
    fn bad_addresses_are_refused() {
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        for bad in [
            "anna",
            "anna@",
            "@scb.se",
            "anna berg@scb.se",
            "anna@@scb.se",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        let long = format!("{}@scb.se", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn debug_output_hides_the_address() {
        let email = Email::parse("anna@scb.se").unwrap();
        assert!(!format!("{email:?}").contains("anna"));
    }
}
