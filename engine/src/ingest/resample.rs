//! Putting irregular timestamps on a grid.
//!
//! Transactions, readings with jitter, events at any minute: their timestamps fall on no
//! regular grid, and regularising them as they are would drop most rows as off-grid. Each
//! timestamp is instead moved to the start of its period ([`Frequency::period_start`]) so that
//! the rows of one period become duplicates, merged by the [`super::DuplicatePolicy`] (ticket
//! lines → daily sales). The caller may name the step; otherwise one is chosen only when the
//! inferred grid does not fit the rows (most of them off it, or most of its steps empty): the
//! finest of hour, day, business day, week and month whose periods are mostly occupied. When rows are added up, a period without any row is zero.

use chrono::{Datelike, NaiveDateTime, Weekday};

use super::error::IngestError;
use super::regularise::{RawSeries, grid_index};
use super::{DuplicatePolicy, FillPolicy};
use crate::frame::Frequency;

/// Share of a candidate step's periods (between each series' first and last) that must hold
/// a row for it to be chosen.
const MIN_OCCUPIED: f64 = 0.8;

/// Share of the file's own grid that must hold a row for it to be kept.
const MIN_OCCUPIED_AS_IN_FILE: f64 = 1.0 / 3.0;

/// How the frequency of the frame was decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// The file's own spacing.
    AsInFile(Frequency),
    /// Timestamps moved to the start of their period of `step`; `automatic` when the file's
    /// grid did not fit and nobody asked.
    Resample {
        /// The grid.
        step: Frequency,
        /// Chosen here rather than asked for.
        automatic: bool,
    },
}

/// Decides the grid from the inferred frequency (or why there is none) and the step asked for.
pub fn decide(
    raw: &[RawSeries],
    inferred: Result<Frequency, IngestError>,
    asked: Option<Frequency>,
) -> Result<Decision, IngestError> {
    if let Some(step) = asked {
        return Ok(Decision::Resample { step, automatic: false });
    }
    let automatic = |step| Decision::Resample { step, automatic: true };
    match inferred {
        Ok(freq) if fits(raw, freq) => Ok(Decision::AsInFile(freq)),
        // No step fits better: the file's own grid, whose off-grid rows and gaps are reported
        // (a year typo must not turn a daily file into a monthly one).
        Ok(freq) => Ok(automatic_step(raw).map_or(Decision::AsInFile(freq), automatic)),
        Err(e @ IngestError::Irregular { .. }) => automatic_step(raw).map(automatic).ok_or(e),
        Err(e) => Err(e),
    }
}

/// Whether `freq`'s grid suits the rows: at most half of them off it, at least a third of its
/// steps occupied (ticket lines at whole minutes are on a one-minute grid that is almost empty;
/// hourly counts of a shop open eleven hours a day fill 46 % of theirs, and stay hourly).
fn fits(raw: &[RawSeries], freq: Frequency) -> bool {
    2 * off_grid_rows(raw, freq) <= rows(raw)
        && occupied_share(raw, freq) >= MIN_OCCUPIED_AS_IN_FILE
}

/// How the periods without any row are filled once rows are grouped by period: rows that are
/// added up make an empty period zero (no ticket, no sales), unless another fill was asked.
pub fn fill_of_empty_periods(merge: DuplicatePolicy, asked: FillPolicy) -> FillPolicy {
    match (merge, asked) {
        (DuplicatePolicy::Sum, FillPolicy::Leave) => FillPolicy::Zero,
        _ => asked,
    }
}

/// Lag-one autocorrelation of the values in time order above which rows are readings of a
/// level rather than events: a temperature sampled every few minutes is near 1, ticket amounts
/// near 0.
const READINGS_AUTOCORRELATION: f64 = 0.5;

