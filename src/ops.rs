//! The production side of the studio: the model registry and the tasks run on it.
//!
//! [`Ops`] is shared by context like [`Studio`]. The registry is the engine's model versions,
//! kept in IndexedDB ([`crate::idb`]) as their own JSON so they survive reloads; one id is
//! marked in service. The page holds them sealed ([`SealedVersion`]): the fitted model stays
//! JSON text that only the worker reads, so the page's wasm carries none of the code to decode
//! or run a model. Loading reads every stored entry and keeps the ones that parse: a corrupt or
//! foreign entry is listed in [`Ops::skipped`] and left alone, so a damaged database never
//! stops the app. If the browser refuses storage, versions live in memory and the page says so.
//!
//! Tasks (compare, retrain, monitor, load test) go to their own engine worker, separate from
//! forecast runs: a long load test does not hold up a forecast, and stopping one never kills
//! the other. Tasks are numbered; an answer for an older task is dropped.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::ab::AbReport;
use prevision_engine::drift::{AlertMetric, AlertRule, Severity};
use prevision_engine::json::Raw;
use prevision_engine::loadtest::EventSource;
use prevision_engine::monitor::DriftReport;
use prevision_engine::registry::SealedVersion;

use crate::idb;
use crate::ops_protocol::{
    LoadTarget, OpsEvent, OpsFailure, OpsJob, OpsOutcome, OpsRequest, Retrained,
};
use crate::state::{LoadState, RunState, Studio};
use crate::worker::EngineWorker;

/// Key, in the meta store, of the id of the version in service.
const IN_SERVICE_KEY: &str = "in_service";
/// Key, in the meta store, of the log of gate decisions.
const DECISIONS_KEY: &str = "decisions";

/// A gate decision as recorded: which candidate, against which version, what the gate said and
/// what the user did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    /// When (Unix ms, page clock).
    pub at_ms: f64,
    /// Label and id of the version in service at the time.
    pub reference: (String, String),
    /// Label and id of the candidate.
    pub candidate: (String, String),
    /// The gate's decision and its reason.
    pub gate: prevision_engine::compare::GateDecision,
    /// Whether the candidate was put in service.
    pub promoted: bool,
}

/// A stored entry that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Its key in the store.
    pub key: String,
    /// Why (the engine's message, or "not text").
    pub reason: String,
}

/// The production screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpsTab {
    /// The registry.
    Models,
    /// A/B comparison.
    Compare,
    /// Append, retrain, gate.
    NewData,
    /// Drift and alerts.
    Monitoring,
    /// Throughput and latency.
    LoadTest,
    /// Long-format data and a Python script.
    Graduate,
}

impl OpsTab {
    /// Every screen, in the order shown.
    pub const ALL: [OpsTab; 6] = [
        OpsTab::Models,
        OpsTab::Compare,
        OpsTab::NewData,
        OpsTab::Monitoring,
        OpsTab::LoadTest,
        OpsTab::Graduate,
    ];

    /// A stable identifier for `data-testid`s and element ids.
    pub fn code(self) -> &'static str {
        match self {
            OpsTab::Models => "models",
            OpsTab::Compare => "compare",
            OpsTab::NewData => "new-data",
            OpsTab::Monitoring => "monitoring",
            OpsTab::LoadTest => "load-test",
            OpsTab::Graduate => "graduate",
        }
    }
}

/// Which task is running, for the progress bar's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    /// [`OpsJob::Compare`].
    Compare,
    /// [`OpsJob::Retrain`].
    Retrain,
    /// [`OpsJob::Monitor`].
    Monitor,
    /// [`OpsJob::LoadTest`].
    LoadTest,
}

/// Where the current task stands.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskState {
    /// Nothing running.
    Idle,
    /// Running: `done` of `total` units so far.
    Running {
        /// Which task.
        kind: TaskKind,
        /// Units done.
        done: usize,
        /// Units in all (0 until the engine says).
        total: usize,
    },
    /// The last task failed.
    Failed {
        /// Which task.
        kind: TaskKind,
        /// Where.
        failure: OpsFailure,
        /// The engine's message.
        detail: String,
    },
}

