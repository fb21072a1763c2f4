//! Putting each series on its regular grid: sort, merge duplicates, insert missing
//! timestamps, fill.
//!
//! Every row gets a step index on the frequency's grid counted from the series' first
//! timestamp (calendar frequencies count months, so `2024-01-31` and `2024-02-29` are one
//! month apart). A timestamp between grid steps is dropped and reported as off-grid. Rows
//! sharing a step are merged by the [`DuplicatePolicy`]; steps without a row become missing
//! timestamps (target `NaN`), reported as gaps. The [`FillPolicy`] then fills missing targets
//! inside the history only: future rows (after the last observed target) stay `NaN`.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDateTime, Weekday};

use super::report::{DuplicateGroup, Gap, MAX_LISTED};
use super::{DuplicatePolicy, FillPolicy};
use crate::frame::{Frequency, Series};

/// One series' rows before regularisation.
#[derive(Debug, Clone)]
pub struct RawSeries {
    /// Series id.
    pub id: String,
    /// Timestamps, one per row.
    pub timestamps: Vec<NaiveDateTime>,
    /// Physical line of each row.
    pub lines: Vec<usize>,
    /// Target, one per row.
    pub target: Vec<f64>,
    /// Exogenous values, `exog[j][row]`.
    pub exog: Vec<Vec<f64>>,
}

impl RawSeries {
    /// Removes the rows flagged in `drop` (one flag per row).
    pub fn drop_rows(&mut self, drop: &[bool]) {
        let kept = |i: usize| !drop.get(i).copied().unwrap_or(false);
        super::retain_indexed(&mut self.timestamps, kept);
        super::retain_indexed(&mut self.lines, kept);
        super::retain_indexed(&mut self.target, kept);
        for x in &mut self.exog {
            super::retain_indexed(x, kept);
        }
    }
}

/// What regularising all series produced and found.
#[derive(Debug, Clone, Default)]
pub struct Regularised {
    /// The regular series (unfilled targets are `NaN`).
    pub series: Vec<Series>,
    /// Missing target values inside each series' history, before filling.
    pub history_missing: Vec<usize>,
    /// Gaps (first [`MAX_LISTED`]).
    pub gaps: Vec<Gap>,
    /// Exact number of gaps.
    pub gaps_total: usize,
    /// Missing timestamps inserted.
    pub missing_steps_total: usize,
    /// Merged duplicates (first [`MAX_LISTED`]).
    pub duplicates: Vec<DuplicateGroup>,
    /// Exact number of duplicate groups.
    pub duplicates_total: usize,
    /// Rows dropped as off the grid: (line, timestamp).
    pub off_grid: Vec<(usize, NaiveDateTime)>,
    /// Target values filled.
    pub filled_count: usize,
    /// Steps whose rows were fewer than nearly every other step of their series has, when
    /// they are added up: (series, first such step, its rows, the usual rows, how many steps).
    pub partial: Vec<PartialTotals>,
}

/// Steps of a series whose sum lacks rows: nearly every step has `usual` rows (a long file
/// of `usual` shops read without its shop column), these have fewer, so their sum would be
/// a partial total. They are left missing instead, like steps without rows.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialTotals {
    /// Series id.
    pub series: String,
    /// The first such step.
    pub first: NaiveDateTime,
    /// Its rows.
    pub rows: usize,
    /// Rows of nearly every step.
    pub usual: usize,
    /// How many steps.
    pub count: usize,
}

/// Share of a series' steps that must hold the same number of rows (two or more) for a step
/// with fewer to be a partial total.
const USUAL_ROWS_SHARE: f64 = 0.8;
/// Fewest steps the share is judged on.
const USUAL_ROWS_MIN_STEPS: usize = 10;

