//! What a forecast run is asked to do: the serialisable [`ForecastSpec`] and the model
//! catalogue [`ModelSpec`].
//!
//! A spec is plain data that crosses boundaries (CLI `--spec` files, the app's worker messages,
//! shareable URLs, saved model versions). Every field has a default, so `{}` is a valid spec:
//! defaults that depend on the data (season, features) are resolved from the detected frequency
//! when the run starts, and the resolved spec is written back into the report.

use serde::{Deserialize, Serialize};

pub use crate::backtest::TrainingWindow;
use crate::features::transform::TargetTransform;
use crate::features::{FeatureSpec, HolidaySpec};
use crate::frame::Frequency;
use crate::intervals::Scaling;
use crate::models::ModelError;

/// Everything a forecast run needs besides the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastSpec {
    /// Steps to forecast after the last observation (J+7 by default).
    pub horizon: usize,
    /// Seasonal period for seasonal baselines and MASE; `None` = from the frequency.
    pub season: Option<usize>,
    /// Models to compare; empty = [`ModelSpec::defaults`].
    pub models: Vec<ModelSpec>,
    /// Features of the tabular models; `None` = [`FeatureSpec::default_for`] the frequency.
    pub features: Option<FeatureSpec>,
    /// Public holidays to add to the features (a country, optionally a region); overrides the
    /// holidays of `features`.
    pub holidays: Option<HolidaySpec>,
    /// Transform of the target before tabular models learn it, undone on their forecasts.
    pub transform: TargetTransform,
    /// How tabular models forecast several steps.
    pub strategy: Strategy,
    /// One tabular model over every series, or one per series.
    pub scope: Scope,
    /// Rolling-origin evaluation.
    pub backtest: BacktestSpec,
    /// Prediction-interval levels in (0, 1), e.g. 0.8 and 0.95.
    pub interval_levels: Vec<f64>,
    /// Conformal residual scaling (none, or by the local spread of the series).
    pub interval_scaling: Scaling,
    /// Clip forecasts at zero.
    pub non_negative: NonNegative,
    /// Combine the best models when that wins the backtest.
    pub ensemble: EnsembleSpec,
    /// Seed of every random choice (forests, permutation importance).
    pub seed: u64,
}

impl Default for ForecastSpec {
    fn default() -> Self {
        Self {
            horizon: 7,
            season: None,
            models: Vec::new(),
            features: None,
            holidays: None,
            transform: TargetTransform::None,
            strategy: Strategy::Recursive,
            scope: Scope::Global,
            backtest: BacktestSpec::default(),
            interval_levels: vec![0.8, 0.95],
            interval_scaling: Scaling::None,
            non_negative: NonNegative::Auto,
            ensemble: EnsembleSpec::default(),
            seed: 42,
        }
    }
}

/// Settings that are out of range; checked before anything is fitted.
pub fn validate(spec: &ForecastSpec) -> Result<(), ModelError> {
    let bad = |name, reason: &str| Err(ModelError::InvalidSetting { name, reason: reason.into() });
    if spec.horizon == 0 || spec.horizon > 10_000 {
        return bad("horizon", "must be between 1 and 10000 steps");
    }
    if spec.season == Some(0) {
        return bad("season", "must be at least 1");
    }
    if spec.backtest.windows == 0 || spec.backtest.windows > 1000 {
        return bad("backtest.windows", "must be between 1 and 1000");
    }
    if spec.backtest.step == Some(0) {
        return bad("backtest.step", "must be at least 1");
    }
    if spec.backtest.refit_every == 0 {
        return bad("backtest.refit_every", "must be at least 1");
    }
    if spec.interval_levels.iter().any(|l| !(*l > 0.0 && *l < 1.0)) {
        return bad("interval_levels", "each level must be strictly between 0 and 1");
    }
    for m in &spec.models {
        m.validate()?;
    }
    Ok(())
}

