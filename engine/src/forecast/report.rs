//! The [`ForecastReport`]: everything a forecast run found, as plain serialisable data.
//!
//! These are boundary types: the CLI prints them as JSON and the app's worker sends them to the
//! page. They hold numbers and keys, never pre-formatted prose, except the plain-language
//! summary, which the engine writes in both languages from the same numbers.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::features::{FeatureGroup, FeatureInfo};
use crate::frame::Frequency;
use crate::intervals::{IntervalWarning, StepCoverage};
use crate::leaderboard::StepMetrics;
use crate::metrics::PointMetrics;
use crate::spec::{ForecastSpec, ModelFamily};

/// Point metrics of one forecast or an average of several (see [`PointMetrics`]).
pub type Metrics = PointMetrics;

/// One row of the leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaderboardRow {
    /// Unique id of the model in this run (`random_forest`, or `ensemble`).
    pub id: String,
    /// English display name.
    pub name_en: String,
    /// French display name.
    pub name_fr: String,
    /// Baseline, smoothing or tabular; `None` for the ensemble.
    pub family: Option<ModelFamily>,
    /// Mean over series × windows; `None` if the model failed.
    pub metrics: Option<Metrics>,
    /// Metrics per horizon step, over every (series, window) pair.
    pub per_step: Vec<StepMetrics>,
    /// Mean per series, in frame order; `None` for a series too new for any backtest window.
    pub per_series: Vec<Option<Metrics>>,
    /// For the ensemble, its members' ids; empty otherwise.
    pub members: Vec<String>,
    /// 1-based rank by mean MASE; `None` if it failed.
    pub rank: Option<usize>,
    /// Why the model could not be evaluated.
    pub failure: Option<String>,
}

/// Forecasts of one backtest fold of one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoldTrace {
    /// Index of the series.
    pub series: usize,
    /// 0-based fold, oldest first.
    pub fold: usize,
    /// Last training timestamp.
    pub cutoff: NaiveDateTime,
    /// Timestamps of the test steps.
    pub timestamps: Vec<NaiveDateTime>,
    /// Point forecasts.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub forecast: Vec<f64>,
    /// Actual values.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub actual: Vec<f64>,
}

/// Backtest forecasts of one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelBacktest {
    /// Model id.
    pub model: String,
    /// Every fold of every series.
    pub folds: Vec<FoldTrace>,
}

/// A prediction band at one level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Nominal coverage, e.g. 0.8.
    #[serde(deserialize_with = "crate::json::nan")]
    pub level: f64,
    /// Lower bound per step.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub lower: Vec<f64>,
    /// Upper bound per step.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub upper: Vec<f64>,
}

/// The future forecast of one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesForecast {
    /// Series id.
    pub series: String,
    /// Forecast timestamps.
    pub timestamps: Vec<NaiveDateTime>,
    /// Point forecasts of the chosen model.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub point: Vec<f64>,
    /// Prediction bands, one per level that the backtest supports.
    pub bands: Vec<Band>,
}

/// How a series too new for one backtest window is forecast, without a model comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FallbackMethod {
    /// Its last season repeated (it holds a whole season: a week of daily sales).
    LastSeason,
    /// The mean of its observed values (it holds less than a season).
    Mean,
}

/// The forecast of a series too new for one backtest window (see
/// [`ForecastWarning::SeriesSkipped`]): a point forecast by a simple rule, and no band, since
/// it has no past error to measure one from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSeriesForecast {
    /// Series id.
    pub series: String,
    /// Its observed values (missing ones not counted).
    pub observed: usize,
    /// The rule that forecast it.
    pub method: FallbackMethod,
    /// Forecast timestamps, from the step after its last value.
    pub timestamps: Vec<NaiveDateTime>,
    /// Point forecasts.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub point: Vec<f64>,
}

/// Future point forecasts of one model (for comparing models on the chart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelForecast {
    /// Model id.
    pub model: String,
    /// One forecast per series.
    #[serde(deserialize_with = "crate::json::nan_vec_vec")]
    pub point: Vec<Vec<f64>>,
}

/// Permutation importance of one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Importance {
    /// Feature key.
    pub feature: String,
    /// Mean increase of the one-step MAE when the feature is shuffled.
    #[serde(deserialize_with = "crate::json::nan")]
    pub mae_increase: f64,
    /// Standard deviation over the repeats.
    #[serde(deserialize_with = "crate::json::nan")]
    pub std: f64,
}

/// Permutation importances of one tabular model, computed on its backtest windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelImportance {
    /// Model id.
    pub model: String,
    /// One entry per feature, most important first.
    pub features: Vec<Importance>,
}

