//! What features to build: the serializable [`FeatureSpec`] and its defaults per frequency.
//!
//! A spec is unchecked settings; [`super::FeatureBuilder::new`] validates it. Defaults follow
//! one rule besides the frequency: no component may need more than half of the history as
//! lookback, so at least half of the history yields training rows.

use serde::{Deserialize, Serialize};

use super::calendar::CalendarSpec;
use super::fourier::FourierSpec;
use super::holidays::{Country, Region};
use super::rolling::{RollingSpec, RollingStat, SeasonalRollingSpec};
use crate::frame::Frequency;

/// Public holidays to turn into features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HolidaySpec {
    /// Whose holidays.
    pub country: Country,
    /// An optional region with extra holidays; it must belong to `country`.
    pub region: Option<Region>,
}

/// Every feature family and its settings. Lags, windows and periods are in steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeatureSpec {
    /// Target lags: `y[t - L]`.
    pub lags: Vec<usize>,
    /// Rolling statistics over the most recent readable values.
    pub rolling: Vec<RollingSpec>,
    /// Mean of the whole readable history.
    pub expanding_mean: bool,
    /// Means of the same point of a cycle over past cycles.
    pub seasonal_rolling: Vec<SeasonalRollingSpec>,
    /// Changes `y[t - a] - y[t - a - d]` from the most recent readable value `a`.
    pub differences: Vec<usize>,
    /// Calendar fields of the predicted timestamp.
    pub calendar: CalendarSpec,
    /// Fourier waves of the predicted timestamp.
    pub fourier: Vec<FourierSpec>,
    /// Public-holiday features, if a country is chosen.
    pub holidays: Option<HolidaySpec>,
    /// Use the frame's exogenous columns (known ones at `t`, observed-only ones lagged).
    pub exog: bool,
    /// Add the series index (global models over several series).
    pub series_id: bool,
}

impl Default for FeatureSpec {
    /// An empty spec: no feature at all (use [`FeatureSpec::default_for`] for sensible ones).
    fn default() -> Self {
        Self {
            lags: Vec::new(),
            rolling: Vec::new(),
            expanding_mean: false,
            seasonal_rolling: Vec::new(),
            differences: Vec::new(),
            calendar: CalendarSpec::default(),
            fourier: Vec::new(),
            holidays: None,
            exog: false,
            series_id: false,
        }
    }
}

fn mean_std(windows: &[usize]) -> Vec<RollingSpec> {
    windows
        .iter()
        .flat_map(|&window| {
            [RollingStat::Mean, RollingStat::Std].map(|stat| RollingSpec { stat, window })
        })
        .collect()
}

impl FeatureSpec {
    /// Sensible features for a series of `history_len` observed steps at `freq`. Holidays
    /// are off (the country is the user's choice); exogenous columns are on.
    pub fn default_for(freq: Frequency, history_len: usize) -> Self {
        let mut spec = FeatureSpec { exog: true, ..FeatureSpec::default() };
        let cal = &mut spec.calendar;
        match freq {
            Frequency::Daily => {
                spec.lags = (1..=7).chain([14, 21, 28]).collect();
                if history_len >= 730 {
                    spec.lags.push(364);
                }
                spec.rolling = mean_std(&[7, 28]);
                spec.seasonal_rolling = vec![SeasonalRollingSpec { period: 7, k: 4 }];
                cal.day_of_week = true;
                cal.day_of_month = true;
                cal.month = true;
                cal.is_weekend = true;
                cal.days_to_month_end = true;
                if history_len >= 365 {
                    spec.fourier = vec![FourierSpec { period: 365.25, order: 3 }];
                }
            }
            Frequency::BusinessDaily => {
                spec.lags = (1..=5).chain([10, 15, 20]).collect();
                if history_len >= 520 {
                    spec.lags.push(260);
                }
                spec.rolling = mean_std(&[5, 20]);
                spec.seasonal_rolling = vec![SeasonalRollingSpec { period: 5, k: 4 }];
                cal.day_of_week = true;
                cal.day_of_month = true;
                cal.month = true;
                cal.days_to_month_end = true;
            }
            Frequency::Weekly { .. } => {
                spec.lags = vec![1, 2, 3, 4, 8, 13];
                if history_len >= 104 {
                    spec.lags.push(52);
                }
                spec.rolling = mean_std(&[4]);
                spec.rolling.push(RollingSpec { stat: RollingStat::Mean, window: 13 });
                cal.week_of_year = true;
                cal.month = true;
                if history_len >= 52 {
                    spec.fourier = vec![FourierSpec { period: 365.25 / 7.0, order: 2 }];
                }
            }
            Frequency::Monthly => {
                spec.lags = (1..=12).collect();
                if history_len >= 48 {
                    spec.lags.push(24);
                    spec.seasonal_rolling = vec![SeasonalRollingSpec { period: 12, k: 2 }];
                }
                spec.rolling = vec![
                    RollingSpec { stat: RollingStat::Mean, window: 3 },
                    RollingSpec { stat: RollingStat::Mean, window: 12 },
                    RollingSpec { stat: RollingStat::Std, window: 12 },
                ];
                cal.month = true;
                cal.quarter = true;
            }
            Frequency::Quarterly => {
                spec.lags = vec![1, 2, 3, 4];
                if history_len >= 16 {
                    spec.lags.push(8);
                }
                spec.rolling = vec![RollingSpec { stat: RollingStat::Mean, window: 4 }];
                cal.quarter = true;
            }
            Frequency::Yearly => {
                spec.lags = vec![1, 2, 3];
                spec.rolling = vec![RollingSpec { stat: RollingStat::Mean, window: 3 }];
                spec.differences = vec![1];
                spec.expanding_mean = true;
            }
            Frequency::Minutes { .. } => {
                let day = freq.default_season();
                if day > 1 {
                    let week = day * 7;
                    spec.lags = vec![1, 2, 3, 4, day, 2 * day];
                    if history_len >= 4 * week {
                        spec.lags.push(week);
                    }
                    spec.rolling = mean_std(&[day]);
                    spec.rolling.push(RollingSpec { stat: RollingStat::Mean, window: 4 });
                    spec.seasonal_rolling = vec![SeasonalRollingSpec { period: day, k: 7 }];
                    if history_len >= 8 * week {
                        spec.seasonal_rolling.push(SeasonalRollingSpec { period: week, k: 4 });
                    }
                    cal.hour = true;
                    cal.day_of_week = true;
                    cal.is_weekend = true;
                    spec.fourier = vec![FourierSpec { period: day as f64, order: 3 }];
                } else {
                    spec.lags = (1..=10).collect();
                    spec.rolling = mean_std(&[10]);
                }
            }
        }
        spec.fit_lookback(history_len / 2);
        spec
    }

