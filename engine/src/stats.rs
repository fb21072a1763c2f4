//! Small statistics shared across the engine: mean, standard deviation, quantiles, median,
//! MAD, IQR, autocorrelation and a five-number summary.
//!
//! Conventions: functions take plain slices and *skip `NaN`s* (missing values) unless a doc
//! says otherwise; an empty input (after skipping) gives `NaN`, never a panic. Quantiles use
//! linear interpolation between order statistics (type 7, the default of R and NumPy).

/// The finite-or-infinite (non-`NaN`) values of `xs`.
fn present(xs: &[f64]) -> impl Iterator<Item = f64> + '_ {
    xs.iter().copied().filter(|v| !v.is_nan())
}

/// Arithmetic mean, `NaN` when empty.
pub fn mean(xs: &[f64]) -> f64 {
    let (sum, n) = present(xs).fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// Sample standard deviation (denominator n − 1), `NaN` with fewer than two values.
pub fn std(xs: &[f64]) -> f64 {
    let m = mean(xs);
    let (ss, n) = present(xs).fold((0.0, 0usize), |(s, n), v| (s + (v - m) * (v - m), n + 1));
    if n < 2 { f64::NAN } else { (ss / (n - 1) as f64).sqrt() }
}

/// The non-`NaN` values sorted ascending.
pub fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = present(xs).collect();
    // Unstable is enough: values equal under `total_cmp` are bit-identical.
    v.sort_unstable_by(f64::total_cmp);
    v
}

/// Quantile `q` in [0, 1] of already sorted values (type 7), `NaN` when empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() || q.is_nan() {
        return f64::NAN;
    }
    let q = q.clamp(0.0, 1.0);
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Quantile `q` in [0, 1] (type 7).
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    quantile_sorted(&sorted(xs), q)
}

/// Median (by selection: linear time, same value as `quantile(xs, 0.5)`).
pub fn median(xs: &[f64]) -> f64 {
    let mut v: Vec<f64> = present(xs).collect();
    median_in_place(&mut v)
}

/// Median absolute deviation from the median (unscaled).
pub fn mad(xs: &[f64]) -> f64 {
    let m = median(xs);
    let dev: Vec<f64> = present(xs).map(|v| (v - m).abs()).collect();
    median(&dev)
}

/// Interquartile range `Q3 − Q1`.
pub fn iqr(xs: &[f64]) -> f64 {
    let s = sorted(xs);
    quantile_sorted(&s, 0.75) - quantile_sorted(&s, 0.25)
}

/// Sample autocorrelation at lags `0..=max_lag` (biased estimator, as in statsmodels' `acf`).
/// `NaN`s are treated as the mean (contributing zero); a constant series gives `NaN` beyond
/// lag 0.
pub fn acf(xs: &[f64], max_lag: usize) -> Vec<f64> {
    let n = xs.len();
    let m = mean(xs);
    let d: Vec<f64> = xs.iter().map(|&v| if v.is_nan() { 0.0 } else { v - m }).collect();
    let c0: f64 = d.iter().map(|v| v * v).sum();
    (0..=max_lag.min(n.saturating_sub(1)))
        .map(|k| {
            if c0 == 0.0 {
                return if k == 0 { 1.0 } else { f64::NAN };
            }
            d[..n - k].iter().zip(&d[k..]).map(|(a, b)| a * b).sum::<f64>() / c0
        })
        .collect()
}

/// `xs` minus its least-squares line through (index, value); `NaN`s stay `NaN`.
pub fn detrend_linear(xs: &[f64]) -> Vec<f64> {
    let pts: Vec<(f64, f64)> =
        xs.iter().enumerate().filter(|(_, v)| !v.is_nan()).map(|(i, &v)| (i as f64, v)).collect();
    let n = pts.len() as f64;
    if pts.len() < 2 {
        return xs.to_vec();
    }
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    xs.iter().enumerate().map(|(i, &v)| v - (my + slope * (i as f64 - mx))).collect()
}

