//! Both ends of the Web Worker that runs the engine off the page's thread.
//!
//! **Two wasm files.** The worker runs a wasm of its own, `src/bin/prevision-worker.rs`: the
//! engine without the page's views and charts, built at full speed, while the page's wasm
//! (`src/main.rs`) carries the views and no model fitting, built for size. `boot.js` compiles
//! the worker's wasm once (by the hashed name `scripts/hash-worker.sh` gave it) and sends the
//! module to every worker it starts, so they share one compiled copy and the browser caches its
//! optimised code; `assets/worker.js` instantiates it and hands every message to
//! [`worker_handle`].
//!
//! The page side is [`EngineWorker`]: it takes a worker `boot.js` started with the page (or
//! has `boot.js` start one) on first use, sends run requests, turns
//! the answers into calls on the caller's handler, and cancels by terminating the worker (the
//! engine runs synchronously there, so no message could interrupt it) — the next run goes to a
//! spare `boot.js` keeps loaded ([`top_up_soon`]), or to a fresh one.

use std::cell::RefCell;
use std::rc::Rc;

use prevision_engine::json;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::ops_protocol::{Files, OpsEvent, OpsFailure, OpsRequest, execute_ops};
use crate::protocol::{
    ALIVE_CHECK_MS, KeptFits, ReadOutcome, ReadRequest, RunFailure, RunRequest, WorkerEvent,
    execute, read,
};
use prevision_engine::forecast::Control;

/// Key of the request (JSON text) in a message to the worker.
const REQUEST_KEY: &str = "request";
/// Key of a file to read ([`ReadRequest`], JSON text) in a message to the worker.
const READ_KEY: &str = "read";
/// Key of a production task (JSON text) in a message to the worker.
const OPS_KEY: &str = "ops";
/// Key of the CSV bytes in a message to the worker.
const BYTES_KEY: &str = "bytes";
/// Key of the newer CSV file's bytes in a production task.
const NEWER_KEY: &str = "newer";

/// Key of an event's JSON text in a message that carries a text beside it.
const EVENT_KEY: &str = "event";
/// Key of the text carried beside an event ([`WorkerEvent::Model`]'s).
const TEXT_KEY: &str = "text";
/// Key of the numbers carried beside an event (a file read: [`ReadOutcome::Read`]'s).
const NUMBERS_KEY: &str = "numbers";

/// An event as the worker posts it: JSON text (NaN written as `null`, read back as NaN); a
/// [`WorkerEvent::Model`] is an object with that text and, beside it, the model's own text; a
/// file read, an object with that text and its numbers as a `Float64Array` (see
/// [`transferable`]).
pub fn encode_event(event: &WorkerEvent) -> JsValue {
    let json = JsValue::from_str(&json::to_string(event));
    let (key, beside): (&str, JsValue) = match event {
        WorkerEvent::Model { text, .. } => (TEXT_KEY, JsValue::from_str(text)),
        WorkerEvent::Read { outcome: ReadOutcome::Read { numbers, .. }, .. } => {
            (NUMBERS_KEY, js_sys::Float64Array::from(numbers.as_slice()).into())
        }
        _ => return json,
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &EVENT_KEY.into(), &json);
    let _ = js_sys::Reflect::set(&message, &key.into(), &beside);
    message.into()
}

/// The memory an encoded event hands over to the page instead of copying it: a file read's
/// numbers.
pub fn transferable(message: &JsValue) -> js_sys::Array {
    let transfer = js_sys::Array::new();
    if !message.is_string()
        && let Ok(numbers) = js_sys::Reflect::get(message, &NUMBERS_KEY.into())
        && let Ok(numbers) = numbers.dyn_into::<js_sys::Float64Array>()
    {
        transfer.push(&numbers.buffer());
    }
    transfer
}

/// An event as the page receives it, with the numbers carried beside a file read; `None` for
/// anything that is not one. The text carried beside a [`WorkerEvent::Model`] is not read
/// here: see [`attachment`].
pub fn decode_event<E: Answer>(value: JsValue) -> Option<E> {
    if let Some(text) = value.as_string() {
        return json::from_str(&text).ok();
    }
    let event = js_sys::Reflect::get(&value, &EVENT_KEY.into()).ok()?.as_string()?;
    let mut event: E = json::from_str(&event).ok()?;
    event.attach(&value);
    Some(event)
}

