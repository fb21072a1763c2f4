//! The production step: model versions, A/B comparison, retraining on new data, drift
//! monitoring, the load test and the way out to Python.
//!
//! Six screens behind a second row of tabs (same WAI-ARIA pattern as the step tabs). State
//! lives in [`Ops`]; every number shown comes from the engine's reports. One task bar at the
//! top shows the running task's progress and can stop it.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::ab::AbReport;
use prevision_engine::drift::{AlertMetric, AlertRule, DriftLevel, Severity};
use prevision_engine::frame::Frequency;
use prevision_engine::loadtest::EventSource;
use prevision_engine::monitor::DriftReport;
use prevision_engine::registry::SealedVersion;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::components::data_table::{Cell, Column, data_table};
use crate::components::file_picker::{FilePicker, chosen_text};
use crate::components::workspace::{loaded, tab_key};
use crate::i18n::{Lang, Ui, column_decimals, parse_decimal, typical};
use crate::ops::{LoadChoice, Ops, OpsTab, TaskState};
use crate::state::{RunState, Studio};

/// The production panel: intro, task bar, screen tabs and the chosen screen.
#[component]
pub fn ProductionPanel() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    view! {
        <p class="help intro">{move || studio.ui(Ui::OpsIntro)}</p>
        <TaskBar/>
        <OpsTabs/>
        <div
            class="ops-panel"
            role="tabpanel"
            id="ops-panel"
            aria-labelledby=move || format!("ops-tab-{}", ops.tab.get().code())
            data-testid=move || format!("ops-{}", ops.tab.get().code())
        >
            {move || match ops.tab.get() {
                OpsTab::Models => view! { <ModelsScreen/> }.into_any(),
                OpsTab::Compare => view! { <CompareScreen/> }.into_any(),
                OpsTab::NewData => view! { <NewDataScreen/> }.into_any(),
                OpsTab::Monitoring => view! { <MonitorScreen/> }.into_any(),
                OpsTab::LoadTest => view! { <LoadTestScreen/> }.into_any(),
                OpsTab::Graduate => view! { <GraduateScreen/> }.into_any(),
            }}
        </div>
    }
}

fn tab_label(tab: OpsTab) -> Ui {
    match tab {
        OpsTab::Models => Ui::OpsModels,
        OpsTab::Compare => Ui::OpsCompare,
        OpsTab::NewData => Ui::OpsNewData,
        OpsTab::Monitoring => Ui::OpsMonitoring,
        OpsTab::LoadTest => Ui::OpsLoadTest,
        OpsTab::Graduate => Ui::OpsGraduate,
    }
}

