//! The forecast settings the visitor chooses, how they become an engine [`ForecastSpec`], and
//! how they are remembered (local storage) and shared (the page URL).
//!
//! Settings are the app's own small struct, not the engine's spec: they hold only what the
//! set-up panel offers, so a stored or shared value from an older version still loads (unknown
//! or invalid parts fall back to defaults, never to an error). The two baselines are always
//! part of a run, so every leaderboard can be read against them.

use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::features::{Country, FeatureSpec, HolidaySpec, Region};
use prevision_engine::frame::Frame;
use prevision_engine::spec::{BacktestSpec, ForecastSpec, ModelSpec, Strategy};
use serde::{Deserialize, Serialize};

/// Models that every run includes, whatever is ticked.
pub const BASELINES: [&str; 2] = ["naive", "seasonal_naive"];
/// Longest horizon offered.
pub const MAX_HORIZON: usize = 366;
/// Most backtest windows offered.
pub const MAX_WINDOWS: usize = 20;

/// Holiday calendars offered in the set-up panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum HolidayChoice {
    /// No holiday features.
    #[default]
    None,
    /// France, national holidays.
    France,
    /// France with the Alsace-Moselle extra days.
    AlsaceMoselle,
    /// United States federal holidays.
    UnitedStates,
    /// England and Wales bank holidays.
    UnitedKingdom,
    /// Germany, holidays common to every Land.
    Germany,
}

impl HolidayChoice {
    /// Every choice, in the order the menu lists them.
    pub const ALL: [HolidayChoice; 6] = [
        HolidayChoice::None,
        HolidayChoice::France,
        HolidayChoice::AlsaceMoselle,
        HolidayChoice::UnitedStates,
        HolidayChoice::UnitedKingdom,
        HolidayChoice::Germany,
    ];

    /// A short stable code for URLs and form values.
    pub fn code(self) -> &'static str {
        match self {
            HolidayChoice::None => "none",
            HolidayChoice::France => "fr",
            HolidayChoice::AlsaceMoselle => "fr-am",
            HolidayChoice::UnitedStates => "us",
            HolidayChoice::UnitedKingdom => "uk",
            HolidayChoice::Germany => "de",
        }
    }

    /// The choice with this [`HolidayChoice::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The engine's calendar for this choice.
    pub fn spec(self) -> Option<HolidaySpec> {
        let (country, region) = match self {
            HolidayChoice::None => return None,
            HolidayChoice::France => (Country::France, None),
            HolidayChoice::AlsaceMoselle => (Country::France, Some(Region::AlsaceMoselle)),
            HolidayChoice::UnitedStates => (Country::UnitedStates, None),
            HolidayChoice::UnitedKingdom => (Country::UnitedKingdom, None),
            HolidayChoice::Germany => (Country::Germany, None),
        };
        Some(HolidaySpec { country, region })
    }
}

/// Families of features the visitor can switch off (all on by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeatureChoice {
    /// Past values (lags).
    pub lags: bool,
    /// Rolling, expanding and same-season means.
    pub rolling: bool,
    /// Calendar fields (day of week, month…).
    pub calendar: bool,
    /// Smooth yearly waves (Fourier terms).
    pub fourier: bool,
    /// Extra columns of the file (promotions, prices…).
    pub exog: bool,
}

impl Default for FeatureChoice {
    fn default() -> Self {
        FeatureChoice { lags: true, rolling: true, calendar: true, fourier: true, exog: true }
    }
}

/// Everything the set-up panel holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Steps ahead to forecast; `None` until the visitor chooses: the data's own
    /// ([`prevision_engine::forecast::default_horizon`]: 7 days, 24 hours, 12 months…).
    pub horizon: Option<usize>,
    /// Ids of the models to compare ([`ModelSpec::key`]); `None` = the engine's defaults.
    pub models: Option<Vec<String>>,
    /// Backtest windows.
    pub windows: usize,
    /// Interval levels in percent.
    pub levels: Vec<u8>,
    /// Holiday calendar.
    pub holidays: HolidayChoice,
    /// Feature families.
    pub features: FeatureChoice,
    /// Recursive or direct multi-step forecasts.
    pub direct: bool,
    /// Seed of every random choice.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        let spec = ForecastSpec::default();
        Settings {
            horizon: None,
            models: None,
            windows: BacktestSpec::default().windows,
            levels: vec![80, 95],
            holidays: HolidayChoice::None,
            features: FeatureChoice::default(),
            direct: false,
            seed: spec.seed,
        }
    }
}

impl Settings {
    /// The settings a built-in dataset opens with: its country's holidays.
    pub fn for_dataset(dataset: BuiltinDataset) -> Self {
        let holidays = match dataset {
            BuiltinDataset::RetailDemo => HolidayChoice::France,
            BuiltinDataset::BikeSharing => HolidayChoice::UnitedStates,
            BuiltinDataset::DrinksSales => HolidayChoice::None,
        };
        Settings { holidays, ..Settings::default() }
    }

