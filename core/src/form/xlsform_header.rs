//! Reads an XLSForm column header: `label::Svenska (sv)` is the `label` column in Swedish.
//! Headers are matched by name, case-insensitively, so authors may order and spell them freely,
//! and read as pyxform reads them (`pyxform/parsing/sheet_headers.py`, `aliases.py`): the older
//! single colon (`label:English`) where no header of the sheet uses `::`, `jr:constraintMsg`
//! and the other aliases, and media columns (`image`, `media::image::English (en)`).

/// Columns that hold a text per language.
pub const TEXT_COLUMNS: &[&str] = &["label", "hint", "constraint_message", "required_message"];

/// A parsed header: its base name (lowercase, spaces as `_`) and language, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub base: String,
    pub language: Option<LanguageTag>,
}

/// The language part of a header or of `settings.default_language`: `Svenska (sv)` or `sv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageTag {
    pub code: String,
    /// The name given before the code in parentheses; `None` for a bare code.
    pub name: Option<String>,
}

use super::language_names::code_of_name;

/// Media columns: pyxform reads `image` as `media::image`.
const MEDIA_KINDS: &[&str] = &["image", "big-image", "audio", "video"];

/// pyxform's other names of a column (lowercase), and the name Svar uses.
const ALIASES: &[(&str, &str)] = &[
    ("caption", "label"),
    ("relevance", "relevant"),
    ("constraining_message", "constraint_message"),
    ("jr:constraintmsg", "constraint_message"),
    ("calculate", "calculation"),
    ("requiredmsg", "required_message"),
    ("jr:requiredmsg", "required_message"),
    ("readonly", "read_only"),
    ("count", "repeat_count"),
    ("jr:count", "repeat_count"),
    ("command", "type"),
    ("tag", "name"),
    ("value", "name"),
];

/// Whether a sheet's headers are split on `::` (any header has it) or, as in older forms, on
/// a single `:` (pyxform's rule).
pub fn uses_double_colon<'a>(headers: impl IntoIterator<Item = &'a str>) -> bool {
    headers.into_iter().any(|h| h.contains("::"))
}

/// A header's parts: split on `::`, or on `:` keeping `jr:…` whole.
fn tokens(header: &str, double_colon: bool) -> Vec<String> {
    if double_colon || header.contains("::") {
        return header.split("::").map(|t| t.trim().to_string()).collect();
    }
    let mut tokens: Vec<String> = Vec::new();
    let mut parts = header.split(':').map(str::trim);
    while let Some(part) = parts.next() {
        match part {
            "jr" => {
                let next = parts.next().unwrap_or("");
                tokens.push(format!("jr:{next}"));
            }
            other => tokens.push(other.to_string()),
        }
    }
    tokens
}

/// Parses a header, its parts split as [`uses_double_colon`] says for its sheet. Only text
/// columns may carry a language; a media column is `media` whatever its kind.
pub fn parse_heading(header: &str, double_colon: bool) -> Result<Heading, String> {
    let mut parts = tokens(header, double_colon).into_iter().peekable();
    let mut first = parts.next().unwrap_or_default();
    // `bind:relevant`, `control:appearance`: older forms name the XForms part a column goes to.
    if ["bind", "control"].contains(&first.to_lowercase().as_str()) && parts.peek().is_some() {
        first = parts.next().unwrap_or_default();
    }
    let mut base = first
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase();
    if let Some((_, canonical)) = ALIASES.iter().find(|(alias, _)| *alias == base) {
        base = (*canonical).to_string();
    }
    if MEDIA_KINDS.contains(&base.as_str()) {
        base = "media".to_string();
    } else if base == "media" {
        // `media::image::English (en)`: the kind comes before the language.
        parts.next();
    }
    let language_part = parts.next();
    let language = match language_part.as_deref() {
        Some(language) if TEXT_COLUMNS.contains(&base.as_str()) => Some(
            parse_language_tag(language)
                .map_err(|problem| format!("header `{header}`: {problem}"))?,
        ),
        Some(_) if is_known_single_column(&base) => {
            return Err(format!("column `{base}` cannot be given per language"))
        }
        _ => None,
    };
    Ok(Heading { base, language })
}

