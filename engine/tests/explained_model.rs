//! Which model a run explains with SHAP: never k nearest neighbours (no exact SHAP), even
//! when it ranks above every other feature-based model.

use prevision_engine::features::{Country, HolidaySpec};
use prevision_engine::forecast::run;
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::spec::ForecastSpec;

#[test]
fn a_well_ranked_knn_does_not_leave_the_run_without_an_explanation() {
    // Two stores, a promotion column, French holidays: k-NN ranks above the other
    // feature-based models there, and the chosen model (smoothing) uses no features.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/e2e/fixtures/two_stores.csv");
    let bytes = std::fs::read(path).expect("the fixture");
    let frame = ingest(&bytes, &IngestOptions::default()).expect("reads").frame;
    let spec = ForecastSpec {
        holidays: Some(HolidaySpec { country: Country::France, region: None }),
        ..ForecastSpec::default()
    };
    let report = run(&frame, &spec, &mut ()).expect("runs").report;
    let tabular_ranks: Vec<&str> = report
        .leaderboard
        .iter()
        .filter(|r| {
            r.family == Some(prevision_engine::spec::ModelFamily::Tabular) && r.metrics.is_some()
        })
        .map(|r| r.id.as_str())
        .collect();
    // The case this test is about; if the ranking moves, find another such file.
    assert_eq!(tabular_ranks.first(), Some(&"knn"), "{tabular_ranks:?}");
    let e = report.explanation.as_ref().expect("a feature-based model is explained");
    assert_ne!(e.model, "knn");
    assert_eq!(Some(e.model.as_str()), tabular_ranks.get(1).copied(), "the best after k-NN");
    assert_eq!(e.is_chosen, e.model == report.chosen);
}