/// The text carried beside an event (a finished run's model), left as the browser's string:
/// the page copies it into its own memory only if it downloads or saves it.
pub fn attachment(value: &JsValue) -> Option<js_sys::JsString> {
    if value.is_string() {
        return None;
    }
    js_sys::Reflect::get(value, &TEXT_KEY.into()).ok()?.dyn_into().ok()
}

/// The bytes under `key` in a message, if there are any.
fn bytes_of(data: &JsValue, key: &str) -> Option<Vec<u8>> {
    js_sys::Reflect::get(data, &key.into())
        .ok()
        .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
        .map(|b| b.to_vec())
}

thread_local! {
    /// The fits this worker made for the run it is helping with, kept for that run's finish.
    static KEPT: RefCell<KeptFits> = RefCell::new(KeptFits::default());
}

/// Worker side: runs one message from the page and posts the answers.
pub fn worker_handle(data: JsValue) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = |text: String| {
        let _ = scope.post_message(&JsValue::from_str(&text));
    };
    let text =
        |key: &str| js_sys::Reflect::get(&data, &key.into()).ok().and_then(|r| r.as_string());
    let bytes = bytes_of(&data, BYTES_KEY).unwrap_or_default();
    if let Some(text) = text(OPS_KEY) {
        let request = match json::from_str::<OpsRequest>(&text) {
            Ok(r) => r,
            Err(e) => {
                let kind = OpsFailure::BadRequest;
                post(json::to_string(&OpsEvent::Failed { id: 0, kind, detail: e.to_string() }));
                return;
            }
        };
        let newer = bytes_of(&data, NEWER_KEY);
        let id = request.id;
        let event = execute_ops(
            &request,
            Files { data: &bytes, newer: newer.as_deref() },
            &mut |done, total| post(json::to_string(&OpsEvent::Progress { id, done, total })),
            &now_ms,
            &memory_bytes,
        );
        post(json::to_string(&event));
        return;
    }
    if let Some(text) = text(READ_KEY) {
        let event = match json::from_str::<ReadRequest>(&text) {
            Ok(request) => KEPT.with_borrow_mut(|kept| read(&request, &bytes, &now_ms, kept)),
            Err(e) => {
                let failure = RunFailure::BadRequest { detail: e.to_string() };
                WorkerEvent::Failed { id: 0, failure }
            }
        };
        let message = encode_event(&event);
        let _ = scope.post_message_with_transfer(&message, &transferable(&message));
        return;
    }
    let Some(text) = text(REQUEST_KEY) else {
        return;
    };
    let request = match json::from_str::<RunRequest>(&text) {
        Ok(r) => r,
        Err(e) => {
            let failure = RunFailure::BadRequest { detail: e.to_string() };
            post(json::to_string(&WorkerEvent::Failed { id: 0, failure }));
            return;
        }
    };
    let id = request.id;
    let alive = request.alive.clone();
    let mut checked_ms = now_ms();
    let reply = KEPT.with_borrow_mut(|kept| {
        execute(
            request,
            &bytes,
            &mut |progress| {
                post(json::to_string(&WorkerEvent::Progress { id, progress: progress.clone() }));
                let Some(url) = &alive else { return Control::Continue };
                let now = now_ms();
                if now - checked_ms < ALIVE_CHECK_MS {
                    return Control::Continue;
                }
                checked_ms = now;
                if still_wanted(url) { Control::Continue } else { Control::Cancel }
            },
            &js_sys::Date::now,
            kept,
        )
    });
    let _ = scope.post_message(&encode_event(&reply.event));
    // The page shows the report while the model is written.
    if let Some(model) = reply.model_event() {
        let _ = scope.post_message(&encode_event(&model));
    }
}

/// Whether the page still wants the run whose [`RunRequest::alive`] URL is `url`: a
/// synchronous read of that `blob:` URL succeeds until the page revokes it. A request that
/// cannot be made here at all counts as wanted, so a run is never stopped by mistake; the
/// page's terminate still ends it.
pub fn still_wanted(url: &str) -> bool {
    let Ok(request) = web_sys::XmlHttpRequest::new() else { return true };
    if request.open_with_async("GET", url, false).is_err() {
        return true;
    }
    // A revoked URL fails the request (a network error: `send` throws).
    request.send().is_ok() && request.status().is_ok_and(|s| s == 200)
}

