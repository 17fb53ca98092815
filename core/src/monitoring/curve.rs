//! The response curve of each stratum (RR2 at the end of each day of fieldwork), the curve it
//! is expected to follow, red / amber / green against it, and a projection of its final RR2.
//! Pure: days and counts in, values out.
//!
//! Choices (METHODS.md has no rule for these; they are Svar's, and the output names them):
//! - **Expected curve**: the previous round's curve of the stratum with the same code, scaled
//!   so that it ends at this round's target (unscaled when there is no target); without a
//!   previous round, a straight line from 0 on the first day to the target on the planned last
//!   day (as the 2021 census of England and Wales watched each area against its expected
//!   return). No target and no previous round: no expected curve, no status.
//! - **Status**: green at or above the expected RR2 of the day, amber up to 5 points below,
//!   red further below.
//! - **Projection** of the final RR2: with a previous round, today's RR2 times the previous
//!   round's final RR2 over its RR2 on the same day of fieldwork; without one, today's RR2
//!   plus its average daily gain over the last 7 days continued to the planned last day
//!   (at most 1). A closed round's figure is final.

use super::{rates, BucketCounts, EMethod};
use serde::Serialize;

/// How far below the expected RR2 a stratum is amber rather than red (5 percentage points).
pub const AMBER_BAND: f64 = 0.05;

/// How many days back the trend projection looks.
pub const TREND_DAYS: u32 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Green,
    Amber,
    Red,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
        }
    }
}

/// RR2 of a table of counts (METHODS.md §2; `e` plays no part in it).
pub fn rr2(counts: &BucketCounts<i64>) -> Option<f64> {
    rates(&counts.as_f64(), EMethod::EligibleShareOfResolved).rr2
}

/// One day of a curve: the day's number counted from the first day of fieldwork (0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CurvePoint {
    pub day_index: u32,
    #[serde(rename = "I")]
    pub completes: i64,
    #[serde(rename = "P")]
    pub partials: i64,
    #[serde(rename = "RR2")]
    pub rr2: Option<f64>,
}

impl CurvePoint {
    pub fn of(day_index: u32, counts: &BucketCounts<i64>) -> CurvePoint {
        CurvePoint {
            day_index,
            completes: counts.i,
            partials: counts.p,
            rr2: rr2(counts),
        }
    }
}

/// The curve a stratum is expected to follow.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected<'a> {
    /// The previous round's curve of the stratum (points by day), scaled to `target` if any.
    PreviousRound {
        points: &'a [CurvePoint],
        target: Option<f64>,
    },
    /// A straight line to `target` on the last day.
    Linear {
        target: f64,
    },
    None,
}

impl Expected<'_> {
    pub fn method(&self) -> Option<&'static str> {
        match self {
            Expected::PreviousRound { .. } => {
                Some("the previous round's curve of the stratum, scaled to its target")
            }
            Expected::Linear { .. } => Some("a straight line to the target on the last day"),
            Expected::None => None,
        }
    }

    /// The expected RR2 on day `day_index` of a fieldwork of `days` days.
    pub fn at(&self, day_index: u32, days: u32) -> Option<f64> {
        match self {
            Expected::None => None,
            Expected::Linear { target } => {
                let days = days.max(1);
                Some(target * f64::from(day_index.min(days)) / f64::from(days))
            }
            Expected::PreviousRound { points, target } => {
                let on_day = value_on(points, day_index)?;
                match target {
                    None => Some(on_day),
                    Some(target) => {
                        let last = points.last().and_then(|p| p.rr2)?;
                        super::ratio(on_day * target, last)
                    }
                }
            }
        }
    }
}

/// RR2 on `day_index` of a curve: the last point on or before it.
fn value_on(points: &[CurvePoint], day_index: u32) -> Option<f64> {
    points
        .iter()
        .rev()
        .find(|p| p.day_index <= day_index)
        .and_then(|p| p.rr2)
}

/// Red, amber or green: RR2 against the expected RR2 of the day.
pub fn status(rr2: Option<f64>, expected: Option<f64>) -> Option<Status> {
    let (rr2, expected) = (rr2?, expected?);
    Some(if rr2 >= expected {
        Status::Green
    } else if rr2 >= expected - AMBER_BAND - 1e-12 {
        Status::Amber
    } else {
        Status::Red
    })
}

/// The change of RR2 over the last [`TREND_DAYS`] days of a curve whose last point is today:
/// today's RR2 less that of the last day a week or more before (the first day, when fieldwork
/// is younger). `None` with a single day.
pub fn trend(points: &[CurvePoint]) -> Option<f64> {
    let today = points.last()?;
    let week_ago = today.day_index.checked_sub(TREND_DAYS);
    let base = points
        .iter()
        .rev()
        .find(|p| week_ago.is_some_and(|w| p.day_index <= w))
        .or_else(|| points.first())
        .filter(|p| p.day_index < today.day_index)?;
    Some(today.rr2? - base.rr2?)
}

/// A projected final RR2 and how it was made.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Projection {
    #[serde(rename = "RR2")]
    pub rr2: f64,
    pub method: &'static str,
}

