//! Prevision's browser app: sets the panic hook and mounts the root component.
//!
//! The engine's Web Worker is a wasm of its own (`src/bin/prevision-worker.rs`), so this one
//! carries the views and charts but none of the model fitting.

fn main() {
    prevision::panic::install();
    // The header index.html shows while the wasm loads gives way to the app's own.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("boot-shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(prevision::app::App);
}
