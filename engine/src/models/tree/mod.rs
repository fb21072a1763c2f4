//! Regression trees and tree ensembles: [`DecisionTree`], [`RandomForest`] and [`ExtraTrees`].
//!
//! Fitting works in bin space ([`binning`]): every feature is cut once into at most 255 quantile
//! bins, and splits are found from per-node histograms of (count, sum of targets), with the
//! sibling-subtraction trick for big nodes and a direct scan of the occupied bins for small ones
//! ([`builder`]). A fitted tree is a plain node array ([`FittedTree`]) whose thresholds are on the
//! original scale, so prediction never needs the bins; prediction walks a packed 24-byte copy of
//! that array, several rows at a time, which keeps big forests fast.
//!
//! Invariants: a split sends a row left when its value is finite and `value ≤ threshold`;
//! non-finite values (NaN, ±∞) are missing and always go right, in fit and predict alike. In a
//! node array every child index is larger than its parent's, so any walk terminates; this is
//! checked again when a tree is deserialised. Same data + same seed → same nodes, same bytes.

pub mod benchmark;
pub mod binning;
pub mod builder;
pub mod forest;

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::{FittedRegressor, ModelError, Regressor, check_xy};
use crate::rng::Rng;

pub use forest::{ExtraTrees, FittedForest, RandomForest, Sampling};

/// How many features each split may look at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub enum MaxFeatures {
    /// Every feature (the regression default of scikit-learn).
    #[default]
    All,
    /// `⌈√p⌉` of the `p` features.
    Sqrt,
    /// `⌈p / 3⌉` of the features (the classic random-forest regression choice).
    Third,
    /// `⌈fraction · p⌉` features, `0 < fraction ≤ 1`.
    Fraction(f64),
    /// A fixed number of features, at least 1 (capped at `p`).
    Count(usize),
}

impl MaxFeatures {
    /// Checks the setting on its own.
    fn validate(&self) -> Result<(), ModelError> {
        match *self {
            Self::Fraction(f) if !(f > 0.0 && f <= 1.0) => Err(ModelError::InvalidSetting {
                name: "max_features",
                reason: format!("a fraction must be in (0, 1], got {f}"),
            }),
            Self::Count(0) => Err(ModelError::InvalidSetting {
                name: "max_features",
                reason: "a feature count must be at least 1".into(),
            }),
            _ => Ok(()),
        }
    }

    /// Number of features per split out of `n_features` (at least 1 when `n_features > 0`).
    pub fn resolve(&self, n_features: usize) -> usize {
        let p = n_features as f64;
        let k = match *self {
            Self::All => n_features,
            Self::Sqrt => p.sqrt().ceil() as usize,
            Self::Third => (p / 3.0).ceil() as usize,
            Self::Fraction(f) => (f * p).ceil() as usize,
            Self::Count(c) => c,
        };
        k.clamp(1.min(n_features), n_features)
    }
}

/// A single regression tree grown by variance reduction (squared error).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionTree {
    /// Maximum depth (root = depth 0); `None` grows until leaves are pure or too small.
    pub max_depth: Option<usize>,
    /// Minimum training samples in each leaf (≥ 1).
    pub min_samples_leaf: usize,
    /// Minimum samples a node needs to be split (≥ 2).
    pub min_samples_split: usize,
    /// Features examined per split.
    pub max_features: MaxFeatures,
    /// Value bins per feature, `2..=255` (one more code is kept for missing values).
    pub max_bins: usize,
    /// Seed of the feature sampling (unused by forests, which seed each tree themselves).
    pub seed: u64,
}

impl Default for DecisionTree {
    fn default() -> Self {
        Self {
            max_depth: None,
            min_samples_leaf: 1,
            min_samples_split: 2,
            max_features: MaxFeatures::All,
            max_bins: 255,
            seed: 0,
        }
    }
}

