//! Every chart drawn to SVG from a real forecast run, with checks on what the picture holds:
//! how many lines, areas, bars and markers of each series' colour, the legend and date
//! labels, and the tooltip hit-test against the drawn layout. The SVGs are written to
//! `$CARGO_TARGET_TMPDIR/chart-svgs/` for a look.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::sync::OnceLock;

use plotters::prelude::*;
use prevision::charts::profile::ProfileKind;
use prevision::charts::shap::Contribution;
use prevision::charts::text::estimate_width;
use prevision::charts::{
    AcfChart, Chart, ChartData, ChartLayout, ChartText, CoverageChart, ForecastChart, GroupChart,
    HistogramChart, ProfileChart, SeriesChart, WaterfallChart,
};
use prevision::components::charts_glue::chart_text;
use prevision::i18n::Lang;
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
    render_at(chart, name, (900, 420))
}

/// Draws `chart` on an SVG of `size` pixels, saves it as `name.svg` and returns it with its
/// layout.
fn render_at(chart: &Chart, name: &str, size: (u32, u32)) -> (String, ChartLayout) {
    let mut svg = String::new();
    let layout;
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
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

/// One `<text>` of an SVG and the box it covers, measured as the chart measured it.
#[derive(Debug, Clone)]
struct TextBox {
    text: String,
    /// `start`, `middle` or `end`.
    anchor: String,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl TextBox {
    fn overlaps(&self, other: &TextBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

/// The value of attribute `name` in the head of an SVG element.
fn attr<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.split(&format!(" {name}=\"")).nth(1)?.split('"').next()
}

/// Every `<text>` of `svg` with its box: widths from the charts' own text measure
/// ([`estimate_width`], what they lay out with natively), one font size high.
fn text_boxes(svg: &str) -> Vec<TextBox> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|el| {
            let (head, rest) = el.split_once('>')?;
            let head = format!(" {head}");
            let raw = rest.split_once("</text>")?.0.trim();
            let text = raw
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            let x: f64 = attr(&head, "x")?.parse().ok()?;
            let y: f64 = attr(&head, "y")?.parse().ok()?;
            // plotters writes sizes divided by 1.24.
            let size = attr(&head, "font-size")?.parse::<f64>().ok()? * 1.24;
            let width = estimate_width(&text, size);
            let anchor = attr(&head, "text-anchor").unwrap_or("start").to_owned();
            let left = match anchor.as_str() {
                "middle" => x - width / 2.0,
                "end" => x - width,
                _ => x,
            };
            let top = match attr(&head, "dy") {
                Some("0.76em") => y,
                Some("0.5ex") => y - size / 2.0,
                _ => y - size,
            };
            Some(TextBox { text, anchor, left, right: left + width, top, bottom: top + size })
        })
        .collect()
}

/// Panics naming the first two texts of `svg` that overlap, or a text out of the canvas.
fn assert_no_text_overlaps(svg: &str, width: f64, what: &str) {
    let boxes = text_boxes(svg);
    for (i, a) in boxes.iter().enumerate() {
        assert!(a.left >= 0.0 && a.right <= width, "{what}: {a:?} leaves the canvas");
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(b), "{what}: {a:?} overlaps {b:?}");
        }
    }
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
    for label in ["History", "Backtest forecasts", "Forecast", "80% interval", "95% interval"] {
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
    assert!(texts(&svg).iter().any(|w| w == "95% bounds"));
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
    // Far values, if any, are counted in end bars.
    let tails: Vec<usize> = [chart.below, chart.above].iter().flatten().map(|t| t.count).collect();
    let binned = chart.bins.iter().map(|b| b.count).sum::<usize>();
    assert_eq!(binned + tails.iter().sum::<usize>(), diagnostics.residuals.len());
    let filled = chart.bins.iter().filter(|b| b.count > 0).count() + tails.len();
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
    for label in ["Observed 80%", "Nominal 80%", "Observed 95%", "Nominal 95%", "100%"] {
        assert!(words.iter().any(|w| w == label), "{label} missing in {words:?}");
    }
    // French puts a narrow no-break space before the sign, in the legend and on the axis.
    let text = chart_text(Lang::Fr, "Couverture", "Pas", "Observé");
    let chart = CoverageChart::from_coverage(&r.report.coverage);
    let (svg, _) = render(&Chart::new(ChartData::Coverage(chart), text), "coverage-fr");
    let words = texts(&svg);
    for label in ["Observé 80\u{202f}%", "Promis 95\u{202f}%", "100\u{202f}%"] {
        assert!(words.iter().any(|w| w == label), "{label} missing in {words:?}");
    }
}

