//! The leaderboard: every candidate model's backtest scored the same way, the automatic model
//! choice, and an optional ensemble of the best candidates.
//!
//! **Scores** follow the reference protocol: metrics per (series, window), then an unweighted
//! mean over all pairs (`overall`); also per horizon step (over all series × windows) and per
//! series (over its windows).
//!
//! **Choice rule:** the lowest mean MASE wins, but every candidate whose MASE is within
//! `tie_tolerance` (relative, default 1 %) of the best is treated as tied, and among tied
//! candidates the *simplest* (lowest complexity rank, then lowest MASE, then name) is chosen:
//! a 1 % gain measured on a handful of windows is noise, and the simpler model is the safer
//! bet. MASE is averaged over the (series, window) pairs whose training data varies (a flat
//! one, a closed store's zeros, has no scale); if no pair does, the same rule runs on MAE.
//! Candidates with an undefined MASE rank after those with one.
//!
//! **Ensemble:** the mean or median of the top-k candidates' forecasts, fold by fold, on the
//! same folds; it is scored like any candidate, ranks one above its most complex member, and is
//! therefore chosen only if it beats the best single model by more than the tolerance.

use crate::backtest::{
    BacktestConfig, BacktestError, BacktestResult, SeriesRef, run_backtest, series_model_forecaster,
};
use crate::metrics::{PointMetrics, seasonal_naive_scale};
use crate::models::baselines::Baseline;

/// One candidate's backtests, one per series (same order as the series list).
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateBacktest {
    /// Display name, unique on the leaderboard.
    pub name: String,
    /// Complexity rank: lower is simpler (baselines 1–3; see `Baseline::complexity_rank`).
    pub complexity_rank: u32,
    /// Backtest of each series.
    pub per_series: Vec<BacktestResult>,
}

impl CandidateBacktest {
    /// Backtests `baseline` on every series with `cfg` and seasonal period `season`.
    pub fn from_baseline(
        baseline: &Baseline,
        series: &[SeriesRef<'_>],
        cfg: &BacktestConfig,
        season: usize,
    ) -> Result<CandidateBacktest, LeaderboardError> {
        let per_series = series
            .iter()
            .map(|s| run_backtest(s.values, cfg, series_model_forecaster(baseline, season, cfg)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| LeaderboardError::Backtest { candidate: baseline.name(), source })?;
        Ok(CandidateBacktest {
            name: baseline.name(),
            complexity_rank: baseline.complexity_rank(),
            per_series,
        })
    }
}

/// How an ensemble combines its members' forecasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Combine {
    /// Arithmetic mean.
    Mean,
    /// Median (mean of the two middle values for an even count).
    Median,
}

/// Settings of the optional ensemble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EnsembleConfig {
    /// Number of best single candidates combined (≥ 2; fewer candidates → fewer members).
    pub top_k: usize,
    /// How forecasts are combined.
    pub combine: Combine,
}

/// Settings of the leaderboard.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LeaderboardConfig {
    /// Seasonal period for MASE (≥ 1).
    pub season: usize,
    /// Relative MASE difference under which candidates tie (finite, ≥ 0).
    #[serde(deserialize_with = "crate::json::nan")]
    pub tie_tolerance: f64,
    /// The ensemble to add, if any.
    pub ensemble: Option<EnsembleConfig>,
}

impl LeaderboardConfig {
    /// Season `season`, 1 % tie tolerance, mean of the top 3 as ensemble.
    pub fn new(season: usize) -> LeaderboardConfig {
        LeaderboardConfig {
            season,
            tie_tolerance: 0.01,
            ensemble: Some(EnsembleConfig { top_k: 3, combine: Combine::Mean }),
        }
    }
}

/// Why a leaderboard could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LeaderboardError {
    /// A setting is out of range.
    #[error("leaderboard setting `{field}`: expected {expected}")]
    InvalidConfig {
        /// The setting's name.
        field: &'static str,
        /// What was expected.
        expected: &'static str,
    },
    /// No candidate to rank.
    #[error("no candidate model to rank")]
    NoCandidates,
    /// A candidate has a backtest count different from the number of series.
    #[error("candidate `{candidate}` has {got} backtests for {expected} series")]
    SeriesCount {
        /// The candidate's name.
        candidate: String,
        /// Number of series.
        expected: usize,
        /// Backtests given.
        got: usize,
    },
    /// A candidate was not backtested on the same folds as the first one.
    #[error("candidate `{candidate}` was backtested on other folds (series {series})")]
    FoldMismatch {
        /// The candidate's name.
        candidate: String,
        /// Index of the series where folds differ.
        series: usize,
    },
    /// Scoring a backtest failed.
    #[error("candidate `{candidate}`: {source}")]
    Backtest {
        /// The candidate's name.
        candidate: String,
        /// The underlying error.
        source: BacktestError,
    },
}