    /// The model ids that will run: the ticked ones (or the defaults), baselines always in.
    pub fn model_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = match &self.models {
            Some(keys) => {
                keys.iter().filter(|k| ModelSpec::from_key(k).is_some()).cloned().collect()
            }
            None => ModelSpec::defaults().iter().map(|m| m.key().to_owned()).collect(),
        };
        for b in BASELINES.iter().rev() {
            if !keys.iter().any(|k| k == b) {
                keys.insert(0, (*b).to_owned());
            }
        }
        keys
    }

    /// Whether model `key` is ticked.
    pub fn has_model(&self, key: &str) -> bool {
        self.model_keys().iter().any(|k| k == key)
    }

    /// Ticks or unticks model `key` (baselines stay in).
    pub fn toggle_model(&mut self, key: &str, on: bool) {
        let mut keys = self.model_keys();
        keys.retain(|k| k != key);
        if on {
            keys.push(key.to_owned());
        }
        // Keep the engine's order, so the leaderboard's tie-breaks do not depend on clicks.
        crate::order::sort_short_by(&mut keys, |a, b| {
            let at = |k: &_| ModelSpec::KEYS.iter().position(|c| c == k);
            at(a).cmp(&at(b))
        });
        self.models = Some(keys);
    }

    /// Clamps every value into what the panel offers (a stored or shared value may be stale).
    pub fn sanitised(mut self) -> Self {
        self.horizon = self.horizon.map(|h| h.clamp(1, MAX_HORIZON));
        self.windows = self.windows.clamp(1, MAX_WINDOWS);
        self.levels.retain(|l| (50..=99).contains(l));
        self.levels.sort_unstable();
        self.levels.dedup();
        self
    }

    /// The engine spec for `frame`: its features start from the engine's defaults for the
    /// frame's frequency, minus the families switched off.
    pub fn to_spec(&self, frame: &Frame) -> ForecastSpec {
        let s = self.clone().sanitised();
        let defaults = ForecastSpec::default();
        let models =
            s.model_keys().iter().filter_map(|k| ModelSpec::from_key_for(k, frame.freq)).collect();
        let features = if s.features == FeatureChoice::default() {
            None
        } else {
            let shortest = frame.series.iter().map(|x| x.observed_len()).min().unwrap_or(0);
            let mut f = FeatureSpec::default_for(frame.freq, shortest);
            f.series_id = frame.series.len() > 1;
            if !s.features.lags {
                f.lags.clear();
                f.differences.clear();
            }
            if !s.features.rolling {
                f.rolling.clear();
                f.seasonal_rolling.clear();
                f.expanding_mean = false;
            }
            if !s.features.calendar {
                f.calendar = Default::default();
            }
            if !s.features.fourier {
                f.fourier.clear();
            }
            if !s.features.exog {
                f.exog = false;
            }
            Some(f)
        };
        ForecastSpec {
            horizon: s.horizon_for(frame),
            models,
            features,
            holidays: s.holidays.spec(),
            strategy: if s.direct { Strategy::Direct } else { Strategy::Recursive },
            backtest: BacktestSpec { windows: s.windows, ..BacktestSpec::default() },
            interval_levels: s.levels.iter().map(|&l| f64::from(l) / 100.0).collect(),
            seed: s.seed,
            ..defaults
        }
    }

    /// The horizon a run on `frame` takes: the one chosen, else the data's own.
    pub fn horizon_for(&self, frame: &Frame) -> usize {
        self.horizon.unwrap_or_else(|| prevision_engine::forecast::default_horizon(frame))
    }

    /// The settings as URL query pairs (only what differs from the defaults).
    pub fn to_query(&self, dataset: Option<BuiltinDataset>) -> Vec<(&'static str, String)> {
        let d = Settings::default();
        let mut q = Vec::new();
        if let Some(ds) = dataset {
            q.push(("dataset", ds.code().to_owned()));
        }
        if let Some(h) = self.horizon {
            q.push(("h", h.to_string()));
        }
        if let Some(m) = &self.models {
            q.push(("models", m.join(",")));
        }
        if self.windows != d.windows {
            q.push(("windows", self.windows.to_string()));
        }
        if self.levels != d.levels {
            let l: Vec<String> = self.levels.iter().map(u8::to_string).collect();
            q.push(("levels", l.join(",")));
        }
        q.push(("holidays", self.holidays.code().to_owned()));
        if self.features != FeatureChoice::default() {
            let f = self.features;
            let code: String = [
                (f.lags, 'l'),
                (f.rolling, 'r'),
                (f.calendar, 'c'),
                (f.fourier, 'f'),
                (f.exog, 'x'),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, c)| *c)
            .collect();
            q.push(("features", if code.is_empty() { "-".to_owned() } else { code }));
        }
        if self.direct {
            q.push(("strategy", "direct".to_owned()));
        }
        if self.seed != d.seed {
            q.push(("seed", self.seed.to_string()));
        }
        q
    }

    /// Settings from URL query pairs: unknown keys and bad values are ignored.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut s = Settings::default();
        for (k, v) in pairs {
            match k {
                "h" => s.horizon = v.parse().ok().filter(|&h| h > 0).or(s.horizon),
                "models" => {
                    s.models = Some(
                        v.split(',')
                            .filter(|k| ModelSpec::from_key(k).is_some())
                            .map(str::to_owned)
                            .collect(),
                    )
                }
                "windows" => s.windows = v.parse().unwrap_or(s.windows),
                "levels" => s.levels = v.split(',').filter_map(|l| l.parse().ok()).collect(),
                "holidays" => s.holidays = HolidayChoice::from_code(v).unwrap_or(s.holidays),
                "features" => {
                    s.features = FeatureChoice {
                        lags: v.contains('l'),
                        rolling: v.contains('r'),
                        calendar: v.contains('c'),
                        fourier: v.contains('f'),
                        exog: v.contains('x'),
                    }
                }
                "strategy" => s.direct = v == "direct",
                "seed" => s.seed = v.parse().unwrap_or(s.seed),
                _ => {}
            }
        }
        s.sanitised()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baselines_always_run_and_models_keep_the_engine_order() {
        let mut s = Settings::default();
        s.toggle_model("naive", false);
        s.toggle_model("ets", false);
        s.toggle_model("lasso", true);
        let keys = s.model_keys();
        assert_eq!(&keys[..2], &["naive", "seasonal_naive"]);
        assert!(keys.contains(&"lasso".to_owned()));
        assert!(!keys.contains(&"ets".to_owned()));
        let positions: Vec<usize> =
            keys.iter().filter_map(|k| ModelSpec::KEYS.iter().position(|c| c == k)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }

    #[test]
    fn settings_survive_the_url_and_bad_values_fall_back() {
        let mut s = Settings {
            horizon: Some(14),
            windows: 3,
            levels: vec![90],
            holidays: HolidayChoice::AlsaceMoselle,
            direct: true,
            seed: 7,
            ..Settings::default()
        };
        s.features.fourier = false;
        s.toggle_model("knn", false);
        let q = s.to_query(Some(BuiltinDataset::RetailDemo));
        assert_eq!(q[0], ("dataset", "retail-demo".to_owned()));
        let back = Settings::from_query(q.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, s);
        let odd = Settings::from_query([("h", "-3"), ("levels", "80,abc,200"), ("zz", "1")]);
        assert_eq!(odd.horizon, Settings::default().horizon);
        assert_eq!(odd.levels, vec![80]);
    }

    #[test]
    fn switched_off_families_leave_the_spec() {
        let frame = prevision_engine::ingest::ingest(
            &BuiltinDataset::DrinksSales.csv(),
            &Default::default(),
        )
        .expect("built-in data loads")
        .frame;
        let on = Settings::default().to_spec(&frame);
        assert!(on.features.is_none(), "defaults are the engine's own");
        let mut s = Settings { horizon: Some(12), levels: vec![95, 80], ..Settings::default() };
        s.features.lags = false;
        s.features.calendar = false;
        let spec = s.to_spec(&frame);
        let f = spec.features.expect("custom features");
        assert!(f.lags.is_empty());
        assert!(!f.calendar.month);
        assert!(!f.rolling.is_empty());
        assert_eq!(spec.horizon, 12);
        assert_eq!(spec.interval_levels, vec![0.8, 0.95]);
    }

    #[test]
    fn without_a_chosen_horizon_the_data_sets_it() {
        let load = |d: BuiltinDataset| {
            prevision_engine::ingest::ingest(&d.csv(), &Default::default()).expect("loads").frame
        };
        let (monthly, daily) =
            (load(BuiltinDataset::DrinksSales), load(BuiltinDataset::RetailDemo));
        let s = Settings::default();
        assert_eq!(s.horizon, None);
        assert_eq!(s.to_spec(&monthly).horizon, 12);
        assert_eq!(s.to_spec(&daily).horizon, 7);
        // Nothing chosen, nothing in the link; a choice travels and wins.
        assert!(!s.to_query(None).iter().any(|(k, _)| *k == "h"));
        let chosen = Settings { horizon: Some(3), ..Settings::default() };
        assert_eq!(chosen.to_spec(&monthly).horizon, 3);
        assert!(chosen.to_query(None).contains(&("h", "3".to_owned())));
    }
}
