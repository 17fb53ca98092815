//! The [`AccessCode`] domain type: a value that can only hold a well-formed code.

use std::fmt;

use super::alphabet::{classify, symbol_of, value_of, TypedChar};
use super::check_symbol::{check_value, is_valid};
use super::error::CodeError;

/// Number of random data symbols (5 bits each, 60 bits in all).
pub const DATA_SYMBOLS: usize = 12;
/// Number of symbols of a whole code: the data symbols and one check symbol.
pub const CODE_SYMBOLS: usize = DATA_SYMBOLS + 1;

/// Symbols per printed group (`XXXX-XXXX-XXXX-X`).
const PRINTED_GROUP: usize = 4;

/// A well-formed access code: 13 normalised Crockford base32 symbols with a valid check.
///
/// There is deliberately no `Display`, and `Debug` prints `AccessCode(…)`, so a code cannot
/// slip into a log line; use [`AccessCode::as_str`] or [`AccessCode::printed`] on purpose.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccessCode {
    /// Invariant: exactly [`CODE_SYMBOLS`] ASCII alphabet symbols with a valid check symbol.
    symbols: String,
}

impl AccessCode {
    /// Normalises typed input (drops whitespace and dashes, uppercases, O→0, I/L→1) and
    /// accepts it only if it has 13 alphabet symbols whose check symbol fits.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let mut values = Vec::with_capacity(CODE_SYMBOLS);
        for typed in input.chars() {
            match classify(typed) {
                TypedChar::Separator => {}
                TypedChar::Invalid => {
                    return Err(CodeError::InvalidCharacter {
                        position: values.len() + 1,
                    })
                }
                TypedChar::Symbol(symbol) => {
                    values.push(value_of(symbol).ok_or(CodeError::InvalidCharacter {
                        position: values.len() + 1,
                    })?);
                }
            }
        }
        if values.len() != CODE_SYMBOLS {
            return Err(CodeError::WrongLength {
                found: values.len(),
            });
        }
        if !is_valid(&values) {
            return Err(CodeError::CheckMismatch);
        }
        Ok(Self::from_valid_values(&values))
    }

    /// Draws a new code: 12 symbols of 5 uniform bits each from the operating system's secure
    /// random source (256 is a multiple of 32, so the low 5 bits of a byte are uniform),
    /// followed by the check symbol.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut random_bytes = [0u8; DATA_SYMBOLS];
        getrandom::fill(&mut random_bytes)?;
        Ok(Self::from_data_values(random_bytes.map(|byte| byte & 0x1f)))
    }

    /// The 13 normalised symbols, e.g. `K7QM2XHD9WBTN`: the form that is hashed.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.symbols
    }

    /// The code as printed in letters, in groups of four: `K7QM-2XHD-9WBT-N`.
    #[must_use]
    pub fn printed(&self) -> String {
        let mut printed = String::with_capacity(CODE_SYMBOLS + CODE_SYMBOLS / PRINTED_GROUP);
        for (index, symbol) in self.symbols.chars().enumerate() {
            if index > 0 && index % PRINTED_GROUP == 0 {
                printed.push('-');
            }
            printed.push(symbol);
        }
        printed
    }

    /// Builds a code from 12 data values (each below 32) by appending their check symbol.
    fn from_data_values(data_values: [u8; DATA_SYMBOLS]) -> Self {
        let mut values = data_values.to_vec();
        values.push(check_value(&data_values));
        Self::from_valid_values(&values)
    }

    /// Builds a code from values already known to be valid.
    fn from_valid_values(values: &[u8]) -> Self {
        let symbols = values
            .iter()
            .map(|&value| char::from(symbol_of(value)))
            .collect();
        Self { symbols }
    }
}

impl fmt::Debug for AccessCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("AccessCode(…)")
    }
}
