//! Access codes: the short secret a sampled person types to open their questionnaire.
//!
//! A code is parsed once into an [`AccessCode`], which can then only hold a well-formed code
//! (12 Crockford base32 symbols and a Luhn mod 32 check symbol, METHODS.md §5). Malformed input
//! is refused here, before any database work, so it never counts as a guess. Only a keyed hash
//! ([`CodeKey::hash`]) is stored; the plain code exists only in the letter's print file.

mod access_code;
mod alphabet;
mod check_symbol;
mod error;
mod key;
mod sealed;

#[cfg(test)]
mod tests;

pub use access_code::{AccessCode, CODE_SYMBOLS, DATA_SYMBOLS};
pub use error::{CodeError, CodeKeyError};
pub use key::CodeKey;
pub use sealed::{CodeSeal, SealError};