    /// Drops every component that looks further back than `budget` steps, keeping lag 1 at
    /// least (when `budget` allows it).
    pub fn fit_lookback(&mut self, budget: usize) {
        self.lags.retain(|&l| l <= budget);
        self.rolling.retain(|r| r.window <= budget);
        self.seasonal_rolling.retain(|s| s.period.saturating_mul(s.k) <= budget);
        self.differences.retain(|&d| d < budget);
        if self.lags.is_empty() && budget >= 1 {
            self.lags.push(1);
        }
    }

    /// How many past target steps the features of a one-step-ahead row read: the first
    /// `lookback()` rows of a history yield no training row.
    pub fn lookback(&self) -> usize {
        let lags = self.lags.iter().copied();
        let rolling = self.rolling.iter().map(|r| r.window);
        let seasonal = self.seasonal_rolling.iter().map(|s| s.period.saturating_mul(s.k));
        let differences = self.differences.iter().map(|d| d + 1);
        let any_target = usize::from(self.expanding_mean);
        lags.chain(rolling).chain(seasonal).chain(differences).fold(any_target, usize::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_defaults_depend_on_history_length() {
        let short = FeatureSpec::default_for(Frequency::Daily, 400);
        assert_eq!(short.lags, vec![1, 2, 3, 4, 5, 6, 7, 14, 21, 28]);
        assert_eq!(short.rolling.len(), 4);
        assert_eq!(short.seasonal_rolling, vec![SeasonalRollingSpec { period: 7, k: 4 }]);
        assert!(short.calendar.day_of_week && short.calendar.is_weekend);
        assert_eq!(short.fourier.len(), 1);
        let long = FeatureSpec::default_for(Frequency::Daily, 800);
        assert_eq!(long.lags.last(), Some(&364));
        let tiny = FeatureSpec::default_for(Frequency::Daily, 30);
        assert_eq!(tiny.lags, vec![1, 2, 3, 4, 5, 6, 7, 14]);
        assert_eq!(tiny.rolling.len(), 2);
        assert!(tiny.seasonal_rolling.is_empty());
        assert!(tiny.fourier.is_empty());
    }

    #[test]
    fn lookback_is_the_furthest_component_and_a_budget_trims_it() {
        let mut spec = FeatureSpec::default_for(Frequency::Daily, 400);
        assert_eq!(spec.lookback(), 28);
        spec.differences = vec![30];
        assert_eq!(spec.lookback(), 31);
        spec.fit_lookback(12);
        assert_eq!(spec.lags, vec![1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(spec.lookback(), 7);
        spec.fit_lookback(0);
        assert_eq!(spec.lookback(), 0);
    }

    #[test]
    fn monthly_defaults_use_a_year_of_lags() {
        let spec = FeatureSpec::default_for(Frequency::Monthly, 60);
        assert_eq!(spec.lags, (1..=12).chain([24]).collect::<Vec<_>>());
        assert!(spec.calendar.month && !spec.calendar.day_of_week);
        let short = FeatureSpec::default_for(Frequency::Monthly, 30);
        assert_eq!(short.lags, (1..=12).collect::<Vec<_>>());
    }

    #[test]
    fn half_hourly_defaults_look_a_day_and_a_week_back() {
        let spec = FeatureSpec::default_for(Frequency::Minutes { minutes: 30 }, 48 * 7 * 10);
        assert_eq!(spec.lags, vec![1, 2, 3, 4, 48, 96, 336]);
        assert!(spec.calendar.hour && spec.calendar.day_of_week);
        assert_eq!(spec.seasonal_rolling.len(), 2);
        assert_eq!(spec.fourier, vec![FourierSpec { period: 48.0, order: 3 }]);
        let two_weeks = FeatureSpec::default_for(Frequency::Minutes { minutes: 30 }, 48 * 14);
        assert_eq!(two_weeks.lags, vec![1, 2, 3, 4, 48, 96]);
    }

    #[test]
    fn specs_round_trip_through_json() {
        let spec = FeatureSpec {
            holidays: Some(HolidaySpec {
                country: Country::France,
                region: Some(Region::AlsaceMoselle),
            }),
            ..FeatureSpec::default_for(Frequency::Daily, 800)
        };
        let json = serde_json::to_string(&spec).expect("serializable");
        let back: FeatureSpec = serde_json::from_str(&json).expect("deserializable");
        assert_eq!(back, spec);
    }
}
