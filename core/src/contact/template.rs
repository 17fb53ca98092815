//! The text of an e-mail or letter a field manager writes, with placeholders (`{{name}}`,
//! `{{code}}`, `{{link}}`, `{{survey}}`, `{{opt_out}}`) that each message fills in for its case.
//! Parsed once when the plan is saved, so that an unknown placeholder is refused then, with its
//! place, and never reaches a respondent.
//!
//! The text is plain: blank lines part paragraphs. [`Template::render_html`] makes the HTML
//! part of an e-mail and the letter text of a print page from it, escaping what the manager
//! wrote and what each case brings, making the links clickable, and isolating each value from
//! the text's direction (a code or a Latin name inside Arabic keeps its own order).

use std::fmt::Write as _;

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// The person's first and last name.
    Name,
    /// A fresh access code, printed in groups (`K7QM-2XHD-9WBT-N`).
    Code,
    /// The direct link that logs in with that code.
    Link,
    /// The survey's name.
    Survey,
    /// The link that declines all further contact.
    OptOut,
}

impl Placeholder {
    /// Every placeholder, with the name written between the braces.
    pub const ALL: [(&'static str, Placeholder); 5] = [
        ("name", Placeholder::Name),
        ("code", Placeholder::Code),
        ("link", Placeholder::Link),
        ("survey", Placeholder::Survey),
        ("opt_out", Placeholder::OptOut),
    ];

    fn named(name: &str) -> Option<Placeholder> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }
}

/// Why a text is not a template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "unknown placeholder {{{{{name}}}}} at character {at}; the placeholders are {{{{name}}}}, {{{{code}}}}, {{{{link}}}}, {{{{survey}}}} and {{{{opt_out}}}}"
    )]
    UnknownPlaceholder { name: String, at: usize },
    #[error("'{{{{' at character {at} is not closed with '}}}}'")]
    Unclosed { at: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Value(Placeholder),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

/// The values of one message.
#[derive(Debug, Clone, Default)]
pub struct Values<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub link: &'a str,
    pub survey: &'a str,
    pub opt_out: &'a str,
}

impl Values<'_> {
    fn get(&self, placeholder: Placeholder) -> &str {
        match placeholder {
            Placeholder::Name => self.name,
            Placeholder::Code => self.code,
            Placeholder::Link => self.link,
            Placeholder::Survey => self.survey,
            Placeholder::OptOut => self.opt_out,
        }
    }
}

impl Template {
    /// Parses `text`; characters are counted from 1, as a person counts them.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = text;
        let mut consumed_chars = 0;
        while let Some(open) = rest.find("{{") {
            let at = consumed_chars + rest[..open].chars().count() + 1;
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let after_open = &rest[open + 2..];
            let close = after_open
                .find("}}")
                .ok_or(TemplateError::Unclosed { at })?;
            let name = after_open[..close].trim();
            let placeholder =
                Placeholder::named(name).ok_or_else(|| TemplateError::UnknownPlaceholder {
                    name: name.to_string(),
                    at,
                })?;
            parts.push(Part::Value(placeholder));
            let used = open + 2 + close + 2;
            consumed_chars += rest[..used].chars().count();
            rest = &rest[used..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Template {
            source: text.to_string(),
            parts,
        })
    }

    /// The text as the manager wrote it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the template uses `placeholder`.
    pub fn uses(&self, placeholder: Placeholder) -> bool {
        self.parts.contains(&Part::Value(placeholder))
    }

