//! The panel where data comes in: a drop zone (also a button opening the file picker), the
//! labelled file picker itself, and the one-click built-in datasets with their attributions.
//!
//! A file dropped anywhere on the page is accepted too (see [`page_drop_handlers`]), so a
//! slightly missed drop never makes the browser navigate away to the file.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use web_sys::DragEvent;

use crate::i18n::Msg;
use crate::state::{Source, Studio};
use prevision_engine::datasets::BuiltinDataset;

/// `id` of the file input, for its `<label for>`.
const FILE_INPUT_ID: &str = "file-input";

/// Whether a file is being dragged over the page, shared by the page and the drop zone.
#[derive(Debug, Clone, Copy)]
pub struct DragHover {
    /// Nesting depth of `dragenter` minus `dragleave`: child elements fire their own pairs.
    depth: RwSignal<i32>,
}

impl DragHover {
    /// A hover tracker with nothing dragged.
    pub fn new() -> Self {
        DragHover { depth: RwSignal::new(0) }
    }

    /// Whether something is over the page (tracked).
    pub fn active(&self) -> bool {
        self.depth.get() > 0
    }
}

impl Default for DragHover {
    fn default() -> Self {
        Self::new()
    }
}

impl DragHover {
    /// A drag entered the page or one of its children.
    pub fn enter(&self) {
        self.depth.update(|d| *d += 1);
    }

    /// A drag left the page or one of its children.
    pub fn leave(&self) {
        self.depth.update(|d| *d = (*d - 1).max(0));
    }

    /// The drag ended with a drop.
    pub fn reset(&self) {
        self.depth.set(0);
    }
}

/// Loads the first file of a drop anywhere on the page (cancelling the browser's own
/// handling, which would navigate away to the file).
pub fn accept_drop(studio: Studio, hover: DragHover, e: &DragEvent) {
    e.prevent_default();
    hover.reset();
    let file = e.data_transfer().and_then(|dt| dt.files()).and_then(|files| files.get(0));
    match file {
        Some(file) => studio.load_file(file),
        None => studio.fail_no_file(),
    }
}

/// The start panel.
#[component]
pub fn StartPanel() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let hover = expect_context::<DragHover>();
    let input_ref = NodeRef::<html::Input>::new();
    let t = move |msg: Msg<'static>| move || studio.t(msg.clone());

    let on_change = move |_: ev::Event| {
        let Some(input) = input_ref.get() else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            studio.load_file(file);
        }
        // Choosing the same file again must fire `change` again.
        input.set_value("");
    };
    let open_picker = move |_: ev::MouseEvent| {
        if let Some(input) = input_ref.get() {
            input.click();
        }
    };

    view! {
        <section class="start card" data-testid="start-panel" aria-labelledby="start-title">
            <div>
                <h2 id="start-title" data-testid="start-title">{t(Msg::StartTitle)}</h2>
                <p class="start-hint">{t(Msg::StartHint)}</p>
            </div>
            <button
                type="button"
                class="dropzone"
                class:is-dragging=move || hover.active()
                data-testid="drop-zone"
                on:click=open_picker
            >
                <svg width="32" height="32" viewBox="0 0 24 24" aria-hidden="true">
                    <path fill="currentColor" d="M12 3 7 8h3v6h4V8h3l-5-5Zm-7 14v2a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-2h-2v2H7v-2H5Z"></path>
                </svg>
                <span class="dropzone-title">
                    {move || {
                        if hover.active() { studio.t(Msg::DropZoneActive) } else { studio.t(Msg::DropZoneIdle) }
                    }}
                </span>
                <span class="dropzone-types">{t(Msg::AcceptedTypes)}</span>
            </button>
            <div class="picker">
                <input
                    type="file"
                    id=FILE_INPUT_ID
                    class="visually-hidden"
                    accept=".csv,.txt,.tsv"
                    data-testid="file-input"
                    node_ref=input_ref
                    on:change=on_change
                />
                <label for=FILE_INPUT_ID data-testid="file-input-label">{t(Msg::ChooseFile)}</label>
            </div>
            <BuiltinDatasets/>
        </section>
    }
}

/// The list of built-in datasets, each with its source and a load button.
#[component]
fn BuiltinDatasets() -> impl IntoView {
    let studio = expect_context::<Studio>();
    view! {
        <div class="datasets">
            <h3>{move || studio.t(Msg::BuiltInTitle)}</h3>
            <ul>
                {BuiltinDataset::ALL
                    .into_iter()
                    .map(|d| {
                        let current = move || studio.current_source() == Some(Source::BuiltIn(d));
                        view! {
                            <li class="dataset" class:is-current=current data-testid=format!("dataset-{}", d.code())>
                                <span class="dataset-name">{move || studio.t(Msg::DatasetName(d))}</span>
                                <span class="dataset-desc">{move || studio.t(Msg::DatasetDescription(d))}</span>
                                <span class="attribution" data-testid=format!("attribution-{}", d.code())>
                                    {move || studio.t(Msg::DatasetAttribution(d))}
                                </span>
                                <button
                                    type="button"
                                    class="button"
                                    data-testid=format!("load-{}", d.code())
                                    on:click=move |_| studio.load_dataset(d)
                                >
                                    {move || studio.t(Msg::LoadDataset(d))}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