#[component]
fn OpsTabs() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    let all = OpsTab::ALL;
    let on_key = move |e: leptos::ev::KeyboardEvent| {
        if let Some(tab) =
            tab_key(&all, ops.tab.get_untracked(), &e, |t| format!("ops-tab-{}", t.code()))
        {
            ops.tab.set(tab);
        }
    };
    view! {
        <div class="tabs tabs--sub" role="tablist" aria-label=move || studio.ui(Ui::OpsTabsLabel) on:keydown=on_key>
            {all
                .into_iter()
                .map(|tab| {
                    let selected = move || ops.tab.get() == tab;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            id=format!("ops-tab-{}", tab.code())
                            class="tab"
                            aria-controls="ops-panel"
                            aria-selected=move || selected().to_string()
                            tabindex=move || if selected() { "0" } else { "-1" }
                            data-testid=format!("ops-tab-{}", tab.code())
                            on:click=move |_| ops.tab.set(tab)
                        >
                            {move || studio.ui(tab_label(tab))}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Progress of the running task, Stop, and the last failure.
#[component]
fn TaskBar() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    let fraction = move || {
        ops.task.with(|t| match t {
            TaskState::Running { done, total, .. } if *total > 0 => *done as f64 / *total as f64,
            _ => 0.0,
        })
    };
    let status = move || {
        let lang = studio.lang.get();
        ops.task.with(|t| match t {
            TaskState::Idle => String::new(),
            TaskState::Running { kind, done, total } => lang.task_progress(*kind, *done, *total),
            TaskState::Failed { failure, detail, .. } => lang.task_failure(*failure, detail),
        })
    };
    let failed = move || ops.task.with(|t| matches!(t, TaskState::Failed { .. }));
    view! {
        <div class="run-bar task-bar" data-testid="task-bar" class:is-idle=move || !ops.busy() && !failed()>
            <button type="button" class="button" data-testid="task-stop" disabled=move || !ops.busy() on:click=move |_| ops.stop()>
                {move || studio.ui(Ui::OpsCancel)}
            </button>
            <div class="run-status">
                <progress
                    data-testid="task-progress"
                    max="1"
                    prop:value=fraction
                    aria-label=move || studio.ui(Ui::OpsProgressLabel)
                    class:is-idle=move || !ops.busy()
                ></progress>
                <p role="status" aria-live="polite" data-testid="task-status" class:is-error=failed>
                    {status}
                </p>
            </div>
        </div>
    }
}

/// The frequency of the loaded data (daily when nothing is loaded).
fn freq_of(studio: Studio) -> Frequency {
    loaded(studio).map_or(Frequency::Daily, |(_, i)| i.frame.freq)
}

/// An ISO date-time from the engine, written the way this language writes dates.
fn iso_date(lang: Lang, iso: &str, freq: Frequency) -> String {
    chrono::NaiveDateTime::parse_from_str(iso, prevision_engine::registry::ISO_DATETIME)
        .map_or_else(|_| iso.to_owned(), |t| lang.date(t, freq))
}

/// The value of the input or select that fired `e`.
fn target_value(e: &web_sys::Event) -> String {
    e.target()
        .and_then(|t| {
            t.dyn_ref::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| t.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
        })
        .unwrap_or_default()
}

/// Reads the first file of the file input that fired `e` as bytes.
fn with_file_bytes(e: &web_sys::Event, done: impl FnOnce(String, Vec<u8>) + 'static) {
    let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
    input.set_value("");
    leptos::task::spawn_local(async move {
        if let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            done(file.name(), js_sys::Uint8Array::new(&buffer).to_vec());
        }
    });
}

/// Saved versions: save, mark in service, export, import, delete; unreadable entries listed.
#[component]
fn ModelsScreen() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    let label = RwSignal::new(String::new());
    let import_failed = RwSignal::new(false);
    let import_name: RwSignal<Option<String>> = RwSignal::new(None);
    // A run can be saved once its model has arrived (just after its report).
    let has_run = move || {
        studio.run.with(|r| matches!(r, RunState::Done(f) if f.model.with(Option::is_some)))
    };
    let save = move |_| {
        if ops.save_run(studio, &label.get_untracked()) {
            label.set(String::new());
        }
    };
    let on_import = move |e: web_sys::Event| {
        with_file_bytes(&e, move |name, bytes| {
            import_name.set(Some(name));
            let ok = String::from_utf8(bytes).is_ok_and(|t| ops.import(&t));
            import_failed.set(!ok);
        });
    };
    view! {
        <section class="card wide" data-testid="models" aria-labelledby="models-title">
            <h2 id="models-title">{move || studio.ui(Ui::ModelsTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::VersionsHelp)}</p>
            <div class="field inline">
                <label for="version-label">{move || studio.ui(Ui::VersionLabel)}</label>
                <input id="version-label" type="text" maxlength="80" data-testid="version-label"
                    prop:value=move || label.get()
                    on:input=move |e| label.set(target_value(&e))/>
                <button type="button" class="button primary" data-testid="save-version" disabled=move || !has_run() on:click=save>
                    {move || studio.ui(Ui::SaveVersion)}
                </button>
            </div>
            <Show when=move || !has_run()>
                <p class="help">{move || studio.ui(Ui::NeedRun)}</p>
            </Show>
            <Show when=move || ops.storage_failed.get()>
                <p class="error-text" role="alert" data-testid="storage-failed">{move || studio.ui(Ui::StorageFailed)}</p>
            </Show>
            <Show when=move || !ops.skipped.with(Vec::is_empty)>
                <div class="notice" role="alert" data-testid="skipped-entries">
                    <h3>{move || studio.ui(Ui::SkippedTitle)}</h3>
                    <p>{move || studio.ui(Ui::SkippedHelp)}</p>
                    <ul>
                        {move || {
                            ops.skipped
                                .get()
                                .into_iter()
                                .map(|s| {
                                    let key = s.key.clone();
                                    view! {
                                        <li data-testid="skipped-entry">
                                            <code>{s.key.clone()}</code>" — "{s.reason.clone()}" "
                                            <button type="button" class="button small" on:click=move |_| ops.delete(&key)>
                                                {move || studio.ui(Ui::DeleteVersion)}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </Show>
            {move || versions_table(studio, ops)}
            {move || decisions_log(studio, ops)}
            <div class="field">
                <FilePicker
                    id="import-version"
                    testid="import-version"
                    accept=".json,application/json"
                    label=Signal::derive(move || studio.ui(Ui::ImportVersion).to_owned())
                    chosen=Signal::derive(move || chosen_text(studio.lang.get(), import_name.get().as_deref()))
                    chosen_testid="import-version-chosen"
                    on_change=on_import
                />
                <Show when=move || import_failed.get()>
                    <p class="error-text" role="alert" data-testid="import-version-error">{move || studio.ui(Ui::ImportVersionFailed)}</p>
                </Show>
            </div>
        </section>
    }
}

fn versions_table(studio: Studio, ops: Ops) -> AnyView {
    let lang = studio.lang.get();
    let versions = ops.versions.get();
    if versions.is_empty() {
        return view! { <p class="help" data-testid="models-empty">{lang.ui(Ui::ModelsEmpty)}</p> }
            .into_any();
    }
    let serving = ops.in_service.get();
    let maes: Vec<f64> =
        versions.iter().filter_map(|v| v.chosen_row()?.metrics.as_ref().map(|m| m.mae)).collect();
    let mae_decimals = column_decimals(&maes, typical(maes.iter().copied()));
    let rows = versions
        .iter()
        .rev()
        .map(|v| {
            let id = v.id.clone();
            let in_service = serving.as_deref() == Some(v.id.as_str());
            let metrics = v.chosen_row().and_then(|r| r.metrics.clone());
            let mase = metrics.as_ref().and_then(|m| m.mase).map_or("—".into(), |x| lang.fixed(x, 3));
            let mae = metrics.as_ref().map_or("—".into(), |m| lang.fixed(m.mae, mae_decimals));
            let data = training_data(lang, v);
            let (mark, export, delete) = (id.clone(), v.clone(), id.clone());
            view! {
                <tr data-testid="version-row" data-version=id.clone() class:in-service=in_service>
                    <td>
                        <strong data-testid="version-label-cell">{v.label.clone()}</strong>
                        <br/><code class="muted">{id.clone()}</code>
                        {in_service.then(|| view! { " " <span class="badge" data-testid="in-service-badge">"★ "{lang.ui(Ui::InService)}</span> })}
                    </td>
                    <td>{lang.created(v.created_ms)}</td>
                    <td>{lang.chosen_name(&v.report)}</td>
                    <td class="num">{mase}</td>
                    <td class="num">{mae}</td>
                    <td><small>{data}</small></td>
                    <td class="actions">
                        <button type="button" class="button small" data-testid="mark-in-service" disabled=in_service on:click=move |_| ops.set_in_service(&mark)>
                            {lang.ui(Ui::MarkInService)}
                        </button>
                        <button type="button" class="button small" data-testid="export-version" on:click=move |_| {
                            browser::download(&format!("prevision-{}.json", export.id), "application/json", export.to_json().as_bytes());
                        }>
                            {lang.ui(Ui::ExportVersion)}
                        </button>
                        <button type="button" class="button small danger" data-testid="delete-version" on:click=move |_| ops.delete(&delete)>
                            {lang.ui(Ui::DeleteVersion)}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" role="region" tabindex="0" aria-label=lang.ui(Ui::ModelsTitle)>
            <table class="data" data-testid="versions">
                <thead>
                    <tr>
                        <th scope="col">{lang.ui(Ui::ColVersion)}</th>
                        <th scope="col">{lang.ui(Ui::ColCreated)}</th>
                        <th scope="col">{lang.ui(Ui::ColModel)}</th>
                        <th scope="col" class="num">"MASE"</th>
                        <th scope="col" class="num">"MAE"</th>
                        <th scope="col">{lang.ui(Ui::ColTrainingData)}</th>
                        <th scope="col">{lang.ui(Ui::ColActions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// What a version was trained on: its first and last dates as this language writes them
/// (at the version's own frequency), its rows and the hash of its data.
fn training_data(lang: Lang, v: &SealedVersion) -> String {
    let d = &v.data;
    let freq = v.report.frequency;
    format!(
        "{} → {} · {} · #{}",
        iso_date(lang, &d.first, freq),
        iso_date(lang, &d.last, freq),
        lang.count(d.rows),
        d.hash
    )
}

/// The gate decisions taken so far, newest first: what replaced what, and why.
fn decisions_log(studio: Studio, ops: Ops) -> Option<AnyView> {
    let lang = studio.lang.get();
    let log = ops.decisions.get();
    if log.is_empty() {
        return None;
    }
    let items = log
        .iter()
        .rev()
        .map(|d| {
            let action = match (lang, d.promoted) {
                (Lang::En, true) => format!("{} replaced {}", d.candidate.0, d.reference.0),
                (Lang::En, false) => format!("{} kept in service; {} saved", d.reference.0, d.candidate.0),
                (Lang::Fr, true) => format!("{} a remplacé {}", d.candidate.0, d.reference.0),
                (Lang::Fr, false) => format!("{} gardée en service ; {} enregistrée", d.reference.0, d.candidate.0),
            };
            view! {
                <li data-testid="decision-entry">
                    <strong>{lang.created(d.at_ms)}" — "{action}"."</strong>" "{lang.gate_sentence(&d.gate)}
                </li>
            }
        })
        .collect_view();
    Some(
        view! {
            <h3>{lang.ui(Ui::DecisionsTitle)}</h3>
            <ul class="decisions" data-testid="decisions">{items}</ul>
        }
        .into_any(),
    )
}

/// A `<select>` of the saved versions.
fn version_select(
    studio: Studio,
    ops: Ops,
    id: &'static str,
    label: Ui,
    chosen: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{move || studio.ui(label)}</label>
            <select id=id data-testid=id on:change=move |e| chosen.set(Some(target_value(&e)))>
                {move || {
                    let lang = studio.lang.get();
                    let serving = ops.in_service.get();
                    ops.versions
                        .get()
                        .iter()
                        .map(|v| {
                            let star = if serving.as_deref() == Some(v.id.as_str()) { " ★" } else { "" };
                            let text = format!("{} — {}{star}", v.label, lang.chosen_name(&v.report));
                            let value = v.id.clone();
                            let selected = chosen.get().as_deref() == Some(v.id.as_str());
                            view! { <option value=value selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// A `<select>` of significance levels.
fn alpha_select(studio: Studio, alpha: RwSignal<f64>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="alpha">{move || studio.ui(Ui::AlphaLabel)}</label>
            <select id="alpha" data-testid="alpha" aria-describedby="alpha-help"
                on:change=move |e| alpha.set(target_value(&e).parse().unwrap_or(0.05))>
                {[0.01, 0.05, 0.10]
                    .into_iter()
                    .map(|a| {
                        let text = move || studio.lang.get().level(a);
                        view! { <option value=a.to_string() selected=move || (alpha.get() - a).abs() < 1e-9>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="help" id="alpha-help">{move || studio.ui(Ui::AlphaHelp)}</p>
        </div>
    }
}

/// Two versions, compared on the same windows.
#[component]
fn CompareScreen() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    let enough = move || ops.versions.with(|v| v.len() >= 2);
    let a = RwSignal::new(None::<String>);
    let b = RwSignal::new(None::<String>);
    // Defaults: A = the version in service (or the oldest), B = the newest other one.
    Effect::new(move |_| {
        let versions = ops.versions.get();
        let serving = ops.in_service.get();
        if a.with_untracked(|x| x.as_ref().is_none_or(|id| !versions.iter().any(|v| &v.id == id))) {
            a.set(serving.clone().or_else(|| versions.first().map(|v| v.id.clone())));
        }
        let a_id = a.get_untracked();
        if b.with_untracked(|x| x.as_ref().is_none_or(|id| !versions.iter().any(|v| &v.id == id))) {
            b.set(
                versions.iter().rev().find(|v| Some(&v.id) != a_id.as_ref()).map(|v| v.id.clone()),
            );
        }
    });
    let alpha = RwSignal::new(0.05);
    let run = move |_| {
        if let (Some(x), Some(y)) = (a.get_untracked(), b.get_untracked()) {
            ops.compare(studio, &x, &y, alpha.get_untracked());
        }
    };
    view! {
        <section class="card wide" data-testid="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{move || studio.ui(Ui::CompareTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::CompareHelp)}</p>
            <Show when=enough fallback=move || view! { <p class="help" data-testid="compare-need">{move || studio.ui(Ui::NeedTwoVersions)}</p> }>
                <div class="grid-3">
                    {version_select(studio, ops, "compare-a", Ui::ReferenceVersion, a)}
                    {version_select(studio, ops, "compare-b", Ui::CandidateVersion, b)}
                    {alpha_select(studio, alpha)}
                </div>
                <button type="button" class="button primary" data-testid="compare-run"
                    disabled=move || ops.busy() || a.get() == b.get() || loaded(studio).is_none()
                    on:click=run>
                    {move || studio.ui(Ui::CompareButton)}
                </button>
            </Show>
            {move || {
                let lang = studio.lang.get();
                ops.compared.get().map(|r| ab_view(lang, &r, freq_of(studio)))
            }}
        </section>
    }
}

/// The verdict, the DM figures, per-step deltas and the overlaid forecasts of an A/B report.
fn ab_view(lang: Lang, r: &AbReport, freq: Frequency) -> AnyView {
    let d = &r.decision;
    let verdict_class = match d.verdict {
        prevision_engine::compare::Verdict::Better => "verdict good",
        prevision_engine::compare::Verdict::NoSignificantDifference => "verdict neutral",
        prevision_engine::compare::Verdict::Worse => "verdict bad",
    };
    let dm = r.dm.as_ref().map(|t| {
        let text = match lang {
            Lang::En => format!(
                "Diebold–Mariano (HLN): statistic {}, p-value {}, on {}.",
                lang.number(t.hln_statistic, 3),
                lang.p_value(t.p_value),
                lang.counted(t.n, "paired error", "paired errors")
            ),
            Lang::Fr => format!(
                "Diebold–Mariano (HLN) : statistique {}, p-valeur {}, sur {}.",
                lang.number(t.hln_statistic, 3),
                lang.p_value(t.p_value),
                lang.counted(t.n, "erreur appariée", "erreurs appariées")
            ),
        };
        view! { <p data-testid="dm-figures">{text}</p> }
    });
    let short = r.short_series.as_ref().map(|s| lang.ab_short_series(s, r.windows));
    // Errors and their change on the scale of the typical error, one number of decimals each.
    let maes: Vec<f64> = r
        .steps
        .iter()
        .chain([&r.overall])
        .flat_map(|s| [s.mae_reference, s.mae_candidate])
        .collect();
    let decimals = column_decimals(&maes, typical(maes.iter().copied()));
    let num = |x: f64| lang.fixed(x, decimals);
    let pct = |x: f64| lang.percent(x, 1);
    let mut rows: Vec<Vec<Cell>> = r
        .steps
        .iter()
        .map(|s| {
            vec![
                Cell::num(lang.count(s.step)),
                Cell::num(num(s.mae_reference)),
                Cell::num(num(s.mae_candidate)),
                Cell::num(num(s.mae_delta)),
                Cell::num(pct(s.mae_delta_pct)),
            ]
        })
        .collect();
    let o = &r.overall;
    rows.push(vec![
        Cell::text(lang.ui(Ui::OverallRow)),
        Cell::num(num(o.mae_reference)),
        Cell::num(num(o.mae_candidate)),
        Cell::num(num(o.mae_delta)),
        Cell::num(pct(o.mae_delta_pct)),
    ]);
    let columns = vec![
        Column::num(lang.ui(Ui::ColStep).into()),
        Column::num("MAE A".into()),
        Column::num("MAE B".into()),
        Column::num(format!("MAE {}", lang.ui(Ui::ColDelta))),
        Column::num("%".into()),
    ];
    view! {
        <div class="ab-result flow" data-testid="ab-result">
            <p class=verdict_class role="status" data-testid="verdict" data-verdict=format!("{:?}", d.verdict)>
                {lang.gate_sentence(d)}
            </p>
            {dm}
            {short.map(|t| view! { <p class="help" data-testid="ab-short-series">{t}</p> })}
            {data_table("ab-steps", lang.ui(Ui::CompareTitle), columns, rows, true)}
            {crate::components::charts_glue::compare_chart(lang, r, freq)}
        </div>
    }
    .into_any()
}

/// A newer file → append report → retrain → gate → promote or keep.
#[component]
fn NewDataScreen() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    let alpha = RwSignal::new(0.05);
    let serving = move || ops.serving();
    let on_pick = move |e: web_sys::Event| {
        with_file_bytes(&e, move |name, bytes| ops.set_newer(name, bytes));
    };
    view! {
        <section class="card wide" data-testid="new-data" aria-labelledby="new-data-title">
            <h2 id="new-data-title">{move || studio.ui(Ui::NewDataTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::NewDataHelp)}</p>
            <Show when=move || serving().is_some() fallback=move || view! { <p class="help" data-testid="need-in-service">{move || studio.ui(Ui::NeedInService)}</p> }>
                <div class="grid-2">
                    <div class="field">
                        <FilePicker
                            id="newer-file"
                            testid="newer-file"
                            accept=".csv,.txt,text/csv"
                            label=Signal::derive(move || studio.ui(Ui::NewDataPick).to_owned())
                            chosen=Signal::derive(move || {
                                let lang = studio.lang.get();
                                let name = ops.newer.get().map(|(n, b)| format!("{n} ({})", lang.bytes(b.len() as f64)));
                                chosen_text(lang, name.as_deref())
                            })
                            chosen_testid="newer-name"
                            on_change=on_pick
                        />
                    </div>
                    {alpha_select(studio, alpha)}
                </div>
                {move || demo_newer(studio, ops)}
                <button type="button" class="button primary" data-testid="retrain-run"
                    disabled=move || ops.busy() || ops.newer.with(Option::is_none)
                    on:click=move |_| ops.retrain(studio, alpha.get_untracked())>
                    {move || studio.ui(Ui::RetrainButton)}
                </button>
            </Show>
            {move || {
                let lang = studio.lang.get();
                ops.retrained.get().map(|done| retrained_view(lang, ops, &done, freq_of(studio)))
            }}
        </section>
    }
}

/// On a built-in dataset with a next export (the synthetic store), a button that takes it
/// as the newer file: the whole production cycle can be tried on the demo.
fn demo_newer(studio: Studio, ops: Ops) -> Option<AnyView> {
    let dataset = loaded(studio)?.0.dataset()?;
    let name = dataset.newer_file_name()?;
    let lang = studio.lang.get();
    // Generated when asked for, not each time the screen is drawn.
    let pick = move |_| {
        if let Some(bytes) = dataset.newer_csv() {
            ops.set_newer(name.to_owned(), bytes);
        }
    };
    Some(
        view! {
            <div class="field">
                <button type="button" class="button" data-testid="newer-demo" on:click=pick>
                    {lang.ui(Ui::NewDataDemo)}
                </button>
                <p class="help">{lang.ui(Ui::NewDataDemoHelp)}</p>
            </div>
        }
        .into_any(),
    )
}

fn retrained_view(
    lang: Lang,
    ops: Ops,
    done: &crate::ops_protocol::Retrained,
    freq: Frequency,
) -> AnyView {
    let a = &done.append;
    let facts = vec![
        vec![Cell::text(lang.ui(Ui::AppendRowsBefore)), Cell::num(lang.count(a.old_rows))],
        vec![Cell::text(lang.ui(Ui::AppendRowsNewer)), Cell::num(lang.count(a.new_rows))],
        vec![Cell::text(lang.ui(Ui::AppendAppended)), Cell::num(lang.count(a.appended))],
        vec![Cell::text(lang.ui(Ui::AppendOverlapping)), Cell::num(lang.count(a.overlapping))],
        vec![Cell::text(lang.ui(Ui::AppendIdentical)), Cell::num(lang.count(a.identical))],
        vec![Cell::text(lang.ui(Ui::AppendConflicts)), Cell::num(lang.count(a.conflicts_total))],
        vec![Cell::text(lang.ui(Ui::AppendGap)), Cell::num(lang.count(a.gap_steps))],
    ];
    let conflicts: Vec<Vec<Cell>> = a
        .conflicts
        .iter()
        .map(|c| {
            vec![
                Cell::text(c.series.clone()),
                Cell::date(iso_date(lang, &c.date, freq)),
                // Values as read from the files, like the data preview.
                Cell::num(lang.number(c.old, 4)),
                Cell::num(lang.number(c.new, 4)),
            ]
        })
        .collect();
    let conflict_table = (!conflicts.is_empty()).then(|| {
        view! {
            <h3>{lang.ui(Ui::ConflictsTitle)}</h3>
            {data_table(
                "conflicts",
                lang.ui(Ui::ConflictsTitle),
                vec![
                    Column::text(lang.ui(Ui::SeriesChoice).into()),
                    Column::text(lang.ui(Ui::ColDate).into()),
                    Column::num(lang.ui(Ui::ColOld).into()),
                    Column::num(lang.ui(Ui::ColNew).into()),
                ],
                conflicts,
                true,
            )}
        }
    });
    let promote = done.ab.decision.promote;
    view! {
        <div class="flow" data-testid="retrain-result">
            <h3>{lang.ui(Ui::AppendTitle)}</h3>
            {data_table("append-report", lang.ui(Ui::AppendTitle), vec![Column::text(String::new()), Column::num(String::new())], facts, false)}
            {conflict_table}
            <h3>{lang.ui(Ui::GateTitle)}</h3>
            {ab_view(lang, &done.ab, freq)}
            {move || match ops.decided.get() {
                None => view! {
                    <div class="actions">
                        <button type="button" class="button primary" data-testid="promote" disabled=!promote on:click=move |_| ops.decide(true)>
                            {lang.ui(Ui::PromoteButton)}
                        </button>
                        <button type="button" class="button" data-testid="keep" on:click=move |_| ops.decide(false)>
                            {lang.ui(Ui::KeepButton)}
                        </button>
                    </div>
                }
                .into_any(),
                Some(true) => view! { <p class="notice" role="status" data-testid="decision">{lang.ui(Ui::Promoted)}</p> }.into_any(),
                Some(false) => view! { <p class="notice" role="status" data-testid="decision">{lang.ui(Ui::Kept)}</p> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

/// Drift table, live error and alerts, with editable rules.
#[component]
fn MonitorScreen() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    let recent = RwSignal::new(28usize);
    view! {
        <section class="card wide" data-testid="monitoring" aria-labelledby="monitor-title">
            <h2 id="monitor-title">{move || studio.ui(Ui::MonitorTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::MonitorHelp)}</p>
            <Show when=move || ops.serving().is_some() fallback=move || view! { <p class="help" data-testid="need-in-service">{move || studio.ui(Ui::NeedInService)}</p> }>
                <div class="field inline">
                    <label for="recent-rows">{move || studio.ui(Ui::RecentLabel)}</label>
                    <input id="recent-rows" type="number" min="2" max="100000" data-testid="recent-rows"
                        prop:value=move || recent.get().to_string()
                        on:change=move |e| recent.set(target_value(&e).parse().unwrap_or(28).max(2))/>
                    <button type="button" class="button primary" data-testid="monitor-run"
                        disabled=move || ops.busy()
                        on:click=move |_| ops.monitor(studio, recent.get_untracked())>
                        {move || studio.ui(Ui::MonitorButton)}
                    </button>
                </div>
                <p class="help">{move || studio.ui(Ui::RecentHelp)}</p>
            </Show>
            <RulesEditor/>
            {move || {
                let lang = studio.lang.get();
                ops.monitored.get().map(|r| drift_view(lang, &r, freq_of(studio)))
            }}
        </section>
    }
}

fn level_class(level: Option<DriftLevel>) -> &'static str {
    match level {
        Some(DriftLevel::Stable) => "level stable",
        Some(DriftLevel::Moderate) => "level moderate",
        Some(DriftLevel::Significant) => "level significant",
        None => "level none",
    }
}

fn drift_view(lang: Lang, r: &DriftReport, freq: Frequency) -> AnyView {
    let period = |p: &(String, String)| {
        format!("{} → {}", iso_date(lang, &p.0, freq), iso_date(lang, &p.1, freq))
    };
    let periods = match lang {
        Lang::En => format!(
            "Reference: the end of the training window, {}; newest window {}.",
            period(&r.reference),
            period(&r.recent)
        ),
        Lang::Fr => format!(
            "Référence : la fin de la fenêtre d'entraînement, {} ; fenêtre récente {}.",
            period(&r.reference),
            period(&r.recent)
        ),
    };
    let rows = r
        .features
        .iter()
        .map(|f| {
            let name = match lang {
                Lang::En => f.name_en.clone(),
                Lang::Fr => f.name_fr.clone(),
            };
            let psi = f.psi.map_or("—".into(), |x| lang.fixed(x, 3));
            let ks = f.ks.as_ref().map_or("—".into(), |k| lang.fixed(k.statistic, 3));
            let p = f.ks.as_ref().map_or("—".into(), |k| lang.p_value(k.p_value));
            let class = level_class(f.level);
            let mut word = lang.drift_level(f.level).to_owned();
            if f.date_driven {
                // Calendar features change with the dates themselves: shown, never alerted on.
                word.push_str(match lang {
                    Lang::En => " (follows the calendar: no alert)",
                    Lang::Fr => " (suit le calendrier : pas d'alerte)",
                });
            }
            let mark = match f.level {
                Some(DriftLevel::Significant) => "▲▲ ",
                Some(DriftLevel::Moderate) => "▲ ",
                _ => "",
            };
            view! {
                <tr data-testid="drift-row">
                    <td>{name}</td>
                    <td class="num">{psi}</td>
                    <td class="num">{ks}</td>
                    <td class="num">{p}</td>
                    <td><span class=class data-testid="drift-level">{mark}{word}</span></td>
                </tr>
            }
        })
        .collect_view();
    let live = r.live.as_ref().map(|l| {
        // Both errors with the same decimals, from their own scale.
        let errors = [l.live_mae, l.backtest_mae];
        let d = column_decimals(&errors, typical(errors));
        let text = match lang {
            Lang::En => format!(
                "Live mean absolute error {} on {}, against {} in the backtest: ratio {}.",
                lang.fixed(l.live_mae, d),
                lang.counted(l.points, "point", "points"),
                lang.fixed(l.backtest_mae, d),
                lang.fixed(l.ratio, 2)
            ),
            Lang::Fr => format!(
                "Erreur absolue moyenne réelle {} sur {}, contre {} à l'évaluation : rapport {}.",
                lang.fixed(l.live_mae, d),
                lang.counted(l.points, "point", "points"),
                lang.fixed(l.backtest_mae, d),
                lang.fixed(l.ratio, 2)
            ),
        };
        view! { <h3>{lang.ui(Ui::LiveErrorTitle)}</h3><p data-testid="live-error">{text}</p> }
    });
    let engine_lang = match lang {
        Lang::En => prevision_engine::monitor::Language::En,
        Lang::Fr => prevision_engine::monitor::Language::Fr,
    };
    let messages = r.messages(engine_lang);
    let alerts = if r.alerts.is_empty() {
        view! { <p data-testid="no-alerts">{lang.ui(Ui::NoAlerts)}</p> }.into_any()
    } else {
        r.alerts
            .iter()
            .zip(messages)
            .map(|(a, message)| {
                let class = match a.severity {
                    Severity::Info => "alert info",
                    Severity::Warning => "alert warning",
                    Severity::Critical => "alert critical",
                };
                view! {
                    <p class=class role="alert" data-testid="alert">
                        <strong>{lang.severity(a.severity)}" — "</strong>{message}
                    </p>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="flow" data-testid="drift-result">
            <p>{periods}</p>
            <div class="table-wrap" role="region" tabindex="0" aria-label=lang.ui(Ui::MonitorTitle)>
                <table class="data" data-testid="drift-table">
                    <thead>
                        <tr>
                            <th scope="col">{lang.ui(Ui::ColFeature)}</th>
                            <th scope="col" class="num">{lang.ui(Ui::ColPsi)}</th>
                            <th scope="col" class="num">{lang.ui(Ui::ColKs)}</th>
                            <th scope="col" class="num">{lang.ui(Ui::ColPValue)}</th>
                            <th scope="col">{lang.ui(Ui::ColLevel)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {live}
            <h3>{lang.ui(Ui::AlertsTitle)}</h3>
            {alerts}
        </div>
    }
    .into_any()
}

/// The alert rules, editable in place.
#[component]
fn RulesEditor() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    let metrics = [AlertMetric::Psi, AlertMetric::Ks, AlertMetric::LiveErrorRatio];
    let severities = [Severity::Info, Severity::Warning, Severity::Critical];
    let rows = move || {
        let lang = studio.lang.get();
        ops.rules
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, rule)| {
                let update = move |f: &dyn Fn(AlertRule) -> Option<AlertRule>| {
                    if let Some(r) = ops.rules.with_untracked(|r| r.get(i).copied()).and_then(f) {
                        ops.set_rule(i, r);
                    }
                };
                let metric_id = format!("rule-metric-{i}");
                let threshold_id = format!("rule-threshold-{i}");
                let window_id = format!("rule-window-{i}");
                let severity_id = format!("rule-severity-{i}");
                view! {
                    <tr data-testid="rule-row">
                        <td>
                            <label class="sr-only" for=metric_id.clone()>{lang.ui(Ui::ColMetric)}</label>
                            <select id=metric_id on:change=move |e| {
                                let k: usize = target_value(&e).parse().unwrap_or(0);
                                update(&|r| AlertRule::new(metrics[k.min(2)], r.threshold(), r.window(), r.severity()).ok());
                            }>
                                {metrics.iter().enumerate().map(|(k, m)| view! {
                                    <option value=k.to_string() selected=*m == rule.metric()>{lang.alert_metric(*m)}</option>
                                }).collect_view()}
                            </select>
                        </td>
                        <td>
                            <label class="sr-only" for=threshold_id.clone()>{lang.ui(Ui::ColThreshold)}</label>
                            // A text field, not a number one: a number field shows the browser's
                            // decimal mark, not the page's (0.25 in a French page).
                            <input id=threshold_id type="text" inputmode="decimal" data-testid="rule-threshold"
                                prop:value=lang.editable(rule.threshold())
                                on:change=move |e| {
                                    if let Some(t) = parse_decimal(&target_value(&e)) {
                                        update(&|r| AlertRule::new(r.metric(), t, r.window(), r.severity()).ok());
                                    }
                                }/>
                        </td>
                        <td>
                            <label class="sr-only" for=window_id.clone()>{lang.ui(Ui::ColWindow)}</label>
                            <input id=window_id type="number" min="1" max="3" prop:value=rule.window().to_string()
                                on:change=move |e| {
                                    if let Ok(w) = target_value(&e).parse::<usize>() {
                                        update(&|r| AlertRule::new(r.metric(), r.threshold(), w, r.severity()).ok());
                                    }
                                }/>
                        </td>
                        <td>
                            <label class="sr-only" for=severity_id.clone()>{lang.ui(Ui::ColSeverity)}</label>
                            <select id=severity_id on:change=move |e| {
                                let k: usize = target_value(&e).parse().unwrap_or(0);
                                update(&|r| AlertRule::new(r.metric(), r.threshold(), r.window(), severities[k.min(2)]).ok());
                            }>
                                {severities.iter().enumerate().map(|(k, s)| view! {
                                    <option value=k.to_string() selected=*s == rule.severity()>{lang.severity(*s)}</option>
                                }).collect_view()}
                            </select>
                        </td>
                        <td>
                            <button type="button" class="button small" on:click=move |_| ops.rules.update(|r| { if i < r.len() { r.remove(i); } })>
                                {lang.ui(Ui::RemoveRule)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <details class="rules" data-testid="rules">
            <summary>{move || studio.ui(Ui::RulesTitle)}</summary>
            <p class="help">{move || studio.ui(Ui::RulesHelp)}</p>
            <div class="table-wrap" role="region" tabindex="0" aria-label=move || studio.ui(Ui::RulesTitle)>
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{move || studio.ui(Ui::ColMetric)}</th>
                            <th scope="col">{move || studio.ui(Ui::ColThreshold)}</th>
                            <th scope="col">{move || studio.ui(Ui::ColWindow)}</th>
                            <th scope="col">{move || studio.ui(Ui::ColSeverity)}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="button" class="button small" data-testid="add-rule" on:click=move |_| ops.add_rule()>
                {move || studio.ui(Ui::AddRule)}
            </button>
        </details>
    }
}

/// N events through a model, in batches and one by one.
#[component]
fn LoadTestScreen() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let ops = expect_context::<Ops>();
    let set = move |f: &dyn Fn(&mut crate::ops::LoadSettings)| ops.load_settings.update(|s| f(s));
    view! {
        <section class="card wide" data-testid="load-test" aria-labelledby="load-title">
            <h2 id="load-title">{move || studio.ui(Ui::LoadTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::LoadHelp)}</p>
            <div class="grid-2">
                <div class="field">
                    <label for="load-events">{move || studio.ui(Ui::EventsLabel)}</label>
                    <input id="load-events" type="number" min="1" max="10000000" step="1000" data-testid="load-events"
                        prop:value=move || ops.load_settings.with(|s| s.events.to_string())
                        on:change=move |e| {
                            if let Ok(n) = target_value(&e).parse::<usize>() {
                                set(&|s| s.events = n.clamp(1, 10_000_000));
                            }
                        }/>
                </div>
                <div class="field">
                    <label for="load-batch">{move || studio.ui(Ui::BatchLabel)}</label>
                    <input id="load-batch" type="number" min="1" max="1000000" data-testid="load-batch"
                        prop:value=move || ops.load_settings.with(|s| s.batch_size.to_string())
                        on:change=move |e| {
                            if let Ok(n) = target_value(&e).parse::<usize>() {
                                set(&|s| s.batch_size = n.max(1));
                            }
                        }/>
                </div>
                <div class="field">
                    <label for="load-model">{move || studio.ui(Ui::LoadModelLabel)}</label>
                    <select id="load-model" data-testid="load-model" on:change=move |e| {
                        let choice = match target_value(&e).as_str() {
                            "linear" => LoadChoice::Linear,
                            "version" => LoadChoice::InService,
                            _ => LoadChoice::Forest,
                        };
                        set(&|s| s.target = choice);
                    }>
                        <option value="forest">{move || studio.ui(Ui::LoadModelForest)}</option>
                        <option value="linear">{move || studio.ui(Ui::LoadModelLinear)}</option>
                        <option value="version" disabled=move || ops.serving().is_none()>{move || studio.ui(Ui::LoadModelVersion)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="load-source">{move || studio.ui(Ui::LoadSourceLabel)}</label>
                    <select id="load-source" data-testid="load-source" on:change=move |e| {
                        let source = if target_value(&e) == "generated" { EventSource::Generated } else { EventSource::Data };
                        set(&|s| s.source = source);
                    }>
                        <option value="data">{move || studio.ui(Ui::LoadSourceData)}</option>
                        <option value="generated">{move || studio.ui(Ui::LoadSourceGenerated)}</option>
                    </select>
                </div>
            </div>
            <button type="button" class="button primary" data-testid="load-run"
                disabled=move || ops.busy() || loaded(studio).is_none()
                on:click=move |_| ops.load_test(studio)>
                {move || studio.ui(Ui::LoadRun)}
            </button>
            {move || {
                let lang = studio.lang.get();
                ops.load_result.get().map(|r| load_view(lang, &r))
            }}
        </section>
    }
}

fn load_view(lang: Lang, r: &Arc<crate::ops::LoadResult>) -> AnyView {
    let rep = &r.report;
    let row = |label: Ui, p: &prevision_engine::loadtest::Phase| {
        vec![
            Cell::text(lang.ui(label)),
            Cell::num(p.events_per_s.map_or("—".into(), |x| lang.number(x, 0))),
            Cell::num(lang.millis(p.p50_ms)),
            Cell::num(lang.millis(p.p95_ms)),
            Cell::num(lang.millis(p.p99_ms)),
            Cell::num(lang.millis(p.max_ms)),
        ]
    };
    let rows = vec![row(Ui::PhaseBatched, &rep.batched), row(Ui::PhaseSingle, &rep.single)];
    let columns = vec![
        Column::text(lang.ui(Ui::ColPhase).into()),
        Column::num(lang.ui(Ui::ColThroughput).into()),
        Column::num(lang.ui(Ui::ColP50).into()),
        Column::num(lang.ui(Ui::ColP95).into()),
        Column::num(lang.ui(Ui::ColP99).into()),
        Column::num(lang.ui(Ui::ColMax).into()),
    ];
    let facts = match lang {
        Lang::En => format!(
            "{} of {} through {} (batches of {}). Model ≈ {}, feature rows {}, the worker's whole memory {}.{}",
            lang.counted(rep.events, "event", "events"),
            lang.counted(rep.features, "feature", "features"),
            lang.model_name(&rep.model),
            lang.count(rep.batch_size),
            lang.bytes(rep.model_bytes as f64),
            lang.bytes(rep.matrix_bytes as f64),
            lang.bytes(r.memory_bytes),
            rep.clock_resolution_ms.map_or(String::new(), |c| format!(" The browser's clock ticks every {}: single latencies below it read as 0.", lang.millis(c)))
        ),
        Lang::Fr => format!(
            "{} de {} dans {} (lots de {}). Modèle ≈ {}, lignes de variables {}, mémoire totale du fil de calcul {}.{}",
            lang.counted(rep.events, "événement", "événements"),
            lang.counted(rep.features, "variable", "variables"),
            lang.model_name(&rep.model),
            lang.count(rep.batch_size),
            lang.bytes(rep.model_bytes as f64),
            lang.bytes(rep.matrix_bytes as f64),
            lang.bytes(r.memory_bytes),
            rep.clock_resolution_ms.map_or(String::new(), |c| format!(" L'horloge du navigateur avance par pas de {} : les latences unitaires plus courtes se lisent 0.", lang.millis(c)))
        ),
    };
    view! {
        <div class="flow" data-testid="load-result">
            {data_table("load-figures", lang.ui(Ui::LoadTitle), columns, rows, false)}
            <p data-testid="load-facts">{facts}</p>
            {crate::components::charts_glue::latency_chart(lang, rep)}
        </div>
    }
    .into_any()
}

/// Long-format data and a Python script for mlforecast / statsforecast.
#[component]
fn GraduateScreen() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let script = move || {
        studio.run.with(|r| match r {
            RunState::Done(f) => {
                Some(prevision_engine::graduate::python_script(&f.run.report, DATA_FILE))
            }
            _ => None,
        })
    };
    let download_data = move |_| {
        if let Some((_, ingested)) = loaded(studio) {
            let csv =
                prevision_engine::graduate::long_format_csv(&without_float_noise(&ingested.frame));
            browser::download(DATA_FILE, "text/csv", csv.as_bytes());
        }
    };
    let download_script = move |_| {
        if let Some(text) = script() {
            browser::download("prevision_forecast.py", "text/x-python", text.as_bytes());
        }
    };
    view! {
        <section class="card wide" data-testid="graduate" aria-labelledby="graduate-title">
            <h2 id="graduate-title">{move || studio.ui(Ui::GraduateTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::GraduateHelp)}</p>
            <Show when=move || script().is_some() fallback=move || view! { <p class="help">{move || studio.ui(Ui::NeedRun)}</p> }>
                <div class="actions">
                    <button type="button" class="button" data-testid="download-long" on:click=download_data>{move || studio.ui(Ui::DownloadLong)}</button>
                    <button type="button" class="button" data-testid="download-script" on:click=download_script>{move || studio.ui(Ui::DownloadScript)}</button>
                </div>
                <details>
                    <summary>{move || studio.ui(Ui::ScriptPreview)}</summary>
                    <pre class="code" data-testid="script-preview">{script}</pre>
                </details>
            </Show>
        </section>
    }
}

/// `x` rounded to the 15 significant digits a decimal number keeps through an `f64`: the
/// noise of sums of decimals (`1324.60 + 547.06` is `1871.6599999999999`) goes, the digits the
/// file had stay, so the shortest round-trip text is the decimal one (`1871.66`).
fn without_noise(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    format!("{x:.14e}").parse().unwrap_or(x)
}

/// A copy of `frame` whose values are [`without_noise`]: the long-format export of data merged
/// by adding rows up then reads as the file's decimals. (The engine writes each `f64` with
/// its shortest round-trip text; the noise is in the sums themselves.)
fn without_float_noise(frame: &prevision_engine::frame::Frame) -> prevision_engine::frame::Frame {
    let mut frame = frame.clone();
    for s in &mut frame.series {
        s.target.iter_mut().for_each(|v| *v = without_noise(*v));
        s.exog.iter_mut().flatten().for_each(|v| *v = without_noise(*v));
    }
    frame
}

/// The name of the long-format data file, as the script reads it.
const DATA_FILE: &str = "prevision_data_long.csv";

#[cfg(test)]
mod tests {
    use super::*;
    use prevision_engine::ingest::{IngestOptions, ingest};

    #[test]
    fn version_dates_are_written_as_the_language_writes_dates() {
        let first = "2024-01-01T00:00:00";
        assert_eq!(iso_date(Lang::Fr, first, Frequency::Daily), "01/01/2024");
        assert_eq!(iso_date(Lang::En, first, Frequency::Daily), "2024-01-01");
        let hour = "2024-03-01T13:00:00";
        assert_eq!(
            iso_date(Lang::Fr, hour, Frequency::Minutes { minutes: 60 }),
            "01/03/2024 13:00"
        );
        // An empty date (no observed value) stays empty rather than failing.
        assert_eq!(iso_date(Lang::Fr, "", Frequency::Daily), "");
    }

    #[test]
    fn the_long_format_export_writes_the_decimals_of_summed_rows_without_noise() {
        assert_eq!(format!("{}", 1324.60 + 547.06), "1871.6599999999999");
        assert_eq!(format!("{}", without_noise(1324.60 + 547.06)), "1871.66");
        assert_eq!(without_noise(0.1 + 0.2), 0.3);
        assert_eq!(without_noise(3.1989e-9), 3.1989e-9);
        assert!(without_noise(f64::NAN).is_nan());
        // Two rows of one date are added up on reading: the export shows the sum's decimals.
        let csv = "Date;Ventes\n07/01/2023;1324,60\n07/01/2023;547,06\n08/01/2023;1307,79\n\
                   09/01/2023;1003,47\n";
        let ingested = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
        let raw = prevision_engine::graduate::long_format_csv(&ingested.frame);
        assert!(raw.contains(",2023-01-07,1871.6599999999999\n"), "{raw}");
        let tidy =
            prevision_engine::graduate::long_format_csv(&without_float_noise(&ingested.frame));
        assert!(tidy.contains(",2023-01-07,1871.66\n"), "{tidy}");
        assert!(tidy.contains(",2023-01-08,1307.79\n"), "{tidy}");
    }
}