/// How the rows of one period are merged when nobody said: added up (tickets → daily sales),
/// except on a grid chosen here for rows that are readings of a level (a temperature, a price,
/// a meter's power), which are averaged — their sum has no meaning. Readings are told from
/// events by their values: consecutive readings move together (lag-one autocorrelation of
/// each series' values in time order, pooled, at least [`READINGS_AUTOCORRELATION`]), event
/// amounts do not. A step the user asked for keeps the sum (daily sales → weekly sales).
pub fn merge_for(raw: &[RawSeries], step: Frequency, automatic: bool) -> DuplicatePolicy {
    if automatic && lag_one_autocorrelation(raw, step) >= READINGS_AUTOCORRELATION {
        DuplicatePolicy::Mean
    } else {
        DuplicatePolicy::Sum
    }
}

/// Periods of the grid whose rows make the local median taken out before the autocorrelation.
const LOCAL_MEDIAN_PERIODS: usize = 24;

/// Pooled lag-one autocorrelation, in time order, of the ranks of each series' observed
/// targets once their local median (the rows of about [`LOCAL_MEDIAN_PERIODS`] periods of
/// `step` around) is taken out (0 when nothing varies). Without the local median, ticket
/// amounts that grow over the months would move together too; over ten periods it leaves
/// the movement of readings within a day in place. Ranks, so that a sensor's error codes
/// (`-999` among readings near 20) do not drown the movement of the readings.
fn lag_one_autocorrelation(raw: &[RawSeries], step: Frequency) -> f64 {
    let (mut cross, mut spread) = (0.0, 0.0);
    for s in raw {
        let mut periods: Vec<NaiveDateTime> =
            s.timestamps.iter().map(|&t| step.period_start(t)).collect();
        periods.sort_unstable();
        periods.dedup();
        let rows_per_period = s.timestamps.len() / periods.len().max(1);
        let window = (LOCAL_MEDIAN_PERIODS * rows_per_period).clamp(25, 2001) | 1;
        let mut rows: Vec<usize> =
            (0..s.target.len()).filter(|&i| s.target[i].is_finite()).collect();
        if rows.len() < 3 {
            continue;
        }
        if !rows.is_sorted_by_key(|&i| s.timestamps[i]) {
            rows.sort_by_key(|&i| s.timestamps[i]);
        }
        let values: Vec<f64> = rows.iter().map(|&i| s.target[i]).collect();
        let local = crate::stats::rolling_median(&values, window);
        let resid: Vec<f64> = values.iter().zip(&local).map(|(v, m)| v - m).collect();
        // Rank of each residual (tied values share the rank of the first of them).
        let mut by_value: Vec<usize> = (0..resid.len()).collect();
        by_value.sort_by(|&a, &b| resid[a].total_cmp(&resid[b]));
        let mut rank = vec![0.0; resid.len()];
        for (k, &i) in by_value.iter().enumerate() {
            let tied = k > 0 && resid[by_value[k - 1]] == resid[i];
            rank[i] = if tied { rank[by_value[k - 1]] } else { k as f64 };
        }
        let mean = rank.iter().sum::<f64>() / rank.len() as f64;
        let dev = |i: usize| rank[i] - mean;
        cross += (1..rank.len()).map(|i| dev(i - 1) * dev(i)).sum::<f64>();
        spread += (0..rank.len()).map(|i| dev(i) * dev(i)).sum::<f64>();
    }
    if spread > 0.0 && spread.is_finite() { cross / spread } else { 0.0 }
}

/// Moves the rows of weekly data stamped a few days off the weekday most rows fall on (a
/// report run on the Monday after a holiday Sunday) to the nearest such weekday, at their own
/// time of day; returns how many moved. Only when at least half the rows are on `anchor`:
/// otherwise the weekday says nothing and the rows stay as they are. Without this, the grid
/// counted from a first row stamped a day late put every other row off it, and the weeks
/// chosen instead doubled one week and left the next empty.
pub fn snap_to_weekday(raw: &mut [RawSeries], anchor: Weekday) -> usize {
    let on_anchor = raw.iter().flat_map(|s| &s.timestamps).filter(|t| t.weekday() == anchor);
    if 2 * on_anchor.count() < rows(raw) {
        return 0;
    }
    let mut moved = 0;
    for t in raw.iter_mut().flat_map(|s| s.timestamps.iter_mut()) {
        let ahead = i64::from(t.weekday().days_since(anchor));
        if ahead == 0 {
            continue;
        }
        // The nearest anchor: back when the row is up to three days after one, else forward.
        let shift = if ahead <= 3 { -ahead } else { 7 - ahead };
        if let Some(snapped) = t.checked_add_signed(chrono::Duration::days(shift)) {
            *t = snapped;
            moved += 1;
        }
    }
    moved
}

