//! The results step: the data check, the chosen model in plain words, the forecast (chart and
//! table), the leaderboard, errors per step, the interval report card, feature importance,
//! SHAP for each forecast day, residual diagnostics, the run's notes, and the exports.
//!
//! Every number is read from the engine's [`ForecastReport`]; this module formats and lays out.

use std::sync::Arc;

use leptos::callback::Callback;
use leptos::prelude::*;
use prevision_engine::forecast::report::{
    Explanation, FallbackMethod, ForecastReport, LeaderboardRow, Metrics, SeriesAccuracy,
    StepExplanation,
};
use prevision_engine::frame::ExogColumn;
use prevision_engine::intervals::StepCoverage;
use prevision_engine::leaderboard::StepMetrics;
use prevision_engine::spec::ModelFamily;

use crate::components::data_table::{Cell, Column, data_table, picking_table};
use crate::components::export::Exports;
use crate::i18n::{FeatureValues, Lang, Ui, column_decimals, forecast_decimals, typical};
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

fn model_name(lang: Lang, row: &LeaderboardRow, r: &ForecastReport) -> String {
    lang.row_name(row, &r.leaderboard, r.spec.ensemble.method)
}

fn opt(lang: Lang, x: Option<f64>, decimals: usize) -> String {
    x.map(|v| lang.fixed(v, decimals)).unwrap_or_else(|| "—".into())
}

/// The decimals of each metric column of a leaderboard or of the errors per step: errors
/// (MAE, RMSE, bias) on the scale of the typical MAE, percentages on their own, MASE with at
/// least three (as the summary writes it); each column tells apart values more than 1 % apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MetricDecimals {
    /// MASE.
    pub mase: usize,
    /// Mean absolute error.
    pub mae: usize,
    /// Root mean squared error.
    pub rmse: usize,
    /// Bias.
    pub bias: usize,
    /// sMAPE, MAPE and WAPE, each its own.
    pub percents: [usize; 3],
}

impl MetricDecimals {
    /// The decimals of metric columns given as values (missing ones left out).
    pub(crate) fn new(
        mase: &[f64],
        mae: &[f64],
        rmse: &[f64],
        bias: &[f64],
        percents: [&[f64]; 3],
    ) -> Self {
        let scale = typical(mae.iter().copied());
        let percent = |values: &[f64]| column_decimals(values, typical(values.iter().copied()));
        MetricDecimals {
            mase: column_decimals(mase, 1.0).max(3),
            mae: column_decimals(mae, scale),
            rmse: column_decimals(rmse, scale),
            bias: column_decimals(bias, scale),
            percents: percents.map(percent),
        }
    }

    /// The decimals of a leaderboard's metrics.
    pub(crate) fn of_rows(rows: &[&Metrics]) -> Self {
        let column =
            |f: fn(&Metrics) -> Option<f64>| rows.iter().filter_map(|m| f(m)).collect::<Vec<_>>();
        MetricDecimals::new(
            &column(|m| m.mase),
            &column(|m| Some(m.mae)),
            &column(|m| Some(m.rmse)),
            &column(|m| Some(m.bias)),
            [&column(|m| Some(m.smape)), &column(|m| m.mape), &column(|m| m.wape)],
        )
    }

