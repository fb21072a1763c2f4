//! Graduate to Python: the long-format CSV is exact, and the generated script compiles under
//! `python3 -m py_compile` for several kinds of reports (the test fails without python3).

use chrono::{Months, NaiveDate, NaiveDateTime};
use prevision_engine::features::HolidaySpec;
use prevision_engine::features::holidays::Country;
use prevision_engine::forecast::{ForecastRun, run};
use prevision_engine::frame::{Availability, ExogColumn, Frame, Frequency, Series};
use prevision_engine::graduate::{long_format_csv, python_script};
use prevision_engine::spec::{BacktestSpec, ForecastSpec, ModelSpec};

fn day(i: usize) -> NaiveDateTime {
    let d = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date") + chrono::Duration::days(i as i64);
    d.and_hms_opt(0, 0, 0).expect("midnight")
}

fn month(i: usize) -> NaiveDateTime {
    let d = NaiveDate::from_ymd_opt(2015, 1, 1).expect("date") + Months::new(i as u32);
    d.and_hms_opt(0, 0, 0).expect("midnight")
}

fn series(id: &str, n: usize, at: fn(usize) -> NaiveDateTime, season: f64, exog: bool) -> Series {
    let target = (0..n)
        .map(|i| 50.0 + 10.0 * (i as f64 * std::f64::consts::TAU / season).sin() + (i % 3) as f64)
        .collect();
    let exog = if exog { vec![(0..n).map(|i| (i % 5) as f64).collect()] } else { vec![] };
    Series { id: id.into(), timestamps: (0..n).map(at).collect(), target, exog }
}

fn daily(ids: &[&str], exog: bool) -> Frame {
    Frame {
        freq: Frequency::Daily,
        target_name: "sales".into(),
        exog: if exog {
            vec![ExogColumn {
                name: "price".into(),
                availability: Availability::KnownInAdvance,
                levels: None,
            }]
        } else {
            vec![]
        },
        series: ids.iter().map(|id| series(id, 200, day, 7.0, exog)).collect(),
    }
}

fn forecast(frame: &Frame, models: Vec<ModelSpec>, spec: ForecastSpec) -> ForecastRun {
    let spec = ForecastSpec {
        horizon: 7,
        models,
        backtest: BacktestSpec { windows: 2, ..BacktestSpec::default() },
        ..spec
    };
    run(frame, &spec, &mut ()).expect("the run succeeds")
}

fn small_forest() -> ModelSpec {
    ModelSpec::RandomForest { n_trees: 5, max_depth: Some(5), min_samples_leaf: 2 }
}

/// Compiles `script` with python3 and returns it.
fn compiles(name: &str, script: &str) {
    let dir = std::env::temp_dir().join(format!("prevision-graduate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.py"));
    std::fs::write(&path, script).expect("write script");
    let out = std::process::Command::new("python3")
        .args(["-m", "py_compile"])
        .arg(&path)
        .output()
        .expect("python3 must be installed to check the generated script");
    assert!(out.status.success(), "{name}: {}\n{script}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_long_format_csv_has_an_exact_header_and_rows() {
    let mut frame = daily(&["north", "south, east"], true);
    frame.series[0].exog[0][1] = f64::NAN;
    frame.series[0].target[..3].copy_from_slice(&[50.0, 56.25, 12.5]);
    frame.series[1].target[0] = -3.0;
    let csv = long_format_csv(&frame);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "unique_id,ds,y,price");
    assert_eq!(lines[1], "north,2024-01-01,50,0");
    assert_eq!(lines[2], "north,2024-01-02,56.25,");
    assert_eq!(lines[3], "north,2024-01-03,12.5,2");
    assert_eq!(lines[201], "\"south, east\",2024-01-01,-3,0");
    assert_eq!(lines.len(), 1 + 400);
}

#[test]
fn categorical_columns_are_written_as_their_levels_and_future_rows_are_left_out() {
    let mut frame = daily(&["a"], true);
    frame.exog[0].levels =
        Some(vec!["low".into(), "mid".into(), "high".into(), "x".into(), "y".into()]);
    frame.series[0].target[199] = f64::NAN;
    frame.series[0].target[2] = 1e-7;
    let csv = long_format_csv(&frame);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[3], "a,2024-01-03,0.0000001,high");
    assert_eq!(lines.len(), 1 + 199, "the last row has no actual");
}

