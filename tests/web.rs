//! Browser tests of the app's pieces, run by wasm-bindgen-test in headless Chromium:
//! translations are complete and formatted per language, and components mounted with real
//! engine output put the expected text in the DOM.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use prevision::components::error_panel::ErrorPanel;
use prevision::components::outcome::Outcome;
use prevision::components::report::ReportView;
use prevision::i18n::{Lang, Msg};
use prevision::protocol::{
    Job, KeptFits, ReadRequest, Reply, RunFailure, RunRequest, WorkerEvent, execute, read,
};
use prevision::state::{LoadError, LoadState, ModelText, RunState, Source, Studio, Tab};
use prevision::worker::{attachment, decode_event, encode_event};
use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::features::{Country, HolidaySpec};
use prevision_engine::ingest::{IngestError, IngestOptions, IngestWarning, RejectReason, ingest};
use prevision_engine::spec::{ForecastSpec, ModelSpec};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the body to mount into.
fn host() -> web_sys::HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let el = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&el).expect("appended");
    wasm_bindgen::JsCast::unchecked_into(el)
}

/// Runs `f` with `boot.js`'s worker starter replaced by one whose workers never answer (a
/// worker script that does nothing): the studio's messages go out, and the test answers for
/// the workers. Without it, no worker starts in the test page.
fn with_silent_workers<T>(f: impl FnOnce() -> T) -> T {
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str("__previsionStartWorker");
    let start = js_sys::Function::new_no_args(
        "return new Worker(URL.createObjectURL(new Blob([''], { type: 'text/javascript' })));",
    );
    js_sys::Reflect::set(&global, &key, &start).expect("set");
    let out = f();
    js_sys::Reflect::delete_property(&global, &key).expect("delete");
    out
}

/// Answers the file read the studio asked its first worker for, as that worker would, through
/// the message's encoding (JSON and the numbers beside it).
fn answer_read(studio: &Studio, bytes: &[u8]) {
    let request = ReadRequest { id: studio.load_ticket(), ingest: studio.options.get_untracked() };
    let event = read(&request, bytes, &|| 0.0, &mut KeptFits::default());
    studio.on_worker_event(decode_event(encode_event(&event)).expect("decodes"));
}

/// Loads the built-in `dataset` with its read answered: the data shows and its run starts
/// (on a silent worker).
fn load_answered(studio: &Studio, dataset: BuiltinDataset) {
    with_silent_workers(|| {
        studio.load_dataset(dataset);
        answer_read(studio, &dataset.csv());
    });
}

/// Text of the element with `data-testid=id` inside `root`.
fn testid_text(root: &web_sys::HtmlElement, id: &str) -> String {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("no element with data-testid {id}"))
}

#[wasm_bindgen_test]
fn every_message_has_distinct_non_empty_text_in_both_languages() {
    for msg in Msg::samples() {
        let en = Lang::En.text(&msg);
        let fr = Lang::Fr.text(&msg);
        assert!(!en.trim().is_empty(), "{msg:?} has no English text");
        assert!(!fr.trim().is_empty(), "{msg:?} has no French text");
    }
    assert_ne!(Lang::En.text(&Msg::PrivacyNote), Lang::Fr.text(&Msg::PrivacyNote));
}

