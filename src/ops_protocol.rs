//! The production tasks the page hands to the engine's worker: A/B comparison, retraining on
//! new data, drift monitoring, the load test, and forecasting with an imported model.
//!
//! Like forecast runs ([`crate::protocol`]), a task travels as JSON text with the CSV bytes
//! alongside (the loaded data, and the newer file once one was chosen), and the answer comes
//! back as JSON text. Model versions travel as their own JSON (the text stored in IndexedDB),
//! so the worker reads exactly what the registry holds. [`execute_ops`] is the worker's whole
//! job for a task, free of browser types, so it is tested natively.

use prevision_engine::ab::{AbConfig, AbReport, ab_compare};
use prevision_engine::compare::{GateConfig, Loss};
use prevision_engine::drift::{AlertRule, DriftThresholds};
use prevision_engine::forecast::SavedModel;
use prevision_engine::forecast::fit_on_history;
use prevision_engine::forecast::reuse::{ModelMismatch, ReuseError, ReusedForecast};
use prevision_engine::forecast::{Control, Progress, RunObserver};
use prevision_engine::frame::Frame;
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::loadtest::{
    EventSource, LoadClock, LoadProgress, LoadTestConfig, LoadTestReport, PhaseKind, load_test,
    tabular_model,
};
use prevision_engine::monitor::{DriftReport, MonitorConfig, monitor};
use prevision_engine::registry::{ISO_DATETIME, ModelVersion, SealedVersion};
use prevision_engine::retrain::{AppendReport, ConflictPolicy, append_ingested, retrain};
use prevision_engine::spec::{ForecastSpec, ModelSpec};
use serde::{Deserialize, Serialize};

/// Which model the load test scores with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadTarget {
    /// A saved version (its JSON): its tabular model.
    Version(String),
    /// A random forest fitted on the loaded data with the catalogue's defaults.
    Forest,
    /// A ridge regression fitted on the loaded data.
    Linear,
}

/// A production task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpsJob {
    /// Compare two versions on the same windows of the data.
    Compare {
        /// Version A (JSON).
        reference: String,
        /// Version B (JSON).
        candidate: String,
        /// Evaluation windows.
        windows: usize,
        /// Significance level of the gate.
        alpha: f64,
    },
    /// Append the newer file, refit the version in service and gate the candidate.
    Retrain {
        /// The version in service (JSON).
        in_service: String,
        /// Label of the candidate.
        label: String,
        /// Creation time of the candidate (page clock, Unix ms).
        created_ms: f64,
        /// Evaluation windows of the comparison.
        windows: usize,
        /// Significance level of the gate.
        alpha: f64,
    },
    /// Drift of the newest rows against a version's training window.
    Monitor {
        /// The version watched (JSON).
        version: String,
        /// Rows in the newest window.
        recent: usize,
        /// The alert rules.
        rules: Vec<AlertRule>,
    },
    /// Forecast the loaded data with a model exported from an earlier run (its JSON).
    Forecast {
        /// The model, as the export wrote it.
        model: String,
    },
    /// Score many events through a model.
    LoadTest {
        /// The model.
        target: LoadTarget,
        /// Number of events.
        events: usize,
        /// Batch size.
        batch_size: usize,
        /// Where events come from.
        source: EventSource,
    },
}

/// What the page asks the worker for, besides forecast runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpsRequest {
    /// The page's id for this task.
    pub id: u64,
    /// How to read the CSV bytes (both files).
    pub ingest: IngestOptions,
    /// The task.
    pub job: OpsJob,
}

/// A finished retraining.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retrained {
    /// What appending the newer file did.
    pub append: AppendReport,
    /// The refitted version (not in service yet), its model carried unread.
    pub candidate: SealedVersion,
    /// The comparison with the version in service, and the gate's decision.
    pub ab: AbReport,
}

/// A finished task's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpsOutcome {
    /// Result of [`OpsJob::Compare`].
    Compared(AbReport),
    /// Result of [`OpsJob::Retrain`].
    Retrained(Box<Retrained>),
    /// Result of [`OpsJob::Monitor`].
    Monitored(DriftReport),
    /// Result of [`OpsJob::Forecast`]: the point forecasts of every series, with its dates.
    Forecasted(Vec<ReusedForecast>),
    /// [`OpsJob::Forecast`] refused: the model was fitted on other data (another target,
    /// step, series or columns).
    Refused(ModelMismatch),
    /// Result of [`OpsJob::LoadTest`], with the worker's wasm memory in bytes.
    LoadTested {
        /// The engine's figures.
        report: LoadTestReport,
        /// The worker's whole wasm memory after the test.
        memory_bytes: f64,
    },
}

