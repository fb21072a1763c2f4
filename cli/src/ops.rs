//! Model operations on the command line: save a forecast run as a registry version, compare two
//! versions on the same windows of a file (`prevision compare`), and append newer data then
//! retrain through the non-regression gate (`prevision retrain`). JSON out, like the others.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::{Args, ValueEnum};
use prevision_engine::ab::{AbConfig, ab_compare};
use prevision_engine::compare::{GateConfig, Loss};
use prevision_engine::forecast::ForecastRun;
use prevision_engine::frame::Frame;
use prevision_engine::ingest::ingest;
use prevision_engine::registry::ModelVersion;
use prevision_engine::retrain::{ConflictPolicy, append_ingested, retrain};

use crate::IngestArgs;

/// `--loss` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LossArg {
    /// Absolute error (matches MAE).
    Absolute,
    /// Squared error (matches RMSE).
    Squared,
}

/// Settings of the comparison shared by `compare` and `retrain`.
#[derive(Debug, Args)]
pub struct GateArgs {
    /// Evaluation windows (rolling origins one horizon apart).
    #[arg(long, default_value_t = 5)]
    windows: usize,
    /// Significance level of the Diebold–Mariano test.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Loss of the test.
    #[arg(long, value_enum, default_value = "absolute")]
    loss: LossArg,
}

impl GateArgs {
    fn config(&self) -> anyhow::Result<AbConfig> {
        Ok(AbConfig {
            windows: self.windows,
            loss: match self.loss {
                LossArg::Absolute => Loss::Absolute,
                LossArg::Squared => Loss::Squared,
            },
            gate: GateConfig::new(self.alpha).context("invalid --alpha")?,
        })
    }
}

/// Arguments of `prevision compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The reference version (in service), a JSON file written by `--save-version`.
    reference: PathBuf,
    /// The candidate version.
    candidate: PathBuf,
    /// The data to evaluate both on.
    #[command(flatten)]
    ingest: IngestArgs,
    #[command(flatten)]
    gate: GateArgs,
}

/// Arguments of `prevision retrain`.
#[derive(Debug, Args)]
pub struct RetrainArgs {
    /// The version in service.
    version: PathBuf,
    /// The data it was trained on (ingest options apply to both files).
    #[command(flatten)]
    old: IngestArgs,
    /// The newer data, same columns.
    new: PathBuf,
    /// Label of the retrained version.
    #[arg(long, default_value = "retrained")]
    label: String,
    /// Write the retrained version to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// When both files disagree on a date, take the new value (default: keep the old one).
    #[arg(long)]
    take_new: bool,
    #[command(flatten)]
    gate: GateArgs,
}

/// Unix milliseconds now: the engine reads no clock, the CLI gives it one.
fn now_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn read_version(path: &Path) -> anyhow::Result<ModelVersion> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    ModelVersion::from_json(&text)
        .with_context(|| format!("{} is not a model version", path.display()))
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes `run`, fitted on `frame`, as a registry version to `path`; returns its id.
pub fn save_version(
    path: &Path,
    run: ForecastRun,
    frame: &Frame,
    label: &str,
) -> anyhow::Result<String> {
    let version = ModelVersion::new(run, frame, label, now_ms());
    write(path, &version.to_json())?;
    Ok(version.id)
}

/// `prevision compare`: the A/B report as JSON.
pub fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    let reference = read_version(&args.reference)?;
    let candidate = read_version(&args.candidate)?;
    let frame = args.ingest.load()?.frame;
    let report = ab_compare(&frame, &reference, &candidate, &args.gate.config()?, &mut ())
        .context("the comparison failed")?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// `prevision retrain`: append, refit, gate; the append and A/B reports as JSON.
pub fn retrain_cmd(args: &RetrainArgs) -> anyhow::Result<()> {
    let in_service = read_version(&args.version)?;
    let old = args.old.load()?;
    let bytes =
        std::fs::read(&args.new).with_context(|| format!("cannot read {}", args.new.display()))?;
    let new = ingest(&bytes, &args.old.options()?)
        .with_context(|| format!("cannot load {}", args.new.display()))?;
    let policy = if args.take_new { ConflictPolicy::TakeNew } else { ConflictPolicy::KeepOld };
    let (frame, appended) =
        append_ingested(&old, &new, policy).context("cannot append the new data")?;
    let out = retrain(&frame, &in_service, &args.gate.config()?, &args.label, now_ms(), &mut ())
        .context("the retrain failed")?;
    if let Some(path) = &args.out {
        write(path, &out.candidate.to_json())?;
    }
    let summary = serde_json::json!({
        "append": appended,
        "candidate": {
            "id": out.candidate.id,
            "label": out.candidate.label,
            "chosen": out.candidate.report.chosen,
            "data": out.candidate.data,
        },
        "ab": out.ab,
    });
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}
