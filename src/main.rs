//! Prevision's browser app: sets the panic hook and mounts the root component.
//!
//! The same wasm also runs inside the engine's Web Worker (see `prevision::worker`): there is
//! no `window` there, so nothing is mounted and the worker's script calls [`worker_handle`].

use wasm_bindgen::prelude::*;

fn main() {
    if web_sys::window().is_none() {
        console_error_panic_hook::set_once();
        return;
    }
    prevision::panic::install();
    leptos::mount::mount_to_body(prevision::app::App);
}

/// Entry point of the engine worker: runs one message from the page.
#[wasm_bindgen]
pub fn worker_handle(data: JsValue) {
    prevision::worker::worker_handle(data);
}
