//! The messages between the page and the Web Worker that runs the engine.
//!
//! The page sends a [`RunRequest`] together with the CSV bytes (as a separate `Uint8Array`, so a
//! large file is not spelled out value by value); the worker answers with [`WorkerEvent`]s.
//! Both travel as JSON text through the engine's `json` module, whose readers take `null` back as
//! NaN (an undefined MAPE, a missing actual): one serde instantiation per type serves the worker,
//! the exports and the registry, which keeps the wasm small. Only these serde structs cross the
//! thread boundary — the
//! engine's public report and spec types, never its frames or fitted internals. A run is
//! identified by the id the page gave it, so an answer for an older run (overtaken or
//! cancelled) is recognised and dropped.
//!
//! Cancelling does not use a message: the engine runs synchronously inside the worker, so the
//! page terminates the worker and starts a fresh one, which stops the run at once.

use prevision_engine::forecast::{ForecastError, ForecastRun, Progress};
use prevision_engine::ingest::{IngestError, IngestOptions};
use prevision_engine::spec::ForecastSpec;
use serde::{Deserialize, Serialize};

/// What the page asks the worker to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRequest {
    /// The page's id for this run.
    pub id: u64,
    /// How to read the CSV bytes sent alongside (the same options the page used).
    pub ingest: IngestOptions,
    /// What to forecast and how.
    pub spec: ForecastSpec,
}

/// What the worker tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerEvent {
    /// The worker has loaded its wasm and listens.
    Ready,
    /// Run `id` moved on.
    Progress {
        /// The run.
        id: u64,
        /// Model k of n, fold j of m.
        progress: Progress,
    },
    /// Run `id` finished.
    Done {
        /// The run.
        id: u64,
        /// The report, the fitted model and the engine's timings.
        run: Box<ForecastRun>,
        /// Milliseconds spent reading the CSV inside the worker.
        ingest_ms: f64,
    },
    /// Run `id` failed.
    Failed {
        /// The run.
        id: u64,
        /// Why.
        failure: RunFailure,
    },
}

/// Why a run failed, in terms the page can translate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunFailure {
    /// The request could not be decoded (a page and worker from different builds).
    BadRequest {
        /// The decoder's message.
        detail: String,
    },
    /// The CSV could not be read (it was readable in the page, so this means the options
    /// changed between the two).
    Ingest {
        /// The engine's message.
        detail: String,
    },
    /// A series is too short for the backtest asked for.
    SeriesTooShort {
        /// Series id.
        series: String,
        /// Observations needed.
        needed: usize,
        /// Observations available.
        got: usize,
    },
    /// Every model failed.
    NoModelSucceeded {
        /// The first model's failure, in English (engine text).
        reason: String,
    },
    /// A setting does not fit the data.
    Invalid {
        /// The engine's message, in English.
        detail: String,
    },
    /// The worker stopped without an answer (out of memory, or a bug); the page restarted it.
    Crashed,
}

impl From<ForecastError> for RunFailure {
    fn from(e: ForecastError) -> Self {
        match e {
            ForecastError::SeriesTooShort { series, needed, got } => {
                RunFailure::SeriesTooShort { series, needed, got }
            }
            ForecastError::NoModelSucceeded { first_reason } => {
                RunFailure::NoModelSucceeded { reason: first_reason }
            }
            other => RunFailure::Invalid { detail: other.to_string() },
        }
    }
}

impl From<IngestError> for RunFailure {
    fn from(e: IngestError) -> Self {
        RunFailure::Ingest { detail: e.to_string() }
    }
}

/// Runs one request to the end: the worker's whole job, free of any browser type so it is
/// tested natively. `progress` hears every fold; `now_ms` is the worker's clock.
pub fn execute(
    request: &RunRequest,
    bytes: &[u8],
    progress: &mut dyn FnMut(&Progress),
    now_ms: &dyn Fn() -> f64,
) -> WorkerEvent {
    let id = request.id;
    let started = now_ms();
    let ingested = match prevision_engine::ingest::ingest(bytes, &request.ingest) {
        Ok(i) => i,
        Err(e) => return WorkerEvent::Failed { id, failure: e.into() },
    };
    let ingest_ms = now_ms() - started;
    let mut observer = Observer { progress, now_ms };
    match prevision_engine::forecast::run(&ingested.frame, &request.spec, &mut observer) {
        Ok(run) => WorkerEvent::Done { id, run: Box::new(run), ingest_ms },
        Err(e) => WorkerEvent::Failed { id, failure: e.into() },
    }
}

struct Observer<'a> {
    progress: &'a mut dyn FnMut(&Progress),
    now_ms: &'a dyn Fn() -> f64,
}

impl prevision_engine::forecast::RunObserver for Observer<'_> {
    fn progress(&mut self, p: &Progress) -> prevision_engine::forecast::Control {
        (self.progress)(p);
        prevision_engine::forecast::Control::Continue
    }
    fn now_ms(&self) -> Option<f64> {
        Some((self.now_ms)())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prevision_engine::datasets::BuiltinDataset;

    fn request(spec: ForecastSpec) -> RunRequest {
        RunRequest { id: 7, ingest: IngestOptions::default(), spec }
    }

    #[test]
    fn a_request_survives_json_and_runs_to_a_report_with_progress() {
        let spec = ForecastSpec {
            horizon: 5,
            models: vec![
                prevision_engine::spec::ModelSpec::Naive,
                prevision_engine::spec::ModelSpec::SeasonalNaive,
            ],
            ..ForecastSpec::default()
        };
        let text = prevision_engine::json::to_string(&request(spec));
        let back: RunRequest = prevision_engine::json::from_str(&text).expect("parses");
        let mut ticks = 0;
        let event =
            execute(&back, &BuiltinDataset::DrinksSales.csv(), &mut |_| ticks += 1, &|| 0.0);
        let WorkerEvent::Done { id, run, .. } = event else { panic!("expected a report") };
        assert_eq!(id, 7);
        assert!(ticks >= 2, "progress was reported {ticks} times");
        assert_eq!(run.report.forecasts[0].point.len(), 5);
    }

    #[test]
    fn unreadable_bytes_and_impossible_settings_come_back_as_typed_failures() {
        let event = execute(&request(ForecastSpec::default()), b"", &mut |_| {}, &|| 0.0);
        assert!(matches!(event, WorkerEvent::Failed { failure: RunFailure::Ingest { .. }, .. }));
        let spec = ForecastSpec { horizon: 400, ..ForecastSpec::default() };
        let event =
            execute(&request(spec), &BuiltinDataset::DrinksSales.csv(), &mut |_| {}, &|| 0.0);
        assert!(
            matches!(event, WorkerEvent::Failed { failure: RunFailure::SeriesTooShort { .. }, .. }),
            "{event:?}"
        );
    }
}
