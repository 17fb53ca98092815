//! View models of the respondent pages: plain values the handlers fill, already in the page's
//! language, so rendering needs no database, session or questionnaire logic.

use crate::i18n::{direction, language_name};

/// One language in the language switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageLink {
    /// BCP 47 code posted as `lang` (`sv`, `ar`, …).
    pub code: String,
    /// The language's name in itself (`Svenska`, `العربية`).
    pub name: String,
    /// Whether this is the page's current language.
    pub selected: bool,
}

impl LanguageLink {
    /// Links for `codes`, named by their endonyms (the code itself where none is known), with
    /// `current` selected.
    pub fn for_languages<S: AsRef<str>>(codes: &[S], current: &str) -> Vec<LanguageLink> {
        codes
            .iter()
            .map(|code| {
                let code = code.as_ref();
                LanguageLink {
                    code: code.to_owned(),
                    name: language_name(code).unwrap_or(code).to_owned(),
                    selected: code == current,
                }
            })
            .collect()
    }
}

/// What every page has: language, direction, title and the language switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shell {
    /// BCP 47 code of the page's language (`<html lang>`); also picks the interface texts.
    pub lang: String,
    /// `"ltr"` or `"rtl"` (`<html dir>`).
    pub dir: &'static str,
    /// Document title (the `<title>`), without any error prefix.
    pub title: String,
    /// Languages offered in the language switch; the switch is hidden with fewer than two.
    pub languages: Vec<LanguageLink>,
    /// Local path to come back to after changing language (posted as `return_to`); the
    /// handler of `POST /lang` must accept only paths starting with a single `/`.
    pub return_to: String,
}

impl Shell {
    /// A shell for `lang` with the direction derived from the language.
    pub fn new(
        lang: &str,
        title: impl Into<String>,
        languages: Vec<LanguageLink>,
        return_to: impl Into<String>,
    ) -> Shell {
        Shell {
            lang: lang.to_owned(),
            dir: direction(lang).as_str(),
            title: title.into(),
            languages,
            return_to: return_to.into(),
        }
    }
}

/// The start page: the respondent types the code from the letter (`POST /start`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartPage {
    /// Language, direction, title and language switch.
    pub shell: Shell,
    /// CSRF token posted as `_csrf`.
    pub csrf: String,
    /// Why the last code was refused, shown at the field and in the error summary.
    pub error: Option<String>,
    /// The code as typed (or from a QR link), shown again in the field.
    pub code_value: String,
}

/// A problem with one answer, listed in the error summary above a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorSummaryItem {
    /// The item's name; the summary links to `#field-NAME`. Empty for a message about the
    /// whole page (shown without a link).
    pub item_name: String,
    /// What to do, in the page's language.
    pub message: String,
}

/// The kinds of item a question page can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    Multiline,
    /// A whole number.
    Integer,
    /// A number with decimals.
    Decimal,
    /// A date (ISO 8601).
    Date,
    /// A time of day (`HH:MM`).
    Time,
    /// A date and a time of day.
    DateTime,
    /// A short numeric scale (a `range` of a few values): one radio button per value, in a row.
    Scale,
    /// A statement confirmed with one checkbox (`acknowledge`).
    Acknowledge,
    /// The choices put in order: one drop-down list per place (`rank`).
    Rank,
    /// One choice among several (radio buttons).
    SelectOne,
    /// One choice among many, in a drop-down list (XLSForm's `minimal` appearance).
    Dropdown,
    /// Any number of choices (checkboxes sharing the item's name).
    SelectMultiple,
    /// Text only, nothing to answer.
    Note,
    /// A question shown with its value, which the respondent cannot change (`read_only`).
    ReadOnly,
}

/// One choice of a select_one or select_multiple item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceView {
    /// The choice's name, posted as the value.
    pub name: String,
    /// The choice's label in the page's language.
    pub label: String,
    /// Whether the respondent has chosen it.
    pub checked: bool,
}

