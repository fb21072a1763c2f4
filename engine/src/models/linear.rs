//! Linear regressors with an intercept: ordinary least squares, ridge, lasso and elastic net.
//!
//! All four standardise the features internally (training means and population standard
//! deviations), solve on the standardised scale, and report coefficients on the original scale in
//! one [`FittedLinear`], so that explanations ([`crate::explain::linear`]) are exact:
//! `prediction = intercept + Σ coefficient_j · x_j`.
//!
//! **Why our own solvers rather than smartcore's:** the fitted model must impute missing features
//! (`NaN` → training column mean, stored in the model), serialise with serde, expose exact
//! original-scale coefficients for SHAP, and never fail on a constant column (smartcore's
//! standardising ridge refuses constant columns). The problems are small (tens of features), so a
//! Cholesky solve of the normal equations and a cyclic coordinate descent are exact and cheap.
//! The tests cross-check the ridge against smartcore's own ridge and the lasso / elastic net
//! against their optimality (KKT) conditions.
//!
//! Objectives, with `Z` the standardised features and `y_c` the centred target (scikit-learn's
//! conventions on a standardised design):
//! - OLS: `‖y_c − Zβ‖²`;
//! - ridge: `‖y_c − Zβ‖² + α‖β‖²`;
//! - elastic net: `(1/2n)‖y_c − Zβ‖² + α·ρ‖β‖₁ + α(1−ρ)/2 ‖β‖²` with `ρ = l1_ratio`;
//! - lasso: the elastic net with `ρ = 1`.
//!
//! Invariants: a column that is constant in training (or entirely missing) gets coefficient 0;
//! if the OLS normal equations are numerically singular (collinear columns) a tiny ridge
//! ([`OLS_FALLBACK_RIDGE`]) is added instead of failing, which splits the weight evenly between
//! exact duplicates. Coordinate descent stops when no coefficient moved by more than
//! [`CD_TOLERANCE`] (on the standardised scale, relative to the target's spread) and fails with
//! [`ModelError::Numerical`] after [`CD_MAX_SWEEPS`] sweeps.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::{FittedRegressor, ModelError, Regressor, check_xy};

/// Ridge penalty (on the standardised scale, relative to the row count) added when the OLS normal
/// equations are singular.
pub const OLS_FALLBACK_RIDGE: f64 = 1e-9;
/// Coordinate descent stops once the largest coefficient change in a sweep is below this
/// fraction of the target's standard deviation.
pub const CD_TOLERANCE: f64 = 1e-10;
/// Coordinate descent gives up after this many full sweeps over the features.
pub const CD_MAX_SWEEPS: usize = 100_000;

/// Ordinary least squares with an intercept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct LinearRegression;

/// Least squares with an L2 penalty `alpha` on the standardised coefficients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ridge {
    /// Penalty strength (≥ 0, finite); 0 is OLS.
    pub alpha: f64,
}

/// Least squares with an L1 penalty `alpha` on the standardised coefficients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Lasso {
    /// Penalty strength (≥ 0, finite).
    pub alpha: f64,
}

/// Least squares with a mixed L1 / L2 penalty on the standardised coefficients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ElasticNet {
    /// Overall penalty strength (≥ 0, finite).
    pub alpha: f64,
    /// Share of the penalty that is L1, in `[0, 1]`: 1 is the lasso, 0 a ridge.
    pub l1_ratio: f64,
}

/// A fitted linear model on the original feature scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedLinear {
    /// The prediction when every coefficient term is zero.
    pub intercept: f64,
    /// One weight per feature, on the original scale.
    pub coefficients: Vec<f64>,
    /// Training means of the features: the value a missing feature is replaced with, and the
    /// reference point of linear SHAP.
    pub feature_means: Vec<f64>,
}

impl FittedLinear {
    /// Feature `j` of `row`, with a missing (non-finite or absent) value replaced by its mean.
    pub fn imputed(&self, row: &[f64], j: usize) -> f64 {
        // `get` rather than indexing: a hand-edited saved model must not panic.
        let mean = self.feature_means.get(j).copied().unwrap_or(0.0);
        match row.get(j) {
            Some(v) if v.is_finite() => *v,
            _ => mean,
        }
    }

    /// The prediction at the training means (equals the training target mean).
    pub fn prediction_at_means(&self) -> f64 {
        self.intercept
            + self.coefficients.iter().zip(&self.feature_means).map(|(w, m)| w * m).sum::<f64>()
    }
}

