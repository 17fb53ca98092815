//! A survey's response curves from the figures the worker stored at the end of each day, with
//! today's figures read live from the counters as the last point; the expected curve of each
//! stratum (its previous round's, or a line to its target) and its status against it; the
//! contact steps marked on the days they were planned and fired. See `curve` for the rules.

use super::curve::{projection, status, trend, CurvePoint, Expected, Projection};
use super::settings::MonitoringSettings;
use super::survey_figures::by_stratum;
use super::{BucketCounts, FiguresError, StratumInfo};
use crate::contact::{After, ContactPlan, SurveyClock};
use crate::db::surveys::{self, SurveyRow, SurveyState};
use crate::db::{
    contact_plans, monitoring_counts, monitoring_days, monitoring_settings, AnyConnection,
    StoreError,
};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseCurves {
    pub as_of: String,
    /// The first day of fieldwork (local date), null before the round went into the field.
    pub start: Option<String>,
    pub today_index: Option<u32>,
    pub fieldwork_days: u32,
    pub closed: bool,
    pub steps: Vec<StepMark>,
    pub overall: StratumCurve,
    pub strata: Vec<StratumCurve>,
}

/// A contact step on the curve: the day the plan puts it on, and the day it fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepMark {
    pub name: String,
    pub channel: &'static str,
    pub planned_day_index: u32,
    pub fired_day_index: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StratumCurve {
    pub key: String,
    pub label: String,
    pub target: Option<f64>,
    pub points: Vec<CurvePoint>,
    pub expected_method: Option<&'static str>,
    /// The expected RR2 on every day of the planned fieldwork (empty without an expected curve).
    pub expected: Vec<Option<f64>>,
    pub expected_today: Option<f64>,
    pub status: Option<&'static str>,
    /// RR2 today less RR2 a week before (`curve::trend`).
    pub trend_7d: Option<f64>,
    pub projection: Option<Projection>,
}

/// When and how long the round is in the field, in its own time zone.
pub(super) struct Fieldwork {
    pub clock: SurveyClock,
    plan: ContactPlan,
    pub start_ms: Option<i64>,
    pub settings: MonitoringSettings,
    closed: bool,
}

pub(super) fn fieldwork(
    conn: &mut AnyConnection,
    survey: &SurveyRow,
) -> Result<Fieldwork, FiguresError> {
    let plan = match contact_plans::find(conn, survey.id)? {
        Some(json) => ContactPlan::from_stored(&json).map_err(StoreError::Corrupt)?,
        None => ContactPlan::default(),
    };
    let settings = monitoring_settings::find(conn, survey.id)?.unwrap_or_default();
    Ok(Fieldwork {
        clock: plan.clock,
        plan,
        start_ms: survey.fielding_started_at_ms,
        settings,
        closed: survey.state()? == SurveyState::Closed,
    })
}

impl Fieldwork {
    /// The day index of a stored day (a local date written YYYY-MM-DD).
    pub fn index_of(&self, day: &str) -> Option<u32> {
        let start = self.clock.local_date(self.start_ms?);
        let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
        u32::try_from(date.signed_duration_since(start).num_days()).ok()
    }
}

/// A stratum's counts at the end of each stored day, by day index.
type Days = Vec<(u32, BucketCounts<i64>)>;

/// Each stratum's stored curve by stratum id (the day `skip_index` left out: it is read live).
fn stored_curves(
    conn: &mut AnyConnection,
    survey_id: i64,
    work: &Fieldwork,
    skip_index: Option<u32>,
) -> Result<BTreeMap<i64, Days>, StoreError> {
    let mut out: BTreeMap<i64, Days> = BTreeMap::new();
    for day in monitoring_days::of_survey(conn, survey_id)? {
        let Some(index) = work.index_of(&day.day) else {
            continue;
        };
        if Some(index) != skip_index {
            out.entry(day.stratum_id)
                .or_default()
                .push((index, day.counts));
        }
    }
    Ok(out)
}

/// The previous round's curves by stratum code.
fn previous_curves(
    conn: &mut AnyConnection,
    survey: &SurveyRow,
) -> Result<BTreeMap<String, Vec<CurvePoint>>, FiguresError> {
    let Some(previous) = surveys::previous_round(conn, &survey.name, survey.round)? else {
        return Ok(BTreeMap::new());
    };
    let work = fieldwork(conn, &previous)?;
    let codes: BTreeMap<i64, String> = monitoring_counts::strata_of_survey(conn, previous.id)?
        .into_iter()
        .map(|s| (s.id, s.code))
        .collect();
    let mut out = BTreeMap::new();
    for (stratum_id, days) in stored_curves(conn, previous.id, &work, None)? {
        if let Some(code) = codes.get(&stratum_id) {
            let points = days.iter().map(|(i, c)| CurvePoint::of(*i, c)).collect();
            out.insert(code.clone(), points);
        }
    }
    Ok(out)
}

