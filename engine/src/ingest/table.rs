//! One streaming pass of the CSV reader into typed columns.
//!
//! Column kinds (number, label, date) are decided from the first 64 KiB, then every record is
//! read once and each field parsed in place: numbers to `f64`, labels interned to `u32` codes,
//! date cells scanned into [`RawDate`]s (a repeated date cell is scanned once; each is read in
//! its own layout, of the same span as the column's most common one) whose day/month order is
//! settled from the whole column after the pass. Records without a quote are split
//! on the delimiter directly, exactly as the `csv` reader would split them; from the first
//! record holding a quote on, the `csv` reader reads the rest into a reused
//! [`csv::ByteRecord`]. A record with the wrong number of fields, or whose date cannot be
//! read, is rejected with its physical line; no field allocates a `String` on the fast path.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::dates::{self, DateOrder, OrderEvidence, RawDate, Shape};
use super::error::{IngestError, UnreadCell};
use super::number::{NumberCell, is_missing, parse_number, parse_number_in_unit, split_unit, trim};
use super::parts::{self, DateParts, PartTally};
use super::report::{
    ColumnKind, DateFormat, IngestWarning, MAX_LISTED, RejectReason, RejectedRow, ZoneHandling,
};
use super::{DecimalMark, IngestOptions, MAX_COLUMNS, sniff};

/// Code of a missing label.
pub const MISSING_CODE: u32 = u32::MAX;

/// The values of one column.
#[derive(Debug, Clone)]
pub enum ColumnData {
    /// Numbers; `NaN` where missing or invalid.
    Numeric {
        /// One value per kept row.
        values: Vec<f64>,
        /// Rows (indices into the kept rows) whose cell was not a number.
        invalid_rows: Vec<usize>,
        /// (line, text) of the first [`MAX_LISTED`] invalid cells.
        invalid_text: Vec<(usize, String)>,
        /// Whether some value used a thousands separator.
        thousands: bool,
        /// The unit taken off the cells (`kg` of `12,5 kg`), when the column writes one.
        unit: Option<String>,
    },
    /// Text labels interned as codes into `levels` ([`MISSING_CODE`] where empty).
    Categorical {
        /// One code per kept row.
        codes: Vec<u32>,
        /// Distinct labels in order of first appearance.
        levels: Vec<String>,
    },
    /// A date column: the one chosen holds [`Table::timestamps`]; another (a ship date beside
    /// an order date) keeps no values, being neither numbers nor labels.
    Date,
}

/// A column of the file.
#[derive(Debug, Clone)]
pub struct Column {
    /// Unique header name.
    pub name: String,
    /// Kind guessed from the sample.
    pub kind: ColumnKind,
    /// Values.
    pub data: ColumnData,
}

/// The file as typed columns over the kept rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// Columns in file order.
    pub columns: Vec<Column>,
    /// Index of the date column.
    pub date_col: usize,
    /// Index of a time-of-day column whose times complete the date column's dates.
    pub time_col: Option<usize>,
    /// Columns whose cells complete the date column's years into dates: a month (or quarter)
    /// and maybe a day (see [`super::parts`]).
    pub part_cols: Vec<usize>,
    /// Timestamp of each kept row.
    pub timestamps: Vec<NaiveDateTime>,
    /// Physical line of each kept row.
    pub lines: Vec<usize>,
    /// How the dates were written.
    pub date_format: DateFormat,
    /// Zone handling.
    pub zones: ZoneHandling,
    /// Data records read (blank lines excluded).
    pub rows_read: usize,
    /// Rejected rows so far, sorted by line, at most [`MAX_LISTED`].
    pub rejected: Vec<RejectedRow>,
    /// Exact number of rejected rows so far.
    pub rejected_total: usize,
    /// Findings so far.
    pub warnings: Vec<IngestWarning>,
}

impl Table {
    /// Records a rejected row (lists stay sorted because rows are visited in line order
    /// within one stage; [`Table::sort_rejected`] merges stages).
    pub fn reject(&mut self, line: usize, column: Option<&str>, reason: RejectReason) {
        self.rejected_total += 1;
        self.rejected.push(RejectedRow { line, column: column.map(str::to_owned), reason });
        if self.rejected.len() > 2 * MAX_LISTED {
            self.sort_rejected();
        }
    }

    /// Sorts the rejected list by line and keeps the first [`MAX_LISTED`].
    pub fn sort_rejected(&mut self) {
        self.rejected.sort_by_key(|r| r.line);
        self.rejected.truncate(MAX_LISTED);
    }

    /// Keeps only the rows where `keep` is true, in every column.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        fn filter<T>(v: &mut Vec<T>, keep: &[bool]) {
            super::retain_indexed(v, |i| keep.get(i).copied().unwrap_or(false));
        }
        let new_index: Vec<usize> = keep
            .iter()
            .scan(0usize, |n, &k| {
                let idx = *n;
                if k {
                    *n += 1;
                }
                Some(idx)
            })
            .collect();
        filter(&mut self.timestamps, keep);
        filter(&mut self.lines, keep);
        for c in &mut self.columns {
            match &mut c.data {
                ColumnData::Numeric { values, invalid_rows, invalid_text, .. } => {
                    filter(values, keep);
                    let mut rows = Vec::with_capacity(invalid_rows.len());
                    let mut texts = Vec::with_capacity(invalid_text.len());
                    for (i, &r) in invalid_rows.iter().enumerate() {
                        if keep.get(r).copied().unwrap_or(false) {
                            // Texts stay a prefix aligned with the rows.
                            if texts.len() == rows.len()
                                && let Some(t) = invalid_text.get(i)
                            {
                                texts.push(t.clone());
                            }
                            rows.push(new_index[r]);
                        }
                    }
                    *invalid_rows = rows;
                    *invalid_text = texts;
                }
                ColumnData::Categorical { codes, .. } => filter(codes, keep),
                ColumnData::Date => {}
            }
        }
    }

    /// Whether column `j` writes the timestamps, whole or in part: the date column, its time
    /// of day, its month or its day.
    pub fn writes_dates(&self, j: usize) -> bool {
        j == self.date_col || Some(j) == self.time_col || self.part_cols.contains(&j)
    }

    /// Index of the column named `name`.
    pub fn find(&self, name: &str) -> Result<usize, IngestError> {
        self.columns.iter().position(|c| c.name == name).ok_or_else(|| IngestError::UnknownColumn {
            name: name.to_owned(),
            available: self.columns.iter().map(|c| c.name.clone()).collect(),
        })
    }
}

/// Whether a header name suggests dates.
pub fn date_like_name(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    matches!(n.as_str(), "ds" | "dt" | "t" | "period" | "an" | "année" | "annee" | "year")
        || [
            "date",
            "time",
            "jour",
            "day",
            "période",
            "periode",
            "mois",
            "month",
            "week",
            "semaine",
            "heure",
            "hour",
            "timestamp",
        ]
        .iter()
        .any(|k| n.contains(k))
}

/// Whether a header name suggests instants (`timestamp`, `event_time_ms`, `createdAt`, `ts`):
/// a column of integers is read as Unix times only under such a name.
fn time_like_name(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    let words = name_words(name);
    ["time", "date", "epoch", "unix", "stamp", "horodat"].iter().any(|k| n.contains(k))
        || words.iter().any(|w| matches!(w.as_str(), "ts" | "t" | "dt" | "ds" | "at" | "when"))
}

/// Unix times read (seconds since 1970-01-01 00:00 UTC): 1990-01-01 to 2100-12-31.
const EPOCH_SECONDS: std::ops::Range<u64> = 631_152_000..4_133_980_800;
/// The same span in milliseconds: the two never overlap, so the values tell the unit.
const EPOCH_MILLIS: std::ops::Range<u64> = 631_152_000_000..4_133_980_800_000;

/// The value of a cell of plain digits (no sign, separator or decimal), if it fits.
fn plain_integer(f: &[u8]) -> Option<u64> {
    if f.is_empty() || f.len() > 19 || !f.iter().all(u8::is_ascii_digit) {
        return None;
    }
    f.iter().try_fold(0u64, |v, d| v.checked_mul(10)?.checked_add(u64::from(d - b'0')))
}

fn year_like_name(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    matches!(n.as_str(), "year" | "an" | "année" | "annee" | "yr" | "anno" | "año" | "jahr")
}

/// How the date column is written, as far as the pass needs to know.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DateMode {
    /// Text laid out as `shape`.
    Text(Shape),
    /// Excel serial numbers.
    Excel,
    /// A bare integer year.
    Year,
    /// Unix times in seconds.
    EpochSeconds,
    /// Unix times in milliseconds.
    EpochMillis,
    /// Years completed by the cells of other columns (a month, a day).
    Parts(DateParts),
}

