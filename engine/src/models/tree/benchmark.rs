//! The Friedman #1 regression problem with extra noise columns, generated from a seed: the
//! shared workload of the forest benchmarks (criterion, the wasm benchmark crate) and of tests.
//!
//! `X ~ U(0,1)^p` (`p ≥ 5`), `y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + N(0, 1)`;
//! columns 5.. are pure noise. Same seed → same bytes.

use crate::matrix::Matrix;
use crate::rng::Rng;

/// `n_rows` Friedman #1 rows with `n_cols ≥ 5` features (clamped up to 5), from `seed`.
pub fn friedman1(n_rows: usize, n_cols: usize, seed: u64) -> (Matrix, Vec<f64>) {
    let n_cols = n_cols.max(5);
    let mut rng = Rng::new(seed);
    let mut x = Matrix::with_cols(n_cols);
    let mut y = Vec::with_capacity(n_rows);
    let mut row = vec![0.0; n_cols];
    for _ in 0..n_rows {
        row.iter_mut().for_each(|v| *v = rng.next_f64());
        let signal = 10.0 * (std::f64::consts::PI * row[0] * row[1]).sin()
            + 20.0 * (row[2] - 0.5).powi(2)
            + 10.0 * row[3]
            + 5.0 * row[4];
        y.push(signal + rng.normal());
        x.push_row(&row);
    }
    (x, y)
}

/// Coefficient of determination `1 − SSE / SST` of `predicted` against `actual`
/// (`NaN` when the lengths differ or `actual` is constant).
pub fn r_squared(actual: &[f64], predicted: &[f64]) -> f64 {
    if actual.len() != predicted.len() || actual.is_empty() {
        return f64::NAN;
    }
    let mean = actual.iter().sum::<f64>() / actual.len() as f64;
    let sst: f64 = actual.iter().map(|a| (a - mean).powi(2)).sum();
    let sse: f64 = actual.iter().zip(predicted).map(|(a, p)| (a - p).powi(2)).sum();
    if sst > 0.0 { 1.0 - sse / sst } else { f64::NAN }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn friedman_rows_are_reproducible_and_in_the_unit_cube() {
        let (x1, y1) = friedman1(50, 7, 9);
        let (x2, y2) = friedman1(50, 7, 9);
        assert_eq!((x1.clone(), y1.clone()), (x2, y2));
        assert_eq!((x1.n_rows(), x1.n_cols()), (50, 7));
        assert!(x1.as_slice().iter().all(|v| (0.0..1.0).contains(v)));
        // The signal ranges over about [0, 30]; with unit noise the mean is near 14.4.
        let mean = y1.iter().sum::<f64>() / 50.0;
        assert!((10.0..19.0).contains(&mean), "mean {mean}");
    }

    #[test]
    fn r_squared_is_one_for_a_perfect_fit_and_zero_for_the_mean() {
        let y = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(r_squared(&y, &y), 1.0);
        assert_eq!(r_squared(&y, &[2.5; 4]), 0.0);
        assert!(r_squared(&[1.0, 1.0], &[1.0, 1.0]).is_nan());
    }
}
