//! Point-forecast and interval metrics, with the exact definitions of the reference backtest
//! (statsforecast / utilsforecast, see `engine/tests/golden/README.md`).
//!
//! Conventions, used everywhere in the engine:
//! - **error** `e_t = actual_t − forecast_t`; **bias** is the mean error, so a positive bias
//!   means the forecasts were too *low* on average.
//! - MAPE, sMAPE and WAPE are in percent. sMAPE is `200 · mean(|e| / (|y| + |ŷ|))`, bounded
//!   0..200, with `0/0 := 0`.
//! - MASE divides the MAE by `mean |y_t − y_{t−m}|` over the *training* part (the history up
//!   to the forecast origin), `m` the seasonal period.
//!
//! A metric that is mathematically undefined for the data (MAPE with a zero actual, MASE with a
//! flat training history, WAPE with all-zero actuals) returns an [`MetricError`] whose
//! [`MetricError::is_undefined`] is true, so a report can say *why* it shows no number; this is
//! distinct from caller mistakes (length mismatch, empty or non-finite input).

/// Why a metric could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum MetricError {
    /// Actuals and forecasts have different lengths.
    #[error("{actual} actuals but {forecast} forecasts")]
    LengthMismatch {
        /// Number of actual values.
        actual: usize,
        /// Number of forecast values.
        forecast: usize,
    },
    /// There is nothing to score.
    #[error("no values to score")]
    Empty,
    /// An input value is NaN or infinite.
    #[error("value at index {index} is not a finite number")]
    NonFinite {
        /// Position of the first non-finite value.
        index: usize,
    },
    /// MAPE is undefined: an actual value is zero.
    #[error("MAPE is undefined: the actual value at index {index} is zero")]
    ZeroActual {
        /// Position of the first zero actual.
        index: usize,
    },
    /// WAPE is undefined: every actual value is zero.
    #[error("WAPE is undefined: all actual values are zero")]
    ZeroTotalActual,
    /// MASE is undefined: the training history never changes over one season.
    #[error("MASE is undefined: the seasonal naive error of the training history is zero")]
    ZeroScale,
    /// MASE needs a training history longer than one season.
    #[error("MASE needs more than {season} training values, got {got}")]
    ShortTraining {
        /// The seasonal period `m`.
        season: usize,
        /// Training values available.
        got: usize,
    },
    /// MASE needs a seasonal period of at least 1.
    #[error("the seasonal period must be at least 1")]
    ZeroSeason,
}

impl MetricError {
    /// True when the metric is undefined for these data (a fact to report), false when the
    /// inputs were malformed.
    pub fn is_undefined(&self) -> bool {
        matches!(
            self,
            MetricError::ZeroActual { .. }
                | MetricError::ZeroTotalActual
                | MetricError::ZeroScale
                | MetricError::ShortTraining { .. }
        )
    }
}

/// Checks lengths, emptiness and finiteness of a pair of series.
fn check_pair(actual: &[f64], forecast: &[f64]) -> Result<(), MetricError> {
    if actual.len() != forecast.len() {
        return Err(MetricError::LengthMismatch { actual: actual.len(), forecast: forecast.len() });
    }
    if actual.is_empty() {
        return Err(MetricError::Empty);
    }
    check_finite(actual)?;
    check_finite(forecast)
}

fn check_finite(values: &[f64]) -> Result<(), MetricError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(MetricError::NonFinite { index }),
        None => Ok(()),
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    sum / n as f64
}

/// Mean absolute error.
pub fn mae(actual: &[f64], forecast: &[f64]) -> Result<f64, MetricError> {
    check_pair(actual, forecast)?;
    Ok(mean(actual.iter().zip(forecast).map(|(y, f)| (y - f).abs())))
}

/// Root mean squared error.
pub fn rmse(actual: &[f64], forecast: &[f64]) -> Result<f64, MetricError> {
    check_pair(actual, forecast)?;
    Ok(mean(actual.iter().zip(forecast).map(|(y, f)| (y - f) * (y - f))).sqrt())
}

