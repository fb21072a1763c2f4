//! Exponential smoothing with automatic model choice ([`Ets`]) and its multi-seasonal form
//! ([`Mstl`]).
//!
//! **How seasonality is handled.** A non-seasonal ETS model is chosen by AICc
//! ([`smoothing::auto`]: additive or multiplicative error, no / additive / damped trend).
//! Seasonality is removed first by an (M)STL decomposition (the `stlrs` crate), the non-seasonal
//! model forecasts the seasonally adjusted series (trend + remainder), and each seasonal
//! component's last cycle is repeated over the horizon and added back. This is R's `stlf` /
//! statsforecast's `MSTL` design. The decomposition runs in `f64` and the adjusted series is
//! checked before it reaches the optimiser.
//!
//! **Fallbacks, never panics.** A seasonal period needs at least two full cycles of history
//! (STL's requirement); periods without them are dropped, and with none left the model is plain
//! non-seasonal AutoETS. Fewer than [`MIN_HISTORY`] values is [`ModelError::NotEnoughData`]; a
//! non-finite value is [`ModelError::InvalidSetting`] on `history`. A (seasonally adjusted)
//! series that is constant is forecast as that constant without calling the optimiser, and a
//! failed fit is returned as [`ModelError::Numerical`].
//!
//! **Serialisation.** A [`FittedEts`] serialises the periods it actually used and its training
//! history, and deserialising refits them. Fitting is
//! deterministic (Nelder–Mead from data-derived starting points, no randomness), so the reloaded
//! model predicts identically.

use super::smoothing::{self, SmoothingFit};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use stlrs::MstlParams;

use crate::models::{FittedSeriesModel, ModelError, SeriesModel};

/// The shortest history exponential smoothing is fitted on (AutoETS needs more than six values).
pub const MIN_HISTORY: usize = 8;

/// Whether [`Ets`] removes a seasonal pattern before smoothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seasonality {
    /// Seasonal adjustment with the caller's season when it is ≥ 2 and the history holds at
    /// least two full seasons; non-seasonal otherwise.
    #[default]
    Auto,
    /// Never seasonal.
    NonSeasonal,
}

/// Automatic exponential smoothing (AutoETS by AICc) on the seasonally adjusted series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ets {
    /// Whether to seasonally adjust first.
    pub seasonality: Seasonality,
}

/// MSTL decomposition over several seasonal periods, with AutoETS on the adjusted series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mstl {
    /// Seasonal periods in steps, each ≥ 2 (half-hourly data: 48 and 336).
    pub periods: Vec<usize>,
}

impl SeriesModel for Ets {
    type Fitted = FittedEts;

    fn fit(&self, history: &[f64], season: usize) -> Result<FittedEts, ModelError> {
        let periods = match self.seasonality {
            Seasonality::Auto if season >= 2 => vec![season],
            _ => Vec::new(),
        };
        FittedEts::fit(history, &periods)
    }
}

impl SeriesModel for Mstl {
    type Fitted = FittedEts;

    /// Fits on `history`; `season` is ignored in favour of [`Mstl::periods`].
    fn fit(&self, history: &[f64], _season: usize) -> Result<FittedEts, ModelError> {
        if self.periods.is_empty() {
            return Err(ModelError::InvalidSetting {
                name: "periods",
                reason: "at least one seasonal period is needed".into(),
            });
        }
        if let Some(p) = self.periods.iter().find(|p| **p < 2) {
            return Err(ModelError::InvalidSetting {
                name: "periods",
                reason: format!("every period must be at least 2 steps, got {p}"),
            });
        }
        FittedEts::fit(history, &self.periods)
    }
}

/// The last cycle of one seasonal component, repeated over the forecast horizon.
#[derive(Debug, Clone)]
struct SeasonalCycle {
    /// Values for the steps `n - period .. n` of the history, in time order.
    last_cycle: Vec<f64>,
}

/// What forecasts the seasonally adjusted series.
#[derive(Debug, Clone)]
enum AdjustedModel {
    /// The adjusted series was constant: its value continues.
    Constant(f64),
    /// The model the AICc search selected.
    Smoothing(Box<SmoothingFit>),
}

