//! The validated feature plan and the code that writes feature rows and training designs.
//!
//! A builder is made for one horizon step `s` (its *anchor*): every target-derived feature
//! is anchored at `t - s`, the most recent target a model for that step may read.
//! * Recursive forecasting uses step 1 ([`FeatureBuilder::new`]): lags from 1, rolling windows
//!   ending at `t - 1`. Targets between the origin and `t` are the forecaster's predictions.
//! * Direct forecasting for step `h` uses [`FeatureBuilder::for_direct_step`]: it keeps only
//!   the lags `≥ h` of the spec plus lag `h` itself (the freshest readable value), and anchors
//!   rolling windows, the expanding mean and differences at `t - h`; seasonal means start at
//!   the first whole cycle `≥ h` back, so they keep the same phase. Observed-only exogenous
//!   columns are read `h` steps back (1 for recursive; NaN when that is after the origin).
//!
//! Missing inputs (a gap in the history, a read before the start) become `NaN`.

use chrono::{Datelike, NaiveDateTime};

use super::calendar::CalendarField;
use super::exog::{self, ExogFeature};
use super::fourier::{self, FourierSpec};
use super::holidays::HolidayCalendar;
use super::names::{Span, TargetWords};
use super::rolling::{self, RollingStat};
use super::{FeatureError, FeatureGroup, FeatureInfo, FeatureSpec, HolidaySpec};
use crate::frame::{ExogColumn, Frequency, Series};
use crate::matrix::Matrix;

/// Largest lag, window, period, cycle count, difference or step accepted, in steps
/// (a century of hourly data): keeps every index computation far from overflow.
pub const MAX_LENGTH_STEPS: usize = 1_000_000;

/// Largest number of Fourier harmonics per period.
pub const MAX_FOURIER_ORDER: usize = 50;

/// Distances to holidays are capped: "30" reads as "30 days or more".
pub const HOLIDAY_DISTANCE_CAP_DAYS: u32 = 30;

/// The inputs of one series that a feature row reads.
#[derive(Debug, Clone, Copy)]
pub struct SeriesView<'a> {
    /// Target values, `NaN` where missing; entries after the origin may hold predictions.
    pub target: &'a [f64],
    /// Timestamps; rows past the end are extended on the frequency grid.
    pub timestamps: &'a [NaiveDateTime],
    /// Exogenous columns, `exog[j][t]`, in the order of the builder's `ExogColumn`s.
    pub exog: &'a [Vec<f64>],
    /// The series' position in the frame (the `series_id` feature).
    pub series_index: usize,
}

impl<'a> SeriesView<'a> {
    /// A view of a whole series.
    pub fn of(series: &'a Series, series_index: usize) -> Self {
        Self {
            target: &series.target,
            timestamps: &series.timestamps,
            exog: &series.exog,
            series_index,
        }
    }

    /// Timestamp of index `t`, stepping past the last known one if needed.
    fn timestamp(&self, freq: Frequency, t: usize) -> Option<NaiveDateTime> {
        if let Some(ts) = self.timestamps.get(t) {
            return Some(*ts);
        }
        let last = self.timestamps.len().checked_sub(1)?;
        let ahead = i64::try_from(t - last).ok()?;
        freq.add_steps(self.timestamps[last], ahead)
    }
}

/// A day-level holiday feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HolidayFeature {
    IsHoliday,
    DaysUntilNext,
    DaysSinceLast,
    IsBridgeDay,
    /// For weekly and coarser data: holidays in `[t, next(t))`.
    CountInPeriod,
}

/// One planned feature column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Feature {
    Lag(usize),
    Rolling { stat: RollingStat, window: usize },
    ExpandingMean,
    SeasonalMean { period: usize, first: usize, count: usize },
    Difference(usize),
    Calendar(CalendarField),
    Fourier { period: f64, k: usize, sine: bool },
    Holiday(HolidayFeature),
    Exog(ExogFeature),
    SeriesId,
}

/// Caches shared by the rows of one call.
#[derive(Debug, Default)]
struct RowCache {
    holidays: Option<HolidayCalendar>,
    /// Running (sum, count) of non-missing targets: `prefix[i]` covers `y[..i]`.
    prefix: Option<Vec<(f64, usize)>>,
}

/// A validated feature plan for one horizon step; writes feature rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureBuilder {
    spec: FeatureSpec,
    freq: Frequency,
    exog_columns: Vec<ExogColumn>,
    target_name: Option<String>,
    step: usize,
    features: Vec<Feature>,
    infos: Vec<FeatureInfo>,
    lookback: usize,
}

