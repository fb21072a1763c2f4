//! From a [`ModelSpec`] to a fitted model: the one place that maps the catalogue onto the
//! concrete model types, and the serialisable forms of what was fitted.
//!
//! Tabular models keep their fitted parameters ([`FittedTabular`]). History-based models
//! (baselines, exponential smoothing) are cheap and deterministic to fit, so their fitted form is
//! the spec plus the history they saw; loading one refits it and predicts identically.

use serde::{Deserialize, Serialize};

use crate::explain::{linear::linear_shap, treeshap};
use crate::matrix::Matrix;
use crate::models::baselines::{Baseline, MovingAverage, SeasonalAverage, SeasonalNaive};
use crate::models::ets::{Ets, Mstl, Seasonality};
use crate::models::knn::{FittedKnn, KNearestNeighbours, KnnWeights};
use crate::models::linear::{ElasticNet, FittedLinear, Lasso, LinearRegression, Ridge};
use crate::models::tree::forest::{ExtraTrees, FittedForest, RandomForest, Sampling};
use crate::models::tree::{DecisionTree, FittedTree, MaxFeatures};
use crate::models::{FittedRegressor, FittedSeriesModel, ModelError, Regressor, SeriesModel};
use crate::spec::ModelSpec;

/// A fitted tabular model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FittedTabular {
    /// Linear, ridge, lasso or elastic net.
    Linear(FittedLinear),
    /// k nearest neighbours.
    Knn(FittedKnn),
    /// One tree.
    Tree(FittedTree),
    /// Random forest or extra-trees.
    Forest(FittedForest),
}

impl FittedRegressor for FittedTabular {
    fn predict_row(&self, row: &[f64]) -> f64 {
        match self {
            FittedTabular::Linear(m) => m.predict_row(row),
            FittedTabular::Knn(m) => m.predict_row(row),
            FittedTabular::Tree(m) => m.predict_row(row),
            FittedTabular::Forest(m) => m.predict_row(row),
        }
    }
}

/// Exact SHAP attribution of one prediction: `base_value + Σ values = prediction`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// The model's expected output (training means for linear models, cover-weighted leaf mean
    /// for trees).
    pub base_value: f64,
    /// One contribution per feature.
    pub values: Vec<f64>,
}

impl FittedTabular {
    /// Exact SHAP values for `row`, or `None` for models without an exact method (k-NN).
    pub fn shap(&self, row: &[f64]) -> Option<Attribution> {
        match self {
            FittedTabular::Linear(m) => {
                let s = linear_shap(m, row);
                Some(Attribution { base_value: s.base_value, values: s.values })
            }
            FittedTabular::Tree(m) => {
                let s = treeshap::tree_shap(m, row);
                Some(Attribution { base_value: s.base_value, values: s.values })
            }
            FittedTabular::Forest(m) => {
                let s = treeshap::forest_shap(m, row);
                Some(Attribution { base_value: s.base_value, values: s.values })
            }
            FittedTabular::Knn(_) => None,
        }
    }
}

fn tree_settings(max_depth: Option<usize>, min_samples_leaf: usize, seed: u64) -> DecisionTree {
    DecisionTree {
        max_depth,
        min_samples_leaf,
        min_samples_split: (2 * min_samples_leaf).max(2),
        max_features: MaxFeatures::All,
        max_bins: 255,
        seed,
    }
}

