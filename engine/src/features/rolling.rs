//! Window statistics over past target values: rolling mean/std/min/max/median, the
//! expanding mean and the seasonal rolling mean (same weekday over the last k weeks).
//!
//! Invariant: every statistic skips missing values (`NaN`) and is `NaN` when its window holds
//! no value (the standard deviation needs two). Windows are given as index ranges the caller
//! already clipped to what may be read, so nothing here can look past the cut-off.

use serde::{Deserialize, Serialize};

/// A statistic of a rolling window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RollingStat {
    /// Arithmetic mean.
    Mean,
    /// Sample standard deviation (divides by n − 1).
    Std,
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
    /// Median (mean of the two middle values for an even count).
    Median,
}

impl RollingStat {
    /// Stable key part (`mean`, `std`, …).
    pub fn key(self) -> &'static str {
        match self {
            RollingStat::Mean => "mean",
            RollingStat::Std => "std",
            RollingStat::Min => "min",
            RollingStat::Max => "max",
            RollingStat::Median => "median",
        }
    }

    /// English word for a business user.
    pub fn name_en(self) -> &'static str {
        match self {
            RollingStat::Mean => "average",
            RollingStat::Std => "variability (standard deviation)",
            RollingStat::Min => "lowest",
            RollingStat::Max => "highest",
            RollingStat::Median => "median",
        }
    }

    /// French word for a business user.
    pub fn name_fr(self) -> &'static str {
        match self {
            RollingStat::Mean => "moyenne",
            RollingStat::Std => "variabilité (écart type)",
            RollingStat::Min => "minimum",
            RollingStat::Max => "maximum",
            RollingStat::Median => "médiane",
        }
    }

    /// The statistic of the non-missing values of `window`.
    pub fn compute(self, window: &[f64]) -> f64 {
        let values = window.iter().copied().filter(|v| !v.is_nan());
        match self {
            RollingStat::Mean => mean(values),
            RollingStat::Std => sample_std(values),
            RollingStat::Min => values.fold(f64::NAN, f64::min),
            RollingStat::Max => values.fold(f64::NAN, f64::max),
            RollingStat::Median => {
                let mut v: Vec<f64> = values.collect();
                if v.is_empty() {
                    return f64::NAN;
                }
                v.sort_by(f64::total_cmp);
                let mid = v.len() / 2;
                if v.len() % 2 == 1 { v[mid] } else { (v[mid - 1] + v[mid]) / 2.0 }
            }
        }
    }
}

/// A rolling statistic over the `window` most recent readable values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RollingSpec {
    /// Which statistic.
    pub stat: RollingStat,
    /// Window length in steps (≥ 1; ≥ 2 for the standard deviation).
    pub window: usize,
}

/// The mean of the values at the same point of a cycle over the last `k` cycles
/// (`period = 7` on daily data: the same weekday over the last `k` weeks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeasonalRollingSpec {
    /// Cycle length in steps (≥ 1).
    pub period: usize,
    /// Number of past cycles averaged (≥ 1).
    pub k: usize,
}

/// Mean of the non-missing values; `NaN` when there is none.
pub(crate) fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// Sample standard deviation (n − 1), by two passes for accuracy; `NaN` below two values.
fn sample_std(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let n = values.clone().count();
    if n < 2 {
        return f64::NAN;
    }
    let m = mean(values.clone());
    let ss: f64 = values.map(|v| (v - m) * (v - m)).sum();
    (ss / (n - 1) as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_skip_missing_values() {
        let w = [4.0, f64::NAN, 1.0, 3.0, 2.0];
        assert_eq!(RollingStat::Mean.compute(&w), 2.5);
        assert_eq!(RollingStat::Min.compute(&w), 1.0);
        assert_eq!(RollingStat::Max.compute(&w), 4.0);
        assert_eq!(RollingStat::Median.compute(&w), 2.5);
        assert_eq!(RollingStat::Median.compute(&[5.0, 1.0, 3.0]), 3.0);
        // Sample variance of 1,2,3,4 is 5/3.
        assert!((RollingStat::Std.compute(&w) - (5.0f64 / 3.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn empty_windows_give_nan() {
        for stat in [
            RollingStat::Mean,
            RollingStat::Std,
            RollingStat::Min,
            RollingStat::Max,
            RollingStat::Median,
        ] {
            assert!(stat.compute(&[f64::NAN, f64::NAN]).is_nan(), "{}", stat.key());
            assert!(stat.compute(&[]).is_nan(), "{}", stat.key());
        }
        assert!(RollingStat::Std.compute(&[1.0]).is_nan());
    }
}
