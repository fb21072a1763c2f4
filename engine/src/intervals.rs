//! Conformal prediction intervals per horizon step, calibrated on out-of-sample backtest
//! residuals, and an honest report card of their coverage.
//!
//! **Method (split conformal per step):** for horizon step `h`, the calibration scores are the
//! absolute backtest errors `|y − ŷ|` at step `h` over every (series, window) pair, optionally
//! divided by a local spread (see [`Scaling`]). For level `1 − α` with `n` scores, the interval
//! half-width is the `k`-th smallest score, `k = ⌈(n + 1)(1 − α)⌉`; it is rescaled by the spread
//! at prediction time and put symmetrically around the point forecast. When `k > n` the
//! calibration set is too small for that level: no interval is made for it and a
//! [`IntervalWarning::TooFewResiduals`] says how many scores would be needed. Nothing is
//! extrapolated or invented.
//!
//! **Report card (forward in time):** the windows are taken in time order, and at step `h`
//! window `w` is judged by the interval calibrated on the step-`h` scores already known when
//! `w` starts — those of earlier windows whose step-`h` actual lies before `w`'s origin, of
//! all series, each series' end laid on the others' (folds are laid out back from each
//! series' end) — as the intervals would have been used: no point is ever covered by an
//! interval that saw its own error or a later one. A window is judged once enough such scores
//! exist for the level (`k ≤ n` above: 4 for 80 %, 19 for 95 % with one series), so the first
//! windows calibrate only; when no window can be, a [`IntervalWarning::NotChecked`] says how
//! many earlier scores were at hand. Errors that grow with time show as coverage under the
//! promise, shrinking ones as coverage above it.
//!
//! (Leaving each window out and calibrating on all the others, later ones included, is no
//! check: with one series the held-out score is covered exactly when it is not among the
//! largest, so the card reads `⌈n·level⌉/n` — 80.0 % and 96.7 % on 30 windows — whatever the
//! errors.)
//!
//! **Read small report cards with care:** a step judged on `n` points has a coverage that
//! moves in steps of `1/n`; the card becomes informative with more windows or more series.

use crate::backtest::BacktestResult;

/// How residuals are normalised before calibration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Scaling {
    /// Raw absolute errors: intervals have the same width at every origin.
    None,
    /// Errors divided by the mean absolute one-step change over the last `window` changes of
    /// the history before the origin, and multiplied back by the same spread of the history
    /// before the forecast origin: intervals widen when the series has become more volatile.
    LocalSpread {
        /// Number of most recent one-step changes averaged (≥ 1).
        window: usize,
    },
    /// Errors divided by the mean absolute one-step change of the whole history before the
    /// origin, and multiplied back by that of the history before the forecast origin: several
    /// series of different sizes share one calibration, each with bands in its own units (a
    /// store selling ten times more gets bands about ten times wider).
    SeriesScale,
}

/// Settings of the conformal intervals.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IntervalConfig {
    /// Coverage levels in (0, 1), e.g. 0.8 and 0.95.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub levels: Vec<f64>,
    /// Residual normalisation.
    pub scaling: Scaling,
}

impl Default for IntervalConfig {
    fn default() -> Self {
        IntervalConfig { levels: vec![0.8, 0.95], scaling: Scaling::None }
    }
}

impl IntervalConfig {
    /// Checks the levels and the scaling window.
    pub fn validate(&self) -> Result<(), IntervalError> {
        if self.levels.is_empty() {
            return Err(IntervalError::NoLevels);
        }
        if let Some(level) = self.levels.iter().find(|l| !(**l > 0.0 && **l < 1.0)) {
            return Err(IntervalError::InvalidLevel { level: *level });
        }
        if let Scaling::LocalSpread { window: 0 } = self.scaling {
            return Err(IntervalError::ZeroSpreadWindow);
        }
        Ok(())
    }
}

