//! The naming rules of a questionnaire: item, group and list names become answer keys, page ids
//! and `${name}` references, so they follow (roughly) the XML name rules XLSForm inherits.

/// An item, group, page or choice-list name: a letter or `_` first, then letters, digits,
/// `_`, `-` or `.`.
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_alphabetic() || first == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A choice name is stored as the answer (and space-separated in a select_multiple), so it may
/// start with a digit (`1`, `2`, …) but must not be empty or hold spaces.
pub fn is_valid_choice_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(char::is_whitespace)
}

/// Why a name is refused, for error messages.
pub const NAME_RULE: &str =
    "a name must start with a letter or _ and hold only letters, digits, _, - and .";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_xml_rules_roughly() {
        for good in ["born_sweden", "_x", "p.about", "q-1", "år"] {
            assert!(is_valid_name(good), "{good}");
        }
        for bad in ["", "1st", "has space", "a$b", "-x", ".x", "a/b"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn choice_names_may_be_digits_but_not_spaced() {
        assert!(is_valid_choice_name("1"));
        assert!(is_valid_choice_name("dk"));
        assert!(!is_valid_choice_name(""));
        assert!(!is_valid_choice_name("a b"));
    }
}
