//! Tree ensembles: [`RandomForest`] (best splits on resampled rows) and [`ExtraTrees`] (random
//! split thresholds, by default on all rows), both fitting a [`FittedForest`] that predicts the
//! mean of its trees.
//!
//! The data are binned once and shared by every tree. Tree `k` draws its rows and its features
//! from `Rng::new(seed).fork(k)`, so each tree has an independent stream and the forest does
//! not depend on the order trees are grown in. Trees are grown one after another on one thread.

use serde::{Deserialize, Serialize};

use super::binning::BinnedMatrix;
use super::builder::{SplitRule, grow_tree};
use super::{DecisionTree, FittedTree, TreeFormatError, check_tree_data, normalised};
use crate::matrix::Matrix;
use crate::models::{FittedRegressor, ModelError, Regressor};
use crate::rng::Rng;

/// Which training rows each tree sees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Sampling {
    /// `n` rows drawn with replacement (classic bagging).
    Bootstrap,
    /// `⌈fraction · n⌉` distinct rows drawn without replacement, `0 < fraction ≤ 1`.
    Subsample(f64),
    /// Every row, once.
    None,
}

impl Sampling {
    fn validate(&self) -> Result<(), ModelError> {
        match *self {
            Self::Subsample(f) if !(f > 0.0 && f <= 1.0) => Err(ModelError::InvalidSetting {
                name: "sampling",
                reason: format!("a subsample fraction must be in (0, 1], got {f}"),
            }),
            _ => Ok(()),
        }
    }

    /// The sorted row indices of one tree (sorted so that column reads stay cache friendly).
    fn draw(&self, n_rows: usize, rng: &mut Rng) -> Vec<u32> {
        match *self {
            Self::Bootstrap => {
                let mut counts = vec![0u32; n_rows];
                for _ in 0..n_rows {
                    counts[rng.below(n_rows)] += 1;
                }
                let mut rows = Vec::with_capacity(n_rows);
                for (i, &c) in counts.iter().enumerate() {
                    rows.extend(std::iter::repeat_n(i as u32, c as usize));
                }
                rows
            }
            Self::Subsample(fraction) => {
                let take = ((fraction * n_rows as f64).ceil() as usize).clamp(1, n_rows);
                let mut all: Vec<u32> = (0..n_rows as u32).collect();
                for k in 0..take {
                    let pick = k + rng.below(n_rows - k);
                    all.swap(k, pick);
                }
                all.truncate(take);
                all.sort_unstable();
                all
            }
            Self::None => (0..n_rows as u32).collect(),
        }
    }
}

/// A random forest of regression trees (Breiman 2001).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RandomForest {
    /// Number of trees (≥ 1).
    pub n_trees: usize,
    /// Settings of every tree (their `seed` is ignored: see [`RandomForest::seed`]).
    pub tree: DecisionTree,
    /// Rows each tree sees.
    pub sampling: Sampling,
    /// Seed of the whole forest; tree `k` uses stream `k` of it.
    pub seed: u64,
}

impl Default for RandomForest {
    /// scikit-learn's regression defaults: 100 fully grown trees, all features, bootstrap.
    fn default() -> Self {
        Self { n_trees: 100, tree: DecisionTree::default(), sampling: Sampling::Bootstrap, seed: 0 }
    }
}

/// Extremely randomised trees (Geurts et al. 2006): one random threshold per examined feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraTrees {
    /// Number of trees (≥ 1).
    pub n_trees: usize,
    /// Settings of every tree (their `seed` is ignored: see [`ExtraTrees::seed`]).
    pub tree: DecisionTree,
    /// Rows each tree sees.
    pub sampling: Sampling,
    /// Seed of the whole ensemble; tree `k` uses stream `k` of it.
    pub seed: u64,
}

impl Default for ExtraTrees {
    /// scikit-learn's regression defaults: 100 fully grown trees, all features, all rows.
    fn default() -> Self {
        Self { n_trees: 100, tree: DecisionTree::default(), sampling: Sampling::None, seed: 0 }
    }
}

/// Fits `n_trees` trees with a shared binning; the common body of both ensembles.
fn fit_ensemble(
    n_trees: usize,
    tree: &DecisionTree,
    sampling: Sampling,
    seed: u64,
    rule: SplitRule,
    x: &Matrix,
    y: &[f64],
) -> Result<FittedForest, ModelError> {
    if n_trees == 0 {
        return Err(ModelError::InvalidSetting {
            name: "n_trees",
            reason: "must be at least 1".into(),
        });
    }
    tree.validate()?;
    sampling.validate()?;
    check_tree_data(x, y)?;
    let binned = BinnedMatrix::from_matrix(x, tree.max_bins);
    let settings = tree.grow_settings(x.n_cols(), rule);
    let root = Rng::new(seed);
    let trees = (0..n_trees)
        .map(|k| {
            let mut rng = root.fork(k as u64);
            let rows = sampling.draw(x.n_rows(), &mut rng);
            grow_tree(&binned, y, rows, &settings, &mut rng)
        })
        .collect();
    Ok(FittedForest { n_features: x.n_cols(), trees })
}

