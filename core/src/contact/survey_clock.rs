//! Time as a survey's contact plan sees it: days counted in the survey's time zone (Europe/
//! Stockholm by default, where a day is 23 or 25 hours twice a year), and the quiet hours in
//! which no e-mail goes out (21:00–08:00 by default). Pure: instants in, instants out, as epoch
//! milliseconds like every table.

use chrono::{DateTime, Days, LocalResult, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The time zone of a survey unless its plan names another.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::Stockholm;

/// A daily period without e-mail, in local time; it may span midnight. Equal ends mean none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Why a time of day was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a time of day written HH:MM, e.g. 21:00")]
pub struct TimeOfDayError;

impl Default for QuietHours {
    /// 21:00–08:00.
    fn default() -> Self {
        QuietHours {
            start: NaiveTime::from_hms_opt(21, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl QuietHours {
    /// A time of day written `HH:MM`.
    pub fn parse_time(text: &str) -> Result<NaiveTime, TimeOfDayError> {
        let well_formed = text.len() == 5 && text.as_bytes()[2] == b':';
        if !well_formed {
            return Err(TimeOfDayError);
        }
        NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| TimeOfDayError)
    }

    /// Whether `local` (a time of day) is quiet.
    pub fn contains(&self, local: NaiveTime) -> bool {
        match self.start.cmp(&self.end) {
            std::cmp::Ordering::Equal => false,
            std::cmp::Ordering::Less => self.start <= local && local < self.end,
            std::cmp::Ordering::Greater => local >= self.start || local < self.end,
        }
    }
}

/// A survey's time zone and quiet hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyClock {
    pub time_zone: Tz,
    pub quiet_hours: QuietHours,
}

impl Default for SurveyClock {
    fn default() -> Self {
        SurveyClock {
            time_zone: DEFAULT_TIME_ZONE,
            quiet_hours: QuietHours::default(),
        }
    }
}

impl SurveyClock {
    fn local(&self, at_ms: i64) -> NaiveDateTime {
        let utc = DateTime::<Utc>::from_timestamp_millis(at_ms).unwrap_or_default();
        utc.with_timezone(&self.time_zone).naive_local()
    }

    /// The instant a local date and time names; in a gap (clocks put forward) the first
    /// instant after it, in an overlap (clocks put back) the first of the two.
    fn instant(&self, local: NaiveDateTime) -> i64 {
        let mut probe = local;
        // A gap is at most a few hours; step forward a minute at a time out of it.
        for _ in 0..(24 * 60) {
            match self.time_zone.from_local_datetime(&probe) {
                LocalResult::Single(t) => return t.timestamp_millis(),
                LocalResult::Ambiguous(first, _) => return first.timestamp_millis(),
                LocalResult::None => probe += chrono::Duration::minutes(1),
            }
        }
        local.and_utc().timestamp_millis()
    }

    /// The local date at `at_ms`.
    pub fn local_date(&self, at_ms: i64) -> chrono::NaiveDate {
        self.local(at_ms).date()
    }

    /// Which day of fieldwork `at_ms` falls on, counted in local dates from the day of
    /// `start_ms` (0); 0 before it.
    pub fn day_index(&self, start_ms: i64, at_ms: i64) -> u32 {
        let days = self
            .local_date(at_ms)
            .signed_duration_since(self.local_date(start_ms))
            .num_days();
        u32::try_from(days).unwrap_or(0)
    }

    /// Whether e-mail must wait at `at_ms`.
    pub fn is_quiet(&self, at_ms: i64) -> bool {
        self.quiet_hours.contains(self.local(at_ms).time())
    }

    /// The first instant at or after `at_ms` that is not quiet.
    pub fn next_sending_time(&self, at_ms: i64) -> i64 {
        if !self.is_quiet(at_ms) {
            return at_ms;
        }
        let local = self.local(at_ms);
        let QuietHours { start, end } = self.quiet_hours;
        // Quiet after the start of a period spanning midnight: it ends tomorrow.
        let ends_tomorrow = start > end && local.time() >= start;
        let day = if ends_tomorrow {
            local.date().checked_add_days(Days::new(1))
        } else {
            Some(local.date())
        };
        match day {
            Some(day) => self.instant(day.and_time(end)).max(at_ms),
            None => at_ms,
        }
    }

    /// The instant `days` calendar days after `start_ms` in the survey's time zone, at the
    /// same local time of day.
    pub fn days_after(&self, start_ms: i64, days: u32) -> i64 {
        let local = self.local(start_ms);
        match local.checked_add_days(Days::new(u64::from(days))) {
            Some(later) => self.instant(later),
            None => i64::MAX,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn quiet_hours_span_midnight_by_default() {
        let q = QuietHours::default();
        let t = |s: &str| QuietHours::parse_time(s).unwrap();
        assert!(q.contains(t("21:00")));
        assert!(q.contains(t("23:59")));
        assert!(q.contains(t("00:00")));
        assert!(q.contains(t("07:59")));
        assert!(!q.contains(t("08:00")));
        assert!(!q.contains(t("20:59")));
        let lunch = QuietHours {
            start: t("12:00"),
            end: t("13:00"),
        };
        assert!(lunch.contains(t("12:30")) && !lunch.contains(t("13:00")));
        let none = QuietHours {
            start: t("08:00"),
            end: t("08:00"),
        };
        assert!(!none.contains(t("08:00")) && !none.contains(t("03:00")));
    }

    #[test]
    fn times_of_day_are_hh_mm() {
        assert!(QuietHours::parse_time("21:00").is_ok());
        for bad in ["21", "9:00", "24:00", "21:60", "21:00:00", "2100", ""] {
            assert_eq!(QuietHours::parse_time(bad), Err(TimeOfDayError), "{bad}");
        }
    }

    #[test]
    fn e_mail_due_in_quiet_hours_waits_for_eight_in_stockholm() {
        let clock = SurveyClock::default();
        // 22:30 in Stockholm in winter (UTC+1) is 21:30 UTC; it waits until 08:00 local.
        assert_eq!(
            clock.next_sending_time(ms("2026-12-07T21:30:00Z")),
            ms("2026-12-08T07:00:00Z")
        );
        // 06:00 local waits until 08:00 the same day; in summer Stockholm is UTC+2.
        assert_eq!(
            clock.next_sending_time(ms("2026-06-10T04:00:00Z")),
            ms("2026-06-10T06:00:00Z")
        );
        let noon = ms("2026-06-10T10:00:00Z");
        assert_eq!(clock.next_sending_time(noon), noon);
        assert!(!clock.is_quiet(noon));
        assert!(clock.is_quiet(ms("2026-06-10T20:00:00Z")), "22:00 local");
    }

    #[test]
    fn days_are_local_calendar_days_across_a_change_of_clocks() {
        let clock = SurveyClock::default();
        // Clocks go back on 25 October 2026: seven days after Monday 19 October 10:00 local
        // (08:00 UTC) is Monday 26 October 10:00 local, which is 09:00 UTC (7 × 24 h + 1 h).
        let start = ms("2026-10-19T08:00:00Z");
        assert_eq!(clock.days_after(start, 7), ms("2026-10-26T09:00:00Z"));
        assert_eq!(clock.days_after(start, 0), start);
        // A local time that does not exist (02:30 on 29 March 2026) moves past the gap.
        let before_gap = ms("2026-03-28T01:30:00Z"); // 02:30 local on the 28th
        assert_eq!(clock.days_after(before_gap, 1), ms("2026-03-29T01:00:00Z"));
    }
}
