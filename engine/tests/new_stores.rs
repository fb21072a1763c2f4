//! A store opened last month among stores with a year of sales: the run backtests the old
//! stores on every window and with their full lookback, the new ones on the latest windows
//! they hold (at least one), and forecasts every store, with bands.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use prevision_engine::forecast::{self, report::ForecastReport, report::ForecastWarning};
use prevision_engine::frame::{Frame, Frequency, Series};
use prevision_engine::spec::{ForecastSpec, ModelSpec};

fn day(offset: i64) -> NaiveDateTime {
    let end = NaiveDate::from_ymd_opt(2024, 6, 30).and_then(|d| d.and_hms_opt(0, 0, 0));
    end.expect("a valid date") + Duration::days(offset)
}

/// Daily stores that all end on 2024-06-30, `rows` days each, with a weekly pattern, a trend
/// and some deterministic noise, at their own level.
fn stores(shapes: &[(&str, usize, f64)]) -> Frame {
    let series = shapes
        .iter()
        .enumerate()
        .map(|(k, &(id, rows, level))| {
            let first = -(rows as i64 - 1);
            let timestamps: Vec<NaiveDateTime> = (0..rows as i64).map(|t| day(first + t)).collect();
            let target = timestamps
                .iter()
                .enumerate()
                .map(|(t, ts)| {
                    let weekday = chrono::Datelike::weekday(ts).num_days_from_monday() as f64;
                    let noise = ((t * 7919 + k * 104_729) % 101) as f64 / 101.0 - 0.5;
                    level * (1.0 + 0.08 * weekday + 0.0005 * t as f64) + 5.0 * noise
                })
                .collect();
            Series { id: id.into(), timestamps, target, exog: vec![] }
        })
        .collect();
    Frame { freq: Frequency::Daily, target_name: "sales".into(), exog: vec![], series }
}

fn spec(models: Vec<ModelSpec>) -> ForecastSpec {
    ForecastSpec { horizon: 7, models, ..Default::default() }
}

fn run(frame: &Frame, spec: &ForecastSpec) -> ForecastReport {
    forecast::run(frame, spec, &mut ()).expect("the stores are forecast").report
}

/// The windows of `model`'s backtest on series `s`.
fn windows_of(report: &ForecastReport, model: &str, s: usize) -> Vec<usize> {
    let backtest = report.backtests.iter().find(|b| b.model == model).expect("backtested");
    backtest.folds.iter().filter(|f| f.series == s).map(|f| f.fold).collect()
}

#[test]
fn new_stores_do_not_cut_the_old_stores_backtest() {
    let panel =
        [("Paris", 400, 120.0), ("Lyon", 400, 60.0), ("Lille", 32, 80.0), ("Nice", 20, 90.0)];
    let frame = stores(&panel);
    let report = run(&frame, &spec(Vec::new()));
    assert_eq!(report.windows, 5, "{:?}", report.warnings);
    assert!(
        report.warnings.contains(&ForecastWarning::ShortSeriesFewerWindows {
            series: "Nice".into(),
            history: 20,
            count: 2,
            held: 1,
            windows: 5,
        }),
        "{:?}",
        report.warnings
    );
    assert!(!report.warnings.iter().any(|w| matches!(
        w,
        ForecastWarning::FewerWindows { .. } | ForecastWarning::ShortSeriesLimitWindows { .. }
    )));
    // Every model compared, feature models included, on the same windows of every store.
    let feature_models = ["ridge", "random_forest", "extra_trees"];
    for model in feature_models {
        assert!(report.leaderboard.iter().any(|r| r.id == model), "{model} compared");
    }
    for b in &report.backtests {
        assert_eq!(windows_of(&report, &b.model, 0), [0, 1, 2, 3, 4], "{}", b.model);
        assert_eq!(windows_of(&report, &b.model, 2), [3, 4], "{}", b.model);
        assert_eq!(windows_of(&report, &b.model, 3), [4], "{}", b.model);
    }
    // The old stores' lags reach as far as without the new ones (a year of daily sales: a
    // month and more), instead of the new stores' three weeks.
    let alone = run(&stores(&panel[..2]), &spec(Vec::new()));
    let keys = |r: &ForecastReport| {
        let mut k: Vec<String> = r.features.iter().map(|f| f.key.clone()).collect();
        k.sort();
        k
    };
    assert_eq!(keys(&report), keys(&alone));
    // Every store is forecast, the new ones too, with finite bands that hold their point.
    assert_eq!(report.forecasts.len(), 4);
    for f in &report.forecasts {
        assert_eq!(f.point.len(), 7, "{}", f.series);
        for band in &f.bands {
            for ((lo, hi), p) in band.lower.iter().zip(&band.upper).zip(&f.point) {
                assert!(lo.is_finite() && hi.is_finite() && lo <= p && p <= hi, "{}", f.series);
            }
        }
    }
    assert!(report.calibration_windows > 5, "{}", report.calibration_windows);
    // The chosen model's accuracy store by store, least accurate first, with the windows each
    // was scored on.
    let accuracy = report.accuracy_per_series();
    let windows: Vec<(&str, usize)> =
        accuracy.iter().map(|a| (report.series[a.series].as_str(), a.windows)).collect();
    let mut by_store = windows.clone();
    by_store.sort();
    assert_eq!(by_store, [("Lille", 2), ("Lyon", 5), ("Nice", 1), ("Paris", 5)]);
    let mase: Vec<f64> =
        accuracy.iter().map(|a| a.metrics.as_ref().and_then(|m| m.mase).expect("MASE")).collect();
    assert!(mase.windows(2).all(|w| w[0] >= w[1]), "least accurate first: {mase:?}");
}