/// Centred rolling median over `window` points (shrunk at the ends; `NaN`s skipped).
///
/// Exact: the window's values are kept sorted as it slides (one binary-search removal and
/// one insertion per step), so each step costs O(window) moves instead of a fresh selection.
pub fn rolling_median(xs: &[f64], window: usize) -> Vec<f64> {
    let half = window.max(1) / 2;
    let mut win: Vec<f64> = Vec::with_capacity(2 * half + 2);
    // Windows are small: shifting by hand beats a `memmove` call per step.
    let insert = |win: &mut Vec<f64>, v: f64| {
        if !v.is_nan() {
            win.push(v);
            let mut k = win.len() - 1;
            while k > 0 && win[k - 1].total_cmp(&v).is_gt() {
                win[k] = win[k - 1];
                k -= 1;
            }
            win[k] = v;
        }
    };
    for &v in &xs[..half.min(xs.len())] {
        insert(&mut win, v);
    }
    (0..xs.len())
        .map(|i| {
            if let Some(&v) = xs.get(i + half) {
                insert(&mut win, v);
            }
            if let Some(out) = i.checked_sub(half + 1).map(|k| xs[k])
                && !out.is_nan()
            {
                // Equal values under total_cmp are bit-identical: removing any copy is right.
                let at = win.partition_point(|w| w.total_cmp(&out).is_lt());
                for k in at + 1..win.len() {
                    win[k - 1] = win[k];
                }
                win.pop();
            }
            sorted_median(&win)
        })
        .collect()
}

/// For each point, the median of the other points at the same phase of the season nearby:
/// the `2 · reach` nearest, `k · season` steps away — `reach` on each side, more on one side
/// near an end, so that the first and last seasons get as steady a baseline as the others
/// (`NaN`s skipped; `NaN` when there are none). What a point "should" be from its neighbours,
/// without its own value: a weekly or daily pattern then is the baseline, not a departure
/// from it (a shop shut every Sunday has Sundays near zero, which a plain rolling median
/// would call unusual).
pub fn seasonal_median(xs: &[f64], season: usize, reach: usize) -> Vec<f64> {
    let season = season.max(1);
    let wanted = 2 * reach;
    let mut phase: Vec<f64> = Vec::with_capacity(wanted);
    (0..xs.len())
        .map(|i| {
            phase.clear();
            for k in 1..=wanted {
                let before = i.checked_sub(k * season);
                let after = Some(i + k * season).filter(|&j| j < xs.len());
                if before.is_none() && after.is_none() {
                    break;
                }
                for j in before.into_iter().chain(after) {
                    if phase.len() < wanted && !xs[j].is_nan() {
                        phase.push(xs[j]);
                    }
                }
                if phase.len() == wanted {
                    break;
                }
            }
            phase.sort_unstable_by(f64::total_cmp);
            sorted_median(&phase)
        })
        .collect()
}

/// Median of already sorted values (no `NaN`s), `NaN` when empty.
fn sorted_median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Median of `buf` (no `NaN`s) by selection, reordering it; `NaN` when empty.
fn median_in_place(buf: &mut [f64]) -> f64 {
    let n = buf.len();
    if n == 0 {
        return f64::NAN;
    }
    let (lower, mid, _) = buf.select_nth_unstable_by(n / 2, f64::total_cmp);
    let mid = *mid;
    if n % 2 == 1 {
        mid
    } else {
        let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (below + mid) / 2.0
    }
}

/// Sums of squares of a seasonal-phase analysis of variance at `period`: residuals from a
/// centred moving average over one period (2×`period` for an even period, so each phase
/// weighs equally) grouped by `index mod period`. Returns (between-phase SS, within-phase SS,
/// residual count); `None` when fewer than two full periods of residuals exist. `NaN`s are
/// skipped (a window holding one is skipped too).
pub fn seasonal_anova(xs: &[f64], period: usize) -> Option<(f64, f64, usize)> {
    if period < 2 || xs.len() < 3 * period + 1 {
        return None;
    }
    let half = period / 2;
    let even = period.is_multiple_of(2);
    let mut sums = vec![0.0f64; period];
    let mut counts = vec![0usize; period];
    let mut resid: Vec<(usize, f64)> = Vec::with_capacity(xs.len());
    for i in half..xs.len() - half {
        let w = &xs[i - half..=i + half];
        if w.iter().any(|v| v.is_nan()) {
            continue;
        }
        let trend = if even {
            // 2×p moving average: half weight on the two ends.
            (w[1..w.len() - 1].iter().sum::<f64>() + (w[0] + w[w.len() - 1]) / 2.0) / period as f64
        } else {
            w.iter().sum::<f64>() / period as f64
        };
        let r = xs[i] - trend;
        sums[i % period] += r;
        counts[i % period] += 1;
        resid.push((i % period, r));
    }
    if resid.len() < 2 * period || counts.contains(&0) {
        return None;
    }
    let n = resid.len();
    let grand = resid.iter().map(|p| p.1).sum::<f64>() / n as f64;
    let means: Vec<f64> = sums.iter().zip(&counts).map(|(s, &c)| s / c as f64).collect();
    let between: f64 =
        means.iter().zip(&counts).map(|(m, &c)| c as f64 * (m - grand) * (m - grand)).sum();
    let within: f64 = resid.iter().map(|&(k, r)| (r - means[k]) * (r - means[k])).sum();
    Some((between, within, n))
}