/// Multi-step strategy for tabular models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// One one-step model; each prediction feeds the lags of the next step.
    #[default]
    Recursive,
    /// One model per horizon step, each reading only lags at least that far back.
    Direct,
}

/// Whether a tabular model learns across series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One model over every series (the series index is a feature): shares what series have
    /// in common, the usual choice for many short series.
    #[default]
    Global,
    /// One model per series, trained on that series alone.
    Local,
}

/// Rolling-origin backtest settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BacktestSpec {
    /// Number of evaluation windows (origins).
    pub windows: usize,
    /// Steps between origins; `None` = the horizon.
    pub step: Option<usize>,
    /// Expanding or sliding training window.
    pub training: TrainingWindow,
    /// Refit models every k windows (1 = at every origin).
    pub refit_every: usize,
    /// Steps left out between the training data and the first forecast step.
    pub gap: usize,
}

impl Default for BacktestSpec {
    fn default() -> Self {
        Self { windows: 5, step: None, training: TrainingWindow::Expanding, refit_every: 1, gap: 0 }
    }
}

/// Whether forecasts are clipped at zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NonNegative {
    /// Clip when the history has no negative value (sales, counts); the report says so.
    #[default]
    Auto,
    /// Always clip.
    Always,
    /// Never clip.
    Never,
}

pub use crate::leaderboard::Combine as EnsembleMethod;

/// Ensemble of the best `top_k` models; `top_k < 2` turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnsembleSpec {
    /// Members taken from the top of the leaderboard.
    pub top_k: usize,
    /// How they are combined.
    pub method: EnsembleMethod,
}

impl Default for EnsembleSpec {
    fn default() -> Self {
        Self { top_k: 3, method: EnsembleMethod::Mean }
    }
}

/// A model to compare, with its settings.
///
/// In JSON, an object whose `kind` names the model, beside its settings:
/// `{"kind":"random_forest","n_trees":100,"max_depth":null,"min_samples_leaf":2}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", try_from = "ModelSpecFields")]
pub enum ModelSpec {
    /// Last value repeated.
    Naive,
    /// Value one season before.
    SeasonalNaive,
    /// Mean of the history.
    Mean,
    /// Straight line from the first to the last value.
    Drift,
    /// Mean of the last `window` values.
    MovingAverage {
        /// Values averaged.
        window: usize,
    },
    /// Mean of the same season position over the last `seasons` seasons.
    SeasonalAverage {
        /// Seasons averaged.
        seasons: usize,
    },
    /// Exponential smoothing, trend / seasonality / damping chosen automatically.
    Ets,
    /// MSTL: several seasonal periods removed, exponential smoothing on the rest.
    Mstl,
    /// Ordinary least squares on the features.
    Linear,
    /// Ridge regression (L2 penalty `alpha`).
    Ridge {
        /// Penalty strength.
        alpha: f64,
    },
    /// Lasso (L1 penalty `alpha`).
    Lasso {
        /// Penalty strength.
        alpha: f64,
    },
    /// Elastic net: `alpha` times a mix of L1 (`l1_ratio`) and L2.
    ElasticNet {
        /// Penalty strength.
        alpha: f64,
        /// Share of L1 in the penalty, in [0, 1].
        l1_ratio: f64,
    },
    /// k nearest neighbours on standardised features.
    Knn {
        /// Neighbours averaged.
        k: usize,
    },
    /// One regression tree.
    DecisionTree {
        /// Depth limit.
        max_depth: Option<usize>,
        /// Smallest leaf.
        min_samples_leaf: usize,
    },
    /// Random forest: bootstrap samples, random feature subsets.
    RandomForest {
        /// Trees in the forest.
        n_trees: usize,
        /// Depth limit.
        max_depth: Option<usize>,
        /// Smallest leaf.
        min_samples_leaf: usize,
    },
    /// Extremely randomised trees: random thresholds.
    ExtraTrees {
        /// Trees in the ensemble.
        n_trees: usize,
        /// Depth limit.
        max_depth: Option<usize>,
        /// Smallest leaf.
        min_samples_leaf: usize,
    },
}