#[derive(Default, Clone)]
struct Probe {
    nonempty: usize,
    numeric: usize,
    dates: usize,
    shapes: HashMap<Shape, usize>,
    numbers: Vec<f64>,
    /// Cells in the span of Unix seconds, and of Unix milliseconds (plain digits only).
    epoch_seconds: usize,
    epoch_millis: usize,
    /// The first non-missing cell, as written (for an error that quotes the column).
    first: Option<String>,
    /// Whether a non-missing cell differs from the first (a creation or export date repeated
    /// on every line does not vary: it is not the dates of the series).
    varies: bool,
    /// Cells of plain digits, and those among them padded with leading zeros (`0103`).
    integers: usize,
    zero_padded: usize,
    /// Cells that read as a time of day alone (`17:24:00`), and date cells carrying a time.
    times: usize,
    dates_with_time: usize,
    /// Cells that are neither numbers nor dates but short codes of letters and digits (`a`,
    /// `b2`), as opposed to error tokens (`#VALEUR!`) or sentences.
    codes: usize,
    /// Cells that read as a year, a month, a quarter or a day (a date written across columns).
    parts: PartTally,
    /// Units written after numbers (`kg` of `12,5 kg`, see [`split_unit`]) with their cells, at
    /// most [`MAX_PROBED_UNITS`] distinct ones.
    units: Vec<(String, usize)>,
    /// The unit of the column's numbers, decided from `units` by [`unit_of`].
    unit: Option<String>,
}

/// Distinct units counted per column of the sample: a column of numbers has one.
const MAX_PROBED_UNITS: usize = 8;

/// The header's names, made unique (a repeated name gets `_2`; an empty one is `column_<n>`).
pub(super) fn header_names(rec: &csv::ByteRecord) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(rec.len());
    for (i, f) in rec.iter().enumerate() {
        let base = String::from_utf8_lossy(trim(f)).into_owned();
        let base = if base.is_empty() { format!("column_{}", i + 1) } else { base };
        let mut name = base.clone();
        let mut k = 2;
        while names.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        names.push(name);
    }
    names
}

/// Whether the `header` record is a row of data (a file without a header line): its cell in
/// the date column is a date written as the column's dates are (text, not a number that could
/// be a name like `2024`), and each number column's cell a number or empty. A header names its
/// date column with a word (`Date`, `jour`), so a date there is data.
fn header_is_data(
    header: &csv::ByteRecord,
    date_col: usize,
    mode: DateMode,
    kinds: &[ColumnKind],
    decimal: DecimalMark,
) -> bool {
    let DateMode::Text(shape) = mode else { return false };
    let cell = |j: usize| trim(header.get(j).unwrap_or(b""));
    let date = dates::scan(cell(date_col))
        .is_some_and(|raw| raw.shape == shape || raw.shape.span() == shape.span());
    date && kinds.iter().enumerate().all(|(j, kind)| {
        j == date_col
            || *kind != ColumnKind::Numeric
            || !matches!(parse_number(cell(j), decimal), NumberCell::Invalid)
    })
}

pub(super) fn reader(text: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text)
}

/// What the columns of the sample hold, from the record after the first `skip` (the header
/// and any preamble).
fn probe(
    sample: &[u8],
    delimiter: u8,
    decimal: DecimalMark,
    ncols: usize,
    skip: usize,
) -> Vec<Probe> {
    let mut probes = vec![Probe::default(); ncols];
    let mut rdr = reader(sample, delimiter);
    let mut rec = csv::ByteRecord::new();
    let mut skipped = 0;
    let mut rows = 0;
    while rows < 2000 {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            _ => break,
        }
        if skipped < skip {
            skipped += 1;
            continue;
        }
        rows += 1;
        for (j, p) in probes.iter_mut().enumerate() {
            let f = trim(rec.get(j).unwrap_or(b""));
            if is_missing(f) {
                continue;
            }
            p.nonempty += 1;
            match &p.first {
                None => p.first = Some(cell_text(f)),
                Some(first) if !p.varies => p.varies = first.as_bytes() != f,
                Some(_) => {}
            }
            p.parts.add(f);
            let integer = plain_integer(f);
            if integer.is_some() {
                p.integers += 1;
                if f.len() > 1 && f[0] == b'0' {
                    p.zero_padded += 1;
                }
            }
            match integer {
                Some(v) if EPOCH_SECONDS.contains(&v) => p.epoch_seconds += 1,
                Some(v) if EPOCH_MILLIS.contains(&v) => p.epoch_millis += 1,
                _ => {}
            }
            if let Some(v) = parse_number(f, decimal).value() {
                p.numeric += 1;
                if p.numbers.len() < 2000 {
                    p.numbers.push(v);
                }
            } else {
                if let Some(unit) = number_unit(f, decimal) {
                    count_unit(&mut p.units, unit);
                }
                if f.len() <= 12
                    && f.iter().all(u8::is_ascii_alphanumeric)
                    && f.iter().any(u8::is_ascii_alphabetic)
                {
                    p.codes += 1;
                }
            }
            if dates::scan_time_of_day(f).is_some() {
                p.times += 1;
            }
            if let Some(raw) = dates::scan(f)
                && raw.shape.parts >= 2
            {
                p.dates += 1;
                p.dates_with_time += usize::from(raw.secs.is_some());
                *p.shapes.entry(raw.shape).or_default() += 1;
            }
        }
    }
    for p in &mut probes {
        p.unit = unit_of(p);
    }
    probes
}

/// The unit of a cell written as a number then a unit (`12,5 kg`), if it is one.
fn number_unit(f: &[u8], decimal: DecimalMark) -> Option<&str> {
    let (number, unit) = split_unit(f)?;
    parse_number(number, decimal).value().map(|_| unit)
}

/// Counts one more cell written in `unit`.
fn count_unit(units: &mut Vec<(String, usize)>, unit: &str) {
    if let Some((_, n)) = units.iter_mut().find(|(u, _)| u == unit) {
        *n += 1;
    } else if units.len() < MAX_PROBED_UNITS {
        units.push((unit.to_owned(), 1));
    }
}

/// The unit a column's numbers carry: its most common one, when the cells written in it and
/// the plain numbers make nine cells in ten at least, and it is on most of the other cells (a
/// stray `5 env.` among plain numbers is a bad cell, not a unit). Never for codes padded with
/// zeros (`0103`).
fn unit_of(p: &Probe) -> Option<String> {
    let (unit, n) = p.units.iter().max_by_key(|(_, n)| *n)?;
    let others = p.nonempty - p.numeric;
    let enough = (p.numeric + n) * 10 >= p.nonempty * 9 && n * 2 > others;
    (enough && p.zero_padded == 0).then(|| unit.clone())
}

fn kind_of(p: &Probe) -> ColumnKind {
    if p.nonempty == 0 {
        ColumnKind::Empty
    } else if p.dates * 5 >= p.nonempty * 4 {
        ColumnKind::Date
    } else if p.unit.is_some()
        || (p.numeric * 5 >= p.nonempty * 4 && !is_code(p) && !is_coded_levels(p))
    {
        ColumnKind::Numeric
    } else {
        ColumnKind::Categorical
    }
}

/// Whole numbers written with leading zeros (`0103`, `00103`, `103`) are codes, SKUs or postal
/// codes, not quantities: read as numbers, `0103` and `103` would become one series. A column
/// of plain digits with any zero-padded cell is kept as text.
fn is_code(p: &Probe) -> bool {
    p.zero_padded > 0 && p.integers == p.numeric
}

/// Levels written with a digit or a letter (`0`, `a`, `b`, `c`: the state-holiday column of
/// a store file) are labels, not a number column with bad cells: every other cell is a short
/// code with a letter, there are at least two of them, and the numbers take at most two values.
fn is_coded_levels(p: &Probe) -> bool {
    let others = p.nonempty - p.numeric;
    if others == 0 || p.codes < others || p.codes < 2 {
        return false;
    }
    let mut distinct: Vec<u64> = Vec::with_capacity(3);
    for v in &p.numbers {
        if !distinct.contains(&v.to_bits()) {
            if distinct.len() == 2 {
                return false;
            }
            distinct.push(v.to_bits());
        }
    }
    true
}

fn modal_shape(p: &Probe) -> Option<Shape> {
    p.shapes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(&shape, _)| shape)
}

