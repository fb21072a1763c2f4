//! The results step: the data check, the chosen model in plain words, the forecast (chart and
//! table), the leaderboard, errors per step, the interval report card, feature importance,
//! SHAP for each forecast day, residual diagnostics, the run's notes, and the exports.
//!
//! Every number is read from the engine's [`ForecastReport`]; this module formats and lays out.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::forecast::report::{ForecastReport, LeaderboardRow};
use prevision_engine::spec::ModelFamily;

use crate::components::data_table::{Cell, Column, data_table};
use crate::components::export::Exports;
use crate::i18n::{Lang, Ui};
use crate::state::{Finished, RunState, Studio, Tab};

/// Rows of the importance and SHAP tables.
const TOP_FEATURES: usize = 12;

/// The results panel.
#[component]
pub fn Outcome() -> impl IntoView {
    let studio = expect_context::<Studio>();
    view! {
        <DataCheck/>
        {move || {
            let lang = studio.lang.get();
            studio
                .run
                .with(|r| match r {
                    RunState::Done(f) => view! { <Report lang finished=f.clone()/> }.into_any(),
                    RunState::Failed(failure) => {
                        view! {
                            <section class="error-panel" role="alert" data-testid="run-error">
                                <h2>{lang.ui(Ui::RunFailedTitle)}</h2>
                                <p>{lang.run_failure(failure)}</p>
                            </section>
                        }
                            .into_any()
                    }
                    RunState::Running { .. } => {
                        view! {
                            <p class="status" data-testid="results-pending">
                                <span class="spinner" aria-hidden="true"></span>
                                {lang.ui(Ui::WorkerNote)}
                            </p>
                        }
                            .into_any()
                    }
                    RunState::Idle | RunState::Cancelled => ().into_any(),
                })
        }}
    }
}

/// The head counts of the quality report, and the way to the full report.
#[component]
fn DataCheck() -> impl IntoView {
    let studio = expect_context::<Studio>();
    view! {
        <section class="card wide data-check" data-testid="data-check" aria-labelledby="data-check-title">
            <h2 id="data-check-title">{move || studio.ui(Ui::DataCheckTitle)}</h2>
            {move || {
                let lang = studio.lang.get();
                crate::components::workspace::loaded(studio)
                    .map(|(source, i)| {
                        let name = source.name();
                        view! {
                            <p class="source-name" data-testid="results-source">{name}</p>
                            {crate::components::report::tiles(lang, &i.report)}
                        }
                    })
            }}
            <button type="button" class="button link" data-testid="see-data" on:click=move |_| studio.tab.set(Tab::Data)>
                {move || studio.ui(Ui::SeeDataReport)}
            </button>
        </section>
    }
}

fn model_name(lang: Lang, row: &LeaderboardRow) -> String {
    match lang {
        Lang::En => row.name_en.clone(),
        Lang::Fr => row.name_fr.clone(),
    }
}

fn opt(lang: Lang, x: Option<f64>, decimals: usize) -> String {
    x.map(|v| lang.number(v, decimals)).unwrap_or_else(|| "—".into())
}

/// A share (0…1) as a percentage.
fn pct(lang: Lang, x: f64) -> String {
    format!("{}\u{a0}%", lang.number(x * 100.0, 1))
}

/// A metric the engine already gives in percent.
fn percent(lang: Lang, x: f64) -> String {
    format!("{}\u{a0}%", lang.number(x, 1))
}

/// A card with a title, a help line and a body.
fn card(
    testid: &'static str,
    title: &'static str,
    help: Option<&'static str>,
    body: AnyView,
) -> AnyView {
    let heading = format!("{testid}-title");
    let labelled = heading.clone();
    view! {
        <section class="card wide" data-testid=testid aria-labelledby=labelled>
            <h2 id=heading>{title}</h2>
            {help.map(|h| view! { <p class="help">{h}</p> })}
            {body}
        </section>
    }
    .into_any()
}

