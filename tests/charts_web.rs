//! The chart component in a real browser (wasm-bindgen-test, headless Chromium): the canvas'
//! backing store follows its CSS size (also when only its box changes), the forecast is painted
//! in its colours, and keyboard focus shows the tooltip as text.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use prevision::charts::{Chart, ChartCanvas, ChartData, ChartText, ForecastChart};
use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::spec::{ForecastSpec, ModelSpec};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// Waits `ms` milliseconds, letting Leptos run its effects.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a window");
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("the timer fires");
}

fn forecast_chart() -> ForecastChart {
    let data = ingest(&BuiltinDataset::RetailDemo.csv(), &IngestOptions::default())
        .expect("the demo ingests");
    let spec = ForecastSpec {
        horizon: 7,
        models: vec![ModelSpec::SeasonalNaive],
        ..ForecastSpec::default()
    };
    let report =
        prevision_engine::forecast::run(&data.frame, &spec, &mut ()).expect("a forecast").report;
    let s = &data.frame.series[0];
    ForecastChart::from_report(&report, &s.timestamps, &s.target, 0, &report.chosen)
        .expect("a chart")
}

#[wasm_bindgen_test]
async fn the_forecast_canvas_follows_its_css_size_is_painted_and_shows_a_tooltip_on_focus() {
    let doc = document();
    // The page's stylesheet is not loaded here: give the canvas its size the same way.
    let style = doc.create_element("style").expect("a style element");
    style.set_text_content(Some(".chart-canvas { display: block; width: 600px; height: 300px; }"));
    doc.head().expect("a head").append_child(&style).expect("appended");
    let host: web_sys::HtmlElement = doc.create_element("div").expect("a div").unchecked_into();
    doc.body().expect("a body").append_child(&host).expect("appended");

    let chart = forecast_chart();
    let last = chart.points.last().cloned().expect("points");
    let data = Chart::new(ChartData::Forecast(chart), ChartText::default());
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let data = data.clone();
        view! { <ChartCanvas chart=Signal::derive(move || Some(data.clone())) testid="forecast-chart" summary="A forecast"/> }
    });
    pause(100).await;

    let canvas: web_sys::HtmlCanvasElement = host
        .query_selector("[data-testid=forecast-chart] canvas")
        .ok()
        .flatten()
        .expect("a canvas")
        .unchecked_into();
    let ratio = web_sys::window().expect("a window").device_pixel_ratio();
    assert_eq!(canvas.width(), (600.0 * ratio).round() as u32);
    assert_eq!(canvas.height(), (300.0 * ratio).round() as u32);
    assert_eq!(canvas.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(canvas.get_attribute("aria-label").as_deref(), Some("A forecast"));

    // Pixels of the forecast blue and of the history slate are on the canvas.
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().expect("a 2d context").unchecked_into();
    let pixels = context
        .get_image_data(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()))
        .expect("pixels")
        .data();
    let count = |rgb: [u8; 3]| {
        pixels.chunks(4).filter(|p| p[0] == rgb[0] && p[1] == rgb[1] && p[2] == rgb[2]).count()
    };
    assert!(count([0x1d, 0x4e, 0xd8]) > 50, "forecast blue missing");
    assert!(count([0x33, 0x41, 0x55]) > 50, "history slate missing");

    // Focus shows the first forecast step; End moves to the last point.
    canvas.focus().expect("focusable");
    pause(50).await;
    let tooltip = || {
        host.query_selector("[data-testid=chart-tooltip]")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
    };
    let shown = tooltip().expect("a tooltip on focus");
    assert!(shown.contains("Forecast: "), "{shown}");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("End");
    let end = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("an event");
    canvas.dispatch_event(&end).expect("dispatched");
    pause(50).await;
    let shown = tooltip().expect("a tooltip after End");
    let day = last.timestamp.format("%-d").to_string();
    assert!(shown.starts_with(&day), "{shown} should start with the last day {day}");
    assert!(shown.contains("80% interval: "), "{shown}");

    // A narrower box (no window resize) is redrawn at its new size.
    style.set_text_content(Some(".chart-canvas { display: block; width: 400px; height: 200px; }"));
    pause(150).await;
    assert_eq!(canvas.width(), (400.0 * ratio).round() as u32);
    assert_eq!(canvas.height(), (200.0 * ratio).round() as u32);
    drop(handle);
}