/// The JSON of a [`ModelSpec`] as it is read: the `kind` and every model's settings side by
/// side (absent or `null` when the kind has no such setting). It reads the same JSON as serde's
/// internally tagged enums, which first buffer the object in a generic value and decode it
/// again per variant: a second decoder per variant that made up much of the wasm files.
#[derive(Deserialize)]
struct ModelSpecFields {
    kind: ModelKind,
    window: Option<usize>,
    seasons: Option<usize>,
    alpha: Option<f64>,
    l1_ratio: Option<f64>,
    k: Option<usize>,
    n_trees: Option<usize>,
    max_depth: Option<usize>,
    min_samples_leaf: Option<usize>,
}

/// `ModelSpec`'s variant names, as `kind` spells them.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ModelKind {
    Naive,
    SeasonalNaive,
    Mean,
    Drift,
    MovingAverage,
    SeasonalAverage,
    Ets,
    Mstl,
    Linear,
    Ridge,
    Lasso,
    ElasticNet,
    Knn,
    DecisionTree,
    RandomForest,
    ExtraTrees,
}

/// A required setting of the kind read.
fn required<T>(value: Option<T>, field: &'static str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

impl TryFrom<ModelSpecFields> for ModelSpec {
    type Error = String;

    fn try_from(f: ModelSpecFields) -> Result<Self, String> {
        Ok(match f.kind {
            ModelKind::Naive => ModelSpec::Naive,
            ModelKind::SeasonalNaive => ModelSpec::SeasonalNaive,
            ModelKind::Mean => ModelSpec::Mean,
            ModelKind::Drift => ModelSpec::Drift,
            ModelKind::MovingAverage => {
                ModelSpec::MovingAverage { window: required(f.window, "window")? }
            }
            ModelKind::SeasonalAverage => {
                ModelSpec::SeasonalAverage { seasons: required(f.seasons, "seasons")? }
            }
            ModelKind::Ets => ModelSpec::Ets,
            ModelKind::Mstl => ModelSpec::Mstl,
            ModelKind::Linear => ModelSpec::Linear,
            ModelKind::Ridge => ModelSpec::Ridge { alpha: required(f.alpha, "alpha")? },
            ModelKind::Lasso => ModelSpec::Lasso { alpha: required(f.alpha, "alpha")? },
            ModelKind::ElasticNet => ModelSpec::ElasticNet {
                alpha: required(f.alpha, "alpha")?,
                l1_ratio: required(f.l1_ratio, "l1_ratio")?,
            },
            ModelKind::Knn => ModelSpec::Knn { k: required(f.k, "k")? },
            ModelKind::DecisionTree => ModelSpec::DecisionTree {
                max_depth: f.max_depth,
                min_samples_leaf: required(f.min_samples_leaf, "min_samples_leaf")?,
            },
            ModelKind::RandomForest => ModelSpec::RandomForest {
                n_trees: required(f.n_trees, "n_trees")?,
                max_depth: f.max_depth,
                min_samples_leaf: required(f.min_samples_leaf, "min_samples_leaf")?,
            },
            ModelKind::ExtraTrees => ModelSpec::ExtraTrees {
                n_trees: required(f.n_trees, "n_trees")?,
                max_depth: f.max_depth,
                min_samples_leaf: required(f.min_samples_leaf, "min_samples_leaf")?,
            },
        })
    }
}

/// Whether a model reads the history directly or learns from feature rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelFamily {
    /// Baselines: simple rules on the history.
    Baseline,
    /// Exponential smoothing family, per series.
    Smoothing,
    /// Learns from feature rows (global over series).
    Tabular,
}

impl ModelSpec {
    /// The models compared when the spec names none, with daily data's settings (see
    /// [`ModelSpec::defaults_for`]).
    pub fn defaults() -> Vec<ModelSpec> {
        ModelSpec::defaults_for(Frequency::Daily)
    }

