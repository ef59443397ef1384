//! Partial dates: a date known to the year, the month or the day, written as EDTF level 0.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use entity::DatePrecision;

/// A date of which only the year, the year and month, or the full day is known.
///
/// Stored as its first day plus a precision; written as EDTF level 0 (`1999`, `2019-11`, `2019-11-29`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    first_day: NaiveDate,
    precision: DatePrecision,
}

/// Why a text is not an EDTF level 0 date.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct InvalidPartialDate(String);

impl PartialDate {
    /// The partial date stored as `first_day` with `precision`, normalised to the first day it covers.
    pub fn new(first_day: NaiveDate, precision: DatePrecision) -> Self {
        let first_day = match precision {
            DatePrecision::Year => first_day.with_ordinal(1).unwrap_or(first_day),
            DatePrecision::Month => first_day.with_day(1).unwrap_or(first_day),
            DatePrecision::Day => first_day,
        };
        Self { first_day, precision }
    }

    /// The partial date of two nullable columns, when both are set.
    pub fn from_columns(first_day: Option<NaiveDate>, precision: Option<DatePrecision>) -> Option<Self> {
        Some(Self::new(first_day?, precision?))
    }

    /// The first day the date covers (what is stored).
    pub fn first_day(&self) -> NaiveDate {
        self.first_day
    }

    /// How much of the date is known.
    pub fn precision(&self) -> DatePrecision {
        self.precision
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.first_day.year()
    }

    /// The last day the date covers (`2019-11` → 2019-11-30).
    pub fn last_day(&self) -> NaiveDate {
        let next = match self.precision {
            DatePrecision::Year => NaiveDate::from_ymd_opt(self.first_day.year() + 1, 1, 1),
            DatePrecision::Month => self.first_day.checked_add_months(Months::new(1)),
            DatePrecision::Day => return self.first_day,
        };
        next.and_then(|next| next.pred_opt()).unwrap_or(self.first_day)
    }
}

/// The days a record covers, from its partial start and end dates, for filters and ordering.
///
/// It starts on the first day of `start` (or of `end` when only the end is known) and ends on the last day of
/// `end`; without an end, on the day before `start` plus `duration_months`, or else on the last day of `start`.
pub fn period(
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    duration_months: Option<u32>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let first = start.or(end).map(|date| date.first_day());
    let last = match (start, end, duration_months) {
        (_, Some(end), _) => Some(end.last_day()),
        (Some(start), None, Some(months)) => start
            .first_day()
            .checked_add_months(Months::new(months))
            .and_then(|day| day.pred_opt())
            .or(Some(start.last_day())),
        (Some(start), None, None) => Some(start.last_day()),
        (None, None, _) => None,
    };
    (first, last)
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            DatePrecision::Year => write!(f, "{:04}", self.first_day.year()),
            // Written by hand: chrono's `format` parses its pattern on every call, and a page writes many dates.
            DatePrecision::Month => write!(f, "{:04}-{:02}", self.first_day.year(), self.first_day.month()),
            DatePrecision::Day => {
                let day = self.first_day;
                write!(f, "{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
            }
        }
    }
}

impl FromStr for PartialDate {
    type Err = InvalidPartialDate;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidPartialDate(text.to_owned());
        let parts: Vec<&str> = text.split('-').collect();
        let number = |part: &str, digits: usize| -> Result<u32, InvalidPartialDate> {
            if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            part.parse().map_err(|_| invalid())
        };
        let (year, month, day, precision) = match parts.as_slice() {
            [year] => (number(year, 4)?, 1, 1, DatePrecision::Year),
            [year, month] => (number(year, 4)?, number(month, 2)?, 1, DatePrecision::Month),
            [year, month, day] => (number(year, 4)?, number(month, 2)?, number(day, 2)?, DatePrecision::Day),
            _ => return Err(invalid()),
        };
        let year = i32::try_from(year).map_err(|_| invalid())?;
        let first_day = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(invalid)?;
        Ok(Self { first_day, precision })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_each_precision() {
        for text in ["1999", "2019-11", "2019-11-29"] {
            let date: PartialDate = text.parse().expect("valid date");
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn stores_the_first_day_covered() {
        let date: PartialDate = "2019-11".parse().expect("valid date");
        assert_eq!(date.first_day(), NaiveDate::from_ymd_opt(2019, 11, 1).expect("valid"));
        assert_eq!(date.precision(), DatePrecision::Month);
    }

    #[test]
    fn covers_a_range_of_days() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid");
        let date = |text: &str| text.parse::<PartialDate>().expect("valid date");
        assert_eq!(date("2019").last_day(), day(2019, 12, 31));
        assert_eq!(date("2020-02").last_day(), day(2020, 2, 29));
        assert_eq!(date("2019-11-29").last_day(), day(2019, 11, 29));
        assert_eq!(period(Some(date("2015")), None, Some(36)), (Some(day(2015, 1, 1)), Some(day(2017, 12, 31))));
        assert_eq!(period(None, Some(date("2013")), None), (Some(day(2013, 1, 1)), Some(day(2013, 12, 31))));
        assert_eq!(
            period(Some(date("2019-02-24")), Some(date("2019-03-03")), None),
            (Some(day(2019, 2, 24)), Some(day(2019, 3, 3)))
        );
        assert_eq!(period(None, None, Some(12)), (None, None));
    }

    #[test]
    fn rejects_what_is_not_edtf_level_0() {
        for text in ["", "99", "2019-13", "2019-02-30", "2019/11", "2019-1", "20x9", "2019-11-29T10:00"] {
            assert!(text.parse::<PartialDate>().is_err(), "{text} should be rejected");
        }
    }
}
