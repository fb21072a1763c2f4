//! k-nearest-neighbours regression on standardised features.
//!
//! Features are centred and scaled with the training means and population standard deviations
//! (stored in the fitted model), so no feature dominates the Euclidean distance by its unit.
//! A missing feature (`NaN` or infinite) is replaced by its training mean, in training rows and in
//! queried rows alike. A column constant in training keeps scale 1: it adds nothing to distances
//! between training rows and still separates a query that differs from it.
//!
//! Invariants: neighbours are ranked by (distance, training row index), so ties are broken the same
//! way on every run; with [`KnnWeights::Distance`] a query that coincides with training rows gets
//! the mean of their targets (the inverse distance is infinite there). The search is brute force,
//! O(rows × features) per prediction, which suits a few thousand rows: a training set of more
//! than [`MAX_REFERENCE_ROWS`] rows (hundreds of stores in long format) keeps that many, one
//! drawn (with a fixed seed) from each of as many equal slices of it, as the rows searched. Otherwise every prediction of every series would
//! scan every row of every series, and the cost would grow with the square of the number of
//! series (80 stores of 942 days: 31 s for this model alone).

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::{FittedRegressor, ModelError, Regressor, check_xy};

/// Most training rows a fitted model searches: more are thinned, one row per equal slice
/// (every series and every period keeps its share). The means and scales still come from
/// every row.
pub const MAX_REFERENCE_ROWS: usize = 4096;

/// Training rows whose distances to a query are computed together.
const BLOCK_ROWS: usize = 4;

/// How the `k` neighbours' targets are averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnnWeights {
    /// Plain mean of the neighbours' targets.
    Uniform,
    /// Mean weighted by the inverse Euclidean distance.
    Distance,
}

/// k-nearest-neighbours regressor settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KNearestNeighbours {
    /// Number of neighbours (≥ 1, at most the number of training rows).
    pub k: usize,
    /// How neighbours are weighted.
    pub weights: KnnWeights,
}

/// A fitted k-NN model: the standardised training rows and their targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedKnn {
    k: usize,
    weights: KnnWeights,
    /// Training means, used to impute and centre.
    feature_means: Vec<f64>,
    /// Training scales (population standard deviation, 1 for constant columns).
    feature_scales: Vec<f64>,
    /// Standardised, imputed training rows.
    rows: Matrix,
    targets: Vec<f64>,
}

impl Regressor for KNearestNeighbours {
    type Fitted = FittedKnn;

    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<FittedKnn, ModelError> {
        if self.k == 0 {
            return Err(ModelError::InvalidSetting {
                name: "k",
                reason: "must be at least 1".into(),
            });
        }
        check_xy(x, y, self.k)?;
        let n_cols = x.n_cols();
        let mut feature_means = Vec::with_capacity(n_cols);
        let mut feature_scales = Vec::with_capacity(n_cols);
        for j in 0..n_cols {
            let column = x.column(j);
            let (sum, count) = column
                .iter()
                .filter(|v| v.is_finite())
                .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
            let mean = if count == 0 { 0.0 } else { sum / count as f64 };
            let variance = column
                .iter()
                .map(|v| if v.is_finite() { (v - mean) * (v - mean) } else { 0.0 })
                .sum::<f64>()
                / x.n_rows() as f64;
            let std = variance.sqrt();
            feature_means.push(mean);
            feature_scales.push(if std > 1e-12 * (1.0 + mean.abs()) { std } else { 1.0 });
        }
        let n = x.n_rows();
        // One row drawn from each of `MAX_REFERENCE_ROWS` equal strata, with a fixed seed: spread
        // over the whole set like a fixed stride, but without one (a stride of 7 through rows
        // ordered series by series, day by day, would keep a single weekday).
        let kept: Vec<usize> = if n > MAX_REFERENCE_ROWS {
            let mut rng = crate::rng::Rng::new(0x006b_6e6e);
            let stratum = n as f64 / MAX_REFERENCE_ROWS as f64;
            (0..MAX_REFERENCE_ROWS)
                .map(|i| (((i as f64 + rng.next_f64()) * stratum) as usize).min(n - 1))
                .collect()
        } else {
            (0..n).collect()
        };
        let mut fitted = FittedKnn {
            k: self.k,
            weights: self.weights,
            feature_means,
            feature_scales,
            rows: Matrix::with_cols(n_cols),
            targets: kept.iter().map(|&i| y[i]).collect(),
        };
        let mut scratch = vec![0.0; n_cols];
        for &i in &kept {
            fitted.standardise_into(x.row(i), &mut scratch);
            fitted.rows.push_row(&scratch);
        }
        Ok(fitted)
    }
}