    /// The models compared on data of frequency `freq` when the spec names none: every
    /// baseline the issue asks for, the smoothing family, and one model of each tabular kind
    /// with sound settings. Only the moving average's window depends on the frequency.
    pub fn defaults_for(freq: Frequency) -> Vec<ModelSpec> {
        const DEFAULT_KEYS: [&str; 11] = [
            "naive",
            "seasonal_naive",
            "mean",
            "drift",
            "moving_average",
            "seasonal_average",
            "ets",
            "ridge",
            "knn",
            "random_forest",
            "extra_trees",
        ];
        DEFAULT_KEYS.iter().filter_map(|k| ModelSpec::from_key_for(k, freq)).collect()
    }

    /// The model named by `key` (see [`ModelSpec::key`]) with daily data's default settings
    /// (see [`ModelSpec::from_key_for`]).
    pub fn from_key(key: &str) -> Option<ModelSpec> {
        ModelSpec::from_key_for(key, Frequency::Daily)
    }

    /// The moving average's default window at frequency `freq`: one season where a season is
    /// short enough to average (a week of days, a day of hours, a year of months), so the
    /// average carries no weekday or hour-of-day bias; a month of weeks; three steps where
    /// there is no season (yearly data, odd minute steps).
    pub fn moving_average_window(freq: Frequency) -> usize {
        match freq {
            Frequency::Weekly { .. } => 4,
            f => match f.default_season() {
                1 => 3,
                season => season,
            },
        }
    }

    /// The seasonal average's default number of seasons at frequency `freq`: four (the same
    /// weekday of the last four weeks, the same month of the last four years), but two years
    /// of weeks, since four would need four years of weekly history before the first backtest
    /// window, more than most weekly files hold.
    pub fn seasonal_average_seasons(freq: Frequency) -> usize {
        match freq {
            Frequency::Weekly { .. } => 2,
            _ => 4,
        }
    }

    /// The model named by `key` (see [`ModelSpec::key`]) with default settings for data of
    /// frequency `freq`.
    pub fn from_key_for(key: &str, freq: Frequency) -> Option<ModelSpec> {
        let tree = |n_trees| (n_trees, None, 2);
        Some(match key {
            "naive" => ModelSpec::Naive,
            "seasonal_naive" => ModelSpec::SeasonalNaive,
            "mean" => ModelSpec::Mean,
            "drift" => ModelSpec::Drift,
            "moving_average" => {
                ModelSpec::MovingAverage { window: ModelSpec::moving_average_window(freq) }
            }
            "seasonal_average" => {
                ModelSpec::SeasonalAverage { seasons: ModelSpec::seasonal_average_seasons(freq) }
            }
            "ets" => ModelSpec::Ets,
            "mstl" => ModelSpec::Mstl,
            "linear" => ModelSpec::Linear,
            "ridge" => ModelSpec::Ridge { alpha: 1.0 },
            "lasso" => ModelSpec::Lasso { alpha: 0.1 },
            "elastic_net" => ModelSpec::ElasticNet { alpha: 0.1, l1_ratio: 0.5 },
            "knn" => ModelSpec::Knn { k: 10 },
            "decision_tree" => ModelSpec::DecisionTree { max_depth: Some(8), min_samples_leaf: 5 },
            "random_forest" => {
                let (n_trees, max_depth, min_samples_leaf) = tree(100);
                ModelSpec::RandomForest { n_trees, max_depth, min_samples_leaf }
            }
            "extra_trees" => {
                let (n_trees, max_depth, min_samples_leaf) = tree(100);
                ModelSpec::ExtraTrees { n_trees, max_depth, min_samples_leaf }
            }
            _ => return None,
        })
    }

