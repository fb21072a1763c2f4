//! `prevision forecast`: ingest a file, run the forecasting pipeline, print the report.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use prevision_engine::features::{Country, HolidaySpec, Region};
use prevision_engine::forecast::report::FallbackMethod;
use prevision_engine::forecast::{ForecastRun, RunObserver, run};
use prevision_engine::spec::{ForecastSpec, ModelSpec, Strategy};
use prevision_engine::stats::display_decimals;

use crate::IngestArgs;

/// Arguments of `prevision forecast`; flags override the spec file.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// A JSON `ForecastSpec` to start from (flags below override it).
    #[arg(long)]
    pub spec: Option<PathBuf>,
    /// Steps to forecast (default: the data's own, 24 hours, 7 days, 12 months…).
    #[arg(long)]
    pub horizon: Option<usize>,
    /// Backtest windows.
    #[arg(long)]
    pub windows: Option<usize>,
    /// Seasonal period (default: from the detected frequency).
    #[arg(long)]
    pub season: Option<usize>,
    /// Models to compare, comma-separated keys (e.g. `naive,ets,random_forest`).
    #[arg(long, value_delimiter = ',')]
    pub models: Vec<String>,
    /// Multi-step strategy of the feature-based models.
    #[arg(long, value_enum)]
    pub strategy: Option<StrategyArg>,
    /// Interval levels, comma-separated (e.g. `0.8,0.95`).
    #[arg(long, value_delimiter = ',')]
    pub levels: Vec<f64>,
    /// Public holidays as features: fr, fr-alsace-moselle, us, uk, de.
    #[arg(long, value_enum)]
    pub holidays: Option<HolidaysArg>,
    /// Seed of every random choice.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Write the chosen model as JSON to this file.
    #[arg(long)]
    pub save_model: Option<PathBuf>,
    /// Write the run as a registry version (model, spec, data fingerprint, report) to this file.
    #[arg(long)]
    pub save_version: Option<PathBuf>,
    /// Label of the saved version.
    #[arg(long, default_value = "")]
    pub label: String,
    /// Print the full report (and timings) as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `--strategy` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StrategyArg {
    /// One one-step model, predictions feed later lags.
    Recursive,
    /// One model per step.
    Direct,
}

/// `--holidays` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum HolidaysArg {
    /// France.
    Fr,
    /// France with the Alsace-Moselle extra days.
    FrAlsaceMoselle,
    /// United States (federal).
    Us,
    /// United Kingdom (England and Wales).
    Uk,
    /// Germany (national).
    De,
}

impl HolidaysArg {
    fn spec(self) -> HolidaySpec {
        let (country, region) = match self {
            HolidaysArg::Fr => (Country::France, None),
            HolidaysArg::FrAlsaceMoselle => (Country::France, Some(Region::AlsaceMoselle)),
            HolidaysArg::Us => (Country::UnitedStates, None),
            HolidaysArg::Uk => (Country::UnitedKingdom, None),
            HolidaysArg::De => (Country::Germany, None),
        };
        HolidaySpec { country, region }
    }
}

/// The monotonic clock the engine itself never reads.
struct WallClock(Instant);

impl RunObserver for WallClock {
    fn now_ms(&self) -> Option<f64> {
        Some(self.0.elapsed().as_secs_f64() * 1e3)
    }
}

impl ForecastArgs {
    /// The spec file (or the default) with the flags applied.
    pub fn spec(&self) -> anyhow::Result<ForecastSpec> {
        let mut spec = match &self.spec {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                serde_json::from_str(&text)
                    .with_context(|| format!("{} is not a valid spec", path.display()))?
            }
            None => ForecastSpec::default(),
        };
        if let Some(h) = self.horizon {
            spec.horizon = h;
        }
        if let Some(w) = self.windows {
            spec.backtest.windows = w;
        }
        if self.season.is_some() {
            spec.season = self.season;
        }
        if !self.models.is_empty() {
            spec.models = self
                .models
                .iter()
                .map(|k| {
                    ModelSpec::from_key(k.trim()).with_context(|| {
                        format!("unknown model `{k}`; known: {}", ModelSpec::KEYS.join(", "))
                    })
                })
                .collect::<anyhow::Result<_>>()?;
        }
        if let Some(s) = self.strategy {
            spec.strategy = match s {
                StrategyArg::Recursive => Strategy::Recursive,
                StrategyArg::Direct => Strategy::Direct,
            };
        }
        if !self.levels.is_empty() {
            spec.interval_levels = self.levels.clone();
        }
        if let Some(h) = self.holidays {
            spec.holidays = Some(h.spec());
        }
        if let Some(seed) = self.seed {
            spec.seed = seed;
        }
        Ok(spec)
    }
}

