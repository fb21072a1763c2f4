//! Data loaders shared by the integration tests (and the load-test bench, by path).

#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::frame::{Frame, Frequency, Series};
use prevision_engine::rng::Rng;

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

/// A synthetic daily series "sales" from 2023-01-02: a weekly profile (amplitude 60), a linear
/// trend of `trend` per day and Gaussian noise of spread `noise` (seeded).
pub fn weekly(n: usize, seed: u64, noise: f64, trend: f64) -> Frame {
    let start =
        NaiveDate::from_ymd_opt(2023, 1, 2).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
    let mut rng = Rng::new(seed);
    let profile = [0.0, 1.0, 2.0, 1.5, 0.5, -2.0, -3.0];
    let timestamps =
        (0..n as i64).map(|k| Frequency::Daily.add_steps(start, k).expect("in range")).collect();
    let target = (0..n)
        .map(|t| 100.0 + trend * t as f64 + 20.0 * profile[t % 7] + noise * rng.normal())
        .collect();
    Frame {
        freq: Frequency::Daily,
        target_name: "sales".into(),
        exog: vec![],
        series: vec![Series { id: "sales".into(), timestamps, target, exog: vec![] }],
    }
}
