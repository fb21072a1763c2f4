//! Golden tests against the statsforecast / mlforecast reference backtest
//! (`tests/golden/`, see its README): our runner must place the same origins and reproduce the
//! Naive and SeasonalNaive forecasts exactly, and our metrics computed on the reference's own
//! point forecasts must reproduce its published MAE, RMSE, sMAPE and MASE.

use std::collections::BTreeMap;
use std::path::PathBuf;

use prevision_engine::backtest::{BacktestConfig, run_backtest, series_model_forecaster};
use prevision_engine::metrics::{mae, rmse, seasonal_naive_scale, smape};
use prevision_engine::models::SeriesModel;
use prevision_engine::models::baselines::{Naive, SeasonalNaive};

/// Models whose forecasts the CSV files hold exactly (integers, or 2-decimal forest means).
const EXACT_MODELS: [&str; 3] = ["Naive", "SeasonalNaive", "RandomForest"];
/// Models whose forecasts the CSV files round to 4 decimals.
const ROUNDED_MODELS: [&str; 2] = ["AutoETS", "AutoARIMA"];
/// Half a unit of the 4th decimal: the most a printed forecast differs from the true one.
const ROUNDING: f64 = 5e-5;

struct Dataset {
    name: &'static str,
    horizon: usize,
    windows: usize,
    season: usize,
}

const BIKES: Dataset = Dataset { name: "daily_bike_sharing", horizon: 7, windows: 5, season: 7 };
const DRINKS: Dataset =
    Dataset { name: "monthly_drinks_sales", horizon: 12, windows: 5, season: 12 };

fn engine_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: PathBuf) -> String {
    match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

fn number(s: &str) -> f64 {
    match s.trim().parse() {
        Ok(v) => v,
        Err(e) => panic!("not a number `{s}`: {e}"),
    }
}

/// The dataset's `date,value` file: dates and values.
fn series(d: &Dataset) -> (Vec<String>, Vec<f64>) {
    let text = read(engine_dir().join("data").join(format!("{}.csv", d.name)));
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once(',') {
            Some((date, value)) => (date.to_string(), number(value)),
            None => panic!("bad line `{l}`"),
        })
        .unzip()
}

/// One row of a `*_cv.csv` file.
struct CvRow {
    ds: String,
    cutoff: String,
    forecasts: BTreeMap<String, f64>,
    y: f64,
}

fn cv_rows(d: &Dataset) -> Vec<CvRow> {
    let text = read(engine_dir().join("tests/golden").join(format!("{}_cv.csv", d.name)));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().map(|h| h.split(',').collect()).unwrap_or_default();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            assert_eq!(cells.len(), header.len(), "row `{l}`");
            let mut forecasts = BTreeMap::new();
            for (name, cell) in header.iter().zip(&cells).take(header.len() - 1).skip(3) {
                forecasts.insert(name.to_string(), number(cell));
            }
            CvRow {
                ds: cells[1].to_string(),
                cutoff: cells[2].to_string(),
                forecasts,
                y: number(cells[header.len() - 1]),
            }
        })
        .collect()
}

fn reference_metric(d: &Dataset, model: &str, metric: &str) -> f64 {
    let json: serde_json::Value =
        match serde_json::from_str(&read(engine_dir().join("tests/golden/results.json"))) {
            Ok(v) => v,
            Err(e) => panic!("results.json: {e}"),
        };
    match json["datasets"][d.name]["models"][model][metric].as_f64() {
        Some(v) => v,
        None => panic!("no {metric} for {model} on {}", d.name),
    }
}

/// Runs our backtest of `model` and checks every forecast, date and cut-off against `column`.
fn check_baseline_forecasts(d: &Dataset, model: &impl SeriesModel, column: &str) {
    let (dates, y) = series(d);
    let cfg = BacktestConfig::reference(d.horizon, d.windows);
    let result = match run_backtest(&y, &cfg, series_model_forecaster(model, d.season, &cfg)) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let rows = cv_rows(d);
    assert_eq!(rows.len(), d.horizon * d.windows);
    let ours: Vec<(String, String, f64, f64)> = result
        .folds
        .iter()
        .flat_map(|f| {
            let cutoff = f.fold.cutoff().map_or(String::new(), |i| dates[i].clone());
            let dates = &dates;
            f.fold
                .test
                .clone()
                .zip(f.forecast.iter().zip(&f.actual))
                .map(move |(t, (p, a))| (dates[t].clone(), cutoff.clone(), *p, *a))
        })
        .collect();
    for ((ds, cutoff, forecast, actual), row) in ours.iter().zip(&rows) {
        assert_eq!((ds, cutoff), (&row.ds, &row.cutoff));
        // Exact equality: the reference forecasts are integers printed in full.
        assert_eq!(*forecast, row.forecasts[column], "{column} at {ds} (cut-off {cutoff})");
        assert_eq!(*actual, row.y, "actual at {ds}");
    }
}