/// A fitted [`Ets`] or [`Mstl`] model.
#[derive(Debug, Clone)]
pub struct FittedEts {
    /// Seasonal periods actually used (those with two full cycles of history).
    periods: Vec<usize>,
    history: Vec<f64>,
    seasonal: Vec<SeasonalCycle>,
    adjusted: AdjustedModel,
}

/// The serialised form of a [`FittedEts`]: enough to refit it identically.
#[derive(Serialize, Deserialize)]
struct FittedEtsRecord<H> {
    periods: Vec<usize>,
    history: H,
}

impl Serialize for FittedEts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FittedEtsRecord { periods: self.periods.clone(), history: &self.history }
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FittedEts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = FittedEtsRecord::<Vec<f64>>::deserialize(deserializer)?;
        FittedEts::fit(&record.history, &record.periods).map_err(serde::de::Error::custom)
    }
}

/// True when every value equals the first up to rounding relative to the series' magnitude.
fn is_constant(values: &[f64]) -> bool {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let magnitude = lo.abs().max(hi.abs()).max(f64::MIN_POSITIVE);
    hi - lo <= 1e-9 * magnitude
}

impl FittedEts {
    /// Fits on `history`, seasonally adjusting with those `periods` that have two full cycles.
    fn fit(history: &[f64], periods: &[usize]) -> Result<Self, ModelError> {
        if history.len() < MIN_HISTORY {
            return Err(ModelError::NotEnoughData { needed: MIN_HISTORY, got: history.len() });
        }
        if let Some(index) = history.iter().position(|v| !v.is_finite()) {
            return Err(ModelError::InvalidSetting {
                name: "history",
                reason: format!("value {index} is not a finite number"),
            });
        }
        let mut usable: Vec<usize> =
            periods.iter().copied().filter(|p| *p >= 2 && 2 * p <= history.len()).collect();
        usable.sort_unstable();
        usable.dedup();

        let (adjusted_series, seasonal) = if usable.is_empty() || is_constant(history) {
            usable.clear();
            (history.to_vec(), Vec::new())
        } else {
            let decomposition = MstlParams::new()
                .fit(history, &usable)
                .map_err(|e| ModelError::Numerical(format!("MSTL decomposition: {e}")))?;
            let adjusted: Vec<f64> = decomposition
                .trend()
                .iter()
                .zip(decomposition.remainder())
                .map(|(t, r)| t + r)
                .collect();
            let seasonal = usable
                .iter()
                .zip(decomposition.seasonal())
                .map(|(p, component)| SeasonalCycle {
                    last_cycle: component[component.len() - p..].to_vec(),
                })
                .collect();
            (adjusted, seasonal)
        };
        if adjusted_series.iter().any(|v| !v.is_finite()) {
            return Err(ModelError::Numerical("MSTL gave a non-finite adjusted series".into()));
        }

        let adjusted = if is_constant(&adjusted_series) {
            AdjustedModel::Constant(adjusted_series[adjusted_series.len() - 1])
        } else {
            AdjustedModel::Smoothing(Box::new(smoothing::auto(&adjusted_series)?))
        };
        Ok(Self { periods: usable, history: history.to_vec(), seasonal, adjusted })
    }

    /// The seasonal periods the model kept (two full cycles of history each), ascending.
    pub fn periods(&self) -> &[usize] {
        &self.periods
    }

    /// The chosen model in ETS notation, e.g. `"ETS(A,Ad,N) + STL(7)"`, or `"constant"`.
    pub fn description(&self) -> String {
        let core = match &self.adjusted {
            AdjustedModel::Constant(_) => "constant".to_string(),
            AdjustedModel::Smoothing(fitted) => fitted.notation(),
        };
        if self.periods.is_empty() {
            core
        } else {
            let periods: Vec<String> = self.periods.iter().map(usize::to_string).collect();
            format!("{core} + STL({})", periods.join(","))
        }
    }
}

