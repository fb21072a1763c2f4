//! The data-quality report ingest hands back next to the frame.
//!
//! Everything here is typed data (no pre-formatted prose) so the app can render it in French
//! or English: counts, line numbers, column names, enum reasons. Line numbers are 1-based
//! *physical* lines of the file (the header is line 1; a quoted field spanning two lines
//! makes the next record start two lines later). Lists that could grow with the file size
//! (`rejected`, `outliers`, `duplicates`, `gaps`) are truncated to their first
//! [`MAX_LISTED`] entries; the matching `*_total` count is always exact.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{DateOrder, DecimalMark, DuplicatePolicy, FillPolicy};
use crate::frame::{Frame, Frequency, Series};
use crate::stats;

/// Longest list of rejected rows, gaps, duplicates or outliers kept in a report.
pub const MAX_LISTED: usize = 1000;

/// The text encoding the file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel "CSV UTF-8").
    Utf8Bom,
    /// Windows-1252 (a superset of Latin-1 for text): what French Excel writes as "CSV".
    Windows1252,
    /// UTF-16 little-endian with byte-order mark (Excel "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian with byte-order mark.
    Utf16Be,
}

/// How the date column was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// `2024-03-01`.
    Iso,
    /// `2024-03-01T10:00:00`, `2024-03-01 10:00` (possibly with a zone; some rows may omit
    /// the time, meaning midnight).
    IsoDateTime,
    /// `01/03/2024`, `01.03.2024`, `01-03-24`: day, month, year.
    DayFirst {
        /// Separator between the parts.
        sep: char,
        /// Whether rows carry a time of day (`01/03/2024 10:30`).
        with_time: bool,
    },
    /// `03/01/2024`: month, day, year.
    MonthFirst {
        /// Separator between the parts.
        sep: char,
        /// Whether rows carry a time of day.
        with_time: bool,
    },
    /// `2024/03/01`: year, month, day with a separator other than `-`.
    YearFirst {
        /// Separator between the parts.
        sep: char,
        /// Whether rows carry a time of day.
        with_time: bool,
    },
    /// `2024-03` or `2024/03`: a month, stamped on its first day.
    YearMonth {
        /// Separator between year and month.
        sep: char,
    },
    /// `03/2024`: month then year, stamped on the first day.
    MonthYear {
        /// Separator between month and year.
        sep: char,
    },
    /// `5 Jan 2024`, `05-janv.-2024`, `Jan 5, 2024`, `janv. 2024`: the month as a name
    /// (English or French).
    MonthName,
    /// `20240315`: year, month and day without separators.
    Compact,
    /// `202403`: year and month without a separator, stamped on the first day.
    CompactYearMonth,
    /// `2024-Q1`, `Q1 2024`, `T1 2024`: a quarter, stamped on its first day.
    YearQuarter,
    /// `2024-W05` (`2024W05` when `compact`), `2024-W05-3` `with_weekday` (Monday 1): an
    /// ISO 8601 week, stamped on its Monday, or on the weekday written.
    IsoWeek {
        /// Written without hyphens (`2024W05`, `2024W053`).
        compact: bool,
        /// Followed by the weekday.
        with_weekday: bool,
    },
    /// `2024`: a bare year in a column named like a year, stamped on January 1st.
    Year,
    /// Excel serial day numbers (1900 date system; fractions are times of day).
    ExcelSerial,
    /// `1704067200`: Unix time in seconds (UTC), read only from a column named like a time
    /// whose values all fall between 1990 and 2100.
    EpochSeconds,
    /// `1704067200000`: Unix time in milliseconds (UTC), under the same conditions.
    EpochMillis,
}

/// How time-zone offsets in the date column were handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneHandling {
    /// No value carried a zone: timestamps are the file's wall-clock times.
    NoneInFile,
    /// Values carried `Z` or `±hh:mm`, at different times of day (or all in UTC): every
    /// timestamp was converted to UTC (values without a zone in the same column are taken as
    /// already UTC).
    ConvertedToUtc,
    /// Values carried zones, not all UTC, all at one written time of day (a daily export
    /// stamped `2024-03-01T00:00:00+01:00`): the written dates and time were kept and the
    /// zones set aside, because converted to UTC the dates could move to another day (local
    /// midnights east of Greenwich fall on the day before).
    WrittenDatesKept,
}

/// The part a column plays in the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// The timestamp column.
    Date,
    /// The value to forecast.
    Target,
    /// Part of the series identifier (long format).
    SeriesId,
    /// Exogenous, known for the future (promotions, prices, calendar).
    KnownInAdvance,
    /// Exogenous, known only after the fact: used only as lags.
    ObservedOnly,
    /// Not used.
    Ignored,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Numbers.
    Numeric,
    /// Text labels.
    Categorical,
    /// Dates or datetimes.
    Date,
    /// No value at all.
    Empty,
}

