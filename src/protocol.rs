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
//! **Reading a file.** The page never reads a CSV itself: a large one would freeze it for
//! seconds. It sends the bytes to its first worker with a [`ReadRequest`]; the worker reads
//! them ([`read`]) and answers [`WorkerEvent::Read`] with the frame and its quality report as
//! JSON, every number taken out ([`take_numbers`]) and sent beside the JSON as one
//! `Float64Array` whose memory is handed over, which the page puts back ([`put_numbers`]): a
//! copy, not seconds of JSON decoding. The worker keeps what it read for the run that follows.
//!
//! Every message of a run sends the file again (a fresh worker may take any of them), and a
//! worker reads it once: [`KeptFits`] keeps the last file it read with its options. Reading
//! once saves more than its milliseconds on a first visit: a reading function that runs at
//! every message gets optimised by the browser, at 0.1–0.4 s of a core each.
//!
//! Cancelling does not use a message: the engine runs synchronously inside the worker, so no
//! message could reach it. The page terminates the worker and starts a fresh one; but a
//! browser only ends a terminated worker once its current message returns (Chromium forces it
//! after seconds), so the old run would go on competing with the next one for the cores (in a
//! trace, 0.43–0.45 s of both cores after a click on another dataset). So a run also carries
//! [`RunRequest::alive`], a `blob:` URL the page revokes when it no longer wants the run; the
//! worker reads it synchronously between folds, at most every [`ALIVE_CHECK_MS`], and stops
//! the run (with [`Control::Cancel`]) once the read fails.
//!
//! **A run shared between workers.** On a machine with several cores the page splits a run's
//! models into groups ([`prevision_engine::forecast::partition`]), sends each group to its own
//! worker as [`Job::Evaluate`], gathers the [`WorkerEvent::Evaluated`] answers in a [`SplitRun`]
//! (which also merges their progress into one bar), then shares out the finish: every worker
//! gets [`Job::Finish`] with its [`Share`], plans the finish from the evaluations, and computes
//! its part of it ([`prevision_engine::forecast::share`]: a calibration backtest, the
//! explanation), answered with [`WorkerEvent::Parts`]. Every worker names the same assembler
//! (the one holding the chosen model's final fits, [`KeptFits`]), which the page then sends
//! [`Job::Assemble`] with every part. The report is the one a single worker would have written
//! (tests check it).
//!
//! **The model follows the report.** A finished run's fitted model (megabytes of JSON for a
//! forest) is written only once [`WorkerEvent::Done`] is posted, and travels as
//! [`WorkerEvent::Model`] with its text beside the event's JSON, not inside it: the page shows
//! the results meanwhile, and keeps the text without parsing it.

use std::collections::BTreeMap;

use prevision_engine::forecast::report::ForecastReport;
use prevision_engine::forecast::{
    Control, Evaluation, FinishPart, FinishTask, ForecastError, ForecastRun, Progress, SavedModel,
    Timings,
};
use prevision_engine::frame::Frame;
use prevision_engine::ingest::{IngestError, IngestOptions, Ingested};
use prevision_engine::json::Raw;
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
    /// Which part of the run this worker does.
    #[serde(default)]
    pub job: Job,
    /// A `blob:` URL that stays readable while the page still wants this run: the page
    /// revokes it when the run is overtaken or cancelled, and the worker, which checks it
    /// between folds, stops there (see the module's notes on cancelling).
    #[serde(default)]
    pub alive: Option<String>,
}

/// A worker's part of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// The whole run, answered with [`WorkerEvent::Done`].
    #[default]
    Whole,
    /// Backtest and fit these models (indices into the resolved model list), answered with
    /// [`WorkerEvent::Evaluated`].
    Evaluate {
        /// The models.
        models: Vec<usize>,
    },
    /// Finish the run from every model's evaluation, answered with [`WorkerEvent::Done`]; or,
    /// with a `share`, compute this worker's share of the finish, answered with
    /// [`WorkerEvent::Parts`].
    Finish {
        /// Every worker's evaluations, as the JSON it sent ([`WorkerEvent::Evaluated`]): one
        /// evaluation per model of the run in all.
        evaluations: Vec<Raw>,
        /// Which worker this is among those that evaluated the run.
        #[serde(default)]
        share: Option<Share>,
    },
    /// Finish the run with the parts every worker computed, answered with
    /// [`WorkerEvent::Done`].
    Assemble {
        /// Every worker's evaluations, as for [`Job::Finish`].
        evaluations: Vec<Raw>,
        /// Every worker's [`WorkerEvent::Parts`], as the JSON it sent.
        parts: Vec<Raw>,
        /// Milliseconds the workers spent on their parts: calibration, then explanation.
        parts_ms: (f64, f64),
    },
}

/// A worker's place in a finish shared between workers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    /// This worker's index.
    pub worker: usize,
    /// Every worker's models (indices into the resolved model list), by worker index: the
    /// final fits each holds.
    pub groups: Vec<Vec<usize>>,
}

/// What the page asks a worker to read: the CSV bytes sent alongside, with these options,
/// answered with [`WorkerEvent::Read`]. The page never reads a file itself (a large one would
/// freeze it for seconds); the worker keeps what it read for the run that follows (see
/// [`KeptFits`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadRequest {
    /// The page's ticket for this load.
    pub id: u64,
    /// How to read the bytes.
    pub ingest: IngestOptions,
}