/// Contribution of a feature group to one prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupContribution {
    /// The group.
    pub group: FeatureGroup,
    /// Sum of the SHAP values of its features.
    #[serde(deserialize_with = "crate::json::nan")]
    pub value: f64,
}

/// The explanation of one forecast step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepExplanation {
    /// Index of the series.
    pub series: usize,
    /// 1-based step.
    pub step: usize,
    /// Forecast timestamp.
    pub timestamp: NaiveDateTime,
    /// The explained model's output at this step (on the model's scale; see
    /// [`Explanation::transformed_scale`]).
    #[serde(deserialize_with = "crate::json::nan")]
    pub prediction: f64,
    /// Expected output of the model (`base + Σ shap = prediction`).
    #[serde(deserialize_with = "crate::json::nan")]
    pub base_value: f64,
    /// SHAP value per feature, in feature order.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub shap: Vec<f64>,
    /// Feature values of the row.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub values: Vec<f64>,
    /// SHAP values summed per group, largest magnitude first.
    pub groups: Vec<GroupContribution>,
    /// Features whose value was an earlier prediction (recursive forecasts).
    pub fed_by_predictions: Vec<String>,
}

/// What is explained, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Id of the explained model (the chosen one if it is tabular, else the best tabular one).
    pub model: String,
    /// Whether that is the chosen model.
    pub is_chosen: bool,
    /// Whether values are on the transformed target scale (a target transform is on).
    pub transformed_scale: bool,
    /// Per step of the first series' forecast (and of the other series, up to a limit).
    pub steps: Vec<StepExplanation>,
}

/// The plain-language summary, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// English.
    pub en: Vec<String>,
    /// French.
    pub fr: Vec<String>,
}

/// Residuals of the chosen model on the backtest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResidualDiagnostics {
    /// Every residual `actual − forecast`, series then fold then step.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub residuals: Vec<f64>,
    /// Mean residual.
    #[serde(deserialize_with = "crate::json::nan")]
    pub mean: f64,
    /// Standard deviation.
    #[serde(deserialize_with = "crate::json::nan")]
    pub std: f64,
    /// Autocorrelation of the one-step-ahead residuals at lags 1.. (empty if too few).
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub acf: Vec<f64>,
    /// Mean absolute residual per step.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub mae_per_step: Vec<f64>,
}

/// Why a model failed, typed so that readers word it in their own language; the engine's
/// English message travels next to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FailureKind {
    /// The model needs more history than it was given (in one backtest fold or in the whole
    /// history): `needed` values, `got` available.
    NotEnoughData {
        /// Values the model needs.
        needed: usize,
        /// Values it had.
        got: usize,
    },
    /// A history value is missing, NaN or infinite where the model needs a complete history.
    NonFiniteHistory,
    /// A numerical routine failed (singular system, no convergence).
    Numerical,
    /// The log transform met a negative value.
    NegativeValues,
    /// Anything else: only the engine's English message says what.
    #[default]
    Other,
}

