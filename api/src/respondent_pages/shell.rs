//! The frame of every page: its language and direction, and the languages on offer. Before
//! login the interface languages are offered; after, the questionnaire's.

use super::cookies::LANGUAGE_COOKIE;
use crate::i18n::INTERFACE_LANGUAGES;
use crate::language_choice::requested_language;
use crate::pages::{LanguageLink, Shell};
use actix_web::HttpRequest;
use svar_core::response::CompiledForm;

/// The language of a page before login: `?lang=`, the language cookie, the browser's
/// Accept-Language, else Swedish.
pub fn request_language(req: &HttpRequest) -> String {
    requested_language(req, LANGUAGE_COOKIE, &INTERFACE_LANGUAGES)
        .unwrap_or_else(|| "sv".to_string())
}

/// A shell before login.
pub fn public_shell(lang: &str, title: &str, return_to: &str) -> Shell {
    Shell::new(
        lang,
        title,
        LanguageLink::for_languages(&INTERFACE_LANGUAGES, lang),
        return_to,
    )
}

/// A shell inside a session: the questionnaire's languages and title.
pub fn form_shell(form: &CompiledForm, lang: &str, return_to: &str) -> Shell {
    let f = form.form();
    let codes: Vec<&str> = f.languages.iter().map(|l| l.code.as_str()).collect();
    let mut shell = Shell::new(
        lang,
        f.title.clone(),
        LanguageLink::for_languages(&codes, lang),
        return_to,
    );
    // Prefer the names the questionnaire gives its languages.
    for link in &mut shell.languages {
        if let Some(l) = f.languages.iter().find(|l| l.code == link.code) {
            if !l.name.is_empty() {
                link.name = l.name.clone();
            }
        }
    }
    shell
}
