//! Reads the `type` cell of a survey row: a group marker or one of the supported item types.
//! Everything else is refused with a message saying what is supported.

use super::model::ItemKind;

/// What a survey row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowType {
    BeginGroup,
    EndGroup,
    Item {
        kind: ItemKind,
        choice_list: Option<String>,
    },
}

const SUPPORTED: &str = "text, integer, decimal, date, select_one LIST, select_multiple LIST, \
                         note, calculate, begin_group, end_group";

/// Parses a type such as `integer`, `select_one yes_no` or `begin group`.
pub fn parse_row_type(text: &str) -> Result<RowType, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keyword = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    let second = words.get(1).map(|w| w.to_lowercase());
    match (keyword.as_str(), second.as_deref(), words.len()) {
        ("begin_group", None, _) | ("begin", Some("group"), 2) => Ok(RowType::BeginGroup),
        ("end_group", None, _) | ("end", Some("group"), 2) => Ok(RowType::EndGroup),
        ("begin_repeat" | "end_repeat", _, _) | ("begin" | "end", Some("repeat"), _) => {
            Err("repeat groups are not supported".to_string())
        }
        ("select_one" | "select_multiple", None, _) => Err(format!(
            "`{keyword}` needs a choice list name, as in `{keyword} yes_no`"
        )),
        ("select_one" | "select_multiple", Some(_), 2) => Ok(RowType::Item {
            kind: if keyword == "select_one" {
                ItemKind::SelectOne
            } else {
                ItemKind::SelectMultiple
            },
            choice_list: words.get(1).map(|w| w.to_string()),
        }),
        ("select_one" | "select_multiple", Some(_), _) if second_to_last_is_or_other(&words) => {
            Err("`or_other` is not supported: add an `other` choice and a text question".into())
        }
        (_, _, 1) => simple_kind(&keyword)
            .map(|kind| RowType::Item {
                kind,
                choice_list: None,
            })
            .ok_or_else(|| format!("type `{text}` is not supported (supported: {SUPPORTED})")),
        _ => Err(format!(
            "type `{text}` is not supported (supported: {SUPPORTED})"
        )),
    }
}

fn second_to_last_is_or_other(words: &[&str]) -> bool {
    words.len() == 3
        && words
            .get(2)
            .is_some_and(|w| w.eq_ignore_ascii_case("or_other"))
}

fn simple_kind(keyword: &str) -> Option<ItemKind> {
    match keyword {
        "text" => Some(ItemKind::Text),
        "integer" | "int" => Some(ItemKind::Integer),
        "decimal" => Some(ItemKind::Decimal),
        "date" => Some(ItemKind::Date),
        "note" => Some(ItemKind::Note),
        "calculate" => Some(ItemKind::Calculate),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_supported_types() {
        assert_eq!(
            parse_row_type("integer"),
            Ok(RowType::Item {
                kind: ItemKind::Integer,
                choice_list: None
            })
        );
        assert_eq!(
            parse_row_type("select_multiple  grounds"),
            Ok(RowType::Item {
                kind: ItemKind::SelectMultiple,
                choice_list: Some("grounds".into())
            })
        );
        assert_eq!(parse_row_type("begin group"), Ok(RowType::BeginGroup));
        assert_eq!(parse_row_type("begin_group"), Ok(RowType::BeginGroup));
        assert_eq!(parse_row_type("end group"), Ok(RowType::EndGroup));
    }

    #[test]
    fn refuses_repeats_and_unknown_types() {
        assert_eq!(
            parse_row_type("begin_repeat"),
            Err("repeat groups are not supported".to_string())
        );
        assert_eq!(
            parse_row_type("begin repeat"),
            Err("repeat groups are not supported".to_string())
        );
        let geopoint = parse_row_type("geopoint").unwrap_err();
        assert!(
            geopoint.starts_with("type `geopoint` is not supported"),
            "{geopoint}"
        );
        assert!(parse_row_type("select_one").is_err());
        assert!(parse_row_type("select_one yes_no or_other").is_err());
        assert!(parse_row_type("select_one_from_file x.csv").is_err());
    }
}
