//! Axis scales: value ↔ pixel mappings, "nice" numeric ticks and calendar-aligned date ticks.
//!
//! Time is placed on a linear axis measured in days since 1970-01-01 (fractional for times
//! of day), so a date axis and a numeric axis share one mapping. Date ticks fall on calendar
//! boundaries (midnight, Mondays, the first of a month, January 1st) so labels read as dates,
//! not as arbitrary instants.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use prevision_engine::frame::Frequency;

use super::text::Calendar;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// Days since 1970-01-01 00:00 (fractional).
pub(crate) fn days(t: NaiveDateTime) -> f64 {
    t.and_utc().timestamp() as f64 / SECONDS_PER_DAY
}

/// The instant `x` days after 1970-01-01 (rounded to the second), clamped to chrono's range.
pub(crate) fn from_days(x: f64) -> NaiveDateTime {
    let seconds = (x * SECONDS_PER_DAY).round().clamp(-8.0e15, 8.0e15) as i64;
    chrono::DateTime::from_timestamp(seconds, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

/// A linear map from a value domain onto a pixel range (the pixel range may run backwards,
/// as a y axis does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Linear {
    pub domain: (f64, f64),
    pub pixels: (f64, f64),
}

impl Linear {
    /// Pixel of `value`.
    pub fn px(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let span = if d1 == d0 { 1.0 } else { d1 - d0 };
        self.pixels.0 + (value - d0) / span * (self.pixels.1 - self.pixels.0)
    }

    /// Value at pixel `px`.
    pub fn value(&self, px: f64) -> f64 {
        let (p0, p1) = self.pixels;
        let span = if p1 == p0 { 1.0 } else { p1 - p0 };
        self.domain.0 + (px - p0) / span * (self.domain.1 - self.domain.0)
    }

    /// Pixel of `value`, rounded for the integer backends.
    pub fn pxi(&self, value: f64) -> i32 {
        self.px(value).round().clamp(-1.0e6, 1.0e6) as i32
    }
}

/// Evenly spaced round ticks covering `[lo, hi]`, about `target` of them, with the number of
/// decimals their labels need. The first and last tick enclose the range, so the axis can be
/// extended to them.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, usize) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - pad, hi + pad)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let factor =
        [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|f| f * magnitude >= raw).unwrap_or(10.0);
    let step = factor * magnitude;
    let mut decimals = (-step.log10().floor()).max(0.0) as usize;
    if factor == 2.5 && magnitude < 10.0 {
        decimals += 1;
    }
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    let ticks = (first..=last.min(first + 200)).map(|k| k as f64 * step).collect();
    (ticks, decimals)
}

/// How precisely a timestamp is written, from the data's frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// Date and time of day (sub-daily data).
    Minute,
    /// A day.
    Day,
    /// A month.
    Month,
    /// A year.
    Year,
}

impl DatePrecision {
    /// The precision a series of this frequency needs.
    pub fn of(freq: Frequency) -> DatePrecision {
        match freq {
            Frequency::Minutes { .. } => DatePrecision::Minute,
            Frequency::Daily | Frequency::BusinessDaily | Frequency::Weekly { .. } => {
                DatePrecision::Day
            }
            Frequency::Monthly | Frequency::Quarterly => DatePrecision::Month,
            Frequency::Yearly => DatePrecision::Year,
        }
    }
}