/// One column of the file as ingest saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    /// Header name (made unique: a repeated name gets a `_2` suffix; an empty one is
    /// `column_<n>`).
    pub name: String,
    /// Its role.
    pub role: ColumnRole,
    /// What it holds.
    pub kind: ColumnKind,
    /// Empty (or `NA`-like) cells among loaded rows.
    pub missing: usize,
    /// Cells that could not be read as the column's kind (became missing, or rejected the row
    /// for the target).
    pub invalid: usize,
    /// Distinct values, for categorical and series-id columns.
    pub distinct: Option<usize>,
    /// The unit its numbers were written with and read without (`kg` of `12,5 kg`), when the
    /// column has one (see [`IngestWarning::UnitStripped`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// Why a data line was dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The line has a different number of fields than the header.
    WrongFieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields on this line.
        found: usize,
    },
    /// The target cell is not a number (`#VALEUR!`, `abc`).
    NotANumber {
        /// The cell as written (truncated to 64 characters).
        value: String,
    },
    /// The date cell could not be read in the column's format.
    BadDate {
        /// The cell as written (truncated to 64 characters).
        value: String,
    },
    /// The date cell is empty.
    MissingDate,
    /// The time-of-day cell, in a column of its own beside the date column, could not be read.
    BadTime {
        /// The cell as written (truncated to 64 characters).
        value: String,
    },
    /// The time-of-day cell, in a column of its own beside the date column, is empty.
    MissingTime,
    /// A series-id cell is empty.
    MissingSeriesId,
    /// The timestamp does not fall on the inferred frequency's grid.
    OffGrid {
        /// The timestamp read.
        timestamp: NaiveDateTime,
    },
    /// The date is further from the series' other dates than they span, at one end (a year
    /// typed 2033 in a file of 2023): kept, it would fill years of gaps.
    FarFromOthers {
        /// The timestamp read.
        timestamp: NaiveDateTime,
    },
}

/// A dropped data line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// 1-based physical line of the file where the record starts.
    pub line: usize,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// Why.
    pub reason: RejectReason,
}

/// A run of consecutive missing timestamps inside a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// Series id.
    pub series: String,
    /// First missing timestamp.
    pub start: NaiveDateTime,
    /// Last missing timestamp.
    pub end: NaiveDateTime,
    /// Number of missing steps.
    pub missing_steps: usize,
}

/// Several rows for the same series and timestamp, merged by the duplicate policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// Series id.
    pub series: String,
    /// The repeated timestamp.
    pub timestamp: NaiveDateTime,
    /// Rows merged.
    pub count: usize,
    /// Their physical lines.
    pub lines: Vec<usize>,
}

/// A target value far from its neighbours (robust score).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlier {
    /// Series id.
    pub series: String,
    /// When.
    pub timestamp: NaiveDateTime,
    /// The value.
    #[serde(deserialize_with = "crate::json::nan")]
    pub value: f64,
    /// Robust z-score: `0.6745 · |residual − median| / MAD` of the residuals from a centred
    /// rolling median; flagged above [`OUTLIER_SCORE`].
    #[serde(deserialize_with = "crate::json::nan")]
    pub score: f64,
}

/// Robust score above which a value is listed as an outlier (Iglewicz–Hoaglin use 3.5).
pub const OUTLIER_SCORE: f64 = 3.5;

/// Summary statistics of one series' observed target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesSummary {
    /// Series id.
    pub series: String,
    /// Rows in the regular series (history and future).
    pub rows: usize,
    /// Observed (non-missing) target values.
    pub count: usize,
    /// Missing target values inside the history (before any fill).
    pub missing: usize,
    /// Future rows (after the last observed target).
    pub future_rows: usize,
    /// First timestamp.
    pub start: NaiveDateTime,
    /// Last timestamp with an observed target.
    pub last_observed: NaiveDateTime,
    /// Mean.
    #[serde(deserialize_with = "nan_from_null")]
    pub mean: f64,
    /// Sample standard deviation.
    #[serde(deserialize_with = "nan_from_null")]
    pub std: f64,
    /// Minimum.
    #[serde(deserialize_with = "nan_from_null")]
    pub min: f64,
    /// First quartile.
    #[serde(deserialize_with = "nan_from_null")]
    pub q1: f64,
    /// Median.
    #[serde(deserialize_with = "nan_from_null")]
    pub median: f64,
    /// Third quartile.
    #[serde(deserialize_with = "nan_from_null")]
    pub q3: f64,
    /// Maximum.
    #[serde(deserialize_with = "nan_from_null")]
    pub max: f64,
}

/// A seasonal period suggested by a peak of the autocorrelation function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeasonalPeriod {
    /// Period in steps of the frame's frequency.
    pub period: usize,
    /// Autocorrelation at that lag (of the linearly detrended target), in [-1, 1].
    #[serde(deserialize_with = "crate::json::nan")]
    pub strength: f64,
}

