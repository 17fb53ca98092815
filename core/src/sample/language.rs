//! The preferred-language cell of a sample row: a 2–3 letter code (ISO 639-1 or 639-3).
//!
//! Only the form is checked here; whether the questionnaire has that language is decided
//! where the survey's languages are known.

/// Why a language cell is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("language must be a 2- or 3-letter code such as sv, en or ar")]
pub struct LanguageError;

/// An empty cell gives `None`; otherwise 2–3 ASCII letters, returned lowercased.
pub fn parse_language(cell: &str) -> Result<Option<String>, LanguageError> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let letters = cell.len();
    if (2..=3).contains(&letters) && cell.chars().all(|symbol| symbol.is_ascii_alphabetic()) {
        Ok(Some(cell.to_ascii_lowercase()))
    } else {
        Err(LanguageError)
    }
}
