//! Inferring the frequency from the spacing of timestamps.
//!
//! The modal spacing between consecutive distinct timestamps of each series (pooled) decides,
//! so a few gaps or duplicates do not matter (the minimum spacing would be fooled by a single
//! stray timestamp). Calendar spacings are recognised by range (28–31 days is monthly), days
//! that never fall on a weekend with 1-day steps (and at least two weekends skipped) are
//! business days, and weekly data is anchored on its most common weekday.

use chrono::{Datelike, NaiveDateTime, Weekday};

use super::error::IngestError;
use crate::frame::Frequency;

const DAY: i64 = 86_400;

/// The frequency of series given as sorted timestamp lists.
pub fn infer<'a>(
    series: impl IntoIterator<Item = &'a [NaiveDateTime]>,
) -> Result<Frequency, IngestError> {
    let mut diffs: Vec<i64> = Vec::new();
    let mut weekday_counts = [0usize; 7];
    let mut weekend = 0usize;
    let mut total = 0usize;
    for ts in series {
        for w in ts.windows(2) {
            let d = (w[1] - w[0]).num_seconds();
            if d > 0 {
                diffs.push(d);
            }
        }
        for t in ts {
            weekday_counts[t.weekday().num_days_from_monday() as usize] += 1;
            if matches!(t.weekday(), Weekday::Sat | Weekday::Sun) {
                weekend += 1;
            }
            total += 1;
        }
    }
    if diffs.is_empty() {
        return Err(IngestError::SingleRow);
    }
    diffs.sort_unstable();
    let (modal, count) = modal_run(&diffs);
    let share = count as f64 / diffs.len() as f64;
    let irregular = || IngestError::Irregular { modal_spacing_seconds: modal, modal_share: share };
    let freq = if modal < DAY {
        if modal % 60 != 0 {
            return Err(irregular());
        }
        Frequency::Minutes { minutes: u32::try_from(modal / 60).map_err(|_| irregular())? }
    } else if modal == DAY || (modal == 3 * DAY && weekend == 0) {
        let fri_to_mon = diffs.iter().filter(|&&d| d == 3 * DAY).count();
        // Two skipped weekends at least: one missing weekend in a short daily file is a gap.
        if weekend == 0 && total >= 6 && fri_to_mon >= 2 {
            Frequency::BusinessDaily
        } else {
            Frequency::Daily
        }
    } else if modal == 7 * DAY {
        let anchor = (0..7).max_by_key(|&i| (weekday_counts[i], 7 - i)).unwrap_or(0);
        Frequency::Weekly { anchor: Weekday::try_from(anchor as u8).unwrap_or(Weekday::Mon) }
    } else if (28 * DAY..=31 * DAY).contains(&modal) {
        Frequency::Monthly
    } else if (89 * DAY..=92 * DAY).contains(&modal) {
        Frequency::Quarterly
    } else if (365 * DAY..=366 * DAY).contains(&modal) {
        Frequency::Yearly
    } else {
        return Err(irregular());
    };
    Ok(freq)
}

/// The most common value of sorted `xs` and its count (ties to the smallest).
fn modal_run(xs: &[i64]) -> (i64, usize) {
    let mut best = (xs.first().copied().unwrap_or(0), 0usize);
    let mut i = 0;
    while i < xs.len() {
        let j = xs[i..].iter().position(|&d| d != xs[i]).map_or(xs.len(), |k| i + k);
        if j - i > best.1 {
            best = (xs[i], j - i);
        }
        i = j;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn day(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid")
    }

    fn steps(start: NaiveDateTime, step: Duration, n: usize) -> Vec<NaiveDateTime> {
        (0..n).map(|i| start + step * i as i32).collect()
    }

    #[test]
    fn daily_with_a_few_gaps_is_still_daily() {
        let mut ts = steps(day(2024, 1, 1), Duration::days(1), 30);
        ts.remove(10);
        ts.remove(20);
        assert_eq!(infer([ts.as_slice()]), Ok(Frequency::Daily));
    }

    #[test]
    fn half_hourly_and_hourly() {
        let ts = steps(day(2024, 1, 1), Duration::minutes(30), 100);
        assert_eq!(infer([ts.as_slice()]), Ok(Frequency::Minutes { minutes: 30 }));
        let ts = steps(day(2024, 1, 1), Duration::hours(1), 100);
        assert_eq!(infer([ts.as_slice()]), Ok(Frequency::Minutes { minutes: 60 }));
    }

    #[test]
    fn weekly_on_fridays() {
        // 2024-01-05 is a Friday.
        let ts = steps(day(2024, 1, 5), Duration::weeks(1), 20);
        assert_eq!(infer([ts.as_slice()]), Ok(Frequency::Weekly { anchor: Weekday::Fri }));
    }

    #[test]
    fn weekdays_only_is_business_daily() {
        let ts: Vec<_> = steps(day(2024, 1, 1), Duration::days(1), 40)
            .into_iter()
            .filter(|t| !matches!(t.weekday(), Weekday::Sat | Weekday::Sun))
            .collect();
        assert_eq!(infer([ts.as_slice()]), Ok(Frequency::BusinessDaily));
    }

    #[test]
    fn one_skipped_weekend_is_a_gap_in_daily_data() {
        // Monday 2024-01-01 to Friday 2024-01-12 without its one weekend: two weeks of
        // weekdays are not yet proof of business days.
        let ts: Vec<_> = steps(day(2024, 1, 1), Duration::days(1), 12)
            .into_iter()
            .filter(|t| !matches!(t.weekday(), Weekday::Sat | Weekday::Sun))
            .collect();
        assert_eq!(infer([&ts[..10]]), Ok(Frequency::Daily));
        let three_weeks: Vec<_> = steps(day(2024, 1, 1), Duration::days(1), 19)
            .into_iter()
            .filter(|t| !matches!(t.weekday(), Weekday::Sat | Weekday::Sun))
            .collect();
        assert_eq!(infer([three_weeks.as_slice()]), Ok(Frequency::BusinessDaily));
    }

    #[test]
    fn calendar_months_quarters_and_years() {
        let months: Vec<_> = (1..=12).map(|m| day(2023, m, 1)).collect();
        assert_eq!(infer([months.as_slice()]), Ok(Frequency::Monthly));
        let quarters = [day(2023, 1, 1), day(2023, 4, 1), day(2023, 7, 1), day(2023, 10, 1)];
        assert_eq!(infer([quarters.as_slice()]), Ok(Frequency::Quarterly));
        let years = [day(2020, 1, 1), day(2021, 1, 1), day(2022, 1, 1)];
        assert_eq!(infer([years.as_slice()]), Ok(Frequency::Yearly));
    }

    #[test]
    fn every_ten_days_is_irregular() {
        let ts = steps(day(2024, 1, 1), Duration::days(10), 10);
        assert!(matches!(
            infer([ts.as_slice()]),
            Err(IngestError::Irregular { modal_spacing_seconds: 864_000, .. })
        ));
    }
}
