//! The forecasting pipeline: from a regular [`Frame`] and a [`ForecastSpec`] to a
//! [`ForecastReport`] and the fitted model.
//!
//! Steps: resolve the spec's defaults from the frame; backtest every model on the same
//! rolling origins (features rebuilt inside each fold from data up to its cut-off only); rank
//! them by mean MASE (ties → the simpler model) and try an ensemble of the best; fit the chosen
//! model on all the history and forecast; calibrate conformal intervals on its out-of-sample
//! residuals; explain the forecast with exact SHAP and permutation importance; write the
//! plain-language summary. A model that fails is reported and left out, never fatal, unless all
//! fail. The run reports progress and can be cancelled between folds.
//!
//! **Determinism:** no clock and no unseeded randomness is read here; timings come from the
//! caller's [`RunObserver`], and live outside the report, so the same frame, spec and seed give
//! a byte-identical report.

pub mod export;
pub mod fitted;
pub mod model;
pub mod report;
pub mod reuse;
pub mod share;
mod summary;

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::backtest::{
    BacktestConfig, BacktestError, BacktestResult, Fold, FoldResult, SeriesRef, TrainingWindow,
};
use crate::features::transform::TargetTransform;
use crate::features::{FeatureError, FeatureGroup, FeatureSpec, TransformError};
use crate::frame::{Frame, Frequency, Series};
use crate::intervals::{
    ConformalCalibration, ForecastIntervals, IntervalConfig, IntervalError, IntervalWarning,
    Scaling,
};
use crate::leaderboard::{
    CandidateBacktest, EnsembleConfig, LeaderboardConfig, LeaderboardError, build_leaderboard,
    combine as combine_candidates, combine_values,
};
use crate::models::tree::FittedTree;
use crate::models::{FittedRegressor, ModelError};
use crate::rng::Rng;
use crate::spec::{self, EnsembleMethod, ForecastSpec, ModelSpec, NonNegative};
use fitted::FittedTabular;
use model::{ForecastModel, ModelContext, fill_history, fit_model};
use report::*;
pub use share::{FinishPart, FinishPlan, FinishTask};

/// Why a forecast run failed as a whole.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ForecastError {
    /// A setting is invalid, or a model could not be fitted.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The feature spec does not fit the data.
    #[error(transparent)]
    Feature(#[from] FeatureError),
    /// The backtest cannot be laid out on this history.
    #[error(transparent)]
    Backtest(#[from] BacktestError),
    /// The leaderboard could not be built.
    #[error(transparent)]
    Leaderboard(#[from] LeaderboardError),
    /// Intervals could not be calibrated.
    #[error(transparent)]
    Interval(#[from] IntervalError),
    /// The target transform does not apply to series `series`.
    #[error("series {series}: {source}")]
    Transform {
        /// Index of the series.
        series: usize,
        /// The transform's error.
        source: TransformError,
    },
    /// The frame holds no series.
    #[error("the data holds no series")]
    NoSeries,
    /// Series `series` is too short for even one backtest window.
    #[error("series \"{series}\" has {got} observations; at least {needed} are needed")]
    SeriesTooShort {
        /// Series id.
        series: String,
        /// Observations needed.
        needed: usize,
        /// Observations available.
        got: usize,
    },
    /// Every model failed.
    #[error("no model could be evaluated: {first_reason}")]
    NoModelSucceeded {
        /// The first model's failure.
        first_reason: String,
        /// The same, typed.
        kind: FailureKind,
    },
    /// A model failed on one series, in a backtest window or its final forecast.
    #[error("series \"{series}\": {source}")]
    InSeries {
        /// Series id.
        series: String,
        /// What went wrong.
        source: Box<ForecastError>,
    },
    /// The caller cancelled the run.
    #[error("the run was cancelled")]
    Cancelled,
    /// The evaluations handed to [`finish`] do not cover each of the run's models once.
    #[error("the evaluations do not cover each model of the run exactly once")]
    EvaluationsMismatch,
}

/// Where a run is, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// 0-based index of the model being evaluated.
    pub model_index: usize,
    /// Models in the run.
    pub model_count: usize,
    /// Id of the model.
    pub model: String,
    /// 0-based fold being evaluated (`fold_count` while fitting the final model).
    pub fold: usize,
    /// Folds per model.
    pub fold_count: usize,
}

/// Whether a run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Go on.
    Continue,
    /// Stop as soon as possible with [`ForecastError::Cancelled`].
    Cancel,
}

/// What the caller hears of a run: progress (and the chance to cancel) and the clock.
pub trait RunObserver {
    /// Called before each fold of each model.
    fn progress(&mut self, _progress: &Progress) -> Control {
        Control::Continue
    }
    /// Milliseconds on a monotonic clock, if the caller has one (the engine reads none).
    fn now_ms(&self) -> Option<f64> {
        None
    }
}

/// The observer that hears nothing and has no clock.
impl RunObserver for () {}

/// Wall-clock time spent per model, from the observer's clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Timings {
    /// `(model id, backtest + final fit milliseconds)`.
    pub per_model_ms: Vec<(String, f64)>,
    /// Whole run.
    pub total_ms: f64,
    /// `(stage, milliseconds)` of [`finish`]: `ranking` (leaderboard and ensemble),
    /// `chosen` (its final fit, when it did not travel with its evaluation), `calibration` (the
    /// calibration backtest and the intervals), `explanation` (SHAP, refitting the explained
    /// model if needed), `report` (summary, diagnostics, traces).
    #[serde(default)]
    pub finish_ms: Vec<(String, f64)>,
}

/// A finished run: the report, the chosen model ready to forecast again, and timings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastRun {
    /// What was found.
    pub report: ForecastReport,
    /// The chosen model (for the ensemble, every member).
    pub model: SavedModel,
    /// Time spent, if the observer had a clock.
    pub timings: Timings,
}

/// The chosen forecaster, as exported and re-imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavedModel {
    /// One model.
    Single {
        /// The model.
        model: Box<ForecastModel>,
    },
    /// Mean or median of several models.
    Ensemble {
        /// How members are combined.
        method: EnsembleMethod,
        /// The members.
        members: Vec<ForecastModel>,
    },
}

impl SavedModel {
    /// Point forecasts for every series of `frame`, after its observed history (not clipped).
    pub fn forecast(&self, frame: &Frame) -> Result<Vec<Vec<f64>>, ForecastError> {
        match self {
            SavedModel::Single { model } => model.forecast(frame),
            SavedModel::Ensemble { method, members } => {
                let all: Vec<Vec<Vec<f64>>> =
                    members.iter().map(|m| m.forecast(frame)).collect::<Result<_, _>>()?;
                let first = all.first().ok_or(ForecastError::NoSeries)?;
                Ok((0..first.len())
                    .map(|s| {
                        (0..first[s].len())
                            .map(|k| combine(*method, all.iter().map(|m| m[s][k])))
                            .collect()
                    })
                    .collect())
            }
        }
    }
}

fn combine(method: EnsembleMethod, values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() { f64::NAN } else { combine_values(&mut v, method) }
}

/// Relative MASE difference under which models tie (the simpler one is chosen).
pub const TIE_TOLERANCE: f64 = 0.01;
/// Fewest training rows of a backtest fold.
pub const MIN_TRAIN: usize = 8;

/// Fewest training rows a feature-based model is fitted on: below it, a ridge or a forest
/// fits noise (a ridge on three rows of a 40-day series forecast a MAE of 3,000 on sales of
/// 100).
pub const MIN_TABULAR_ROWS: usize = 10;
/// Leaderboard id of the ensemble.
pub const ENSEMBLE_ID: &str = "ensemble";
/// Forecast steps explained with SHAP at most, series after series from the first of the
/// frame (at least the first series, whatever its horizon): a week of days for each of 8
/// stores. SHAP of a forest grown on thousands of rows costs several milliseconds per step,
/// so explaining every series of a large panel would cost seconds.
pub const MAX_EXPLAINED_STEPS: usize = 56;

/// How many series (the first ones of the frame) a run of `horizon` steps on `series` series
/// explains step by step: as many as [`MAX_EXPLAINED_STEPS`] allows, at least one. The studio
/// offers each of them in a menu; the summary explains the first.
pub fn explained_series(series: usize, horizon: usize) -> usize {
    (MAX_EXPLAINED_STEPS / horizon.max(1)).clamp(1, series.max(1))
}
/// Backtest rows (about) permutation importance shuffles; more are thinned by whole folds.
pub const MAX_IMPORTANCE_ROWS: usize = 200;
/// Origins of the calibration backtest behind the intervals (one step apart), for one series
/// and a horizon of one step: enough out-of-sample residuals per step for a 95 % level (19
/// are needed), with 11 more for its report card. A longer horizon adds one origin per step,
/// since the card judges a window at step `h` only by errors known when it starts (`h`
/// origins earlier): every step is then judged on as many windows. Several series pool their
/// residuals (each in its own scale), so they need fewer origins: see [`calibration_origins`].
pub const CALIBRATION_WINDOWS: usize = 30;
/// Calibration folds share one fit at most this many folds at a time (each still
/// out-of-sample); they also refit wherever the evaluation fitted (see [`align_refits`]).
pub const CALIBRATION_REFIT_EVERY: usize = 10;
/// Repeats of each permutation in permutation importance.
pub const PERMUTATION_REPEATS: usize = 5;

/// A calibration window forecast ahead of the calibration backtest: its index in the
/// calibration plan and, per series that holds it, the series and its result.
pub(crate) type CalibrationWindow = (usize, Vec<(usize, FoldResult)>);

/// One model's share of a run: its backtest on the shared folds (per series, the fold
/// results, or why it failed), its permutation importance, and its final fit's future forecast.
///
/// [`evaluate`] makes these for any subset of a run's models, so several workers can split a
/// run between them; [`finish`] turns the whole set into the report. They serialise (JSON, NaN
/// as `null`) without the fitted model, which [`finish`] refits when it needs it: fits are
/// deterministic, so the report is the same either way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Index of the model in the resolved spec's model list.
    pub index: usize,
    /// Per series, the backtest; or why the model failed.
    pub results: Result<Vec<BacktestResult>, String>,
    /// Permutation importance on the backtest's one-step rows (tabular models).
    pub importance: Option<Vec<Importance>>,
    /// Per series, the final fit's future forecast (empty when `final_failure` is set or the
    /// backtest failed).
    #[serde(deserialize_with = "crate::json::nan_vec_vec")]
    pub future: Vec<Vec<f64>>,
    /// Why the final fit on the whole history failed.
    pub final_failure: Option<String>,
    /// Why the backtest or the final fit failed, typed (`None` when neither failed).
    #[serde(default)]
    pub failure_kind: Option<FailureKind>,
    /// The series the backtest or the final fit failed on, when the failure was one series'.
    #[serde(default)]
    pub failure_series: Option<String>,
    /// Milliseconds spent on this model, if the observer had a clock.
    pub ms: Option<f64>,
    /// The final fit, when it was made in this process.
    #[serde(skip)]
    fitted: Option<ForecastModel>,
    /// The calibration backtest's windows that the evaluation's own fold fits serve (same
    /// training rows, see [`calibration_plan`]), forecast when it was made in this process:
    /// `(window, per series its result)`. The calibration backtest then refits only where the
    /// evaluation had no fit.
    #[serde(skip)]
    calibration_windows: Vec<CalibrationWindow>,
}

impl Evaluation {
    /// Whether both the backtest and the final fit succeeded.
    fn has_final(&self) -> bool {
        self.results.is_ok() && self.final_failure.is_none()
    }

    /// Whether this evaluation carries its final fit (it was made in this process).
    pub fn has_fit(&self) -> bool {
        self.fitted.is_some()
    }

    /// A copy without the final fit: what travels to another thread (the fit stays here).
    pub fn travelling(&self) -> Evaluation {
        Evaluation {
            index: self.index,
            results: self.results.clone(),
            importance: self.importance.clone(),
            future: self.future.clone(),
            final_failure: self.final_failure.clone(),
            failure_kind: self.failure_kind.clone(),
            failure_series: self.failure_series.clone(),
            ms: self.ms,
            fitted: None,
            calibration_windows: Vec::new(),
        }
    }

    /// Takes the final fit of `kept`, the same model's evaluation of the same run made earlier
    /// in this process, when this one travelled without it: [`finish`] then has no need to
    /// refit it. Another model's evaluation is left alone.
    pub fn adopt_fit(&mut self, kept: &mut Evaluation) {
        if self.index == kept.index && self.fitted.is_none() {
            self.fitted = kept.fitted.take();
        }
        if self.index == kept.index && self.calibration_windows.is_empty() {
            self.calibration_windows = std::mem::take(&mut kept.calibration_windows);
        }
    }
}

impl ForecastError {
    /// `self`, said of series `index` of `frame` when the frame has several (a cancellation
    /// stays what it is).
    pub(crate) fn in_series(self, frame: &Frame, index: usize) -> ForecastError {
        let several = frame.series.len() > 1;
        match (self, frame.series.get(index).filter(|_| several)) {
            (ForecastError::Cancelled, _) => ForecastError::Cancelled,
            (e @ ForecastError::InSeries { .. }, _) | (e, None) => e,
            (e, Some(s)) => ForecastError::InSeries { series: s.id.clone(), source: Box::new(e) },
        }
    }

    /// The series a model failed on, when the failure is one series'.
    pub fn series(&self) -> Option<&str> {
        match self {
            ForecastError::InSeries { series, .. } => Some(series),
            _ => None,
        }
    }
}

impl FailureKind {
    /// The typed reason behind a model's failure `e` ([`FailureKind::Other`] when it is not
    /// one of the common ones).
    pub fn of(e: &ForecastError) -> FailureKind {
        fn model(e: &ModelError) -> FailureKind {
            match e {
                ModelError::NotEnoughData { needed, got } => {
                    FailureKind::NotEnoughData { needed: *needed, got: *got }
                }
                ModelError::NonFiniteHistory { .. } => FailureKind::NonFiniteHistory,
                ModelError::Numerical(_) => FailureKind::Numerical,
                _ => FailureKind::Other,
            }
        }
        match e {
            ForecastError::InSeries { source, .. } => FailureKind::of(source),
            ForecastError::Model(m)
            | ForecastError::Backtest(BacktestError::Model { source: m, .. }) => model(m),
            ForecastError::Backtest(BacktestError::NotEnoughData { needed, got })
            | ForecastError::Transform {
                source: TransformError::HistoryTooShort { needed, got },
                ..
            } => FailureKind::NotEnoughData { needed: *needed, got: *got },
            ForecastError::Backtest(BacktestError::NonFinite { .. }) => {
                FailureKind::NonFiniteHistory
            }
            ForecastError::Transform { source: TransformError::NegativeValue { .. }, .. } => {
                FailureKind::NegativeValues
            }
            _ => FailureKind::Other,
        }
    }
}

/// One model of a run being finished: its id, spec and evaluation.
struct Evaluated {
    id: String,
    spec: ModelSpec,
    eval: Evaluation,
}

/// Everything about the data that every model shares.
struct Prepared {
    context: ModelContext,
    horizon: usize,
    gap: usize,
    /// Per series: filled history (for metrics and history models).
    filled: Vec<Vec<f64>>,
    /// Per series: the folds.
    folds: Vec<Vec<Fold>>,
    windows: usize,
}

/// Observed steps a series needs for one backtest window: [`MIN_TRAIN`] training rows (or a
/// sliding training window's, if more), the horizon and the gap.
fn min_history(spec: &ForecastSpec) -> usize {
    let train = match spec.backtest.training {
        TrainingWindow::Expanding => MIN_TRAIN,
        TrainingWindow::Sliding { size } => size.max(MIN_TRAIN),
    };
    train.saturating_add(spec.horizon).saturating_add(spec.backtest.gap)
}