/// Widths a chart takes in the app: a phone's single column (390 px screen less the card's
/// padding), grid-2's narrowest column (`minmax(320px, 1fr)`), a column of two on a laptop,
/// one on a tablet, a wide card.
const APP_WIDTHS: [u32; 6] = [300, 320, 380, 480, 640, 900];

/// A waterfall like the review's: long feature names, mostly negative contributions, small
/// ones ending near the lowest total.
fn long_named_waterfall() -> WaterfallChart {
    let contribution = |name: &str, value: Option<f64>, shap: f64| Contribution {
        name: name.to_owned(),
        value,
        value_text: None,
        shap,
    };
    let top = vec![
        contribution("public holiday", Some(1.0), -782.0),
        contribution(
            "sales, average of the same weekday over the last 4 weeks",
            Some(1234.5),
            -84.9,
        ),
        contribution("weekend", Some(0.0), -44.2),
        contribution("promo", Some(0.0), -36.3),
        contribution("sales 7 days before", Some(1011.0), -21.6),
        contribution("day of the week", Some(2.0), -17.7),
        contribution("month", Some(1.0), -10.8),
        contribution("sales 364 days before", Some(987.0), -9.91),
        contribution("sales 14 days before", Some(1003.0), 7.01),
        contribution("sales, average over the last 7 days", Some(1100.0), 6.88),
    ];
    let others = (22, -6.51);
    let base_value = 1217.5;
    let prediction = base_value + top.iter().map(|c| c.shap).sum::<f64>() + others.1;
    WaterfallChart {
        timestamp: chrono::NaiveDateTime::default(),
        base_value,
        prediction,
        top,
        others: Some(others),
    }
}

#[test]
fn shap_value_labels_never_overlap_the_names_or_each_other_at_any_width() {
    let groups = GroupChart {
        bars: vec![
            ("Jours fériés".to_owned(), -782.0),
            ("Motif saisonnier".to_owned(), -117.0),
            ("Calendrier".to_owned(), -71.7),
            ("Colonnes supplémentaires".to_owned(), -36.3),
            ("Tendance".to_owned(), 6.88),
            ("Niveau récent".to_owned(), -0.458),
        ],
    };
    for lang in [Lang::En, Lang::Fr] {
        for width in [360, 600, 900].into_iter().chain(APP_WIDTHS) {
            // chart--tall is 320 px high on a phone, 420 px otherwise; the group chart takes
            // the default 260 / 320 px.
            let (tall, plain) = if width < 640 { (320, 260) } else { (420, 320) };
            let text = chart_text(lang, "Why this forecast", "Contribution", "");
            let waterfall = Chart::new(ChartData::Waterfall(long_named_waterfall()), text.clone());
            let name = format!("waterfall-{lang:?}-{width}");
            let (svg, _) = render_at(&waterfall, &name, (width, tall));
            assert_no_text_overlaps(&svg, f64::from(width), &name);
            let words = texts(&svg);
            assert!(words.iter().any(|w| w == "\u{2212}782"), "{name}: {words:?}");
            assert!(words.iter().any(|w| w.contains("other") || w.contains("autres")), "{words:?}");

            let chart = Chart::new(ChartData::Groups(groups.clone()), text);
            let name = format!("groups-{lang:?}-{width}");
            let (svg, _) = render_at(&chart, &name, (width, plain));
            assert_no_text_overlaps(&svg, f64::from(width), &name);
            assert!(
                texts(&svg).iter().any(|w| w == "Jours fériés"),
                "{name}: a short name is whole"
            );
        }
    }
}

