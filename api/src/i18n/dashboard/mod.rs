//! Interface texts of the field managers' dashboard (`/manage/`), in Swedish and English: a
//! table of its own beside the respondent pages' [`super::UiText`], since managers and
//! respondents read different words in different sets of languages. Every language file
//! matches on [`DashText`] without a wildcard, so a missing translation is a compile error.

mod en;
mod sv;

/// The languages the dashboard is written in; anything else gets English.
pub const DASHBOARD_LANGUAGES: [&str; 2] = ["sv", "en"];

/// One interface text of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DashText {
    // Frame.
    /// The product's name in the header and every title.
    DashboardName,
    /// The name of the language navigation.
    LanguageNavigation,
    LogOut,
    /// Heading of the error summary above a form.
    ErrorSummaryTitle,

    // Log-in page.
    LoginHeading,
    EmailLabel,
    PasswordLabel,
    LoginButton,
    /// A wrong address or password (the JSON login's wording).
    LoginRefused,
    /// Too many failed logins.
    LoginThrottled,

    // Messages.
    /// Heading and text of the page for a form posted without its token.
    FormRefusedHeading,
    FormRefusedText,
    NotFoundHeading,
    NotFoundText,
    ServerErrorHeading,
    ServerErrorText,
    /// Link back to the start of the dashboard.
    ToStart,

    // Survey list.
    SurveysHeading,
    NoSurveys,
    SurveyColumn,
    RoundColumn,
    StateColumn,
    StateDraft,
    StateFielding,
    StateClosed,

    // Survey page: response table.
    AllSurveys,
    ResponseHeading,
    /// Caption of the table by stratum.
    ByStratumCaption,
    /// Caption of the table by an auxiliary variable; `{variable}` is replaced.
    ByVariableCaption,
    GroupByLabel,
    StrataOption,
    ShowButton,
    StratumColumn,
    CategoryColumn,
    SampleColumn,
    CompletesColumn,
    PartialsColumn,
    RefusalsColumn,
    NonContactsColumn,
    Rr1Column,
    Rr2Column,
    TargetColumn,
    StatusColumn,
    OverallRow,
    /// The accessible text of a figure shown as "–".
    NotDefined,
    StatusGreen,
    StatusAmber,
    StatusRed,
    /// "Figures as of" before the time stamp.
    AsOf,
    RefreshLink,
    /// The live region's words when the stream is open and when an update came in.
    LiveOn,
    LiveUpdated,
    LiveOff,

    // Survey page: representativity.
    RepresentativityHeading,
    ModelLabel,
    StrataOnlyOption,
    IndicatorColumn,
    ValueColumn,
    RIndicator,
    StandardError,
    Interval95,
    CoefficientOfVariation,
    RUnadjusted,
    PartialHeading,
    ChartDescription,
    VariableColumn,
    PartialColumn,
    NoPartials,
    SmallCellsHeading,
    SmallCellsNote,
    CasesColumn,

    // Survey page: response curve, cost, reminders.
    /// The response table's last column: RR2's change over the last week.
    TrendColumn,
    CurveHeading,
    CurveDescription,
    CurveStarted,
    CurveClosed,
    NotFieldedYet,
    DayAxis,
    TodayColumn,
    ExpectedColumn,
    ProjectedColumn,
    MethodColumn,
    ExpectedNote,
    StepsHeading,
    StepColumn,
    ChannelColumn,
    PlannedDayColumn,
    FiredDayColumn,
    CostHeading,
    CostNote,
    LettersColumn,
    EmailsColumn,
    CostColumn,
    PerCompleteColumn,
    RemindHeading,
    RemindIntro,
    NothingLags,
    ReasonsColumn,
    ReasonBelowTarget,
    ReasonUnderRepresented,
    StepLabel,
    RemindButton,
    RemindedNotice,
    NoStepsNote,
    NotSentHeading,
    NotSentText,
}

/// The dashboard text `key` in `lang` ("sv" or "en"; others get English).
pub fn dash_text(lang: &str, key: DashText) -> &'static str {
    match lang {
        "sv" => sv::text(key),
        _ => en::text(key),
    }
}
