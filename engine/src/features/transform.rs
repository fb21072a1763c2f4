//! Target transforms a model can learn on, each fitted on the training history only and
//! inverted exactly on forecasts.
//!
//! Invariants: [`TargetTransform::fit`] reads nothing but the history it is given (the scale's
//! mean and standard deviation come from the training part, never the test part);
//! [`FittedTransform::inverse_forecast`] undoes [`FittedTransform::apply`] for the steps right
//! after that history, to floating-point rounding. `Log1p` refuses negative values with a
//! typed error instead of producing `NaN`.

use serde::{Deserialize, Serialize};

/// A transform of the target applied before fitting and undone on forecasts.
///
/// In JSON, an object whose `kind` names it, beside its setting if it has one:
/// `{"kind":"difference","lag":7}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "TransformFields")]
pub enum TargetTransform {
    /// Leave the target as it is.
    #[default]
    None,
    /// `ln(1 + y)`, for non-negative targets with multiplicative swings.
    Log1p,
    /// `y[t] - y[t - lag]`: models the change instead of the level.
    Difference {
        /// Differencing lag in steps (≥ 1; the season removes a seasonal pattern).
        lag: usize,
    },
    /// `(y - mean) / std` with the history's mean and standard deviation (per series).
    Scale,
}

/// The JSON of a [`TargetTransform`] as it is read: the `kind` and the lag side by side (see
/// `ModelSpecFields` in `spec.rs` for why not serde's internally tagged enums).
#[derive(Deserialize)]
struct TransformFields {
    kind: TransformKind,
    lag: Option<usize>,
}

/// `TargetTransform`'s variant names, as `kind` spells them.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum TransformKind {
    None,
    Log1p,
    Difference,
    Scale,
}

impl TryFrom<TransformFields> for TargetTransform {
    type Error = &'static str;

    fn try_from(f: TransformFields) -> Result<Self, &'static str> {
        Ok(match f.kind {
            TransformKind::None => TargetTransform::None,
            TransformKind::Log1p => TargetTransform::Log1p,
            TransformKind::Difference => {
                TargetTransform::Difference { lag: f.lag.ok_or("missing field `lag`")? }
            }
            TransformKind::Scale => TargetTransform::Scale,
        })
    }
}

/// Why a transform cannot be fitted or applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TransformError {
    /// `Log1p` met a negative value.
    #[error("log transform needs non-negative values, found {value} at row {index}")]
    NegativeValue {
        /// Row of the value.
        index: usize,
        /// The value.
        value: f64,
    },
    /// The history is too short or missing where the transform needs it.
    #[error("the transform needs {needed} observed values at the end of the history, got {got}")]
    HistoryTooShort {
        /// Values needed.
        needed: usize,
        /// Values available.
        got: usize,
    },
    /// The differencing lag is zero.
    #[error("the differencing lag must be at least 1")]
    ZeroLag,
}

/// A transform fitted on one series' history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedTransform {
    /// The transform.
    pub transform: TargetTransform,
    /// Mean used by `Scale` (0 otherwise).
    pub mean: f64,
    /// Standard deviation used by `Scale` (1 otherwise, and 1 for a constant history).
    pub std: f64,
    /// The last `lag` history values, kept by `Difference` to rebuild levels.
    pub tail: Vec<f64>,
}

impl TargetTransform {
    /// Fits the transform on `history` (the training part only; `NaN` = missing).
    pub fn fit(&self, history: &[f64]) -> Result<FittedTransform, TransformError> {
        let mut fitted =
            FittedTransform { transform: *self, mean: 0.0, std: 1.0, tail: Vec::new() };
        match *self {
            TargetTransform::None => {}
            TargetTransform::Log1p => check_non_negative(history, 0)?,
            TargetTransform::Difference { lag } => {
                if lag == 0 {
                    return Err(TransformError::ZeroLag);
                }
                let got = history.iter().rev().take_while(|v| !v.is_nan()).count();
                if got < lag {
                    return Err(TransformError::HistoryTooShort { needed: lag, got });
                }
                fitted.tail = history[history.len() - lag..].to_vec();
            }
            TargetTransform::Scale => {
                let values: Vec<f64> = history.iter().copied().filter(|v| !v.is_nan()).collect();
                if values.is_empty() {
                    return Err(TransformError::HistoryTooShort { needed: 1, got: 0 });
                }
                let n = values.len() as f64;
                let mean = values.iter().sum::<f64>() / n;
                let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
                fitted.mean = mean;
                // A constant history would divide by zero: keep it unscaled, only centred.
                fitted.std = if var.sqrt() > 0.0 && var.is_finite() { var.sqrt() } else { 1.0 };
            }
        }
        Ok(fitted)
    }
}

fn check_non_negative(values: &[f64], first_index: usize) -> Result<(), TransformError> {
    match values.iter().position(|v| *v < 0.0) {
        Some(i) => Err(TransformError::NegativeValue { index: first_index + i, value: values[i] }),
        None => Ok(()),
    }
}