fn plausible_excel(p: &Probe, named: bool) -> bool {
    if p.numbers.is_empty() || p.numeric < p.nonempty {
        return false;
    }
    let (lo, hi) = if named { (1.0, dates::EXCEL_MAX_SERIAL) } else { (25_569.0, 73_051.0) };
    let in_range = p.numbers.iter().all(|v| (lo..=hi).contains(v));
    // Without a date-like name only a non-decreasing run of serials is convincing.
    in_range && (named || p.numbers.windows(2).all(|w| w[0] <= w[1]))
}

/// Unix times, when every cell of the sample is one in the same unit and the column is
/// `named` like a time (or was asked for as the date column).
fn plausible_epoch(p: &Probe, named: bool) -> Option<DateMode> {
    if !named || p.nonempty == 0 {
        return None;
    }
    if p.epoch_seconds == p.nonempty {
        Some(DateMode::EpochSeconds)
    } else if p.epoch_millis == p.nonempty {
        Some(DateMode::EpochMillis)
    } else {
        None
    }
}

fn plausible_year(p: &Probe, name: &str) -> bool {
    year_like_name(name)
        && !p.numbers.is_empty()
        && p.numeric == p.nonempty
        && p.numbers.iter().all(|v| v.fract() == 0.0 && (1000.0..=9999.0).contains(v))
}

fn choose_date_column(
    names: &[String],
    probes: &[Probe],
    kinds: &[ColumnKind],
    opts: &IngestOptions,
) -> Result<(usize, DateMode), IngestError> {
    let text_mode = |j: usize| modal_shape(&probes[j]).map(DateMode::Text);
    if let Some(name) = &opts.date_col {
        let j = names.iter().position(|n| n == name).ok_or_else(|| IngestError::UnknownColumn {
            name: name.clone(),
            available: names.to_vec(),
        })?;
        if kinds[j] == ColumnKind::Date
            && let Some(m) = text_mode(j)
        {
            return Ok((j, m));
        }
        // A year, month or day column named as the dates (the roles editor sends back the
        // first column of role Date) keeps the others that complete it.
        if let Some(parts) = parts::find(names, |k| &probes[k].parts, opts)
            && (parts.year == j || parts.completing().contains(&j))
        {
            return Ok((parts.year, DateMode::Parts(parts)));
        }
        if plausible_year(&probes[j], name) {
            return Ok((j, DateMode::Year));
        }
        if let Some(mode) = plausible_epoch(&probes[j], true) {
            return Ok((j, mode));
        }
        if plausible_excel(&probes[j], true) {
            return Ok((j, DateMode::Excel));
        }
        let example = probes[j].first.clone().unwrap_or_default();
        return Err(IngestError::NotADateColumn { column: name.clone(), example });
    }
    // Of several date columns: one whose dates vary (not an export date repeated on every
    // line), then one named like dates, then the first.
    let date_cols = (0..names.len()).filter(|&j| kinds[j] == ColumnKind::Date);
    let rank = |j: usize| (probes[j].varies, date_like_name(&names[j]), std::cmp::Reverse(j));
    if let Some(j) = date_cols.max_by_key(|&j| rank(j))
        && let Some(m) = text_mode(j)
    {
        return Ok((j, m));
    }
    // Before a year alone: a month column beside it would otherwise be read as series ids.
    if let Some(parts) = parts::find(names, |k| &probes[k].parts, opts) {
        return Ok((parts.year, DateMode::Parts(parts)));
    }
    for (j, name) in names.iter().enumerate() {
        if kinds[j] == ColumnKind::Numeric && plausible_year(&probes[j], name) {
            return Ok((j, DateMode::Year));
        }
    }
    for (j, name) in names.iter().enumerate() {
        if kinds[j] == ColumnKind::Numeric
            && let Some(mode) = plausible_epoch(&probes[j], time_like_name(name))
        {
            return Ok((j, mode));
        }
    }
    for (j, name) in names.iter().enumerate() {
        if kinds[j] == ColumnKind::Numeric
            && date_like_name(name)
            && plausible_excel(&probes[j], true)
        {
            return Ok((j, DateMode::Excel));
        }
    }
    for j in 0..names.len() {
        if kinds[j] == ColumnKind::Numeric && plausible_excel(&probes[j], false) {
            return Ok((j, DateMode::Excel));
        }
    }
    Err(IngestError::NoDateColumn)
}

/// How a time-of-day column beside the dates is written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TimeOfDay {
    /// Times (`17:24:00`, `14h30`, `5:00 PM`, `24:00` for the next midnight).
    Written,
    /// Whole hours 0–23, each the start of its hour.
    HourBeginning,
    /// Whole hours 1–24, each the end of its hour (energy markets' *hour ending*): hour 1 is
    /// 00:00–01:00, stamped 00:00 like the other steps.
    HourEnding,
}

impl TimeOfDay {
    /// Seconds since midnight of a cell, or `None` if it is not such a time.
    fn read(self, f: &[u8], decimal: DecimalMark) -> Option<u32> {
        // Whole hours as any number cell writes them: `8`, `08`, `8.0`, `8,0`.
        let hour = || {
            parse_number(f, decimal)
                .value()
                .filter(|h| h.fract() == 0.0 && (0.0..=24.0).contains(h))
                .map(|h| h as u32)
        };
        match self {
            Self::Written => dates::scan_time_of_day(f),
            Self::HourBeginning => hour().filter(|h| *h <= 23).map(|h| h * 3600),
            Self::HourEnding => hour().filter(|h| (1..=24).contains(h)).map(|h| (h - 1) * 3600),
        }
    }
}