#[test]
fn a_history_model_scores_the_old_stores_as_it_would_without_the_new_ones() {
    let models = vec![ModelSpec::Naive, ModelSpec::SeasonalNaive];
    let panel = [("Paris", 400, 120.0), ("Lyon", 400, 60.0), ("Lille", 32, 80.0)];
    let with = run(&stores(&panel), &spec(models.clone()));
    let without = run(&stores(&panel[..2]), &spec(models));
    for (a, b) in with.leaderboard.iter().zip(&without.leaderboard) {
        assert_eq!(a.id, b.id);
        // Paris and Lyon come first in both files.
        assert_eq!(a.per_series[..2], b.per_series[..], "{}", a.id);
        assert!(a.per_series[2].is_some(), "Lille is scored too");
    }
    // A model that cannot forecast the newest store (four weeks of history for a seasonal
    // average of four) is left out in the backtest, not chosen and then failing on it.
    let newest = [("Paris", 400, 120.0), ("Nice", 20, 90.0)];
    let models = vec![ModelSpec::SeasonalAverage { seasons: 4 }, ModelSpec::Naive];
    let report = run(&stores(&newest), &spec(models));
    let average = report.leaderboard.iter().find(|r| r.id == "seasonal_average");
    assert!(average.is_some_and(|r| r.failure.is_some()), "{:?}", report.leaderboard);
    // The note names the store it failed on.
    let on = report.warnings.iter().find_map(|w| match w {
        ForecastWarning::ModelFailed { model, series, .. } if model == "seasonal_average" => {
            Some(series.clone())
        }
        _ => None,
    });
    assert_eq!(on, Some(Some("Nice".to_string())), "{:?}", report.warnings);
    assert_eq!(report.chosen, "naive");
    assert_eq!(report.forecasts.len(), 2);
}

#[test]
fn two_versions_are_compared_on_every_window_of_the_old_stores() {
    use prevision_engine::ab::{AbConfig, AbShortSeries, ab_compare};
    use prevision_engine::registry::ModelVersion;
    let panel =
        [("Paris", 400, 120.0), ("Lyon", 400, 60.0), ("Lille", 32, 80.0), ("Nice", 20, 90.0)];
    let frame = stores(&panel);
    let version = |models: Vec<ModelSpec>, label: &str| {
        let run = forecast::run(&frame, &spec(models), &mut ()).expect("the run succeeds");
        ModelVersion::new(run, &frame, label, 0.0)
    };
    let a = version(vec![ModelSpec::SeasonalNaive], "a");
    let b = version(vec![ModelSpec::Ridge { alpha: 1.0 }], "b");
    let ab = ab_compare(&frame, &a, &b, &AbConfig::default(), &mut ()).expect("compares");
    assert_eq!(ab.windows, 5);
    assert_eq!(
        ab.short_series,
        Some(AbShortSeries { series: "Nice".into(), history: 20, count: 2, held: 0 })
    );
    // Paris and Lyon on 5 windows, Lille on its last 2, Nice on none: 12 windows of 7 days.
    assert_eq!(ab.pairs, 12 * 7);
    let compared: Vec<&str> = ab.forecasts.iter().map(|f| f.series.as_str()).collect();
    assert_eq!(compared, ["Paris", "Lyon", "Lille"]);
    // Without the new stores, nothing to say.
    let old = stores(&panel[..2]);
    let a = {
        let run = forecast::run(&old, &spec(vec![ModelSpec::SeasonalNaive]), &mut ()).expect("ok");
        ModelVersion::new(run, &old, "a", 0.0)
    };
    let ab = ab_compare(&old, &a, &a, &AbConfig::default(), &mut ()).expect("compares");
    assert_eq!((ab.windows, ab.short_series), (5, None));
}
