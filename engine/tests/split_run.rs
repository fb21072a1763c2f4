//! A run shared out between workers: `partition` the models, `evaluate` each group on its own
//! (the evaluations crossing a thread boundary as JSON, without their fits), then `finish` —
//! the report and the saved model are the ones a single `run` gives, byte for byte.

mod common;

use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::forecast::share::{Assignment, assign};
use prevision_engine::forecast::{
    Evaluation, FinishPart, FinishPlan, FinishTask, ForecastError, evaluate, finish, finish_part,
    finish_with_parts, partition, plan_finish, resolved_model_count, run,
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

/// The whole protocol of a finish shared between workers: each worker evaluates its group and
/// keeps its fits; the evaluations travel as JSON; every worker plans the finish, takes its
/// tasks and computes their parts (with its own fits); the parts travel as JSON; the assembler
/// finishes with them. Returns the report and model, and what each worker did.
fn shared_finish(
    frame: &Frame,
    spec: &ForecastSpec,
    parts: usize,
) -> ((String, String), Assignment) {
    let groups = partition(frame, spec, parts).expect("partitions");
    let kept: Vec<Vec<Evaluation>> =
        groups.iter().map(|g| evaluate(frame, spec, g, &mut ()).expect("evaluates")).collect();
    let travelled: Vec<Evaluation> =
        json::from_str(&json::to_string(&kept.concat())).expect("reads back");
    // A worker's view: every evaluation, its own with their fits.
    let view = |k: usize| -> Vec<Evaluation> {
        let mut own = kept[k].clone();
        let mut all = travelled.clone();
        for e in &mut all {
            own.iter_mut().for_each(|o| e.adopt_fit(o));
        }
        all
    };
    let mut assignments = Vec::new();
    let mut computed: Vec<FinishPart> = Vec::new();
    for k in 0..groups.len() {
        let plan = plan_finish(frame, spec, travelled.clone()).expect("plans");
        let assignment = assign(&plan, &travelled, &groups);
        let mine: Vec<FinishPart> = assignment.tasks[k]
            .iter()
            .map(|&task| finish_part(frame, spec, &view(k), task).expect("computes"))
            .collect();
        computed.extend(json::from_str::<Vec<FinishPart>>(&json::to_string(&mine)).expect("reads"));
        assignments.push(assignment);
    }
    assert!(assignments.windows(2).all(|w| w[0] == w[1]), "every worker assigns alike");
    let assignment = assignments.swap_remove(0);
    let done = finish_with_parts(frame, spec, view(assignment.assembler), &computed, &mut ())
        .expect("assembles");
    ((json::to_string(&done.report), json::to_string(&done.model)), assignment)
}

#[test]
fn a_finish_shared_between_workers_gives_the_same_report_and_model() {
    let frame = retail();
    let spec = ForecastSpec::default();
    let whole = whole_run(&frame, &spec);
    for parts in [2, 3] {
        let (shared, assignment) = shared_finish(&frame, &spec, parts);
        assert!(shared == whole, "{parts} workers differ from one run");
        let tasks: Vec<FinishTask> = assignment.tasks.concat();
        assert!(tasks.iter().any(|t| matches!(t, FinishTask::Explain { .. })), "{tasks:?}");
        assert!(tasks.iter().any(|t| matches!(t, FinishTask::Calibrate { .. })), "{tasks:?}");
        // The chosen model is calibrated by the worker that evaluated it, whose fits serve
        // most calibration windows.
        let groups = partition(&frame, &spec, parts).expect("partitions");
        for (k, tasks) in assignment.tasks.iter().enumerate() {
            for task in tasks {
                if let FinishTask::Calibrate { model } = task {
                    assert!(groups[k].contains(model), "{assignment:?} {groups:?}");
                }
            }
        }
    }
    // An ensemble: each member's calibration backtest is a part of its own.
    let bikes = common::bikes();
    let ensemble = ForecastSpec {
        ensemble: EnsembleSpec { top_k: 3, method: EnsembleMethod::Mean },
        ..ForecastSpec::default()
    };
    let whole = whole_run(&bikes, &ensemble);
    let (shared, assignment) = shared_finish(&bikes, &ensemble, 2);
    assert!(shared == whole);
    let calibrations = assignment
        .tasks
        .concat()
        .iter()
        .filter(|t| matches!(t, FinishTask::Calibrate { .. }))
        .count();
    assert_eq!(calibrations, 3, "{assignment:?}");
}

#[test]
fn parts_computed_elsewhere_replace_the_work_and_a_failed_calibration_falls_back() {
    let frame = retail();
    let spec = baseline_and_ridge();
    let evaluations = evaluate(&frame, &spec, &[0, 1], &mut ()).expect("evaluates");
    let plan = plan_finish(&frame, &spec, evaluations.clone()).expect("plans");
    let whole = finish(&frame, &spec, evaluations.clone(), &mut ()).expect("finishes");
    // Given parts are taken as they are: a changed explanation shows in the report.
    let Some(FinishTask::Explain { model, is_chosen }) = plan.explain else {
        panic!("ridge is explained: {plan:?}")
    };
    let Ok(FinishPart::Explanation { explanation: Some(mut e), .. }) =
        finish_part(&frame, &spec, &evaluations, FinishTask::Explain { model, is_chosen })
    else {
        panic!("an explanation")
    };
    e.steps.truncate(1);
    let given = [FinishPart::Explanation { model, explanation: Some(e) }];
    let with =
        finish_with_parts(&frame, &spec, evaluations.clone(), &given, &mut ()).expect("finishes");
    assert_eq!(with.report.explanation.as_ref().map(|e| e.steps.len()), Some(1));
    // A calibration that failed elsewhere gives the evaluation backtest's intervals, as a failed
    // calibration backtest does in one worker.
    let failed: Vec<FinishPart> = plan
        .calibrate
        .iter()
        .map(|&model| FinishPart::Calibration { model, results: None })
        .collect();
    assert!(!failed.is_empty());
    let fallback =
        finish_with_parts(&frame, &spec, evaluations, &failed, &mut ()).expect("finishes");
    assert_eq!(fallback.report.calibration_windows, fallback.report.windows);
    assert!(fallback.report.calibration_windows < whole.report.calibration_windows);
}

#[test]
fn the_explanation_goes_to_the_fit_holder_and_calibrations_to_where_they_end_soonest() {
    let timed = |index: usize, ms: f64| {
        let mut e: Evaluation = json::from_str(&format!(
            r#"{{"index":{index},"results":{{"Ok":[]}},"importance":null,"future":[],"final_failure":null,"ms":{ms}}}"#
        ))
        .expect("an evaluation");
        e.ms = Some(ms);
        e
    };
    let evaluations = [timed(0, 10.0), timed(1, 400.0), timed(2, 300.0), timed(3, 20.0)];
    let groups = vec![vec![0, 1], vec![2, 3]];
    let plan = FinishPlan {
        calibrate: vec![1, 2, 3],
        served: vec![1, 2, 3],
        explain: Some(FinishTask::Explain { model: 1, is_chosen: false }),
        chosen: vec![1, 2, 3],
    };
    let a = assign(&plan, &evaluations, &groups);
    // Worker 0 evaluated model 1: it explains it (load 100) and calibrates it, reusing its
    // evaluation's fits (100 + 67 = 167 against 200 on the idle worker 1). Model 2's
    // calibration stays on worker 1, which evaluated it (50, against 167 + 150 on worker 0);
    // model 3's (about 3 on worker 1, 10 on worker 0) too.
    assert_eq!(
        a.tasks,
        vec![
            vec![
                FinishTask::Explain { model: 1, is_chosen: false },
                FinishTask::Calibrate { model: 1 }
            ],
            vec![FinishTask::Calibrate { model: 2 }, FinishTask::Calibrate { model: 3 }],
        ]
    );
    // A worker already loaded gives a calibration away when the other ends sooner despite
    // refitting every window: worker 0 explains a costly model, and model 0's calibration (10 ms
    // to evaluate) goes to worker 1.
    let busy = FinishPlan {
        calibrate: vec![0],
        served: vec![0],
        explain: Some(FinishTask::Explain { model: 1, is_chosen: false }),
        chosen: vec![0],
    };
    let b = assign(&busy, &evaluations, &groups);
    assert_eq!(b.tasks[1], vec![FinishTask::Calibrate { model: 0 }]);
    // Models whose evaluation forecast no calibration window (history models, k nearest
    // neighbours) cost the same anywhere: the least loaded worker takes each. Model 1's (200)
    // goes to the idle worker 1, model 2's (150) to worker 0 (100), model 3's (10) to worker 1.
    let unserved = assign(&FinishPlan { served: vec![], ..plan.clone() }, &evaluations, &groups);
    assert_eq!(
        unserved.tasks,
        vec![
            vec![
                FinishTask::Explain { model: 1, is_chosen: false },
                FinishTask::Calibrate { model: 2 }
            ],
            vec![FinishTask::Calibrate { model: 1 }, FinishTask::Calibrate { model: 3 }],
        ]
    );
    assert_eq!(a.assembler, 0, "worker 0 holds 400 ms of the chosen fits, worker 1 320");
    // Nothing to share: one worker, every task.
    let one = assign(&plan, &evaluations, &[vec![0, 1, 2, 3]]);
    assert_eq!((one.tasks[0].len(), one.assembler), (4, 0));
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
