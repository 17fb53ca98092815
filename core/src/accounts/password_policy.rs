//! What a new password must be: at least 12 characters, at most 1,024 (hashing cost stays
//! bounded), and not one of the common passwords of `core/data/common-passwords.txt` (the
//! list Django ships; source and licence in `core/data/common-passwords.md`). No rules about
//! character classes: length and not-common are what NIST SP 800-63B asks for.

use std::collections::HashSet;
use std::sync::OnceLock;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 1024;

const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

/// Why a new password was refused; the message is meant for the person choosing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRefusal {
    #[error("the password must be at least {MIN_PASSWORD_CHARS} characters long")]
    TooShort,
    #[error("the password must be at most {MAX_PASSWORD_CHARS} characters long")]
    TooLong,
    #[error("this password is on a list of commonly used passwords; choose another")]
    TooCommon,
}

impl PasswordRefusal {
    /// A stable code for the refusal, for API clients.
    pub fn code(self) -> &'static str {
        match self {
            PasswordRefusal::TooShort => "too_short",
            PasswordRefusal::TooLong => "too_long",
            PasswordRefusal::TooCommon => "too_common",
        }
    }
}

/// Checks a password someone wants to set.
pub fn check_new_password(password: &str) -> Result<(), PasswordRefusal> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordRefusal::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordRefusal::TooLong);
    }
    if is_common(password) {
        return Err(PasswordRefusal::TooCommon);
    }
    Ok(())
}

fn is_common(password: &str) -> bool {
    static LIST: OnceLock<HashSet<String>> = OnceLock::new();
    let list = LIST.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(|line| line.trim().to_lowercase())
            .collect()
    });
    list.contains(password.trim().to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused_by_characters_not_bytes() {
        assert_eq!(check_new_password(""), Err(PasswordRefusal::TooShort));
        assert_eq!(
            check_new_password("elva tecken"),
            Err(PasswordRefusal::TooShort)
        );
        // 11 characters, 22 bytes.
        assert_eq!(
            check_new_password("åäöåäöåäöåä"),
            Err(PasswordRefusal::TooShort)
        );
        assert_eq!(check_new_password("åäöåäöåäöåäö"), Ok(()));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert!(COMMON_PASSWORDS.lines().count() > 19_000);
        for common in [
            "qwerty123456",
            "Password1234",
            " 1q2w3e4r5t6y ",
            "q1w2e3r4t5y6",
        ] {
            assert_eq!(
                check_new_password(common),
                Err(PasswordRefusal::TooCommon),
                "{common}"
            );
        }
        assert_eq!(check_new_password("mossa på stenen i norr"), Ok(()));
    }

    #[test]
    fn very_long_passwords_are_refused() {
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(check_new_password(&long), Err(PasswordRefusal::TooLong));
        assert_eq!(check_new_password(&long[1..]), Ok(()));
    }
}