/// What the load-test panel holds.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadSettings {
    /// Number of events.
    pub events: usize,
    /// Batch size.
    pub batch_size: usize,
    /// Which model.
    pub target: LoadChoice,
    /// Where events come from.
    pub source: EventSource,
}

/// The model of the load test, as chosen in the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadChoice {
    /// The version in service.
    InService,
    /// A forest fitted on the data.
    Forest,
    /// A linear model fitted on the data.
    Linear,
}

impl Default for LoadSettings {
    fn default() -> Self {
        LoadSettings {
            events: 100_000,
            batch_size: 1_000,
            target: LoadChoice::Forest,
            source: EventSource::Data,
        }
    }
}

/// A finished load test.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadResult {
    /// The engine's figures.
    pub report: prevision_engine::loadtest::LoadTestReport,
    /// The worker's wasm memory afterwards.
    pub memory_bytes: f64,
}

/// The production state shared by every production screen.
#[derive(Debug, Clone, Copy)]
pub struct Ops {
    /// Saved versions, oldest first.
    pub versions: RwSignal<Vec<Arc<SealedVersion>>>,
    /// The id of the version in service.
    pub in_service: RwSignal<Option<String>>,
    /// Stored entries that could not be read.
    pub skipped: RwSignal<Vec<Skipped>>,
    /// Whether the browser refused to store versions.
    pub storage_failed: RwSignal<bool>,
    /// Every gate decision taken, oldest first (stored with the versions).
    pub decisions: RwSignal<Vec<Decision>>,
    /// The production screen shown.
    pub tab: RwSignal<OpsTab>,
    /// The running or failed task.
    pub task: RwSignal<TaskState>,
    /// The last comparison.
    pub compared: RwSignal<Option<Arc<AbReport>>>,
    /// The last retraining, until promoted or kept.
    pub retrained: RwSignal<Option<Arc<Retrained>>>,
    /// What happened to the last candidate (true = promoted).
    pub decided: RwSignal<Option<bool>>,
    /// The newer file chosen in "New data" (name, bytes).
    pub newer: RwSignal<Option<(String, Arc<Vec<u8>>)>>,
    /// The last drift report.
    pub monitored: RwSignal<Option<Arc<DriftReport>>>,
    /// The alert rules being edited.
    pub rules: RwSignal<Vec<AlertRule>>,
    /// The last load test.
    pub load_result: RwSignal<Option<Arc<LoadResult>>>,
    /// The load-test panel's settings.
    pub load_settings: RwSignal<LoadSettings>,
    task_id: StoredValue<u64>,
    task_kind: StoredValue<Option<TaskKind>>,
    worker: StoredValue<Option<EngineWorker<OpsEvent>>, LocalStorage>,
}

impl Ops {
    /// Empty state; call [`Ops::load_registry`] to fill it from the browser's storage.
    pub fn new() -> Self {
        Ops {
            versions: RwSignal::new(Vec::new()),
            in_service: RwSignal::new(None),
            skipped: RwSignal::new(Vec::new()),
            storage_failed: RwSignal::new(false),
            decisions: RwSignal::new(Vec::new()),
            tab: RwSignal::new(OpsTab::Models),
            task: RwSignal::new(TaskState::Idle),
            compared: RwSignal::new(None),
            retrained: RwSignal::new(None),
            decided: RwSignal::new(None),
            newer: RwSignal::new(None),
            monitored: RwSignal::new(None),
            rules: RwSignal::new(prevision_engine::monitor::default_rules()),
            load_result: RwSignal::new(None),
            load_settings: RwSignal::new(LoadSettings::default()),
            task_id: StoredValue::new(0),
            task_kind: StoredValue::new(None),
            worker: StoredValue::new_local(None),
        }
    }