impl DecisionTree {
    /// Checks every setting before any fitting work.
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.max_depth == Some(0) {
            return Err(ModelError::InvalidSetting {
                name: "max_depth",
                reason: "must be at least 1 (or unlimited)".into(),
            });
        }
        if self.min_samples_leaf == 0 {
            return Err(ModelError::InvalidSetting {
                name: "min_samples_leaf",
                reason: "must be at least 1".into(),
            });
        }
        if self.min_samples_split < 2 {
            return Err(ModelError::InvalidSetting {
                name: "min_samples_split",
                reason: format!("must be at least 2, got {}", self.min_samples_split),
            });
        }
        if !(2..=255).contains(&self.max_bins) {
            return Err(ModelError::InvalidSetting {
                name: "max_bins",
                reason: format!("must be in 2..=255, got {}", self.max_bins),
            });
        }
        self.max_features.validate()
    }

    /// The growth settings for data with `n_features` columns.
    pub(crate) fn grow_settings(
        &self,
        n_features: usize,
        rule: builder::SplitRule,
    ) -> builder::GrowSettings {
        builder::GrowSettings {
            max_depth: self.max_depth.unwrap_or(usize::MAX),
            min_samples_leaf: self.min_samples_leaf,
            min_samples_split: self.min_samples_split,
            features_per_split: self.max_features.resolve(n_features),
            rule,
        }
    }
}

/// Checks the data shared by every tree model: shapes, finite targets, row count within `u32`.
pub(crate) fn check_tree_data(x: &Matrix, y: &[f64]) -> Result<(), ModelError> {
    check_xy(x, y, 1)?;
    if u32::try_from(x.n_rows()).is_err() {
        return Err(ModelError::Shape(format!(
            "{} rows exceed the tree limit of 2^32 - 1",
            x.n_rows()
        )));
    }
    Ok(())
}

impl Regressor for DecisionTree {
    type Fitted = FittedTree;

    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<FittedTree, ModelError> {
        self.validate()?;
        check_tree_data(x, y)?;
        let binned = binning::BinnedMatrix::from_matrix(x, self.max_bins);
        let settings = self.grow_settings(x.n_cols(), builder::SplitRule::BestBin);
        let sample: Vec<u32> = (0..x.n_rows() as u32).collect();
        let mut rng = Rng::new(self.seed);
        Ok(builder::grow_tree(&binned, y, sample, &settings, &mut rng))
    }
}

/// The split of an internal node.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NodeSplit {
    feature: usize,
    threshold: f64,
    left: usize,
    right: usize,
    gain: f64,
}

impl NodeSplit {
    /// Index of the feature tested.
    pub fn feature(&self) -> usize {
        self.feature
    }

    /// Threshold on the original scale: finite values `≤ threshold` go left.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Index of the left child in the node array.
    pub fn left(&self) -> usize {
        self.left
    }

    /// Index of the right child in the node array.
    pub fn right(&self) -> usize {
        self.right
    }

    /// Decrease of the summed squared error this split brought on the training sample.
    pub fn gain(&self) -> f64 {
        self.gain
    }

    /// Whether `row` goes to the left child; a short row reads as missing values.
    #[inline]
    pub fn sends_left(&self, row: &[f64]) -> bool {
        let value = row.get(self.feature).copied().unwrap_or(f64::NAN);
        value.is_finite() && value <= self.threshold
    }

    /// The child `row` goes to.
    #[inline]
    pub fn child_for(&self, row: &[f64]) -> usize {
        if self.sends_left(row) { self.left } else { self.right }
    }
}

/// One node of a fitted tree: a leaf when `split` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TreeNode {
    split: Option<NodeSplit>,
    value: f64,
    cover: f64,
}

impl TreeNode {
    /// A node with the given split (or a leaf), mean target `value` and training `cover`.
    pub(crate) fn new(split: Option<NodeSplit>, value: f64, cover: f64) -> Self {
        Self { split, value, cover }
    }

    /// The split, or `None` for a leaf.
    pub fn split(&self) -> Option<&NodeSplit> {
        self.split.as_ref()
    }

    /// Whether this node is a leaf.
    pub fn is_leaf(&self) -> bool {
        self.split.is_none()
    }

    /// Mean training target of the node (the prediction if it is a leaf).
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Number of training samples (bootstrap duplicates counted) that reached the node.
    pub fn cover(&self) -> f64 {
        self.cover
    }
}

