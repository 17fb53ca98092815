//! Monitoring: the figures a field manager watches during fieldwork (METHODS.md §1–§3), as pure
//! functions from per-cell counters to values. The counters themselves are kept current by the
//! database in the transaction of every change (`crate::db::monitoring_counts`); this module
//! never scans cases. Every rate and indicator is an `Option<f64>`: an undefined value is
//! `None` (JSON `null`), never NaN, infinity, a made-up 0 or a panic.

pub mod buckets;
pub mod cells;
pub mod cost;
pub mod curve;
pub mod daily_figures;
pub mod joint;
pub mod lagging;
pub mod rates;
pub mod representativity;
pub mod settings;
pub mod statistics;
pub mod survey_curves;
pub mod survey_figures;

pub use buckets::{Bucket, BucketCounts};
pub use cells::CounterRow;
pub use rates::{rates, EMethod, Rates};
pub use representativity::{representativity, Cell, Representativity};
pub use statistics::{cells, statistics, Grouping, Statistics, StratumInfo};
pub use survey_figures::{
    survey_buckets, survey_costs, survey_lagging, survey_representativity, survey_statistics,
    FiguresError,
};

/// `num / den`, or `None` when the denominator is zero or the quotient is not finite.
pub(crate) fn ratio(num: f64, den: f64) -> Option<f64> {
    if den == 0.0 {
        return None;
    }
    Some(num / den).filter(|v| v.is_finite())
}