impl FittedKnn {
    /// Writes the imputed, standardised version of `row` into `out` (absent features → mean).
    fn standardise_into(&self, row: &[f64], out: &mut [f64]) {
        // `get` rather than indexing: a hand-edited saved model must not panic.
        for (j, slot) in out.iter_mut().enumerate() {
            let mean = self.feature_means.get(j).copied().unwrap_or(0.0);
            let scale = self.feature_scales.get(j).copied().unwrap_or(1.0);
            let value = match row.get(j) {
                Some(v) if v.is_finite() => *v,
                _ => mean,
            };
            *slot = (value - mean) / scale;
        }
    }

    /// Indices of the `k` nearest training rows to `row` with their distances, nearest first.
    pub fn neighbours(&self, row: &[f64]) -> Vec<(usize, f64)> {
        let mut query = vec![0.0; self.feature_means.len()];
        self.standardise_into(row, &mut query);
        let p = query.len();
        let n = self.targets.len().min(self.rows.n_rows());
        let distance = |r: &[f64]| {
            let squared: f64 = r.iter().zip(&query).map(|(a, b)| (a - b) * (a - b)).sum();
            squared.sqrt()
        };
        let mut distances: Vec<(usize, f64)> = Vec::with_capacity(n);
        if p == 0 || self.rows.n_cols() != p {
            // No features, or a hand-edited model whose rows do not match its means.
            distances.extend(self.rows.rows().take(n).map(distance).enumerate());
        } else {
            // Rows in blocks of four: four independent running sums overlap their latencies,
            // each still adding its squares in feature order (the same value as `distance`).
            let mut blocks = self.rows.as_slice()[..n * p].chunks_exact(BLOCK_ROWS * p);
            for block in blocks.by_ref() {
                let mut squared = [-0.0f64; BLOCK_ROWS];
                for (j, q) in query.iter().enumerate() {
                    for (r, acc) in squared.iter_mut().enumerate() {
                        let d = block[r * p + j] - q;
                        *acc += d * d;
                    }
                }
                let first = distances.len();
                distances.extend(squared.iter().enumerate().map(|(r, s)| (first + r, s.sqrt())));
            }
            let first = distances.len();
            let rest = blocks.remainder().chunks_exact(p).map(distance).enumerate();
            distances.extend(rest.map(|(i, d)| (first + i, d)));
        }
        self.nearest(distances)
    }

