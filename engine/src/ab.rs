//! A/B comparison of two model versions **on the same evaluation windows**, and the gate's
//! decision on whether the candidate may replace the reference (the version in service).
//!
//! Each version is refitted at every rolling origin of the frame **from its own spec** (its
//! chosen model in its own context: features, transform, season, seed; an ensemble refits every
//! member and combines them as it did), so nothing is evaluated on data it was trained on. The
//! origins are laid out once, by the reference's horizon and the requested number of windows
//! (step = horizon, expanding training window, refit at every origin, no gap), and both
//! versions are evaluated on exactly those folds. A horizon mismatch is an error, not a silent
//! truncation.
//!
//! The Diebold–Mariano test (HLN-corrected, [`crate::compare`]) runs on the pooled errors
//! ordered series → window → step, with `d = L(e_reference) − L(e_candidate)`: a positive mean
//! differential means the candidate has the lower loss. When the test cannot be computed the
//! report says why ([`AbReport::dm_unavailable`]) and the decision follows the non-regression
//! rule: without evidence that the candidate is worse it may be promoted; identical losses
//! give "no significant difference" with `p = 1`.
//!
//! Invariant: no input panics; a version that does not fit the frame is a typed [`AbError`].

use serde::{Deserialize, Serialize};

use crate::backtest::{BacktestConfig, BacktestResult, Fold, TrainingWindow};
use crate::compare::{
    CompareError, DmTest, GateConfig, GateDecision, GateReason, Loss, Verdict, diebold_mariano,
    gate,
};
use crate::forecast::model::ForecastModel;
use crate::forecast::{
    ForecastError, Progress, RunObserver, SavedModel, backtest_in_context, combine_members,
    comparison_folds, fewest_held,
};
use crate::frame::Frame;
use crate::registry::{ISO_DATETIME, ModelVersion};

/// Settings of an A/B comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AbConfig {
    /// Evaluation windows (rolling origins, one horizon apart); fewer are used if the shortest
    /// series cannot hold them all.
    pub windows: usize,
    /// Loss of the Diebold–Mariano test.
    pub loss: Loss,
    /// Significance level of the gate.
    pub gate: GateConfig,
}

impl Default for AbConfig {
    /// Five windows, absolute loss (the MAE the report shows), 5 % level.
    fn default() -> Self {
        Self { windows: 5, loss: Loss::Absolute, gate: GateConfig::default() }
    }
}

/// Which side of the comparison an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// The version in service.
    Reference,
    /// The challenger.
    Candidate,
}

/// Why two versions could not be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AbError {
    /// The number of windows must be at least one.
    #[error("the comparison needs at least one window, got {windows}")]
    InvalidWindows {
        /// The number given.
        windows: usize,
    },
    /// The two versions forecast different horizons: their errors cannot be paired.
    #[error("the reference forecasts {reference} steps but the candidate {candidate}")]
    HorizonMismatch {
        /// Reference horizon.
        reference: usize,
        /// Candidate horizon.
        candidate: usize,
    },
    /// A version was trained on data of another frequency.
    #[error("the {side:?} version was trained on {version} data, the frame is {frame}")]
    FrequencyMismatch {
        /// Which version.
        side: Side,
        /// Its frequency code.
        version: String,
        /// The frame's frequency code.
        frame: String,
    },
    /// A version reads other extra columns than the frame has.
    #[error("the {side:?} version reads columns {version:?}, the frame has {frame:?}")]
    ColumnsDiffer {
        /// Which version.
        side: Side,
        /// The columns the version reads, in order.
        version: Vec<String>,
        /// The frame's columns, in order.
        frame: Vec<String>,
    },
    /// A version's horizon is zero (a hand-edited file): there is nothing to compare.
    #[error("the horizon must be at least one step")]
    InvalidHorizon,
    /// The frame holds no series.
    #[error("the data holds no series")]
    NoSeries,
    /// A saved ensemble has no member.
    #[error("the {side:?} version is an ensemble without members")]
    EmptyEnsemble {
        /// Which version.
        side: Side,
    },
    /// The shortest series cannot hold even one evaluation window.
    #[error("series \"{series}\" has {got} observations; at least {needed} are needed")]
    SeriesTooShort {
        /// Series id.
        series: String,
        /// Observations needed for one window.
        needed: usize,
        /// Observations available.
        got: usize,
    },
    /// Refitting a version failed (or the caller cancelled).
    #[error("{side:?} version: {source}")]
    Forecast {
        /// Which version.
        side: Side,
        /// What went wrong.
        source: ForecastError,
    },
}