#[test]
fn month_and_weekday_labels_keep_three_letters_at_the_app_s_widths_in_both_languages() {
    let months = ProfileChart {
        kind: ProfileKind::Month,
        values: vec![
            1240.0, 1210.0, 1110.0, 1000.0, 940.0, 990.0, 1050.0, 1130.0, 1290.0, 1260.0, 1280.0,
            1290.0,
        ],
    };
    let weekdays = ProfileChart {
        kind: ProfileKind::Weekday,
        values: vec![930.0, 1070.0, 1100.0, 1170.0, 1420.0, 1720.0, 650.0],
    };
    for lang in [Lang::En, Lang::Fr] {
        for width in APP_WIDTHS {
            // chart--short: 240 px, 260 px on a phone.
            let height = if width < 640 { 260 } else { 240 };
            for (profile, n) in [(&months, 12), (&weekdays, 7)] {
                let text = chart_text(lang, "Average by month", "", "sales");
                let chart = Chart::new(ChartData::Profile(profile.clone()), text);
                let name = format!("profile-{n}-{lang:?}-{width}");
                let (svg, _) = render_at(&chart, &name, (width, height));
                assert_no_text_overlaps(&svg, f64::from(width), &name);
                // Category names are the only centred texts (no x axis name here).
                let labels: Vec<String> = text_boxes(&svg)
                    .into_iter()
                    .filter(|b| b.anchor == "middle")
                    .map(|b| b.text)
                    .collect();
                assert_eq!(labels.len(), n, "{name}: {labels:?}");
                for label in &labels {
                    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
                    assert!(letters >= 3 && !label.contains('…'), "{name}: {labels:?}");
                }
            }
        }
    }
}

#[test]
fn one_slow_latency_is_counted_in_a_labelled_end_bar_and_the_rest_spread_over_bars() {
    // 999 latencies between 0.05 and 0.3 ms, one of 6.2 ms.
    let latencies: Vec<f64> =
        (0..999).map(|k| 0.05 + 0.25 * f64::from(k) / 998.0).chain([6.2]).collect();
    let chart = HistogramChart::from_values(&latencies);
    let filled = chart.bins.iter().filter(|b| b.count > 0).count();
    assert!(filled >= 5, "{chart:?}");
    assert_eq!(chart.above.map(|t| t.count), Some(1), "the outlier is in the end bar");
    let (svg, _) = render_at(
        &Chart::new(ChartData::Histogram(chart), ChartText::titled("Latency", "ms", "Count")),
        "histogram-latency",
        (640, 240),
    );
    // Every bin with values and the end bar.
    assert_eq!(count(&svg, "rect", "fill", BAR), filled + 1);
    let words = texts(&svg);
    assert!(words.iter().any(|w| w == "≥ 6.20"), "the end bar says where it starts: {words:?}");
    assert_no_text_overlaps(&svg, 640.0, "histogram-latency");
}

#[test]
fn the_last_forecast_marker_is_drawn_whole_inside_the_plot() {
    let chart = forecast_chart(retail());
    // A phone's chart, and the size of the PNG exported in the review.
    for width in [300, 320, 390, 836] {
        let (svg, layout) = render_at(
            &Chart::new(ChartData::Forecast(chart.clone()), ChartText::default()),
            &format!("forecast-edge-{width}"),
            (width, 420),
        );
        let needle = format!("fill=\"{FORECAST}\"");
        let right_most = svg
            .split("<circle ")
            .skip(1)
            .filter_map(|el| el.split_once("/>").map(|(head, _)| format!(" {head}")))
            .filter(|head| head.contains(&needle))
            .filter_map(|head| {
                let cx: f64 = attr(&head, "cx")?.parse().ok()?;
                let r: f64 = attr(&head, "r")?.parse().ok()?;
                // The white ring is a pixel wider than the marker.
                Some(cx + r + 1.0)
            })
            .fold(f64::NEG_INFINITY, f64::max);
        let plot_right = layout.plot.left + layout.plot.width;
        assert!(
            right_most <= plot_right,
            "{width} px: a marker reaches {right_most}, the plot ends at {plot_right}"
        );
    }
}