    /// Reads every stored version; unreadable entries are listed, not fatal.
    pub fn load_registry(&self) {
        let ops = *self;
        leptos::task::spawn_local(async move {
            let entries = match idb::all(idb::VERSIONS).await {
                Ok(entries) => entries,
                Err(_) => {
                    ops.storage_failed.set(true);
                    return;
                }
            };
            let mut versions = Vec::new();
            let mut skipped = Vec::new();
            for (key, text) in entries {
                match text
                    .map_err(|_| "not text".to_owned())
                    .and_then(|t| SealedVersion::read_json(&t).map_err(|e| e.to_string()))
                {
                    Ok(v) if v.id == key => versions.push(Arc::new(v)),
                    Ok(v) => skipped.push(Skipped {
                        key: key.clone(),
                        reason: format!("stored under {key} but its id is {}", v.id),
                    }),
                    Err(reason) => skipped.push(Skipped { key, reason }),
                }
            }
            crate::order::sort_short_by(&mut versions, |a, b| {
                a.created_ms.total_cmp(&b.created_ms)
            });
            let in_service = idb::get(idb::META, IN_SERVICE_KEY).await.ok().flatten();
            let in_service = in_service.filter(|id| versions.iter().any(|v| &v.id == id));
            // An unreadable log is left out, like an unreadable version.
            let decisions = idb::get(idb::META, DECISIONS_KEY)
                .await
                .ok()
                .flatten()
                .and_then(|t| prevision_engine::json::from_str::<Vec<Decision>>(&t).ok())
                .unwrap_or_default();
            ops.versions.set(versions);
            ops.skipped.set(skipped);
            ops.in_service.set(in_service);
            ops.decisions.set(decisions);
        });
    }

    /// The version with `id`.
    pub fn version(&self, id: &str) -> Option<Arc<SealedVersion>> {
        self.versions.with_untracked(|vs| vs.iter().find(|v| v.id == id).cloned())
    }

    /// The version in service (tracked).
    pub fn serving(&self) -> Option<Arc<SealedVersion>> {
        let id = self.in_service.get()?;
        self.versions.with(|vs| vs.iter().find(|v| v.id == id).cloned())
    }

    /// Adds `version` to the registry and stores it; the first version goes in service.
    pub fn add(&self, version: SealedVersion) {
        let text = version.to_json();
        let id = version.id.clone();
        let first = self.versions.with_untracked(Vec::is_empty);
        self.versions.update(|vs| {
            vs.retain(|v| v.id != id);
            vs.push(Arc::new(version));
        });
        self.persist(idb::VERSIONS, id.clone(), Some(text));
        if first {
            self.set_in_service(&id);
        }
    }

    /// Saves the studio's last finished run as a version labelled `label`.
    pub fn save_run(&self, studio: Studio, label: &str) -> bool {
        let RunState::Done(finished) = studio.run.get_untracked() else { return false };
        // The worker sends the model just after the report.
        let Some(model) = finished.model.get_untracked() else { return false };
        let Ok(model) = prevision_engine::json::from_str::<Raw>(&model.text()) else {
            return false;
        };
        let label = if label.trim().is_empty() {
            format!("v{}", self.versions.with_untracked(Vec::len) + 1)
        } else {
            label.trim().to_owned()
        };
        let version = SealedVersion::assemble(
            model,
            finished.run.report.clone(),
            &finished.ingested.frame,
            &label,
            js_sys::Date::now(),
        );
        self.add(version);
        true
    }

    /// Marks `id` in service.
    pub fn set_in_service(&self, id: &str) {
        self.in_service.set(Some(id.to_owned()));
        self.persist(idb::META, IN_SERVICE_KEY.to_owned(), Some(id.to_owned()));
    }

    /// Deletes the version `id` (or a skipped entry with that key) from the registry.
    pub fn delete(&self, id: &str) {
        self.versions.update(|vs| vs.retain(|v| v.id != id));
        self.skipped.update(|s| s.retain(|e| e.key != id));
        if self.in_service.get_untracked().as_deref() == Some(id) {
            self.in_service.set(None);
            self.persist(idb::META, IN_SERVICE_KEY.to_owned(), None);
        }
        self.persist(idb::VERSIONS, id.to_owned(), None);
    }

    /// Imports a version from its JSON text; false if it is not one.
    pub fn import(&self, text: &str) -> bool {
        match SealedVersion::read_json(text) {
            Ok(v) => {
                self.add(v);
                true
            }
            Err(_) => false,
        }
    }

