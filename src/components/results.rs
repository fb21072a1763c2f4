//! The right-hand side of the page: whatever the load state calls for — a hint, a progress
//! line, an error or the report. Rebuilt on a language switch (it is all text).

use leptos::prelude::*;

use crate::components::error_panel::ErrorPanel;
use crate::components::report::ReportView;
use crate::i18n::Msg;
use crate::state::{LoadState, Studio};

/// The results area.
#[component]
pub fn Results() -> impl IntoView {
    let studio = expect_context::<Studio>();
    view! {
        <div class="results" data-testid="results">
            {move || {
                let lang = studio.lang.get();
                studio
                    .load
                    .with(|state| match state {
                        LoadState::Empty => {
                            view! {
                                <p class="status" data-testid="nothing-loaded">
                                    {lang.text(&Msg::NothingLoaded)}
                                </p>
                            }
                                .into_any()
                        }
                        LoadState::Reading { source } => {
                            view! {
                                <p class="status" role="status" data-testid="reading-status">
                                    <span class="spinner" aria-hidden="true"></span>
                                    {lang.text(&Msg::Reading { source: source.name() })}
                                </p>
                            }
                                .into_any()
                        }
                        LoadState::Failed { source, error } => {
                            view! {
                                <ErrorPanel lang source=source.name().to_owned() error=error.clone()/>
                            }
                                .into_any()
                        }
                        LoadState::Ready { source, ingested } => {
                            view! { <ReportView lang source=source.clone() ingested=ingested.clone()/> }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}