    /// The decimals of the errors per step.
    pub(crate) fn of_steps(steps: &[StepMetrics]) -> Self {
        let column =
            |f: fn(&StepMetrics) -> Option<f64>| steps.iter().filter_map(f).collect::<Vec<_>>();
        MetricDecimals::new(
            &column(|s| s.mase),
            &column(|s| Some(s.mae)),
            &column(|s| Some(s.rmse)),
            &column(|s| Some(s.bias)),
            [&column(|s| Some(s.smape)), &[], &[]],
        )
    }
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
    // The series the forecast card shows, picked in its menu or in the table per series.
    let chosen_series = RwSignal::new(0usize);
    let chosen = r.chosen_row();
    let heading = chosen
        .map(|row| {
            lang.chosen_model(&model_name(lang, row, r), row.metrics.as_ref().and_then(|m| m.mase))
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
        {forecast_card(lang, &finished, chosen_series)}
        {(!r.new_series.is_empty()).then(|| new_series(lang, r))}
        {leaderboard(lang, r, &finished.run.timings.per_model_ms)}
        {(r.series.len() > 1).then(|| per_series(lang, r, chosen_series))}
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

/// A labelled menu of series (`(index, name)`), whose id is also its test id; `pick` gets the
/// index chosen; the menu shows `shown` (which may also be set elsewhere).
fn series_select(
    lang: Lang,
    id: &'static str,
    series: Vec<(usize, String)>,
    shown: RwSignal<usize>,
    pick: impl Fn(usize) + 'static,
) -> impl IntoView {
    let options = series
        .into_iter()
        .map(|(i, name)| view! { <option value=i.to_string()>{name}</option> })
        .collect_view();
    view! {
        <div class="field inline">
            <label for=id>{lang.ui(Ui::SeriesChoice)}</label>
            <select
                id=id
                data-testid=id
                prop:value=move || shown.get().to_string()
                on:change=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse() {
                        pick(i);
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}

fn forecast_card(lang: Lang, f: &Arc<Finished>, chosen_series: RwSignal<usize>) -> AnyView {
    let r = &f.run.report;
    let finished = f.clone();
    // Long-format data: one chart at a time, chosen from a menu (the table lists them all).
    let series_menu = (r.forecasts.len() > 1).then(|| {
        let series = r.forecasts.iter().enumerate().map(|(i, s)| (i, s.series.clone()));
        let pick = move |i| chosen_series.set(i);
        series_select(lang, "forecast-series", series.collect(), chosen_series, pick)
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
    // Levels name their columns as the chart's legend and tooltip name the bands ("Low 80%",
    // "80% interval", drawn by `charts`); the browser tests read these headers.
    for l in &levels {
        let p = lang.level(*l);
        columns.push(Column::num(format!("{} {p}", lang.ui(Ui::ColLower))));
        columns.push(Column::num(format!("{} {p}", lang.ui(Ui::ColUpper))));
    }
    // One number of decimals for every number of the table, as the imported model's table.
    let decimals = forecast_decimals(r.forecasts.iter().flat_map(|s| s.point.iter().copied()));
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
                row.push(Cell::num(lang.fixed(s.point[k], decimals)));
                for b in &s.bands {
                    row.push(Cell::num(lang.fixed(b.lower[k], decimals)));
                    row.push(Cell::num(lang.fixed(b.upper[k], decimals)));
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
        {data_table("forecast-table", lang.ui(Ui::ForecastTitle), columns, rows, true)}
    }
    .into_any();
    card("forecast", lang.ui(Ui::ForecastTitle), Some(lang.ui(Ui::ForecastHelp)), body)
}

/// The series too new for one backtest window, each forecast by a rule: one table, one row
/// per series and date, with the same decimals as the forecast table.
fn new_series(lang: Lang, r: &ForecastReport) -> AnyView {
    let columns = vec![
        Column::text(lang.ui(Ui::SeriesChoice).into()),
        Column::num(lang.ui(Ui::ColValuesObserved).into()),
        Column::text(lang.ui(Ui::ColRule).into()),
        Column::text(lang.ui(Ui::ColDate).into()),
        Column::num(lang.ui(Ui::ColForecast).into()),
    ];
    let decimals = forecast_decimals(r.new_series.iter().flat_map(|s| s.point.iter().copied()));
    let rows: Vec<Vec<Cell>> = r
        .new_series
        .iter()
        .take(crate::components::report::MAX_TABLE_ROWS)
        .flat_map(|s| {
            let rule = lang.ui(match s.method {
                FallbackMethod::LastSeason => Ui::RuleLastSeason,
                FallbackMethod::Mean => Ui::RuleMean,
            });
            s.timestamps.iter().zip(&s.point).map(move |(t, p)| {
                vec![
                    Cell::text(s.series.clone()),
                    Cell::num(lang.count(s.observed)),
                    Cell::text(rule),
                    Cell::date(lang.date(*t, r.frequency)),
                    Cell::num(lang.fixed(*p, decimals)),
                ]
            })
        })
        .collect();
    let title = lang.ui(Ui::NewSeriesTitle);
    let body = view! { {data_table("new-series-table", title, columns, rows, true)} }.into_any();
    card("new-series", title, Some(lang.ui(Ui::NewSeriesHelp)), body)
}

fn leaderboard(lang: Lang, r: &ForecastReport, timings: &[(String, f64)]) -> AnyView {
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
    let rows = leaderboard_rows(lang, r, timings);
    let body = view! {
        {data_table("leaderboard-table", lang.ui(Ui::LeaderboardTitle), columns, rows, false)}
    }
    .into_any();
    card("leaderboard", lang.ui(Ui::LeaderboardTitle), Some(lang.ui(Ui::LeaderboardHelp)), body)
}

/// The leaderboard's rows: every metric column with one number of decimals, chosen from the
/// series' typical error so that models can be told apart.
fn leaderboard_rows(lang: Lang, r: &ForecastReport, timings: &[(String, f64)]) -> Vec<Vec<Cell>> {
    let time = |id: &str| {
        timings
            .iter()
            .find(|(m, _)| m == id)
            .map(|(_, ms)| lang.fixed(*ms, 0))
            .unwrap_or_else(|| "—".into())
    };
    let metrics: Vec<&Metrics> =
        r.leaderboard.iter().filter_map(|row| row.metrics.as_ref()).collect();
    let d = MetricDecimals::of_rows(&metrics);
    let percent = |x: Option<f64>, decimals: usize| {
        x.map(|x| lang.percent(x, decimals)).unwrap_or_else(|| "—".into())
    };
    r.leaderboard
        .iter()
        .map(|row| {
            let mut name = model_name(lang, row, r);
            if row.id == r.chosen {
                name = format!("{name} — {}", lang.ui(Ui::BestBadge));
            } else if row.family == Some(ModelFamily::Baseline) {
                name = format!("{name} ({})", lang.ui(Ui::BaselineBadge));
            }
            match &row.metrics {
                Some(m) => vec![
                    Cell::num(row.rank.map(|k| k.to_string()).unwrap_or_else(|| "—".into())),
                    Cell::text(name),
                    Cell::num(opt(lang, m.mase, d.mase)),
                    Cell::num(lang.fixed(m.mae, d.mae)),
                    Cell::num(lang.fixed(m.rmse, d.rmse)),
                    Cell::num(percent(Some(m.smape), d.percents[0])),
                    Cell::num(percent(m.mape, d.percents[1])),
                    Cell::num(percent(m.wape, d.percents[2])),
                    Cell::num(lang.fixed(m.bias, d.bias)),
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
        .collect()
}

/// The chosen model's errors per series, least accurate first (the engine's order), each
/// column with one number of decimals.
fn per_series_rows(lang: Lang, r: &ForecastReport, accuracy: &[SeriesAccuracy]) -> Vec<Vec<Cell>> {
    let metrics: Vec<&Metrics> = accuracy.iter().filter_map(|a| a.metrics.as_ref()).collect();
    let d = MetricDecimals::of_rows(&metrics);
    accuracy
        .iter()
        .map(|a| {
            let name = r.series.get(a.series).cloned().unwrap_or_default();
            let mut row = vec![Cell::text(name), Cell::num(lang.count(a.windows))];
            match &a.metrics {
                Some(m) => row.extend([
                    Cell::num(lang.fixed(m.mae, d.mae)),
                    Cell::num(opt(lang, m.mase, d.mase)),
                    Cell::num(
                        m.wape
                            .map(|x| lang.percent(x, d.percents[2]))
                            .unwrap_or_else(|| "—".into()),
                    ),
                    Cell::num(lang.fixed(m.bias, d.bias)),
                ]),
                None => row.extend((0..4).map(|_| Cell::num("—"))),
            }
            row
        })
        .collect()
}

/// The chosen model's errors per series; picking a series shows its forecast (the forecast
/// card's menu, focused, follows).
fn per_series(lang: Lang, r: &ForecastReport, chosen_series: RwSignal<usize>) -> AnyView {
    let columns = vec![
        Column::text(lang.ui(Ui::SeriesChoice).into()),
        Column::num(lang.ui(Ui::ColWindow).into()),
        Column::num("MAE".into()),
        Column::num("MASE".into()),
        Column::num("WAPE".into()),
        Column::num(lang.ui(Ui::ColBias).into()),
    ];
    let accuracy = r.accuracy_per_series();
    let rows = per_series_rows(lang, r, &accuracy);
    // Row k's place among the forecasts (found by name: a series the run left out has none).
    let shown: Vec<Option<usize>> = accuracy
        .iter()
        .map(|a| {
            let name = r.series.get(a.series)?;
            r.forecasts.iter().position(|f| &f.series == name)
        })
        .collect();
    let pick = Callback::new(move |k: usize| {
        if let Some(i) = shown.get(k).copied().flatten() {
            chosen_series.set(i);
            crate::components::workspace::focus_by_id("forecast-series");
        }
    });
    let table =
        picking_table("per-series-table", lang.ui(Ui::PerSeriesTitle), columns, rows, true, pick);
    card(
        "per-series",
        lang.ui(Ui::PerSeriesTitle),
        Some(lang.ui(Ui::PerSeriesHelp)),
        table.into_any(),
    )
}

/// The chosen model's errors per step, each column with one number of decimals.
fn per_step_rows(lang: Lang, steps: &[StepMetrics]) -> Vec<Vec<Cell>> {
    let d = MetricDecimals::of_steps(steps);
    steps
        .iter()
        .map(|s| {
            vec![
                Cell::num(s.step.to_string()),
                Cell::num(lang.fixed(s.mae, d.mae)),
                Cell::num(lang.fixed(s.rmse, d.rmse)),
                Cell::num(opt(lang, s.mase, d.mase)),
                Cell::num(lang.fixed(s.bias, d.bias)),
            ]
        })
        .collect()
}

fn per_step(lang: Lang, r: &ForecastReport) -> AnyView {
    let chosen = r.chosen_row();
    let rows = chosen.map(|row| per_step_rows(lang, &row.per_step)).unwrap_or_default();
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
        data_table("per-step-table", lang.ui(Ui::PerStepTitle), columns, rows, true).into_any(),
    )
}

/// The interval report card's rows: shares as percentages (the promised levels with the
/// decimals they need, the observed ones with one), widths on their own scale.
fn coverage_rows(lang: Lang, coverage: &[StepCoverage]) -> Vec<Vec<Cell>> {
    let whole = |x: f64| ((x * 100.0) - (x * 100.0).round()).abs() < 1e-9;
    let nominal = if coverage.iter().all(|c| whole(c.nominal)) { 0 } else { 1 };
    let widths: Vec<f64> = coverage.iter().filter_map(|c| c.mean_width).collect();
    let width = column_decimals(&widths, typical(widths.iter().copied()));
    coverage
        .iter()
        .map(|c| {
            vec![
                Cell::num(c.step.to_string()),
                Cell::num(lang.percent(c.nominal * 100.0, nominal)),
                Cell::num(
                    c.observed.map(|o| lang.percent(o * 100.0, 1)).unwrap_or_else(|| "—".into()),
                ),
                Cell::num(opt(lang, c.mean_width, width)),
                Cell::num(lang.count(c.n)),
            ]
        })
        .collect()
}

fn coverage(lang: Lang, r: &ForecastReport) -> AnyView {
    let rows = coverage_rows(lang, &r.coverage);
    let columns = vec![
        Column::num(lang.ui(Ui::ColStep).into()),
        Column::num(lang.ui(Ui::ColNominal).into()),
        Column::num(lang.ui(Ui::ColObserved).into()),
        Column::num(lang.ui(Ui::ColWidth).into()),
        Column::num(lang.ui(Ui::ColPoints).into()),
    ];
    let body = view! {
        <div class="chart-slot">{crate::components::charts_glue::coverage_chart(lang, r)}</div>
        {data_table("coverage-table", lang.ui(Ui::CoverageTitle), columns, rows, true)}
        {few_points_note(lang, &r.coverage).map(|t| view! { <p class="help" data-testid="coverage-few-points">{t}</p> })}
    }
    .into_any();
    card("coverage", lang.ui(Ui::CoverageTitle), Some(lang.ui(Ui::CoverageHelp)), body)
}

/// Fewest points a step's coverage is measured on before the card needs no caveat.
const FEW_COVERAGE_POINTS: usize = 20;

/// A caveat when a step's coverage rests on few points: with `n` of them, observed coverage
/// moves in steps of 1/`n` (the first windows only calibrate: 4 at 80 %, 19 at 95 %).
fn few_points_note(lang: Lang, coverage: &[StepCoverage]) -> Option<String> {
    let fewest = coverage.iter().map(|c| c.n).filter(|n| *n > 0).min()?;
    if fewest >= FEW_COVERAGE_POINTS {
        return None;
    }
    let step = lang.percent(100.0 / fewest as f64, 0);
    Some(match lang {
        Lang::En => format!(
            "Read this card as a rough check: a step is measured on as few as {} past points, so its coverage moves by about {step} at a time. Each window is judged by a band set from the windows before it only, and the first windows only set bands. Longer history gives more windows and a sharper check.",
            lang.count(fewest)
        ),
        Lang::Fr => format!(
            "Lisez ce bilan comme un contrôle grossier : une étape n'est mesurée que sur {} points passés, sa couverture avance donc par pas d'environ {step}. Chaque fenêtre est jugée par une bande réglée sur les seules fenêtres qui la précèdent, et les premières fenêtres ne servent qu'à régler les bandes. Un historique plus long donne plus de fenêtres et un contrôle plus fin.",
            lang.count(fewest)
        ),
    })
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
    features.truncate(TOP_FEATURES);
    // Both columns on the scale of the typical increase, so a feature that matters reads apart
    // from one that does not.
    let increases: Vec<f64> = features.iter().map(|f| f.mae_increase).collect();
    let decimals = column_decimals(&increases, typical(increases.iter().copied()));
    let rows = features
        .iter()
        .map(|f| {
            vec![
                Cell::text(feature_name(lang, r, &f.feature)),
                Cell::num(lang.fixed(f.mae_increase, decimals)),
                Cell::num(format!("±\u{a0}{}", lang.fixed(f.std, decimals))),
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
        data_table("importance-table", lang.ui(Ui::ImportanceTitle), columns, rows, false)
            .into_any(),
    )
}

/// SHAP of one forecast day, chosen from a menu.
#[component]
fn Shap(lang: Lang, finished: Arc<Finished>) -> impl IntoView {
    let Some(e) = finished.run.report.explanation.clone() else {
        return card("shap", lang.ui(Ui::ShapTitle), None, view! { <p class="empty" data-testid="no-explanation">{lang.ui(Ui::NoExplanation)}</p> }.into_any());
    };
    let freq = finished.run.report.frequency;
    let e = Arc::new(e);
    // The series explained (the first ones of the file), each with its forecast days.
    let explained_series = e.series();
    let first_step = {
        let e = e.clone();
        move |series: usize| e.steps.iter().position(|x| x.series == series).unwrap_or(0)
    };
    let shown = RwSignal::new(explained_series.first().copied().unwrap_or(0));
    let chosen = RwSignal::new(first_step(shown.get_untracked()));
    let series_menu = (explained_series.len() > 1).then(|| {
        let names = &finished.run.report.series;
        let series = explained_series
            .iter()
            .map(|&s| (s, names.get(s).cloned().unwrap_or_else(|| (s + 1).to_string())));
        series_select(lang, "shap-series", series.collect(), shown, move |s| {
            shown.set(s);
            chosen.set(first_step(s));
        })
    });
    let days = {
        let e = e.clone();
        move || {
            let series = shown.get();
            e.steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.series == series)
                .map(|(i, s)| {
                    view! { <option value=i.to_string()>{format!("{} — {}", s.step, lang.date(s.timestamp, freq))}</option> }
                })
                .collect_view()
        }
    };
    let f2 = finished.clone();
    let explained = lang.explained_model_note(&finished.run.report);
    let series = lang.explained_series_note(&finished.run.report).map(|note| {
        view! { <p class="explained-series" data-testid="explained-series">{note}</p> }
    });
    let body = view! {
        <p class="explained-model" data-testid="explained-model">{explained}</p>
        {series}
        {series_menu}
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
                {days}
            </select>
        </div>
        {move || {
            let r = &f2.run.report;
            let Some(e) = r.explanation.as_ref() else { return ().into_any() };
            let Some(step) = e.steps.get(chosen.get()) else { return ().into_any() };
            let (rows, groups) = shap_rows(lang, r, e, step, &f2.ingested.frame.exog);
            view! {
                <div class="chart-slot">{crate::components::charts_glue::shap_chart(lang, &f2, chosen.get())}</div>
                <div class="grid-2">
                    {data_table(
                        "shap-table",
                        lang.ui(Ui::ShapTitle),
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
                            lang.ui(Ui::ShapGroups),
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

/// A contribution with its sign: `+12.0`, `−3.5`; no sign on one that rounds to zero.
fn signed(lang: Lang, x: f64, decimals: usize) -> String {
    let s = lang.fixed(x, decimals);
    let zero = !s.chars().any(|c| c.is_ascii_digit() && c != '0');
    if x > 0.0 && !zero { format!("+{s}") } else { s }
}

/// The SHAP table of `step` (base value, the largest contributions with each feature's value
/// in words, the forecast) and its table by family of features: contributions share one
/// number of decimals, from their typical size.
fn shap_rows(
    lang: Lang,
    r: &ForecastReport,
    e: &Explanation,
    step: &StepExplanation,
    exog: &[ExogColumn],
) -> (Vec<Vec<Cell>>, Vec<Vec<Cell>>) {
    let mut order: Vec<usize> = (0..step.shap.len()).collect();
    crate::order::sort_short_by(&mut order, |&a, &b| {
        step.shap[b].abs().total_cmp(&step.shap[a].abs())
    });
    order.truncate(TOP_FEATURES);
    let shown: Vec<f64> = order.iter().map(|&j| step.shap[j]).collect();
    let mut column = shown.clone();
    column.extend([step.base_value, step.prediction]);
    column.extend(step.groups.iter().map(|g| g.value));
    let decimals = column_decimals(&column, typical(shown.iter().copied()));
    // Lags and averages are on the target's scale (or the model's, when it is transformed).
    let target_decimals = if e.transformed_scale {
        2
    } else {
        forecast_decimals(r.forecasts.iter().flat_map(|s| s.point.iter().copied()))
    };
    let cx = FeatureValues { series: &r.series, exog, decimals: target_decimals };
    let mut rows: Vec<Vec<Cell>> = vec![vec![
        Cell::text(lang.ui(Ui::ShapBase)),
        Cell::num(""),
        Cell::num(lang.fixed(step.base_value, decimals)),
    ]];
    rows.extend(order.iter().map(|&j| {
        let info = r.features.get(j);
        let key = info.map(|f| f.key.clone()).unwrap_or_default();
        let value = match (info, step.values.get(j)) {
            (Some(info), Some(v)) => lang.feature_value(info, *v, cx),
            _ => String::new(),
        };
        vec![
            Cell::text(feature_name(lang, r, &key)),
            Cell::num(value),
            Cell::num(signed(lang, step.shap[j], decimals)),
        ]
    }));
    rows.push(vec![
        Cell::text(lang.ui(Ui::ColForecast)),
        Cell::num(""),
        Cell::num(lang.fixed(step.prediction, decimals)),
    ]);
    let groups = step
        .groups
        .iter()
        .map(|g| {
            vec![
                Cell::text(lang.feature_group(g.group)),
                Cell::num(signed(lang, g.value, decimals)),
            ]
        })
        .collect();
    (rows, groups)
}

/// Autocorrelations of the residuals shown in the diagnostics table, from lag 1.
const ACF_LAGS_SHOWN: usize = 7;

/// The header of the residual autocorrelations: the lags shown (`ACF 1…6`).
fn acf_header(lags: usize) -> String {
    match lags {
        0 => "ACF".into(),
        1 => "ACF 1".into(),
        n => format!("ACF 1…{n}"),
    }
}

fn residuals(lang: Lang, r: &ForecastReport) -> AnyView {
    let Some(d) = &r.residuals else { return ().into_any() };
    // Mean and spread on the residuals' own scale; autocorrelations with two decimals each.
    let decimals = column_decimals(&[d.mean, d.std], d.std);
    // The first lags' autocorrelations, as many as the residuals give (a short backtest gives
    // fewer than seven); the header counts those shown.
    let lags = d.acf.len().min(ACF_LAGS_SHOWN);
    let acf = match lags {
        0 => "—".to_string(),
        _ => d.acf[..lags].iter().map(|a| lang.fixed(*a, 2)).collect::<Vec<_>>().join("  "),
    };
    let rows = vec![vec![
        Cell::num(lang.fixed(d.mean, decimals)),
        Cell::num(lang.fixed(d.std, decimals)),
        Cell::num(lang.count(d.residuals.len())),
        Cell::num(acf),
    ]];
    let columns = vec![
        Column::num(lang.ui(Ui::ColMean).into()),
        Column::num(lang.ui(Ui::ColStd).into()),
        Column::num(lang.ui(Ui::ColPoints).into()),
        Column::num(acf_header(lags)),
    ];
    let body = view! {
        <div class="chart-slot">{crate::components::charts_glue::residual_charts(lang, r)}</div>
        {data_table("residuals-table", lang.ui(Ui::ResidualsTitle), columns, rows, false)}
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

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(mae: f64, rmse: f64, smape: f64, mase: f64, bias: f64) -> Metrics {
        Metrics {
            mae,
            rmse,
            mape: Some(smape * 1.02),
            smape,
            mase: Some(mase),
            wape: Some(smape * 0.95),
            bias,
            undefined: vec![],
        }
    }

    #[test]
    fn the_autocorrelation_header_counts_the_lags_shown() {
        assert_eq!(acf_header(7), "ACF 1…7");
        assert_eq!(acf_header(6), "ACF 1…6");
        assert_eq!(acf_header(1), "ACF 1");
        assert_eq!(acf_header(0), "ACF");
    }

    fn texts(row: &[Cell]) -> Vec<&str> {
        row.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn hourly_errors_are_told_apart_with_one_number_of_decimals_per_column() {
        // Six models of an hourly series in kWh: errors around 0.1, biases near zero.
        let board = [
            metrics(0.1041, 0.1312, 3.31, 0.314, 0.0004),
            metrics(0.1063, 0.1350, 3.62, 0.323, -0.0021),
            metrics(0.1088, 0.1391, 3.74, 0.344, 0.0013),
            metrics(0.1121, 0.1420, 3.83, 0.351, 0.0),
            metrics(0.1190, 0.1502, 4.21, 0.373, 0.0032),
            metrics(0.1240, 0.1566, 4.12, 0.381, -0.0007),
        ];
        let d = MetricDecimals::of_rows(&board.iter().collect::<Vec<_>>());
        assert_eq!((d.mase, d.mae, d.rmse), (3, 3, 3));
        let lang = Lang::Fr;
        let mae: Vec<String> = board.iter().map(|m| lang.fixed(m.mae, d.mae)).collect();
        assert_eq!(mae, ["0,104", "0,106", "0,109", "0,112", "0,119", "0,124"]);
        let bias: Vec<String> = board.iter().map(|m| lang.fixed(m.bias, d.bias)).collect();
        assert_eq!(bias, ["0,0004", "−0,0021", "0,0013", "0,0000", "0,0032", "−0,0007"]);
        // Errors in the hundreds: one number of decimals, none needed ("144", not "144" next
        // to "115.3").
        let big =
            [metrics(144.0, 190.2, 24.6, 0.65, -47.8), metrics(115.3, 160.0, 11.2, 0.54, 26.9)];
        let d = MetricDecimals::of_rows(&big.iter().collect::<Vec<_>>());
        assert_eq!((d.mae, d.rmse, d.bias), (0, 0, 0));
        assert_eq!(Lang::En.fixed(big[1].mae, d.mae), "115");
        assert_eq!(d.mase, 3);
        assert_eq!(Lang::En.percent(big[0].smape, d.percents[0]), "24.6%");
    }

    #[test]
    fn the_errors_per_step_share_their_decimals_down_each_column() {
        let step = |step, mae: f64, mase| StepMetrics {
            step,
            mae,
            rmse: mae * 1.2,
            smape: 3.0,
            mase: Some(mase),
            bias: mae / 10.0,
            n: 30,
        };
        let rows = per_step_rows(Lang::En, &[step(1, 111.0, 0.544), step(2, 61.2, 0.3)]);
        // A typical error under 100: one decimal down each column ("111.0" above "61.2").
        assert_eq!(texts(&rows[0]), ["1", "111.0", "133.2", "0.544", "11.1"]);
        assert_eq!(texts(&rows[1]), ["2", "61.2", "73.4", "0.300", "6.1"]);
    }

    #[test]
    fn a_report_card_on_few_points_says_to_read_it_as_a_rough_check() {
        let at = |n| StepCoverage {
            step: 1,
            level: 0.8,
            nominal: 0.8,
            observed: Some(0.8),
            mean_width: Some(1.0),
            n,
        };
        let note = few_points_note(Lang::En, &[at(40), at(5)]).expect("a caveat on 5 points");
        assert!(note.contains("as few as 5 past points") && note.contains("20%"), "{note}");
        let fr = few_points_note(Lang::Fr, &[at(5)]).expect("une mise en garde");
        assert!(fr.contains("5 points passés") && fr.contains("20\u{202f}%"), "{fr}");
        // Enough points everywhere (steps that could not be measured are not counted): no note.
        assert_eq!(few_points_note(Lang::En, &[at(20), at(0)]), None);
        assert_eq!(few_points_note(Lang::En, &[]), None);
    }

    #[test]
    fn the_report_card_writes_levels_and_coverage_as_percentages_of_each_language() {
        let cov = |step, nominal, observed: Option<f64>, width| StepCoverage {
            step,
            level: nominal,
            nominal,
            observed,
            mean_width: Some(width),
            n: 30,
        };
        let rows = coverage_rows(
            Lang::En,
            &[
                cov(1, 0.8, Some(0.8), 289.4),
                cov(1, 0.95, Some(0.967), 563.1),
                cov(2, 0.8, None, 316.6),
            ],
        );
        assert_eq!(texts(&rows[0]), ["1", "80%", "80.0%", "289", "30"]);
        assert_eq!(texts(&rows[1]), ["1", "95%", "96.7%", "563", "30"]);
        assert_eq!(texts(&rows[2]), ["2", "80%", "—", "317", "30"]);
        let fr = coverage_rows(Lang::Fr, &[cov(1, 0.975, Some(0.5), 1.25)]);
        assert_eq!(texts(&fr[0]), ["1", "97,5\u{202f}%", "50,0\u{202f}%", "1,25", "30"]);
    }

    #[test]
    fn contributions_keep_their_sign_unless_they_round_to_zero() {
        assert_eq!(signed(Lang::En, 12.04, 1), "+12.0");
        assert_eq!(signed(Lang::Fr, -3.46, 2), "−3,46");
        assert_eq!(signed(Lang::En, 0.004, 2), "0.00");
    }
}