/// Upper `1 − alpha` quantile of the F(`df1`, ∞) distribution divided out of a chi-square
/// (Wilson–Hilferty approximation), for `alpha` = 1 %: the bound above which an F statistic
/// with `df1` numerator degrees of freedom and many denominator ones is significant.
pub fn f_bound_1pct(df1: usize) -> f64 {
    const Z_99: f64 = 2.326_347_874;
    let k = df1.max(1) as f64;
    let c = 2.0 / (9.0 * k);
    (1.0 - c + Z_99 * c.sqrt()).powi(3)
}

/// Local maxima of an autocorrelation function above `min_strength`, as (lag, value),
/// strongest first. Lags 0 and 1 are never peaks.
pub fn acf_peaks(acf: &[f64], min_strength: f64) -> Vec<(usize, f64)> {
    let mut peaks: Vec<(usize, f64)> = (2..acf.len().saturating_sub(1))
        .filter(|&k| acf[k] > min_strength && acf[k] >= acf[k - 1] && acf[k] > acf[k + 1])
        .map(|k| (k, acf[k]))
        .collect();
    peaks.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    peaks
}

/// Count, mean, standard deviation and five-number summary of the non-`NaN` values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Non-`NaN` values.
    pub count: usize,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub std: f64,
    /// Minimum.
    pub min: f64,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Maximum.
    pub max: f64,
}

/// The [`Summary`] of `xs` (all fields `NaN` except `count` when empty).
pub fn summary(xs: &[f64]) -> Summary {
    let s = sorted(xs);
    Summary {
        count: s.len(),
        mean: mean(&s),
        std: std(&s),
        min: s.first().copied().unwrap_or(f64::NAN),
        q1: quantile_sorted(&s, 0.25),
        median: quantile_sorted(&s, 0.5),
        q3: quantile_sorted(&s, 0.75),
        max: s.last().copied().unwrap_or(f64::NAN),
    }
}