/// Metrics of one horizon step (or of all steps pooled), reference against candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepDelta {
    /// 1-based horizon step; 0 for all steps pooled.
    pub step: usize,
    /// Reference MAE.
    #[serde(deserialize_with = "crate::json::nan")]
    pub mae_reference: f64,
    /// Candidate MAE.
    #[serde(deserialize_with = "crate::json::nan")]
    pub mae_candidate: f64,
    /// Reference RMSE.
    #[serde(deserialize_with = "crate::json::nan")]
    pub rmse_reference: f64,
    /// Candidate RMSE.
    #[serde(deserialize_with = "crate::json::nan")]
    pub rmse_candidate: f64,
    /// Candidate MAE − reference MAE (negative: the candidate is more accurate).
    #[serde(deserialize_with = "crate::json::nan")]
    pub mae_delta: f64,
    /// `mae_delta` as a percentage of the reference MAE (`NaN` when that is 0).
    #[serde(deserialize_with = "crate::json::nan")]
    pub mae_delta_pct: f64,
}

/// The last evaluation window of one series, both versions' forecasts, for an overlaid chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbForecast {
    /// Series id.
    pub series: String,
    /// ISO date-times of the window's steps.
    pub dates: Vec<String>,
    /// Actual values (interior gaps interpolated, as in the backtest).
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub actual: Vec<f64>,
    /// Reference forecasts.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub reference: Vec<f64>,
    /// Candidate forecasts.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub candidate: Vec<f64>,
}

/// The outcome of [`ab_compare`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbReport {
    /// Id of the reference version.
    pub reference: String,
    /// Id of the candidate version.
    pub candidate: String,
    /// Steps per window.
    pub horizon: usize,
    /// Windows actually used.
    pub windows: usize,
    /// Loss of the test.
    pub loss: Loss,
    /// Paired errors behind the metrics and the test.
    pub pairs: usize,
    /// Per horizon step.
    pub steps: Vec<StepDelta>,
    /// All steps pooled (`step` = 0).
    pub overall: StepDelta,
    /// The Diebold–Mariano test, when it could be computed.
    pub dm: Option<DmTest>,
    /// Why the test could not be computed.
    pub dm_unavailable: Option<CompareError>,
    /// The gate's decision and its reason.
    pub decision: GateDecision,
    /// The last window of every series, for an overlaid chart.
    pub forecasts: Vec<AbForecast>,
    /// Series too new for every window (a store opened last month), named by the shortest.
    #[serde(default)]
    pub short_series: Option<AbShortSeries>,
}

/// Series too new for every window of a comparison: each is compared on the latest windows
/// it holds, or left out when it holds none, instead of cutting every series' windows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbShortSeries {
    /// The shortest of them.
    pub series: String,
    /// Its observed steps.
    pub history: usize,
    /// How many series hold fewer windows, that one included.
    pub count: usize,
    /// Windows that one holds (0: it is left out).
    pub held: usize,
}

/// The series of `folds` that hold fewer than `windows`, named by the shortest.
fn short_series(frame: &Frame, folds: &[Vec<Fold>], windows: usize) -> Option<AbShortSeries> {
    let (shortest, held, count) = fewest_held(frame, folds, windows)?;
    Some(AbShortSeries {
        series: shortest.id.clone(),
        history: shortest.observed_len(),
        count,
        held,
    })
}

