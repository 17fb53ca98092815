//! ISO 8601 calendar dates (`YYYY-MM-DD`), read strictly. Date answers must be real calendar
//! dates, and in expressions a date compares as its day number, so `${end} >= ${start}` works
//! on date answers as it does in ODK.

/// A valid calendar date between 0001-01-01 and 9999-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl CalendarDate {
    /// Reads exactly `YYYY-MM-DD` (ten characters, zero-padded) naming a day that exists.
    pub fn parse(text: &str) -> Option<CalendarDate> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let year = digits_value(bytes.get(0..4)?)?;
        let month = digits_value(bytes.get(5..7)?)?;
        let day = digits_value(bytes.get(8..10)?)?;
        let year = i32::try_from(year).ok()?;
        if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(CalendarDate { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), for comparing and subtracting dates.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let shifted_month = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01 (before it when negative), if it lies within
    /// 0001-01-01 – 9999-12-31.
    pub fn from_days_since_epoch(days: i64) -> Option<CalendarDate> {
        // Howard Hinnant's civil_from_days.
        let shifted = days.checked_add(719_468)?;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        let date = CalendarDate {
            year: i32::try_from(year).ok()?,
            month: u32::try_from(month).ok()?,
            day: u32::try_from(day).ok()?,
        };
        (1..=9999).contains(&date.year).then_some(date)
    }

    /// Day of the week, 0 for Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        u32::try_from((self.days_since_epoch() + 4).rem_euclid(7)).unwrap_or(0)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn digits_value(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_parse() {
        assert_eq!(
            CalendarDate::parse("2024-02-29"),
            Some(CalendarDate {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert!(CalendarDate::parse("2000-02-29").is_some());
        assert!(CalendarDate::parse("1999-12-31").is_some());
    }

    #[test]
    fn impossible_or_malformed_dates_do_not() {
        for text in [
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-1-05",
            "24-01-05",
            "2024/01/05",
            "2024-01-05T00:00",
            "0000-01-01",
            "",
            "abcd-ef-gh",
        ] {
            assert_eq!(CalendarDate::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn day_numbers_go_back_to_dates() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "1969-12-31",
            "0001-01-01",
            "9999-12-31",
        ] {
            let date = CalendarDate::parse(text).unwrap();
            assert_eq!(
                CalendarDate::from_days_since_epoch(date.days_since_epoch()),
                Some(date),
                "{text}"
            );
            assert_eq!(date.iso(), text);
        }
        assert_eq!(CalendarDate::from_days_since_epoch(i64::MAX), None);
        assert_eq!(
            CalendarDate::parse("2026-12-07").unwrap().weekday(),
            1,
            "a Monday"
        );
    }

    #[test]
    fn day_numbers_count_from_1970() {
        let day = |text| CalendarDate::parse(text).map(CalendarDate::days_since_epoch);
        assert_eq!(day("1970-01-01"), Some(0));
        assert_eq!(day("1970-01-02"), Some(1));
        assert_eq!(day("1969-12-31"), Some(-1));
        assert_eq!(day("2000-03-01"), Some(11_017));
    }
}