impl FittedRegressor for FittedLinear {
    fn predict_row(&self, row: &[f64]) -> f64 {
        self.intercept
            + self
                .coefficients
                .iter()
                .enumerate()
                .map(|(j, w)| w * self.imputed(row, j))
                .sum::<f64>()
    }
}

fn check_penalty(name: &'static str, value: f64) -> Result<(), ModelError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(ModelError::InvalidSetting {
            name,
            reason: format!("must be a finite number ≥ 0, got {value}"),
        })
    }
}

impl Regressor for LinearRegression {
    type Fitted = FittedLinear;

    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<FittedLinear, ModelError> {
        check_xy(x, y, 1)?;
        let design = Standardised::new(x, y);
        let beta = design.solve_ridge(0.0);
        Ok(design.to_original_scale(&beta))
    }
}

impl Regressor for Ridge {
    type Fitted = FittedLinear;

    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<FittedLinear, ModelError> {
        check_penalty("alpha", self.alpha)?;
        check_xy(x, y, 1)?;
        let design = Standardised::new(x, y);
        let beta = design.solve_ridge(self.alpha);
        Ok(design.to_original_scale(&beta))
    }
}

impl Regressor for Lasso {
    type Fitted = FittedLinear;

    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<FittedLinear, ModelError> {
        ElasticNet { alpha: self.alpha, l1_ratio: 1.0 }.fit(x, y)
    }
}

impl Regressor for ElasticNet {
    type Fitted = FittedLinear;

    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<FittedLinear, ModelError> {
        check_penalty("alpha", self.alpha)?;
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(ModelError::InvalidSetting {
                name: "l1_ratio",
                reason: format!("must lie in [0, 1], got {}", self.l1_ratio),
            });
        }
        check_xy(x, y, 1)?;
        let design = Standardised::new(x, y);
        let beta = design.coordinate_descent(self.alpha, self.l1_ratio)?;
        Ok(design.to_original_scale(&beta))
    }
}

/// The training design after imputation, centring and scaling. Constant columns are all zeros.
struct Standardised {
    n_rows: usize,
    n_cols: usize,
    /// Column-major standardised features: column `j` is `z[j * n_rows..(j + 1) * n_rows]`.
    z: Vec<f64>,
    /// Centred target.
    y_centred: Vec<f64>,
    y_mean: f64,
    y_std: f64,
    means: Vec<f64>,
    /// Population standard deviations; 0 marks a constant column.
    stds: Vec<f64>,
}

/// Below this relative spread a column is treated as constant.
const CONSTANT_COLUMN_REL_STD: f64 = 1e-12;

impl Standardised {
    fn new(x: &Matrix, y: &[f64]) -> Self {
        let (n_rows, n_cols) = (x.n_rows(), x.n_cols());
        let mut means = Vec::with_capacity(n_cols);
        let mut stds = Vec::with_capacity(n_cols);
        let mut z = Vec::with_capacity(n_rows * n_cols);
        for j in 0..n_cols {
            let column = x.column(j);
            let (sum, count) = column
                .iter()
                .filter(|v| v.is_finite())
                .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
            let mean = if count == 0 { 0.0 } else { sum / count as f64 };
            let filled: Vec<f64> =
                column.iter().map(|v| if v.is_finite() { *v } else { mean }).collect();
            let variance =
                filled.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n_rows as f64;
            let mut std = variance.sqrt();
            if std.is_nan() || std <= CONSTANT_COLUMN_REL_STD * (1.0 + mean.abs()) {
                std = 0.0;
            }
            z.extend(filled.iter().map(|v| if std > 0.0 { (v - mean) / std } else { 0.0 }));
            means.push(mean);
            stds.push(std);
        }
        let y_mean = y.iter().sum::<f64>() / n_rows as f64;
        let y_centred: Vec<f64> = y.iter().map(|v| v - y_mean).collect();
        let y_std = (y_centred.iter().map(|v| v * v).sum::<f64>() / n_rows as f64).sqrt();
        Self { n_rows, n_cols, z, y_centred, y_mean, y_std, means, stds }
    }

    fn column(&self, j: usize) -> &[f64] {
        &self.z[j * self.n_rows..(j + 1) * self.n_rows]
    }

    /// Indices of the non-constant columns: the only ones that get a coefficient.
    fn active(&self) -> Vec<usize> {
        (0..self.n_cols).filter(|&j| self.stds[j] > 0.0).collect()
    }