/// Why a deserialised tree was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TreeFormatError {
    /// The node array is empty.
    #[error("a tree needs at least one node")]
    NoNodes,
    /// A child index does not point after its parent and inside the array.
    #[error("node {node}: child index {child} must be in {}..{len}", node + 1)]
    BadChild {
        /// The parent node.
        node: usize,
        /// The offending child index.
        child: usize,
        /// Number of nodes.
        len: usize,
    },
    /// A split tests a feature the tree does not have.
    #[error("node {node}: feature {feature} is out of range (the tree has {n_features})")]
    BadFeature {
        /// The node.
        node: usize,
        /// The feature index found.
        feature: usize,
        /// Number of features of the tree.
        n_features: usize,
    },
    /// A value, threshold or cover is not finite, or a cover is not positive.
    #[error("node {node}: field `{field}` must be finite (and positive for `cover`)")]
    BadNumber {
        /// The node.
        node: usize,
        /// Which field.
        field: &'static str,
    },
    /// A forest's trees disagree on the feature count, or it has no tree.
    #[error("forest: tree {tree} has {found} features, expected {expected}")]
    ForestShape {
        /// The tree.
        tree: usize,
        /// Its feature count.
        found: usize,
        /// The forest's feature count.
        expected: usize,
    },
    /// The tree has more nodes or features than prediction can index (`u32`).
    #[error("a tree of {len} nodes is too large")]
    TooLarge {
        /// Number of nodes.
        len: usize,
    },
    /// A forest without trees.
    #[error("a forest needs at least one tree")]
    NoTrees,
}

/// The serialised form of a tree, checked by `TryFrom` before it becomes a [`FittedTree`].
#[derive(Deserialize)]
struct TreeRepr {
    n_features: usize,
    nodes: Vec<TreeNode>,
}

/// A fitted regression tree: a node array, root at index 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "TreeRepr")]
pub struct FittedTree {
    n_features: usize,
    nodes: Vec<TreeNode>,
    /// The same tree packed for prediction; rebuilt from `nodes`, never serialised.
    #[serde(skip)]
    packed: Vec<PackedNode>,
}

/// Marks a leaf in [`PackedNode::feature`].
const PACKED_LEAF: u32 = u32::MAX;

/// A node as prediction walks it: 24 bytes instead of 56, so more of a big tree stays in cache.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PackedNode {
    /// The threshold, or the prediction for a leaf.
    threshold_or_value: f64,
    /// The feature, or [`PACKED_LEAF`].
    feature: u32,
    left: u32,
    right: u32,
}

/// Packs `nodes` for prediction; `None` if an index does not fit in `u32`.
fn pack(nodes: &[TreeNode]) -> Option<Vec<PackedNode>> {
    u32::try_from(nodes.len()).ok()?;
    nodes
        .iter()
        .map(|n| match &n.split {
            None => Some(PackedNode {
                threshold_or_value: n.value,
                feature: PACKED_LEAF,
                left: 0,
                right: 0,
            }),
            Some(s) => Some(PackedNode {
                threshold_or_value: s.threshold,
                feature: u32::try_from(s.feature).ok().filter(|&f| f != PACKED_LEAF)?,
                left: s.left as u32,
                right: s.right as u32,
            }),
        })
        .collect()
}

impl TryFrom<TreeRepr> for FittedTree {
    type Error = TreeFormatError;

    fn try_from(repr: TreeRepr) -> Result<Self, TreeFormatError> {
        let len = repr.nodes.len();
        if len == 0 {
            return Err(TreeFormatError::NoNodes);
        }
        for (node, n) in repr.nodes.iter().enumerate() {
            if !n.value.is_finite() {
                return Err(TreeFormatError::BadNumber { node, field: "value" });
            }
            if !(n.cover.is_finite() && n.cover > 0.0) {
                return Err(TreeFormatError::BadNumber { node, field: "cover" });
            }
            if let Some(s) = &n.split {
                for child in [s.left, s.right] {
                    if child <= node || child >= len {
                        return Err(TreeFormatError::BadChild { node, child, len });
                    }
                }
                if s.feature >= repr.n_features {
                    return Err(TreeFormatError::BadFeature {
                        node,
                        feature: s.feature,
                        n_features: repr.n_features,
                    });
                }
                if !s.threshold.is_finite() {
                    return Err(TreeFormatError::BadNumber { node, field: "threshold" });
                }
                if !s.gain.is_finite() {
                    return Err(TreeFormatError::BadNumber { node, field: "gain" });
                }
            }
        }
        let packed = pack(&repr.nodes).ok_or(TreeFormatError::TooLarge { len })?;
        Ok(Self { n_features: repr.n_features, nodes: repr.nodes, packed })
    }
}