/// Mean absolute percentage error, in percent; undefined if an actual is zero.
pub fn mape(actual: &[f64], forecast: &[f64]) -> Result<f64, MetricError> {
    check_pair(actual, forecast)?;
    if let Some(index) = actual.iter().position(|y| *y == 0.0) {
        return Err(MetricError::ZeroActual { index });
    }
    Ok(100.0 * mean(actual.iter().zip(forecast).map(|(y, f)| ((y - f) / y).abs())))
}

/// Symmetric MAPE, in percent (0..200): `200 · mean(|y − ŷ| / (|y| + |ŷ|))`, `0/0 := 0`.
pub fn smape(actual: &[f64], forecast: &[f64]) -> Result<f64, MetricError> {
    check_pair(actual, forecast)?;
    Ok(200.0
        * mean(actual.iter().zip(forecast).map(|(y, f)| {
            let denominator = y.abs() + f.abs();
            if denominator == 0.0 { 0.0 } else { (y - f).abs() / denominator }
        })))
}

/// The MASE scale: `mean |y_t − y_{t−season}|` over `training`.
pub fn seasonal_naive_scale(training: &[f64], season: usize) -> Result<f64, MetricError> {
    if season == 0 {
        return Err(MetricError::ZeroSeason);
    }
    if training.len() <= season {
        return Err(MetricError::ShortTraining { season, got: training.len() });
    }
    check_finite(training)?;
    let scale = mean(training.windows(season + 1).map(|w| (w[season] - w[0]).abs()));
    if scale == 0.0 { Err(MetricError::ZeroScale) } else { Ok(scale) }
}

/// Mean absolute scaled error: MAE over the training part's seasonal naive MAE.
pub fn mase(
    actual: &[f64],
    forecast: &[f64],
    training: &[f64],
    season: usize,
) -> Result<f64, MetricError> {
    let error = mae(actual, forecast)?;
    Ok(error / seasonal_naive_scale(training, season)?)
}

/// Weighted absolute percentage error, in percent: `100 · Σ|e| / Σ|y|`.
pub fn wape(actual: &[f64], forecast: &[f64]) -> Result<f64, MetricError> {
    check_pair(actual, forecast)?;
    let total: f64 = actual.iter().map(|y| y.abs()).sum();
    if total == 0.0 {
        return Err(MetricError::ZeroTotalActual);
    }
    let abs_error: f64 = actual.iter().zip(forecast).map(|(y, f)| (y - f).abs()).sum();
    Ok(100.0 * abs_error / total)
}

/// Mean error `mean(y − ŷ)`: positive when forecasts are too low.
pub fn bias(actual: &[f64], forecast: &[f64]) -> Result<f64, MetricError> {
    check_pair(actual, forecast)?;
    Ok(mean(actual.iter().zip(forecast).map(|(y, f)| y - f)))
}

/// Fraction (0..1) of actuals inside `[lower, upper]`, bounds included.
pub fn coverage(actual: &[f64], lower: &[f64], upper: &[f64]) -> Result<f64, MetricError> {
    check_pair(actual, lower)?;
    check_pair(actual, upper)?;
    Ok(mean(
        actual
            .iter()
            .zip(lower.iter().zip(upper))
            .map(|(y, (lo, hi))| if lo <= y && y <= hi { 1.0 } else { 0.0 }),
    ))
}

/// Mean of `upper − lower`.
pub fn mean_width(lower: &[f64], upper: &[f64]) -> Result<f64, MetricError> {
    check_pair(lower, upper)?;
    Ok(mean(lower.iter().zip(upper).map(|(lo, hi)| hi - lo)))
}

/// A metric the engine reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MetricName {
    /// Mean absolute error.
    Mae,
    /// Root mean squared error.
    Rmse,
    /// Mean absolute percentage error.
    Mape,
    /// Symmetric MAPE.
    Smape,
    /// Mean absolute scaled error.
    Mase,
    /// Weighted absolute percentage error.
    Wape,
    /// Mean error.
    Bias,
}

