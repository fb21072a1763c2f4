//! The right-hand side of the page: whatever the load state calls for — a hint, a progress
//! line, an error, or the workspace (run bar, step tabs and the chosen step).

use leptos::prelude::*;

use crate::components::error_panel::ErrorPanel;
use crate::components::workspace::Workspace;
use crate::i18n::Msg;
use crate::state::{LoadState, Studio};

/// The results area.
#[component]
pub fn Results() -> impl IntoView {
    let studio = expect_context::<Studio>();
    // Only the kind of state decides the layout; the workspace itself follows finer changes,
    // so a new run or a language switch does not rebuild the tabs.
    let kind = Memo::new(move |_| {
        studio.load.with(|state| match state {
            LoadState::Empty => 0,
            LoadState::Reading { .. } => 1,
            LoadState::Failed { .. } => 2,
            LoadState::Ready { .. } => 3,
        })
    });
    view! {
        <div class="results" data-testid="results">
            {move || match kind.get() {
                0 => {
                    view! {
                        <p class="status" data-testid="nothing-loaded">
                            {move || studio.t(Msg::NothingLoaded)}
                        </p>
                    }
                        .into_any()
                }
                1 => {
                    view! {
                        <p class="status" role="status" data-testid="reading-status">
                            <span class="spinner" aria-hidden="true"></span>
                            {move || {
                                let name = studio.current_source().map(|s| s.name()).unwrap_or_default();
                                studio.t(Msg::Reading { source: &name })
                            }}
                        </p>
                    }
                        .into_any()
                }
                2 => {
                    view! {
                        {move || {
                            let lang = studio.lang.get();
                            studio
                                .load
                                .with(|state| match state {
                                    LoadState::Failed { source, error } => {
                                        Some(
                                            view! {
                                                <ErrorPanel lang source=source.name() error=error.clone()/>
                                            },
                                        )
                                    }
                                    _ => None,
                                })
                        }}
                    }
                        .into_any()
                }
                _ => view! { <Workspace/> }.into_any(),
            }}
        </div>
    }
}