impl FeatureBuilder {
    /// A builder for one-step (recursive) models; validates `spec` against `freq`.
    pub fn new(
        spec: &FeatureSpec,
        freq: Frequency,
        exog: &[ExogColumn],
    ) -> Result<Self, FeatureError> {
        Self::build(spec, freq, exog, None, 1)
    }

    /// The builder for a direct model of horizon step `step` (≥ 1) with the same spec: only
    /// lags `≥ step` (plus lag `step`), windows anchored at `t - step`.
    pub fn for_direct_step(&self, step: usize) -> Result<Self, FeatureError> {
        Self::build(&self.spec, self.freq, &self.exog_columns, self.target_name.clone(), step)
    }

    /// The same builder with the target's name used in feature names ("sales 7 days before").
    pub fn with_target_name(self, name: &str) -> Result<Self, FeatureError> {
        Self::build(&self.spec, self.freq, &self.exog_columns, Some(name.to_string()), self.step)
    }

    /// One description per column of every row, in column order.
    pub fn infos(&self) -> &[FeatureInfo] {
        &self.infos
    }

    /// Number of columns of every row.
    pub fn n_features(&self) -> usize {
        self.features.len()
    }

    /// How many earlier rows a complete feature row needs (the first trainable index).
    pub fn lookback(&self) -> usize {
        self.lookback
    }

    /// The horizon step this builder is anchored at (1 for recursive models).
    pub fn step(&self) -> usize {
        self.step
    }

    /// The spec it was built from.
    pub fn spec(&self) -> &FeatureSpec {
        &self.spec
    }

    /// Writes into `out` the features of target index `t` as known at forecast origin
    /// `origin` (`origin < t`): targets at indices `≤ t - step`, observed-only exogenous
    /// values at `≤ origin`, everything else at `t`.
    ///
    /// Panics if `out.len() != self.n_features()` (a programming error, never a data one).
    pub fn row(&self, series: &SeriesView<'_>, t: usize, origin: usize, out: &mut [f64]) {
        self.fill(series, t, origin, out, &mut RowCache::default());
    }

    /// The training design over target indices `t` in `[lookback, end)` with origin
    /// `t - step`: pass `step = self.step()` (1 for a recursive builder, `h` for the builder of
    /// direct step `h`). Rows whose target is missing are skipped. Returns the design, the
    /// targets and the target index of each row.
    pub fn training_rows(
        &self,
        series: &Series,
        series_index: usize,
        end: usize,
        step: usize,
    ) -> (Matrix, Vec<f64>, Vec<usize>) {
        let view = SeriesView::of(series, series_index);
        let end = end.min(series.target.len());
        let mut cache = RowCache::default();
        if self.features.iter().any(|f| matches!(f, Feature::ExpandingMean)) {
            let mut acc = (0.0, 0usize);
            let mut prefix = Vec::with_capacity(series.target.len() + 1);
            prefix.push(acc);
            for &v in &series.target {
                if !v.is_nan() {
                    acc = (acc.0 + v, acc.1 + 1);
                }
                prefix.push(acc);
            }
            cache.prefix = Some(prefix);
        }
        if let (Some(h), Some(first), Some(last)) =
            (self.spec.holidays, series.timestamps.first(), series.timestamps.last())
        {
            cache.holidays = Some(HolidayCalendar::new(
                h.country,
                h.region,
                first.year().saturating_sub(1),
                last.year().saturating_add(2),
            ));
        }
        let mut x = Matrix::with_cols(self.n_features());
        let mut y = Vec::new();
        let mut index = Vec::new();
        let mut row = vec![0.0; self.n_features()];
        for t in self.lookback..end {
            let target = series.target[t];
            if target.is_nan() {
                continue;
            }
            self.fill(&view, t, t.saturating_sub(step), &mut row, &mut cache);
            x.push_row(&row);
            y.push(target);
            index.push(t);
        }
        (x, y, index)
    }