/// Every point metric of one forecast (one series × one window, or any aggregate of them).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PointMetrics {
    /// Mean absolute error.
    #[serde(deserialize_with = "crate::json::nan")]
    pub mae: f64,
    /// Root mean squared error.
    #[serde(deserialize_with = "crate::json::nan")]
    pub rmse: f64,
    /// MAPE in percent; `None` when undefined (reason in `undefined`).
    pub mape: Option<f64>,
    /// sMAPE in percent.
    #[serde(deserialize_with = "crate::json::nan")]
    pub smape: f64,
    /// MASE; `None` when undefined (reason in `undefined`).
    pub mase: Option<f64>,
    /// WAPE in percent; `None` when undefined (reason in `undefined`).
    pub wape: Option<f64>,
    /// Mean error `y − ŷ`.
    #[serde(deserialize_with = "crate::json::nan")]
    pub bias: f64,
    /// Why each missing metric is missing.
    pub undefined: Vec<(MetricName, MetricError)>,
}

impl PointMetrics {
    /// All metrics of `forecast` against `actual`; `training` is the history up to the
    /// origin (for MASE) and `season` its seasonal period.
    pub fn compute(
        actual: &[f64],
        forecast: &[f64],
        training: &[f64],
        season: usize,
    ) -> Result<PointMetrics, MetricError> {
        let mut undefined = Vec::new();
        let mut optional = |name: MetricName, result: Result<f64, MetricError>| match result {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_undefined() => {
                undefined.push((name, e));
                Ok(None)
            }
            Err(e) => Err(e),
        };
        let mape = optional(MetricName::Mape, mape(actual, forecast))?;
        let mase = optional(MetricName::Mase, mase(actual, forecast, training, season))?;
        let wape = optional(MetricName::Wape, wape(actual, forecast))?;
        Ok(PointMetrics {
            mae: mae(actual, forecast)?,
            rmse: rmse(actual, forecast)?,
            mape,
            smape: smape(actual, forecast)?,
            mase,
            wape,
            bias: bias(actual, forecast)?,
            undefined,
        })
    }