/// The models a version refits: its chosen model, or its ensemble's members and how they
/// combine.
fn members(
    version: &ModelVersion,
    side: Side,
) -> Result<(Vec<&ForecastModel>, Option<crate::spec::EnsembleMethod>), AbError> {
    match &version.model {
        SavedModel::Single { model } => Ok((vec![model.as_ref()], None)),
        SavedModel::Ensemble { method, members } if !members.is_empty() => {
            Ok((members.iter().collect(), Some(*method)))
        }
        SavedModel::Ensemble { .. } => Err(AbError::EmptyEnsemble { side }),
    }
}

/// Checks that every model of a version reads this frame as it was trained to.
fn check_fits_frame(models: &[&ForecastModel], frame: &Frame, side: Side) -> Result<(), AbError> {
    let frame_columns: Vec<String> = frame.exog.iter().map(|c| c.name.clone()).collect();
    for m in models {
        if m.context.freq != frame.freq {
            return Err(AbError::FrequencyMismatch {
                side,
                version: m.context.freq.code(),
                frame: frame.freq.code(),
            });
        }
        let columns: Vec<String> = m.context.exog.iter().map(|c| c.name.clone()).collect();
        if columns != frame_columns {
            return Err(AbError::ColumnsDiffer { side, version: columns, frame: frame_columns });
        }
    }
    Ok(())
}

/// Backtests a version on `folds` (laid over `cfg`'s windows): each member refitted per fold,
/// then combined.
fn evaluate(
    frame: &Frame,
    version: &ModelVersion,
    side: Side,
    (cfg, folds): (&BacktestConfig, &[Vec<Fold>]),
    observer: &mut dyn RunObserver,
) -> Result<Vec<BacktestResult>, AbError> {
    let (models, method) = members(version, side)?;
    let model_index = match side {
        Side::Reference => 0,
        Side::Candidate => 1,
    };
    let mut per_member = Vec::with_capacity(models.len());
    // An ensemble's members run one after the other: one progress bar over all their folds.
    let fold_count = cfg.windows * models.len();
    for (i, m) in models.iter().enumerate() {
        let mut progress = |fold| {
            observer.progress(&Progress {
                model_index,
                model_count: 2,
                model: version.id.clone(),
                fold: i * cfg.windows + fold,
                fold_count,
            })
        };
        let results = backtest_in_context(frame, m, cfg, folds, &mut progress)
            .map_err(|source| AbError::Forecast { side, source })?;
        per_member.push(results);
    }
    match method {
        Some(method) if per_member.len() > 1 => Ok(combine_members(per_member, method)),
        // One model (or a one-member ensemble, whose mean is itself).
        _ => per_member.into_iter().next().ok_or(AbError::EmptyEnsemble { side }),
    }
}

/// The windows both versions are evaluated on and, per series, the folds of them it holds,
/// each with enough training data for every model of both versions: as many of the asked
/// windows as at least half the series hold, a series too new for them all holding the latest
/// it can, or none (see [`comparison_folds`]).
fn layout(
    frame: &Frame,
    horizon: usize,
    windows: usize,
    min_train: usize,
) -> Result<(BacktestConfig, Vec<Vec<Fold>>), AbError> {
    let cfg = BacktestConfig {
        horizon,
        windows,
        step: horizon,
        training: TrainingWindow::Expanding,
        refit_every: 1,
        gap: 0,
    };
    if let Some((windows, folds)) = comparison_folds(frame, &cfg, min_train) {
        return Ok((BacktestConfig { windows, ..cfg }, folds));
    }
    let shortest = frame.series.iter().min_by_key(|s| s.observed_len());
    Err(AbError::SeriesTooShort {
        series: shortest.map(|s| s.id.clone()).unwrap_or_default(),
        needed: min_train + horizon,
        got: shortest.map_or(0, |s| s.observed_len()),
    })
}