/// Fits the tabular model `spec` on `x`, `y`. Errors for a history-based spec.
pub fn fit_tabular(
    spec: &ModelSpec,
    x: &Matrix,
    y: &[f64],
    seed: u64,
) -> Result<FittedTabular, ModelError> {
    Ok(match *spec {
        ModelSpec::Linear => FittedTabular::Linear(LinearRegression.fit(x, y)?),
        ModelSpec::Ridge { alpha } => FittedTabular::Linear(Ridge { alpha }.fit(x, y)?),
        ModelSpec::Lasso { alpha } => FittedTabular::Linear(Lasso { alpha }.fit(x, y)?),
        ModelSpec::ElasticNet { alpha, l1_ratio } => {
            FittedTabular::Linear(ElasticNet { alpha, l1_ratio }.fit(x, y)?)
        }
        ModelSpec::Knn { k } => {
            // Fewer rows than neighbours: use them all rather than fail a short fold.
            let k = k.min(y.len()).max(1);
            FittedTabular::Knn(KNearestNeighbours { k, weights: KnnWeights::Distance }.fit(x, y)?)
        }
        ModelSpec::DecisionTree { max_depth, min_samples_leaf } => {
            FittedTabular::Tree(tree_settings(max_depth, min_samples_leaf, seed).fit(x, y)?)
        }
        ModelSpec::RandomForest { n_trees, max_depth, min_samples_leaf } => {
            let tree = DecisionTree {
                max_features: MaxFeatures::Third,
                ..tree_settings(max_depth, min_samples_leaf, seed)
            };
            let sampling = capped(y.len()).unwrap_or(Sampling::Bootstrap);
            FittedTabular::Forest(RandomForest { n_trees, tree, sampling, seed }.fit(x, y)?)
        }
        ModelSpec::ExtraTrees { n_trees, max_depth, min_samples_leaf } => {
            let tree = tree_settings(max_depth, min_samples_leaf, seed);
            let sampling = capped(y.len()).unwrap_or(Sampling::None);
            FittedTabular::Forest(ExtraTrees { n_trees, tree, sampling, seed }.fit(x, y)?)
        }
        _ => {
            return Err(ModelError::InvalidSetting {
                name: "model",
                reason: format!("{} reads the history directly, not feature rows", spec.key()),
            });
        }
    })
}

/// Most training rows one tree of a forest sees. Longer designs (years of hourly data) give
/// each tree a different subsample of this many rows: a hundred trees still see every row,
/// and fitting, explaining and predicting stay within seconds instead of a minute.
pub const MAX_TREE_ROWS: usize = 4096;

/// The sampling of a forest fitted on `n` rows when `n` is above [`MAX_TREE_ROWS`].
fn capped(n: usize) -> Option<Sampling> {
    (n > MAX_TREE_ROWS).then(|| Sampling::Subsample(MAX_TREE_ROWS as f64 / n as f64))
}

/// Most of the latest values exponential smoothing and MSTL fit on (at least eight of the
/// longest seasonal period, [`recent`]). Years of hourly data (87,600 values) took each fit
/// a third of a second, and the interval calibration fits the chosen model again at dozens
/// of origins: half a minute for one series. The latest values are what these models'
/// forecasts rest on (the level, trend and seasonal pattern at the end), so the forecast
/// barely moves; the baselines, which are cheap, keep the whole history (a historical mean
/// means the whole history). Every fit goes through [`forecast_history`], so the backtest
/// evaluates exactly what the final forecast ships.
pub const MAX_HISTORY_ROWS: usize = 4096;

/// The latest values of `history` an expensive history model fits on, given its longest
/// seasonal period: at most [`MAX_HISTORY_ROWS`], or eight periods if that is more.
pub fn recent(history: &[f64], longest_period: usize) -> &[f64] {
    let keep = MAX_HISTORY_ROWS.max(longest_period.saturating_mul(8));
    &history[history.len().saturating_sub(keep)..]
}

