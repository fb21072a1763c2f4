//! Diebold–Mariano + HLN checked against `golden/dm_reference.json`, made once by
//! `golden/dm_reference.py` (numpy 2.4.6, scipy 1.17.1, textbook formulas written independently
//! of the Rust code), and the three outcomes of the non-regression gate.

use prevision_engine::compare::{
    CompareError, DmTest, GateConfig, GateReason, Loss, Verdict, diebold_mariano, gate,
};
use proptest::prelude::*;

// The same error series as in `golden/dm_reference.py`.
const N24_H1_A: [f64; 24] = [
    -0.11, 1.55, 0.97, 0.22, -1.42, -1.91, 1.19, 0.82, -1.99, 0.63, -2.39, 1.0, 0.7, 0.97, -0.44,
    0.69, -0.26, -1.41, 0.55, 0.48, 0.17, 0.25, -0.61, 0.01,
];
const N24_H1_B: [f64; 24] = [
    -0.19, -0.23, -0.31, 0.12, -1.98, -0.62, 1.56, 1.54, -0.07, 0.72, -0.95, 0.63, -0.12, 1.14,
    -0.44, -0.98, -1.04, -1.01, 1.21, -1.2, 0.9, 0.08, -0.51, 0.56,
];
const N30_H3_A: [f64; 30] = [
    2.4, 0.25, 0.06, 0.22, -0.26, 0.77, -1.21, -1.02, -0.25, 0.56, -1.54, -1.02, -1.81, -0.2,
    -0.76, 0.32, -0.1, -0.96, 1.43, 0.6, -0.53, -1.07, -0.31, 1.36, -1.41, -1.14, -0.87, 0.0, 1.14,
    0.46,
];
const N30_H3_B: [f64; 30] = [
    0.95, 0.4, -0.63, 0.4, -0.04, 0.15, 0.95, -0.54, -0.1, -0.71, -1.47, 0.77, -1.14, -0.59, -1.98,
    0.07, -0.98, -0.17, 1.03, 0.17, 0.17, 0.09, -0.15, 0.02, -0.27, -0.33, 1.04, 2.1, 2.07, -0.74,
];
const N40_H7_A: [f64; 40] = [
    0.74, -2.82, -0.37, -0.26, 1.0, 0.37, -0.53, -1.95, -0.65, -0.87, -1.83, -0.19, -0.92, -0.64,
    0.35, 0.0, -0.08, -0.22, 0.15, -1.03, -0.13, -0.85, -0.37, 0.54, -0.99, -1.35, -0.58, 0.39,
    -0.46, -1.28, 1.75, 0.78, -0.51, 1.26, -2.6, -1.5, -0.34, 0.9, 0.57, -0.78,
];
const N40_H7_B: [f64; 40] = [
    1.49, -0.07, 0.91, 0.37, 0.87, -0.15, -0.28, -0.74, 0.45, -1.33, -0.5, 0.41, 1.16, -0.21, 0.64,
    0.71, 0.09, -0.56, -0.31, 0.94, 0.22, -1.11, -0.35, -0.77, -0.41, -0.51, -0.24, 0.45, -0.18,
    -0.3, 1.4, 0.28, -1.94, 1.15, -1.97, -1.23, -0.83, 1.42, 0.55, -0.06,
];

const TOLERANCE: f64 = 1e-9;

fn series(case: &str) -> (&'static [f64], &'static [f64]) {
    match case {
        "n24_h1" => (&N24_H1_A, &N24_H1_B),
        "n30_h3" => (&N30_H3_A, &N30_H3_B),
        "n40_h7" => (&N40_H7_A, &N40_H7_B),
        other => panic!("unknown golden case {other}"),
    }
}

fn golden() -> serde_json::Value {
    let text = include_str!("golden/dm_reference.json");
    serde_json::from_str(text).expect("golden file is valid JSON")
}

fn field(row: &serde_json::Value, name: &str) -> f64 {
    row[name].as_f64().unwrap_or_else(|| panic!("golden row lacks {name}"))
}

