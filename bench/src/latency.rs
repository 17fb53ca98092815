//! Per-request latencies of one client thread, and the summary of a measured step:
//! operations, errors, throughput and latency percentiles.

use std::time::{Duration, Instant};

/// What one client thread saw.
#[derive(Debug, Default)]
pub struct Recorder {
    micros: Vec<u32>,
    errors: u64,
    first_error: Option<String>,
}

impl Recorder {
    /// Runs one operation, recording its latency on success and counting it on failure.
    pub fn time<T>(&mut self, op: impl FnOnce() -> anyhow::Result<T>) -> Option<T> {
        let start = Instant::now();
        match op() {
            Ok(value) => {
                let us = start.elapsed().as_micros();
                self.micros.push(u32::try_from(us).unwrap_or(u32::MAX));
                Some(value)
            }
            Err(e) => {
                self.error(e);
                None
            }
        }
    }

    /// Records a latency measured elsewhere (pgbench's logs).
    pub fn push_micros(&mut self, us: u64) {
        self.micros.push(u32::try_from(us).unwrap_or(u32::MAX));
    }

    pub fn error(&mut self, e: anyhow::Error) {
        self.errors += 1;
        if self.first_error.is_none() {
            self.first_error = Some(format!("{e:#}"));
        }
    }

    pub fn merge(&mut self, other: Recorder) {
        self.micros.extend(other.micros);
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }

    pub fn summary(mut self, elapsed: Duration) -> Summary {
        self.micros.sort_unstable();
        let pct = |p: f64| -> f64 {
            if self.micros.is_empty() {
                return f64::NAN;
            }
            // Nearest rank.
            let rank = ((p / 100.0) * self.micros.len() as f64).ceil() as usize;
            let i = rank.clamp(1, self.micros.len()) - 1;
            f64::from(self.micros[i]) / 1000.0
        };
        Summary {
            count: self.micros.len() as u64,
            errors: self.errors,
            first_error: self.first_error.clone(),
            elapsed,
            p50_ms: pct(50.0),
            p95_ms: pct(95.0),
            p99_ms: pct(99.0),
            max_ms: pct(100.0),
        }
    }
}

/// A measured step.
#[derive(Debug, Clone)]
pub struct Summary {
    pub count: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Summary {
    /// Successful operations per second.
    pub fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.count as f64 / secs
        } else {
            0.0
        }
    }

    /// A one-line account of errors, if any.
    pub fn error_note(&self) -> Option<String> {
        (self.errors > 0).then(|| {
            format!(
                "{} errors, first: {}",
                self.errors,
                self.first_error.as_deref().unwrap_or("?")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut r = Recorder::default();
        for i in 1..=100 {
            r.push_micros(i * 1000);
        }
        let s = r.summary(Duration::from_secs(2));
        assert_eq!(s.p50_ms, 50.0);
        assert_eq!(s.p99_ms, 99.0);
        assert_eq!(s.max_ms, 100.0);
        assert_eq!(s.rate(), 50.0);
    }
}
