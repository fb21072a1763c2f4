//! PSI and two-sample KS checked against `golden/drift_reference.json`, made once by
//! `golden/drift_reference.py` (scipy.stats.ks_2samp and kstwobign for KS, numpy from the
//! definition for PSI), plus a no-panic property over arbitrary inputs.

use prevision_engine::drift::{DriftError, ks_statistic, psi};
use proptest::prelude::*;

const TOLERANCE: f64 = 1e-9;

fn numbers(row: &serde_json::Value, name: &str) -> Vec<f64> {
    row[name]
        .as_array()
        .unwrap_or_else(|| panic!("golden row lacks {name}"))
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect()
}

fn number(row: &serde_json::Value, name: &str) -> f64 {
    row[name].as_f64().unwrap_or_else(|| panic!("golden row lacks {name}"))
}

#[test]
fn ks_and_psi_match_the_scipy_numpy_reference() {
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("golden/drift_reference.json")).expect("valid JSON");
    let rows = golden["results"].as_array().expect("results array");
    assert_eq!(rows.len(), 3);
    for row in rows {
        let case = row["case"].as_str().expect("case name");
        let (a, b) = (numbers(row, "a"), numbers(row, "b"));
        let ks = ks_statistic(&a, &b).expect("valid samples");
        assert_eq!((ks.n_a, ks.n_b), (a.len(), b.len()));
        let checks = [
            ("ks_statistic", ks.statistic),
            ("ks_asymptotic_p_value", ks.p_value),
            ("psi_10_bins", psi(&a, &b, 10).expect("valid")),
            ("psi_5_bins", psi(&a, &b, 5).expect("valid")),
        ];
        for (name, ours) in checks {
            let theirs = number(row, name);
            assert!(
                (ours - theirs).abs() <= TOLERANCE,
                "{case} {name}: ours {ours}, reference {theirs}"
            );
        }
    }
}

fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -1e6..1e6f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(f64::MAX),
        1 => Just(f64::MIN),
        1 => Just(0.0),
    ]
}

proptest! {
    #[test]
    fn drift_measures_never_panic_and_stay_in_range(
        a in proptest::collection::vec(any_value(), 0..50),
        b in proptest::collection::vec(any_value(), 0..50),
        bins in 0usize..12,
    ) {
        match psi(&a, &b, bins) {
            Ok(value) => prop_assert!(value.is_finite() && value >= 0.0, "psi = {value}"),
            Err(DriftError::InvalidBins { .. } | DriftError::EmptySample { .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
        match ks_statistic(&a, &b) {
            Ok(r) => {
                prop_assert!((0.0..=1.0).contains(&r.statistic));
                prop_assert!((0.0..=1.0).contains(&r.p_value));
                prop_assert_eq!(r.n_a + r.ignored_a, a.len());
                prop_assert_eq!(r.n_b + r.ignored_b, b.len());
            }
            Err(DriftError::EmptySample { .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }
}
