//! The leakage guard: a feature row never depends on what it must not know.
//!
//! For random series, random specs (with known-in-advance and observed-only exogenous
//! columns, several frequencies), random target index `t`, origin and step, the row is
//! unchanged when every target after `t - step` (so every target at or after `t` for a
//! recursive builder), every observed-only exogenous value after the origin, and every
//! known-in-advance value other than at `t` are replaced by garbage.

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::features::{
    CalendarField, CalendarSpec, Country, FeatureBuilder, FeatureSpec, FourierSpec, HolidaySpec,
    Region, RollingSpec, RollingStat, SeasonalRollingSpec, SeriesView,
};
use prevision_engine::frame::{Availability, ExogColumn, Frequency};
use proptest::prelude::*;

const STATS: [RollingStat; 5] =
    [RollingStat::Mean, RollingStat::Std, RollingStat::Min, RollingStat::Max, RollingStat::Median];
const FIELDS: [CalendarField; 10] = [
    CalendarField::DayOfWeek,
    CalendarField::DayOfMonth,
    CalendarField::WeekOfYear,
    CalendarField::Month,
    CalendarField::Quarter,
    CalendarField::Year,
    CalendarField::IsWeekend,
    CalendarField::DaysToMonthEnd,
    CalendarField::DaysFromMonthStart,
    CalendarField::Hour,
];
const FREQUENCIES: [Frequency; 4] = [
    Frequency::Daily,
    Frequency::Minutes { minutes: 60 },
    Frequency::Monthly,
    Frequency::BusinessDaily,
];

fn calendar_for(freq: Frequency, on: &[bool]) -> CalendarSpec {
    let mut c = CalendarSpec::default();
    for (field, &wanted) in FIELDS.iter().zip(on) {
        if !wanted || !field.varies_at(freq) {
            continue;
        }
        match field {
            CalendarField::DayOfWeek => c.day_of_week = true,
            CalendarField::DayOfMonth => c.day_of_month = true,
            CalendarField::WeekOfYear => c.week_of_year = true,
            CalendarField::Month => c.month = true,
            CalendarField::Quarter => c.quarter = true,
            CalendarField::Year => c.year = true,
            CalendarField::IsWeekend => c.is_weekend = true,
            CalendarField::DaysToMonthEnd => c.days_to_month_end = true,
            CalendarField::DaysFromMonthStart => c.days_from_month_start = true,
            CalendarField::Hour => c.hour = true,
        }
    }
    c
}

fn spec_strategy() -> impl Strategy<Value = (usize, FeatureSpec)> {
    (
        0..FREQUENCIES.len(),
        prop::collection::vec(1usize..25, 0..6),
        prop::collection::vec((0..STATS.len(), 2usize..10), 0..4),
        any::<bool>(),
        prop::collection::vec((1usize..9, 1usize..4), 0..3),
        prop::collection::vec(1usize..8, 0..3),
        prop::collection::vec(any::<bool>(), FIELDS.len()),
        prop::option::of((3usize..13, 1usize..2)),
        prop::option::of(0usize..5),
        (any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(f, lags, rolling, expanding, seasonal, diffs, cal, fourier, holiday, (exog, sid))| {
                let freq = FREQUENCIES[f];
                let holidays = holiday.map(|h| match h {
                    0 => HolidaySpec { country: Country::France, region: None },
                    1 => HolidaySpec {
                        country: Country::France,
                        region: Some(Region::AlsaceMoselle),
                    },
                    2 => HolidaySpec { country: Country::UnitedStates, region: None },
                    3 => HolidaySpec { country: Country::UnitedKingdom, region: None },
                    _ => HolidaySpec { country: Country::Germany, region: None },
                });
                let spec = FeatureSpec {
                    lags,
                    rolling: rolling
                        .into_iter()
                        .map(|(s, window)| RollingSpec { stat: STATS[s], window })
                        .collect(),
                    expanding_mean: expanding,
                    seasonal_rolling: seasonal
                        .into_iter()
                        .map(|(period, k)| SeasonalRollingSpec { period, k })
                        .collect(),
                    differences: diffs,
                    calendar: calendar_for(freq, &cal),
                    fourier: fourier
                        .map(|(p, order)| vec![FourierSpec { period: p as f64, order }])
                        .unwrap_or_default(),
                    holidays,
                    exog,
                    series_id: sid,
                };
                (f, spec)
            },
        )
}

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![9 => -100.0..100.0f64, 1 => Just(f64::NAN)]
}

fn columns() -> Vec<ExogColumn> {
    vec![
        ExogColumn {
            name: "promo".into(),
            availability: Availability::KnownInAdvance,
            levels: None,
        },
        ExogColumn {
            name: "store".into(),
            availability: Availability::KnownInAdvance,
            levels: Some(vec!["a".into(), "b".into(), "c".into()]),
        },
        ExogColumn {
            name: "weather".into(),
            availability: Availability::ObservedOnly,
            levels: None,
        },
        ExogColumn {
            name: "event".into(),
            availability: Availability::ObservedOnly,
            levels: Some(vec!["none".into(), "match".into()]),
        },
    ]
}