/// One prediction interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    /// Nominal coverage in (0, 1).
    #[serde(deserialize_with = "crate::json::nan")]
    pub level: f64,
    /// Lower bound.
    #[serde(deserialize_with = "crate::json::nan")]
    pub lower: f64,
    /// Upper bound.
    #[serde(deserialize_with = "crate::json::nan")]
    pub upper: f64,
}

/// Why intervals could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IntervalError {
    /// No coverage level was asked for.
    #[error("no interval level given")]
    NoLevels,
    /// A level is not strictly between 0 and 1.
    #[error("interval level {level} is not strictly between 0 and 1")]
    InvalidLevel {
        /// The level given.
        level: f64,
    },
    /// The local-spread window is 0.
    #[error("the local-spread window must be at least 1")]
    ZeroSpreadWindow,
    /// The backtests have no folds.
    #[error("no backtest residuals to calibrate on")]
    NoResiduals,
    /// More forecast steps than the backtest horizon.
    #[error("{asked} forecast steps but intervals are calibrated for {calibrated}")]
    HorizonTooLong {
        /// Steps asked for.
        asked: usize,
        /// Steps calibrated.
        calibrated: usize,
    },
    /// The history before the forecast origin is too short or too flat to measure its spread.
    #[error("the local spread needs {needed} finite, not all equal, recent values; got {got}")]
    NoSpread {
        /// Values needed.
        needed: usize,
        /// Values available.
        got: usize,
    },
}

/// Something the user should know about the intervals; none of them is fatal.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum IntervalWarning {
    /// Too few calibration scores for a level: no interval at that level and step.
    TooFewResiduals {
        /// 1-based horizon step.
        step: usize,
        /// The level.
        #[serde(deserialize_with = "crate::json::nan")]
        level: f64,
        /// Scores available.
        n: usize,
        /// Smallest number of scores that supports this level.
        needed: usize,
    },
    /// The report card could judge no window at this level and step: none had enough errors
    /// of earlier windows (`n` at most). The bands themselves may be calibrated (several
    /// series on one backtest window give many errors, none earlier than another).
    NotChecked {
        /// 1-based horizon step.
        step: usize,
        /// The level.
        #[serde(deserialize_with = "crate::json::nan")]
        level: f64,
        /// Most earlier errors any window had.
        n: usize,
        /// Smallest number of earlier errors that supports this level.
        needed: usize,
    },
    /// A fold's history had no measurable spread; its residuals were not used.
    FoldWithoutSpread {
        /// Index of the series.
        series: usize,
        /// Index of the fold.
        fold: usize,
    },
    /// No backtest fold had a measurable spread (every history was flat, e.g. all zeros), so
    /// nothing could be calibrated: the forecasts have no intervals.
    NoCalibration,
    /// The history of a series before the forecast origin has no measurable spread (it is
    /// flat), so its intervals cannot be scaled to it: that series has no intervals.
    SeriesWithoutSpread {
        /// Index of the series.
        series: usize,
    },
}

/// The `k = ⌈(n + 1)·level⌉`-th smallest score, or `Err(needed)` with the smallest `n` for
/// which `k ≤ n`. A 1e-9 slack keeps `(n + 1)·level` that is an integer in exact arithmetic
/// (e.g. 5 × 0.8) from rounding up to the next one. A level outside (0, 1) can never be
/// reached: `Err(usize::MAX)`.
pub fn conformal_quantile(scores: &[f64], level: f64) -> Result<f64, usize> {
    let k = conformal_rank(scores.len(), level)?;
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    Ok(sorted[k - 1])
}

/// The rank `k` of [`conformal_quantile`] among `n` scores (1-based), or `Err(needed)`.
fn conformal_rank(n: usize, level: f64) -> Result<usize, usize> {
    if !(level > 0.0 && level < 1.0) {
        return Err(usize::MAX);
    }
    let rank = |n: usize| ((n as f64 + 1.0) * level - 1e-9).ceil().max(1.0) as usize;
    let k = rank(n);
    if k > n {
        // k ≤ m ⇔ m ≥ level / (1 − level): start just below that bound, search a few values.
        let bound = (level / (1.0 - level)).floor() as usize;
        let start = (n + 1).max(bound.saturating_sub(2));
        let needed = (start..start.saturating_add(8)).find(|m| rank(*m) <= *m);
        return Err(needed.unwrap_or(usize::MAX));
    }
    Ok(k)
}

