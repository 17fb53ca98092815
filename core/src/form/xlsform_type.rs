//! Reads the `type` cell of a survey row: a group marker or one of the supported item types,
//! spelled as pyxform reads them (`select one from yes_no`, `select1`, `string`, `begin loop`;
//! `pyxform/aliases.py`). Metadata types (`start`, `deviceid`, …) are recognised so the row can
//! be left out by name. Everything else is refused with a message saying what is supported.

use super::model::ItemKind;

/// What a survey row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowType {
    BeginGroup,
    EndGroup,
    /// `begin_repeat`: a group asked once per instance.
    BeginRepeat,
    /// `begin loop over LIST`: a group asked once per choice of a list.
    BeginLoop {
        list: String,
    },
    /// `end_repeat`, `end loop`.
    EndRepeat,
    Item {
        kind: ItemKind,
        choice_list: Option<String>,
    },
}

const SUPPORTED: &str = "text, integer, decimal, date, time, datetime, range, acknowledge, \
                         select_one LIST, select_multiple LIST, rank LIST, note, calculate, \
                         hidden, begin_group, end_group, begin_repeat, end_repeat, \
                         begin loop over LIST, end loop";

/// The metadata types of XLSForm: what a phone knows about itself and the session. A web
/// questionnaire has no device to ask; the rows are left out with a warning naming them.
const METADATA: &[&str] = &[
    "start",
    "end",
    "today",
    "deviceid",
    "imei",
    "subscriberid",
    "simserialnumber",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-audio",
];

/// pyxform's longer spellings of the select types, and the type each means.
const SELECT_ALIASES: &[(&str, &str)] = &[
    ("add select one prompt using ", "select_one "),
    ("add select multiple prompt using ", "select_multiple "),
    ("select all that apply from ", "select_multiple "),
    ("select all that apply ", "select_multiple "),
    ("select multiple from ", "select_multiple "),
    ("select multiple ", "select_multiple "),
    ("select one from ", "select_one "),
    ("select one ", "select_one "),
    ("select1 ", "select_one "),
];

/// Whether `text` is the type `hidden`: a value that goes with the answers but is never shown
/// (SurveyCTO and pyxform), its `default` as a calculation.
pub fn is_hidden(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("hidden")
}

/// The calculation that fills a metadata row on the server, for those a web questionnaire
/// knows: `start` the time of the first save, `end` the time of the last (the submission),
/// `today` the day of the first save. The others are about a phone and are left out.
pub fn metadata_calculation(metadata: &str) -> Option<&'static str> {
    match metadata {
        "start" => Some("once(now())"),
        "end" => Some("now()"),
        "today" => Some("once(today())"),
        _ => None,
    }
}

/// The metadata type `text` names, if it is one.
pub fn metadata_type(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    METADATA.iter().copied().find(|m| *m == lower)
}

/// `text` with pyxform's spellings of the select types and of `string` replaced by Svar's.
fn dealias(text: &str) -> String {
    let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (alias, canonical) in SELECT_ALIASES {
        let prefix = spaced.get(..alias.len());
        if prefix.is_some_and(|p| p.eq_ignore_ascii_case(alias)) {
            // The list name keeps its case.
            let list = spaced.get(alias.len()..).unwrap_or("");
            return format!("{canonical}{list}");
        }
    }
    match spaced.to_lowercase().as_str() {
        // pyxform's `phone number` is a text question (`phonenumber` is the phone's own).
        "string" | "phone number" => "text".to_string(),
        "begin lgroup" | "begin looped group" => "begin repeat".to_string(),
        "end lgroup" | "end looped group" => "end repeat".to_string(),
        _ => spaced,
    }
}

