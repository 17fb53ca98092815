//! Language names as XLSForm authors write them in headers (`label::English`, `label::Français`,
//! `label::العربية`), to ISO 639 codes. ODK takes the name itself as the language; Svar needs
//! the code to lay out right-to-left scripts, to offer the interface in that language and to
//! match a sample's language column.

/// (name in lowercase, code): English names and the languages' own names.
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("swedish", "sv"),
    ("svenska", "sv"),
    ("arabic", "ar"),
    ("العربية", "ar"),
    ("عربي", "ar"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("فارسی", "fa"),
    ("dari", "prs"),
    ("دری", "prs"),
    ("pashto", "ps"),
    ("پښتو", "ps"),
    ("urdu", "ur"),
    ("اردو", "ur"),
    ("hebrew", "he"),
    ("עברית", "he"),
    ("kurdish", "ku"),
    ("kurdî", "ku"),
    ("sorani", "ckb"),
    ("کوردی", "ckb"),
    ("somali", "so"),
    ("soomaali", "so"),
    ("tigrinya", "ti"),
    ("ትግርኛ", "ti"),
    ("amharic", "am"),
    ("አማርኛ", "am"),
    ("french", "fr"),
    ("français", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("german", "de"),
    ("deutsch", "de"),
    ("italian", "it"),
    ("italiano", "it"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("finnish", "fi"),
    ("suomi", "fi"),
    ("norwegian", "nb"),
    ("norsk", "nb"),
    ("danish", "da"),
    ("dansk", "da"),
    ("polish", "pl"),
    ("polski", "pl"),
    ("russian", "ru"),
    ("русский", "ru"),
    ("ukrainian", "uk"),
    ("українська", "uk"),
    ("turkish", "tr"),
    ("türkçe", "tr"),
    ("bosnian", "bs"),
    ("bosanski", "bs"),
    ("serbian", "sr"),
    ("srpski", "sr"),
    ("српски", "sr"),
    ("croatian", "hr"),
    ("hrvatski", "hr"),
    ("albanian", "sq"),
    ("shqip", "sq"),
    ("greek", "el"),
    ("ελληνικά", "el"),
    ("romanian", "ro"),
    ("română", "ro"),
    ("hungarian", "hu"),
    ("magyar", "hu"),
    ("czech", "cs"),
    ("čeština", "cs"),
    ("estonian", "et"),
    ("eesti", "et"),
    ("latvian", "lv"),
    ("latviešu", "lv"),
    ("lithuanian", "lt"),
    ("lietuvių", "lt"),
    ("chinese", "zh"),
    ("中文", "zh"),
    ("japanese", "ja"),
    ("日本語", "ja"),
    ("korean", "ko"),
    ("한국어", "ko"),
    ("vietnamese", "vi"),
    ("tiếng việt", "vi"),
    ("thai", "th"),
    ("ไทย", "th"),
    ("hindi", "hi"),
    ("हिन्दी", "hi"),
    ("bengali", "bn"),
    ("বাংলা", "bn"),
    ("nepali", "ne"),
    ("नेपाली", "ne"),
    ("swahili", "sw"),
    ("kiswahili", "sw"),
    ("hausa", "ha"),
    ("yoruba", "yo"),
    ("igbo", "ig"),
    ("indonesian", "id"),
    ("bahasa indonesia", "id"),
    ("burmese", "my"),
    ("khmer", "km"),
    ("georgian", "ka"),
    ("armenian", "hy"),
    ("azerbaijani", "az"),
    ("uzbek", "uz"),
    ("kazakh", "kk"),
    ("tajik", "tg"),
    ("mongolian", "mn"),
];

/// The ISO 639 code of a language written by its name, if Svar knows the name.
pub fn code_of_name(name: &str) -> Option<&'static str> {
    let lower = name.trim().to_lowercase();
    NAMES
        .iter()
        .find(|(known, _)| *known == lower)
        .map(|(_, code)| *code)
}

#[cfg(test)]
mod tests {
    use super::code_of_name;

    #[test]
    fn names_in_english_and_in_the_language_itself() {
        assert_eq!(code_of_name("English"), Some("en"));
        assert_eq!(code_of_name(" Français "), Some("fr"));
        assert_eq!(code_of_name("العربية"), Some("ar"));
        assert_eq!(code_of_name("فارسی"), Some("fa"));
        assert_eq!(code_of_name("Klingon"), None);
    }
}