impl FittedTree {
    /// A tree from its parts (used by the builder, which upholds the invariants).
    pub(crate) fn from_nodes(n_features: usize, nodes: Vec<TreeNode>) -> Self {
        // Indices past `u32` leave `packed` empty and prediction walks `nodes` instead.
        let packed = pack(&nodes).unwrap_or_default();
        Self { n_features, nodes, packed }
    }

    /// The node array; the root is `nodes()[0]`.
    pub fn nodes(&self) -> &[TreeNode] {
        &self.nodes
    }

    /// Number of features the tree was fitted on.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of leaves.
    pub fn n_leaves(&self) -> usize {
        self.nodes.iter().filter(|n| n.is_leaf()).count()
    }

    /// Depth of the deepest leaf (a lone root has depth 0).
    pub fn depth(&self) -> usize {
        // Children come after parents, so one forward pass sees each parent's depth first.
        let mut depths = vec![0usize; self.nodes.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            if let Some(s) = &n.split {
                depths[s.left] = depths[i] + 1;
                depths[s.right] = depths[i] + 1;
            }
        }
        depths.into_iter().max().unwrap_or(0)
    }

    /// Index of the leaf `row` falls into.
    pub fn leaf_index(&self, row: &[f64]) -> usize {
        let mut i = 0;
        while let Some(s) = &self.nodes[i].split {
            i = s.child_for(row);
        }
        i
    }

    /// The leaf value `row` gets (as [`FittedRegressor::predict_row`]) and the features its
    /// path tests, feature `j` as bit `j` (for `j` < 64: the caller checks `n_features() ≤ 64`).
    /// A row that differs only in features its path does not test gets the same value.
    pub fn predict_row_and_path(&self, row: &[f64]) -> (f64, u64) {
        let mut tested = 0u64;
        let mut i = 0;
        while let Some(s) = &self.nodes[i].split {
            tested |= 1u64.checked_shl(s.feature as u32).unwrap_or(0);
            i = s.child_for(row);
        }
        (self.nodes[i].value, tested)
    }

    /// Unnormalised impurity decrease per feature (sum of split gains).
    pub(crate) fn raw_importances(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.n_features];
        for s in self.nodes.iter().filter_map(|n| n.split.as_ref()) {
            out[s.feature] += s.gain;
        }
        out
    }

    /// Impurity-based feature importance, normalised to sum to 1 (all zeros for a lone leaf).
    pub fn feature_importances(&self) -> Vec<f64> {
        normalised(self.raw_importances())
    }
}

/// `v` scaled to sum to 1, or left at zero when its sum is not positive.
pub(crate) fn normalised(mut v: Vec<f64>) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    if total > 0.0 {
        v.iter_mut().for_each(|x| *x /= total);
    }
    v
}

/// Rows walked together by [`FittedTree::add_predictions`].
const ROWS_IN_FLIGHT: usize = 8;

impl FittedTree {
    /// Adds this tree's prediction for every row of `x` to `out` (`out.len() == x.n_rows()`).
    ///
    /// Walks several rows in lock step: their node loads are independent, so the cache misses
    /// of a big tree overlap instead of queueing one behind the other.
    pub(crate) fn add_predictions(&self, x: &Matrix, out: &mut [f64]) {
        if self.packed.len() != self.nodes.len() || x.n_cols() == 0 {
            for (acc, row) in out.iter_mut().zip(x.rows()) {
                *acc += self.predict_row(row);
            }
            return;
        }
        let p = x.n_cols();
        let rows = x.as_slice().chunks_exact(p * ROWS_IN_FLIGHT);
        let tail_start = x.n_rows() - rows.remainder().len() / p;
        for (block, acc) in rows.zip(out.chunks_exact_mut(ROWS_IN_FLIGHT)) {
            let mut at = [0u32; ROWS_IN_FLIGHT];
            loop {
                let mut moved = false;
                for (k, i) in at.iter_mut().enumerate() {
                    let node = &self.packed[*i as usize];
                    if node.feature != PACKED_LEAF {
                        let value =
                            block.get(k * p + node.feature as usize).copied().unwrap_or(f64::NAN);
                        let left = value.is_finite() && value <= node.threshold_or_value;
                        *i = if left { node.left } else { node.right };
                        moved = true;
                    }
                }
                if !moved {
                    break;
                }
            }
            for (a, i) in acc.iter_mut().zip(at) {
                *a += self.packed[i as usize].threshold_or_value;
            }
        }
        for (acc, i) in out[tail_start..].iter_mut().zip(tail_start..) {
            *acc += self.predict_row(x.row(i));
        }
    }
}

