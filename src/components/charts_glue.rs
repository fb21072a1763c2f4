//! Where the studio places its charts: each function turns engine output into the chart
//! component of one card, with its words in the current language.
//!
//! The charts themselves (drawing, hi-DPI canvas, tooltip) live in [`crate::charts`]; this
//! module only picks the data and fills [`ChartText`] from the translations.

use leptos::prelude::*;
use prevision_engine::forecast::report::ForecastReport;
use prevision_engine::ingest::Ingested;

use crate::charts::{
    AcfChart, Calendar, Chart, ChartCanvas, ChartData, ChartText, CoverageChart, ForecastChart,
    GroupChart, HistogramChart, LegendText, NumberFormat, ProfileChart, SeriesChart,
    WaterfallChart,
};
use crate::i18n::{Lang, Ui};
use crate::state::Finished;

/// Lags shown in the exploration autocorrelation: a bit more than the longest usual season.
const EXPLORE_MAX_LAG: usize = 60;

/// The chart words for `lang`, with a title and axis names.
pub fn chart_text(lang: Lang, title: &str, x_axis: &str, y_axis: &str) -> ChartText {
    let (legend, calendar, numbers) = match lang {
        Lang::En => (LegendText::default(), Calendar::default(), NumberFormat::default()),
        Lang::Fr => (
            LegendText {
                history: "Historique".into(),
                backtest: "Prévisions sur le passé".into(),
                forecast: "Prévision".into(),
                band: "Intervalle à {level}\u{202f}%".into(),
                acf_bounds: "Bornes à 95\u{202f}%".into(),
                acf_bars: "Autocorrélation".into(),
                base_value: "Prévision moyenne".into(),
                prediction: "Prévision".into(),
                others: "{n} autres variables".into(),
                nominal: "Promis {level}\u{202f}%".into(),
                observed: "Observé {level}\u{202f}%".into(),
                no_data: "Rien à afficher".into(),
            },
            Calendar {
                months: [
                    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                    "oct.", "nov.", "déc.",
                ]
                .map(String::from),
                weekdays: ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
                    .map(String::from),
            },
            NumberFormat::french(),
        ),
    };
    ChartText {
        title: title.to_owned(),
        x_axis: x_axis.to_owned(),
        y_axis: y_axis.to_owned(),
        legend,
        calendar,
        numbers,
    }
}

fn canvas(chart: Chart, testid: &'static str, summary: String, class: &'static str) -> AnyView {
    view! {
        <ChartCanvas
            chart=Signal::derive(move || Some(chart.clone()))
            testid=testid
            summary=Signal::derive(move || summary.clone())
            class=class
        />
    }
    .into_any()
}

/// The forecast chart of the report's series `index`: history, backtest forecasts, future and
/// bands. The history is the frame's series of the same id (a series too short for the run is
/// not in the report, so indices may differ).
pub fn forecast_chart(lang: Lang, f: &Finished, index: usize) -> AnyView {
    let r = &f.run.report;
    let Some(id) = r.forecasts.get(index).map(|s| &s.series) else { return ().into_any() };
    let Some(series) = f.ingested.frame.series.iter().find(|s| &s.id == id) else {
        return ().into_any();
    };
    let Some(data) =
        ForecastChart::from_report(r, &series.timestamps, &series.target, index, &r.chosen)
    else {
        return ().into_any();
    };
    // The model is named in the picture itself: a downloaded PNG says what made it.
    let title = format!("{} — {} · {}", lang.ui(Ui::ForecastTitle), series.id, lang.chosen_name(r));
    let text = chart_text(lang, &title, lang.ui(Ui::ColDate), &r.target_name);
    // Screen readers hear which series is drawn, then how to read the chart.
    let summary = format!("{title}. {}", lang.ui(Ui::ForecastHelp));
    canvas(Chart::new(ChartData::Forecast(data), text), "forecast-chart", summary, "chart--tall")
}