/// The spread of `history` under `scaling` (1 for [`Scaling::None`]).
fn spread(history: &[f64], scaling: Scaling) -> Result<f64, IntervalError> {
    if scaling == Scaling::SeriesScale {
        let (sum, n) = history
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .filter(|d| d.is_finite())
            .fold((0.0, 0usize), |(s, n), d| (s + d, n + 1));
        let value = sum / n as f64;
        return if n > 0 && value.is_finite() && value > 0.0 {
            Ok(value)
        } else {
            Err(IntervalError::NoSpread { needed: 2, got: history.len() })
        };
    }
    let Scaling::LocalSpread { window } = scaling else { return Ok(1.0) };
    let needed = window + 1;
    if history.len() < needed {
        return Err(IntervalError::NoSpread { needed, got: history.len() });
    }
    let recent = &history[history.len() - needed..];
    let value = recent.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / window as f64;
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(IntervalError::NoSpread { needed, got: history.len() })
    }
}

/// One calibration score.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score {
    /// The fold (window) index it came from.
    fold: usize,
    /// The fold's origin: index of its first forecast row, on the rows of the longest series
    /// (each series' end laid on its end). The score of step `h` is known from row
    /// `origin + h` on.
    origin: usize,
    /// `|error| / spread`.
    value: f64,
    /// The spread it was divided by.
    spread: f64,
    /// Point forecast and actual, for the report card.
    forecast: f64,
    actual: f64,
}

/// Calibration scores of every step, from backtests of one or several series.
#[derive(Debug, Clone, PartialEq)]
pub struct ConformalCalibration {
    config: IntervalConfig,
    /// `per_step[h − 1]`: the scores of horizon step `h`.
    per_step: Vec<Vec<Score>>,
    /// Folds that could not be used.
    warnings: Vec<IntervalWarning>,
}

/// Intervals of a forecast, step by step.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastIntervals {
    /// `per_step[h − 1]`: one interval per level that the calibration supports.
    pub per_step: Vec<Vec<Interval>>,
    /// Levels and steps left without an interval, and why.
    pub warnings: Vec<IntervalWarning>,
}

/// Empirical coverage of one level at one horizon step.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepCoverage {
    /// 1-based horizon step.
    pub step: usize,
    /// The level (same as `nominal`; kept for the reader of a flat table).
    #[serde(deserialize_with = "crate::json::nan")]
    pub level: f64,
    /// Nominal coverage.
    #[serde(deserialize_with = "crate::json::nan")]
    pub nominal: f64,
    /// Observed coverage (0..1) over the evaluated points; `None` if none could be evaluated.
    pub observed: Option<f64>,
    /// Mean interval width over the evaluated points.
    pub mean_width: Option<f64>,
    /// Points evaluated.
    pub n: usize,
}

/// The interval report card: observed next to nominal coverage, per step and level.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageReport {
    /// Step-major, then levels in configuration order.
    pub per_step: Vec<StepCoverage>,
    /// Points that could not be evaluated, and why (deduplicated per step and level).
    pub warnings: Vec<IntervalWarning>,
}

