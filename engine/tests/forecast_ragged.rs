//! Property test of whole runs on files of several series that start and stop on different
//! days (stores opened late, stores closed early), with gaps, flat stretches and flat series:
//! a run never panics; when it succeeds, every series of the report is forecast over the whole
//! horizon, each band holds its point, and the interval report card counts what it judged.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use prevision_engine::backtest::TrainingWindow;
use prevision_engine::forecast::{self, report::ForecastReport};
use prevision_engine::frame::{Frame, Frequency, Series};
use prevision_engine::spec::{BacktestSpec, ForecastSpec, ModelSpec};
use proptest::prelude::*;

/// One series' shape: rows, the day it starts after the first series', where its values sit,
/// how noisy they are, the share of missing values, and whether it is flat.
type Shape = (usize, i64, f64, f64, f64, bool);

fn shape() -> impl Strategy<Value = Shape> {
    (10usize..160, 0i64..90, -50.0f64..500.0, 0.0f64..30.0, 0.0f64..0.15, any::<bool>())
}

fn day(offset: i64) -> NaiveDateTime {
    let start = NaiveDate::from_ymd_opt(2023, 1, 2).and_then(|d| d.and_hms_opt(0, 0, 0));
    start.expect("a valid date") + Duration::days(offset)
}

/// A daily frame of the given shapes, values from a small deterministic generator of `seed`.
fn frame(shapes: &[Shape], seed: u64) -> Frame {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let series = shapes
        .iter()
        .enumerate()
        .map(|(k, &(rows, start, level, noise, missing, flat))| {
            let timestamps: Vec<NaiveDateTime> = (0..rows as i64).map(|t| day(start + t)).collect();
            let target = (0..rows)
                .map(|t| {
                    if next() < missing {
                        return f64::NAN;
                    }
                    if flat {
                        return level;
                    }
                    let weekly = if t % 7 == 5 { noise } else { 0.0 };
                    level + weekly + noise * (next() - 0.5)
                })
                .collect();
            Series { id: format!("store {k}"), timestamps, target, exog: vec![] }
        })
        .collect();
    Frame { freq: Frequency::Daily, target_name: "sales".into(), exog: vec![], series }
}

fn check(report: &ForecastReport, horizon: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(report.forecasts.len(), report.series.len());
    for f in &report.forecasts {
        prop_assert_eq!(f.point.len(), horizon);
        prop_assert_eq!(f.timestamps.len(), horizon);
        for band in &f.bands {
            for ((lo, hi), p) in band.lower.iter().zip(&band.upper).zip(&f.point) {
                prop_assert!(lo <= p && p <= hi, "{} ≤ {} ≤ {} at {}", lo, p, hi, band.level);
            }
        }
    }
    for c in &report.coverage {
        prop_assert_eq!(c.observed.is_some(), c.n > 0);
        if let Some(o) = c.observed {
            prop_assert!((0.0..=1.0).contains(&o));
        }
    }
    Ok(())
}

/// Every series is backtested on the latest windows of the run, at least one, each the same
/// for every model: a store too new for all of them holds the last ones it can.
fn check_windows(report: &ForecastReport) -> Result<(), TestCaseError> {
    let mut held: Option<Vec<Vec<usize>>> = None;
    for b in &report.backtests {
        let per_series: Vec<Vec<usize>> = (0..report.series.len())
            .map(|s| b.folds.iter().filter(|f| f.series == s).map(|f| f.fold).collect())
            .collect();
        for windows in &per_series {
            prop_assert!(!windows.is_empty(), "{}: a series without a window", b.model);
            let first = report.windows - windows.len();
            prop_assert_eq!(windows, &(first..report.windows).collect::<Vec<_>>());
        }
        match &held {
            Some(h) => prop_assert_eq!(h, &per_series, "{} holds other windows", b.model),
            None => held = Some(per_series),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_store_holds_the_latest_windows_whatever_the_backtest_settings(
        shapes in prop::collection::vec(shape(), 1..5),
        seed in any::<u64>(),
        horizon in 1usize..9,
        windows in 1usize..9,
        refit_every in 1usize..4,
        gap in 0usize..3,
        sliding in prop::option::of(10usize..60),
    ) {
        let frame = frame(&shapes, seed);
        let training = sliding.map_or(TrainingWindow::Expanding, |size| TrainingWindow::Sliding { size });
        let spec = ForecastSpec {
            horizon,
            models: vec![
                ModelSpec::SeasonalNaive,
                ModelSpec::Ridge { alpha: 1.0 },
                ModelSpec::ExtraTrees { n_trees: 3, max_depth: Some(4), min_samples_leaf: 2 },
            ],
            backtest: BacktestSpec { windows, step: None, training, refit_every, gap },
            ..Default::default()
        };
        if let Ok(run) = forecast::run(&frame, &spec, &mut ()) {
            check(&run.report, horizon)?;
            check_windows(&run.report)?;
        }
    }

    #[test]
    fn ragged_stores_are_forecast_or_refused_never_a_panic(
        shapes in prop::collection::vec(shape(), 1..5),
        seed in any::<u64>(),
        horizon in 1usize..9,
    ) {
        let frame = frame(&shapes, seed);
        let spec = ForecastSpec {
            horizon,
            models: vec![
                ModelSpec::Naive,
                ModelSpec::SeasonalNaive,
                ModelSpec::Ridge { alpha: 1.0 },
                ModelSpec::ExtraTrees { n_trees: 3, max_depth: Some(4), min_samples_leaf: 2 },
            ],
            ..Default::default()
        };
        if let Ok(run) = forecast::run(&frame, &spec, &mut ()) {
            check(&run.report, horizon)?;
        }
    }
}