    /// Solves `(ZᵀZ + αI) β = Zᵀy_c` on the non-constant columns; a singular system gets the
    /// fallback ridge.
    fn solve_ridge(&self, alpha: f64) -> Vec<f64> {
        let active = self.active();
        let p = active.len();
        let mut gram = vec![0.0; p * p];
        let mut rhs = vec![0.0; p];
        for (a, &ja) in active.iter().enumerate() {
            let za = self.column(ja);
            rhs[a] = dot(za, &self.y_centred);
            for (b, &jb) in active.iter().enumerate().take(a + 1) {
                let g = dot(za, self.column(jb));
                gram[a * p + b] = g;
                gram[b * p + a] = g;
            }
        }
        let solved = cholesky_solve(&with_ridge(&gram, p, alpha), p, &rhs).or_else(|| {
            let jitter = OLS_FALLBACK_RIDGE * self.n_rows as f64;
            cholesky_solve(&with_ridge(&gram, p, alpha + jitter), p, &rhs)
        });
        let mut beta = vec![0.0; self.n_cols];
        // With a positive jitter the Gram matrix of standardised columns is positive definite, so
        // the fallback only returns `None` for non-finite data, which `check_xy` excludes.
        if let Some(solution) = solved {
            for (a, &j) in active.iter().enumerate() {
                beta[j] = solution[a];
            }
        }
        beta
    }

    /// Cyclic coordinate descent on the elastic-net objective (module doc).
    fn coordinate_descent(&self, alpha: f64, l1_ratio: f64) -> Result<Vec<f64>, ModelError> {
        let n = self.n_rows as f64;
        let l1 = alpha * l1_ratio;
        let l2 = alpha * (1.0 - l1_ratio);
        let active = self.active();
        let mut beta = vec![0.0; self.n_cols];
        let mut residual = self.y_centred.clone();
        let scale = if self.y_std > 0.0 { self.y_std } else { 1.0 };
        for _ in 0..CD_MAX_SWEEPS {
            let mut largest_step = 0.0_f64;
            for &j in &active {
                let zj = self.column(j);
                let old = beta[j];
                // Each standardised column has Σ z² = n, so the partial residual correlation is
                // (zᵀr)/n + β_j.
                let rho = dot(zj, &residual) / n + old;
                let new = soft_threshold(rho, l1) / (1.0 + l2);
                if new != old {
                    let step = new - old;
                    for (r, z) in residual.iter_mut().zip(zj) {
                        *r -= step * z;
                    }
                    beta[j] = new;
                    largest_step = largest_step.max(step.abs());
                }
            }
            if largest_step <= CD_TOLERANCE * scale {
                return Ok(beta);
            }
        }
        Err(ModelError::Numerical(format!(
            "coordinate descent did not converge within {CD_MAX_SWEEPS} sweeps"
        )))
    }