/// What the worker tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerEvent {
    /// The worker has loaded its wasm and listens.
    Ready,
    /// Load `id`'s file is read, or refused ([`ReadRequest`]).
    Read {
        /// The load.
        id: u64,
        /// The data and its report, or why the file was refused.
        outcome: ReadOutcome,
    },
    /// Run `id` moved on.
    Progress {
        /// The run.
        id: u64,
        /// Model k of n, fold j of m.
        progress: Progress,
    },
    /// Run `id`'s models of a [`Job::Evaluate`] are evaluated.
    Evaluated {
        /// The run.
        id: u64,
        /// One per model of the job: a JSON array of [`Evaluation`]s, which the page passes on
        /// to [`Job::Finish`] without reading it.
        evaluations: Raw,
    },
    /// Run `id`'s share of a finish is computed ([`Job::Finish`] with a share).
    Parts {
        /// The run.
        id: u64,
        /// A JSON array of [`FinishPart`]s, which the page passes on to [`Job::Assemble`]
        /// without reading it.
        parts: Raw,
        /// The worker that should assemble the run (every worker names the same).
        assembler: usize,
        /// Milliseconds spent on the parts: calibration, then explanation.
        ms: (f64, f64),
    },
    /// Run `id` finished.
    Done {
        /// The run.
        id: u64,
        /// The report and the engine's timings.
        run: Box<FinishedRun>,
        /// Milliseconds spent reading the CSV inside the worker.
        ingest_ms: f64,
    },
    /// Run `id`'s chosen model, posted right after [`WorkerEvent::Done`] (see [`Reply`]).
    Model {
        /// The run.
        id: u64,
        /// The model ([`prevision_engine::forecast::SavedModel`]) as JSON. Never inside the
        /// event's JSON: it travels beside it, as text of its own, so the page keeps it without
        /// reading or copying it (a forest's is megabytes) until it is downloaded or saved.
        #[serde(skip)]
        text: String,
    },
    /// Run `id` failed.
    Failed {
        /// The run.
        id: u64,
        /// Why.
        failure: RunFailure,
    },
}

/// What reading a file gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadOutcome {
    /// The engine accepted the file.
    Read {
        /// The frame and its quality report with every number taken out ([`take_numbers`]).
        ingested: Box<Ingested>,
        /// Where the numbers go back ([`put_numbers`]).
        layout: Vec<usize>,
        /// The numbers. Never inside the event's JSON: they travel beside it as one
        /// `Float64Array` whose memory is handed over, not copied, so a large file's values
        /// cost the page a copy into its memory instead of seconds of JSON decoding.
        #[serde(skip)]
        numbers: Vec<f64>,
        /// Milliseconds the worker spent reading.
        ms: f64,
    },
    /// The engine refused the file.
    Refused {
        /// Why.
        error: IngestError,
    },
}

/// Takes every number out of `ingested`, series by series: its timestamps (seconds since
/// 1970, then their nanoseconds if any timestamp has some), its target, then each exogenous
/// column. Returns where they go back (the layout [`put_numbers`] reads: per series, the
/// timestamps' count, 1 if their nanoseconds follow, the target's length, the count of
/// exogenous columns and each one's length) and the numbers. Every number is exact in an
/// `f64`: seconds up to 2⁵³ (285 million years), nanoseconds below 10⁹.
pub fn take_numbers(ingested: &mut Ingested) -> (Vec<usize>, Vec<f64>) {
    let mut layout = Vec::new();
    let mut numbers = Vec::new();
    for series in &mut ingested.frame.series {
        let timestamps = std::mem::take(&mut series.timestamps);
        let utc = || timestamps.iter().map(|t| t.and_utc());
        let nanos = utc().any(|t| t.timestamp_subsec_nanos() != 0);
        layout.extend([timestamps.len(), usize::from(nanos)]);
        // Seconds since 1970 fit an f64 exactly for any date chrono holds (±262,000 years).
        numbers.extend(utc().map(|t| t.timestamp() as f64));
        if nanos {
            numbers.extend(utc().map(|t| f64::from(t.timestamp_subsec_nanos())));
        }
        let target = std::mem::take(&mut series.target);
        layout.push(target.len());
        numbers.extend(target);
        let exog = std::mem::take(&mut series.exog);
        layout.push(exog.len());
        for column in exog {
            layout.push(column.len());
            numbers.extend(column);
        }
    }
    (layout, numbers)
}

/// Puts back numbers [`take_numbers`] took out of `ingested`; `None` when they do not fit
/// its layout (a garbled message), in which case `ingested` is left part-filled.
pub fn put_numbers(ingested: &mut Ingested, layout: &[usize], numbers: &[f64]) -> Option<()> {
    let mut layout = layout.iter().copied();
    let mut rest = numbers;
    let mut take = |n: usize| -> Option<&[f64]> {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    for series in &mut ingested.frame.series {
        let count = layout.next()?;
        let nanos = layout.next()? == 1;
        let seconds = take(count)?;
        let subsec = if nanos { take(count)? } else { &[] };
        series.timestamps = seconds
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let n = subsec.get(i).copied().unwrap_or(0.0);
                let whole = s.fract() == 0.0 && n.fract() == 0.0 && (0.0..1e9).contains(&n);
                // In range and whole (checked above): the casts are exact.
                let at = chrono::DateTime::from_timestamp(s as i64, n as u32);
                at.filter(|_| whole).map(|t| t.naive_utc())
            })
            .collect::<Option<Vec<_>>>()?;
        series.target = take(layout.next()?)?.to_vec();
        let columns = layout.next()?;
        series.exog = (0..columns)
            .map(|_| Some(take(layout.next()?)?.to_vec()))
            .collect::<Option<Vec<_>>>()?;
    }
    (layout.next().is_none() && rest.is_empty()).then_some(())
}

/// Reads the file of a [`ReadRequest`] and keeps it for the run that follows: the worker's
/// answer to it. Free of any browser type, so it is tested natively.
pub fn read(
    request: &ReadRequest,
    bytes: &[u8],
    now_ms: &dyn Fn() -> f64,
    kept: &mut KeptFits,
) -> WorkerEvent {
    let id = request.id;
    let started = now_ms();
    let outcome = match prevision_engine::ingest::ingest(bytes, &request.ingest) {
        Ok(ingested) => {
            let ms = now_ms() - started;
            let mut sent = ingested.clone();
            let (layout, numbers) = take_numbers(&mut sent);
            if bytes.len() <= MAX_KEPT_BYTES {
                let options = request.ingest.clone();
                kept.read = Some(Read { bytes: bytes.to_vec(), options, ingested, ms });
            }
            ReadOutcome::Read { ingested: Box::new(sent), layout, numbers, ms }
        }
        Err(error) => ReadOutcome::Refused { error },
    };
    WorkerEvent::Read { id, outcome }
}

/// A finished run as the page gets it: the engine's [`ForecastRun`] without the fitted model,
/// which follows in [`WorkerEvent::Model`]. The page shows the report at once; the model is only
/// needed as a download or when the run is saved as a version, so the worker encodes it after
/// the report is on its way, and the page's thread never decodes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinishedRun {
    /// What was found.
    pub report: ForecastReport,
    /// Time spent.
    pub timings: Timings,
}

