//! Every chart drawn to SVG from a real forecast run, with checks on what the picture holds:
//! how many lines, areas, bars and markers of each series' colour, the legend and date
//! labels, and the tooltip hit-test against the drawn layout. The SVGs are written to
//! `$CARGO_TARGET_TMPDIR/chart-svgs/` for a look.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::sync::OnceLock;

use plotters::prelude::*;
use prevision::charts::{
    AcfChart, Chart, ChartData, ChartLayout, ChartText, CoverageChart, ForecastChart, GroupChart,
    HistogramChart, ProfileChart, SeriesChart, WaterfallChart,
};
use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::forecast::report::ForecastReport;
use prevision_engine::ingest::{IngestOptions, Ingested, ingest};
use prevision_engine::spec::{ForecastSpec, ModelSpec};

const HISTORY: &str = "#334155";
const BACKTEST: &str = "#C2410C";
const FORECAST: &str = "#1D4ED8";
const BAR: &str = "#2F6F8F";
const RAISE: &str = "#B42318";
const LOWER: &str = "#175CD3";
const REFERENCE: &str = "#6B3D00";

struct Run {
    data: Ingested,
    report: ForecastReport,
}

/// Monthly drinks sales, forecast 12 months ahead by a seasonal baseline and ridge.
fn drinks() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| run(BuiltinDataset::DrinksSales, 12))
}

/// The synthetic daily store, forecast 14 days ahead.
fn retail() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| run(BuiltinDataset::RetailDemo, 14))
}

fn run(dataset: BuiltinDataset, horizon: usize) -> Run {
    let data = ingest(&dataset.csv(), &IngestOptions::default())
        .unwrap_or_else(|e| panic!("ingest: {e:?}"));
    let spec = ForecastSpec {
        horizon,
        models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ..ForecastSpec::default()
    };
    let run = prevision_engine::forecast::run(&data.frame, &spec, &mut ())
        .unwrap_or_else(|e| panic!("run: {e:?}"));
    Run { data, report: run.report }
}

/// Draws `chart` on a 900 × 420 SVG, saves it as `name.svg` and returns it with its layout.
fn render(chart: &Chart, name: &str) -> (String, ChartLayout) {
    let mut svg = String::new();
    let layout;
    {
        let area = SVGBackend::with_string(&mut svg, (900, 420)).into_drawing_area();
        layout = chart.draw(&area).unwrap_or_else(|e| panic!("{name}: {e}"));
        area.present().unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chart-svgs");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join(format!("{name}.svg")), &svg).unwrap_or_else(|e| panic!("{e}"));
    (svg, layout)
}

/// Elements of kind `tag` (`polyline`, `rect`, …) whose `attr` is `value`.
fn count(svg: &str, tag: &str, attr: &str, value: &str) -> usize {
    let needle = format!("{attr}=\"{value}\"");
    svg.split(&format!("<{tag} "))
        .skip(1)
        .filter(|el| el.split('>').next().is_some_and(|head| head.contains(&needle)))
        .count()
}

/// The text content of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|el| Some(el.split_once('>')?.1.split_once("</text>")?.0.trim().to_owned()))
        .collect()
}

fn forecast_chart(r: &Run) -> ForecastChart {
    let series = &r.data.frame.series[0];
    ForecastChart::from_report(&r.report, &series.timestamps, &series.target, 0, &r.report.chosen)
        .unwrap_or_else(|| panic!("no chart for {}", r.report.chosen))
}

#[test]
fn the_forecast_chart_draws_history_backtests_forecast_and_one_area_per_band() {
    let r = drinks();
    let chart = forecast_chart(r);
    let levels = r.report.forecasts[0].bands.len();
    assert_eq!(levels, 2, "the default spec asks for 80 % and 95 %");
    let (svg, _) = render(
        &Chart::new(ChartData::Forecast(chart.clone()), ChartText::default()),
        "forecast-monthly",
    );

    // One history line (no gaps in this file) plus its legend sample.
    assert_eq!(count(&svg, "polyline", "stroke", HISTORY), 2);
    assert_eq!(chart.history.len(), 96, "eight seasons of twelve months");
    // One shaded polygon per band; the legend uses rectangles.
    assert_eq!(count(&svg, "polygon", "fill", FORECAST), levels);
    // One marker per forecast step plus the legend's.
    assert_eq!(count(&svg, "circle", "fill", FORECAST), 12 + 1);
    // Every fold of the chosen model inside the tail is drawn, dashed (many short segments).
    let folds =
        r.report.backtests.iter().find(|b| b.model == r.report.chosen).map_or(0, |b| b.folds.len());
    assert_eq!(chart.backtests.len(), folds);
    assert!(count(&svg, "polyline", "stroke", BACKTEST) > folds * 3);

    let words = texts(&svg);
    for label in ["History", "Backtest forecasts", "Forecast", "80 % interval", "95 % interval"] {
        assert!(words.iter().any(|w| w == label), "legend {label} missing in {words:?}");
    }
    // Eight years before a 2018 forecast: year labels.
    for year in ["2012", "2014", "2016", "2018"] {
        assert!(words.iter().any(|w| w == year), "date label {year} missing in {words:?}");
    }
}

