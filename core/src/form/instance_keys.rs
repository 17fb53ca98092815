//! How the answers of a repeat's instances are named. A form being answered holds each
//! question of a repeat once per instance, as `name~N` (`born_in~2` is the second member's
//! country of birth), and a question of a repeat within a repeat as `name~N~M` (the third job
//! of the second member); `~` cannot occur in an XLSForm name, so these keys never meet an
//! author's. The exports split them back into question and instances.

/// The separator between a name and its instance numbers.
const SEPARATOR: char = '~';

/// What follows the instance numbers in the key of "add another?" questions.
const ADD_SUFFIX: &str = "~add";

/// `name` in instance `instance` (from 1): `born_in~2`. Also a page's id in that instance.
pub fn instance_key(name: &str, instance: u32) -> String {
    path_key(name, &[instance])
}

/// `name` in the instances of `path`, outermost first: `job~2~3`.
pub fn path_key(name: &str, path: &[u32]) -> String {
    let mut key = name.to_string();
    for instance in path {
        key.push(SEPARATOR);
        key.push_str(&instance.to_string());
    }
    key
}

/// The question and instance of a key of one level (`born_in~2` → `("born_in", 2)`); `None`
/// for any other name.
pub fn split_instance_key(key: &str) -> Option<(&str, u32)> {
    match split_instance_path(key)? {
        (name, path) if path.len() == 1 => Some((name, path[0])),
        _ => None,
    }
}

/// The question and instances of a key (`job~2~3` → `("job", [2, 3])`); `None` for a name
/// without instances, or anything else.
pub fn split_instance_path(key: &str) -> Option<(&str, Vec<u32>)> {
    let mut parts = key.split(SEPARATOR);
    let name = parts.next().filter(|name| !name.is_empty())?;
    let path = parts
        .map(|number| {
            let is_number = !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
                && !number.starts_with('0');
            number.parse().ok().filter(|_| is_number)
        })
        .collect::<Option<Vec<u32>>>()?;
    (!path.is_empty()).then_some((name, path))
}

/// The key of the question that asks whether repeat `repeat` gets the last instance of `path`
/// (from 2), answered `yes` or `no`: `members~2~add`, `jobs~1~2~add`. Also the id of its page.
pub fn add_instance_key(repeat: &str, path: &[u32]) -> String {
    format!("{}{ADD_SUFFIX}", path_key(repeat, path))
}

/// The repeat and instances an "add another?" key asks about.
pub fn split_add_instance_key(key: &str) -> Option<(&str, Vec<u32>)> {
    split_instance_path(key.strip_suffix(ADD_SUFFIX)?)
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
    fn a_repeat_within_a_repeat_has_a_key_of_two_instances() {
        assert_eq!(path_key("job", &[2, 3]), "job~2~3");
        assert_eq!(split_instance_path("job~2~3"), Some(("job", vec![2, 3])));
        assert_eq!(split_instance_key("job~2~3"), None, "not of one level");
        assert_eq!(split_instance_path("job~2~x"), None);
        assert_eq!(split_instance_path("job"), None);
    }

    #[test]
    fn add_keys_are_told_apart_from_instance_keys() {
        let key = add_instance_key("members", &[3]);
        assert_eq!(key, "members~3~add");
        assert_eq!(split_add_instance_key(&key), Some(("members", vec![3])));
        assert_eq!(split_instance_key(&key), None);
        assert_eq!(split_add_instance_key("members~3"), None);
        assert_eq!(
            split_add_instance_key("jobs~1~2~add"),
            Some(("jobs", vec![1, 2]))
        );
    }
}
