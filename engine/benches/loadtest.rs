//! Load test of the bike-sharing series: 100,000 events scored through the catalogue's random
//! forest and through linear regression (both phases, batches of 1000). Few samples: one
//! forest iteration scores 200,000 predictions.

use std::hint::black_box;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use criterion::{Criterion, criterion_group, criterion_main};
use prevision_engine::forecast::{Control, run};
use prevision_engine::frame::{Frame, Frequency, Series};
use prevision_engine::loadtest::{LoadClock, LoadTestConfig, load_test, tabular_model};
use prevision_engine::spec::{ForecastSpec, ModelSpec};

struct NativeClock(Instant);

impl LoadClock for NativeClock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }
}

/// The shared `date,value` file.
fn bikes() -> Frame {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/daily_bike_sharing.csv");
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
        freq: Frequency::Daily,
        target_name: "value".into(),
        exog: vec![],
        series: vec![Series { id: "value".into(), timestamps, target, exog: vec![] }],
    }
}

fn loadtest(c: &mut Criterion) {
    let frame = bikes();
    let cfg = LoadTestConfig { events: 100_000, batch_size: 1000, ..LoadTestConfig::default() };
    let mut group = c.benchmark_group("loadtest");
    group.sample_size(10);
    for key in ["random_forest", "linear"] {
        let model = ModelSpec::from_key(key).expect("catalogue model");
        let spec = ForecastSpec { models: vec![model], ..ForecastSpec::default() };
        let fitted = run(&frame, &spec, &mut ()).expect("fits");
        let model = tabular_model(&fitted.model).expect("tabular").clone();
        group.bench_function(format!("{key}_100k_events"), |b| {
            b.iter(|| {
                let mut clock = NativeClock(Instant::now());
                load_test(&model, black_box(&frame), &cfg, &mut clock, &mut |_| Control::Continue)
                    .map(|r| r.checksum)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, loadtest);
criterion_main!(benches);