/// Something worth knowing that did not stop ingest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IngestWarning {
    /// No date in the column settles day-first against month-first (no part above 12, and
    /// the spacing fits both): `assumed` was used.
    AmbiguousDates {
        /// The date column.
        column: String,
        /// The order assumed.
        assumed: DateOrder,
    },
    /// Day-first vs month-first was settled by which reading gives regular spacing.
    DateOrderFromSpacing {
        /// The date column.
        column: String,
        /// The order chosen.
        chosen: DateOrder,
    },
    /// The dates and the times of day are written in two columns (`16/12/2006;17:24:00`, as
    /// meters and loggers export them): each row's timestamp joins its date and its time.
    DateAndTimeCombined {
        /// The date column.
        date: String,
        /// The time-of-day column.
        time: String,
    },
    /// No column holds whole dates, but a year column and a month column do between them
    /// (`année;mois;ventes`, `Year,Month,Revenue` with `Jan`, `Feb`…), with maybe a day
    /// column: each row's date was built from its cells, on the first of the month when there
    /// is no day (see [`super::parts`]).
    DateFromParts {
        /// The year column.
        year: String,
        /// The month column (numbers 1–12 or month names), or the quarter column when
        /// `quarters`.
        month: String,
        /// The day column, when there is one.
        day: Option<String>,
        /// Whether `month` holds quarters (`Q1`…`Q4`, `T1`…`T4`, 1–4): each date is its
        /// quarter's first day.
        quarters: bool,
        /// Whether `month` holds ISO weeks (1–53): each date is its week's Monday (reports
        /// written before week columns were read say `false`).
        #[serde(default)]
        weeks: bool,
    },
    /// The date column mixes several layouts (`2024-01-03`, `04/01/2024`, `05.01.2024`): each
    /// cell was read in its own, and the day/month order decided once for the column.
    MixedDateLayouts {
        /// The date column.
        column: String,
        /// The layouts, the column's most common first, then in order of appearance.
        layouts: Vec<DateFormat>,
    },
    /// A sub-daily file without zone offsets repeats a time in the small hours of a night the
    /// clocks go back (the last Sunday of October in Europe, the first Sunday of November in
    /// North America): that hour was lived twice, so its rows are not a mistake. They were
    /// merged by the duplicate policy: averaged when nobody chose one and these are the file's
    /// only repeats (an hour's level, not twice an hour's value).
    ClockChangeRepeat {
        /// The first repeated time.
        timestamp: NaiveDateTime,
        /// How many times were repeated on such nights.
        count: usize,
        /// Whether their rows were averaged (otherwise merged by the policy chosen, or added up
        /// because the file repeats other times too).
        #[serde(default)]
        averaged: bool,
    },
    /// Nearly every date of a series adds up the same number of rows (a long file of several
    /// shops read as one series, its shop column not used), but some dates have fewer: their
    /// sum would be a partial total, so they were left missing, like dates without rows.
    PartialTotals {
        /// The series.
        series: String,
        /// The first such date.
        first: NaiveDateTime,
        /// Its rows.
        rows: usize,
        /// The rows of nearly every date.
        usual: usize,
        /// How many dates.
        count: usize,
    },
    /// Rows after the last observed target: kept as future rows for the forecast horizon.
    FutureRows {
        /// Future rows over all series.
        count: usize,
    },
    /// Some timestamps were off the inferred grid and were dropped (listed as rejected).
    IrregularSpacing {
        /// Off-grid rows.
        off_grid: usize,
        /// Rows on the grid.
        on_grid: usize,
    },
    /// Timestamps were moved to the start of their period of `step` and the rows of one period
    /// merged (reported as duplicates): asked for, or `automatic` because the file's spacing
    /// was irregular.
    Resampled {
        /// The grid.
        step: Frequency,
        /// Chosen by ingest rather than asked for.
        automatic: bool,
    },
    /// Weekly data: rows stamped up to three days off the weekday most rows fall on were moved
    /// to the nearest such day (their week's), instead of being dropped as off the grid.
    MovedToWeekday {
        /// Rows moved.
        count: usize,
        /// The weekday of the weeks.
        weekday: chrono::Weekday,
    },
    /// Lines above the header (a report title, a blank line) were read past: the table starts
    /// at the header after them.
    PreambleSkipped {
        /// Physical lines above the header.
        lines: usize,
    },
    /// Lines repeated whole (same date, same values: an export's overlapping pages, a pasted
    /// block) were counted once, not added up. Only when every repeated date of the file is
    /// such a copy, and they are few.
    RepeatedLines {
        /// Copies left out.
        count: usize,
        /// The first of them.
        first_line: usize,
    },
    /// A series named like a total (`Total`, `Ensemble`) that adds up the others on nearly
    /// every date (a pivot export's total rows) was left out: it would be forecast as one more
    /// series.
    TotalSeriesLeftOut {
        /// Its id.
        series: String,
    },
    /// The file has no header line: its first line holds a date and numbers, so it was read
    /// as the first row, and the columns are named `column_1`, `column_2`, … in file order.
    NoHeader,
    /// Numbers in this column use a thousands separator (`1 234,56`, `1,234.56`).
    ThousandsSeparator {
        /// The column.
        column: String,
    },
    /// Numbers in this column are written with a unit (`12,5 kg`, `21.4 °C`): it was taken off
    /// to read them. A cell with another unit (`500 g` among kilograms) was not converted but
    /// counted invalid, like any cell that is not a number.
    UnitStripped {
        /// The column.
        column: String,
        /// The unit, as written (`kg`, `°C`, `km/h`).
        unit: String,
    },
    /// Non-numeric cells in an exogenous column became missing values.
    InvalidCells {
        /// The column.
        column: String,
        /// How many cells.
        count: usize,
        /// Line of the first one.
        first_line: usize,
        /// The first one as written.
        first_value: String,
    },
    /// Timestamps carried zone offsets, at different times of day, and were converted to UTC.
    ConvertedToUtc {
        /// The date column.
        column: String,
    },
    /// Timestamps carried zone offsets, all at one time of day: the written dates were kept.
    WrittenDatesKept {
        /// The date column.
        column: String,
    },
    /// The date column holds Excel serial day numbers.
    ExcelSerialDates {
        /// The date column.
        column: String,
    },
    /// Lines with only empty fields (`;;;`) were skipped.
    BlankLines {
        /// How many.
        count: usize,
    },
    /// A series has no observed target at all and was dropped.
    SeriesWithoutTarget {
        /// The series id.
        series: String,
    },
    /// A series starts with a long run of zeros, longer than any later one (a store or a
    /// product that did not exist yet, exported with zeros): the models learn from those
    /// zeros as if they could come back. Nothing is changed; the user is told.
    LeadingZeros {
        /// The first such series, in frame order.
        series: String,
        /// Its leading zeros.
        zeros: usize,
        /// Its first non-zero value's timestamp.
        first_value: NaiveDateTime,
        /// How many series start so, that one included.
        count: usize,
    },
    /// The file was not UTF-8 and was read as Windows-1252.
    DecodedAsWindows1252,
    /// The dates are the column headers and each row is one series (`Page,2024-01-01,
    /// 2024-01-02,…`, as web-traffic files and pivot exports are laid out): the file was read
    /// as if it were long, one row per cell, the row's leading label columns naming its series.
    DatesAcrossColumns {
        /// Dates read from the header.
        dates: usize,
        /// Rows read as series.
        series: usize,
    },
    /// In a file with its dates across the header, columns after the last date (a pivot
    /// export's `Total`) were left out: only the dated columns are values.
    ColumnsAfterDatesLeftOut {
        /// Their headers.
        columns: Vec<String>,
    },
}