impl ConformalCalibration {
    /// Collects the scores of every fold of every series; `backtests[i] = (values, result)`
    /// with `values` the series the backtest ran on.
    pub fn from_backtests(
        backtests: &[(&[f64], &BacktestResult)],
        config: &IntervalConfig,
    ) -> Result<ConformalCalibration, IntervalError> {
        config.validate()?;
        let horizon = backtests
            .iter()
            .flat_map(|(_, r)| r.folds.iter().map(|f| f.forecast.len()))
            .max()
            .ok_or(IntervalError::NoResiduals)?;
        let mut per_step = vec![Vec::new(); horizon];
        let mut warnings = Vec::new();
        // Every series' folds are laid out back from its own end, so fold `w` of a store
        // opened later starts fewer rows into that store: origins are counted on the longest
        // series' rows, each series' end laid on its end, for the card to tell which windows
        // came before which.
        let longest = backtests.iter().map(|(values, _)| values.len()).max().unwrap_or(0);
        for (series, (values, result)) in backtests.iter().enumerate() {
            let shift = longest - values.len();
            for f in &result.folds {
                let history = values.get(f.fold.train.clone()).unwrap_or(&[]);
                let Ok(spread) = spread(history, config.scaling) else {
                    warnings
                        .push(IntervalWarning::FoldWithoutSpread { series, fold: f.fold.index });
                    continue;
                };
                for (h, (forecast, actual)) in f.forecast.iter().zip(&f.actual).enumerate() {
                    per_step[h].push(Score {
                        fold: f.fold.index,
                        origin: f.fold.test.start + shift,
                        value: (actual - forecast).abs() / spread,
                        spread,
                        forecast: *forecast,
                        actual: *actual,
                    });
                }
            }
        }
        if per_step.iter().all(Vec::is_empty) {
            return Err(IntervalError::NoResiduals);
        }
        Ok(ConformalCalibration { config: config.clone(), per_step, warnings })
    }

    /// Folds that were left out of the calibration.
    pub fn warnings(&self) -> &[IntervalWarning] {
        &self.warnings
    }

    /// Intervals around `point` (steps `1..=point.len()` after the origin); `history` is the
    /// series up to the origin, read only for [`Scaling::LocalSpread`].
    pub fn intervals(
        &self,
        point: &[f64],
        history: &[f64],
    ) -> Result<ForecastIntervals, IntervalError> {
        if point.len() > self.per_step.len() {
            return Err(IntervalError::HorizonTooLong {
                asked: point.len(),
                calibrated: self.per_step.len(),
            });
        }
        let spread = spread(history, self.config.scaling)?;
        let mut warnings = Vec::new();
        let per_step = point
            .iter()
            .zip(&self.per_step)
            .enumerate()
            .map(|(i, (p, scores))| {
                let values: Vec<f64> = scores.iter().map(|s| s.value).collect();
                self.config
                    .levels
                    .iter()
                    .filter_map(|&level| match conformal_quantile(&values, level) {
                        Ok(q) => {
                            Some(Interval { level, lower: p - q * spread, upper: p + q * spread })
                        }
                        Err(needed) => {
                            warnings.push(IntervalWarning::TooFewResiduals {
                                step: i + 1,
                                level,
                                n: values.len(),
                                needed,
                            });
                            None
                        }
                    })
                    .collect()
            })
            .collect();
        Ok(ForecastIntervals { per_step, warnings })
    }

