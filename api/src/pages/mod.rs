//! The respondent's server-rendered HTML pages (start, questions, review, decline, thank you,
//! messages) as pure rendering: handlers fill a view model, these functions return the HTML.
//!
//! The pages need no JavaScript and use none; they carry no inline style or script, so they
//! work under the strict Content-Security-Policy and on old phones.

mod error;
mod item_markup;
mod render;
mod review_groups;
mod summary;
mod templates;
mod ui;
mod view;

pub use error::RenderError;
pub use render::{
    render_decline_confirm_page, render_declined_page, render_message_page, render_opt_out_page,
    render_question_page, render_review_page, render_start_page, render_thank_you_page,
};
pub use view::{
    ChoiceView, DeclineConfirmPage, DeclinedPage, ErrorSummaryItem, ItemKind, ItemView,
    LanguageLink, LinkView, MessagePage, MissingAnswer, OptOutPage, QuestionPage, ReviewPage,
    ReviewRow, Shell, StartPage, ThankYouPage,
};

#[cfg(test)]
mod tests;
