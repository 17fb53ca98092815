//! Facts about languages that the pages need besides translated texts: writing direction,
//! the language's own name for the language switch, and which interface texts to use.

/// Languages that have their own interface texts.
pub const INTERFACE_LANGUAGES: [&str; 4] = ["sv", "en", "ar", "fa"];

/// Scandinavian languages whose readers are served better by Swedish than by English.
const READ_AS_SWEDISH: [&str; 4] = ["da", "nb", "nn", "no"];

/// Primary language subtags written right to left.
const RIGHT_TO_LEFT: [&str; 10] = ["ar", "ckb", "dv", "fa", "he", "prs", "ps", "sd", "ur", "yi"];

/// Writing direction of a language, as the HTML `dir` attribute wants it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right (Swedish, English, Somali, Tigrinya, …).
    Ltr,
    /// Right to left (Arabic, Persian, …).
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute: `"ltr"` or `"rtl"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The primary subtag of a BCP 47 tag, lower-cased: `"fa-IR"` → `"fa"`.
fn primary_subtag(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Writing direction of the language `lang` (a BCP 47 tag).
pub fn direction(lang: &str) -> Direction {
    let primary = primary_subtag(lang);
    if RIGHT_TO_LEFT.contains(&primary.as_str()) {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// The language whose interface texts serve `lang`: itself when it has texts, Swedish for
/// Danish and Norwegian, English otherwise.
pub fn interface_language(lang: &str) -> &'static str {
    let primary = primary_subtag(lang);
    if let Some(own) = INTERFACE_LANGUAGES
        .iter()
        .find(|code| **code == primary.as_str())
    {
        own
    } else if READ_AS_SWEDISH.contains(&primary.as_str()) {
        "sv"
    } else {
        "en"
    }
}

/// The language's name in itself (an endonym) for the language switch, where known.
pub fn language_name(lang: &str) -> Option<&'static str> {
    let name = match primary_subtag(lang).as_str() {
        "sv" => "Svenska",
        "en" => "English",
        "ar" => "العربية",
        "fa" => "فارسی",
        "prs" => "دری",
        "so" => "Soomaali",
        "ti" => "ትግርኛ",
        "fi" => "Suomi",
        "pl" => "Polski",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "tr" => "Türkçe",
        "ku" => "Kurdî",
        "ckb" => "کوردی",
        "ru" => "Русский",
        "uk" => "Українська",
        "bs" => "Bosanski",
        "hr" => "Hrvatski",
        "sr" => "Српски",
        _ => return None,
    };
    Some(name)
}