/// MAE and RMSE of paired errors, and their deltas.
fn step_delta(step: usize, reference: &[f64], candidate: &[f64]) -> StepDelta {
    let mean = |v: &[f64], f: fn(f64) -> f64| {
        if v.is_empty() { f64::NAN } else { v.iter().map(|e| f(*e)).sum::<f64>() / v.len() as f64 }
    };
    let mae_reference = mean(reference, f64::abs);
    let mae_candidate = mean(candidate, f64::abs);
    let mae_delta = mae_candidate - mae_reference;
    StepDelta {
        step,
        mae_reference,
        mae_candidate,
        rmse_reference: mean(reference, |e| e * e).sqrt(),
        rmse_candidate: mean(candidate, |e| e * e).sqrt(),
        mae_delta,
        mae_delta_pct: if mae_reference > 0.0 {
            100.0 * mae_delta / mae_reference
        } else {
            f64::NAN
        },
    }
}

/// The decision when the test could not be computed: identical losses are "no difference"
/// with `p = 1`; a constant non-zero differential is a certain ranking (`p = 0`); otherwise
/// there is no evidence of a regression, so the candidate may be promoted (`p` is `NaN`).
fn decide_without_test(
    error: &CompareError,
    reference: &[f64],
    candidate: &[f64],
    cfg: &AbConfig,
) -> GateDecision {
    let alpha = cfg.gate.alpha();
    let loss = |e: f64| match cfg.loss {
        Loss::Squared => e * e,
        Loss::Absolute => e.abs(),
    };
    let n = reference.len().max(1) as f64;
    let mean_differential =
        reference.iter().zip(candidate).map(|(a, b)| loss(*a) - loss(*b)).sum::<f64>() / n;
    let (verdict, reason) = match error {
        CompareError::ZeroVariance if mean_differential > 0.0 => {
            (Verdict::Better, GateReason::CandidateSignificantlyBetter { p_value: 0.0, alpha })
        }
        CompareError::ZeroVariance if mean_differential < 0.0 => {
            (Verdict::Worse, GateReason::CandidateSignificantlyWorse { p_value: 0.0, alpha })
        }
        CompareError::ZeroVariance => (
            Verdict::NoSignificantDifference,
            GateReason::NoSignificantDifference { p_value: 1.0, alpha },
        ),
        _ => (
            Verdict::NoSignificantDifference,
            GateReason::NoSignificantDifference { p_value: f64::NAN, alpha },
        ),
    };
    GateDecision { verdict, promote: verdict != Verdict::Worse, reason }
}