/// Runs the pipeline on the file.
pub fn forecast(args: &ForecastArgs) -> anyhow::Result<()> {
    let mut spec = args.spec()?;
    let ingested = args.ingest.load()?;
    // Without --horizon or a spec file, the data's own horizon (24 hours, 7 days, 12 months…).
    if args.horizon.is_none() && args.spec.is_none() {
        spec.horizon = prevision_engine::forecast::default_horizon(&ingested.frame);
    }
    // Models named by key take their defaults for the data's frequency (a day of hours for
    // the moving average of hourly data); the keys were checked by `spec`.
    let freq = ingested.frame.freq;
    if !args.models.is_empty() {
        spec.models =
            args.models.iter().filter_map(|k| ModelSpec::from_key_for(k.trim(), freq)).collect();
    }
    let mut clock = WallClock(Instant::now());
    let result = run(&ingested.frame, &spec, &mut clock).context("the forecast failed")?;
    if let Some(path) = &args.save_model {
        std::fs::write(path, serde_json::to_string(&result.model)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.save_version {
        crate::ops::save_version(path, result.clone(), &ingested.frame, &args.label)?;
    }
    if args.json {
        let out = serde_json::json!({ "report": result.report, "timings": result.timings });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", summary_text(&result));
    }
    Ok(())
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.3}"))
}

/// A readable English summary of a run.
fn summary_text(run: &ForecastRun) -> String {
    use std::fmt::Write as _;
    let r = &run.report;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "frequency {}, season {}, horizon {}, {} backtest windows, {} features",
        r.frequency.code(),
        r.season,
        r.spec.horizon,
        r.windows,
        r.features.len()
    );
    let _ = writeln!(
        o,
        "\n{:<4} {:<48} {:>10} {:>10} {:>8} {:>8}",
        "rank", "model", "MAE", "RMSE", "sMAPE", "MASE"
    );
    for row in &r.leaderboard {
        match &row.metrics {
            Some(m) => {
                let _ = writeln!(
                    o,
                    "{:<4} {:<48} {:>10.2} {:>10.2} {:>8.2} {:>8}",
                    row.rank.unwrap_or(0),
                    row.name_en,
                    m.mae,
                    m.rmse,
                    m.smape,
                    opt(m.mase)
                );
            }
            None => {
                let _ = writeln!(
                    o,
                    "—    {:<48} failed: {}",
                    row.name_en,
                    row.failure.clone().unwrap_or_default()
                );
            }
        }
    }
    let _ = writeln!(o, "\nchosen: {}", r.chosen);
    if r.series.len() > 1 {
        let _ = writeln!(
            o,
            "\n{:<24} {:>8} {:>10} {:>8}   (chosen model, least accurate first)",
            "series", "windows", "MAE", "MASE"
        );
        for a in r.accuracy_per_series() {
            let name = r.series.get(a.series).map_or("", String::as_str);
            let (mae, mase) =
                a.metrics.as_ref().map_or(("—".to_string(), "—".to_string()), |m| {
                    (format!("{:.2}", m.mae), opt(m.mase))
                });
            let _ = writeln!(o, "{name:<24} {:>8} {mae:>10} {mase:>8}", a.windows);
        }
    }
    // Sub-daily forecasts need their time of day; others show the date alone.
    let with_time =
        r.forecasts.iter().flat_map(|f| &f.timestamps).any(|t| t.time() != chrono::NaiveTime::MIN);
    let when = |t: &chrono::NaiveDateTime| {
        if with_time { t.format("%Y-%m-%d %H:%M").to_string() } else { t.date().to_string() }
    };
    let scale = r.forecasts.iter().flat_map(|f| &f.point).fold(0.0_f64, |m, v| m.max(v.abs()));
    let (d1, d2) = (display_decimals(scale, 1), display_decimals(scale, 2));
    for f in &r.forecasts {
        let _ = writeln!(o, "\nforecast of {}:", f.series);
        for (k, (t, p)) in f.timestamps.iter().zip(&f.point).enumerate() {
            let bands: Vec<String> = f
                .bands
                .iter()
                .map(|b| {
                    format!("{:.0}%: [{:.d1$}, {:.d1$}]", b.level * 100.0, b.lower[k], b.upper[k])
                })
                .collect();
            let when = when(t);
            let _ = writeln!(o, "  {when}  {p:>12.d2$}  {}", bands.join("  "));
        }
    }
    for f in &r.new_series {
        let rule = match f.method {
            FallbackMethod::LastSeason => "its last season repeated",
            FallbackMethod::Mean => "the mean of its values",
        };
        let _ = writeln!(o, "\nforecast of {} (too new to compare models: {rule}):", f.series);
        for (t, p) in f.timestamps.iter().zip(&f.point) {
            let when = when(t);
            let _ = writeln!(o, "  {when}  {p:>12.d2$}");
        }
    }
    let _ =
        writeln!(o, "\ninterval report card (calibrated on {} origins):", r.calibration_windows);
    for c in &r.coverage {
        let _ = writeln!(
            o,
            "  step {:>2}  level {:.2}  observed {}  mean width {}  n {}",
            c.step,
            c.level,
            opt(c.observed),
            c.mean_width.map_or_else(|| "—".into(), |v| format!("{v:.d1$}")),
            c.n
        );
    }
    let _ = writeln!(o);
    for line in &r.summary.en {
        let _ = writeln!(o, "{line}");
    }
    for w in crate::describe::forecast_warnings(&r.warnings, &r.series) {
        let _ = writeln!(o, "warning: {w}");
    }
    let _ = writeln!(o, "\ntotal {:.0} ms", run.timings.total_ms);
    o
}