/// `t` written at `precision`: `15 Mar 2024 14:30`, `15 Mar 2024`, `Mar 2024`, `2024`.
pub fn format_date(t: NaiveDateTime, precision: DatePrecision, cal: &Calendar) -> String {
    let month = &cal.months[t.month0() as usize];
    match precision {
        DatePrecision::Minute => {
            format!("{} {month} {} {:02}:{:02}", t.day(), t.year(), t.hour(), t.minute())
        }
        DatePrecision::Day => format!("{} {month} {}", t.day(), t.year()),
        DatePrecision::Month => format!("{month} {}", t.year()),
        DatePrecision::Year => t.year().to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum DateStep {
    Minutes(i64),
    Days(i64),
    Weeks(i64),
    Months(i32),
    Years(i32),
}

impl DateStep {
    const ALL: [DateStep; 22] = [
        DateStep::Minutes(15),
        DateStep::Minutes(30),
        DateStep::Minutes(60),
        DateStep::Minutes(120),
        DateStep::Minutes(180),
        DateStep::Minutes(360),
        DateStep::Minutes(720),
        DateStep::Days(1),
        DateStep::Days(2),
        DateStep::Weeks(1),
        DateStep::Weeks(2),
        DateStep::Months(1),
        DateStep::Months(2),
        DateStep::Months(3),
        DateStep::Months(6),
        DateStep::Years(1),
        DateStep::Years(2),
        DateStep::Years(5),
        DateStep::Years(10),
        DateStep::Years(25),
        DateStep::Years(50),
        DateStep::Years(100),
    ];

    fn approx_days(self) -> f64 {
        match self {
            DateStep::Minutes(n) => n as f64 / 1440.0,
            DateStep::Days(n) => n as f64,
            DateStep::Weeks(n) => 7.0 * n as f64,
            DateStep::Months(n) => 30.44 * f64::from(n),
            DateStep::Years(n) => 365.25 * f64::from(n),
        }
    }

    /// The first tick at or after `t`.
    fn first_at_or_after(self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        let midnight = t.date().and_hms_opt(0, 0, 0)?;
        match self {
            DateStep::Minutes(n) => {
                let into_day = (t - midnight).num_minutes();
                let k = (into_day + n - 1).div_euclid(n);
                let tick = midnight + Duration::minutes(k * n);
                Some(if tick < t { tick + Duration::minutes(n) } else { tick })
            }
            DateStep::Days(n) => {
                let day = if midnight < t { midnight + Duration::days(1) } else { midnight };
                let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?.and_hms_opt(0, 0, 0)?;
                let offset = (day - epoch).num_days().rem_euclid(n);
                Some(if offset == 0 { day } else { day + Duration::days(n - offset) })
            }
            DateStep::Weeks(_) => {
                let day = if midnight < t { midnight + Duration::days(1) } else { midnight };
                let to_monday = (7 - i64::from(day.weekday().num_days_from_monday())) % 7;
                Some(day + Duration::days(to_monday))
            }
            DateStep::Months(n) => {
                let mut first =
                    NaiveDate::from_ymd_opt(t.year(), t.month(), 1)?.and_hms_opt(0, 0, 0)?;
                if first < t {
                    first = add_months(first, 1)?;
                }
                let rem = (first.month0() as i32).rem_euclid(n);
                if rem == 0 { Some(first) } else { add_months(first, n - rem) }
            }
            DateStep::Years(n) => {
                let mut year = t.year();
                if NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)? < t {
                    year += 1;
                }
                let year = year + (n - year.rem_euclid(n)) % n;
                NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)
            }
        }
    }

    fn next(self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        match self {
            DateStep::Minutes(n) => t.checked_add_signed(Duration::minutes(n)),
            DateStep::Days(n) => t.checked_add_signed(Duration::days(n)),
            DateStep::Weeks(n) => t.checked_add_signed(Duration::weeks(n)),
            DateStep::Months(n) => add_months(t, n),
            DateStep::Years(n) => add_months(t, 12 * n),
        }
    }
}

fn add_months(t: NaiveDateTime, months: i32) -> Option<NaiveDateTime> {
    let total = t.year() * 12 + t.month0() as i32 + months;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)?
        .and_hms_opt(0, 0, 0)
}

