//! The askama templates of the respondent pages and the values each one reads. Every template
//! extends `respondent/base.html`, which reads `shell`, `csrf`, `ui` and `document_title`.

use askama::Template;

// `UiText` and `ItemKind` are named inside the templates.
use crate::i18n::UiText;

use super::review_groups::ReviewGroup;
use super::summary::SummaryLink;
use super::ui::Ui;
use super::view::{
    DeclineConfirmPage, ItemKind, ItemView, LinkView, OptOutPage, QuestionPage, ReviewPage, Shell,
    StartPage,
};

/// The example code shown in the start page's hint (the format printed on letters).
pub(super) const EXAMPLE_CODE: &str = "K7QM-2XHD-9WBT-N";

/// The start page.
#[derive(Template)]
#[template(path = "respondent/start.html", whitespace = "minimize")]
pub(super) struct StartTemplate<'a> {
    pub(super) shell: &'a Shell,
    pub(super) csrf: Option<&'a str>,
    pub(super) ui: Ui,
    pub(super) document_title: String,
    pub(super) error_links: Vec<SummaryLink>,
    pub(super) page: &'a StartPage,
    pub(super) example_code: &'static str,
}

/// A question page.
#[derive(Template)]
#[template(path = "respondent/question.html", whitespace = "minimize")]
pub(super) struct QuestionTemplate<'a> {
    pub(super) shell: &'a Shell,
    pub(super) csrf: Option<&'a str>,
    pub(super) ui: Ui,
    pub(super) document_title: String,
    pub(super) error_links: Vec<SummaryLink>,
    pub(super) page: &'a QuestionPage,
    pub(super) action: String,
    pub(super) progress_text: String,
    pub(super) current_page: usize,
    pub(super) page_count: usize,
}

impl QuestionTemplate<'_> {
    /// The interface hint for `item`'s kind (date format, "select all"), in the page's
    /// language.
    pub(super) fn format_hint(&self, item: &ItemView) -> Option<&'static str> {
        item.format_hint().map(|key| self.ui.t(key))
    }
}

/// The review page.
#[derive(Template)]
#[template(path = "respondent/review.html", whitespace = "minimize")]
pub(super) struct ReviewTemplate<'a> {
    pub(super) shell: &'a Shell,
    pub(super) csrf: Option<&'a str>,
    pub(super) ui: Ui,
    pub(super) document_title: String,
    pub(super) error_links: Vec<SummaryLink>,
    pub(super) page: &'a ReviewPage,
    pub(super) groups: Vec<ReviewGroup<'a>>,
}

/// The decline confirmation page.
#[derive(Template)]
#[template(path = "respondent/decline_confirm.html", whitespace = "minimize")]
pub(super) struct DeclineConfirmTemplate<'a> {
    pub(super) shell: &'a Shell,
    pub(super) csrf: Option<&'a str>,
    pub(super) ui: Ui,
    pub(super) document_title: String,
    pub(super) page: &'a DeclineConfirmPage,
}

/// The opt-out confirmation page.
#[derive(Template)]
#[template(path = "respondent/opt_out.html", whitespace = "minimize")]
pub(super) struct OptOutTemplate<'a> {
    pub(super) shell: &'a Shell,
    pub(super) csrf: Option<&'a str>,
    pub(super) ui: Ui,
    pub(super) document_title: String,
    pub(super) page: &'a OptOutPage,
}

/// A page that only shows a heading and a message (declined, thank you, generic messages).
#[derive(Template)]
#[template(path = "respondent/message.html", whitespace = "minimize")]
pub(super) struct MessageTemplate<'a> {
    pub(super) shell: &'a Shell,
    pub(super) csrf: Option<&'a str>,
    pub(super) ui: Ui,
    pub(super) document_title: String,
    pub(super) heading: &'a str,
    pub(super) message: &'a str,
    pub(super) link: Option<&'a LinkView>,
    /// Marks the thank-you and declined pages, which get a confirmation panel.
    pub(super) is_confirmation: bool,
}