/// A `blob:` URL that reads while the run it is given to is wanted ([`RunRequest::alive`]),
/// `None` if the browser cannot make one (the run is then stopped by terminating its worker
/// only).
pub fn alive_url() -> Option<String> {
    let blob = web_sys::Blob::new().ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Ends a run's [`alive_url`]: its workers stop at their next check.
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// The worker's high-resolution clock (`performance.now()`), in milliseconds.
fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Bytes of the wasm memory (the engine's whole heap).
fn memory_bytes() -> f64 {
    let memory = wasm_bindgen::memory();
    js_sys::Reflect::get(&memory, &"buffer".into())
        .ok()
        .and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()))
}

/// A new worker, started by `boot.js`'s `__previsionStartWorker` (which sends it the wasm
/// module the page compiled once for every worker).
fn start_new() -> Option<web_sys::Worker> {
    let start = js_sys::Reflect::get(&js_sys::global(), &"__previsionStartWorker".into()).ok()?;
    let start: js_sys::Function = start.dyn_into().ok()?;
    start.call0(&JsValue::UNDEFINED).ok()?.dyn_into().ok()
}

/// A worker `boot.js` started with the page (its wasm loading meanwhile), if one is left; one
/// whose start failed is terminated and skipped.
fn prestarted() -> Option<web_sys::Worker> {
    let list = js_sys::Reflect::get(&js_sys::global(), &"__previsionWorkers".into()).ok()?;
    let list: js_sys::Array = list.dyn_into().ok()?;
    while list.length() > 0 {
        let Ok(worker) = list.shift().dyn_into::<web_sys::Worker>() else { continue };
        let failed = js_sys::Reflect::get(&worker, &"previsionFailed".into())
            .ok()
            .is_some_and(|f| f.is_truthy());
        if failed {
            worker.terminate();
            continue;
        }
        return Some(worker);
    }
    None
}

/// How long after a run the page waits before loading spare workers: it draws the results
/// first.
const TOP_UP_DELAY: std::time::Duration = std::time::Duration::from_millis(500);

/// Soon, has `boot.js` load spare workers until a run's worth wait in its list
/// (`__previsionTopUp`): the next run that overtakes a running one then starts at once, on
/// workers already loaded, instead of waiting for fresh ones.
pub fn top_up_soon() {
    leptos::prelude::set_timeout(
        || {
            let top_up = js_sys::Reflect::get(&js_sys::global(), &"__previsionTopUp".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let Some(top_up) = top_up {
                let _ = top_up.call0(&JsValue::UNDEFINED);
            }
        },
        TOP_UP_DELAY,
    );
}

/// An answer type of the worker: JSON text in, and the event meaning "the worker died".
pub trait Answer: serde::de::DeserializeOwned + 'static {
    /// The event reported when the worker stops without answering.
    fn crashed() -> Self;

    /// Takes what travelled beside the event's JSON in `message` that belongs inside it.
    fn attach(&mut self, _message: &JsValue) {}
}

impl Answer for WorkerEvent {
    fn crashed() -> Self {
        WorkerEvent::Failed { id: u64::MAX, failure: RunFailure::Crashed }
    }

    fn attach(&mut self, message: &JsValue) {
        if let WorkerEvent::Read { outcome: ReadOutcome::Read { numbers, .. }, .. } = self
            && let Ok(beside) = js_sys::Reflect::get(message, &NUMBERS_KEY.into())
            && let Ok(beside) = beside.dyn_into::<js_sys::Float64Array>()
        {
            *numbers = beside.to_vec();
        }
    }
}

impl Answer for OpsEvent {
    fn crashed() -> Self {
        OpsEvent::Failed { id: u64::MAX, kind: OpsFailure::Crashed, detail: String::new() }
    }
}

/// Page side: a worker, started on first use, whose answers are `E`s.
pub struct EngineWorker<E: Answer> {
    inner: Rc<RefCell<Option<Running>>>,
    handler: Rc<dyn Fn(E, Option<js_sys::JsString>)>,
}

