//! A saved model forecasts again only on data like the data it was fitted on: another target,
//! step, missing column or other series is refused with the reason, and every series is
//! forecast, with its id and dates, whatever the order the new file lists them in.

use chrono::NaiveDate;
use prevision_engine::forecast::reuse::{ModelMismatch, ReuseError};
use prevision_engine::forecast::{SavedModel, run};
use prevision_engine::frame::{Availability, ExogColumn, Frame, Frequency, Series};
use prevision_engine::spec::{ForecastSpec, ModelSpec};

/// Two daily shops over 90 days with a promo column (observed only).
fn shops() -> Frame {
    let start =
        NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
    let timestamps: Vec<_> =
        (0..90).map(|k| Frequency::Daily.add_steps(start, k).expect("in range")).collect();
    let shop = |id: &str, level: f64| Series {
        id: id.into(),
        timestamps: timestamps.clone(),
        target: (0..90).map(|t| level + 10.0 * ((t % 7) as f64) + (t % 5) as f64).collect(),
        exog: vec![(0..90).map(|t: u32| f64::from(t.is_multiple_of(9))).collect()],
    };
    Frame {
        freq: Frequency::Daily,
        target_name: "sales".into(),
        exog: vec![ExogColumn {
            name: "promo".into(),
            availability: Availability::ObservedOnly,
            levels: None,
        }],
        series: vec![shop("Lyon", 1000.0), shop("Besançon", 350.0)],
    }
}

fn model(frame: &Frame) -> SavedModel {
    let spec = ForecastSpec {
        horizon: 7,
        models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ..ForecastSpec::default()
    };
    run(frame, &spec, &mut ()).expect("runs").model
}

fn refusal(model: &SavedModel, frame: &Frame) -> ModelMismatch {
    match model.forecast_checked(frame) {
        Err(ReuseError::Mismatch(m)) => m,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn every_series_is_forecast_with_its_id_and_dates_in_any_order() {
    let frame = shops();
    let m = model(&frame);
    let got = m.forecast_checked(&frame).expect("fits");
    assert_eq!(got.iter().map(|f| f.series.as_str()).collect::<Vec<_>>(), ["Lyon", "Besançon"]);
    let day = |d| NaiveDate::from_ymd_opt(2024, 3, d).and_then(|d| d.and_hms_opt(0, 0, 0));
    for f in &got {
        assert_eq!(f.values.len(), 7);
        // The 90 days end on 30 March: the forecast starts on the 31st.
        assert_eq!(Some(f.timestamps[0]), day(31));
        assert_eq!(f.timestamps.len(), 7);
    }
    assert!(got[0].values[0] > 2.0 * got[1].values[0], "{got:?}");
    assert_eq!(m.forecast(&frame).expect("forecasts")[1], got[1].values);
    // The same shops listed the other way round: each keeps its own forecast.
    let mut swapped = frame.clone();
    swapped.series.reverse();
    let again = m.forecast_checked(&swapped).expect("fits");
    assert_eq!(again, got);
}

#[test]
fn a_model_of_other_data_is_refused_with_the_reason() {
    let frame = shops();
    let m = model(&frame);
    let renamed = Frame { target_name: "cnt".into(), ..frame.clone() };
    assert_eq!(
        refusal(&m, &renamed),
        ModelMismatch::Target { model: "sales".into(), data: "cnt".into() }
    );
    let weekly =
        Frame { freq: Frequency::Weekly { anchor: chrono::Weekday::Mon }, ..frame.clone() };
    assert!(matches!(refusal(&m, &weekly), ModelMismatch::Frequency { .. }));
    let mut without_promo = frame.clone();
    without_promo.exog.clear();
    without_promo.series.iter_mut().for_each(|s| s.exog.clear());
    assert_eq!(
        refusal(&m, &without_promo),
        ModelMismatch::MissingColumn { column: "promo".into() }
    );
    let mut other_shops = frame.clone();
    other_shops.series[1].id = "Dijon".into();
    assert_eq!(
        refusal(&m, &other_shops),
        ModelMismatch::Series { missing: vec!["Besançon".into()], new: vec!["Dijon".into()] }
    );
    let mut one_shop = frame.clone();
    one_shop.series.truncate(1);
    assert!(matches!(refusal(&m, &one_shop), ModelMismatch::Series { .. }));
}

#[test]
fn a_model_saved_before_series_were_recorded_still_forecasts() {
    let frame = shops();
    let m = model(&frame);
    // Written by an earlier version: no `series` in the model's context.
    let text = prevision_engine::json::to_string(&m);
    assert!(text.contains(r#""series":["Lyon","Besançon"]"#), "recorded");
    let old = text.replace(r#","series":["Lyon","Besançon"]"#, "");
    let old: SavedModel = prevision_engine::json::from_str(&old).expect("reads");
    assert_eq!(old.forecast_checked(&frame).expect("fits").len(), 2);
}
