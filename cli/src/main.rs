//! `prevision`: the engine on the command line, JSON out.
//!
//! One subcommand per job, each a plain `fn` taking its parsed arguments: `inspect` reads a
//! CSV file and prints the ingest quality report, `forecast` runs the whole forecasting
//! pipeline on it, `bench` measures the engine (JSON with `--json`, a readable summary
//! otherwise); `compare` and `retrain` run the model operations of `ops.rs`, and `loadtest`,
//! `drift` and `graduate` those of [`ops_cli`]. Errors leave through `anyhow` with a non-zero
//! exit code.

mod bench;
mod describe;
mod forecast;
mod ops;
mod ops_cli;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    DateOrder, DecimalMark, DuplicatePolicy, FillPolicy, IngestOptions, QualityReport, ingest,
};
use prevision_engine::stats::display_decimals;

/// Prevision's forecasting engine on the command line.
#[derive(Debug, Parser)]
#[command(name = "prevision", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read a CSV file and print its data-quality report.
    Inspect(InspectArgs),
    /// Backtest models on a CSV file and forecast, with intervals and explanations.
    Forecast(forecast::ForecastArgs),
    /// Measure the engine: forest fit/predict, ingest throughput, full forecast runs.
    Bench(bench::BenchArgs),
    /// Compare two saved versions on the same windows of a file: deltas, DM test, gate.
    Compare(ops::CompareArgs),
    /// Append newer data, refit the version's spec, and gate the result against it.
    Retrain(ops::RetrainArgs),
    /// Score events through a fitted model: throughput and latency, batched and one by one.
    Loadtest(ops_cli::LoadTestArgs),
    /// Check new data against a model fitted up to a reference date: drift and live error.
    Drift(ops_cli::DriftArgs),
    /// Write the data in long format and a Python (mlforecast/statsforecast) script.
    Graduate(ops_cli::GraduateArgs),
    /// Print a built-in dataset as CSV (retail-demo, bike-sharing, drinks-sales).
    Dataset {
        /// The dataset's code.
        code: String,
    },
}

/// Options shared by every subcommand that reads a CSV file.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The CSV file.
    file: PathBuf,
    /// Field delimiter (`,` `;` `|` or `tab`); sniffed when absent.
    #[arg(long)]
    delimiter: Option<String>,
    /// Decimal mark; sniffed when absent.
    #[arg(long, value_enum)]
    decimal: Option<DecimalArg>,
    /// Day/month order of dates; decided from the column when absent.
    #[arg(long, value_enum)]
    date_order: Option<DateOrderArg>,
    /// Date column name.
    #[arg(long)]
    date_col: Option<String>,
    /// Target column name.
    #[arg(long)]
    target: Option<String>,
    /// Series-id column (repeatable, long format).
    #[arg(long = "id-col")]
    id_cols: Vec<String>,
    /// Column to ignore (repeatable).
    #[arg(long)]
    ignore: Vec<String>,
    /// Fill policy for missing targets inside the history.
    #[arg(long, value_enum, default_value = "leave")]
    fill: FillArg,
    /// How duplicate timestamps are merged. When absent they are added up, except readings
    /// (consecutive values that move together) put on a grid chosen for an irregular file,
    /// which are averaged.
    #[arg(long, value_enum)]
    duplicates: Option<DuplicateArg>,
    /// Move each timestamp to the start of its hour, day, week (from Monday) or month; rows
    /// of one period are merged by --duplicates. Irregular files get one chosen when absent.
    #[arg(long, value_enum)]
    resample: Option<ResampleArg>,
    /// A wide table: each number column (not ignored) is one series named after its header.
    #[arg(long)]
    wide: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ResampleArg {
    Hour,
    Day,
    Week,
    Month,
}

#[derive(Debug, Args)]
struct InspectArgs {
    #[command(flatten)]
    ingest: IngestArgs,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DecimalArg {
    Dot,
    Comma,
}

// The flag values (`day-first`, …) mirror the engine's `DateOrder` names.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, ValueEnum)]
enum DateOrderArg {
    DayFirst,
    MonthFirst,
    YearFirst,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FillArg {
    Leave,
    Zero,
    ForwardFill,
    Linear,
    Seasonal,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DuplicateArg {
    Sum,
    Mean,
    Last,
}

impl IngestArgs {
    fn options(&self) -> anyhow::Result<IngestOptions> {
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some("tab" | "\\t") => Some('\t'),
            Some(s) if s.chars().count() == 1 => s.chars().next(),
            Some(s) => anyhow::bail!("--delimiter must be one character or `tab`, got {s:?}"),
        };
        Ok(IngestOptions {
            delimiter,
            decimal: self.decimal.map(|d| match d {
                DecimalArg::Dot => DecimalMark::Dot,
                DecimalArg::Comma => DecimalMark::Comma,
            }),
            date_order: self.date_order.map(|o| match o {
                DateOrderArg::DayFirst => DateOrder::DayFirst,
                DateOrderArg::MonthFirst => DateOrder::MonthFirst,
                DateOrderArg::YearFirst => DateOrder::YearFirst,
            }),
            date_col: self.date_col.clone(),
            target: self.target.clone(),
            id_cols: self.id_cols.clone(),
            ignore: self.ignore.clone(),
            fill: match self.fill {
                FillArg::Leave => FillPolicy::Leave,
                FillArg::Zero => FillPolicy::Zero,
                FillArg::ForwardFill => FillPolicy::ForwardFill,
                FillArg::Linear => FillPolicy::Linear,
                FillArg::Seasonal => FillPolicy::Seasonal,
            },
            duplicates: self.duplicates.map(|d| match d {
                DuplicateArg::Sum => DuplicatePolicy::Sum,
                DuplicateArg::Mean => DuplicatePolicy::Mean,
                DuplicateArg::Last => DuplicatePolicy::Last,
            }),
            resample: self.resample.map(|r| match r {
                ResampleArg::Hour => Frequency::Minutes { minutes: 60 },
                ResampleArg::Day => Frequency::Daily,
                ResampleArg::Week => Frequency::Weekly { anchor: chrono::Weekday::Mon },
                ResampleArg::Month => Frequency::Monthly,
            }),
            wide: self.wide,
            ..IngestOptions::default()
        })
    }

    /// Reads and ingests the file.
    pub fn load(&self) -> anyhow::Result<prevision_engine::ingest::Ingested> {
        let bytes = std::fs::read(&self.file)
            .with_context(|| format!("cannot read {}", self.file.display()))?;
        let opts = self.options()?;
        ingest(&bytes, &opts).with_context(|| format!("cannot load {}", self.file.display()))
    }
}

/// `prevision inspect`: the quality report.
fn inspect(args: &InspectArgs) -> anyhow::Result<()> {
    let ingested = args.ingest.load()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&ingested.report)?);
    } else {
        print!("{}", summary_text(&ingested.report));
    }
    Ok(())
}

