//! Ingest: bytes of a CSV file in, a regular [`crate::frame::Frame`] and a data-quality
//! [`QualityReport`] out, or a precise [`IngestError`].
//!
//! Stages, each in its own module: [`encoding`] (UTF-8 with or without BOM, Windows-1252
//! fallback), [`sniff`] (delimiter and decimal mark from the first 64 KiB), [`table`] (one
//! streaming pass of the `csv` reader into typed columns: numbers, interned labels, scanned
//! dates), [`dates`] (formats and day/month order decided from the whole column; a date split
//! into year, month and day columns is joined by [`parts`]), [`roles`]
//! (date, target, series ids, exogenous availability), [`freq`] (frequency from the modal
//! spacing), [`regularise`] (sort, merge duplicates, insert missing timestamps, fill) and
//! [`report`] (outliers, summaries, profiles, seasonal periods). A file whose dates are its
//! column headers, one series per row, is recognised by [`across`] and read as long instead
//! of by [`table`].
//!
//! Invariants: never panics on any input; a malformed line is skipped and listed with its
//! physical line number, never turned into an invented number; an empty target cell is a
//! missing value, an unparseable target cell rejects its line (`NotANumber`, the line and
//! column named); an unparseable exogenous cell becomes missing and is counted
//! ([`IngestWarning::InvalidCells`]). Limits: [`DEFAULT_MAX_BYTES`] of input,
//! [`MAX_COLUMNS`] columns, [`MAX_SERIES`] series, [`MAX_GRID_ROWS`] rows after
//! regularisation.

pub mod across;
pub mod dates;
pub mod encoding;
pub mod error;
pub mod freq;
pub mod number;
pub mod parts;
pub mod regularise;
pub mod report;
pub mod resample;
pub mod roles;
pub mod sniff;
pub mod table;

use serde::{Deserialize, Serialize};

pub use dates::DateOrder;
pub use error::{IngestError, NotCsvKind, UnreadCell};
pub use report::*;

use crate::frame::{Frame, Frequency};

/// Largest input accepted when [`IngestOptions::max_bytes`] is `None`: 256 MiB.
pub const DEFAULT_MAX_BYTES: usize = 256 * 1024 * 1024;
/// Most columns a file may have.
pub const MAX_COLUMNS: usize = 1000;
/// Most series a long-format file may hold.
pub const MAX_SERIES: usize = 100_000;
/// Most rows the regular frame may hold after missing timestamps are inserted.
pub const MAX_GRID_ROWS: usize = 20_000_000;

/// The decimal mark of numbers in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalMark {
    /// `12.5`.
    Dot,
    /// `12,5` (French exports).
    Comma,
}

/// What to put where the target is missing inside a series' history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FillPolicy {
    /// Leave `NaN`.
    #[default]
    Leave,
    /// Zero (counts: no sale recorded means no sale).
    Zero,
    /// The last observed value.
    ForwardFill,
    /// Straight line between the observed neighbours.
    Linear,
    /// The value one season earlier (else one season later), by the frequency's default
    /// season; falls back to linear when neither is observed.
    Seasonal,
}

/// How rows for the same series and timestamp are merged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// Sum of the targets (several tickets on one day); exogenous values are averaged.
    #[default]
    Sum,
    /// Mean of targets and exogenous values.
    Mean,
    /// The row that comes last in the file.
    Last,
}

/// Caller's choices; every `None` / empty field is inferred from the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestOptions {
    /// Field delimiter; `None` sniffs among `, ; tab |`.
    pub delimiter: Option<char>,
    /// Decimal mark; `None` sniffs.
    pub decimal: Option<DecimalMark>,
    /// Day/month order; `None` decides from the whole date column.
    pub date_order: Option<DateOrder>,
    /// Date column name; `None` infers.
    pub date_col: Option<String>,
    /// Target column name; `None` infers.
    pub target: Option<String>,
    /// Series-id columns (long format); empty infers. Values are joined with `/` into
    /// [`crate::frame::Series::id`].
    pub id_cols: Vec<String>,
    /// Exogenous columns to treat as known in advance.
    pub known_in_advance: Vec<String>,
    /// Exogenous columns to treat as observed only.
    pub observed_only: Vec<String>,
    /// Columns to leave out.
    pub ignore: Vec<String>,
    /// Fill policy for missing targets inside the history.
    pub fill: FillPolicy,
    /// Merge policy for duplicate timestamps; `None` adds them up ([`DuplicatePolicy::Sum`]),
    /// except when irregular timestamps are put on a grid nobody asked for and the rows are
    /// readings of a level (a temperature, a price, a meter's power: consecutive values move
    /// together), which are averaged (see [`resample::merge_for`]).
    #[serde(default)]
    pub duplicates: Option<DuplicatePolicy>,
    /// Size limit in bytes; `None` is [`DEFAULT_MAX_BYTES`].
    pub max_bytes: Option<usize>,
    /// Puts the timestamps on this grid: each moves to the start of its period and the rows of
    /// one period are merged by `duplicates` (ticket lines → daily sales). `None` keeps the
    /// file's spacing unless it does not fit (most rows off it, or under a third of its steps
    /// occupied); then the finest of hour, day, business day, week and month whose periods
    /// are mostly occupied is chosen (see [`resample`]).
    #[serde(default)]
    pub resample: Option<Frequency>,
    /// A wide table: every number column not named in `known_in_advance`, `observed_only` or
    /// `ignore`, and not a 0/1 flag, holds one series (`date;Lyon;Paris;Nantes`), named after
    /// its header. The file is read as if it were long: a `series` column of those names and a
    /// `value` column; flags and other columns are inputs shared by every series.
    #[serde(default)]
    pub wide: bool,
}