/// `frame` without its series shorter than `min_history` steps. Borrowed, unchanged, when
/// every series is long enough, and when none is: the run then fails naming the shortest.
pub(crate) fn forecastable(frame: &Frame, min_history: usize) -> Cow<'_, Frame> {
    let long_enough = |s: &&Series| s.observed_len() >= min_history;
    let kept = frame.series.iter().filter(long_enough).count();
    if kept == frame.series.len() || kept == 0 {
        return Cow::Borrowed(frame);
    }
    Cow::Owned(Frame {
        freq: frame.freq,
        target_name: frame.target_name.clone(),
        exog: frame.exog.clone(),
        series: frame.series.iter().filter(long_enough).cloned().collect(),
    })
}

/// The horizon a run takes when nobody chose one: a day of sub-daily steps (at most 96), a
/// week of days (5 business days), two months of weeks, a year of months, a year of quarters,
/// three years; never more than a third of the longest history, nor more than what leaves it
/// [`MIN_TRAIN`] training values, so that a backtest window still fits (a series too short for
/// one is left out of the run anyway): ten days of a new shop get a forecast of two.
pub fn default_horizon(frame: &Frame) -> usize {
    let natural = match frame.freq {
        Frequency::Minutes { minutes } if minutes > 0 && 1440 % minutes == 0 => {
            (1440 / minutes as usize).min(96)
        }
        Frequency::Minutes { .. } => 24,
        Frequency::Daily => 7,
        Frequency::BusinessDaily => 5,
        Frequency::Weekly { .. } => 8,
        Frequency::Monthly => 12,
        Frequency::Quarterly => 4,
        Frequency::Yearly => 3,
    };
    let longest = frame.series.iter().map(Series::observed_len).max().filter(|&n| n > 0);
    longest.map_or(natural, |n| natural.min((n / 3).min(n.saturating_sub(MIN_TRAIN)).max(1)))
}

/// The series [`forecastable`] leaves out of a run of `spec`, as warnings, and the forecast
/// of each by [`fallback_forecast`].
fn skipped_series(
    frame: &Frame,
    spec: &ForecastSpec,
) -> (Vec<ForecastWarning>, Vec<NewSeriesForecast>) {
    let needed = min_history(spec);
    let short: Vec<&Series> = frame.series.iter().filter(|s| s.observed_len() < needed).collect();
    if short.len() == frame.series.len() {
        // None is long enough: the run fails naming one instead.
        return (Vec::new(), Vec::new());
    }
    let season = spec.season.unwrap_or_else(|| frame.freq.default_season());
    let mut warnings = Vec::with_capacity(short.len());
    let mut forecasts = Vec::with_capacity(short.len());
    for s in short {
        let forecast = fallback_forecast(s, frame.freq, season, spec.horizon);
        warnings.push(ForecastWarning::SeriesSkipped {
            series: s.id.clone(),
            history: s.observed_len(),
            needed,
            fallback: forecast.as_ref().map(|f| f.method),
        });
        forecasts.extend(forecast);
    }
    (warnings, forecasts)
}

/// The forecast of a series too new for one backtest window, over `horizon` steps from the
/// step after its last value: its last `season` values repeated when it holds that many (a
/// missing one among them taken as their mean), else the mean of its values. `None` when it
/// has no value.
fn fallback_forecast(
    s: &Series,
    freq: Frequency,
    season: usize,
    horizon: usize,
) -> Option<NewSeriesForecast> {
    let history = s.history();
    let last = *s.timestamps.get(history.len().checked_sub(1)?)?;
    let mean = |values: &[f64]| {
        let observed: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        (!observed.is_empty()).then(|| observed.iter().sum::<f64>() / observed.len() as f64)
    };
    let overall = mean(history)?;
    let (method, pattern) = match history.len().checked_sub(season) {
        Some(start) if season > 1 => {
            let tail = &history[start..];
            let fill = mean(tail).unwrap_or(overall);
            let pattern = tail.iter().map(|&v| if v.is_finite() { v } else { fill }).collect();
            (FallbackMethod::LastSeason, pattern)
        }
        _ => (FallbackMethod::Mean, vec![overall]),
    };
    let timestamps: Vec<_> = (1..=horizon as i64).map_while(|k| freq.add_steps(last, k)).collect();
    let point = (0..timestamps.len()).map(|k| pattern[k % pattern.len()]).collect();
    Some(NewSeriesForecast {
        series: s.id.clone(),
        observed: history.iter().filter(|v| v.is_finite()).count(),
        method,
        timestamps,
        point,
    })
}

fn prepare(
    frame: &Frame,
    spec: &ForecastSpec,
    warnings: &mut Vec<ForecastWarning>,
) -> Result<(Prepared, ForecastSpec), ForecastError> {
    spec::validate(spec)?;
    if frame.series.is_empty() {
        return Err(ForecastError::NoSeries);
    }
    let season = spec.season.unwrap_or_else(|| frame.freq.default_season());
    let mut periods = frame.freq.seasonal_periods();
    if spec.season.is_some() {
        periods = vec![season];
    }
    let mut resolved = spec.clone();
    resolved.season = Some(season);
    if resolved.models.is_empty() {
        resolved.models = ModelSpec::defaults_for(frame.freq);
        if periods.len() > 1 {
            resolved.models.insert(7, ModelSpec::Mstl);
        }
    }
    let step = spec.backtest.step.unwrap_or(spec.horizon);
    resolved.backtest.step = Some(step);
    // Several series share one calibration: in raw units a big store's errors would set a
    // small one's bands. Each series' errors are measured in its own scale instead.
    if resolved.interval_scaling == Scaling::None && frame.series.len() > 1 {
        resolved.interval_scaling = Scaling::SeriesScale;
    }
    let exog = readable_exog(frame, spec.horizon, warnings);
    let mut filled = Vec::with_capacity(frame.series.len());
    for s in &frame.series {
        let (values, count) = fill_history(s.history(), season);
        if count > 0 {
            warnings.push(ForecastWarning::GapsInterpolated { series: s.id.clone(), count });
        }
        filled.push(values);
    }
    warnings.extend(series_ending_early(frame, spec.horizon));
    // Fewer windows when the shortest history cannot hold them all, down to one.
    let cfg = |windows| BacktestConfig {
        horizon: spec.horizon,
        windows,
        step,
        training: spec.backtest.training,
        refit_every: spec.backtest.refit_every,
        gap: spec.backtest.gap,
    };
    // A fold needs enough training rows for features; two seasons is a floor that keeps the
    // seasonal baselines and the lag features meaningful. A shorter history (80 weeks of
    // weekly sales) is still forecast, with a warning, from fewer rows a fold (see below);
    // models that need more history fail one by one and are left out.
    let preferred = (2 * season).max(MIN_TRAIN);
    let asked = spec.backtest.windows.max(1);
    // A few series too new for the windows most hold (a store opened last month among stores
    // with years of sales) are backtested on the latest windows they hold, instead of cutting
    // every series' windows and lookback to theirs. A model per series needs each series' own
    // folds: then every series holds as many windows as the shortest.
    let capacities: Vec<usize> =
        frame.series.iter().map(|s| capacity(&cfg, asked, s.observed_len(), preferred)).collect();
    // Each of those holds at least one window, on fewer training rows if need be: a model
    // that cannot forecast a new store then fails in the backtest, as with every series cut
    // to the same windows, not at the final fit after being chosen.
    let floors = [preferred, (season + 1).max(MIN_TRAIN), MIN_TRAIN];
    let ragged = (spec.scope == spec::Scope::Global)
        .then(|| most_held(&capacities))
        .flatten()
        .filter(|&w| capacities.iter().any(|&c| c < w))
        .filter(|_| {
            frame.series.iter().all(|s| capacity(&cfg, 1, s.observed_len(), MIN_TRAIN) > 0)
        });
    // The series every window is laid on: all, or those of a ragged backtest that hold as
    // many as most series.
    let full = |s: usize| ragged.is_none_or(|r| capacities[s] >= r);
    let fits = |w: usize, min_train: usize| {
        frame.series.iter().enumerate().filter(|&(i, _)| full(i)).all(|(_, s)| {
            cfg(w)
                .folds(s.observed_len())
                .is_ok_and(|f| f.iter().all(|f| f.train.len() >= min_train))
        })
    };
    let most_windows = |min_train| (1..=asked).rev().find(|&w| fits(w, min_train));
    let mut windows = match most_windows(preferred) {
        Some(w) => w,
        None => {
            let shortest = frame
                .series
                .iter()
                .min_by_key(|s| s.observed_len())
                .ok_or(ForecastError::NoSeries)?;
            // Below two seasons, one season and a step still lets seasonal naive (the
            // reference of MASE) and one-season lags work; below that, only the bare floor.
            let short =
                most_windows((season + 1).max(MIN_TRAIN)).or_else(|| most_windows(MIN_TRAIN));
            let Some(w) = short else {
                return Err(ForecastError::SeriesTooShort {
                    series: shortest.id.clone(),
                    needed: min_history(spec),
                    got: shortest.observed_len(),
                });
            };
            let history = shortest.observed_len();
            warnings.push(ForecastWarning::LessThanTwoSeasons { season, history });
            w
        }
    };
    // The default features look back no further than the shortest history the backtest lays
    // all its windows on.
    let shortest = frame
        .series
        .iter()
        .enumerate()
        .filter(|&(i, _)| full(i))
        .map(|(_, s)| s.observed_len())
        .min()
        .unwrap_or(0);
    let mut features = spec.features.clone().unwrap_or_else(|| {
        let mut f = FeatureSpec::default_for(frame.freq, shortest);
        f.series_id = frame.series.len() > 1 && spec.scope == spec::Scope::Global;
        f
    });
    if spec.holidays.is_some() {
        features.holidays = spec.holidays;
    }
    // A short history: the first fold must also leave the feature models their lookback and
    // MIN_TABULAR_ROWS training rows. Default features give up what looks back too far, after
    // giving up windows while the first fold still holds a season of lags and those rows (50
    // days of daily sales: 4 windows, lags up to a week, instead of no feature model at all).
    if spec.features.is_none() {
        let first_train = |w: usize| {
            frame
                .series
                .iter()
                .enumerate()
                .filter(|&(i, _)| full(i))
                .map(|(_, s)| {
                    cfg(w)
                        .folds(s.observed_len())
                        .ok()
                        .and_then(|f| f.first().map(|f| f.train.len()))
                })
                .try_fold(usize::MAX, |m, n| n.map(|n| m.min(n)))
                .unwrap_or(0)
        };
        if features.lookback() + MIN_TABULAR_ROWS > first_train(windows) {
            let floor = season + MIN_TABULAR_ROWS;
            if first_train(windows) < floor {
                windows = (1..windows).rev().find(|&w| first_train(w) >= floor).unwrap_or(windows);
            }
            features.fit_lookback(first_train(windows).saturating_sub(MIN_TABULAR_ROWS));
        }
    }
    resolved.features = Some(features.clone());
    if windows < spec.backtest.windows {
        warnings
            .push(ForecastWarning::FewerWindows { asked: spec.backtest.windows, used: windows });
        if ragged.is_none() {
            let lookback = spec.features.is_none().then(|| features.lookback());
            warnings.extend(short_series_limiting(
                frame,
                &cfg,
                (windows, spec.backtest.windows),
                preferred,
                lookback,
            ));
        }
    }
    let folds: Vec<Vec<Fold>> = match ragged {
        Some(_) => frame
            .series
            .iter()
            .map(|s| held_folds(&cfg, windows, s.observed_len(), &floors))
            .collect(),
        None => frame
            .series
            .iter()
            .map(|s| cfg(windows).folds(s.observed_len()))
            .collect::<Result<_, _>>()?,
    };
    warnings.extend(series_held_fewer(frame, &folds, windows));
    let context = ModelContext {
        freq: frame.freq,
        season,
        periods,
        target_name: frame.target_name.clone(),
        exog,
        features,
        transform: spec.transform,
        strategy: spec.strategy,
        scope: spec.scope,
        seed: spec.seed,
        min_history: min_history(spec),
        series: frame.series.iter().map(|s| s.id.clone()).collect(),
    };
    Ok((
        Prepared { context, horizon: spec.horizon, gap: spec.backtest.gap, filled, folds, windows },
        resolved,
    ))
}

/// The most backtest windows (of `cfg`, at most `asked`) a series `len` steps long holds with
/// at least `min_train` training rows in each; 0 when not even one.
fn capacity(
    cfg: &dyn Fn(usize) -> BacktestConfig,
    asked: usize,
    len: usize,
    min_train: usize,
) -> usize {
    (1..=asked)
        .rev()
        .find(|&w| cfg(w).folds(len).is_ok_and(|f| f.iter().all(|f| f.train.len() >= min_train)))
        .unwrap_or(0)
}

/// The most windows that at least half the series hold, given each series' `capacities`;
/// `None` when that is none.
fn most_held(capacities: &[usize]) -> Option<usize> {
    let mut sorted = capacities.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.get(capacities.len().saturating_sub(1) / 2).copied().filter(|&w| w > 0)
}

/// The folds of a series `len` steps long in a backtest of `windows` windows (of `cfg`): all
/// of them when it holds them with `floors[0]` training rows each, else the latest ones it
/// holds so, else with the next floor's rows those it holds (none when not even one). Each
/// keeps the backtest's window as its index, and refits where the backtest does.
fn held_folds(
    cfg: &dyn Fn(usize) -> BacktestConfig,
    windows: usize,
    len: usize,
    floors: &[usize],
) -> Vec<Fold> {
    let Some(held) = floors.iter().map(|&f| capacity(cfg, windows, len, f)).find(|&c| c > 0) else {
        return Vec::new();
    };
    let Ok(mut folds) = cfg(held).folds(len) else { return Vec::new() };
    let every = cfg(windows).refit_every.max(1);
    for fold in &mut folds {
        fold.index += windows - held;
        fold.refit = fold.index % every == 0;
    }
    folds
}

/// Fold `w` (a window of the backtest) of one series' `folds`, if the series holds it: a
/// series too new for every window holds the latest ones (see [`held_folds`]).
fn fold_at(folds: &[Fold], w: usize) -> Option<&Fold> {
    folds.binary_search_by_key(&w, |f| f.index).ok().and_then(|i| folds.get(i))
}

/// Of the series that hold fewer than a backtest's `windows` (see [`held_folds`]): the
/// shortest, the windows it holds, and how many they are; `None` when every series holds them
/// all.
pub(crate) fn fewest_held<'a>(
    frame: &'a Frame,
    folds: &[Vec<Fold>],
    windows: usize,
) -> Option<(&'a Series, usize, usize)> {
    let fewer = || frame.series.iter().zip(folds).filter(|(_, f)| f.len() < windows);
    let (shortest, held) = fewer().min_by_key(|(s, _)| s.observed_len())?;
    Some((shortest, held.len(), fewer().count()))
}

/// The series that hold fewer than the backtest's `windows`, as one
/// [`ForecastWarning::ShortSeriesFewerWindows`] naming the shortest.
fn series_held_fewer(
    frame: &Frame,
    folds: &[Vec<Fold>],
    windows: usize,
) -> Option<ForecastWarning> {
    let (shortest, held, count) = fewest_held(frame, folds, windows)?;
    Some(ForecastWarning::ShortSeriesFewerWindows {
        series: shortest.id.clone(),
        history: shortest.observed_len(),
        count,
        held,
        windows,
    })
}

/// The series whose forecast over `horizon` steps ends before the latest last observed
/// timestamp of the frame, as one [`ForecastWarning::SeriesEndsEarly`] naming the one that
/// stops first.
fn series_ending_early(frame: &Frame, horizon: usize) -> Option<ForecastWarning> {
    let last =
        |s: &Series| s.observed_len().checked_sub(1).and_then(|i| s.timestamps.get(i).copied());
    let latest = frame.series.iter().filter_map(last).max()?;
    let steps = i64::try_from(horizon).ok()?;
    let early: Vec<(&Series, chrono::NaiveDateTime)> = frame
        .series
        .iter()
        .filter_map(|s| last(s).map(|t| (s, t)))
        .filter(|&(_, t)| frame.freq.add_steps(t, steps).is_some_and(|end| end < latest))
        .collect();
    let &(first, at) = early.iter().min_by_key(|(_, t)| *t)?;
    Some(ForecastWarning::SeriesEndsEarly {
        series: first.id.clone(),
        last: at,
        count: early.len(),
    })
}