/// Compares `candidate` with `reference` on the same rolling origins of `frame`.
pub fn ab_compare(
    frame: &Frame,
    reference: &ModelVersion,
    candidate: &ModelVersion,
    cfg: &AbConfig,
    observer: &mut dyn RunObserver,
) -> Result<AbReport, AbError> {
    if cfg.windows == 0 {
        return Err(AbError::InvalidWindows { windows: cfg.windows });
    }
    let horizon = reference.horizon();
    if candidate.horizon() != horizon {
        return Err(AbError::HorizonMismatch {
            reference: horizon,
            candidate: candidate.horizon(),
        });
    }
    if horizon == 0 {
        return Err(AbError::InvalidHorizon);
    }
    if frame.series.is_empty() {
        return Err(AbError::NoSeries);
    }
    let (ref_models, _) = members(reference, Side::Reference)?;
    let (cand_models, _) = members(candidate, Side::Candidate)?;
    check_fits_frame(&ref_models, frame, Side::Reference)?;
    check_fits_frame(&cand_models, frame, Side::Candidate)?;
    // The same floor as the leaderboard's: two seasons of training data in every fold.
    let min_train = ref_models
        .iter()
        .chain(&cand_models)
        .map(|m| (2 * m.context.season).max(8))
        .max()
        .unwrap_or(8);
    let (backtest, folds) = layout(frame, horizon, cfg.windows, min_train)?;

    let ref_results = evaluate(frame, reference, Side::Reference, (&backtest, &folds), observer)?;
    let cand_results = evaluate(frame, candidate, Side::Candidate, (&backtest, &folds), observer)?;

    // Pair the errors series → window → step, keeping pairs where both are finite.
    let mut per_step: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); horizon];
    let mut pooled_ref = Vec::new();
    let mut pooled_cand = Vec::new();
    let mut forecasts = Vec::with_capacity(frame.series.len());
    for ((series, r), c) in frame.series.iter().zip(&ref_results).zip(&cand_results) {
        for (fr, fc) in r.folds.iter().zip(&c.folds) {
            for (k, (er, ec)) in fr.errors.iter().zip(&fc.errors).enumerate().take(horizon) {
                if er.is_finite() && ec.is_finite() {
                    per_step[k].0.push(*er);
                    per_step[k].1.push(*ec);
                    pooled_ref.push(*er);
                    pooled_cand.push(*ec);
                }
            }
        }
        if let (Some(fr), Some(fc)) = (r.folds.last(), c.folds.last()) {
            let dates = fr
                .fold
                .test
                .clone()
                .filter_map(|t| series.timestamps.get(t))
                .map(|t| t.format(ISO_DATETIME).to_string())
                .collect();
            forecasts.push(AbForecast {
                series: series.id.clone(),
                dates,
                actual: fr.actual.clone(),
                reference: fr.forecast.clone(),
                candidate: fc.forecast.clone(),
            });
        }
    }
    let steps = per_step.iter().enumerate().map(|(k, (r, c))| step_delta(k + 1, r, c)).collect();
    let overall = step_delta(0, &pooled_ref, &pooled_cand);
    let (dm, dm_unavailable, decision) =
        match diebold_mariano(&pooled_ref, &pooled_cand, horizon, cfg.loss) {
            Ok(test) => (Some(test), None, gate(&test, &cfg.gate)),
            Err(e) => {
                let decision = decide_without_test(&e, &pooled_ref, &pooled_cand, cfg);
                (None, Some(e), decision)
            }
        };
    Ok(AbReport {
        reference: reference.id.clone(),
        candidate: candidate.id.clone(),
        horizon,
        windows: backtest.windows,
        loss: cfg.loss,
        pairs: pooled_ref.len(),
        steps,
        overall,
        dm,
        dm_unavailable,
        decision,
        forecasts,
        short_series: short_series(frame, &folds, backtest.windows),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_delta_reports_mae_rmse_and_the_relative_change() {
        let d = step_delta(2, &[1.0, -3.0], &[2.0, 0.0]);
        assert_eq!(d.step, 2);
        assert_eq!(d.mae_reference, 2.0);
        assert_eq!(d.mae_candidate, 1.0);
        assert_eq!(d.rmse_reference, 5.0_f64.sqrt());
        assert_eq!(d.rmse_candidate, 2.0_f64.sqrt());
        assert_eq!(d.mae_delta, -1.0);
        assert_eq!(d.mae_delta_pct, -50.0);
        let zero = step_delta(1, &[0.0], &[1.0]);
        assert!(zero.mae_delta_pct.is_nan());
        assert!(step_delta(1, &[], &[]).mae_reference.is_nan());
    }

    #[test]
    fn without_a_test_identical_losses_tie_and_constant_gaps_rank() {
        let cfg = AbConfig::default();
        let same =
            decide_without_test(&CompareError::ZeroVariance, &[1.0, -2.0], &[-1.0, 2.0], &cfg);
        assert_eq!(same.verdict, Verdict::NoSignificantDifference);
        assert_eq!(same.reason, GateReason::NoSignificantDifference { p_value: 1.0, alpha: 0.05 });
        let worse =
            decide_without_test(&CompareError::ZeroVariance, &[1.0, 1.0], &[2.0, -2.0], &cfg);
        assert_eq!((worse.verdict, worse.promote), (Verdict::Worse, false));
        let better =
            decide_without_test(&CompareError::ZeroVariance, &[3.0, 3.0], &[2.0, -2.0], &cfg);
        assert_eq!((better.verdict, better.promote), (Verdict::Better, true));
        let few = CompareError::TooFewPoints { n: 3, horizon: 2, min: 6 };
        let unknown = decide_without_test(&few, &[1.0, 2.0, 3.0], &[9.0, 9.0, 9.0], &cfg);
        assert_eq!((unknown.verdict, unknown.promote), (Verdict::NoSignificantDifference, true));
    }
}
