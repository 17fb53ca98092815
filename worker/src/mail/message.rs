//! One e-mail as it goes out: From, To (the person's name and address), the subject, a
//! multipart body (plain text and HTML) in the case's language, a Message-ID derived from the
//! attempt (the same on every try, so a server or reader can tell a repeat), and the
//! `List-Unsubscribe` headers (RFC 2369, with RFC 8058's one-click POST) that point at the
//! case's opt-out link.

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use svar_core::fieldwork::EmailContent;

/// A header with a plain text value.
macro_rules! text_header {
    ($(#[$doc:meta])* $ty:ident, $name:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        struct $ty(String);

        impl Header for $ty {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($name)
            }

            fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok($ty(s.trim().to_string()))
            }

            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(
    /// `List-Unsubscribe: <https://…/opt-out/…>` (RFC 2369).
    ListUnsubscribe,
    "List-Unsubscribe"
);
text_header!(
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
    ListUnsubscribePost,
    "List-Unsubscribe-Post"
);
text_header!(
    /// `Content-Language: ar` (RFC 3282).
    ContentLanguage,
    "Content-Language"
);

/// What one message is made of.
pub struct Envelope<'a> {
    pub from: &'a Mailbox,
    /// The domain of Message-IDs.
    pub domain: &'a str,
    pub attempt_id: i64,
    pub to_name: &'a str,
    pub to_email: &'a str,
    pub content: &'a EmailContent,
    pub opt_out_url: &'a str,
}

/// Why a message could not be made (the address is not one).
#[derive(Debug, thiserror::Error)]
#[error("the recipient's e-mail address cannot be used")]
pub struct BadRecipient;

/// The message.
pub fn build(e: &Envelope<'_>) -> Result<Message, BadRecipient> {
    let address = e.to_email.trim().parse().map_err(|_| BadRecipient)?;
    let name = e.to_name.trim();
    let to = Mailbox::new((!name.is_empty()).then(|| name.to_string()), address);
    let builder = Message::builder()
        .message_id(Some(format!(
            "<svar-attempt-{}@{}>",
            e.attempt_id, e.domain
        )))
        .from(e.from.clone())
        .to(to)
        .subject(e.content.subject.clone())
        .header(ListUnsubscribe(format!("<{}>", e.opt_out_url)))
        .header(ListUnsubscribePost("List-Unsubscribe=One-Click".into()))
        .header(ContentLanguage(e.content.language.clone()));
    builder
        .multipart(MultiPart::alternative_plain_html(
            e.content.text.clone(),
            e.content.html.clone(),
        ))
        .map_err(|_| BadRecipient)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_carries_its_id_unsubscribe_headers_and_both_parts() {
        let from: Mailbox = "Svar <svar@scb.example>".parse().unwrap();
        let content = EmailContent {
            language: "ar".into(),
            subject: "تذكير".into(),
            text: "مرحبا".into(),
            html: "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><body><p>مرحبا</p></body></html>"
                .into(),
        };
        let message = build(&Envelope {
            from: &from,
            domain: "scb.example",
            attempt_id: 42,
            to_name: "Amal Haddad",
            to_email: "amal@example.se",
            content: &content,
            opt_out_url: "https://svar.example/opt-out/7-abc",
        })
        .unwrap();
        let text = String::from_utf8(message.formatted()).unwrap();
        assert!(
            text.contains("Message-ID: <svar-attempt-42@scb.example>"),
            "{text}"
        );
        assert!(text.contains("List-Unsubscribe: <https://svar.example/opt-out/7-abc>"));
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(text.contains("multipart/alternative"));
        assert!(text.contains("Content-Type: text/html"));
        assert!(text.contains("Content-Language: ar"));
        assert!(
            text.contains("To: \"Amal Haddad\" <amal@example.se>"),
            "{text}"
        );
        let bad = build(&Envelope {
            to_email: "not an address",
            ..Envelope {
                from: &from,
                domain: "scb.example",
                attempt_id: 1,
                to_name: "",
                to_email: "",
                content: &content,
                opt_out_url: "",
            }
        });
        assert!(bad.is_err());
    }
}