/// Decimals that show values of magnitude `scale` (say, a series' largest) with at least
/// three significant digits, and never fewer than `at_least`: forecasts of 3.2e-9 are not
/// printed as 0, while noise far below the data's scale still rounds away.
pub fn display_decimals(scale: f64, at_least: usize) -> usize {
    let scale = scale.abs();
    if !scale.is_finite() || scale == 0.0 || scale >= 100.0 {
        return at_least;
    }
    let magnitude = scale.log10().floor() as i64;
    at_least.max((2 - magnitude).clamp(0, 15) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_decimals_keep_three_significant_digits_of_small_scales() {
        assert_eq!(display_decimals(4_504.3, 1), 1);
        assert_eq!(display_decimals(42.0, 1), 1);
        assert_eq!(display_decimals(0.5, 1), 3);
        assert_eq!(display_decimals(3.2e-9, 1), 11);
        assert_eq!(display_decimals(0.0, 1), 1);
        assert_eq!(display_decimals(f64::NAN, 2), 2);
        assert_eq!(format!("{:.*}", display_decimals(3.75e-9, 1), 3.1989e-9), "0.00000000320");
    }

    #[test]
    fn seasonal_median_takes_the_same_phase_nearby() {
        // A weekly pattern whose Sunday is zero, and one spike on a Wednesday.
        let mut xs: Vec<f64> =
            (0..70).map(|i| if i % 7 == 6 { 0.0 } else { 100.0 + (i % 7) as f64 }).collect();
        xs[30] = 900.0; // day 30 is phase 2
        xs[44] = f64::NAN;
        let base = seasonal_median(&xs, 7, 3);
        assert_eq!(base.len(), xs.len());
        assert_eq!(base[6], 0.0, "a Sunday's baseline is the other Sundays");
        assert_eq!(base[30], 102.0, "a spike does not move its own baseline");
        assert_eq!(base[44], 102.0, "a missing point still gets a baseline");
        assert_eq!(base[69], 0.0);
        // Season 1: the median of the two nearest neighbours, one on each side, or the two
        // on the one side there is at an end; never the point itself.
        assert_eq!(
            seasonal_median(&[1.0, 9.0, 2.0, 3.0, 8.0], 1, 1),
            vec![5.5, 1.5, 6.0, 5.0, 2.5]
        );
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn mean_and_std_skip_missing_values() {
        let xs = [2.0, 4.0, f64::NAN, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert!(close(mean(&xs), 5.0));
        assert!(close(std(&xs), (32.0f64 / 7.0).sqrt()));
        assert!(mean(&[]).is_nan());
        assert!(std(&[1.0]).is_nan());
    }

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert!(close(quantile(&xs, 0.25), 1.75));
        assert!(close(median(&xs), 2.5));
        assert!(close(iqr(&xs), 1.5));
        assert!(close(mad(&[1.0, 1.0, 2.0, 2.0, 4.0, 6.0, 9.0]), 1.0));
    }

    #[test]
    fn acf_of_a_period_four_wave_peaks_at_four() {
        let xs: Vec<f64> = (0..200).map(|i| [1.0, 3.0, 2.0, -1.0][i % 4]).collect();
        let r = acf(&xs, 12);
        assert!(close(r[0], 1.0));
        let peaks = acf_peaks(&r, 0.3);
        assert_eq!(peaks.first().map(|p| p.0), Some(4));
        assert!(peaks.iter().all(|p| p.0 % 4 == 0));
    }

    #[test]
    fn rolling_median_of_a_spike_ignores_it() {
        let xs = [1.0, 2.0, 100.0, 4.0, 5.0, 6.0];
        assert_eq!(rolling_median(&xs, 3), vec![1.5, 2.0, 4.0, 5.0, 5.0, 5.5]);
    }

    #[test]
    fn rolling_median_matches_a_fresh_selection_at_every_step() {
        let mut rng = crate::rng::Rng::new(3);
        let xs: Vec<f64> = (0..300)
            .map(|i| if i % 17 == 5 { f64::NAN } else { (rng.next_f64() * 20.0).floor() })
            .collect();
        for window in [1, 2, 3, 7, 8, 25] {
            let half = window / 2;
            let expected: Vec<f64> = (0..xs.len())
                .map(|i| median(&xs[i.saturating_sub(half)..(i + half + 1).min(xs.len())]))
                .collect();
            let got = rolling_median(&xs, window);
            assert_eq!(got.len(), expected.len());
            for (g, e) in got.iter().zip(&expected) {
                assert!(g == e || (g.is_nan() && e.is_nan()), "window {window}: {g} vs {e}");
            }
        }
        assert!(rolling_median(&[f64::NAN, f64::NAN], 3).iter().all(|v| v.is_nan()));
        assert!(rolling_median(&[], 5).is_empty());
    }

    #[test]
    fn seasonal_anova_separates_a_weekly_cycle_from_noise() {
        let mut rng = crate::rng::Rng::new(11);
        let weekly: Vec<f64> = (0..400)
            .map(|i| 0.5 * i as f64 + [0.0, 1.0, 1.0, 1.0, 1.0, 3.0, -2.0][i % 7] + rng.next_f64())
            .collect();
        let f = |xs: &[f64], p: usize| {
            let (b, w, n) = seasonal_anova(xs, p).expect("long enough");
            (b / (p - 1) as f64) / (w / (n - p) as f64)
        };
        assert!(f(&weekly, 7) > 10.0 * f_bound_1pct(6));
        assert!(f(&weekly, 6) < f_bound_1pct(5));
        let noise: Vec<f64> = (0..400).map(|_| rng.next_f64()).collect();
        assert!(f(&noise, 7) < f_bound_1pct(6));
        assert!(seasonal_anova(&noise[..20], 7).is_none());
        // Chi-square(6) 99 % quantile is 16.81: divided by 6 degrees of freedom, 2.80.
        assert!((f_bound_1pct(6) - 16.81 / 6.0).abs() < 0.02);
    }

    #[test]
    fn detrending_removes_a_straight_line() {
        let xs: Vec<f64> = (0..10).map(|i| 3.0 + 2.0 * i as f64).collect();
        assert!(detrend_linear(&xs).iter().all(|v| v.abs() < 1e-9));
    }

    #[test]
    fn summary_of_five_values() {
        let s = summary(&[5.0, 1.0, 3.0, 2.0, 4.0]);
        assert_eq!(s.count, 5);
        assert_eq!((s.min, s.q1, s.median, s.q3, s.max), (1.0, 2.0, 3.0, 4.0, 5.0));
        assert!(close(s.mean, 3.0));
    }
}