/// The number of rows nearly every step has, when it is two or more (see
/// [`USUAL_ROWS_SHARE`]); `rows` are `(step, …)` sorted by step.
fn usual_rows_per_step(rows: &[(i64, usize, usize)]) -> Option<usize> {
    let mut sizes: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let j = rows[i..].iter().position(|r| r.0 != rows[i].0).map_or(rows.len(), |n| i + n);
        sizes.push(j - i);
        i = j;
    }
    if sizes.len() < USUAL_ROWS_MIN_STEPS {
        return None;
    }
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &n in &sizes {
        *counts.entry(n).or_default() += 1;
    }
    let (&usual, &steps) = counts.iter().max_by_key(|(n, c)| (**c, **n))?;
    (usual >= 2 && steps as f64 >= USUAL_ROWS_SHARE * sizes.len() as f64).then_some(usual)
}

/// Step index of `t` on `freq`'s grid starting at `start`, `None` when between steps.
pub fn grid_index(freq: Frequency, start: NaiveDateTime, t: NaiveDateTime) -> Option<i64> {
    let months = |a: NaiveDateTime, b: NaiveDateTime| {
        (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month())
            - i64::from(a.month())
    };
    match freq {
        Frequency::Minutes { minutes } => {
            let secs = (t - start).num_seconds();
            let step = i64::from(minutes) * 60;
            (step > 0 && secs % step == 0).then_some(secs / step)
        }
        Frequency::Daily => {
            let secs = (t - start).num_seconds();
            (secs % 86_400 == 0).then_some(secs / 86_400)
        }
        Frequency::Weekly { .. } => {
            let secs = (t - start).num_seconds();
            (secs % 604_800 == 0).then_some(secs / 604_800)
        }
        Frequency::BusinessDaily => {
            let weekend = |d: NaiveDateTime| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            if weekend(t) || weekend(start) || t.time() != start.time() {
                return None;
            }
            // Business days since a fixed Monday, for both ends.
            let ord = |d: NaiveDateTime| {
                let days = i64::from(d.date().num_days_from_ce());
                // 0001-01-01 is a Monday: day 1 in chrono's count.
                let k = days - 1;
                k.div_euclid(7) * 5 + k.rem_euclid(7).min(5)
            };
            Some(ord(t) - ord(start))
        }
        Frequency::Monthly => (t.time() == start.time()).then(|| months(start, t)),
        Frequency::Quarterly => {
            let m = months(start, t);
            (t.time() == start.time() && m % 3 == 0).then_some(m / 3)
        }
        Frequency::Yearly => {
            let m = months(start, t);
            (t.time() == start.time() && m % 12 == 0).then_some(m / 12)
        }
    }
}

fn merge(values: &[f64], policy: DuplicatePolicy, categorical: bool) -> f64 {
    let mut present = values.iter().copied().filter(|v| !v.is_nan());
    if categorical || policy == DuplicatePolicy::Last {
        return present.next_back().unwrap_or(f64::NAN);
    }
    let (sum, n) = present.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    match (n, policy) {
        (0, _) => f64::NAN,
        (_, DuplicatePolicy::Sum) => sum,
        _ => sum / n as f64,
    }
}