/// Something the user should know; none is fatal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ForecastWarning {
    /// Missing history values were interpolated linearly for history-based models and metrics.
    GapsInterpolated {
        /// Series id.
        series: String,
        /// Values filled.
        count: usize,
    },
    /// The backtest used fewer windows than asked: the history is short.
    FewerWindows {
        /// Windows asked.
        asked: usize,
        /// Windows used.
        used: usize,
    },
    /// The shortest history holds less than two seasons: the backtest folds train on fewer
    /// rows than seasonal models and yearly lags need, and those that cannot fit fail.
    LessThanTwoSeasons {
        /// The seasonal period in steps.
        season: usize,
        /// Observed steps of the shortest series.
        history: usize,
    },
    /// A series too short for one backtest window is left out of the model comparison (a
    /// store opened two days ago among stores with years of sales); the others are forecast
    /// by the chosen model, and it by a rule that needs no backtest
    /// ([`ForecastReport::new_series`]).
    SeriesSkipped {
        /// Series id.
        series: String,
        /// Its observed steps.
        history: usize,
        /// The steps one backtest window needs.
        needed: usize,
        /// The rule that forecast it; `None` when it has no value to forecast from (and in
        /// reports written before such series were forecast).
        #[serde(default)]
        fallback: Option<FallbackMethod>,
    },
    /// The shortest series hold fewer backtest windows than the others could (a store opened
    /// last month among stores with years of sales): every series is backtested on as many
    /// windows as the shortest holds. Removing those series, or forecasting them in a file of
    /// their own, compares the models on more windows.
    ShortSeriesLimitWindows {
        /// The shortest of them.
        series: String,
        /// Its observed steps.
        history: usize,
        /// How many series limit the windows, that one included.
        count: usize,
        /// Windows the other series would hold without them.
        without: usize,
        /// Whether the default features, which look back no further than the shortest
        /// history, would look back further on the other series (lags of a month, a year).
        shorter_lags: bool,
    },
    /// Some series are too new for every backtest window most series hold (a store opened
    /// last month among stores with years of sales): each is backtested on the latest windows
    /// it holds (at least one, on fewer training rows if need be), and forecast by the model
    /// the comparison chose. The other series keep all their windows and the features their
    /// lookback.
    ShortSeriesFewerWindows {
        /// The shortest of them.
        series: String,
        /// Its observed steps.
        history: usize,
        /// How many series hold fewer windows, that one included.
        count: usize,
        /// Windows that one holds.
        held: usize,
        /// Windows of the backtest.
        windows: usize,
    },
    /// A series stops more than a horizon before the latest last value of the others (a
    /// closed store, an export not yet updated): it is forecast from its own end, so its
    /// forecast covers dates already past for the others.
    SeriesEndsEarly {
        /// The one that stops first.
        series: String,
        /// Its last observed timestamp.
        last: chrono::NaiveDateTime,
        /// How many series stop that early, that one included.
        count: usize,
    },
    /// A model failed and is left out of the choice.
    ModelFailed {
        /// Model id.
        model: String,
        /// The reason, in the engine's English words (for logs and the CLI).
        reason: String,
        /// The reason, typed, for a translated sentence (reports written before it read back
        /// as [`FailureKind::Other`]).
        #[serde(default)]
        kind: FailureKind,
        /// The series it failed on, when the failure was one series' (a store too new for
        /// the model).
        #[serde(default)]
        series: Option<String>,
    },
    /// The history has no negative value and some forecasts or interval bounds were below zero:
    /// they were raised to zero. (Not given when clipping changed nothing.)
    ClippedAtZero,
    /// An interval level could not be calibrated at some steps.
    Interval(IntervalWarning),
    /// The chosen model has no feature explanation; the best feature-based one is explained.
    ExplainedAnotherModel {
        /// Id of the explained model.
        model: String,
        /// Whether the chosen forecast is an ensemble and the explained model one of its
        /// members (reports written before it read back as `false`).
        #[serde(default)]
        member_of_ensemble: bool,
    },
    /// A column set as known in advance has no value for some forecast steps (the file
    /// stops with the history): its future cannot be read, so it was used as observed only
    /// (its past values, lagged), not as a value known for the day forecast.
    FutureValuesMissing {
        /// The column.
        column: String,
        /// Forecast steps with a value in every series (from the first).
        known: usize,
        /// Forecast steps.
        horizon: usize,
    },
    /// Some series' histories never vary before some backtest windows (a closed store's
    /// zeros, an item never sold): errors there have no MASE scale, so the model choice
    /// (MASE) is made on the other series and windows.
    MaseLeavesOut {
        /// The first of them, in frame order.
        series: String,
        /// How many series have such windows, that one included.
        count: usize,
    },
    /// The ensemble beat every single model and was chosen.
    EnsembleChosen {
        /// Its members.
        members: Vec<String>,
    },
}

/// Everything a forecast run found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastReport {
    /// The spec with every default resolved.
    pub spec: ForecastSpec,
    /// Detected frequency.
    pub frequency: Frequency,
    /// Seasonal period used by seasonal baselines and MASE.
    pub season: usize,
    /// Target column.
    pub target_name: String,
    /// Series ids, in frame order.
    pub series: Vec<String>,
    /// Features of the tabular models.
    pub features: Vec<FeatureInfo>,
    /// Backtest windows actually used.
    pub windows: usize,
    /// Leaderboard, best first (failed models last).
    pub leaderboard: Vec<LeaderboardRow>,
    /// Id of the chosen model.
    pub chosen: String,
    /// Backtest forecasts of every model.
    pub backtests: Vec<ModelBacktest>,
    /// Future forecasts of the chosen model, with bands.
    pub forecasts: Vec<SeriesForecast>,
    /// Forecasts of the series too new for one backtest window, by a simple rule; they are
    /// not among [`ForecastReport::series`] (reports written before such series were forecast
    /// read back with none).
    #[serde(default)]
    pub new_series: Vec<NewSeriesForecast>,
    /// Future point forecasts of every successful model.
    pub model_forecasts: Vec<ModelForecast>,
    /// The interval report card of the chosen model (each window judged by the earlier ones).
    pub coverage: Vec<StepCoverage>,
    /// Origins (one step apart) of the backtest the intervals were calibrated on.
    pub calibration_windows: usize,
    /// Permutation importances of the tabular models.
    pub importance: Vec<ModelImportance>,
    /// SHAP explanation of the forecast.
    pub explanation: Option<Explanation>,
    /// Plain-language summary.
    pub summary: Summary,
    /// Residual diagnostics of the chosen model.
    pub residuals: Option<ResidualDiagnostics>,
    /// Whether forecasts were clipped at zero.
    pub clipped_at_zero: bool,
    /// Things to know.
    pub warnings: Vec<ForecastWarning>,
}

