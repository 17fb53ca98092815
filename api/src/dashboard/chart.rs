//! The horizontal bar chart of signed figures (the partial R-indicators P_u per category),
//! drawn on the server as inline SVG: a zero line in the middle, bars to the left for negative
//! values (under-represented) and to the right for positive ones, scaled to the largest
//! magnitude. Only geometry is computed here; the template writes the SVG elements, and the
//! page carries the same figures in a table as the chart's text equivalent.

/// The drawing's width in SVG units (it scales to the page through its viewBox).
pub const WIDTH: f64 = 800.0;
/// The longest bar either side of the zero line.
const HALF: f64 = 170.0;
/// The zero line: the longest positive bar and its value fit on its right.
const ZERO: f64 = WIDTH - HALF - 70.0;
/// Where the labels end (right-aligned): the longest negative bar and its value fit between
/// them and the zero line.
const LABEL_END: f64 = ZERO - HALF - 84.0;

/// One category's bar, and its row with the gap to the next.
const BAR: f64 = 16.0;
const ROW: f64 = BAR + 10.0;
/// The margin above the first row and below the last.
const TOP: f64 = ROW / 2.0 - 5.0;

/// One bar, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// The value as printed beside the bar ("–" when undefined: no bar is drawn).
    pub value_text: String,
    pub defined: bool,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub negative: bool,
    /// The baseline of the row's texts.
    pub text_y: f64,
    /// Where the value's text starts (right of a positive bar) or ends (left of a negative).
    pub value_x: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub width: f64,
    pub height: f64,
    pub label_end: f64,
    pub zero: f64,
    pub bars: Vec<Bar>,
}

/// The chart of `items`: (label, value, value as printed).
pub fn bar_chart(items: Vec<(String, Option<f64>, String)>) -> BarChart {
    let largest = items
        .iter()
        .filter_map(|(_, v, _)| *v)
        .filter(|v| v.is_finite())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let scale = if largest > 0.0 { HALF / largest } else { 0.0 };
    let bars = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, value_text))| {
            let y = TOP + i as f64 * ROW;
            let value = value.filter(|v| v.is_finite());
            let length = value.map_or(0.0, |v| v.abs() * scale);
            let negative = value.is_some_and(|v| v < 0.0);
            let x = if negative { ZERO - length } else { ZERO };
            Bar {
                label,
                value_text,
                defined: value.is_some(),
                x,
                y,
                width: length,
                height: BAR,
                negative,
                text_y: y + BAR - 3.0,
                value_x: if negative { x - 4.0 } else { x + length + 4.0 },
            }
        })
        .collect::<Vec<_>>();
    BarChart {
        width: WIDTH,
        height: TOP * 2.0 + bars.len() as f64 * ROW,
        label_end: LABEL_END,
        zero: ZERO,
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_grow_from_the_zero_line_by_their_sign() {
        let chart = bar_chart(vec![
            ("a".into(), Some(-0.02), "−0,020".into()),
            ("b".into(), Some(0.01), "0,010".into()),
            ("c".into(), None, "–".into()),
        ]);
        let [a, b, c] = &chart.bars[..] else {
            panic!("three bars")
        };
        assert!(a.negative && (a.x + a.width - ZERO).abs() < 1e-9);
        assert!((a.width - HALF).abs() < 1e-9, "the largest fills its half");
        assert!(!b.negative && (b.x - ZERO).abs() < 1e-9 && (b.width - HALF / 2.0).abs() < 1e-9);
        assert!(!c.defined && c.width == 0.0);
        assert!(a.value_x > LABEL_END, "a value never runs into the labels");
        assert_eq!(chart.height, TOP * 2.0 + 3.0 * ROW);
    }

    #[test]
    fn all_zero_or_undefined_draws_no_bar() {
        let chart = bar_chart(vec![("a".into(), Some(0.0), "0".into())]);
        assert_eq!(chart.bars[0].width, 0.0);
    }
}