/// Regularises every series onto `freq`; `max_rows` caps the total grid size.
pub fn regularise(
    raw: Vec<RawSeries>,
    freq: Frequency,
    duplicates: DuplicatePolicy,
    fill: FillPolicy,
    categorical_exog: &[bool],
    max_rows: usize,
) -> Result<Regularised, usize> {
    let mut out = Regularised::default();
    let mut total_rows = 0usize;
    for s in raw {
        let Some(&start) = s.timestamps.iter().min() else { continue };
        let mut rows: Vec<(i64, usize, usize)> = Vec::with_capacity(s.timestamps.len());
        for (r, &t) in s.timestamps.iter().enumerate() {
            match grid_index(freq, start, t) {
                Some(k) => rows.push((k, s.lines[r], r)),
                None => out.off_grid.push((s.lines[r], t)),
            }
        }
        rows.sort_unstable();
        let len = match rows.last() {
            Some(&(k, _, _)) => usize::try_from(k).map_err(|_| usize::MAX)?.saturating_add(1),
            None => continue,
        };
        total_rows = total_rows.saturating_add(len);
        if total_rows > max_rows {
            return Err(total_rows);
        }
        let nx = s.exog.len();
        let mut target = vec![f64::NAN; len];
        let mut exog = vec![vec![f64::NAN; len]; nx];
        let mut present = vec![false; len];
        let usual =
            if duplicates == DuplicatePolicy::Sum { usual_rows_per_step(&rows) } else { None };
        let mut partial: Option<PartialTotals> = None;
        let mut partial_steps: Vec<usize> = Vec::new();
        let mut i = 0;
        let mut buf: Vec<f64> = Vec::new();
        while i < rows.len() {
            let k = rows[i].0;
            let j = rows[i..].iter().position(|r| r.0 != k).map_or(rows.len(), |n| i + n);
            let group = &rows[i..j];
            let idx = k as usize;
            present[idx] = true;
            if let Some(usual) = usual.filter(|&u| group.len() < u) {
                partial_steps.push(idx);
                match &mut partial {
                    Some(p) => p.count += 1,
                    None => {
                        partial = Some(PartialTotals {
                            series: s.id.clone(),
                            first: freq.add_steps(start, k).unwrap_or(start),
                            rows: group.len(),
                            usual,
                            count: 1,
                        });
                    }
                }
            }
            if group.len() == 1 {
                let r = group[0].2;
                target[idx] = s.target[r];
                for (x, col) in exog.iter_mut().zip(&s.exog) {
                    x[idx] = col[r];
                }
            } else {
                buf.clear();
                buf.extend(group.iter().map(|g| s.target[g.2]));
                target[idx] = merge(&buf, duplicates, false);
                for (c, (x, col)) in exog.iter_mut().zip(&s.exog).enumerate() {
                    buf.clear();
                    buf.extend(group.iter().map(|g| col[g.2]));
                    // Summing prices or flags makes no sense: exogenous values are averaged.
                    let policy = if duplicates == DuplicatePolicy::Sum {
                        DuplicatePolicy::Mean
                    } else {
                        duplicates
                    };
                    x[idx] = merge(&buf, policy, categorical_exog.get(c).copied().unwrap_or(false));
                }
                out.duplicates_total += 1;
                if out.duplicates.len() < MAX_LISTED {
                    out.duplicates.push(DuplicateGroup {
                        series: s.id.clone(),
                        timestamp: freq.add_steps(start, k).unwrap_or(start),
                        count: group.len(),
                        lines: group.iter().map(|g| g.1).collect(),
                    });
                }
            }
            i = j;
        }
        for &idx in &partial_steps {
            target[idx] = f64::NAN;
        }
        out.partial.extend(partial);
        let timestamps: Vec<NaiveDateTime> =
            (0..len as i64).map(|k| freq.add_steps(start, k).unwrap_or(start)).collect();
        // Gaps: runs of steps without a row.
        let mut k = 0;
        while k < len {
            if present[k] {
                k += 1;
                continue;
            }
            let from = k;
            while k < len && !present[k] {
                k += 1;
            }
            out.gaps_total += 1;
            out.missing_steps_total += k - from;
            if out.gaps.len() < MAX_LISTED {
                out.gaps.push(Gap {
                    series: s.id.clone(),
                    start: timestamps[from],
                    end: timestamps[k - 1],
                    missing_steps: k - from,
                });
            }
        }
        let observed = target.iter().rposition(|v| !v.is_nan()).map_or(0, |i| i + 1);
        out.history_missing.push(target[..observed].iter().filter(|v| v.is_nan()).count());
        out.filled_count += fill_history(&mut target[..observed], fill, freq.default_season());
        out.series.push(Series { id: s.id, timestamps, target, exog });
    }
    Ok(out)
}

