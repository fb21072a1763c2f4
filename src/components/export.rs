//! The exports of a finished run, all made in the page: the forecast as CSV in the user's own
//! convention, the chart as PNG, the full report and the fitted model as JSON, and a link that
//! restores the settings. A model exported here can be imported back: it forecasts the loaded
//! data again, which shows it round-trips. That forecast is made by an engine worker of its own
//! ([`crate::ops_protocol::OpsJob::Forecast`]): the page's wasm has no code to run a model.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::forecast::export::{CsvStyle, forecast_csv};
use prevision_engine::json;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::components::data_table::{Cell, Column, data_table};
use crate::i18n::{Lang, Ui};
use crate::ops_protocol::{OpsEvent, OpsJob, OpsOutcome, OpsRequest};
use crate::state::{Finished, LoadState, Studio};
use crate::worker::EngineWorker;

/// The base of every exported file's name (the source's name without its extension).
fn stem(f: &Finished) -> String {
    let name = f.source.name();
    let base = name.rsplit_once('.').map_or(name.as_str(), |(b, _)| b).to_owned();
    if base.is_empty() { "prevision".to_owned() } else { base }
}

/// Saves the forecast chart's canvas as a PNG file.
fn save_png(name: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Ok(Some(el)) = document.query_selector(
        "[data-testid='forecast-chart'] canvas, canvas[data-testid='forecast-chart']",
    ) else {
        return false;
    };
    let Ok(canvas) = el.dyn_into::<web_sys::HtmlCanvasElement>() else { return false };
    let Ok(url) = canvas.to_data_url_with_type("image/png") else { return false };
    browser::download_url(&document, name, &url);
    true
}

