//! Quantile binning of a feature matrix into one-byte codes, computed once per fit.
//!
//! Each feature gets at most `max_bins` value bins whose edges are midpoints between distinct
//! observed values at (approximately) equal-count quantiles. A value `x` gets code
//! `#{edges e : e < x}`, so "code ≤ b" is exactly "x ≤ edges[b]": a split chosen in bin space
//! maps to a threshold on the original scale with no rounding. Non-finite values (NaN, ±∞) are
//! missing and get their own code, one past the last value bin; it is the largest code, so a
//! split "code ≤ b" always sends missing values right, in fit and in predict alike.
//!
//! Invariant: `edges[f]` is strictly increasing and finite, `edges[f].len() + 1 ≤ max_bins ≤ 255`,
//! so every code (including the missing one) fits in a `u8`.

use crate::matrix::Matrix;

/// A feature matrix reduced to bin codes, stored column-major (one contiguous slice per feature).
#[derive(Debug, Clone)]
pub struct BinnedMatrix {
    n_rows: usize,
    n_cols: usize,
    codes: Vec<u8>,
    edges: Vec<Vec<f64>>,
}

/// A threshold `t` with `low ≤ t < high` (for `low < high`, both finite), as near the midpoint
/// as the floating-point grid allows.
fn cut_between(low: f64, high: f64) -> f64 {
    // Halving each side first keeps huge values from overflowing.
    let mid = low / 2.0 + high / 2.0;
    if low <= mid && mid < high { mid } else { low }
}

/// Bin edges for one column of finite values (any order); at most `max_bins - 1` edges.
fn quantile_edges(mut values: Vec<f64>, max_bins: usize) -> Vec<f64> {
    values.sort_unstable_by(f64::total_cmp);
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    for v in values.iter().copied() {
        match distinct.last_mut() {
            // `==` also merges -0.0 with 0.0, which compare equal in predict.
            Some((last, count)) if *last == v => *count += 1,
            _ => distinct.push((v, 1)),
        }
    }
    if distinct.len() <= max_bins {
        return distinct.windows(2).map(|w| cut_between(w[0].0, w[1].0)).collect();
    }
    let total = values.len();
    let mut edges = Vec::with_capacity(max_bins - 1);
    let mut cumulative = 0usize;
    for w in distinct.windows(2) {
        cumulative += w[0].1;
        // Close a bin once it reaches its share of the rows; heavy ties make fewer bins.
        let next_boundary = (edges.len() + 1) * total / max_bins;
        if cumulative >= next_boundary {
            edges.push(cut_between(w[0].0, w[1].0));
            if edges.len() == max_bins - 1 {
                break;
            }
        }
    }
    edges
}

impl BinnedMatrix {
    /// Bins every column of `x` into at most `max_bins` value bins (`2 ≤ max_bins ≤ 255`,
    /// checked by the caller) plus a missing-value code.
    pub fn from_matrix(x: &Matrix, max_bins: usize) -> Self {
        let (n_rows, n_cols) = (x.n_rows(), x.n_cols());
        let max_bins = max_bins.clamp(2, 255);
        let mut codes = vec![0u8; n_rows * n_cols];
        let mut edges = Vec::with_capacity(n_cols);
        for j in 0..n_cols {
            let column = x.column(j);
            let finite: Vec<f64> = column.iter().copied().filter(|v| v.is_finite()).collect();
            let feature_edges = quantile_edges(finite, max_bins);
            let missing = feature_edges.len() as u8 + 1;
            let out = &mut codes[j * n_rows..(j + 1) * n_rows];
            for (code, v) in out.iter_mut().zip(&column) {
                *code = if v.is_finite() {
                    feature_edges.partition_point(|e| e < v) as u8
                } else {
                    missing
                };
            }
            edges.push(feature_edges);
        }
        Self { n_rows, n_cols, codes, edges }
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Number of features.
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// The codes of feature `j`, one per row.
    pub fn column(&self, j: usize) -> &[u8] {
        &self.codes[j * self.n_rows..(j + 1) * self.n_rows]
    }

    /// Number of value bins of feature `j` (the missing code equals this number).
    pub fn n_value_bins(&self, j: usize) -> usize {
        self.edges[j].len() + 1
    }

    /// The original-scale threshold of the split "code ≤ `bin`" on feature `j`.
    ///
    /// The last value bin has no upper edge: that split sends every finite value left and
    /// only missing values right, so its threshold is `f64::MAX` (finite, so it serialises).
    pub fn threshold(&self, j: usize, bin: u8) -> f64 {
        self.edges[j].get(bin as usize).copied().unwrap_or(f64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_matrix(values: &[f64]) -> Matrix {
        Matrix::from_vec(values.len(), 1, values.to_vec()).expect("one column")
    }

    #[test]
    fn few_distinct_values_get_one_bin_each_with_midpoint_edges() {
        let b = BinnedMatrix::from_matrix(&column_matrix(&[3.0, 1.0, 2.0, 1.0, f64::NAN]), 255);
        assert_eq!(b.n_value_bins(0), 3);
        assert_eq!(b.column(0), &[2, 0, 1, 0, 3]);
        assert_eq!(b.threshold(0, 0), 1.5);
        assert_eq!(b.threshold(0, 1), 2.5);
        assert_eq!(b.threshold(0, 2), f64::MAX);
    }

    #[test]
    fn many_values_are_cut_into_equal_count_bins() {
        let values: Vec<f64> = (0..1000).map(f64::from).collect();
        let b = BinnedMatrix::from_matrix(&column_matrix(&values), 10);
        assert_eq!(b.n_value_bins(0), 10);
        let mut counts = [0usize; 10];
        for &c in b.column(0) {
            counts[c as usize] += 1;
        }
        assert_eq!(counts, [100; 10]);
    }

    #[test]
    fn code_order_matches_threshold_order_on_the_original_scale() {
        let values: Vec<f64> = (0..500).map(|i| ((i * 37) % 101) as f64 * 0.3 - 7.0).collect();
        let b = BinnedMatrix::from_matrix(&column_matrix(&values), 16);
        for (v, &code) in values.iter().zip(b.column(0)) {
            for bin in 0..b.n_value_bins(0) as u8 {
                assert_eq!(code <= bin, *v <= b.threshold(0, bin), "value {v} bin {bin}");
            }
        }
    }

    #[test]
    fn infinite_values_are_missing_and_a_constant_column_has_one_bin() {
        let b = BinnedMatrix::from_matrix(&column_matrix(&[f64::INFINITY, 4.0, -f64::INFINITY]), 8);
        assert_eq!(b.column(0), &[1, 0, 1]);
        assert_eq!(b.n_value_bins(0), 1);
    }
}