#[wasm_bindgen_test]
fn engine_errors_reasons_and_warnings_read_as_sentences_in_each_language() {
    let error = LoadError::Ingest(IngestError::NotADateColumn {
        column: "Jour".into(),
        example: "lundi".into(),
    });
    assert_eq!(
        Lang::En.text(&Msg::LoadFailed(&error)),
        "Column “Jour” should hold dates, but its first value is “lundi”."
    );
    assert_eq!(
        Lang::Fr.text(&Msg::LoadFailed(&error)),
        "La colonne «\u{a0}Jour\u{a0}» devrait contenir des dates, mais sa première valeur est «\u{a0}lundi\u{a0}»."
    );
    let reason = RejectReason::WrongFieldCount { expected: 3, found: 5 };
    assert_eq!(Lang::En.text(&Msg::Reject(&reason)), "5 fields instead of 3");
    assert_eq!(Lang::Fr.text(&Msg::Reject(&reason)), "5 champs au lieu de 3");
    let warning = IngestWarning::BlankLines { count: 1200 };
    assert_eq!(Lang::En.text(&Msg::Warning(&warning)), "1,200 empty lines were skipped.");
    assert_eq!(
        Lang::Fr.text(&Msg::Warning(&warning)),
        "1\u{202f}200 lignes vides ont été ignorées."
    );
    let zones = IngestWarning::WrittenDatesKept { column: "time".into() };
    assert_eq!(
        Lang::Fr.text(&Msg::Warning(&zones)),
        "Les dates de «\u{a0}time\u{a0}» portaient des fuseaux horaires, toutes à la même \
         heure\u{a0}: elles ont été gardées telles qu'écrites. Converties en UTC, elles auraient \
         pu changer de jour."
    );
    assert!(Lang::En.text(&Msg::Warning(&zones)).ends_with("could have moved to another day."));
    let too_large =
        LoadError::TooLarge { size_bytes: 100 * 1024 * 1024, limit_bytes: 64 * 1024 * 1024 };
    assert_eq!(
        Lang::Fr.text(&Msg::LoadFailed(&too_large)),
        "Ce fichier pèse 100\u{a0}Mo\u{a0}; la limite est de 64\u{a0}Mo."
    );
}

#[wasm_bindgen_test]
fn browser_language_tags_choose_the_interface_language() {
    assert_eq!(Lang::from_tag("fr-CA"), Lang::Fr);
    assert_eq!(Lang::from_tag("en-US"), Lang::En);
    assert_eq!(Lang::from_tag("es"), Lang::En);
}

#[wasm_bindgen_test]
fn report_of_the_bike_sharing_dataset_shows_731_rows_and_its_facts() {
    let data = BuiltinDataset::BikeSharing;
    let ingested =
        ingest(&data.csv(), &IngestOptions::default()).expect("the built-in dataset reads");
    let root = host();
    let ingested = Arc::new(ingested);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <ReportView lang=Lang::En source=Source::BuiltIn(data) ingested=ingested.clone() holidays=None/> }
    });
    assert_eq!(testid_text(&root, "rows-loaded"), "731");
    assert_eq!(testid_text(&root, "rows-rejected"), "0");
    assert_eq!(testid_text(&root, "fact-frequency"), "daily");
    assert_eq!(testid_text(&root, "fact-date-range"), "2011-01-01 to 2012-12-31");
    assert!(testid_text(&root, "report-attribution").contains("CC BY 4.0"));
    assert!(testid_text(&root, "no-rejected").contains("Every line was read"));
    drop(handle);
}

