//! The letter text of the invitation batch that `GET …/letters.csv` and `svar letters` make
//! when a survey is set up without a plan's own letter: Svar's words, in the languages the
//! demo survey speaks. A plan's letter steps bring their own texts.

use crate::contact::Template;
use std::collections::BTreeMap;

const TEXTS: [(&str, &str); 4] = [
    (
        "sv",
        "Hej {{name}}!\n\nDu har valts ut att delta i undersökningen {{survey}}. Dina svar är \
         viktiga, även om du inte har en åsikt om allt.\n\nGå till {{link}} eller skanna \
         QR-koden med mobilen. Du kan också gå till webbplatsen och skriva in din kod: \
         {{code}}\n\nVill du inte delta? Säg till här: {{opt_out}}",
    ),
    (
        "en",
        "Hello {{name}},\n\nYou have been selected to take part in the survey {{survey}}. Your \
         answers matter, even if you do not have an opinion on everything.\n\nGo to {{link}} or \
         scan the QR code with your phone. You can also go to the website and type in your \
         code: {{code}}\n\nIf you do not want to take part, tell us here: {{opt_out}}",
    ),
    (
        "ar",
        "مرحبًا {{name}}،\n\nلقد تم اختيارك للمشاركة في استطلاع {{survey}}. إجاباتك مهمة، حتى \
         لو لم يكن لديك رأي في كل شيء.\n\nاذهب إلى {{link}} أو امسح رمز QR بهاتفك. يمكنك \
         أيضًا زيارة الموقع وإدخال رمزك: {{code}}\n\nإذا كنت لا ترغب في المشاركة، أخبرنا \
         هنا: {{opt_out}}",
    ),
    (
        "fa",
        "سلام {{name}}،\n\nشما برای شرکت در نظرسنجی {{survey}} انتخاب شده‌اید. پاسخ‌های شما \
         مهم است، حتی اگر درباره همه چیز نظری نداشته باشید.\n\nبه {{link}} بروید یا کد QR \
         را با تلفن همراه خود اسکن کنید. همچنین می‌توانید به وب‌سایت بروید و کد خود را \
         وارد کنید: {{code}}\n\nاگر نمی‌خواهید شرکت کنید، اینجا به ما اطلاع دهید: {{opt_out}}",
    ),
];

/// The invitation texts by language.
pub fn invitation_texts() -> BTreeMap<String, Template> {
    TEXTS
        .iter()
        .filter_map(|(language, text)| Some((language.to_string(), Template::parse(text).ok()?)))
        .collect()
}

/// "Your code" in a letter's language (English when Svar has no words for it).
pub fn code_label(language: &str) -> &'static str {
    match language {
        "sv" => "Din kod",
        "ar" => "رمزك",
        "fa" => "کد شما",
        _ => "Your code",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_invitation_text_parses_and_gives_code_link_and_opt_out() {
        let texts = invitation_texts();
        assert_eq!(texts.len(), TEXTS.len());
        for (language, text) in &texts {
            for p in [
                crate::contact::Placeholder::Code,
                crate::contact::Placeholder::Link,
                crate::contact::Placeholder::OptOut,
            ] {
                assert!(text.uses(p), "{language} {p:?}");
            }
        }
    }
}
