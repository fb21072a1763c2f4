//! Prevision's browser app: sets the panic hook and mounts the root component.

fn main() {
    prevision::panic::install();
    leptos::mount::mount_to_body(prevision::app::App);
}
