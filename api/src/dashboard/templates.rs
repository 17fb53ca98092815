//! The askama templates of the dashboard (`api/templates/dashboard/`) and the values each one
//! reads. Every template extends `dashboard/base.html`, which reads `frame`.

use super::frame::Frame;
use super::view::{SurveyListRow, SurveyPage};
use askama::Template;

// Named inside the templates.
use crate::i18n::dashboard::DashText;

/// The log-in form, first shown or shown again after a refusal.
#[derive(Template)]
#[template(path = "dashboard/login.html", whitespace = "minimize")]
pub struct LoginTemplate<'a> {
    pub frame: &'a Frame,
    pub csrf: &'a str,
    /// The address typed, shown again after a refusal (never the password).
    pub email: &'a str,
    pub error: Option<&'static str>,
}

/// The surveys a manager may see.
#[derive(Template)]
#[template(path = "dashboard/surveys.html", whitespace = "minimize")]
pub struct SurveysTemplate<'a> {
    pub frame: &'a Frame,
    /// In the order of their ids (the order of `GET /api/v1/surveys`).
    pub rows: &'a [SurveyListRow],
}

/// A survey's page: one block per section of [`SurveyPage`].
#[derive(Template)]
#[template(path = "dashboard/survey.html", whitespace = "minimize")]
pub struct SurveyTemplate<'a> {
    pub frame: &'a Frame,
    pub page: &'a SurveyPage,
}

/// Why a page is not shown (not found, a refused form, an error).
#[derive(Template)]
#[template(path = "dashboard/message.html", whitespace = "minimize")]
pub struct MessageTemplate<'a> {
    /// The heading and the one paragraph, in the page's language.
    pub heading: &'static str,
    pub text: &'static str,
    pub frame: &'a Frame,
}
