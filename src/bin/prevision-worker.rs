//! The engine's Web Worker: a wasm of its own, with the engine but without the page's views
//! and charts. `assets/worker.js` loads it and hands every message to [`worker_handle`].

use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
}

/// Entry point of the engine worker: runs one message from the page.
#[wasm_bindgen]
pub fn worker_handle(data: JsValue) {
    prevision::worker::worker_handle(data);
}
