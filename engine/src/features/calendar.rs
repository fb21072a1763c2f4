//! Calendar features read from the timestamp being predicted: day of week, month, weekend…
//!
//! They are known in advance for any future date, so they never leak. Invariant: a field is
//! only offered at frequencies where it varies (the hour of daily data is always 0, the day of
//! week of monthly data is noise); [`CalendarSpec::fields`] refuses the others with a typed
//! error so the app can grey out what does not apply.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::FeatureError;
use crate::frame::Frequency;

/// Which calendar fields to compute at the predicted timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CalendarSpec {
    /// Day of week, Monday = 0 … Sunday = 6.
    pub day_of_week: bool,
    /// Day of month, 1 … 31.
    pub day_of_month: bool,
    /// ISO week number, 1 … 53.
    pub week_of_year: bool,
    /// Month, 1 … 12.
    pub month: bool,
    /// Quarter, 1 … 4.
    pub quarter: bool,
    /// Calendar year (trend proxy; tree models cannot extrapolate it).
    pub year: bool,
    /// 1 on Saturday and Sunday, else 0.
    pub is_weekend: bool,
    /// Days left until the last day of the month (0 on the last day).
    pub days_to_month_end: bool,
    /// Days since the first of the month (0 on the first).
    pub days_from_month_start: bool,
    /// Hour of the day with minutes as a fraction (13.5 at 13:30); sub-daily data only.
    pub hour: bool,
}

/// One calendar field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarField {
    /// Day of week, Monday = 0.
    DayOfWeek,
    /// Day of month.
    DayOfMonth,
    /// ISO week of year.
    WeekOfYear,
    /// Month number.
    Month,
    /// Quarter number.
    Quarter,
    /// Year.
    Year,
    /// Weekend flag.
    IsWeekend,
    /// Days to month end.
    DaysToMonthEnd,
    /// Days from month start.
    DaysFromMonthStart,
    /// Hour of day.
    Hour,
}

impl CalendarField {
    /// Stable key (`day_of_week`, …).
    pub fn key(self) -> &'static str {
        match self {
            CalendarField::DayOfWeek => "day_of_week",
            CalendarField::DayOfMonth => "day_of_month",
            CalendarField::WeekOfYear => "week_of_year",
            CalendarField::Month => "month",
            CalendarField::Quarter => "quarter",
            CalendarField::Year => "year",
            CalendarField::IsWeekend => "is_weekend",
            CalendarField::DaysToMonthEnd => "days_to_month_end",
            CalendarField::DaysFromMonthStart => "days_from_month_start",
            CalendarField::Hour => "hour",
        }
    }

    /// English name for a business user.
    pub fn name_en(self) -> &'static str {
        match self {
            CalendarField::DayOfWeek => "day of the week",
            CalendarField::DayOfMonth => "day of the month",
            CalendarField::WeekOfYear => "week of the year",
            CalendarField::Month => "month",
            CalendarField::Quarter => "quarter",
            CalendarField::Year => "year",
            CalendarField::IsWeekend => "weekend",
            CalendarField::DaysToMonthEnd => "days until the end of the month",
            CalendarField::DaysFromMonthStart => "days since the start of the month",
            CalendarField::Hour => "hour of the day",
        }
    }

    /// French name for a business user.
    pub fn name_fr(self) -> &'static str {
        match self {
            CalendarField::DayOfWeek => "jour de la semaine",
            CalendarField::DayOfMonth => "jour du mois",
            CalendarField::WeekOfYear => "semaine de l'année",
            CalendarField::Month => "mois",
            CalendarField::Quarter => "trimestre",
            CalendarField::Year => "année",
            CalendarField::IsWeekend => "week-end",
            CalendarField::DaysToMonthEnd => "jours avant la fin du mois",
            CalendarField::DaysFromMonthStart => "jours depuis le début du mois",
            CalendarField::Hour => "heure de la journée",
        }
    }

    /// Whether the field varies between timestamps of `freq`.
    pub fn varies_at(self, freq: Frequency) -> bool {
        use CalendarField::*;
        let sub_daily = matches!(freq, Frequency::Minutes { minutes } if minutes < 1440);
        let daily = sub_daily || matches!(freq, Frequency::Daily | Frequency::BusinessDaily);
        match self {
            Hour => sub_daily,
            IsWeekend => sub_daily || freq == Frequency::Daily,
            DayOfWeek | DayOfMonth | DaysToMonthEnd | DaysFromMonthStart => daily,
            WeekOfYear => daily || matches!(freq, Frequency::Weekly { .. }),
            Month => !matches!(freq, Frequency::Quarterly | Frequency::Yearly),
            Quarter => freq != Frequency::Yearly,
            Year => true,
        }
    }

    /// The field's value at `ts`.
    pub fn value(self, ts: NaiveDateTime) -> f64 {
        let d = ts.date();
        match self {
            CalendarField::DayOfWeek => f64::from(d.weekday().num_days_from_monday()),
            CalendarField::DayOfMonth => f64::from(d.day()),
            CalendarField::WeekOfYear => f64::from(d.iso_week().week()),
            CalendarField::Month => f64::from(d.month()),
            CalendarField::Quarter => f64::from(d.month0() / 3 + 1),
            CalendarField::Year => f64::from(d.year()),
            CalendarField::IsWeekend => f64::from(u8::from(d.weekday().number_from_monday() >= 6)),
            CalendarField::DaysToMonthEnd => f64::from(days_in_month(d) - d.day()),
            CalendarField::DaysFromMonthStart => f64::from(d.day0()),
            CalendarField::Hour => f64::from(ts.hour()) + f64::from(ts.minute()) / 60.0,
        }
    }
}

