//! The root component: creates the shared [`Studio`], keeps `<html lang>` and the tab title in
//! step with the language, loads the first built-in dataset, and lays out the page.

use leptos::prelude::*;

use crate::browser;
use crate::components::header::Header;
use crate::components::results::Results;
use crate::components::start_panel::{DragHover, StartPanel, accept_drop};
use crate::datasets::BuiltInDataset;
use crate::i18n::Msg;
use crate::state::Studio;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let studio = Studio::new(browser::initial_lang());
    let hover = DragHover::new();
    provide_context(studio);
    provide_context(hover);

    Effect::new(move |_| {
        let lang = studio.lang.get();
        browser::set_document_lang(lang, &lang.text(&Msg::AppName));
    });
    // A first visit shows a real report at once rather than an empty page.
    studio.load_dataset(BuiltInDataset::FIRST);

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