/// Metrics of one horizon step over every (series, window) pair.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepMetrics {
    /// 1-based horizon step.
    pub step: usize,
    /// Mean absolute error.
    #[serde(deserialize_with = "crate::json::nan")]
    pub mae: f64,
    /// Root mean squared error.
    #[serde(deserialize_with = "crate::json::nan")]
    pub rmse: f64,
    /// sMAPE in percent.
    #[serde(deserialize_with = "crate::json::nan")]
    pub smape: f64,
    /// Mean of `|e| / scale` over the pairs whose scale is defined; `None` if none is.
    pub mase: Option<f64>,
    /// Mean error `y − ŷ`.
    #[serde(deserialize_with = "crate::json::nan")]
    pub bias: f64,
    /// Pairs averaged.
    pub n: usize,
}

/// One model's line on the leaderboard.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderboardRow {
    /// The model's name.
    pub name: String,
    /// Its complexity rank.
    pub complexity_rank: u32,
    /// For an ensemble, its members; empty otherwise.
    pub members: Vec<String>,
    /// Metrics averaged over series × windows.
    pub overall: PointMetrics,
    /// Metrics per horizon step.
    pub per_step: Vec<StepMetrics>,
    /// `(series id, metrics averaged over its windows)`.
    pub per_series: Vec<(String, PointMetrics)>,
}

/// All rows, best first, and the automatic choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaderboard {
    /// Rows sorted by MASE (undefined last), then MAE, then name.
    pub rows: Vec<LeaderboardRow>,
    /// Index in `rows` of the chosen model.
    pub chosen: usize,
    /// The ensemble's own backtests (for its intervals), if one was built.
    pub ensemble_backtests: Option<Vec<BacktestResult>>,
}

impl Leaderboard {
    /// The chosen model's row.
    pub fn chosen_row(&self) -> Option<&LeaderboardRow> {
        self.rows.get(self.chosen)
    }
}

