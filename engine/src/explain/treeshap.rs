//! Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2) for one
//! [`FittedTree`] and for a [`FittedForest`] (the mean over its trees).
//!
//! The "path-dependent" conditional expectation `E[f(x) | x_S]` follows `x` at splits on a feature
//! in `S` and otherwise averages both children weighted by their training cover. The Shapley
//! values of that set function are computed exactly in `O(leaves · depth²)` per tree by carrying,
//! along each root-to-leaf path, the weights of every subset size of the features met so far
//! (`extend`), and removing a feature again when it is met twice (`unwind`).
//!
//! Invariant (checked in tests to 1e-9): `base_value + Σ values = prediction`, where
//! `base_value` is the cover-weighted mean of the leaves. Missing or absent feature values follow
//! the same direction as in prediction ([`crate::models::tree::NodeSplit::sends_left`]).

use crate::models::tree::{FittedForest, FittedTree};

/// Additive attribution of one prediction.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ShapValues {
    /// Expected model output over the training sample (no feature known).
    pub base_value: f64,
    /// Contribution of each feature, in column order.
    pub values: Vec<f64>,
}

/// One feature on the current path with the fraction of "zero" (feature unknown: cover share)
/// and "one" (feature known: does `x` go this way) flows, and the subset-size weight.
#[derive(Debug, Clone, Copy)]
struct PathElement {
    /// Feature index, or `None` for the root placeholder.
    feature: Option<usize>,
    zero_fraction: f64,
    one_fraction: f64,
    weight: f64,
}

/// Appends a feature to the path and updates the subset-size weights.
fn extend(
    path: &mut Vec<PathElement>,
    zero_fraction: f64,
    one_fraction: f64,
    feature: Option<usize>,
) {
    let depth = path.len();
    path.push(PathElement {
        feature,
        zero_fraction,
        one_fraction,
        weight: if depth == 0 { 1.0 } else { 0.0 },
    });
    let denom = (depth + 1) as f64;
    for i in (0..depth).rev() {
        path[i + 1].weight += one_fraction * path[i].weight * (i + 1) as f64 / denom;
        path[i].weight = zero_fraction * path[i].weight * (depth - i) as f64 / denom;
    }
}

/// Removes element `index` from the path, undoing its [`extend`].
fn unwind(path: &mut Vec<PathElement>, index: usize) {
    let depth = path.len() - 1;
    let PathElement { one_fraction, zero_fraction, .. } = path[index];
    let mut next_one_portion = path[depth].weight;
    let denom = (depth + 1) as f64;
    for i in (0..depth).rev() {
        if one_fraction != 0.0 {
            let tmp = path[i].weight;
            path[i].weight = next_one_portion * denom / ((i + 1) as f64 * one_fraction);
            next_one_portion = tmp - path[i].weight * zero_fraction * (depth - i) as f64 / denom;
        } else {
            path[i].weight = path[i].weight * denom / (zero_fraction * (depth - i) as f64);
        }
    }
    for i in index..depth {
        path[i].feature = path[i + 1].feature;
        path[i].zero_fraction = path[i + 1].zero_fraction;
        path[i].one_fraction = path[i + 1].one_fraction;
    }
    path.pop();
}

/// Total weight of the path with element `index` removed, without modifying it.
fn unwound_sum(path: &[PathElement], index: usize) -> f64 {
    let depth = path.len() - 1;
    let PathElement { one_fraction, zero_fraction, .. } = path[index];
    let mut next_one_portion = path[depth].weight;
    let denom = (depth + 1) as f64;
    let mut total = 0.0;
    for i in (0..depth).rev() {
        if one_fraction != 0.0 {
            let tmp = next_one_portion * denom / ((i + 1) as f64 * one_fraction);
            total += tmp;
            next_one_portion = path[i].weight - tmp * zero_fraction * (depth - i) as f64 / denom;
        } else if zero_fraction != 0.0 {
            total += path[i].weight / zero_fraction * denom / (depth - i) as f64;
        }
    }
    total
}

/// The split that led into a node: its feature and the zero / one fractions of that edge.
#[derive(Debug, Clone, Copy)]
struct Incoming {
    feature: Option<usize>,
    zero_fraction: f64,
    one_fraction: f64,
}

/// Walks the subtree at `node`, carrying the path of the features met on the way.
fn recurse(
    tree: &FittedTree,
    row: &[f64],
    phi: &mut [f64],
    node: usize,
    parent_path: &[PathElement],
    incoming: Incoming,
) {
    let nodes = tree.nodes();
    let mut path = Vec::with_capacity(parent_path.len() + 1);
    path.extend_from_slice(parent_path);
    extend(&mut path, incoming.zero_fraction, incoming.one_fraction, incoming.feature);
    let current = &nodes[node];
    let Some(split) = current.split() else {
        for i in 1..path.len() {
            let w = unwound_sum(&path, i);
            let el = path[i];
            if let Some(f) = el.feature {
                phi[f] += w * (el.one_fraction - el.zero_fraction) * current.value();
            }
        }
        return;
    };
    let (hot, cold) = if split.sends_left(row) {
        (split.left(), split.right())
    } else {
        (split.right(), split.left())
    };
    let (mut incoming_zero, mut incoming_one) = (1.0, 1.0);
    if let Some(k) = path.iter().position(|e| e.feature == Some(split.feature())) {
        // The feature was met higher up: undo that split so it is accounted for once, here.
        incoming_zero = path[k].zero_fraction;
        incoming_one = path[k].one_fraction;
        unwind(&mut path, k);
    }
    let cover = current.cover();
    let hot_zero = nodes[hot].cover() / cover;
    let cold_zero = nodes[cold].cover() / cover;
    let feature = Some(split.feature());
    let to_hot =
        Incoming { feature, zero_fraction: hot_zero * incoming_zero, one_fraction: incoming_one };
    let to_cold = Incoming { feature, zero_fraction: cold_zero * incoming_zero, one_fraction: 0.0 };
    recurse(tree, row, phi, hot, &path, to_hot);
    recurse(tree, row, phi, cold, &path, to_cold);
}

