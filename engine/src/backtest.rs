//! Rolling-origin backtests: where the forecast origins go, and a generic runner that asks a
//! forecaster for each fold and keeps every forecast, actual, cut-off and error.
//!
//! **Origin placement** (the reference protocol, `engine/tests/golden/README.md`): with `T`
//! observations, horizon `h`, `W` windows, step `s` and gap `g`, fold `k` (0-based, oldest
//! first) trains on observations before index `c_k = T − g − h − (W−1−k)·s` and is tested on
//! `[c_k + g, c_k + g + h)`. The last test window always ends at the end of the data; with
//! `s = h` and `g = 0` the test windows tile the last `W·h` observations.
//! The *cut-off* is the last training observation, index `c_k − 1`.
//!
//! **Training window:** [`TrainingWindow::Expanding`] trains on everything before `c_k`;
//! [`TrainingWindow::Sliding`] on the `size` observations before it (a fold with fewer is a
//! configuration error, not a silently shorter window).
//!
//! **Refit:** fold `k` has `refit = (k % refit_every == 0)`. A fold without refit must reuse
//! the model fitted at the last refit fold, but still forecast *from its own origin* using the
//! data up to its own cut-off: a feature-based forecaster keeps its trained regressor and
//! rebuilds the lags from the newer history; a baseline has nothing estimated beyond the data it
//! reads, so it is simply re-applied to the newer history (identical to refitting).
//!
//! **No leakage by construction:** the forecaster receives the training slice only; it never
//! sees the test values. Errors are `actual − forecast` (see [`crate::metrics`]).

use std::ops::Range;

use crate::metrics::{MetricError, PointMetrics};
use crate::models::{FittedSeriesModel, ModelError, SeriesModel};

/// Which observations each fold trains on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TrainingWindow {
    /// Everything before the origin.
    Expanding,
    /// The last `size` observations before the origin.
    Sliding {
        /// Number of training observations (≥ 1).
        size: usize,
    },
}

/// Settings of a rolling-origin backtest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BacktestConfig {
    /// Steps forecast at each origin (≥ 1).
    pub horizon: usize,
    /// Number of folds (≥ 1).
    pub windows: usize,
    /// Steps between consecutive origins (≥ 1).
    pub step: usize,
    /// Which observations each fold trains on.
    pub training: TrainingWindow,
    /// Refit the model every this many folds (≥ 1; 1 = refit at every origin).
    pub refit_every: usize,
    /// Steps skipped between the cut-off and the first forecast step (0 = none).
    pub gap: usize,
}

impl BacktestConfig {
    /// The reference protocol: expanding window, refit at every origin, no gap, `step = horizon`.
    pub fn reference(horizon: usize, windows: usize) -> BacktestConfig {
        BacktestConfig {
            horizon,
            windows,
            step: horizon,
            training: TrainingWindow::Expanding,
            refit_every: 1,
            gap: 0,
        }
    }

    /// Checks every setting on its own (not yet against a series length).
    pub fn validate(&self) -> Result<(), BacktestError> {
        let at_least_one = |field: &'static str, value: usize| {
            if value == 0 {
                Err(BacktestError::InvalidConfig { field, value, expected: "at least 1" })
            } else {
                Ok(())
            }
        };
        at_least_one("horizon", self.horizon)?;
        at_least_one("windows", self.windows)?;
        at_least_one("step", self.step)?;
        at_least_one("refit_every", self.refit_every)?;
        if let TrainingWindow::Sliding { size } = self.training {
            at_least_one("training.size", size)?;
        }
        Ok(())
    }

    /// The folds for a series of `len` observations, oldest first.
    pub fn folds(&self, len: usize) -> Result<Vec<Fold>, BacktestError> {
        self.validate()?;
        // Observations consumed by the test windows and the gap, plus the first fold's
        // minimum training length.
        let min_train = match self.training {
            TrainingWindow::Expanding => 1,
            TrainingWindow::Sliding { size } => size,
        };
        let needed = (self.windows - 1)
            .checked_mul(self.step)
            .and_then(|v| v.checked_add(self.horizon))
            .and_then(|v| v.checked_add(self.gap))
            .and_then(|v| v.checked_add(min_train))
            .ok_or(BacktestError::InvalidConfig {
                field: "windows",
                value: self.windows,
                expected: "a backtest span that fits in memory",
            })?;
        if len < needed {
            return Err(BacktestError::NotEnoughData { needed, got: len });
        }
        let folds = (0..self.windows)
            .map(|index| {
                let origin = len - self.gap - self.horizon - (self.windows - 1 - index) * self.step;
                let start = match self.training {
                    TrainingWindow::Expanding => 0,
                    TrainingWindow::Sliding { size } => origin - size,
                };
                let test_start = origin + self.gap;
                Fold {
                    index,
                    train: start..origin,
                    test: test_start..test_start + self.horizon,
                    refit: index % self.refit_every == 0,
                }
            })
            .collect();
        Ok(folds)
    }
}