/// The kind and list of an `or_other` select (`select_one colours or_other`, or pyxform's
/// older `… or specify other`), if `text` is one.
pub fn or_other_select(text: &str) -> Option<(ItemKind, String)> {
    let text = dealias(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    if !second_to_last_is_or_other(&words) {
        return None;
    }
    let kind = match words.first()?.to_lowercase().as_str() {
        "select_one" => ItemKind::SelectOne,
        "select_multiple" => ItemKind::SelectMultiple,
        _ => return None,
    };
    Some((kind, (*words.get(1)?).to_string()))
}

/// Types that need a device or data from outside the form, and why a web questionnaire cannot
/// have them (matched on the type's first word).
const DEVICE_TYPES: &[(&str, &str)] = &[
    ("geopoint", "a device's location"),
    ("geotrace", "a device's location"),
    ("geoshape", "a device's location"),
    ("gps", "a device's location"),
    ("background-geopoint", "a device's location"),
    ("osm", "a map on a device"),
    ("image", "a camera"),
    ("photo", "a camera"),
    ("barcode", "a camera"),
    ("audio", "a microphone"),
    ("background-audio", "a microphone"),
    ("video", "a camera"),
    ("file", "a file uploaded from the device"),
    (
        "select_one_from_file",
        "a list from a file attached to the form",
    ),
    (
        "select_multiple_from_file",
        "a list from a file attached to the form",
    ),
    (
        "select_one_external",
        "a list from a file attached to the form",
    ),
    ("csv-external", "data from a file attached to the form"),
    ("xml-external", "data from a file attached to the form"),
];

/// Parses a type such as `integer`, `select_one yes_no` or `begin group`.
pub fn parse_row_type(text: &str) -> Result<RowType, String> {
    let text = dealias(text);
    let text = text.as_str();
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    if let Some((_, needs)) = DEVICE_TYPES.iter().find(|(t, _)| *t == first) {
        return Err(format!(
            "type `{text}` needs {needs}, which a web questionnaire does not have"
        ));
    }
    let keyword = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    let second = words.get(1).map(|w| w.to_lowercase());
    match (keyword.as_str(), second.as_deref(), words.len()) {
        ("begin_group", None, _) | ("begin", Some("group"), 2) => Ok(RowType::BeginGroup),
        ("end_group", None, _) | ("end", Some("group"), 2) => Ok(RowType::EndGroup),
        ("begin_repeat", None, _) | ("begin", Some("repeat"), 2) => Ok(RowType::BeginRepeat),
        ("end_repeat", None, _) | ("end", Some("repeat"), 2) => Ok(RowType::EndRepeat),
        ("begin", Some("loop"), 4) | ("begin_loop", Some("over"), 3)
            if words[words.len() - 2].eq_ignore_ascii_case("over") =>
        {
            Ok(RowType::BeginLoop {
                list: words[words.len() - 1].to_string(),
            })
        }
        ("begin" | "begin_loop", _, _)
            if keyword == "begin_loop" || second.as_deref() == Some("loop") =>
        {
            Err("a loop names the list it goes over: `begin loop over LIST`".to_string())
        }
        ("end", Some("loop"), 2) | ("end_loop", None, _) => Ok(RowType::EndRepeat),
        ("rank", Some(_), 2) => Ok(RowType::Item {
            kind: ItemKind::Rank,
            choice_list: words.get(1).map(|w| w.to_string()),
        }),
        ("rank", None, _) => Err("`rank` needs a choice list name, as in `rank reasons`".into()),
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

/// `select_one LIST or_other`, or pyxform's older `select_one LIST or specify other`.
fn second_to_last_is_or_other(words: &[&str]) -> bool {
    let tail: Vec<String> = words.iter().skip(2).map(|w| w.to_lowercase()).collect();
    tail == ["or_other"] || tail == ["or", "specify", "other"]
}

fn simple_kind(keyword: &str) -> Option<ItemKind> {
    match keyword {
        "text" => Some(ItemKind::Text),
        "integer" | "int" => Some(ItemKind::Integer),
        "decimal" => Some(ItemKind::Decimal),
        "date" => Some(ItemKind::Date),
        "time" => Some(ItemKind::Time),
        "datetime" => Some(ItemKind::DateTime),
        "range" => Some(ItemKind::Range),
        // pyxform reads `trigger` as `acknowledge`.
        "acknowledge" | "trigger" => Some(ItemKind::Acknowledge),
        // A value kept with the answers and never shown: its `default`, as a calculation.
        "hidden" => Some(ItemKind::Calculate),
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
    fn reads_repeats_and_refuses_loops_and_unknown_types() {
        assert_eq!(parse_row_type("begin_repeat"), Ok(RowType::BeginRepeat));
        assert_eq!(parse_row_type("begin repeat"), Ok(RowType::BeginRepeat));
        assert_eq!(parse_row_type("end repeat"), Ok(RowType::EndRepeat));
        assert_eq!(
            parse_row_type("begin looped group"),
            Ok(RowType::BeginRepeat)
        );
        assert_eq!(
            parse_row_type("geopoint"),
            Err(
                "type `geopoint` needs a device's location, which a web questionnaire does not have"
                    .to_string()
            )
        );
        let osm = parse_row_type("osm_building").unwrap_err();
        assert!(
            osm.starts_with("type `osm_building` is not supported"),
            "{osm}"
        );
        assert_eq!(
            parse_row_type("rank reasons"),
            Ok(RowType::Item {
                kind: ItemKind::Rank,
                choice_list: Some("reasons".into())
            })
        );
        assert!(parse_row_type("rank").is_err());
        assert!(parse_row_type("select_one").is_err());
        assert!(parse_row_type("select_one yes_no or_other").is_err());
        assert!(parse_row_type("select_one_from_file x.csv").is_err());
        assert_eq!(
            parse_row_type("begin loop over toilet_type"),
            Ok(RowType::BeginLoop {
                list: "toilet_type".into()
            })
        );
        assert_eq!(parse_row_type("end loop"), Ok(RowType::EndRepeat));
        assert!(parse_row_type("begin loop")
            .is_err_and(|message| message.starts_with("a loop names the list")));
    }

    #[test]
    fn reads_pyxform_spellings() {
        let one = |list: &str| {
            Ok(RowType::Item {
                kind: ItemKind::SelectOne,
                choice_list: Some(list.into()),
            })
        };
        assert_eq!(parse_row_type("select one from Yes_No"), one("Yes_No"));
        assert_eq!(parse_row_type("Select One  colours"), one("colours"));
        assert_eq!(parse_row_type("select1 colours"), one("colours"));
        assert_eq!(
            parse_row_type("select all that apply from colours"),
            Ok(RowType::Item {
                kind: ItemKind::SelectMultiple,
                choice_list: Some("colours".into())
            })
        );
        assert_eq!(
            parse_row_type("string"),
            Ok(RowType::Item {
                kind: ItemKind::Text,
                choice_list: None
            })
        );
        assert_eq!(metadata_type(" DeviceID "), Some("deviceid"));
        let item = |kind| {
            Ok(RowType::Item {
                kind,
                choice_list: None,
            })
        };
        assert_eq!(parse_row_type("dateTime"), item(ItemKind::DateTime));
        assert_eq!(parse_row_type("time"), item(ItemKind::Time));
        assert_eq!(parse_row_type("range"), item(ItemKind::Range));
        assert_eq!(parse_row_type("trigger"), item(ItemKind::Acknowledge));
        assert_eq!(parse_row_type("hidden"), item(ItemKind::Calculate));
        assert!(is_hidden(" Hidden"));
        assert_eq!(
            or_other_select("select_one colours or_other"),
            Some((ItemKind::SelectOne, "colours".to_string()))
        );
        assert_eq!(
            or_other_select("select all that apply from Colours or specify other"),
            Some((ItemKind::SelectMultiple, "Colours".to_string()))
        );
        assert_eq!(or_other_select("select_one colours"), None);
        assert_eq!(metadata_type("text"), None);
    }
}
