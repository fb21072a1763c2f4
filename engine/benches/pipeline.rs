//! Full forecast runs on the built-in datasets: every default model backtested on 5 windows,
//! the final fits, calibration, intervals and explanations (issue target: under 1 s native for
//! the bike-sharing series at h = 7).

use chrono::{NaiveDate, NaiveDateTime};
use criterion::{Criterion, criterion_group, criterion_main};
use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::forecast::run;
use prevision_engine::frame::{Frame, Frequency, Series};
use prevision_engine::spec::ForecastSpec;

/// The shipped `date,value` files as a frame (kept independent of ingest on purpose).
fn frame(d: BuiltinDataset, freq: Frequency) -> Frame {
    let bytes = d.csv();
    let text = String::from_utf8_lossy(&bytes);
    let (mut timestamps, mut target): (Vec<NaiveDateTime>, Vec<f64>) = (vec![], vec![]);
    for line in text.lines().skip(1) {
        let Some((day, value)) = line.split_once(',') else { continue };
        let (Ok(day), Ok(value)) = (day.parse::<NaiveDate>(), value.parse::<f64>()) else {
            continue;
        };
        timestamps.extend(day.and_hms_opt(0, 0, 0));
        target.push(value);
    }
    Frame {
        freq,
        target_name: "value".into(),
        exog: vec![],
        series: vec![Series { id: "value".into(), timestamps, target, exog: vec![] }],
    }
}

fn pipeline(c: &mut Criterion) {
    let bikes = frame(BuiltinDataset::BikeSharing, Frequency::Daily);
    let drinks = frame(BuiltinDataset::DrinksSales, Frequency::Monthly);
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    g.bench_function("bike_sharing_h7_all_defaults", |b| {
        b.iter(|| run(&bikes, &ForecastSpec::default(), &mut ()).map(|r| r.report.chosen))
    });
    let monthly = ForecastSpec { horizon: 12, ..ForecastSpec::default() };
    g.bench_function("drinks_h12_all_defaults", |b| {
        b.iter(|| run(&drinks, &monthly, &mut ()).map(|r| r.report.chosen))
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
