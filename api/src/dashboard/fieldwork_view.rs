//! The sections of a survey's page that follow fieldwork over its days, in the page's words
//! and number format: the response curve (a line chart and today's figures per stratum, the
//! contact steps), the cost per complete, and the reminder of the strata that lag.

use super::line_chart::{line_chart, LineChart};
use super::numbers::{decimal, percent, Figure};
use super::view::status;
use crate::i18n::dashboard::{dash_text, DashText};
use svar_core::monitoring::cost::{CostLine, Costs};
use svar_core::monitoring::curve::CurvePoint;
use svar_core::monitoring::lagging::Lagging;
use svar_core::monitoring::survey_curves::{ResponseCurves, StratumCurve};

/// The response curve.
#[derive(Debug, Clone)]
pub struct CurveSection {
    /// "Fieldwork started …", "closed", or "not in the field yet".
    pub summary: String,
    /// `None` before the survey was in the field.
    pub chart: Option<LineChart>,
    pub rows: Vec<CurveRow>,
    pub steps: Vec<StepRow>,
}

/// Today's figures of one stratum (or all cases) against its curve.
#[derive(Debug, Clone)]
pub struct CurveRow {
    pub label: String,
    pub today: Figure,
    pub expected: Figure,
    pub status: Figure,
    pub projected: Figure,
    pub method: String,
}

#[derive(Debug, Clone)]
pub struct StepRow {
    pub name: String,
    pub channel: String,
    pub planned: u32,
    pub fired: Figure,
}

fn curve_row(lang: &str, curve: &StratumCurve, label: &str) -> CurveRow {
    let today = curve.points.last().and_then(|p| p.rr2);
    CurveRow {
        label: label.to_string(),
        today: percent(lang, today),
        expected: percent(lang, curve.expected_today),
        status: status(lang, curve.status),
        projected: percent(lang, curve.projection.map(|p| p.rr2)),
        method: curve
            .projection
            .map(|p| p.method.to_string())
            .unwrap_or_default(),
    }
}

impl CurveSection {
    pub fn of(lang: &str, curves: &ResponseCurves) -> CurveSection {
        let t = |key| dash_text(lang, key);
        let overall_label = t(DashText::OverallRow);
        let summary = match (&curves.start, curves.today_index, curves.closed) {
            (_, _, true) => t(DashText::CurveClosed).to_string(),
            (Some(start), Some(today), false) => t(DashText::CurveStarted)
                .replace("{start}", start)
                .replace("{today}", &today.to_string())
                .replace("{days}", &curves.fieldwork_days.to_string()),
            _ => t(DashText::NotFieldedYet).to_string(),
        };
        let mut lines: Vec<(String, &[CurvePoint], bool)> =
            vec![(overall_label.to_string(), &curves.overall.points, true)];
        lines.extend(
            curves
                .strata
                .iter()
                .map(|c| (c.label.clone(), c.points.as_slice(), false)),
        );
        let steps: Vec<(String, u32)> = curves
            .steps
            .iter()
            .map(|s| (s.name.clone(), s.planned_day_index))
            .collect();
        let chart = curves.start.is_some().then(|| {
            line_chart(&lines, &steps, curves.fieldwork_days, |v| {
                format!("{} %", percent(lang, Some(v)).text)
            })
        });
        let mut rows: Vec<CurveRow> = curves
            .strata
            .iter()
            .map(|c| curve_row(lang, c, &c.label))
            .collect();
        rows.push(curve_row(lang, &curves.overall, overall_label));
        CurveSection {
            summary,
            chart,
            rows,
            steps: curves
                .steps
                .iter()
                .map(|s| StepRow {
                    name: s.name.clone(),
                    channel: s.channel.to_string(),
                    planned: s.planned_day_index,
                    fired: decimal(lang, s.fired_day_index.map(f64::from), 0),
                })
                .collect(),
        }
    }
}

/// Cost per complete.
#[derive(Debug, Clone)]
pub struct CostSection {
    pub currency: String,
    pub rows: Vec<CostRow>,
    pub overall: CostRow,
}

#[derive(Debug, Clone)]
pub struct CostRow {
    pub label: String,
    pub completes: i64,
    pub letters: i64,
    pub emails: i64,
    pub cost: Figure,
    pub per_complete: Figure,
}

fn cost_row(lang: &str, line: &CostLine, label: &str) -> CostRow {
    CostRow {
        label: label.to_string(),
        completes: line.completes,
        letters: line.letters,
        emails: line.emails,
        cost: decimal(lang, Some(line.cost), 2),
        per_complete: decimal(lang, line.cost_per_complete, 2),
    }
}

impl CostSection {
    pub fn of(lang: &str, costs: &Costs) -> CostSection {
        CostSection {
            currency: costs.currency.clone(),
            rows: costs
                .strata
                .iter()
                .map(|l| cost_row(lang, l, &l.label))
                .collect(),
            overall: cost_row(lang, &costs.overall, dash_text(lang, DashText::OverallRow)),
        }
    }
}

/// The strata that lag, and the form that sends them a step.
#[derive(Debug, Clone)]
pub struct ReminderSection {
    pub lagging: Vec<LaggingRow>,
    /// The plan's steps (the form's choices); empty: no form.
    pub steps: Vec<String>,
    /// The form, for a manager who may change the survey (a viewer sees the list only).
    pub may_send: bool,
    /// The session's CSRF token for the form.
    pub csrf: String,
    /// After a step was sent: how many contacts it scheduled, in words.
    pub notice: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LaggingRow {
    pub label: String,
    pub rr2: Figure,
    pub target: Figure,
    pub p_u: Figure,
    pub reasons: String,
}

impl ReminderSection {
    pub fn of(
        lang: &str,
        lagging: &[Lagging],
        stratum_label: impl Fn(&str) -> String,
        steps: Vec<String>,
        (may_send, csrf): (bool, String),
        reminded: Option<i64>,
    ) -> ReminderSection {
        let t = |key| dash_text(lang, key);
        ReminderSection {
            lagging: lagging
                .iter()
                .map(|l| LaggingRow {
                    label: stratum_label(&l.stratum),
                    rr2: percent(lang, l.rr2),
                    target: percent(lang, l.target),
                    p_u: decimal(lang, l.p_u, 4),
                    reasons: l
                        .reasons
                        .iter()
                        .map(|r| match *r {
                            "below_target" => t(DashText::ReasonBelowTarget),
                            _ => t(DashText::ReasonUnderRepresented),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect(),
            steps,
            may_send,
            csrf,
            notice: reminded.map(|n| t(DashText::RemindedNotice).replace("{n}", &n.to_string())),
        }
    }
}
