//! The response curve as a line chart drawn on the server (inline SVG): RR2 by day of
//! fieldwork, one line for all cases and one per stratum, and a vertical mark on the day each
//! contact step is planned. Only geometry is computed here; the template writes the SVG, and
//! the page carries the same figures in a table as the chart's text equivalent.

use svar_core::monitoring::curve::CurvePoint;

pub const WIDTH: f64 = 800.0;
pub const HEIGHT: f64 = 300.0;
/// Room for the axis labels left and below, and a margin above and right.
pub const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
pub const TOP: f64 = 24.0;
const BOTTOM: f64 = 32.0;

/// One line: its points as an SVG `points` list.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub points: String,
    /// The line of all cases (drawn heavier).
    pub overall: bool,
}

/// A labelled tick or mark on an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub lines: Vec<Line>,
    /// Horizontal grid lines at these heights.
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    /// Contact steps: where their vertical line is, and their name.
    pub steps: Vec<Tick>,
}

/// The chart of `curves` (label, points, is the overall line) over `days` days, with `steps`
/// (name, planned day); `percent` prints a share as the page does.
pub fn line_chart(
    curves: &[(String, &[CurvePoint], bool)],
    steps: &[(String, u32)],
    days: u32,
    percent: impl Fn(f64) -> String,
) -> LineChart {
    let days = f64::from(days.max(1));
    let highest = curves
        .iter()
        .flat_map(|(_, points, _)| points.iter().filter_map(|p| p.rr2))
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    // The scale's top: the next tenth above the highest value, at least 10 %.
    let top_value = ((highest * 10.0).floor() + 1.0).clamp(1.0, 10.0) / 10.0;
    let (plot_w, plot_h) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    let x = |d: f64| LEFT + d.min(days) / days * plot_w;
    let y = |v: f64| TOP + (1.0 - v / top_value) * plot_h;
    let lines = curves
        .iter()
        .map(|(label, points, overall)| Line {
            label: label.clone(),
            points: points
                .iter()
                .filter_map(|p| p.rr2.map(|v| (p.day_index, v)))
                .map(|(d, v)| format!("{:.1},{:.1}", x(f64::from(d)), y(v)))
                .collect::<Vec<_>>()
                .join(" "),
            overall: *overall,
        })
        .collect();
    LineChart {
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: WIDTH - RIGHT,
        top: TOP,
        bottom: HEIGHT - BOTTOM,
        lines,
        y_ticks: [0.0, 0.5, 1.0]
            .iter()
            .map(|f| Tick {
                at: y(top_value * f),
                text: percent(top_value * f),
            })
            .collect(),
        x_ticks: [0.0, 0.5, 1.0]
            .iter()
            .map(|f| Tick {
                at: x((days * f).round()),
                text: format!("{}", (days * f).round()),
            })
            .collect(),
        steps: steps
            .iter()
            .map(|(name, day)| Tick {
                at: x(f64::from(*day)),
                text: name.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(day_index: u32, rr2: Option<f64>) -> CurvePoint {
        CurvePoint {
            day_index,
            completes: 0,
            partials: 0,
            rr2,
        }
    }

    #[test]
    fn points_are_placed_by_day_and_rate_on_a_scale_to_the_next_tenth() {
        let points = [point(0, Some(0.0)), point(5, Some(0.25)), point(6, None)];
        let chart = line_chart(
            &[("All".into(), &points, true)],
            &[("reminder".into(), 7)],
            10,
            |v| format!("{:.0} %", v * 100.0),
        );
        // The highest value 25 %: the scale runs to 30 %.
        assert_eq!(chart.y_ticks[2].text, "30 %");
        let plot_h = HEIGHT - TOP - BOTTOM;
        let plot_w = WIDTH - LEFT - RIGHT;
        let expected = format!(
            "{:.1},{:.1} {:.1},{:.1}",
            LEFT,
            TOP + plot_h,
            LEFT + plot_w / 2.0,
            TOP + (1.0 - 0.25 / 0.3) * plot_h
        );
        assert_eq!(
            chart.lines[0].points, expected,
            "an undefined day is left out"
        );
        assert!((chart.steps[0].at - (LEFT + 0.7 * plot_w)).abs() < 1e-9);
        assert_eq!(chart.x_ticks[2].text, "10");
    }

    #[test]
    fn no_response_yet_still_has_a_scale() {
        let chart = line_chart(&[], &[], 56, |v| format!("{v}"));
        assert_eq!(chart.y_ticks[2].text, "0.1");
        assert!(chart.lines.is_empty());
    }
}
