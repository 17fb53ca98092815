//! The date functions of ODK's XPath: `date()` turns a day number or an ISO date into a date,
//! `format-date()` writes one for people, `date-time()` and `decimal-date-time()` go between a
//! point in time and a number of days, and `today()` and `now()` give the evaluation's time
//! (which the evaluation context hands over, so tests can set it).

use super::date::CalendarDate;
use super::value::Value;

/// English month and weekday abbreviations, as `format-date`'s `%b` and `%a` give them in ODK.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// The date a value stands for: an ISO date (a date-time's date part), or a number of days
/// since 1970-01-01.
fn as_date(value: &Value) -> Option<CalendarDate> {
    let text = value.to_text();
    let text = text.trim();
    if let Some(date) = text.get(..10).and_then(CalendarDate::parse) {
        if text.len() == 10 || text.as_bytes().get(10) == Some(&b'T') {
            return Some(date);
        }
    }
    let days = value.to_number();
    (days.is_finite() && days.abs() < 1e7)
        .then(|| CalendarDate::from_days_since_epoch(days.floor() as i64))
        .flatten()
}

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// `today()`: the date (UTC) at `now_ms`.
pub fn today(now_ms: i64) -> Value {
    CalendarDate::from_days_since_epoch(now_ms.div_euclid(DAY_MS))
        .map_or(Value::Empty, |d| Value::Text(d.iso()))
}

/// The point in time `text` names, in milliseconds since 1970: a date (its midnight, UTC) or
/// a date-time `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, `±HH:MM` or no zone (UTC).
fn instant_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let day_ms = CalendarDate::parse(text.get(..10)?)?.days_since_epoch() * DAY_MS;
    let Some(time) = text.get(10..).filter(|t| !t.is_empty()) else {
        return Some(day_ms);
    };
    let time = time.strip_prefix('T')?;
    let zone_at = time.find(['Z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(zone_at);
    let number = |part: &str, max: i64| part.parse::<i64>().ok().filter(|n| (0..max).contains(n));
    let mut parts = clock.splitn(3, ':');
    let hours = number(parts.next()?, 24)?;
    let minutes = number(parts.next()?, 60)?;
    let seconds_ms = match parts.next() {
        None => 0,
        Some(seconds) => {
            let value = seconds
                .parse::<f64>()
                .ok()
                .filter(|s| (0.0..60.0).contains(s))?;
            (value * 1000.0).round() as i64
        }
    };
    let offset_minutes = match zone {
        "" | "Z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (h, m) = zone.get(1..)?.split_once(':')?;
            sign * (number(h, 24)? * 60 + number(m, 60)?)
        }
    };
    Some(day_ms + (hours * 60 + minutes - offset_minutes) * 60_000 + seconds_ms)
}

/// `decimal-date-time(x)`: the days since 1970-01-01 (UTC) to the point in time `x` names,
/// the time of day as the fraction; empty when `x` names none.
pub fn decimal_date_time(value: &Value) -> Value {
    instant_ms(&value.to_text()).map_or(Value::Empty, |ms| Value::Number(ms as f64 / DAY_MS as f64))
}

/// `date-time(x)`: a number of days since 1970 (a fraction is the time of day), or a date or
/// date-time, written as ODK writes a point in time (UTC); empty when `x` is none of these.
pub fn date_time(value: &Value) -> Value {
    let ms = match value {
        Value::Number(days) if days.is_finite() && days.abs() < 1e7 => {
            Some((days * DAY_MS as f64).round() as i64)
        }
        other => instant_ms(&other.to_text()),
    };
    ms.map_or(Value::Empty, now)
}

/// `now()`: the time at `now_ms` as ODK writes it, `2026-12-07T18:42:55.000+00:00` (UTC).
pub fn now(now_ms: i64) -> Value {
    let Some(date) = CalendarDate::from_days_since_epoch(now_ms.div_euclid(DAY_MS)) else {
        return Value::Empty;
    };
    let of_day = now_ms.rem_euclid(DAY_MS);
    let (hours, minutes) = (of_day / 3_600_000, of_day / 60_000 % 60);
    let (seconds, millis) = (of_day / 1000 % 60, of_day % 1000);
    Value::Text(format!(
        "{}T{hours:02}:{minutes:02}:{seconds:02}.{millis:03}+00:00",
        date.iso()
    ))
}

