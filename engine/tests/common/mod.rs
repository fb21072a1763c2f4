//! Data loaders shared by the integration tests (and the load-test bench, by path).

#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::frame::{Frame, Frequency, Series};

/// Reads a `date,value` file with ISO dates (the shared files' simple shape).
pub fn load(path: &str, freq: Frequency) -> Frame {
    let text = std::fs::read_to_string(path).expect("data file");
    let mut timestamps: Vec<NaiveDateTime> = Vec::new();
    let mut target = Vec::new();
    for line in text.lines().skip(1) {
        let (d, v) = line.split_once(',').expect("two fields");
        let date: NaiveDate = d.parse().expect("ISO date");
        timestamps.push(date.and_hms_opt(0, 0, 0).expect("midnight"));
        target.push(v.parse::<f64>().expect("number"));
    }
    Frame {
        freq,
        target_name: "value".into(),
        exog: vec![],
        series: vec![Series { id: "value".into(), timestamps, target, exog: vec![] }],
    }
}

/// The daily bike-sharing series.
pub fn bikes() -> Frame {
    load(concat!(env!("CARGO_MANIFEST_DIR"), "/data/daily_bike_sharing.csv"), Frequency::Daily)
}

/// The monthly drinks-sales series.
pub fn drinks() -> Frame {
    load(concat!(env!("CARGO_MANIFEST_DIR"), "/data/monthly_drinks_sales.csv"), Frequency::Monthly)
}