impl FittedTransform {
    /// The transformed values of a series `y` (the fitted history, possibly followed by
    /// later actuals). `Difference` leaves its first `lag` values `NaN`.
    pub fn apply(&self, y: &[f64]) -> Result<Vec<f64>, TransformError> {
        Ok(match self.transform {
            TargetTransform::None => y.to_vec(),
            TargetTransform::Log1p => {
                check_non_negative(y, 0)?;
                y.iter().map(|v| v.ln_1p()).collect()
            }
            TargetTransform::Difference { lag } => {
                (0..y.len()).map(|i| i.checked_sub(lag).map_or(f64::NAN, |j| y[i] - y[j])).collect()
            }
            TargetTransform::Scale => y.iter().map(|v| (v - self.mean) / self.std).collect(),
        })
    }

    /// Forecasts on the original scale from transformed forecasts `z` of the steps
    /// `1..=z.len()` right after the fitted history.
    pub fn inverse_forecast(&self, z: &[f64]) -> Vec<f64> {
        match self.transform {
            TargetTransform::None => z.to_vec(),
            TargetTransform::Log1p => z.iter().map(|v| v.exp_m1()).collect(),
            TargetTransform::Scale => z.iter().map(|v| v * self.std + self.mean).collect(),
            TargetTransform::Difference { lag } => {
                let mut levels = self.tail.clone();
                for (h, dz) in z.iter().enumerate() {
                    // levels[h] is the value `lag` steps before step h + 1.
                    let base = levels[h];
                    levels.push(dz + base);
                }
                levels.split_off(lag)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transform_reads_back_from_the_json_it_writes() {
        let all = [
            TargetTransform::None,
            TargetTransform::Log1p,
            TargetTransform::Difference { lag: 7 },
            TargetTransform::Scale,
        ];
        for transform in all {
            let text = serde_json::to_string(&transform).expect("serialises");
            assert_eq!(serde_json::from_str::<TargetTransform>(&text).expect(&text), transform);
        }
        assert_eq!(
            serde_json::to_string(&TargetTransform::Difference { lag: 7 }).expect("writes"),
            r#"{"kind":"difference","lag":7}"#
        );
        let error = serde_json::from_str::<TargetTransform>(r#"{"kind":"difference"}"#)
            .expect_err("no lag")
            .to_string();
        assert!(error.contains("missing field `lag`"), "{error}");
    }

    fn round_trip(transform: TargetTransform, y: &[f64], n_history: usize) {
        let fitted = transform.fit(&y[..n_history]).expect("fits");
        let z = fitted.apply(y).expect("applies");
        let back = fitted.inverse_forecast(&z[n_history..]);
        assert_eq!(back.len(), y.len() - n_history);
        for (b, v) in back.iter().zip(&y[n_history..]) {
            assert!((b - v).abs() <= 1e-12 * v.abs().max(1.0), "{transform:?}: {b} vs {v}");
        }
    }

    #[test]
    fn every_transform_inverts_exactly() {
        let y: Vec<f64> =
            (0..40).map(|i| 100.0 + 10.0 * (f64::from(i) * 0.7).sin() + f64::from(i)).collect();
        for t in [
            TargetTransform::None,
            TargetTransform::Log1p,
            TargetTransform::Difference { lag: 1 },
            TargetTransform::Difference { lag: 7 },
            TargetTransform::Scale,
        ] {
            round_trip(t, &y, 30);
        }
    }

    #[test]
    fn scale_uses_only_the_history() {
        let fitted = TargetTransform::Scale.fit(&[1.0, 3.0, f64::NAN]).expect("fits");
        assert_eq!((fitted.mean, fitted.std), (2.0, 1.0));
        assert_eq!(fitted.apply(&[1.0, 3.0, 102.0]).expect("applies"), vec![-1.0, 1.0, 100.0]);
        let constant = TargetTransform::Scale.fit(&[5.0, 5.0]).expect("fits");
        assert_eq!(constant.std, 1.0);
    }

    #[test]
    fn differences_rebuild_levels_from_the_history_tail() {
        let fitted =
            TargetTransform::Difference { lag: 2 }.fit(&[1.0, 2.0, 10.0, 20.0]).expect("fits");
        assert_eq!(fitted.inverse_forecast(&[1.0, 2.0, 3.0]), vec![11.0, 22.0, 14.0]);
        assert_eq!(
            TargetTransform::Difference { lag: 3 }.fit(&[1.0, f64::NAN, 2.0, 3.0]),
            Err(TransformError::HistoryTooShort { needed: 3, got: 2 })
        );
        assert_eq!(
            TargetTransform::Difference { lag: 0 }.fit(&[1.0]),
            Err(TransformError::ZeroLag)
        );
    }

    #[test]
    fn log1p_refuses_negative_values() {
        assert_eq!(
            TargetTransform::Log1p.fit(&[1.0, -0.5, 2.0]),
            Err(TransformError::NegativeValue { index: 1, value: -0.5 })
        );
        let fitted = TargetTransform::Log1p.fit(&[0.0, 1.0]).expect("fits");
        assert!(matches!(
            fitted.apply(&[2.0, -3.0]),
            Err(TransformError::NegativeValue { index: 1, .. })
        ));
    }
}