fn timestamps(freq: Frequency, n: usize) -> Vec<NaiveDateTime> {
    // Starts in December so rows cross a year boundary and holidays of two years.
    let first = NaiveDate::from_ymd_opt(2023, 12, 4).and_then(|d| d.and_hms_opt(0, 0, 0));
    let Some(first) = first else { return Vec::new() };
    (0..n).filter_map(|i| freq.add_steps(first, i as i64)).collect()
}

fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn rows_never_read_the_future(
        (f, spec) in spec_strategy(),
        y in prop::collection::vec(value(), 20..70),
        exog_seed in prop::collection::vec(value(), 4 * 80),
        step in 1usize..8,
        t_frac in 0.0..1.3f64,
        origin_back in 0usize..6,
        garbage_is_nan in any::<bool>(),
    ) {
        let freq = FREQUENCIES[f];
        let cols = columns();
        let base = FeatureBuilder::new(&spec, freq, &cols);
        prop_assume!(base.is_ok());
        let Ok(base) = base else { unreachable!() };
        let builder = if step == 1 { base } else {
            let direct = base.for_direct_step(step);
            prop_assume!(direct.is_ok());
            let Ok(direct) = direct else { unreachable!() };
            direct
        };
        let n = y.len();
        // Targets may lie past the end of the arrays: future rows of a forecast.
        let t = ((n as f64 * t_frac) as usize).max(builder.step());
        let origin = t - builder.step() - origin_back.min(t - builder.step());
        // Timestamps cover only the history: later ones are extended on the grid.
        let ts = timestamps(freq, n);
        let exog: Vec<Vec<f64>> = (0..4)
            .map(|j| {
                exog_seed[j * 80..j * 80 + n + 5]
                    .iter()
                    .map(|v| if cols[j].levels.is_some() { (v.abs() as usize % 3) as f64 } else { *v })
                    .collect()
            })
            .collect();

        let view = SeriesView { target: &y, timestamps: &ts, exog: &exog, series_index: 2 };
        let mut clean = vec![0.0; builder.n_features()];
        builder.row(&view, t, origin, &mut clean);

        let garbage = if garbage_is_nan { f64::NAN } else { 1e9 };
        let last_readable = t - builder.step();
        let mut y_bad = y.clone();
        for (i, v) in y_bad.iter_mut().enumerate() {
            if i > last_readable {
                *v = garbage;
            }
        }
        let mut exog_bad = exog.clone();
        for (j, col) in exog_bad.iter_mut().enumerate() {
            for (i, v) in col.iter_mut().enumerate() {
                let observed_only = cols[j].availability == Availability::ObservedOnly;
                if (observed_only && i > origin) || (!observed_only && i != t) {
                    *v = garbage;
                }
            }
        }
        let view_bad = SeriesView { target: &y_bad, timestamps: &ts, exog: &exog_bad, series_index: 2 };
        let mut dirty = vec![0.0; builder.n_features()];
        builder.row(&view_bad, t, origin, &mut dirty);
        prop_assert!(same_bits(&clean, &dirty), "t={t} origin={origin} step={}\n{clean:?}\n{dirty:?}\n{:?}",
            builder.step(), builder.infos().iter().map(|i| &i.key).collect::<Vec<_>>());
    }

    #[test]
    fn direct_rows_never_read_targets_after_their_origin(
        y in prop::collection::vec(-50.0..50.0f64, 40..80),
        lags in prop::collection::vec(1usize..20, 1..6),
        window in 2usize..8,
        step in 1usize..10,
        t_back in 0usize..20,
    ) {
        let spec = FeatureSpec {
            lags: lags.clone(),
            rolling: vec![RollingSpec { stat: RollingStat::Mean, window }],
            expanding_mean: true,
            seasonal_rolling: vec![SeasonalRollingSpec { period: 7, k: 2 }],
            differences: vec![1, 7],
            ..FeatureSpec::default()
        };
        let direct = FeatureBuilder::new(&spec, Frequency::Daily, &[])
            .and_then(|b| b.for_direct_step(step));
        prop_assert!(direct.is_ok());
        let Ok(direct) = direct else { unreachable!() };
        // Only lags >= step are emitted, and lag `step` stands in for the shorter ones.
        for info in direct.infos() {
            if let Some(lag) = info.key.strip_prefix("lag_").and_then(|l| l.parse::<usize>().ok()) {
                prop_assert!(lag >= step, "{} emitted for step {step}", info.key);
            }
        }
        let t = y.len() - t_back.min(y.len() - step);
        let ts = timestamps(Frequency::Daily, y.len());
        let view = SeriesView { target: &y, timestamps: &ts, exog: &[], series_index: 0 };
        let mut clean = vec![0.0; direct.n_features()];
        direct.row(&view, t, t - step, &mut clean);
        let mut cut = y.clone();
        for v in cut.iter_mut().skip(t - step + 1) {
            *v = 1e9;
        }
        let view_cut = SeriesView { target: &cut, timestamps: &ts, exog: &[], series_index: 0 };
        let mut dirty = vec![0.0; direct.n_features()];
        direct.row(&view_cut, t, t - step, &mut dirty);
        prop_assert!(same_bits(&clean, &dirty));
    }
}
