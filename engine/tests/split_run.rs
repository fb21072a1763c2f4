//! A run shared out between workers: `partition` the models, `evaluate` each group on its own
//! (the evaluations crossing a thread boundary as JSON, without their fits), then `finish` —
//! the report and the saved model are the ones a single `run` gives, byte for byte.

mod common;

use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::forecast::{
    Evaluation, ForecastError, evaluate, finish, partition, resolved_model_count, run,
};
use prevision_engine::frame::Frame;
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::json;
use prevision_engine::spec::{EnsembleMethod, EnsembleSpec, ForecastSpec, ModelSpec};

fn retail() -> Frame {
    ingest(&BuiltinDataset::RetailDemo.csv(), &IngestOptions::default()).expect("reads").frame
}

/// Evaluates each group separately and sends the evaluations through JSON, as workers do.
fn split_run(frame: &Frame, spec: &ForecastSpec, parts: usize) -> (String, String) {
    let groups = partition(frame, spec, parts).expect("partitions");
    let mut evaluations: Vec<Evaluation> = Vec::new();
    for group in groups.iter().rev() {
        let part = evaluate(frame, spec, group, &mut ()).expect("evaluates");
        let back: Vec<Evaluation> = json::from_str(&json::to_string(&part)).expect("reads back");
        evaluations.extend(back);
    }
    let finished = finish(frame, spec, evaluations, &mut ()).expect("finishes");
    (json::to_string(&finished.report), json::to_string(&finished.model))
}

fn whole_run(frame: &Frame, spec: &ForecastSpec) -> (String, String) {
    let whole = run(frame, spec, &mut ()).expect("runs");
    (json::to_string(&whole.report), json::to_string(&whole.model))
}

#[test]
fn a_run_split_between_workers_gives_the_same_report_and_model() {
    let frame = retail();
    let spec = ForecastSpec::default();
    let whole = whole_run(&frame, &spec);
    assert!(whole.0.contains("\"explanation\":{"), "the report explains a tabular model");
    for parts in [2, 3] {
        assert!(split_run(&frame, &spec, parts) == whole, "{parts} parts differ from one run");
    }
}

#[test]
fn an_ensemble_chosen_from_split_evaluations_refits_its_members_identically() {
    let frame = common::bikes();
    let spec = ForecastSpec {
        ensemble: EnsembleSpec { top_k: 3, method: EnsembleMethod::Mean },
        ..ForecastSpec::default()
    };
    let whole = whole_run(&frame, &spec);
    assert!(whole.1.starts_with("{\"ensemble\":"), "the ensemble is chosen: {}", &whole.1[..40]);
    assert!(split_run(&frame, &spec, 2) == whole);
}

#[test]
fn partition_covers_every_model_once_in_balanced_groups() {
    let frame = retail();
    let spec = ForecastSpec::default();
    let count = resolved_model_count(&frame, &spec).expect("resolves");
    assert_eq!(count, ModelSpec::defaults().len());
    let costs: Vec<u64> = ModelSpec::defaults().iter().map(ModelSpec::relative_cost).collect();
    let total: u64 = costs.iter().sum();
    let heaviest = costs.iter().copied().max().unwrap_or(0);
    for parts in 1..=6 {
        let groups = partition(&frame, &spec, parts).expect("partitions");
        assert_eq!(groups.len(), parts);
        let mut seen: Vec<usize> = groups.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..count).collect::<Vec<_>>());
        for g in &groups {
            let load: u64 = g.iter().map(|&i| costs[i]).sum();
            assert!(load <= total / parts as u64 + heaviest, "{parts} parts: {groups:?}");
        }
    }
    let two = ForecastSpec { models: vec![ModelSpec::Naive, ModelSpec::Mean], ..spec };
    assert_eq!(partition(&frame, &two, 8).expect("partitions").len(), 2, "no empty group");
}

#[test]
fn finishing_without_every_model_or_with_one_twice_is_refused() {
    let frame = common::drinks();
    let spec = ForecastSpec {
        horizon: 6,
        models: vec![ModelSpec::Naive, ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ..ForecastSpec::default()
    };
    let some = evaluate(&frame, &spec, &[0, 2], &mut ()).expect("evaluates");
    let missing = finish(&frame, &spec, some.clone(), &mut ());
    assert_eq!(missing.map(|_| ()), Err(ForecastError::EvaluationsMismatch));
    let mut twice = evaluate(&frame, &spec, &[0, 1, 2], &mut ()).expect("evaluates");
    twice.push(some[0].clone());
    let doubled = finish(&frame, &spec, twice, &mut ());
    assert_eq!(doubled.map(|_| ()), Err(ForecastError::EvaluationsMismatch));
    let out_of_range = evaluate(&frame, &spec, &[9], &mut ()).expect("evaluates");
    assert!(out_of_range.is_empty());
}

/// A quick run: one baseline and one tabular model.
fn baseline_and_ridge() -> ForecastSpec {
    ForecastSpec {
        models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ..ForecastSpec::default()
    }
}

/// A clock that moves one millisecond each time it is read.
struct Ticks(std::cell::Cell<f64>);

impl prevision_engine::forecast::RunObserver for Ticks {
    fn now_ms(&self) -> Option<f64> {
        self.0.set(self.0.get() + 1.0);
        Some(self.0.get())
    }
}

#[test]
fn finish_reports_the_time_of_each_stage_when_the_caller_has_a_clock() {
    let frame = retail();
    let spec = baseline_and_ridge();
    let timed = run(&frame, &spec, &mut Ticks(std::cell::Cell::new(0.0))).expect("runs");
    let stages: Vec<&str> = timed.timings.finish_ms.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(stages, ["ranking", "chosen", "calibration", "explanation", "report"]);
    assert!(timed.timings.finish_ms.iter().all(|(_, ms)| *ms >= 1.0), "{:?}", timed.timings);
    assert_eq!(timed.timings.per_model_ms.len(), 2);
    // No clock, no figures; and timings never change the report.
    let untimed = run(&frame, &spec, &mut ()).expect("runs");
    assert!(untimed.timings.finish_ms.is_empty());
    assert!(json::to_string(&untimed.report) == json::to_string(&timed.report));
}

#[test]
fn a_kept_fit_goes_to_its_own_model_only_and_changes_nothing_in_the_report() {
    let frame = retail();
    let spec = baseline_and_ridge();
    let mut kept = evaluate(&frame, &spec, &[0, 1], &mut ()).expect("evaluates");
    assert!(kept.iter().all(Evaluation::has_fit), "made here, so fitted");
    let mut travelled: Vec<Evaluation> = kept.iter().map(Evaluation::travelling).collect();
    assert!(travelled.iter().all(|e| !e.has_fit()), "fits stay behind");
    travelled[0].adopt_fit(&mut kept[1]);
    assert!(!travelled[0].has_fit() && kept[1].has_fit(), "another model's fit is left alone");
    travelled[1].adopt_fit(&mut kept[1]);
    assert!(travelled[1].has_fit() && !kept[1].has_fit());
    let mixed = finish(&frame, &spec, travelled, &mut ()).expect("finishes");
    assert!(json::to_string(&mixed.report) == whole_run(&frame, &spec).0);
}