/// Moves every timestamp to the start of its period of `step`.
pub fn apply(raw: &mut [RawSeries], step: Frequency) {
    for t in raw.iter_mut().flat_map(|s| s.timestamps.iter_mut()) {
        *t = step.period_start(*t);
    }
}

fn rows(raw: &[RawSeries]) -> usize {
    raw.iter().map(|s| s.timestamps.len()).sum()
}

/// Rows off `freq`'s grid counted from each series' first timestamp (as regularising would).
fn off_grid_rows(raw: &[RawSeries], freq: Frequency) -> usize {
    raw.iter()
        .map(|s| {
            let Some(&start) = s.timestamps.iter().min() else { return 0 };
            s.timestamps.iter().filter(|&&t| grid_index(freq, start, t).is_none()).count()
        })
        .sum()
}

/// The finest candidate step whose periods are mostly occupied, if one is.
fn automatic_step(raw: &[RawSeries]) -> Option<Frequency> {
    let weekend = raw
        .iter()
        .flat_map(|s| &s.timestamps)
        .any(|t| matches!(t.weekday(), Weekday::Sat | Weekday::Sun));
    let mut candidates = vec![Frequency::Minutes { minutes: 60 }, Frequency::Daily];
    if !weekend {
        candidates.push(Frequency::BusinessDaily);
    }
    candidates.extend([Frequency::Weekly { anchor: Weekday::Mon }, Frequency::Monthly]);
    candidates.into_iter().find(|&step| occupied_share(raw, step) >= MIN_OCCUPIED)
}

