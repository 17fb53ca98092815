//! Checks that every interface text exists in every language and that fallbacks and
//! directions are right.

use super::*;

#[test]
fn every_key_has_a_non_empty_text_in_every_interface_language() {
    for lang in INTERFACE_LANGUAGES {
        for key in UiText::ALL {
            assert!(
                !text(lang, *key).trim().is_empty(),
                "{key:?} is empty in {lang}"
            );
        }
    }
}

#[test]
fn the_list_of_all_keys_is_complete_and_has_no_duplicates() {
    let last = UiText::GoToStartPage as usize;
    assert_eq!(UiText::ALL.len(), last + 1);
    for (position, key) in UiText::ALL.iter().enumerate() {
        assert_eq!(
            *key as usize, position,
            "{key:?} out of order in UiText::ALL"
        );
    }
}

#[test]
fn translations_differ_from_english_where_they_must() {
    for lang in ["sv", "ar", "fa"] {
        assert_ne!(text(lang, UiText::Next), text("en", UiText::Next));
        assert_ne!(
            text(lang, UiText::StartHeading),
            text("en", UiText::StartHeading)
        );
    }
}

#[test]
fn unknown_languages_fall_back_to_english_and_scandinavian_ones_to_swedish() {
    assert_eq!(text("so", UiText::Next), "Next");
    assert_eq!(text("", UiText::Next), "Next");
    assert_eq!(text("nb", UiText::Next), "Nästa");
    assert_eq!(text("fa-IR", UiText::Next), text("fa", UiText::Next));
    assert_eq!(text("SV", UiText::Next), "Nästa");
}

#[test]
fn arabic_and_persian_are_right_to_left_and_the_others_left_to_right() {
    assert_eq!(direction("ar"), Direction::Rtl);
    assert_eq!(direction("fa"), Direction::Rtl);
    assert_eq!(direction("ar-SA").as_str(), "rtl");
    assert_eq!(direction("sv"), Direction::Ltr);
    assert_eq!(direction("ti"), Direction::Ltr);
}

#[test]
fn progress_text_puts_the_numbers_in_place() {
    assert_eq!(progress_text("sv", 3, 12), "Sida 3 av 12");
    assert_eq!(progress_text("en", 1, 2), "Page 1 of 2");
    assert!(progress_text("ar", 3, 12).contains("12"));
}

#[test]
fn language_names_are_endonyms() {
    assert_eq!(language_name("ar"), Some("العربية"));
    assert_eq!(language_name("sv"), Some("Svenska"));
    assert_eq!(language_name("xx"), None);
}