/// The series that hold the fewest backtest windows (of `cfg`, at most `asked`, each training
/// on at least `min_train` rows) when the others would hold more than the `used` ones, as one
/// [`ForecastWarning::ShortSeriesLimitWindows`] naming the shortest; none when every series
/// holds as many. `lookback` is that of the default features the run took, fitted to the
/// shortest history (`None` when the features were chosen): the warning says whether the
/// others' would look back further.
fn short_series_limiting(
    frame: &Frame,
    cfg: &dyn Fn(usize) -> BacktestConfig,
    (used, asked): (usize, usize),
    min_train: usize,
    lookback: Option<usize>,
) -> Option<ForecastWarning> {
    let holds = |s: &Series, w: usize| {
        cfg(w).folds(s.observed_len()).is_ok_and(|f| f.iter().all(|f| f.train.len() >= min_train))
    };
    let capacity = |s: &Series| (1..=asked).rev().find(|&w| holds(s, w)).unwrap_or(0);
    let capacities: Vec<usize> = frame.series.iter().map(capacity).collect();
    let fewest = capacities.iter().copied().min()?;
    type Held<'a> = Vec<(&'a Series, usize)>;
    let (short, long): (Held, Held) =
        frame.series.iter().zip(capacities).partition(|&(_, c)| c == fewest);
    let without = long.iter().map(|&(_, c)| c).min().filter(|&w| w > used)?;
    let shortest = short.iter().map(|&(s, _)| s).min_by_key(|s| s.observed_len())?;
    let shortest_long = long.iter().map(|(s, _)| s.observed_len()).min()?;
    let shorter_lags = lookback
        .is_some_and(|l| FeatureSpec::default_for(frame.freq, shortest_long).lookback() > l);
    Some(ForecastWarning::ShortSeriesLimitWindows {
        series: shortest.id.clone(),
        history: shortest.observed_len(),
        count: short.len(),
        without,
        shorter_lags,
    })
}

/// The model a run explains, among the evaluated models `ranked` best first: the chosen one
/// when it can be (`explainable`: it uses features, has exact SHAP and its final fit), even
/// when a near tie put it below another; for a chosen ensemble (`chosen` is `None`, `members`
/// its members), its best explainable member; else the best explainable model.
fn explained_model(
    ranked: &[usize],
    chosen: Option<usize>,
    members: &[usize],
    explainable: impl Fn(usize) -> bool,
) -> Option<usize> {
    chosen
        .filter(|&i| explainable(i))
        .or_else(|| ranked.iter().copied().find(|i| members.contains(i) && explainable(*i)))
        .or_else(|| ranked.iter().copied().find(|&i| explainable(i)))
}

/// The series the model choice's MASE leaves out some windows of (their training data does
/// not vary), as one [`ForecastWarning::MaseLeavesOut`]; none when MASE is undefined
/// everywhere (the choice then runs on MAE) or nowhere. The scale is the training data's, so
/// any row of the leaderboard tells the same.
fn mase_leaves_out(row: &crate::leaderboard::LeaderboardRow) -> Option<ForecastWarning> {
    row.overall.mase?;
    let flat: Vec<&str> = row
        .per_series
        .iter()
        .filter(|(_, m)| m.mase.is_none())
        .map(|(id, _)| id.as_str())
        .collect();
    let first = flat.first()?;
    Some(ForecastWarning::MaseLeavesOut { series: (*first).to_string(), count: flat.len() })
}

/// The frame's exogenous columns as the models may read them: a column known in advance
/// whose values do not cover the whole horizon after every series' history is used as
/// observed only (with a [`ForecastWarning::FutureValuesMissing`]): a model cannot read at
/// the day it forecasts a value the file does not give, and a missing value there would be
/// read as whatever the trees learnt for gaps.
fn readable_exog(
    frame: &Frame,
    horizon: usize,
    warnings: &mut Vec<ForecastWarning>,
) -> Vec<crate::frame::ExogColumn> {
    let mut exog = frame.exog.clone();
    for (j, x) in exog.iter_mut().enumerate() {
        if x.availability != crate::frame::Availability::KnownInAdvance {
            continue;
        }
        let known = frame
            .series
            .iter()
            .filter(|s| s.observed_len() > 0)
            .map(|s| {
                let future = s.exog.get(j).map_or(&[][..], |v| &v[s.observed_len().min(v.len())..]);
                future.iter().take(horizon).take_while(|v| v.is_finite()).count()
            })
            .min()
            .unwrap_or(0);
        if known < horizon {
            x.availability = crate::frame::Availability::ObservedOnly;
            warnings.push(ForecastWarning::FutureValuesMissing {
                column: x.name.clone(),
                known,
                horizon,
            });
        }
    }
    exog
}

/// French `de`, elided before a vowel (`moyenne d'Extra-trees`, `prévision d'avril`).
pub(crate) fn de_before(word: &str) -> &'static str {
    let first = word.chars().next().map(|c| c.to_lowercase().next().unwrap_or(c));
    if matches!(first, Some('a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'é' | 'è' | 'ê' | 'â' | 'î' | 'ô'))
    {
        "d'"
    } else {
        "de "
    }
}

/// Unique ids: the model key, with `_2`, `_3`… when a key repeats.
fn model_ids(models: &[ModelSpec]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(models.len());
    for m in models {
        let mut id = m.key().to_string();
        let mut k = 2;
        while ids.contains(&id) {
            id = format!("{}_{k}", m.key());
            k += 1;
        }
        ids.push(id);
    }
    ids
}

/// What a backtest keeps besides its fold results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Only the fold results (the A/B comparison's backtest).
    Results,
    /// Also the fold fits and the one-step rows of their test windows, for permutation
    /// importance.
    ImportanceRows,
}

/// The fold fits of one backtest and the one-step rows of their test windows.
struct ImportanceData {
    /// One model per fit, in fold order (a fit serves folds until the next refit).
    fits: Vec<ForecastModel>,
    /// Per fold and series: the rows, pointing at their fit.
    folds: Vec<EvalRows>,
}

/// Backtests one model over every series; with [`Keep::ImportanceRows`], also returns the
/// fold fits and one-step rows for permutation importance.
fn backtest_model(
    frame: &Frame,
    p: &Prepared,
    spec: &ModelSpec,
    keep: Keep,
    progress: &mut dyn FnMut(usize) -> Control,
) -> Result<(Vec<BacktestResult>, ImportanceData), ForecastError> {
    let n_series = frame.series.len();
    let steps = p.gap + p.horizon;
    let mut results: Vec<Vec<FoldResult>> = vec![Vec::new(); n_series];
    let mut eval_rows = Vec::new();
    // Fits are kept, not cloned per fold: a forest can weigh megabytes.
    let mut fits: Vec<ForecastModel> = Vec::new();
    for w in 0..p.windows {
        if progress(w) == Control::Cancel {
            return Err(ForecastError::Cancelled);
        }
        let train = training_rows(p, w);
        if fits.is_empty() || refits_at(p, w) {
            let fitted = fit_model(spec, &p.context, frame, &train, steps)?;
            if keep == Keep::Results {
                fits.clear();
            }
            fits.push(fitted);
        }
        let fit = fits.len() - 1;
        let Some(model) = fits.last() else { continue };
        for (s, result) in window_results(frame, p, model, w)? {
            results[s].push(result);
        }
        if keep == Keep::ImportanceRows {
            eval_rows.extend(one_step_rows(frame, p, model, fit, w)?);
        }
    }
    let results = results.into_iter().map(|folds| BacktestResult { folds }).collect();
    Ok((results, ImportanceData { fits, folds: eval_rows }))
}

/// Per series: its training rows at window `w` of `p`'s folds (none for a series that does
/// not hold it).
fn training_rows(p: &Prepared, w: usize) -> Vec<Range<usize>> {
    p.folds.iter().map(|f| fold_at(f, w).map_or(0..0, |f| f.train.clone())).collect()
}

/// Per series that holds it, the series and window `w` of `p`'s folds forecast by `model`,
/// fitted at or before it.
fn window_results(
    frame: &Frame,
    p: &Prepared,
    model: &ForecastModel,
    w: usize,
) -> Result<Vec<(usize, FoldResult)>, ForecastError> {
    let steps = p.gap + p.horizon;
    p.folds
        .iter()
        .enumerate()
        .filter_map(|(s, folds)| fold_at(folds, w).map(|fold| (s, fold)))
        .map(|(s, fold)| {
            // History-based models are re-applied to the newer data at every origin.
            let (point, _) = model
                .forecast_from(frame, s, fold.train.clone(), steps)
                .map_err(|e| e.in_series(frame, s))?;
            let forecast = point[p.gap..].to_vec();
            let actual = p.filled[s][fold.test.clone()].to_vec();
            let errors = actual.iter().zip(&forecast).map(|(a, f)| a - f).collect();
            Ok((s, FoldResult { fold: fold.clone(), forecast, actual, errors }))
        })
        .collect()
}

/// The folds `cfg` lays over `frame` for a comparison of saved models, each training on at
/// least `min_train` rows: the most of `cfg.windows` that at least half the series hold, every
/// series holding them all when it can, else the latest it can (a store opened last month), or
/// none; `None` when not half the series hold one. Folds depend only on `cfg`, `min_train`
/// and each series' observed length, so both sides of a comparison get identical windows.
pub(crate) fn comparison_folds(
    frame: &Frame,
    cfg: &BacktestConfig,
    min_train: usize,
) -> Option<(usize, Vec<Vec<Fold>>)> {
    let layout = |windows| BacktestConfig { windows, ..*cfg };
    let capacities: Vec<usize> = frame
        .series
        .iter()
        .map(|s| capacity(&layout, cfg.windows, s.observed_len(), min_train))
        .collect();
    let windows = most_held(&capacities)?;
    let folds = frame
        .series
        .iter()
        .map(|s| held_folds(&layout, windows, s.observed_len(), &[min_train]))
        .collect();
    Some((windows, folds))
}

/// Backtests `model`'s spec in `model`'s own context (features, transform, season, seed) on
/// `folds` (per series, laid by [`comparison_folds`] over `cfg`'s windows, horizon and gap),
/// refitting per fold: the A/B comparison's entry into the same fold loop as the leaderboard.
pub(crate) fn backtest_in_context(
    frame: &Frame,
    model: &ForecastModel,
    cfg: &BacktestConfig,
    folds: &[Vec<Fold>],
    progress: &mut dyn FnMut(usize) -> Control,
) -> Result<Vec<BacktestResult>, ForecastError> {
    let p = Prepared {
        context: model.context.clone(),
        horizon: cfg.horizon,
        gap: cfg.gap,
        filled: frame
            .series
            .iter()
            .map(|s| fill_history(s.history(), model.context.season).0)
            .collect(),
        folds: folds.to_vec(),
        windows: cfg.windows,
    };
    Ok(backtest_model(frame, &p, &model.model, Keep::Results, progress)?.0)
}

/// The one-step-ahead feature rows of fold `w`'s test steps of one series (observed lags),
/// with the transformed targets and the fit that forecast them, for permutation importance.
struct EvalRows {
    /// Index of the fit in [`ImportanceData::fits`].
    fit: usize,
    series: usize,
    rows: Vec<Vec<f64>>,
    targets: Vec<f64>,
}

fn one_step_rows(
    frame: &Frame,
    p: &Prepared,
    model: &ForecastModel,
    fit: usize,
    w: usize,
) -> Result<Vec<EvalRows>, ForecastError> {
    let builder = p.context.builders(1)?.swap_remove(0);
    let mut out = Vec::new();
    for (s, series) in frame.series.iter().enumerate() {
        if model.step_models(s).and_then(|m| m.first()).is_none() {
            continue;
        }
        let mut rows = Vec::new();
        let mut targets = Vec::new();
        let Some(fold) = fold_at(&p.folds[s], w) else { continue };
        let fitted = p
            .context
            .transform
            .fit(&series.target[fold.train.clone()])
            .map_err(|e| ForecastError::Transform { series: s, source: e })?;
        let z = fitted
            .apply(&series.target[..fold.test.end])
            .map_err(|e| ForecastError::Transform { series: s, source: e })?;
        let view = crate::features::SeriesView {
            target: &z,
            timestamps: &series.timestamps,
            exog: &series.exog,
            series_index: s,
        };
        for t in fold.test.clone() {
            if !z[t].is_finite() {
                continue;
            }
            let mut row = vec![0.0; builder.n_features()];
            builder.row(&view, t, t - 1, &mut row);
            rows.push(row);
            targets.push(z[t]);
        }
        out.push(EvalRows { fit, series: s, rows, targets });
    }
    Ok(out)
}

/// Increase of the one-step MAE when each feature is shuffled within its fold (seeded).
/// Every `stride`-th fold of `folds`, whole, so that about `max` rows remain: many series
/// make many rows, and each is predicted once per feature and repeat of permutation
/// importance. Folds stay whole because a feature is shuffled within each fold.
fn thinned_folds(folds: &[EvalRows], max: usize) -> Vec<&EvalRows> {
    let total: usize = folds.iter().map(|f| f.targets.len()).sum();
    let stride = total.div_ceil(max.max(1)).max(1);
    folds.iter().step_by(stride).collect()
}

/// One fold's rows and the model that predicts them, ready to predict them again with one
/// feature's column replaced, faster than predicting every changed row from scratch.
///
/// - Trees keep, per row and tree, the leaf value and the features of the row's path: a row
///   whose replaced feature its path does not test lands in the same leaf, so only the trees
///   whose path tests it are walked again (about a third, on the demo). The sums run over the
///   trees in the same order as [`FittedRegressor::predict_row`]: the same numbers.
/// - k nearest neighbours keep, per row, its squared distances to the training rows: replacing
///   one feature changes one term of each ([`crate::models::knn::FittedKnn::predict_replaced`]), the same numbers
///   up to rounding.
struct Repredict<'a> {
    model: &'a FittedTabular,
    rows: &'a EvalRows,
    cache: PredictionCache,
}

/// What [`Repredict`] keeps per row.
enum PredictionCache {
    /// Nothing: linear models predict a row in one pass over it anyway.
    None,
    /// Per row, per tree, `(leaf value, tested features as bits)` (trees of ≤ 64 features).
    Trees(Vec<Vec<(f64, u64)>>),
    /// Per row, its squared distance to every training row searched.
    Knn(Vec<Vec<f64>>),
}

/// The trees of a tree model (empty for other models).
fn trees_of(model: &FittedTabular) -> &[FittedTree] {
    match model {
        FittedTabular::Tree(t) => std::slice::from_ref(t),
        FittedTabular::Forest(f) => f.trees(),
        _ => &[],
    }
}

impl<'a> Repredict<'a> {
    fn new(model: &'a FittedTabular, rows: &'a EvalRows) -> Self {
        let cache = match model {
            FittedTabular::Tree(_) | FittedTabular::Forest(_)
                if trees_of(model).iter().all(|t| t.n_features() <= 64) =>
            {
                let trees = trees_of(model);
                PredictionCache::Trees(
                    rows.rows
                        .iter()
                        .map(|r| trees.iter().map(|t| t.predict_row_and_path(r)).collect())
                        .collect(),
                )
            }
            FittedTabular::Knn(knn) => rows
                .rows
                .iter()
                .map(|r| knn.squared_distances(r))
                .collect::<Option<Vec<_>>>()
                .map_or(PredictionCache::None, PredictionCache::Knn),
            _ => PredictionCache::None,
        };
        Repredict { model, rows, cache }
    }