/// The words of a header name, lower case: split at anything but a letter or digit, and where
/// camel case starts one (`HourEnding` → `hour`, `ending`).
pub(super) fn name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut prev_lower = false;
    for c in name.trim().chars() {
        if !c.is_alphanumeric() {
            prev_lower = false;
            words.push(String::new());
            continue;
        }
        if (c.is_uppercase() && prev_lower) || words.is_empty() {
            words.push(String::new());
        }
        prev_lower = c.is_lowercase();
        if let Some(w) = words.last_mut() {
            w.extend(c.to_lowercase());
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// A column completing a date column written without times: times of day (`17:24:00`, in
/// four cells in five at least) under a name with the word time, heure, hour… or right after
/// the date column; else whole hours under a name with the word hour, heure, he, hr… (0–23, or
/// 1–24 when 24 appears and 0 does not; 19 numbers in 20 at least, the others are rejected on
/// their line). Only when it adds resolution: in the sample, each date comes with two
/// distinct times or more on average (a meter's readings, not a shop's opening hours or a
/// shift's start). Never a column the caller named for another role.
fn time_column(
    names: &[String],
    probes: &[Probe],
    sample: Sample<'_>,
    date_col: usize,
    mode: DateMode,
    opts: &IngestOptions,
) -> Option<(usize, TimeOfDay)> {
    let DateMode::Text(shape) = mode else { return None };
    if shape.parts < 3 || probes[date_col].dates_with_time > 0 {
        return None;
    }
    let listed = |name: &String| opts.names_role(name);
    let has_word =
        |name: &str, keys: &[&str]| name_words(name).iter().any(|w| keys.contains(&w.as_str()));
    // A duration (`Avg. Time on Page`, `Session duration`, `temps moyen`) is not a time of day.
    let duration_words = [
        "avg", "average", "mean", "moyen", "moyenne", "duration", "durée", "duree", "elapsed",
        "spent", "on", "passé", "passe", "total",
    ];
    let written = |j: usize| {
        let p = &probes[j];
        j != date_col
            && p.nonempty > 0
            && p.times * 5 >= p.nonempty * 4
            && !listed(&names[j])
            && !has_word(&names[j], &duration_words)
    };
    let time_words = ["time", "heure", "hour", "hora", "zeit", "uhrzeit", "hhmm", "hh"];
    let hour_words = ["hour", "heure", "he", "hb", "hr", "hora", "stunde", "hourending"];
    let hours = |j: usize| -> Option<TimeOfDay> {
        let p = &probes[j];
        if j == date_col || listed(&names[j]) || !has_word(&names[j], &hour_words) {
            return None;
        }
        let whole: Vec<f64> = p
            .numbers
            .iter()
            .copied()
            .filter(|v| v.fract() == 0.0 && (0.0..=24.0).contains(v))
            .collect();
        let distinct = whole.iter().any(|v| Some(v) != whole.first());
        if p.nonempty == 0 || whole.len() * 20 < p.nonempty * 19 || !distinct {
            return None;
        }
        match (whole.contains(&0.0), whole.contains(&24.0)) {
            (true, true) => None,
            (false, true) => Some(TimeOfDay::HourEnding),
            _ => Some(TimeOfDay::HourBeginning),
        }
    };
    let chosen = (0..names.len())
        .find(|&j| written(j) && has_word(&names[j], &time_words))
        .map(|j| (j, TimeOfDay::Written))
        .or_else(|| {
            Some(date_col + 1)
                .filter(|&j| j < names.len() && written(j))
                .map(|j| (j, TimeOfDay::Written))
        })
        .or_else(|| (0..names.len()).find_map(|j| hours(j).map(|k| (j, k))))?;
    let a_clock = chosen.1 != TimeOfDay::Written || reads_like_a_clock(sample, date_col, chosen.0);
    (a_clock && adds_resolution(sample, date_col, chosen.0)).then_some(chosen)
}

/// Whether the written times of column `time` in the sample read like a clock rather than
/// durations (`00:01:37` on a page): some time is 01:00 or later, or the times go forward
/// line after line within a date (a logger from midnight, one reading a second).
fn reads_like_a_clock(sample: Sample<'_>, date: usize, time: usize) -> bool {
    let Sample { text, delimiter, skip } = sample;
    let (mut reached, mut forward, mut pairs) = (false, 0usize, 0usize);
    let mut last: Option<(Vec<u8>, u32)> = None;
    sample_records(text, delimiter, skip, 2000, |rec| {
        let secs = rec.get(time).and_then(|t| dates::scan_time_of_day(trim(t)));
        reached |= secs.is_some_and(|s| s >= 3600);
        let (Some(d), Some(s)) = (rec.get(date).map(trim), secs) else { return };
        if let Some((ld, ls)) = &last
            && ld.as_slice() == d
        {
            pairs += 1;
            forward += usize::from(s > *ls);
        }
        last = Some((d.to_vec(), s));
    });
    reached || (pairs >= 10 && forward * 10 >= pairs * 9)
}

/// The sample's text, its delimiter, and the records before its data (header and preamble).
#[derive(Clone, Copy)]
struct Sample<'a> {
    text: &'a [u8],
    delimiter: u8,
    skip: usize,
}

/// Whether the sample's records (after the first `skip`) give each date cell two distinct
/// cells of column `time` or more on average.
fn adds_resolution(sample: Sample<'_>, date: usize, time: usize) -> bool {
    let Sample { text, delimiter, skip } = sample;
    let mut dates: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
    let mut pairs: std::collections::HashSet<(Vec<u8>, Vec<u8>)> = std::collections::HashSet::new();
    sample_records(text, delimiter, skip, 2000, |rec| {
        let (Some(d), Some(t)) = (rec.get(date), rec.get(time)) else { return };
        let (d, t) = (trim(d), trim(t));
        if !d.is_empty() {
            dates.insert(d.to_vec());
            pairs.insert((d.to_vec(), t.to_vec()));
        }
    });
    !dates.is_empty() && pairs.len() >= 2 * dates.len()
}

/// Calls `each` on at most `max` records of `sample`, after its first `skip` (the header and
/// any title lines); stops at the first record the csv reader cannot read.
pub(super) fn sample_records(
    sample: &[u8],
    delimiter: u8,
    skip: usize,
    max: usize,
    mut each: impl FnMut(&csv::ByteRecord),
) {
    let mut rdr = reader(sample, delimiter);
    let mut rec = csv::ByteRecord::new();
    for seen in 0..skip + max {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) if seen >= skip => each(&rec),
            Ok(true) => {}
            _ => break,
        }
    }
}

/// Cuts a cell for a report: at most 64 characters.
pub fn cell_text(f: &[u8]) -> String {
    String::from_utf8_lossy(f).chars().take(64).collect()
}

enum Builder {
    Numeric {
        values: Vec<f64>,
        invalid_rows: Vec<usize>,
        invalid_text: Vec<(usize, String)>,
        thousands: bool,
        unit: Option<String>,
    },
    Categorical {
        codes: Vec<u32>,
        levels: Vec<String>,
        index: HashMap<Vec<u8>, u32>,
    },
    Date,
}

/// Reads the decoded text into a [`Table`].
pub fn read(
    text: &[u8],
    delimiter: u8,
    decimal: DecimalMark,
    opts: &IngestOptions,
) -> Result<Table, IngestError> {
    let mut rdr = reader(text, delimiter);
    let mut rec = csv::ByteRecord::new();
    // Title lines above the header are read past (and reported); line numbers stay the file's.
    let preamble = sniff::preamble_records(sniff::sample(text), delimiter);
    for _ in 0..=preamble {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Err(IngestError::Empty),
            Err(e) => return Err(csv_error(&e, 0)),
        }
    }
    // Physical lines above the header: the line breaks before its first byte (the reader's
    // position is where it started looking, before the blank lines it passed).
    let from = rec.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
    let from = from.min(text.len());
    let header_at = from + text[from..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
    let lines_above = text[..header_at].iter().filter(|&&b| b == b'\n').count();
    let names = header_names(&rec);
    let ncols = names.len();
    if ncols > MAX_COLUMNS {
        return Err(IngestError::TooManyColumns { found: ncols, max: MAX_COLUMNS });
    }
    let probes = probe(sniff::sample(text), delimiter, decimal, ncols, preamble + 1);
    let kinds: Vec<ColumnKind> = probes.iter().map(kind_of).collect();
    let (date_col, mode) = match choose_date_column(&names, &probes, &kinds, opts) {
        Ok(x) => x,
        Err(e) => {
            // A file without data rows says so before it says it has no date column.
            let mut probe_rdr = reader(text, delimiter);
            let data_rows = probe_rdr
                .byte_records()
                .skip(preamble + 1)
                .take(2)
                .filter_map(Result::ok)
                .filter(|r| r.iter().any(|f| !trim(f).is_empty()))
                .count();
            return Err(match data_rows {
                0 => IngestError::HeaderOnly,
                1 => IngestError::SingleRow,
                _ => e,
            });
        }
    };

    // A file without a header line: its first line is a row like the others, and the columns
    // are named as unnamed ones are.
    let headerless = header_is_data(&rec, date_col, mode, &kinds, decimal);
    let names =
        if headerless { (1..=ncols).map(|k| format!("column_{k}")).collect() } else { names };
    let time_of_day = time_column(
        &names,
        &probes,
        Sample { text: sniff::sample(text), delimiter, skip: preamble + 1 },
        date_col,
        mode,
        opts,
    );
    let time_col = time_of_day.map(|(j, _)| j);
    let part_cols = match mode {
        DateMode::Parts(parts) => parts.completing(),
        _ => Vec::new(),
    };

    // A column named like a target (or named the target) that is empty in the sample or mixes
    // numbers and text holds numbers: text in it is a bad cell to report, not a label.
    let mut kinds = kinds;
    for (j, name) in names.iter().enumerate() {
        let n = name.trim().to_lowercase();
        let mixed = kinds[j] == ColumnKind::Empty
            || (kinds[j] == ColumnKind::Categorical && probes[j].numeric > 0);
        if j != date_col
            && mixed
            && (opts.target.as_deref() == Some(name.as_str())
                || super::roles::TARGET_NAMES.contains(&n.as_str()))
        {
            kinds[j] = ColumnKind::Numeric;
        }
    }
    // Reserve from the sample's bytes per line: growing vectors of millions of rows would
    // otherwise copy and page-fault repeatedly.
    let sample = sniff::sample(text);
    let sample_lines = sample.iter().filter(|&&b| b == b'\n').count().max(1);
    // Capped so the reservation never exceeds ~256 MiB of cells, whatever the sample says.
    let est_rows = (text.len() / (sample.len() / sample_lines).max(1))
        .min(text.len() / (ncols + 1))
        .min((32 << 20) / ncols.max(1));
    let builders: Vec<Builder> = kinds
        .iter()
        .enumerate()
        .map(|(j, k)| {
            // A second date column is not a column of bad numbers.
            if j == date_col
                || Some(j) == time_col
                || part_cols.contains(&j)
                || *k == ColumnKind::Date
            {
                Builder::Date
            } else if *k == ColumnKind::Categorical {
                Builder::Categorical {
                    codes: Vec::with_capacity(est_rows),
                    levels: Vec::new(),
                    index: HashMap::new(),
                }
            } else {
                Builder::Numeric {
                    values: Vec::with_capacity(est_rows),
                    invalid_rows: Vec::new(),
                    invalid_text: Vec::new(),
                    thousands: false,
                    unit: probes[j].unit.clone(),
                }
            }
        })
        .collect();
    let table = Table {
        columns: Vec::new(),
        date_col,
        time_col,
        part_cols,
        timestamps: Vec::new(),
        lines: Vec::with_capacity(est_rows),
        date_format: DateFormat::Iso,
        zones: ZoneHandling::NoneInFile,
        rows_read: 0,
        rejected: Vec::new(),
        rejected_total: 0,
        warnings: Vec::new(),
    };
    let date_name = names[date_col].clone();
    let time_name = time_col.map(|j| names[j].clone()).unwrap_or_default();
    let scanned = matches!(mode, DateMode::Text(_) | DateMode::Parts(_));
    let mut pass = Pass {
        table,
        builders,
        ncols,
        date_col,
        date_name,
        time: time_of_day,
        time_name,
        names: names.clone(),
        mode,
        decimal,
        raw_dates: Vec::with_capacity(if scanned { est_rows } else { 0 }),
        serials: Vec::new(),
        last_date: None,
        blank: 0,
        row: 0,
    };
    let mut lines = LineCounter { text, pos: 0, line: 1 };
    // Lines without a quote are split on the delimiter directly; from the first quote on, the
    // csv reader takes over (quoted fields may hold delimiters and line breaks).
    let data_start = if headerless {
        header_at
    } else {
        usize::try_from(rdr.position().byte()).unwrap_or(text.len()).min(text.len())
    };
    let mut fields = Vec::with_capacity(ncols + 1);
    let quoted_from = read_unquoted(text, data_start, delimiter, &mut fields, |fields, line| {
        pass.record(&SplitRecord { line: fields }, line);
    });
    if let Some(offset) = quoted_from {
        let rest = &text[offset..];
        let lines_before = lines.line_at(offset) - 1;
        let mut rdr = reader(rest, delimiter);
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(csv_error(&e, lines_before)),
            }
            let line = rec.position().map_or(0, |p| lines.line_at(offset + p.byte() as usize));
            pass.record(&rec, line);
        }
    }
    let Pass { mut table, builders, date_name, time_name, raw_dates, serials, blank, .. } = pass;
    if time_col.is_some() {
        table
            .warnings
            .push(IngestWarning::DateAndTimeCombined { date: date_name.clone(), time: time_name });
    }
    if let DateMode::Parts(parts) = mode {
        table.warnings.push(parts.warning(&names));
    }
    if preamble > 0 {
        table.warnings.push(IngestWarning::PreambleSkipped { lines: lines_above });
    }
    if headerless {
        table.warnings.push(IngestWarning::NoHeader);
    }
    if blank > 0 {
        table.warnings.push(IngestWarning::BlankLines { count: blank });
    }
    if table.rows_read == 0 {
        return Err(IngestError::HeaderOnly);
    }
    if table.rows_read == 1 {
        return Err(IngestError::SingleRow);
    }
    table.columns = names
        .into_iter()
        .zip(kinds)
        .zip(builders)
        .map(|((name, kind), b)| {
            let data = match b {
                Builder::Numeric { values, invalid_rows, invalid_text, thousands, unit } => {
                    ColumnData::Numeric { values, invalid_rows, invalid_text, thousands, unit }
                }
                Builder::Categorical { codes, levels, .. } => {
                    ColumnData::Categorical { codes, levels }
                }
                Builder::Date => ColumnData::Date,
            };
            let kind = if matches!(data, ColumnData::Date) { ColumnKind::Date } else { kind };
            Column { name, kind, data }
        })
        .collect();
    resolve_dates(&mut table, mode, &raw_dates, &serials, opts.date_order, &date_name);
    table.sort_rejected();
    Ok(table)
}