#[test]
fn matches_the_numpy_scipy_reference_on_three_series_and_both_losses() {
    let golden = golden();
    let rows = golden["results"].as_array().expect("results array");
    assert_eq!(rows.len(), 6);
    for row in rows {
        let case = row["case"].as_str().expect("case name");
        let horizon = row["horizon"].as_u64().expect("horizon") as usize;
        let loss = match row["loss"].as_str() {
            Some("squared") => Loss::Squared,
            Some("absolute") => Loss::Absolute,
            other => panic!("unknown loss {other:?}"),
        };
        let (a, b) = series(case);
        let test = diebold_mariano(a, b, horizon, loss).expect("golden series are valid");
        assert_eq!(test.n as u64, row["n"].as_u64().expect("n"), "{case}");
        assert_eq!(test.variance_fallback, row["variance_fallback"].as_bool().expect("bool"));
        for (name, ours) in [
            ("mean_differential", test.mean_differential),
            ("statistic", test.statistic),
            ("hln_statistic", test.hln_statistic),
            ("p_value", test.p_value),
        ] {
            let theirs = field(row, name);
            assert!(
                (ours - theirs).abs() <= TOLERANCE,
                "{case} {loss:?} {name}: ours {ours}, reference {theirs}"
            );
        }
    }
}

#[test]
fn swapping_the_models_flips_the_sign_and_keeps_the_p_value() {
    let (a, b) = series("n40_h7");
    let ab = diebold_mariano(a, b, 7, Loss::Squared).expect("valid");
    let ba = diebold_mariano(b, a, 7, Loss::Squared).expect("valid");
    assert!((ab.hln_statistic + ba.hln_statistic).abs() < 1e-12);
    assert!((ab.p_value - ba.p_value).abs() < 1e-12);
}

fn test_with(mean_differential: f64, p_value: f64) -> DmTest {
    DmTest {
        n: 50,
        mean_differential,
        statistic: 0.0,
        hln_statistic: 0.0,
        p_value,
        variance_fallback: false,
    }
}

#[test]
fn gate_promotes_a_significantly_better_candidate() {
    let decision = gate(&test_with(0.4, 0.01), &GateConfig::default());
    assert_eq!(decision.verdict, Verdict::Better);
    assert!(decision.promote);
    assert_eq!(
        decision.reason,
        GateReason::CandidateSignificantlyBetter { p_value: 0.01, alpha: 0.05 }
    );
}

#[test]
fn gate_promotes_a_candidate_with_no_significant_difference() {
    let decision = gate(&test_with(-0.4, 0.30), &GateConfig::default());
    assert_eq!(decision.verdict, Verdict::NoSignificantDifference);
    assert!(decision.promote);
    assert_eq!(decision.reason, GateReason::NoSignificantDifference { p_value: 0.30, alpha: 0.05 });
}

#[test]
fn gate_blocks_a_significantly_worse_candidate() {
    let decision = gate(&test_with(-0.4, 0.01), &GateConfig::default());
    assert_eq!(decision.verdict, Verdict::Worse);
    assert!(!decision.promote);
    assert_eq!(
        decision.reason,
        GateReason::CandidateSignificantlyWorse { p_value: 0.01, alpha: 0.05 }
    );
}

#[test]
fn gate_blocks_a_candidate_whose_errors_are_doubled() {
    // B's errors are A's doubled plus a small wiggle: its squared loss is clearly higher.
    let (a, _) = series("n40_h7");
    let b: Vec<f64> = a.iter().enumerate().map(|(i, e)| 2.0 * e + 0.01 * (i % 3) as f64).collect();
    let test = diebold_mariano(a, &b, 1, Loss::Squared).expect("valid");
    assert!(test.mean_differential < 0.0);
    assert!(test.p_value < 0.001, "p = {}", test.p_value);
    let decision = gate(&test, &GateConfig::new(0.01).expect("valid alpha"));
    assert_eq!(decision.verdict, Verdict::Worse);
    assert!(!decision.promote);
}

fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -1e6..1e6f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(1e200),
        1 => Just(0.0),
    ]
}

proptest! {
    #[test]
    fn never_panics_and_gives_a_valid_p_value_or_a_typed_error(
        a in proptest::collection::vec(any_value(), 0..40),
        b in proptest::collection::vec(any_value(), 0..40),
        horizon in 0usize..8,
        absolute in any::<bool>(),
    ) {
        let loss = if absolute { Loss::Absolute } else { Loss::Squared };
        // Pair them up half the time so the numeric path is exercised, not only the length check.
        let b = if a.len() % 2 == 0 { a.iter().zip(b.iter().cycle()).map(|(x, y)| x - y).collect() } else { b };
        match diebold_mariano(&a, &b, horizon, loss) {
            Ok(test) => {
                prop_assert!(test.statistic.is_finite());
                prop_assert!((0.0..=1.0).contains(&test.p_value), "p = {}", test.p_value);
            }
            Err(CompareError::LengthMismatch { .. }
                | CompareError::InvalidHorizon { .. }
                | CompareError::TooFewPoints { .. }
                | CompareError::NonFinite { .. }
                | CompareError::ZeroVariance
                | CompareError::Overflow) => {}
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }
}