/// Scores every candidate, adds the ensemble if configured, sorts and chooses.
pub fn build_leaderboard(
    series: &[SeriesRef<'_>],
    candidates: &[CandidateBacktest],
    config: &LeaderboardConfig,
) -> Result<Leaderboard, LeaderboardError> {
    validate(config)?;
    let first = candidates.first().ok_or(LeaderboardError::NoCandidates)?;
    for c in candidates {
        check_folds(series, first, c)?;
    }
    let mut rows = candidates
        .iter()
        .map(|c| score(series, c, config.season))
        .collect::<Result<Vec<_>, _>>()?;
    sort_rows(&mut rows);
    let mut ensemble_backtests = None;
    if let Some(ens) = config.ensemble {
        let members: Vec<&CandidateBacktest> = rows
            .iter()
            .take(ens.top_k)
            .filter_map(|r| candidates.iter().find(|c| c.name == r.name))
            .collect();
        if members.len() >= 2 {
            let ensemble = combine(&members, ens.combine);
            let mut row = score(series, &ensemble, config.season)?;
            row.members = members.iter().map(|m| m.name.clone()).collect();
            rows.push(row);
            sort_rows(&mut rows);
            ensemble_backtests = Some(ensemble.per_series);
        }
    }
    let chosen = choose(&rows, config.tie_tolerance);
    Ok(Leaderboard { rows, chosen, ensemble_backtests })
}

fn validate(config: &LeaderboardConfig) -> Result<(), LeaderboardError> {
    if config.season == 0 {
        return Err(LeaderboardError::InvalidConfig { field: "season", expected: "at least 1" });
    }
    if !(config.tie_tolerance.is_finite() && config.tie_tolerance >= 0.0) {
        return Err(LeaderboardError::InvalidConfig {
            field: "tie_tolerance",
            expected: "a finite number ≥ 0",
        });
    }
    if let Some(EnsembleConfig { top_k, .. }) = config.ensemble
        && top_k < 2
    {
        return Err(LeaderboardError::InvalidConfig {
            field: "ensemble.top_k",
            expected: "at least 2",
        });
    }
    Ok(())
}

fn check_folds(
    series: &[SeriesRef<'_>],
    first: &CandidateBacktest,
    c: &CandidateBacktest,
) -> Result<(), LeaderboardError> {
    if c.per_series.len() != series.len() {
        return Err(LeaderboardError::SeriesCount {
            candidate: c.name.clone(),
            expected: series.len(),
            got: c.per_series.len(),
        });
    }
    for (i, (a, b)) in first.per_series.iter().zip(&c.per_series).enumerate() {
        let same = a.folds.len() == b.folds.len()
            && a.folds.iter().zip(&b.folds).all(|(x, y)| {
                x.fold.train == y.fold.train
                    && x.fold.test == y.fold.test
                    && x.forecast.len() == y.forecast.len()
            });
        if !same {
            return Err(LeaderboardError::FoldMismatch { candidate: c.name.clone(), series: i });
        }
    }
    Ok(())
}

/// The ensemble candidate: forecasts combined fold by fold and step by step.
/// The candidate whose forecasts combine the members' (same folds), named after them.
pub fn combine(members: &[&CandidateBacktest], how: Combine) -> CandidateBacktest {
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    let label = match how {
        Combine::Mean => "mean",
        Combine::Median => "median",
    };
    let per_series = members[0]
        .per_series
        .iter()
        .enumerate()
        .map(|(s, base)| {
            let forecasts = base
                .folds
                .iter()
                .enumerate()
                .map(|(f, fold)| {
                    (0..fold.forecast.len())
                        .map(|h| {
                            let mut values: Vec<f64> = members
                                .iter()
                                .map(|m| m.per_series[s].folds[f].forecast[h])
                                .collect();
                            combine_values(&mut values, how)
                        })
                        .collect()
                })
                .collect();
            base.with_forecasts(forecasts)
        })
        .collect();
    CandidateBacktest {
        name: format!("Ensemble({label}: {})", names.join(", ")),
        complexity_rank: members.iter().map(|m| m.complexity_rank).max().unwrap_or(0) + 1,
        per_series,
    }
}

/// Mean or median of `values` (reordered in place for the median); `values` is not empty.
pub fn combine_values(values: &mut [f64], how: Combine) -> f64 {
    let n = values.len();
    match how {
        Combine::Mean => values.iter().sum::<f64>() / n as f64,
        Combine::Median => {
            values.sort_by(f64::total_cmp);
            if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
        }
    }
}

/// One forecast point's contributions to the per-step metrics.
struct StepPoint {
    /// `y − ŷ`.
    error: f64,
    /// `|e| / (|y| + |ŷ|)`, 0 for 0/0.
    smape_term: f64,
    /// `|e|` over the fold's MASE scale, if defined.
    scaled_abs_error: Option<f64>,
}

fn score(
    series: &[SeriesRef<'_>],
    c: &CandidateBacktest,
    season: usize,
) -> Result<LeaderboardRow, LeaderboardError> {
    let wrap = |source| LeaderboardError::Backtest { candidate: c.name.clone(), source };
    let mut all = Vec::new();
    let mut per_series = Vec::new();
    // Per step, one point per series × window.
    let mut steps: Vec<Vec<StepPoint>> = Vec::new();
    for (s, result) in series.iter().zip(&c.per_series) {
        let metrics = result.fold_metrics(s.values, season).map_err(wrap)?;
        if let Some(mean) = PointMetrics::mean_of(&metrics) {
            per_series.push((s.id.to_string(), mean));
        }
        all.extend(metrics);
        for f in &result.folds {
            let training = s.values.get(f.fold.train.clone()).unwrap_or(&[]);
            let scale = seasonal_naive_scale(training, season).ok();
            for (h, (y, p)) in f.actual.iter().zip(&f.forecast).enumerate() {
                if steps.len() <= h {
                    steps.push(Vec::new());
                }
                let e = y - p;
                let denominator = y.abs() + p.abs();
                let smape = if denominator == 0.0 { 0.0 } else { e.abs() / denominator };
                steps[h].push(StepPoint {
                    error: e,
                    smape_term: smape,
                    scaled_abs_error: scale.map(|sc| e.abs() / sc),
                });
            }
        }
    }
    let mut overall = PointMetrics::mean_of(&all)
        .ok_or_else(|| wrap(BacktestError::NotEnoughData { needed: 1, got: 0 }))?;
    // A series whose training windows never vary (a closed store, an item never sold) has no
    // MASE scale: the models are compared on the pairs that have one (the same for every
    // model, since the scale is the training data's), and the run says which series are left
    // out. Only when no pair has one is MASE undefined.
    if overall.mase.is_none() {
        overall.mase = mean_defined(all.iter().map(|m| m.mase));
    }
    let per_step = steps
        .iter()
        .enumerate()
        .map(|(h, points)| {
            let n = points.len() as f64;
            StepMetrics {
                step: h + 1,
                mae: points.iter().map(|p| p.error.abs()).sum::<f64>() / n,
                rmse: (points.iter().map(|p| p.error * p.error).sum::<f64>() / n).sqrt(),
                smape: 200.0 * points.iter().map(|p| p.smape_term).sum::<f64>() / n,
                mase: mean_defined(points.iter().map(|p| p.scaled_abs_error)),
                bias: points.iter().map(|p| p.error).sum::<f64>() / n,
                n: points.len(),
            }
        })
        .collect();
    Ok(LeaderboardRow {
        name: c.name.clone(),
        complexity_rank: c.complexity_rank,
        members: Vec::new(),
        overall,
        per_step,
        per_series,
    })
}

/// The mean of the defined values; `None` when none is.
fn mean_defined(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values.flatten().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn sort_rows(rows: &mut [LeaderboardRow]) {
    rows.sort_by(|a, b| {
        let mase = |r: &LeaderboardRow| r.overall.mase.unwrap_or(f64::INFINITY);
        mase(a)
            .total_cmp(&mase(b))
            .then(a.overall.mae.total_cmp(&b.overall.mae))
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// Index of the chosen row (see the module doc); `rows` is sorted and not empty.
fn choose(rows: &[LeaderboardRow], tolerance: f64) -> usize {
    let use_mase = rows.iter().any(|r| r.overall.mase.is_some());
    let key = |r: &LeaderboardRow| {
        if use_mase { r.overall.mase.unwrap_or(f64::INFINITY) } else { r.overall.mae }
    };
    let best = rows.iter().map(key).fold(f64::INFINITY, f64::min);
    let limit = best * (1.0 + tolerance);
    rows.iter()
        .enumerate()
        .filter(|(_, r)| key(r) <= limit)
        .min_by(|(_, a), (_, b)| {
            a.complexity_rank
                .cmp(&b.complexity_rank)
                .then(key(a).total_cmp(&key(b)))
                .then_with(|| a.name.cmp(&b.name))
        })
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backtest::{Fold, FoldResult};

    /// A series 0, 1, …, 9 (MASE scale 1 with season 1) and two folds of 2 steps at 6 and 8.
    const Y: [f64; 10] = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];

    fn candidate(name: &str, rank: u32, forecasts: [[f64; 2]; 2]) -> CandidateBacktest {
        let folds = forecasts
            .iter()
            .enumerate()
            .map(|(w, f)| {
                let origin = 6 + 2 * w;
                let actual = Y[origin..origin + 2].to_vec();
                FoldResult {
                    fold: Fold {
                        index: w,
                        train: 0..origin,
                        test: origin..origin + 2,
                        refit: true,
                    },
                    errors: actual.iter().zip(f).map(|(a, p)| a - p).collect(),
                    forecast: f.to_vec(),
                    actual,
                }
            })
            .collect();
        CandidateBacktest {
            name: name.into(),
            complexity_rank: rank,
            per_series: vec![BacktestResult { folds }],
        }
    }

    fn board(candidates: &[CandidateBacktest], config: &LeaderboardConfig) -> Leaderboard {
        let series = [SeriesRef { id: "s", values: &Y }];
        match build_leaderboard(&series, candidates, config) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        }
    }

    fn no_ensemble() -> LeaderboardConfig {
        LeaderboardConfig { ensemble: None, ..LeaderboardConfig::new(1) }
    }

    #[test]
    fn rows_are_sorted_by_mase_with_per_step_and_per_series_scores() {
        // Actuals: fold 0 → 6, 7; fold 1 → 8, 9.
        let exact = candidate("exact", 5, [[6.0, 7.0], [8.0, 9.0]]);
        let off = candidate("off", 1, [[5.0, 5.0], [8.0, 9.0]]);
        let b = board(&[off, exact], &no_ensemble());
        assert_eq!(b.rows[0].name, "exact");
        assert_eq!(b.rows[1].overall.mase, Some((1.5 + 0.0) / 2.0));
        // Step 1 errors of "off": 1, 0; step 2: 2, 0.
        assert_eq!(b.rows[1].per_step[0].mae, 0.5);
        assert_eq!(b.rows[1].per_step[1].rmse, 2.0f64.sqrt());
        assert_eq!(b.rows[1].per_step[1].bias, 1.0);
        assert_eq!(b.rows[1].per_series[0].0, "s");
        assert_eq!(b.rows[1].per_series[0].1.mae, 0.75);
        assert_eq!(b.chosen_row().map(|r| r.name.as_str()), Some("exact"));
    }

    #[test]
    fn a_near_tie_goes_to_the_simpler_model() {
        // MASE 0.5 vs 0.5025: within 1 %, so the rank-1 model wins despite being worse.
        let complex = candidate("complex", 4, [[5.0, 7.0], [8.0, 10.0]]);
        let simple = candidate("simple", 1, [[5.0, 7.0], [8.0, 10.01]]);
        let b = board(&[complex.clone(), simple.clone()], &no_ensemble());
        assert_eq!(b.rows[0].name, "complex");
        assert_eq!(b.chosen_row().map(|r| r.name.as_str()), Some("simple"));
        // With no tolerance the strictly better one wins.
        let strict = LeaderboardConfig { tie_tolerance: 0.0, ..no_ensemble() };
        let b = board(&[complex, simple], &strict);
        assert_eq!(b.chosen_row().map(|r| r.name.as_str()), Some("complex"));
    }

    #[test]
    fn an_ensemble_that_wins_is_chosen_and_its_forecasts_are_combined() {
        // Errors of +1 and −1 cancel in the mean.
        let high = candidate("high", 1, [[7.0, 8.0], [9.0, 10.0]]);
        let low = candidate("low", 1, [[5.0, 6.0], [7.0, 8.0]]);
        let config = LeaderboardConfig {
            ensemble: Some(EnsembleConfig { top_k: 2, combine: Combine::Mean }),
            ..LeaderboardConfig::new(1)
        };
        let b = board(&[high, low], &config);
        let Some(chosen) = b.chosen_row() else { panic!("no choice") };
        assert_eq!(chosen.name, "Ensemble(mean: high, low)");
        assert_eq!(chosen.overall.mae, 0.0);
        assert_eq!(chosen.complexity_rank, 2);
        assert_eq!(chosen.members, vec!["high".to_string(), "low".to_string()]);
        let Some(backtests) = &b.ensemble_backtests else { panic!("no ensemble backtests") };
        assert_eq!(backtests[0].folds[1].forecast, vec![8.0, 9.0]);
    }

    #[test]
    fn an_ensemble_that_does_not_win_is_listed_but_not_chosen() {
        let exact = candidate("exact", 1, [[6.0, 7.0], [8.0, 9.0]]);
        let a = candidate("a", 1, [[0.0, 0.0], [0.0, 0.0]]);
        let b_ = candidate("b", 1, [[6.0, 7.0], [8.0, 19.0]]);
        let config = LeaderboardConfig {
            ensemble: Some(EnsembleConfig { top_k: 3, combine: Combine::Median }),
            ..LeaderboardConfig::new(1)
        };
        let b = board(&[a, b_, exact], &config);
        assert_eq!(b.rows.len(), 4);
        assert_eq!(b.chosen_row().map(|r| r.name.as_str()), Some("exact"));
        // The median of (exact, b, a) is the exact forecast at every step, e.g.
        // median(9, 19, 0) = 9: the ensemble ties "exact" but is more complex, so it loses.
        let ens = b.rows.iter().find(|r| !r.members.is_empty());
        assert_eq!(ens.map(|r| r.overall.mae), Some(0.0));
    }

    #[test]
    fn mismatched_folds_and_bad_settings_are_refused() {
        let a = candidate("a", 1, [[6.0, 7.0], [8.0, 9.0]]);
        let mut b = a.clone();
        b.name = "b".into();
        b.per_series[0].folds[0].fold.train = 1..6;
        let series = [SeriesRef { id: "s", values: &Y }];
        assert_eq!(
            build_leaderboard(&series, &[a.clone(), b], &no_ensemble()),
            Err(LeaderboardError::FoldMismatch { candidate: "b".into(), series: 0 })
        );
        let bad = LeaderboardConfig { tie_tolerance: -1.0, ..no_ensemble() };
        assert!(matches!(
            build_leaderboard(&series, std::slice::from_ref(&a), &bad),
            Err(LeaderboardError::InvalidConfig { field: "tie_tolerance", .. })
        ));
        assert_eq!(
            build_leaderboard(&series, &[], &no_ensemble()),
            Err(LeaderboardError::NoCandidates)
        );
    }

    #[test]
    fn baseline_candidates_are_backtested_on_every_series() {
        let other = [5.0, 5.0, 6.0, 6.0, 7.0, 7.0];
        let series = [SeriesRef { id: "a", values: &Y }, SeriesRef { id: "b", values: &other }];
        let cfg = BacktestConfig::reference(1, 2);
        let c = CandidateBacktest::from_baseline(&Baseline::Naive, &series, &cfg, 1);
        let Ok(c) = c else { panic!("backtest failed") };
        assert_eq!((c.name.as_str(), c.complexity_rank, c.per_series.len()), ("Naive", 1, 2));
        assert_eq!(c.per_series[1].folds[1].forecast, vec![7.0]);
        let short = [SeriesRef { id: "s", values: &[1.0] }];
        assert!(matches!(
            CandidateBacktest::from_baseline(&Baseline::Naive, &short, &cfg, 1),
            Err(LeaderboardError::Backtest { .. })
        ));
    }

    #[test]
    fn a_flat_series_is_left_out_of_mase_not_the_whole_comparison() {
        // "a" varies (scale 1); "z" is a closed store's zeros (no scale).
        let zeros = [0.0; 10];
        let series = [SeriesRef { id: "a", values: &Y }, SeriesRef { id: "z", values: &zeros }];
        let cfg = BacktestConfig::reference(2, 2);
        let scored = |b: &Baseline| {
            let Ok(c) = CandidateBacktest::from_baseline(b, &series, &cfg, 1) else {
                panic!("backtest failed")
            };
            c
        };
        let candidates = [scored(&Baseline::Naive), scored(&Baseline::Mean)];
        let b = match build_leaderboard(&series, &candidates, &no_ensemble()) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        let naive = b.rows.iter().find(|r| r.name == "Naive").expect("naive row");
        // Naive on "a": errors 1, 2 at each fold, scale 1 → MASE 1.5; "z" is forecast exactly
        // but has no scale, so it is left out of MASE (not counted as 0, not making it None).
        assert_eq!(naive.overall.mase, Some(1.5));
        assert!(
            naive.overall.undefined.iter().any(|(n, _)| *n == crate::metrics::MetricName::Mase)
        );
        assert_eq!(naive.per_series[1].1.mase, None);
        assert_eq!(
            naive.per_step.iter().map(|s| s.mase).collect::<Vec<_>>(),
            [Some(1.0), Some(2.0)]
        );
        // The choice still runs on MASE: naive (1.5) beats the mean of 0…origin on "a".
        assert_eq!(b.chosen_row().map(|r| r.name.as_str()), Some("Naive"));
        let mean = b.rows.iter().find(|r| r.name != "Naive").expect("mean row");
        assert!(mean.overall.mase.is_some_and(|m| m > 1.5), "{:?}", mean.overall.mase);
        // Only flat data everywhere leaves MASE undefined.
        let flat = [SeriesRef { id: "z", values: &zeros }];
        let c = CandidateBacktest::from_baseline(&Baseline::Naive, &flat, &cfg, 1);
        let Ok(c) = c else { panic!("backtest failed") };
        let only = match build_leaderboard(&flat, &[c], &no_ensemble()) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(only.rows[0].overall.mase, None);
    }
}
