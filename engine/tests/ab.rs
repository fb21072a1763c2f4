//! A/B comparison through `ab_compare`: the gate's three outcomes on real refits (a version
//! against itself, seasonal naive against naive on a strongly seasonal series, both orders),
//! metrics that match the leaderboard's when the protocol is the same, and typed refusals.

mod common;

use prevision_engine::ab::{AbConfig, AbError, Side, ab_compare};
use prevision_engine::compare::{CompareError, GateConfig, GateReason, Loss, Verdict};
use prevision_engine::forecast::{Control, ForecastError, Progress, RunObserver, SavedModel, run};
use prevision_engine::frame::{Frame, Frequency};
use prevision_engine::registry::ModelVersion;
use prevision_engine::spec::{EnsembleSpec, ForecastSpec, ModelSpec};

/// A daily series with a strong weekly profile (amplitude 60) and Gaussian noise (seeded).
fn weekly(n: usize, seed: u64, noise: f64) -> Frame {
    trending(n, seed, noise, 0.0)
}

/// [`weekly`] plus a linear trend of `trend` per day.
fn trending(n: usize, seed: u64, noise: f64, trend: f64) -> Frame {
    common::weekly(n, seed, noise, trend)
}

fn version(frame: &Frame, models: Vec<ModelSpec>, label: &str, horizon: usize) -> ModelVersion {
    let spec = ForecastSpec {
        horizon,
        models,
        ensemble: EnsembleSpec { top_k: 0, ..EnsembleSpec::default() },
        ..ForecastSpec::default()
    };
    let run = run(frame, &spec, &mut ()).expect("the run succeeds");
    ModelVersion::new(run, frame, label, 0.0)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn a_version_against_itself_shows_no_difference_and_matches_its_leaderboard() {
    let frame = weekly(160, 11, 4.0);
    let v = version(&frame, vec![ModelSpec::Ridge { alpha: 1.0 }], "ridge", 7);
    let ab = ab_compare(&frame, &v, &v, &AbConfig::default(), &mut ()).expect("compares");
    assert_eq!((ab.horizon, ab.windows, ab.pairs), (7, 5, 35));
    assert_eq!(ab.decision.verdict, Verdict::NoSignificantDifference);
    assert!(ab.decision.promote);
    assert_eq!(
        ab.decision.reason,
        GateReason::NoSignificantDifference { p_value: 1.0, alpha: 0.05 }
    );
    assert_eq!(ab.dm, None);
    assert_eq!(ab.dm_unavailable, Some(CompareError::ZeroVariance));
    assert_eq!(ab.overall.mae_delta, 0.0);
    // Same protocol as the run's backtest (5 windows, step = horizon, refit each origin), same
    // model and seed: the refits reproduce the leaderboard's numbers.
    let row = v.chosen_row().expect("chosen row");
    let mae = row.metrics.as_ref().expect("metrics").mae;
    assert!(close(ab.overall.mae_reference, mae), "{} vs {mae}", ab.overall.mae_reference);
    for (d, m) in ab.steps.iter().zip(&row.per_step) {
        assert_eq!(d.step, m.step);
        assert!(close(d.mae_reference, m.mae), "step {}", d.step);
        assert!(close(d.rmse_candidate, m.rmse), "step {}", d.step);
    }
    // The chart shows the last window: the frame's last seven days.
    let f = &ab.forecasts[0];
    assert_eq!(f.dates.first().map(String::as_str), Some("2023-06-04T00:00:00"));
    assert_eq!(f.dates.len(), 7);
    assert_eq!(f.actual, frame.series[0].target[153..160].to_vec());
    assert_eq!(f.reference, f.candidate);
}

#[test]
fn seasonal_naive_beats_naive_on_a_seasonal_series_and_loses_the_other_way_round() {
    let frame = weekly(160, 5, 3.0);
    let naive = version(&frame, vec![ModelSpec::Naive], "naive", 7);
    let seasonal = version(&frame, vec![ModelSpec::SeasonalNaive], "seasonal", 7);
    let cfg = AbConfig { windows: 5, loss: Loss::Squared, gate: GateConfig::default() };

    let up = ab_compare(&frame, &naive, &seasonal, &cfg, &mut ()).expect("compares");
    assert_eq!(up.decision.verdict, Verdict::Better);
    assert!(up.decision.promote);
    let dm = up.dm.expect("test computed");
    assert!(dm.p_value < 0.05 && dm.mean_differential > 0.0, "{dm:?}");
    assert!(up.overall.mae_delta < 0.0);
    // The naive reference scores what its own leaderboard says.
    let naive_mae = naive.chosen_row().and_then(|r| r.metrics.as_ref()).expect("metrics").mae;
    assert!(close(up.overall.mae_reference, naive_mae));
    // Seasonal naive repeats last week: its last-window forecast is the week before it.
    assert_eq!(up.forecasts[0].candidate, frame.series[0].target[146..153].to_vec());
    assert_eq!(up.forecasts[0].reference, vec![frame.series[0].target[152]; 7]);

    let down = ab_compare(&frame, &seasonal, &naive, &cfg, &mut ()).expect("compares");
    assert_eq!(down.decision.verdict, Verdict::Worse);
    assert!(!down.decision.promote);
    assert!(matches!(down.decision.reason, GateReason::CandidateSignificantlyWorse { .. }));
    let back = down.dm.expect("test computed");
    assert!(close(back.hln_statistic, -dm.hln_statistic));
    assert!(close(down.overall.mae_delta, -up.overall.mae_delta));
}

#[test]
fn an_ensemble_is_refitted_member_by_member_and_combined() {
    // On this series the mean of the two beats each of them.
    let frame = trending(200, 7, 10.0, 0.2);
    let spec = ForecastSpec {
        models: vec![ModelSpec::SeasonalAverage { seasons: 4 }, ModelSpec::Ets],
        ensemble: EnsembleSpec { top_k: 2, ..EnsembleSpec::default() },
        ..ForecastSpec::default()
    };
    let run = run(&frame, &spec, &mut ()).expect("runs");
    let ens = ModelVersion::new(run, &frame, "ens", 0.0);
    assert!(matches!(ens.model, SavedModel::Ensemble { .. }), "chosen: {}", ens.report.chosen);
    let single = version(&frame, vec![ModelSpec::SeasonalNaive], "sn", 7);
    let ab = ab_compare(&frame, &single, &ens, &AbConfig::default(), &mut ()).expect("compares");
    // The ensemble's leaderboard row is on the same protocol: same MAE.
    let row = ens.report.leaderboard.iter().find(|r| r.id == "ensemble").expect("ensemble row");
    let mae = row.metrics.as_ref().expect("metrics").mae;
    assert!(close(ab.overall.mae_candidate, mae), "{} vs {mae}", ab.overall.mae_candidate);
    // Same inputs, same bytes.
    let again = ab_compare(&frame, &single, &ens, &AbConfig::default(), &mut ()).expect("again");
    let text = |r| prevision_engine::json::to_string(r);
    assert_eq!(text(&again), text(&ab));
}

#[test]
fn versions_of_different_horizons_are_refused() {
    let frame = weekly(160, 1, 3.0);
    let a = version(&frame, vec![ModelSpec::Naive], "a", 7);
    let b = version(&frame, vec![ModelSpec::Naive], "b", 14);
    assert_eq!(
        ab_compare(&frame, &a, &b, &AbConfig::default(), &mut ()),
        Err(AbError::HorizonMismatch { reference: 7, candidate: 14 })
    );
    let cfg = AbConfig { windows: 0, ..AbConfig::default() };
    assert_eq!(
        ab_compare(&frame, &a, &a, &cfg, &mut ()),
        Err(AbError::InvalidWindows { windows: 0 })
    );
}

#[test]
fn a_frame_of_another_frequency_or_too_short_is_refused() {
    let frame = weekly(160, 1, 3.0);
    let v = version(&frame, vec![ModelSpec::Naive], "a", 7);
    let mut monthly = frame.clone();
    monthly.freq = Frequency::Monthly;
    assert_eq!(
        ab_compare(&monthly, &v, &v, &AbConfig::default(), &mut ()),
        Err(AbError::FrequencyMismatch {
            side: Side::Reference,
            version: "daily".into(),
            frame: "monthly".into()
        })
    );
    let mut empty = frame.clone();
    empty.series.clear();
    assert_eq!(ab_compare(&empty, &v, &v, &AbConfig::default(), &mut ()), Err(AbError::NoSeries));
    let mut short = frame.clone();
    short.series[0].target.truncate(20);
    short.series[0].timestamps.truncate(20);
    assert_eq!(
        ab_compare(&short, &v, &v, &AbConfig::default(), &mut ()),
        Err(AbError::SeriesTooShort { series: "sales".into(), needed: 21, got: 20 })
    );
}

/// Cancels at the candidate's third fold, counting what it heard.
struct CancelAt(Vec<(usize, usize)>);

impl RunObserver for CancelAt {
    fn progress(&mut self, p: &Progress) -> Control {
        self.0.push((p.model_index, p.fold));
        if (p.model_index, p.fold) == (1, 2) { Control::Cancel } else { Control::Continue }
    }
}

#[test]
fn the_comparison_reports_progress_and_can_be_cancelled() {
    let frame = weekly(160, 1, 3.0);
    let v = version(&frame, vec![ModelSpec::Naive], "a", 7);
    let mut observer = CancelAt(Vec::new());
    let out = ab_compare(&frame, &v, &v, &AbConfig::default(), &mut observer);
    assert_eq!(
        out,
        Err(AbError::Forecast { side: Side::Candidate, source: ForecastError::Cancelled })
    );
    assert_eq!(observer.0.len(), 8);
    assert_eq!(observer.0[4], (0, 4));
    assert_eq!(observer.0[7], (1, 2));
}

#[test]
fn with_too_few_pairs_for_the_test_the_report_says_why_and_survives_json() {
    let frame = weekly(160, 3, 3.0);
    let naive = version(&frame, vec![ModelSpec::Naive], "naive", 7);
    let seasonal = version(&frame, vec![ModelSpec::SeasonalNaive], "seasonal", 7);
    let cfg = AbConfig { windows: 1, ..AbConfig::default() };
    let ab = ab_compare(&frame, &naive, &seasonal, &cfg, &mut ()).expect("compares");
    assert_eq!((ab.windows, ab.pairs), (1, 7));
    assert_eq!(ab.dm, None);
    assert_eq!(ab.dm_unavailable, Some(CompareError::TooFewPoints { n: 7, horizon: 7, min: 16 }));
    // No evidence of a regression: the non-regression gate lets it through, p unknown.
    assert_eq!(ab.decision.verdict, Verdict::NoSignificantDifference);
    assert!(ab.decision.promote);
    assert!(
        matches!(ab.decision.reason, GateReason::NoSignificantDifference { p_value, .. } if p_value.is_nan())
    );
    let text = prevision_engine::json::to_string(&ab);
    let back: prevision_engine::ab::AbReport =
        prevision_engine::json::from_str(&text).expect("reads back");
    assert_eq!(prevision_engine::json::to_string(&back), text);
}