/// Everything ingest learned about the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityReport {
    /// Text encoding the file was read as.
    pub encoding: Encoding,
    /// Field delimiter.
    pub delimiter: char,
    /// Decimal mark.
    pub decimal: DecimalMark,
    /// Name of the date column.
    pub date_column: String,
    /// How it was written.
    pub date_format: DateFormat,
    /// How zone offsets were handled.
    pub zones: ZoneHandling,
    /// Name of the target column.
    pub target_column: String,
    /// Series-id columns (empty for a single series).
    pub id_columns: Vec<String>,
    /// Every column of the file, in file order.
    pub columns: Vec<ColumnReport>,
    /// Data records read (excluding the header and blank lines).
    pub rows_read: usize,
    /// Records loaded into the frame before merging duplicates.
    pub rows_loaded: usize,
    /// Dropped lines, sorted by line (first [`MAX_LISTED`]).
    pub rejected: Vec<RejectedRow>,
    /// Exact number of dropped lines.
    pub rejected_total: usize,
    /// Inferred (or imposed) frequency.
    pub frequency: Frequency,
    /// Earliest timestamp over all series.
    pub start: NaiveDateTime,
    /// Latest timestamp over all series (future rows included).
    pub end: NaiveDateTime,
    /// Number of series.
    pub series_count: usize,
    /// Runs of missing timestamps (first [`MAX_LISTED`]).
    pub gaps: Vec<Gap>,
    /// Exact number of gaps.
    pub gaps_total: usize,
    /// Exact number of missing timestamps inserted.
    pub missing_steps_total: usize,
    /// Fill policy applied to missing target values inside the history.
    pub filled: FillPolicy,
    /// Target values filled by it.
    pub filled_count: usize,
    /// Merged duplicate timestamps (first [`MAX_LISTED`]).
    pub duplicates: Vec<DuplicateGroup>,
    /// Exact number of duplicate groups.
    pub duplicates_total: usize,
    /// How duplicates were merged.
    pub duplicate_policy: DuplicatePolicy,
    /// Robust outliers of the target, largest score first (first [`MAX_LISTED`]).
    pub outliers: Vec<Outlier>,
    /// Exact number of outliers.
    pub outliers_total: usize,
    /// Per-series summary statistics.
    pub summary: Vec<SeriesSummary>,
    /// Mean target by weekday, Monday first, for daily or finer data.
    #[serde(deserialize_with = "nan_array_from_null")]
    pub weekday_profile: Option<[f64; 7]>,
    /// Mean target by month, January first, for monthly or finer data.
    #[serde(deserialize_with = "nan_array_from_null")]
    pub month_profile: Option<[f64; 12]>,
    /// Dominant seasonal periods (ACF peaks; a natural period of the frequency with
    /// significantly different phases replaces a peak one lag off), strongest first.
    pub seasonal_periods: Vec<SeasonalPeriod>,
    /// Non-fatal findings.
    pub warnings: Vec<IngestWarning>,
}

/// JSON writes `NaN` (no value: a weekday without data, the spread of one value) as `null`;
/// reading it back gives `NaN` again, so reports survive a round trip through the worker.
fn nan_from_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

fn nan_array_from_null<'de, D, const N: usize>(d: D) -> Result<Option<[f64; N]>, D::Error>
where
    D: serde::Deserializer<'de>,
    [Option<f64>; N]: Deserialize<'de>,
{
    let v = Option::<[Option<f64>; N]>::deserialize(d)?;
    Ok(v.map(|a| a.map(|x| x.unwrap_or(f64::NAN))))
}

/// The statistical part of the report, computed from the regular frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Analysis {
    pub outliers: Vec<Outlier>,
    pub outliers_total: usize,
    pub summary: Vec<SeriesSummary>,
    pub weekday_profile: Option<[f64; 7]>,
    pub month_profile: Option<[f64; 12]>,
    pub seasonal_periods: Vec<SeasonalPeriod>,
}

/// Longest season whose phases are compared when looking for outliers (a day of 15-minute
/// steps); finer data uses a short rolling median, which stays cheap on long files.
const MAX_OUTLIER_SEASON: usize = 96;