    /// The prediction of row `i` (whose values are `row`) with feature `j` replaced by `value`.
    fn predict_replaced(&self, i: usize, row: &[f64], j: usize, value: f64) -> f64 {
        match (&self.cache, self.model) {
            (PredictionCache::Trees(paths), _) => {
                let trees = trees_of(self.model);
                let mut changed = row.to_vec();
                changed[j] = value;
                let bit = 1u64.checked_shl(j as u32).unwrap_or(0);
                let leaves = paths[i].iter().zip(trees).map(|(&(leaf, tested), t)| {
                    if tested & bit == 0 { leaf } else { t.predict_row(&changed) }
                });
                match self.model {
                    FittedTabular::Forest(_) => leaves.sum::<f64>() / trees.len() as f64,
                    _ => leaves.sum::<f64>(),
                }
            }
            (PredictionCache::Knn(squared), FittedTabular::Knn(knn)) => {
                knn.predict_replaced(row, &squared[i], j, value)
            }
            _ => {
                let mut changed = row.to_vec();
                changed[j] = value;
                self.model.predict_row(&changed)
            }
        }
    }

    /// Sum of absolute errors over the fold's rows, with feature `j` of row `i` replaced by
    /// `column[i]` when `replaced` is `Some((j, column))`.
    fn absolute_errors(&self, replaced: Option<(usize, &[f64])>) -> f64 {
        let rows = self.rows.rows.iter().zip(&self.rows.targets).enumerate();
        rows.map(|(i, (row, y))| {
            let prediction = match replaced {
                Some((j, column)) => self.predict_replaced(i, row, j, column[i]),
                None => self.model.predict_row(row),
            };
            (prediction - y).abs()
        })
        .sum()
    }
}

fn permutation_importance(
    data: &ImportanceData,
    infos: &[crate::features::FeatureInfo],
    seed: u64,
) -> Vec<Importance> {
    // Each fold with the step-one model of its fit (one_step_rows kept only folds that have one).
    let folds: Vec<Repredict<'_>> = thinned_folds(&data.folds, MAX_IMPORTANCE_ROWS)
        .into_iter()
        .filter_map(|f| {
            let fit = data.fits.get(f.fit)?;
            fit.step_models(f.series).and_then(|m| m.first()).map(|m| Repredict::new(m, f))
        })
        .collect();
    let n: usize = folds.iter().map(|f| f.rows.targets.len()).sum();
    if n == 0 {
        return Vec::new();
    }
    let base: f64 = folds.iter().map(|fold| fold.absolute_errors(None)).sum::<f64>() / n as f64;
    let mut rng = Rng::new(seed);
    let mut out: Vec<Importance> = infos
        .iter()
        .enumerate()
        .map(|(j, info)| {
            let increases: Vec<f64> = (0..PERMUTATION_REPEATS)
                .map(|_| {
                    let total: f64 = folds
                        .iter()
                        .map(|fold| {
                            let mut column: Vec<f64> =
                                fold.rows.rows.iter().map(|r| r[j]).collect();
                            rng.shuffle(&mut column);
                            fold.absolute_errors(Some((j, &column)))
                        })
                        .sum();
                    total / n as f64 - base
                })
                .collect();
            let mean = increases.iter().sum::<f64>() / increases.len() as f64;
            let var = increases.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>()
                / increases.len() as f64;
            Importance { feature: info.key.clone(), mae_increase: mean, std: var.sqrt() }
        })
        .collect();
    out.sort_by(|a, b| b.mae_increase.total_cmp(&a.mae_increase));
    out
}

/// Origins the calibration backtest asks for, `series` series pooling their residuals at a
/// horizon of `horizon` steps: [`CALIBRATION_WINDOWS`] divided by the square root of the
/// series count (rounded up), plus one per step after the first.
///
/// One series needs [`CALIBRATION_WINDOWS`]. `k` series give `k` residuals per origin, but
/// stores of one chain or meters of one grid share their surprises (a heatwave, a strike), so
/// `k` series do not count as `k` independent draws: the square root keeps the
/// pooled residuals growing with the series count while asking fewer origins. Fifty stores at
/// a week ahead need 11 origins instead of 36; the backtest refits each model a fraction as
/// often, which dominated a run on such files.
pub fn calibration_origins(series: usize, horizon: usize) -> usize {
    let mut root = 1;
    while (root + 1) * (root + 1) <= series {
        root += 1;
    }
    // `root` = ⌊√series⌋ ≥ 1; rounding the root down asks a few origins more, never fewer.
    CALIBRATION_WINDOWS.div_ceil(root) + horizon.saturating_sub(1)
}

/// The same data prepared for the calibration backtest: origins one step apart, as many as
/// fit (at most [`calibration_origins`], at least the evaluation's).
fn calibration_plan(frame: &Frame, p: &Prepared, spec: &ForecastSpec) -> Option<Prepared> {
    let min_train = (2 * p.context.season).max(MIN_TRAIN);
    let cfg = |windows| BacktestConfig {
        horizon: p.horizon,
        windows,
        step: 1,
        training: spec.backtest.training,
        refit_every: CALIBRATION_REFIT_EVERY,
        gap: p.gap,
    };
    let mut windows = calibration_origins(frame.series.len(), p.horizon);
    // The series that hold every window of the evaluation hold every calibration window; the
    // others, too new for that, the latest they hold.
    let full = |s: usize| p.folds.get(s).is_some_and(|f| f.len() == p.windows);
    while windows > p.windows {
        let folds: Option<Vec<Vec<Fold>>> = frame
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if !full(i) {
                    return Some(held_folds(&cfg, windows, s.observed_len(), &[min_train]));
                }
                let folds = cfg(windows).folds(s.observed_len()).ok()?;
                folds.iter().all(|f| f.train.len() >= min_train).then_some(folds)
            })
            .collect();
        if let Some(mut folds) = folds {
            align_refits(&mut folds, windows, p);
            return Some(Prepared {
                context: p.context.clone(),
                horizon: p.horizon,
                gap: p.gap,
                filled: p.filled.clone(),
                folds,
                windows,
            });
        }
        windows -= 1;
    }
    None
}

/// Whether window `w` of `p` is marked for a refit (every series alike).
fn refits_at(p: &Prepared, w: usize) -> bool {
    p.folds.iter().any(|f| fold_at(f, w).is_some_and(|f| f.refit))
}

/// The windows of `p` (the evaluation) where its backtest fits a model: the first, and every
/// one marked for a refit.
fn fit_windows(p: &Prepared) -> impl Iterator<Item = usize> + '_ {
    (0..p.windows).filter(|&w| w == 0 || refits_at(p, w))
}

/// The evaluation window (of `eval`) whose fit was trained on the same rows, in every series,
/// as calibration window `w` of `folds`.
fn evaluation_fit_for(eval: &Prepared, folds: &[Vec<Fold>], w: usize) -> Option<usize> {
    let train = |folds: &[Fold], w| fold_at(folds, w).map(|f| f.train.clone());
    fit_windows(eval)
        .find(|&e| eval.folds.iter().zip(folds).all(|(ef, cf)| train(ef, e) == train(cf, w)))
}

/// Most forecasts (series × windows) an evaluation makes ahead for the calibration backtest.
/// Beyond it, with many series, forecasting every model's windows costs more than refitting
/// the one or few models calibrated.
pub const MAX_CALIBRATION_FORECASTS: usize = 1000;

/// Whether `model`'s evaluation forecasts the calibration windows its fold fits serve
/// ([`Evaluation::calibration_windows`]): trees and forests, whose fits cost far more than
/// their forecasts, on few enough series. A history model is re-applied to the newer data at
/// every origin anyway, linear fits are cheap, and k nearest neighbours' cost is all in
/// forecasting: they are calibrated by their own backtest.
fn forecasts_calibration_windows(model: &ModelSpec, plan: &Prepared) -> bool {
    let trees = matches!(
        model,
        ModelSpec::DecisionTree { .. }
            | ModelSpec::RandomForest { .. }
            | ModelSpec::ExtraTrees { .. }
    );
    trees && plan.folds.len().saturating_mul(plan.windows) <= MAX_CALIBRATION_FORECASTS
}

/// Marks where the calibration backtest refits: at its first window, at every window whose
/// training rows are those of one of the evaluation's fits (that fit then serves it: the
/// evaluation forecasts those windows as it goes, see [`Evaluation::calibration_windows`]),
/// and after [`CALIBRATION_REFIT_EVERY`] windows without a refit. Every series refits at the
/// same windows.
fn align_refits(folds: &mut [Vec<Fold>], windows: usize, eval: &Prepared) {
    let mut last = 0;
    for w in 0..windows {
        let refit = w == 0
            || w - last >= CALIBRATION_REFIT_EVERY
            || evaluation_fit_for(eval, folds, w).is_some();
        if refit {
            last = w;
        }
        for fold in folds.iter_mut().flat_map(|f| f.iter_mut()).filter(|f| f.index == w) {
            fold.refit = refit;
        }
    }
}

/// The calibration windows that the evaluation's fold fits serve (see [`align_refits`]),
/// forecast by those fits; empty if one of them fails (the calibration backtest then meets
/// the same failure on its own).
fn calibration_windows_of(
    frame: &Frame,
    p: &Prepared,
    plan: &Prepared,
    fits: &[ForecastModel],
) -> Vec<CalibrationWindow> {
    let fitted_at: Vec<usize> = fit_windows(p).collect();
    let mut out = Vec::new();
    for first in (0..plan.windows).filter(|&c| refits_at(plan, c)) {
        let Some(e) = evaluation_fit_for(p, &plan.folds, first) else { continue };
        let Some(fit) = fitted_at.iter().position(|&f| f == e).and_then(|k| fits.get(k)) else {
            continue;
        };
        // The fit serves its refit window and the following ones, up to the next refit.
        let mut w = first;
        while w < plan.windows && (w == first || !refits_at(plan, w)) {
            match window_results(frame, plan, fit, w) {
                Ok(results) => out.push((w, results)),
                Err(_) => return Vec::new(),
            }
            w += 1;
        }
    }
    out
}

/// Backtest results behind the intervals: the calibration plan's when the history allows it,
/// else the evaluation's. Ensembles combine their members' calibration forecasts.
fn calibration_results(
    frame: &Frame,
    p: &Prepared,
    spec: &ForecastSpec,
    models: &[(usize, &ModelSpec, &[CalibrationWindow])],
    method: EnsembleMethod,
    fallback: &[BacktestResult],
    parts: &[FinishPart],
) -> Vec<BacktestResult> {
    let Some(plan) = calibration_plan(frame, p, spec) else { return fallback.to_vec() };
    let mut members = Vec::with_capacity(models.len());
    for &(i, m, windows) in models {
        let computed = parts.iter().find_map(|part| match part {
            FinishPart::Calibration { model, results } if *model == i => Some(results),
            _ => None,
        });
        let results = match computed {
            Some(results) => results.clone(),
            None => calibration_backtest(frame, &plan, m, windows),
        };
        match results {
            Some(r) => members.push(r),
            None => return fallback.to_vec(),
        }
    }
    combine_members(members, method)
}

/// One model's backtest on the calibration plan; `None` if it failed. The windows in `given`
/// (its evaluation's, [`Evaluation::calibration_windows`]) are taken as they are: fits are
/// deterministic, so they are the windows a refit here would forecast.
fn calibration_backtest(
    frame: &Frame,
    plan: &Prepared,
    model: &ModelSpec,
    given: &[CalibrationWindow],
) -> Option<Vec<BacktestResult>> {
    let steps = plan.gap + plan.horizon;
    let mut results: Vec<Vec<FoldResult>> = vec![Vec::new(); frame.series.len()];
    let mut fit: Option<ForecastModel> = None;
    let mut group_start = 0;
    for w in 0..plan.windows {
        if w == 0 || refits_at(plan, w) {
            fit = None;
            group_start = w;
        }
        let window = match given.iter().find(|(g, _)| *g == w) {
            Some((_, window)) => window.clone(),
            None => {
                if fit.is_none() {
                    let train = training_rows(plan, group_start);
                    fit = Some(fit_model(model, &plan.context, frame, &train, steps).ok()?);
                }
                window_results(frame, plan, fit.as_ref()?, w).ok()?
            }
        };
        for (s, result) in window {
            results.get_mut(s)?.push(result);
        }
    }
    Some(results.into_iter().map(|folds| BacktestResult { folds }).collect())
}

/// The backtest of an ensemble from its members' backtests (one member is its own ensemble).
pub(crate) fn combine_members(
    mut members: Vec<Vec<BacktestResult>>,
    method: EnsembleMethod,
) -> Vec<BacktestResult> {
    if members.len() == 1 {
        return members.swap_remove(0);
    }
    let candidates: Vec<CandidateBacktest> = members
        .into_iter()
        .enumerate()
        .map(|(i, per_series)| CandidateBacktest {
            name: format!("member_{i}"),
            complexity_rank: 0,
            per_series,
        })
        .collect();
    let refs: Vec<&CandidateBacktest> = candidates.iter().collect();
    combine_candidates(&refs, method).per_series
}

/// Runs the whole pipeline on `frame`: [`evaluate`] every model, then [`finish`].
pub fn run(
    frame: &Frame,
    spec: &ForecastSpec,
    observer: &mut dyn RunObserver,
) -> Result<ForecastRun, ForecastError> {
    let started = observer.now_ms();
    let count = resolved_model_count(frame, spec)?;
    let all: Vec<usize> = (0..count).collect();
    let evaluations = evaluate(frame, spec, &all, observer)?;
    let mut run = finish(frame, spec, evaluations, observer)?;
    if let (Some(a), Some(b)) = (started, observer.now_ms()) {
        run.timings.total_ms = b - a;
    }
    Ok(run)
}

/// How many models `spec` runs on `frame` once its defaults are resolved.
pub fn resolved_model_count(frame: &Frame, spec: &ForecastSpec) -> Result<usize, ForecastError> {
    let frame = &*forecastable(frame, min_history(spec));
    Ok(prepare(frame, spec, &mut Vec::new())?.1.models.len())
}