    /// The report card, judged forward in time (see the module doc).
    pub fn coverage_report(&self) -> CoverageReport {
        let mut per_step = Vec::new();
        let mut warnings = Vec::new();
        for (i, scores) in self.per_step.iter().enumerate() {
            // Windows in time order (fold indices count forward from the oldest origin), each
            // with its earliest and latest origin, its scores sorted, and its points; gathered
            // once for every level.
            let mut folds: Vec<usize> = scores.iter().map(|s| s.fold).collect();
            folds.sort_unstable();
            folds.dedup();
            let windows: Vec<(usize, usize, Vec<f64>, Vec<&Score>)> = folds
                .iter()
                .map(|&fold| {
                    let points: Vec<&Score> = scores.iter().filter(|s| s.fold == fold).collect();
                    let first = points.iter().map(|s| s.origin).min().unwrap_or(0);
                    let last = points.iter().map(|s| s.origin).max().unwrap_or(0);
                    let mut values: Vec<f64> = points.iter().map(|s| s.value).collect();
                    values.sort_by(f64::total_cmp);
                    (first, last, values, points)
                })
                .collect();
            // A window's step-h errors are known h rows after its origin: with origins one
            // row apart, the 6 windows before one are still open at step 7 when it starts.
            let step = i + 1;
            for &level in &self.config.levels {
                let (mut covered, mut width_sum, mut n) = (0usize, 0.0, 0usize);
                // The scores known before the current window starts, kept sorted: a window's
                // scores are merged in once its last step-h actual lies before the origin.
                let mut earlier: Vec<f64> = Vec::with_capacity(scores.len());
                let mut known = 0;
                let mut short: Option<IntervalWarning> = None;
                let mut most_earlier = 0;
                for (w, (start, _, _, points)) in windows.iter().enumerate() {
                    while known < w && windows[known].1 + step <= *start {
                        earlier = merge_sorted(&earlier, &windows[known].2);
                        known += 1;
                    }
                    match conformal_rank(earlier.len(), level) {
                        Ok(k) => {
                            let q = earlier[k - 1];
                            for point in points {
                                let half_width = q * point.spread;
                                n += 1;
                                width_sum += 2.0 * half_width;
                                if (point.actual - point.forecast).abs() <= half_width {
                                    covered += 1;
                                }
                            }
                        }
                        Err(needed) => {
                            most_earlier = most_earlier.max(earlier.len());
                            short = Some(IntervalWarning::NotChecked {
                                step: i + 1,
                                level,
                                n: most_earlier,
                                needed,
                            });
                        }
                    }
                }
                // Said only when no window at all could be judged at this level.
                if n == 0 {
                    warnings.extend(short);
                }
                let ratio = |v: f64| if n == 0 { None } else { Some(v / n as f64) };
                per_step.push(StepCoverage {
                    step: i + 1,
                    level,
                    nominal: level,
                    observed: ratio(covered as f64),
                    mean_width: ratio(width_sum),
                    n,
                });
            }
        }
        CoverageReport { per_step, warnings }
    }
}