impl FittedSeriesModel for FittedEts {
    fn predict(&self, horizon: usize) -> Vec<f64> {
        let mut point = match &self.adjusted {
            AdjustedModel::Constant(level) => vec![*level; horizon],
            AdjustedModel::Smoothing(fitted) => fitted.forecast(horizon),
        };
        for cycle in &self.seasonal {
            let period = cycle.last_cycle.len();
            for (h, value) in point.iter_mut().enumerate() {
                *value += cycle.last_cycle[h % period];
            }
        }
        point
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_constant_series_is_forecast_as_that_constant() {
        for level in [0.0, 5.0, -3.5] {
            let fit = Ets::default().fit(&[level; 30], 7).expect("fits");
            assert_eq!(fit.predict(4), vec![level; 4]);
            assert_eq!(fit.description(), "constant");
        }
    }

    #[test]
    fn too_short_or_non_finite_histories_are_typed_errors() {
        assert_eq!(
            Ets::default().fit(&[1.0, 2.0, 3.0], 1).map(|_| ()),
            Err(ModelError::NotEnoughData { needed: MIN_HISTORY, got: 3 })
        );
        let mut history = vec![1.0; 20];
        history[4] = f64::NAN;
        assert!(matches!(
            Ets::default().fit(&history, 1),
            Err(ModelError::InvalidSetting { name: "history", .. })
        ));
    }

    #[test]
    fn a_season_without_two_full_cycles_falls_back_to_non_seasonal() {
        let history: Vec<f64> = (0..20).map(|t| 10.0 + t as f64 + (t % 3) as f64).collect();
        let fit = Ets::default().fit(&history, 12).expect("fits");
        assert!(fit.periods().is_empty());
        let fit = Mstl { periods: vec![3, 12] }.fit(&history, 0).expect("fits");
        assert_eq!(fit.periods(), &[3]);
    }

    #[test]
    fn invalid_mstl_periods_are_refused() {
        let history = vec![1.0; 50];
        assert!(matches!(
            Mstl { periods: vec![] }.fit(&history, 0),
            Err(ModelError::InvalidSetting { name: "periods", .. })
        ));
        assert!(matches!(
            Mstl { periods: vec![7, 1] }.fit(&history, 0),
            Err(ModelError::InvalidSetting { name: "periods", .. })
        ));
    }

    /// Our AICc search and fits against grafana's `augurs` AutoETS (a port of R's `ets`), on
    /// series with and without trend, damping, multiplicative noise and non-positive values:
    /// the forecasts agree to a small fraction of the series' spread.
    #[test]
    fn the_forecasts_agree_with_augurs_auto_ets() {
        use augurs_core::{Fit, Predict};
        let mut state = 7u64;
        let mut noise = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let series: Vec<Vec<f64>> = vec![
            (0..120).map(|t| 50.0 + 0.8 * t as f64 + 4.0 * noise()).collect(),
            (0..90).map(|_| 20.0 + 3.0 * noise()).collect(),
            (0..200).map(|t| 100.0 * (1.0 - (-(t as f64) / 40.0).exp()) + 2.0 * noise()).collect(),
            (0..60).map(|t| -5.0 + 0.1 * t as f64 + noise()).collect(),
            (0..40).map(|t| (1.05f64).powi(t) + 0.2 * noise()).collect(),
            (0..150).map(|t| (0.03 * t as f64).exp() * (1.0 + 0.3 * noise())).collect(),
            (0..150).map(|t| 10.0 * (1.0 + 0.02 * t as f64) * (1.0 + 0.4 * noise())).collect(),
        ];
        for y in &series {
            let ours = smoothing::auto(y).expect("fits");
            let theirs = augurs_ets::AutoETS::non_seasonal().fit(y).expect("fits");
            let a = ours.forecast(7);
            let b = theirs.predict(7, None).expect("predicts").point;
            let mean = y.iter().sum::<f64>() / y.len() as f64;
            let sd = (y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / y.len() as f64).sqrt();
            let gap = a.iter().zip(&b).map(|(x, z)| (x - z).abs()).fold(0.0, f64::max);
            assert!(gap <= 0.075 * sd, "{} vs augurs: {a:?} / {b:?}", ours.notation());
        }
    }
}