/// The fields of one record, whichever reader split it.
trait Fields {
    /// Number of fields.
    fn count(&self) -> usize;
    /// Field `j`, untrimmed.
    fn field(&self, j: usize) -> Option<&[u8]>;
}

impl Fields for csv::ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }
    fn field(&self, j: usize) -> Option<&[u8]> {
        self.get(j)
    }
}

/// A quote-free line split on the delimiter.
struct SplitRecord<'r, 't> {
    line: &'r [&'t [u8]],
}

impl Fields for SplitRecord<'_, '_> {
    fn count(&self) -> usize {
        self.line.len()
    }
    fn field(&self, j: usize) -> Option<&[u8]> {
        self.line.get(j).copied()
    }
}

/// Splits the records of `text` from `start` that hold no quote, as the csv reader would:
/// a record ends at `\n`, `\r` or `\r\n`, empty records are skipped, fields are separated
/// by `delimiter` (never a quote or a line break). Calls `on_record(fields, line)` for each,
/// with the record's physical line (1 + the line feeds before it); returns the offset of the
/// first record that holds a quote, if any, for the csv reader to continue from.
///
/// Bytes are classified 64 at a time into a bit mask of the special ones (delimiter, line
/// breaks, quote), and only those are visited: one branch per special byte instead of one per
/// byte, most of them predictable.
fn read_unquoted<'t>(
    text: &'t [u8],
    start: usize,
    delimiter: u8,
    fields: &mut Vec<&'t [u8]>,
    mut on_record: impl FnMut(&[&'t [u8]], usize),
) -> Option<usize> {
    // Line feeds are special bytes, so the line count comes for free after the header's.
    let mut line = 1 + text[..start].iter().filter(|&&b| b == b'\n').count();
    let mut record_start = start;
    let mut field_start = start;
    fields.clear();
    let mut base = start;
    while base < text.len() {
        let block = &text[base..text.len().min(base + BLOCK_BYTES)];
        let mut bits = special_bytes(block, delimiter);
        while bits != 0 {
            let i = base + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            match text[i] {
                b'"' => return Some(record_start),
                byte @ (b'\n' | b'\r') => {
                    if i > record_start {
                        fields.push(&text[field_start..i]);
                        on_record(fields, line);
                        fields.clear();
                    }
                    line += usize::from(byte == b'\n');
                    record_start = i + 1;
                    field_start = i + 1;
                }
                _ => {
                    fields.push(&text[field_start..i]);
                    field_start = i + 1;
                }
            }
        }
        base += BLOCK_BYTES;
    }
    if record_start < text.len() {
        fields.push(&text[field_start..]);
        on_record(fields, line);
        fields.clear();
    }
    None
}

/// Bytes classified at once by [`special_bytes`].
const BLOCK_BYTES: usize = 64;

/// Bit `i` set when `block[i]` (at most 64 bytes) is `delimiter`, a line break or a quote.
fn special_bytes(block: &[u8], delimiter: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // High bit of each byte of `w` that equals `b` (exact: no carries between bytes).
    let equal = |w: u64, b: u8| {
        let x = w ^ (u64::from(b) * ONES);
        !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
    };
    let mut mask = 0u64;
    for (k, chunk) in block.chunks(8).enumerate() {
        // A short last chunk is padded with a byte that is never special.
        let mut word = [b'0'; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let high = equal(w, delimiter) | equal(w, b'\n') | equal(w, b'\r') | equal(w, b'"');
        // Gathers the eight high bits into the low byte, byte `j` to bit `j`.
        let packed = ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        mask |= packed << (8 * k);
    }
    mask
}

/// The state of the one pass over the data records.
struct Pass {
    table: Table,
    builders: Vec<Builder>,
    ncols: usize,
    date_col: usize,
    date_name: String,
    /// A time-of-day column completing the dates and how it writes times, and its name.
    time: Option<(usize, TimeOfDay)>,
    time_name: String,
    /// The columns' names, to name the month or day column at fault.
    names: Vec<String>,
    mode: DateMode,
    decimal: DecimalMark,
    raw_dates: Vec<RawDate>,
    serials: Vec<f64>,
    /// The last date cell scanned and its result: long-format files repeat each date once
    /// per series, on consecutive lines.
    last_date: Option<(Vec<u8>, Option<RawDate>)>,
    blank: usize,
    row: usize,
}

impl Pass {
    /// Reads one record found at physical line `line`.
    fn record(&mut self, rec: &impl Fields, line: usize) {
        let n_fields = rec.count();
        let field = |j: usize| rec.field(j).unwrap_or(b"");
        if (0..n_fields).all(|j| trim(field(j)).is_empty()) {
            self.blank += 1;
            return;
        }
        let table = &mut self.table;
        table.rows_read += 1;
        let ncols = self.ncols;
        if n_fields != ncols
            && !(n_fields > ncols && (ncols..n_fields).all(|j| trim(field(j)).is_empty()))
        {
            table.reject(
                line,
                None,
                RejectReason::WrongFieldCount { expected: ncols, found: n_fields },
            );
            return;
        }
        let df = trim(field(self.date_col));
        if df.is_empty() {
            table.reject(line, Some(&self.date_name), RejectReason::MissingDate);
            return;
        }
        let read = match self.mode {
            DateMode::Text(shape) => {
                let raw = match &mut self.last_date {
                    Some((text, raw)) if text.as_slice() == df => *raw,
                    slot => {
                        let raw = dates::scan(df);
                        let (text, cached) = slot.get_or_insert_with(|| (Vec::new(), None));
                        text.clear();
                        text.extend_from_slice(df);
                        *cached = raw;
                        raw
                    }
                };
                match raw {
                    Some(mut raw) if raw.shape == shape || raw.shape.span() == shape.span() => {
                        if let Some((t, kind)) = self.time {
                            let tf = trim(field(t));
                            match kind.read(tf, self.decimal) {
                                Some(secs) => raw.secs = raw.secs.or(Some(secs)),
                                None => {
                                    let reason = if tf.is_empty() {
                                        RejectReason::MissingTime
                                    } else {
                                        RejectReason::BadTime { value: cell_text(tf) }
                                    };
                                    table.reject(line, Some(&self.time_name), reason);
                                    return;
                                }
                            }
                        }
                        self.raw_dates.push(raw);
                        true
                    }
                    _ => false,
                }
            }
            DateMode::Excel | DateMode::Year => match parse_number(df, self.decimal).value() {
                Some(v)
                    if self.mode == DateMode::Excel
                        || (v.fract() == 0.0 && (1.0..=9999.0).contains(&v)) =>
                {
                    self.serials.push(v);
                    true
                }
                _ => false,
            },
            DateMode::Parts(parts) => match parts.read(|j| trim(field(j))) {
                Ok(raw) => {
                    self.raw_dates.push(raw);
                    true
                }
                Err((j, reason)) => {
                    table.reject(line, Some(&self.names[j]), reason);
                    return;
                }
            },
            DateMode::EpochSeconds | DateMode::EpochMillis => {
                let span =
                    if self.mode == DateMode::EpochSeconds { EPOCH_SECONDS } else { EPOCH_MILLIS };
                match plain_integer(df) {
                    // Exact: both spans end below 2^53.
                    Some(v) if span.contains(&v) => {
                        self.serials.push(v as f64);
                        true
                    }
                    _ => false,
                }
            }
        };
        if !read {
            table.reject(
                line,
                Some(&self.date_name),
                RejectReason::BadDate { value: cell_text(df) },
            );
            return;
        }
        let row = self.row;
        for (j, b) in self.builders.iter_mut().enumerate() {
            let f = field(j);
            match b {
                Builder::Date => {}
                Builder::Numeric { values, invalid_rows, invalid_text, thousands, unit } => {
                    let cell = match unit {
                        Some(unit) => parse_number_in_unit(f, self.decimal, unit),
                        None => parse_number(f, self.decimal),
                    };
                    let v = cell_value(cell, thousands).unwrap_or_else(|| {
                        invalid_rows.push(row);
                        if invalid_text.len() < MAX_LISTED {
                            invalid_text.push((line, cell_text(trim(f))));
                        }
                        f64::NAN
                    });
                    values.push(v);
                }
                Builder::Categorical { codes, levels, index } => {
                    let f = trim(f);
                    let code = if is_missing(f) { MISSING_CODE } else { intern(f, levels, index) };
                    codes.push(code);
                }
            }
        }
        table.lines.push(line);
        self.row += 1;
    }
}

/// A number cell's value, `NaN` when it is empty or a missing marker; `None` when it is not a
/// number. Sets `thousands` when the cell uses a thousands separator.
pub(super) fn number_value(f: &[u8], decimal: DecimalMark, thousands: &mut bool) -> Option<f64> {
    cell_value(parse_number(f, decimal), thousands)
}

/// The value of a number cell as [`number_value`] gives it.
fn cell_value(cell: NumberCell, thousands: &mut bool) -> Option<f64> {
    match cell {
        NumberCell::Value(v) => Some(v),
        NumberCell::ValueWithThousands(v) => {
            *thousands = true;
            Some(v)
        }
        NumberCell::Missing => Some(f64::NAN),
        NumberCell::Invalid => None,
    }
}

/// The code of label `f` among `levels`, added when new.
pub(super) fn intern(f: &[u8], levels: &mut Vec<String>, index: &mut HashMap<Vec<u8>, u32>) -> u32 {
    if let Some(&c) = index.get(f) {
        return c;
    }
    let c = levels.len() as u32;
    levels.push(String::from_utf8_lossy(f).into_owned());
    index.insert(f.to_vec(), c);
    c
}

/// Physical line numbers from byte offsets. The `csv` crate's own line counter is off by one
/// per CRLF line ending, and a record's byte offset may point at the line feed ending the
/// previous record (after a CR), so line ends are skipped before counting.
pub(super) struct LineCounter<'a> {
    pub(super) text: &'a [u8],
    pub(super) pos: usize,
    pub(super) line: usize,
}

impl LineCounter<'_> {
    /// The 1-based line of the record whose offset is `byte` (offsets only grow).
    pub(super) fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.pos {
            self.line += self.text[self.pos..start].iter().filter(|&&b| b == b'\n').count();
            self.pos = start;
        }
        self.line
    }
}

