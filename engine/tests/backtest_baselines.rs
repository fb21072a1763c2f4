//! End to end on the two real datasets: every baseline backtested by our runner, scored by our
//! metrics, ranked on the leaderboard, with conformal intervals and their report card.
//! Naive and SeasonalNaive must reproduce the reference's published metrics through our own
//! pipeline (forecasts *and* metrics ours).

use std::path::PathBuf;

use prevision_engine::backtest::{
    BacktestConfig, BacktestResult, SeriesRef, run_backtest, series_model_forecaster,
};
use prevision_engine::intervals::{ConformalCalibration, IntervalConfig, IntervalWarning, Scaling};
use prevision_engine::leaderboard::{
    CandidateBacktest, Combine, EnsembleConfig, LeaderboardConfig, build_leaderboard,
};
use prevision_engine::models::baselines::{
    Baseline, MovingAverage, SeasonalAverage, SeasonalNaive,
};

struct Dataset {
    name: &'static str,
    horizon: usize,
    season: usize,
}

const BIKES: Dataset = Dataset { name: "daily_bike_sharing", horizon: 7, season: 7 };
const DRINKS: Dataset = Dataset { name: "monthly_drinks_sales", horizon: 12, season: 12 };

fn values(d: &Dataset) -> Vec<f64> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("data/{}.csv", d.name));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    text.lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(_, v)| match v.trim().parse() {
            Ok(x) => x,
            Err(e) => panic!("`{v}`: {e}"),
        })
        .collect()
}

fn reference(d: &Dataset, model: &str, metric: &str) -> f64 {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/results.json");
    let json: serde_json::Value =
        match std::fs::read_to_string(&path).map(|t| serde_json::from_str(&t)) {
            Ok(Ok(v)) => v,
            _ => panic!("cannot read {}", path.display()),
        };
    match json["datasets"][d.name]["models"][model][metric].as_f64() {
        Some(v) => v,
        None => panic!("no {metric} for {model}"),
    }
}

fn baselines(season: usize) -> Vec<Baseline> {
    vec![
        Baseline::Naive,
        Baseline::SeasonalNaive(SeasonalNaive::default()),
        Baseline::Mean,
        Baseline::Drift,
        Baseline::MovingAverage(MovingAverage { window: season }),
        Baseline::SeasonalAverage(SeasonalAverage { seasons: 3, season: None }),
    ]
}

fn backtest(y: &[f64], d: &Dataset, model: &Baseline) -> BacktestResult {
    let cfg = BacktestConfig::reference(d.horizon, 5);
    match run_backtest(y, &cfg, series_model_forecaster(model, d.season, &cfg)) {
        Ok(r) => r,
        Err(e) => panic!("{}: {e}", model.name()),
    }
}

fn check_dataset(d: &Dataset) {
    let y = values(d);
    let series = [SeriesRef { id: d.name, values: &y }];
    let candidates: Vec<CandidateBacktest> = baselines(d.season)
        .iter()
        .map(|m| CandidateBacktest {
            name: m.name(),
            complexity_rank: m.complexity_rank(),
            per_series: vec![backtest(&y, d, m)],
        })
        .collect();
    let config = LeaderboardConfig {
        ensemble: Some(EnsembleConfig { top_k: 3, combine: Combine::Median }),
        ..LeaderboardConfig::new(d.season)
    };
    let board = match build_leaderboard(&series, &candidates, &config) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    for row in &board.rows {
        println!(
            "{} {:<40} MASE {:>8.4} MAE {:>10.3} sMAPE {:>7.3} rank {}",
            d.name,
            row.name,
            row.overall.mase.unwrap_or(f64::NAN),
            row.overall.mae,
            row.overall.smape,
            row.complexity_rank
        );
    }
    // Our forecasts through our metrics reproduce the reference numbers of both baselines.
    for (model, row_name) in [("Naive", "Naive"), ("SeasonalNaive", "SeasonalNaive")] {
        let Some(row) = board.rows.iter().find(|r| r.name == row_name) else {
            panic!("{row_name} missing")
        };
        let ours = [
            ("MAE", row.overall.mae),
            ("RMSE", row.overall.rmse),
            ("sMAPE", row.overall.smape),
            ("MASE", row.overall.mase.unwrap_or(f64::NAN)),
        ];
        for (metric, value) in ours {
            let expected = reference(d, model, metric);
            assert!(
                ((value - expected) / expected).abs() <= 1e-12,
                "{model} {metric}: {value} vs {expected}"
            );
        }
    }
    // Six baselines plus the median ensemble, sorted by MASE, each with h per-step scores.
    assert_eq!(board.rows.len(), 7);
    assert!(board.rows.windows(2).all(|w| w[0].overall.mase <= w[1].overall.mase));
    assert!(board.rows.iter().all(|r| r.per_step.len() == d.horizon));
    let Some(chosen) = board.chosen_row() else { panic!("nothing chosen") };
    let best = board.rows[0].overall.mase.unwrap_or(f64::NAN);
    assert!(chosen.overall.mase.is_some_and(|m| m <= best * 1.01));
    println!("{} chosen: {}", d.name, chosen.name);

    // Intervals for the chosen model: 5 windows give 4 calibration scores per held-out window,
    // enough for 80 % (k = 4) but not for 95 % (19 needed).
    let chosen_backtest = if chosen.members.is_empty() {
        candidates.iter().find(|c| c.name == chosen.name).map(|c| c.per_series[0].clone())
    } else {
        board.ensemble_backtests.as_ref().map(|b| b[0].clone())
    };
    let Some(chosen_backtest) = chosen_backtest else { panic!("no backtest for the choice") };
    for scaling in [Scaling::None, Scaling::LocalSpread { window: d.season }] {
        let config = IntervalConfig { levels: vec![0.8, 0.95], scaling };
        let calibration =
            match ConformalCalibration::from_backtests(&[(&y, &chosen_backtest)], &config) {
                Ok(c) => c,
                Err(e) => panic!("{e}"),
            };
        let report = calibration.coverage_report();
        assert_eq!(report.per_step.len(), 2 * d.horizon);
        for s in &report.per_step {
            println!(
                "{} {:?} step {:>2} nominal {:.2} observed {:?} width {:?} n {}",
                d.name, scaling, s.step, s.nominal, s.observed, s.mean_width, s.n
            );
            if s.nominal == 0.8 {
                // Judged forward: the fifth window, by the four before it.
                assert_eq!(s.n, 1);
                assert!(s.observed.is_some_and(|o| (0.0..=1.0).contains(&o)));
            } else {
                assert_eq!((s.n, s.observed), (0, None));
            }
        }
        assert!(report.warnings.iter().all(|w| matches!(
            w,
            IntervalWarning::NotChecked { level, n: 4, needed: 19, .. } if *level == 0.95
        )));
    }
}

#[test]
fn bike_baselines_rank_and_reproduce_the_reference() {
    check_dataset(&BIKES);
}

#[test]
fn drinks_baselines_rank_and_reproduce_the_reference() {
    check_dataset(&DRINKS);
}