impl<E: Answer> Clone for EngineWorker<E> {
    fn clone(&self) -> Self {
        EngineWorker { inner: self.inner.clone(), handler: self.handler.clone() }
    }
}

struct Running {
    worker: web_sys::Worker,
    // Kept alive as long as the worker: the JS side calls them.
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// Why a worker could not be started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartError;

impl<E: Answer> EngineWorker<E> {
    /// A worker whose answers go to `handler` (not started until the first message).
    pub fn new(handler: impl Fn(E) + 'static) -> Self {
        Self::with_attachments(move |event, _| handler(event))
    }

    /// A worker whose answers go to `handler`, each with the text carried beside it, if any
    /// ([`attachment`]).
    pub fn with_attachments(handler: impl Fn(E, Option<js_sys::JsString>) + 'static) -> Self {
        EngineWorker { inner: Rc::new(RefCell::new(None)), handler: Rc::new(handler) }
    }

    fn start(&self) -> Result<(), StartError> {
        if self.inner.borrow().is_some() {
            return Ok(());
        }
        let worker = prestarted().or_else(start_new).ok_or(StartError)?;
        let handler = self.handler.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                let attached = attachment(&data);
                if let Some(event) = decode_event::<E>(data) {
                    handler(event, attached);
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // A worker that dies (a trap, out of memory) answers no more: report it and let the
        // next message start a new one.
        let inner = self.inner.clone();
        let handler = self.handler.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            if let Some(running) = inner.borrow_mut().take() {
                running.worker.terminate();
            }
            handler(E::crashed(), None);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.inner.borrow_mut() =
            Some(Running { worker, _on_message: on_message, _on_error: on_error });
        Ok(())
    }

    /// Sends `request` (JSON text under `key`) with `files` (byte buffers, transferred, not
    /// copied), starting the worker if needed.
    pub fn send(
        &self,
        key: &str,
        request: &str,
        files: &[(&str, &[u8])],
    ) -> Result<(), StartError> {
        self.start()?;
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &key.into(), &JsValue::from_str(request))
            .map_err(|_| StartError)?;
        let transfer = js_sys::Array::new();
        for (name, bytes) in files {
            let array = js_sys::Uint8Array::from(*bytes);
            js_sys::Reflect::set(&message, &(*name).into(), &array).map_err(|_| StartError)?;
            transfer.push(&array.buffer());
        }
        let inner = self.inner.borrow();
        let running = inner.as_ref().ok_or(StartError)?;
        running.worker.post_message_with_transfer(&message, &transfer).map_err(|_| StartError)
    }

    /// Stops whatever the worker is doing, at once.
    pub fn cancel(&self) {
        if let Some(running) = self.inner.borrow_mut().take() {
            running.worker.terminate();
        }
    }

    /// Stops whatever the worker is doing and starts a fresh one at once, so its wasm loads
    /// before the next message (which would otherwise start it).
    pub fn restart(&self) {
        self.cancel();
        // A worker that cannot start now is started (or reported) by the next message.
        let _ = self.start();
    }
}

impl EngineWorker<WorkerEvent> {
    /// Sends a file to read.
    pub fn read(&self, request: &ReadRequest, bytes: &[u8]) -> Result<(), StartError> {
        self.send(READ_KEY, &json::to_string(request), &[(BYTES_KEY, bytes)])
    }

    /// Sends a forecast run with the CSV bytes.
    pub fn run(&self, request: &RunRequest, bytes: &[u8]) -> Result<(), StartError> {
        self.send(REQUEST_KEY, &json::to_string(request), &[(BYTES_KEY, bytes)])
    }
}

impl EngineWorker<OpsEvent> {
    /// Sends a production task with the loaded data and, if chosen, the newer file.
    pub fn run_ops(
        &self,
        request: &OpsRequest,
        data: &[u8],
        newer: Option<&[u8]>,
    ) -> Result<(), StartError> {
        let mut files = vec![(BYTES_KEY, data)];
        if let Some(newer) = newer {
            files.push((NEWER_KEY, newer));
        }
        self.send(OPS_KEY, &json::to_string(request), &files)
    }
}
