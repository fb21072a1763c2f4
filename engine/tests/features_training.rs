//! Training designs: shapes, skipped missing targets, rows identical to `row`, and direct
//! designs that only use what is known `h` steps ahead.

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::features::{
    CalendarSpec, Country, FeatureBuilder, FeatureGroup, FeatureSpec, HolidaySpec, RollingSpec,
    RollingStat, SeasonalRollingSpec, SeriesView,
};
use prevision_engine::frame::{Availability, ExogColumn, Frequency, Series};

fn daily(n: usize) -> Vec<NaiveDateTime> {
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let first = first.expect("valid date");
    (0..n).filter_map(|i| Frequency::Daily.add_steps(first, i as i64)).collect()
}

fn series(n: usize, missing: &[usize]) -> Series {
    let target = (0..n)
        .map(|i| if missing.contains(&i) { f64::NAN } else { (i * i % 17) as f64 + i as f64 })
        .collect();
    Series {
        id: "shop".into(),
        timestamps: daily(n),
        target,
        exog: vec![
            (0..n).map(|i| (i % 2) as f64).collect(),
            (0..n).map(|i| i as f64 * 0.5).collect(),
        ],
    }
}

fn columns() -> Vec<ExogColumn> {
    vec![
        ExogColumn {
            name: "promo".into(),
            availability: Availability::KnownInAdvance,
            levels: None,
        },
        ExogColumn {
            name: "temperature".into(),
            availability: Availability::ObservedOnly,
            levels: None,
        },
    ]
}

fn spec() -> FeatureSpec {
    FeatureSpec {
        lags: vec![1, 2, 7],
        rolling: vec![RollingSpec { stat: RollingStat::Mean, window: 3 }],
        expanding_mean: true,
        seasonal_rolling: vec![SeasonalRollingSpec { period: 7, k: 2 }],
        differences: vec![1],
        calendar: CalendarSpec { day_of_week: true, ..CalendarSpec::default() },
        holidays: Some(HolidaySpec { country: Country::France, region: None }),
        exog: true,
        series_id: true,
        ..FeatureSpec::default()
    }
}

#[test]
fn training_rows_skip_missing_targets_and_match_single_rows() {
    let s = series(60, &[20, 33, 59]);
    let b = FeatureBuilder::new(&spec(), Frequency::Daily, &columns()).expect("valid spec");
    assert_eq!(b.lookback(), 14);
    let (x, y, index) = b.training_rows(&s, 4, 60, 1);
    // Targets 14..60 minus the missing 20, 33 and 59.
    assert_eq!(index.len(), 46 - 3);
    assert_eq!(x.n_rows(), index.len());
    assert_eq!(x.n_cols(), b.infos().len());
    assert_eq!(y.len(), index.len());
    assert_eq!(index.first(), Some(&14));
    assert!(!index.contains(&20) && !index.contains(&33) && !index.contains(&59));
    let view = SeriesView::of(&s, 4);
    let mut row = vec![0.0; b.n_features()];
    for (i, &t) in index.iter().enumerate() {
        assert_eq!(y[i], s.target[t]);
        b.row(&view, t, t - 1, &mut row);
        for (a, c) in x.row(i).iter().zip(&row) {
            // The design sums the expanding mean by prefix sums, `row` directly.
            assert!(
                (a - c).abs() <= 1e-12 * c.abs().max(1.0) || (a.is_nan() && c.is_nan()),
                "t={t}"
            );
        }
    }
    let keys: Vec<_> = b.infos().iter().map(|i| i.key.as_str()).collect();
    let sid = keys.iter().position(|k| *k == "series_id").expect("series id feature");
    assert!(x.column(sid).iter().all(|v| *v == 4.0));
    assert_eq!(b.infos()[sid].group, FeatureGroup::Series);
}

#[test]
fn end_limits_the_design_to_the_training_part() {
    let s = series(60, &[]);
    let b = FeatureBuilder::new(&spec(), Frequency::Daily, &columns()).expect("valid spec");
    let (x, _, index) = b.training_rows(&s, 0, 40, 1);
    assert_eq!(x.n_rows(), 26);
    assert_eq!(index.last(), Some(&39));
    let (x, _, _) = b.training_rows(&s, 0, 500, 1);
    assert_eq!(x.n_rows(), 46, "an end past the series is clipped");
}

