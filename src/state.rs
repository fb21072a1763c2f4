//! The app's shared state: the interface language and what is loaded, as reactive signals.
//!
//! One [`Studio`] is created at the top of the app and handed down with `provide_context`;
//! components read it and call its methods, and hold no state of their own beyond what is
//! purely visual (a drag hover). Loading is a small state machine ([`LoadState`]): every load
//! takes a ticket, and a result arriving for an older ticket (a slow file read overtaken by a
//! newer drop) is dropped, so the page always shows the last thing the user asked for.
//! The engine does all the reading and checking; this module only routes bytes to it.
//!
//! A successful load starts a forecast run at once with the current [`Settings`]: the run goes
//! to the engine's Web Workers ([`EngineWorker`]) and its state is [`RunState`]. Runs are
//! numbered like loads, so an answer for a run that was cancelled or overtaken is ignored.
//! With several cores, a run's models are shared between up to [`MAX_RUN_WORKERS`] workers,
//! then its finish (calibration backtests, explanation), which one of them assembles
//! ([`SplitRun`]); with one core, one worker does it all.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::forecast::Progress;
use prevision_engine::forecast::reuse::{ModelMismatch, ReusedForecast};
use prevision_engine::ingest::{IngestError, IngestOptions, Ingested};

use crate::i18n::{Lang, Msg};
use crate::protocol::{
    FinishedRun, Job, ReadOutcome, ReadRequest, RunFailure, RunRequest, SplitRun, WorkerEvent,
    put_numbers,
};
use crate::settings::Settings;
use crate::worker::EngineWorker;

/// Most engine workers one forecast run is shared between (each holds its own wasm instance).
pub const MAX_RUN_WORKERS: usize = 4;

/// Files above this size are refused before reading: the whole file is held in memory twice
/// (bytes and frame) inside the page, and again in the worker that reads it.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Where the data being shown came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A dataset embedded in the app.
    BuiltIn(BuiltinDataset),
    /// A file the user picked or dropped.
    File {
        /// The file's name as the browser reports it.
        name: String,
    },
}

impl Source {
    /// The name shown to the user.
    pub fn name(&self) -> String {
        match self {
            Source::BuiltIn(d) => d.file_name().to_owned(),
            Source::File { name } => name.clone(),
        }
    }

    /// The built-in dataset, if that is the source.
    pub fn dataset(&self) -> Option<BuiltinDataset> {
        match self {
            Source::BuiltIn(d) => Some(*d),
            Source::File { .. } => None,
        }
    }
}

/// Why loading failed.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The engine refused the file.
    Ingest(IngestError),
    /// The browser could not read the file (removed, locked, or permission withdrawn).
    Unreadable,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// Size of the file.
        size_bytes: u64,
        /// The largest accepted size.
        limit_bytes: u64,
    },
    /// Something was dropped, but it was not a file (a text selection, a link).
    NoFile,
    /// The engine's worker, which reads files, could not start or stopped before it answered
    /// (out of memory, most likely).
    EngineStopped,
}

/// What the page shows in its report area.
#[derive(Debug, Clone)]
pub enum LoadState {
    /// Nothing asked for yet.
    Empty,
    /// A file is being read and checked.
    Reading {
        /// What is being read.
        source: Source,
    },
    /// The engine accepted the data.
    Ready {
        /// What was read.
        source: Source,
        /// The frame and its quality report.
        ingested: Arc<Ingested>,
        /// The bytes it was read from (sent to the worker for each run).
        bytes: Arc<Vec<u8>>,
    },
    /// Loading failed; the previous data is no longer shown.
    Failed {
        /// What was being read.
        source: Source,
        /// Why it failed.
        error: LoadError,
    },
}

/// The screens of the studio, one shown at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    /// The quality report, column roles and exploration charts.
    Data,
    /// Horizon, models, features, backtest, intervals, holidays.
    Setup,
    /// Leaderboard, forecast, explanations and exports.
    Results,
    /// Model versions, A/B comparison, retraining, monitoring, load test, graduation.
    Production,
}