    /// The `k` nearest of `distances` (`(training row, distance)`), nearest first.
    fn nearest(&self, mut distances: Vec<(usize, f64)>) -> Vec<(usize, f64)> {
        let nearer = |a: &(usize, f64), b: &(usize, f64)| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0));
        // The order is total (row indices are distinct), so selecting the k smallest and
        // sorting only them gives exactly the head of a full sort.
        if self.k == 0 {
            distances.clear();
        } else if self.k < distances.len() {
            distances.select_nth_unstable_by(self.k - 1, nearer);
            distances.truncate(self.k);
        }
        distances.sort_unstable_by(nearer);
        distances
    }

    /// Squared distances from `row` to every training row searched, for
    /// [`FittedKnn::predict_replaced`]; `None` for a model whose rows do not match its means.
    pub fn squared_distances(&self, row: &[f64]) -> Option<Vec<f64>> {
        let p = self.feature_means.len();
        if self.rows.n_cols() != p {
            return None;
        }
        let mut query = vec![0.0; p];
        self.standardise_into(row, &mut query);
        let n = self.targets.len().min(self.rows.n_rows());
        Some(
            self.rows
                .rows()
                .take(n)
                .map(|r| r.iter().zip(&query).map(|(a, b)| (a - b) * (a - b)).sum())
                .collect(),
        )
    }

    /// The prediction for `row` with feature `j` replaced by `value`, from `row`'s squared
    /// distances ([`FittedKnn::squared_distances`]): each distance changes by feature `j`'s
    /// term only, so a prediction costs one pass over the training rows instead of one per
    /// feature (permutation importance replaces every feature in turn). Equal to
    /// `predict_row` on the changed row up to rounding, which can swap two neighbours whose
    /// distances tie to the last bits.
    pub fn predict_replaced(&self, row: &[f64], squared: &[f64], j: usize, value: f64) -> f64 {
        let p = self.rows.n_cols();
        if j >= p || squared.len() != self.targets.len().min(self.rows.n_rows()) {
            // Not a feature of the model (or distances of another model): predict afresh.
            let mut changed = row.to_vec();
            if let Some(v) = changed.get_mut(j) {
                *v = value;
            }
            return self.predict_row(&changed);
        }
        let standardised = |v: f64| {
            let mean = self.feature_means.get(j).copied().unwrap_or(0.0);
            let scale = self.feature_scales.get(j).copied().unwrap_or(1.0);
            ((if v.is_finite() { v } else { mean }) - mean) / scale
        };
        let (old, new) =
            (standardised(row.get(j).copied().unwrap_or(f64::NAN)), standardised(value));
        let column = self.rows.as_slice().iter().skip(j).step_by(p.max(1));
        let distances = squared
            .iter()
            .zip(column)
            .map(|(s, r)| (s - (r - old) * (r - old) + (r - new) * (r - new)).max(0.0).sqrt())
            .enumerate()
            .collect();
        self.weighted(&self.nearest(distances))
    }

    /// The mean of the neighbours' targets, weighted as the model says.
    fn weighted(&self, neighbours: &[(usize, f64)]) -> f64 {
        match self.weights {
            KnnWeights::Uniform => {
                neighbours.iter().map(|(i, _)| self.targets[*i]).sum::<f64>()
                    / neighbours.len() as f64
            }
            KnnWeights::Distance => {
                let exact: Vec<f64> = neighbours
                    .iter()
                    .filter(|(_, d)| *d == 0.0)
                    .map(|(i, _)| self.targets[*i])
                    .collect();
                if !exact.is_empty() {
                    return exact.iter().sum::<f64>() / exact.len() as f64;
                }
                let (weighted, total) = neighbours
                    .iter()
                    .fold((0.0, 0.0), |(s, w), (i, d)| (s + self.targets[*i] / d, w + 1.0 / d));
                weighted / total
            }
        }
    }
}

