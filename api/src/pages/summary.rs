//! The links of an error summary, built from whichever problems a page has, so one template
//! partial shows them all alike.

use super::item_markup::field_id;
use super::view::{ErrorSummaryItem, MissingAnswer};

/// One line of an error summary: a message linking to the field it is about, or plain text
/// for a message about the whole page (`href` empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SummaryLink {
    pub(super) href: String,
    pub(super) message: String,
}

/// Links to fields on the same page; an error without an item name is about the page.
pub(super) fn links_on_page(errors: &[ErrorSummaryItem]) -> Vec<SummaryLink> {
    errors
        .iter()
        .map(|error| SummaryLink {
            href: if error.item_name.is_empty() {
                String::new()
            } else {
                format!("#{}", field_id(&error.item_name))
            },
            message: error.message.clone(),
        })
        .collect()
}

/// Links to fields on the question pages (from the review page).
pub(super) fn links_to_pages(missing: &[MissingAnswer]) -> Vec<SummaryLink> {
    missing
        .iter()
        .map(|answer| SummaryLink {
            href: format!(
                "/p/{}#{}",
                percent_encode_segment(&answer.page_id),
                field_id(&answer.item_name)
            ),
            message: answer.message.clone(),
        })
        .collect()
}

/// Percent-encodes a path segment (everything except unreserved characters).
pub(super) fn percent_encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}