    fn fill(
        &self,
        v: &SeriesView<'_>,
        t: usize,
        origin: usize,
        out: &mut [f64],
        cache: &mut RowCache,
    ) {
        assert_eq!(out.len(), self.features.len(), "row buffer must hold one value per feature");
        let y = |i: Option<usize>| i.and_then(|i| v.target.get(i)).copied().unwrap_or(f64::NAN);
        // The most recent readable target index, if any.
        let anchor = t.checked_sub(self.step);
        let ts = v.timestamp(self.freq, t);
        let tau = ts.map(|ts| fourier::time_index(self.freq, ts));
        for (slot, feature) in out.iter_mut().zip(&self.features) {
            *slot = match *feature {
                Feature::Lag(lag) => y(t.checked_sub(lag)),
                Feature::Rolling { stat, window } => anchor.map_or(f64::NAN, |a| {
                    let lo = (a + 1).saturating_sub(window).min(v.target.len());
                    let hi = (a + 1).min(v.target.len());
                    stat.compute(&v.target[lo..hi])
                }),
                Feature::ExpandingMean => anchor.map_or(f64::NAN, |a| {
                    let hi = (a + 1).min(v.target.len());
                    match &cache.prefix {
                        Some(p) => {
                            let (sum, n) = p[hi];
                            if n == 0 { f64::NAN } else { sum / n as f64 }
                        }
                        None => {
                            rolling::mean(v.target[..hi].iter().copied().filter(|x| !x.is_nan()))
                        }
                    }
                }),
                Feature::SeasonalMean { period, first, count } => rolling::mean(
                    (first..first + count)
                        .map(|j| y(period.checked_mul(j).and_then(|back| t.checked_sub(back))))
                        .filter(|x| !x.is_nan()),
                ),
                Feature::Difference(d) => y(anchor) - y(anchor.and_then(|a| a.checked_sub(d))),
                Feature::Calendar(field) => ts.map_or(f64::NAN, |ts| field.value(ts)),
                Feature::Fourier { period, k, sine } => {
                    tau.map_or(f64::NAN, |tau| fourier::fourier_term(tau, period, k, sine))
                }
                Feature::Holiday(h) => self.holiday_value(h, ts, cache),
                Feature::Exog(e) => e.value(v.exog, t, origin),
                Feature::SeriesId => v.series_index as f64,
            };
        }
    }

    fn holiday_value(
        &self,
        h: HolidayFeature,
        ts: Option<NaiveDateTime>,
        cache: &mut RowCache,
    ) -> f64 {
        let (Some(spec), Some(ts)) = (self.spec.holidays, ts) else { return f64::NAN };
        let date = ts.date();
        let needs_rebuild = cache.holidays.as_ref().is_none_or(|c| !c.covers(date));
        if needs_rebuild {
            let year = date.year();
            cache.holidays = Some(HolidayCalendar::new(
                spec.country,
                spec.region,
                year.saturating_sub(1),
                year.saturating_add(1),
            ));
        }
        let Some(cal) = cache.holidays.as_ref() else { return f64::NAN };
        let flag = |b: bool| f64::from(u8::from(b));
        match h {
            HolidayFeature::IsHoliday => flag(cal.is_holiday(date)),
            HolidayFeature::DaysUntilNext => {
                f64::from(cal.days_until_next(date, HOLIDAY_DISTANCE_CAP_DAYS))
            }
            HolidayFeature::DaysSinceLast => {
                f64::from(cal.days_since_last(date, HOLIDAY_DISTANCE_CAP_DAYS))
            }
            HolidayFeature::IsBridgeDay => flag(cal.is_bridge_day(date)),
            HolidayFeature::CountInPeriod => self
                .freq
                .next(ts)
                .map_or(f64::NAN, |end| cal.count_between(date, end.date()) as f64),
        }
    }

