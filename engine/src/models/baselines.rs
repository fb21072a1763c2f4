//! Baseline forecasters: the simple rules every real model must beat.
//!
//! Each baseline is a settings struct implementing [`SeriesModel`]; fitting validates the
//! settings, checks the history is long enough and finite, and keeps only what the rule needs
//! (a level, a seasonal pattern or a drift line) in a [`FittedBaseline`].
//!
//! **Rule on missing values:** callers pass histories without NaN (ingest fills or trims gaps
//! before modelling). A NaN or infinite value is never silently skipped: fitting returns
//! [`ModelError::NonFiniteHistory`] with its index. Nothing here panics on any input.
//!
//! Baselines have no parameters estimated beyond what they read off the data, so "re-using a
//! fitted baseline at a later origin" and "refitting it on the newer data" are the same thing;
//! the backtest runner relies on that (see `crate::backtest`).

use super::{FittedSeriesModel, ModelError, SeriesModel};

/// The last observed value, repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Naive;

/// The value one season earlier, repeated season after season.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeasonalNaive {
    /// Season length in steps; `None` uses the season passed to [`SeriesModel::fit`].
    pub season: Option<usize>,
}

/// The mean of the whole history (historic average), flat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mean;

/// A random walk with drift: the line from the first to the last observation, extended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Drift;

/// The mean of the last `window` observations, flat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovingAverage {
    /// Number of most recent observations averaged (≥ 1).
    pub window: usize,
}

/// For each position in the season, the mean of that position over the last `seasons` seasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeasonalAverage {
    /// Number of complete seasons averaged (≥ 1).
    pub seasons: usize,
    /// Season length in steps; `None` uses the season passed to [`SeriesModel::fit`].
    pub season: Option<usize>,
}

/// What a fitted baseline keeps: enough to forecast any horizon.
#[derive(Debug, Clone, PartialEq)]
pub enum FittedBaseline {
    /// The same value at every step.
    Flat {
        /// The forecast value.
        level: f64,
    },
    /// A seasonal pattern repeated from the step after the history.
    Seasonal {
        /// `pattern[j]` is the forecast for steps `h` with `(h - 1) % pattern.len() == j`.
        pattern: Vec<f64>,
    },
    /// A straight line from the last observation.
    Line {
        /// The last observed value.
        last: f64,
        /// Increase per step.
        slope_per_step: f64,
    },
}

impl FittedSeriesModel for FittedBaseline {
    fn predict(&self, horizon: usize) -> Vec<f64> {
        match self {
            FittedBaseline::Flat { level } => vec![*level; horizon],
            // A fitted seasonal pattern is never empty (fit rejects season 0); the `get` keeps
            // this total anyway.
            FittedBaseline::Seasonal { pattern } => (0..horizon)
                .map(|i| pattern.get(i % pattern.len().max(1)).copied().unwrap_or(f64::NAN))
                .collect(),
            FittedBaseline::Line { last, slope_per_step } => {
                (1..=horizon).map(|h| last + slope_per_step * h as f64).collect()
            }
        }
    }
}

/// Every baseline behind one type, for lists of candidates and the leaderboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// See [`Naive`].
    Naive,
    /// See [`SeasonalNaive`].
    SeasonalNaive(SeasonalNaive),
    /// See [`Mean`].
    Mean,
    /// See [`Drift`].
    Drift,
    /// See [`MovingAverage`].
    MovingAverage(MovingAverage),
    /// See [`SeasonalAverage`].
    SeasonalAverage(SeasonalAverage),
}

impl Baseline {
    /// A stable display name, e.g. `SeasonalNaive` or `MovingAverage(7)`.
    pub fn name(&self) -> String {
        match self {
            Baseline::Naive => "Naive".into(),
            Baseline::SeasonalNaive(_) => "SeasonalNaive".into(),
            Baseline::Mean => "Mean".into(),
            Baseline::Drift => "Drift".into(),
            Baseline::MovingAverage(m) => format!("MovingAverage({})", m.window),
            Baseline::SeasonalAverage(m) => format!("SeasonalAverage({})", m.seasons),
        }
    }

    /// How complex the rule is, for tie-breaking in model choice: lower is simpler.
    /// One-number rules are 1, rules reading a window or a line are 2, seasonal averages 3.
    pub fn complexity_rank(&self) -> u32 {
        match self {
            Baseline::Naive | Baseline::Mean => 1,
            Baseline::SeasonalNaive(_) | Baseline::Drift | Baseline::MovingAverage(_) => 2,
            Baseline::SeasonalAverage(_) => 3,
        }
    }
}