/// Series analysed for seasonal periods (the first ones), and points per series.
const ACF_SERIES: usize = 50;
const ACF_POINTS: usize = 20_000;
/// Smallest autocorrelation reported as a seasonal period.
const MIN_SEASONAL_STRENGTH: f64 = 0.2;

/// Outliers, summaries, calendar profiles and seasonal periods of `frame`.
/// The series of `frame` that start with a run of zeros longer than a season (at least two
/// weeks of days), a tenth of their history, and three times any later run of zeros, as one
/// [`IngestWarning::LeadingZeros`] naming the first: zeros before a launch, not a closed day
/// or an item that rarely sells. A series of zeros only is not one of them.
pub(crate) fn leading_zeros(frame: &Frame) -> Option<IngestWarning> {
    let season = frame.freq.default_season().max(14);
    let starts_with_zeros = |s: &Series| {
        let history = s.history();
        let lead = history.iter().take_while(|v| **v == 0.0).count();
        let first = s.timestamps.get(lead).copied()?;
        if lead == history.len() || lead < season || lead * 10 < history.len() {
            return None;
        }
        let mut longest_later = 0;
        let mut run = 0;
        for v in &history[lead..] {
            run = if *v == 0.0 { run + 1 } else { 0 };
            longest_later = longest_later.max(run);
        }
        (3 * longest_later <= lead).then_some((lead, first))
    };
    let found: Vec<(&Series, (usize, NaiveDateTime))> =
        frame.series.iter().filter_map(|s| starts_with_zeros(s).map(|z| (s, z))).collect();
    let &(first, (zeros, first_value)) = found.first()?;
    Some(IngestWarning::LeadingZeros {
        series: first.id.clone(),
        zeros,
        first_value,
        count: found.len(),
    })
}

pub(crate) fn analyse(frame: &Frame, history_missing: &[usize]) -> Analysis {
    use chrono::Datelike;
    let freq = frame.freq;
    let mut outliers = Vec::new();
    let mut summary = Vec::with_capacity(frame.series.len());
    let mut wd = [(0.0f64, 0usize); 7];
    let mut mo = [(0.0f64, 0usize); 12];
    for (i, s) in frame.series.iter().enumerate() {
        let hist = s.history();
        let st = stats::summary(hist);
        let obs = s.observed_len();
        summary.push(SeriesSummary {
            series: s.id.clone(),
            rows: s.timestamps.len(),
            count: st.count,
            missing: history_missing.get(i).copied().unwrap_or(0),
            future_rows: s.timestamps.len() - obs,
            start: s.timestamps.first().copied().unwrap_or_default(),
            last_observed: s.timestamps.get(obs.saturating_sub(1)).copied().unwrap_or_default(),
            mean: st.mean,
            std: st.std,
            min: st.min,
            q1: st.q1,
            median: st.median,
            q3: st.q3,
            max: st.max,
        });
        for (t, &v) in s.timestamps.iter().zip(hist) {
            if v.is_nan() {
                continue;
            }
            let w = &mut wd[t.weekday().num_days_from_monday() as usize];
            w.0 += v;
            w.1 += 1;
            let m = &mut mo[t.month0() as usize];
            m.0 += v;
            m.1 += 1;
        }
        // Residuals from a baseline that follows trend and season, so neither is an outlier.
        // With three seasons to compare: a rolling median over one season is the trend, and
        // the median departure from it at the same phase nearby the season (a shop shut on
        // Sundays has Sundays near zero, which is not unusual). Otherwise a rolling median.
        let season = freq.default_season();
        let base = if (2..=MAX_OUTLIER_SEASON).contains(&season) && hist.len() >= 3 * season {
            let window = season | 1;
            let mut trend = stats::rolling_median(hist, window);
            // Near the ends a centred window is cut short and covers only part of a season
            // (the first hours of a daily cycle): the trend is carried out from the same phase
            // one and two seasons inwards, in a straight line, so that a growing series keeps
            // its slope (the series holds three seasons, so those windows are whole).
            let half = window / 2;
            let n = trend.len();
            for i in 0..half {
                trend[i] = 2.0 * trend[i + season] - trend[i + 2 * season];
            }
            for i in n - half..n {
                trend[i] = 2.0 * trend[i - season] - trend[i - 2 * season];
            }
            let detrended: Vec<f64> = hist.iter().zip(&trend).map(|(v, t)| v - t).collect();
            let seasonal = stats::seasonal_median(&detrended, season, 3);
            trend.iter().zip(&seasonal).map(|(t, s)| t + s).collect()
        } else {
            stats::rolling_median(hist, season.clamp(3, 25) | 1)
        };
        let resid: Vec<f64> = hist.iter().zip(&base).map(|(v, b)| v - b).collect();
        let med = stats::median(&resid);
        let mad = stats::mad(&resid);
        let flagged = active_flags(frame, s, hist.len());
        if mad > 0.0 && mad.is_finite() {
            for (k, r) in resid.iter().enumerate() {
                let score = 0.6745 * (r - med).abs() / mad;
                // A day with a promotion (any 0/1 column set) has its reason in the file.
                if score > OUTLIER_SCORE && !flagged[k] {
                    outliers.push(Outlier {
                        series: s.id.clone(),
                        timestamp: s.timestamps[k],
                        value: hist[k],
                        score,
                    });
                }
            }
        }
    }
    let history = frame.series.iter().filter(|s| s.observed_len() > 0);
    let start = history.clone().filter_map(|s| s.timestamps.first()).min().copied();
    let end = history.filter_map(|s| s.timestamps.get(s.observed_len() - 1)).max().copied();
    if let (Some(start), Some(end)) = (start, end)
        && matches!(freq, Frequency::Daily | Frequency::BusinessDaily)
    {
        drop_holidays_the_data_follows(&mut outliers, start.date(), end.date());
    }
    outliers.sort_by(|a, b| b.score.total_cmp(&a.score));
    let outliers_total = outliers.len();
    outliers.truncate(MAX_LISTED);
    let mean_of = |(sum, n): (f64, usize)| if n == 0 { f64::NAN } else { sum / n as f64 };
    let sub_weekly =
        matches!(freq, Frequency::Minutes { .. } | Frequency::Daily | Frequency::BusinessDaily);
    let sub_monthly = !matches!(freq, Frequency::Quarterly | Frequency::Yearly);
    Analysis {
        outliers,
        outliers_total,
        summary,
        weekday_profile: sub_weekly.then(|| wd.map(mean_of)),
        month_profile: sub_monthly.then(|| mo.map(mean_of)),
        seasonal_periods: seasonal_periods(frame),
    }
}