#[wasm_bindgen_test]
fn unusual_values_on_a_public_holiday_are_named_only_with_a_calendar() {
    let data = BuiltinDataset::RetailDemo;
    let ingested = Arc::new(ingest(&data.csv(), &IngestOptions::default()).expect("reads"));
    let mount = |lang: Lang, holidays: Option<HolidaySpec>| {
        let root = host();
        let ingested = ingested.clone();
        let handle = leptos::mount::mount_to(root.clone(), move || {
            view! { <ReportView lang source=Source::BuiltIn(data) ingested=ingested.clone() holidays/> }
        });
        (root, handle)
    };
    let france = Some(HolidaySpec { country: Country::France, region: None });
    let (root, handle) = mount(Lang::En, france);
    let table = testid_text(&root, "outliers-table");
    assert!(table.contains("Public holiday"), "{table}");
    // Each name on its own row's date.
    let rows = root.query_selector_all("[data-testid=outliers-table-row]").expect("rows");
    let row_text = |i| rows.get(i).and_then(|r| r.text_content()).unwrap_or_default();
    let rows: Vec<String> = (0..rows.length()).map(row_text).collect();
    assert!(rows.iter().any(|r| r.contains("2024-12-25") && r.ends_with("Christmas Day")));
    assert!(rows.iter().any(|r| r.contains("2024-05-01") && r.ends_with("Labour Day")));
    assert!(table.contains("Christmas Day") && table.contains("Labour Day"), "{table}");
    let note = testid_text(&root, "outliers-on-holidays");
    assert!(
        note.contains(" values listed fall on a public holiday of the set-up's calendar"),
        "{note}"
    );
    drop(handle);
    let (root, handle) = mount(Lang::Fr, france);
    let table = testid_text(&root, "outliers-table");
    assert!(table.contains("Jour férié") && table.contains("Noël"), "{table}");
    drop(handle);
    // Another country's calendar names its own holidays only; without one, none is named.
    let us = Some(HolidaySpec { country: Country::UnitedStates, region: None });
    let (root, handle) = mount(Lang::En, us);
    let table = testid_text(&root, "outliers-table");
    assert!(table.contains("Christmas Day") && !table.contains("Labour Day"), "{table}");
    drop(handle);
    let (root, handle) = mount(Lang::En, None);
    assert!(!testid_text(&root, "outliers-table").contains("Public holiday"));
    assert!(root.query_selector("[data-testid=outliers-on-holidays]").ok().flatten().is_none());
    drop(handle);
}

#[wasm_bindgen_test]
fn a_runs_alive_url_reads_until_the_page_revokes_it() {
    // What a worker checks between folds: a synchronous read of the run's blob URL, which
    // fails once the page has revoked it (the run was overtaken or cancelled).
    let url = prevision::worker::alive_url().expect("a blob: URL");
    assert!(url.starts_with("blob:"), "{url}");
    assert!(prevision::worker::still_wanted(&url));
    assert!(prevision::worker::still_wanted(&url), "a second check reads it again");
    let other = prevision::worker::alive_url().expect("another URL");
    prevision::worker::revoke(&url);
    assert!(!prevision::worker::still_wanted(&url));
    assert!(prevision::worker::still_wanted(&other), "another run's URL is untouched");
    prevision::worker::revoke(&other);
}

#[wasm_bindgen_test]
fn report_lists_a_rejected_line_with_its_column_and_reason_in_french() {
    let csv = "\u{feff}Date;Ventes\r\n01/11/2016;1,5\r\n02/11/2016;#VALEUR!\r\n03/11/2016;2,5\r\n04/11/2016;3\r\n";
    let ingested = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
    let root = host();
    let ingested = Arc::new(ingested);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ReportView lang=Lang::Fr source=Source::File { name: "ventes.csv".into() } ingested=ingested.clone() holidays=None/>
        }
    });
    let row = testid_text(&root, "rejected-table-row");
    assert!(row.contains('3'), "line number 3 in {row}");
    assert!(row.contains("Ventes"), "column in {row}");
    assert!(row.contains("n'est pas un nombre"), "French reason in {row}");
    assert_eq!(testid_text(&root, "fact-delimiter"), "point-virgule ( ; )");
    drop(handle);
}

#[wasm_bindgen_test]
fn csv_content_is_rendered_as_text_not_html() {
    let csv = "date,<b>boom</b>\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n";
    let ingested = Arc::new(ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads"));
    let root = host();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <ReportView lang=Lang::En source=Source::File { name: "<i>x</i>.csv".into() } ingested=ingested.clone() holidays=None/> }
    });
    assert_eq!(testid_text(&root, "fact-target-column"), "<b>boom</b>");
    assert!(testid_text(&root, "report-title").contains("<i>x</i>.csv"));
    assert!(root.query_selector("b").ok().flatten().is_none());
    assert!(root.query_selector("i").ok().flatten().is_none());
    drop(handle);
}