    fn persist(&self, store: &'static str, key: String, text: Option<String>) {
        let ops = *self;
        leptos::task::spawn_local(async move {
            let done = match text {
                Some(text) => idb::put(store, &key, &text).await,
                None => idb::delete(store, &key).await,
            };
            if done.is_err() {
                ops.storage_failed.set(true);
            }
        });
    }

    fn with_worker<R>(&self, f: impl FnOnce(&EngineWorker<OpsEvent>) -> R) -> R {
        let worker = self.worker.with_value(Clone::clone).unwrap_or_else(|| {
            let ops = *self;
            let worker = EngineWorker::new(move |event| ops.on_event(event));
            self.worker.set_value(Some(worker.clone()));
            worker
        });
        f(&worker)
    }

    /// Whether a task is running (tracked).
    pub fn busy(&self) -> bool {
        self.task.with(|t| matches!(t, TaskState::Running { .. }))
    }

    fn start(&self, studio: Studio, kind: TaskKind, job: OpsJob) {
        let LoadState::Ready { bytes, .. } = studio.load.get_untracked() else { return };
        self.stop();
        self.task_id.update_value(|n| *n += 1);
        self.task_kind.set_value(Some(kind));
        let request = OpsRequest {
            id: self.task_id.get_value(),
            ingest: studio.options.get_untracked(),
            job,
        };
        self.task.set(TaskState::Running { kind, done: 0, total: 0 });
        // The screen shows the new task's progress, not the previous answer.
        match kind {
            TaskKind::Compare => self.compared.set(None),
            TaskKind::Retrain => self.retrained.set(None),
            TaskKind::Monitor => self.monitored.set(None),
            TaskKind::LoadTest => self.load_result.set(None),
        }
        let newer = self.newer.get_untracked();
        let sent = self.with_worker(|w| {
            w.run_ops(&request, &bytes, newer.as_ref().map(|(_, b)| b.as_slice()))
        });
        if sent.is_err() {
            self.task.set(TaskState::Failed {
                kind,
                failure: OpsFailure::Crashed,
                detail: String::new(),
            });
        }
    }

    /// Stops the running task at once.
    pub fn stop(&self) {
        if self.busy_untracked() {
            self.task_id.update_value(|n| *n += 1);
            self.worker.with_value(|w| {
                if let Some(w) = w {
                    w.cancel();
                }
            });
            self.task.set(TaskState::Idle);
        }
    }

    fn busy_untracked(&self) -> bool {
        self.task.with_untracked(|t| matches!(t, TaskState::Running { .. }))
    }

    /// Applies an answer of the worker, unless it belongs to an older task.
    pub fn on_event(&self, event: OpsEvent) {
        let current = self.task_id.get_value();
        let Some(kind) = self.task_kind.get_value() else { return };
        match event {
            OpsEvent::Progress { id, done, total } if id == current => {
                if self.busy_untracked() {
                    self.task.set(TaskState::Running { kind, done, total });
                }
            }
            OpsEvent::Done { id, outcome } if id == current => {
                self.task.set(TaskState::Idle);
                match *outcome {
                    OpsOutcome::Compared(report) => self.compared.set(Some(Arc::new(report))),
                    OpsOutcome::Retrained(done) => {
                        self.decided.set(None);
                        self.retrained.set(Some(Arc::new(*done)));
                    }
                    OpsOutcome::Monitored(report) => self.monitored.set(Some(Arc::new(report))),
                    // Asked by the export card's own worker, never by these screens.
                    OpsOutcome::Forecasted(_) | OpsOutcome::Refused(_) => {}
                    OpsOutcome::LoadTested { report, memory_bytes } => {
                        self.load_result.set(Some(Arc::new(LoadResult { report, memory_bytes })))
                    }
                }
            }
            OpsEvent::Failed { id, kind: failure, detail }
                if id == current || (id == u64::MAX && self.busy_untracked()) =>
            {
                self.task.set(TaskState::Failed { kind, failure, detail });
            }
            OpsEvent::Progress { .. } | OpsEvent::Done { .. } | OpsEvent::Failed { .. } => {}
        }
    }

