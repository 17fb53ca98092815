//! Interface texts of the respondent pages (buttons, headings, error messages) in every
//! language Svar ships, so handlers and templates never hold a hard-coded sentence.
//!
//! Questionnaire texts (questions, choices) come from the questionnaire itself; this module only
//! holds the words around them. A language without its own interface texts falls back to
//! English.

mod ar;
pub mod dashboard;
mod en;
mod fa;
mod keys;
mod languages;
mod sv;

pub use keys::UiText;
pub use languages::{direction, interface_language, language_name, Direction, INTERFACE_LANGUAGES};

/// The interface text `key` in the language `lang` (a BCP 47 code such as `sv`, `ar` or
/// `fa-IR`); languages without interface texts get English.
pub fn text(lang: &str, key: UiText) -> &'static str {
    match interface_language(lang) {
        "sv" => sv::text(key),
        "ar" => ar::text(key),
        "fa" => fa::text(key),
        _ => en::text(key),
    }
}

/// "Page 3 of 12" in the language `lang`, with the numbers put where that language wants them.
pub fn progress_text(lang: &str, current: usize, total: usize) -> String {
    text(lang, UiText::ProgressTemplate)
        .replace("{current}", &current.to_string())
        .replace("{total}", &total.to_string())
}

#[cfg(test)]
mod tests;