/// What a worker answers one request with: the event, then, for a finished run, its model
/// ([`Reply::model_event`], encoded only once the event is posted).
#[derive(Debug)]
pub struct Reply {
    /// The answer.
    pub event: WorkerEvent,
    /// The finished run's chosen model, still to be sent.
    pub model: Option<SavedModel>,
}

impl From<WorkerEvent> for Reply {
    fn from(event: WorkerEvent) -> Self {
        Reply { event, model: None }
    }
}

impl Reply {
    /// The [`WorkerEvent::Model`] that follows the answer, if the run finished.
    pub fn model_event(&self) -> Option<WorkerEvent> {
        let model = self.model.as_ref()?;
        let WorkerEvent::Done { id, .. } = self.event else { return None };
        Some(WorkerEvent::Model { id, text: prevision_engine::json::to_string(model) })
    }
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
        /// The same, typed, for a translated sentence.
        #[serde(default)]
        kind: prevision_engine::forecast::report::FailureKind,
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
            ForecastError::NoModelSucceeded { first_reason, kind } => {
                RunFailure::NoModelSucceeded { reason: first_reason, kind }
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

/// How often, at most, a worker checks that the page still wants its run
/// ([`RunRequest::alive`]), the first time that long after its message arrived. A check is a
/// synchronous request through the browser: 3 ms in the median in a worker (p90 7 ms, up to
/// 36 ms; 200 checks, headless Chromium on this 2-core machine). Every 15 ms, that slowed a
/// first click on a demo by about a tenth (784 → 869 ms, medians of 8 interleaved pairs).
/// Every quarter of a second it costs about 1 %, and a run the visitor overtook stops within
/// that and a fold instead of at the end of its job (seconds, or minutes on a big file).
pub const ALIVE_CHECK_MS: f64 = 250.0;

/// Runs one request to the end: the worker's whole job, free of any browser type so it is
/// tested natively. `progress` hears every fold and may stop the run; `now_ms` is the
/// worker's clock.
pub fn execute(
    request: RunRequest,
    bytes: &[u8],
    progress: &mut dyn FnMut(&Progress) -> Control,
    now_ms: &dyn Fn() -> f64,
    kept: &mut KeptFits,
) -> Reply {
    let id = request.id;
    // Fits are kept for one run's finish only; the data read, for as long as it is sent.
    let mut own = std::mem::take(kept);
    let read = own.read.take().filter(|r| r.bytes == bytes && r.options == request.ingest);
    if own.run != Some(id) {
        own = KeptFits::default();
    }
    let read = match read {
        Some(read) => read,
        None => {
            let started = now_ms();
            match prevision_engine::ingest::ingest(bytes, &request.ingest) {
                Ok(ingested) => Read {
                    bytes: bytes.to_vec(),
                    options: request.ingest.clone(),
                    ingested,
                    ms: now_ms() - started,
                },
                Err(e) => return WorkerEvent::Failed { id, failure: e.into() }.into(),
            }
        }
    };
    let reply = answer(request, &read.ingested.frame, read.ms, progress, now_ms, kept, own);
    if bytes.len() <= MAX_KEPT_BYTES {
        kept.read = Some(read);
    }
    reply
}

/// Largest file whose reading a worker keeps for the next message.
const MAX_KEPT_BYTES: usize = 32 << 20;

/// The answer to `request` on the data read (`frame`, read in `ingest_ms`), with the fits
/// kept from this run's earlier messages (`own`); fits to keep go to `kept`.
fn answer(
    request: RunRequest,
    frame: &Frame,
    ingest_ms: f64,
    progress: &mut dyn FnMut(&Progress) -> Control,
    now_ms: &dyn Fn() -> f64,
    kept: &mut KeptFits,
    mut own: KeptFits,
) -> Reply {
    let id = request.id;
    let mut observer = Observer { progress, now_ms };
    let spec = &request.spec;
    let done = match request.job {
        Job::Whole => prevision_engine::forecast::run(frame, spec, &mut observer),
        Job::Evaluate { models } => {
            let evaluated =
                prevision_engine::forecast::evaluate(frame, spec, &models, &mut observer);
            return match evaluated {
                Ok(evaluations) => {
                    // Written as they are: the final fit is not serialised, so it stays here.
                    let sent = Raw::of(&evaluations);
                    *kept = KeptFits { run: Some(id), evaluations, read: None };
                    WorkerEvent::Evaluated { id, evaluations: sent }.into()
                }
                Err(e) => WorkerEvent::Failed { id, failure: e.into() }.into(),
            };
        }
        Job::Finish { evaluations: sent, share: None } => {
            let evaluations = match decode_evaluations(&sent, &mut own) {
                Ok(e) => e,
                Err(failure) => return WorkerEvent::Failed { id, failure }.into(),
            };
            prevision_engine::forecast::finish(frame, spec, evaluations, &mut observer)
        }
        Job::Finish { evaluations: sent, share: Some(share) } => {
            let evaluations = match decode_evaluations(&sent, &mut own) {
                Ok(e) => e,
                Err(failure) => return WorkerEvent::Failed { id, failure }.into(),
            };
            let reply = share_of_finish(id, frame, spec, &evaluations, &share, &mut observer);
            // The fits stay for the assembly, which this worker may be asked for.
            *kept = KeptFits { run: Some(id), evaluations, read: None };
            return reply.into();
        }
        Job::Assemble { evaluations: sent, parts, parts_ms } => {
            let evaluations = match decode_evaluations(&sent, &mut own) {
                Ok(e) => e,
                Err(failure) => return WorkerEvent::Failed { id, failure }.into(),
            };
            let mut given: Vec<FinishPart> = Vec::new();
            for raw in &parts {
                match raw.decode::<Vec<FinishPart>>() {
                    Ok(some) => given.extend(some),
                    Err(e) => {
                        let failure = RunFailure::BadRequest { detail: e.to_string() };
                        return WorkerEvent::Failed { id, failure }.into();
                    }
                }
            }
            let finished = prevision_engine::forecast::finish_with_parts(
                frame,
                spec,
                evaluations,
                &given,
                &mut observer,
            );
            finished.map(|mut run| {
                add_stage_ms(&mut run.timings, "calibration", parts_ms.0);
                add_stage_ms(&mut run.timings, "explanation", parts_ms.1);
                run
            })
        }
    };
    match done {
        Ok(ForecastRun { report, model, timings }) => Reply {
            event: WorkerEvent::Done {
                id,
                run: Box::new(FinishedRun { report, timings }),
                ingest_ms,
            },
            model: Some(model),
        },
        Err(e) => WorkerEvent::Failed { id, failure: e.into() }.into(),
    }
}

/// What a worker keeps between messages: the final fits it made while evaluating its models
/// of a run, kept for that run's finish (its share of it: an explanation needs the explained
/// model's fit; and, if this worker assembles the run, the chosen forecaster's fits, the
/// others' are refitted); and the data it last read, which every message of a run sends again
/// (read once, not at every message).
#[derive(Debug, Default)]
pub struct KeptFits {
    run: Option<u64>,
    evaluations: Vec<Evaluation>,
    read: Option<Read>,
}

/// A CSV file as read with some options, and how long reading it took.
#[derive(Debug)]
struct Read {
    bytes: Vec<u8>,
    options: IngestOptions,
    ingested: prevision_engine::ingest::Ingested,
    ms: f64,
}

impl KeptFits {
    /// The fits kept, and for which run.
    pub fn kept(&self) -> (Option<u64>, usize) {
        (self.run, self.evaluations.iter().filter(|e| e.has_fit()).count())
    }
}

/// The page's book-keeping for a run shared out between workers: it collects their
/// evaluations into the requests that share out the finish, then their parts into the request
/// that assembles the run, and merges their progress into one bar.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitRun {
    /// The run, as asked for.
    request: RunRequest,
    /// Every worker's models, by worker index.
    groups: Vec<Vec<usize>>,
    /// Workers still to answer the current phase (evaluations, then parts).
    waiting: usize,
    /// Each worker's evaluations as the JSON it sent.
    evaluations: Vec<Raw>,
    /// Each worker's parts as the JSON it sent.
    parts: Vec<Raw>,
    /// Milliseconds the workers spent on their parts (calibration, explanation), summed.
    parts_ms: (f64, f64),
    /// Per model index, the steps (folds, then the final fit) heard of so far.
    steps: BTreeMap<usize, usize>,
}

impl SplitRun {
    /// `request` shared out into `groups` of models, one per worker: the jobs to send.
    pub fn new(request: RunRequest, groups: Vec<Vec<usize>>) -> (Self, Vec<RunRequest>) {
        let jobs = groups
            .iter()
            .map(|models| RunRequest {
                job: Job::Evaluate { models: models.clone() },
                ..request.clone()
            })
            .collect::<Vec<_>>();
        let split = SplitRun {
            request,
            waiting: groups.len(),
            groups,
            evaluations: Vec::new(),
            parts: Vec::new(),
            parts_ms: (0.0, 0.0),
            steps: BTreeMap::new(),
        };
        (split, jobs)
    }