/// Why a backtest could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BacktestError {
    /// A setting is out of range.
    #[error("backtest setting `{field}` = {value}: expected {expected}")]
    InvalidConfig {
        /// The setting's name.
        field: &'static str,
        /// Its value.
        value: usize,
        /// What was expected.
        expected: &'static str,
    },
    /// The series is too short for the requested folds.
    #[error("the backtest needs at least {needed} observations, the series has {got}")]
    NotEnoughData {
        /// Observations needed.
        needed: usize,
        /// Observations available.
        got: usize,
    },
    /// A history value is NaN or infinite.
    #[error("series value at index {index} is not a finite number")]
    NonFinite {
        /// Position of the first non-finite value.
        index: usize,
    },
    /// The forecaster failed on a fold.
    #[error("fold {fold}: {source}")]
    Model {
        /// The fold's index.
        fold: usize,
        /// The model's error.
        source: ModelError,
    },
    /// The forecaster returned the wrong number of forecasts.
    #[error("fold {fold}: {got} forecasts returned, {expected} expected")]
    ForecastLength {
        /// The fold's index.
        fold: usize,
        /// The horizon.
        expected: usize,
        /// What the forecaster returned.
        got: usize,
    },
    /// The forecaster returned a NaN or infinite forecast.
    #[error("fold {fold}: forecast step {step} is not a finite number")]
    NonFiniteForecast {
        /// The fold's index.
        fold: usize,
        /// The 1-based horizon step.
        step: usize,
    },
    /// A metric could not be computed.
    #[error("fold {fold}: {source}")]
    Metric {
        /// The fold's index.
        fold: usize,
        /// The metric's error.
        source: MetricError,
    },
    /// Backtests being combined do not share the same folds.
    #[error("series {series}: the backtests being combined have different folds")]
    FoldMismatch {
        /// Index of the series where they differ.
        series: usize,
    },
}

/// One forecast origin.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fold {
    /// 0-based position, oldest first.
    pub index: usize,
    /// Training observations (indices into the series).
    pub train: Range<usize>,
    /// Test observations, `horizon` long.
    pub test: Range<usize>,
    /// Whether the model is refitted at this fold (see the module doc).
    pub refit: bool,
}

impl Fold {
    /// Index of the last training observation (the cut-off); `None` for an empty training set.
    pub fn cutoff(&self) -> Option<usize> {
        self.train.end.checked_sub(1)
    }
}

/// What one fold produced.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FoldResult {
    /// The fold.
    pub fold: Fold,
    /// Point forecasts for each test step.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub forecast: Vec<f64>,
    /// Actual values of each test step (NaN where missing).
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub actual: Vec<f64>,
    /// `actual − forecast` per step.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub errors: Vec<f64>,
}

/// Every fold of one series' backtest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BacktestResult {
    /// The folds, oldest first.
    pub folds: Vec<FoldResult>,
}

impl BacktestResult {
    /// Per-fold metrics; `y` is the series the backtest ran on and `season` the MASE period.
    /// MASE's scale reads the fold's training range.
    pub fn fold_metrics(
        &self,
        y: &[f64],
        season: usize,
    ) -> Result<Vec<PointMetrics>, BacktestError> {
        self.folds
            .iter()
            .map(|f| {
                let training = y.get(f.fold.train.clone()).unwrap_or(&[]);
                PointMetrics::compute(&f.actual, &f.forecast, training, season)
                    .map_err(|source| BacktestError::Metric { fold: f.fold.index, source })
            })
            .collect()
    }

    /// The same folds with other forecasts (for ensembles); errors are recomputed.
    pub fn with_forecasts(&self, forecasts: Vec<Vec<f64>>) -> BacktestResult {
        let folds = self
            .folds
            .iter()
            .zip(forecasts)
            .map(|(f, forecast)| FoldResult {
                fold: f.fold.clone(),
                errors: f.actual.iter().zip(&forecast).map(|(y, p)| y - p).collect(),
                actual: f.actual.clone(),
                forecast,
            })
            .collect();
        BacktestResult { folds }
    }
}