#[test]
fn a_daily_report_with_holidays_and_exogenous_columns_gives_a_valid_script() {
    let frame = daily(&["shop"], true);
    let spec = ForecastSpec {
        holidays: Some(HolidaySpec { country: Country::France, region: None }),
        ..ForecastSpec::default()
    };
    let models = vec![
        ModelSpec::Naive,
        ModelSpec::SeasonalNaive,
        ModelSpec::Ets,
        ModelSpec::Ridge { alpha: 1.0 },
        ModelSpec::Knn { k: 5 },
        small_forest(),
        ModelSpec::ExtraTrees { n_trees: 5, max_depth: None, min_samples_leaf: 2 },
    ];
    let r = forecast(&frame, models, spec);
    let script = python_script(&r.report, "data_long.csv");
    compiles("daily_holidays", &script);
    for needed in [
        "DATA_FILE = 'data_long.csv'",
        "FREQ = 'D'",
        "HORIZON = 7",
        "N_WINDOWS = 2",
        "SeasonalNaive(season_length=7, alias='seasonal_naive')",
        "AutoETS(season_length=7, alias='ets')",
        "'ridge': Ridge(alpha=1.0)",
        "KNeighborsRegressor(n_neighbors=5, weights='distance')",
        "RandomForestRegressor(n_estimators=5, max_depth=5, min_samples_leaf=2",
        "ExtraTreesRegressor(n_estimators=5, max_depth=None",
        "holidays.country_holidays('FR'",
        "def is_holiday(dates):",
        "def day_of_week(dates):",
        "fcst.cross_validation(",
        "sf.cross_validation(",
        "print(f'{model:<24} MAE {mae:.4f}')",
    ] {
        assert!(script.contains(needed), "missing {needed:?} in\n{script}");
    }
    let lags = r.report.spec.features.as_ref().expect("resolved features").lags.clone();
    let lags: Vec<String> = lags.iter().map(usize::to_string).collect();
    assert!(script.contains(&format!("lags=[{}]", lags.join(", "))), "{script}");
    // Deterministic: the same report gives the same bytes.
    assert_eq!(script, python_script(&r.report, "data_long.csv"));
}

#[test]
fn a_monthly_report_gives_a_valid_script_with_a_month_start_frequency() {
    let frame = Frame {
        freq: Frequency::Monthly,
        target_name: "drinks".into(),
        exog: vec![],
        series: vec![series("drinks", 96, month, 12.0, false)],
    };
    let models = vec![
        ModelSpec::SeasonalNaive,
        ModelSpec::Mstl,
        ModelSpec::Linear,
        ModelSpec::ElasticNet { alpha: 0.1, l1_ratio: 0.5 },
        ModelSpec::Lasso { alpha: 0.1 },
    ];
    let r = forecast(&frame, models, ForecastSpec::default());
    let script = python_script(&r.report, "drinks.csv");
    compiles("monthly", &script);
    assert!(script.contains("FREQ = 'MS'"), "{script}");
    assert!(script.contains("SEASON = 12"), "{script}");
    assert!(script.contains("MSTL(season_length=[12]"), "{script}");
    assert!(script.contains("'elastic_net': ElasticNet(alpha=0.1, l1_ratio=0.5)"), "{script}");
    assert!(script.contains("'linear': LinearRegression()"), "{script}");
}

#[test]
fn a_long_format_report_with_several_series_gives_a_valid_script() {
    let frame = daily(&["a", "b", "c"], false);
    let models = vec![ModelSpec::Naive, ModelSpec::Ridge { alpha: 1.0 }, small_forest()];
    let r = forecast(&frame, models, ForecastSpec::default());
    let script = python_script(&r.report, "several.csv");
    compiles("several_series", &script);
    assert!(script.contains("(3 series)"), "{script}");
    assert!(script.contains("df=df[['unique_id', 'ds', 'y']]"), "{script}");
}

#[test]
fn a_report_with_only_baselines_imports_no_mlforecast() {
    let frame = daily(&["a"], false);
    let models = vec![
        ModelSpec::Naive,
        ModelSpec::Mean,
        ModelSpec::Drift,
        ModelSpec::MovingAverage { window: 7 },
        ModelSpec::SeasonalAverage { seasons: 4 },
    ];
    let r = forecast(&frame, models, ForecastSpec::default());
    let script = python_script(&r.report, "base.csv");
    compiles("baselines", &script);
    assert!(!script.contains("from mlforecast"), "{script}");
    assert!(script.contains("# Install: pip install statsforecast pandas numpy\n"), "{script}");
    for needed in [
        "HistoricAverage(alias='mean')",
        "RandomWalkWithDrift(alias='drift')",
        "WindowAverage(window_size=7, alias='moving_average')",
        "SeasonalWindowAverage(season_length=7, window_size=4, alias='seasonal_average')",
    ] {
        assert!(script.contains(needed), "missing {needed:?} in\n{script}");
    }
}