/// `date(x)`: the date as `YYYY-MM-DD`, empty when `x` names none.
pub fn date(value: &Value) -> Value {
    as_date(value).map_or(Value::Empty, |d| Value::Text(d.iso()))
}

/// `format-date(date, format)`: `%Y` year, `%y` its last two digits, `%m` / `%n` month with /
/// without a leading zero, `%b` its abbreviation, `%d` / `%e` day with / without, `%a` the
/// weekday's abbreviation; `%H`, `%M`, `%S` and `%3` are zeros for a date. Empty when the first
/// argument is no date.
pub fn format_date(value: &Value, format: &Value) -> Value {
    let Some(date) = as_date(value) else {
        return Value::Empty;
    };
    let mut out = String::new();
    let mut chars = format.to_text().chars().collect::<Vec<_>>().into_iter();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let month_index = usize::try_from(date.month.saturating_sub(1)).unwrap_or(0);
        let weekday_index = usize::try_from(date.weekday()).unwrap_or(0);
        match chars.next() {
            Some('Y') => out.push_str(&format!("{:04}", date.year)),
            Some('y') => out.push_str(&format!("{:02}", date.year % 100)),
            Some('m') => out.push_str(&format!("{:02}", date.month)),
            Some('n') => out.push_str(&date.month.to_string()),
            Some('b') => out.push_str(MONTHS.get(month_index).copied().unwrap_or("")),
            Some('d') => out.push_str(&format!("{:02}", date.day)),
            Some('e') => out.push_str(&date.day.to_string()),
            Some('a') => out.push_str(WEEKDAYS.get(weekday_index).copied().unwrap_or("")),
            Some('H' | 'M' | 'S') => out.push_str("00"),
            Some('3') => out.push_str("000"),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    Value::Text(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn dates_from_day_numbers_and_text() {
        assert_eq!(date(&Value::Number(0.0)), text("1970-01-01"));
        assert_eq!(date(&Value::Number(20794.0)), text("2026-12-07"));
        assert_eq!(date(&text("2026-12-07")), text("2026-12-07"));
        assert_eq!(date(&text("2026-12-07T10:00:00+01:00")), text("2026-12-07"));
        assert_eq!(date(&text("2026-13-01")), Value::Empty);
        assert_eq!(date(&Value::Empty), Value::Empty);
    }

    #[test]
    fn the_clock_as_a_date_and_a_time() {
        // 2026-12-07 18:42:55.250 UTC
        let at = 1_796_668_975_250;
        assert_eq!(today(at), text("2026-12-07"));
        assert_eq!(now(at), text("2026-12-07T18:42:55.250+00:00"));
        assert_eq!(today(-1), text("1969-12-31"));
    }

    #[test]
    fn points_in_time_as_days_and_back() {
        assert_eq!(decimal_date_time(&text("1970-01-02")), Value::Number(1.0));
        assert_eq!(
            decimal_date_time(&text("1970-01-01T12:00:00Z")),
            Value::Number(0.5)
        );
        assert_eq!(
            decimal_date_time(&text("1970-01-01T13:00+01:00")),
            Value::Number(0.5),
            "the zone is taken off"
        );
        assert_eq!(
            decimal_date_time(&text("2026-12-07T18:42:55.250+00:00")),
            Value::Number(1_796_668_975_250.0 / 86_400_000.0)
        );
        assert_eq!(decimal_date_time(&text("18:42")), Value::Empty);
        assert_eq!(
            date_time(&Value::Number(20794.5)),
            text("2026-12-07T12:00:00.000+00:00")
        );
        assert_eq!(
            date_time(&text("2026-12-07")),
            text("2026-12-07T00:00:00.000+00:00")
        );
        assert_eq!(date_time(&text("soon")), Value::Empty);
    }

    #[test]
    fn formatting_a_date() {
        let day = text("2026-03-05");
        assert_eq!(format_date(&day, &text("%d/%m/%Y")), text("05/03/2026"));
        assert_eq!(
            format_date(&day, &text("%e %b %y, %a")),
            text("5 Mar 26, Thu")
        );
        assert_eq!(format_date(&day, &text("%n%%%H")), text("3%00"));
        assert_eq!(format_date(&text("x"), &text("%Y")), Value::Empty);
    }
}
