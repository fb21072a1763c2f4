//! Exact SHAP values for linear models.
//!
//! For a linear model with original-scale weights `w`, interventional SHAP with the training
//! feature means as the background is closed-form: `φ_j = w_j (x_j − mean_j)`, and the base value
//! is the prediction at the means. A missing feature is imputed by its mean, exactly as the model
//! does when predicting, so it gets `φ_j = 0`.
//!
//! Invariant (efficiency): `base_value + Σ φ_j` equals [`FittedLinear::predict_row`] up to
//! floating-point rounding.

use serde::{Deserialize, Serialize};

use crate::models::linear::FittedLinear;

/// Per-feature contributions of one prediction of a linear model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearShap {
    /// The prediction at the training feature means.
    pub base_value: f64,
    /// One contribution per feature, in the model's feature order.
    pub values: Vec<f64>,
}

/// Exact SHAP values of `model` at `row` (missing or absent features → their mean, φ = 0).
pub fn linear_shap(model: &FittedLinear, row: &[f64]) -> LinearShap {
    let values = model
        .coefficients
        .iter()
        .zip(&model.feature_means)
        .enumerate()
        .map(|(j, (w, mean))| w * (model.imputed(row, j) - mean))
        .collect();
    LinearShap { base_value: model.prediction_at_means(), values }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::FittedRegressor;

    fn model() -> FittedLinear {
        FittedLinear {
            intercept: 1.0,
            coefficients: vec![2.0, -3.0],
            feature_means: vec![10.0, 1.0],
        }
    }

    #[test]
    fn contributions_are_weight_times_distance_from_the_mean() {
        let shap = linear_shap(&model(), &[12.0, 0.0]);
        assert_eq!(shap.base_value, 1.0 + 20.0 - 3.0);
        assert_eq!(shap.values, vec![4.0, 3.0]);
        assert_eq!(
            shap.base_value + shap.values.iter().sum::<f64>(),
            model().predict_row(&[12.0, 0.0])
        );
    }

    #[test]
    fn a_feature_at_its_mean_or_missing_contributes_nothing() {
        let shap = linear_shap(&model(), &[10.0, f64::NAN]);
        assert_eq!(shap.values, vec![0.0, 0.0]);
    }
}