#[wasm_bindgen_test]
fn error_panel_explains_an_empty_file_and_what_to_do() {
    let root = host();
    let handle = leptos::mount::mount_to(root.clone(), || {
        view! {
            <ErrorPanel lang=Lang::En source="empty.csv".to_owned() error=LoadError::Ingest(IngestError::Empty)/>
        }
    });
    assert_eq!(testid_text(&root, "error-title"), "empty.csv could not be loaded");
    assert_eq!(testid_text(&root, "error-message"), "This file is empty.");
    assert!(testid_text(&root, "error-advice").contains("at least two dated rows"));
    drop(handle);
}

#[wasm_bindgen_test]
fn studio_shows_an_error_then_recovers_with_the_next_file() {
    let owner = Owner::new();
    owner.with(|| {
        let studio = Studio::new(Lang::En);
        with_silent_workers(|| {
            studio.load_bytes(Source::File { name: "empty.csv".into() }, b"");
            // The page does not read the file itself: a worker does.
            studio
                .load
                .with_untracked(|s| assert!(matches!(s, LoadState::Reading { .. }), "{s:?}"));
            answer_read(&studio, b"");
        });
        studio.load.with_untracked(|s| {
            assert!(
                matches!(s, LoadState::Failed { error: LoadError::Ingest(IngestError::Empty), .. }),
                "{s:?}"
            )
        });
        load_answered(&studio, BuiltinDataset::DrinksSales);
        let direct =
            ingest(&BuiltinDataset::DrinksSales.csv(), &IngestOptions::default()).expect("reads");
        studio.load.with_untracked(|s| match s {
            LoadState::Ready { ingested, .. } => {
                assert!(ingested.report.rows_loaded > 300);
                let json = prevision_engine::json::to_string;
                assert_eq!(json(ingested.as_ref()), json(&direct), "the data read in the worker");
            }
            other => panic!("expected a report, got {other:?}"),
        });
        // Its run went to the (silent) worker.
        studio.run.with_untracked(|r| assert!(matches!(r, RunState::Running { .. }), "{r:?}"));
    });
}

#[wasm_bindgen_test]
fn a_stale_load_result_is_ignored() {
    let owner = Owner::new();
    owner.with(|| {
        let studio = Studio::new(Lang::En);
        with_silent_workers(|| {
            let slow = studio.begin(Source::File { name: "slow.csv".into() });
            studio.load_dataset(BuiltinDataset::BikeSharing);
            studio.finish(slow, Ok(Vec::new()));
            let bike = studio.load_ticket();
            // The worker's answer to an older load is dropped.
            let request = ReadRequest { id: bike - 1, ingest: IngestOptions::default() };
            let old = read(&request, b"", &|| 0.0, &mut KeptFits::default());
            studio.on_worker_event(old);
            studio
                .load
                .with_untracked(|s| assert!(matches!(s, LoadState::Reading { .. }), "{s:?}"));
            answer_read(&studio, &BuiltinDataset::BikeSharing.csv());
        });
        studio.load.with_untracked(|s| {
            assert!(
                matches!(
                    s,
                    LoadState::Ready { source: Source::BuiltIn(BuiltinDataset::BikeSharing), .. }
                ),
                "{s:?}"
            )
        });
    });
}

#[wasm_bindgen_test]
fn a_role_change_keeps_the_data_shown_while_a_worker_reads_it_again() {
    let owner = Owner::new();
    owner.with(|| {
        let studio = Studio::new(Lang::En);
        load_answered(&studio, BuiltinDataset::RetailDemo);
        let columns = |studio: &Studio| {
            studio.load.with_untracked(|s| match s {
                LoadState::Ready { ingested, .. } => ingested.frame.exog.len(),
                other => panic!("the data is no longer shown: {other:?}"),
            })
        };
        let before = columns(&studio);
        let first = studio.load_ticket();
        with_silent_workers(|| {
            let ignored = studio.load.with_untracked(|s| match s {
                LoadState::Ready { ingested, .. } => ingested.frame.exog[0].name.clone(),
                _ => String::new(),
            });
            studio.set_options(IngestOptions { ignore: vec![ignored], ..IngestOptions::default() });
        });
        // Still shown (the screen is not rebuilt) while the worker reads it again.
        assert_eq!(columns(&studio), before);
        assert_eq!(studio.load_ticket(), first + 1);
        studio.run.with_untracked(|r| assert!(matches!(r, RunState::Idle), "{r:?}"));
        answer_read(&studio, &BuiltinDataset::RetailDemo.csv());
        assert_eq!(columns(&studio), before - 1, "read again without the column left out");
        studio.run.with_untracked(|r| assert!(matches!(r, RunState::Running { .. }), "{r:?}"));
    });
}

