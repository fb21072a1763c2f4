//! Both ends of the Web Worker that runs the engine off the page's thread.
//!
//! **One wasm, two threads.** The worker loads the very same wasm file as the page
//! (`assets/worker.js` imports the page's JS glue and wasm by the hashed names `boot.js` was
//! given), so the download is shared through the HTTP cache and the size budget is counted once.
//! In the worker, `main` sees no `window` and mounts nothing; `worker.js` then hands every
//! message to [`worker_handle`].
//!
//! The page side is [`EngineWorker`]: it starts the worker lazily, sends run requests, turns
//! the answers into calls on the caller's handler, and cancels by terminating the worker (the
//! engine runs synchronously there, so no message could interrupt it) — the next run starts a
//! fresh one.

use std::cell::RefCell;
use std::rc::Rc;

use prevision_engine::json;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::protocol::{RunFailure, RunRequest, WorkerEvent, execute};

/// Key of the request (JSON text) in a message to the worker.
const REQUEST_KEY: &str = "request";
/// Key of the CSV bytes in a message to the worker.
const BYTES_KEY: &str = "bytes";

/// An event as the worker posts it: JSON text (NaN written as `null`, read back as NaN).
pub fn encode_event(event: &WorkerEvent) -> JsValue {
    JsValue::from_str(&json::to_string(event))
}

/// An event as the page receives it; `None` for anything that is not one.
pub fn decode_event(value: JsValue) -> Option<WorkerEvent> {
    json::from_str(&value.as_string()?).ok()
}

/// Worker side: runs one message from the page and posts the answers.
pub fn worker_handle(data: JsValue) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = |event: &WorkerEvent| {
        let _ = scope.post_message(&encode_event(event));
    };
    let Some(text) =
        js_sys::Reflect::get(&data, &REQUEST_KEY.into()).ok().and_then(|r| r.as_string())
    else {
        return;
    };
    let request = match json::from_str::<RunRequest>(&text) {
        Ok(r) => r,
        Err(e) => {
            post(&WorkerEvent::Failed {
                id: 0,
                failure: RunFailure::BadRequest { detail: e.to_string() },
            });
            return;
        }
    };
    let bytes = js_sys::Reflect::get(&data, &BYTES_KEY.into())
        .ok()
        .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let id = request.id;
    let event = execute(
        &request,
        &bytes,
        &mut |progress| post(&WorkerEvent::Progress { id, progress: progress.clone() }),
        &js_sys::Date::now,
    );
    post(&event);
}

/// The file names of the page's own JS glue and wasm, as `boot.js` recorded them.
fn asset_names() -> Option<(String, String)> {
    let assets = js_sys::Reflect::get(&js_sys::global(), &"__previsionAssets".into()).ok()?;
    let get = |key: &str| js_sys::Reflect::get(&assets, &key.into()).ok()?.as_string();
    Some((get("js")?, get("wasm")?))
}

type Handler = Rc<dyn Fn(WorkerEvent)>;

/// Page side: the worker, started on first use.
#[derive(Clone)]
pub struct EngineWorker {
    inner: Rc<RefCell<Option<Running>>>,
    handler: Handler,
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

impl EngineWorker {
    /// A worker whose answers go to `handler` (not started until the first run).
    pub fn new(handler: impl Fn(WorkerEvent) + 'static) -> Self {
        EngineWorker { inner: Rc::new(RefCell::new(None)), handler: Rc::new(handler) }
    }

    fn start(&self) -> Result<(), StartError> {
        if self.inner.borrow().is_some() {
            return Ok(());
        }
        let (js, wasm) = asset_names().ok_or(StartError)?;
        let url = format!(
            "worker.js?js={}&wasm={}",
            js_sys::encode_uri_component(&js),
            js_sys::encode_uri_component(&wasm)
        );
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &options).map_err(|_| StartError)?;
        let handler = self.handler.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(event) = decode_event(e.data()) {
                    handler(event);
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // A worker that dies (a trap, out of memory) answers no more: report it and let the
        // next run start a new one.
        let inner = self.inner.clone();
        let handler = self.handler.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            if let Some(running) = inner.borrow_mut().take() {
                running.worker.terminate();
            }
            handler(WorkerEvent::Failed { id: u64::MAX, failure: RunFailure::Crashed });
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.inner.borrow_mut() =
            Some(Running { worker, _on_message: on_message, _on_error: on_error });
        Ok(())
    }

    /// Sends a run to the worker, starting it if needed.
    pub fn run(&self, request: &RunRequest, bytes: &[u8]) -> Result<(), StartError> {
        self.start()?;
        let message = js_sys::Object::new();
        let request = JsValue::from_str(&json::to_string(request));
        js_sys::Reflect::set(&message, &REQUEST_KEY.into(), &request).map_err(|_| StartError)?;
        let array = js_sys::Uint8Array::from(bytes);
        js_sys::Reflect::set(&message, &BYTES_KEY.into(), &array).map_err(|_| StartError)?;
        let inner = self.inner.borrow();
        let running = inner.as_ref().ok_or(StartError)?;
        // The bytes' buffer is transferred, not copied a second time.
        let transfer = js_sys::Array::of1(&array.buffer());
        running.worker.post_message_with_transfer(&message, &transfer).map_err(|_| StartError)
    }

    /// Stops whatever the worker is doing, at once.
    pub fn cancel(&self) {
        if let Some(running) = self.inner.borrow_mut().take() {
            running.worker.terminate();
        }
    }
}