    /// The plain text with the values filled in.
    pub fn render(&self, values: &Values<'_>) -> String {
        let mut out = String::with_capacity(self.source.len() + 64);
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Value(p) => out.push_str(values.get(*p)),
            }
        }
        out
    }

    /// HTML paragraphs (`<p>`, lines within a paragraph parted by `<br>`), everything escaped,
    /// links clickable.
    pub fn render_html(&self, values: &Values<'_>) -> String {
        let mut out = String::with_capacity(self.source.len() * 2 + 128);
        let mut paragraph_open = false;
        let open = |out: &mut String, paragraph_open: &mut bool| {
            if !*paragraph_open {
                out.push_str("<p>");
                *paragraph_open = true;
            }
        };
        for part in &self.parts {
            match part {
                Part::Text(text) => {
                    let text = text.replace("\r\n", "\n");
                    let mut paragraphs = text.split("\n\n").peekable();
                    while let Some(paragraph) = paragraphs.next() {
                        let mut lines = paragraph.split('\n').peekable();
                        while let Some(line) = lines.next() {
                            if !line.is_empty() {
                                open(&mut out, &mut paragraph_open);
                                out.push_str(&escape(line));
                            }
                            if lines.peek().is_some() && paragraph_open {
                                out.push_str("<br>");
                            }
                        }
                        if paragraphs.peek().is_some() && paragraph_open {
                            out.push_str("</p>\n");
                            paragraph_open = false;
                        }
                    }
                }
                Part::Value(p) => {
                    open(&mut out, &mut paragraph_open);
                    let value = escape(values.get(*p));
                    // Isolated from the text around it, so that a Latin name or a code in an
                    // Arabic sentence keeps its own order (a code's "-8" does not jump ahead).
                    match p {
                        _ if value.is_empty() => {}
                        Placeholder::Link | Placeholder::OptOut => {
                            let _ = write!(out, "<a href=\"{value}\" dir=\"ltr\">{value}</a>");
                        }
                        Placeholder::Code => {
                            let _ = write!(out, "<span dir=\"ltr\">{value}</span>");
                        }
                        Placeholder::Name | Placeholder::Survey => {
                            let _ = write!(out, "<bdi>{value}</bdi>");
                        }
                    }
                }
            }
        }
        if paragraph_open {
            out.push_str("</p>\n");
        }
        out
    }
}

/// `text` with the five characters HTML gives meaning to escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values<'static> {
        Values {
            name: "Anna <Berg>",
            code: "K7QM-2XHD-9WBT-N",
            link: "https://svar.example/s/K7QM2XHD9WBTN",
            survey: "Integration & trust",
            opt_out: "https://svar.example/opt-out/1-ab",
        }
    }

    #[test]
    fn placeholders_are_filled_in() {
        let t = Template::parse("Hej {{name}}! Kod: {{ code }}\n{{link}}").unwrap();
        assert_eq!(
            t.render(&values()),
            "Hej Anna <Berg>! Kod: K7QM-2XHD-9WBT-N\nhttps://svar.example/s/K7QM2XHD9WBTN"
        );
        assert!(t.uses(Placeholder::Code));
        assert!(!t.uses(Placeholder::OptOut));
    }

    #[test]
    fn an_unknown_placeholder_is_refused_with_its_place() {
        assert_eq!(
            Template::parse("Hej {{name}}, {{namn}}"),
            Err(TemplateError::UnknownPlaceholder {
                name: "namn".into(),
                at: 15
            })
        );
        // Characters, not bytes: "å" is one.
        assert_eq!(
            Template::parse("å{{x}}"),
            Err(TemplateError::UnknownPlaceholder {
                name: "x".into(),
                at: 2
            })
        );
        assert_eq!(
            Template::parse("Hej {{name"),
            Err(TemplateError::Unclosed { at: 5 })
        );
        let message = Template::parse("{{namn}}").unwrap_err().to_string();
        assert!(message.contains("{{namn}}"), "{message}");
        assert!(message.contains("{{opt_out}}"), "{message}");
    }

    #[test]
    fn text_without_placeholders_and_single_braces_stay_as_written() {
        let t = Template::parse("a } b { c }}").unwrap();
        assert_eq!(t.render(&values()), "a } b { c }}");
        assert_eq!(Template::parse("").unwrap().render(&values()), "");
    }

    #[test]
    fn html_escapes_what_anyone_wrote_and_links_the_addresses() {
        let t =
            Template::parse("Hej {{name}},\n<b>välkommen</b>\n\n{{link}}\n\n{{survey}}").unwrap();
        assert_eq!(
            t.render_html(&values()),
            "<p>Hej <bdi>Anna &lt;Berg&gt;</bdi>,<br>&lt;b&gt;välkommen&lt;/b&gt;</p>\n\
             <p><a href=\"https://svar.example/s/K7QM2XHD9WBTN\" dir=\"ltr\">https://svar.example/s/K7QM2XHD9WBTN</a></p>\n\
             <p><bdi>Integration &amp; trust</bdi></p>\n"
        );
    }
}
