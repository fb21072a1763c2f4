//! The engine's Web Worker: a wasm of its own, with the engine but without the page's views
//! and charts. `assets/worker.js` loads it and hands every message to [`worker_handle`].

use wasm_bindgen::prelude::*;

/// Heap the engine gets in one piece when the worker starts. Otherwise the allocator grows the
/// wasm memory 64 KiB at a time as a run needs it: ~300 growths per worker during a first
/// forecast of the retail demo (whose worker heap reaches ~20 MB), 70–105 ms of `GrowMemory`
/// per worker in a Chromium trace. Pages the engine never touches cost no physical memory.
const INITIAL_HEAP_BYTES: usize = 32 << 20;

fn main() {
    console_error_panic_hook::set_once();
    // Allocated and freed at once: the allocator keeps the block as free space and carves the
    // run's allocations out of it (it never hands wasm memory back).
    let reserved = Vec::<u8>::with_capacity(INITIAL_HEAP_BYTES);
    drop(std::hint::black_box(reserved));
}

/// Entry point of the engine worker: runs one message from the page.
#[wasm_bindgen]
pub fn worker_handle(data: JsValue) {
    prevision::worker::worker_handle(data);
}
