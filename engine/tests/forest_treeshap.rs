//! TreeSHAP on fitted trees and forests: attributions add up to the prediction and equal the
//! Shapley values computed by enumerating every feature subset.

use prevision_engine::explain::treeshap::{forest_shap, tree_shap};
use prevision_engine::matrix::Matrix;
use prevision_engine::models::tree::benchmark::friedman1;
use prevision_engine::models::tree::{
    DecisionTree, ExtraTrees, FittedTree, MaxFeatures, RandomForest,
};
use prevision_engine::models::{FittedRegressor, Regressor};
use prevision_engine::rng::Rng;

/// `E[f(x) | x_S]` with the path-dependent rule: follow `row` on known features, otherwise
/// average both children by cover.
fn expectation(tree: &FittedTree, row: &[f64], known: u32, node: usize) -> f64 {
    let nodes = tree.nodes();
    match nodes[node].split() {
        None => nodes[node].value(),
        Some(s) if known & (1 << s.feature()) != 0 => {
            expectation(tree, row, known, s.child_for(row))
        }
        Some(s) => {
            let (l, r) = (nodes[s.left()].cover(), nodes[s.right()].cover());
            (l * expectation(tree, row, known, s.left())
                + r * expectation(tree, row, known, s.right()))
                / (l + r)
        }
    }
}

fn brute_force(tree: &FittedTree, row: &[f64]) -> Vec<f64> {
    let m = tree.n_features();
    let fact = |k: usize| (1..=k).map(|i| i as f64).product::<f64>();
    (0..m)
        .map(|i| {
            (0u32..1 << m)
                .filter(|s| s & (1 << i) == 0)
                .map(|s| {
                    let size = s.count_ones() as usize;
                    fact(size) * fact(m - size - 1) / fact(m)
                        * (expectation(tree, row, s | (1 << i), 0) - expectation(tree, row, s, 0))
                })
                .sum()
        })
        .collect()
}

fn random_rows(n: usize, p: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| (0..p).map(|_| rng.next_f64()).collect()).collect()
}

#[test]
fn tree_shap_equals_brute_force_shapley_values_on_small_trees() {
    for (seed, p) in [(1u64, 4usize), (2, 5), (3, 6)] {
        let (x, y) = friedman1(150, p, seed);
        let settings = DecisionTree {
            max_depth: Some(7),
            max_features: MaxFeatures::Sqrt,
            seed,
            ..DecisionTree::default()
        };
        let tree = settings.fit(&x, &y).expect("fits");
        for row in random_rows(8, p, seed + 100) {
            let shap = tree_shap(&tree, &row);
            let exact = brute_force(&tree, &row);
            for (a, b) in shap.values.iter().zip(&exact) {
                assert!((a - b).abs() < 1e-9, "p={p}: {a} vs {b}");
            }
        }
    }
}

#[test]
fn tree_and_forest_attributions_add_up_to_the_prediction() {
    let (x, y) = friedman1(600, 8, 4);
    let tree = DecisionTree::default().fit(&x, &y).expect("fits");
    let rf = RandomForest { n_trees: 10, ..RandomForest::default() }.fit(&x, &y).expect("fits");
    let et = ExtraTrees { n_trees: 10, ..ExtraTrees::default() }.fit(&x, &y).expect("fits");
    let mut rows = random_rows(20, 8, 5);
    rows[0][2] = f64::NAN;
    for row in &rows {
        let t = tree_shap(&tree, row);
        assert!((t.base_value + t.values.iter().sum::<f64>() - tree.predict_row(row)).abs() < 1e-9);
        for forest in [&rf, &et] {
            let s = forest_shap(forest, row);
            assert_eq!(s.values.len(), 8);
            assert!(
                (s.base_value + s.values.iter().sum::<f64>() - forest.predict_row(row)).abs()
                    < 1e-9
            );
        }
    }
    // The base value is the training mean when every tree sees every row once.
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    assert!((tree_shap(&tree, &rows[1]).base_value - mean).abs() < 1e-9);
}

#[test]
fn an_additive_target_on_a_full_grid_gets_its_centred_parts_and_a_constant_feature_zero() {
    // y = [x0 ≥ 5] + x2 over the full 10 × 3 grid: the features are independent, so each SHAP
    // value is that feature's part minus its mean (0.5 and 1), and the constant x1 gets 0.
    let rows: Vec<[f64; 3]> = (0..30).map(|i| [(i / 3) as f64, 7.0, (i % 3) as f64]).collect();
    let y: Vec<f64> = rows.iter().map(|r| f64::from(u8::from(r[0] >= 5.0)) + r[2]).collect();
    let tree =
        DecisionTree::default().fit(&Matrix::from_rows(&rows).expect("shape"), &y).expect("fits");
    let shap = tree_shap(&tree, &[8.0, 7.0, 2.0]);
    assert!((shap.base_value - 1.5).abs() < 1e-12);
    assert_eq!(shap.values[1], 0.0);
    assert!((shap.values[0] - 0.5).abs() < 1e-9, "{:?}", shap.values);
    assert!((shap.values[2] - 1.0).abs() < 1e-9, "{:?}", shap.values);
}
