//! Ingest throughput on a ~100 MB long-format CSV (`date,store,item,sales,price,promo`:
//! 10 stores × 50 items × daily dates), generated deterministically in memory.
//!
//! Run: `cargo bench -p prevision-engine --bench ingest`. Set `PREVISION_BENCH_MB` to change
//! the size (default 100).

use std::fmt::Write;
use std::hint::black_box;

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::rng::Rng;

fn generate(target_bytes: usize) -> String {
    let mut rng = Rng::new(42);
    let mut out = String::with_capacity(target_bytes + 1024);
    out.push_str("date,store,item,sales,price,promo\n");
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
    let mut day = 0i64;
    while out.len() < target_bytes {
        let date = (start + Duration::days(day)).format("%Y-%m-%d").to_string();
        for store in 1..=10 {
            for item in 1..=50 {
                let promo = usize::from(rng.next_f64() < 0.1);
                let sales = (rng.next_f64() * 200.0) as u32 + 40 * promo as u32;
                let price = 1.0 + rng.below(2000) as f64 / 100.0;
                let _ = writeln!(out, "{date},{store},{item},{sales},{price:.2},{promo}");
            }
        }
        day += 1;
    }
    out
}

fn bench_ingest(c: &mut Criterion) {
    let mb: usize =
        std::env::var("PREVISION_BENCH_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let text = generate(mb * 1024 * 1024);
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("long_format_100mb", |b| {
        b.iter(|| {
            let got = ingest(black_box(text.as_bytes()), &IngestOptions::default());
            black_box(got.map(|g| g.report.rows_loaded).unwrap_or(0))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_ingest);
criterion_main!(benches);
