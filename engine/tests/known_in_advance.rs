//! A column set as known in advance is only read at the forecast day when the file gives its
//! future values: without them, it is used as observed only, with a warning, rather than
//! letting the models read a missing promotion as whatever they learnt for gaps.

use chrono::NaiveDate;
use prevision_engine::forecast::report::ForecastWarning;
use prevision_engine::forecast::run;
use prevision_engine::frame::{Availability, ExogColumn, Frame, Frequency, Series};
use prevision_engine::spec::{ForecastSpec, ModelSpec};

/// One daily shop over `history` days whose sales jump on promo days, with `future` more
/// rows carrying only the promo column.
fn shop(history: usize, future: usize, availability: Availability) -> Frame {
    let start =
        NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
    let n = history + future;
    let promo = |t: usize| f64::from(t.is_multiple_of(6));
    Frame {
        freq: Frequency::Daily,
        target_name: "sales".into(),
        exog: vec![ExogColumn { name: "promo".into(), availability, levels: None }],
        series: vec![Series {
            id: "sales".into(),
            timestamps: (0..n as i64)
                .map(|k| Frequency::Daily.add_steps(start, k).expect("in range"))
                .collect(),
            target: (0..n)
                .map(|t| {
                    if t < history {
                        100.0 + 5.0 * (t % 7) as f64 + 80.0 * promo(t)
                    } else {
                        f64::NAN
                    }
                })
                .collect(),
            exog: vec![(0..n).map(promo).collect()],
        }],
    }
}

fn spec() -> ForecastSpec {
    ForecastSpec {
        horizon: 7,
        models: vec![
            ModelSpec::Ridge { alpha: 1.0 },
            ModelSpec::RandomForest { n_trees: 20, max_depth: None, min_samples_leaf: 2 },
        ],
        ..ForecastSpec::default()
    }
}

fn missing_future(w: &[ForecastWarning]) -> Option<(usize, usize)> {
    w.iter().find_map(|w| match w {
        ForecastWarning::FutureValuesMissing { column, known, horizon } if column == "promo" => {
            Some((*known, *horizon))
        }
        _ => None,
    })
}

#[test]
fn a_known_column_without_future_values_is_used_as_observed_only() {
    let forced = run(&shop(120, 0, Availability::KnownInAdvance), &spec(), &mut ()).expect("runs");
    assert_eq!(missing_future(&forced.report.warnings), Some((0, 7)));
    // The same as if the column had been set observed only: no invented promotion effect.
    let observed = run(&shop(120, 0, Availability::ObservedOnly), &spec(), &mut ()).expect("runs");
    assert_eq!(missing_future(&observed.report.warnings), None);
    let points = |r: &prevision_engine::forecast::ForecastRun| r.report.forecasts[0].point.clone();
    assert_eq!(points(&forced), points(&observed));
}

#[test]
fn future_values_for_part_of_the_horizon_are_not_enough_and_all_of_it_is() {
    let part = run(&shop(120, 3, Availability::KnownInAdvance), &spec(), &mut ()).expect("runs");
    assert_eq!(missing_future(&part.report.warnings), Some((3, 7)));
    let whole = run(&shop(120, 7, Availability::KnownInAdvance), &spec(), &mut ()).expect("runs");
    assert_eq!(missing_future(&whole.report.warnings), None);
    // Read at the forecast day, the promotion (every sixth day) lifts its day's forecast.
    let p = &whole.report.forecasts[0].point;
    let promo_step =
        (120..127).position(|t: usize| t.is_multiple_of(6)).expect("a promo day in the week");
    let others: f64 = p.iter().enumerate().filter(|(k, _)| *k != promo_step).map(|(_, v)| v).sum();
    assert!(p[promo_step] > others / 6.0 + 40.0, "{p:?}");
}
