//! Ingest throughput on a ~100 MB long-format CSV (`date,store,item,sales,price,promo`:
//! 10 stores × 50 items × daily dates), generated deterministically in memory.
//!
//! Run: `cargo bench -p prevision-engine --bench ingest`. Set `PREVISION_BENCH_MB` to change
//! the size (default 100).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use prevision_engine::datasets::store_items_csv;
use prevision_engine::ingest::{IngestOptions, ingest};

fn bench_ingest(c: &mut Criterion) {
    let mb: usize =
        std::env::var("PREVISION_BENCH_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let text = store_items_csv(mb * 1024 * 1024, 42);
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