/// The SHAP waterfall and the group contributions of explained step `index`.
pub fn shap_chart(lang: Lang, f: &Finished, index: usize) -> AnyView {
    let r = &f.run.report;
    let Some(step) = r.explanation.as_ref().and_then(|e| e.steps.get(index)) else {
        return ().into_any();
    };
    // Values read as in the table below: `yes`, `Wednesday`, `January`, a store's name.
    let decimals =
        crate::i18n::forecast_decimals(r.forecasts.iter().flat_map(|s| s.point.iter().copied()));
    let transformed = r.explanation.as_ref().is_some_and(|e| e.transformed_scale);
    let cx = crate::i18n::FeatureValues {
        series: &r.series,
        exog: &f.ingested.frame.exog,
        decimals: if transformed { 2 } else { decimals },
    };
    let waterfall = WaterfallChart::from_step_labelled(
        step,
        &r.features,
        |info| match lang {
            Lang::En => info.name_en.clone(),
            Lang::Fr => info.name_fr.clone(),
        },
        |info, v| Some(lang.feature_value(info, v, cx)),
        crate::charts::shap::DEFAULT_TOP,
    );
    let groups = GroupChart::from_step(step, |g| lang.feature_group(g));
    let title = lang.ui(Ui::ShapTitle);
    let w_text = chart_text(lang, title, lang.ui(Ui::ColContribution), "");
    let g_text = chart_text(lang, lang.ui(Ui::ShapGroups), lang.ui(Ui::ColContribution), "");
    view! {
        <div class="grid-2">
            {canvas(Chart::new(ChartData::Waterfall(waterfall), w_text), "shap-chart", lang.ui(Ui::ShapHelp).into(), "chart--tall")}
            {canvas(Chart::new(ChartData::Groups(groups), g_text), "shap-groups-chart", lang.ui(Ui::ShapGroups).into(), "")}
        </div>
    }
    .into_any()
}

/// Residual histogram and residual autocorrelation.
pub fn residual_charts(lang: Lang, r: &ForecastReport) -> AnyView {
    let Some(d) = &r.residuals else { return ().into_any() };
    let h_text =
        chart_text(lang, lang.ui(Ui::ResidualHistogram), lang.ui(Ui::Residual), lang.ui(Ui::Count));
    let a_text = chart_text(lang, lang.ui(Ui::ResidualAcf), lang.ui(Ui::Lag), "");
    view! {
        <div class="grid-2">
            {canvas(Chart::new(ChartData::Histogram(HistogramChart::from_residuals(d)), h_text), "residual-histogram", lang.ui(Ui::ResidualHistogram).into(), "chart--short")}
            {canvas(Chart::new(ChartData::Acf(AcfChart::from_residuals(d)), a_text), "residual-acf", lang.ui(Ui::ResidualAcf).into(), "chart--short")}
        </div>
    }
    .into_any()
}

/// Nominal against observed coverage per step.
pub fn coverage_chart(lang: Lang, r: &ForecastReport) -> AnyView {
    if r.coverage.is_empty() {
        return ().into_any();
    }
    let text = chart_text(
        lang,
        lang.ui(Ui::CoverageTitle),
        lang.ui(Ui::ColStep),
        lang.ui(Ui::ColObserved),
    );
    let data = ChartData::Coverage(CoverageChart::from_coverage(&r.coverage));
    canvas(
        Chart::new(data, text),
        "coverage-chart",
        lang.ui(Ui::CoverageHelp).into(),
        "chart--short",
    )
}

/// The exploration charts of the data step: the series, its weekday / month profile, and the
/// autocorrelation of the first series.
pub fn exploration(lang: Lang, ingested: &Ingested) -> AnyView {
    let frame = &ingested.frame;
    let report = &ingested.report;
    let target = report.target_column.clone();
    let series = SeriesChart::from_frame(frame, 6);
    let s_text = chart_text(lang, lang.ui(Ui::ExploreSeries), lang.ui(Ui::ColDate), &target);
    let weekday = ProfileChart::weekdays(report).map(|p| {
        let t = chart_text(lang, lang.ui(Ui::WeekdayProfile), "", &target);
        canvas(
            Chart::new(ChartData::Profile(p), t),
            "weekday-profile-chart",
            lang.ui(Ui::WeekdayProfile).into(),
            "chart--short",
        )
    });
    let month = ProfileChart::months(report).map(|p| {
        let t = chart_text(lang, lang.ui(Ui::MonthProfile), "", &target);
        canvas(
            Chart::new(ChartData::Profile(p), t),
            "month-profile-chart",
            lang.ui(Ui::MonthProfile).into(),
            "chart--short",
        )
    });
    let acf = frame.series.first().map(|s| {
        let lags = EXPLORE_MAX_LAG.min(s.observed_len() / 2).max(1);
        let data = AcfChart::from_history(s.history(), lags);
        let t = chart_text(lang, lang.ui(Ui::ExploreAcf), lang.ui(Ui::Lag), "");
        canvas(
            Chart::new(ChartData::Acf(data), t),
            "acf-chart",
            lang.ui(Ui::ExploreAcf).into(),
            "chart--short",
        )
    });
    view! {
        {canvas(Chart::new(ChartData::Series(series), s_text), "series-chart", lang.ui(Ui::ExploreSeries).into(), "")}
        <div class="grid-2">{weekday} {month} {acf}</div>
    }
    .into_any()
}