#[test]
fn the_daily_forecast_chart_labels_months_and_days() {
    let r = retail();
    let chart = forecast_chart(r);
    let (svg, _) =
        render(&Chart::new(ChartData::Forecast(chart), ChartText::default()), "forecast-daily");
    let words = texts(&svg);
    let months =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let dated = words.iter().filter(|w| months.iter().any(|m| w.contains(m))).count();
    assert!(dated >= 4, "too few date labels in {words:?}");
}

#[test]
fn hit_testing_the_drawn_forecast_returns_the_point_under_the_mouse() {
    let r = drinks();
    let chart = forecast_chart(r);
    let (_, layout) = render(
        &Chart::new(ChartData::Forecast(chart.clone()), ChartText::default()),
        "forecast-hit",
    );
    let pixel =
        |t: chrono::NaiveDateTime| layout.x_pixel(t.and_utc().timestamp() as f64 / 86_400.0);

    // The last observation, a pixel to the right of it.
    let (t_last, v_last) = *chart.history.last().unwrap_or_else(|| panic!("no history"));
    let i = chart.hit_test(&layout, pixel(t_last) + 1.0).unwrap_or_else(|| panic!("no point"));
    assert_eq!(chart.points[i].timestamp, t_last);
    assert_eq!(chart.points[i].actual, Some(v_last));

    // The third forecast step carries its point forecast and both bands, as in the report.
    let future = &r.report.forecasts[0];
    let i = chart
        .hit_test(&layout, pixel(future.timestamps[2]) - 2.0)
        .unwrap_or_else(|| panic!("no point"));
    let p = &chart.points[i];
    assert_eq!(p.timestamp, future.timestamps[2]);
    assert_eq!(p.forecast, Some(future.point[2]));
    assert_eq!(p.bands.len(), 2);
    assert_eq!(
        (p.bands[1].lower, p.bands[1].upper),
        (future.bands[1].lower[2], future.bands[1].upper[2])
    );
    assert!(p.bands.iter().all(|b| b.lower <= future.point[2] && future.point[2] <= b.upper));

    // Left of the plot there is nothing to show.
    assert_eq!(chart.hit_test(&layout, layout.plot.left - 30.0), None);
}

#[test]
fn the_series_chart_draws_the_whole_history_with_date_labels() {
    let r = drinks();
    let chart = SeriesChart::from_frame(&r.data.frame, 6);
    let text = ChartText::titled("Wholesale drinks sales", "", "Millions of dollars");
    let (svg, _) = render(&Chart::new(ChartData::Series(chart), text), "series");
    assert_eq!(count(&svg, "polyline", "stroke", FORECAST), 1, "one series, no gaps, no legend");
    let words = texts(&svg);
    assert!(words.iter().any(|w| w == "Wholesale drinks sales"));
    assert!(words.iter().any(|w| w == "2000"), "{words:?}");
    assert!(words.iter().any(|w| w.contains(',')), "thousands are grouped: {words:?}");
}

#[test]
fn profile_charts_draw_one_bar_per_weekday_and_per_month() {
    let weekly = ProfileChart::weekdays(&retail().data.report)
        .unwrap_or_else(|| panic!("daily data has a weekday profile"));
    let (svg, _) =
        render(&Chart::new(ChartData::Profile(weekly), ChartText::default()), "profile-weekday");
    assert_eq!(count(&svg, "rect", "fill", BAR), 7);
    let words = texts(&svg);
    assert!(
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            .iter()
            .all(|d| words.iter().any(|w| w == d)),
        "{words:?}"
    );

    let monthly = ProfileChart::months(&drinks().data.report)
        .unwrap_or_else(|| panic!("monthly data has a month profile"));
    let (svg, _) =
        render(&Chart::new(ChartData::Profile(monthly), ChartText::default()), "profile-month");
    assert_eq!(count(&svg, "rect", "fill", BAR), 12);
    assert!(ProfileChart::weekdays(&drinks().data.report).is_none());
}

#[test]
fn the_residual_acf_draws_one_bar_per_lag_and_both_bounds() {
    let diagnostics = drinks().report.residuals.as_ref().unwrap_or_else(|| panic!("residuals"));
    let chart = AcfChart::from_residuals(diagnostics);
    assert!(!chart.values.is_empty());
    let lags = chart.values.iter().filter(|v| v.is_finite()).count();
    let (svg, _) =
        render(&Chart::new(ChartData::Acf(chart), ChartText::default()), "acf-residuals");
    // Bars plus the legend swatch.
    assert_eq!(count(&svg, "rect", "fill", BAR), lags + 1);
    assert!(count(&svg, "polyline", "stroke", REFERENCE) >= 2 * 10, "two dashed bounds");
    assert!(texts(&svg).iter().any(|w| w == "95 % bounds"));
}