impl FittedRegressor for FittedKnn {
    fn predict_row(&self, row: &[f64]) -> f64 {
        self.weighted(&self.neighbours(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> (Matrix, Vec<f64>) {
        let x = Matrix::from_rows(&[[0.0], [1.0], [2.0], [10.0]]).expect("same lengths");
        (x, vec![0.0, 10.0, 20.0, 100.0])
    }

    #[test]
    fn a_big_training_set_is_searched_through_rows_spread_over_it() {
        let n = 3 * MAX_REFERENCE_ROWS + 5;
        let rows: Vec<[f64; 1]> = (0..n).map(|i| [i as f64 / n as f64]).collect();
        let x = Matrix::from_rows(&rows).expect("same lengths");
        let y: Vec<f64> = rows.iter().map(|r| 100.0 * r[0]).collect();
        let fit =
            KNearestNeighbours { k: 5, weights: KnnWeights::Uniform }.fit(&x, &y).expect("fits");
        assert_eq!(fit.rows.n_rows(), MAX_REFERENCE_ROWS);
        assert_eq!(fit.targets.len(), MAX_REFERENCE_ROWS);
        // The kept rows span the whole set, so a query anywhere finds close neighbours.
        assert!(fit.targets[0] < 0.03);
        assert!(fit.targets[MAX_REFERENCE_ROWS - 1] > 99.9);
        // Rows in weeks of seven, thinned by a factor of seven: every weekday is kept.
        let n = 7 * MAX_REFERENCE_ROWS;
        let weekly = Matrix::from_rows(&(0..n).map(|i| [i as f64]).collect::<Vec<_>>())
            .expect("same lengths");
        let weekday: Vec<f64> = (0..n).map(|i| (i % 7) as f64).collect();
        let week_fit = KNearestNeighbours { k: 1, weights: KnnWeights::Uniform }
            .fit(&weekly, &weekday)
            .expect("fits");
        for d in 0..7 {
            let share = week_fit.targets.iter().filter(|t| **t == d as f64).count();
            assert!(share > MAX_REFERENCE_ROWS / 10, "weekday {d}: {share} rows");
        }
        for q in [0.1, 0.5, 0.93] {
            let got = fit.predict_row(&[q]);
            assert!((got - 100.0 * q).abs() < 0.2, "{q}: {got}");
        }
        // A set at the limit keeps every row.
        let small = Matrix::from_rows(&rows[..MAX_REFERENCE_ROWS]).expect("same lengths");
        let fit = KNearestNeighbours { k: 5, weights: KnnWeights::Uniform }
            .fit(&small, &y[..MAX_REFERENCE_ROWS])
            .expect("fits");
        assert_eq!(fit.rows.n_rows(), MAX_REFERENCE_ROWS);
    }

    #[test]
    fn one_neighbour_returns_the_target_of_the_nearest_row() {
        let (x, y) = line();
        let fit =
            KNearestNeighbours { k: 1, weights: KnnWeights::Uniform }.fit(&x, &y).expect("fits");
        assert_eq!(fit.predict_row(&[1.2]), 10.0);
        assert_eq!(fit.predict_row(&[8.0]), 100.0);
        assert_eq!(fit.predict_row(&[-5.0]), 0.0);
    }

    #[test]
    fn uniform_weights_average_the_k_nearest_targets() {
        let (x, y) = line();
        let fit =
            KNearestNeighbours { k: 2, weights: KnnWeights::Uniform }.fit(&x, &y).expect("fits");
        // Nearest to 0.4 are rows 0 and 1.
        assert_eq!(fit.predict_row(&[0.4]), 5.0);
    }

    #[test]
    fn distance_weights_favour_the_closer_neighbour() {
        let (x, y) = line();
        let fit =
            KNearestNeighbours { k: 2, weights: KnnWeights::Distance }.fit(&x, &y).expect("fits");
        // Distances (standardised) are proportional to 0.25 and 0.75: weights 4 and 4/3.
        let expected = (0.0 * 4.0 + 10.0 * 4.0 / 3.0) / (4.0 + 4.0 / 3.0);
        assert!((fit.predict_row(&[0.25]) - expected).abs() < 1e-12);
        assert_eq!(fit.predict_row(&[2.0]), 20.0, "an exact match returns its own target");
    }

    #[test]
    fn k_larger_than_the_rows_is_not_enough_data() {
        let (x, y) = line();
        let result = KNearestNeighbours { k: 5, weights: KnnWeights::Uniform }.fit(&x, &y);
        assert_eq!(result, Err(ModelError::NotEnoughData { needed: 5, got: 4 }));
        let zero = KNearestNeighbours { k: 0, weights: KnnWeights::Uniform }.fit(&x, &y);
        assert!(matches!(zero, Err(ModelError::InvalidSetting { name: "k", .. })));
    }

    #[test]
    fn a_missing_query_feature_counts_as_the_training_mean() {
        let x = Matrix::from_rows(&[[0.0, 0.0], [4.0, 100.0], [8.0, 0.0]]).expect("same lengths");
        let y = [1.0, 2.0, 3.0];
        let fit =
            KNearestNeighbours { k: 1, weights: KnnWeights::Uniform }.fit(&x, &y).expect("fits");
        // The first column's mean is 4: rows 0 and 2 are then equally near, and the lower index
        // wins the tie.
        assert_eq!(fit.predict_row(&[f64::NAN, 0.0]), fit.predict_row(&[4.0, 0.0]));
        assert_eq!(fit.predict_row(&[f64::NAN, 0.0]), 1.0);
        assert_eq!(fit.predict_row(&[f64::NAN, 90.0]), 2.0);
    }
}
