//! Finds the `${name}` references inside label, hint and message texts ("piping": showing an
//! earlier answer in a later text), so an import can refuse a text that names nothing.

/// What a text refers to, or why it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipedName {
    /// `${name}`, with the byte offset of its `$`.
    Name { name: String, position: usize },
    /// `${` with no closing `}`, at the byte offset of its `$`.
    Unclosed { position: usize },
}

/// Every `${…}` in `text`, in order.
pub fn piped_names(text: &str) -> Vec<PipedName> {
    let mut found = Vec::new();
    let mut searched_to = 0;
    while let Some(offset) = text.get(searched_to..).and_then(|rest| rest.find("${")) {
        let position = searched_to + offset;
        let name_start = position + 2;
        match text.get(name_start..).and_then(|rest| rest.find('}')) {
            Some(length) => {
                let name = text
                    .get(name_start..name_start + length)
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                found.push(PipedName::Name { name, position });
                searched_to = name_start + length + 1;
            }
            None => {
                found.push(PipedName::Unclosed { position });
                break;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_reference_in_a_label() {
        let found = piped_names("Du har bott i Sverige i ${years} år, sedan ${arrival_year}.");
        assert_eq!(
            found,
            vec![
                PipedName::Name {
                    name: "years".into(),
                    position: 24
                },
                PipedName::Name {
                    name: "arrival_year".into(),
                    position: 44
                },
            ]
        );
    }

    #[test]
    fn works_on_right_to_left_text() {
        let found = piped_names("شما حدود ${years_in_sweden} سال");
        assert!(matches!(&found[..], [PipedName::Name { name, .. }] if name == "years_in_sweden"));
    }

    #[test]
    fn reports_an_unclosed_reference() {
        assert_eq!(
            piped_names("cost: $5, ${oops"),
            vec![PipedName::Unclosed { position: 10 }]
        );
        assert!(piped_names("no references, only $ and {}").is_empty());
    }
}
