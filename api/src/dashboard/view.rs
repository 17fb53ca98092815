//! The data of the dashboard's pages, built from core's figures and already in the page's
//! words and number format, so the templates only lay them out. A survey's page is one struct
//! with a field per section, each with its block in `templates/dashboard/survey.html`; the
//! sections over the days of fieldwork are built in `fieldwork_view`.

use super::chart::{bar_chart, BarChart};
use super::fieldwork_view::{CostSection, CurveSection, ReminderSection};
use super::numbers::{decimal, percent, Figure};
use crate::i18n::dashboard::{dash_text, DashText};
use std::collections::HashMap;
use svar_core::monitoring::statistics::Group;
use svar_core::monitoring::{Representativity, Statistics};

/// One survey's page.
#[derive(Debug, Clone)]
pub struct SurveyPage {
    pub survey_id: i64,
    /// The survey's name and round, as its heading.
    pub name: String,
    pub round: i32,

    /// The response table by stratum or by an auxiliary, with its filter and live update.
    pub figures: FiguresSection,
    /// R-indicators, the chart of the partial indicators and the small cells.
    pub representativity: RepresentativitySection,
    /// The response curve with the contact steps.
    pub response_curve: Option<CurveSection>,
    /// Cost per complete, per stratum and in total.
    pub cost: Option<CostSection>,
    /// The strata that lag, and the form that sends them a step.
    pub reminders: Option<ReminderSection>,
}

