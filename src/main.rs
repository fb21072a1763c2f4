//! Prevision's browser app: sets the panic hook and mounts the root component.

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(|| view! { <h1>"Prevision"</h1> });
}