    /// Maps standardised coefficients back to the original feature scale.
    fn to_original_scale(&self, beta: &[f64]) -> FittedLinear {
        let coefficients: Vec<f64> =
            beta.iter().zip(&self.stds).map(|(b, s)| if *s > 0.0 { b / s } else { 0.0 }).collect();
        let shift: f64 = coefficients.iter().zip(&self.means).map(|(w, m)| w * m).sum();
        FittedLinear {
            intercept: self.y_mean - shift,
            coefficients,
            feature_means: self.means.clone(),
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn soft_threshold(value: f64, threshold: f64) -> f64 {
    if value > threshold {
        value - threshold
    } else if value < -threshold {
        value + threshold
    } else {
        0.0
    }
}

fn with_ridge(gram: &[f64], p: usize, alpha: f64) -> Vec<f64> {
    let mut a = gram.to_vec();
    for i in 0..p {
        a[i * p + i] += alpha;
    }
    a
}

/// Solves `A x = b` for a symmetric positive definite `p × p` row-major `A`; `None` when a pivot
/// is not clearly positive (singular or indefinite system).
fn cholesky_solve(a: &[f64], p: usize, b: &[f64]) -> Option<Vec<f64>> {
    let mut l = vec![0.0; p * p];
    let largest_diagonal = (0..p).map(|i| a[i * p + i].abs()).fold(0.0, f64::max);
    let pivot_floor = 1e-12 * largest_diagonal.max(f64::MIN_POSITIVE);
    for i in 0..p {
        for j in 0..=i {
            let s = a[i * p + j] - (0..j).map(|k| l[i * p + k] * l[j * p + k]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= pivot_floor {
                    return None;
                }
                l[i * p + i] = s.sqrt();
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    let mut forward = vec![0.0; p];
    for i in 0..p {
        let s = b[i] - (0..i).map(|k| l[i * p + k] * forward[k]).sum::<f64>();
        forward[i] = s / l[i * p + i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let s = forward[i] - (i + 1..p).map(|k| l[k * p + i] * x[k]).sum::<f64>();
        x[i] = s / l[i * p + i];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[f64]]) -> Matrix {
        Matrix::from_rows(rows).expect("rows of equal length")
    }

    #[test]
    fn cholesky_solves_a_two_by_two_system() {
        // [4 2; 2 3] x = [2; 1] has x = [0.5, 0].
        let x = cholesky_solve(&[4.0, 2.0, 2.0, 3.0], 2, &[2.0, 1.0]).expect("positive definite");
        assert!((x[0] - 0.5).abs() < 1e-15 && x[1].abs() < 1e-15);
        assert!(cholesky_solve(&[1.0, 1.0, 1.0, 1.0], 2, &[1.0, 1.0]).is_none());
    }

    #[test]
    fn a_single_feature_ols_matches_the_textbook_slope() {
        // y = 1 + 2x exactly on x = 0..4.
        let x = matrix(&[&[0.0], &[1.0], &[2.0], &[3.0], &[4.0]]);
        let y = [1.0, 3.0, 5.0, 7.0, 9.0];
        let fit = LinearRegression.fit(&x, &y).expect("fits");
        assert!((fit.coefficients[0] - 2.0).abs() < 1e-12);
        assert!((fit.intercept - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_constant_column_gets_a_zero_coefficient() {
        let x = matrix(&[&[0.0, 5.0], &[1.0, 5.0], &[2.0, 5.0], &[3.0, 5.0]]);
        let y = [0.0, 1.0, 2.0, 3.0];
        let fit = LinearRegression.fit(&x, &y).expect("fits");
        assert_eq!(fit.coefficients[1], 0.0);
        assert!((fit.coefficients[0] - 1.0).abs() < 1e-12);
        assert!(fit.intercept.abs() < 1e-12);
    }

    #[test]
    fn duplicated_columns_share_the_weight_instead_of_failing() {
        let x = matrix(&[&[0.0, 0.0], &[1.0, 1.0], &[2.0, 2.0], &[3.0, 3.0]]);
        let y = [0.0, 2.0, 4.0, 6.0];
        let fit = LinearRegression.fit(&x, &y).expect("falls back to a tiny ridge");
        assert!((fit.coefficients[0] - 1.0).abs() < 1e-6, "{:?}", fit.coefficients);
        assert!((fit.coefficients[1] - 1.0).abs() < 1e-6, "{:?}", fit.coefficients);
        assert!((fit.predict_row(&[4.0, 4.0]) - 8.0).abs() < 1e-6);
    }

    #[test]
    fn missing_features_are_replaced_by_training_means() {
        let x = matrix(&[&[0.0], &[f64::NAN], &[2.0], &[4.0]]);
        let y = [0.0, 2.0, 2.0, 4.0];
        let fit = LinearRegression.fit(&x, &y).expect("fits");
        assert_eq!(fit.feature_means[0], 2.0);
        assert_eq!(fit.predict_row(&[f64::NAN]), fit.predict_row(&[2.0]));
    }

    #[test]
    fn soft_threshold_shrinks_towards_zero() {
        assert_eq!(soft_threshold(3.0, 1.0), 2.0);
        assert_eq!(soft_threshold(-3.0, 1.0), -2.0);
        assert_eq!(soft_threshold(0.5, 1.0), 0.0);
    }

    #[test]
    fn invalid_penalties_are_refused_before_fitting() {
        let x = matrix(&[&[0.0], &[1.0]]);
        let y = [0.0, 1.0];
        for alpha in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Ridge { alpha }.fit(&x, &y),
                Err(ModelError::InvalidSetting { name: "alpha", .. })
            ));
        }
        assert!(matches!(
            ElasticNet { alpha: 0.1, l1_ratio: 1.5 }.fit(&x, &y),
            Err(ModelError::InvalidSetting { name: "l1_ratio", .. })
        ));
    }
}
