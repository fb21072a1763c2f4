//! The root component: creates the shared [`Studio`] and [`crate::ops::Ops`] (whose model
//! registry is read from the browser's storage), keeps `<html lang>` and the tab title in
//! step with the language, loads the first built-in dataset, and lays out the page.

use leptos::prelude::*;

use crate::browser;
use crate::components::header::Header;
use crate::components::results::Results;
use crate::components::start_panel::{DragHover, StartPanel, accept_drop};
use crate::i18n::Msg;
use crate::settings::Settings;
use crate::state::Studio;
use prevision_engine::datasets::BuiltinDataset;

/// The dataset a first visit opens with: the retail story (weekly rhythm, holidays,
/// promotions) shows every part of the studio.
pub const FIRST_DATASET: BuiltinDataset = BuiltinDataset::RetailDemo;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let studio = Studio::new(browser::initial_lang());
    let hover = DragHover::new();
    let ops = crate::ops::Ops::new();
    provide_context(studio);
    provide_context(hover);
    provide_context(ops);
    ops.load_registry();

    Effect::new(move |_| {
        let lang = studio.lang.get();
        browser::set_document_lang(lang, &lang.text(&Msg::AppName));
    });
    // A shared link restores its settings and built-in dataset; otherwise the last session's
    // settings come back. Either way a first visit shows real results at once.
    let pairs = browser::query_pairs();
    let dataset =
        pairs.iter().find(|(k, _)| k == "dataset").and_then(|(_, v)| BuiltinDataset::from_code(v));
    if pairs.iter().any(|(k, _)| k != "dataset") {
        studio
            .settings
            .set(Settings::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
        studio.load_dataset_as_is(dataset.unwrap_or(FIRST_DATASET));
    } else {
        if let Some(s) = browser::remembered_settings() {
            studio.settings.set(s);
        }
        studio.load_dataset(dataset.unwrap_or(FIRST_DATASET));
    }

    // A file dropped anywhere on the page is accepted; `dragover` must be cancelled for
    // `drop` to fire at all.
    view! {
        <div
            class="app"
            on:dragenter=move |e| {
                e.prevent_default();
                hover.enter();
            }
            on:dragover=move |e| e.prevent_default()
            on:dragleave=move |_| hover.leave()
            on:drop=move |e| accept_drop(studio, hover, &e)
        >
            <Header/>
            <main class="layout">
                <StartPanel/>
                <Results/>
            </main>
        </div>
    }
}
