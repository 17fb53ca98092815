//! Which texts an export writes: choice codes or labels, and in which language. A language the
//! questionnaire does not have is refused rather than silently replaced.

use super::error::ExportError;
use crate::form::model::Form;

/// What the responses CSV holds for a `select_one` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelMode {
    /// The choice names (`yes`, `3`), as stored.
    Codes,
    /// The choice labels in this language of the questionnaire.
    Labels(String),
}

/// `labels=LANG` checked against the form's languages; `None` means codes.
pub fn label_mode(form: &Form, labels: Option<&str>) -> Result<LabelMode, ExportError> {
    match labels {
        None => Ok(LabelMode::Codes),
        Some(lang) => Ok(LabelMode::Labels(checked_language(form, lang)?)),
    }
}

/// The language variable and value labels are written in (SPSS and Stata hold one): the
/// requested one if the form has it, else the form's default language.
pub fn label_language(form: &Form, requested: Option<&str>) -> Result<String, ExportError> {
    match requested {
        Some(lang) => checked_language(form, lang),
        None => Ok(form.default_language.clone()),
    }
}

fn checked_language(form: &Form, lang: &str) -> Result<String, ExportError> {
    if form.has_language(lang) {
        Ok(lang.to_owned())
    } else {
        Err(ExportError::UnknownLanguage {
            requested: lang.to_owned(),
            known: form.languages.iter().map(|l| l.code.clone()).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::model::Language;

    fn form() -> Form {
        Form {
            form_id: "f".into(),
            title: "T".into(),
            version: "1".into(),
            default_language: "sv".into(),
            languages: ["sv", "ar"]
                .iter()
                .map(|c| Language {
                    code: c.to_string(),
                    name: c.to_string(),
                })
                .collect(),
            pages: vec![],
            choice_lists: Default::default(),
            allow_choice_duplicates: false,
            repeats: Vec::new(),
        }
    }

    #[test]
    fn codes_unless_a_known_language_is_asked_for() {
        assert_eq!(label_mode(&form(), None).unwrap(), LabelMode::Codes);
        assert_eq!(
            label_mode(&form(), Some("ar")).unwrap(),
            LabelMode::Labels("ar".into())
        );
    }

    #[test]
    fn an_unknown_language_is_refused_naming_the_known_ones() {
        let err = label_mode(&form(), Some("so")).unwrap_err();
        assert!(matches!(err, ExportError::UnknownLanguage { .. }));
        assert!(err.to_string().contains("sv, ar"), "{err}");
        assert!(label_language(&form(), Some("xx")).is_err());
        assert_eq!(label_language(&form(), None).unwrap(), "sv");
    }
}
