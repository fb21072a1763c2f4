//! Flat histories (all zeros) are valid data: several of them are forecast, without intervals
//! and with a typed warning, instead of failing the run. A model's failure carries a typed
//! reason next to the engine's English text, and reports written before it still read back.

use chrono::NaiveDate;
use prevision_engine::forecast::report::{FailureKind, ForecastReport, ForecastWarning};
use prevision_engine::forecast::run;
use prevision_engine::frame::{Frame, Frequency, Series};
use prevision_engine::intervals::IntervalWarning;
use prevision_engine::spec::{ForecastSpec, ModelSpec};

/// Daily series from 2023-01-02, one per `(id, value at step t)`.
fn frame(n: usize, series: &[(&str, &dyn Fn(usize) -> f64)]) -> Frame {
    let start =
        NaiveDate::from_ymd_opt(2023, 1, 2).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
    let timestamps: Vec<_> =
        (0..n as i64).map(|k| Frequency::Daily.add_steps(start, k).expect("in range")).collect();
    Frame {
        freq: Frequency::Daily,
        target_name: "sales".into(),
        exog: vec![],
        series: series
            .iter()
            .map(|(id, f)| Series {
                id: (*id).into(),
                timestamps: timestamps.clone(),
                target: (0..n).map(f).collect(),
                exog: vec![],
            })
            .collect(),
    }
}

fn spec() -> ForecastSpec {
    ForecastSpec {
        horizon: 7,
        models: vec![ModelSpec::Naive, ModelSpec::Mean, ModelSpec::Ridge { alpha: 1.0 }],
        ..ForecastSpec::default()
    }
}

fn wavy(t: usize) -> f64 {
    100.0 + 20.0 * ((t % 7) as f64) + (t * 37 % 11) as f64
}

#[test]
fn five_all_zero_series_are_forecast_without_intervals_and_a_typed_warning() {
    let zero = |_| 0.0;
    let ids = ["S0", "S1", "S2", "S3", "S4"];
    let series: Vec<(&str, &dyn Fn(usize) -> f64)> =
        ids.iter().map(|id| (*id, &zero as &dyn Fn(usize) -> f64)).collect();
    let r =
        run(&frame(100, &series), &spec(), &mut ()).expect("all-zero series are forecast").report;
    assert_eq!(r.forecasts.len(), 5);
    for f in &r.forecasts {
        assert_eq!(f.point, vec![0.0; 7], "{}", f.series);
        assert!(f.bands.is_empty(), "{}: {:?}", f.series, f.bands);
    }
    assert!(r.coverage.is_empty());
    assert!(
        r.warnings.contains(&ForecastWarning::Interval(IntervalWarning::NoCalibration)),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_flat_series_among_others_has_no_bands_and_the_others_keep_theirs() {
    let zero = |_| 0.0;
    let series: [(&str, &dyn Fn(usize) -> f64); 3] =
        [("A", &wavy), ("B", &|t| 2.0 * wavy(t + 3)), ("Z", &zero)];
    let r = run(&frame(120, &series), &spec(), &mut ())
        .expect("the flat store does not fail the run")
        .report;
    assert!(!r.forecasts[0].bands.is_empty() && !r.forecasts[1].bands.is_empty());
    assert!(r.forecasts[2].bands.is_empty());
    assert!(
        r.warnings.contains(&ForecastWarning::Interval(IntervalWarning::SeriesWithoutSpread {
            series: 2
        })),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_model_too_long_for_a_short_history_fails_with_a_typed_reason() {
    let series: [(&str, &dyn Fn(usize) -> f64); 1] = [("sales", &wavy)];
    let spec = ForecastSpec {
        models: vec![ModelSpec::Naive, ModelSpec::SeasonalAverage { seasons: 4 }],
        ..spec()
    };
    let r = run(&frame(30, &series), &spec, &mut ()).expect("naive forecasts").report;
    let failed = r
        .warnings
        .iter()
        .find_map(|w| match w {
            ForecastWarning::ModelFailed { model, reason, kind, series } => {
                assert_eq!(*series, None, "one series: no need to name it");
                Some((model, reason, kind))
            }
            _ => None,
        })
        .expect("seasonal average fails");
    assert_eq!(failed.0, "seasonal_average");
    assert!(failed.1.contains("not enough data"), "{}", failed.1);
    assert!(
        matches!(failed.2, FailureKind::NotEnoughData { needed: 28, got } if *got < 28),
        "{:?}",
        failed.2
    );
}

#[test]
fn a_report_written_before_the_typed_reason_reads_back() {
    let series: [(&str, &dyn Fn(usize) -> f64); 1] = [("sales", &wavy)];
    let spec = ForecastSpec {
        models: vec![ModelSpec::Naive, ModelSpec::SeasonalAverage { seasons: 4 }],
        ..spec()
    };
    let r = run(&frame(30, &series), &spec, &mut ()).expect("naive forecasts").report;
    let mut json: serde_json::Value =
        serde_json::from_str(&prevision_engine::json::to_string(&r)).expect("json");
    let warnings = json["warnings"].as_array_mut().expect("warnings");
    let failed = warnings
        .iter_mut()
        .find_map(|w| w.get_mut("model_failed"))
        .and_then(|w| w.as_object_mut())
        .expect("a model_failed warning");
    assert!(failed.remove("kind").is_some());
    let old: ForecastReport = serde_json::from_value(json).expect("an old report reads back");
    assert!(
        old.warnings
            .iter()
            .any(|w| matches!(w, ForecastWarning::ModelFailed { kind: FailureKind::Other, .. }))
    );
}