/// Calendar-aligned ticks in `[lo, hi]` (days since the epoch), at most `max_ticks` of them,
/// each with its label. The year is written on the first tick and wherever it changes.
pub(crate) fn date_ticks(lo: f64, hi: f64, max_ticks: usize, cal: &Calendar) -> Vec<(f64, String)> {
    if !(lo.is_finite() && hi.is_finite()) || hi < lo {
        return Vec::new();
    }
    let span = (hi - lo).max(1.0 / 1440.0);
    let max_ticks = max_ticks.max(2) as f64;
    let step = DateStep::ALL
        .into_iter()
        .find(|s| span / s.approx_days() <= max_ticks)
        .unwrap_or(DateStep::Years(100));
    let Some(mut t) = step.first_at_or_after(from_days(lo)) else {
        return Vec::new();
    };
    let mut ticks = Vec::new();
    let mut last_year: Option<i32> = None;
    while days(t) <= hi + 1e-9 && ticks.len() < 200 {
        let month = &cal.months[t.month0() as usize];
        let new_year = last_year != Some(t.year());
        let label = match step {
            DateStep::Minutes(_) if t.hour() != 0 || t.minute() != 0 => {
                format!("{:02}:{:02}", t.hour(), t.minute())
            }
            DateStep::Minutes(_) | DateStep::Days(_) | DateStep::Weeks(_) => {
                if new_year {
                    format!("{} {month} {}", t.day(), t.year())
                } else {
                    format!("{} {month}", t.day())
                }
            }
            DateStep::Months(n) if n < 6 && !new_year => month.clone(),
            DateStep::Months(_) => format!("{month} {}", t.year()),
            DateStep::Years(_) => t.year().to_string(),
        };
        last_year = Some(t.year());
        ticks.push((days(t), label));
        match step.next(t) {
            Some(n) => t = n,
            None => break,
        }
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid date")
    }

    #[test]
    fn nice_ticks_are_round_and_enclose_the_range() {
        let (ticks, decimals) = nice_ticks(3.2, 97.0, 5);
        assert_eq!(ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(decimals, 0);
        let (ticks, decimals) = nice_ticks(0.0, 1.0, 4);
        assert_eq!(ticks, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(decimals, 2);
    }

    #[test]
    fn a_flat_range_still_gets_ticks() {
        let (ticks, _) = nice_ticks(5.0, 5.0, 5);
        assert!(ticks.len() >= 2 && ticks[0] <= 5.0 && *ticks.last().expect("ticks") >= 5.0);
    }

    #[test]
    fn linear_maps_values_onto_a_reversed_pixel_range() {
        let y = Linear { domain: (0.0, 100.0), pixels: (300.0, 100.0) };
        assert_eq!(y.px(25.0), 250.0);
        assert_eq!(y.pxi(100.0), 100);
    }

    #[test]
    fn days_round_trip_through_the_epoch() {
        let t = dt(2024, 3, 15) + Duration::hours(6);
        assert_eq!(days(dt(1970, 1, 2)), 1.0);
        assert_eq!(from_days(days(t)), t);
    }

    #[test]
    fn a_year_of_daily_data_gets_monthly_ticks_on_the_first() {
        let cal = Calendar::default();
        let ticks = date_ticks(days(dt(2023, 1, 10)), days(dt(2023, 12, 20)), 12, &cal);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            ["Feb 2023", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        );
        assert_eq!(ticks[0].0, days(dt(2023, 2, 1)));
    }

    #[test]
    fn a_month_of_daily_data_gets_weekly_ticks_on_mondays() {
        let cal = Calendar::default();
        let ticks = date_ticks(days(dt(2024, 2, 20)), days(dt(2024, 3, 20)), 6, &cal);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["26 Feb 2024", "4 Mar", "11 Mar", "18 Mar"]);
    }

    #[test]
    fn decades_of_monthly_data_get_year_ticks() {
        let cal = Calendar::default();
        let ticks = date_ticks(days(dt(1992, 1, 1)), days(dt(2017, 12, 1)), 8, &cal);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["1995", "2000", "2005", "2010", "2015"]);
    }

    #[test]
    fn formats_dates_at_the_data_precision() {
        let cal = Calendar::default();
        let t = dt(2024, 3, 5) + Duration::minutes(90);
        assert_eq!(format_date(t, DatePrecision::Minute, &cal), "5 Mar 2024 01:30");
        assert_eq!(format_date(t, DatePrecision::Day, &cal), "5 Mar 2024");
        assert_eq!(format_date(t, DatePrecision::Month, &cal), "Mar 2024");
    }
}
