//! One function per respondent page: view model in, HTML string out.

use askama::Template;

use crate::i18n::{progress_text, UiText};

use super::error::RenderError;
use super::review_groups::group_by_page;
use super::summary::{links_on_page, links_to_pages, percent_encode_segment, SummaryLink};
use super::templates::{
    DeclineConfirmTemplate, MessageTemplate, OptOutTemplate, QuestionTemplate, ReviewTemplate,
    StartTemplate, EXAMPLE_CODE,
};
use super::ui::Ui;
use super::view::{
    DeclineConfirmPage, DeclinedPage, MessagePage, OptOutPage, QuestionPage, ReviewPage, Shell,
    StartPage, ThankYouPage,
};

/// Renders `template`, naming `page` in the error.
fn render_template(template: &impl Template, page: &'static str) -> Result<String, RenderError> {
    template
        .render()
        .map_err(|source| RenderError { page, source })
}

/// The start page, where the respondent types the code from the letter.
pub fn render_start_page(page: &StartPage) -> Result<String, RenderError> {
    let ui = Ui::new(&page.shell.lang);
    let error_links = page
        .error
        .iter()
        .map(|message| SummaryLink {
            href: "#field-code".to_owned(),
            message: message.clone(),
        })
        .collect::<Vec<_>>();
    let template = StartTemplate {
        shell: &page.shell,
        csrf: Some(&page.csrf),
        ui,
        document_title: ui.document_title(&page.shell.title, !error_links.is_empty()),
        error_links,
        page,
        example_code: EXAMPLE_CODE,
    };
    render_template(&template, "start")
}

/// A page of questions, with the answers as typed and any errors.
pub fn render_question_page(page: &QuestionPage) -> Result<String, RenderError> {
    let ui = Ui::new(&page.shell.lang);
    let (current, total) = page.progress;
    let error_links = links_on_page(&page.errors);
    let template = QuestionTemplate {
        shell: &page.shell,
        csrf: Some(&page.csrf),
        ui,
        document_title: ui.document_title(&page.shell.title, !error_links.is_empty()),
        error_links,
        page,
        action: format!("/p/{}", percent_encode_segment(&page.page_id)),
        progress_text: progress_text(&page.shell.lang, current, total),
        current_page: current,
        page_count: total,
    };
    render_template(&template, "question")
}

/// The review page: all answers grouped by page, missing answers, and the final submit.
pub fn render_review_page(page: &ReviewPage) -> Result<String, RenderError> {
    let ui = Ui::new(&page.shell.lang);
    let error_links = links_to_pages(&page.missing);
    let template = ReviewTemplate {
        shell: &page.shell,
        csrf: Some(&page.csrf),
        ui,
        document_title: ui.document_title(&page.shell.title, !error_links.is_empty()),
        error_links,
        page,
        groups: group_by_page(&page.rows),
    };
    render_template(&template, "review")
}

/// "Are you sure you do not want to take part?"
pub fn render_decline_confirm_page(page: &DeclineConfirmPage) -> Result<String, RenderError> {
    let ui = Ui::new(&page.shell.lang);
    let template = DeclineConfirmTemplate {
        shell: &page.shell,
        csrf: Some(&page.csrf),
        ui,
        document_title: page.shell.title.clone(),
        page,
    };
    render_template(&template, "decline confirmation")
}

/// "Are you sure you do not want to take part?", reached by an opt-out link.
pub fn render_opt_out_page(page: &OptOutPage) -> Result<String, RenderError> {
    let ui = Ui::new(&page.shell.lang);
    let template = OptOutTemplate {
        shell: &page.shell,
        csrf: None,
        ui,
        document_title: page.shell.title.clone(),
        page,
    };
    render_template(&template, "opt-out confirmation")
}

/// The page confirming that the respondent declined.
pub fn render_declined_page(page: &DeclinedPage) -> Result<String, RenderError> {
    render_confirmation(
        &page.shell,
        UiText::DeclinedHeading,
        UiText::DeclinedMessage,
        "declined",
    )
}

/// The thank-you page after submitting.
pub fn render_thank_you_page(page: &ThankYouPage) -> Result<String, RenderError> {
    render_confirmation(
        &page.shell,
        UiText::ThankYouHeading,
        UiText::ThankYouMessage,
        "thank you",
    )
}

/// A page that confirms the end of the questionnaire, with a heading and a message.
fn render_confirmation(
    shell: &Shell,
    heading: UiText,
    message: UiText,
    name: &'static str,
) -> Result<String, RenderError> {
    let ui = Ui::new(&shell.lang);
    let template = MessageTemplate {
        shell,
        csrf: None,
        ui,
        document_title: shell.title.clone(),
        heading: ui.t(heading),
        message: ui.t(message),
        link: None,
        is_confirmation: true,
    };
    render_template(&template, name)
}

/// A generic message (session expired, survey closed, too many attempts, not found, …).
pub fn render_message_page(page: &MessagePage) -> Result<String, RenderError> {
    let template = MessageTemplate {
        shell: &page.shell,
        csrf: None,
        ui: Ui::new(&page.shell.lang),
        document_title: page.shell.title.clone(),
        heading: &page.heading,
        message: &page.message,
        link: page.link.as_ref(),
        is_confirmation: false,
    };
    render_template(&template, "message")
}