    fn build(
        spec: &FeatureSpec,
        freq: Frequency,
        exog_columns: &[ExogColumn],
        target_name: Option<String>,
        step: usize,
    ) -> Result<Self, FeatureError> {
        if step == 0 {
            return Err(FeatureError::ZeroLength { field: "step" });
        }
        check_max("step", step, MAX_LENGTH_STEPS)?;
        validate(spec, freq)?;
        let words = TargetWords::new(target_name.as_deref());
        let span = |steps: usize| Span::of(freq, steps);
        let seasonal_periods: Vec<usize> =
            freq.seasonal_periods().into_iter().filter(|p| *p > 1).collect();
        let lag_group = |lag: usize| {
            if seasonal_periods.iter().any(|p| lag.is_multiple_of(*p)) {
                FeatureGroup::SeasonalPattern
            } else {
                FeatureGroup::RecentLevel
            }
        };
        let anchored = |key: String| {
            if step > 1 { format!("{key}_from_lag_{step}") } else { key }
        };
        let until_en = || {
            if step > 1 { format!(" ending {} before", span(step).en()) } else { String::new() }
        };
        let until_fr = || {
            if step > 1 { format!(" jusqu'à il y a {}", span(step).fr()) } else { String::new() }
        };
        let (v_en, v_fr) = (&words.en, &words.fr);

        let mut plan: Vec<(Feature, FeatureInfo, usize)> = Vec::new();
        let mut push = |feature, key: String, name_en: String, name_fr: String, group, lookback| {
            plan.push((feature, FeatureInfo { key, name_en, name_fr, group }, lookback));
        };

        let mut lags: Vec<usize> = spec.lags.iter().copied().filter(|&l| l >= step).collect();
        // Lags shorter than the step are unreadable; the freshest readable value stands in.
        if spec.lags.iter().any(|&l| l < step) {
            lags.push(step);
        }
        lags.sort_unstable();
        lags.dedup();
        for lag in lags {
            let s = span(lag);
            push(
                Feature::Lag(lag),
                format!("lag_{lag}"),
                format!("{v_en} {} before", s.en()),
                format!("{v_fr} il y a {}", s.fr()),
                lag_group(lag),
                lag,
            );
        }

        let mut seen_rolling = Vec::new();
        for r in &spec.rolling {
            if seen_rolling.contains(r) {
                continue;
            }
            seen_rolling.push(*r);
            let s = span(r.window);
            let (over_en, over_fr) = if step > 1 {
                (format!("over {}", s.en()), format!("sur {}", s.fr()))
            } else {
                (format!("over {}", s.last_en()), format!("sur {}", s.last_fr()))
            };
            let group = if r.stat == RollingStat::Mean && r.window > freq.default_season().max(1) {
                FeatureGroup::Trend
            } else {
                FeatureGroup::RecentLevel
            };
            push(
                Feature::Rolling { stat: r.stat, window: r.window },
                anchored(format!("rolling_{}_{}", r.stat.key(), r.window)),
                format!("{v_en}, {} {over_en}{}", r.stat.name_en(), until_en()),
                format!("{v_fr}, {} {over_fr}{}", r.stat.name_fr(), until_fr()),
                group,
                step + r.window - 1,
            );
        }

        if spec.expanding_mean {
            push(
                Feature::ExpandingMean,
                anchored("expanding_mean".into()),
                format!("{v_en}, average of the whole history{}", until_en()),
                format!("{v_fr}, moyenne de tout l'historique{}", until_fr()),
                FeatureGroup::Trend,
                step,
            );
        }

        let mut seen_seasonal = Vec::new();
        for s in &spec.seasonal_rolling {
            if seen_seasonal.contains(s) {
                continue;
            }
            seen_seasonal.push(*s);
            let first = step.div_ceil(s.period);
            let (label_en, label_fr) = seasonal_label(freq, s.period);
            let over = Span::coarse(freq, s.period * s.k);
            let from = if first > 1 {
                let back = Span::coarse(freq, s.period * first);
                (
                    format!(" (from {} before)", back.en()),
                    format!(" (à partir d'il y a {})", back.fr()),
                )
            } else {
                (String::new(), String::new())
            };
            let key = format!("seasonal_mean_{}x{}", s.period, s.k);
            push(
                Feature::SeasonalMean { period: s.period, first, count: s.k },
                if first > 1 { format!("{key}_from_lag_{}", s.period * first) } else { key },
                format!("{v_en}, average of the {label_en} over {}{}", over.last_en(), from.0),
                format!("{v_fr}, moyenne {label_fr} sur {}{}", over.last_fr(), from.1),
                FeatureGroup::SeasonalPattern,
                s.period * (first + s.k - 1),
            );
        }

        let mut differences = spec.differences.clone();
        differences.sort_unstable();
        differences.dedup();
        for d in differences {
            let s = span(d);
            push(
                Feature::Difference(d),
                anchored(format!("diff_{d}")),
                format!("{v_en}, change over {}{}", s.last_en(), until_en()),
                format!("{v_fr}, variation sur {}{}", s.last_fr(), until_fr()),
                FeatureGroup::Trend,
                step + d,
            );
        }

        for field in spec.calendar.fields(freq)? {
            push(
                Feature::Calendar(field),
                field.key().into(),
                field.name_en().into(),
                field.name_fr().into(),
                FeatureGroup::Calendar,
                0,
            );
        }

        for &FourierSpec { period, order } in &spec.fourier {
            let (cycle_en, cycle_fr) = fourier::cycle_names(freq, period);
            for k in 1..=order {
                for (sine, en, fr, key) in
                    [(true, "sine", "sinus", "sin"), (false, "cosine", "cosinus", "cos")]
                {
                    push(
                        Feature::Fourier { period, k, sine },
                        format!("fourier_{period}_{key}_{k}"),
                        format!("{cycle_en}, {en} wave {k}"),
                        format!("{cycle_fr}, onde {fr} {k}"),
                        FeatureGroup::Calendar,
                        0,
                    );
                }
            }
        }

        if spec.holidays.is_some() {
            let day_level = matches!(
                freq,
                Frequency::Daily | Frequency::BusinessDaily | Frequency::Minutes { .. }
            );
            let features: &[(HolidayFeature, &str, &str, &str)] = if day_level {
                &[
                    (HolidayFeature::IsHoliday, "holiday", "public holiday", "jour férié"),
                    (
                        HolidayFeature::DaysUntilNext,
                        "days_to_next_holiday",
                        "days until the next public holiday",
                        "jours avant le prochain jour férié",
                    ),
                    (
                        HolidayFeature::DaysSinceLast,
                        "days_since_last_holiday",
                        "days since the last public holiday",
                        "jours depuis le dernier jour férié",
                    ),
                    (HolidayFeature::IsBridgeDay, "bridge_day", "bridge day", "jour de pont"),
                ]
            } else {
                &[(
                    HolidayFeature::CountInPeriod,
                    "holidays_in_period",
                    "public holidays in the period",
                    "jours fériés dans la période",
                )]
            };
            for &(h, key, en, fr) in features {
                push(
                    Feature::Holiday(h),
                    key.into(),
                    en.into(),
                    fr.into(),
                    FeatureGroup::Holiday,
                    0,
                );
            }
        }

        if spec.exog {
            for (e, info) in exog::plan(exog_columns, freq, step) {
                let lookback = e.lookback();
                push(Feature::Exog(e), info.key, info.name_en, info.name_fr, info.group, lookback);
            }
        }

        if spec.series_id {
            push(
                Feature::SeriesId,
                "series_id".into(),
                "series".into(),
                "série".into(),
                FeatureGroup::Series,
                0,
            );
        }

        if plan.is_empty() {
            return Err(FeatureError::NoFeatures { step });
        }
        let mut keys: Vec<&str> = plan.iter().map(|(_, i, _)| i.key.as_str()).collect();
        keys.sort_unstable();
        if let Some(pair) = keys.windows(2).find(|w| w[0] == w[1]) {
            return Err(FeatureError::DuplicateFeature { key: pair[0].to_string() });
        }
        let lookback = plan.iter().map(|(_, _, l)| *l).max().unwrap_or(0);
        let (features, infos) = plan.into_iter().map(|(f, i, _)| (f, i)).unzip();
        Ok(Self {
            spec: spec.clone(),
            freq,
            exog_columns: exog_columns.to_vec(),
            target_name,
            step,
            features,
            infos,
            lookback,
        })
    }
}