/// What the worker tells the page about a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpsEvent {
    /// Task `id` moved on: `done` of `total` units.
    Progress {
        /// The task.
        id: u64,
        /// Units done.
        done: usize,
        /// Units in all.
        total: usize,
    },
    /// Task `id` finished.
    Done {
        /// The task.
        id: u64,
        /// Its result.
        outcome: Box<OpsOutcome>,
    },
    /// Task `id` failed; `detail` is the engine's message (English), `kind` says where.
    Failed {
        /// The task.
        id: u64,
        /// Where it failed.
        kind: OpsFailure,
        /// The engine's message.
        detail: String,
    },
}

/// Where a task failed, for the page to word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpsFailure {
    /// A CSV file could not be read.
    Ingest,
    /// A stored version could not be read.
    Version,
    /// The newer file does not fit the loaded data.
    Append,
    /// The engine refused the task (data too short, no tabular model…).
    Engine,
    /// The version watched was trained on every loaded row: nothing newer to monitor.
    NothingNew,
    /// The request could not be decoded (a page and worker from different builds).
    BadRequest,
    /// The worker stopped without an answer; the page restarted it.
    Crashed,
}

/// The newer file, if the page has one.
pub struct Files<'a> {
    /// The loaded data.
    pub data: &'a [u8],
    /// The newer file chosen in "New data".
    pub newer: Option<&'a [u8]>,
}

