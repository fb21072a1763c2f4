//! Exponential smoothing and MSTL: behaviour on synthetic series with known answers, robustness on
//! odd input, JSON round trips, and a rolling-origin comparison with statsforecast's AutoETS on
//! the two shared series (`data/reference` figures copied below, from `results.json`).

use prevision_engine::models::ets::{Ets, FittedEts, Mstl, Seasonality};
use prevision_engine::models::{FittedSeriesModel, ModelError, SeriesModel};

fn mae(actual: &[f64], forecast: &[f64]) -> f64 {
    actual.iter().zip(forecast).map(|(a, f)| (a - f).abs()).sum::<f64>() / actual.len() as f64
}

/// The `value` column of a shared `date,value` CSV (a local reader: ingest is tested elsewhere).
fn read_values(file: &str) -> Vec<f64> {
    let path = format!("{}/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("shared data file is present");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').nth(1).and_then(|v| v.trim().parse().ok()).expect("numeric value"))
        .collect()
}

/// Mean over windows of the per-window MAE, with the reference protocol: window `k`'s training
/// part ends `h + (n_windows − 1 − k)·step` values before the end, refit at every origin.
fn rolling_mae(model: &impl SeriesModel, y: &[f64], h: usize, n_windows: usize, m: usize) -> f64 {
    let total: f64 = (0..n_windows)
        .map(|k| {
            let cutoff = y.len() - h - (n_windows - 1 - k) * h;
            let fit = model.fit(&y[..cutoff], m).expect("fits");
            mae(&y[cutoff..cutoff + h], &fit.predict(h))
        })
        .sum();
    total / n_windows as f64
}

#[test]
fn ets_continues_a_pure_linear_trend() {
    let history: Vec<f64> = (0..60).map(|t| 100.0 + 2.5 * t as f64).collect();
    let fit = Ets::default().fit(&history, 1).expect("fits");
    let expected: Vec<f64> = (60..70).map(|t| 100.0 + 2.5 * t as f64).collect();
    let forecast = fit.predict(10);
    assert!(mae(&expected, &forecast) < 0.05, "{forecast:?}");
}

#[test]
fn ets_keeps_a_seasonal_pattern() {
    let pattern = [10.0, 14.0, 9.0, 20.0, 25.0, 5.0, 7.0];
    let history: Vec<f64> = (0..84).map(|t| 50.0 + 0.1 * t as f64 + pattern[t % 7]).collect();
    let fit = Ets::default().fit(&history, 7).expect("fits");
    assert_eq!(fit.periods(), &[7]);
    let expected: Vec<f64> = (84..98).map(|t| 50.0 + 0.1 * t as f64 + pattern[t % 7]).collect();
    let forecast = fit.predict(14);
    assert!(mae(&expected, &forecast) < 0.5, "{forecast:?}");
    // Without seasonal adjustment the pattern is lost and the error is of the pattern's size.
    let flat = Ets { seasonality: Seasonality::NonSeasonal }.fit(&history, 7).expect("fits");
    assert!(mae(&expected, &flat.predict(14)) > 3.0);
}

#[test]
fn mstl_with_both_periods_beats_a_single_season_on_a_doubly_seasonal_series() {
    // Half-hourly-like: a daily cycle of 12 steps inside a weekly cycle of 84, plus light noise.
    let mut state = 12345_u64;
    let mut noise = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as f64 / (1u64 << 31) as f64) - 0.5
    };
    let value = |t: usize| {
        let daily = 10.0 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin();
        let weekly = if (t / 12) % 7 >= 5 { -15.0 } else { 3.0 };
        200.0 + daily + weekly
    };
    let n = 84 * 6;
    let history: Vec<f64> = (0..n).map(|t| value(t) + noise()).collect();
    let actual: Vec<f64> = (n..n + 84).map(value).collect();
    let both = Mstl { periods: vec![12, 84] }.fit(&history, 12).expect("fits");
    let daily_only = Ets::default().fit(&history, 12).expect("fits");
    let (mae_both, mae_daily) =
        (mae(&actual, &both.predict(84)), mae(&actual, &daily_only.predict(84)));
    println!("MSTL(12, 84) MAE {mae_both:.3}, ETS + STL(12) MAE {mae_daily:.3}");
    assert_eq!(both.periods(), &[12, 84]);
    assert!(mae_both < 1.0, "two periods: {mae_both}");
    assert!(mae_both < 0.3 * mae_daily, "two periods {mae_both} vs one {mae_daily}");
}

