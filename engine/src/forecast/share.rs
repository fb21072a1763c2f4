//! A run's finish shared between workers.
//!
//! Once every model is evaluated, two parts of [`super::finish`] cost most of its time and do
//! not depend on each other: the calibration backtest of each model the intervals are drawn
//! from (the chosen model, or each member of the chosen ensemble) and the explanation (SHAP).
//! [`super::plan_finish`] names them, [`assign`] spreads them over the workers that evaluated
//! the models, each worker computes its [`FinishTask`]s with [`super::finish_part`], and one
//! worker, the assembler, finishes the run with every [`FinishPart`]
//! ([`super::finish_with_parts`]). Each part is computed exactly as `finish` computes it, so the
//! report and the model are the same bits as a single worker's.
//!
//! Invariant: [`assign`] reads nothing but its arguments, so every worker, given the same
//! evaluations and groups, computes the same assignment and the same assembler.

use serde::{Deserialize, Serialize};

use super::Evaluation;
use super::report::Explanation;
use crate::backtest::BacktestResult;

/// What finishing a run will calibrate and explain, decided by its ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinishPlan {
    /// Models whose calibration backtest the intervals need; empty when the history is too
    /// short for one (the intervals then use the evaluation's backtest).
    pub calibrate: Vec<usize>,
    /// Those of `calibrate` whose evaluation forecast most of the calibration windows with its
    /// own fits (`Evaluation::calibration_windows`, kept by the worker that evaluated it).
    #[serde(default)]
    pub served: Vec<usize>,
    /// The explanation, if a tabular model can be explained.
    pub explain: Option<FinishTask>,
    /// The models whose final fits make up the chosen forecaster.
    pub chosen: Vec<usize>,
}

/// One part of a finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishTask {
    /// The calibration backtest of model `model` (an index into the resolved model list).
    Calibrate {
        /// The model.
        model: usize,
    },
    /// The explanation of model `model`'s forecast.
    Explain {
        /// The model.
        model: usize,
        /// Whether it is the chosen model (else the best tabular one).
        is_chosen: bool,
    },
}

/// A computed [`FinishTask`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishPart {
    /// A model's calibration backtest, per series; `None` if it failed (the intervals then use
    /// the chosen model's evaluation backtest, as a single worker would).
    Calibration {
        /// The model.
        model: usize,
        /// Per series, its backtest.
        results: Option<Vec<BacktestResult>>,
    },
    /// The explanation (`None` when the model cannot be explained).
    Explanation {
        /// The model.
        model: usize,
        /// What it says.
        explanation: Option<Explanation>,
    },
}

/// Who does what: per worker, its tasks; and the worker that assembles the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Per worker (in `groups` order), the tasks it computes.
    pub tasks: Vec<Vec<FinishTask>>,
    /// The worker that finishes the run with every part.
    pub assembler: usize,
}

/// Spreads `plan` over the workers that evaluated `groups` of models (`groups[k]`: worker
/// `k`'s model indices, whose final fits it holds).
///
/// The explanation goes to the worker holding the explained model's fit (no refit); each
/// calibration backtest, heaviest first, to the worker where it ends soonest. A model's cost is
/// the time its evaluation took (`Evaluation::ms`; 1 when unknown). A calibration backtest costs
/// about half of that (its refits are about as many as the evaluation's fits, and cost most);
/// for a model in `plan.served`, about a sixth on the worker that evaluated it, which already
/// forecast most windows with the evaluation's own fits and refits about once where the
/// evaluation fitted six times (five windows and the final fit). An explanation costs about a
/// quarter. The assembler is the worker holding the most costly final fits of the chosen
/// forecaster (it refits the others').
pub fn assign(plan: &FinishPlan, evaluations: &[Evaluation], groups: &[Vec<usize>]) -> Assignment {
    let workers = groups.len().max(1);
    let owner = |model: usize| groups.iter().position(|g| g.contains(&model)).unwrap_or(0);
    let cost = |model: usize| {
        evaluations
            .iter()
            .find(|e| e.index == model)
            .and_then(|e| e.ms)
            .filter(|ms| ms.is_finite() && *ms > 0.0)
            .unwrap_or(1.0)
    };
    let mut tasks: Vec<Vec<FinishTask>> = vec![Vec::new(); workers];
    let mut load = vec![0.0f64; workers];
    if let Some(task @ FinishTask::Explain { model, .. }) = plan.explain {
        let k = owner(model);
        tasks[k].push(task);
        load[k] += cost(model) / 4.0;
    }
    let mut calibrations = plan.calibrate.clone();
    // Heaviest first; equal costs in model order, so every worker sorts alike.
    calibrations.sort_by(|a, b| cost(*b).total_cmp(&cost(*a)).then(a.cmp(b)));
    for model in calibrations {
        let owner = owner(model);
        let served = plan.served.contains(&model);
        let cost_on =
            |j: usize| if served && j == owner { cost(model) / 6.0 } else { cost(model) / 2.0 };
        let mut k = owner;
        for j in 0..workers {
            if load[j] + cost_on(j) < load[k] + cost_on(k) {
                k = j;
            }
        }
        tasks[k].push(FinishTask::Calibrate { model });
        load[k] += cost_on(k);
    }
    let mut held = vec![0.0f64; workers];
    for &model in &plan.chosen {
        held[owner(model)] += cost(model);
    }
    let mut assembler = 0;
    for (j, h) in held.iter().enumerate() {
        if *h > held[assembler] {
            assembler = j;
        }
    }
    Assignment { tasks, assembler }
}