    /// The run's id.
    pub fn id(&self) -> u64 {
        self.request.id
    }

    /// How many workers share the run.
    pub fn workers(&self) -> usize {
        self.groups.len()
    }

    /// One worker's progress, as progress of the whole run: the steps started by every model
    /// (its folds, then its final fit) summed and shown as "model k of n, fold j" of that
    /// total, so the bar only moves forward and ends where a single worker's ends.
    pub fn progress(&mut self, p: &Progress) -> Progress {
        let step = self.steps.entry(p.model_index).or_default();
        *step = (*step).max(p.fold + 1);
        let per_model = p.fold_count + 1;
        let started: usize = self.steps.values().sum();
        let last = (p.model_count * per_model).max(1) - 1;
        let at = started.saturating_sub(1).min(last);
        Progress {
            model_index: at / per_model,
            model_count: p.model_count,
            model: p.model.clone(),
            fold: at % per_model,
            fold_count: p.fold_count,
        }
    }

    /// One worker's evaluations (unread); once the last worker has answered, the requests
    /// that share out the finish, one per worker (in worker order).
    pub fn arrived(&mut self, evaluations: Raw) -> Option<Vec<RunRequest>> {
        self.evaluations.push(evaluations);
        self.waiting = self.waiting.saturating_sub(1);
        if self.waiting > 0 {
            return None;
        }
        self.waiting = self.groups.len();
        let jobs = (0..self.groups.len())
            .map(|worker| RunRequest {
                job: Job::Finish {
                    evaluations: self.evaluations.clone(),
                    share: Some(Share { worker, groups: self.groups.clone() }),
                },
                ..self.request.clone()
            })
            .collect();
        Some(jobs)
    }

    /// One worker's parts (unread) and the assembler it names (every worker names the same);
    /// once the last worker has answered, the assembler and its request.
    pub fn parts_arrived(
        &mut self,
        parts: Raw,
        assembler: usize,
        ms: (f64, f64),
    ) -> Option<(usize, RunRequest)> {
        if self.evaluations.len() < self.groups.len() {
            return None;
        }
        self.parts.push(parts);
        self.parts_ms = (self.parts_ms.0 + ms.0, self.parts_ms.1 + ms.1);
        self.waiting = self.waiting.saturating_sub(1);
        (self.waiting == 0).then(|| {
            let request = RunRequest {
                job: Job::Assemble {
                    evaluations: std::mem::take(&mut self.evaluations),
                    parts: std::mem::take(&mut self.parts),
                    parts_ms: self.parts_ms,
                },
                ..self.request.clone()
            };
            (assembler.min(self.groups.len().saturating_sub(1)), request)
        })
    }
}

/// Every worker's evaluations as the page relayed them, with the fits this worker kept
/// for the run (`own`) put back in place.
fn decode_evaluations(sent: &[Raw], own: &mut KeptFits) -> Result<Vec<Evaluation>, RunFailure> {
    let mut evaluations = Vec::new();
    for raw in sent {
        let some = raw
            .decode::<Vec<Evaluation>>()
            .map_err(|e| RunFailure::BadRequest { detail: e.to_string() })?;
        evaluations.extend(some);
    }
    for e in &mut evaluations {
        own.evaluations.iter_mut().for_each(|k| e.adopt_fit(k));
    }
    Ok(evaluations)
}

/// This worker's share of a shared finish: the plan, its tasks, their parts.
fn share_of_finish(
    id: u64,
    frame: &prevision_engine::frame::Frame,
    spec: &ForecastSpec,
    evaluations: &[Evaluation],
    share: &Share,
    observer: &mut Observer<'_>,
) -> WorkerEvent {
    use prevision_engine::forecast::RunObserver;
    let travelling: Vec<Evaluation> = evaluations.iter().map(Evaluation::travelling).collect();
    let plan = match prevision_engine::forecast::plan_finish(frame, spec, travelling) {
        Ok(plan) => plan,
        Err(e) => return WorkerEvent::Failed { id, failure: e.into() },
    };
    let assignment = prevision_engine::forecast::share::assign(&plan, evaluations, &share.groups);
    let mine = assignment.tasks.get(share.worker).cloned().unwrap_or_default();
    let mut parts = Vec::with_capacity(mine.len());
    let mut ms = (0.0, 0.0);
    for task in mine {
        let t0 = observer.now_ms();
        match prevision_engine::forecast::finish_part(frame, spec, evaluations, task) {
            Ok(part) => parts.push(part),
            Err(e) => return WorkerEvent::Failed { id, failure: e.into() },
        }
        let spent = match (t0, observer.now_ms()) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        };
        match task {
            FinishTask::Calibrate { .. } => ms.0 += spent,
            FinishTask::Explain { .. } => ms.1 += spent,
        }
    }
    WorkerEvent::Parts { id, parts: Raw::of(&parts), assembler: assignment.assembler, ms }
}

