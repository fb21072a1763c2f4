//! The studio once data is loaded: the run bar (run, progress, cancel), the four step tabs
//! (Data, Set-up, Results, Production) and the panel of the chosen step.
//!
//! Tabs follow the WAI-ARIA tabs pattern: a `tablist` of buttons with `aria-selected`, arrow
//! keys move between them, and the panel is labelled by its tab.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::ingest::Ingested;

use crate::components::outcome::Outcome;
use crate::components::production::ProductionPanel;
use crate::components::report::ReportView;
use crate::components::roles::RolesEditor;
use crate::components::setup::SetupPanel;
use crate::i18n::Ui;
use crate::state::{LoadState, RunState, Source, Studio, Tab};

/// The loaded data and where it came from (tracked), if any.
pub fn loaded(studio: Studio) -> Option<(Source, Arc<Ingested>)> {
    studio.load.with(|state| match state {
        LoadState::Ready { source, ingested, .. } => Some((source.clone(), ingested.clone())),
        _ => None,
    })
}

/// Run bar, tabs and the current panel.
#[component]
pub fn Workspace() -> impl IntoView {
    let studio = expect_context::<Studio>();
    view! {
        <RunBar/>
        <Tabs/>
        <div
            class="tab-panel"
            role="tabpanel"
            id="tab-panel"
            aria-labelledby=move || format!("tab-{}", studio.tab.get().code())
            data-testid=move || format!("panel-{}", studio.tab.get().code())
        >
            {move || match studio.tab.get() {
                Tab::Data => view! { <DataPanel/> }.into_any(),
                Tab::Setup => view! { <SetupPanel/> }.into_any(),
                Tab::Results => view! { <Outcome/> }.into_any(),
                Tab::Production => view! { <ProductionPanel/> }.into_any(),
            }}
        </div>
    }
}

/// The data step: column roles, exploration charts, then the quality report (which holds the
/// preview).
#[component]
fn DataPanel() -> impl IntoView {
    let studio = expect_context::<Studio>();
    // The report follows the holiday calendar only, not every other setting.
    let holidays = Memo::new(move |_| studio.settings.with(|s| s.holidays.spec()));
    view! {
        <RolesEditor/>
        <section class="card wide" data-testid="explore" aria-labelledby="explore-title">
            <h2 id="explore-title">{move || studio.ui(Ui::ExploreTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::ExploreHelp)}</p>
            {move || {
                let lang = studio.lang.get();
                loaded(studio).map(|(_, ingested)| crate::components::charts_glue::exploration(lang, &ingested))
            }}
        </section>
        {move || {
            let lang = studio.lang.get();
            let holidays = holidays.get();
            loaded(studio)
                .map(|(source, ingested)| view! { <ReportView lang source ingested holidays/> })
        }}
    }
}

/// The WAI-ARIA tab keys on a tab list of `all` where `current` is selected: the tab that
/// ArrowLeft / ArrowRight (wrapping), Home or End selects, focused through its element id
/// `id(tab)`; `None` for any other key (left to the browser).
pub fn tab_key<T: Copy + PartialEq>(
    all: &[T],
    current: T,
    e: &leptos::ev::KeyboardEvent,
    id: impl Fn(T) -> String,
) -> Option<T> {
    let at = all.iter().position(|t| *t == current).unwrap_or(0);
    let next = match e.key().as_str() {
        "ArrowRight" => (at + 1) % all.len(),
        "ArrowLeft" => (at + all.len() - 1) % all.len(),
        "Home" => 0,
        "End" => all.len() - 1,
        _ => return None,
    };
    e.prevent_default();
    focus_by_id(&id(all[next]));
    Some(all[next])
}

