//! The whole forecasting pipeline on the two real shared series: reference baselines
//! reproduced, the best model beating seasonal naive, calibrated bands, SHAP that adds up,
//! byte-identical reruns, cancellation and model round trips.

mod common;

use common::{bikes, drinks};
use prevision_engine::forecast::{
    Control, ForecastError, Progress, RunObserver, SavedModel, TIE_TOLERANCE, run,
};
use prevision_engine::frame::Frame;
use prevision_engine::spec::{ForecastSpec, ModelSpec};

fn reference(dataset: &str, model: &str, metric: &str) -> f64 {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/results.json"))
            .expect("golden file");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    json["datasets"][dataset]["models"][model][metric].as_f64().expect("metric present")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn check_dataset(frame: &Frame, dataset: &str, horizon: usize) {
    let spec = ForecastSpec { horizon, ..ForecastSpec::default() };
    let run = run(frame, &spec, &mut ()).expect("the run succeeds");
    let r = &run.report;
    // Every default model is on the leaderboard, and evaluated.
    let defaults = ModelSpec::defaults();
    for m in &defaults {
        let row = r.leaderboard.iter().find(|row| row.id == m.key()).expect("model listed");
        assert!(row.metrics.is_some(), "{} failed: {:?}", row.id, row.failure);
    }
    // Baselines reproduce the reference to 1e-9.
    for (id, name) in [("naive", "Naive"), ("seasonal_naive", "SeasonalNaive")] {
        let m = r
            .leaderboard
            .iter()
            .find(|row| row.id == id)
            .and_then(|row| row.metrics.clone())
            .expect("metrics");
        assert!(close(m.mae, reference(dataset, name, "MAE")), "{id} MAE {}", m.mae);
        assert!(close(m.rmse, reference(dataset, name, "RMSE")), "{id} RMSE");
        assert!(close(m.smape, reference(dataset, name, "sMAPE")), "{id} sMAPE");
        assert!(close(m.mase.expect("defined"), reference(dataset, name, "MASE")), "{id} MASE");
    }
    // The chosen model is the best, or within the tie tolerance of it and simpler; it beats
    // seasonal naive, and the summary speaks of it.
    let mase = |id: &str| {
        let row = r.leaderboard.iter().find(|row| row.id == id).expect("chosen row");
        row.metrics.as_ref().and_then(|m| m.mase).expect("MASE")
    };
    let best = mase(&r.leaderboard[0].id);
    let chosen = mase(&r.chosen);
    assert!(chosen <= best * (1.0 + TIE_TOLERANCE), "chosen {chosen} vs best {best}");
    let sn = reference(dataset, "SeasonalNaive", "MASE");
    assert!(chosen < sn, "chosen MASE {chosen} vs seasonal naive {sn}");
    let chosen_name = &r.leaderboard.iter().find(|row| row.id == r.chosen).expect("row").name_en;
    let verdicts = [
        format!("{chosen_name} forecasts best"),
        format!("{chosen_name} is the best"),
        format!("{chosen_name} is chosen"),
    ];
    assert!(
        r.summary.en.iter().any(|p| verdicts.iter().any(|v| p.starts_with(v.as_str()))),
        "{:?}",
        r.summary.en
    );
    // The future forecast has the horizon, 80 % and 95 % bands that nest around the point.
    let f = &r.forecasts[0];
    assert_eq!(f.point.len(), horizon);
    assert_eq!(f.timestamps.len(), horizon);
    assert_eq!(f.bands.iter().map(|b| b.level).collect::<Vec<_>>(), vec![0.8, 0.95]);
    for k in 0..horizon {
        let (b80, b95) = (&f.bands[0], &f.bands[1]);
        assert!(b95.lower[k] <= b80.lower[k] && b80.lower[k] <= f.point[k], "step {k}");
        assert!(f.point[k] <= b80.upper[k] && b80.upper[k] <= b95.upper[k], "step {k}");
    }
    // The report card gives observed coverage for each step at each level, each window judged
    // by the errors known when it starts: at step h, those of the windows h or more origins
    // before it, of which 80 % needs 4 and 95 % needs 19.
    assert_eq!(r.coverage.len(), 2 * horizon);
    assert!(r.calibration_windows >= 19 + horizon);
    for c in &r.coverage {
        let calibrating = if c.level == 0.8 { 4 } else { 19 };
        assert!(c.observed.is_some(), "{c:?}");
        assert_eq!(c.n, r.calibration_windows - calibrating - (c.step - 1), "{c:?}");
    }
    // SHAP values plus the base value add up to the explained model's output.
    let e = r.explanation.as_ref().expect("a tabular model is explained");
    assert_eq!(e.steps.len(), horizon);
    for s in &e.steps {
        let total = s.base_value + s.shap.iter().sum::<f64>();
        assert!(
            (total - s.prediction).abs() < 1e-9,
            "step {}: {total} vs {}",
            s.step,
            s.prediction
        );
        let grouped: f64 = s.groups.iter().map(|g| g.value).sum();
        assert!((grouped - s.shap.iter().sum::<f64>()).abs() < 1e-9);
    }
    // Recursive steps after the first name the lagged predictions that fed them.
    assert!(e.steps[0].fed_by_predictions.is_empty());
    assert!(
        e.steps[1].fed_by_predictions.iter().any(|k| k == "lag_1"),
        "{:?}",
        e.steps[1].fed_by_predictions
    );
    // Permutation importance for every tabular model.
    for m in defaults.iter().filter(|m| m.family() == prevision_engine::spec::ModelFamily::Tabular)
    {
        let imp = r.importance.iter().find(|i| i.model == m.key()).expect("importance");
        assert_eq!(imp.features.len(), r.features.len());
    }
    // A summary in both languages.
    assert!(!r.summary.en.is_empty() && r.summary.en.len() == r.summary.fr.len());
    // The saved model forecasts what the report shows (before clipping).
    let again = run.model.forecast(frame).expect("forecasts");
    for (a, b) in again[0].iter().zip(&f.point) {
        assert!((a.max(0.0) - b).abs() < 1e-9);
    }
}

#[test]
fn bike_sharing_forecast_reproduces_the_reference_baselines_and_explains_itself() {
    check_dataset(&bikes(), "daily_bike_sharing", 7);
}

#[test]
fn drinks_sales_forecast_reproduces_the_reference_baselines_and_explains_itself() {
    check_dataset(&drinks(), "monthly_drinks_sales", 12);
}

#[test]
fn the_same_spec_data_and_seed_give_a_byte_identical_report() {
    let frame = bikes();
    let spec = ForecastSpec::default();
    let a =
        serde_json::to_string(&run(&frame, &spec, &mut ()).expect("runs").report).expect("json");
    let b =
        serde_json::to_string(&run(&frame, &spec, &mut ()).expect("runs").report).expect("json");
    assert_eq!(a, b);
    let other = ForecastSpec { seed: 7, ..ForecastSpec::default() };
    let c =
        serde_json::to_string(&run(&frame, &other, &mut ()).expect("runs").report).expect("json");
    assert_ne!(a, c, "the seed reaches the forests");
}

struct CancelAfter {
    calls: usize,
    limit: usize,
    seen: Vec<Progress>,
}

impl RunObserver for CancelAfter {
    fn progress(&mut self, p: &Progress) -> Control {
        self.calls += 1;
        self.seen.push(p.clone());
        if self.calls > self.limit { Control::Cancel } else { Control::Continue }
    }
}

#[test]
fn progress_counts_models_and_folds_and_cancel_stops_the_run() {
    let frame = bikes();
    let mut observer = CancelAfter { calls: 0, limit: 7, seen: vec![] };
    let err = run(&frame, &ForecastSpec::default(), &mut observer).expect_err("cancelled");
    assert_eq!(err, ForecastError::Cancelled);
    assert_eq!(observer.calls, 8);
    let first = &observer.seen[0];
    assert_eq!((first.model_index, first.fold, first.fold_count), (0, 0, 5));
    assert_eq!(first.model_count, ModelSpec::defaults().len());
    let final_fit = &observer.seen[5];
    assert_eq!((final_fit.model_index, final_fit.fold), (0, 5), "then the final fit");
    assert_eq!(observer.seen[6].model_index, 1, "five folds and the final fit per model");
}

#[test]
fn a_saved_model_round_trips_through_json_with_identical_forecasts() {
    let frame = drinks();
    let spec = ForecastSpec {
        horizon: 12,
        models: vec![
            ModelSpec::SeasonalNaive,
            ModelSpec::RandomForest { n_trees: 20, max_depth: None, min_samples_leaf: 2 },
        ],
        ..ForecastSpec::default()
    };
    let result = run(&frame, &spec, &mut ()).expect("runs");
    let text = serde_json::to_string(&result.model).expect("serialises");
    let back: SavedModel = serde_json::from_str(&text).expect("loads");
    assert_eq!(back.forecast(&frame).expect("ok"), result.model.forecast(&frame).expect("ok"));
}

#[test]
fn direct_strategy_runs_end_to_end_and_never_feeds_predictions() {
    let frame = bikes();
    let spec = ForecastSpec {
        strategy: prevision_engine::spec::Strategy::Direct,
        models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ensemble: prevision_engine::spec::EnsembleSpec { top_k: 0, ..Default::default() },
        ..ForecastSpec::default()
    };
    let r = run(&frame, &spec, &mut ()).expect("runs").report;
    let e = r.explanation.expect("ridge explained");
    assert!(e.steps.iter().all(|s| s.fed_by_predictions.is_empty()));
    assert!(r.leaderboard.iter().all(|row| row.metrics.is_some()));
}

#[test]
fn a_series_too_short_for_one_window_is_a_clear_error() {
    let mut frame = bikes();
    frame.series[0].timestamps.truncate(10);
    frame.series[0].target.truncate(10);
    let err = run(&frame, &ForecastSpec::default(), &mut ()).expect_err("too short");
    assert!(matches!(err, ForecastError::SeriesTooShort { got: 10, .. }), "{err:?}");
}

#[test]
fn clipping_at_zero_is_reported_only_when_it_raised_a_value() {
    use prevision_engine::forecast::report::ForecastWarning;
    let only_drift = ForecastSpec {
        models: vec![ModelSpec::Drift],
        ensemble: prevision_engine::spec::EnsembleSpec { top_k: 0, ..Default::default() },
        ..ForecastSpec::default()
    };
    let clipped = |frame: &Frame| {
        let r = run(frame, &only_drift, &mut ()).expect("runs").report;
        assert!(r.clipped_at_zero, "non-negative history: the clipping policy is on");
        r.warnings.iter().any(|w| matches!(w, ForecastWarning::ClippedAtZero))
    };
    // Far above zero: clipping is on but changes nothing, so no warning.
    assert!(!clipped(&common::weekly(200, 1, 2.0, 0.0)));
    // A steady fall that reaches zero at the end: the drift goes below zero and is raised.
    let mut falling = common::weekly(200, 1, 0.0, 0.0);
    let n = falling.series[0].target.len();
    falling.series[0].target = (0..n).map(|t| (n - 1 - t) as f64 * 0.5).collect();
    assert!(clipped(&falling));
    let r = run(&falling, &only_drift, &mut ()).expect("runs").report;
    assert!(r.forecasts[0].point.iter().all(|v| *v >= 0.0));
}

#[test]
fn a_history_shorter_than_two_seasons_is_still_forecast_with_a_warning() {
    use prevision_engine::forecast::report::ForecastWarning;
    use prevision_engine::frame::Frequency;
    // 80 weeks of weekly sales: less than two 52-week seasons.
    let mut frame = common::weekly(80, 3, 5.0, 0.5);
    frame.freq = Frequency::Weekly { anchor: chrono::Weekday::Mon };
    let series = &mut frame.series[0];
    series.timestamps =
        (0..80).map(|k| frame.freq.add_steps(series.timestamps[0], k).expect("in range")).collect();
    let r = run(&frame, &ForecastSpec::default(), &mut ()).expect("runs").report;
    assert!(
        r.warnings.contains(&ForecastWarning::LessThanTwoSeasons { season: 52, history: 80 }),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.forecasts[0].point.len(), 7);
    assert!(r.forecasts[0].point.iter().all(|v| v.is_finite()));
    let scored: Vec<&str> = r
        .leaderboard
        .iter()
        .filter(|row| row.metrics.is_some())
        .map(|row| row.id.as_str())
        .collect();
    for baseline in ["naive", "seasonal_naive", "mean"] {
        assert!(scored.contains(&baseline), "{baseline} scored: {scored:?}");
    }
}

#[test]
fn many_series_still_get_non_zero_permutation_importances() {
    use prevision_engine::frame::Series;
    // 60 stores with the same weekly profile at different levels: 60 × 5 folds × 7 rows is
    // far above the importance cap, so folds are thinned.
    let base = common::weekly(150, 1, 2.0, 0.0);
    let template = base.series[0].clone();
    let mut frame = base;
    frame.series = (0..60)
        .map(|k| Series {
            id: format!("store-{k}"),
            target: template.target.iter().map(|v| v * (1.0 + k as f64 / 20.0)).collect(),
            ..template.clone()
        })
        .collect();
    let spec = ForecastSpec {
        models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ensemble: prevision_engine::spec::EnsembleSpec { top_k: 0, ..Default::default() },
        ..ForecastSpec::default()
    };
    let r = run(&frame, &spec, &mut ()).expect("runs").report;
    let ridge = r.importance.iter().find(|m| m.model == "ridge").expect("ridge has importances");
    let importance = &ridge.features;
    assert!(importance[0].mae_increase > 0.0, "{importance:?}");
    assert!(importance.iter().filter(|i| i.mae_increase > 0.0).count() >= 2, "{importance:?}");
}

#[test]
fn fifty_days_of_daily_sales_still_compare_the_feature_models() {
    use prevision_engine::forecast::report::ForecastWarning;
    // Five weekly windows would leave the first fold 15 rows, fewer than the feature models'
    // lookback: one window less, and features that look a week back, let them all run.
    let frame = common::weekly(50, 4, 3.0, 0.3);
    let r = run(&frame, &ForecastSpec::default(), &mut ()).expect("runs").report;
    assert!(r.warnings.contains(&ForecastWarning::FewerWindows { asked: 5, used: 4 }));
    for id in ["ridge", "knn", "random_forest", "extra_trees"] {
        let row = r.leaderboard.iter().find(|row| row.id == id).expect("listed");
        assert!(row.metrics.is_some(), "{id} failed: {:?}", row.failure);
    }
    let lags = &r.spec.features.as_ref().expect("resolved features").lags;
    assert!(lags.contains(&7) && lags.iter().all(|&l| l <= 7), "{lags:?}");
}

#[test]
fn a_series_too_short_for_one_window_is_left_out_named_and_forecast_by_a_rule() {
    use prevision_engine::forecast::report::{FallbackMethod, ForecastWarning};
    use prevision_engine::frame::Series;
    // Four stores: the first opened two days ago, the last ten days ago. They are left out of
    // the comparison; the other two are forecast by the chosen model, and the saved model
    // forecasts the whole frame with the stores where they are.
    let base = common::weekly(120, 2, 2.0, 0.1);
    let template = base.series[0].clone();
    let mut frame = base;
    let store = |id: &str, scale: f64, len: usize| Series {
        id: id.into(),
        timestamps: template.timestamps[template.timestamps.len() - len..].to_vec(),
        target: template.target[template.target.len() - len..].iter().map(|v| v * scale).collect(),
        ..template.clone()
    };
    frame.series = vec![
        store("new", 1.0, 2),
        store("lyon", 1.0, 120),
        store("paris", 3.0, 120),
        store("week", 2.0, 10),
    ];
    let spec = ForecastSpec {
        models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ..ForecastSpec::default()
    };
    let run = run(&frame, &spec, &mut ()).expect("the other stores are forecast");
    let r = &run.report;
    assert!(r.warnings.contains(&ForecastWarning::SeriesSkipped {
        series: "new".into(),
        history: 2,
        needed: 15,
        fallback: Some(FallbackMethod::Mean),
    }));
    assert!(r.warnings.contains(&ForecastWarning::SeriesSkipped {
        series: "week".into(),
        history: 10,
        needed: 15,
        fallback: Some(FallbackMethod::LastSeason),
    }));
    let ids: Vec<&str> = r.forecasts.iter().map(|f| f.series.as_str()).collect();
    assert_eq!(ids, ["lyon", "paris"]);
    // The new stores are forecast anyway, by a rule, from the day after their last value: two
    // days give their mean; ten days, a whole week, repeat their last week.
    let news: Vec<&str> = r.new_series.iter().map(|f| f.series.as_str()).collect();
    assert_eq!(news, ["new", "week"]);
    let last = *template.timestamps.last().expect("dates");
    for f in &r.new_series {
        assert_eq!(f.point.len(), 7);
        assert_eq!(f.timestamps[0], last + chrono::Duration::days(1));
        assert_eq!(f.timestamps[6], last + chrono::Duration::days(7));
    }
    let tail = &template.target[template.target.len() - 7..];
    let (new, week) = (&r.new_series[0], &r.new_series[1]);
    assert_eq!((new.method, new.observed), (FallbackMethod::Mean, 2));
    let two = &template.target[template.target.len() - 2..];
    assert!(new.point.iter().all(|&p| (p - (two[0] + two[1]) / 2.0).abs() < 1e-9));
    assert_eq!((week.method, week.observed), (FallbackMethod::LastSeason, 10));
    let repeated: Vec<f64> = tail.iter().map(|v| v * 2.0).collect();
    assert_eq!(week.point, repeated);
    assert!(r.forecasts[1].point[0] > 2.0 * r.forecasts[0].point[0], "paris is 3× lyon");
    let points = run.model.forecast(&frame).expect("forecasts the whole frame");
    assert_eq!(points.len(), 4);
    assert!(points[0].is_empty() && points[3].is_empty());
    for (p, f) in points[1..3].iter().zip(&r.forecasts) {
        let max_gap = p.iter().zip(&f.point).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        assert!(max_gap < 1e-9, "{} differs by {max_gap}", f.series);
    }
    // Every store too short: the run still fails naming one.
    frame.series.truncate(1);
    assert!(matches!(
        prevision_engine::forecast::run(&frame, &spec, &mut ()),
        Err(ForecastError::SeriesTooShort { got: 2, .. })
    ));
}

#[test]
fn stores_of_different_sizes_get_bands_in_their_own_units() {
    use prevision_engine::frame::Series;
    use prevision_engine::intervals::Scaling;
    // Two stores with the same pattern and noise, one ten times the size of the other.
    let base = common::weekly(150, 5, 3.0, 0.0);
    let small = base.series[0].clone();
    let big = Series {
        id: "big".into(),
        target: small.target.iter().map(|v| v * 10.0).collect(),
        ..small.clone()
    };
    let mut frame = base;
    frame.series = vec![Series { id: "small".into(), ..small }, big];
    let spec = ForecastSpec {
        models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ..ForecastSpec::default()
    };
    let r = run(&frame, &spec, &mut ()).expect("runs").report;
    assert_eq!(r.spec.interval_scaling, Scaling::SeriesScale);
    let width = |s: usize| {
        let b = &r.forecasts[s].bands[0];
        b.upper[0] - b.lower[0]
    };
    let ratio = width(1) / width(0);
    assert!((8.0..12.0).contains(&ratio), "big/small band width {ratio}");
    // One series keeps raw errors (the default).
    frame.series.truncate(1);
    let one = run(&frame, &spec, &mut ()).expect("runs").report;
    assert_eq!(one.spec.interval_scaling, Scaling::None);
}
