//! Cross-check against smartcore 0.7's `RandomForestRegressor` on the same Friedman #1 data:
//! both forests must generalise and land within a small distance of each other.

use prevision_engine::models::tree::RandomForest;
use prevision_engine::models::tree::benchmark::{friedman1, r_squared};
use prevision_engine::models::{FittedRegressor, Regressor};
use smartcore::ensemble::random_forest_regressor::{
    RandomForestRegressor, RandomForestRegressorParameters,
};
use smartcore::linalg::basic::matrix::DenseMatrix;

#[test]
fn our_forest_and_smartcore_reach_comparable_test_r_squared() {
    let (x, y) = friedman1(1500, 8, 21);
    let (x_test, y_test) = friedman1(500, 8, 22);
    let ours =
        RandomForest { n_trees: 25, seed: 3, ..RandomForest::default() }.fit(&x, &y).expect("fits");
    let r2_ours = r_squared(&y_test, &ours.predict(&x_test));

    let to_dense = |m: &prevision_engine::matrix::Matrix| {
        DenseMatrix::from_2d_vec(&m.rows().map(<[f64]>::to_vec).collect()).expect("non-empty")
    };
    let params = RandomForestRegressorParameters::default().with_n_trees(25).with_m(8).with_seed(3);
    let theirs = RandomForestRegressor::fit(&to_dense(&x), &y, params).expect("smartcore fits");
    let r2_theirs =
        r_squared(&y_test, &theirs.predict(&to_dense(&x_test)).expect("smartcore predicts"));

    assert!(r2_ours > 0.8, "ours {r2_ours}");
    assert!(r2_theirs > 0.8, "smartcore {r2_theirs}");
    assert!((r2_ours - r2_theirs).abs() < 0.03, "ours {r2_ours} vs smartcore {r2_theirs}");
}