/// Share of `step`'s periods, from each series' first to its last, that hold a row.
fn occupied_share(raw: &[RawSeries], step: Frequency) -> f64 {
    let (mut occupied, mut span) = (0usize, 0usize);
    for s in raw {
        let mut periods: Vec<NaiveDateTime> =
            s.timestamps.iter().map(|&t| step.period_start(t)).collect();
        // Files are usually in date order, and so are then their periods.
        if !periods.is_sorted() {
            periods.sort_unstable();
        }
        periods.dedup();
        let (Some(&first), Some(&last)) = (periods.first(), periods.last()) else { continue };
        let Some(steps) = grid_index(step, first, last) else { continue };
        occupied += periods.len();
        span += usize::try_from(steps).unwrap_or(usize::MAX).saturating_add(1);
    }
    if span == 0 { 0.0 } else { occupied as f64 / span as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn series(timestamps: Vec<NaiveDateTime>) -> RawSeries {
        let n = timestamps.len();
        RawSeries {
            id: "s".into(),
            lines: (2..n + 2).collect(),
            target: vec![1.0; n],
            exog: vec![],
            timestamps,
        }
    }

    fn start() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date")
    }

    /// `per_day` rows a day at scattered minutes, on the days `open` allows, for `days` days.
    fn tickets(days: i64, per_day: i64, open: impl Fn(NaiveDateTime) -> bool) -> RawSeries {
        let mut ts = Vec::new();
        for d in 0..days {
            let day = start() + Duration::days(d);
            if open(day) {
                for k in 0..per_day {
                    ts.push(day + Duration::minutes(9 * 60 + (k * 37 + d * 11) % 600));
                }
            }
        }
        series(ts)
    }

    #[test]
    fn a_regular_file_keeps_its_own_spacing() {
        let raw = [series((0..50).map(|d| start() + Duration::days(d)).collect())];
        let d = decide(&raw, Ok(Frequency::Daily), None).expect("decides");
        assert_eq!(d, Decision::AsInFile(Frequency::Daily));
    }

    #[test]
    fn tickets_at_any_minute_become_days_and_a_shop_shut_at_weekends_business_days() {
        let every_day = [tickets(60, 5, |_| true)];
        let irregular =
            Err(IngestError::Irregular { modal_spacing_seconds: 2220, modal_share: 0.1 });
        let d = decide(&every_day, irregular, None).expect("decides");
        assert_eq!(d, Decision::Resample { step: Frequency::Daily, automatic: true });

        let weekdays = [tickets(60, 5, |t| t.weekday().num_days_from_monday() < 5)];
        // The inferred grid (every 37 minutes, say) holds a few rows only: resampled too.
        let d = decide(&weekdays, Ok(Frequency::Minutes { minutes: 37 }), None).expect("decides");
        assert_eq!(d, Decision::Resample { step: Frequency::BusinessDaily, automatic: true });
    }

    #[test]
    fn sparse_events_get_the_finest_mostly_occupied_step() {
        // One event every third day, at varying hours: days are too sparse, weeks are full.
        let at = |k: i64| start() + Duration::hours(k * 72) + Duration::minutes(k % 5 * 17);
        let raw = [series((0..60).map(at).collect())];
        // What inference gives for these: 72 h apart most often, not a calendar step.
        let irregular =
            Err(IngestError::Irregular { modal_spacing_seconds: 259_200, modal_share: 0.2 });
        let d = decide(&raw, irregular, None).expect("decides");
        assert_eq!(
            d,
            Decision::Resample {
                step: Frequency::Weekly { anchor: Weekday::Mon },
                automatic: true
            }
        );
    }

    #[test]
    fn ticket_lines_at_whole_minutes_are_not_a_one_minute_series() {
        let mut raw = tickets(30, 40, |_| true);
        for t in &mut raw.timestamps {
            *t = Frequency::Minutes { minutes: 1 }.period_start(*t);
        }
        let d = decide(&[raw], Ok(Frequency::Minutes { minutes: 1 }), None).expect("decides");
        assert_eq!(d, Decision::Resample { step: Frequency::Daily, automatic: true });
    }

    #[test]
    fn hourly_counts_during_opening_hours_stay_hourly() {
        // 9:00 to 19:00 every day: 11 of 24 hours hold a row.
        let ts = (0..40)
            .flat_map(|d| (9..20).map(move |h| start() + Duration::days(d) + Duration::hours(h)))
            .collect();
        let hourly = Frequency::Minutes { minutes: 60 };
        let d = decide(&[series(ts)], Ok(hourly), None).expect("decides");
        assert_eq!(d, Decision::AsInFile(hourly));
    }

    #[test]
    fn a_year_typo_keeps_the_files_grid_and_nothing_fits_irregular_dates() {
        // A daily year and one date ten years out: no step is mostly occupied.
        let mut ts: Vec<_> = (0..365).map(|d| start() + Duration::days(d)).collect();
        ts.push(start() + Duration::days(3650));
        let d = decide(&[series(ts.clone())], Ok(Frequency::Daily), None).expect("decides");
        assert_eq!(d, Decision::AsInFile(Frequency::Daily));
        let irregular = IngestError::Irregular { modal_spacing_seconds: 7, modal_share: 0.1 };
        let e = decide(&[series(ts)], Err(irregular.clone()), None).expect_err("no grid");
        assert_eq!(e, irregular);
    }

    #[test]
    fn an_asked_step_is_used_as_it_is_and_other_errors_pass_through() {
        let raw = [series(vec![start()])];
        let d = decide(&raw, Err(IngestError::SingleRow), Some(Frequency::Monthly)).expect("ok");
        assert_eq!(d, Decision::Resample { step: Frequency::Monthly, automatic: false });
        assert!(matches!(
            decide(&raw, Err(IngestError::SingleRow), None),
            Err(IngestError::SingleRow)
        ));
    }

    #[test]
    fn applying_moves_every_timestamp_to_its_period_start() {
        let mut raw = [tickets(3, 2, |_| true)];
        apply(&mut raw, Frequency::Daily);
        let days: Vec<_> = raw[0].timestamps.iter().map(|t| (t.day(), t.time())).collect();
        let midnight = chrono::NaiveTime::MIN;
        assert_eq!(
            days,
            vec![
                (1, midnight),
                (1, midnight),
                (2, midnight),
                (2, midnight),
                (3, midnight),
                (3, midnight)
            ]
        );
    }
}