/// Per history row of `s`, whether a 0/1 column of the frame (a promotion, an event) is set.
fn active_flags(frame: &Frame, s: &crate::frame::Series, len: usize) -> Vec<bool> {
    let mut active = vec![false; len];
    for x in &s.exog {
        let observed = &x[..len.min(x.len())];
        let flag = observed.iter().filter(|v| !v.is_nan()).all(|&v| v == 0.0 || v == 1.0);
        if flag && frame.exog.len() == s.exog.len() {
            for (a, &v) in active.iter_mut().zip(observed) {
                *a |= v == 1.0;
            }
        }
    }
    active
}

/// Outliers on the public holidays of a calendar the data visibly follows are dropped: when
/// at least half of one country's holidays from `first` to `last` (the history) are outliers (shops shut or busy
/// on those days), they are that country's holidays, not mistakes. The calendar that
/// explains the most is taken; none is when no calendar reaches half.
fn drop_holidays_the_data_follows(
    outliers: &mut Vec<Outlier>,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
) {
    use crate::features::holidays::{Country, HolidayCalendar};
    use chrono::Datelike;
    let dates: Vec<chrono::NaiveDate> = outliers.iter().map(|o| o.timestamp.date()).collect();
    let mut best: Option<(usize, HolidayCalendar)> = None;
    for country in
        [Country::France, Country::UnitedStates, Country::UnitedKingdom, Country::Germany]
    {
        let calendar = HolidayCalendar::new(country, None, first.year(), last.year());
        let mut days: Vec<chrono::NaiveDate> =
            dates.iter().copied().filter(|d| calendar.is_holiday(*d)).collect();
        days.sort_unstable();
        days.dedup();
        let in_range = (first.year()..=last.year())
            .flat_map(|y| crate::features::holidays::holidays(country, None, y))
            .filter(|h| h.date >= first && h.date <= last)
            .count();
        let hits = days.len();
        if hits >= 3 && 2 * hits >= in_range && best.as_ref().is_none_or(|(h, _)| hits > *h) {
            best = Some((hits, calendar));
        }
    }
    if let Some((_, calendar)) = best {
        outliers.retain(|o| !calendar.is_holiday(o.timestamp.date()));
    }
}