/// Splits the models `spec` runs on `frame` into at most `parts` groups of model indices with
/// similar expected cost (longest first onto the least loaded group), for [`evaluate`] calls
/// running side by side. Groups are never empty; fewer models than `parts` give fewer groups.
pub fn partition(
    frame: &Frame,
    spec: &ForecastSpec,
    parts: usize,
) -> Result<Vec<Vec<usize>>, ForecastError> {
    let frame = &*forecastable(frame, min_history(spec));
    let models = prepare(frame, spec, &mut Vec::new())?.1.models;
    let mut order: Vec<usize> = (0..models.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(models[i].relative_cost()));
    let mut groups: Vec<(u64, Vec<usize>)> =
        vec![(0, Vec::new()); parts.clamp(1, models.len().max(1))];
    for i in order {
        if let Some(lightest) = groups.iter_mut().min_by_key(|g| g.0) {
            lightest.0 += models[i].relative_cost();
            lightest.1.push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = groups
        .into_iter()
        .map(|(_, mut g)| {
            g.sort_unstable();
            g
        })
        .filter(|g| !g.is_empty())
        .collect();
    groups.sort();
    Ok(groups)
}

/// Backtests the models at `indices` (into the resolved spec's model list) on the run's shared
/// folds, with their permutation importance, then fits each on the whole history and forecasts.
/// A model that fails is recorded in its [`Evaluation`], never fatal; only a cancellation or a
/// spec that does not fit the data stops the call. An index out of range is skipped.
pub fn evaluate(
    frame: &Frame,
    spec: &ForecastSpec,
    indices: &[usize],
    observer: &mut dyn RunObserver,
) -> Result<Vec<Evaluation>, ForecastError> {
    let frame = &*forecastable(frame, min_history(spec));
    let (p, resolved) = prepare(frame, spec, &mut Vec::new())?;
    let infos = p.context.feature_infos()?;
    let ids = model_ids(&resolved.models);
    let model_count = resolved.models.len();
    let full: Vec<Range<usize>> = frame.series.iter().map(|s| 0..s.observed_len()).collect();
    let calibration = calibration_plan(frame, &p, &resolved);
    let mut out = Vec::with_capacity(indices.len());
    for &i in indices {
        let (Some(spec_i), Some(id)) = (resolved.models.get(i), ids.get(i)) else { continue };
        let t0 = observer.now_ms();
        let mut report_progress = |fold| {
            observer.progress(&Progress {
                model_index: i,
                model_count,
                model: id.clone(),
                fold,
                fold_count: p.windows,
            })
        };
        let outcome = backtest_model(frame, &p, spec_i, Keep::ImportanceRows, &mut report_progress);
        let mut failure_kind = None;
        let mut failure_series = None;
        let mut calibration_windows = Vec::new();
        let (results, importance) = match outcome {
            Ok((results, data)) => {
                let importance = (!data.folds.is_empty())
                    .then(|| permutation_importance(&data, &infos, resolved.seed ^ i as u64));
                if let Some(plan) = &calibration
                    && forecasts_calibration_windows(spec_i, plan)
                {
                    calibration_windows = calibration_windows_of(frame, &p, plan, &data.fits);
                }
                (Ok(results), importance)
            }
            Err(ForecastError::Cancelled) => return Err(ForecastError::Cancelled),
            Err(e) => {
                failure_kind = Some(FailureKind::of(&e));
                failure_series = e.series().map(str::to_owned);
                (Err(e.to_string()), None)
            }
        };
        let mut eval = Evaluation {
            index: i,
            results,
            importance,
            future: Vec::new(),
            final_failure: None,
            failure_kind,
            failure_series,
            ms: None,
            fitted: None,
            calibration_windows,
        };
        if eval.results.is_ok() {
            if report_progress(p.windows) == Control::Cancel {
                return Err(ForecastError::Cancelled);
            }
            match fit_model(spec_i, &p.context, frame, &full, p.horizon)
                .and_then(|m| m.forecast(frame).map(|f| (m, f)))
            {
                Ok((m, f)) => {
                    eval.future = f;
                    eval.fitted = Some(m);
                }
                Err(err) => {
                    eval.failure_kind = Some(FailureKind::of(&err));
                    eval.failure_series = err.series().map(str::to_owned);
                    eval.final_failure = Some(err.to_string());
                }
            }
        }
        if let (Some(a), Some(b)) = (t0, observer.now_ms()) {
            eval.ms = Some(b - a);
        }
        out.push(eval);
    }
    Ok(out)
}

/// Finishes a run from the [`Evaluation`]s of every model (from one [`evaluate`] call or
/// several, in any order): ranks them, tries an ensemble, calibrates the chosen forecaster's
/// intervals, explains it and writes the report. Models whose fit did not travel with their
/// evaluation are refitted when needed (the chosen model, ensemble members, the explained one).
pub fn finish(
    frame: &Frame,
    spec: &ForecastSpec,
    evaluations: Vec<Evaluation>,
    observer: &mut dyn RunObserver,
) -> Result<ForecastRun, ForecastError> {
    finish_with_parts(frame, spec, evaluations, &[], observer)
}

/// [`finish`], taking the [`FinishPart`]s already computed (by [`finish_part`], possibly in
/// other workers) instead of computing them again: the same report, the same model.
pub fn finish_with_parts(
    frame: &Frame,
    spec: &ForecastSpec,
    evaluations: Vec<Evaluation>,
    parts: &[FinishPart],
    observer: &mut dyn RunObserver,
) -> Result<ForecastRun, ForecastError> {
    match finish_inner(frame, spec, evaluations, parts, false, observer)? {
        Finished::Run(run) => Ok(*run),
        Finished::Plan(_) => Err(ForecastError::EvaluationsMismatch),
    }
}

/// What [`finish`] will calibrate and explain for these evaluations (their ranking decides):
/// the work [`share::assign`] spreads over several workers.
pub fn plan_finish(
    frame: &Frame,
    spec: &ForecastSpec,
    evaluations: Vec<Evaluation>,
) -> Result<FinishPlan, ForecastError> {
    match finish_inner(frame, spec, evaluations, &[], true, &mut ())? {
        Finished::Plan(plan) => Ok(plan),
        Finished::Run(_) => Err(ForecastError::EvaluationsMismatch),
    }
}

/// One part of a run's finish, computed on its own: a model's calibration backtest, or the
/// explanation. `evaluations` are the run's (any subset holding the model's: its final fit is
/// used when it is there, else the model is fitted again).
pub fn finish_part(
    frame: &Frame,
    spec: &ForecastSpec,
    evaluations: &[Evaluation],
    task: FinishTask,
) -> Result<FinishPart, ForecastError> {
    let frame = &*forecastable(frame, min_history(spec));
    let (p, resolved) = prepare(frame, spec, &mut Vec::new())?;
    match task {
        FinishTask::Calibrate { model } => {
            let spec_i = resolved.models.get(model).ok_or(ForecastError::EvaluationsMismatch)?;
            let given = evaluations
                .iter()
                .find(|e| e.index == model)
                .map_or(&[][..], |e| e.calibration_windows.as_slice());
            let results = calibration_plan(frame, &p, &resolved)
                .and_then(|plan| calibration_backtest(frame, &plan, spec_i, given));
            Ok(FinishPart::Calibration { model, results })
        }
        FinishTask::Explain { model, is_chosen } => {
            let spec_i = resolved.models.get(model).ok_or(ForecastError::EvaluationsMismatch)?;
            let id = model_ids(&resolved.models).swap_remove(model);
            let infos = p.context.feature_infos()?;
            let fitted =
                match evaluations.iter().find(|e| e.index == model).and_then(|e| e.fitted.as_ref())
                {
                    Some(m) => m.clone(),
                    None => {
                        let full: Vec<Range<usize>> =
                            frame.series.iter().map(|s| 0..s.observed_len()).collect();
                        fit_model(spec_i, &p.context, frame, &full, p.horizon)?
                    }
                };
            let explanation = explain(frame, &p, &id, &fitted, &infos, is_chosen)?;
            Ok(FinishPart::Explanation { model, explanation })
        }
    }
}

/// What [`finish_inner`] made: the run, or only its plan.
enum Finished {
    Run(Box<ForecastRun>),
    Plan(FinishPlan),
}

fn finish_inner(
    frame: &Frame,
    spec: &ForecastSpec,
    evaluations: Vec<Evaluation>,
    parts: &[FinishPart],
    plan_only: bool,
    observer: &mut dyn RunObserver,
) -> Result<Finished, ForecastError> {
    let started = observer.now_ms();
    let mut lap = started;
    let mut stage = |name: &str, timings: &mut Timings| {
        if let (Some(a), Some(b)) = (lap, observer.now_ms()) {
            timings.finish_ms.push((name.to_string(), b - a));
            lap = Some(b);
        }
    };
    // Validated before the new series' forecasts are laid out over the horizon.
    spec::validate(spec)?;
    let (mut warnings, new_series) = skipped_series(frame, spec);
    let frame = &*forecastable(frame, min_history(spec));
    let (p, resolved) = prepare(frame, spec, &mut warnings)?;
    let season = p.context.season;
    let infos = p.context.feature_infos()?;
    let ids = model_ids(&resolved.models);
    let mut timings = Timings::default();
    let mut slots: Vec<Option<Evaluation>> = vec![None; resolved.models.len()];
    for e in evaluations {
        match slots.get_mut(e.index) {
            Some(slot @ None) => *slot = Some(e),
            _ => return Err(ForecastError::EvaluationsMismatch),
        }
    }
    let mut evaluated: Vec<Evaluated> = Vec::with_capacity(slots.len());
    for ((slot, spec_i), id) in slots.into_iter().zip(&resolved.models).zip(&ids) {
        let eval = slot.ok_or(ForecastError::EvaluationsMismatch)?;
        if let Some(ms) = eval.ms {
            timings.per_model_ms.push((id.clone(), ms));
        }
        evaluated.push(Evaluated { id: id.clone(), spec: spec_i.clone(), eval });
    }
    let full: Vec<Range<usize>> = frame.series.iter().map(|s| 0..s.observed_len()).collect();
    // A fit that did not travel is made once: the chosen model, an ensemble member and the
    // explained model are often the same one.
    let refits: std::cell::RefCell<Vec<Option<ForecastModel>>> =
        std::cell::RefCell::new(vec![None; evaluated.len()]);
    let model_of = |i: usize| -> Result<ForecastModel, ForecastError> {
        if let Some(m) = &evaluated[i].eval.fitted {
            return Ok(m.clone());
        }
        if let Some(m) = &refits.borrow()[i] {
            return Ok(m.clone());
        }
        let m = fit_model(&evaluated[i].spec, &p.context, frame, &full, p.horizon)?;
        refits.borrow_mut()[i] = Some(m.clone());
        Ok(m)
    };

    // 2. Rank the models that could be evaluated, and try an ensemble of the best.
    let mut failed: Vec<LeaderboardRow> = Vec::new();
    let mut candidates: Vec<CandidateBacktest> = Vec::new();
    for e in &evaluated {
        match &e.eval.results {
            Ok(r) => candidates.push(CandidateBacktest {
                name: e.id.clone(),
                complexity_rank: u32::from(e.spec.complexity()),
                per_series: r.clone(),
            }),
            Err(reason) => {
                warnings.push(ForecastWarning::ModelFailed {
                    model: e.id.clone(),
                    reason: reason.clone(),
                    kind: e.eval.failure_kind.clone().unwrap_or_default(),
                    series: e.eval.failure_series.clone(),
                });
                failed.push(LeaderboardRow {
                    id: e.id.clone(),
                    name_en: e.spec.name_en(),
                    name_fr: e.spec.name_fr(),
                    family: Some(e.spec.family()),
                    metrics: None,
                    per_step: vec![],
                    per_series: vec![],
                    members: vec![],
                    rank: None,
                    failure: Some(reason.clone()),
                });
            }
        }
    }
    if candidates.is_empty() {
        let first_reason = failed.first().and_then(|r| r.failure.clone()).unwrap_or_default();
        let kind = evaluated.iter().find_map(|e| e.eval.failure_kind.clone()).unwrap_or_default();
        return Err(ForecastError::NoModelSucceeded { first_reason, kind });
    }
    let series_refs: Vec<SeriesRef<'_>> = frame
        .series
        .iter()
        .zip(&p.filled)
        .map(|(s, values)| SeriesRef { id: &s.id, values })
        .collect();
    let board = build_leaderboard(
        &series_refs,
        &candidates,
        &LeaderboardConfig {
            season,
            tie_tolerance: TIE_TOLERANCE,
            ensemble: (resolved.ensemble.top_k >= 2).then_some(EnsembleConfig {
                top_k: resolved.ensemble.top_k,
                combine: resolved.ensemble.method,
            }),
        },
    )?;
    let spec_of = |id: &str| evaluated.iter().find(|e| e.id == id).map(|e| &e.spec);
    let member_names = |members: &[String], name: fn(&ModelSpec) -> String| {
        members
            .iter()
            .map(|m| spec_of(m).map_or_else(|| m.clone(), name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen = board.chosen_row().map(|r| r.name.clone()).unwrap_or_default();
    let mut leaderboard: Vec<LeaderboardRow> = board
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (name_en, name_fr, family) = match spec_of(&r.name) {
                Some(m) => (m.name_en(), m.name_fr(), Some(m.family())),
                None => (
                    format!(
                        "Ensemble ({} of {})",
                        method_en(resolved.ensemble.method),
                        member_names(&r.members, ModelSpec::name_en)
                    ),
                    {
                        let members = member_names(&r.members, ModelSpec::name_fr);
                        format!(
                            "Ensemble ({} {}{members})",
                            method_fr(resolved.ensemble.method),
                            de_before(&members)
                        )
                    },
                    None,
                ),
            };
            LeaderboardRow {
                id: if r.members.is_empty() { r.name.clone() } else { ENSEMBLE_ID.into() },
                name_en,
                name_fr,
                family,
                metrics: Some(r.overall.clone()),
                per_step: r.per_step.clone(),
                per_series: frame
                    .series
                    .iter()
                    .map(|s| {
                        r.per_series.iter().find(|(id, _)| *id == s.id).map(|(_, m)| m.clone())
                    })
                    .collect(),
                members: r.members.clone(),
                rank: Some(i + 1),
                failure: None,
            }
        })
        .collect();
    let chosen_row = leaderboard
        .iter()
        .position(|r| r.id == chosen || (r.id == ENSEMBLE_ID && spec_of(&chosen).is_none()));
    let chosen = chosen_row.map_or(chosen, |i| leaderboard[i].id.clone());
    leaderboard.extend(failed);
    let chosen_is_ensemble = chosen == ENSEMBLE_ID;
    let ensemble_members: Vec<usize> = leaderboard
        .iter()
        .find(|r| r.id == ENSEMBLE_ID)
        .map(|r| {
            r.members.iter().filter_map(|m| evaluated.iter().position(|e| &e.id == m)).collect()
        })
        .unwrap_or_default();
    warnings.extend(board.chosen_row().and_then(mase_leaves_out));
    let ensemble_results = board.ensemble_backtests;
    if chosen_is_ensemble {
        warnings.push(ForecastWarning::EnsembleChosen {
            members: ensemble_members.iter().map(|&i| evaluated[i].id.clone()).collect(),
        });
    }

    stage("ranking", &mut timings);

    // 4. Final fits on the whole history (made by `evaluate`): failures, and the chosen model.
    for e in &evaluated {
        if let (Ok(_), Some(reason)) = (&e.eval.results, &e.eval.final_failure) {
            warnings.push(ForecastWarning::ModelFailed {
                model: e.id.clone(),
                reason: reason.clone(),
                kind: e.eval.failure_kind.clone().unwrap_or_default(),
                series: e.eval.failure_series.clone(),
            });
        }
    }
    let has_final = |i: usize| evaluated[i].eval.has_final();
    // The models the intervals are calibrated on, and the model explained: the chosen model if
    // it is tabular, else the best tabular model.
    let calibration_indices: Vec<usize> = if chosen_is_ensemble {
        ensemble_members.clone()
    } else {
        evaluated.iter().position(|e| e.id == chosen).into_iter().collect()
    };
    let ranked: Vec<usize> = leaderboard
        .iter()
        .filter(|r| r.metrics.is_some())
        .filter_map(|r| evaluated.iter().position(|e| e.id == r.id))
        .collect();
    // k nearest neighbours uses features but has no exact SHAP: it is never the one explained
    // (a chosen k-NN, or one ranked first, left the run without an explanation).
    let explainable = |i: usize| evaluated[i].spec.explainable() && has_final(i);
    let explained = explained_model(
        &ranked,
        evaluated.iter().position(|e| e.id == chosen),
        if chosen_is_ensemble { &ensemble_members } else { &[] },
        explainable,
    );
    if plan_only {
        let calibration = calibration_plan(frame, &p, &resolved);
        let served = match &calibration {
            Some(plan) => calibration_indices
                .iter()
                .copied()
                .filter(|&i| forecasts_calibration_windows(&evaluated[i].spec, plan))
                .collect(),
            None => Vec::new(),
        };
        return Ok(Finished::Plan(FinishPlan {
            calibrate: if calibration.is_some() { calibration_indices.clone() } else { Vec::new() },
            served,
            explain: explained
                .map(|i| FinishTask::Explain { model: i, is_chosen: evaluated[i].id == chosen }),
            chosen: if chosen_is_ensemble {
                ensemble_members.iter().copied().filter(|&i| has_final(i)).collect()
            } else {
                calibration_indices
            },
        }));
    }
    let (saved, mut point, chosen_results): (SavedModel, Vec<Vec<f64>>, &Vec<BacktestResult>) =
        if chosen_is_ensemble {
            let members: Vec<ForecastModel> = ensemble_members
                .iter()
                .filter(|&&i| has_final(i))
                .map(|&i| model_of(i))
                .collect::<Result<_, _>>()?;
            let saved = SavedModel::Ensemble { method: resolved.ensemble.method, members };
            let point = saved.forecast(frame)?;
            let results = ensemble_results.as_ref().ok_or(ForecastError::NoSeries)?;
            (saved, point, results)
        } else {
            let i = evaluated.iter().position(|e| e.id == chosen).ok_or(ForecastError::NoSeries)?;
            if !has_final(i) {
                return Err(ForecastError::NoModelSucceeded {
                    first_reason: format!("the final fit of {chosen} failed"),
                    kind: evaluated[i].eval.failure_kind.clone().unwrap_or_default(),
                });
            }
            let results = evaluated[i].eval.results.as_ref().map_err(|r| {
                ForecastError::NoModelSucceeded {
                    first_reason: r.clone(),
                    kind: evaluated[i].eval.failure_kind.clone().unwrap_or_default(),
                }
            })?;
            let model = model_of(i)?;
            (
                SavedModel::Single { model: Box::new(model) },
                evaluated[i].eval.future.clone(),
                results,
            )
        };

    stage("chosen", &mut timings);

    // 5. Conformal intervals from the chosen model's out-of-sample residuals.
    let interval_cfg = IntervalConfig {
        levels: resolved.interval_levels.clone(),
        scaling: resolved.interval_scaling,
    };
    let calibration_models: Vec<(usize, &ModelSpec, &[CalibrationWindow])> = calibration_indices
        .iter()
        .map(|&i| (i, &evaluated[i].spec, evaluated[i].eval.calibration_windows.as_slice()))
        .collect();
    let calibration_set = calibration_results(
        frame,
        &p,
        &resolved,
        &calibration_models,
        resolved.ensemble.method,
        chosen_results,
        parts,
    );
    let pairs: Vec<(&[f64], &BacktestResult)> =
        p.filled.iter().map(Vec::as_slice).zip(calibration_set.iter()).collect();
    // Flat histories (a file of all-zero series) leave nothing to scale the errors by: the
    // forecasts are still made, without intervals, and a warning says why.
    let calibration = match ConformalCalibration::from_backtests(&pairs, &interval_cfg) {
        Ok(calibration) => Some(calibration),
        Err(IntervalError::NoResiduals) => {
            warnings.push(ForecastWarning::Interval(IntervalWarning::NoCalibration));
            None
        }
        Err(e) => return Err(e.into()),
    };
    let coverage_report = calibration.as_ref().map(ConformalCalibration::coverage_report);
    if let (Some(calibration), Some(report)) = (&calibration, &coverage_report) {
        warnings.extend(calibration.warnings().iter().copied().map(ForecastWarning::Interval));
        warnings.extend(report.warnings.iter().copied().map(ForecastWarning::Interval));
    }
    let clip = match resolved.non_negative {
        NonNegative::Always => true,
        NonNegative::Never => false,
        NonNegative::Auto => p.filled.iter().flatten().all(|v| *v >= 0.0),
    };
    // Whether clipping changed a value: only then is it worth a warning.
    let mut raised_to_zero = false;
    let mut forecasts = Vec::with_capacity(frame.series.len());
    for (s, series) in frame.series.iter().enumerate() {
        let intervals = match calibration.as_ref().map(|c| c.intervals(&point[s], &p.filled[s])) {
            Some(Ok(intervals)) => intervals,
            Some(Err(IntervalError::NoSpread { .. })) => {
                warnings.push(ForecastWarning::Interval(IntervalWarning::SeriesWithoutSpread {
                    series: s,
                }));
                ForecastIntervals { per_step: Vec::new(), warnings: Vec::new() }
            }
            Some(Err(e)) => return Err(e.into()),
            None => ForecastIntervals { per_step: Vec::new(), warnings: Vec::new() },
        };
        warnings.extend(intervals.warnings.iter().copied().map(ForecastWarning::Interval));
        let mut bands: Vec<Band> = resolved
            .interval_levels
            .iter()
            .filter(|l| {
                !intervals.per_step.is_empty()
                    && intervals.per_step.iter().all(|step| step.iter().any(|i| i.level == **l))
            })
            .map(|&level| Band {
                level,
                lower: intervals
                    .per_step
                    .iter()
                    .filter_map(|st| st.iter().find(|i| i.level == level))
                    .map(|i| i.lower)
                    .collect(),
                upper: intervals
                    .per_step
                    .iter()
                    .filter_map(|st| st.iter().find(|i| i.level == level))
                    .map(|i| i.upper)
                    .collect(),
            })
            .collect();
        if clip {
            let bounds = bands.iter_mut().flat_map(|b| b.lower.iter_mut().chain(&mut b.upper));
            for v in point[s].iter_mut().chain(bounds) {
                raised_to_zero |= *v < 0.0;
                *v = v.max(0.0);
            }
        }
        let last = series.timestamps[series.observed_len() - 1];
        let timestamps =
            (1..=p.horizon as i64).map(|k| frame.freq.add_steps(last, k).unwrap_or(last)).collect();
        forecasts.push(SeriesForecast {
            series: series.id.clone(),
            timestamps,
            point: point[s].clone(),
            bands,
        });
    }
    if raised_to_zero {
        warnings.push(ForecastWarning::ClippedAtZero);
    }

    stage("calibration", &mut timings);

    // 6. Explanation (of `explained`, chosen above), unless it was computed already.
    let given = |i: usize| {
        parts.iter().find_map(|part| match part {
            FinishPart::Explanation { model, explanation } if *model == i => Some(explanation),
            _ => None,
        })
    };
    let explanation = match explained {
        Some(i) => match given(i) {
            Some(explanation) => explanation.clone(),
            None => explain(
                frame,
                &p,
                &evaluated[i].id,
                &model_of(i)?,
                &infos,
                evaluated[i].id == chosen,
            )?,
        },
        None => None,
    };
    if let Some(e) = explanation.as_ref().filter(|e| !e.is_chosen) {
        let member = ensemble_members.iter().any(|&i| evaluated[i].id == e.model);
        warnings.push(ForecastWarning::ExplainedAnotherModel {
            model: e.model.clone(),
            member_of_ensemble: chosen_is_ensemble && member,
        });
    }
    stage("explanation", &mut timings);
    // The chosen model is not always the first row: a near tie goes to the simpler model.
    let chosen_row = leaderboard.iter().find(|r| r.id == chosen).unwrap_or(&leaderboard[0]);
    let summary = summary::write(&summary::Inputs {
        frame,
        forecasts: &forecasts,
        explanation: explanation.as_ref(),
        infos: &infos,
        chosen: chosen_row,
        leaderboard: &leaderboard,
        transformed: resolved.transform != TargetTransform::None,
        windows: p.windows,
    });
    let residuals = diagnostics(chosen_results, season);
    let backtests = evaluated
        .iter()
        .filter_map(|e| e.eval.results.as_ref().ok().map(|r| (e.id.clone(), r)))
        .chain(ensemble_results.as_ref().map(|r| (ENSEMBLE_ID.to_string(), r)))
        .map(|(id, results)| ModelBacktest { model: id, folds: traces(frame, results) })
        .collect();
    let model_forecasts = evaluated
        .iter()
        .filter(|e| e.eval.has_final())
        .map(|e| ModelForecast { model: e.id.clone(), point: e.eval.future.clone() })
        .collect();
    let importance = evaluated
        .iter()
        .filter_map(|e| {
            e.eval
                .importance
                .clone()
                .map(|features| ModelImportance { model: e.id.clone(), features })
        })
        .collect();
    if let (Some(a), Some(b)) = (started, observer.now_ms()) {
        timings.total_ms = b - a;
    }
    stage("report", &mut timings);
    let report = ForecastReport {
        spec: resolved,
        frequency: frame.freq,
        season,
        target_name: frame.target_name.clone(),
        series: frame.series.iter().map(|s| s.id.clone()).collect(),
        features: infos,
        windows: p.windows,
        leaderboard,
        chosen,
        backtests,
        forecasts,
        new_series,
        model_forecasts,
        coverage: coverage_report.map(|r| r.per_step).unwrap_or_default(),
        calibration_windows: calibration_set.iter().map(|r| r.folds.len()).max().unwrap_or(0),
        importance,
        explanation,
        summary,
        residuals,
        clipped_at_zero: clip,
        warnings,
    };
    Ok(Finished::Run(Box::new(ForecastRun { report, model: saved, timings })))
}

/// Fits `model` on the whole history of `frame`, with `spec`'s features and settings resolved
/// as a run would resolve them, but without backtests: what a load test needs.
pub fn fit_on_history(
    frame: &Frame,
    spec: &ForecastSpec,
    model: &ModelSpec,
) -> Result<ForecastModel, ForecastError> {
    let frame = &*forecastable(frame, min_history(spec));
    let mut warnings = Vec::new();
    let (p, _) = prepare(frame, spec, &mut warnings)?;
    let full: Vec<Range<usize>> = frame.series.iter().map(|s| 0..s.observed_len()).collect();
    fit_model(model, &p.context, frame, &full, p.horizon)
}

fn method_en(m: EnsembleMethod) -> &'static str {
    match m {
        EnsembleMethod::Mean => "mean",
        EnsembleMethod::Median => "median",
    }
}

fn method_fr(m: EnsembleMethod) -> &'static str {
    match m {
        EnsembleMethod::Mean => "moyenne",
        EnsembleMethod::Median => "médiane",
    }
}

fn traces(frame: &Frame, results: &[BacktestResult]) -> Vec<FoldTrace> {
    results
        .iter()
        .enumerate()
        .flat_map(|(s, r)| {
            let ts = &frame.series[s].timestamps;
            r.folds.iter().map(move |f| FoldTrace {
                series: s,
                fold: f.fold.index,
                cutoff: ts[f.fold.train.end - 1],
                timestamps: ts[f.fold.test.clone()].to_vec(),
                forecast: f.forecast.clone(),
                actual: f.actual.clone(),
            })
        })
        .collect()
}

fn diagnostics(results: &[BacktestResult], season: usize) -> Option<ResidualDiagnostics> {
    let residuals: Vec<f64> = results
        .iter()
        .flat_map(|r| r.folds.iter().flat_map(|f| f.errors.iter().copied()))
        .collect();
    if residuals.is_empty() {
        return None;
    }
    let n = residuals.len() as f64;
    let mean = residuals.iter().sum::<f64>() / n;
    let std = (residuals.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / n).sqrt();
    let horizon =
        results.iter().flat_map(|r| r.folds.iter()).map(|f| f.errors.len()).max().unwrap_or(0);
    let mae_per_step = (0..horizon)
        .map(|k| {
            let v: Vec<f64> = results
                .iter()
                .flat_map(|r| r.folds.iter().filter_map(move |f| f.errors.get(k)))
                .map(|e| e.abs())
                .collect();
            v.iter().sum::<f64>() / v.len().max(1) as f64
        })
        .collect();
    // Autocorrelation of the residual sequence within each fold, pooled.
    let max_lag = season.min(horizon.saturating_sub(1));
    let var: f64 = residuals.iter().map(|r| (r - mean).powi(2)).sum();
    let acf = (1..=max_lag)
        .map(|lag| {
            let num: f64 = results
                .iter()
                .flat_map(|r| r.folds.iter())
                .map(|f| {
                    f.errors.windows(lag + 1).map(|w| (w[0] - mean) * (w[lag] - mean)).sum::<f64>()
                })
                .sum();
            if var > 0.0 { num / var } else { 0.0 }
        })
        .collect();
    Some(ResidualDiagnostics { residuals, mean, std, acf, mae_per_step })
}

fn explain(
    frame: &Frame,
    p: &Prepared,
    id: &str,
    model: &ForecastModel,
    infos: &[crate::features::FeatureInfo],
    is_chosen: bool,
) -> Result<Option<Explanation>, ForecastError> {
    let mut steps = Vec::new();
    let explained = explained_series(frame.series.len(), p.horizon);
    for (s, series) in frame.series.iter().enumerate().take(explained) {
        let Some(models) = model.step_models(s) else { return Ok(None) };
        let end = series.observed_len();
        let (_, rows) = model.forecast_from(frame, s, 0..end, p.horizon)?;
        let last = series.timestamps[end - 1];
        for (k, row) in rows.rows.iter().enumerate() {
            let m = match p.context.strategy {
                spec::Strategy::Recursive => &models[0],
                spec::Strategy::Direct => &models[k.min(models.len() - 1)],
            };
            let Some(attr) = m.shap(row) else { return Ok(None) };
            // Direct models for later steps have fewer features: names follow that builder.
            let step_infos: Vec<crate::features::FeatureInfo> = match p.context.strategy {
                spec::Strategy::Recursive => infos.to_vec(),
                spec::Strategy::Direct => {
                    p.context.builders(k + 1)?.swap_remove(k).infos().to_vec()
                }
            };
            let mut groups: Vec<GroupContribution> = Vec::new();
            for (info, v) in step_infos.iter().zip(&attr.values) {
                match groups.iter_mut().find(|g| g.group == info.group) {
                    Some(g) => g.value += v,
                    None => groups.push(GroupContribution { group: info.group, value: *v }),
                }
            }
            groups.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
            steps.push(StepExplanation {
                series: s,
                step: k + 1,
                timestamp: frame.freq.add_steps(last, k as i64 + 1).unwrap_or(last),
                prediction: m.predict_row(row),
                base_value: attr.base_value,
                shap: attr.values,
                values: row.clone(),
                groups,
                fed_by_predictions: rows.fed_by_predictions[k]
                    .iter()
                    .filter_map(|&j| step_infos.get(j).map(|i| i.key.clone()))
                    .collect(),
            });
        }
    }
    Ok(Some(Explanation {
        model: id.to_string(),
        is_chosen,
        transformed_scale: p.context.transform != TargetTransform::None,
        steps,
    }))
}

/// Keeps [`FeatureGroup`] in this module's vocabulary for the summary writer.
pub(crate) fn group_names(group: FeatureGroup) -> (&'static str, &'static str) {
    match group {
        FeatureGroup::RecentLevel => ("the recent level", "le niveau récent"),
        FeatureGroup::SeasonalPattern => {
            ("the usual seasonal pattern", "le profil saisonnier habituel")
        }
        FeatureGroup::Trend => ("the trend", "la tendance"),
        FeatureGroup::Calendar => ("the calendar", "le calendrier"),
        FeatureGroup::Holiday => ("public holidays", "les jours fériés"),
        FeatureGroup::Exogenous => ("the extra columns", "les colonnes externes"),
        FeatureGroup::Series => ("the series itself", "la série elle-même"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_horizon_follows_the_step_and_fits_the_longest_history() {
        let frame = |freq: Frequency, lengths: &[usize]| Frame {
            freq,
            target_name: "y".into(),
            exog: vec![],
            series: lengths
                .iter()
                .map(|&n| Series {
                    id: n.to_string(),
                    timestamps: vec![chrono::NaiveDateTime::default(); n],
                    target: vec![1.0; n],
                    exog: vec![],
                })
                .collect(),
        };
        let hours = Frequency::Minutes { minutes: 60 };
        assert_eq!(default_horizon(&frame(hours, &[500])), 24);
        assert_eq!(default_horizon(&frame(Frequency::Minutes { minutes: 5 }, &[5000])), 96);
        assert_eq!(default_horizon(&frame(Frequency::Daily, &[500])), 7);
        assert_eq!(default_horizon(&frame(Frequency::Monthly, &[120])), 12);
        assert_eq!(default_horizon(&frame(Frequency::Quarterly, &[40])), 4);
        // Eighteen months: six; a store of two days among long ones does not shrink it.
        assert_eq!(default_horizon(&frame(Frequency::Monthly, &[18])), 6);
        assert_eq!(default_horizon(&frame(Frequency::Daily, &[2, 300])), 7);
        // Ten days: two, which leave the eight training values of one backtest window; a run
        // at that horizon goes through (at a third of them, three, it needed eleven days).
        let ten = frame(Frequency::Daily, &[10]);
        assert_eq!(default_horizon(&ten), 2);
        assert_eq!(default_horizon(&frame(Frequency::Daily, &[12])), 4);
        let mut days = ten.clone();
        let start = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).expect("date");
        for (t, s) in days.series[0].timestamps.iter_mut().enumerate() {
            *s = (start + chrono::Days::new(t as u64)).and_time(chrono::NaiveTime::MIN);
        }
        days.series[0].target = (0..10).map(|t| 100.0 + 3.0 * t as f64).collect();
        let spec = ForecastSpec {
            horizon: default_horizon(&days),
            models: vec![ModelSpec::Naive, ModelSpec::Drift],
            ..Default::default()
        };
        let run = run(&days, &spec, &mut ()).expect("ten days forecast");
        assert_eq!(run.report.forecasts[0].point.len(), 2);
    }

    /// The retail demo and a spec of a small forest and ETS (a history model) at `horizon`.
    fn demo_run(horizon: usize) -> (Frame, ForecastSpec) {
        let csv = crate::datasets::BuiltinDataset::RetailDemo.csv();
        let frame = crate::ingest::ingest(&csv, &crate::ingest::IngestOptions::default())
            .expect("the demo reads")
            .frame;
        let forest = ModelSpec::ExtraTrees { n_trees: 5, max_depth: Some(6), min_samples_leaf: 5 };
        let spec =
            ForecastSpec { horizon, models: vec![forest, ModelSpec::Ets], ..Default::default() };
        (frame, spec)
    }

    fn refit_windows(plan: &Prepared) -> Vec<usize> {
        (0..plan.windows).filter(|&w| plan.folds[0][w].refit).collect()
    }

    #[test]
    fn the_calibration_refits_where_the_evaluation_fitted_and_at_least_every_ten_windows() {
        let (frame, spec) = demo_run(7);
        let (p, resolved) = prepare(&frame, &spec, &mut Vec::new()).expect("prepared");
        let plan = calibration_plan(&frame, &p, &resolved).expect("two years are enough");
        assert_eq!(plan.windows, CALIBRATION_WINDOWS + 6);
        // The evaluation's five origins, a week apart, are the last five refits.
        assert_eq!(refit_windows(&plan), [0, 7, 14, 21, 28, 35]);
        let origin = |q: &Prepared, w: usize| q.folds[0][w].train.clone();
        for (e, c) in (0..p.windows).zip([7, 14, 21, 28, 35]) {
            assert_eq!(origin(&p, e), origin(&plan, c));
        }
        // One step ahead: refits every ten windows until the evaluation's daily fits.
        let (frame, spec) = demo_run(1);
        let (p, resolved) = prepare(&frame, &spec, &mut Vec::new()).expect("prepared");
        let plan = calibration_plan(&frame, &p, &resolved).expect("two years are enough");
        assert_eq!(refit_windows(&plan), [0, 10, 20, 25, 26, 27, 28, 29]);
    }

    #[test]
    fn series_pool_their_residuals_so_many_series_need_fewer_calibration_origins() {
        // One series: thirty origins at one step, one more per further step.
        assert_eq!(calibration_origins(1, 1), CALIBRATION_WINDOWS);
        assert_eq!(calibration_origins(1, 7), CALIBRATION_WINDOWS + 6);
        // Divided by the square root of the series count, rounded to ask more, never fewer.
        assert_eq!(calibration_origins(3, 1), 30);
        assert_eq!(calibration_origins(4, 7), 15 + 6);
        assert_eq!(calibration_origins(50, 7), 5 + 6);
        assert_eq!(calibration_origins(100_000, 1), 1);
        assert_eq!(calibration_origins(0, 0), CALIBRATION_WINDOWS);

        // Nine stores a week ahead: ten origins and six, not thirty-six; the residuals pooled
        // per step (9 × 10) still outnumber a single series' thirty.
        let mut csv = String::from("date,store,sales\n");
        let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 2).expect("a date");
        for store in 0..9 {
            for day in 0..200 {
                let date = start + chrono::Duration::days(day);
                let sales = 100.0 + f64::from(store) * 10.0 + (day % 7) as f64 * 3.0;
                csv.push_str(&format!("{date},s{store},{sales}\n"));
            }
        }
        let frame = crate::ingest::ingest(csv.as_bytes(), &crate::ingest::IngestOptions::default())
            .expect("the stores read")
            .frame;
        assert_eq!(frame.series.len(), 9);
        let spec =
            ForecastSpec { horizon: 7, models: vec![ModelSpec::Naive], ..Default::default() };
        let (p, resolved) = prepare(&frame, &spec, &mut Vec::new()).expect("prepared");
        let plan = calibration_plan(&frame, &p, &resolved).expect("200 days are enough");
        assert_eq!(plan.windows, 10 + 6);
        assert!(plan.folds.iter().all(|f| f.len() == plan.windows));
        // It refits at its first origin and at the evaluation's last three, a week apart.
        assert_eq!(refit_windows(&plan), [0, 1, 8, 15]);
    }

    /// Daily sales of stores, `(name, days)` each, all ending on the same day.
    fn stores(days: &[(&str, i64)]) -> Frame {
        let mut csv = String::from("date,store,sales\n");
        let end = chrono::NaiveDate::from_ymd_opt(2024, 6, 30).expect("a date");
        for &(store, n) in days {
            for day in 0..n {
                let date = end - chrono::Duration::days(n - 1 - day);
                csv.push_str(&format!("{date},{store},{}\n", 100 + day % 7 * 3));
            }
        }
        crate::ingest::ingest(csv.as_bytes(), &crate::ingest::IngestOptions::default())
            .expect("the stores read")
            .frame
    }

    #[test]
    fn stores_opened_on_different_days_get_a_full_interval_report_card() {
        // Both end on the same day; the second opened 100 days later. Its folds start 100 rows
        // earlier in its own rows: the card must still judge every window.
        let frame = stores(&[("old", 400), ("young", 300)]);
        let spec = ForecastSpec {
            horizon: 7,
            models: vec![ModelSpec::Naive, ModelSpec::SeasonalNaive],
            ..Default::default()
        };
        let report = run(&frame, &spec, &mut ()).expect("forecast").report;
        assert!(!report.coverage.is_empty());
        assert!(report.coverage.iter().all(|c| c.n > 0), "{:?}", report.coverage);
        assert!(
            !report.warnings.iter().any(|w| matches!(
                w,
                ForecastWarning::Interval(
                    IntervalWarning::TooFewResiduals { .. } | IntervalWarning::NotChecked { .. }
                )
            )),
            "{:?}",
            report.warnings
        );
    }

    #[test]
    fn a_panel_explains_as_many_series_as_the_step_budget_allows() {
        assert_eq!(explained_series(5, 7), 5);
        assert_eq!(explained_series(200, 7), MAX_EXPLAINED_STEPS / 7);
        assert_eq!(explained_series(3, 96), 1);
        assert_eq!(explained_series(1, 0), 1);
        let frame = stores(&[("a", 120), ("b", 120), ("c", 120)]);
        let spec = ForecastSpec {
            horizon: 7,
            models: vec![ModelSpec::Naive, ModelSpec::Ridge { alpha: 1.0 }],
            ..Default::default()
        };
        let report = run(&frame, &spec, &mut ()).expect("forecast").report;
        let e = report.explanation.expect("ridge is explained");
        for s in 0..3 {
            let steps: Vec<usize> =
                e.steps.iter().filter(|x| x.series == s).map(|x| x.step).collect();
            assert_eq!(steps, (1..=7).collect::<Vec<_>>(), "series {s}");
        }
        // Each step's contributions add up to its own series' prediction.
        for step in &e.steps {
            let total = step.base_value + step.shap.iter().sum::<f64>();
            assert!((total - step.prediction).abs() < 1e-6 * step.prediction.abs().max(1.0));
        }
    }

    #[test]
    fn the_chosen_model_is_the_one_explained_when_it_uses_features() {
        // Ranked best first: 0 (a baseline), 1 and 2 (tabular), 3 (smoothing).
        let tabular = |i: usize| i == 1 || i == 2;
        let ranked = [0, 1, 2, 3];
        // A near tie chose 2 over 1: 2 is explained, not the better-ranked 1.
        assert_eq!(explained_model(&ranked, Some(2), &[], tabular), Some(2));
        // A chosen baseline: the best tabular model.
        assert_eq!(explained_model(&ranked, Some(0), &[], tabular), Some(1));
        // A chosen ensemble: its best tabular member, even when a better tabular model is not
        // in it; without any, the best tabular model.
        assert_eq!(explained_model(&ranked, None, &[0, 2, 3], tabular), Some(2));
        assert_eq!(explained_model(&ranked, None, &[0, 3], tabular), Some(1));
        assert_eq!(explained_model(&ranked, Some(3), &[], |_| false), None);
    }

    #[test]
    fn a_closed_stores_zeros_leave_mase_to_the_other_stores() {
        // "shut" sells nothing: its windows have no MASE scale. The choice still runs on MASE
        // (the others'), and the run says which store it leaves out.
        let panel = |second: &str, closed: bool| {
            let mut csv = String::from("date,store,sales\n");
            let end = chrono::NaiveDate::from_ymd_opt(2024, 6, 30).expect("a date");
            for day in 0..120i64 {
                let date = end - chrono::Duration::days(119 - day);
                let open = 100 + day % 7 * 3 + (day * 37 % 11);
                let other = if closed { 0 } else { open + day % 5 };
                csv.push_str(&format!("{date},open,{open}\n{date},{second},{other}\n"));
            }
            crate::ingest::ingest(csv.as_bytes(), &crate::ingest::IngestOptions::default())
                .expect("the stores read")
                .frame
        };
        let frame = panel("shut", true);
        let spec = ForecastSpec {
            horizon: 7,
            models: vec![ModelSpec::Naive, ModelSpec::SeasonalNaive],
            ..Default::default()
        };
        let report = run(&frame, &spec, &mut ()).expect("forecast").report;
        let shut = report.series.iter().position(|s| s == "shut").expect("shut is a series");
        for row in &report.leaderboard {
            let metrics = row.metrics.as_ref().expect("evaluated");
            assert!(metrics.mase.is_some_and(f64::is_finite), "{}: {metrics:?}", row.id);
            assert_eq!(row.per_series[shut].as_ref().map(|m| m.mase), Some(None));
        }
        assert!(
            report
                .warnings
                .contains(&ForecastWarning::MaseLeavesOut { series: "shut".into(), count: 1 }),
            "{:?}",
            report.warnings
        );
        // Two open stores: nothing is left out, nothing is said.
        let report = run(&panel("also open", false), &spec, &mut ()).expect("forecast").report;
        assert!(
            report.leaderboard.iter().all(|r| r
                .per_series
                .iter()
                .flatten()
                .all(|m| m.mase.is_some()))
        );
        assert!(
            !report.warnings.iter().any(|w| matches!(w, ForecastWarning::MaseLeavesOut { .. })),
            "{:?}",
            report.warnings
        );
    }

    #[test]
    fn a_store_that_stops_more_than_a_horizon_before_the_others_is_named() {
        let spec =
            ForecastSpec { horizon: 7, models: vec![ModelSpec::Naive], ..Default::default() };
        let mut frame = stores(&[("open", 300), ("closed", 300), ("late", 300)]);
        // "closed" stopped 30 days before the end, "late" 5 days before: within a horizon.
        for (id, days) in [("closed", 30), ("late", 5)] {
            let s = frame.series.iter_mut().find(|s| s.id == id).expect("the store");
            s.target.truncate(300 - days);
            s.timestamps.truncate(300 - days);
        }
        let mut warnings = Vec::new();
        prepare(&frame, &spec, &mut warnings).expect("prepared");
        let last =
            chrono::NaiveDate::from_ymd_opt(2024, 5, 31).and_then(|d| d.and_hms_opt(0, 0, 0));
        assert_eq!(
            warnings,
            [ForecastWarning::SeriesEndsEarly {
                series: "closed".into(),
                last: last.expect("a date"),
                count: 1,
            }]
        );
        // All within a horizon of each other: nothing to say.
        let mut warnings = Vec::new();
        prepare(&stores(&[("a", 300), ("b", 300)]), &spec, &mut warnings).expect("prepared");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn many_short_stores_get_calibrated_bands_that_the_card_cannot_check() {
        // Twenty stores of three weeks: one backtest window, twenty errors per step, enough
        // for both levels' bands; no window has an earlier one to be judged by at every step.
        let names: Vec<String> = (0..20).map(|k| format!("s{k}")).collect();
        let days: Vec<(&str, i64)> = names.iter().map(|n| (n.as_str(), 22)).collect();
        let frame = stores(&days);
        let spec =
            ForecastSpec { horizon: 7, models: vec![ModelSpec::Naive], ..Default::default() };
        let report = run(&frame, &spec, &mut ()).expect("forecast").report;
        assert_eq!(report.windows, 1);
        for f in &report.forecasts {
            assert_eq!(f.bands.len(), 2, "{}", f.series);
            assert!(
                f.bands.iter().all(|b| b.lower.len() == 7 && b.lower.iter().all(|v| v.is_finite()))
            );
        }
        let interval = |w: &ForecastWarning| match w {
            ForecastWarning::Interval(i) => Some(*i),
            _ => None,
        };
        let notes: Vec<IntervalWarning> = report.warnings.iter().filter_map(interval).collect();
        assert!(!notes.iter().any(|i| matches!(i, IntervalWarning::TooFewResiduals { .. })));
        assert!(
            notes.iter().any(|i| matches!(i, IntervalWarning::NotChecked { step: 7, .. })),
            "{notes:?}"
        );
    }

    #[test]
    fn new_stores_hold_their_latest_windows_and_leave_the_others_theirs() {
        let spec =
            ForecastSpec { horizon: 7, models: vec![ModelSpec::Naive], ..Default::default() };
        let frame = stores(&[("north", 300), ("south", 300), ("new", 30), ("also new", 30)]);
        let mut warnings = Vec::new();
        let (p, resolved) = prepare(&frame, &spec, &mut warnings).expect("prepared");
        assert_eq!(p.windows, 5);
        assert_eq!(
            warnings,
            [ForecastWarning::ShortSeriesFewerWindows {
                series: "new".into(),
                history: 30,
                count: 2,
                held: 2,
                windows: 5,
            }]
        );
        // The long stores keep every window; the new ones hold the last two, which end where
        // the long stores' last two end (back from each series' own end).
        let index = |s: usize| p.folds[s].iter().map(|f| f.index).collect::<Vec<_>>();
        assert_eq!(index(0), [0, 1, 2, 3, 4]);
        assert_eq!(index(2), [3, 4]);
        assert_eq!(p.folds[2][1].test, 23..30);
        assert!(p.folds[2].iter().all(|f| f.train.len() >= 14 && f.refit));
        assert_eq!(training_rows(&p, 0)[2], 0..0, "no rows where the store does not hold");
        // The features look back as far as they would on the long stores alone.
        let mut alone = Vec::new();
        let (_, long) =
            prepare(&stores(&[("north", 300), ("south", 300)]), &spec, &mut alone).expect("ok");
        let lookback = |r: &ForecastSpec| r.features.as_ref().map(|f| f.lookback());
        assert_eq!(lookback(&resolved), lookback(&long));
        // A store too new for one window with two seasons of training rows holds the last
        // one with fewer: a model that cannot forecast it fails in the backtest.
        let mut warnings = Vec::new();
        let (p, _) = prepare(&stores(&[("old", 300), ("newest", 20)]), &spec, &mut warnings)
            .expect("prepared");
        assert_eq!((p.windows, p.folds[1].len()), (5, 1));
        assert_eq!((p.folds[1][0].index, p.folds[1][0].train.clone()), (4, 0..13));
        assert!(warnings.iter().any(|w| matches!(
            w,
            ForecastWarning::ShortSeriesFewerWindows { held: 1, count: 1, .. }
        )));
    }

    #[test]
    fn three_years_of_weekly_sales_are_enough_for_every_default_model() {
        let mut csv = String::from("week,sales\n");
        let monday = chrono::NaiveDate::from_ymd_opt(2021, 1, 4).expect("a date");
        for w in 0..156_i64 {
            let week = monday + chrono::Duration::weeks(w);
            let season = (w % 52) as f64 / 52.0 * std::f64::consts::TAU;
            csv.push_str(&format!("{week},{:.1}\n", 100.0 + 20.0 * season.sin() + (w % 3) as f64));
        }
        let frame = crate::ingest::ingest(csv.as_bytes(), &crate::ingest::IngestOptions::default())
            .expect("the weeks read")
            .frame;
        let spec = ForecastSpec { horizon: 8, ..Default::default() };
        let report = run(&frame, &spec, &mut ()).expect("forecast").report;
        let failed: Vec<&str> = report
            .leaderboard
            .iter()
            .filter(|r| r.failure.is_some())
            .map(|r| r.id.as_str())
            .collect();
        assert!(failed.is_empty(), "{failed:?}");
        assert!(report.leaderboard.iter().any(|r| r.id == "seasonal_average"));
    }

    #[test]
    fn a_series_too_new_for_a_window_is_forecast_by_its_last_season_or_its_mean() {
        let day = |d: i64| {
            chrono::NaiveDate::from_ymd_opt(2024, 3, 1)
                .unwrap_or_default()
                .and_time(chrono::NaiveTime::MIN)
                + chrono::Duration::days(d)
        };
        let series = |target: Vec<f64>| Series {
            id: "new".into(),
            timestamps: (0..target.len() as i64).map(day).collect(),
            target,
            exog: Vec::new(),
        };
        // Nine days, the fourth-last missing, then two future rows with no value: the last
        // week repeats, the gap taken as that week's mean, from the day after the last value.
        let nan = f64::NAN;
        let s = series(vec![1.0, 2.0, 10.0, 20.0, 30.0, nan, 50.0, 60.0, 70.0, nan, nan]);
        let f = fallback_forecast(&s, Frequency::Daily, 7, 9).expect("forecast");
        assert_eq!((f.method, f.observed), (FallbackMethod::LastSeason, 8));
        assert_eq!(f.timestamps.first(), Some(&day(9)));
        assert_eq!(f.timestamps.last(), Some(&day(17)));
        assert_eq!(f.point, [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 10.0, 20.0]);
        // Less than a season, or no season: the mean of what was observed.
        let s = series(vec![4.0, nan, 8.0]);
        let f = fallback_forecast(&s, Frequency::Daily, 7, 3).expect("forecast");
        assert_eq!((f.method, f.observed, f.point), (FallbackMethod::Mean, 2, vec![6.0; 3]));
        let f = fallback_forecast(&series(vec![1.0; 9]), Frequency::Daily, 1, 2).expect("one");
        assert_eq!(f.method, FallbackMethod::Mean);
        // Nothing observed: no forecast, and the warning says so.
        assert_eq!(fallback_forecast(&series(vec![nan; 4]), Frequency::Daily, 7, 3), None);
        assert_eq!(fallback_forecast(&series(Vec::new()), Frequency::Daily, 7, 3), None);
        let mut frame = stores(&[("old", 300)]);
        frame.series.push(Series { id: "empty".into(), ..series(vec![nan; 4]) });
        let spec = ForecastSpec { models: vec![ModelSpec::Naive], ..Default::default() };
        let report = run(&frame, &spec, &mut ()).expect("the old store is forecast").report;
        assert!(report.new_series.is_empty());
        assert!(report.warnings.iter().any(|w| matches!(
            w,
            ForecastWarning::SeriesSkipped { history: 0, fallback: None, .. }
        )));
        // A horizon past the spec's limit is refused before any forecast is laid out (a
        // billion steps of a new store would take gigabytes).
        let frame = stores(&[("old", 300), ("new", 5)]);
        let huge = ForecastSpec { horizon: 1_000_000_000, ..spec };
        assert!(matches!(
            run(&frame, &huge, &mut ()),
            Err(ForecastError::Model(ModelError::InvalidSetting { name: "horizon", .. }))
        ));
    }

    #[test]
    fn a_sliding_window_longer_than_a_store_leaves_it_out_saying_what_one_window_needs() {
        let sliding = |size| ForecastSpec {
            horizon: 7,
            models: vec![ModelSpec::Naive],
            backtest: spec::BacktestSpec {
                training: TrainingWindow::Sliding { size },
                ..Default::default()
            },
            ..Default::default()
        };
        let frame = stores(&[("old", 300), ("new", 46)]);
        let report = run(&frame, &sliding(60), &mut ()).expect("the old store is forecast").report;
        assert_eq!(report.series, ["old"]);
        assert!(report.warnings.contains(&ForecastWarning::SeriesSkipped {
            series: "new".into(),
            history: 46,
            needed: 67,
            fallback: Some(FallbackMethod::LastSeason),
        }));
        assert_eq!(report.new_series.len(), 1);
        // Every store shorter than the window: the run says what one window needs.
        let Err(ForecastError::SeriesTooShort { series, needed, got }) =
            run(&stores(&[("a", 50), ("b", 46)]), &sliding(60), &mut ())
        else {
            panic!("refused")
        };
        assert_eq!((series.as_str(), needed, got), ("b", 67, 46));
    }

    #[test]
    fn with_a_model_per_series_a_new_store_limits_the_backtest_and_is_named() {
        let spec = ForecastSpec {
            horizon: 7,
            models: vec![ModelSpec::Naive],
            scope: spec::Scope::Local,
            ..Default::default()
        };
        let frame = stores(&[("north", 300), ("south", 300), ("new", 30), ("also new", 30)]);
        let mut warnings = Vec::new();
        let (p, _) = prepare(&frame, &spec, &mut warnings).expect("prepared");
        assert!(p.windows < 5);
        assert!(p.folds.iter().all(|f| f.len() == p.windows));
        assert!(warnings.contains(&ForecastWarning::FewerWindows { asked: 5, used: p.windows }));
        assert!(
            warnings.contains(&ForecastWarning::ShortSeriesLimitWindows {
                series: "new".into(),
                history: 30,
                count: 2,
                without: 5,
                shorter_lags: true,
            }),
            "{warnings:?}"
        );
        // With chosen features, nothing is said of the lags.
        let chosen = ForecastSpec { features: Some(FeatureSpec::default()), ..spec.clone() };
        let mut warnings = Vec::new();
        prepare(&frame, &chosen, &mut warnings).expect("prepared");
        assert!(
            warnings.iter().any(|w| matches!(
                w,
                ForecastWarning::ShortSeriesLimitWindows { shorter_lags: false, .. }
            )),
            "{warnings:?}"
        );
        // Tiers: without the newest store, the others hold more windows, if not all five.
        let mut warnings = Vec::new();
        let tiers = stores(&[("old", 300), ("recent", 42), ("newest", 28)]);
        let (p, _) = prepare(&tiers, &spec, &mut warnings).expect("prepared");
        let named = warnings.iter().find_map(|w| match w {
            ForecastWarning::ShortSeriesLimitWindows { series, count, without, .. } => {
                Some((series.clone(), *count, *without))
            }
            _ => None,
        });
        let lens: Vec<(String, usize)> =
            tiers.series.iter().map(|s| (s.id.clone(), s.observed_len())).collect();
        let (series, count, without) =
            named.unwrap_or_else(|| panic!("{warnings:?} {lens:?} {}", p.windows));
        assert_eq!((series.as_str(), count), ("newest", 1));
        assert!(without > p.windows && without < 5, "{without} vs {}", p.windows);
        // One model over every store: the newest holds fewer windows than the others.
        let global = ForecastSpec { scope: spec::Scope::Global, ..spec.clone() };
        let mut warnings = Vec::new();
        let (g, _) = prepare(&tiers, &global, &mut warnings).expect("prepared");
        assert!(g.windows > p.windows && g.windows <= without, "{} vs {}", g.windows, p.windows);
        assert!(warnings.iter().any(|w| matches!(
            w,
            ForecastWarning::ShortSeriesFewerWindows { series, windows, .. }
                if series == "newest" && *windows == g.windows
        )));
        // Every store as short: there is no one to name.
        let mut warnings = Vec::new();
        prepare(&stores(&[("a", 30), ("b", 30)]), &spec, &mut warnings).expect("prepared");
        assert!(warnings.iter().any(|w| matches!(w, ForecastWarning::FewerWindows { .. })));
        assert!(
            !warnings.iter().any(|w| matches!(w, ForecastWarning::ShortSeriesLimitWindows { .. })),
            "{warnings:?}"
        );
        // Every store long enough: no warning at all.
        let mut warnings = Vec::new();
        prepare(&stores(&[("a", 300), ("b", 200)]), &spec, &mut warnings).expect("prepared");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn the_calibration_takes_the_evaluation_s_windows_which_are_those_a_refit_forecasts() {
        let (frame, spec) = demo_run(7);
        let (p, resolved) = prepare(&frame, &spec, &mut Vec::new()).expect("prepared");
        let plan = calibration_plan(&frame, &p, &resolved).expect("two years are enough");
        let evaluations = evaluate(&frame, &spec, &[0, 1], &mut ()).expect("evaluated");
        // ETS is re-applied at every origin: its evaluation forecasts no calibration window.
        assert!(evaluations[1].calibration_windows.is_empty());
        for e in &evaluations[..1] {
            let model = &resolved.models[e.index];
            let windows: Vec<usize> = e.calibration_windows.iter().map(|(w, _)| *w).collect();
            assert_eq!(windows, (7..36).collect::<Vec<_>>(), "{model:?}");
            let reused = calibration_backtest(&frame, &plan, model, &e.calibration_windows);
            let refitted = calibration_backtest(&frame, &plan, model, &[]);
            assert!(refitted.is_some());
            assert_eq!(reused, refitted, "{model:?}");
            // Taken as given, not forecast again.
            let mut altered = e.calibration_windows.clone();
            altered[0].1[0].1.forecast[0] += 1000.0;
            let taken = calibration_backtest(&frame, &plan, model, &altered).expect("calibrated");
            let refitted = refitted.expect("calibrated");
            assert_eq!(taken[0].folds[7].forecast[0], refitted[0].folds[7].forecast[0] + 1000.0);
            assert_eq!(taken[0].folds[6], refitted[0].folds[6]);
        }
        // The windows stay with the process that forecast them, like the final fit.
        let mut kept = evaluations[0].clone();
        let mut travelled = kept.travelling();
        assert!(travelled.calibration_windows.is_empty());
        travelled.adopt_fit(&mut kept);
        assert_eq!(travelled.calibration_windows, evaluations[0].calibration_windows);
    }

    #[test]
    fn calibration_windows_are_those_a_refit_forecasts_whatever_the_backtest() {
        use crate::spec::{BacktestSpec, Scope};
        let (frame, base) = demo_run(7);
        // A second series, 40 days shorter at its start.
        let mut two = frame.clone();
        let mut short = two.series[0].clone();
        short.id = "short".into();
        short.timestamps.drain(..40);
        short.target.drain(..40);
        short.exog.iter_mut().for_each(|column| {
            column.drain(..40);
        });
        two.series.push(short);
        let backtest = base.backtest;
        let cases = [
            ("two series", &two, ForecastSpec { ..base.clone() }),
            ("local models", &two, ForecastSpec { scope: Scope::Local, ..base.clone() }),
            (
                "gap",
                &frame,
                ForecastSpec { backtest: BacktestSpec { gap: 2, ..backtest }, ..base.clone() },
            ),
            (
                "refit every 2",
                &frame,
                ForecastSpec {
                    backtest: BacktestSpec { refit_every: 2, ..backtest },
                    ..base.clone()
                },
            ),
            (
                "sliding",
                &frame,
                ForecastSpec {
                    backtest: BacktestSpec {
                        training: TrainingWindow::Sliding { size: 400 },
                        ..backtest
                    },
                    ..base.clone()
                },
            ),
            ("one step", &frame, ForecastSpec { horizon: 1, ..base.clone() }),
            (
                "step 3",
                &frame,
                ForecastSpec {
                    backtest: BacktestSpec { step: Some(3), ..backtest },
                    ..base.clone()
                },
            ),
        ];
        for (name, frame, spec) in cases {
            let (p, resolved) = prepare(frame, &spec, &mut Vec::new()).expect("prepared");
            let plan = calibration_plan(frame, &p, &resolved).expect("long enough");
            let evaluations = evaluate(frame, &spec, &[0], &mut ()).expect("evaluated");
            let given = &evaluations[0].calibration_windows;
            assert!(!given.is_empty(), "{name}: the evaluation serves windows");
            let model = &resolved.models[0];
            let reused = calibration_backtest(frame, &plan, model, given);
            assert!(reused.is_some(), "{name}");
            assert_eq!(reused, calibration_backtest(frame, &plan, model, &[]), "{name}");
        }
    }

    #[test]
    fn permuted_predictions_from_the_caches_are_those_of_the_changed_rows() {
        use crate::models::tree::benchmark::friedman1;
        let (x, y) = friedman1(300, 8, 3);
        let (test_x, test_y) = friedman1(40, 8, 4);
        let rows = EvalRows {
            fit: 0,
            series: 0,
            rows: test_x.rows().map(<[f64]>::to_vec).collect(),
            targets: test_y,
        };
        let forest = ModelSpec::RandomForest { n_trees: 20, max_depth: None, min_samples_leaf: 2 };
        let extra = ModelSpec::ExtraTrees { n_trees: 20, max_depth: Some(8), min_samples_leaf: 1 };
        let tree = ModelSpec::DecisionTree { max_depth: Some(6), min_samples_leaf: 3 };
        let knn = ModelSpec::Knn { k: 5 };
        let mut rng = Rng::new(11);
        for spec in [forest, extra, tree, knn] {
            let model = fitted::fit_tabular(&spec, &x, &y, 5).expect("fits");
            let repredict = Repredict::new(&model, &rows);
            assert!(!matches!(repredict.cache, PredictionCache::None), "{spec:?} has a cache");
            let naive = |replaced: Option<(usize, &[f64])>| -> f64 {
                rows.rows
                    .iter()
                    .zip(&rows.targets)
                    .enumerate()
                    .map(|(i, (r, t))| {
                        let mut r = r.clone();
                        if let Some((j, column)) = replaced {
                            r[j] = column[i];
                        }
                        (model.predict_row(&r) - t).abs()
                    })
                    .sum()
            };
            assert_eq!(repredict.absolute_errors(None), naive(None));
            for j in 0..8 {
                let mut column: Vec<f64> = rows.rows.iter().map(|r| r[j]).collect();
                rng.shuffle(&mut column);
                let (fast, slow) =
                    (repredict.absolute_errors(Some((j, &column))), naive(Some((j, &column))));
                if matches!(spec, ModelSpec::Knn { .. }) {
                    assert!((fast - slow).abs() <= 1e-9 * slow.abs(), "{spec:?} feature {j}");
                } else {
                    assert_eq!(fast, slow, "{spec:?} feature {j}: the same number");
                }
            }
        }
    }

    fn fold(series: usize, n: usize) -> EvalRows {
        EvalRows {
            fit: 0,
            series,
            rows: (0..n).map(|k| vec![(series * 100 + k) as f64]).collect(),
            targets: (0..n).map(|k| (series * 100 + k) as f64).collect(),
        }
    }

    #[test]
    fn importance_rows_are_thinned_by_whole_folds_to_about_the_cap() {
        let folds: Vec<EvalRows> = (0..250).map(|s| fold(s, 7)).collect();
        let kept = thinned_folds(&folds, 200);
        let total: usize = kept.iter().map(|f| f.targets.len()).sum();
        assert!((150..=210).contains(&total), "{total}");
        assert!(kept.iter().all(|f| f.targets.len() == 7), "folds stay whole");
        assert_eq!(kept[1].series, 9, "spread evenly");
        // Few rows: all kept.
        let few: Vec<EvalRows> = (0..2).map(|s| fold(s, 35)).collect();
        assert_eq!(thinned_folds(&few, 200).len(), 2);
    }
}
