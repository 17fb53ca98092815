//! pyxform's `or_other` (`select_one colours or_other`): the select gets a choice `other`, and a
//! text question `NAME_other` follows it, asked when `other` is chosen. Svar builds both at
//! import, as pyxform does, with texts in the form's languages where it knows them (English,
//! pyxform's own words, elsewhere); an author who wants other words adds an `other` choice and a
//! text question instead.

use super::model::{Choice, Texts};
use std::collections::BTreeMap;

/// The name of the added choice.
pub const OTHER: &str = "other";

/// (language, the choice's label, the text question's label).
const WORDS: &[(&str, &str, &str)] = &[
    ("en", "Other", "Specify other."),
    ("sv", "Annat", "Ange vad:"),
    ("fi", "Muu", "Mikä?"),
    ("de", "Andere", "Bitte angeben:"),
    ("fr", "Autre", "Précisez :"),
    ("es", "Otro", "Especifique:"),
    ("ar", "أخرى", "يرجى التحديد:"),
    ("fa", "سایر", "لطفاً مشخص کنید:"),
];

/// The words for language `code` (its base, `sv` of `sv-FI`), English when unknown.
fn words(code: &str) -> (&'static str, &'static str) {
    let base = code.split(['-', '_']).next().unwrap_or(code);
    WORDS
        .iter()
        .find(|(language, _, _)| *language == base)
        .or_else(|| WORDS.first())
        .map_or(("Other", "Specify other."), |(_, choice, question)| {
            (*choice, *question)
        })
}

/// The choice list an `or_other` select of `list` uses: the list with `other` added.
pub fn list_name(list: &str) -> String {
    format!("{list}_or_other")
}

/// The text question that follows an `or_other` select `name`.
pub fn question_name(name: &str) -> String {
    format!("{name}_other")
}

/// When the text question is asked.
pub fn question_relevant(name: &str) -> String {
    format!("selected(${{{name}}}, '{OTHER}')")
}

/// The text question's label in each of `languages`.
pub fn question_label<'a>(languages: impl IntoIterator<Item = &'a String>) -> Texts {
    languages
        .into_iter()
        .map(|code| (code.clone(), words(code).1.to_string()))
        .collect()
}

/// `choices` with an `other` choice labelled in each of `languages` (none added when the list
/// has one already).
pub fn with_other<'a>(
    choices: &[Choice],
    languages: impl IntoIterator<Item = &'a String>,
) -> Vec<Choice> {
    let mut extended = choices.to_vec();
    if !choices.iter().any(|c| c.name == OTHER) {
        extended.push(Choice {
            name: OTHER.to_string(),
            label: languages
                .into_iter()
                .map(|code| (code.clone(), words(code).0.to_string()))
                .collect(),
            columns: BTreeMap::new(),
        });
    }
    extended
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_choice_is_added_once_in_the_forms_languages() {
        let codes = ["sv".to_string(), "ar".to_string(), "so".to_string()];
        let red = Choice {
            name: "red".into(),
            label: Texts::new(),
            columns: BTreeMap::new(),
        };
        let extended = with_other(std::slice::from_ref(&red), &codes);
        assert_eq!(extended.len(), 2);
        let other = &extended[1];
        assert_eq!(other.name, "other");
        assert_eq!(other.label["sv"], "Annat");
        assert_eq!(other.label["ar"], "أخرى");
        assert_eq!(
            other.label["so"], "Other",
            "English where Svar has no words"
        );
        assert_eq!(with_other(&extended, &codes).len(), 2, "not twice");
        assert_eq!(question_label(&codes)["sv"], "Ange vad:");
        assert_eq!(question_relevant("colour"), "selected(${colour}, 'other')");
    }
}