    /// Every model key, in catalogue order.
    pub const KEYS: [&'static str; 16] = [
        "naive",
        "seasonal_naive",
        "mean",
        "drift",
        "moving_average",
        "seasonal_average",
        "ets",
        "mstl",
        "linear",
        "ridge",
        "lasso",
        "elastic_net",
        "knn",
        "decision_tree",
        "random_forest",
        "extra_trees",
    ];

    /// A short stable key (`seasonal_naive`, `random_forest`…) for tables and URLs.
    pub fn key(&self) -> &'static str {
        match self {
            ModelSpec::Naive => "naive",
            ModelSpec::SeasonalNaive => "seasonal_naive",
            ModelSpec::Mean => "mean",
            ModelSpec::Drift => "drift",
            ModelSpec::MovingAverage { .. } => "moving_average",
            ModelSpec::SeasonalAverage { .. } => "seasonal_average",
            ModelSpec::Ets => "ets",
            ModelSpec::Mstl => "mstl",
            ModelSpec::Linear => "linear",
            ModelSpec::Ridge { .. } => "ridge",
            ModelSpec::Lasso { .. } => "lasso",
            ModelSpec::ElasticNet { .. } => "elastic_net",
            ModelSpec::Knn { .. } => "knn",
            ModelSpec::DecisionTree { .. } => "decision_tree",
            ModelSpec::RandomForest { .. } => "random_forest",
            ModelSpec::ExtraTrees { .. } => "extra_trees",
        }
    }

    /// Display name in English, with the settings that tell two variants apart.
    pub fn name_en(&self) -> String {
        match self {
            ModelSpec::Naive => "Naive".into(),
            ModelSpec::SeasonalNaive => "Seasonal naive".into(),
            ModelSpec::Mean => "Historical mean".into(),
            ModelSpec::Drift => "Drift".into(),
            ModelSpec::MovingAverage { window } => format!("Moving average ({window})"),
            ModelSpec::SeasonalAverage { seasons } => format!("Seasonal average ({seasons})"),
            ModelSpec::Ets => "Exponential smoothing (auto)".into(),
            ModelSpec::Mstl => "MSTL".into(),
            ModelSpec::Linear => "Linear regression".into(),
            ModelSpec::Ridge { alpha } => format!("Ridge (α={alpha})"),
            ModelSpec::Lasso { alpha } => format!("Lasso (α={alpha})"),
            ModelSpec::ElasticNet { alpha, l1_ratio } => {
                format!("Elastic net (α={alpha}, L1={l1_ratio})")
            }
            ModelSpec::Knn { k } => format!("k nearest neighbours (k={k})"),
            ModelSpec::DecisionTree { .. } => "Decision tree".into(),
            ModelSpec::RandomForest { n_trees, .. } => format!("Random forest ({n_trees} trees)"),
            ModelSpec::ExtraTrees { n_trees, .. } => format!("Extra trees ({n_trees} trees)"),
        }
    }

    /// Display name in French.
    pub fn name_fr(&self) -> String {
        match self {
            ModelSpec::Naive => "Naïf".into(),
            ModelSpec::SeasonalNaive => "Naïf saisonnier".into(),
            ModelSpec::Mean => "Moyenne historique".into(),
            ModelSpec::Drift => "Dérive".into(),
            ModelSpec::MovingAverage { window } => format!("Moyenne mobile ({window})"),
            ModelSpec::SeasonalAverage { seasons } => format!("Moyenne saisonnière ({seasons})"),
            ModelSpec::Ets => "Lissage exponentiel (auto)".into(),
            ModelSpec::Mstl => "MSTL".into(),
            ModelSpec::Linear => "Régression linéaire".into(),
            ModelSpec::Ridge { alpha } => format!("Ridge (α={alpha})"),
            ModelSpec::Lasso { alpha } => format!("Lasso (α={alpha})"),
            ModelSpec::ElasticNet { alpha, l1_ratio } => {
                format!("Elastic net (α={alpha}, L1={l1_ratio})")
            }
            ModelSpec::Knn { k } => format!("k plus proches voisins (k={k})"),
            ModelSpec::DecisionTree { .. } => "Arbre de décision".into(),
            ModelSpec::RandomForest { n_trees, .. } => {
                format!("Forêt aléatoire ({n_trees} arbres)")
            }
            ModelSpec::ExtraTrees { n_trees, .. } => format!("Extra-trees ({n_trees} arbres)"),
        }
    }

    /// Baseline, smoothing or tabular.
    pub fn family(&self) -> ModelFamily {
        match self {
            ModelSpec::Naive
            | ModelSpec::SeasonalNaive
            | ModelSpec::Mean
            | ModelSpec::Drift
            | ModelSpec::MovingAverage { .. }
            | ModelSpec::SeasonalAverage { .. } => ModelFamily::Baseline,
            ModelSpec::Ets | ModelSpec::Mstl => ModelFamily::Smoothing,
            _ => ModelFamily::Tabular,
        }
    }

    /// Whether its forecasts can be explained feature by feature with exact SHAP: the tabular
    /// models but k nearest neighbours (see `FittedTabular::shap`).
    pub fn explainable(&self) -> bool {
        self.family() == ModelFamily::Tabular && !matches!(self, ModelSpec::Knn { .. })
    }

    /// Simplicity rank used to break ties on the leaderboard: lower is simpler.
    pub fn complexity(&self) -> u8 {
        match self {
            ModelSpec::Naive => 0,
            ModelSpec::Mean => 1,
            ModelSpec::SeasonalNaive => 2,
            ModelSpec::Drift => 3,
            ModelSpec::MovingAverage { .. } => 4,
            ModelSpec::SeasonalAverage { .. } => 5,
            ModelSpec::Ets => 10,
            ModelSpec::Mstl => 11,
            ModelSpec::Linear => 20,
            ModelSpec::Ridge { .. } => 21,
            ModelSpec::Lasso { .. } => 22,
            ModelSpec::ElasticNet { .. } => 23,
            ModelSpec::Knn { .. } => 30,
            ModelSpec::DecisionTree { .. } => 31,
            ModelSpec::ExtraTrees { .. } => 40,
            ModelSpec::RandomForest { .. } => 41,
        }
    }

    /// A rough relative cost of backtesting and fitting this model, for sharing a run's models
    /// out between workers ([`crate::forecast::partition`]): about the milliseconds each took
    /// on two years of daily data in the browser. Only the proportions matter.
    pub fn relative_cost(&self) -> u64 {
        match *self {
            ModelSpec::Naive
            | ModelSpec::Mean
            | ModelSpec::SeasonalNaive
            | ModelSpec::Drift
            | ModelSpec::MovingAverage { .. }
            | ModelSpec::SeasonalAverage { .. } => 1,
            ModelSpec::Ets => 30,
            ModelSpec::Mstl => 60,
            ModelSpec::Linear
            | ModelSpec::Ridge { .. }
            | ModelSpec::Lasso { .. }
            | ModelSpec::ElasticNet { .. } => 10,
            ModelSpec::Knn { .. } => 80,
            ModelSpec::DecisionTree { .. } => 10,
            ModelSpec::ExtraTrees { n_trees, .. } | ModelSpec::RandomForest { n_trees, .. } => {
                2 * n_trees as u64
            }
        }
    }

    /// Checks the settings' ranges.
    pub fn validate(&self) -> Result<(), ModelError> {
        let bad =
            |name, reason: &str| Err(ModelError::InvalidSetting { name, reason: reason.into() });
        match *self {
            ModelSpec::MovingAverage { window: 0 } => bad("window", "must be at least 1"),
            ModelSpec::SeasonalAverage { seasons: 0 } => bad("seasons", "must be at least 1"),
            ModelSpec::Ridge { alpha } | ModelSpec::Lasso { alpha }
                if !alpha.is_finite() || alpha < 0.0 =>
            {
                bad("alpha", "must be zero or positive")
            }
            ModelSpec::ElasticNet { alpha, l1_ratio }
                if !alpha.is_finite() || alpha < 0.0 || !(0.0..=1.0).contains(&l1_ratio) =>
            {
                bad("alpha / l1_ratio", "alpha ≥ 0 and l1_ratio in [0, 1]")
            }
            ModelSpec::Knn { k: 0 } => bad("k", "must be at least 1"),
            ModelSpec::DecisionTree { min_samples_leaf: 0, .. }
            | ModelSpec::RandomForest { min_samples_leaf: 0, .. }
            | ModelSpec::ExtraTrees { min_samples_leaf: 0, .. } => {
                bad("min_samples_leaf", "must be at least 1")
            }
            ModelSpec::DecisionTree { max_depth: Some(0), .. }
            | ModelSpec::RandomForest { max_depth: Some(0), .. }
            | ModelSpec::ExtraTrees { max_depth: Some(0), .. } => {
                bad("max_depth", "must be at least 1")
            }
            ModelSpec::RandomForest { n_trees, .. } | ModelSpec::ExtraTrees { n_trees, .. }
                if n_trees == 0 || n_trees > 2000 =>
            {
                bad("n_trees", "must be between 1 and 2000")
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_json_object_is_the_default_spec() {
        let spec: ForecastSpec = serde_json::from_str("{}").expect("valid");
        assert_eq!(spec, ForecastSpec::default());
        assert_eq!(spec.horizon, 7);
        assert_eq!(spec.interval_levels, vec![0.8, 0.95]);
    }

    #[test]
    fn every_model_reads_back_from_the_json_it_writes_and_a_missing_setting_is_named() {
        let mut models: Vec<ModelSpec> =
            ModelSpec::KEYS.iter().map(|k| ModelSpec::from_key(k).expect("a model")).collect();
        models.push(ModelSpec::DecisionTree { max_depth: Some(4), min_samples_leaf: 3 });
        models.push(ModelSpec::ExtraTrees { n_trees: 7, max_depth: Some(2), min_samples_leaf: 1 });
        assert_eq!(models.len(), 18);
        for model in &models {
            let text = serde_json::to_string(model).expect("serialises");
            assert!(text.starts_with(&format!(r#"{{"kind":"{}""#, model.key())), "{text}");
            assert_eq!(&serde_json::from_str::<ModelSpec>(&text).expect("parses"), model);
        }
        let read = |text: &str| serde_json::from_str::<ModelSpec>(text);
        // Settings of other kinds are ignored, in any order; an absent depth is no limit.
        assert_eq!(
            read(r#"{"window":3,"kind":"ets","alpha":"not read"}"#).ok(),
            None,
            "a present setting of the wrong type is an error"
        );
        assert_eq!(read(r#"{"window":3,"kind":"ets","k":null}"#).ok(), Some(ModelSpec::Ets));
        assert_eq!(
            read(r#"{"kind":"random_forest","n_trees":5,"min_samples_leaf":2}"#).ok(),
            Some(ModelSpec::RandomForest { n_trees: 5, max_depth: None, min_samples_leaf: 2 })
        );
        for (text, message) in [
            (r#"{"kind":"ridge"}"#, "missing field `alpha`"),
            (r#"{"kind":"elastic_net","alpha":0.1}"#, "missing field `l1_ratio`"),
            (r#"{"kind":"extra_trees","n_trees":5}"#, "missing field `min_samples_leaf`"),
            (r#"{"kind":"prophet"}"#, "unknown variant `prophet`"),
            (r#"{"alpha":1.0}"#, "missing field `kind`"),
            (r#"{"kind":"knn","k":-1}"#, "invalid value"),
        ] {
            let error = read(text).expect_err(text).to_string();
            assert!(error.contains(message), "{text}: {error}");
        }
    }

    #[test]
    fn a_spec_round_trips_through_json() {
        let spec = ForecastSpec {
            horizon: 12,
            models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 0.5 }],
            strategy: Strategy::Direct,
            ..ForecastSpec::default()
        };
        let text = serde_json::to_string(&spec).expect("serialises");
        assert!(text.contains(r#"{"kind":"ridge","alpha":0.5}"#), "{text}");
        assert_eq!(serde_json::from_str::<ForecastSpec>(&text).expect("parses"), spec);
    }

    #[test]
    fn unknown_fields_and_bad_ranges_are_refused() {
        assert!(serde_json::from_str::<ForecastSpec>(r#"{"horizn": 7}"#).is_err());
        let spec = ForecastSpec { horizon: 0, ..ForecastSpec::default() };
        assert!(matches!(validate(&spec), Err(ModelError::InvalidSetting { name: "horizon", .. })));
        let spec = ForecastSpec { interval_levels: vec![1.2], ..ForecastSpec::default() };
        assert!(validate(&spec).is_err());
        let spec =
            ForecastSpec { models: vec![ModelSpec::Knn { k: 0 }], ..ForecastSpec::default() };
        assert!(matches!(validate(&spec), Err(ModelError::InvalidSetting { name: "k", .. })));
        assert!(ModelSpec::ElasticNet { alpha: 1.0, l1_ratio: 1.5 }.validate().is_err());
        assert!(ModelSpec::Ridge { alpha: f64::NAN }.validate().is_err());
    }

    #[test]
    fn every_key_names_a_valid_model_that_gives_the_key_back() {
        for key in ModelSpec::KEYS {
            let m = ModelSpec::from_key(key).expect("known key");
            assert_eq!(m.key(), key);
            m.validate().expect("valid defaults");
        }
        assert_eq!(ModelSpec::from_key("prophet"), None);
    }

    #[test]
    fn the_moving_average_spans_a_season_of_the_data_s_own_frequency() {
        let window = |freq| match ModelSpec::from_key_for("moving_average", freq) {
            Some(ModelSpec::MovingAverage { window }) => window,
            other => panic!("not a moving average: {other:?}"),
        };
        assert_eq!(window(Frequency::Daily), 7);
        assert_eq!(window(Frequency::BusinessDaily), 5);
        assert_eq!(window(Frequency::Minutes { minutes: 60 }), 24);
        assert_eq!(window(Frequency::Minutes { minutes: 30 }), 48);
        assert_eq!(window(Frequency::Monthly), 12);
        assert_eq!(window(Frequency::Quarterly), 4);
        assert_eq!(window(Frequency::Weekly { anchor: chrono::Weekday::Mon }), 4);
        assert_eq!(window(Frequency::Yearly), 3);
        assert_eq!(window(Frequency::Minutes { minutes: 7 }), 3);
        let hourly = ModelSpec::defaults_for(Frequency::Minutes { minutes: 60 });
        assert!(hourly.contains(&ModelSpec::MovingAverage { window: 24 }));
        assert!(hourly.contains(&ModelSpec::SeasonalAverage { seasons: 4 }));
        let weekly = ModelSpec::defaults_for(Frequency::Weekly { anchor: chrono::Weekday::Mon });
        assert!(weekly.contains(&ModelSpec::SeasonalAverage { seasons: 2 }));
        assert_eq!(
            ModelSpec::from_key("moving_average"),
            Some(ModelSpec::MovingAverage { window: 7 })
        );
    }

    #[test]
    fn every_default_model_is_valid_named_and_ranked() {
        let defaults = ModelSpec::defaults();
        for m in &defaults {
            m.validate().expect("defaults are valid");
            assert!(!m.name_en().is_empty() && !m.name_fr().is_empty());
        }
        let keys: std::collections::HashSet<_> = defaults.iter().map(|m| m.key()).collect();
        assert_eq!(keys.len(), defaults.len(), "keys are unique");
        assert!(ModelSpec::Naive.complexity() < ModelSpec::Ridge { alpha: 1.0 }.complexity());
        assert_eq!(ModelSpec::Ets.family(), ModelFamily::Smoothing);
    }
}
