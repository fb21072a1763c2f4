//! Behaviour of the tree models through the public API: exact fits, limits, determinism,
//! serialisation, missing values and refused settings.

use prevision_engine::matrix::Matrix;
use prevision_engine::models::tree::benchmark::{friedman1, r_squared};
use prevision_engine::models::tree::{
    DecisionTree, ExtraTrees, FittedForest, FittedTree, MaxFeatures, RandomForest, Sampling,
};
use prevision_engine::models::{FittedRegressor, ModelError, Regressor};

/// A three-level step in feature 1, with a distracting feature 0.
fn step_data() -> (Matrix, Vec<f64>) {
    let rows: Vec<[f64; 2]> = (0..60).map(|i| [((i * 7) % 11) as f64, i as f64 / 10.0]).collect();
    let y = rows
        .iter()
        .map(|r| {
            if r[1] < 2.0 {
                1.0
            } else if r[1] < 4.0 {
                5.0
            } else {
                -2.0
            }
        })
        .collect();
    (Matrix::from_rows(&rows).expect("same lengths"), y)
}

#[test]
fn a_tree_fits_a_step_function_exactly_with_two_splits() {
    let (x, y) = step_data();
    let tree = DecisionTree::default().fit(&x, &y).expect("fits");
    assert_eq!(tree.predict(&x), y);
    assert_eq!(tree.n_leaves(), 3);
    let root = tree.nodes()[0].split().expect("root splits");
    assert_eq!(root.feature(), 1);
    // Between the neighbouring observed values 1.9 / 2.0 or 3.9 / 4.0.
    assert!(
        [1.95, 3.95].iter().any(|t| (root.threshold() - t).abs() < 1e-12),
        "{}",
        root.threshold()
    );
    assert_eq!(tree.predict_row(&[0.0, 1.97]), 5.0);
    assert_eq!(tree.feature_importances(), vec![0.0, 1.0]);
}

#[test]
fn depth_limits_are_respected() {
    let (x, y) = friedman1(500, 6, 11);
    for max_depth in [1, 2, 5] {
        let tree = DecisionTree { max_depth: Some(max_depth), ..DecisionTree::default() }
            .fit(&x, &y)
            .expect("fits");
        assert_eq!(tree.depth(), max_depth);
        assert!(tree.n_leaves() <= 1 << max_depth);
    }
    let full = DecisionTree::default().fit(&x, &y).expect("fits");
    assert!(full.depth() > 5);
    // A fully grown tree on distinct rows reproduces its training targets.
    assert!(r_squared(&y, &full.predict(&x)) > 0.999_999);
}

#[test]
fn min_samples_leaf_is_respected_in_every_leaf() {
    let (x, y) = friedman1(400, 5, 12);
    let tree =
        DecisionTree { min_samples_leaf: 7, ..DecisionTree::default() }.fit(&x, &y).expect("fits");
    let leaves: Vec<f64> = tree.nodes().iter().filter(|n| n.is_leaf()).map(|n| n.cover()).collect();
    assert!(leaves.iter().all(|&c| c >= 7.0), "{leaves:?}");
    assert_eq!(leaves.iter().sum::<f64>(), 400.0);
    let huge = DecisionTree { min_samples_leaf: usize::MAX, ..DecisionTree::default() }
        .fit(&x, &y)
        .expect("fits");
    assert_eq!(huge.nodes().len(), 1);
    assert!((huge.predict_row(&[0.5; 5]) - y.iter().sum::<f64>() / 400.0).abs() < 1e-12);
    let split = DecisionTree { min_samples_split: 100, ..DecisionTree::default() }
        .fit(&x, &y)
        .expect("fits");
    for n in split.nodes().iter().filter(|n| !n.is_leaf()) {
        assert!(n.cover() >= 100.0);
    }
}

#[test]
fn same_seed_gives_identical_json_and_another_seed_another_forest() {
    let (x, y) = friedman1(300, 8, 13);
    let settings = RandomForest {
        n_trees: 5,
        tree: DecisionTree { max_features: MaxFeatures::Third, ..DecisionTree::default() },
        ..RandomForest::default()
    };
    let a = serde_json::to_string(&settings.fit(&x, &y).expect("fits")).expect("serialises");
    let b = serde_json::to_string(&settings.fit(&x, &y).expect("fits")).expect("serialises");
    let c = serde_json::to_string(
        &RandomForest { seed: 1, ..settings.clone() }.fit(&x, &y).expect("fits"),
    )
    .expect("serialises");
    assert_eq!(a, b);
    assert_ne!(a, c);
    let extra = ExtraTrees { n_trees: 3, ..ExtraTrees::default() };
    let e1 = serde_json::to_string(&extra.fit(&x, &y).expect("fits")).expect("serialises");
    let e2 =
        serde_json::to_string(&ExtraTrees { seed: 9, ..extra.clone() }.fit(&x, &y).expect("fits"))
            .expect("serialises");
    assert_ne!(e1, e2);
}