/// How "the same point of a cycle of `period` steps" reads ("same weekday", "même mois"); the
/// French comes with the "of the" its gender takes, for "moyenne du même mois" and "moyenne de
/// la même heure de la journée".
fn seasonal_label(freq: Frequency, period: usize) -> (String, String) {
    let cycle = Span::coarse(freq, period);
    let sub_daily = matches!(freq, Frequency::Minutes { .. });
    // (English, French, whether the French noun is feminine)
    let (en, fr, feminine) = if cycle.is_one("week") && sub_daily {
        ("same time and weekday", "même heure du même jour de la semaine", true)
    } else if cycle.is_one("week") {
        ("same weekday", "même jour de la semaine", false)
    } else if cycle.is_one("day") && sub_daily {
        ("same time of day", "même heure de la journée", true)
    } else if cycle.is_one("year") && freq == Frequency::Monthly {
        ("same month", "même mois", false)
    } else if cycle.is_one("year") && freq == Frequency::Quarterly {
        ("same quarter", "même trimestre", false)
    } else if matches!(freq, Frequency::Weekly { .. }) && period == 52 {
        ("same week of the year", "même semaine de l'année", true)
    } else {
        return (
            format!("same point of the {}-long cycle", cycle.en()),
            format!("du même moment du cycle de {}", cycle.fr()),
        );
    };
    (en.into(), format!("{} {fr}", if feminine { "de la" } else { "du" }))
}

fn check_max(field: &'static str, value: usize, max: usize) -> Result<(), FeatureError> {
    if value > max { Err(FeatureError::TooLarge { field, value, max }) } else { Ok(()) }
}

