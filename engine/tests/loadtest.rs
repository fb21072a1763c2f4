//! Load test on the real bike-sharing series through the public pipeline: a model fitted by
//! `forecast::run` is found in its `SavedModel`, batched and one-by-one scoring agree bit for
//! bit on both event sources, and a history-only model is refused.

mod common;

use common::bikes;
use prevision_engine::forecast::{Control, ForecastRun, run};
use prevision_engine::frame::Frame;
use prevision_engine::loadtest::{
    EventSource, LoadClock, LoadProgress, LoadTestConfig, LoadTestError, PhaseKind, load_test,
    tabular_model,
};
use prevision_engine::spec::{BacktestSpec, ForecastSpec, ModelSpec};

/// A clock that moves one millisecond per read: every timed call lasts exactly 1 ms.
struct TickClock(std::cell::Cell<f64>);

impl LoadClock for TickClock {
    fn now_ms(&self) -> f64 {
        let t = self.0.get() + 1.0;
        self.0.set(t);
        t
    }
}

fn fitted(frame: &Frame, models: Vec<ModelSpec>) -> ForecastRun {
    let spec = ForecastSpec {
        models,
        backtest: BacktestSpec { windows: 2, ..BacktestSpec::default() },
        ..ForecastSpec::default()
    };
    run(frame, &spec, &mut ()).expect("the run succeeds")
}

#[test]
fn a_forest_from_the_pipeline_scores_the_same_in_batches_and_one_by_one() {
    let frame = bikes();
    let r = fitted(
        &frame,
        vec![ModelSpec::RandomForest { n_trees: 20, max_depth: None, min_samples_leaf: 2 }],
    );
    let model = tabular_model(&r.model).expect("a tabular model");
    for source in [EventSource::Data, EventSource::Generated] {
        let cfg = LoadTestConfig { events: 3000, batch_size: 256, source, seed: 11 };
        let mut clock = TickClock(std::cell::Cell::new(0.0));
        let mut phases = Vec::new();
        let report = load_test(model, &frame, &cfg, &mut clock, &mut |p: &LoadProgress| {
            phases.push((p.phase, p.done));
            Control::Continue
        })
        .expect("runs");
        assert_eq!(report.checksum.to_bits(), report.checksum_single.to_bits(), "{source:?}");
        assert_eq!(report.model, "random_forest");
        // Each timed call lasts 1 ms: a batch of 256 gives 1/256 ms per event, the last
        // batch (3000 − 11 × 256 = 184 events) 1/184 ms.
        assert_eq!(report.single.p50_ms, 1.0);
        assert_eq!(report.single.total_ms, 3000.0);
        assert_eq!(report.batched.total_ms, 12.0);
        assert_eq!(report.batched.p50_ms, 1.0 / 256.0);
        assert_eq!(report.batched.max_ms, 1.0 / 184.0);
        assert_eq!(report.clock_resolution_ms, Some(1.0));
        // Progress: 12 batches, then every 256 single events and the last one.
        assert_eq!(phases.iter().filter(|(p, _)| *p == PhaseKind::Batched).count(), 12);
        assert_eq!(phases.last(), Some(&(PhaseKind::Single, 3000)));
        assert!(report.model_bytes > 20 * 3 * 24, "{}", report.model_bytes);
    }
}

#[test]
fn an_ets_model_has_nothing_to_load_test() {
    let frame = bikes();
    let r = fitted(&frame, vec![ModelSpec::Ets]);
    assert_eq!(
        tabular_model(&r.model).map(|m| m.model.key()),
        Err(LoadTestError::NoTabularModel { model: "ets".into() })
    );
}
