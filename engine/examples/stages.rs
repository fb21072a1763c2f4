//! Where a run's time goes, natively: each model's evaluation, then `finish` as a split run
//! does it (evaluations through JSON, fits refitted) and as a single run does it.
//!
//! `cargo run --release -p prevision-engine --example stages [retail|bike|drinks]`

use std::time::Instant;

use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::forecast::{self, Evaluation, RunObserver};
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::json;
use prevision_engine::spec::ForecastSpec;

struct Clock(Instant);

impl RunObserver for Clock {
    fn now_ms(&self) -> Option<f64> {
        Some(self.0.elapsed().as_secs_f64() * 1e3)
    }
}

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "retail".into());
    let dataset = match which.as_str() {
        "bike" => BuiltinDataset::BikeSharing,
        "drinks" => BuiltinDataset::DrinksSales,
        _ => BuiltinDataset::RetailDemo,
    };
    let mut clock = Clock(Instant::now());
    let t = Instant::now();
    let ingested = ingest(&dataset.csv(), &IngestOptions::default()).expect("reads");
    println!("ingest {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let frame = &ingested.frame;
    let spec = ForecastSpec::default();
    let count = forecast::resolved_model_count(frame, &spec).expect("count");
    let mut evaluations = Vec::new();
    for i in 0..count {
        let t = Instant::now();
        let mut e = forecast::evaluate(frame, &spec, &[i], &mut clock).expect("evaluates");
        println!("evaluate model {i}: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
        evaluations.append(&mut e);
    }
    let t = Instant::now();
    let text = json::to_string(&evaluations);
    let travelled: Vec<Evaluation> = json::from_str(&text).expect("reads");
    println!(
        "evaluations through JSON: {} bytes, {:.1} ms",
        text.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    for (label, evals) in [("split (refits)", travelled), ("in process", evaluations)] {
        let t = Instant::now();
        let run = forecast::finish(frame, &spec, evals, &mut clock).expect("finishes");
        println!(
            "finish {label}: {:.1} ms, chosen {}, stages {:?}",
            t.elapsed().as_secs_f64() * 1e3,
            run.report.chosen,
            run.timings.finish_ms
        );
        let t = Instant::now();
        let model = json::to_string(&run.model);
        let t1 = t.elapsed().as_secs_f64() * 1e3;
        let report = json::to_string(&run.report);
        println!(
            "  model JSON {} bytes ({t1:.1} ms), report JSON {} bytes ({:.1} ms)",
            model.len(),
            report.len(),
            t.elapsed().as_secs_f64() * 1e3 - t1
        );
    }
}