#[wasm_bindgen_test]
fn a_file_with_no_worker_to_read_it_or_whose_worker_dies_says_so() {
    let owner = Owner::new();
    owner.with(|| {
        let studio = Studio::new(Lang::En);
        // No worker can start in the test page.
        studio.load_dataset(BuiltinDataset::DrinksSales);
        studio.load.with_untracked(|s| {
            assert!(matches!(s, LoadState::Failed { error: LoadError::EngineStopped, .. }), "{s:?}")
        });
        // A worker that dies while reading (out of memory) fails the load, not just a run.
        with_silent_workers(|| studio.load_dataset(BuiltinDataset::BikeSharing));
        studio.on_worker_event(WorkerEvent::Failed { id: u64::MAX, failure: RunFailure::Crashed });
        studio.load.with_untracked(|s| {
            assert!(matches!(s, LoadState::Failed { error: LoadError::EngineStopped, .. }), "{s:?}")
        });
        studio.run.with_untracked(|r| assert!(matches!(r, RunState::Idle), "{r:?}"));
    });
    for (lang, title, message) in [
        (Lang::En, "could not be loaded", "The engine stopped before it finished reading"),
        (Lang::Fr, "Impossible de charger", "Le moteur s'est arrêté avant d'avoir lu"),
    ] {
        let root = host();
        let handle = leptos::mount::mount_to(root.clone(), move || {
            view! { <ErrorPanel lang source="big.csv".to_owned() error=LoadError::EngineStopped/> }
        });
        assert!(testid_text(&root, "error-title").contains(title));
        assert!(testid_text(&root, "error-message").starts_with(message));
        assert!(!testid_text(&root, "error-advice").is_empty());
        drop(handle);
    }
}

/// A finished run of two baselines and ridge on the drinks data, as the worker would answer it.
fn drinks_run(id: u64) -> WorkerEvent {
    drinks_reply(id).event
}