/// Everything a finished run shows.
#[component]
fn Report(lang: Lang, finished: Arc<Finished>) -> impl IntoView {
    let r = &finished.run.report;
    let chosen = r.leaderboard.iter().find(|row| row.id == r.chosen);
    let heading = chosen
        .map(|row| {
            lang.chosen_model(&model_name(lang, row), row.metrics.as_ref().and_then(|m| m.mase))
        })
        .unwrap_or_default();
    let summary = match lang {
        Lang::En => r.summary.en.clone(),
        Lang::Fr => r.summary.fr.clone(),
    };
    view! {
        <section class="card wide headline" data-testid="headline" aria-labelledby="headline-title">
            <h2 id="headline-title" data-testid="chosen-model">{heading}</h2>
            <h3>{lang.ui(Ui::SummaryTitle)}</h3>
            <div class="summary" data-testid="summary">
                {summary.first().cloned().map(|p| view! { <p>{p}</p> })}
                {(summary.len() > 1)
                    .then(|| {
                        view! {
                            <details data-testid="summary-days">
                                <summary>{lang.ui(Ui::SummaryDays)}</summary>
                                {summary[1..].iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                            </details>
                        }
                    })}
            </div>
            <p class="help" data-testid="timing">
                {lang.computed_in(finished.elapsed_ms)}
            </p>
            {time_spent(lang, &finished)}
        </section>
        {forecast_card(lang, &finished)}
        {leaderboard(lang, r, &finished.run.timings.per_model_ms)}
        <div class="grid-2">
            {per_step(lang, r)}
            {coverage(lang, r)}
        </div>
        {importance(lang, r)}
        <Shap lang finished=finished.clone()/>
        {residuals(lang, r)}
        {warnings(lang, r)}
        <Exports lang finished=finished.clone()/>
    }
}

fn forecast_card(lang: Lang, f: &Arc<Finished>) -> AnyView {
    let r = &f.run.report;
    let finished = f.clone();
    let chosen_series = RwSignal::new(0usize);
    // Long-format data: one chart at a time, chosen from a menu (the table lists them all).
    let series_menu = (r.forecasts.len() > 1).then(|| {
        let options = r
            .forecasts
            .iter()
            .enumerate()
            .map(|(i, s)| view! { <option value=i.to_string()>{s.series.clone()}</option> })
            .collect_view();
        view! {
            <div class="field inline">
                <label for="forecast-series">{lang.ui(Ui::SeriesChoice)}</label>
                <select
                    id="forecast-series"
                    data-testid="forecast-series"
                    on:change=move |e| {
                        if let Ok(i) = event_target_value(&e).parse() {
                            chosen_series.set(i);
                        }
                    }
                >
                    {options}
                </select>
            </div>
        }
    });
    let levels: Vec<f64> =
        r.forecasts.first().map(|s| s.bands.iter().map(|b| b.level).collect()).unwrap_or_default();
    let several = r.forecasts.len() > 1;
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text(lang.ui(Ui::SeriesChoice).into()));
    }
    columns.push(Column::text(lang.ui(Ui::ColDate).into()));
    columns.push(Column::num(lang.ui(Ui::ColForecast).into()));
    for l in &levels {
        let p = lang.number(l * 100.0, 0);
        columns.push(Column::num(format!("{} {p}\u{a0}%", lang.ui(Ui::ColLower))));
        columns.push(Column::num(format!("{} {p}\u{a0}%", lang.ui(Ui::ColUpper))));
    }
    let scale = r.forecasts.iter().flat_map(|s| &s.point).fold(0.0_f64, |m, v| m.max(v.abs()));
    let decimals = prevision_engine::stats::display_decimals(scale, 1);
    let rows: Vec<Vec<Cell>> = r
        .forecasts
        .iter()
        .take(crate::components::report::MAX_TABLE_ROWS)
        .flat_map(|s| {
            s.timestamps.iter().enumerate().map(move |(k, t)| {
                let mut row = Vec::new();
                if several {
                    row.push(Cell::text(s.series.clone()));
                }
                row.push(Cell::date(lang.date(*t, r.frequency)));
                row.push(Cell::num(lang.number(s.point[k], decimals)));
                for b in &s.bands {
                    row.push(Cell::num(lang.number(b.lower[k], decimals)));
                    row.push(Cell::num(lang.number(b.upper[k], decimals)));
                }
                row
            })
        })
        .collect();
    let body = view! {
        {series_menu}
        <div class="chart-slot" data-testid="forecast-chart-slot">
            {move || crate::components::charts_glue::forecast_chart(lang, &finished, chosen_series.get())}
        </div>
        {data_table("forecast-table", columns, rows, true)}
    }
    .into_any();
    card("forecast", lang.ui(Ui::ForecastTitle), Some(lang.ui(Ui::ForecastHelp)), body)
}