/// Runs a backtest of one series: `forecaster(fold, training_values)` returns the
/// `cfg.horizon` point forecasts for `fold.test`. It only receives the training slice, so it
/// cannot read the test values.
pub fn run_backtest<F>(
    y: &[f64],
    cfg: &BacktestConfig,
    mut forecaster: F,
) -> Result<BacktestResult, BacktestError>
where
    F: FnMut(&Fold, &[f64]) -> Result<Vec<f64>, ModelError>,
{
    let folds = cfg.folds(y.len())?;
    if let Some(index) = y.iter().position(|v| !v.is_finite()) {
        return Err(BacktestError::NonFinite { index });
    }
    let mut results = Vec::with_capacity(folds.len());
    for fold in folds {
        let forecast = forecaster(&fold, &y[fold.train.clone()])
            .map_err(|source| BacktestError::Model { fold: fold.index, source })?;
        if forecast.len() != cfg.horizon {
            return Err(BacktestError::ForecastLength {
                fold: fold.index,
                expected: cfg.horizon,
                got: forecast.len(),
            });
        }
        if let Some(i) = forecast.iter().position(|v| !v.is_finite()) {
            return Err(BacktestError::NonFiniteForecast { fold: fold.index, step: i + 1 });
        }
        let actual = y[fold.test.clone()].to_vec();
        let errors = actual.iter().zip(&forecast).map(|(a, p)| a - p).collect();
        results.push(FoldResult { fold, forecast, actual, errors });
    }
    Ok(BacktestResult { folds: results })
}

/// A forecaster for [`run_backtest`] from a [`SeriesModel`]: fits on the training slice with
/// period `season`, forecasts `gap + horizon` steps and keeps the last `horizon`.
/// Series models here carry no state worth reusing across origins, so a fold without refit
/// re-applies the same settings to its newer history (see the module doc).
pub fn series_model_forecaster<'a, M: SeriesModel>(
    model: &'a M,
    season: usize,
    cfg: &BacktestConfig,
) -> impl FnMut(&Fold, &[f64]) -> Result<Vec<f64>, ModelError> + 'a {
    let (gap, horizon) = (cfg.gap, cfg.horizon);
    move |_fold, train| {
        let fitted = model.fit(train, season)?;
        let mut path = fitted.predict(gap + horizon);
        Ok(path.split_off(gap.min(path.len())))
    }
}

/// A forecaster for [`run_backtest`] that honours `refit_every`: `fit(training)` runs at every
/// fold with `refit` (and at the first fold it sees), and `predict(model, fold, training)`
/// forecasts every fold from *its own* training slice with the last fitted model — e.g. a
/// feature-based model keeps its trained regressor and rebuilds the lags from the newer
/// history.
pub fn refitting_forecaster<M, Fit, Predict>(
    mut fit: Fit,
    mut predict: Predict,
) -> impl FnMut(&Fold, &[f64]) -> Result<Vec<f64>, ModelError>
where
    Fit: FnMut(&[f64]) -> Result<M, ModelError>,
    Predict: FnMut(&M, &Fold, &[f64]) -> Result<Vec<f64>, ModelError>,
{
    let mut current: Option<M> = None;
    move |fold, train| {
        let model = match current.take() {
            Some(model) if !fold.refit => model,
            _ => fit(train)?,
        };
        let forecast = predict(&model, fold, train);
        current = Some(model);
        forecast
    }
}

/// One series' values, named.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesRef<'a> {
    /// The series identifier.
    pub id: &'a str,
    /// Its observed values (no NaN).
    pub values: &'a [f64],
}

/// Backtests of several series with the same configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiBacktest {
    /// `(series id, its backtest)`, in input order.
    pub per_series: Vec<(String, BacktestResult)>,
}

/// Runs [`run_backtest`] on every series; `forecaster(series_index, fold, training_values)`.
pub fn run_backtest_multi<F>(
    series: &[SeriesRef<'_>],
    cfg: &BacktestConfig,
    mut forecaster: F,
) -> Result<MultiBacktest, BacktestError>
where
    F: FnMut(usize, &Fold, &[f64]) -> Result<Vec<f64>, ModelError>,
{
    let per_series = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let result = run_backtest(s.values, cfg, |fold, train| forecaster(i, fold, train))?;
            Ok((s.id.to_string(), result))
        })
        .collect::<Result<Vec<_>, BacktestError>>()?;
    Ok(MultiBacktest { per_series })
}