/// Parses `Svenska (sv)`, `sv` or `zh-Hans`; or a language's name alone (`English`,
/// `Français`, `العربية`), as ODK authors write it, when Svar knows its code.
pub fn parse_language_tag(text: &str) -> Result<LanguageTag, String> {
    let text = text.trim();
    let (name, code) = match text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
        Some((name, code)) => (Some(name.trim()), code.trim()),
        None if text.contains(['(', ')']) => {
            return Err(format!(
                "language `{text}` should look like `English (en)` or `en`"
            ))
        }
        // Longer than a code: a name.
        None if text.chars().count() > 3 => match code_of_name(text) {
            Some(code) => (Some(text), code),
            None => (None, text),
        },
        None => (None, text),
    };
    if code.is_empty() {
        return Err("the language code is empty".to_string());
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "language `{code}` is not one Svar knows by name: write it as `Name (code)`, like \
             `{code} (xx)` with its ISO 639 code"
        ));
    }
    Ok(LanguageTag {
        code: code.to_string(),
        name: name.filter(|n| !n.is_empty()).map(str::to_string),
    })
}

fn is_known_single_column(base: &str) -> bool {
    matches!(
        base,
        "type"
            | "name"
            | "required"
            | "relevant"
            | "constraint"
            | "calculation"
            | "appearance"
            | "list_name"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(code: &str, name: Option<&str>) -> Option<LanguageTag> {
        Some(LanguageTag {
            code: code.into(),
            name: name.map(Into::into),
        })
    }

    #[test]
    fn reads_a_language_with_name_and_code() {
        let heading = parse_heading(" Label::Svenska (sv) ", true);
        assert_eq!(
            heading,
            Ok(Heading {
                base: "label".into(),
                language: tag("sv", Some("Svenska"))
            })
        );
        let persian = parse_heading("hint::فارسی (fa)", true).map(|h| h.language);
        assert_eq!(persian, Ok(tag("fa", Some("فارسی"))));
    }

    #[test]
    fn reads_a_bare_code_and_a_plain_column() {
        assert_eq!(
            parse_heading("constraint message::en", true).map(|h| (h.base, h.language)),
            Ok(("constraint_message".to_string(), tag("en", None)))
        );
        assert_eq!(
            parse_heading("TYPE", true),
            Ok(Heading {
                base: "type".into(),
                language: None
            })
        );
    }

    #[test]
    fn refuses_malformed_languages() {
        assert!(parse_heading("label::", true).is_err());
        assert!(parse_heading("label::Svenska (", true).is_err());
        assert!(parse_heading("label::Svenska ()", true).is_err());
        assert!(parse_heading("label::sv se", true).is_err());
        assert!(parse_heading("relevant::en", true).is_err());
    }

    #[test]
    fn media_columns_are_media_whatever_their_kind() {
        for header in [
            "media::image::English (en)",
            "image",
            "Image::sv",
            "big-image",
        ] {
            assert_eq!(
                parse_heading(header, true).map(|h| h.base),
                Ok("media".to_string()),
                "{header}"
            );
        }
    }

    #[test]
    fn reads_pyxform_aliases_and_single_colons() {
        let read = |header: &str, double: bool| {
            parse_heading(header, double).map(|h| (h.base, h.language.map(|l| l.code)))
        };
        assert_eq!(
            read("jr:constraintMsg", false),
            Ok(("constraint_message".into(), None))
        );
        let with_language = [
            (
                "jr:constraintMsg:English",
                false,
                "constraint_message",
                "en",
            ),
            ("label:French", false, "label", "fr"),
            ("label::العربية", true, "label", "ar"),
            ("hint::Somali", true, "hint", "so"),
            ("label::xyz", true, "label", "xyz"),
        ];
        for (header, double, base, code) in with_language {
            assert_eq!(
                read(header, double),
                Ok((base.to_string(), Some(code.to_string()))),
                "{header}"
            );
        }
        assert!(read("label::Kiswahili ya Kongo", true).is_err());
        assert_eq!(read("caption", false), Ok(("label".into(), None)));
        assert_eq!(read("bind:relevant", false), Ok(("relevant".into(), None)));
        assert_eq!(
            read("bind:jr:constraintMsg", false),
            Ok(("constraint_message".into(), None))
        );
        assert_eq!(
            read("control:appearance", false),
            Ok(("appearance".into(), None))
        );
        assert_eq!(read("List Name", true), Ok(("list_name".into(), None)));
        assert_eq!(read("Relevance", true), Ok(("relevant".into(), None)));
        assert_eq!(
            read("required_message::en", true),
            Ok(("required_message".into(), Some("en".into())))
        );
        // With `::` elsewhere in the sheet, a single colon is part of the name.
        assert_eq!(read("label:x", true), Ok(("label:x".into(), None)));
    }
}
