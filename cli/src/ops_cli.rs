//! Operations subcommands: `loadtest` (scoring throughput and latency of a fitted model),
//! `drift` (new data against a model's training window) and `graduate` (the data and a Python
//! script for Nixtla's libraries). Each fits what it needs with the engine's own pipeline and
//! prints JSON.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use prevision_engine::forecast::{Control, ForecastRun, run};
use prevision_engine::frame::{Frame, Frequency, Series};
use prevision_engine::graduate::{long_format_csv, python_script};
use prevision_engine::loadtest::{
    EventSource, LoadClock, LoadTestConfig, load_test, tabular_model,
};
use prevision_engine::monitor::{Language, MonitorConfig, default_rules, monitor};
use prevision_engine::spec::{BacktestSpec, ForecastSpec, ModelSpec};

use crate::IngestArgs;

/// Tabular models a load test can score with.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TabularArg {
    /// The catalogue's random forest (100 trees).
    Forest,
    /// Ridge regression.
    Ridge,
    /// Ordinary least squares.
    Linear,
    /// Extremely randomised trees (100 trees).
    ExtraTrees,
    /// k nearest neighbours.
    Knn,
}

impl TabularArg {
    fn spec(self) -> anyhow::Result<ModelSpec> {
        let key = match self {
            TabularArg::Forest => "random_forest",
            TabularArg::Ridge => "ridge",
            TabularArg::Linear => "linear",
            TabularArg::ExtraTrees => "extra_trees",
            TabularArg::Knn => "knn",
        };
        ModelSpec::from_key(key).with_context(|| format!("model `{key}` is not in the catalogue"))
    }
}

/// `--source` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SourceArg {
    /// Feature rows of the data, sampled with replacement.
    Data,
    /// Columns drawn within their observed ranges.
    Generated,
}

/// Arguments of `prevision loadtest`.
#[derive(Debug, Args)]
pub struct LoadTestArgs {
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// The model fitted on the data and scored.
    #[arg(long, value_enum, default_value = "forest")]
    pub model: TabularArg,
    /// Events scored in each phase.
    #[arg(long, default_value_t = 100_000)]
    pub events: usize,
    /// Events per batch in the batched phase.
    #[arg(long, default_value_t = 1000)]
    pub batch: usize,
    /// Where events come from.
    #[arg(long, value_enum, default_value = "data")]
    pub source: SourceArg,
    /// Seed of the model and of the events.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

/// Arguments of `prevision drift`.
#[derive(Debug, Args)]
pub struct DriftArgs {
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// Last date of the training window (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`).
    #[arg(long)]
    pub reference_end: String,
    /// Models compared on the training window, comma-separated keys (default: the catalogue).
    #[arg(long, value_delimiter = ',')]
    pub model: Vec<String>,
    /// Rows of the newest window (default: every row after the reference end). They are
    /// compared with the last 4× as many training rows (at least two of the longest season).
    #[arg(long)]
    pub recent: Option<usize>,
    /// Chunks the recent window is cut into for alert rules.
    #[arg(long, default_value_t = 4)]
    pub chunks: usize,
    /// PSI bins (fewer when a sample would have under 5 values per bin).
    #[arg(long, default_value_t = 10)]
    pub bins: usize,
    /// Steps forecast by the backtest that gives the reference error.
    #[arg(long, default_value_t = 7)]
    pub horizon: usize,
}

/// Arguments of `prevision graduate`.
#[derive(Debug, Args)]
pub struct GraduateArgs {
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// Directory written: `data_long.csv` and `forecast.py`.
    #[arg(long)]
    pub out: PathBuf,
    /// Models compared, comma-separated keys (default: the catalogue).
    #[arg(long, value_delimiter = ',')]
    pub models: Vec<String>,
    /// Steps to forecast.
    #[arg(long, default_value_t = 7)]
    pub horizon: usize,
}

/// The native monotonic clock.
struct NativeClock(Instant);

impl LoadClock for NativeClock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }
}

/// The models named by `keys`, with their defaults for data of frequency `freq`.
fn model_specs(keys: &[String], freq: Frequency) -> anyhow::Result<Vec<ModelSpec>> {
    keys.iter()
        .map(|k| {
            ModelSpec::from_key_for(k.trim(), freq).with_context(|| format!("unknown model `{k}`"))
        })
        .collect()
}

/// Runs the pipeline on `frame` with `models` (empty = the catalogue).
fn fit(
    frame: &Frame,
    models: Vec<ModelSpec>,
    horizon: usize,
    seed: u64,
) -> anyhow::Result<ForecastRun> {
    let spec = ForecastSpec {
        horizon,
        models,
        backtest: BacktestSpec { windows: 3, ..BacktestSpec::default() },
        seed,
        ..ForecastSpec::default()
    };
    run(frame, &spec, &mut ()).context("the forecast run failed")
}