#[test]
fn the_history_acf_comes_from_the_engine_and_draws() {
    let history = drinks().data.frame.series[0].history().to_vec();
    let chart = AcfChart::from_history(&history, 24);
    assert_eq!(chart.values.len(), 24);
    assert!(chart.values[11] > chart.bound.unwrap_or(1.0), "a yearly season shows at lag 12");
    let (svg, _) = render(&Chart::new(ChartData::Acf(chart), ChartText::default()), "acf-history");
    assert_eq!(count(&svg, "rect", "fill", BAR), 25);
}

#[test]
fn the_waterfall_runs_from_the_base_value_to_the_prediction() {
    let r = drinks();
    let explanation = r.report.explanation.as_ref().unwrap_or_else(|| panic!("ridge is explained"));
    let step = &explanation.steps[0];
    let chart = WaterfallChart::from_step(step, &r.report.features, |f| f.name_en.clone(), 10);
    let bars = chart.top.len() + usize::from(chart.others.is_some());
    assert_eq!(chart.top.len(), 10.min(step.shap.len()));
    let total = chart.base_value
        + chart.top.iter().map(|c| c.shap).sum::<f64>()
        + chart.others.map_or(0.0, |o| o.1);
    assert!(
        (total - chart.prediction).abs() <= 1e-6 * chart.prediction.abs().max(1.0),
        "{total} vs {}",
        chart.prediction
    );
    let (svg, _) =
        render(&Chart::new(ChartData::Waterfall(chart.clone()), ChartText::default()), "waterfall");
    assert_eq!(count(&svg, "rect", "fill", RAISE) + count(&svg, "rect", "fill", LOWER), bars);
    let words = texts(&svg);
    assert!(words.iter().any(|w| w == "Average prediction"));
    assert!(words.iter().any(|w| w == "Prediction"));
    if let Some((n, _)) = chart.others {
        assert!(words.iter().any(|w| *w == format!("{n} other features")), "{words:?}");
    }
}

#[test]
fn group_contributions_draw_one_bar_per_group() {
    let r = drinks();
    let step = &r.report.explanation.as_ref().unwrap_or_else(|| panic!("explained")).steps[0];
    let chart = GroupChart::from_step(step, |g| format!("{g:?}"));
    let groups = chart.bars.len();
    assert!(groups >= 2);
    let (svg, _) = render(&Chart::new(ChartData::Groups(chart), ChartText::default()), "groups");
    assert_eq!(count(&svg, "rect", "fill", RAISE) + count(&svg, "rect", "fill", LOWER), groups);
}

#[test]
fn the_residual_histogram_draws_every_non_empty_bin() {
    let diagnostics = drinks().report.residuals.as_ref().unwrap_or_else(|| panic!("residuals"));
    let chart = HistogramChart::from_residuals(diagnostics);
    assert_eq!(chart.bins.iter().map(|b| b.count).sum::<usize>(), diagnostics.residuals.len());
    let filled = chart.bins.iter().filter(|b| b.count > 0).count();
    let (svg, _) = render(
        &Chart::new(ChartData::Histogram(chart), ChartText::titled("", "Residual", "Count")),
        "histogram",
    );
    assert_eq!(count(&svg, "rect", "fill", BAR), filled);
    let words = texts(&svg);
    assert!(
        words.iter().any(|w| w == "0") && !words.iter().any(|w| w == "0.0"),
        "counts are whole: {words:?}"
    );
}

#[test]
fn the_coverage_chart_marks_each_observed_step_per_level() {
    let r = drinks();
    let chart = CoverageChart::from_coverage(&r.report.coverage);
    assert_eq!(chart.levels.len(), 2);
    let observed = |k: usize| chart.levels[k].steps.iter().filter(|s| s.1.is_some()).count();
    let (first, second) = (observed(0), observed(1));
    assert!(first > 0);
    let (svg, _) =
        render(&Chart::new(ChartData::Coverage(chart), ChartText::default()), "coverage");
    // Circles for the first level, squares (ringed rectangles) for the second, plus legends.
    assert_eq!(count(&svg, "circle", "fill", FORECAST), first + 1);
    assert_eq!(count(&svg, "rect", "fill", BACKTEST), second + 1);
    let words = texts(&svg);
    for label in ["Observed 80 %", "Nominal 80 %", "Observed 95 %", "Nominal 95 %", "100 %"] {
        assert!(words.iter().any(|w| w == label), "{label} missing in {words:?}");
    }
}
