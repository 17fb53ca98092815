//! [`StratumCode`]: the short identifier that ties sample rows to a stratum.
//!
//! Restricted to letters, digits, `_` and `-` so that it is safe in URLs, filters, exports and
//! messages; a stratum code is not personal data, so it may be shown.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest accepted code, in characters.
pub const MAX_STRATUM_CODE_CHARS: usize = 32;

/// A stratum code: 1–32 ASCII letters, digits, `_` or `-` (case is kept and significant).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StratumCode(String);

/// Why a text is not a stratum code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StratumCodeError {
    #[error("the stratum code is empty")]
    Empty,
    #[error("the stratum code is longer than {MAX_STRATUM_CODE_CHARS} characters")]
    TooLong,
    #[error("a stratum code may only contain letters A-Z, digits, _ and -")]
    InvalidCharacter,
}

impl StratumCode {
    /// Accepts the text as it is (no trimming) if it follows the rules above.
    pub fn parse(text: &str) -> Result<Self, StratumCodeError> {
        if text.is_empty() {
            return Err(StratumCodeError::Empty);
        }
        if text.chars().count() > MAX_STRATUM_CODE_CHARS {
            return Err(StratumCodeError::TooLong);
        }
        let allowed = |symbol: char| symbol.is_ascii_alphanumeric() || matches!(symbol, '_' | '-');
        if !text.chars().all(allowed) {
            return Err(StratumCodeError::InvalidCharacter);
        }
        Ok(Self(text.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StratumCode {
    type Error = StratumCodeError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<StratumCode> for String {
    fn from(code: StratumCode) -> Self {
        code.0
    }
}

impl fmt::Display for StratumCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}