fn validate(spec: &FeatureSpec, freq: Frequency) -> Result<(), FeatureError> {
    let zero = |field| Err(FeatureError::ZeroLength { field });
    for &lag in &spec.lags {
        check_max("lags", lag, MAX_LENGTH_STEPS)?;
    }
    for r in &spec.rolling {
        check_max("rolling.window", r.window, MAX_LENGTH_STEPS)?;
    }
    for s in &spec.seasonal_rolling {
        check_max("seasonal_rolling.period", s.period, MAX_LENGTH_STEPS)?;
        check_max("seasonal_rolling.k", s.k, MAX_LENGTH_STEPS / s.period.max(1))?;
    }
    for &d in &spec.differences {
        check_max("differences", d, MAX_LENGTH_STEPS)?;
    }
    for f in &spec.fourier {
        check_max("fourier.order", f.order, MAX_FOURIER_ORDER)?;
    }
    if spec.lags.contains(&0) {
        return zero("lags");
    }
    for r in &spec.rolling {
        if r.window == 0 {
            return zero("rolling.window");
        }
        if r.stat == RollingStat::Std && r.window < 2 {
            return Err(FeatureError::StdWindowTooShort { window: r.window });
        }
    }
    for s in &spec.seasonal_rolling {
        if s.period == 0 {
            return zero("seasonal_rolling.period");
        }
        if s.k == 0 {
            return zero("seasonal_rolling.k");
        }
    }
    if spec.differences.contains(&0) {
        return zero("differences");
    }
    for f in &spec.fourier {
        if !f.period.is_finite() || f.period <= 1.0 {
            return Err(FeatureError::InvalidFourierPeriod { period: f.period });
        }
        if f.order == 0 {
            return zero("fourier.order");
        }
        if f.order as f64 > f.period / 2.0 {
            return Err(FeatureError::FourierOrderTooHigh { period: f.period, order: f.order });
        }
    }
    if let Some(HolidaySpec { country, region: Some(region) }) = spec.holidays
        && region.country() != country
    {
        return Err(FeatureError::RegionOutsideCountry { region, country });
    }
    spec.calendar.fields(freq)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{CalendarSpec, Country, Region, RollingSpec, SeasonalRollingSpec};
    use crate::frame::Availability;
    use chrono::NaiveDate;

    fn days(start: (i32, u32, u32), n: usize) -> Vec<NaiveDateTime> {
        let first = NaiveDate::from_ymd_opt(start.0, start.1, start.2)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid");
        (0..n).filter_map(|i| Frequency::Daily.add_steps(first, i as i64)).collect()
    }

    fn only(spec: FeatureSpec) -> FeatureBuilder {
        FeatureBuilder::new(&spec, Frequency::Daily, &[]).expect("valid spec")
    }

    fn row_of(b: &FeatureBuilder, y: &[f64], t: usize) -> Vec<f64> {
        let ts = days((2024, 1, 1), y.len());
        let view = SeriesView { target: y, timestamps: &ts, exog: &[], series_index: 0 };
        let mut out = vec![0.0; b.n_features()];
        b.row(&view, t, t - b.step(), &mut out);
        out
    }

    #[test]
    fn lags_read_exact_past_values() {
        let b = only(FeatureSpec { lags: vec![1, 3], ..FeatureSpec::default() });
        let y = [10.0, 11.0, 12.0, 13.0, 14.0];
        assert_eq!(row_of(&b, &y, 4), vec![13.0, 11.0]);
        assert_eq!(b.lookback(), 3);
        let r = row_of(&b, &y, 2);
        assert_eq!(r[0], 11.0);
        assert!(r[1].is_nan(), "lag 3 before the start is missing");
        assert_eq!(b.infos()[1].key, "lag_3");
        assert_eq!(b.infos()[1].name_en, "value 3 days before");
        assert_eq!(b.infos()[1].name_fr, "valeur il y a 3 jours");
    }

    #[test]
    fn rolling_statistics_end_at_the_previous_value() {
        let stats = [
            RollingStat::Mean,
            RollingStat::Std,
            RollingStat::Min,
            RollingStat::Max,
            RollingStat::Median,
        ];
        let b = only(FeatureSpec {
            rolling: stats.iter().map(|&stat| RollingSpec { stat, window: 3 }).collect(),
            ..FeatureSpec::default()
        });
        // Window for t = 4 is y[1..=3] = 2, 7, 3.
        let y = [100.0, 2.0, 7.0, 3.0, -50.0];
        let r = row_of(&b, &y, 4);
        assert_eq!(r[0], 4.0);
        assert!((r[1] - 7.0f64.sqrt()).abs() < 1e-12, "sample std of 2,7,3 is sqrt(7)");
        assert_eq!(&r[2..], &[2.0, 7.0, 3.0]);
        assert_eq!(b.lookback(), 3);
        assert_eq!(b.infos()[0].name_en, "value, average over the last 3 days");
        assert_eq!(b.infos()[0].name_fr, "valeur, moyenne sur les 3 derniers jours");
    }

    #[test]
    fn expanding_mean_seasonal_mean_and_differences() {
        let b = only(FeatureSpec {
            expanding_mean: true,
            seasonal_rolling: vec![SeasonalRollingSpec { period: 2, k: 2 }],
            differences: vec![2],
            ..FeatureSpec::default()
        });
        let y = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0];
        // t = 5: expanding mean of y[0..=4] = 31/5; same phase y[3], y[1] = 8, 2; y[4] - y[2].
        assert_eq!(row_of(&b, &y, 5), vec![6.2, 5.0, 12.0]);
        assert_eq!(b.infos()[1].key, "seasonal_mean_2x2");
        assert_eq!(b.lookback(), 4);
    }

    #[test]
    fn direct_builders_keep_only_lags_from_their_step() {
        let spec = FeatureSpec {
            lags: vec![1, 2, 7],
            rolling: vec![RollingSpec { stat: RollingStat::Mean, window: 2 }],
            seasonal_rolling: vec![SeasonalRollingSpec { period: 7, k: 2 }],
            ..FeatureSpec::default()
        };
        let direct = only(spec).for_direct_step(3).expect("valid step");
        let keys: Vec<_> = direct.infos().iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["lag_3", "lag_7", "rolling_mean_2_from_lag_3", "seasonal_mean_7x2"]);
        let y: Vec<f64> = (0..20).map(f64::from).collect();
        // t = 16: lag 3 = 13, lag 7 = 9, mean(y[12], y[13]) = 12.5, mean(y[9], y[2]) = 5.5.
        assert_eq!(row_of(&direct, &y, 16), vec![13.0, 9.0, 12.5, 5.5]);
        assert_eq!(direct.infos()[2].name_en, "value, average over 2 days ending 3 days before");
        let far = direct.for_direct_step(9).expect("valid step");
        // Seasonal mean shifts by whole cycles: y[t-14], y[t-21].
        let keys: Vec<_> = far.infos().iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["lag_9", "rolling_mean_2_from_lag_9", "seasonal_mean_7x2_from_lag_14"]);
        // t = 22: y[13]; mean(y[12], y[13]); mean(y[8], y[1]).
        assert_eq!(row_of(&far, &y, 22), vec![13.0, 12.5, 4.5]);
        assert_eq!(far.lookback(), 21);
    }

    #[test]
    fn calendar_fourier_and_holiday_features_read_the_target_date() {
        let b = FeatureBuilder::new(
            &FeatureSpec {
                calendar: CalendarSpec {
                    day_of_week: true,
                    month: true,
                    ..CalendarSpec::default()
                },
                fourier: vec![FourierSpec { period: 7.0, order: 1 }],
                holidays: Some(HolidaySpec { country: Country::France, region: None }),
                ..FeatureSpec::default()
            },
            Frequency::Daily,
            &[],
        )
        .expect("valid spec");
        // 2024-05-10 is the Friday after Ascension; 40 days after 2024-04-01 (index 0).
        let y = vec![0.0; 40];
        let ts = days((2024, 4, 1), 40);
        let view = SeriesView { target: &y, timestamps: &ts, exog: &[], series_index: 0 };
        let mut out = vec![0.0; b.n_features()];
        b.row(&view, 39, 38, &mut out);
        let tau = 19_853.0; // days from 1970-01-01 to 2024-05-10
        let expected_sin = (std::f64::consts::TAU * tau / 7.0).sin();
        assert_eq!(out[..2], [4.0, 5.0]);
        assert!((out[2] - expected_sin).abs() < 1e-12);
        // holiday, days to next (Whit Monday 20 May), days since Ascension, bridge day.
        assert_eq!(out[4..], [0.0, 10.0, 1.0, 1.0]);
        // Past the last timestamp the grid is extended: index 40 is Saturday 2024-05-11.
        b.row(&view, 40, 38, &mut out);
        assert_eq!(out[..2], [5.0, 5.0]);
    }

    #[test]
    fn exogenous_and_series_id_features() {
        let cols = [
            ExogColumn {
                name: "promo".into(),
                availability: Availability::KnownInAdvance,
                levels: None,
            },
            ExogColumn {
                name: "temp".into(),
                availability: Availability::ObservedOnly,
                levels: None,
            },
        ];
        let b = FeatureBuilder::new(
            &FeatureSpec { exog: true, series_id: true, ..FeatureSpec::default() },
            Frequency::Daily,
            &cols,
        )
        .expect("valid spec");
        let y = [1.0, 2.0, 3.0, f64::NAN];
        let ts = days((2024, 1, 1), 4);
        let exog = vec![vec![0.0, 1.0, 0.0, 1.0], vec![5.0, 6.0, 7.0, 8.0]];
        let view = SeriesView { target: &y, timestamps: &ts, exog: &exog, series_index: 3 };
        let mut out = vec![0.0; 3];
        b.row(&view, 3, 2, &mut out);
        assert_eq!(out, [1.0, 7.0, 3.0]);
        // Two steps ahead of the origin the observed-only value at t-1 is not known yet.
        b.row(&view, 3, 1, &mut out);
        assert!(out[1].is_nan());
        assert_eq!(b.infos()[1].name_en, "temp 1 day before");
    }

    #[test]
    fn target_name_appears_in_feature_names() {
        let b = only(FeatureSpec {
            lags: vec![7],
            seasonal_rolling: vec![SeasonalRollingSpec { period: 7, k: 4 }],
            ..FeatureSpec::default()
        })
        .with_target_name("ventes")
        .expect("valid");
        assert_eq!(b.infos()[0].name_fr, "ventes il y a 7 jours");
        assert_eq!(b.infos()[0].group, FeatureGroup::SeasonalPattern);
        assert_eq!(
            b.infos()[1].name_en,
            "ventes, average of the same weekday over the last 4 weeks"
        );
        assert_eq!(
            b.infos()[1].name_fr,
            "ventes, moyenne du même jour de la semaine sur les 4 dernières semaines"
        );
    }

    #[test]
    fn seasonal_averages_agree_with_the_gender_of_their_french_noun() {
        let label = |freq, period, k| {
            let spec = FeatureSpec {
                seasonal_rolling: vec![SeasonalRollingSpec { period, k }],
                ..FeatureSpec::default()
            };
            FeatureBuilder::new(&spec, freq, &[]).expect("valid spec").infos()[0].name_fr.clone()
        };
        let hourly = Frequency::Minutes { minutes: 60 };
        assert_eq!(
            label(hourly, 24, 7),
            "valeur, moyenne de la même heure de la journée sur la dernière semaine"
        );
        assert_eq!(
            label(hourly, 168, 4),
            "valeur, moyenne de la même heure du même jour de la semaine sur les 4 dernières semaines"
        );
        assert_eq!(
            label(Frequency::Weekly { anchor: chrono::Weekday::Mon }, 52, 2),
            "valeur, moyenne de la même semaine de l'année sur les 104 dernières semaines"
        );
        assert_eq!(
            label(Frequency::Monthly, 12, 2),
            "valeur, moyenne du même mois sur les 2 dernières années"
        );
        assert_eq!(
            label(Frequency::Quarterly, 4, 3),
            "valeur, moyenne du même trimestre sur les 3 dernières années"
        );
        assert_eq!(
            label(Frequency::Daily, 7, 4),
            "valeur, moyenne du même jour de la semaine sur les 4 dernières semaines"
        );
        assert_eq!(
            label(Frequency::Daily, 5, 2),
            "valeur, moyenne du même moment du cycle de 5 jours sur les 10 derniers jours"
        );
        for (freq, period) in [(hourly, 24), (hourly, 168), (Frequency::Monthly, 12)] {
            let name = label(freq, period, 2);
            assert!(!name.contains("du même heure") && !name.contains("du même semaine"), "{name}");
        }
    }

    #[test]
    fn invalid_settings_are_refused_with_their_field() {
        let build = |spec: FeatureSpec| FeatureBuilder::new(&spec, Frequency::Daily, &[]);
        assert_eq!(
            build(FeatureSpec { lags: vec![0], ..FeatureSpec::default() }),
            Err(FeatureError::ZeroLength { field: "lags" })
        );
        assert_eq!(
            build(FeatureSpec {
                rolling: vec![RollingSpec { stat: RollingStat::Std, window: 1 }],
                ..FeatureSpec::default()
            }),
            Err(FeatureError::StdWindowTooShort { window: 1 })
        );
        assert_eq!(
            build(FeatureSpec {
                fourier: vec![FourierSpec { period: 7.0, order: 4 }],
                ..FeatureSpec::default()
            }),
            Err(FeatureError::FourierOrderTooHigh { period: 7.0, order: 4 })
        );
        assert_eq!(
            build(FeatureSpec {
                holidays: Some(HolidaySpec {
                    country: Country::Germany,
                    region: Some(Region::AlsaceMoselle)
                }),
                ..FeatureSpec::default()
            }),
            Err(FeatureError::RegionOutsideCountry {
                region: Region::AlsaceMoselle,
                country: Country::Germany
            })
        );
        assert_eq!(build(FeatureSpec::default()), Err(FeatureError::NoFeatures { step: 1 }));
        let twice = ExogColumn {
            name: "x".into(),
            availability: Availability::KnownInAdvance,
            levels: None,
        };
        assert_eq!(
            FeatureBuilder::new(
                &FeatureSpec { exog: true, ..FeatureSpec::default() },
                Frequency::Daily,
                &[twice.clone(), twice]
            ),
            Err(FeatureError::DuplicateFeature { key: "exog_x".into() })
        );
        let b = only(FeatureSpec { lags: vec![1], ..FeatureSpec::default() });
        assert_eq!(b.for_direct_step(0), Err(FeatureError::ZeroLength { field: "step" }));
        assert_eq!(
            build(FeatureSpec {
                seasonal_rolling: vec![SeasonalRollingSpec { period: 1000, k: usize::MAX }],
                ..FeatureSpec::default()
            }),
            Err(FeatureError::TooLarge {
                field: "seasonal_rolling.k",
                value: usize::MAX,
                max: 1000
            })
        );
        assert!(matches!(
            build(FeatureSpec { lags: vec![usize::MAX], ..FeatureSpec::default() }),
            Err(FeatureError::TooLarge { field: "lags", .. })
        ));
    }
}