fn leaderboard(lang: Lang, r: &ForecastReport, timings: &[(String, f64)]) -> AnyView {
    let time = |id: &str| {
        timings
            .iter()
            .find(|(m, _)| m == id)
            .map(|(_, ms)| lang.number(*ms, 0))
            .unwrap_or_else(|| "—".into())
    };
    let columns = vec![
        Column::num(lang.ui(Ui::ColRank).into()),
        Column::text(lang.ui(Ui::ColModel).into()),
        Column::num("MASE".into()),
        Column::num("MAE".into()),
        Column::num("RMSE".into()),
        Column::num("sMAPE".into()),
        Column::num("MAPE".into()),
        Column::num("WAPE".into()),
        Column::num(lang.ui(Ui::ColBias).into()),
        Column::num(lang.ui(Ui::ColTime).into()),
    ];
    let rows = r
        .leaderboard
        .iter()
        .map(|row| {
            let mut name = model_name(lang, row);
            if row.id == r.chosen {
                name = format!("{name} — {}", lang.ui(Ui::BestBadge));
            } else if row.family == Some(ModelFamily::Baseline) {
                name = format!("{name} ({})", lang.ui(Ui::BaselineBadge));
            }
            match &row.metrics {
                Some(m) => vec![
                    Cell::num(row.rank.map(|k| k.to_string()).unwrap_or_else(|| "—".into())),
                    Cell::text(name),
                    Cell::num(opt(lang, m.mase, 3)),
                    Cell::num(lang.number(m.mae, 1)),
                    Cell::num(lang.number(m.rmse, 1)),
                    Cell::num(percent(lang, m.smape)),
                    Cell::num(m.mape.map(|x| percent(lang, x)).unwrap_or_else(|| "—".into())),
                    Cell::num(m.wape.map(|x| percent(lang, x)).unwrap_or_else(|| "—".into())),
                    Cell::num(lang.number(m.bias, 1)),
                    Cell::num(time(&row.id)),
                ],
                None => {
                    let mut v = vec![
                        Cell::num("—"),
                        Cell::text(format!("{name} ({})", lang.ui(Ui::FailedBadge))),
                    ];
                    v.extend((0..7).map(|_| Cell::num("—")));
                    v.push(Cell::num(time(&row.id)));
                    v
                }
            }
        })
        .collect();
    let body = view! {
        {data_table("leaderboard-table", columns, rows, false)}
    }
    .into_any();
    card("leaderboard", lang.ui(Ui::LeaderboardTitle), Some(lang.ui(Ui::LeaderboardHelp)), body)
}

