//! Interface texts as the templates ask for them: one value per page that knows the page's
//! language.

use crate::i18n::{interface_language, text, UiText};

/// The interface texts of one page's language.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ui {
    lang: &'static str,
}

impl Ui {
    /// Texts for a page in `lang` (falling back as [`crate::i18n::text`] does).
    pub(super) fn new(lang: &str) -> Ui {
        Ui {
            lang: interface_language(lang),
        }
    }

    /// The text for `key`.
    pub(super) fn t(&self, key: UiText) -> &'static str {
        text(self.lang, key)
    }

    /// Label of the language switch, with the English word added so that someone who cannot
    /// read the current language still finds it.
    pub(super) fn language_label(&self) -> String {
        let own = self.t(UiText::LanguageLabel);
        if self.lang == "en" {
            own.to_owned()
        } else {
            format!("{own} · {}", text("en", UiText::LanguageLabel))
        }
    }

    /// The document title, prefixed with "Error:" when the page reports problems (so screen
    /// reader users hear it first).
    pub(super) fn document_title(&self, title: &str, has_errors: bool) -> String {
        if has_errors {
            format!("{}: {title}", self.t(UiText::ErrorTitlePrefix))
        } else {
            title.to_owned()
        }
    }
}
