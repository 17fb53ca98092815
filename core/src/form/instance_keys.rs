//! How the answers of a repeat's instances are named. A form being answered holds each
//! question of a repeat once per instance, as `name~N` (`born_in~2` is the second member's
//! country of birth); `~` cannot occur in an XLSForm name, so these keys never meet an
//! author's. The exports split them back into question and instance.

/// The separator between a name and its instance number.
const SEPARATOR: char = '~';

/// What follows the instance number in the key of "add another?" questions.
const ADD_SUFFIX: &str = "~add";

/// `name` in instance `instance` (from 1): `born_in~2`. Also a page's id in that instance.
pub fn instance_key(name: &str, instance: u32) -> String {
    format!("{name}{SEPARATOR}{instance}")
}

/// The question and instance of an instance key (`born_in~2` → `("born_in", 2)`); `None` for
/// any other name.
pub fn split_instance_key(key: &str) -> Option<(&str, u32)> {
    let (name, number) = key.rsplit_once(SEPARATOR)?;
    let is_number = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && !number.starts_with('0');
    let instance = number.parse().ok().filter(|_| is_number)?;
    (!name.is_empty() && !name.contains(SEPARATOR)).then_some((name, instance))
}

/// The key of the question that asks whether repeat `repeat` gets instance `instance` (from
/// 2), answered `yes` or `no`: `members~2~add`. Also the id of its page.
pub fn add_instance_key(repeat: &str, instance: u32) -> String {
    format!("{}{ADD_SUFFIX}", instance_key(repeat, instance))
}

/// The repeat and instance an "add another?" key asks about.
pub fn split_add_instance_key(key: &str) -> Option<(&str, u32)> {
    split_instance_key(key.strip_suffix(ADD_SUFFIX)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_the_question_and_its_instance() {
        assert_eq!(instance_key("born_in", 2), "born_in~2");
        assert_eq!(split_instance_key("born_in~2"), Some(("born_in", 2)));
        assert_eq!(split_instance_key("born_in~12"), Some(("born_in", 12)));
        for not_a_key in [
            "born_in",
            "born_in~",
            "~2",
            "born_in~02",
            "a~b~2",
            "born_in~x",
        ] {
            assert_eq!(split_instance_key(not_a_key), None, "{not_a_key}");
        }
    }

    #[test]
    fn add_keys_are_told_apart_from_instance_keys() {
        let key = add_instance_key("members", 3);
        assert_eq!(key, "members~3~add");
        assert_eq!(split_add_instance_key(&key), Some(("members", 3)));
        assert_eq!(split_instance_key(&key), None);
        assert_eq!(split_add_instance_key("members~3"), None);
    }
}