/// Runs one task to the end. `progress(done, total)` hears the engine; `now_ms` is the
/// worker's clock; `memory_bytes` reads the worker's wasm memory.
pub fn execute_ops(
    request: &OpsRequest,
    files: Files<'_>,
    progress: &mut dyn FnMut(usize, usize),
    now_ms: &dyn Fn() -> f64,
    memory_bytes: &dyn Fn() -> f64,
) -> OpsEvent {
    let id = request.id;
    let failed = |kind: OpsFailure, detail: String| OpsEvent::Failed { id, kind, detail };
    let read = |bytes: &[u8]| {
        ingest(bytes, &request.ingest).map_err(|e| failed(OpsFailure::Ingest, e.to_string()))
    };
    let version = |text: &str| {
        ModelVersion::from_json(text).map_err(|e| failed(OpsFailure::Version, e.to_string()))
    };
    // The data the tasks see: the loaded file, with the newer one appended when there is one.
    let data = |with_newer: bool| -> Result<(Frame, Option<AppendReport>), OpsEvent> {
        let base = read(files.data)?;
        match files.newer.filter(|_| with_newer) {
            None => Ok((base.frame, None)),
            Some(newer) => {
                let newer = read(newer)?;
                append_ingested(&base, &newer, ConflictPolicy::TakeNew)
                    .map(|(frame, report)| (frame, Some(report)))
                    .map_err(|e| failed(OpsFailure::Append, e.to_string()))
            }
        }
    };
    let mut observer = Observer { progress, now_ms };
    let outcome = (|| -> Result<OpsOutcome, OpsEvent> {
        match &request.job {
            OpsJob::Compare { reference, candidate, windows, alpha } => {
                let (frame, _) = data(true)?;
                let cfg = ab_config(*windows, *alpha).map_err(|d| failed(OpsFailure::Engine, d))?;
                let report = ab_compare(
                    &frame,
                    &version(reference)?,
                    &version(candidate)?,
                    &cfg,
                    &mut observer,
                )
                .map_err(|e| failed(OpsFailure::Engine, e.to_string()))?;
                Ok(OpsOutcome::Compared(report))
            }
            OpsJob::Retrain { in_service, label, created_ms, windows, alpha } => {
                let (frame, report) = data(true)?;
                let Some(append) = report else {
                    return Err(failed(OpsFailure::Append, "no newer file".into()));
                };
                let cfg = ab_config(*windows, *alpha).map_err(|d| failed(OpsFailure::Engine, d))?;
                let done =
                    retrain(&frame, &version(in_service)?, &cfg, label, *created_ms, &mut observer)
                        .map_err(|e| failed(OpsFailure::Engine, e.to_string()))?;
                Ok(OpsOutcome::Retrained(Box::new(Retrained {
                    append,
                    candidate: done.candidate.sealed(),
                    ab: done.ab,
                })))
            }
            OpsJob::Monitor { version: text, recent, rules } => {
                let (frame, _) = data(true)?;
                let v = version(text)?;
                let cfg = monitor_config(&frame, &v, *recent)
                    .map_err(|d| failed(OpsFailure::Engine, d))?;
                let observed = frame.series.first().map_or(0, |s| s.observed_len());
                if cfg.reference_end + 1 >= observed {
                    return Err(failed(OpsFailure::NothingNew, String::new()));
                }
                let backtest_mae =
                    v.chosen_row().and_then(|r| r.metrics.as_ref()).map_or(f64::NAN, |m| m.mae);
                let report = monitor(&frame, &v.model, backtest_mae, &cfg, rules)
                    .map_err(|e| failed(OpsFailure::Engine, e.to_string()))?;
                Ok(OpsOutcome::Monitored(report))
            }
            OpsJob::Forecast { model } => {
                let model = prevision_engine::json::from_str::<SavedModel>(model)
                    .map_err(|e| failed(OpsFailure::Version, e.to_string()))?;
                let (frame, _) = data(false)?;
                match model.forecast_checked(&frame) {
                    Ok(points) => Ok(OpsOutcome::Forecasted(points)),
                    Err(ReuseError::Mismatch(m)) => Ok(OpsOutcome::Refused(m)),
                    Err(ReuseError::Forecast(e)) => Err(failed(OpsFailure::Engine, e.to_string())),
                }
            }
            OpsJob::LoadTest { target, events, batch_size, source } => {
                let (frame, _) = data(true)?;
                let engine = |e: &dyn std::fmt::Display| failed(OpsFailure::Engine, e.to_string());
                let fitted;
                let model = match target {
                    LoadTarget::Version(text) => {
                        let v = version(text)?;
                        fitted = tabular_model(&v.model).map_err(|e| engine(&e))?.clone();
                        &fitted
                    }
                    LoadTarget::Forest | LoadTarget::Linear => {
                        let key =
                            if *target == LoadTarget::Forest { "random_forest" } else { "ridge" };
                        let spec = ModelSpec::from_key(key)
                            .ok_or_else(|| failed(OpsFailure::Engine, key.to_owned()))?;
                        fitted = fit_on_history(&frame, &ForecastSpec::default(), &spec)
                            .map_err(|e| engine(&e))?;
                        &fitted
                    }
                };
                let cfg = LoadTestConfig {
                    events: *events,
                    batch_size: *batch_size,
                    source: *source,
                    seed: 42,
                };
                let mut clock = Clock(now_ms);
                let report = load_test(model, &frame, &cfg, &mut clock, &mut |p: &LoadProgress| {
                    let before = if p.phase == PhaseKind::Single { p.total } else { 0 };
                    (observer.progress)(before + p.done, 2 * p.total);
                    Control::Continue
                })
                .map_err(|e| engine(&e))?;
                Ok(OpsOutcome::LoadTested { report, memory_bytes: memory_bytes() })
            }
        }
    })();
    match outcome {
        Ok(outcome) => OpsEvent::Done { id, outcome: Box::new(outcome) },
        Err(event) => event,
    }
}

fn ab_config(windows: usize, alpha: f64) -> Result<AbConfig, String> {
    let gate = GateConfig::new(alpha).map_err(|e| e.to_string())?;
    Ok(AbConfig { windows, loss: Loss::Absolute, gate })
}

/// Monitoring settings for `version` on `frame`: the reference window ends where the
/// version's training data ended.
fn monitor_config(
    frame: &Frame,
    version: &ModelVersion,
    recent: usize,
) -> Result<MonitorConfig, String> {
    let thresholds = DriftThresholds::new(0.1, 0.25).map_err(|e| e.to_string())?;
    let series = frame.series.first().ok_or("no series")?;
    let last = chrono::NaiveDateTime::parse_from_str(&version.data.last, ISO_DATETIME)
        .map_err(|e| format!("training end {:?}: {e}", version.data.last))?;
    let end = series.timestamps.iter().rposition(|t| *t <= last).unwrap_or(0);
    // Chunks of at least 20 rows: PSI on fewer points is mostly noise.
    let chunks = (recent / 20).clamp(1, 3);
    // The newest rows against a recent stretch of the training window: a steady trend is
    // not drift.
    let reference_rows = Some(MonitorConfig::reference_rows_for(frame.freq, recent));
    Ok(MonitorConfig { reference_end: end, recent, chunks, bins: 10, thresholds, reference_rows })
}