#[test]
fn naive_forecasts_match_the_reference_exactly_on_both_datasets() {
    check_baseline_forecasts(&BIKES, &Naive, "Naive");
    check_baseline_forecasts(&DRINKS, &Naive, "Naive");
}

#[test]
fn seasonal_naive_forecasts_match_the_reference_exactly_on_both_datasets() {
    check_baseline_forecasts(&BIKES, &SeasonalNaive::default(), "SeasonalNaive");
    check_baseline_forecasts(&DRINKS, &SeasonalNaive::default(), "SeasonalNaive");
}

/// Our four metrics of `model`'s reference forecasts, averaged over windows, plus the
/// largest change rounding to 4 decimals can cause in each.
fn metrics_on_reference_forecasts(d: &Dataset, model: &str) -> [(&'static str, f64, f64); 4] {
    let (dates, y) = series(d);
    let rows = cv_rows(d);
    let mut cutoffs: Vec<&str> = rows.iter().map(|r| r.cutoff.as_str()).collect();
    cutoffs.dedup();
    assert_eq!(cutoffs.len(), d.windows);
    let mut sums = [0.0; 4];
    let mut bounds = [0.0f64; 4];
    for cutoff in &cutoffs {
        let window: Vec<&CvRow> = rows.iter().filter(|r| r.cutoff == *cutoff).collect();
        let actual: Vec<f64> = window.iter().map(|r| r.y).collect();
        let forecast: Vec<f64> = window.iter().map(|r| r.forecasts[model]).collect();
        let cut = match dates.iter().position(|d| d == cutoff) {
            Some(i) => i,
            None => panic!("cut-off {cutoff} not in the data"),
        };
        let scale = match seasonal_naive_scale(&y[..=cut], d.season) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        let (Ok(mae_w), Ok(rmse_w), Ok(smape_w)) =
            (mae(&actual, &forecast), rmse(&actual, &forecast), smape(&actual, &forecast))
        else {
            panic!("metric failed")
        };
        for (sum, v) in sums.iter_mut().zip([mae_w, rmse_w, smape_w, mae_w / scale]) {
            *sum += v;
        }
        // |d/df (|y−f| / (|y|+|f|))| ≤ 2 / (|y|+|f|), so sMAPE moves by ≤ 400·δ/min(|y|+|f|−δ).
        let min_denominator =
            actual.iter().zip(&forecast).map(|(a, f)| a.abs() + f.abs()).fold(f64::MAX, f64::min);
        let smape_bound = 400.0 * ROUNDING / (min_denominator - ROUNDING);
        for (b, v) in bounds.iter_mut().zip([ROUNDING, ROUNDING, smape_bound, ROUNDING / scale]) {
            *b = b.max(v);
        }
    }
    let n = cutoffs.len() as f64;
    [
        ("MAE", sums[0] / n, bounds[0]),
        ("RMSE", sums[1] / n, bounds[1]),
        ("sMAPE", sums[2] / n, bounds[2]),
        ("MASE", sums[3] / n, bounds[3]),
    ]
}

fn check_metrics(d: &Dataset) {
    for model in EXACT_MODELS {
        for (metric, ours, _) in metrics_on_reference_forecasts(d, model) {
            let reference = reference_metric(d, model, metric);
            let relative = (ours - reference).abs() / reference.abs();
            assert!(relative <= 1e-9, "{} {model} {metric}: {ours} vs {reference}", d.name);
        }
    }
    for model in ROUNDED_MODELS {
        for (metric, ours, bound) in metrics_on_reference_forecasts(d, model) {
            let reference = reference_metric(d, model, metric);
            assert!(
                (ours - reference).abs() <= bound,
                "{} {model} {metric}: {ours} vs {reference}, rounding bound {bound}",
                d.name
            );
        }
    }
}

#[test]
fn metrics_on_reference_forecasts_reproduce_the_bike_results() {
    check_metrics(&BIKES);
}

#[test]
fn metrics_on_reference_forecasts_reproduce_the_drinks_results() {
    check_metrics(&DRINKS);
}