/// Fills `NaN`s of a history in place by `policy`; returns how many were filled. Leading
/// `NaN`s (nothing observed before) stay unless the policy is `Zero` or `Seasonal` finds a
/// value one season later.
pub fn fill_history(y: &mut [f64], policy: FillPolicy, season: usize) -> usize {
    let before = y.iter().filter(|v| v.is_nan()).count();
    match policy {
        FillPolicy::Leave => return 0,
        FillPolicy::Zero => y.iter_mut().filter(|v| v.is_nan()).for_each(|v| *v = 0.0),
        FillPolicy::ForwardFill => {
            let mut last = f64::NAN;
            for v in y.iter_mut() {
                if v.is_nan() {
                    *v = last;
                } else {
                    last = *v;
                }
            }
        }
        FillPolicy::Linear => linear(y),
        FillPolicy::Seasonal => {
            let orig = y.to_vec();
            let m = season.max(1);
            for i in 0..y.len() {
                if !orig[i].is_nan() {
                    continue;
                }
                if i >= m && !orig[i - m].is_nan() {
                    y[i] = orig[i - m];
                } else if i + m < orig.len() && !orig[i + m].is_nan() {
                    y[i] = orig[i + m];
                }
            }
            linear(y);
        }
    }
    before - y.iter().filter(|v| v.is_nan()).count()
}

fn linear(y: &mut [f64]) {
    let mut prev: Option<usize> = None;
    for i in 0..y.len() {
        if y[i].is_nan() {
            continue;
        }
        if let Some(p) = prev
            && i > p + 1
        {
            let (a, b) = (y[p], y[i]);
            let span = (i - p) as f64;
            for (k, v) in y[p + 1..i].iter_mut().enumerate() {
                *v = a + (b - a) * (k + 1) as f64 / span;
            }
        }
        prev = Some(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 1, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid")
    }

    #[test]
    fn fills_a_two_day_gap_by_linear_interpolation() {
        let mut y = [1.0, f64::NAN, f64::NAN, 4.0];
        assert_eq!(fill_history(&mut y, FillPolicy::Linear, 7), 2);
        assert_eq!(y, [1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn forward_fill_zero_and_seasonal() {
        let mut y = [1.0, f64::NAN, 3.0];
        fill_history(&mut y, FillPolicy::ForwardFill, 1);
        assert_eq!(y, [1.0, 1.0, 3.0]);
        let mut y = [f64::NAN, 2.0];
        fill_history(&mut y, FillPolicy::Zero, 1);
        assert_eq!(y, [0.0, 2.0]);
        let mut y = [10.0, 20.0, 11.0, f64::NAN, 12.0];
        fill_history(&mut y, FillPolicy::Seasonal, 2);
        assert_eq!(y, [10.0, 20.0, 11.0, 20.0, 12.0]);
    }

    #[test]
    fn inserts_missing_days_and_merges_duplicates() {
        let raw = RawSeries {
            id: "s".into(),
            timestamps: vec![day(3), day(1), day(1), day(5)],
            lines: vec![4, 2, 3, 5],
            target: vec![3.0, 1.0, 2.0, 5.0],
            exog: vec![vec![1.0, 0.0, 1.0, 1.0]],
        };
        let r = regularise(
            vec![raw],
            Frequency::Daily,
            DuplicatePolicy::Sum,
            FillPolicy::Leave,
            &[false],
            100,
        )
        .expect("fits");
        let s = &r.series[0];
        assert_eq!(s.timestamps, vec![day(1), day(2), day(3), day(4), day(5)]);
        assert_eq!(s.target[0], 3.0);
        assert!(s.target[1].is_nan() && s.target[3].is_nan());
        assert_eq!(s.exog[0][0], 0.5);
        assert_eq!(r.duplicates_total, 1);
        assert_eq!(r.duplicates[0].lines, vec![2, 3]);
        assert_eq!(r.gaps_total, 2);
        assert_eq!(
            r.gaps[0],
            Gap { series: "s".into(), start: day(2), end: day(2), missing_steps: 1 }
        );
    }

    #[test]
    fn business_day_index_skips_weekends() {
        // 2024-01-05 is a Friday, 2024-01-08 the next Monday.
        assert_eq!(grid_index(Frequency::BusinessDaily, day(5), day(8)), Some(1));
        assert_eq!(grid_index(Frequency::BusinessDaily, day(1), day(12)), Some(9));
        assert_eq!(grid_index(Frequency::BusinessDaily, day(1), day(6)), None);
    }
}