/// The report card's [`IntervalWarning::NotChecked`] notes of one level, gathered: readers
/// tell them once per level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UncheckedLevel {
    /// The level.
    pub level: f64,
    /// Horizon steps the card could not judge at that level.
    pub steps: usize,
    /// Most earlier errors any window had at those steps.
    pub most: usize,
    /// Earlier errors the level needs.
    pub needed: usize,
}

/// The card's notes at `level` among `warnings`, gathered; `None` when there is none, or when
/// the bands of that level are already said to be uncalibrated
/// ([`IntervalWarning::TooFewResiduals`]), which says more.
pub fn unchecked_level(warnings: &[ForecastWarning], level: f64) -> Option<UncheckedLevel> {
    let at_level = |l: &f64| l.to_bits() == level.to_bits();
    let mut gathered = UncheckedLevel { level, steps: 0, most: 0, needed: 0 };
    for w in warnings {
        match w {
            ForecastWarning::Interval(IntervalWarning::TooFewResiduals { level: l, .. })
                if at_level(l) =>
            {
                return None;
            }
            ForecastWarning::Interval(IntervalWarning::NotChecked {
                level: l, n, needed, ..
            }) if at_level(l) => {
                gathered.steps += 1;
                gathered.most = gathered.most.max(*n);
                gathered.needed = gathered.needed.max(*needed);
            }
            _ => {}
        }
    }
    (gathered.steps > 0).then_some(gathered)
}

impl Explanation {
    /// The series explained, in frame order (each once).
    pub fn series(&self) -> Vec<usize> {
        let mut series: Vec<usize> = self.steps.iter().map(|s| s.series).collect();
        series.dedup();
        series
    }
}

/// One series' backtest accuracy under the chosen model.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesAccuracy {
    /// Index of the series in [`ForecastReport::series`].
    pub series: usize,
    /// Backtest windows it was scored on (a series opened lately holds fewer).
    pub windows: usize,
    /// Its mean errors over those windows; `None` when it holds none.
    pub metrics: Option<Metrics>,
}

impl ForecastReport {
    /// The leaderboard row of the chosen model (or ensemble).
    pub fn chosen_row(&self) -> Option<&LeaderboardRow> {
        self.leaderboard.iter().find(|r| r.id == self.chosen)
    }

    /// The chosen model's backtest accuracy per series, least accurate first: by MASE, then
    /// the series without one (their history never varies) in file order. Empty without a
    /// chosen model.
    pub fn accuracy_per_series(&self) -> Vec<SeriesAccuracy> {
        let Some(row) = self.chosen_row() else { return Vec::new() };
        let traces = self.backtests.iter().find(|b| b.model == row.id);
        let mut rows: Vec<SeriesAccuracy> = (0..self.series.len())
            .map(|s| SeriesAccuracy {
                series: s,
                windows: traces.map_or(0, |b| b.folds.iter().filter(|f| f.series == s).count()),
                metrics: row.per_series.get(s).cloned().flatten(),
            })
            .collect();
        let mase = |a: &SeriesAccuracy| a.metrics.as_ref().and_then(|m| m.mase);
        rows.sort_by(|a, b| match (mase(a), mase(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_checked(step: usize, level: f64, n: usize) -> ForecastWarning {
        ForecastWarning::Interval(IntervalWarning::NotChecked { step, level, n, needed: 19 })
    }

    #[test]
    fn unchecked_notes_gather_per_level_and_yield_to_uncalibrated_bands() {
        let notes = [not_checked(1, 0.95, 2), not_checked(3, 0.8, 1), not_checked(2, 0.95, 5)];
        assert_eq!(
            unchecked_level(&notes, 0.95),
            Some(UncheckedLevel { level: 0.95, steps: 2, most: 5, needed: 19 })
        );
        assert_eq!(unchecked_level(&notes, 0.8).map(|u| u.steps), Some(1));
        assert_eq!(unchecked_level(&notes, 0.5), None);
        let mut short = notes.to_vec();
        short.push(ForecastWarning::Interval(IntervalWarning::TooFewResiduals {
            step: 1,
            level: 0.95,
            n: 2,
            needed: 19,
        }));
        assert_eq!(unchecked_level(&short, 0.95), None);
        assert!(unchecked_level(&short, 0.8).is_some());
    }
}