impl SeriesModel for Baseline {
    type Fitted = FittedBaseline;
    fn fit(&self, history: &[f64], season: usize) -> Result<FittedBaseline, ModelError> {
        match self {
            Baseline::Naive => Naive.fit(history, season),
            Baseline::SeasonalNaive(m) => m.fit(history, season),
            Baseline::Mean => Mean.fit(history, season),
            Baseline::Drift => Drift.fit(history, season),
            Baseline::MovingAverage(m) => m.fit(history, season),
            Baseline::SeasonalAverage(m) => m.fit(history, season),
        }
    }
}

/// Rejects a history shorter than `needed` or holding a non-finite value.
fn check_history(history: &[f64], needed: usize) -> Result<(), ModelError> {
    if history.len() < needed {
        return Err(ModelError::NotEnoughData { needed, got: history.len() });
    }
    match history.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(ModelError::NonFiniteHistory { index }),
        None => Ok(()),
    }
}

/// The season to use: the model's own if set, else the caller's; must be ≥ 1.
fn resolve_season(own: Option<usize>, given: usize) -> Result<usize, ModelError> {
    let season = own.unwrap_or(given);
    if season == 0 {
        return Err(ModelError::InvalidSetting {
            name: "season",
            reason: "the season length must be at least 1 step".into(),
        });
    }
    Ok(season)
}