    /// Compares versions `a` (reference) and `b` (candidate) on the loaded data.
    pub fn compare(&self, studio: Studio, a: &str, b: &str, alpha: f64) {
        let (Some(a), Some(b)) = (self.version(a), self.version(b)) else { return };
        let windows = studio.settings.with_untracked(|s| s.windows);
        let job =
            OpsJob::Compare { reference: a.to_json(), candidate: b.to_json(), windows, alpha };
        self.start(studio, TaskKind::Compare, job);
    }

    /// Keeps the newer file `name` for retraining and monitoring.
    pub fn set_newer(&self, name: String, bytes: Vec<u8>) {
        self.newer.set(Some((name, Arc::new(bytes))));
        self.retrained.set(None);
        self.decided.set(None);
    }

    /// Appends the newer file, refits the version in service and gates the candidate.
    pub fn retrain(&self, studio: Studio, alpha: f64) {
        let Some(serving) = self.serving_untracked() else { return };
        if self.newer.with_untracked(Option::is_none) {
            return;
        }
        let windows = studio.settings.with_untracked(|s| s.windows);
        let label = format!("{} +", serving.label);
        let job = OpsJob::Retrain {
            in_service: serving.to_json(),
            label,
            created_ms: js_sys::Date::now(),
            windows,
            alpha,
        };
        self.start(studio, TaskKind::Retrain, job);
    }

    fn serving_untracked(&self) -> Option<Arc<SealedVersion>> {
        let id = self.in_service.get_untracked()?;
        self.version(&id)
    }

    /// Saves the candidate; in service if `promote`.
    pub fn decide(&self, promote: bool) {
        let Some(done) = self.retrained.get_untracked() else { return };
        let id = done.candidate.id.clone();
        let reference = self.serving_untracked().map_or_else(
            || (String::new(), done.ab.reference.clone()),
            |v| (v.label.clone(), v.id.clone()),
        );
        self.add(done.candidate.clone());
        if promote {
            self.set_in_service(&id);
        }
        self.decided.set(Some(promote));
        self.decisions.update(|log| {
            log.push(Decision {
                at_ms: js_sys::Date::now(),
                reference,
                candidate: (done.candidate.label.clone(), id),
                gate: done.ab.decision,
                promoted: promote,
            })
        });
        let text = prevision_engine::json::to_string(&self.decisions.get_untracked());
        self.persist(idb::META, DECISIONS_KEY.to_owned(), Some(text));
    }

    /// Checks drift of the newest rows against the version in service.
    pub fn monitor(&self, studio: Studio, recent: usize) {
        let Some(serving) = self.serving_untracked() else { return };
        let job = OpsJob::Monitor {
            version: serving.to_json(),
            recent,
            rules: self.rules.get_untracked(),
        };
        self.start(studio, TaskKind::Monitor, job);
    }

    /// Runs the load test with the panel's settings.
    pub fn load_test(&self, studio: Studio) {
        let s = self.load_settings.get_untracked();
        let target = match s.target {
            LoadChoice::InService => match self.serving_untracked() {
                Some(v) => LoadTarget::Version(v.to_json()),
                None => return,
            },
            LoadChoice::Forest => LoadTarget::Forest,
            LoadChoice::Linear => LoadTarget::Linear,
        };
        let job = OpsJob::LoadTest {
            target,
            events: s.events,
            batch_size: s.batch_size,
            source: s.source,
        };
        self.start(studio, TaskKind::LoadTest, job);
    }

    /// Replaces rule `index` (or appends when `index` is past the end).
    pub fn set_rule(&self, index: usize, rule: AlertRule) {
        self.rules.update(|rules| {
            if index < rules.len() {
                rules[index] = rule;
            } else {
                rules.push(rule);
            }
        });
    }

    /// Adds a default rule (PSI above 0.25 over one window, warning).
    pub fn add_rule(&self) {
        if let Ok(rule) = AlertRule::new(AlertMetric::Psi, 0.25, 1, Severity::Warning) {
            self.rules.update(|r| r.push(rule));
        }
    }
}

impl Default for Ops {
    fn default() -> Self {
        Self::new()
    }
}