/// A GET form that narrows the page: one choice among the sample's auxiliary variables.
#[derive(Debug, Clone)]
pub struct FilterForm {
    /// The query parameter (`by`, `variables`), also the select's id.
    pub name: &'static str,
    pub label: &'static str,
    /// The choice of none ("Strata", "Strata only").
    pub all_label: &'static str,
    /// (value, label) of each choice.
    pub options: Vec<(String, String)>,
    pub chosen: Option<String>,
    /// The other form's parameter and choice, kept when this one is sent.
    pub keep: Option<(&'static str, String)>,
}

/// The response table and its filter.
#[derive(Debug, Clone)]
pub struct FiguresSection {
    /// The auxiliary variable the rows are, or `None` for the strata.
    pub by: Option<String>,
    /// The grouping form (`by`).
    pub filter: FilterForm,
    pub caption: String,
    pub as_of: String,
    pub rows: Vec<FigureRow>,
    pub overall: FigureRow,
    /// The stream's address when the table can follow it live (by stratum only).
    pub live_url: Option<String>,
    /// The same page again (the no-JavaScript refresh).
    pub refresh_href: String,
}

/// One row of the response table.
#[derive(Debug, Clone)]
pub struct FigureRow {
    /// The group's key in the statistics JSON (the live script finds rows by it).
    pub key: String,
    pub label: String,
    pub sample: i64,
    pub completes: i64,
    pub partials: i64,
    pub refusals: i64,
    pub non_contacts: i64,
    pub rr1: Figure,
    pub rr2: Figure,
    pub target: Figure,
    /// The status in words, or an undefined figure.
    pub status: Figure,
    /// RR2's change over the last week, in percentage points with its sign.
    pub trend: Figure,
}

impl FigureRow {
    fn of(lang: &str, group: &Group, key: &str, label: &str, trend: Option<f64>) -> FigureRow {
        FigureRow {
            key: key.to_string(),
            label: label.to_string(),
            sample: group.sample,
            completes: group.counts.i,
            partials: group.counts.p,
            refusals: group.counts.r,
            non_contacts: group.counts.nc,
            rr1: percent(lang, group.rates.rr1),
            rr2: percent(lang, group.rates.rr2),
            target: percent(lang, group.target),
            status: status(lang, group.status),
            trend: signed_points(lang, trend),
        }
    }
}

/// A change of a rate in percentage points, with its sign ("+1,2", "−0,4").
fn signed_points(lang: &str, change: Option<f64>) -> Figure {
    let mut figure = decimal(lang, change.map(|c| c * 100.0), 1);
    if change.is_some_and(|c| c * 100.0 >= 0.05) {
        figure.text.insert(0, '+');
    }
    figure
}

/// The key of the overall row for the live script (no group has it).
pub const OVERALL_KEY: &str = "__overall";

/// A status in words, or an undefined figure.
pub(super) fn status(lang: &str, status: Option<&str>) -> Figure {
    let key = match status {
        Some("green") => DashText::StatusGreen,
        Some("amber") => DashText::StatusAmber,
        Some("red") => DashText::StatusRed,
        _ => {
            return Figure {
                text: "–".into(),
                defined: false,
            }
        }
    };
    Figure {
        text: dash_text(lang, key).to_string(),
        defined: true,
    }
}

impl FiguresSection {
    /// `model`: the auxiliary the R-indicators use, kept by the grouping form; `trends`:
    /// each stratum's change of RR2 over the last week by its key (`OVERALL_KEY` for all).
    pub fn of(
        lang: &str,
        statistics: &Statistics,
        trends: &HashMap<String, Option<f64>>,
        (by, model): (Option<String>, Option<String>),
        variables: Vec<String>,
        page_href: String,
        survey_id: i64,
    ) -> FiguresSection {
        let caption = match &by {
            None => dash_text(lang, DashText::ByStratumCaption).to_string(),
            Some(v) => dash_text(lang, DashText::ByVariableCaption).replace("{variable}", v),
        };
        let overall_label = dash_text(lang, DashText::OverallRow);
        // Trends are the strata's: a table by an auxiliary has none.
        let by_stratum = by.is_none();
        FiguresSection {
            live_url: by
                .is_none()
                .then(|| format!("/manage/surveys/{survey_id}/stream")),
            filter: FilterForm {
                name: "by",
                label: dash_text(lang, DashText::GroupByLabel),
                all_label: dash_text(lang, DashText::StrataOption),
                options: variables.into_iter().map(|v| (v.clone(), v)).collect(),
                chosen: by.clone(),
                keep: model.map(|m| ("variables", m)),
            },
            by,
            caption,
            as_of: statistics.as_of.clone(),
            rows: statistics
                .groups
                .iter()
                .map(|g| {
                    let trend = by_stratum.then(|| trends.get(&g.key)).flatten();
                    FigureRow::of(lang, g, &g.key, &g.label, trend.copied().flatten())
                })
                .collect(),
            overall: FigureRow::of(
                lang,
                &statistics.overall,
                OVERALL_KEY,
                overall_label,
                trends.get(OVERALL_KEY).copied().flatten(),
            ),
            refresh_href: page_href,
        }
    }
}

/// R-indicators over the strata and at most one auxiliary.
#[derive(Debug, Clone)]
pub struct RepresentativitySection {
    /// The model form (`variables`).
    pub filter: FilterForm,
    /// (name, value) of R, its SE and interval, CV and R unadjusted.
    pub indicators: Vec<(&'static str, Figure)>,
    pub partials: Vec<PartialRow>,
    pub chart: BarChart,
    pub small_cells: Vec<SmallCellRow>,
}

/// One category's P_u, for the chart's table.
#[derive(Debug, Clone)]
pub struct PartialRow {
    pub variable: String,
    pub category: String,
    pub value: Figure,
}

#[derive(Debug, Clone)]
pub struct SmallCellRow {
    pub stratum: String,
    pub categories: String,
    pub cases: String,
}

impl RepresentativitySection {
    /// `stratum_label` names a stratum by its code (the figures name strata by code); `by`,
    /// the table's grouping, is kept by the model form; `models` are its (value, label)
    /// choices: one auxiliary, or two joined by a comma.
    pub fn of(
        lang: &str,
        r: &Representativity,
        (chosen, by): (Option<String>, Option<String>),
        models: Vec<(String, String)>,
        stratum_label: impl Fn(&str) -> String,
    ) -> RepresentativitySection {
        let t = |key| dash_text(lang, key);
        let three = |v: Option<f64>| decimal(lang, v, 3);
        let interval = match r.ci95 {
            Some([lo, hi]) => Figure {
                text: format!("{} – {}", three(Some(lo)).text, three(Some(hi)).text),
                defined: true,
            },
            None => three(None),
        };
        let indicators = vec![
            (t(DashText::RIndicator), three(r.r)),
            (t(DashText::StandardError), three(r.se)),
            (t(DashText::Interval95), interval),
            (t(DashText::CoefficientOfVariation), three(r.cv)),
            (t(DashText::RUnadjusted), three(r.r_unadjusted)),
        ];
        let strata_name = t(DashText::StratumColumn);
        let partials: Vec<PartialRow> = r
            .partial
            .iter()
            .flat_map(|p| {
                let is_stratum = p.variable == "stratum";
                p.categories.iter().map(move |c| (is_stratum, p, c))
            })
            .map(|(is_stratum, p, c)| PartialRow {
                variable: if is_stratum {
                    strata_name.to_string()
                } else {
                    p.variable.clone()
                },
                category: if is_stratum {
                    stratum_label(&c.category)
                } else {
                    c.category.clone()
                },
                // Partial indicators are small: four decimals keep them apart.
                value: decimal(lang, c.p_u, 4),
            })
            .collect();
        let values: Vec<Option<f64>> = r
            .partial
            .iter()
            .flat_map(|p| p.categories.iter().map(|c| c.p_u))
            .collect();
        let chart = bar_chart(
            partials
                .iter()
                .zip(values)
                .map(|(row, v)| {
                    (
                        format!("{}: {}", row.variable, row.category),
                        v,
                        row.value.text.clone(),
                    )
                })
                .collect(),
        );
        let small_cells = r
            .small_cells
            .iter()
            .map(|c| SmallCellRow {
                stratum: stratum_label(&c.stratum),
                categories: c.categories.join(", "),
                cases: format!("{}", c.cases.round() as i64),
            })
            .collect();
        RepresentativitySection {
            filter: FilterForm {
                name: "variables",
                label: t(DashText::ModelLabel),
                all_label: t(DashText::StrataOnlyOption),
                options: models,
                chosen,
                keep: by.map(|b| ("by", b)),
            },
            indicators,
            partials,
            chart,
            small_cells,
        }
    }
}

/// One row of the survey list.
#[derive(Debug, Clone)]
pub struct SurveyListRow {
    pub href: String,
    pub name: String,
    pub round: i32,
    pub state: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use svar_core::disposition::ShareRule;
    use svar_core::monitoring::{statistics, EMethod, Grouping, StratumInfo};

    #[test]
    fn a_stratum_without_cases_prints_dashes_never_nan() {
        let strata = [StratumInfo {
            id: 1,
            code: "SE".into(),
            label: "Född i Sverige".into(),
            target: Some(0.55),
        }];
        let figures = statistics(
            &strata,
            &[],
            &Grouping::Stratum,
            ShareRule::default(),
            EMethod::EligibleShareOfResolved,
            "now".into(),
        );
        let section = FiguresSection::of(
            "sv",
            &figures,
            &HashMap::new(),
            (None, None),
            vec![],
            "/x".into(),
            1,
        );
        let row = &section.rows[0];
        assert_eq!((row.key.as_str(), row.sample), ("SE", 0));
        for rate in [&row.rr1, &row.rr2, &section.overall.rr2] {
            assert_eq!((rate.text.as_str(), rate.defined), ("–", false));
        }
        assert_eq!(row.target.text, "55,0");
        assert!(!row.status.defined, "not judged yet");
        assert_eq!(section.overall.key, OVERALL_KEY);
        assert_eq!(
            section.live_url.as_deref(),
            Some("/manage/surveys/1/stream")
        );
    }
}