fn per_step(lang: Lang, r: &ForecastReport) -> AnyView {
    let chosen = r.leaderboard.iter().find(|row| row.id == r.chosen);
    let rows = chosen
        .map(|row| {
            row.per_step
                .iter()
                .map(|s| {
                    vec![
                        Cell::num(s.step.to_string()),
                        Cell::num(lang.number(s.mae, 1)),
                        Cell::num(lang.number(s.rmse, 1)),
                        Cell::num(opt(lang, s.mase, 3)),
                        Cell::num(lang.number(s.bias, 1)),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    let columns = vec![
        Column::num(lang.ui(Ui::ColStep).into()),
        Column::num("MAE".into()),
        Column::num("RMSE".into()),
        Column::num("MASE".into()),
        Column::num(lang.ui(Ui::ColBias).into()),
    ];
    card(
        "per-step",
        lang.ui(Ui::PerStepTitle),
        Some(lang.ui(Ui::PerStepHelp)),
        data_table("per-step-table", columns, rows, true).into_any(),
    )
}

fn coverage(lang: Lang, r: &ForecastReport) -> AnyView {
    let rows = r
        .coverage
        .iter()
        .map(|c| {
            vec![
                Cell::num(c.step.to_string()),
                Cell::num(pct(lang, c.nominal)),
                Cell::num(c.observed.map(|o| pct(lang, o)).unwrap_or_else(|| "—".into())),
                Cell::num(opt(lang, c.mean_width, 1)),
                Cell::num(lang.count(c.n)),
            ]
        })
        .collect();
    let columns = vec![
        Column::num(lang.ui(Ui::ColStep).into()),
        Column::num(lang.ui(Ui::ColNominal).into()),
        Column::num(lang.ui(Ui::ColObserved).into()),
        Column::num(lang.ui(Ui::ColWidth).into()),
        Column::num(lang.ui(Ui::ColPoints).into()),
    ];
    let body = view! {
        <div class="chart-slot">{crate::components::charts_glue::coverage_chart(lang, r)}</div>
        {data_table("coverage-table", columns, rows, true)}
    }
    .into_any();
    card("coverage", lang.ui(Ui::CoverageTitle), Some(lang.ui(Ui::CoverageHelp)), body)
}

fn feature_name(lang: Lang, r: &ForecastReport, key: &str) -> String {
    r.features
        .iter()
        .find(|f| f.key == key)
        .map(|f| match lang {
            Lang::En => f.name_en.clone(),
            Lang::Fr => f.name_fr.clone(),
        })
        .unwrap_or_else(|| key.to_owned())
}

fn importance(lang: Lang, r: &ForecastReport) -> AnyView {
    let explained =
        r.explanation.as_ref().map(|e| e.model.clone()).unwrap_or_else(|| r.chosen.clone());
    let imp = r.importance.iter().find(|m| m.model == explained).or_else(|| r.importance.first());
    let Some(imp) = imp else {
        return card(
            "importance",
            lang.ui(Ui::ImportanceTitle),
            None,
            view! { <p class="empty">{lang.ui(Ui::NoExplanation)}</p> }.into_any(),
        );
    };
    let mut features = imp.features.clone();
    crate::order::sort_short_by(&mut features, |a, b| b.mae_increase.total_cmp(&a.mae_increase));
    let rows = features
        .iter()
        .take(TOP_FEATURES)
        .map(|f| {
            vec![
                Cell::text(feature_name(lang, r, &f.feature)),
                Cell::num(lang.number(f.mae_increase, 2)),
                Cell::num(format!("± {}", lang.number(f.std, 2))),
            ]
        })
        .collect();
    let columns = vec![
        Column::text(lang.ui(Ui::ColFeature).into()),
        Column::num(lang.ui(Ui::ColImportance).into()),
        Column::num("σ".into()),
    ];
    card(
        "importance",
        lang.ui(Ui::ImportanceTitle),
        Some(lang.ui(Ui::ImportanceHelp)),
        data_table("importance-table", columns, rows, false).into_any(),
    )
}

/// SHAP of one forecast day, chosen from a menu.
#[component]
fn Shap(lang: Lang, finished: Arc<Finished>) -> impl IntoView {
    let Some(e) = finished.run.report.explanation.clone() else {
        return card("shap", lang.ui(Ui::ShapTitle), None, view! { <p class="empty" data-testid="no-explanation">{lang.ui(Ui::NoExplanation)}</p> }.into_any());
    };
    let freq = finished.run.report.frequency;
    let first_series: Vec<usize> =
        e.steps.iter().enumerate().filter(|(_, s)| s.series == 0).map(|(i, _)| i).collect();
    let chosen = RwSignal::new(first_series.first().copied().unwrap_or(0));
    let options = first_series
        .iter()
        .map(|&i| {
            let s = &e.steps[i];
            view! { <option value=i.to_string()>{format!("{} — {}", s.step, lang.date(s.timestamp, freq))}</option> }
        })
        .collect_view();
    let f2 = finished.clone();
    let body = view! {
        <div class="field inline">
            <label for="shap-step">{lang.ui(Ui::ShapDay)}</label>
            <select
                id="shap-step"
                data-testid="shap-step"
                on:change=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse() {
                        chosen.set(i);
                    }
                }
            >
                {options}
            </select>
        </div>
        {move || {
            let r = &f2.run.report;
            let Some(e) = r.explanation.as_ref() else { return ().into_any() };
            let Some(step) = e.steps.get(chosen.get()) else { return ().into_any() };
            let mut order: Vec<usize> = (0..step.shap.len()).collect();
            crate::order::sort_short_by(&mut order, |&a, &b| {
                step.shap[b].abs().total_cmp(&step.shap[a].abs())
            });
            let mut rows: Vec<Vec<Cell>> = vec![vec![
                Cell::text(lang.ui(Ui::ShapBase)),
                Cell::num(""),
                Cell::num(lang.number(step.base_value, 1)),
            ]];
            rows.extend(order.iter().take(TOP_FEATURES).map(|&j| {
                let key = r.features.get(j).map(|f| f.key.clone()).unwrap_or_default();
                vec![
                    Cell::text(feature_name(lang, r, &key)),
                    Cell::num(step.values.get(j).map(|v| lang.number(*v, 2)).unwrap_or_default()),
                    Cell::num(signed(lang, step.shap[j])),
                ]
            }));
            rows.push(vec![
                Cell::text(lang.ui(Ui::ColForecast)),
                Cell::num(""),
                Cell::num(lang.number(step.prediction, 1)),
            ]);
            let groups = step
                .groups
                .iter()
                .map(|g| vec![Cell::text(lang.feature_group(g.group)), Cell::num(signed(lang, g.value))])
                .collect();
            view! {
                <div class="chart-slot">{crate::components::charts_glue::shap_chart(lang, &f2, chosen.get())}</div>
                <div class="grid-2">
                    {data_table(
                        "shap-table",
                        vec![
                            Column::text(lang.ui(Ui::ColFeature).into()),
                            Column::num(lang.ui(Ui::ColValue).into()),
                            Column::num(lang.ui(Ui::ColContribution).into()),
                        ],
                        rows,
                        false,
                    )}
                    <div>
                        <h3>{lang.ui(Ui::ShapGroups)}</h3>
                        {data_table(
                            "shap-groups-table",
                            vec![
                                Column::text(lang.ui(Ui::ColFeature).into()),
                                Column::num(lang.ui(Ui::ColContribution).into()),
                            ],
                            groups,
                            false,
                        )}
                    </div>
                </div>
            }
                .into_any()
        }}
    }
    .into_any();
    card("shap", lang.ui(Ui::ShapTitle), Some(lang.ui(Ui::ShapHelp)), body)
}

fn signed(lang: Lang, x: f64) -> String {
    let s = lang.number(x, 1);
    if x > 0.0 && s != "0" { format!("+{s}") } else { s }
}

fn residuals(lang: Lang, r: &ForecastReport) -> AnyView {
    let Some(d) = &r.residuals else { return ().into_any() };
    let rows = vec![vec![
        Cell::num(lang.number(d.mean, 2)),
        Cell::num(lang.number(d.std, 2)),
        Cell::num(lang.count(d.residuals.len())),
        Cell::num(d.acf.iter().take(7).map(|a| lang.number(*a, 2)).collect::<Vec<_>>().join("  ")),
    ]];
    let columns = vec![
        Column::num(lang.ui(Ui::ColMean).into()),
        Column::num(lang.ui(Ui::ColStd).into()),
        Column::num(lang.ui(Ui::ColPoints).into()),
        Column::num("ACF 1…7".into()),
    ];
    let body = view! {
        <div class="chart-slot">{crate::components::charts_glue::residual_charts(lang, r)}</div>
        {data_table("residuals-table", columns, rows, false)}
    }
    .into_any();
    card("residuals", lang.ui(Ui::ResidualsTitle), Some(lang.ui(Ui::ResidualsHelp)), body)
}

fn warnings(lang: Lang, r: &ForecastReport) -> AnyView {
    if r.warnings.is_empty() {
        return ().into_any();
    }
    let body = view! {
        <ul class="notes" data-testid="run-warnings">
            {lang.forecast_warnings(&r.warnings, crate::i18n::RunNames::of(r)).into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
        </ul>
    }
    .into_any();
    card("warnings", lang.ui(Ui::WarningsTitle), None, body)
}

/// Where the run's time went: reading, the models (summed over the workers), then each stage
/// of the engine's finish. Shown only when the engine had a clock.
fn time_spent(lang: Lang, finished: &Finished) -> Option<impl IntoView + use<>> {
    let t = &finished.run.timings;
    if t.finish_ms.is_empty() {
        return None;
    }
    let models: f64 = t.per_model_ms.iter().map(|(_, ms)| ms).sum();
    let lines: Vec<String> = [("ingest", finished.ingest_ms), ("models", models)]
        .into_iter()
        .chain(t.finish_ms.iter().map(|(s, ms)| (s.as_str(), *ms)))
        .map(|(stage, ms)| lang.time_stage(stage, ms))
        .collect();
    Some(view! {
        <details class="help" data-testid="time-spent">
            <summary>{lang.ui(Ui::TimeSpent)}</summary>
            <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        </details>
    })
}
