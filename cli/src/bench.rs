//! `prevision bench`: the engine's headline speed figures, measured natively, as JSON.
//!
//! - forest: fit and predict of a random forest on Friedman #1 with noise columns (the issue's
//!   protocol: 30 features, scikit-learn-like defaults, single thread), with test R².
//! - ingest: throughput on a generated long-format sales CSV.
//! - pipeline: a full forecast run (every default model) on each built-in dataset.
//!
//! Criterion benches (`cargo bench -p prevision-engine`) give the same figures with spread.

use std::time::Instant;

use clap::{Args, ValueEnum};
use prevision_engine::datasets::{BuiltinDataset, store_items_csv};
use prevision_engine::forecast::{RunObserver, run};
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::models::tree::benchmark::{friedman1, r_squared};
use prevision_engine::models::tree::{DecisionTree, RandomForest, Sampling};
use prevision_engine::models::{FittedRegressor, Regressor};
use prevision_engine::spec::ForecastSpec;
use serde_json::{Value, json};

/// Arguments of `prevision bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Which benchmarks to run (all when absent).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Vec<Bench>,
    /// Training rows of the forest benchmark.
    #[arg(long, default_value_t = 50_000)]
    pub rows: usize,
    /// Test rows of the forest benchmark.
    #[arg(long, default_value_t = 10_000)]
    pub test_rows: usize,
    /// Trees of the forest benchmark.
    #[arg(long, default_value_t = 100)]
    pub trees: usize,
    /// Size of the generated CSV of the ingest benchmark, in MiB.
    #[arg(long, default_value_t = 100)]
    pub ingest_mb: usize,
}

/// A benchmark of `prevision bench`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Bench {
    /// Random forest fit / predict on Friedman #1.
    Forest,
    /// CSV ingest throughput.
    Ingest,
    /// Full forecast runs on the built-in datasets.
    Pipeline,
}

fn seconds(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn forest(args: &BenchArgs) -> anyhow::Result<Value> {
    let (x, y) = friedman1(args.rows, 30, 1);
    let (xt, yt) = friedman1(args.test_rows, 30, 2);
    let model = RandomForest {
        n_trees: args.trees,
        tree: DecisionTree::default(),
        sampling: Sampling::Bootstrap,
        seed: 0,
    };
    let t = Instant::now();
    let fitted = model.fit(&x, &y)?;
    let fit_s = seconds(t);
    let t = Instant::now();
    let pred = fitted.predict(&xt);
    let predict_s = seconds(t);
    Ok(json!({
        "rows": args.rows, "test_rows": args.test_rows, "trees": args.trees, "features": 30,
        "fit_s": fit_s, "predict_s": predict_s, "test_r2": r_squared(&yt, &pred),
    }))
}

fn ingest_bench(args: &BenchArgs) -> anyhow::Result<Value> {
    let text = store_items_csv(args.ingest_mb * 1024 * 1024, 42);
    let t = Instant::now();
    let ingested = ingest(text.as_bytes(), &IngestOptions::default())?;
    let s = seconds(t);
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    Ok(json!({
        "mib": mb, "seconds": s, "mib_per_s": mb / s,
        "rows": ingested.report.rows_loaded, "series": ingested.report.series_count,
    }))
}

/// An observer with a clock, so the run reports its time per model and per finishing stage.
struct Clock(Instant);

impl RunObserver for Clock {
    fn now_ms(&self) -> Option<f64> {
        Some(self.0.elapsed().as_secs_f64() * 1e3)
    }
}

fn pipeline() -> anyhow::Result<Value> {
    let mut out = serde_json::Map::new();
    for (dataset, horizon) in [
        (BuiltinDataset::RetailDemo, 7),
        (BuiltinDataset::BikeSharing, 7),
        (BuiltinDataset::DrinksSales, 12),
    ] {
        let frame = ingest(&dataset.csv(), &IngestOptions::default())?.frame;
        let spec = ForecastSpec { horizon, ..ForecastSpec::default() };
        let t = Instant::now();
        let result = run(&frame, &spec, &mut Clock(Instant::now()))?;
        let ms = seconds(t) * 1e3;
        let timings = &result.timings;
        let per_model: serde_json::Map<String, Value> =
            timings.per_model_ms.iter().map(|(id, ms)| (id.clone(), json!(ms))).collect();
        let finish: serde_json::Map<String, Value> =
            timings.finish_ms.iter().map(|(stage, ms)| (stage.clone(), json!(ms))).collect();
        out.insert(
            dataset.code().into(),
            json!({
                "ms": ms, "chosen": result.report.chosen, "models": result.report.leaderboard.len(),
                "per_model_ms": per_model, "finish_ms": finish,
            }),
        );
    }
    Ok(Value::Object(out))
}

/// Runs the chosen benchmarks and prints their figures.
pub fn bench(args: &BenchArgs) -> anyhow::Result<()> {
    let wanted = |b| args.only.is_empty() || args.only.contains(&b);
    let mut out = serde_json::Map::new();
    if wanted(Bench::Ingest) {
        out.insert("ingest".into(), ingest_bench(args)?);
    }
    if wanted(Bench::Pipeline) {
        out.insert("pipeline".into(), pipeline()?);
    }
    if wanted(Bench::Forest) {
        out.insert("forest".into(), forest(args)?);
    }
    println!("{}", serde_json::to_string_pretty(&Value::Object(out))?);
    Ok(())
}
