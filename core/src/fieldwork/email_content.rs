//! What an e-mail of a contact step says to one case: the subject and a multipart body (plain
//! text and HTML) in the case's language — the language the person answers in, else the one in
//! the sample, else the survey's default — with `dir="rtl"` HTML for Arabic and Persian. Pure:
//! the worker adds the headers and hands it to the mail server.

use crate::contact::{escape_html, Step, Values};
use crate::form::model::is_rtl;

/// The words of one e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailContent {
    /// The language of the text used.
    pub language: String,
    pub subject: String,
    pub text: String,
    /// A whole HTML document.
    pub html: String,
}

/// The e-mail of `step` for a case whose language is `language`.
pub fn compose(
    step: &Step,
    language: &str,
    default_language: &str,
    values: &Values<'_>,
) -> Option<EmailContent> {
    let template = step.template_for(language, default_language)?;
    let used = step.language_for(language, default_language);
    let subject = template
        .subject
        .as_ref()
        .map(|s| s.render(values))
        .unwrap_or_default();
    // A subject is one line, whatever a name or survey brought in.
    let subject = subject.replace(['\r', '\n'], " ");
    let dir = if is_rtl(used) { "rtl" } else { "ltr" };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">\n{body}</body></html>\n",
        lang = escape_html(used),
        title = escape_html(&subject),
        body = template.body.render_html(values),
    );
    Some(EmailContent {
        language: used.to_string(),
        text: template.body.render(values),
        subject,
        html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{ContactPlan, PlanContext, PlanDocument};

    fn step() -> Step {
        let document: PlanDocument = serde_json::from_value(serde_json::json!({"steps": [
            {"name": "r1", "channel": "email", "after": "fielding", "days": 0,
             "targets": "not_submitted", "templates": {
                "sv": {"subject": "Påminnelse om {{survey}}", "body": "Hej {{name}}!\n\nKod: {{code}}\n{{link}}"},
                "ar": {"subject": "تذكير", "body": "مرحبا {{name}}\n\n{{link}}"}}}]}))
        .unwrap();
        ContactPlan::check(document, &PlanContext::default())
            .unwrap()
            .steps
            .remove(0)
    }

    fn values() -> Values<'static> {
        Values {
            name: "Amal",
            code: "K7QM-2XHD-9WBT-N",
            link: "https://svar.example/s/K7QM2XHD9WBTN",
            survey: "Integration\n2026",
            opt_out: "https://svar.example/opt-out/1-x",
        }
    }

    #[test]
    fn arabic_mail_is_right_to_left_and_swedish_is_the_fallback() {
        let ar = compose(&step(), "ar", "sv", &values()).unwrap();
        assert_eq!(ar.language, "ar");
        assert!(
            ar.html.contains("<html lang=\"ar\" dir=\"rtl\">"),
            "{}",
            ar.html
        );
        assert!(ar.text.starts_with("مرحبا Amal"));
        let so = compose(&step(), "so", "sv", &values()).unwrap();
        assert_eq!(so.language, "sv");
        assert!(so.html.contains("dir=\"ltr\""));
        assert_eq!(so.subject, "Påminnelse om Integration 2026", "one line");
        assert!(so.text.contains("Kod: K7QM-2XHD-9WBT-N"));
        assert!(so
            .html
            .contains("<a href=\"https://svar.example/s/K7QM2XHD9WBTN\" dir=\"ltr\">"));
    }
}