/// One question (or note) on a question page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemView {
    /// The item's name: the form field name and the base of its element ids.
    pub name: String,
    /// What kind of answer the item takes.
    pub kind: ItemKind,
    /// The question text, already piped, in the page's language.
    pub label: String,
    /// Extra guidance under the label; empty for none.
    pub hint: String,
    /// Whether an answer is required (shown as a marker after the label).
    pub required: bool,
    /// The answer as typed, for text, number and date inputs.
    pub value: String,
    /// Choices of select items (empty for other kinds).
    pub choices: Vec<ChoiceView>,
    /// A ranking's choice names by place, the first place first (empty for other kinds).
    pub ranking: Vec<String>,
    /// Whether the choices stand side by side where there is room (a scale; the appearances
    /// `horizontal`, `horizontal-compact`, `likert`, and questions of a `table-list`).
    pub choices_in_a_row: bool,
    /// What is wrong with the answer, shown next to the field.
    pub error: Option<String>,
}

/// A page of questions (`POST /p/{page_id}` with `_action` = `next` or `back`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionPage {
    /// Language, direction, title and language switch.
    pub shell: Shell,
    /// CSRF token, posted as `_csrf`.
    pub csrf: String,
    /// The page's id (its group's name); the form posts to `/p/{page_id}`.
    pub page_id: String,
    /// The page's heading.
    pub page_title: String,
    /// (current page number, number of pages), both counted from 1.
    pub progress: (usize, usize),
    /// Problems listed at the top of the page; empty when the page is fine.
    pub errors: Vec<ErrorSummaryItem>,
    /// The page's questions and notes, in order.
    pub items: Vec<ItemView>,
    /// Whether to offer the Back button.
    pub can_go_back: bool,
    /// The response version the page was read at, posted back as `_version` so that a save
    /// from a stale page (another device saved since) is refused instead of overwriting.
    pub version: i64,
    /// A line above the form that is no error: the page came back because an answer on it
    /// brought in more questions.
    pub info: Option<String>,
}

impl QuestionPage {
    /// The names of the page's items, posted back as `_shown`: what the respondent has seen.
    pub fn shown(&self) -> String {
        let names: Vec<&str> = self.items.iter().map(|i| i.name.as_str()).collect();
        names.join(" ")
    }
}

/// One answered (or unanswered) question on the review page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    /// The page the question is on; rows of one page must be consecutive.
    pub page_id: String,
    /// The title of the page the question is on (the group heading).
    pub page_title: String,
    /// The question text.
    pub question: String,
    /// The answer as the respondent sees it (choice labels, not names); empty when unanswered.
    pub answer: String,
}

/// A required answer that is missing, listed on the review page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingAnswer {
    /// The page to go back to; the summary links to `/p/{page_id}#field-{item_name}`.
    pub page_id: String,
    /// The missing item's name.
    pub item_name: String,
    /// The message text.
    pub message: String,
}

/// The review page: all answers with links to change them, and the final submit
/// (`POST /submit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewPage {
    /// Language, direction, title and language switch.
    pub shell: Shell,
    /// CSRF token, posted as `_csrf`.
    pub csrf: String,
    /// All questions the respondent was shown, page by page.
    pub rows: Vec<ReviewRow>,
    /// Required answers still missing, shown in the error summary.
    pub missing: Vec<MissingAnswer>,
}

/// "Are you sure you do not want to take part?" (`POST /decline`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclineConfirmPage {
    /// Language, direction, title and language switch.
    pub shell: Shell,
    /// CSRF token, posted as `_csrf`.
    pub csrf: String,
    /// Where "No, go back" leads (the page the respondent came from, or their resume page).
    pub back_href: String,
}

/// "Are you sure you do not want to take part?" from the opt-out link of an e-mail or letter
/// (`POST` to the same address; no session, the link's token is the authority).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptOutPage {
    /// Language, direction, title and language switch.
    pub shell: Shell,
    /// The address the form posts to (the link itself).
    pub action: String,
}

/// Shown after the respondent declined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclinedPage {
    /// Language, direction, title and language switch.
    pub shell: Shell,
}

/// Shown after the answers were submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThankYouPage {
    /// Language, direction, title and language switch.
    pub shell: Shell,
}

/// A link offered under a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkView {
    /// Where the link leads (a local path).
    pub href: String,
    /// The link text.
    pub label: String,
}

/// A page with a heading and a message: session expired, survey closed, too many attempts,
/// not found, already submitted, server error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagePage {
    /// Language, direction, title and language switch.
    pub shell: Shell,
    /// The page heading.
    pub heading: String,
    /// The message text.
    pub message: String,
    /// An optional way on, such as the start page.
    pub link: Option<LinkView>,
}