/// Adds `ms` to the finish stage `name` (the parts other workers computed for it).
fn add_stage_ms(timings: &mut Timings, name: &str, ms: f64) {
    if let Some((_, stage)) = timings.finish_ms.iter_mut().find(|(s, _)| s == name) {
        *stage += ms;
    }
}

struct Observer<'a> {
    progress: &'a mut dyn FnMut(&Progress) -> Control,
    now_ms: &'a dyn Fn() -> f64,
}

impl prevision_engine::forecast::RunObserver for Observer<'_> {
    fn progress(&mut self, p: &Progress) -> Control {
        (self.progress)(p)
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
        RunRequest { id: 7, ingest: IngestOptions::default(), spec, job: Job::Whole, alive: None }
    }

    /// [`execute`] with no progress check and a clock that stays at 0.
    fn quietly(request: RunRequest, bytes: &[u8], kept: &mut KeptFits) -> Reply {
        execute(request, bytes, &mut |_| Control::Continue, &|| 0.0, kept)
    }

    /// Through JSON, as between the page and a worker.
    fn relay<T: Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
        prevision_engine::json::from_str(&prevision_engine::json::to_string(value)).expect("reads")
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
        let event = execute(
            back,
            &BuiltinDataset::DrinksSales.csv(),
            &mut |_| {
                ticks += 1;
                Control::Continue
            },
            &|| 0.0,
            &mut KeptFits::default(),
        )
        .event;
        let WorkerEvent::Done { id, run, .. } = event else { panic!("expected a report") };
        assert_eq!(id, 7);
        assert!(ticks >= 2, "progress was reported {ticks} times");
        assert_eq!(run.report.forecasts[0].point.len(), 5);
    }

    /// The default run on the drinks data, stopped by its progress check from fold `stop_at`
    /// on (never if `None`): the event, and how many folds were heard.
    fn run_stopped_at(stop_at: Option<usize>) -> (WorkerEvent, usize) {
        let mut folds = 0;
        let event = execute(
            request(ForecastSpec::default()),
            &BuiltinDataset::DrinksSales.csv(),
            &mut |_| {
                folds += 1;
                if stop_at.is_some_and(|n| folds >= n) {
                    Control::Cancel
                } else {
                    Control::Continue
                }
            },
            &|| 0.0,
            &mut KeptFits::default(),
        )
        .event;
        (event, folds)
    }

    #[test]
    fn a_run_the_page_no_longer_wants_stops_at_the_next_fold() {
        // The worker's check (a revoked `alive` URL) answers Cancel from the third fold on:
        // the run stops there, with no report, instead of running its other folds.
        let (event, folds) = run_stopped_at(Some(3));
        assert!(matches!(event, WorkerEvent::Failed { id: 7, .. }), "{event:?}");
        assert_eq!(folds, 3, "the run went on after it was stopped");
        // Wanted throughout, the same request runs to its report, through many more folds.
        let (event, folds) = run_stopped_at(None);
        assert!(matches!(event, WorkerEvent::Done { .. }));
        assert!(folds > 10, "{folds} folds");
    }

    #[test]
    fn the_model_reaches_the_page_as_the_json_the_engine_wrote_and_decodes_for_saving() {
        let spec = ForecastSpec {
            horizon: 5,
            models: vec![prevision_engine::spec::ModelSpec::RandomForest {
                n_trees: 5,
                max_depth: Some(4),
                min_samples_leaf: 2,
            }],
            ..ForecastSpec::default()
        };
        let bytes = BuiltinDataset::DrinksSales.csv();
        let frame = prevision_engine::ingest::ingest(&bytes, &IngestOptions::default())
            .expect("reads")
            .frame;
        let engine = prevision_engine::forecast::run(&frame, &spec, &mut ()).expect("runs");
        let reply = quietly(request(spec), &bytes, &mut KeptFits::default());
        let WorkerEvent::Done { id, run, .. } = relay(&reply.event) else {
            panic!("expected a report")
        };
        use prevision_engine::json::to_string;
        assert_eq!(to_string(&run.report), to_string(&engine.report));
        let Some(WorkerEvent::Model { id: model_id, text }) = reply.model_event() else {
            panic!("expected the model to follow the report")
        };
        assert_eq!((model_id, text.as_str()), (id, to_string(&engine.model).as_str()));
        let decoded: prevision_engine::forecast::SavedModel =
            prevision_engine::json::from_str(&text).expect("decodes");
        assert_eq!(decoded, engine.model);
        // The model's JSON never rides inside an event's.
        let model_event = reply.model_event().expect("a model event");
        assert_eq!(to_string(&model_event), format!(r#"{{"model":{{"id":{id}}}}}"#));
        assert!(!to_string(&reply.event).contains(&text));
    }

    #[test]
    fn a_worker_reads_the_data_once_for_every_message_that_sends_it_again() {
        use prevision_engine::spec::ModelSpec;
        let spec = ForecastSpec {
            horizon: 5,
            models: vec![
                ModelSpec::Naive,
                ModelSpec::SeasonalNaive,
                ModelSpec::Ridge { alpha: 1.0 },
            ],
            ..ForecastSpec::default()
        };
        let drinks = BuiltinDataset::DrinksSales.csv();
        let bike = BuiltinDataset::BikeSharing.csv();
        // The clock's n-th reading is n²: two readings of the same span never differ alike.
        let readings = std::cell::Cell::new(0.0_f64);
        let clock = || {
            readings.set(readings.get() + 1.0);
            readings.get() * readings.get()
        };
        let done = |event: WorkerEvent| match event {
            WorkerEvent::Done { run, ingest_ms, .. } => (run.report, ingest_ms),
            other => panic!("expected a report, got {other:?}"),
        };
        let mut kept = KeptFits::default();
        let run = |bytes: &[u8], ingest: IngestOptions, kept: &mut KeptFits| {
            let request = RunRequest { ingest, ..request(spec.clone()) };
            done(execute(request, bytes, &mut |_| Control::Continue, &clock, kept).event)
        };
        let (first, first_ms) = run(&drinks, IngestOptions::default(), &mut kept);
        let (again, again_ms) = run(&drinks, IngestOptions::default(), &mut kept);
        assert_eq!(again_ms, first_ms, "the same file was read again");
        assert_eq!(again.forecasts, first.forecasts);
        // Other bytes, or other options, are read afresh: never the kept data's answer.
        let (other, other_ms) = run(&bike, IngestOptions::default(), &mut kept);
        assert_ne!(other_ms, first_ms);
        let fresh = run(&bike, IngestOptions::default(), &mut KeptFits::default()).0;
        assert_eq!(other.forecasts, fresh.forecasts);
        assert_ne!(other.forecasts, first.forecasts);
        let commas = IngestOptions { delimiter: Some(','), ..IngestOptions::default() };
        let (_, read_again_ms) = run(&bike, commas, &mut kept);
        assert_ne!(read_again_ms, other_ms, "other options must read the file again");
    }

    #[test]
    fn unreadable_bytes_and_impossible_settings_come_back_as_typed_failures() {
        let event = execute(
            request(ForecastSpec::default()),
            b"",
            &mut |_| Control::Continue,
            &|| 0.0,
            &mut KeptFits::default(),
        )
        .event;
        assert!(matches!(event, WorkerEvent::Failed { failure: RunFailure::Ingest { .. }, .. }));
        let spec = ForecastSpec { horizon: 400, ..ForecastSpec::default() };
        let event = execute(
            request(spec.clone()),
            &BuiltinDataset::DrinksSales.csv(),
            &mut |_| Control::Continue,
            &|| 0.0,
            &mut KeptFits::default(),
        )
        .event;
        assert!(
            matches!(event, WorkerEvent::Failed { failure: RunFailure::SeriesTooShort { .. }, .. }),
            "{event:?}"
        );
    }

    /// The page's whole split protocol, natively: groups → `Evaluate` jobs → evaluations
    /// gathered by `SplitRun` → `Finish` → the report a single worker writes.
    #[test]
    fn a_run_shared_between_three_workers_reports_what_one_worker_reports() {
        let bytes = BuiltinDataset::RetailDemo.csv();
        let ingested =
            prevision_engine::ingest::ingest(&bytes, &IngestOptions::default()).expect("reads");
        let spec = ForecastSpec::default();
        let whole = execute(
            request(spec.clone()),
            &bytes,
            &mut |_| Control::Continue,
            &|| 0.0,
            &mut KeptFits::default(),
        );
        let (whole_model, WorkerEvent::Done { run: whole, .. }) =
            (whole.model_event(), whole.event)
        else {
            panic!("expected a report")
        };
        let groups =
            prevision_engine::forecast::partition(&ingested.frame, &spec, 3).expect("partitions");
        let (mut split, jobs) = SplitRun::new(request(spec.clone()), groups);
        assert_eq!((jobs.len(), split.workers()), (3, 3));
        let mut finishing = None;
        let mut bar = Vec::new();
        // Each worker keeps the fits it made.
        let mut workers: Vec<KeptFits> = Vec::new();
        for job in jobs {
            let mut heard = Vec::new();
            let mut kept = KeptFits::default();
            let reply = execute(
                relay(&job),
                &bytes,
                &mut |p| {
                    heard.push(p.clone());
                    Control::Continue
                },
                &|| 0.0,
                &mut kept,
            );
            assert!(reply.model_event().is_none(), "no model before the finish");
            let event = reply.event;
            let Job::Evaluate { models } = &job.job else { panic!("an evaluate job") };
            assert_eq!(kept.kept(), (Some(7), models.len()), "the worker keeps its fits");
            workers.push(kept);
            bar.extend(heard.iter().map(|p| split.progress(p)));
            let WorkerEvent::Evaluated { id: 7, evaluations } = relay(&event) else {
                panic!("expected evaluations, got {event:?}")
            };
            assert!(finishing.is_none(), "complete before the last worker answered");
            finishing = split.arrived(evaluations);
        }
        let jobs = finishing.expect("every worker answered");
        assert_eq!(jobs.len(), 3, "one share of the finish per worker");
        let count = prevision_engine::forecast::resolved_model_count(&ingested.frame, &spec)
            .expect("resolves");
        for (k, job) in jobs.iter().enumerate() {
            let Job::Finish { evaluations, share: Some(share) } = &job.job else {
                panic!("a shared finish job")
            };
            assert_eq!((share.worker, share.groups.len()), (k, 3));
            assert_eq!(evaluations.len(), 3, "one answer per worker, passed on unread");
            let models: usize = evaluations
                .iter()
                .map(|raw| raw.decode::<Vec<Evaluation>>().expect("evaluations").len())
                .sum();
            assert_eq!(models, count, "one evaluation per model in all");
        }
        // Every worker computes its share with its own fits, and keeps them for the assembly.
        let mut assembling = None;
        let mut shared = 0;
        let mut all_parts = String::new();
        for (kept, job) in workers.iter_mut().zip(&jobs) {
            let reply = quietly(relay(job), &bytes, kept);
            assert!(reply.model_event().is_none());
            let WorkerEvent::Parts { id: 7, parts, assembler, ms } = relay(&reply.event) else {
                panic!("expected parts, got {:?}", reply.event)
            };
            assert!(ms.0 >= 0.0 && ms.1 >= 0.0);
            shared += usize::from(parts.text() != "[]");
            all_parts.push_str(parts.text());
            assert_eq!(kept.kept().0, Some(7), "the fits stay for the assembly");
            assembling = split.parts_arrived(parts, assembler, ms);
        }
        // The demo's chosen model is explained and calibrated by the worker that evaluated it
        // (its fits serve most calibration windows); the others send empty shares.
        assert_eq!(shared, 1, "one worker computes the demo's finish");
        assert!(all_parts.contains("\"calibration\"") && all_parts.contains("\"explanation\""));
        let (assembler, job) = assembling.expect("every worker sent its parts");
        let job = relay(&job);
        let Job::Assemble { parts, .. } = &job.job else { panic!("an assembly job") };
        assert_eq!(parts.len(), 3);
        // The assembler writes the report and model one worker writes alone, and lets its fits
        // go.
        let kept = &mut workers[assembler];
        let reply = quietly(job.clone(), &bytes, kept);
        let WorkerEvent::Done { run, .. } = relay(&reply.event) else {
            panic!("expected a report, got {:?}", reply.event)
        };
        assert!(
            prevision_engine::json::to_string(&run.report)
                == prevision_engine::json::to_string(&whole.report)
        );
        assert_eq!(reply.model_event(), whole_model);
        assert_eq!(kept.kept(), (None, 0));
        // Any worker can assemble: one without the chosen fits refits them, to the same bits.
        let other = (assembler + 1) % 3;
        let reply = quietly(job, &bytes, &mut workers[other]);
        let WorkerEvent::Done { run, .. } = relay(&reply.event) else { panic!("a report") };
        assert!(
            prevision_engine::json::to_string(&run.report)
                == prevision_engine::json::to_string(&whole.report)
        );
        assert_eq!(reply.model_event(), whole_model);
        // The merged bar only moves forward, to the last model.
        let steps: Vec<usize> =
            bar.iter().map(|p| p.model_index * (p.fold_count + 1) + p.fold).collect();
        assert!(steps.windows(2).all(|w| w[0] <= w[1]), "{steps:?}");
        let last = bar.last().expect("progress");
        assert_eq!((last.model_index, last.fold), (last.model_count - 1, last.fold_count));
    }

    #[test]
    fn a_finish_with_evaluations_that_do_not_read_is_a_bad_request() {
        let bytes = BuiltinDataset::RetailDemo.csv();
        let finish = |raw: &str| RunRequest {
            job: Job::Finish {
                evaluations: vec![prevision_engine::json::from_str(raw).expect("JSON")],
                share: None,
            },
            ..request(ForecastSpec::default())
        };
        for raw in [r#"{"not":"a list"}"#, r#"[{"index":"zero"}]"#] {
            let event = quietly(finish(raw), &bytes, &mut KeptFits::default()).event;
            assert!(
                matches!(event, WorkerEvent::Failed { failure: RunFailure::BadRequest { .. }, .. }),
                "{event:?}"
            );
        }
        // Parts that do not read, in an assembly, are refused the same way.
        let whole = execute(
            RunRequest {
                job: Job::Evaluate { models: vec![0, 1] },
                ..request(ForecastSpec::default())
            },
            &bytes,
            &mut |_| Control::Continue,
            &|| 0.0,
            &mut KeptFits::default(),
        );
        let WorkerEvent::Evaluated { evaluations, .. } = whole.event else { panic!("evaluations") };
        let assemble = RunRequest {
            job: Job::Assemble {
                evaluations: vec![evaluations],
                parts: vec![
                    prevision_engine::json::from_str(r#"[{"calibration":{}}]"#).expect("JSON"),
                ],
                parts_ms: (0.0, 0.0),
            },
            ..request(ForecastSpec::default())
        };
        let event = quietly(assemble, &bytes, &mut KeptFits::default()).event;
        assert!(
            matches!(event, WorkerEvent::Failed { failure: RunFailure::BadRequest { .. }, .. }),
            "{event:?}"
        );
    }

    #[test]
    fn a_failing_part_of_a_split_run_comes_back_as_a_typed_failure() {
        let spec = ForecastSpec { horizon: 400, ..ForecastSpec::default() };
        let job = RunRequest { job: Job::Evaluate { models: vec![0, 1] }, ..request(spec) };
        let event =
            quietly(job, &BuiltinDataset::DrinksSales.csv(), &mut KeptFits::default()).event;
        assert!(
            matches!(event, WorkerEvent::Failed { failure: RunFailure::SeriesTooShort { .. }, .. }),
            "{event:?}"
        );
    }

    /// Ingests `bytes`, and reads them as a worker does: the page's copy is rebuilt from the
    /// event as it crosses (JSON) and the numbers beside it.
    fn read_across(bytes: &[u8], options: &IngestOptions) -> (Ingested, Ingested) {
        let direct = prevision_engine::ingest::ingest(bytes, options).expect("reads");
        let request = ReadRequest { id: 4, ingest: options.clone() };
        let event = read(&request, bytes, &|| 0.0, &mut KeptFits::default());
        let WorkerEvent::Read { id: 4, outcome: ReadOutcome::Read { numbers, .. } } = &event else {
            panic!("{event:?}")
        };
        let numbers = numbers.clone();
        let json = prevision_engine::json::to_string(&event);
        let WorkerEvent::Read { outcome: ReadOutcome::Read { mut ingested, layout, .. }, .. } =
            relay(&event)
        else {
            panic!("{json}")
        };
        let series = &ingested.frame.series;
        assert!(
            series.iter().all(|s| s.timestamps.is_empty() && s.target.is_empty()),
            "the numbers went into the JSON: {json}"
        );
        put_numbers(&mut ingested, &layout, &numbers).expect("the numbers fit");
        (direct, *ingested)
    }

    /// Every number of two frames the same, bit for bit (NaN included), and the rest equal.
    fn assert_same(a: &Ingested, b: &Ingested) {
        let text = prevision_engine::json::to_string;
        assert_eq!(text(a), text(b));
        for (x, y) in a.frame.series.iter().zip(&b.frame.series) {
            assert_eq!(x.timestamps, y.timestamps);
            let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&x.target), bits(&y.target));
            assert_eq!(x.exog.len(), y.exog.len());
            for (c, d) in x.exog.iter().zip(&y.exog) {
                assert_eq!(bits(c), bits(d));
            }
        }
    }

    #[test]
    fn a_file_read_in_a_worker_reaches_the_page_whole() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fixtures");
        let mut files: Vec<Vec<u8>> = std::fs::read_dir(fixtures)
            .expect("fixtures")
            .map(|f| std::fs::read(f.expect("entry").path()).expect("reads"))
            .collect();
        files.extend(BuiltinDataset::ALL.iter().map(|d| d.csv()));
        assert!(files.len() >= 8);
        let mut gaps = 0;
        for bytes in &files {
            let (direct, across) = read_across(bytes, &IngestOptions::default());
            assert_same(&direct, &across);
            gaps +=
                direct.frame.series.iter().filter(|s| s.target.iter().any(|v| v.is_nan())).count();
        }
        assert!(gaps > 0, "no file had a missing value to carry");
        // Several series with columns known in advance, and a timestamp of 1969.
        let two = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/e2e/fixtures/two_stores.csv"),
        )
        .expect("reads");
        let (direct, across) = read_across(&two, &IngestOptions::default());
        assert!(direct.frame.series.len() > 1 && !direct.frame.exog.is_empty());
        assert_same(&direct, &across);
        let (direct, across) = read_across(b"date,v\n1969-12-30 10:00,1\n1969-12-30 11:00,2\n1969-12-30 12:00,\n1969-12-30 13:00,4\n", &IngestOptions::default());
        assert_eq!(direct.frame.series[0].timestamps.len(), 4);
        assert_same(&direct, &across);
    }

    #[test]
    fn timestamps_with_fractions_of_a_second_cross_exactly() {
        let mut ingested = prevision_engine::ingest::ingest(
            &BuiltinDataset::DrinksSales.csv(),
            &IngestOptions::default(),
        )
        .expect("reads");
        let series = &mut ingested.frame.series[0];
        series.timestamps[1] += chrono::Duration::nanoseconds(123_456_789);
        series.timestamps[2] -= chrono::Duration::nanoseconds(1);
        let original = ingested.clone();
        let (layout, numbers) = take_numbers(&mut ingested);
        assert!(
            ingested.frame.series[0].timestamps.is_empty()
                && ingested.frame.series[0].target.is_empty()
        );
        put_numbers(&mut ingested, &layout, &numbers).expect("fits");
        assert_same(&original, &ingested);
    }

    #[test]
    fn numbers_that_do_not_fit_their_layout_are_refused() {
        let ingested = prevision_engine::ingest::ingest(
            &BuiltinDataset::DrinksSales.csv(),
            &IngestOptions::default(),
        )
        .expect("reads");
        let mut sent = ingested.clone();
        let (layout, numbers) = take_numbers(&mut sent);
        let fits =
            |layout: &[usize], numbers: &[f64]| put_numbers(&mut sent.clone(), layout, numbers);
        assert_eq!(fits(&layout, &numbers), Some(()));
        assert_eq!(fits(&layout, &numbers[1..]), None, "one number short");
        assert_eq!(fits(&layout, &[numbers.as_slice(), &[1.0]].concat()), None, "one too many");
        assert_eq!(fits(&layout[1..], &numbers), None, "layout shifted");
        assert_eq!(fits(&[layout.as_slice(), &[3]].concat(), &numbers), None, "layout too long");
        let mut half = numbers.clone();
        half[0] += 0.5;
        assert_eq!(fits(&layout, &half), None, "half a second");
        let mut far = numbers.clone();
        far[0] = 1e300;
        assert_eq!(fits(&layout, &far), None, "beyond any date");
    }

    #[test]
    fn a_refused_file_reaches_the_page_with_its_typed_error() {
        let request = ReadRequest { id: 9, ingest: IngestOptions::default() };
        let mut kept = KeptFits::default();
        for (bytes, expected) in
            [(&b""[..], IngestError::Empty), (&b"date,v\n"[..], IngestError::HeaderOnly)]
        {
            let event = relay(&read(&request, bytes, &|| 0.0, &mut kept));
            assert_eq!(
                event,
                WorkerEvent::Read { id: 9, outcome: ReadOutcome::Refused { error: expected } }
            );
        }
        let odd = "date;x\n2024-01-01;a\n2024-01-02;b\n";
        let event = relay(&read(&request, odd.as_bytes(), &|| 0.0, &mut kept));
        let WorkerEvent::Read {
            outcome:
                ReadOutcome::Refused { error: IngestError::NoNumericColumn { closest: Some(cell) } },
            ..
        } = event
        else {
            panic!("{event:?}")
        };
        assert_eq!((cell.column.as_str(), cell.line), ("x", 2));
        assert!(kept.read.is_none(), "a refused file is not kept");
    }

    #[test]
    fn the_run_after_a_read_on_the_same_worker_does_not_read_again() {
        let bytes = BuiltinDataset::DrinksSales.csv();
        let clock = std::cell::Cell::new(0.0);
        // Each look at the clock is 10 ms later: a read takes 10 ms.
        let now = || {
            clock.set(clock.get() + 10.0);
            clock.get()
        };
        let mut kept = KeptFits::default();
        let read_request = ReadRequest { id: 1, ingest: IngestOptions::default() };
        let event = read(&read_request, &bytes, &now, &mut kept);
        assert!(matches!(
            event,
            WorkerEvent::Read { outcome: ReadOutcome::Read { ms: 10.0, .. }, .. }
        ));
        let spec = ForecastSpec {
            horizon: 3,
            models: vec![prevision_engine::spec::ModelSpec::Naive],
            ..ForecastSpec::default()
        };
        // The run reports the read's 10 ms, and reads nothing itself: its clock shows no read.
        let reply = execute(request(spec), &bytes, &mut |_| Control::Continue, &now, &mut kept);
        let WorkerEvent::Done { ingest_ms, .. } = reply.event else { panic!("{:?}", reply.event) };
        assert_eq!(ingest_ms, 10.0);
    }
}
