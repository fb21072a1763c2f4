//! The shared real data files load as they are documented.

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{IngestOptions, ingest};

fn day(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid")
}

fn load(name: &str) -> prevision_engine::ingest::Ingested {
    let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
    ingest(&std::fs::read(path).expect("data file"), &IngestOptions::default()).expect("loads")
}

#[test]
fn daily_bike_sharing() {
    let got = load("daily_bike_sharing.csv");
    let r = &got.report;
    assert_eq!((r.rows_read, r.rows_loaded, r.rejected_total), (731, 731, 0));
    assert_eq!(r.frequency, Frequency::Daily);
    assert_eq!((r.gaps_total, r.duplicates_total), (0, 0));
    assert_eq!((r.start, r.end), (day(2011, 1, 1), day(2012, 12, 31)));
    assert_eq!(got.frame.series[0].target.len(), 731);
    assert_eq!(got.frame.series[0].target[0], 985.0);
    assert!(r.weekday_profile.is_some());
}

#[test]
fn monthly_drinks_sales() {
    let got = load("monthly_drinks_sales.csv");
    let r = &got.report;
    assert_eq!((r.rows_read, r.rows_loaded, r.rejected_total), (309, 309, 0));
    assert_eq!(r.frequency, Frequency::Monthly);
    assert_eq!(r.gaps_total, 0);
    assert_eq!((r.start, r.end), (day(1992, 1, 1), day(2017, 9, 1)));
    assert_eq!(r.seasonal_periods.first().map(|p| p.period), Some(12));
}