/// Fits the history-based model `spec` on `history` and forecasts `horizon` steps.
///
/// `periods` are the seasonal periods MSTL removes (the frequency's, e.g. 48 and 336 for
/// half-hourly data). Exponential smoothing and MSTL fit on the [`recent`] values only.
/// Errors for a tabular spec.
pub fn forecast_history(
    spec: &ModelSpec,
    history: &[f64],
    season: usize,
    periods: &[usize],
    horizon: usize,
) -> Result<Vec<f64>, ModelError> {
    let baseline = match *spec {
        ModelSpec::Naive => Baseline::Naive,
        ModelSpec::SeasonalNaive => Baseline::SeasonalNaive(SeasonalNaive { season: None }),
        ModelSpec::Mean => Baseline::Mean,
        ModelSpec::Drift => Baseline::Drift,
        ModelSpec::MovingAverage { window } => Baseline::MovingAverage(MovingAverage { window }),
        ModelSpec::SeasonalAverage { seasons } => {
            Baseline::SeasonalAverage(SeasonalAverage { seasons, season: None })
        }
        ModelSpec::Ets => {
            let ets = Ets { seasonality: Seasonality::Auto };
            return Ok(ets.fit(recent(history, season), season)?.predict(horizon));
        }
        ModelSpec::Mstl => {
            let periods: Vec<usize> =
                if periods.is_empty() { vec![season.max(2)] } else { periods.to_vec() };
            let longest = periods.iter().copied().max().unwrap_or(season);
            return Ok(Mstl { periods }.fit(recent(history, longest), season)?.predict(horizon));
        }
        _ => {
            return Err(ModelError::InvalidSetting {
                name: "model",
                reason: format!("{} learns from feature rows, not a history", spec.key()),
            });
        }
    };
    Ok(baseline.fit(history, season)?.predict(horizon))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear_data() -> (Matrix, Vec<f64>) {
        let rows: Vec<[f64; 2]> = (0..60).map(|i| [i as f64, (i % 7) as f64]).collect();
        let y = rows.iter().map(|r| 3.0 + 2.0 * r[0] - r[1]).collect();
        (Matrix::from_rows(&rows).expect("rectangular"), y)
    }

    #[test]
    fn forest_trees_see_at_most_max_tree_rows_rows_each_and_all_rows_below_it() {
        let design = |n: usize| {
            let rows: Vec<[f64; 2]> = (0..n).map(|i| [i as f64, (i % 24) as f64]).collect();
            let y = rows.iter().map(|r| r[1] * 2.0 + (r[0] * 0.001).sin()).collect::<Vec<_>>();
            (Matrix::from_rows(&rows).expect("rectangular"), y)
        };
        let root_covers = |spec: &ModelSpec, n: usize| {
            let (x, y) = design(n);
            match fit_tabular(spec, &x, &y, 3).expect("fits") {
                FittedTabular::Forest(f) => {
                    f.trees().iter().map(|t| t.nodes()[0].cover()).collect::<Vec<_>>()
                }
                _ => panic!("a forest"),
            }
        };
        let rf = ModelSpec::RandomForest { n_trees: 4, max_depth: Some(3), min_samples_leaf: 2 };
        let et = ModelSpec::ExtraTrees { n_trees: 4, max_depth: Some(3), min_samples_leaf: 2 };
        let big = 3 * MAX_TREE_ROWS;
        for spec in [&rf, &et] {
            assert!(root_covers(spec, big).iter().all(|&c| c == MAX_TREE_ROWS as f64), "{spec:?}");
        }
        // Below the cap: extra trees see every row, a random forest a bootstrap of them all.
        assert!(root_covers(&et, 1000).iter().all(|&c| c == 1000.0));
        assert!(root_covers(&rf, 1000).iter().all(|&c| c == 1000.0));
    }

    #[test]
    fn smoothing_and_mstl_fit_the_latest_values_of_a_long_history_and_baselines_all_of_it() {
        // Ten years of hourly values with a daily cycle and a slow drift.
        let n = 87_600;
        let history: Vec<f64> = (0..n)
            .map(|t| {
                let day = (2.0 * std::f64::consts::PI * (t % 24) as f64 / 24.0).sin();
                100.0 + 20.0 * day + t as f64 * 1e-3 + ((t * 7919) % 13) as f64 * 0.1
            })
            .collect();
        let latest = &history[n - MAX_HISTORY_ROWS..];
        assert_eq!(recent(&history, 24), latest);
        // A period longer than an eighth of the cap keeps eight of them.
        assert_eq!(recent(&history, 1000).len(), 8000);
        assert_eq!(recent(&history[..100], 24).len(), 100, "a short history is kept whole");
        let forecast = |spec: &ModelSpec, h: &[f64]| {
            forecast_history(spec, h, 24, &[24, 168], 24).expect("forecasts")
        };
        for spec in [ModelSpec::Ets, ModelSpec::Mstl] {
            assert_eq!(forecast(&spec, &history), forecast(&spec, latest), "{spec:?}");
        }
        // The historical mean and the drift are of the whole history.
        for spec in [ModelSpec::Mean, ModelSpec::Drift] {
            assert_ne!(forecast(&spec, &history), forecast(&spec, latest), "{spec:?}");
        }
    }

    #[test]
    fn every_tabular_default_fits_and_predicts_finite_values() {
        let (x, y) = linear_data();
        for spec in
            ModelSpec::defaults().iter().filter(|m| m.family() == crate::spec::ModelFamily::Tabular)
        {
            let m = fit_tabular(spec, &x, &y, 1).expect("fits");
            let p = m.predict(&x);
            assert!(p.iter().all(|v| v.is_finite()), "{}", spec.key());
        }
        let ols = fit_tabular(&ModelSpec::Linear, &x, &y, 1).expect("fits");
        assert!((ols.predict_row(&[100.0, 2.0]) - 201.0).abs() < 1e-6);
    }

    #[test]
    fn shap_adds_up_for_linear_and_forest_and_is_absent_for_knn() {
        let (x, y) = linear_data();
        for spec in [
            ModelSpec::Ridge { alpha: 0.1 },
            ModelSpec::RandomForest { n_trees: 10, max_depth: None, min_samples_leaf: 1 },
        ] {
            let m = fit_tabular(&spec, &x, &y, 3).expect("fits");
            let row = x.row(17);
            let a = m.shap(row).expect("exact SHAP exists");
            let total = a.base_value + a.values.iter().sum::<f64>();
            assert!((total - m.predict_row(row)).abs() < 1e-9, "{}", spec.key());
        }
        let knn = fit_tabular(&ModelSpec::Knn { k: 3 }, &x, &y, 0).expect("fits");
        assert!(knn.shap(x.row(0)).is_none());
    }

    #[test]
    fn history_models_forecast_the_horizon_and_refuse_tabular_specs() {
        let history: Vec<f64> = (0..40).map(|i| 10.0 + (i % 7) as f64).collect();
        let sn = forecast_history(&ModelSpec::SeasonalNaive, &history, 7, &[7], 7).expect("fits");
        assert_eq!(sn, history[33..40].to_vec());
        let naive = forecast_history(&ModelSpec::Naive, &history, 7, &[7], 3).expect("fits");
        assert_eq!(naive, vec![history[39]; 3]);
        let ets = forecast_history(&ModelSpec::Ets, &history, 7, &[7], 7).expect("fits");
        assert_eq!(ets.len(), 7);
        assert!(forecast_history(&ModelSpec::Linear, &history, 7, &[7], 7).is_err());
        assert!(fit_tabular(&ModelSpec::Naive, &Matrix::with_cols(1), &[], 0).is_err());
    }

    #[test]
    fn fitted_tabular_models_round_trip_through_json() {
        let (x, y) = linear_data();
        for spec in [
            ModelSpec::Lasso { alpha: 0.01 },
            ModelSpec::Knn { k: 5 },
            ModelSpec::ExtraTrees { n_trees: 5, max_depth: Some(6), min_samples_leaf: 1 },
        ] {
            let m = fit_tabular(&spec, &x, &y, 9).expect("fits");
            let text = serde_json::to_string(&m).expect("serialises");
            let back: FittedTabular = serde_json::from_str(&text).expect("loads");
            assert_eq!(back.predict(&x), m.predict(&x), "{}", spec.key());
        }
    }
}