struct Observer<'a> {
    progress: &'a mut dyn FnMut(usize, usize),
    now_ms: &'a dyn Fn() -> f64,
}

impl RunObserver for Observer<'_> {
    fn progress(&mut self, p: &Progress) -> Control {
        let per_model = p.fold_count + 1;
        (self.progress)(p.model_index * per_model + p.fold, (p.model_count * per_model).max(1));
        Control::Continue
    }
    fn now_ms(&self) -> Option<f64> {
        Some((self.now_ms)())
    }
}

/// The worker's clock, as the load test reads it.
struct Clock<'a>(&'a dyn Fn() -> f64);

impl LoadClock for Clock<'_> {
    fn now_ms(&self) -> f64 {
        (self.0)()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prevision_engine::datasets::BuiltinDataset;
    use prevision_engine::forecast::run;

    const OLD: &[u8] = include_bytes!("../tests/e2e/fixtures/shop_old.csv");
    const NEW: &[u8] = include_bytes!("../tests/e2e/fixtures/shop_new.csv");

    /// A saved version of a quick run on `csv` (two baselines and ridge).
    fn version_of(csv: &[u8], label: &str, created_ms: f64) -> String {
        version_with(
            csv,
            label,
            created_ms,
            vec![ModelSpec::Naive, ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        )
    }

    /// A saved version of a run of `models` on `csv`.
    fn version_with(csv: &[u8], label: &str, created_ms: f64, models: Vec<ModelSpec>) -> String {
        let frame = ingest(csv, &IngestOptions::default()).expect("ingest").frame;
        let spec = ForecastSpec { horizon: 7, models, ..ForecastSpec::default() };
        let done = run(&frame, &spec, &mut ()).expect("run");
        ModelVersion::new(done, &frame, label, created_ms).to_json()
    }

    fn ask(job: OpsJob, newer: Option<&[u8]>, data: &[u8]) -> (OpsEvent, usize) {
        let request = OpsRequest { id: 9, ingest: IngestOptions::default(), job };
        // The request crosses the thread boundary as JSON.
        let request: OpsRequest =
            prevision_engine::json::from_str(&prevision_engine::json::to_string(&request))
                .expect("round trip");
        let mut ticks = 0;
        let event =
            execute_ops(&request, Files { data, newer }, &mut |_, _| ticks += 1, &|| 0.0, &|| 1.0);
        (event, ticks)
    }

    #[test]
    fn two_versions_are_compared_step_by_step_with_a_verdict() {
        let a = version_of(OLD, "a", 1.0);
        let b = version_of(OLD, "b", 2.0);
        let job = OpsJob::Compare { reference: a, candidate: b, windows: 4, alpha: 0.05 };
        let (event, ticks) = ask(job, None, OLD);
        let OpsEvent::Done { id: 9, outcome } = event else { panic!("{event:?}") };
        let OpsOutcome::Compared(report) = *outcome else { panic!("another outcome") };
        assert_eq!(report.steps.len(), 7);
        assert!(ticks > 0, "progress was reported");
    }

    #[test]
    fn a_newer_file_is_appended_retrained_and_gated() {
        let v1 = version_of(OLD, "v1", 1.0);
        let job = OpsJob::Retrain {
            in_service: v1,
            label: "v2".into(),
            created_ms: 2.0,
            windows: 4,
            alpha: 0.05,
        };
        let (event, _) = ask(job, Some(NEW), OLD);
        let OpsEvent::Done { outcome, .. } = event else { panic!("{event:?}") };
        let OpsOutcome::Retrained(done) = *outcome else { panic!("another outcome") };
        assert_eq!(done.append.overlapping, 3);
        assert_eq!(done.append.conflicts_total, 1);
        assert_eq!(done.append.appended, 60);
        assert_eq!(done.candidate.data.rows, 300);
        assert_eq!(done.candidate.label, "v2");
        // The candidate reaches the page sealed, and opens whole where a model is needed.
        let opened = ModelVersion::from_json(&done.candidate.to_json()).expect("a whole version");
        assert_eq!(opened.id, done.candidate.id);
        assert_eq!(opened.to_json(), done.candidate.to_json());
    }

    #[test]
    fn the_demo_store_s_next_export_is_retrained_on_and_its_drop_raises_an_alert() {
        // The production cycle on the demo without a file of one's own: the next export of
        // the synthetic store appends four observed weeks, and the competitor's 30 % drop
        // from the second week is seen by monitoring.
        let data = BuiltinDataset::RetailDemo.csv();
        let newer = BuiltinDataset::RetailDemo.newer_csv().expect("the demo has a next export");
        // A model that reads features (lags, averages), as the studio's choice does.
        let v1 = version_with(&data, "demo", 1.0, vec![ModelSpec::Ridge { alpha: 1.0 }]);
        let job = OpsJob::Retrain {
            in_service: v1.clone(),
            label: "demo +".into(),
            created_ms: 2.0,
            windows: 4,
            alpha: 0.05,
        };
        let (event, _) = ask(job, Some(&newer), &data);
        let OpsEvent::Done { outcome, .. } = event else { panic!("{event:?}") };
        let OpsOutcome::Retrained(done) = *outcome else { panic!("another outcome") };
        assert_eq!(done.append.conflicts_total, 0, "{:?}", done.append);
        assert_eq!(done.candidate.data.rows, 730 + 28, "four more observed weeks");
        let job = OpsJob::Monitor {
            version: v1,
            recent: 28,
            rules: prevision_engine::monitor::default_rules(),
        };
        let (event, _) = ask(job, Some(&newer), &data);
        let OpsEvent::Done { outcome, .. } = event else { panic!("{event:?}") };
        let OpsOutcome::Monitored(report) = *outcome else { panic!("another outcome") };
        let target = report.features[0].key.clone();
        let on_target = |alerts: &[prevision_engine::drift::Alert]| {
            alerts.iter().any(|a| {
                a.metric == prevision_engine::drift::AlertMetric::Psi && a.feature == target
            })
        };
        assert!(on_target(&report.alerts), "the drop is drift of the sales: {:?}", report.alerts);
        // One PSI alert for the sales and everything computed from them (lags, short and long
        // averages), which counts the others.
        let psi: Vec<_> = report
            .alerts
            .iter()
            .filter(|a| a.metric == prevision_engine::drift::AlertMetric::Psi)
            .collect();
        assert_eq!(psi.len(), 1, "{psi:?}");
        assert!(psi[0].related >= 5, "{psi:?}");
        // The same weeks without the competitor raise no alert at all: the drop is what is
        // seen, not the store's growth since its first days nor the chance of four weeks.
        let unchanged = prevision_engine::datasets::retail_demo_csv(
            &prevision_engine::datasets::RetailDemoConfig {
                change: None,
                ..prevision_engine::datasets::RetailDemoConfig::four_weeks_later()
            },
        );
        let v1 = version_with(&data, "demo", 1.0, vec![ModelSpec::Ridge { alpha: 1.0 }]);
        let job = OpsJob::Monitor {
            version: v1,
            recent: 28,
            rules: prevision_engine::monitor::default_rules(),
        };
        let (event, _) = ask(job, Some(unchanged.as_bytes()), &data);
        let OpsEvent::Done { outcome, .. } = event else { panic!("{event:?}") };
        let OpsOutcome::Monitored(report) = *outcome else { panic!("another outcome") };
        assert!(report.alerts.is_empty(), "{:?}", report.alerts);
    }

    #[test]
    fn an_exported_model_forecasts_the_loaded_data_as_its_run_did() {
        let frame = ingest(OLD, &IngestOptions::default()).expect("ingest").frame;
        let spec = ForecastSpec {
            horizon: 7,
            models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
            ..ForecastSpec::default()
        };
        let done = run(&frame, &spec, &mut ()).expect("run");
        let expected = done.model.forecast(&frame).expect("forecast");
        // The text the export button writes.
        let model = prevision_engine::json::Raw::of(&done.model).text().to_owned();
        let (event, _) = ask(OpsJob::Forecast { model: model.clone() }, None, OLD);
        let OpsEvent::Done { id: 9, outcome } = event else { panic!("{event:?}") };
        let OpsOutcome::Forecasted(points) = *outcome else { panic!("another outcome") };
        let bits = |p: &[Vec<f64>]| p.iter().flatten().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(points.len(), 1);
        assert_eq!(points[0].values.len(), 7);
        assert_eq!(points[0].timestamps.len(), 7);
        assert_eq!(points[0].series, frame.series[0].id);
        let values: Vec<Vec<f64>> = points.iter().map(|p| p.values.clone()).collect();
        assert_eq!(bits(&values), bits(&expected));
        // On other data (the newer file has the same target and step: renamed here), the
        // model is refused with the reason, not run.
        let renamed = String::from_utf8_lossy(NEW).replacen("sales", "visits", 1);
        let (event, _) = ask(OpsJob::Forecast { model: model.clone() }, None, renamed.as_bytes());
        let OpsEvent::Done { outcome, .. } = event else { panic!("{event:?}") };
        assert!(
            matches!(*outcome, OpsOutcome::Refused(ModelMismatch::Target { .. })),
            "{outcome:?}"
        );
        // Anything else is refused as a model, not forecast.
        let (event, _) =
            ask(OpsJob::Forecast { model: model[..model.len() / 2].into() }, None, OLD);
        assert!(matches!(event, OpsEvent::Failed { kind: OpsFailure::Version, .. }), "{event:?}");
        let (event, _) = ask(OpsJob::Forecast { model: "{\"a\":1}".into() }, None, OLD);
        assert!(matches!(event, OpsEvent::Failed { kind: OpsFailure::Version, .. }), "{event:?}");
    }

    #[test]
    fn drift_is_measured_on_the_rows_after_the_training_window() {
        let v1 = version_of(OLD, "v1", 1.0);
        let job = OpsJob::Monitor {
            version: v1,
            recent: 30,
            rules: prevision_engine::monitor::default_rules(),
        };
        let (event, _) = ask(job, Some(NEW), OLD);
        let OpsEvent::Done { outcome, .. } = event else { panic!("{event:?}") };
        let OpsOutcome::Monitored(report) = *outcome else { panic!("another outcome") };
        assert!(report.features.len() >= 2, "{:?}", report.features);
        assert!(report.live.is_some(), "the newer rows give a live error");
    }

    #[test]
    fn monitoring_a_version_trained_on_every_row_says_there_is_nothing_new() {
        let v1 = version_of(OLD, "v1", 1.0);
        let job = OpsJob::Monitor { version: v1, recent: 30, rules: vec![] };
        let (event, _) = ask(job, None, OLD);
        assert!(
            matches!(event, OpsEvent::Failed { kind: OpsFailure::NothingNew, .. }),
            "{event:?}"
        );
    }

    #[test]
    fn a_load_test_scores_every_event_in_both_modes() {
        let job = OpsJob::LoadTest {
            target: LoadTarget::Linear,
            events: 2_000,
            batch_size: 100,
            source: EventSource::Data,
        };
        let (event, ticks) = ask(job, None, &BuiltinDataset::DrinksSales.csv());
        let OpsEvent::Done { outcome, .. } = event else { panic!("{event:?}") };
        let OpsOutcome::LoadTested { report, memory_bytes } = *outcome else {
            panic!("another outcome")
        };
        assert_eq!(report.events, 2_000);
        assert_eq!(report.checksum.to_bits(), report.checksum_single.to_bits());
        assert_eq!(memory_bytes, 1.0);
        assert!(ticks >= 2);
    }

    #[test]
    fn a_corrupt_version_and_an_unfit_newer_file_fail_with_their_kind() {
        let job = OpsJob::Monitor { version: "{\"format\":1".into(), recent: 30, rules: vec![] };
        let (event, _) = ask(job, None, OLD);
        assert!(matches!(event, OpsEvent::Failed { kind: OpsFailure::Version, .. }), "{event:?}");
        let v1 = version_of(OLD, "v1", 1.0);
        let job = OpsJob::Retrain {
            in_service: v1,
            label: "x".into(),
            created_ms: 2.0,
            windows: 4,
            alpha: 0.05,
        };
        let (event, _) = ask(job, Some(b"when,what\n2024-01-01,x\n"), OLD);
        assert!(
            matches!(event, OpsEvent::Failed { kind: OpsFailure::Ingest | OpsFailure::Append, .. }),
            "{event:?}"
        );
    }
}
