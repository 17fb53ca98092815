//! Reads an XLSForm column header: `label::Svenska (sv)` is the `label` column in Swedish.
//! Headers are matched by name, case-insensitively, so authors may order and spell them freely.

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

/// Parses a header. Only text columns may carry a language; `media::image` and the like keep
/// their first part as base so they can be reported as unsupported.
pub fn parse_heading(header: &str) -> Result<Heading, String> {
    let (base_part, language_part) = match header.split_once("::") {
        Some((base, language)) => (base, Some(language)),
        None => (header, None),
    };
    let base = base_part.trim().to_lowercase().replace(' ', "_");
    let language = match language_part {
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

/// Parses `Svenska (sv)`, `sv` or `zh-Hans`.
pub fn parse_language_tag(text: &str) -> Result<LanguageTag, String> {
    let text = text.trim();
    let (name, code) = match text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
        Some((name, code)) => (Some(name.trim()), code.trim()),
        None if text.contains(['(', ')']) => {
            return Err(format!(
                "language `{text}` should look like `English (en)` or `en`"
            ))
        }
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
            "language code `{code}` should hold only letters, digits and - (like `sv` or `zh-Hans`)"
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
        let heading = parse_heading(" Label::Svenska (sv) ");
        assert_eq!(
            heading,
            Ok(Heading {
                base: "label".into(),
                language: tag("sv", Some("Svenska"))
            })
        );
        let persian = parse_heading("hint::فارسی (fa)").map(|h| h.language);
        assert_eq!(persian, Ok(tag("fa", Some("فارسی"))));
    }

    #[test]
    fn reads_a_bare_code_and_a_plain_column() {
        assert_eq!(
            parse_heading("constraint message::en").map(|h| (h.base, h.language)),
            Ok(("constraint_message".to_string(), tag("en", None)))
        );
        assert_eq!(
            parse_heading("TYPE"),
            Ok(Heading {
                base: "type".into(),
                language: None
            })
        );
    }

    #[test]
    fn refuses_malformed_languages() {
        assert!(parse_heading("label::").is_err());
        assert!(parse_heading("label::Svenska (").is_err());
        assert!(parse_heading("label::Svenska ()").is_err());
        assert!(parse_heading("label::sv se").is_err());
        assert!(parse_heading("relevant::en").is_err());
    }

    #[test]
    fn unknown_columns_keep_their_first_part() {
        assert_eq!(
            parse_heading("media::image::English (en)").map(|h| h.base),
            Ok("media".to_string())
        );
    }
}