impl IngestOptions {
    /// Whether these options give column `name` a role: target, series id, known in advance,
    /// observed only, or left out.
    pub fn names_role(&self, name: &str) -> bool {
        let named = |list: &[String]| list.iter().any(|n| n == name);
        self.target.as_deref() == Some(name)
            || named(&self.id_cols)
            || named(&self.known_in_advance)
            || named(&self.observed_only)
            || named(&self.ignore)
    }
}

/// A successfully ingested file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ingested {
    /// The regular table.
    pub frame: Frame,
    /// What was found and done on the way.
    pub report: QualityReport,
}

/// Keeps the items of `v` whose index passes `keep`: filters vectors by a mask of their rows
/// (a column, a series' rows, the series themselves) in one pass, without copying.
fn retain_indexed<T>(v: &mut Vec<T>, mut keep: impl FnMut(usize) -> bool) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        keep(i - 1)
    });
}

/// What the text is when it is plainly not CSV: it opens like an HTML page (`<!DOCTYPE html`,
/// `<html`) or like JSON (`{"…` or `[{` / `["` / `[[`).
fn not_csv(text: &[u8]) -> Option<NotCsvKind> {
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let head: Vec<u8> =
        text[start..text.len().min(start + 512)].iter().map(u8::to_ascii_lowercase).collect();
    let after = |n: usize| head.iter().skip(n).find(|b| !b.is_ascii_whitespace()).copied();
    if head.starts_with(b"<!doctype html") || head.starts_with(b"<html") {
        Some(NotCsvKind::WebPage)
    } else if (head.starts_with(b"{") && after(1) == Some(b'"'))
        || (head.starts_with(b"[") && matches!(after(1), Some(b'{' | b'[' | b'"')))
    {
        Some(NotCsvKind::Json)
    } else {
        None
    }
}

/// Reads a CSV file's bytes into a regular frame and its quality report.
pub fn ingest(bytes: &[u8], opts: &IngestOptions) -> Result<Ingested, IngestError> {
    let max_bytes = opts.max_bytes.unwrap_or(DEFAULT_MAX_BYTES);
    if bytes.len() > max_bytes {
        return Err(IngestError::TooLarge { bytes: bytes.len(), max_bytes });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    let decoded = encoding::decode(bytes)?;
    let text: &[u8] = &decoded.text;
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if let Some(kind) = not_csv(text) {
        return Err(IngestError::NotCsv { kind });
    }
    let delimiter = match opts.delimiter {
        Some(c) => u8::try_from(c)
            .ok()
            .filter(|b| {
                b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r') && !b.is_ascii_alphanumeric()
            })
            .ok_or(IngestError::UnsupportedDelimiter { delimiter: c })?,
        None => sniff::sniff_delimiter(sniff::sample(text)),
    };
    let decimal =
        opts.decimal.unwrap_or_else(|| sniff::sniff_decimal(sniff::sample(text), delimiter));
    // One series per row and one date per column: read as long, straight into a table.
    if let Some((table, opts)) = across::read(text, delimiter, decimal, opts)? {
        return roles::build(table, decoded.encoding, delimiter, decimal, &opts);
    }
    let table = table::read(text, delimiter, decimal, opts)?;
    if opts.wide {
        let (table, opts) = table::melt(table, decimal, opts)?;
        return roles::build(table, decoded.encoding, delimiter, decimal, &opts);
    }
    roles::build(table, decoded.encoding, delimiter, decimal, opts)
}
