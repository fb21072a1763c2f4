//! Gradient-free models behind one pattern: a settings struct is validated and fitted
//! (`fit`), giving a fitted model that predicts.
//!
//! Two families: [`Regressor`]s learn from a feature [`Matrix`] (linear, k-NN, trees, forests)
//! and are turned into forecasters by the feature pipeline (recursive or direct); series models
//! (baselines, exponential smoothing) read a target history directly.

use crate::matrix::Matrix;

pub mod baselines;
pub mod ets;
pub mod knn;
pub mod linear;
pub mod smoothing;
pub mod tree;

/// Why a model could not be fitted or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A setting is out of its valid range.
    #[error("invalid setting `{name}`: {reason}")]
    InvalidSetting {
        /// The setting's name.
        name: &'static str,
        /// What was expected.
        reason: String,
    },
    /// Too little data to fit.
    #[error("not enough data: {needed} rows needed, {got} available")]
    NotEnoughData {
        /// Minimum rows the model needs.
        needed: usize,
        /// Rows it was given.
        got: usize,
    },
    /// The inputs have inconsistent shapes.
    #[error("shape mismatch: {0}")]
    Shape(String),
    /// A numeric routine failed (singular system, no convergence…).
    #[error("numerical failure: {0}")]
    Numerical(String),
    /// A history value is NaN or infinite; series models need a complete, finite history.
    #[error("history value at index {index} is not a finite number")]
    NonFiniteHistory {
        /// Position of the first non-finite value in the history.
        index: usize,
    },
}

/// A model over feature rows: settings that fit into a [`FittedRegressor`].
pub trait Regressor {
    /// The fitted model.
    type Fitted: FittedRegressor;
    /// Validates the settings and fits on `x` (rows = observations) and `y`.
    fn fit(&self, x: &Matrix, y: &[f64]) -> Result<Self::Fitted, ModelError>;
}

/// A fitted tabular model.
pub trait FittedRegressor {
    /// Prediction for one feature row.
    fn predict_row(&self, row: &[f64]) -> f64;

    /// Predictions for every row of `x`.
    fn predict(&self, x: &Matrix) -> Vec<f64> {
        x.rows().map(|r| self.predict_row(r)).collect()
    }
}

/// A model that reads a target history directly and forecasts `horizon` steps ahead.
pub trait SeriesModel {
    /// The fitted model.
    type Fitted: FittedSeriesModel;
    /// Validates the settings and fits on `history` (no missing values) with seasonal
    /// period `season`.
    fn fit(&self, history: &[f64], season: usize) -> Result<Self::Fitted, ModelError>;
}

/// A fitted series model.
pub trait FittedSeriesModel {
    /// Point forecasts for steps `1..=horizon` after the end of the history.
    fn predict(&self, horizon: usize) -> Vec<f64>;
}

/// Checks that `x` and `y` agree and are not empty; shared by every [`Regressor`].
pub fn check_xy(x: &Matrix, y: &[f64], needed: usize) -> Result<(), ModelError> {
    if x.n_rows() != y.len() {
        return Err(ModelError::Shape(format!(
            "{} feature rows but {} targets",
            x.n_rows(),
            y.len()
        )));
    }
    if y.len() < needed {
        return Err(ModelError::NotEnoughData { needed, got: y.len() });
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err(ModelError::InvalidSetting {
            name: "y",
            reason: "targets must be finite".into(),
        });
    }
    Ok(())
}