/// The last evaluation window of an A/B comparison: actual values and both versions'
/// forecasts, for the first series.
pub fn compare_chart(
    lang: Lang,
    r: &prevision_engine::ab::AbReport,
    freq: prevision_engine::frame::Frequency,
) -> AnyView {
    use crate::charts::series::SeriesLine;
    let Some(f) = r.forecasts.first() else { return ().into_any() };
    let dates: Vec<chrono::NaiveDateTime> = f
        .dates
        .iter()
        .filter_map(|d| {
            chrono::NaiveDateTime::parse_from_str(d, prevision_engine::registry::ISO_DATETIME).ok()
        })
        .collect();
    let line = |name: String, values: &[f64]| SeriesLine {
        name,
        points: dates.iter().copied().zip(values.iter().copied()).collect(),
    };
    let actual = match lang {
        Lang::En => "Actual",
        Lang::Fr => "Réel",
    };
    let chart = SeriesChart {
        precision: crate::charts::DatePrecision::of(freq),
        lines: vec![
            line(actual.to_owned(), &f.actual),
            line(format!("A — {}", version_name(lang, &r.reference)), &f.reference),
            line(format!("B — {}", version_name(lang, &r.candidate)), &f.candidate),
        ],
    };
    let title = lang.ui(Ui::CompareChart);
    let text = chart_text(lang, title, lang.ui(Ui::ColDate), "");
    canvas(Chart::new(ChartData::Series(chart), text), "compare-chart", title.into(), "")
}

/// A saved version as the Production screen names it, "label (model)", from the registry in
/// context; the id itself for a version no longer listed.
fn version_name(lang: Lang, id: &str) -> String {
    let Some(v) = use_context::<crate::ops::Ops>().and_then(|ops| ops.version(id)) else {
        return id.to_owned();
    };
    // The leaderboard row names the model with its settings ("Moving average (24)", "Ensemble
    // of 3 models"); its key only when the row is missing.
    let model = match v.chosen_row() {
        Some(row) if lang == Lang::Fr => row.name_fr.clone(),
        Some(row) => row.name_en.clone(),
        None => lang.model_name(&v.report.chosen),
    };
    format!("{} ({model})", v.label)
}

/// Histogram of the one-by-one latencies of a load test (the engine's bins; a far tail of at
/// most 1 % of the events is one "≥ x" bar, so one slow call does not flatten the rest).
pub fn latency_chart(lang: Lang, r: &prevision_engine::loadtest::LoadTestReport) -> AnyView {
    use crate::charts::histogram::Bin;
    let mut lower = 0.0;
    let bins: Vec<Bin> = r
        .histogram
        .iter()
        .map(|b| {
            let bin = Bin { lower, upper: b.upper_ms, count: b.count };
            lower = b.upper_ms;
            bin
        })
        .collect();
    let title = lang.ui(Ui::LatencyChart);
    let text = chart_text(lang, title, "ms", lang.ui(Ui::Count));
    canvas(
        Chart::new(ChartData::Histogram(HistogramChart::from_bins(&bins)), text),
        "latency-chart",
        title.into(),
        "chart--short",
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::sync::Arc;

    use prevision_engine::datasets::BuiltinDataset;
    use prevision_engine::ingest::{IngestOptions, ingest};
    use prevision_engine::registry::{ModelVersion, SealedVersion};
    use prevision_engine::spec::{ForecastSpec, ModelSpec};

    use super::*;

    #[test]
    fn compared_versions_are_named_by_their_label_and_model_not_their_id() {
        let frame = ingest(&BuiltinDataset::DrinksSales.csv(), &IngestOptions::default())
            .unwrap_or_else(|e| panic!("ingest: {e:?}"))
            .frame;
        let spec = ForecastSpec {
            horizon: 3,
            models: vec![ModelSpec::SeasonalNaive],
            ..ForecastSpec::default()
        };
        let done = prevision_engine::forecast::run(&frame, &spec, &mut ())
            .unwrap_or_else(|e| panic!("run: {e:?}"));
        let text = ModelVersion::new(done, &frame, "Before the promo", 0.0).to_json();
        let version: SealedVersion =
            prevision_engine::json::from_str(&text).unwrap_or_else(|e| panic!("{e:?}"));
        let (id, model) = (version.id.clone(), Lang::Fr.model_name(&version.report.chosen));
        let owner = Owner::new();
        owner.with(|| {
            let ops = crate::ops::Ops::new();
            ops.versions.set(vec![Arc::new(version)]);
            provide_context(ops);
            assert_eq!(version_name(Lang::Fr, &id), format!("Before the promo ({model})"));
            // A version deleted since the comparison keeps its id.
            assert_eq!(version_name(Lang::Fr, "v-00000000"), "v-00000000");
        });
    }
}
