//! Drift monitoring on the real bike-sharing series: a model fitted on 2011 and checked against
//! the last quarter of 2012, when rentals had roughly doubled.

mod common;

use common::bikes;
use prevision_engine::drift::{AlertMetric, DriftLevel, DriftThresholds};
use prevision_engine::forecast::run;
use prevision_engine::frame::Frame;
use prevision_engine::monitor::{Language, MonitorConfig, default_rules, monitor};
use prevision_engine::spec::{BacktestSpec, ForecastSpec, ModelSpec};

fn head(frame: &Frame, rows: usize) -> Frame {
    let mut f = frame.clone();
    for s in &mut f.series {
        s.timestamps.truncate(rows);
        s.target.truncate(rows);
    }
    f
}

#[test]
fn a_model_fitted_on_2011_sees_the_2012_growth_as_drift() {
    let frame = bikes();
    // 2011 has 365 days: rows 0..=364.
    let train = head(&frame, 365);
    let spec = ForecastSpec {
        models: vec![ModelSpec::Ridge { alpha: 1.0 }],
        backtest: BacktestSpec { windows: 3, ..BacktestSpec::default() },
        ..ForecastSpec::default()
    };
    let fitted = run(&train, &spec, &mut ()).expect("fits");
    let mae = fitted.report.leaderboard[0].metrics.as_ref().expect("metrics").mae;
    let cfg = MonitorConfig {
        reference_end: 364,
        recent: 92,
        chunks: 3,
        bins: 10,
        thresholds: DriftThresholds::default(),
        reference_rows: None,
    };
    let report = monitor(&frame, &fitted.model, mae, &cfg, &default_rules()).expect("runs");
    assert_eq!(report.reference, ("2011-01-01T00:00:00".into(), "2011-12-31T00:00:00".into()));
    assert_eq!(report.recent, ("2012-10-01T00:00:00".into(), "2012-12-31T00:00:00".into()));
    let target = &report.features[0];
    assert_eq!(target.key, "value");
    assert_eq!(target.level, Some(DriftLevel::Significant), "{target:?}");
    let live = report.live.expect("live error");
    assert_eq!(live.points, 366, "every day of 2012 has an actual");
    assert_eq!(live.backtest_mae, mae);
    // Three chunks, each with one PSI and one KS per measurable feature and one error ratio.
    let ratios =
        report.observations.iter().filter(|o| o.metric == AlertMetric::LiveErrorRatio).count();
    assert_eq!(ratios, 3);
    assert!(report.alerts.iter().any(|a| a.metric == AlertMetric::Psi && a.feature == "value"));
    let en = report.messages(Language::En);
    let fr = report.messages(Language::Fr);
    assert_eq!(en.len(), report.alerts.len());
    assert!(en.iter().any(|m| m.starts_with("Drift on value: PSI ")), "{en:?}");
    assert!(fr.iter().any(|m| m.starts_with("Dérive sur value\u{a0}: PSI ")), "{fr:?}");
}