#[test]
fn direct_designs_only_use_lags_from_their_step() {
    let s = series(80, &[50]);
    let base = FeatureBuilder::new(&spec(), Frequency::Daily, &columns()).expect("valid spec");
    for h in 1..=9 {
        let b = base.for_direct_step(h).expect("valid step");
        let (x, _, index) = b.training_rows(&s, 0, 80, h);
        assert!(x.n_rows() > 40, "step {h}");
        for (j, info) in b.infos().iter().enumerate() {
            let Some(lag) = info.key.strip_prefix("lag_").and_then(|l| l.parse::<usize>().ok())
            else {
                continue;
            };
            assert!(lag >= h, "step {h} emitted {}", info.key);
            for (i, &t) in index.iter().enumerate() {
                let expected = s.target[t - lag];
                let got = x.get(i, j);
                assert!(
                    got == expected || (got.is_nan() && expected.is_nan()),
                    "step {h} lag {lag} t {t}"
                );
            }
        }
        // The observed-only column is read h steps back, always at or before the origin.
        let temp =
            b.infos().iter().position(|i| i.key.starts_with("exog_temperature")).expect("temp");
        assert_eq!(b.infos()[temp].key, format!("exog_temperature_lag_{h}"));
        for (i, &t) in index.iter().enumerate() {
            assert_eq!(x.get(i, temp), (t - h) as f64 * 0.5);
        }
        // Every row equals the row built from a history cut at its origin.
        let view = SeriesView::of(&s, 0);
        let mut cut_target = s.target.clone();
        let mut row = vec![0.0; b.n_features()];
        for (i, &t) in index.iter().enumerate() {
            cut_target.clone_from(&s.target);
            cut_target[t - h + 1..].iter_mut().for_each(|v| *v = f64::NAN);
            let cut = SeriesView { target: &cut_target, ..view };
            b.row(&cut, t, t - h, &mut row);
            for (a, c) in x.row(i).iter().zip(&row) {
                assert!((a - c).abs() <= 1e-12 * c.abs().max(1.0) || (a.is_nan() && c.is_nan()));
            }
        }
    }
}

#[test]
fn every_feature_has_names_in_both_languages() {
    let b = FeatureBuilder::new(
        &FeatureSpec::default_for(Frequency::Daily, 800),
        Frequency::Daily,
        &columns(),
    )
    .expect("defaults are valid")
    .with_target_name("ventes")
    .expect("valid");
    for info in b.infos() {
        assert!(!info.name_en.is_empty() && !info.name_fr.is_empty(), "{}", info.key);
        assert!(!info.name_en.contains('_') && !info.name_fr.contains('_'), "{}", info.key);
    }
    let lag7 = b.infos().iter().find(|i| i.key == "lag_7").expect("lag 7");
    assert_eq!(lag7.name_en, "ventes 7 days before");
    assert_eq!(lag7.name_fr, "ventes il y a 7 jours");
    let half_hour = Frequency::Minutes { minutes: 30 };
    let hh = FeatureBuilder::new(&FeatureSpec::default_for(half_hour, 48 * 60), half_hour, &[])
        .expect("defaults are valid");
    let names: Vec<_> = hh.infos().iter().map(|i| i.name_en.as_str()).collect();
    assert!(names.contains(&"value 30 minutes before"), "{names:?}");
    assert!(names.contains(&"value 1 day before"), "{names:?}");
    assert!(names.contains(&"value 1 week before"), "{names:?}");
    assert!(
        names.contains(&"value, average of the same time of day over the last week"),
        "{names:?}"
    );
    for freq in [
        Frequency::Daily,
        Frequency::BusinessDaily,
        Frequency::Weekly { anchor: chrono::Weekday::Mon },
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::Yearly,
        half_hour,
        Frequency::Minutes { minutes: 60 },
    ] {
        for history in [10, 100, 1000, 20_000] {
            let spec = FeatureSpec::default_for(freq, history);
            let built = FeatureBuilder::new(&spec, freq, &[]);
            assert!(built.is_ok(), "{freq:?} {history}: {built:?}");
        }
    }
}