/// The worker's whole reply to a run on the drinks data: the report, and the model to follow.
fn drinks_reply(id: u64) -> Reply {
    let spec = ForecastSpec {
        horizon: 6,
        models: vec![ModelSpec::Naive, ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ..ForecastSpec::default()
    };
    let request =
        RunRequest { id, ingest: IngestOptions::default(), spec, job: Job::Whole, alive: None };
    execute(
        request,
        &BuiltinDataset::DrinksSales.csv(),
        &mut |_| prevision_engine::forecast::Control::Continue,
        &|| 0.0,
        &mut KeptFits::default(),
    )
}

#[wasm_bindgen_test]
fn worker_events_cross_as_json_text_and_keep_nan() {
    let WorkerEvent::Done { id, mut run, ingest_ms } = drinks_run(3) else {
        panic!("the run failed")
    };
    run.report.forecasts[0].point[0] = f64::NAN;
    let event = WorkerEvent::Done { id, run, ingest_ms };
    let js = encode_event(&event);
    assert!(js.as_string().is_some_and(|t| t.contains("null")), "NaN travels as null");
    let back = decode_event(js).expect("decodes");
    let WorkerEvent::Done { id: back_id, run: back_run, .. } = &back else { panic!("{back:?}") };
    assert_eq!(*back_id, 3);
    assert!(back_run.report.forecasts[0].point[0].is_nan());
    assert_eq!(back_run.report.forecasts[0].point[1..], event_points(&event)[1..]);
    // Three models and the ensemble of the best.
    assert_eq!(back_run.report.leaderboard.len(), 4);
    assert!(decode_event::<WorkerEvent>(wasm_bindgen::JsValue::from_str("not an event")).is_none());
}

#[wasm_bindgen_test]
fn the_model_crosses_beside_its_event_and_completes_the_finished_run() {
    let reply = drinks_reply(5);
    let model = reply.model_event().expect("a finished run sends its model");
    let WorkerEvent::Model { text, .. } = &model else { panic!("{model:?}") };
    let js = encode_event(&model);
    assert!(js.as_string().is_none(), "an object, not one JSON text");
    let event = js_sys::Reflect::get(&js, &"event".into()).expect("event").as_string();
    assert_eq!(event.as_deref(), Some(r#"{"model":{"id":5}}"#), "the model is not in the JSON");
    // The page reads the event and keeps the text beside it as the browser's string.
    let attached = attachment(&js).expect("the model's text");
    assert_eq!(String::from(&attached), *text);
    assert_eq!(
        decode_event::<WorkerEvent>(js),
        Some(WorkerEvent::Model { id: 5, text: String::new() })
    );
    assert!(attachment(&encode_event(&reply.event)).is_none(), "a report carries no text");

    let owner = Owner::new();
    let studio = owner.with(|| Studio::new(Lang::En));
    // Loading started run 1 (on a silent worker).
    owner.with(|| load_answered(&studio, BuiltinDataset::DrinksSales));
    let finished = |studio: &Studio| {
        studio.run.with_untracked(|r| match r {
            RunState::Done(f) => f.clone(),
            other => panic!("{other:?}"),
        })
    };
    let kept = |f: &prevision::state::Finished| f.model.get_untracked().map(|m| m.text());
    // A model before its report, or for another run, is dropped.
    owner.with(|| studio.on_model(1, ModelText::from_js(attached.clone())));
    owner.with(|| studio.on_worker_event(drinks_run(1)));
    let f = finished(&studio);
    assert_eq!(kept(&f), None, "the report comes first, without its model");
    owner.with(|| studio.on_model(0, ModelText::from("[]")));
    assert_eq!(kept(&f), None, "a stale model was kept");
    owner.with(|| studio.on_model(1, ModelText::from_js(attached.clone())));
    assert_eq!(kept(&f).as_ref(), Some(text));
    // A second worker's copy does not replace it, in either form.
    owner.with(|| studio.on_model(1, ModelText::from("{}")));
    owner.with(|| studio.on_worker_event(WorkerEvent::Model { id: 1, text: "{}".into() }));
    assert_eq!(kept(&f).as_ref(), Some(text));
}

fn event_points(event: &WorkerEvent) -> Vec<f64> {
    match event {
        WorkerEvent::Done { run, .. } => run.report.forecasts[0].point.clone(),
        _ => Vec::new(),
    }
}

#[wasm_bindgen_test]
fn a_finished_run_fills_the_results_and_a_stale_one_is_ignored() {
    let root = host();
    let owner = Owner::new();
    let studio = owner.with(|| {
        let studio = Studio::new(Lang::En);
        // Run 1 starts on a silent worker once the data is read.
        load_answered(&studio, BuiltinDataset::DrinksSales);
        studio
    });
    owner.with(|| studio.on_worker_event(drinks_run(0)));
    studio
        .run
        .with_untracked(|r| assert!(matches!(r, RunState::Running { .. }), "stale run applied"));
    // A report for the current run counts while it runs: the first of a shared run's copies.
    owner.with(|| studio.on_worker_event(drinks_run(1)));
    let first = studio.run.with_untracked(|r| match r {
        RunState::Done(f) => f.clone(),
        other => panic!("{other:?}"),
    });
    owner.with(|| studio.on_worker_event(drinks_run(1)));
    studio.run.with_untracked(|r| {
        assert!(
            matches!(r, RunState::Done(f) if Arc::ptr_eq(f, &first)),
            "a later copy replaced it"
        )
    });
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(studio);
        view! { <Outcome/> }
    });
    let rows = root.query_selector_all("[data-testid=\"leaderboard-table-row\"]").expect("query");
    assert_eq!(rows.length(), 4, "three models and their ensemble");
    let forecast = root.query_selector_all("[data-testid=\"forecast-table-row\"]").expect("query");
    assert_eq!(forecast.length(), 6);
    assert!(testid_text(&root, "chosen-model").starts_with("Chosen model: "));
    assert_eq!(testid_text(&root, "results-source"), "monthly_drinks_sales.csv");
    drop(handle);
}

#[wasm_bindgen_test]
fn a_click_on_the_dataset_shown_keeps_its_run_unless_a_setting_changed() {
    let owner = Owner::new();
    let studio = owner.with(|| Studio::new(Lang::En));
    let done = |studio: &Studio| {
        studio.run.with_untracked(|r| match r {
            RunState::Done(f) => Some(f.clone()),
            _ => None,
        })
    };
    owner.with(|| load_answered(&studio, BuiltinDataset::DrinksSales));
    // Run 1 failed, and a failed run is not kept: a click reads the data again for run 2.
    owner.with(|| studio.run.set(RunState::Failed(RunFailure::Crashed)));
    owner.with(|| load_answered(&studio, BuiltinDataset::DrinksSales));
    studio.run.with_untracked(|r| assert!(matches!(r, RunState::Running { .. }), "{r:?}"));
    owner.with(|| studio.on_worker_event(drinks_run(2)));
    let first = done(&studio).expect("run 2 finished");
    owner.with(|| studio.tab.set(Tab::Data));
    owner.with(|| studio.load_dataset(BuiltinDataset::DrinksSales));
    let kept = done(&studio).expect("the run shown is kept");
    assert!(Arc::ptr_eq(&kept, &first), "the same dataset was computed again");
    assert_eq!(studio.tab.get_untracked(), Tab::Results, "the click shows the results");
    // A run still computing is kept too: a late answer completes it.
    owner.with(|| studio.run.set(RunState::Running { progress: None }));
    owner.with(|| studio.load_dataset(BuiltinDataset::DrinksSales));
    owner.with(|| studio.on_worker_event(drinks_run(2)));
    assert!(done(&studio).is_some(), "the run computing was dropped");
    // With another horizon the click reads and runs again.
    owner.with(|| studio.settings.update(|s| s.horizon = Some(3)));
    owner.with(|| {
        with_silent_workers(|| studio.load_dataset(BuiltinDataset::DrinksSales));
    });
    studio.load.with_untracked(|s| assert!(matches!(s, LoadState::Reading { .. }), "{s:?}"));
    owner.with(|| answer_read(&studio, &BuiltinDataset::DrinksSales.csv()));
    studio.run.with_untracked(|r| assert!(matches!(r, RunState::Running { .. }), "{r:?}"));
    // Another dataset always loads.
    owner.with(|| studio.on_worker_event(drinks_run(3)));
    assert!(done(&studio).is_some());
    owner.with(|| {
        with_silent_workers(|| studio.load_dataset(BuiltinDataset::BikeSharing));
    });
    assert_eq!(studio.current_source(), Some(Source::BuiltIn(BuiltinDataset::BikeSharing)));
    studio.load.with_untracked(|s| assert!(matches!(s, LoadState::Reading { .. }), "{s:?}"));
    studio.run.with_untracked(|r| assert!(matches!(r, RunState::Idle), "{r:?}"));
}

#[wasm_bindgen_test]
fn the_crash_notice_appears_once_in_the_page_language() {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    document.document_element().expect("root").set_attribute("lang", "fr").expect("set lang");
    prevision::panic::show_crash_notice();
    prevision::panic::show_crash_notice();
    let notices = document.query_selector_all("[data-testid=\"crash-notice\"]").expect("query");
    assert_eq!(notices.length(), 1);
    let text = notices.get(0).and_then(|n| n.text_content()).unwrap_or_default();
    assert!(text.contains("erreur interne"), "{text}");
    assert!(text.contains("Recharger"), "{text}");
}
