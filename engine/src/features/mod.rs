//! Leakage-safe features for forecasting with tabular models, offline holiday calendars and
//! invertible target transforms.
//!
//! A [`FeatureSpec`] says which families to build (lags, rolling and seasonal statistics,
//! differences, calendar, Fourier, holidays, exogenous columns, series id); a
//! [`FeatureBuilder`] validates it once and then writes feature rows.
//!
//! **Leakage invariant.** A builder made for step `s` ([`FeatureBuilder::new`] is step 1,
//! [`FeatureBuilder::for_direct_step`] gives step `h`) writes the row of target index `t` at
//! forecast origin `origin` from: target values at indices `≤ t - s` only; observed-only
//! exogenous values at indices `≤ origin` only; known-in-advance exogenous values, calendar,
//! Fourier and holiday features at `t`. So a direct model for step `h` never sees a target
//! after its origin, and a recursive model (step 1) reads `y[t-1]`, which the forecaster fills
//! with its own earlier prediction when `t - 1 > origin`. The property tests in
//! `engine/tests/features_leakage.rs` check this on random series and specs.
//!
//! ## Usage: a recursive forecast
//! ```
//! use prevision_engine::features::{FeatureBuilder, FeatureSpec, SeriesView};
//! use prevision_engine::frame::{Frequency, Series};
//!
//! let freq = Frequency::Daily;
//! let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
//! let start = start.expect("valid date");
//! let n = 28;
//! let series = Series {
//!     id: "shop".into(),
//!     timestamps: (0..n).filter_map(|i| freq.add_steps(start, i)).collect(),
//!     target: (0..n).map(|i| (i % 7) as f64).collect(),
//!     exog: vec![],
//! };
//! let spec = FeatureSpec { lags: vec![1, 7], ..FeatureSpec::default() };
//! let builder = FeatureBuilder::new(&spec, freq, &[])?;
//! let (x, y, _index) = builder.training_rows(&series, 0, series.target.len(), builder.step());
//! assert_eq!((x.n_rows(), y.len()), (21, 21));
//!
//! // Forecast 7 steps: extend the target with room for predictions and fill it step by step.
//! // Here the "model" repeats lag 7 (a seasonal naive); a fitted regressor goes there.
//! let origin = series.target.len() - 1;
//! let mut target = series.target.clone();
//! target.resize(origin + 1 + 7, f64::NAN);
//! let mut row = vec![0.0; builder.n_features()];
//! for t in origin + 1..target.len() {
//!     let view = SeriesView { target: &target, ..SeriesView::of(&series, 0) };
//!     builder.row(&view, t, origin, &mut row);
//!     target[t] = row[1];
//! }
//! assert_eq!(&target[origin + 1..], &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
//! # Ok::<(), prevision_engine::features::FeatureError>(())
//! ```

mod builder;
pub mod calendar;
pub mod exog;
pub mod fourier;
pub mod holidays;
mod names;
pub use names::{MONTHS_EN, MONTHS_FR};
pub mod rolling;
mod spec;
pub mod transform;

use serde::{Deserialize, Serialize};

pub use builder::{
    FeatureBuilder, HOLIDAY_DISTANCE_CAP_DAYS, MAX_FOURIER_ORDER, MAX_LENGTH_STEPS, SeriesView,
};
pub use calendar::{CalendarField, CalendarSpec};
pub use fourier::FourierSpec;
pub use holidays::{Country, Holiday, HolidayCalendar, HolidayKind, Region, holiday_on, holidays};
pub use rolling::{RollingSpec, RollingStat, SeasonalRollingSpec};
pub use spec::{FeatureSpec, HolidaySpec};
pub use transform::{FittedTransform, TargetTransform, TransformError};

use crate::frame::Frequency;

/// Why a feature spec cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FeatureError {
    /// A length setting (lag, window, period, count, order, step) is zero.
    #[error("the setting `{field}` must be at least 1")]
    ZeroLength {
        /// Which setting (`lags`, `rolling.window`, `seasonal_rolling.k`, `step`…).
        field: &'static str,
    },
    /// A setting is larger than the engine accepts (it would exhaust memory or time).
    #[error("the setting `{field}` is {value}, above the maximum {max}")]
    TooLarge {
        /// Which setting.
        field: &'static str,
        /// The value asked for.
        value: usize,
        /// The largest accepted value.
        max: usize,
    },
    /// A rolling standard deviation needs at least two values.
    #[error("a rolling standard deviation needs a window of at least 2 steps, got {window}")]
    StdWindowTooShort {
        /// The window asked for.
        window: usize,
    },
    /// A Fourier period must be a finite number of steps above 1.
    #[error("a Fourier period must be a finite number of steps above 1, got {period}")]
    InvalidFourierPeriod {
        /// The period asked for.
        period: f64,
    },
    /// Harmonics above half the period alias lower ones.
    #[error("Fourier order {order} is above half the period {period}")]
    FourierOrderTooHigh {
        /// The period.
        period: f64,
        /// The order asked for.
        order: usize,
    },
    /// The holiday region is not in the chosen country.
    #[error("the region {region:?} is not in {country:?}")]
    RegionOutsideCountry {
        /// The region asked for.
        region: Region,
        /// The country chosen.
        country: Country,
    },
    /// A calendar field is constant at this frequency (hour of daily data…).
    #[error("the calendar field `{}` does not vary for {} data", field.key(), frequency.code())]
    CalendarFieldConstant {
        /// The field asked for.
        field: CalendarField,
        /// The frame's frequency.
        frequency: Frequency,
    },
    /// Two features would have the same key (two exogenous columns with one name…).
    #[error("two features are both called `{key}`")]
    DuplicateFeature {
        /// The repeated key.
        key: String,
    },
    /// The spec (at this step) leaves no feature at all.
    #[error("the feature settings leave no feature for step {step}")]
    NoFeatures {
        /// The horizon step of the builder.
        step: usize,
    },
}

/// What part of the signal a feature carries, for grouped explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureGroup {
    /// Recent values and short windows: the current level.
    RecentLevel,
    /// Values one or more seasons back: the repeating pattern.
    SeasonalPattern,
    /// Long averages and changes: the direction.
    Trend,
    /// Calendar fields and Fourier waves of the predicted date.
    Calendar,
    /// Public holidays.
    Holiday,
    /// The user's extra columns.
    Exogenous,
    /// Which series a row belongs to.
    Series,
}

/// The description of one feature column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureInfo {
    /// Stable machine key (`lag_7`, `rolling_mean_28`, `day_of_week`).
    pub key: String,
    /// English name for a business user ("sales 7 days before").
    pub name_en: String,
    /// French name for a business user ("ventes il y a 7 jours").
    pub name_fr: String,
    /// The family it belongs to.
    pub group: FeatureGroup,
}