/// ACF peaks of the linearly detrended target, averaged over the first series.
fn seasonal_periods(frame: &Frame) -> Vec<SeasonalPeriod> {
    let longest = frame.freq.seasonal_periods().into_iter().max().unwrap_or(4);
    let mut sum: Vec<f64> = Vec::new();
    let mut used = 0usize;
    for s in frame.series.iter().take(ACF_SERIES) {
        let hist = s.history();
        let hist = &hist[hist.len().saturating_sub(ACF_POINTS)..];
        let max_lag = (2 * longest + 2).max(8).min(hist.len() / 2);
        if max_lag < 3 {
            continue;
        }
        let r = stats::acf(&stats::detrend_linear(hist), max_lag);
        if r.iter().any(|v| v.is_nan()) {
            continue;
        }
        if sum.is_empty() {
            sum = vec![0.0; r.len()];
        }
        for (a, b) in sum.iter_mut().zip(&r) {
            *a += b;
        }
        sum.truncate(r.len());
        used += 1;
    }
    if used == 0 {
        return Vec::new();
    }
    let mean: Vec<f64> = sum.iter().map(|v| v / used as f64).collect();
    let mut peaks = stats::acf_peaks(&mean, MIN_SEASONAL_STRENGTH);
    // A weak cycle on a slowly varying level (a weekly rhythm under a yearly swing) leaves
    // the ACF sloping, so its local maximum can land one lag off. A natural period of the
    // frequency whose phases differ significantly (seasonal ANOVA) takes the place of peaks
    // next to it.
    for p in frame.freq.seasonal_periods() {
        if p >= mean.len() || mean[p] <= MIN_SEASONAL_STRENGTH || !significant_season(frame, p) {
            continue;
        }
        let near = |k: usize| k + 1 == p || k == p + 1;
        if peaks.iter().any(|&(k, _)| near(k)) || !peaks.iter().any(|&(k, _)| k == p) {
            peaks.retain(|&(k, _)| !near(k) && k != p);
            peaks.push((p, mean[p]));
            peaks.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
    }
    peaks
        .into_iter()
        .take(3)
        .map(|(period, strength)| SeasonalPeriod { period, strength })
        .collect()
}

/// Whether the phases of `period` differ beyond chance, pooled over the first series: the
/// F statistic of [`stats::seasonal_anova`] above its 1 % bound.
fn significant_season(frame: &Frame, period: usize) -> bool {
    let (mut between, mut within, mut n, mut groups) = (0.0, 0.0, 0usize, 0usize);
    for s in frame.series.iter().take(ACF_SERIES) {
        let hist = s.history();
        let hist = &hist[hist.len().saturating_sub(ACF_POINTS)..];
        if let Some((b, w, k)) = stats::seasonal_anova(hist, period) {
            between += b;
            within += w;
            n += k;
            groups += period;
        }
    }
    let df1 = groups.saturating_sub(groups / period.max(1));
    if df1 == 0 || n <= groups || within <= 0.0 {
        return false;
    }
    let f = (between / df1 as f64) / (within / (n - groups) as f64);
    f > stats::f_bound_1pct(df1)
}

#[cfg(test)]
mod tests {
    use crate::ingest::{IngestOptions, ingest};
    use crate::rng::Rng;

    /// The leading-zeros note of a file of stores, each given by its daily values.
    fn leading_zeros_of(stores: &[(&str, Vec<f64>)]) -> Option<super::IngestWarning> {
        let mut csv = String::from("date,store,sales\n");
        let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date");
        for (store, values) in stores {
            for (day, v) in values.iter().enumerate() {
                csv.push_str(&format!(
                    "{},{store},{v}\n",
                    start + chrono::Duration::days(day as i64)
                ));
            }
        }
        let got = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
        got.report
            .warnings
            .iter()
            .find(|w| matches!(w, super::IngestWarning::LeadingZeros { .. }))
            .cloned()
    }

    #[test]
    fn zeros_before_a_launch_are_named_not_closed_days_or_rare_sales() {
        let sales = |day: usize| 100.0 + (day % 7) as f64 * 5.0;
        let open: Vec<f64> = (0..300).map(sales).collect();
        // Launched on day 120: zeros before.
        let launched: Vec<f64> = (0..300).map(|d| if d < 120 { 0.0 } else { sales(d) }).collect();
        let got = leading_zeros_of(&[("old", open.clone()), ("new", launched.clone())]);
        let Some(super::IngestWarning::LeadingZeros { series, zeros, first_value, count }) = got
        else {
            panic!("no note: {got:?}")
        };
        assert_eq!((series.as_str(), zeros, count), ("new", 120, 1));
        assert_eq!(
            first_value.date(),
            chrono::NaiveDate::from_ymd_opt(2023, 5, 1).expect("a date")
        );
        // Closed on Sundays, from the first day: not a launch.
        let sundays: Vec<f64> = (0..300).map(|d| if d % 7 == 0 { 0.0 } else { sales(d) }).collect();
        assert_eq!(leading_zeros_of(&[("old", open.clone()), ("closed", sundays)]), None);
        // An item that sells every few weeks: its first sale after 20 days is no launch.
        let rare: Vec<f64> = (0..300).map(|d| if d % 25 == 20 { 1.0 } else { 0.0 }).collect();
        assert_eq!(leading_zeros_of(&[("old", open.clone()), ("rare", rare)]), None);
        // Ten days of zeros are too few to say; a store of zeros only is another matter.
        let soon: Vec<f64> = (0..300).map(|d| if d < 10 { 0.0 } else { sales(d) }).collect();
        assert_eq!(leading_zeros_of(&[("old", open.clone()), ("soon", soon)]), None);
        assert_eq!(leading_zeros_of(&[("old", open), ("shut", vec![0.0; 300])]), None);
    }

    fn periods_of(csv: &[u8]) -> Vec<usize> {
        let got = match ingest(csv, &IngestOptions::default()) {
            Ok(g) => g,
            Err(e) => panic!("{e:?}"),
        };
        got.report.seasonal_periods.iter().map(|p| p.period).collect()
    }

    /// Two years of daily values: a yearly swing of `yearly` around 10,000, a weekly pattern of
    /// amplitude `weekly`, uniform noise of width `noise`.
    fn daily_csv(yearly: f64, weekly: f64, noise: f64, seed: u64) -> String {
        let mut rng = Rng::new(seed);
        let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 3).expect("valid");
        let mut out = String::from("date,value\n");
        for i in 0..730i64 {
            let day = start + chrono::Duration::days(i);
            let season = yearly * (i as f64 * std::f64::consts::TAU / 365.25).sin();
            let week = weekly * [0.0, 0.2, 0.3, 0.2, 0.5, 1.0, -0.4][(i % 7) as usize];
            let v = 10_000.0 + season + week + noise * rng.next_f64();
            out.push_str(&format!("{day},{v:.2}\n"));
        }
        out
    }

    #[test]
    fn a_weak_weekly_cycle_under_a_yearly_swing_is_reported_at_seven() {
        for seed in 1..=5 {
            let periods = periods_of(daily_csv(600.0, 60.0, 300.0, seed).as_bytes());
            assert!(periods.contains(&7), "seed {seed}: {periods:?}");
            assert!(!periods.contains(&6) && !periods.contains(&8), "seed {seed}: {periods:?}");
        }
    }

    #[test]
    fn a_strong_weekly_cycle_is_the_first_period() {
        let periods = periods_of(daily_csv(100.0, 400.0, 50.0, 3).as_bytes());
        assert_eq!(periods.first(), Some(&7));
    }

    #[test]
    fn pure_noise_reports_no_weekly_period() {
        let periods = periods_of(daily_csv(0.0, 0.0, 300.0, 4).as_bytes());
        assert!(!periods.contains(&7), "{periods:?}");
    }

    fn outliers_of(csv: &str) -> Vec<(String, f64)> {
        let got = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
        got.report.outliers.iter().map(|o| (o.timestamp.date().to_string(), o.value)).collect()
    }

    #[test]
    fn holidays_the_shop_follows_and_promotion_days_are_not_outliers_but_a_spike_is() {
        use crate::features::holidays::{Country, HolidayCalendar};
        let french = HolidayCalendar::new(Country::France, None, 2023, 2024);
        let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 2).expect("valid");
        let mut csv = String::from("date,promo,sales\n");
        for k in 0..700u64 {
            let d = start + chrono::Days::new(k);
            let promo = u8::from(k % 23 == 5);
            let mut v = 100.0 + 10.0 * (k % 7) as f64 + ((k * 37) % 11) as f64;
            if french.is_holiday(d) {
                v = 5.0;
            } else if promo == 1 {
                v *= 2.5;
            } else if d == chrono::NaiveDate::from_ymd_opt(2024, 3, 12).expect("valid") {
                v *= 4.0;
            }
            csv.push_str(&format!("{d},{promo},{v}\n"));
        }
        let found = outliers_of(&csv);
        assert!(found.contains(&("2024-03-12".to_owned(), 448.0)), "{found:?}");
        let date = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date");
        let promo_day = |d: &str| ((date(d) - start).num_days() % 23) == 5;
        assert!(
            found.iter().all(|(d, _)| !french.is_holiday(date(d)) && !promo_day(d)),
            "{found:?}"
        );
        // Without its promo column, the promotion days are outliers again.
        let without: String = csv
            .lines()
            .map(|l| {
                let (d, rest) = l.split_once(',').expect("three fields");
                format!("{d},{}\n", rest.split_once(',').expect("three fields").1)
            })
            .collect();
        assert!(outliers_of(&without).len() > 20);
    }

    #[test]
    fn a_shop_shut_on_sundays_has_no_outliers_but_a_spike_is_one() {
        let mut rng = Rng::new(7);
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid"); // a Monday
        let mut csv = String::from("date,sales\n");
        for i in 0..120i64 {
            let day = start + chrono::Duration::days(i);
            let v = match i {
                _ if i % 7 == 6 => 0.0,
                45 => 2500.0,
                _ => 400.0 + 20.0 * (i % 7) as f64 + 40.0 * rng.next_f64(),
            };
            csv.push_str(&format!("{day},{v:.1}\n"));
        }
        assert_eq!(outliers_of(&csv), vec![("2024-02-15".to_string(), 2500.0)]);
    }

    #[test]
    fn a_daily_cycle_has_no_outliers_at_the_ends_of_the_history() {
        // Hourly readings of a smooth daily cycle with a little noise, five days, one spike:
        // the first and last hours (where a centred window is cut short) are ordinary.
        let mut rng = Rng::new(11);
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid");
        let mut csv = String::from("time,temperature\n");
        for h in 0..120i64 {
            let t = start + chrono::Duration::hours(h);
            let cycle = 20.0 + 5.0 * (h as f64 / 24.0 * std::f64::consts::TAU).sin();
            let v = if h == 60 { 35.0 } else { cycle + 1.5 * (rng.next_f64() - 0.5) };
            csv.push_str(&format!("{},{v:.3}\n", t.format("%Y-%m-%d %H:%M")));
        }
        let got = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
        let flagged: Vec<String> = got
            .report
            .outliers
            .iter()
            .map(|o| o.timestamp.format("%d %H:%M").to_string())
            .collect();
        assert_eq!(flagged, vec!["03 12:00".to_string()]);
    }

    #[test]
    fn a_growing_series_has_no_outliers_at_its_ends() {
        // Four years of monthly sales growing by about 25 a month, with noise.
        let sales = [
            1009, 1086, 1079, 1098, 1114, 1107, 1165, 1235, 1158, 1247, 1278, 1281, 1321, 1365,
            1415, 1412, 1448, 1433, 1473, 1478, 1507, 1509, 1569, 1617, 1593, 1631, 1667, 1674,
            1727, 1731, 1713, 1742, 1821, 1843, 1882, 1881, 1905, 1876, 1991, 1946, 2030, 1989,
            2029, 2079, 2086, 2103, 2176, 2195,
        ];
        let mut csv = String::from("month,sales\n");
        for (m, v) in sales.iter().enumerate() {
            csv.push_str(&format!("{}-{:02}-01,{v}\n", 2019 + m / 12, m % 12 + 1));
        }
        let got = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
        assert!(got.report.outliers.is_empty(), "{:?}", got.report.outliers);
    }

    #[test]
    fn bike_sharing_reports_its_weekly_cycle() {
        let periods = periods_of(include_bytes!("../../data/daily_bike_sharing.csv"));
        assert!(periods.contains(&7), "{periods:?}");
        assert!(!periods.contains(&6), "{periods:?}");
    }
}
