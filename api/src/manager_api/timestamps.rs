//! Times in the management API: RFC 3339 in UTC (`2026-11-26T15:04:05.123Z`); the database
//! keeps epoch milliseconds.

use chrono::{DateTime, SecondsFormat};

pub fn from_ms(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
        .unwrap_or_default()
}

pub fn from_seconds(seconds: i64) -> String {
    from_ms(seconds.saturating_mul(1000))
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_utc_rfc3339() {
        assert_eq!(
            super::from_ms(1_795_000_000_123),
            "2026-11-18T11:06:40.123Z"
        );
        assert_eq!(super::from_seconds(0), "1970-01-01T00:00:00.000Z");
    }
}
