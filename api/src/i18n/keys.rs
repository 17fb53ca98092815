//! The names of all interface texts, so a missing translation is a compile error (every
//! language file matches on this enum without a wildcard).

/// One interface text of the respondent pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiText {
    // Page frame.
    /// Label of the language switch.
    LanguageLabel,
    /// Button of the language switch.
    ChangeLanguage,
    /// Prefix of the page title when the page shows errors ("Error: …").
    ErrorTitlePrefix,
    /// Heading of the error summary above a form.
    ErrorSummaryTitle,

    // Start page.
    /// Heading of the start page.
    StartHeading,
    /// Explanation under the start page heading.
    StartIntro,
    /// Label of the access code field.
    CodeLabel,
    /// Hint under the code label; the example code follows it.
    CodeHint,
    /// Submit button of the start page.
    StartButton,

    // Question pages.
    /// "Page {current} of {total}"; `{current}` and `{total}` are replaced.
    ProgressTemplate,
    /// Marker after the label of a question that must be answered.
    Required,
    /// Hint of a question where several choices may be ticked.
    SelectAllThatApply,
    /// Hint of a date question.
    DateFormatHint,
    /// How to write a time of day.
    TimeFormatHint,
    /// How to write a date and a time of day.
    DateTimeFormatHint,
    /// The box a respondent ticks to confirm an `acknowledge` question.
    AcknowledgeLabel,
    /// The empty first entry of a drop-down list of choices.
    ChooseOne,
    /// How to answer a ranking.
    RankHint,
    /// Before the number of a place in a ranking (Place 1).
    RankPlace,
    /// Button that saves the page and goes on.
    Next,
    /// Button that saves the page and goes back.
    Back,
    /// Note that answers are saved and one can come back later.
    SavedNote,
    /// Link to the decline confirmation page.
    DeclineLink,

    // Review page.
    /// Heading of the review page.
    ReviewHeading,
    /// Explanation under the review heading.
    ReviewIntro,
    /// Link that goes back to a page to change its answers.
    Change,
    /// Shown instead of an answer for an unanswered question.
    NotAnswered,
    /// Final submit button.
    SubmitButton,
    /// Warning above the final submit button.
    SubmitNote,

    // Decline.
    /// Heading of the decline confirmation page.
    DeclineHeading,
    /// Explanation on the decline confirmation page.
    DeclineExplanation,
    /// Button that confirms declining.
    DeclineConfirmButton,
    /// Link that cancels declining.
    DeclineCancel,
    /// Heading of the page shown after declining.
    DeclinedHeading,
    /// Message of the page shown after declining.
    DeclinedMessage,

    // Thank you.
    /// Heading of the page shown after submitting.
    ThankYouHeading,
    /// Message of the page shown after submitting.
    ThankYouMessage,

    // Field errors (for the handlers that validate answers).
    /// A required question was not answered.
    ErrorRequired,
    /// A single-choice question needs one of its choices.
    ErrorChooseOne,
    /// Not a whole number.
    ErrorInteger,
    /// Not a number.
    ErrorDecimal,
    /// Not a date in the expected form.
    ErrorDate,
    /// Not a time of day in the expected form.
    ErrorTime,
    /// Not a date and time in the expected form.
    ErrorDateTime,
    /// A number that is not on a range question's scale.
    ErrorRange,
    /// The answer breaks the question's constraint.
    ErrorInvalidAnswer,
    /// The code field was empty.
    ErrorCodeEmpty,
    /// The code is mistyped or unknown.
    ErrorCodeInvalid,
    /// Another device or tab saved in between (stale version).
    ErrorStale,
    /// The page came back because an answer on it brought in more questions.
    MoreQuestions,
    /// The form's CSRF token was missing or expired.
    ErrorFormExpired,

    // Message pages.
    /// Heading: the session ended.
    SessionExpiredHeading,
    /// Message: the session ended.
    SessionExpiredMessage,
    /// Heading: the survey is closed.
    SurveyClosedHeading,
    /// Message: the survey is closed.
    SurveyClosedMessage,
    /// Heading: code guessing is throttled.
    TooManyAttemptsHeading,
    /// Message: code guessing is throttled.
    TooManyAttemptsMessage,
    /// Heading: no such page.
    NotFoundHeading,
    /// Message: no such page.
    NotFoundMessage,
    /// Heading: the answers were already submitted.
    AlreadySubmittedHeading,
    /// Message: the answers were already submitted.
    AlreadySubmittedMessage,
    /// Heading: the server failed.
    ServerErrorHeading,
    /// Message: the server failed.
    ServerErrorMessage,
    /// Link back to the start page.
    GoToStartPage,
}

impl UiText {
    /// Every key, in declaration order (tests check that each has a text in every language).
    pub const ALL: &'static [UiText] = &[
        UiText::LanguageLabel,
        UiText::ChangeLanguage,
        UiText::ErrorTitlePrefix,
        UiText::ErrorSummaryTitle,
        UiText::StartHeading,
        UiText::StartIntro,
        UiText::CodeLabel,
        UiText::CodeHint,
        UiText::StartButton,
        UiText::ProgressTemplate,
        UiText::Required,
        UiText::SelectAllThatApply,
        UiText::DateFormatHint,
        UiText::TimeFormatHint,
        UiText::DateTimeFormatHint,
        UiText::AcknowledgeLabel,
        UiText::ChooseOne,
        UiText::RankHint,
        UiText::RankPlace,
        UiText::Next,
        UiText::Back,
        UiText::SavedNote,
        UiText::DeclineLink,
        UiText::ReviewHeading,
        UiText::ReviewIntro,
        UiText::Change,
        UiText::NotAnswered,
        UiText::SubmitButton,
        UiText::SubmitNote,
        UiText::DeclineHeading,
        UiText::DeclineExplanation,
        UiText::DeclineConfirmButton,
        UiText::DeclineCancel,
        UiText::DeclinedHeading,
        UiText::DeclinedMessage,
        UiText::ThankYouHeading,
        UiText::ThankYouMessage,
        UiText::ErrorRequired,
        UiText::ErrorChooseOne,
        UiText::ErrorInteger,
        UiText::ErrorDecimal,
        UiText::ErrorDate,
        UiText::ErrorTime,
        UiText::ErrorDateTime,
        UiText::ErrorRange,
        UiText::ErrorInvalidAnswer,
        UiText::ErrorCodeEmpty,
        UiText::ErrorCodeInvalid,
        UiText::ErrorStale,
        UiText::MoreQuestions,
        UiText::ErrorFormExpired,
        UiText::SessionExpiredHeading,
        UiText::SessionExpiredMessage,
        UiText::SurveyClosedHeading,
        UiText::SurveyClosedMessage,
        UiText::TooManyAttemptsHeading,
        UiText::TooManyAttemptsMessage,
        UiText::NotFoundHeading,
        UiText::NotFoundMessage,
        UiText::AlreadySubmittedHeading,
        UiText::AlreadySubmittedMessage,
        UiText::ServerErrorHeading,
        UiText::ServerErrorMessage,
        UiText::GoToStartPage,
    ];
}