impl Tab {
    /// Every tab, in the order shown.
    pub const ALL: [Tab; 4] = [Tab::Data, Tab::Setup, Tab::Results, Tab::Production];

    /// A stable identifier for `data-testid`s.
    pub fn code(self) -> &'static str {
        match self {
            Tab::Data => "data",
            Tab::Setup => "setup",
            Tab::Results => "results",
            Tab::Production => "production",
        }
    }
}

/// A finished run and what it was run on.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The run's id.
    pub id: u64,
    /// The engine's answer.
    pub run: FinishedRun,
    /// The chosen model as JSON, once the worker has sent it (just after the report).
    pub model: ArcRwSignal<Option<ModelText>>,
    /// The data the run was made on (history for the charts).
    pub ingested: Arc<Ingested>,
    /// Where the data came from.
    pub source: Source,
    /// The settings of the run.
    pub settings: Settings,
    /// Milliseconds from the click to the answer, as the page measured it.
    pub elapsed_ms: f64,
    /// Milliseconds the worker spent reading the CSV.
    pub ingest_ms: f64,
    /// The name of a model file imported beside this run.
    pub import_name: ArcRwSignal<Option<String>>,
    /// That model's forecast of the loaded data, or why it gave none, once the worker answers.
    pub imported: ArcRwSignal<Option<Result<Vec<ReusedForecast>, ImportProblem>>>,
}

/// Why an imported model gave no forecast.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportProblem {
    /// The file is not a model the worker could read, or the worker failed.
    Unreadable,
    /// The model was fitted on other data.
    Refused(ModelMismatch),
}

/// A finished run's model as JSON text, kept as the browser's string it arrived as: megabytes
/// for a forest, copied into the page's memory only when it is downloaded or saved.
#[derive(Debug, Clone)]
pub struct ModelText(send_wrapper::SendWrapper<js_sys::JsString>);

impl ModelText {
    /// The model's text as it arrived from the worker.
    pub fn from_js(text: js_sys::JsString) -> Self {
        ModelText(send_wrapper::SendWrapper::new(text))
    }

    /// The text, copied out of the browser's string.
    pub fn text(&self) -> String {
        String::from(&*self.0)
    }
}

impl From<&str> for ModelText {
    fn from(text: &str) -> Self {
        ModelText::from_js(js_sys::JsString::from(text))
    }
}

/// Where a running forecast stands, as a worker last said and as a whole.
///
/// When several workers share a run, the bar shows the steps of every model summed
/// ([`SplitRun::progress`]), and the counter in words names the model each worker last
/// reported, in worker order, each with that model's own place in the run: "model 8 of 11
/// (Random forest)" is model 8, never the total of steps next to another model's name, and
/// the words do not jump back and forth between the workers' models.
#[derive(Debug, Clone, PartialEq)]
pub struct RunProgress {
    /// The step each worker last reported (its model, the model's index in the run, its
    /// window), by worker index; `None` for a worker not heard from yet.
    pub workers: Vec<Option<Progress>>,
    /// The whole run's progress, for the bar.
    pub overall: Progress,
}

impl RunProgress {
    /// The progress after worker `worker` reported `latest`, `before` being what was shown,
    /// with the whole run's progress `overall` when the run is shared between workers.
    pub fn reported(
        before: Option<RunProgress>,
        worker: usize,
        latest: Progress,
        overall: Option<Progress>,
    ) -> Self {
        let mut workers = before.map(|b| b.workers).unwrap_or_default();
        if workers.len() <= worker {
            workers.resize(worker + 1, None);
        }
        let overall = overall.unwrap_or_else(|| latest.clone());
        workers[worker] = Some(latest);
        RunProgress { workers, overall }
    }