/// The union of two sorted slices, sorted.
fn merge_sorted(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].total_cmp(&b[j]).is_le() {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backtest::{Fold, FoldResult};

    /// A one-step backtest whose fold `w` has error `errors[w]` (forecast 0).
    fn backtest(errors: &[f64]) -> BacktestResult {
        let folds = errors
            .iter()
            .enumerate()
            .map(|(w, e)| FoldResult {
                fold: Fold { index: w, train: 0..w + 3, test: w + 3..w + 4, refit: true },
                forecast: vec![0.0],
                actual: vec![*e],
                errors: vec![*e],
            })
            .collect();
        BacktestResult { folds }
    }

    fn calibrate(
        values: &[f64],
        result: &BacktestResult,
        config: &IntervalConfig,
    ) -> ConformalCalibration {
        match ConformalCalibration::from_backtests(&[(values, result)], config) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn conformal_quantile_takes_the_ceil_n_plus_one_rank() {
        let scores = [5.0, 1.0, 4.0, 2.0, 3.0];
        // n = 5: level 0.5 → k = ⌈3⌉ = 3 → 3; level 0.8 → k = ⌈4.8⌉ = 5 → 5.
        assert_eq!(conformal_quantile(&scores, 0.5), Ok(3.0));
        assert_eq!(conformal_quantile(&scores, 0.8), Ok(5.0));
        // n = 4, level 0.8: k = ⌈4.0⌉ = 4 exactly, not 5.
        assert_eq!(conformal_quantile(&[1.0, 2.0, 3.0, 4.0], 0.8), Ok(4.0));
    }

    #[test]
    fn too_few_scores_for_a_level_say_how_many_are_needed() {
        // level 0.95 needs ⌈(n + 1)·0.95⌉ ≤ n, first true at n = 19.
        assert_eq!(conformal_quantile(&[1.0; 5], 0.95), Err(19));
        assert_eq!(conformal_quantile(&[1.0; 3], 0.8), Err(4));
        assert_eq!(conformal_quantile(&[], 0.5), Err(1));
        assert_eq!(conformal_quantile(&[1.0; 3], 0.99), Err(99));
        assert_eq!(conformal_quantile(&[1.0; 3], 1.0), Err(usize::MAX));
        assert_eq!(conformal_quantile(&[1.0; 3], f64::NAN), Err(usize::MAX));
    }

    #[test]
    fn intervals_are_symmetric_and_only_for_supported_levels() {
        let result = backtest(&[1.0, -2.0, 3.0, -4.0, 5.0]);
        let values = [0.0; 10];
        let config = IntervalConfig { levels: vec![0.5, 0.95], scaling: Scaling::None };
        let Ok(out) = calibrate(&values, &result, &config).intervals(&[100.0], &values) else {
            panic!("intervals failed")
        };
        assert_eq!(out.per_step, vec![vec![Interval { level: 0.5, lower: 97.0, upper: 103.0 }]]);
        assert_eq!(
            out.warnings,
            vec![IntervalWarning::TooFewResiduals { step: 1, level: 0.95, n: 5, needed: 19 }]
        );
        assert_eq!(
            calibrate(&values, &result, &config).intervals(&[1.0, 2.0], &values),
            Err(IntervalError::HorizonTooLong { asked: 2, calibrated: 1 })
        );
    }

    #[test]
    fn coverage_report_judges_each_window_by_the_windows_before_it() {
        // |errors| 1..5 in time order: each window's error is larger than every earlier one.
        // Level 0.5, k = ⌈(n + 1)/2⌉: w0 has nothing before it; w1: {1} → 1 misses 2;
        // w2: {1,2} → 2 misses 3; w3: {1,2,3} → 2 misses 4; w4: {1,2,3,4} → 3 misses 5.
        // Coverage 0/4 — the growing errors show — and mean width 2·(1+2+2+3)/4 = 4.
        let result = backtest(&[1.0, -2.0, 3.0, -4.0, 5.0]);
        let values = [0.0; 10];
        let config = IntervalConfig { levels: vec![0.5, 0.8], scaling: Scaling::None };
        let report = calibrate(&values, &result, &config).coverage_report();
        let half = report.per_step[0];
        assert_eq!((half.step, half.nominal, half.n), (1, 0.5, 4));
        assert_eq!(half.observed, Some(0.0));
        assert!(half.mean_width.is_some_and(|w| (w - 4.0).abs() < 1e-12));
        // Level 0.8 needs 4 earlier scores: only w4 ({1,2,3,4} → 4) is judged, and missed.
        let high = report.per_step[1];
        assert_eq!((high.level, high.observed, high.n), (0.8, Some(0.0), 1));
        assert!(report.warnings.is_empty());
        // Shrinking errors are covered every time.
        let shrinking = backtest(&[5.0, -4.0, 3.0, -2.0, 1.0]);
        let report = calibrate(&values, &shrinking, &config).coverage_report();
        assert_eq!(report.per_step[0].observed, Some(1.0));
    }

    #[test]
    fn series_that_start_later_are_judged_on_the_same_windows_as_the_others() {
        // Two series with the same folds back from their ends; the second's history starts
        // 100 rows earlier, so its row indices are 100 larger. The card must be that of two
        // series of equal length, not empty (fold w of one read as far after fold w of the
        // other, so no window was ever known before another).
        let errors = [1.0, -2.0, 3.0, -4.0, 5.0, -1.5, 2.5, -3.5];
        let short = backtest(&errors);
        let mut long = backtest(&errors);
        for f in &mut long.folds {
            f.fold.train = 0..f.fold.train.end + 100;
            f.fold.test = f.fold.test.start + 100..f.fold.test.end + 100;
        }
        let config = IntervalConfig { levels: vec![0.5, 0.8], scaling: Scaling::None };
        let aligned = ConformalCalibration::from_backtests(
            &[(&[0.0; 12], &short), (&[0.0; 12], &short)],
            &config,
        )
        .map(|c| c.coverage_report());
        let ragged = ConformalCalibration::from_backtests(
            &[(&[0.0; 12], &short), (&[0.0; 112], &long)],
            &config,
        )
        .map(|c| c.coverage_report());
        assert_eq!(ragged, aligned);
        let Ok(card) = ragged else { panic!("calibrated") };
        assert!(card.per_step.iter().all(|c| c.n > 0), "{card:?}");
        assert!(card.warnings.is_empty());
    }

    #[test]
    fn a_single_series_card_depends_on_the_errors_not_only_on_their_count() {
        // The same 30 errors in two orders: leaving one window out and calibrating on all the
        // others would read 24/30 = 80 % at level 0.8 for both; judged forward, errors that
        // drift upwards are covered less often than the same errors in a random order.
        let mut rng = crate::rng::Rng::new(11);
        let mut errors: Vec<f64> = (0..30).map(|_| rng.next_f64() * 10.0).collect();
        let values = [0.0; 40];
        let config = IntervalConfig { levels: vec![0.8], scaling: Scaling::None };
        let shuffled = calibrate(&values, &backtest(&errors), &config).coverage_report();
        errors.sort_by(f64::total_cmp);
        let rising = calibrate(&values, &backtest(&errors), &config).coverage_report();
        let (a, b) = (shuffled.per_step[0], rising.per_step[0]);
        assert_eq!((a.n, b.n), (26, 26), "windows 4 to 29 are judged");
        assert_eq!(b.observed, Some(0.0), "a rising error is never inside the band before it");
        assert!(a.observed.is_some_and(|o| o > 0.5), "{a:?}");
    }

    #[test]
    fn a_window_is_judged_only_by_errors_already_known_when_it_starts() {
        // Origins one row apart, two steps: the step-2 error of window w is known only at
        // row origin + 2, after window w + 1 has started. Errors: step 1 all 1, step 2 rising.
        let folds = (0..8)
            .map(|w| FoldResult {
                fold: Fold { index: w, train: 0..w + 3, test: w + 3..w + 5, refit: true },
                forecast: vec![0.0, 0.0],
                actual: vec![1.0, w as f64],
                errors: vec![1.0, w as f64],
            })
            .collect();
        let values = [0.0; 20];
        let config = IntervalConfig { levels: vec![0.5], scaling: Scaling::None };
        let report = calibrate(&values, &BacktestResult { folds }, &config).coverage_report();
        // Step 1: windows 1..7 judged (each by the windows before it).
        assert_eq!(report.per_step[0].n, 7);
        // Step 2: window w sees windows up to w − 2 only: windows 2..7 are judged.
        let two = report.per_step[1];
        assert_eq!(two.n, 6);
        // Rising errors, each above the median of those known: never covered.
        assert_eq!(two.observed, Some(0.0));
    }

    #[test]
    fn coverage_report_equals_one_quantile_per_point_of_the_earlier_folds_scores() {
        // The report merges each fold's scores in once; the definition sorts the earlier
        // folds' scores for every point. Many series per fold, ties, unequal folds, levels
        // short of scores.
        let mut rng = crate::rng::Rng::new(7);
        let per_step: Vec<Vec<Score>> = (0..3)
            .map(|_| {
                (0..170)
                    .map(|i| {
                        let value = (rng.next_f64() * 20.0).floor() / 4.0;
                        let spread = 0.5 + rng.next_f64();
                        let forecast = rng.next_f64() * 10.0;
                        let actual = forecast + (rng.next_f64() - 0.5) * 8.0;
                        let fold = (i * i) % 11;
                        Score { fold, origin: 2 * fold, value, spread, forecast, actual }
                    })
                    .collect()
            })
            .collect();
        let levels = vec![0.5, 0.8, 0.95, 0.995];
        let config = IntervalConfig { levels: levels.clone(), scaling: Scaling::None };
        let calibration =
            ConformalCalibration { config, per_step: per_step.clone(), warnings: Vec::new() };
        let report = calibration.coverage_report();
        let mut row = 0;
        for (h, scores) in per_step.iter().enumerate() {
            for &level in &levels {
                let (mut covered, mut width, mut n) = (0usize, 0.0, 0usize);
                for point in scores {
                    // Known when the point's window starts: step h + 1 of an earlier origin.
                    let earlier: Vec<f64> = scores
                        .iter()
                        .filter(|s| s.origin + h < point.origin)
                        .map(|s| s.value)
                        .collect();
                    if let Ok(q) = conformal_quantile(&earlier, level) {
                        n += 1;
                        width += 2.0 * q * point.spread;
                        covered +=
                            usize::from((point.actual - point.forecast).abs() <= q * point.spread);
                    }
                }
                let got = report.per_step[row];
                assert_eq!(got.n, n, "level {level}");
                assert_eq!(got.observed, (n > 0).then(|| covered as f64 / n as f64));
                let mean = (n > 0).then(|| width / n as f64);
                assert!(
                    match (got.mean_width, mean) {
                        (Some(a), Some(b)) => (a - b).abs() < 1e-9 * b.abs().max(1.0),
                        (a, b) => a == b,
                    },
                    "{got:?} {mean:?}"
                );
                row += 1;
            }
        }
        assert_eq!(report.warnings.len(), 3, "0.995 needs 199 scores: one warning per step");
    }

    #[test]
    fn coverage_report_says_when_no_point_can_be_evaluated() {
        let result = backtest(&[1.0, 2.0, 3.0]);
        let values = [0.0; 10];
        let config = IntervalConfig { levels: vec![0.95], scaling: Scaling::None };
        let report = calibrate(&values, &result, &config).coverage_report();
        assert_eq!(report.per_step[0].observed, None);
        assert_eq!(report.per_step[0].n, 0);
        assert_eq!(
            report.warnings,
            vec![IntervalWarning::NotChecked { step: 1, level: 0.95, n: 2, needed: 19 }]
        );
    }

    #[test]
    fn local_spread_rescales_residuals_at_prediction_time() {
        // Every fold trains on values[0..w+3]; with window 1 the spread is the last one-step
        // change, 2 for this evenly rising series, so errors 2..10 give scores 1..5.
        let values: Vec<f64> = (0..10).map(|i| 2.0 * f64::from(i)).collect();
        let result = backtest(&[2.0, 4.0, 6.0, 8.0, 10.0]);
        let config =
            IntervalConfig { levels: vec![0.5], scaling: Scaling::LocalSpread { window: 1 } };
        let calibration = calibrate(&values, &result, &config);
        // Scores 1..5, q(0.5) = 3; a history whose last change is 10 gives half-width 30.
        let Ok(out) = calibration.intervals(&[0.0], &[0.0, 10.0]) else { panic!("failed") };
        assert_eq!(out.per_step[0], vec![Interval { level: 0.5, lower: -30.0, upper: 30.0 }]);
        assert_eq!(
            calibration.intervals(&[0.0], &[5.0, 5.0]),
            Err(IntervalError::NoSpread { needed: 2, got: 2 })
        );
    }

    #[test]
    fn invalid_levels_are_refused() {
        let result = backtest(&[1.0]);
        for levels in [vec![1.0], vec![0.0], vec![f64::NAN]] {
            let config = IntervalConfig { levels, scaling: Scaling::None };
            assert!(matches!(
                ConformalCalibration::from_backtests(&[(&[0.0; 4], &result)], &config),
                Err(IntervalError::InvalidLevel { .. })
            ));
        }
        let empty = BacktestResult { folds: vec![] };
        assert_eq!(
            ConformalCalibration::from_backtests(
                &[(&[0.0; 4], &empty)],
                &IntervalConfig::default()
            ),
            Err(IntervalError::NoResiduals)
        );
    }
}