impl Regressor for RandomForest {
    type Fitted = FittedForest;

    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<FittedForest, ModelError> {
        fit_ensemble(self.n_trees, &self.tree, self.sampling, self.seed, SplitRule::BestBin, x, y)
    }
}

impl Regressor for ExtraTrees {
    type Fitted = FittedForest;

    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<FittedForest, ModelError> {
        fit_ensemble(self.n_trees, &self.tree, self.sampling, self.seed, SplitRule::RandomBin, x, y)
    }
}

/// The serialised form of a forest, checked by `TryFrom`.
#[derive(Deserialize)]
struct ForestRepr {
    n_features: usize,
    trees: Vec<FittedTree>,
}

/// A fitted ensemble: the prediction is the mean of its trees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ForestRepr")]
pub struct FittedForest {
    n_features: usize,
    trees: Vec<FittedTree>,
}

impl TryFrom<ForestRepr> for FittedForest {
    type Error = TreeFormatError;

    fn try_from(repr: ForestRepr) -> Result<Self, TreeFormatError> {
        if repr.trees.is_empty() {
            return Err(TreeFormatError::NoTrees);
        }
        for (tree, t) in repr.trees.iter().enumerate() {
            if t.n_features() != repr.n_features {
                return Err(TreeFormatError::ForestShape {
                    tree,
                    found: t.n_features(),
                    expected: repr.n_features,
                });
            }
        }
        Ok(Self { n_features: repr.n_features, trees: repr.trees })
    }
}

impl FittedForest {
    /// The trees.
    pub fn trees(&self) -> &[FittedTree] {
        &self.trees
    }

    /// Number of features the forest was fitted on.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Impurity-based importance: the mean of each tree's normalised importances, normalised.
    pub fn feature_importances(&self) -> Vec<f64> {
        let mut total = vec![0.0; self.n_features];
        for t in &self.trees {
            for (acc, v) in total.iter_mut().zip(t.feature_importances()) {
                *acc += v;
            }
        }
        normalised(total)
    }
}

impl FittedRegressor for FittedForest {
    fn predict_row(&self, row: &[f64]) -> f64 {
        let sum: f64 = self.trees.iter().map(|t| t.predict_row(row)).sum();
        sum / self.trees.len() as f64
    }

    /// Tree by tree over all rows: one tree's nodes stay in cache while every row walks it.
    fn predict(&self, x: &Matrix) -> Vec<f64> {
        let mut sums = vec![0.0; x.n_rows()];
        for tree in &self.trees {
            tree.add_predictions(x, &mut sums);
        }
        let n = self.trees.len() as f64;
        sums.iter_mut().for_each(|s| *s /= n);
        sums
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_draws_n_sorted_rows_with_repeats() {
        let rows = Sampling::Bootstrap.draw(1000, &mut Rng::new(3));
        assert_eq!(rows.len(), 1000);
        assert!(rows.windows(2).all(|w| w[0] <= w[1]));
        let mut distinct = rows.clone();
        distinct.dedup();
        // About 1 − 1/e ≈ 63.2 % of the rows appear.
        assert!((580..690).contains(&distinct.len()), "{}", distinct.len());
    }

    #[test]
    fn subsample_draws_distinct_rows() {
        let rows = Sampling::Subsample(0.25).draw(100, &mut Rng::new(3));
        assert_eq!(rows.len(), 25);
        assert!(rows.windows(2).all(|w| w[0] < w[1]));
        assert!(rows.iter().all(|&r| r < 100));
    }

    #[test]
    fn a_forest_without_trees_or_with_a_bad_fraction_is_refused() {
        let x = Matrix::from_vec(4, 1, vec![1.0, 2.0, 3.0, 4.0]).expect("shape");
        let y = [1.0, 2.0, 3.0, 4.0];
        let err = RandomForest { n_trees: 0, ..RandomForest::default() }.fit(&x, &y);
        assert!(matches!(err, Err(ModelError::InvalidSetting { name: "n_trees", .. })));
        let err =
            ExtraTrees { sampling: Sampling::Subsample(1.5), ..ExtraTrees::default() }.fit(&x, &y);
        assert!(matches!(err, Err(ModelError::InvalidSetting { name: "sampling", .. })));
    }
}