    /// The share of the run done, from 0 to 1: each model's windows, then its final fit.
    pub fn fraction(&self) -> f64 {
        let p = &self.overall;
        let per_model = p.fold_count + 1;
        let done = p.model_index * per_model + p.fold.min(p.fold_count);
        let total = (p.model_count * per_model).max(1);
        done as f64 / total as f64
    }
}

/// Where the forecast run stands.
#[derive(Debug, Clone)]
pub enum RunState {
    /// No run yet (or the data changed).
    Idle,
    /// The worker is computing.
    Running {
        /// Where it is, once it has said.
        progress: Option<RunProgress>,
    },
    /// The last run finished.
    Done(Arc<Finished>),
    /// The last run failed.
    Failed(RunFailure),
    /// The visitor stopped the last run.
    Cancelled,
}

/// Proof that a load was started; finishing with a stale ticket does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadTicket(u64);

/// The app state shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct Studio {
    /// The interface language.
    pub lang: RwSignal<Lang>,
    /// What is loaded.
    pub load: RwSignal<LoadState>,
    /// The ticket of the latest load.
    latest: StoredValue<u64>,
    /// The bytes of the load whose file a worker is reading, with its ticket.
    reading: StoredValue<Option<(u64, Arc<Vec<u8>>)>>,
    /// How files are read: the column roles the visitor chose.
    pub options: RwSignal<IngestOptions>,
    /// The forecast settings.
    pub settings: RwSignal<Settings>,
    /// The forecast run.
    pub run: RwSignal<RunState>,
    /// The screen shown.
    pub tab: RwSignal<Tab>,
    /// Id of the latest run.
    run_id: StoredValue<u64>,
    /// When the latest run was asked for (page clock, ms).
    run_started_ms: StoredValue<f64>,
    /// The engine's workers, started as runs need them (browser objects: they stay on this
    /// thread). The first one runs or finishes every run.
    workers: StoredValue<Vec<EngineWorker<WorkerEvent>>, LocalStorage>,
    /// The latest run's book-keeping when it is shared between workers.
    split: StoredValue<Option<SplitRun>, LocalStorage>,
    /// What the latest run was asked on: its data's source, how it was read, its settings.
    run_key: StoredValue<Option<(Source, IngestOptions, Settings)>>,
    /// The latest run's [`RunRequest::alive`] URL, revoked when the run is stopped or
    /// overtaken.
    alive: StoredValue<Option<String>>,
}

impl Studio {
    /// A studio speaking `lang` with nothing loaded.
    pub fn new(lang: Lang) -> Self {
        Studio {
            lang: RwSignal::new(lang),
            load: RwSignal::new(LoadState::Empty),
            latest: StoredValue::new(0),
            reading: StoredValue::new(None),
            options: RwSignal::new(IngestOptions::default()),
            settings: RwSignal::new(Settings::default()),
            run: RwSignal::new(RunState::Idle),
            tab: RwSignal::new(Tab::Results),
            run_id: StoredValue::new(0),
            run_started_ms: StoredValue::new(0.0),
            workers: StoredValue::new_local(Vec::new()),
            split: StoredValue::new_local(None),
            run_key: StoredValue::new(None),
            alive: StoredValue::new(None),
        }
    }

