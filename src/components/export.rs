//! The exports of a finished run, all made in the page: the forecast as CSV in the user's own
//! convention, the chart as PNG, the full report and the fitted model as JSON, and a link that
//! restores the settings. A model exported here can be imported back: it forecasts the loaded
//! data again, which shows it round-trips. That forecast is made by an engine worker of its own
//! ([`crate::ops_protocol::OpsJob::Forecast`]): the page's wasm has no code to run a model.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::forecast::export::{BOM, CsvStyle, forecast_csv};
use prevision_engine::forecast::report::ForecastReport;
use prevision_engine::forecast::reuse::ReusedForecast;
use prevision_engine::frame::Frequency;
use prevision_engine::json;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::components::data_table::{Cell, Column, data_table};
use crate::components::file_picker::{FilePicker, chosen_text};
use crate::i18n::{Lang, Msg, Ui};
use crate::ops_protocol::{OpsEvent, OpsJob, OpsOutcome, OpsRequest};
use crate::state::{Finished, ImportProblem, LoadState, Studio};
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
        let text = csv_headers_in(lang, &f.run.report, style, forecast_csv(&f.run.report, style));
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
    // Kept with the run, so the table outlives this card being drawn again in the other
    // language.
    let imported = RwSignal::from(finished.imported.clone());
    // The worker forecasting with an imported model, kept until it answers.
    let importer: StoredValue<Option<EngineWorker<OpsEvent>>, LocalStorage> =
        StoredValue::new_local(None);
    on_cleanup(move || {
        importer.try_update_value(|w| w.take().inspect(EngineWorker::cancel));
    });
    // The name of the model file chosen, shown beside the picker.
    let import_name = RwSignal::from(finished.import_name.clone());
    let on_import = move |e: leptos::ev::Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        import_name.set(Some(file.name()));
        imported.set(None);
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            let LoadState::Ready { bytes, .. } = studio.load.get_untracked() else {
                imported.set(Some(Err(ImportProblem::Unreadable)));
                return;
            };
            let Some(model) = text else {
                imported.set(Some(Err(ImportProblem::Unreadable)));
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
                        OpsOutcome::Refused(why) => Err(ImportProblem::Refused(why)),
                        _ => Err(ImportProblem::Unreadable),
                    },
                    OpsEvent::Failed { .. } => Err(ImportProblem::Unreadable),
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
                imported.set(Some(Err(ImportProblem::Unreadable)));
            }
        });
    };
    let freq = finished.run.report.frequency;
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
                <FilePicker
                    id="import-model"
                    testid="import-model"
                    accept=".json,application/json"
                    label=lang.ui(Ui::ImportModel).to_owned()
                    chosen=Signal::derive(move || chosen_text(lang, import_name.get().as_deref()))
                    chosen_testid="import-model-chosen"
                    on_change=on_import
                />
                <p class="help">{lang.ui(Ui::ImportModelHelp)}</p>
            </div>
            {move || {
                imported
                    .get()
                    .map(|result| match result {
                        Ok(points) => {
                            let (columns, rows) = imported_table(lang, freq, &points);
                            view! {
                                <h3>{lang.ui(Ui::ImportedTitle)}</h3>
                                {data_table("imported-forecast", lang.ui(Ui::ImportedTitle), columns, rows, true)}
                            }
                                .into_any()
                        }
                        Err(problem) => {
                            let text = match &problem {
                                ImportProblem::Refused(why) => lang.text(&Msg::ModelMismatch(why)),
                                ImportProblem::Unreadable => lang.ui(Ui::ImportFailed).to_owned(),
                            };
                            view! { <p class="error-text" role="alert" data-testid="import-error">{text}</p> }.into_any()
                        }
                    })
            }}
        </section>
    }
}

/// The imported model's forecast as a table: one row per series and step (with a series
/// column when there are several), its numbers with the decimals of the run's forecast table.
fn imported_table(
    lang: Lang,
    freq: Frequency,
    points: &[ReusedForecast],
) -> (Vec<Column>, Vec<Vec<Cell>>) {
    let several = points.len() > 1;
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text(lang.ui(Ui::SeriesChoice).into()));
    }
    columns.push(Column::text(lang.ui(Ui::ColDate).into()));
    columns.push(Column::num(lang.ui(Ui::ColForecast).into()));
    let mut rows = Vec::new();
    // One number of decimals for the column, by the rule of the run's forecast table, so the
    // same forecast reads the same in both.
    let decimals =
        crate::i18n::forecast_decimals(points.iter().flat_map(|p| p.values.iter().copied()));
    for p in points {
        for (v, t) in p.values.iter().zip(&p.timestamps) {
            let mut row = Vec::with_capacity(3);
            if several {
                row.push(Cell::text(p.series.clone()));
            }
            row.push(Cell::date(lang.date(*t, freq)));
            row.push(Cell::num(lang.fixed(*v, decimals)));
            rows.push(row);
        }
    }
    (columns, rows)
}