impl MultiBacktest {
    /// Metrics of every (series, fold) pair, series-major; `series` gives the values in the
    /// same order as the backtest.
    pub fn fold_metrics(
        &self,
        series: &[SeriesRef<'_>],
        season: usize,
    ) -> Result<Vec<Vec<PointMetrics>>, BacktestError> {
        self.per_series
            .iter()
            .enumerate()
            .map(|(i, (_, result))| {
                let values = series.get(i).map_or(&[][..], |s| s.values);
                result.fold_metrics(values, season)
            })
            .collect()
    }

    /// The reference aggregate: each metric averaged, unweighted, over all (series, window)
    /// pairs. `None` only if there are no folds.
    pub fn mean_metrics(
        &self,
        series: &[SeriesRef<'_>],
        season: usize,
    ) -> Result<Option<PointMetrics>, BacktestError> {
        let all: Vec<PointMetrics> =
            self.fold_metrics(series, season)?.into_iter().flatten().collect();
        Ok(PointMetrics::mean_of(&all))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::baselines::Naive;

    fn cfg(horizon: usize, windows: usize, step: usize) -> BacktestConfig {
        BacktestConfig { step, ..BacktestConfig::reference(horizon, windows) }
    }

    fn folds(c: &BacktestConfig, len: usize) -> Vec<Fold> {
        match c.folds(len) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn expanding_windows_tile_the_end_of_the_data() {
        let f = folds(&cfg(3, 3, 3), 20);
        let ranges: Vec<_> = f.iter().map(|f| (f.train.clone(), f.test.clone())).collect();
        assert_eq!(ranges, vec![(0..11, 11..14), (0..14, 14..17), (0..17, 17..20)]);
        assert_eq!(f[2].cutoff(), Some(16));
        assert!(f.iter().all(|f| f.refit));
    }

    #[test]
    fn a_step_shorter_than_the_horizon_overlaps_windows() {
        let f = folds(&cfg(3, 3, 1), 10);
        let tests: Vec<_> = f.iter().map(|f| f.test.clone()).collect();
        assert_eq!(tests, vec![5..8, 6..9, 7..10]);
    }

    #[test]
    fn sliding_windows_keep_a_fixed_training_size() {
        let c = BacktestConfig { training: TrainingWindow::Sliding { size: 4 }, ..cfg(2, 2, 2) };
        let trains: Vec<_> = folds(&c, 10).iter().map(|f| f.train.clone()).collect();
        assert_eq!(trains, vec![2..6, 4..8]);
        // With 7 rows the first fold would have 3 < 4 training rows: refused, not shortened.
        assert_eq!(c.folds(7), Err(BacktestError::NotEnoughData { needed: 8, got: 7 }));
    }

    #[test]
    fn a_gap_separates_the_cutoff_from_the_test_window() {
        let c = BacktestConfig { gap: 2, ..cfg(2, 2, 2) };
        let f = folds(&c, 12);
        assert_eq!((f[1].train.clone(), f[1].test.clone()), (0..8, 10..12));
        assert_eq!((f[0].train.clone(), f[0].test.clone()), (0..6, 8..10));
    }

    #[test]
    fn refit_every_marks_which_folds_refit() {
        let c = BacktestConfig { refit_every: 2, ..cfg(1, 5, 1) };
        let refits: Vec<bool> = folds(&c, 10).iter().map(|f| f.refit).collect();
        assert_eq!(refits, vec![true, false, true, false, true]);
    }

    #[test]
    fn invalid_settings_are_named() {
        let c = BacktestConfig { refit_every: 0, ..cfg(1, 1, 1) };
        assert_eq!(
            c.validate(),
            Err(BacktestError::InvalidConfig {
                field: "refit_every",
                value: 0,
                expected: "at least 1"
            })
        );
        assert!(matches!(
            cfg(0, 1, 1).folds(5),
            Err(BacktestError::InvalidConfig { field: "horizon", .. })
        ));
        assert_eq!(cfg(3, 2, 3).folds(6), Err(BacktestError::NotEnoughData { needed: 7, got: 6 }));
    }

    #[test]
    fn the_runner_keeps_forecasts_actuals_and_errors_per_fold() {
        let y = [1.0, 2.0, 4.0, 7.0, 11.0];
        let c = cfg(2, 2, 1);
        let result = match run_backtest(&y, &c, series_model_forecaster(&Naive, 1, &c)) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(result.folds.len(), 2);
        assert_eq!(result.folds[0].forecast, vec![2.0, 2.0]);
        assert_eq!(result.folds[0].actual, vec![4.0, 7.0]);
        assert_eq!(result.folds[0].errors, vec![2.0, 5.0]);
        assert_eq!(result.folds[1].forecast, vec![4.0, 4.0]);
        assert_eq!(result.folds[1].errors, vec![3.0, 7.0]);
    }

    #[test]
    fn the_forecaster_sees_only_the_training_slice() {
        let y: Vec<f64> = (0..10).map(f64::from).collect();
        let c = BacktestConfig { gap: 1, ..cfg(2, 3, 2) };
        let mut seen = Vec::new();
        let run = run_backtest(&y, &c, |fold, train| {
            seen.push((fold.index, train.len(), train.last().copied()));
            Ok(vec![0.0; 2])
        });
        assert!(run.is_ok());
        assert_eq!(seen, vec![(0, 3, Some(2.0)), (1, 5, Some(4.0)), (2, 7, Some(6.0))]);
    }

    #[test]
    fn a_gap_drops_the_first_forecast_steps_of_series_models() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let c = BacktestConfig { gap: 1, ..cfg(2, 1, 2) };
        let drift = crate::models::baselines::Drift;
        let Ok(r) = run_backtest(&y, &c, series_model_forecaster(&drift, 1, &c)) else {
            panic!("backtest failed")
        };
        // Trains on 1,2,3 (slope 1), skips 4, forecasts 5 and 6.
        assert_eq!(r.folds[0].forecast, vec![5.0, 6.0]);
    }

    #[test]
    fn bad_forecasts_and_bad_data_are_typed_errors() {
        let c = cfg(2, 1, 2);
        assert_eq!(
            run_backtest(&[1.0, 2.0, 3.0], &c, |_, _| Ok(vec![1.0])),
            Err(BacktestError::ForecastLength { fold: 0, expected: 2, got: 1 })
        );
        assert_eq!(
            run_backtest(&[1.0, 2.0, 3.0], &c, |_, _| Ok(vec![1.0, f64::NAN])),
            Err(BacktestError::NonFiniteForecast { fold: 0, step: 2 })
        );
        assert_eq!(
            run_backtest(&[1.0, f64::NAN, 3.0], &c, |_, _| Ok(vec![1.0, 1.0])),
            Err(BacktestError::NonFinite { index: 1 })
        );
        assert_eq!(
            run_backtest(&[1.0, 2.0, 3.0], &c, |_, _| Err(ModelError::NotEnoughData {
                needed: 9,
                got: 1
            })),
            Err(BacktestError::Model {
                fold: 0,
                source: ModelError::NotEnoughData { needed: 9, got: 1 }
            })
        );
    }

    #[test]
    fn multi_series_metrics_average_over_series_and_windows() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [10.0, 10.0, 12.0, 10.0];
        let series = [SeriesRef { id: "a", values: &a }, SeriesRef { id: "b", values: &b }];
        let c = cfg(1, 2, 1);
        let Ok(multi) = run_backtest_multi(&series, &c, |_, _, train| {
            Naive.fit(train, 1).map(|m| m.predict(1))
        }) else {
            panic!("backtest failed")
        };
        // Absolute errors: a → 1, 1; b → 2, 2. Mean over the 4 pairs = 1.5.
        let Ok(Some(mean)) = multi.mean_metrics(&series, 1) else { panic!("no metrics") };
        assert!((mean.mae - 1.5).abs() < 1e-12);
        assert_eq!(multi.per_series[1].0, "b");
    }

    #[test]
    fn a_refitting_forecaster_fits_only_at_refit_folds_but_forecasts_from_each_origin() {
        let y: Vec<f64> = (0..10).map(f64::from).collect();
        let c = BacktestConfig { refit_every: 2, ..cfg(1, 5, 1) };
        let mut fits = Vec::new();
        // The "model" is the mean of its training data; forecasts add the newest value.
        let forecaster = refitting_forecaster(
            |train: &[f64]| {
                fits.push(train.len());
                Ok(train.iter().sum::<f64>() / train.len() as f64)
            },
            |mean: &f64, _fold: &Fold, train: &[f64]| Ok(vec![mean + train[train.len() - 1]]),
        );
        let Ok(r) = run_backtest(&y, &c, forecaster) else { panic!("backtest failed") };
        // Folds train on 5..=9 values; refits at folds 0, 2, 4.
        assert_eq!(fits, vec![5, 7, 9]);
        // Fold 1 reuses fold 0's mean (2) but reads its own last value (5).
        let forecasts: Vec<f64> = r.folds.iter().map(|f| f.forecast[0]).collect();
        assert_eq!(forecasts, vec![2.0 + 4.0, 2.0 + 5.0, 3.0 + 6.0, 3.0 + 7.0, 4.0 + 8.0]);
    }
}