    /// Unweighted mean of each metric over `items` (the reference averages per-window
    /// metrics over series × windows). An optional metric is `None` if it is undefined for any
    /// item (the first reason is kept), so an average never silently drops a window.
    pub fn mean_of(items: &[PointMetrics]) -> Option<PointMetrics> {
        if items.is_empty() {
            return None;
        }
        let avg = |f: &dyn Fn(&PointMetrics) -> f64| mean(items.iter().map(f));
        let avg_opt = |f: &dyn Fn(&PointMetrics) -> Option<f64>| {
            let values: Option<Vec<f64>> = items.iter().map(f).collect();
            values.map(|v| mean(v.into_iter()))
        };
        let mut undefined: Vec<(MetricName, MetricError)> = Vec::new();
        for (name, reason) in items.iter().flat_map(|m| m.undefined.iter()) {
            if !undefined.iter().any(|(n, _)| n == name) {
                undefined.push((*name, *reason));
            }
        }
        Some(PointMetrics {
            mae: avg(&|m| m.mae),
            rmse: avg(&|m| m.rmse),
            mape: avg_opt(&|m| m.mape),
            smape: avg(&|m| m.smape),
            mase: avg_opt(&|m| m.mase),
            wape: avg_opt(&|m| m.wape),
            bias: avg(&|m| m.bias),
            undefined,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: [f64; 4] = [10.0, 20.0, 30.0, 40.0];
    const F: [f64; 4] = [12.0, 18.0, 33.0, 40.0];

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} != {b}");
    }

    fn ok(r: Result<f64, MetricError>) -> f64 {
        match r {
            Ok(v) => v,
            Err(e) => panic!("metric failed: {e}"),
        }
    }

    #[test]
    fn mae_rmse_and_bias_match_hand_values() {
        // Errors y − ŷ: −2, 2, −3, 0.
        close(ok(mae(&Y, &F)), 7.0 / 4.0);
        close(ok(rmse(&Y, &F)), (17.0f64 / 4.0).sqrt());
        close(ok(bias(&Y, &F)), -3.0 / 4.0);
    }

    #[test]
    fn percentage_metrics_match_hand_values() {
        close(ok(mape(&Y, &F)), 100.0 * (0.2 + 0.1 + 0.1 + 0.0) / 4.0);
        close(ok(smape(&Y, &F)), 200.0 * (2.0 / 22.0 + 2.0 / 38.0 + 3.0 / 63.0 + 0.0) / 4.0);
        close(ok(wape(&Y, &F)), 100.0 * 7.0 / 100.0);
    }

    #[test]
    fn mape_with_a_zero_actual_is_undefined_with_its_index() {
        let err = mape(&[5.0, 0.0], &[5.0, 1.0]);
        assert_eq!(err, Err(MetricError::ZeroActual { index: 1 }));
        assert!(MetricError::ZeroActual { index: 1 }.is_undefined());
        let m = match PointMetrics::compute(&[5.0, 0.0], &[5.0, 1.0], &[1.0, 2.0], 1) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(m.mape, None);
        assert_eq!(m.undefined, vec![(MetricName::Mape, MetricError::ZeroActual { index: 1 })]);
        close(m.mae, 0.5);
    }

    #[test]
    fn smape_counts_zero_over_zero_as_zero() {
        close(ok(smape(&[0.0, 10.0], &[0.0, 30.0])), 200.0 * (0.0 + 20.0 / 40.0) / 2.0);
    }

    #[test]
    fn mase_divides_by_the_in_sample_seasonal_naive_error() {
        // Season 2 differences of the training part: |3−1|, |6−2|, |5−3| → scale 8/3.
        let training = [1.0, 2.0, 3.0, 6.0, 5.0];
        close(ok(seasonal_naive_scale(&training, 2)), 8.0 / 3.0);
        close(ok(mase(&Y, &F, &training, 2)), (7.0 / 4.0) / (8.0 / 3.0));
    }

    #[test]
    fn mase_is_undefined_on_a_flat_or_short_training_part() {
        assert_eq!(mase(&Y, &F, &[4.0, 4.0, 4.0], 1), Err(MetricError::ZeroScale));
        assert_eq!(
            mase(&Y, &F, &[4.0, 5.0], 2),
            Err(MetricError::ShortTraining { season: 2, got: 2 })
        );
        assert_eq!(mase(&Y, &F, &[4.0, 5.0], 0), Err(MetricError::ZeroSeason));
    }

    #[test]
    fn wape_with_all_zero_actuals_is_undefined() {
        assert_eq!(wape(&[0.0, 0.0], &[1.0, 2.0]), Err(MetricError::ZeroTotalActual));
    }

    #[test]
    fn malformed_inputs_are_errors_not_undefined_metrics() {
        assert_eq!(
            mae(&[1.0], &[1.0, 2.0]),
            Err(MetricError::LengthMismatch { actual: 1, forecast: 2 })
        );
        assert_eq!(rmse(&[], &[]), Err(MetricError::Empty));
        assert_eq!(mae(&[1.0, f64::NAN], &[1.0, 2.0]), Err(MetricError::NonFinite { index: 1 }));
        assert!(!MetricError::Empty.is_undefined());
    }

    #[test]
    fn coverage_counts_bounds_as_inside_and_width_is_averaged() {
        let lower = [0.0, 5.0, 0.0, 1.0];
        let upper = [2.0, 6.0, 4.0, 2.0];
        // 2 is on the upper bound (inside), 4 is below 5 (outside), 3 inside, 9 outside.
        close(ok(coverage(&[2.0, 4.0, 3.0, 9.0], &lower, &upper)), 0.5);
        close(ok(mean_width(&lower, &upper)), (2.0 + 1.0 + 4.0 + 1.0) / 4.0);
    }

    #[test]
    fn averages_are_unweighted_and_keep_undefined_metrics_undefined() {
        let a = PointMetrics::compute(&[1.0], &[2.0], &[1.0, 3.0], 1);
        let b = PointMetrics::compute(&[0.0, 2.0], &[0.0, 5.0], &[1.0, 3.0], 1);
        let (Ok(a), Ok(b)) = (a, b) else { panic!("compute failed") };
        let Some(m) = PointMetrics::mean_of(&[a, b]) else { panic!("empty") };
        close(m.mae, (1.0 + 1.5) / 2.0);
        close(m.bias, (-1.0 + -1.5) / 2.0);
        assert_eq!(m.mape, None);
        let Some(mase) = m.mase else { panic!("mase undefined") };
        close(mase, (1.0 / 2.0 + 1.5 / 2.0) / 2.0);
        assert_eq!(PointMetrics::mean_of(&[]), None);
    }
}