fn expected_for<'a>(
    stratum: &StratumInfo,
    previous: &'a BTreeMap<String, Vec<CurvePoint>>,
) -> Expected<'a> {
    match (previous.get(&stratum.code), stratum.target) {
        (Some(points), target) if !points.is_empty() => Expected::PreviousRound { points, target },
        (_, Some(target)) => Expected::Linear { target },
        _ => Expected::None,
    }
}

/// Each stratum's expected RR2 today, by stratum id (for the statistics' status).
pub(super) fn expected_today(
    conn: &mut AnyConnection,
    survey: &SurveyRow,
    work: &Fieldwork,
    strata: &[StratumInfo],
    now_ms: i64,
) -> Result<BTreeMap<i64, Option<f64>>, FiguresError> {
    let Some(start_ms) = work.start_ms else {
        return Ok(BTreeMap::new());
    };
    let today = work.clock.day_index(start_ms, now_ms);
    let previous = previous_curves(conn, survey)?;
    Ok(strata
        .iter()
        .map(|s| {
            let expected = expected_for(s, &previous);
            (s.id, expected.at(today, work.settings.fieldwork_days))
        })
        .collect())
}

fn step_marks(
    work: &Fieldwork,
    conn: &mut AnyConnection,
    survey_id: i64,
) -> Result<Vec<StepMark>, StoreError> {
    let mut marks: Vec<StepMark> = Vec::new();
    for step in &work.plan.steps {
        let planned = match &step.after {
            After::Fielding => step.days,
            After::Previous => marks.last().map_or(0, |m| m.planned_day_index) + step.days,
            After::Step(name) => {
                marks
                    .iter()
                    .find(|m| m.name == name.as_str())
                    .map_or(0, |m| m.planned_day_index)
                    + step.days
            }
        };
        let fired = contact_plans::progress(conn, survey_id, step.name.as_str())?.fired_at_ms;
        marks.push(StepMark {
            name: step.name.as_str().to_string(),
            channel: step.channel.as_str(),
            planned_day_index: planned,
            fired_day_index: match (work.start_ms, fired) {
                (Some(start), Some(at)) => Some(work.clock.day_index(start, at)),
                _ => None,
            },
        });
    }
    Ok(marks)
}

/// The response curves of survey `survey_id` as of `now_ms`.
pub fn survey_curves(
    conn: &mut AnyConnection,
    survey_id: i64,
    now_ms: i64,
    as_of: String,
) -> Result<ResponseCurves, FiguresError> {
    let survey = surveys::find(conn, survey_id)?.ok_or(FiguresError::NoSuchSurvey)?;
    let work = fieldwork(conn, &survey)?;
    let days = work.settings.fieldwork_days;
    let (strata, live) = by_stratum(conn, survey_id, &work.settings, as_of.clone())?;
    let today = work.start_ms.map(|s| work.clock.day_index(s, now_ms));
    let stored = stored_curves(conn, survey_id, &work, today)?;
    let previous = previous_curves(conn, &survey)?;
    let mut overall_by_day: BTreeMap<u32, BucketCounts<i64>> = BTreeMap::new();
    let mut curves = Vec::new();
    for (stratum, group) in strata.iter().zip(&live.groups) {
        let mut days_of = stored.get(&stratum.id).cloned().unwrap_or_default();
        if let Some(today) = today {
            days_of.push((today, group.counts));
        }
        for (index, counts) in &days_of {
            overall_by_day.entry(*index).or_default().add_all(counts);
        }
        let points: Vec<CurvePoint> = days_of.iter().map(|(i, c)| CurvePoint::of(*i, c)).collect();
        let expected = expected_for(stratum, &previous);
        let expected_today = today.and_then(|t| expected.at(t, days));
        let now = points.last().and_then(|p| p.rr2);
        let previous_points = match &expected {
            Expected::PreviousRound { points, .. } => Some(*points),
            _ => None,
        };
        curves.push(StratumCurve {
            key: stratum.code.clone(),
            label: stratum.label.clone(),
            target: stratum.target,
            projection: projection(&points, previous_points, days, work.closed),
            trend_7d: trend(&points),
            points,
            expected_method: expected.method(),
            expected: match expected {
                Expected::None => Vec::new(),
                _ => (0..=days).map(|d| expected.at(d, days)).collect(),
            },
            expected_today,
            status: status(now, expected_today).map(|s| s.as_str()),
        });
    }
    let overall_points: Vec<CurvePoint> = overall_by_day
        .iter()
        .map(|(i, c)| CurvePoint::of(*i, c))
        .collect();
    Ok(ResponseCurves {
        as_of,
        start: work
            .start_ms
            .map(|s| work.clock.local_date(s).format("%Y-%m-%d").to_string()),
        today_index: today,
        fieldwork_days: days,
        closed: work.closed,
        steps: step_marks(&work, conn, survey_id)?,
        overall: StratumCurve {
            key: "overall".into(),
            label: "Overall".into(),
            target: None,
            projection: projection(&overall_points, None, days, work.closed),
            trend_7d: trend(&overall_points),
            points: overall_points,
            expected_method: None,
            expected: Vec::new(),
            expected_today: None,
            status: None,
        },
        strata: curves,
    })
}