/// The forecast CSV's column headers in `lang`: `series`, `date`, the target's own name,
/// `lower_80`, `upper_80`… in English (as the engine writes them), `série`, `date`, the
/// target, `borne_basse_80`, `borne_haute_80`… in French. The export card's help says so.
fn csv_headers(lang: Lang, report: &ForecastReport, delimiter: char) -> String {
    let field = |text: &str| {
        if text.contains([delimiter, '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    let (series, date, lower, upper) = match lang {
        Lang::En => ("series", "date", "lower", "upper"),
        Lang::Fr => ("série", "date", "borne_basse", "borne_haute"),
    };
    let mut header = Vec::new();
    if report.forecasts.len() > 1 {
        header.push(series.to_owned());
    }
    header.push(date.to_owned());
    header.push(field(&report.target_name));
    for band in report.forecasts.first().map(|f| f.bands.as_slice()).unwrap_or_default() {
        let pct = (band.level * 100.0).round();
        header.push(format!("{lower}_{pct}"));
        header.push(format!("{upper}_{pct}"));
    }
    header.join(&delimiter.to_string())
}

/// `csv` (the engine's forecast CSV of `report`) with its header line in `lang`. The line is
/// replaced only when it is the English header the engine writes, so a change of the engine's
/// columns leaves its own header rather than a wrong one.
fn csv_headers_in(lang: Lang, report: &ForecastReport, style: CsvStyle, csv: String) -> String {
    let english = csv_headers(Lang::En, report, style.delimiter);
    let body = csv.strip_prefix(BOM).unwrap_or(&csv);
    match body.split_once("\r\n") {
        Some((first, rest)) if first == english && lang != Lang::En => {
            format!("{BOM}{}\r\n{rest}", csv_headers(lang, report, style.delimiter))
        }
        _ => csv,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prevision_engine::ingest::{IngestOptions, ingest};
    use prevision_engine::spec::{ForecastSpec, ModelSpec};

    fn report(csv: &str) -> (ForecastReport, CsvStyle) {
        let ingested = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
        let spec = ForecastSpec {
            models: vec![ModelSpec::Naive, ModelSpec::SeasonalNaive],
            ..ForecastSpec::default()
        };
        let run = prevision_engine::forecast::run(&ingested.frame, &spec, &mut ()).expect("runs");
        (run.report, CsvStyle::of(&ingested.report))
    }

    #[test]
    fn the_forecast_csv_headers_follow_the_interface_language() {
        let mut csv = String::from("Date;Magasin;Chiffre d'affaires (€)\r\n");
        for day in 0..60 {
            let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
                + chrono::Duration::days(day);
            for (store, base) in [("Lyon", 100), ("Nantes", 300)] {
                let v = base + (day % 7) * 10;
                csv.push_str(&format!("{};{store};{v},5\r\n", d.format("%d/%m/%Y")));
            }
        }
        let (report, style) = report(&csv);
        let engine = forecast_csv(&report, style);
        // English keeps the engine's header, byte for byte.
        assert_eq!(csv_headers_in(Lang::En, &report, style, engine.clone()), engine);
        let french = csv_headers_in(Lang::Fr, &report, style, engine.clone());
        let mut lines = french.lines();
        assert_eq!(
            lines.next(),
            Some(
                "\u{feff}série;date;Chiffre d'affaires (€);borne_basse_80;borne_haute_80;\
                 borne_basse_95;borne_haute_95"
            )
        );
        // Only the header changes.
        assert!(lines.eq(engine.lines().skip(1)));
        // A header the app does not recognise is left as the engine wrote it.
        let odd = format!("{BOM}when;what\r\n1;2\r\n");
        assert_eq!(csv_headers_in(Lang::Fr, &report, style, odd.clone()), odd);
    }
}