/// The export card.
#[component]
pub fn Exports(lang: Lang, finished: Arc<Finished>) -> impl IntoView {
    let studio = expect_context::<Studio>();
    let f = finished.clone();
    let csv = move |_| {
        let style = CsvStyle::of(&f.ingested.report);
        // The text starts with a UTF-8 BOM (for Excel): its bytes go to the Blob as they are.
        let text = forecast_csv(&f.run.report, style);
        let name = format!("{}-forecast.csv", stem(&f));
        browser::download(&name, "text/csv;charset=utf-8", text.as_bytes());
    };
    let f = finished.clone();
    let png = move |_| {
        save_png(&format!("{}-forecast.png", stem(&f)));
    };
    let f = finished.clone();
    let report = move |_| {
        let text = browser::pretty_json(&json::to_string(&f.run.report));
        browser::download(
            &format!("{}-report.json", stem(&f)),
            "application/json",
            text.as_bytes(),
        );
    };
    let f = finished.clone();
    let model = move |_| {
        if let Some(model) = f.model.get_untracked() {
            let name = format!("{}-model.json", stem(&f));
            browser::download(&name, "application/json", model.text().as_bytes());
        }
    };
    // The worker sends the model just after the report.
    let model_pending = {
        let model = finished.model.clone();
        move || model.with(Option::is_none)
    };
    let share = {
        let dataset = finished.source.dataset();
        let pairs = finished.settings.to_query(dataset);
        browser::page_url_with(&pairs).unwrap_or_default()
    };
    let share_for_bar = share.clone();
    let imported: RwSignal<Option<Result<Vec<Vec<f64>>, ()>>> = RwSignal::new(None);
    // The worker forecasting with an imported model, kept until it answers.
    let importer: StoredValue<Option<EngineWorker<OpsEvent>>, LocalStorage> =
        StoredValue::new_local(None);
    on_cleanup(move || {
        importer.try_update_value(|w| w.take().inspect(EngineWorker::cancel));
    });
    let on_import = move |e: leptos::ev::Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        imported.set(None);
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            let LoadState::Ready { bytes, .. } = studio.load.get_untracked() else {
                imported.set(Some(Err(())));
                return;
            };
            let Some(model) = text else {
                imported.set(Some(Err(())));
                return;
            };
            let request = OpsRequest {
                id: 1,
                ingest: studio.options.get_untracked(),
                job: OpsJob::Forecast { model },
            };
            let worker = EngineWorker::new(move |event: OpsEvent| {
                let result = match event {
                    OpsEvent::Progress { .. } => return,
                    OpsEvent::Done { outcome, .. } => match *outcome {
                        OpsOutcome::Forecasted(points) => Ok(points),
                        _ => Err(()),
                    },
                    OpsEvent::Failed { .. } => Err(()),
                };
                imported.try_set(Some(result));
                // Stopped after this handler returns, not from inside its own message callback.
                leptos::task::spawn_local(async move {
                    importer.try_update_value(|w| w.take().inspect(EngineWorker::cancel));
                });
            });
            importer.update_value(|w| {
                if let Some(old) = w.replace(worker.clone()) {
                    old.cancel();
                }
            });
            if worker.run_ops(&request, &bytes, None).is_err() {
                imported.set(Some(Err(())));
            }
        });
    };
    let freq = finished.run.report.frequency;
    let stamps =
        finished.run.report.forecasts.first().map(|s| s.timestamps.clone()).unwrap_or_default();
    view! {
        <section class="card wide" data-testid="exports" aria-labelledby="exports-title">
            <h2 id="exports-title">{lang.ui(Ui::ExportTitle)}</h2>
            <p class="help">{lang.ui(Ui::ExportHelp)}</p>
            <div class="actions">
                <button type="button" class="button" data-testid="export-csv" on:click=csv>{lang.ui(Ui::ExportCsv)}</button>
                <button type="button" class="button" data-testid="export-png" on:click=png>{lang.ui(Ui::ExportPng)}</button>
                <button type="button" class="button" data-testid="export-report" on:click=report>{lang.ui(Ui::ExportReport)}</button>
                <button type="button" class="button" data-testid="export-model" disabled=model_pending on:click=model>{lang.ui(Ui::ExportModel)}</button>
            </div>
            <div class="field">
                <label for="share-link">{lang.ui(Ui::ShareTitle)}</label>
                <input
                    id="share-link"
                    type="text"
                    readonly=true
                    data-testid="share-link"
                    aria-describedby="share-help"
                    prop:value=share
                    on:focus=move |e| {
                        if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            i.select();
                        }
                        browser::replace_url(&share_for_bar);
                    }
                />
                <p class="help" id="share-help">{lang.ui(Ui::ShareHelp)}</p>
            </div>
            <div class="field">
                <label for="import-model">{lang.ui(Ui::ImportModel)}</label>
                <input id="import-model" type="file" accept=".json,application/json" data-testid="import-model" on:change=on_import/>
                <p class="help">{lang.ui(Ui::ImportModelHelp)}</p>
            </div>
            {move || {
                imported
                    .get()
                    .map(|result| match result {
                        Ok(points) => {
                            // The first series the run forecast (a series too short for it
                            // gets no points), as the report's first forecast.
                            let rows = points
                                .iter()
                                .find(|p| !p.is_empty())
                                .map(|p| {
                                    let scale = p.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                                    let decimals = prevision_engine::stats::display_decimals(scale, 1);
                                    p.iter()
                                        .zip(&stamps)
                                        .map(|(v, t)| vec![Cell::date(lang.date(*t, freq)), Cell::num(lang.number(*v, decimals))])
                                        .collect()
                                })
                                .unwrap_or_default();
                            view! {
                                <h3>{lang.ui(Ui::ImportedTitle)}</h3>
                                {data_table(
                                    "imported-forecast",
                                    vec![Column::text(lang.ui(Ui::ColDate).into()), Column::num(lang.ui(Ui::ColForecast).into())],
                                    rows,
                                    true,
                                )}
                            }
                                .into_any()
                        }
                        Err(()) => view! { <p class="error-text" role="alert" data-testid="import-error">{lang.ui(Ui::ImportFailed)}</p> }.into_any(),
                    })
            }}
        </section>
    }
}