/// The projected final RR2 of a curve whose last point is today.
pub fn projection(
    points: &[CurvePoint],
    previous: Option<&[CurvePoint]>,
    days: u32,
    closed: bool,
) -> Option<Projection> {
    let today = points.last()?;
    let now = today.rr2?;
    if closed || today.day_index >= days {
        return Some(Projection {
            rr2: now,
            method: "final",
        });
    }
    if let Some(previous) = previous {
        let then = value_on(previous, today.day_index)?;
        let last = previous.last()?.rr2?;
        return super::ratio(now * last, then).map(|rr2| Projection {
            rr2: rr2.min(1.0),
            method: "today's RR2 times the previous round's final RR2 over its RR2 on the same day",
        });
    }
    let from_day = today.day_index.saturating_sub(TREND_DAYS);
    let earlier = points
        .iter()
        .find(|p| p.day_index >= from_day && p.day_index < today.day_index)?;
    let gain = (now - earlier.rr2?) / f64::from(today.day_index - earlier.day_index);
    Some(Projection {
        rr2: (now + gain * f64::from(days - today.day_index)).clamp(0.0, 1.0),
        method: "today's RR2 plus its average daily gain over the last 7 days, to the last day",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(day_index: u32, rr2: f64) -> CurvePoint {
        CurvePoint {
            day_index,
            completes: 0,
            partials: 0,
            rr2: Some(rr2),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn rr2_counts_completes_and_partials_over_all_but_the_not_eligible() {
        let counts = BucketCounts {
            i: 30,
            p: 10,
            r: 20,
            nc: 0,
            o: 0,
            uh: 40,
            uo: 0,
            ne: 100,
        };
        // (30 + 10) / (30 + 10 + 20 + 40) = 0.4
        assert!(close(rr2(&counts).unwrap(), 0.4));
        assert_eq!(rr2(&BucketCounts::default()), None);
        assert_eq!(CurvePoint::of(3, &counts).completes, 30);
    }

    #[test]
    fn the_linear_curve_reaches_the_target_on_the_last_day_and_stays_there() {
        let expected = Expected::Linear { target: 0.56 };
        assert!(close(expected.at(0, 56).unwrap(), 0.0));
        // 0.56 · 14 / 56 = 0.14
        assert!(close(expected.at(14, 56).unwrap(), 0.14));
        assert!(close(expected.at(56, 56).unwrap(), 0.56));
        assert!(close(expected.at(90, 56).unwrap(), 0.56));
        assert_eq!(Expected::None.at(10, 56), None);
    }

    #[test]
    fn the_previous_round_is_scaled_to_the_target() {
        let previous = [point(0, 0.0), point(7, 0.2), point(28, 0.5)];
        let scaled = Expected::PreviousRound {
            points: &previous,
            target: Some(0.6),
        };
        // Day 10 takes day 7's 0.2; scaled by 0.6 / 0.5: 0.24.
        assert!(close(scaled.at(10, 56).unwrap(), 0.24));
        assert!(close(scaled.at(40, 56).unwrap(), 0.6));
        let unscaled = Expected::PreviousRound {
            points: &previous,
            target: None,
        };
        assert!(close(unscaled.at(10, 56).unwrap(), 0.2));
        // A previous round that ended at 0 cannot be scaled.
        let flat = [point(0, 0.0)];
        let cannot = Expected::PreviousRound {
            points: &flat,
            target: Some(0.5),
        };
        assert_eq!(cannot.at(3, 56), None);
    }

    #[test]
    fn status_bands() {
        assert_eq!(status(Some(0.30), Some(0.30)), Some(Status::Green));
        assert_eq!(status(Some(0.26), Some(0.30)), Some(Status::Amber));
        assert_eq!(status(Some(0.25), Some(0.30)), Some(Status::Amber));
        assert_eq!(status(Some(0.24), Some(0.30)), Some(Status::Red));
        assert_eq!(status(None, Some(0.30)), None);
        assert_eq!(status(Some(0.3), None), None);
    }

    #[test]
    fn the_trend_projection_continues_the_last_weeks_gain() {
        // Day 10 at 0.30, day 3 at 0.16: 0.02 a day; 46 days left: 0.30 + 0.92 → capped at 1.
        let points = [point(0, 0.0), point(3, 0.16), point(10, 0.30)];
        let p = projection(&points, None, 56, false).unwrap();
        assert!(close(p.rr2, 1.0));
        // Day 20 at 0.40 after day 13 at 0.33: 0.01 a day, 36 days left: 0.76.
        let points = [point(13, 0.33), point(20, 0.40)];
        let p = projection(&points, None, 56, false).unwrap();
        assert!(close(p.rr2, 0.76), "{p:?}");
        assert!(p.method.contains("7 days"));
        // One day alone gives no trend.
        assert_eq!(projection(&[point(0, 0.0)], None, 56, false), None);
    }

    #[test]
    fn the_previous_round_projection_scales_today_by_its_remaining_growth() {
        let previous = [point(0, 0.0), point(10, 0.25), point(56, 0.5)];
        // Today (day 12) 0.3; the previous round had 0.25 on day 10, ended at 0.5: 0.6.
        let p = projection(&[point(12, 0.3)], Some(&previous), 56, false).unwrap();
        assert!(close(p.rr2, 0.6));
        // The previous round had nothing yet on this day: no projection.
        assert_eq!(
            projection(&[point(0, 0.1)], Some(&previous), 56, false),
            None
        );
    }

    #[test]
    fn the_trend_is_the_change_over_the_last_week() {
        let points = [point(0, 0.0), point(3, 0.1), point(9, 0.2), point(12, 0.35)];
        // Day 12 against the last day at or before day 5 (day 3): 0.35 − 0.1.
        assert!(close(trend(&points).unwrap(), 0.25));
        // A younger fieldwork: against the first day.
        assert!(close(trend(&points[..2]).unwrap(), 0.1));
        assert_eq!(trend(&points[..1]), None);
        assert_eq!(trend(&[]), None);
    }

    #[test]
    fn a_closed_round_is_final() {
        let p = projection(&[point(30, 0.42)], None, 56, true).unwrap();
        assert_eq!(p.method, "final");
        assert!(close(p.rr2, 0.42));
    }
}