fn mean_of(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

impl SeriesModel for Naive {
    type Fitted = FittedBaseline;
    fn fit(&self, history: &[f64], _season: usize) -> Result<FittedBaseline, ModelError> {
        check_history(history, 1)?;
        let level =
            history.last().copied().ok_or(ModelError::NotEnoughData { needed: 1, got: 0 })?;
        Ok(FittedBaseline::Flat { level })
    }
}

impl SeriesModel for SeasonalNaive {
    type Fitted = FittedBaseline;
    fn fit(&self, history: &[f64], season: usize) -> Result<FittedBaseline, ModelError> {
        let season = resolve_season(self.season, season)?;
        check_history(history, season)?;
        Ok(FittedBaseline::Seasonal { pattern: history[history.len() - season..].to_vec() })
    }
}

impl SeriesModel for Mean {
    type Fitted = FittedBaseline;
    fn fit(&self, history: &[f64], _season: usize) -> Result<FittedBaseline, ModelError> {
        check_history(history, 1)?;
        Ok(FittedBaseline::Flat { level: mean_of(history) })
    }
}

impl SeriesModel for Drift {
    type Fitted = FittedBaseline;
    fn fit(&self, history: &[f64], _season: usize) -> Result<FittedBaseline, ModelError> {
        check_history(history, 2)?;
        let n = history.len();
        let (first, last) = (history[0], history[n - 1]);
        Ok(FittedBaseline::Line { last, slope_per_step: (last - first) / (n - 1) as f64 })
    }
}

impl SeriesModel for MovingAverage {
    type Fitted = FittedBaseline;
    fn fit(&self, history: &[f64], _season: usize) -> Result<FittedBaseline, ModelError> {
        if self.window == 0 {
            return Err(ModelError::InvalidSetting {
                name: "window",
                reason: "the moving-average window must be at least 1 observation".into(),
            });
        }
        check_history(history, self.window)?;
        Ok(FittedBaseline::Flat { level: mean_of(&history[history.len() - self.window..]) })
    }
}

impl SeriesModel for SeasonalAverage {
    type Fitted = FittedBaseline;
    fn fit(&self, history: &[f64], season: usize) -> Result<FittedBaseline, ModelError> {
        if self.seasons == 0 {
            return Err(ModelError::InvalidSetting {
                name: "seasons",
                reason: "at least 1 season must be averaged".into(),
            });
        }
        let season = resolve_season(self.season, season)?;
        let needed = self.seasons.checked_mul(season).ok_or(ModelError::InvalidSetting {
            name: "seasons",
            reason: "seasons × season length overflows".into(),
        })?;
        check_history(history, needed)?;
        let n = history.len();
        let pattern = (0..season)
            .map(|j| {
                let sum: f64 = (1..=self.seasons).map(|k| history[n - k * season + j]).sum();
                sum / self.seasons as f64
            })
            .collect();
        Ok(FittedBaseline::Seasonal { pattern })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forecast(model: &impl SeriesModel, history: &[f64], season: usize, h: usize) -> Vec<f64> {
        match model.fit(history, season) {
            Ok(fitted) => fitted.predict(h),
            Err(e) => panic!("fit failed: {e}"),
        }
    }

    #[test]
    fn naive_repeats_the_last_value() {
        assert_eq!(forecast(&Naive, &[3.0, 5.0, 4.0], 1, 3), vec![4.0, 4.0, 4.0]);
    }

    #[test]
    fn seasonal_naive_repeats_the_last_season_in_order() {
        let y = [1.0, 2.0, 3.0, 10.0, 20.0, 30.0, 11.0];
        // Last 3 values are 20, 30, 11: steps 1..5 cycle through them.
        assert_eq!(
            forecast(&SeasonalNaive { season: Some(3) }, &y, 7, 5),
            vec![20.0, 30.0, 11.0, 20.0, 30.0]
        );
        // Without its own season it takes the caller's.
        assert_eq!(forecast(&SeasonalNaive::default(), &y, 2, 3), vec![30.0, 11.0, 30.0]);
    }

    #[test]
    fn mean_is_the_historic_average() {
        assert_eq!(forecast(&Mean, &[1.0, 2.0, 6.0], 1, 2), vec![3.0, 3.0]);
    }

    #[test]
    fn drift_extends_the_first_to_last_line() {
        // Slope (10 - 2) / 4 = 2 per step.
        assert_eq!(forecast(&Drift, &[2.0, 9.0, 0.0, 4.0, 10.0], 1, 3), vec![12.0, 14.0, 16.0]);
    }

    #[test]
    fn moving_average_averages_the_last_window() {
        let m = MovingAverage { window: 2 };
        assert_eq!(forecast(&m, &[100.0, 4.0, 6.0], 1, 2), vec![5.0, 5.0]);
    }

    #[test]
    fn seasonal_average_averages_each_position_over_the_last_seasons() {
        // Season 2, two seasons averaged: the last two seasons are [1, 2] and [3, 4], so the
        // pattern is [2, 3]; the leading 99 is outside the averaged seasons.
        let m = SeasonalAverage { seasons: 2, season: Some(2) };
        assert_eq!(forecast(&m, &[99.0, 1.0, 2.0, 3.0, 4.0], 12, 3), vec![2.0, 3.0, 2.0]);
    }

    #[test]
    fn short_histories_are_refused_with_the_needed_length() {
        assert_eq!(Naive.fit(&[], 1), Err(ModelError::NotEnoughData { needed: 1, got: 0 }));
        assert_eq!(Drift.fit(&[1.0], 1), Err(ModelError::NotEnoughData { needed: 2, got: 1 }));
        assert_eq!(
            SeasonalNaive::default().fit(&[1.0, 2.0], 7),
            Err(ModelError::NotEnoughData { needed: 7, got: 2 })
        );
        assert_eq!(
            SeasonalAverage { seasons: 3, season: None }.fit(&[1.0; 8], 3),
            Err(ModelError::NotEnoughData { needed: 9, got: 8 })
        );
    }

    #[test]
    fn invalid_settings_are_refused() {
        assert!(matches!(
            MovingAverage { window: 0 }.fit(&[1.0], 1),
            Err(ModelError::InvalidSetting { name: "window", .. })
        ));
        assert!(matches!(
            SeasonalNaive::default().fit(&[1.0], 0),
            Err(ModelError::InvalidSetting { name: "season", .. })
        ));
        assert!(matches!(
            SeasonalAverage { seasons: 0, season: Some(2) }.fit(&[1.0; 4], 2),
            Err(ModelError::InvalidSetting { name: "seasons", .. })
        ));
    }

    #[test]
    fn a_nan_in_the_history_is_an_error_not_a_forecast() {
        for model in [
            Baseline::Naive,
            Baseline::Mean,
            Baseline::Drift,
            Baseline::SeasonalNaive(SeasonalNaive::default()),
            Baseline::MovingAverage(MovingAverage { window: 2 }),
            Baseline::SeasonalAverage(SeasonalAverage { seasons: 1, season: None }),
        ] {
            assert_eq!(
                model.fit(&[1.0, f64::NAN, 3.0, 4.0], 2),
                Err(ModelError::NonFiniteHistory { index: 1 }),
                "{}",
                model.name()
            );
        }
    }

    #[test]
    fn baseline_names_and_ranks_are_stable() {
        assert_eq!(Baseline::MovingAverage(MovingAverage { window: 7 }).name(), "MovingAverage(7)");
        assert!(Baseline::Naive.complexity_rank() < Baseline::Drift.complexity_rank());
    }
}