#[test]
fn json_round_trip_keeps_predictions_bit_identical() {
    let (x, y) = friedman1(400, 7, 14);
    let (x_test, _) = friedman1(200, 7, 15);
    let forest = RandomForest { n_trees: 8, ..RandomForest::default() }.fit(&x, &y).expect("fits");
    let back: FittedForest =
        serde_json::from_str(&serde_json::to_string(&forest).expect("serialises")).expect("loads");
    assert_eq!(back, forest);
    let (p1, p2) = (forest.predict(&x_test), back.predict(&x_test));
    assert!(p1.iter().zip(&p2).all(|(a, b)| a.to_bits() == b.to_bits()));
    let tree = DecisionTree::default().fit(&x, &y).expect("fits");
    let back: FittedTree =
        serde_json::from_str(&serde_json::to_string(&tree).expect("serialises")).expect("loads");
    assert_eq!(tree.predict(&x_test), back.predict(&x_test));
}

#[test]
fn missing_values_go_right_in_fit_and_predict_without_panicking() {
    // y is high exactly when feature 0 is missing: one split isolates the missing rows.
    let mut rows = Vec::new();
    let mut y = Vec::new();
    for i in 0..40 {
        let missing = i % 4 == 0;
        rows.push([
            if missing { f64::NAN } else { i as f64 },
            if i == 7 { f64::INFINITY } else { 1.0 },
        ]);
        y.push(if missing { 10.0 } else { 0.0 });
    }
    let x = Matrix::from_rows(&rows).expect("same lengths");
    let tree = DecisionTree::default().fit(&x, &y).expect("fits");
    assert_eq!(tree.predict(&x), y);
    assert_eq!(tree.predict_row(&[f64::NAN, 1.0]), 10.0);
    assert_eq!(tree.predict_row(&[f64::NEG_INFINITY, 1.0]), 10.0);
    assert_eq!(tree.predict_row(&[3.0, f64::NAN]), 0.0);
    let forest = ExtraTrees { n_trees: 4, ..ExtraTrees::default() }.fit(&x, &y).expect("fits");
    assert!(forest.predict(&x).iter().all(|p| p.is_finite()));
    let all_missing = Matrix::from_vec(3, 1, vec![f64::NAN; 3]).expect("shape");
    let lone = DecisionTree::default().fit(&all_missing, &[1.0, 2.0, 3.0]).expect("fits");
    assert_eq!(lone.predict_row(&[f64::NAN]), 2.0);
}

#[test]
fn invalid_settings_and_data_are_refused_with_typed_errors() {
    let (x, y) = friedman1(20, 5, 16);
    let refused = |tree: DecisionTree| match tree.fit(&x, &y) {
        Err(ModelError::InvalidSetting { name, .. }) => name,
        other => panic!("expected a refused setting, got {other:?}"),
    };
    assert_eq!(
        refused(DecisionTree { max_depth: Some(0), ..DecisionTree::default() }),
        "max_depth"
    );
    assert_eq!(
        refused(DecisionTree { min_samples_leaf: 0, ..DecisionTree::default() }),
        "min_samples_leaf"
    );
    assert_eq!(
        refused(DecisionTree { min_samples_split: 1, ..DecisionTree::default() }),
        "min_samples_split"
    );
    assert_eq!(refused(DecisionTree { max_bins: 256, ..DecisionTree::default() }), "max_bins");
    assert_eq!(refused(DecisionTree { max_bins: 1, ..DecisionTree::default() }), "max_bins");
    assert_eq!(
        refused(DecisionTree {
            max_features: MaxFeatures::Fraction(0.0),
            ..DecisionTree::default()
        }),
        "max_features"
    );
    assert_eq!(
        refused(DecisionTree { max_features: MaxFeatures::Count(0), ..DecisionTree::default() }),
        "max_features"
    );
    let bad_sampling =
        RandomForest { sampling: Sampling::Subsample(-0.1), ..RandomForest::default() };
    assert!(matches!(
        bad_sampling.fit(&x, &y),
        Err(ModelError::InvalidSetting { name: "sampling", .. })
    ));
    assert!(matches!(DecisionTree::default().fit(&x, &y[..5]), Err(ModelError::Shape(_))));
    let mut y_nan = y.clone();
    y_nan[3] = f64::NAN;
    assert!(matches!(
        DecisionTree::default().fit(&x, &y_nan),
        Err(ModelError::InvalidSetting { name: "y", .. })
    ));
    assert!(matches!(
        DecisionTree::default().fit(&Matrix::with_cols(2), &[]),
        Err(ModelError::NotEnoughData { needed: 1, got: 0 })
    ));
}

#[test]
fn forests_generalise_on_friedman_and_rank_the_signal_features_first() {
    let (x, y) = friedman1(2000, 10, 17);
    let (x_test, y_test) = friedman1(1000, 10, 18);
    let rf = RandomForest { n_trees: 30, ..RandomForest::default() }.fit(&x, &y).expect("fits");
    let et = ExtraTrees { n_trees: 30, ..ExtraTrees::default() }.fit(&x, &y).expect("fits");
    let r2_rf = r_squared(&y_test, &rf.predict(&x_test));
    let r2_et = r_squared(&y_test, &et.predict(&x_test));
    assert!(r2_rf > 0.85, "random forest R² {r2_rf}");
    assert!(r2_et > 0.85, "extra-trees R² {r2_et}");
    for importances in [rf.feature_importances(), et.feature_importances()] {
        assert!((importances.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Features 0, 1 and 3 carry most of the signal; noise features 5.. carry little.
        let noise: f64 = importances[5..].iter().sum();
        assert!(noise < 0.1, "{importances:?}");
        assert!(importances[3] > importances[5] * 5.0);
    }
}