/// The error of a csv reader that started after `lines_before` lines of the text.
fn csv_error(e: &csv::Error, lines_before: usize) -> IngestError {
    let line = e.position().map_or(0, |p| p.line() as usize + lines_before);
    IngestError::Csv { line, message: e.to_string() }
}

/// Share of consecutive distinct sorted timestamps spaced by the modal spacing.
fn regularity(ts: &[Option<NaiveDateTime>]) -> f64 {
    let mut v: Vec<NaiveDateTime> = ts.iter().flatten().copied().collect();
    v.sort_unstable();
    v.dedup();
    if v.len() < 3 {
        return 0.0;
    }
    // Calendar months, quarters and years vary in length: each counts as one spacing.
    let bucket = |secs: i64| match secs / 86_400 {
        28..=31 if secs % 86_400 == 0 => -1,
        89..=92 if secs % 86_400 == 0 => -3,
        365..=366 if secs % 86_400 == 0 => -12,
        _ => secs,
    };
    let mut diffs: Vec<i64> = v.windows(2).map(|w| bucket((w[1] - w[0]).num_seconds())).collect();
    diffs.sort_unstable();
    let (mut best, mut modal) = (0usize, 0i64);
    let mut i = 0;
    while i < diffs.len() {
        let j = diffs[i..].iter().position(|&d| d != diffs[i]).map_or(diffs.len(), |k| i + k);
        if j - i > best {
            (best, modal) = (j - i, diffs[i]);
        }
        i = j;
    }
    // Times the share of the modal spacing by how much of its grid the dates fill: US monthly
    // dates (`1/1/2021`, `2/1/2021`…) read day-first are mostly one day apart too, but twelve
    // days a year leave the daily grid nearly empty.
    let (first, last) = (v[0], v[v.len() - 1]);
    let steps = if modal < 0 {
        use chrono::Datelike;
        let months = (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32;
        f64::from(months) / -modal as f64
    } else {
        (last - first).num_seconds() as f64 / modal.max(1) as f64
    };
    let filled = (v.len() as f64 / (steps + 1.0)).min(1.0);
    best as f64 / diffs.len() as f64 * filled
}

fn resolve_dates(
    table: &mut Table,
    mode: DateMode,
    raw: &[RawDate],
    serials: &[f64],
    forced: Option<DateOrder>,
    column: &str,
) {
    let resolved: Vec<Option<NaiveDateTime>> = match mode {
        // Dates built from parts are read as if written year first (`2024-03-01`, `2024-03`).
        DateMode::Parts(parts) => {
            return resolve_dates(
                table,
                DateMode::Text(parts.shape()),
                raw,
                serials,
                forced,
                column,
            );
        }
        DateMode::Excel => {
            table.date_format = DateFormat::ExcelSerial;
            table.warnings.push(IngestWarning::ExcelSerialDates { column: column.to_owned() });
            serials.iter().map(|&v| dates::excel_serial(v)).collect()
        }
        DateMode::EpochSeconds | DateMode::EpochMillis => {
            let millis = mode == DateMode::EpochMillis;
            table.date_format =
                if millis { DateFormat::EpochMillis } else { DateFormat::EpochSeconds };
            // UTC; fractions of a second are dropped, as in written times.
            let per_second = if millis { 1000 } else { 1 };
            serials
                .iter()
                .map(|&v| {
                    chrono::DateTime::from_timestamp(v as i64 / per_second, 0)
                        .map(|t| t.naive_utc())
                })
                .collect()
        }
        DateMode::Year => {
            table.date_format = DateFormat::Year;
            serials
                .iter()
                .map(|&v| {
                    chrono::NaiveDate::from_ymd_opt(v as i32, 1, 1)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                })
                .collect()
        }
        DateMode::Text(shape) => {
            // Layouts in order of first appearance (the column's own first), each with its
            // count of cells and whether one of them carries a time.
            let mut layouts: Vec<(Shape, usize, bool)> = vec![(shape, 0, false)];
            for r in raw {
                match layouts.iter_mut().find(|(s, ..)| *s == r.shape) {
                    Some((_, n, time)) => {
                        *n += 1;
                        *time |= r.secs.is_some();
                    }
                    None => layouts.push((r.shape, 1, r.secs.is_some())),
                }
            }
            layouts.retain(|&(_, n, _)| n > 0);
            let order = if !layouts.iter().any(|(s, ..)| s.order_ambiguous()) {
                DateOrder::YearFirst
            } else if let Some(o) = forced {
                o
            } else {
                let mut ev = OrderEvidence::default();
                raw.iter().for_each(|r| ev.add(r));
                match ev.settled() {
                    Some(o) => o,
                    None => {
                        let day: Vec<_> =
                            raw.iter().map(|r| dates::resolve(r, DateOrder::DayFirst)).collect();
                        let month: Vec<_> =
                            raw.iter().map(|r| dates::resolve(r, DateOrder::MonthFirst)).collect();
                        let (rd, rm) = (regularity(&day), regularity(&month));
                        if rm > rd + 0.1 {
                            table.warnings.push(IngestWarning::DateOrderFromSpacing {
                                column: column.to_owned(),
                                chosen: DateOrder::MonthFirst,
                            });
                            DateOrder::MonthFirst
                        } else if rd > rm + 0.1 {
                            table.warnings.push(IngestWarning::DateOrderFromSpacing {
                                column: column.to_owned(),
                                chosen: DateOrder::DayFirst,
                            });
                            DateOrder::DayFirst
                        } else {
                            table.warnings.push(IngestWarning::AmbiguousDates {
                                column: column.to_owned(),
                                assumed: DateOrder::DayFirst,
                            });
                            DateOrder::DayFirst
                        }
                    }
                }
            };
            let with_time = layouts.iter().any(|&(.., time)| time);
            table.date_format = dates::format_of(shape, order, with_time);
            let mut formats: Vec<DateFormat> = Vec::with_capacity(layouts.len());
            for &(s, _, time) in &layouts {
                let f = dates::format_of(s, order, time);
                if !formats.contains(&f) {
                    formats.push(f);
                }
            }
            if formats.len() > 1 {
                table.warnings.push(IngestWarning::MixedDateLayouts {
                    column: column.to_owned(),
                    layouts: formats,
                });
            }
            // Zones: converted to UTC, unless every value is at the same written time of day
            // (one value a day or less, stamped at local midnight or another fixed hour) and
            // some offset is not zero: converted, the local midnights of `…T00:00:00+01:00`
            // would all fall on the day before, and a change of offset (summer time) would
            // move the hour, not the date. (All in UTC, `Z`, converting changes nothing.)
            let mut keep_written = false;
            if raw.iter().any(|r| r.offset_min.is_some()) {
                let time_of_day = |r: &RawDate| r.secs.unwrap_or(0);
                keep_written = raw.iter().any(|r| r.offset_min.is_some_and(|o| o != 0))
                    && raw.iter().all(|r| time_of_day(r) == time_of_day(&raw[0]));
                if keep_written {
                    table.zones = ZoneHandling::WrittenDatesKept;
                    table
                        .warnings
                        .push(IngestWarning::WrittenDatesKept { column: column.to_owned() });
                } else {
                    table.zones = ZoneHandling::ConvertedToUtc;
                    table
                        .warnings
                        .push(IngestWarning::ConvertedToUtc { column: column.to_owned() });
                }
            }
            raw.iter()
                .map(|&r| {
                    let r = if keep_written { RawDate { offset_min: None, ..r } } else { r };
                    dates::resolve(&r, order)
                })
                .collect()
        }
    };
    let keep: Vec<bool> = resolved.iter().map(Option::is_some).collect();
    if keep.iter().all(|&k| k) {
        table.timestamps = resolved.into_iter().flatten().collect();
        return;
    }
    for (i, r) in resolved.iter().enumerate() {
        if r.is_none() {
            let value = match mode {
                DateMode::Text(_) => {
                    let (p, s) = (raw[i].p, raw[i].shape);
                    let sep = char::from(s.sep);
                    match s.parts {
                        3 => format!("{:02}{sep}{:02}{sep}{:02}", p[0], p[1], p[2]),
                        2 => format!("{:02}{sep}{:02}", p[0], p[1]),
                        _ => p[0].to_string(),
                    }
                }
                _ => serials[i].to_string(),
            };
            let line = table.lines[i];
            table.reject(line, Some(column), RejectReason::BadDate { value });
        }
    }
    table.timestamps = resolved.iter().flatten().copied().collect();
    // `timestamps` is already filtered: drop the same rows from everything else.
    let ts = std::mem::take(&mut table.timestamps);
    table.retain_rows(&keep);
    table.timestamps = ts;
}

/// Reads the text dates `raw`, one per row of `table`, as a date column's are read: the
/// day/month order settled from all of them together (or `forced`), the layouts mixed only
/// within one span, zones converted to UTC (or set aside when every value is at the same
/// time of day), warnings naming `column`. A date that does not
/// resolve rejects its row on its line. Used for dates written across a header
/// ([`super::across`]).
pub(super) fn resolve_text_dates(
    table: &mut Table,
    shape: Shape,
    raw: &[RawDate],
    forced: Option<DateOrder>,
    column: &str,
) {
    resolve_dates(table, DateMode::Text(shape), raw, &[], forced, column);
}

/// Columns with their index in the file.
type Columns = Vec<(usize, Column)>;

/// A wide table read as long (see [`IngestOptions::wide`]): every number column not given
/// another role, and not a 0/1 flag, becomes the rows of one series, with a `series` column
/// holding its header and a `value` column its numbers; the other columns are repeated for
/// each series. Each row keeps its physical line, so a bad cell is still reported where it is.
/// Returns the options that name those two columns as the series id and the target.
pub fn melt(
    table: Table,
    decimal: DecimalMark,
    opts: &IngestOptions,
) -> Result<(Table, IngestOptions), IngestError> {
    let named = |c: &Column| {
        opts.known_in_advance
            .iter()
            .chain(&opts.observed_only)
            .chain(&opts.ignore)
            .any(|n| *n == c.name)
    };
    // A column of 0 and 1 only is a flag (a promotion, a holiday), an input of every series.
    let flag = |c: &Column| match &c.data {
        ColumnData::Numeric { values, .. } => {
            values.iter().all(|v| v.is_nan() || *v == 0.0 || *v == 1.0)
        }
        _ => false,
    };
    let date_col = table.date_col;
    let is_series = |j: usize, c: &Column| {
        j != date_col && matches!(c.data, ColumnData::Numeric { .. }) && !named(c) && !flag(c)
    };
    if !table.columns.iter().enumerate().any(|(j, c)| is_series(j, c)) {
        return Err(no_numeric_column(&table, decimal, |j| !named(&table.columns[j])));
    }
    let (series, rest): (Columns, Columns) =
        table.columns.into_iter().enumerate().partition(|(j, c)| is_series(*j, c));
    let n = table.timestamps.len();
    let k = series.len();
    let fresh = |base: &str| {
        let taken = |name: &str| rest.iter().any(|(_, c)| c.name == name);
        (1..)
            .map(|i| if i == 1 { base.to_owned() } else { format!("{base}_{i}") })
            .find(|c| !taken(c))
    };
    let (id_name, value_name) =
        (fresh("series").unwrap_or_default(), fresh("value").unwrap_or_default());
    let mut values = Vec::with_capacity(n * k);
    let mut invalid_rows = Vec::new();
    let mut invalid_text = Vec::new();
    let mut any_thousands = false;
    let mut units = Vec::with_capacity(k);
    let mut levels = Vec::with_capacity(k);
    for (s, (_, c)) in series.into_iter().enumerate() {
        if let ColumnData::Numeric {
            values: v,
            invalid_rows: r,
            invalid_text: t,
            thousands,
            unit,
        } = c.data
        {
            values.extend(v);
            invalid_rows.extend(r.into_iter().map(|r| r + s * n));
            invalid_text.extend(t);
            any_thousands |= thousands;
            units.push((c.name.clone(), unit));
        }
        levels.push(c.name);
    }
    let (unit, unit_warnings) = melted_unit(units);
    invalid_text.truncate(MAX_LISTED);
    let codes: Vec<u32> = (0..k).flat_map(|s| std::iter::repeat_n(s as u32, n)).collect();
    let repeat = |data: ColumnData| match data {
        ColumnData::Numeric { values, invalid_rows, invalid_text, thousands, unit } => {
            ColumnData::Numeric {
                values: values.repeat(k),
                invalid_rows: (0..k)
                    .flat_map(|s| invalid_rows.iter().map(move |r| r + s * n))
                    .collect(),
                invalid_text,
                thousands,
                unit,
            }
        }
        ColumnData::Categorical { codes, levels } => {
            ColumnData::Categorical { codes: codes.repeat(k), levels }
        }
        ColumnData::Date => ColumnData::Date,
    };
    let date_col = rest.iter().position(|(j, _)| *j == table.date_col).unwrap_or(0);
    let time_col = table.time_col.and_then(|t| rest.iter().position(|(j, _)| *j == t));
    let part_cols: Vec<usize> =
        table.part_cols.iter().filter_map(|&p| rest.iter().position(|(j, _)| *j == p)).collect();
    let mut columns: Vec<Column> =
        rest.into_iter().map(|(_, c)| Column { data: repeat(c.data), ..c }).collect();
    columns.push(Column {
        name: id_name.clone(),
        kind: ColumnKind::Categorical,
        data: ColumnData::Categorical { codes, levels },
    });
    columns.push(Column {
        name: value_name.clone(),
        kind: ColumnKind::Numeric,
        data: ColumnData::Numeric {
            values,
            invalid_rows,
            invalid_text,
            thousands: any_thousands,
            unit,
        },
    });
    let mut melted = Table {
        columns,
        date_col,
        time_col,
        part_cols,
        timestamps: table.timestamps.repeat(k),
        lines: table.lines.repeat(k),
        ..table
    };
    melted.warnings.extend(unit_warnings);
    let opts = IngestOptions { target: Some(value_name), id_cols: vec![id_name], ..opts.clone() };
    Ok((melted, opts))
}

/// The unit of a melted value column made of the columns `units` (each name with its unit):
/// theirs when they all share one. Otherwise none, and each column that had one is named in a
/// warning of its own, its series keeping its unit.
fn melted_unit(units: Vec<(String, Option<String>)>) -> (Option<String>, Vec<IngestWarning>) {
    let first = units.first().and_then(|(_, u)| u.clone());
    if first.is_some() && units.iter().all(|(_, u)| *u == first) {
        return (first, Vec::new());
    }
    let warnings = units
        .into_iter()
        .filter_map(|(column, unit)| Some(IngestWarning::UnitStripped { column, unit: unit? }))
        .collect();
    (None, warnings)
}

/// [`IngestError::NoNumericColumn`] for `table`, naming the text column that came closest to
/// holding numbers among those `considered` (besides the dates): the one with the most cells
/// holding a digit (`10 kilos`), else the first with a value; and its first cell that is not
/// a number in `decimal`'s notation. Names nothing when no such column has a value.
pub(super) fn no_numeric_column(
    table: &Table,
    decimal: DecimalMark,
    considered: impl Fn(usize) -> bool,
) -> IngestError {
    let closest = table
        .columns
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != table.date_col && considered(j))
        .filter_map(|(j, c)| match &c.data {
            ColumnData::Categorical { codes, levels } => {
                Some((digit_cells(codes, levels), j, c, codes, levels))
            }
            _ => None,
        })
        .filter(|(.., codes, _)| codes.iter().any(|&c| c != MISSING_CODE))
        // The most cells with a digit; among equals, the first column.
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let closest = closest.and_then(|(.., c, codes, levels)| {
        let present = || codes.iter().enumerate().filter(|&(_, &code)| code != MISSING_CODE);
        let number = |code: u32| parse_number(levels[code as usize].as_bytes(), decimal).value();
        let (row, &code) =
            present().find(|&(_, &code)| number(code).is_none()).or_else(|| present().next())?;
        Some(UnreadCell {
            column: c.name.clone(),
            line: *table.lines.get(row)?,
            value: cell_text(levels[code as usize].as_bytes()),
        })
    });
    IngestError::NoNumericColumn { closest }
}

