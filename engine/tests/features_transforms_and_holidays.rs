//! Target transforms invert exactly on random series; holiday calendars match published
//! dates over several years.

use chrono::NaiveDate;
use prevision_engine::features::{
    Country, HolidayKind, Region, TargetTransform, TransformError, holidays,
};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn dates(country: Country, year: i32, kind: HolidayKind) -> Vec<NaiveDate> {
    holidays(country, None, year).into_iter().filter(|h| h.kind == kind).map(|h| h.date).collect()
}

proptest! {
    #[test]
    fn transforms_round_trip_to_1e_12(
        y in prop::collection::vec(0.0..1e4f64, 12..60),
        kind in 0usize..5,
        lag in 1usize..8,
        split in 0.5..0.9f64,
    ) {
        let transform = match kind {
            0 => TargetTransform::None,
            1 => TargetTransform::Log1p,
            2 => TargetTransform::Difference { lag },
            3 => TargetTransform::Scale,
            _ => TargetTransform::Difference { lag: 1 },
        };
        let n_history = ((y.len() as f64 * split) as usize).max(8);
        let fitted = transform.fit(&y[..n_history]);
        prop_assert!(fitted.is_ok());
        let Ok(fitted) = fitted else { unreachable!() };
        let z = fitted.apply(&y);
        prop_assert!(z.is_ok());
        let Ok(z) = z else { unreachable!() };
        let back = fitted.inverse_forecast(&z[n_history..]);
        prop_assert_eq!(back.len(), y.len() - n_history);
        // Undoing a difference is a running sum, so its rounding error is relative to the
        // largest value summed through, not to the value itself (a small value after large
        // ones carries a few ulps of the large ones).
        let scale = y.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        for (b, v) in back.iter().zip(&y[n_history..]) {
            prop_assert!((b - v).abs() <= 1e-12 * scale, "{:?}: {} vs {}", transform, b, v);
        }
    }

    #[test]
    fn log1p_names_the_first_negative_value(
        mut y in prop::collection::vec(0.0..100.0f64, 2..30),
        at in 0usize..30,
        negative in -1e6..-1e-9f64,
    ) {
        let at = at % y.len();
        y[at] = negative;
        prop_assert_eq!(
            TargetTransform::Log1p.fit(&y),
            Err(TransformError::NegativeValue { index: at, value: negative })
        );
    }
}

#[test]
fn easter_and_its_feasts_over_a_decade() {
    // Published Western Easter Sundays.
    let easter = [
        (2016, 3, 27),
        (2017, 4, 16),
        (2018, 4, 1),
        (2019, 4, 21),
        (2020, 4, 12),
        (2021, 4, 4),
        (2022, 4, 17),
        (2023, 4, 9),
        (2024, 3, 31),
        (2025, 4, 20),
        (2026, 4, 5),
        (2027, 3, 28),
    ];
    for (y, m, day) in easter {
        let sunday = d(y, m, day);
        let plus = |n: i64| sunday + chrono::Duration::days(n);
        assert_eq!(dates(Country::France, y, HolidayKind::EasterMonday), vec![plus(1)], "{y}");
        assert_eq!(dates(Country::France, y, HolidayKind::AscensionDay), vec![plus(39)], "{y}");
        assert_eq!(dates(Country::France, y, HolidayKind::WhitMonday), vec![plus(50)], "{y}");
        assert_eq!(
            dates(Country::UnitedKingdom, y, HolidayKind::GoodFriday),
            vec![plus(-2)],
            "{y}"
        );
    }
}

#[test]
fn us_thanksgiving_and_uk_early_may_over_several_years() {
    let thanksgiving =
        [(2019, 28), (2020, 26), (2021, 25), (2022, 24), (2023, 23), (2024, 28), (2025, 27)];
    for (y, day) in thanksgiving {
        assert_eq!(dates(Country::UnitedStates, y, HolidayKind::Thanksgiving), vec![d(y, 11, day)]);
    }
    let early_may = [(2019, 6), (2020, 8), (2021, 3), (2022, 2), (2023, 1), (2024, 6), (2025, 5)];
    for (y, day) in early_may {
        assert_eq!(
            dates(Country::UnitedKingdom, y, HolidayKind::EarlyMayBankHoliday),
            vec![d(y, 5, day)]
        );
    }
    // 2023 also had the coronation on Monday 8 May.
    assert_eq!(dates(Country::UnitedKingdom, 2023, HolidayKind::Coronation), vec![d(2023, 5, 8)]);
}

#[test]
fn every_country_lists_its_usual_number_of_days() {
    // France 11 (+2 in Alsace-Moselle); US 11 federal in 2024, none on a weekend but
    // 2024-12-25 (Wednesday), so no observed days; UK 8 in 2024; Germany 9.
    assert_eq!(holidays(Country::France, None, 2025).len(), 11);
    assert_eq!(holidays(Country::France, Some(Region::AlsaceMoselle), 2025).len(), 13);
    assert_eq!(holidays(Country::UnitedStates, None, 2024).len(), 11);
    assert_eq!(holidays(Country::UnitedKingdom, None, 2024).len(), 8);
    assert_eq!(holidays(Country::Germany, None, 2025).len(), 9);
    for country in
        [Country::France, Country::UnitedStates, Country::UnitedKingdom, Country::Germany]
    {
        for year in 1990..2040 {
            let list = holidays(country, None, year);
            assert!(list.windows(2).all(|w| w[0].date <= w[1].date), "{country:?} {year} sorted");
            assert!(list.iter().all(|h| chrono::Datelike::year(&h.date) == year));
        }
    }
}