/// Moves the keyboard focus (and the view) to the element with `id`, if there is one.
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
    {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// The step tabs.
#[component]
fn Tabs() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let label = move |tab: Tab| match tab {
        Tab::Data => Ui::TabData,
        Tab::Setup => Ui::TabSetup,
        Tab::Results => Ui::TabResults,
        Tab::Production => Ui::TabProduction,
    };
    let on_key = move |e: leptos::ev::KeyboardEvent| {
        if let Some(tab) =
            tab_key(&Tab::ALL, studio.tab.get_untracked(), &e, |t| format!("tab-{}", t.code()))
        {
            studio.tab.set(tab);
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label=move || studio.ui(Ui::TabsLabel) on:keydown=on_key>
            {Tab::ALL
                .into_iter()
                .map(|tab| {
                    let selected = move || studio.tab.get() == tab;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            id=format!("tab-{}", tab.code())
                            class="tab"
                            aria-controls="tab-panel"
                            aria-selected=move || selected().to_string()
                            tabindex=move || if selected() { "0" } else { "-1" }
                            data-testid=format!("tab-{}", tab.code())
                            on:click=move |_| studio.tab.set(tab)
                        >
                            {move || studio.ui(label(tab))}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Where a running forecast stands in words: the model each worker last reported, counted
/// by its own place in the run, and its window, in worker order, one line each.
fn progress_text(lang: crate::i18n::Lang, p: &crate::state::RunProgress) -> String {
    p.workers
        .iter()
        .flatten()
        .map(|l| {
            lang.progress(
                &lang.model_name(&l.model),
                l.model_index + 1,
                l.model_count,
                l.fold,
                l.fold_count,
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Run and Cancel, and where the run stands.
#[component]
fn RunBar() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let running = move || studio.run.with(|r| matches!(r, RunState::Running { .. }));
    let fraction = move || {
        studio.run.with(|r| match r {
            RunState::Running { progress: Some(p) } => p.fraction(),
            RunState::Done(_) => 1.0,
            _ => 0.0,
        })
    };
    let status = move || {
        let lang = studio.lang.get();
        studio.run.with(|r| match r {
            RunState::Idle => lang.ui(Ui::RunIdle).to_owned(),
            RunState::Running { progress: None } => lang.ui(Ui::RunStarting).to_owned(),
            RunState::Running { progress: Some(p) } => progress_text(lang, p),
            RunState::Done(f) => lang.computed_in(f.elapsed_ms),
            RunState::Failed(failure) => lang.run_failure(failure),
            RunState::Cancelled => lang.ui(Ui::RunCancelled).to_owned(),
        })
    };
    let failed = move || studio.run.with(|r| matches!(r, RunState::Failed(_)));
    view! {
        <div class="run-bar" data-testid="run-bar">
            <button
                type="button"
                class="button primary"
                data-testid="run-button"
                disabled=running
                on:click=move |_| studio.start_run()
            >
                {move || studio.ui(Ui::RunButton)}
            </button>
            <button
                type="button"
                class="button"
                data-testid="cancel-button"
                disabled=move || !running()
                on:click=move |_| studio.cancel_run()
            >
                {move || studio.ui(Ui::CancelButton)}
            </button>
            <div class="run-status">
                <progress
                    data-testid="run-progress"
                    max="1"
                    prop:value=fraction
                    aria-label=move || studio.ui(Ui::ProgressLabel)
                    class:is-idle=move || !running()
                ></progress>
                <p
                    role="status"
                    aria-live="polite"
                    data-testid="run-status"
                    class:is-error=failed
                >
                    {status}
                </p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::state::RunProgress;
    use prevision_engine::forecast::Progress;

    fn step(model_index: usize, model: &str, fold: usize) -> Progress {
        Progress { model_index, model_count: 11, model: model.into(), fold, fold_count: 5 }
    }

    #[test]
    fn the_progress_counter_names_each_workers_model_in_worker_order() {
        // Two workers: worker 1 ends the run's last model (Extra trees, model 11) while
        // worker 0 is still on its own (Random forest, model 8). The bar sums both; the words
        // name each worker's model by its own place, always in the same order.
        let extra = step(10, "extra_trees", 5);
        let forest = step(7, "random_forest", 2);
        let name = |lang: Lang, key: &str| lang.model_name(key);
        let first = RunProgress::reported(None, 1, extra.clone(), Some(step(9, "extra_trees", 1)));
        assert_eq!(
            progress_text(Lang::En, &first),
            format!("Model 11 of 11 ({}), final fit", name(Lang::En, "extra_trees"))
        );
        // What `SplitRun::progress` makes of the second report: the steps of both workers
        // summed, which fall in model 11.
        let merged = Progress { model_index: 10, ..forest.clone() };
        let second = RunProgress::reported(Some(first), 0, forest.clone(), Some(merged));
        let both = |lang: Lang, forest_words: &str, extra_words: &str| {
            format!("{forest_words}\n{extra_words}")
                .replace("RF", &name(lang, "random_forest"))
                .replace("ET", &name(lang, "extra_trees"))
        };
        assert_eq!(
            progress_text(Lang::En, &second),
            both(Lang::En, "Model 8 of 11 (RF), window 3 of 5", "Model 11 of 11 (ET), final fit")
        );
        assert_eq!(
            progress_text(Lang::Fr, &second),
            both(
                Lang::Fr,
                "Modèle 8 sur 11 (RF), fenêtre 3 sur 5",
                "Modèle 11 sur 11 (ET), ajustement final"
            )
        );
        // The bar follows the whole run: model 11's third window of six steps each.
        assert!((second.fraction() - (10.0 * 6.0 + 2.0) / 66.0).abs() < 1e-12);
        // A worker's next report replaces its own words only.
        let third = RunProgress::reported(Some(second), 0, step(7, "random_forest", 3), None);
        assert!(progress_text(Lang::En, &third).starts_with("Model 8 of 11"));
        assert!(progress_text(Lang::En, &third).contains("window 4 of 5\nModel 11 of 11"));
        // Alone, a worker's report is the run's.
        let alone = RunProgress::reported(None, 0, forest, None);
        assert_eq!(alone.overall, alone.workers[0].clone().expect("reported"));
    }
}