/// Cells of a text column (its `codes` into `levels`) that hold a digit.
fn digit_cells(codes: &[u32], levels: &[String]) -> usize {
    let digit: Vec<bool> = levels.iter().map(|l| l.bytes().any(|b| b.is_ascii_digit())).collect();
    codes.iter().filter(|&&c| digit.get(c as usize).copied().unwrap_or(false)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records with their physical lines, each as its fields' bytes.
    type Records = Vec<(usize, Vec<Vec<u8>>)>;

    /// The records the csv reader finds in `text` (after `start`), with their physical lines.
    fn csv_records(text: &[u8], start: usize) -> Records {
        let mut rdr = reader(&text[start..], b',');
        let mut rec = csv::ByteRecord::new();
        let mut lines = LineCounter { text, pos: 0, line: 1 };
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).expect("a byte slice reads") {
            let at = start + rec.position().map_or(0, |p| p.byte() as usize);
            out.push((lines.line_at(at), rec.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    /// The records the quote-free splitter finds, and where it handed over, if it did.
    fn split_records(text: &[u8]) -> (Records, Option<usize>) {
        let mut out = Vec::new();
        let mut fields = Vec::new();
        let handed_over = read_unquoted(text, 0, b',', &mut fields, |f, line| {
            out.push((line, f.iter().map(|x| x.to_vec()).collect()));
        });
        (out, handed_over)
    }

    fn fields_only(records: Records) -> Vec<Vec<Vec<u8>>> {
        records.into_iter().map(|(_, f)| f).collect()
    }

    #[test]
    fn quote_free_lines_split_exactly_as_the_csv_reader_splits_them() {
        let long_field = "x".repeat(150);
        let cases: Vec<String> = vec![
            "a,b,c\n1,2,3\n".into(),
            "a,b\r\n1,2\r\n\r\n3,4".into(),
            "a,b\r1,2\r3,4\r".into(),
            "\n\n,\n,,\n  \n1,\n".into(),
            format!("d,v\n{long_field},1\n2020-01-01,{long_field}\n"),
            (0..40).map(|i| format!("2020-01-{:02},{i},{}\n", i % 28 + 1, i * 7)).collect(),
        ];
        for text in &cases {
            let (split, handed_over) = split_records(text.as_bytes());
            assert_eq!(handed_over, None, "{text:?}");
            assert_eq!(split, csv_records(text.as_bytes(), 0), "{text:?}");
        }
    }

    #[test]
    fn a_quote_hands_the_rest_over_from_the_start_of_its_record() {
        let text = b"a,b\n1,2\n\"3,5\",4\n5,6\n";
        let (split, handed_over) = split_records(text);
        assert_eq!(
            fields_only(split),
            vec![vec![b"a".to_vec(), b"b".to_vec()], vec![b"1".to_vec(), b"2".to_vec()]]
        );
        assert_eq!(handed_over, Some(8));
        let rest = fields_only(csv_records(text, 8));
        assert_eq!(rest[0], vec![b"3,5".to_vec(), b"4".to_vec()]);
        assert_eq!(rest.len(), 2);
    }

    #[test]
    fn time_like_names_are_words_not_letters_inside_words() {
        for name in ["ts", "TS", "event_time_ms", "createdAt", "created_at", "Horodatage", "unix"] {
            assert!(time_like_name(name), "{name}");
        }
        for name in ["counts", "shirts", "status", "visits", "amount", "TSV", "Attendance"] {
            assert!(!time_like_name(name), "{name}");
        }
    }

    #[test]
    fn plain_integers_are_digits_only_and_never_overflow() {
        assert_eq!(plain_integer(b"1704067200"), Some(1_704_067_200));
        assert_eq!(plain_integer(b"9999999999999999999"), Some(9_999_999_999_999_999_999));
        assert_eq!(plain_integer(b"99999999999999999999"), None);
        for bad in [&b""[..], b"-5", b"1.5", b"1,000", b" 7"] {
            assert_eq!(plain_integer(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn special_bytes_marks_delimiters_line_breaks_and_quotes_only() {
        let block = b"ab,c\"\r\n;x";
        assert_eq!(special_bytes(block, b','), 0b0111_0100);
        assert_eq!(special_bytes(block, b';'), 0b1111_0000);
        let full = [b','; 64];
        assert_eq!(special_bytes(&full, b','), u64::MAX);
    }
}
