//! Groups the review page's rows by questionnaire page, so each page gets one heading and one
//! "Change" link.

use super::summary::percent_encode_segment;
use super::view::ReviewRow;

/// The answers of one questionnaire page on the review page.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ReviewGroup<'a> {
    pub(super) page_title: &'a str,
    /// `/p/{page_id}`, percent-encoded.
    pub(super) change_href: String,
    pub(super) rows: Vec<&'a ReviewRow>,
}

/// Consecutive rows with the same page id form one group, in the rows' order.
pub(super) fn group_by_page(rows: &[ReviewRow]) -> Vec<ReviewGroup<'_>> {
    let mut groups: Vec<(&str, ReviewGroup<'_>)> = Vec::new();
    for row in rows {
        match groups.last_mut() {
            Some((page_id, group)) if *page_id == row.page_id => group.rows.push(row),
            _ => groups.push((
                &row.page_id,
                ReviewGroup {
                    page_title: &row.page_title,
                    change_href: format!("/p/{}", percent_encode_segment(&row.page_id)),
                    rows: vec![row],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}
