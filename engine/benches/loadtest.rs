//! Load test of the bike-sharing series: 100,000 events scored through the catalogue's random
//! forest and through linear regression (both phases, batches of 1000). Few samples: one
//! forest iteration scores 200,000 predictions.

#[path = "../tests/common/mod.rs"]
mod common;

use common::bikes;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use prevision_engine::forecast::{Control, run};
use prevision_engine::loadtest::{LoadClock, LoadTestConfig, load_test, tabular_model};
use prevision_engine::spec::{ForecastSpec, ModelSpec};

struct NativeClock(Instant);

impl LoadClock for NativeClock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
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