/// `prevision loadtest`.
pub fn loadtest(args: &LoadTestArgs) -> anyhow::Result<()> {
    let frame = args.ingest.load()?.frame;
    let fitted = fit(&frame, vec![args.model.spec()?], 7, args.seed)?;
    let model = tabular_model(&fitted.model)?;
    let cfg = LoadTestConfig {
        events: args.events,
        batch_size: args.batch,
        source: match args.source {
            SourceArg::Data => EventSource::Data,
            SourceArg::Generated => EventSource::Generated,
        },
        seed: args.seed,
    };
    let mut clock = NativeClock(Instant::now());
    let report = load_test(model, &frame, &cfg, &mut clock, &mut |_| Control::Continue)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// A date or date-time as `YYYY-MM-DD HH:MM:SS`, the timestamps' display form, which sorts
/// like the instants it names (years 1000 to 9999).
fn parse_when(text: &str) -> anyhow::Result<String> {
    let t = text.trim().replacen('T', " ", 1);
    let t = if t.len() == 10 { format!("{t} 00:00:00") } else { t };
    let shape_ok = t.len() == 19
        && t.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == ' ',
            13 | 16 => c == ':',
            _ => c.is_ascii_digit(),
        });
    anyhow::ensure!(shape_ok, "`{text}` is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)");
    Ok(t)
}

/// The first `rows` rows of every series.
fn head(frame: &Frame, rows: usize) -> Frame {
    Frame {
        series: frame
            .series
            .iter()
            .map(|s| {
                let n = rows.min(s.timestamps.len());
                Series {
                    id: s.id.clone(),
                    timestamps: s.timestamps[..n].to_vec(),
                    target: s.target[..n].to_vec(),
                    exog: s.exog.iter().map(|c| c[..n.min(c.len())].to_vec()).collect(),
                }
            })
            .collect(),
        ..frame.clone()
    }
}

/// `prevision drift`.
pub fn drift(args: &DriftArgs) -> anyhow::Result<()> {
    let frame = args.ingest.load()?.frame;
    let when = parse_when(&args.reference_end)?;
    let first = frame.series.first().context("the data holds no series")?;
    let reference_end = first
        .timestamps
        .iter()
        .rposition(|t| t.to_string() <= when)
        .with_context(|| format!("the data starts after {when}"))?;
    let observed = first.observed_len();
    let after = observed.saturating_sub(reference_end + 1);
    anyhow::ensure!(after >= 2, "fewer than 2 observed rows after {when}");
    let fitted = fit(
        &head(&frame, reference_end + 1),
        model_specs(&args.model, frame.freq)?,
        args.horizon,
        42,
    )?;
    let chosen = &fitted.report.chosen;
    let backtest_mae = fitted
        .report
        .leaderboard
        .iter()
        .find(|r| &r.id == chosen)
        .and_then(|r| r.metrics.as_ref())
        .map(|m| m.mae)
        .with_context(|| format!("no backtest error for the chosen model `{chosen}`"))?;
    let recent = args.recent.unwrap_or(after);
    let cfg = MonitorConfig {
        reference_end,
        recent,
        chunks: args.chunks.min(recent),
        bins: args.bins,
        thresholds: Default::default(),
        reference_rows: Some(MonitorConfig::reference_rows_for(frame.freq, recent)),
    };
    let report = monitor(&frame, &fitted.model, backtest_mae, &cfg, &default_rules())?;
    let out = serde_json::json!({
        "model": chosen,
        "messages_en": report.messages(Language::En),
        "messages_fr": report.messages(Language::Fr),
        "report": report,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// `prevision graduate`.
pub fn graduate(args: &GraduateArgs) -> anyhow::Result<()> {
    let frame = args.ingest.load()?.frame;
    let fitted = fit(&frame, model_specs(&args.models, frame.freq)?, args.horizon, 42)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let data = args.out.join("data_long.csv");
    let script = args.out.join("forecast.py");
    let csv = long_format_csv(&frame);
    std::fs::write(&data, &csv).with_context(|| format!("cannot write {}", data.display()))?;
    std::fs::write(&script, python_script(&fitted.report, "data_long.csv"))
        .with_context(|| format!("cannot write {}", script.display()))?;
    let out = serde_json::json!({
        "data_file": data,
        "script_file": script,
        "rows": csv.lines().count().saturating_sub(1),
        "models": fitted.report.leaderboard.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