/// Cover-weighted mean of the leaves: the output when no feature is known.
fn expected_value(tree: &FittedTree) -> f64 {
    // Children come after parents, so a backward pass sees both children of a node first;
    // no recursion, however deep the tree.
    let nodes = tree.nodes();
    let mut expected = vec![0.0; nodes.len()];
    for (i, node) in nodes.iter().enumerate().rev() {
        expected[i] = match node.split() {
            None => node.value(),
            Some(s) => {
                let (l, r) = (nodes[s.left()].cover(), nodes[s.right()].cover());
                (l * expected[s.left()] + r * expected[s.right()]) / (l + r)
            }
        };
    }
    expected[0]
}

/// Exact SHAP values of one tree's prediction for `row` (a short row reads as missing values).
pub fn tree_shap(tree: &FittedTree, row: &[f64]) -> ShapValues {
    let mut values = vec![0.0; tree.n_features()];
    let root = Incoming { feature: None, zero_fraction: 1.0, one_fraction: 1.0 };
    recurse(tree, row, &mut values, 0, &[], root);
    ShapValues { base_value: expected_value(tree), values }
}

/// Exact SHAP values of a forest's prediction for `row`: the mean of its trees' values.
pub fn forest_shap(forest: &FittedForest, row: &[f64]) -> ShapValues {
    let mut total = ShapValues { base_value: 0.0, values: vec![0.0; forest.n_features()] };
    for tree in forest.trees() {
        let one = tree_shap(tree, row);
        total.base_value += one.base_value;
        for (acc, v) in total.values.iter_mut().zip(&one.values) {
            *acc += v;
        }
    }
    let n = forest.trees().len() as f64;
    total.base_value /= n;
    total.values.iter_mut().for_each(|v| *v /= n);
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::Matrix;
    use crate::models::tree::DecisionTree;
    use crate::models::{FittedRegressor, Regressor};

    /// `E[f(x) | x_S]` by definition: follow `row` on features in `known`, else average by cover.
    fn conditional_expectation(tree: &FittedTree, row: &[f64], known: u32, node: usize) -> f64 {
        let nodes = tree.nodes();
        match nodes[node].split() {
            None => nodes[node].value(),
            Some(s) if known & (1 << s.feature()) != 0 => {
                conditional_expectation(tree, row, known, s.child_for(row))
            }
            Some(s) => {
                let (l, r) = (nodes[s.left()].cover(), nodes[s.right()].cover());
                (l * conditional_expectation(tree, row, known, s.left())
                    + r * conditional_expectation(tree, row, known, s.right()))
                    / (l + r)
            }
        }
    }

    /// Shapley values by enumerating every subset (`n_features ≤ 10`).
    fn brute_force_shap(tree: &FittedTree, row: &[f64]) -> Vec<f64> {
        let m = tree.n_features();
        let factorial = |k: usize| (1..=k).map(|i| i as f64).product::<f64>();
        let mut phi = vec![0.0; m];
        for (i, p) in phi.iter_mut().enumerate() {
            for subset in 0u32..(1 << m) {
                if subset & (1 << i) != 0 {
                    continue;
                }
                let s = subset.count_ones() as usize;
                let weight = factorial(s) * factorial(m - s - 1) / factorial(m);
                *p += weight
                    * (conditional_expectation(tree, row, subset | (1 << i), 0)
                        - conditional_expectation(tree, row, subset, 0));
            }
        }
        phi
    }

    #[test]
    fn a_one_split_tree_gives_the_whole_difference_to_its_feature() {
        let x =
            Matrix::from_vec(4, 2, vec![0.0, 5.0, 1.0, 5.0, 2.0, 5.0, 3.0, 5.0]).expect("shape");
        let tree = DecisionTree { max_depth: Some(1), ..DecisionTree::default() }
            .fit(&x, &[0.0, 0.0, 4.0, 4.0])
            .expect("fits");
        let shap = tree_shap(&tree, &[3.0, 5.0]);
        assert_eq!(shap.base_value, 2.0);
        assert_eq!(shap.values, vec![2.0, 0.0]);
    }

    #[test]
    fn matches_brute_force_shapley_values_with_repeated_features() {
        let mut rng = crate::rng::Rng::new(5);
        let rows: Vec<Vec<f64>> =
            (0..60).map(|_| (0..3).map(|_| rng.next_f64()).collect()).collect();
        let y: Vec<f64> = rows.iter().map(|r| (6.0 * r[0]).sin() + r[1] * r[2] * 3.0).collect();
        let x = Matrix::from_rows(&rows).expect("shape");
        let tree = DecisionTree::default().fit(&x, &y).expect("fits");
        // Only 3 features over a deep tree: features recur on paths, exercising `unwind`.
        assert!(tree.depth() > 4);
        for r in rows.iter().take(10) {
            let shap = tree_shap(&tree, r);
            for (a, b) in shap.values.iter().zip(brute_force_shap(&tree, r)) {
                assert!((a - b).abs() < 1e-9, "{a} vs {b}");
            }
            let total = shap.base_value + shap.values.iter().sum::<f64>();
            assert!((total - tree.predict_row(r)).abs() < 1e-9);
        }
    }
}
