//! Warming up the engine worker's code while the start page waits for a click.
//!
//! A browser runs freshly loaded wasm in a baseline tier and compiles a function's optimised
//! code only after it has run for a while, on a background thread. On a first visit the first
//! forecast therefore runs its models in slow code, and on a two-core machine the optimising
//! compiler competes with both workers for the cores: the retail demo's models took about
//! 1.4 times as long as on the next click (`tests/e2e/bench.mjs`, "first click").
//!
//! So while the page waits for its first request, the first engine worker runs a small forecast
//! of its own ([`WarmUp`]) one short step at a time through the same [`execute`] as a real run:
//! each default model's evaluation, then the finish, with its JSON. The hot loops (tree growth,
//! prediction, smoothing, SHAP, the calibration) get optimised while the processor is idle, and
//! the optimised code is shared by every worker (they instantiate one compiled module).
//! `assets/worker.js` stops at the first message from the page: a real request waits for one
//! step at most (at most about 10 ms natively, a few times that in the browser's baseline tier:
//! the forests grow 10 trees).

use prevision_engine::datasets::{RetailDemoConfig, retail_demo_csv};
use prevision_engine::forecast::resolved_model_count;
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::spec::{ForecastSpec, ModelSpec};

use prevision_engine::json::Raw;

use crate::protocol::{Job, KeptFits, RunRequest, WorkerEvent, execute};

/// Days of the small store the warm-up forecasts: enough for every default model, its
/// backtest and the calibration backtest.
const WARM_UP_DAYS: usize = 180;

/// Trees of the warm-up's forests: the same code as a hundred, a tenth of the time.
const WARM_UP_TREES: usize = 10;

/// Id of the warm-up's runs: never one of the page's (they count up from 1).
const WARM_UP_ID: u64 = u64::MAX;

/// A small forecast run one step at a time (see the module documentation).
pub struct WarmUp {
    csv: Vec<u8>,
    spec: ForecastSpec,
    models: usize,
    next: usize,
    evaluated: Vec<Raw>,
    kept: KeptFits,
}

/// What a step of the warm-up did.
#[derive(Debug, Clone, PartialEq)]
pub enum WarmUpStep {
    /// A model was evaluated; more steps remain.
    Evaluated,
    /// The run finished with its report: the warm-up is over.
    Finished,
    /// The run failed (it should not): the warm-up is over.
    Failed(String),
}

impl WarmUp {
    /// A warm-up of every default model on a small synthetic store.
    pub fn new() -> Self {
        let config = RetailDemoConfig {
            history_days: WARM_UP_DAYS,
            future_days: 7,
            ..RetailDemoConfig::default()
        };
        let csv = retail_demo_csv(&config).into_bytes();
        let fewer_trees = |m: ModelSpec| match m {
            ModelSpec::RandomForest { max_depth, min_samples_leaf, .. } => {
                ModelSpec::RandomForest { n_trees: WARM_UP_TREES, max_depth, min_samples_leaf }
            }
            ModelSpec::ExtraTrees { max_depth, min_samples_leaf, .. } => {
                ModelSpec::ExtraTrees { n_trees: WARM_UP_TREES, max_depth, min_samples_leaf }
            }
            other => other,
        };
        let spec = ForecastSpec {
            models: ModelSpec::defaults_for(Frequency::Daily)
                .into_iter()
                .map(fewer_trees)
                .collect(),
            ..ForecastSpec::default()
        };
        let models = ingest(&csv, &IngestOptions::default())
            .ok()
            .and_then(|i| resolved_model_count(&i.frame, &spec).ok())
            .unwrap_or(0);
        WarmUp { csv, spec, models, next: 0, evaluated: Vec::new(), kept: KeptFits::default() }
    }

    /// Runs the next step: one model's evaluation, or the finish once every model is evaluated.
    pub fn step(&mut self) -> WarmUpStep {
        let job = if self.next < self.models {
            Job::Evaluate { models: vec![self.next] }
        } else {
            Job::Finish { evaluations: std::mem::take(&mut self.evaluated), share: None }
        };
        self.next += 1;
        let request = RunRequest {
            id: WARM_UP_ID,
            ingest: IngestOptions::default(),
            spec: self.spec.clone(),
            job,
        };
        let reply = execute(request, &self.csv, &mut |_| {}, &|| 0.0, &mut self.kept);
        // The model's JSON is written as a real run's is.
        let model = reply.model_event();
        match reply.event {
            WorkerEvent::Evaluated { evaluations, .. } => {
                self.evaluated.push(evaluations);
                WarmUpStep::Evaluated
            }
            WorkerEvent::Done { .. } if model.is_some() => WarmUpStep::Finished,
            other => WarmUpStep::Failed(format!("{other:?}").chars().take(200).collect()),
        }
    }
}

impl Default for WarmUp {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warm_up_evaluates_every_default_model_then_finishes_the_run() {
        let mut warm = WarmUp::new();
        assert_eq!(warm.models, ModelSpec::defaults_for(Frequency::Daily).len());
        for k in 0..warm.models {
            assert_eq!(warm.step(), WarmUpStep::Evaluated, "model {k}");
        }
        assert_eq!(warm.step(), WarmUpStep::Finished);
    }
}
