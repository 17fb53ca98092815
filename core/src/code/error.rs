//! Why an access code or a code secret was refused.
//!
//! The messages never contain the code itself: codes are personal data and must not reach logs.

use super::access_code::CODE_SYMBOLS;

/// Why typed input is not a well-formed access code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// After dropping spaces and dashes, the input does not have exactly 13 symbols.
    #[error("an access code has {CODE_SYMBOLS} letters and digits, but {found} were given")]
    WrongLength {
        /// How many alphabet symbols the input had.
        found: usize,
    },
    /// A character is not in the alphabet (U, punctuation, letters outside A–Z, …).
    #[error("character {position} of the access code is not one of the letters and digits used in codes")]
    InvalidCharacter {
        /// 1-based position among the code's symbols (spaces and dashes not counted).
        position: usize,
    },
    /// The check symbol does not fit the other twelve: a symbol is mistyped.
    #[error("the access code's check symbol does not match; a character is probably mistyped")]
    CheckMismatch,
}

/// Why a code secret cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeKeyError {
    /// The secret has no bytes.
    #[error("the access code secret (SVAR_CODE_SECRET) is empty")]
    Empty,
    /// The HMAC implementation refused the key.
    #[error("the access code secret cannot be used as an HMAC key")]
    Unusable,
}
