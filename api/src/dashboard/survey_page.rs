//! `GET /manage/surveys/{id}?by=&variables=`: a survey's page. Its figures are
//! `svar_core::monitoring::survey_statistics` and `survey_representativity`, the functions
//! behind `GET /api/v1/surveys/{id}/statistics` and `/representativity`, so the page and the
//! JSON show the same numbers. `by` groups the table by an auxiliary variable of the sample
//! instead of the strata; `variables` adds one auxiliary, or two (`a,b`), to the R-indicators'
//! model. A name the sample does not have is ignored (the form only offers the sample's). Any role with a grant
//! may read it; a survey not granted is 404.

use super::fieldwork_view::{CostSection, CurveSection, ReminderSection};
use super::frame::{session_page, Frame};
use super::messages::{refusal_page, Refusal};
use super::session::Session;
use super::templates::SurveyTemplate;
use super::view::{FiguresSection, RepresentativitySection, SurveyPage, OVERALL_KEY};
use crate::blocking::with_db;
use crate::i18n::dashboard::DashText;
use crate::manager_api::{fieldwork_problem, timestamp, Access};
use crate::problem::Problem;
use crate::startup::State;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use std::collections::HashMap;
use svar_core::accounts::Role;
use svar_core::db::{monitoring_counts, now_ms, surveys};
use svar_core::fieldwork::plan_of;
use svar_core::monitoring::cost::Costs;
use svar_core::monitoring::joint;
use svar_core::monitoring::lagging::Lagging;
use svar_core::monitoring::survey_curves::{survey_curves, ResponseCurves};
use svar_core::monitoring::{
    survey_costs, survey_lagging, survey_representativity, survey_statistics, FiguresError,
    Grouping, Representativity, Statistics,
};

/// What the page is built from, read in one go.
struct Figures {
    name: String,
    round: i32,
    variables: Vec<String>,
    /// Pairs of auxiliaries the R-indicators can take together, as `a,b`.
    pairs: Vec<String>,
    by: Option<String>,
    chosen: Option<String>,
    statistics: Statistics,
    representativity: Representativity,
    stratum_labels: HashMap<String, String>,
    curves: ResponseCurves,
    costs: Costs,
    lagging: Vec<Lagging>,
    steps: Vec<String>,
}

/// The first value of `name` in the query, trimmed, if not empty.
fn query_value(req: &HttpRequest, name: &str) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn figures_problem(e: FiguresError) -> Problem {
    match e {
        FiguresError::Store(e) => e.into(),
        // Names are checked against the sample's before asking.
        _ => Problem::internal(),
    }
}

pub async fn show(state: State, req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let secure = state.secure_cookies;
    match page(&state, &req, &id).await {
        Ok(res) => res,
        Err(refusal) => refusal_page(&req, secure, refusal),
    }
}

async fn page(state: &State, req: &HttpRequest, id: &str) -> Result<HttpResponse, Refusal> {
    let session = Session::of(state, req).await?;
    let survey_id: i64 = id.parse().map_err(|_| Refusal::NotFound)?;
    let manager = session.manager;
    let (by, chosen) = (query_value(req, "by"), query_value(req, "variables"));
    let figures = with_db(state, move |conn, _| {
        manager.survey_access(conn, survey_id, Access::Read)?;
        let survey = surveys::find(conn, survey_id)?.ok_or_else(Problem::not_found)?;
        let variables = monitoring_counts::variables_of_survey(conn, survey_id)?;
        let by = by.filter(|b| variables.contains(b));
        // One auxiliary, or two whose pair the import counted (`a,b`, in name order).
        let counted = monitoring_counts::counted_variables(conn, survey_id)?;
        let pairs: Vec<String> = variables
            .iter()
            .enumerate()
            .flat_map(|(i, a)| variables[i + 1..].iter().map(move |b| (a, b)))
            .filter(|(a, b)| counted.contains(&joint::pair_name(a, b)))
            .map(|(a, b)| format!("{a},{b}"))
            .collect();
        let chosen = chosen.filter(|v| variables.contains(v) || pairs.contains(v));
        let model: Vec<String> = chosen
            .as_deref()
            .map(|c| c.split(',').map(str::to_string).collect())
            .unwrap_or_default();
        let grouping = by.clone().map_or(Grouping::Stratum, Grouping::Auxiliary);
        let now = now_ms();
        let statistics = survey_statistics(conn, survey_id, &grouping, now, timestamp(now))
            .map_err(figures_problem)?;
        let representativity =
            survey_representativity(conn, survey_id, &model).map_err(figures_problem)?;
        let stratum_labels = monitoring_counts::strata_of_survey(conn, survey_id)?
            .into_iter()
            .map(|s| (s.code, s.label))
            .collect();
        let curves =
            survey_curves(conn, survey_id, now, timestamp(now)).map_err(figures_problem)?;
        let costs = survey_costs(conn, survey_id).map_err(figures_problem)?;
        let lagging = survey_lagging(conn, survey_id, now).map_err(figures_problem)?;
        let steps = plan_of(conn, survey_id)
            .map_err(fieldwork_problem)?
            .steps
            .iter()
            .map(|s| s.name.as_str().to_string())
            .collect();
        Ok::<_, Problem>(Figures {
            name: survey.name,
            round: survey.round,
            variables,
            pairs,
            by,
            chosen,
            statistics,
            representativity,
            stratum_labels,
            curves,
            costs,
            lagging,
            steps,
        })
    })
    .await??;
    let mut frame = Frame::new(req, DashText::ResponseHeading);
    frame.title = figures.name.clone();
    frame.logout_csrf = Some(session.csrf_token(state));
    let lang = frame.lang;
    let href = match req.query_string() {
        "" => req.path().to_string(),
        q => format!("{}?{q}", req.path()),
    };
    let labels = &figures.stratum_labels;
    let trends: HashMap<String, Option<f64>> = figures
        .curves
        .strata
        .iter()
        .map(|c| (c.key.clone(), c.trend_7d))
        .chain([(OVERALL_KEY.to_string(), figures.curves.overall.trend_7d)])
        .collect();
    let page = SurveyPage {
        survey_id,
        name: figures.name.clone(),
        round: figures.round,
        figures: FiguresSection::of(
            lang,
            &figures.statistics,
            &trends,
            (figures.by.clone(), figures.chosen.clone()),
            figures.variables.clone(),
            href,
            survey_id,
        ),
        representativity: RepresentativitySection::of(
            lang,
            &figures.representativity,
            (figures.chosen, figures.by),
            figures
                .variables
                .iter()
                .map(|v| (v.clone(), v.clone()))
                .chain(
                    figures
                        .pairs
                        .iter()
                        .map(|p| (p.clone(), p.replace(',', " × "))),
                )
                .collect(),
            |code| {
                labels
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| code.to_string())
            },
        ),
        response_curve: Some(CurveSection::of(lang, &figures.curves)),
        cost: Some(CostSection::of(lang, &figures.costs)),
        reminders: Some(ReminderSection::of(
            lang,
            &figures.lagging,
            |code| {
                labels
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| code.to_string())
            },
            figures.steps,
            (manager.role != Role::Viewer, session.csrf_token(state)),
            query_value(req, "reminded").and_then(|n| n.parse().ok()),
        )),
    };
    let body = SurveyTemplate {
        frame: &frame,
        page: &page,
    }
    .render()?;
    Ok(session_page(req, state, &session, body)?)
}