#[test]
fn odd_histories_give_finite_forecasts_or_typed_errors() {
    let mut spiky = vec![0.0; 40];
    spiky[17] = 1e6;
    let cases: Vec<Vec<f64>> = vec![
        vec![0.0; 40],
        spiky,
        (0..40).map(|t| if t % 2 == 0 { 1.0 } else { -1.0 }).collect(),
        (0..40).map(|t| 1e-9 * (1.0 + (t % 5) as f64)).collect(),
        (0..40).map(|t| 1e12 + 1e9 * (t % 4) as f64).collect(),
        (0..40).map(|t| -50.0 - t as f64).collect(),
        (0..8).map(|t| t as f64).collect(),
        vec![3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.000001],
    ];
    for history in &cases {
        for model in [&Ets::default() as &dyn Fits, &Mstl { periods: vec![4, 10] }] {
            match model.fit_dyn(history) {
                Ok(fit) => {
                    let forecast = fit.predict(12);
                    assert_eq!(forecast.len(), 12);
                    assert!(forecast.iter().all(|v| v.is_finite()), "{history:?} → {forecast:?}");
                }
                Err(ModelError::Numerical(reason)) => println!("{history:?}: {reason}"),
                Err(other) => panic!("unexpected error {other:?} on {history:?}"),
            }
        }
    }
}

/// Both models behind one object-safe face, for the table-driven test above.
trait Fits {
    fn fit_dyn(&self, history: &[f64]) -> Result<FittedEts, ModelError>;
}

impl Fits for Ets {
    fn fit_dyn(&self, history: &[f64]) -> Result<FittedEts, ModelError> {
        self.fit(history, 4)
    }
}

impl Fits for Mstl {
    fn fit_dyn(&self, history: &[f64]) -> Result<FittedEts, ModelError> {
        self.fit(history, 4)
    }
}

#[test]
fn fitted_ets_reloads_from_json_with_identical_forecasts() {
    let history = read_values("monthly_drinks_sales.csv");
    let fits = [
        Ets::default().fit(&history, 12).expect("fits"),
        Ets { seasonality: Seasonality::NonSeasonal }.fit(&history, 12).expect("fits"),
        Mstl { periods: vec![3, 12] }.fit(&history, 12).expect("fits"),
        Ets::default().fit(&[7.0; 20], 12).expect("fits"),
    ];
    for fit in &fits {
        let json = serde_json::to_string(fit).expect("serialises");
        let back: FittedEts = serde_json::from_str(&json).expect("refits on load");
        assert_eq!(back.description(), fit.description());
        let (before, after) = (fit.predict(24), back.predict(24));
        assert!(before.iter().zip(&after).all(|(a, b)| a.to_bits() == b.to_bits()));
    }
}

#[test]
fn ets_on_daily_bike_sharing_is_in_the_range_of_statsforecast_autoets() {
    // results.json: AutoETS MAE 1131.857 (h = 7, 5 windows, step 7, m = 7).
    let reference_mae = 1131.8571659878555;
    let ours = rolling_mae(&Ets::default(), &read_values("daily_bike_sharing.csv"), 7, 5, 7);
    println!("rolling MAE ours {ours:.3} vs AutoETS {reference_mae:.3}");
    assert!(ours < 1.25 * reference_mae, "ours {ours} vs AutoETS {reference_mae}");
    assert!(ours > 0.5 * reference_mae, "far better than AutoETS, a sign of leakage: {ours}");
}

#[test]
fn ets_on_monthly_drinks_sales_is_in_the_range_of_statsforecast_autoets() {
    // results.json: AutoETS MAE 560.443 (h = 12, 5 windows, step 12, m = 12).
    let reference_mae = 560.4426971728998;
    let ours = rolling_mae(&Ets::default(), &read_values("monthly_drinks_sales.csv"), 12, 5, 12);
    println!("rolling MAE ours {ours:.3} vs AutoETS {reference_mae:.3}");
    assert!(ours < 1.25 * reference_mae, "ours {ours} vs AutoETS {reference_mae}");
    assert!(ours > 0.5 * reference_mae, "far better than AutoETS, a sign of leakage: {ours}");
}