/// A readable English summary of a report.
fn summary_text(r: &QualityReport) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "encoding {}, separator {}, decimal mark {}",
        describe::encoding(r.encoding),
        describe::delimiter(r.delimiter),
        describe::decimal_mark(r.decimal)
    );
    let _ = writeln!(
        o,
        "date column \"{}\" ({}), target \"{}\"",
        r.date_column,
        describe::date_format(r.date_format),
        r.target_column
    );
    if !r.id_columns.is_empty() {
        let _ = writeln!(o, "series ids: {}", r.id_columns.join(", "));
    }
    let _ = writeln!(
        o,
        "{} series, {}, from {} to {}",
        r.series_count,
        describe::frequency(r.frequency),
        describe::timestamp_at(r.start, r.frequency),
        describe::timestamp_at(r.end, r.frequency)
    );
    let _ = writeln!(
        o,
        "rows read {}, loaded {}, rejected {}",
        r.rows_read, r.rows_loaded, r.rejected_total
    );
    for rej in r.rejected.iter().take(20) {
        let col = rej.column.as_deref().map(|c| format!(", column \"{c}\"")).unwrap_or_default();
        let _ = writeln!(o, "  line {}{col}: {}", rej.line, describe::reject_reason(&rej.reason));
    }
    let _ = writeln!(o, "columns:");
    for c in &r.columns {
        let _ = writeln!(
            o,
            "  {:<24} {} ({}), {} missing, {} invalid",
            c.name,
            describe::column_role(c.role),
            describe::column_kind(c.kind),
            c.missing,
            c.invalid
        );
    }
    let _ = writeln!(
        o,
        "gaps {} ({}){}",
        r.gaps_total,
        describe::count(r.missing_steps_total, "missing step", "missing steps"),
        if r.missing_steps_total > 0 || r.filled_count > 0 {
            format!("; {}", describe::fill_policy(r.filled, r.filled_count))
        } else {
            String::new()
        }
    );
    for g in r.gaps.iter().take(10) {
        let _ = writeln!(
            o,
            "  {}: {} .. {} ({})",
            g.series,
            describe::timestamp_at(g.start, r.frequency),
            describe::timestamp_at(g.end, r.frequency),
            describe::count(g.missing_steps, "step", "steps")
        );
    }
    let _ = writeln!(
        o,
        "duplicate timestamps {} ({}), outliers {}",
        r.duplicates_total,
        describe::duplicate_policy(r.duplicate_policy),
        r.outliers_total
    );
    for s in r.summary.iter().take(10) {
        let d = display_decimals(s.mean.abs().max(s.max.abs()), 4);
        let _ = writeln!(
            o,
            "  {}: n={} mean={:.d$} std={:.d$} min={} median={:.d$} max={} future rows={}",
            s.series,
            s.count,
            s.mean,
            s.std,
            describe::number(s.min, d),
            s.median,
            describe::number(s.max, d),
            s.future_rows,
        );
    }
    if !r.seasonal_periods.is_empty() {
        let p: Vec<String> = r
            .seasonal_periods
            .iter()
            .map(|p| format!("{} ({:.2})", p.period, p.strength))
            .collect();
        let _ = writeln!(o, "seasonal periods: {}", p.join(", "));
    }
    for w in &r.warnings {
        let _ = writeln!(o, "warning: {}", describe::ingest_warning(w));
    }
    o
}

/// `prevision dataset`: the built-in dataset's CSV on standard output.
fn dataset(code: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let Some(d) = prevision_engine::datasets::BuiltinDataset::from_code(code) else {
        let known: Vec<&str> =
            prevision_engine::datasets::BuiltinDataset::ALL.iter().map(|d| d.code()).collect();
        anyhow::bail!("unknown dataset `{code}`; known: {}", known.join(", "));
    };
    std::io::stdout().write_all(&d.csv())?;
    Ok(())
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Inspect(args) => inspect(args),
        Command::Forecast(args) => forecast::forecast(args),
        Command::Bench(args) => bench::bench(args),
        Command::Dataset { code } => dataset(code),
        Command::Compare(args) => ops::compare(args),
        Command::Retrain(args) => ops::retrain_cmd(args),
        Command::Loadtest(args) => ops_cli::loadtest(args),
        Command::Drift(args) => ops_cli::drift(args),
        Command::Graduate(args) => ops_cli::graduate(args),
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
