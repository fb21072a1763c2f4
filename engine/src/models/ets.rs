//! Exponential smoothing with automatic model choice ([`Ets`]) and its multi-seasonal form
//! ([`Mstl`]), both wrapping grafana's `augurs` crates.
//!
//! **How seasonality is handled.** `augurs-ets` 0.10.3 chooses the error, trend and damping of a
//! non-seasonal ETS model by AICc (the search `"ZZN"`: additive or multiplicative error, no /
//! additive / damped trend), but its seasonal ETS models are not implemented (they hit
//! `unimplemented!`), so we never ask it for one. Seasonality is removed first by an (M)STL
//! decomposition (`stlrs`, as re-exported by `augurs-mstl`), the non-seasonal AutoETS forecasts the
//! seasonally adjusted series (trend + remainder), and each seasonal component's last cycle is
//! repeated over the horizon and added back. This is R's `stlf` / statsforecast's `MSTL` design.
//! We call the decomposition ourselves rather than through `augurs_mstl::MSTLModel` to keep `f64`
//! precision (MSTLModel rounds the series to `f32`) and to guard the adjusted series before it
//! reaches the optimiser.
//!
//! **Fallbacks, never panics.** A seasonal period needs at least two full cycles of history
//! (STL's requirement); periods without them are dropped, and with none left the model is plain
//! non-seasonal AutoETS. Fewer than [`MIN_HISTORY`] values is [`ModelError::NotEnoughData`]; a
//! non-finite value is [`ModelError::InvalidSetting`] on `history`. A (seasonally adjusted)
//! series that is constant is forecast as that constant without calling the optimiser, and an
//! `augurs` failure is returned as [`ModelError::Numerical`].
//!
//! **Serialisation.** `augurs`' fitted types are not serde, so a [`FittedEts`] serialises the
//! periods it actually used and its training history, and deserialising refits them. Fitting is
//! deterministic (Nelder–Mead from data-derived starting points, no randomness), so the reloaded
//! model predicts identically.

use augurs_core::Predict;
use augurs_ets::model::{
    ErrorComponent, Model, ModelType, SeasonalComponent, TrendComponent, Unfit,
};
use augurs_mstl::stlrs::MstlParams;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    Smoothing(Box<Model>),
}

/// A fitted [`Ets`] or [`Mstl`] model.
#[derive(Debug, Clone)]
pub struct FittedEts {
    /// Seasonal periods actually used (those with two full cycles of history).
    periods: Vec<usize>,
    history: Vec<f64>,
    seasonal: Vec<SeasonalCycle>,
    adjusted: AdjustedModel,
    /// Last value of the seasonally adjusted series.
    last_adjusted: f64,
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

/// The non-seasonal ETS model with the lowest AICc: `augurs`' `AutoETS` search `"ZZN"`
/// (additive or multiplicative error, no / additive / damped additive trend, R's restricted set
/// and candidate order, the first of equal AICc), written out so every candidate is fitted with
/// `nmse = 1`. The likelihood criterion never reads the multi-step forecasts `nmse` asks for, so
/// the fit is the same, and the optimiser's cost no longer computes two extra forecast steps
/// (with `powi`, slow in WebAssembly) at every observation of every evaluation.
fn auto_ets(y: &[f64]) -> Result<Model, ModelError> {
    let positive = y.iter().all(|v| *v > 0.0);
    let errors: &[ErrorComponent] = if positive {
        &[ErrorComponent::Additive, ErrorComponent::Multiplicative]
    } else {
        &[ErrorComponent::Additive]
    };
    let mut best: Option<Model> = None;
    for &error in errors {
        for trend in [TrendComponent::None, TrendComponent::Additive] {
            for damped in [true, false] {
                if damped && trend == TrendComponent::None {
                    continue;
                }
                let kind = ModelType { error, trend, season: SeasonalComponent::None };
                let Ok(model) = Unfit::new(kind).damped(damped).nmse(1).fit(y) else { continue };
                let aicc = model.aicc();
                if !aicc.is_nan() && best.as_ref().is_none_or(|b| aicc < b.aicc()) {
                    best = Some(model);
                }
            }
        }
    }
    best.ok_or_else(|| ModelError::Numerical("AutoETS: no ETS model could be fitted".into()))
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

        let last_adjusted = adjusted_series[adjusted_series.len() - 1];
        let adjusted = if is_constant(&adjusted_series) {
            AdjustedModel::Constant(last_adjusted)
        } else {
            AdjustedModel::Smoothing(Box::new(auto_ets(&adjusted_series)?))
        };
        Ok(Self { periods: usable, history: history.to_vec(), seasonal, adjusted, last_adjusted })
    }

    /// The seasonal periods the model kept (two full cycles of history each), ascending.
    pub fn periods(&self) -> &[usize] {
        &self.periods
    }

    /// The chosen model in ETS notation, e.g. `"ETS(A,Ad,N) + STL(7)"`, or `"constant"`.
    pub fn description(&self) -> String {
        let core = match &self.adjusted {
            AdjustedModel::Constant(_) => "constant".to_string(),
            AdjustedModel::Smoothing(fitted) => {
                let model = fitted;
                let kind = model.model_type();
                let letters: Vec<char> = kind.to_string().chars().collect();
                let error = letters.first().copied().unwrap_or('?');
                let trend = letters.get(1).copied().unwrap_or('?');
                let damped = if model.damped() { "d" } else { "" };
                format!("ETS({error},{trend}{damped},N)")
            }
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
            AdjustedModel::Smoothing(fitted) => match fitted.predict(horizon, None) {
                Ok(forecast) if forecast.point.len() == horizon => forecast.point,
                // augurs returns `horizon` points for any fitted model; should that ever fail,
                // the forecast degrades to the last adjusted value rather than a panic.
                _ => vec![self.last_adjusted; horizon],
            },
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

    /// The hand-written search picks the model `augurs`' own `AutoETS` picks, with the same
    /// forecasts, on series with and without trend, damping and non-positive values.
    #[test]
    fn the_aicc_search_matches_augurs_auto_ets() {
        use augurs_core::Fit;
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
            let ours = auto_ets(y).expect("fits");
            let theirs = augurs_ets::AutoETS::non_seasonal().fit(y).expect("fits");
            assert_eq!(ours.model_type().to_string(), theirs.model().model_type().to_string());
            assert_eq!(ours.damped(), theirs.model().damped());
            assert_eq!(ours.aicc(), theirs.model().aicc());
            let a = ours.predict(7, None).expect("predicts").point;
            let b = theirs.predict(7, None).expect("predicts").point;
            assert_eq!(a, b);
        }
    }
}