impl FittedRegressor for FittedTree {
    fn predict_row(&self, row: &[f64]) -> f64 {
        if self.packed.len() != self.nodes.len() {
            return self.nodes[self.leaf_index(row)].value;
        }
        // Same rule as `NodeSplit::sends_left`, on the packed copy.
        let mut i = 0;
        loop {
            let node = &self.packed[i];
            if node.feature == PACKED_LEAF {
                return node.threshold_or_value;
            }
            let value = row.get(node.feature as usize).copied().unwrap_or(f64::NAN);
            let left = value.is_finite() && value <= node.threshold_or_value;
            i = if left { node.left } else { node.right } as usize;
        }
    }

    fn predict(&self, x: &Matrix) -> Vec<f64> {
        let mut out = vec![0.0; x.n_rows()];
        self.add_predictions(x, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xy(n: usize) -> (Matrix, Vec<f64>) {
        let x = Matrix::from_vec(n, 1, (0..n).map(|i| i as f64).collect()).expect("shape");
        let y = (0..n).map(|i| if i < n / 2 { -1.0 } else { 3.0 }).collect();
        (x, y)
    }

    #[test]
    fn max_features_resolves_to_scikit_learn_counts() {
        assert_eq!(MaxFeatures::All.resolve(30), 30);
        assert_eq!(MaxFeatures::Sqrt.resolve(30), 6);
        assert_eq!(MaxFeatures::Third.resolve(30), 10);
        assert_eq!(MaxFeatures::Fraction(0.5).resolve(5), 3);
        assert_eq!(MaxFeatures::Count(50).resolve(7), 7);
        assert_eq!(MaxFeatures::Sqrt.resolve(1), 1);
    }

    #[test]
    fn a_step_is_split_once_at_the_midpoint() {
        let (x, y) = xy(10);
        let tree = DecisionTree::default().fit(&x, &y).expect("fits");
        assert_eq!(tree.nodes().len(), 3);
        let root = tree.nodes()[0].split().expect("root splits");
        assert_eq!((root.feature(), root.threshold()), (0, 4.5));
        assert_eq!(tree.predict_row(&[4.0]), -1.0);
        assert_eq!(tree.predict_row(&[5.0]), 3.0);
        assert_eq!(tree.nodes()[0].cover(), 10.0);
        // SSE falls from 10 · 4 = 40 to 0.
        assert!((root.gain() - 40.0).abs() < 1e-12);
        assert_eq!(tree.feature_importances(), vec![1.0]);
    }

    #[test]
    fn a_short_row_reads_as_missing_instead_of_panicking() {
        let (x, y) = xy(10);
        let tree = DecisionTree::default().fit(&x, &y).expect("fits");
        assert_eq!(tree.predict_row(&[]), 3.0);
    }

    #[test]
    fn batch_prediction_matches_row_by_row_prediction_including_the_tail() {
        let (x, y) = benchmark::friedman1(300, 6, 4);
        let tree = DecisionTree::default().fit(&x, &y).expect("fits");
        let (mut x_test, _) = benchmark::friedman1(13, 6, 5);
        x_test.row_mut(2)[1] = f64::NAN;
        let one_by_one: Vec<f64> = x_test.rows().map(|r| tree.predict_row(r)).collect();
        let by_node_array: Vec<f64> =
            x_test.rows().map(|r| tree.nodes()[tree.leaf_index(r)].value()).collect();
        assert_eq!(tree.predict(&x_test), one_by_one);
        assert_eq!(one_by_one, by_node_array);
    }

    #[test]
    fn a_node_array_with_a_backward_child_is_refused() {
        let json = r#"{"n_features":1,"nodes":[
            {"split":{"feature":0,"threshold":1.0,"left":0,"right":1,"gain":1.0},"value":0.0,"cover":2.0},
            {"split":null,"value":1.0,"cover":1.0}]}"#;
        let err = serde_json::from_str::<FittedTree>(json).expect_err("cycle refused");
        assert!(err.to_string().contains("child index 0"), "{err}");
    }
}