    /// The UI text of `key` in the current language (tracked).
    pub fn ui(&self, key: crate::i18n::Ui) -> &'static str {
        self.lang.get().ui(key)
    }

    /// The text of `msg` in the current language (tracked: the caller re-renders on a switch).
    pub fn t(&self, msg: Msg<'_>) -> String {
        self.lang.get().text(&msg)
    }

    /// Switches the interface language and remembers the choice for the next visit.
    pub fn choose_lang(&self, lang: Lang) {
        self.lang.set(lang);
        crate::browser::remember_lang(lang);
    }

    /// The source being read or shown, if any (tracked).
    pub fn current_source(&self) -> Option<Source> {
        self.load.with(|state| match state {
            LoadState::Empty => None,
            LoadState::Reading { source }
            | LoadState::Ready { source, .. }
            | LoadState::Failed { source, .. } => Some(source.clone()),
        })
    }

    /// The latest load's ticket number: what the worker reading its file answers with.
    pub fn load_ticket(&self) -> u64 {
        self.latest.get_value()
    }

    /// Marks `source` as being read and returns the ticket its result must present.
    pub fn begin(&self, source: Source) -> LoadTicket {
        let ticket = self.next_ticket();
        self.load.set(LoadState::Reading { source });
        ticket
    }

    /// A new load's ticket; what is shown stays until its result arrives.
    fn next_ticket(&self) -> LoadTicket {
        self.latest.update_value(|n| *n += 1);
        LoadTicket(self.latest.get_value())
    }

    /// Hands the bytes read for `ticket` to the engine, which reads them in a worker (the
    /// page stays responsive meanwhile); [`Studio::on_read`] shows the outcome. Nothing
    /// happens if a newer load started meanwhile.
    pub fn finish(&self, ticket: LoadTicket, read: Result<Vec<u8>, LoadError>) {
        if ticket.0 != self.latest.get_value() {
            return;
        }
        self.cancel_quietly();
        // A worker still reading an older file would keep the new one waiting.
        if self.reading.try_update_value(Option::take).flatten().is_some() {
            self.workers.with_value(|ws| ws.first().map(EngineWorker::restart));
        }
        let bytes = match read {
            Ok(bytes) => Arc::new(bytes),
            Err(error) => return self.loaded(ticket, Err(error)),
        };
        let request = ReadRequest { id: ticket.0, ingest: self.options.get_untracked() };
        self.run.set(RunState::Idle);
        self.reading.set_value(Some((ticket.0, bytes.clone())));
        if self.with_worker(0, |w| w.read(&request, &bytes)).is_err() {
            self.reading.set_value(None);
            self.loaded(ticket, Err(LoadError::EngineStopped));
        }
    }

    /// Applies a worker's answer to the read of load `id`, unless a newer load started.
    fn on_read(&self, id: u64, outcome: ReadOutcome) {
        let taken = self.reading.try_update_value(|r| r.take_if(|(ticket, _)| *ticket == id));
        let Some((_, bytes)) = taken.flatten() else { return };
        let ingested = match outcome {
            ReadOutcome::Read { mut ingested, layout, numbers, .. } => {
                put_numbers(&mut ingested, &layout, &numbers)
                    .map(|()| *ingested)
                    .ok_or(LoadError::EngineStopped)
            }
            ReadOutcome::Refused { error } => Err(LoadError::Ingest(error)),
        };
        self.loaded(LoadTicket(id), ingested.map(|i| (i, bytes)));
    }

    /// Shows the outcome of load `ticket` (data read from its bytes, or why not) and starts a
    /// run on the data, unless a newer load started meanwhile. Tests call it with data they
    /// read themselves, as a worker would have.
    pub fn loaded(&self, ticket: LoadTicket, outcome: Result<(Ingested, Arc<Vec<u8>>), LoadError>) {
        if ticket.0 != self.latest.get_value() {
            return;
        }
        // The data being read again with other column roles stays shown meanwhile.
        let source = match self.load.get_untracked() {
            LoadState::Reading { source }
            | LoadState::Ready { source, .. }
            | LoadState::Failed { source, .. } => source,
            LoadState::Empty => return,
        };
        self.cancel_quietly();
        let next = match outcome {
            Ok((ingested, bytes)) => {
                LoadState::Ready { source, ingested: Arc::new(ingested), bytes }
            }
            Err(error) => LoadState::Failed { source, error },
        };
        let ready = matches!(next, LoadState::Ready { .. });
        self.load.set(next);
        self.run.set(RunState::Idle);
        if ready {
            self.start_run();
        }
    }

    /// Reads the current data again with new column roles (and runs again). The data stays
    /// shown while a worker reads it (the screen, and the menu just used, are not rebuilt).
    pub fn set_options(&self, options: IngestOptions) {
        self.options.set(options);
        let LoadState::Ready { bytes, .. } = self.load.get_untracked() else {
            return;
        };
        let ticket = self.next_ticket();
        self.finish(ticket, Ok(bytes.as_ref().clone()));
    }

    /// `f` of the loaded data's frame, if data is loaded (tracked).
    pub fn loaded_frame_with<T>(
        &self,
        f: impl FnOnce(&prevision_engine::frame::Frame) -> T,
    ) -> Option<T> {
        self.load.with(|state| match state {
            LoadState::Ready { ingested, .. } => Some(f(&ingested.frame)),
            _ => None,
        })
    }

    /// Starts a forecast run on the loaded data with the current settings.
    pub fn start_run(&self) {
        let LoadState::Ready { ingested, bytes, .. } = self.load.get_untracked() else {
            return;
        };
        self.cancel_quietly();
        self.run_id.update_value(|n| *n += 1);
        let id = self.run_id.get_value();
        let settings = self.settings.get_untracked();
        crate::browser::remember_settings(&settings);
        let spec = settings.to_spec(&ingested.frame);
        let ingest = self.options.get_untracked();
        let source = self.current_source();
        self.run_key.set_value(source.map(|s| (s, ingest.clone(), settings.clone())));
        // Share the models out when there are cores for it; the engine balances the groups.
        let workers = crate::browser::cores().min(MAX_RUN_WORKERS);
        let groups = match workers {
            1 => Vec::new(),
            n => {
                prevision_engine::forecast::partition(&ingested.frame, &spec, n).unwrap_or_default()
            }
        };
        self.run_started_ms.set_value(js_sys::Date::now());
        self.run.set(RunState::Running { progress: None });
        self.end_alive();
        let alive = crate::worker::alive_url();
        self.alive.set_value(alive.clone());
        let request = RunRequest { id, ingest, spec, job: Job::Whole, alive };
        let sent = if groups.len() > 1 {
            let (split, jobs) = SplitRun::new(request, groups);
            self.split.set_value(Some(split));
            jobs.iter()
                .enumerate()
                .try_for_each(|(k, job)| self.with_worker(k, |w| w.run(job, &bytes)))
        } else {
            self.split.set_value(None);
            self.with_worker(0, |w| w.run(&request, &bytes))
        };
        if sent.is_err() {
            self.stop_workers();
            self.run.set(RunState::Failed(RunFailure::Crashed));
        }
    }

    /// Stops the running forecast at once.
    pub fn cancel_run(&self) {
        if matches!(self.run.get_untracked(), RunState::Running { .. }) {
            self.cancel_quietly();
            self.run.set(RunState::Cancelled);
        }
    }

    fn cancel_quietly(&self) {
        if matches!(self.run.get_untracked(), RunState::Running { .. }) {
            self.run_id.update_value(|n| *n += 1);
            self.stop_workers();
        }
    }

    /// Terminates every worker (the engine runs synchronously in them) and starts fresh ones,
    /// which load while the visitor changes a setting.
    fn stop_workers(&self) {
        self.end_alive();
        self.split.set_value(None);
        self.workers.with_value(|ws| ws.iter().for_each(EngineWorker::restart));
    }

    /// Revokes the latest run's [`RunRequest::alive`] URL: its workers, which the page
    /// terminates too, stop computing at their next check instead of at the end of their
    /// message.
    fn end_alive(&self) {
        if let Some(url) = self.alive.try_update_value(Option::take).flatten() {
            crate::worker::revoke(&url);
        }
    }

    fn with_worker<R>(&self, k: usize, f: impl FnOnce(&EngineWorker<WorkerEvent>) -> R) -> R {
        while self.workers.with_value(Vec::len) <= k {
            let studio = *self;
            let worker = EngineWorker::with_attachments(move |event, text| match (event, text) {
                (WorkerEvent::Model { id, .. }, Some(text)) => {
                    studio.on_model(id, ModelText::from_js(text));
                }
                (event, _) => studio.on_event_from(k, event),
            });
            self.workers.update_value(|ws| ws.push(worker));
        }
        let worker = self.workers.with_value(|ws| ws[k].clone());
        f(&worker)
    }

    /// Sends each `(k, job)` to worker `k`; a worker that cannot take its job fails the run.
    fn send_jobs(&self, jobs: &[(usize, RunRequest)]) {
        let LoadState::Ready { bytes, .. } = self.load.get_untracked() else {
            return;
        };
        let sent =
            jobs.iter().try_for_each(|(k, job)| self.with_worker(*k, |w| w.run(job, &bytes)));
        if sent.is_err() {
            self.stop_workers();
            self.run.set(RunState::Failed(RunFailure::Crashed));
        }
    }

    /// Applies an answer from a worker, unless it belongs to an older run.
    pub fn on_worker_event(&self, event: WorkerEvent) {
        self.on_event_from(0, event);
    }

    /// Applies an answer from worker `worker` (its index in the run), unless it belongs to an
    /// older run.
    pub fn on_event_from(&self, worker: usize, event: WorkerEvent) {
        let current = self.run_id.get_value();
        match event {
            WorkerEvent::Ready => {}
            WorkerEvent::Read { id, outcome } => self.on_read(id, outcome),
            WorkerEvent::Progress { id, progress } if id == current => {
                if let RunState::Running { progress: before } = self.run.get_untracked() {
                    let overall = self
                        .split
                        .try_update_value(|s| s.as_mut().map(|s| s.progress(&progress)))
                        .flatten();
                    let progress = RunProgress::reported(before, worker, progress, overall);
                    self.run.set(RunState::Running { progress: Some(progress) });
                }
            }
            // Every worker's evaluations are in: each computes its share of the finish...
            WorkerEvent::Evaluated { id, evaluations } if id == current => {
                let jobs = self
                    .split
                    .try_update_value(|s| s.as_mut().filter(|s| s.id() == id)?.arrived(evaluations))
                    .flatten();
                if let Some(jobs) = jobs {
                    self.send_jobs(&jobs.into_iter().enumerate().collect::<Vec<_>>());
                }
            }
            // ... and once every share is in, one of them assembles the report.
            WorkerEvent::Parts { id, parts, assembler, ms } if id == current => {
                let job = self
                    .split
                    .try_update_value(|s| {
                        s.as_mut().filter(|s| s.id() == id)?.parts_arrived(parts, assembler, ms)
                    })
                    .flatten();
                if let Some(job) = job {
                    self.split.set_value(None);
                    self.send_jobs(&[job]);
                }
            }
            WorkerEvent::Done { id, run, ingest_ms }
                if id == current
                    && matches!(self.run.get_untracked(), RunState::Running { .. }) =>
            {
                let LoadState::Ready { ingested, source, .. } = self.load.get_untracked() else {
                    return;
                };
                let elapsed_ms = js_sys::Date::now() - self.run_started_ms.get_value();
                let horizon = self.settings.with_untracked(|s| s.horizon_for(&ingested.frame));
                self.run.set(RunState::Done(Arc::new(Finished {
                    id,
                    run: *run,
                    model: ArcRwSignal::new(None),
                    ingested,
                    source,
                    // The horizon run, chosen or the data's own: the share link names it.
                    settings: Settings { horizon: Some(horizon), ..self.settings.get_untracked() },
                    elapsed_ms,
                    ingest_ms,
                    import_name: ArcRwSignal::new(None),
                    imported: ArcRwSignal::new(None),
                })));
                crate::worker::top_up_soon();
            }
            WorkerEvent::Model { id, text } => self.on_model(id, ModelText::from(text.as_str())),
            WorkerEvent::Failed { id, failure } if id == current || id == u64::MAX => {
                // A worker that died while reading a file (out of memory) answers no more.
                if let Some(ticket) = self.reading.try_update_value(Option::take).flatten() {
                    self.loaded(LoadTicket(ticket.0), Err(LoadError::EngineStopped));
                }
                if matches!(self.run.get_untracked(), RunState::Running { .. }) {
                    // The other workers of a shared run would only fail the same way.
                    self.stop_workers();
                    self.run.set(RunState::Failed(failure));
                    crate::worker::top_up_soon();
                }
            }
            WorkerEvent::Progress { .. }
            | WorkerEvent::Evaluated { .. }
            | WorkerEvent::Parts { .. }
            | WorkerEvent::Done { .. }
            | WorkerEvent::Failed { .. } => {}
        }
    }

    /// Keeps the model of finished run `id`, unless the run shown is another or already has
    /// one.
    pub fn on_model(&self, id: u64, model: ModelText) {
        if let RunState::Done(finished) = self.run.get_untracked()
            && finished.id == id
            && finished.model.with_untracked(Option::is_none)
        {
            finished.model.set(Some(model));
        }
    }

    /// Loads bytes already in memory (a built-in dataset, a test fixture).
    pub fn load_bytes(&self, source: Source, bytes: &[u8]) {
        let ticket = self.begin(source);
        self.finish(ticket, Ok(bytes.to_vec()));
    }

    /// Loads a built-in dataset, with its country's holidays, and shows the results. A click
    /// on the dataset whose run is shown or computing, with the same settings, keeps that run
    /// (it would compute the same numbers again) and only shows it.
    pub fn load_dataset(&self, dataset: BuiltinDataset) {
        let holidays = Settings::for_dataset(dataset).holidays;
        if self.settings.with_untracked(|s| s.holidays != holidays) {
            self.settings.update(|s| s.holidays = holidays);
        }
        if self.runs(dataset) {
            self.tab.set(Tab::Results);
            return;
        }
        self.load_dataset_as_is(dataset);
    }

    /// Whether the run shown or computing is the built-in `dataset`'s, read as it comes and
    /// with the current settings.
    fn runs(&self, dataset: BuiltinDataset) -> bool {
        let source = Source::BuiltIn(dataset);
        let loaded = self.current_source().as_ref() == Some(&source)
            && matches!(self.load.get_untracked(), LoadState::Ready { .. });
        let current =
            self.run.with_untracked(|r| matches!(r, RunState::Running { .. } | RunState::Done(_)));
        let same = self.run_key.with_value(|key| {
            key.as_ref().is_some_and(|(s, options, settings)| {
                *s == source
                    && *options == IngestOptions::default()
                    && self.settings.with_untracked(|now| now == settings)
            })
        });
        loaded && current && same
    }

    /// Loads a built-in dataset with the settings as they are (a shared link's).
    pub fn load_dataset_as_is(&self, dataset: BuiltinDataset) {
        self.options.set(IngestOptions::default());
        self.tab.set(Tab::Results);
        self.load_bytes(Source::BuiltIn(dataset), &dataset.csv());
    }

    /// Reads a file the user picked or dropped, then loads it.
    pub fn load_file(&self, file: web_sys::File) {
        let source = Source::File { name: file.name() };
        self.options.set(IngestOptions::default());
        self.tab.set(Tab::Results);
        let ticket = self.begin(source);
        // `size()` is a float in the File API; any real file fits in u64.
        let size_bytes = file.size().max(0.0) as u64;
        if size_bytes > MAX_FILE_BYTES {
            self.finish(
                ticket,
                Err(LoadError::TooLarge { size_bytes, limit_bytes: MAX_FILE_BYTES }),
            );
            return;
        }
        let studio = *self;
        leptos::task::spawn_local(async move {
            let read = read_file(&file).await;
            studio.finish(ticket, read);
        });
    }

    /// Shows that a drop held no file.
    pub fn fail_no_file(&self) {
        let ticket = self.begin(Source::File { name: String::new() });
        self.finish(ticket, Err(LoadError::NoFile));
    }
}

/// The whole content of a browser file.
async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, LoadError> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| LoadError::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