fn days_in_month(d: NaiveDate) -> u32 {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|n| n.pred_opt()).map_or(d.day(), |l| l.day())
}

impl CalendarSpec {
    /// The requested fields, in a fixed order; an error names the first field that does not
    /// vary at `freq`.
    pub fn fields(&self, freq: Frequency) -> Result<Vec<CalendarField>, FeatureError> {
        use CalendarField::*;
        let wanted = [
            (self.day_of_week, DayOfWeek),
            (self.day_of_month, DayOfMonth),
            (self.week_of_year, WeekOfYear),
            (self.month, Month),
            (self.quarter, Quarter),
            (self.year, Year),
            (self.is_weekend, IsWeekend),
            (self.days_to_month_end, DaysToMonthEnd),
            (self.days_from_month_start, DaysFromMonthStart),
            (self.hour, Hour),
        ];
        let mut out = Vec::new();
        for (on, field) in wanted {
            if !on {
                continue;
            }
            if !field.varies_at(freq) {
                return Err(FeatureError::CalendarFieldConstant { field, frequency: freq });
            }
            out.push(field);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, 0)).expect("valid")
    }

    #[test]
    fn fields_read_the_timestamp() {
        // 2024-02-29 is a Thursday in ISO week 9.
        let ts = at(2024, 2, 29, 13, 30);
        let check = |f: CalendarField, v: f64| assert_eq!(f.value(ts), v, "{}", f.key());
        check(CalendarField::DayOfWeek, 3.0);
        check(CalendarField::DayOfMonth, 29.0);
        check(CalendarField::WeekOfYear, 9.0);
        check(CalendarField::Month, 2.0);
        check(CalendarField::Quarter, 1.0);
        check(CalendarField::Year, 2024.0);
        check(CalendarField::IsWeekend, 0.0);
        check(CalendarField::DaysToMonthEnd, 0.0);
        check(CalendarField::DaysFromMonthStart, 28.0);
        check(CalendarField::Hour, 13.5);
        let sunday = at(2024, 12, 1, 0, 0);
        assert_eq!(CalendarField::IsWeekend.value(sunday), 1.0);
        assert_eq!(CalendarField::DaysToMonthEnd.value(sunday), 30.0);
        assert_eq!(CalendarField::Quarter.value(sunday), 4.0);
        // 2024-12-30 belongs to ISO week 1 of 2025.
        assert_eq!(CalendarField::WeekOfYear.value(at(2024, 12, 30, 0, 0)), 1.0);
    }

    #[test]
    fn fields_that_do_not_vary_are_refused() {
        let spec = CalendarSpec { month: true, hour: true, ..CalendarSpec::default() };
        assert_eq!(
            spec.fields(Frequency::Daily),
            Err(FeatureError::CalendarFieldConstant {
                field: CalendarField::Hour,
                frequency: Frequency::Daily
            })
        );
        let half_hour = Frequency::Minutes { minutes: 30 };
        assert_eq!(spec.fields(half_hour), Ok(vec![CalendarField::Month, CalendarField::Hour]));
        let weekend = CalendarSpec { is_weekend: true, ..CalendarSpec::default() };
        assert!(weekend.fields(Frequency::BusinessDaily).is_err());
    }
}
