//! Files whose dates are the column headers ("dates across"): one series per row and one date
//! per column, as the Wikipedia web-traffic file, M4-style files and spreadsheet pivot exports
//! are laid out:
//!
//! ```text
//! Page,2023-01-01,2023-01-02,2023-01-03
//! Main_Page_en.wikipedia.org_all-access,4512,4870,
//! Paris_fr.wikipedia.org_desktop,120,133,128
//! ```
//!
//! The layout is recognised without an option, when it is unambiguous: after its leading label
//! columns the header holds at least [`MIN_HEADER_DATES`] dates of one span, four cells in five
//! at least; no column holds dates in its cells (the sample is read as [`super::table`] reads
//! it); and no option names a header column as the date column. The file is then read straight
//! into a long [`Table`] of one row per cell: the label columns (their labels repeated for each
//! date; they identify the series, except number labels beside text ones, such as a latitude,
//! which are left out), a `date` column and a `value` column. Every row keeps the
//! physical line of the file row it came from, so a bad cell is reported on its line, an empty
//! cell is a missing value, and a row with the wrong number of fields is rejected on its line,
//! as in a long file; rows read count the file's rows, not its cells. The day/month order of the
//! header dates is settled from all of them together, as for a date column. Up to
//! [`MAX_TRAILING_COLUMNS`] columns after the last date (a pivot export's `Total`), fewer than
//! half as many as the dates, are left out and named in a warning; a header cell among the dates that is not a date like the others, or
//! a date written twice, stops ingest with an error naming the cell. Title lines of one cell above the header are read past.
//! [`super::MAX_COLUMNS`] does not apply (the dates become
//! rows), but the rows made may not exceed [`super::MAX_GRID_ROWS`].

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::dates::{self, RawDate, Shape, Span};
use super::error::IngestError;
use super::number::{is_missing, parse_number, trim};
use super::report::{
    ColumnKind, DateFormat, IngestWarning, MAX_LISTED, RejectReason, ZoneHandling,
};
use super::table::{self, Column, ColumnData, LineCounter, MISSING_CODE, Table, cell_text, reader};
use super::{DecimalMark, IngestOptions, MAX_GRID_ROWS, sniff};

/// Fewest header dates for a file to be read as dates across.
pub const MIN_HEADER_DATES: usize = 3;

/// Most columns after the last header date that are left out (`Total`, `Mean`) for a file
/// to still be read as dates across.
pub const MAX_TRAILING_COLUMNS: usize = 3;

/// Data records of the sample examined for a column holding dates in its cells.
const PROBE_RECORDS: usize = 2000;

/// Most records looked at for title lines above a header of dates.
const MAX_TITLE_RECORDS: usize = 20;

/// The header of a file with its dates across.
struct Header {
    /// Leading label columns (every column before the dates).
    labels: usize,
    /// The column after the last header date: columns from here on (a `Total` of a pivot
    /// export) are left out.
    end: usize,
    /// The span of the header dates.
    span: Span,
    /// Their most common layout.
    shape: Shape,
}

/// The file read as long when its dates are across the header, with the options that name
/// its label columns as the series ids, `date` and `value` (unless the caller's options name
/// them already); `None` when the file is not laid out so.
pub fn read(
    text: &[u8],
    delimiter: u8,
    decimal: DecimalMark,
    opts: &IngestOptions,
) -> Result<Option<(Table, IngestOptions)>, IngestError> {
    let sample = sniff::sample(text);
    let preamble = title_records(sample, delimiter);
    let mut rdr = reader(text, delimiter);
    let mut header = csv::ByteRecord::new();
    for _ in 0..=preamble {
        match rdr.read_byte_record(&mut header) {
            Ok(true) => {}
            // The ordinary reader says what is wrong with such a file.
            _ => return Ok(None),
        }
    }
    let Some(layout) = header_layout(&header) else { return Ok(None) };
    let names = table::header_names(&header);
    if opts.date_col.as_ref().is_some_and(|n| names.contains(n))
        || cells_hold_dates(sample, delimiter, preamble + 1, names.len())
    {
        return Ok(None);
    }
    let ncols = names.len();
    if layout.labels > super::MAX_COLUMNS {
        return Err(IngestError::TooManyColumns { found: layout.labels, max: super::MAX_COLUMNS });
    }
    let mut labels: Vec<String> = names;
    labels.truncate(layout.labels);
    let fresh = |base: &str, taken: &[String]| {
        (1..)
            .map(|i| if i == 1 { base.to_owned() } else { format!("{base}_{i}") })
            .find(|c| !taken.contains(c))
            .unwrap_or_default()
    };
    let date_name = fresh("date", &labels);
    let mut taken = labels.clone();
    taken.push(date_name.clone());
    let value_name = fresh("value", &taken);
    taken.push(value_name.clone());
    if let Some(name) = opts.date_col.as_ref().filter(|n| **n != date_name) {
        return Err(IngestError::UnknownColumn { name: name.clone(), available: taken });
    }

    let (dated, warnings) = header_dates(&header, &layout, opts, &date_name)?;
    let timestamps = &dated.timestamps;
    let ndates = timestamps.len();

    // The label columns named as ids (all of them unless the options say otherwise): a row
    // whose id is empty is rejected once, on its line, rather than once per date.
    let named_otherwise = |n: &String| opts.names_role(n);
    // Number labels beside text ones (a place's latitude and longitude) describe the series
    // rather than name it: they are left out, unless every label is a number (`1001`, `1002`).
    let numeric = numeric_labels(sample, delimiter, preamble + 1, labels.len(), decimal);
    let any_text = (0..labels.len()).any(|j| !numeric[j] && !named_otherwise(&labels[j]));
    let mut left_out: Vec<String> = Vec::new();
    let id_cols: Vec<String> = if opts.id_cols.is_empty() {
        let mut ids = Vec::new();
        for (j, name) in labels.iter().enumerate().filter(|(_, n)| !named_otherwise(n)) {
            if numeric[j] && any_text {
                left_out.push(name.clone());
            } else {
                ids.push(name.clone());
            }
        }
        ids
    } else {
        opts.id_cols.clone()
    };
    let id_labels: Vec<usize> =
        (0..labels.len()).filter(|&j| id_cols.contains(&labels[j])).collect();

    let mut out = Table {
        columns: Vec::new(),
        date_col: labels.len(),
        time_col: None,
        part_cols: Vec::new(),
        timestamps: Vec::new(),
        lines: Vec::new(),
        date_format: dated.date_format,
        zones: dated.zones,
        rows_read: 0,
        rejected: Vec::new(),
        rejected_total: 0,
        warnings: Vec::new(),
    };
    let mut codes: Vec<Vec<u32>> = vec![Vec::new(); labels.len()];
    let mut levels: Vec<Vec<String>> = vec![Vec::new(); labels.len()];
    let mut index: Vec<HashMap<Vec<u8>, u32>> = vec![HashMap::new(); labels.len()];
    let mut values: Vec<f64> = Vec::new();
    let mut invalid_rows: Vec<usize> = Vec::new();
    let mut invalid_text: Vec<(usize, String)> = Vec::new();
    let mut thousands = false;
    let mut blank = 0usize;
    let mut series = 0usize;
    let mut lines = LineCounter { text, pos: 0, line: 1 };
    let header_line = header.position().map_or(1, |p| lines.line_at(byte_offset(p)));
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(byte_offset(p)));
                return Err(IngestError::Csv { line, message: e.to_string() });
            }
        }
        let line = rec.position().map_or(0, |p| lines.line_at(byte_offset(p)));
        let field = |j: usize| trim(rec.get(j).unwrap_or(b""));
        let found = rec.len();
        if (0..found).all(|j| field(j).is_empty()) {
            blank += 1;
            continue;
        }
        out.rows_read += 1;
        if found != ncols && !(found > ncols && (ncols..found).all(|j| field(j).is_empty())) {
            let reason = RejectReason::WrongFieldCount { expected: ncols, found };
            out.reject(line, None, reason);
            continue;
        }
        // A row is rejected when every id cell is empty; one empty label among others (a
        // province left blank beside its country) is a label of its own.
        if !id_labels.is_empty() && id_labels.iter().all(|&j| is_missing(field(j))) {
            out.reject(line, Some(&labels[id_labels[0]]), RejectReason::MissingSeriesId);
            continue;
        }
        // The rows made, and the label cells repeated on each: both bounded.
        let rows = values.len() + ndates;
        if rows > MAX_GRID_ROWS || rows.saturating_mul(labels.len()) > 2 * MAX_GRID_ROWS {
            return Err(IngestError::GridTooLarge { rows, max: MAX_GRID_ROWS });
        }
        for (j, ((codes, levels), index)) in
            codes.iter_mut().zip(&mut levels).zip(&mut index).enumerate()
        {
            let f = field(j);
            // An empty id label is the label "" (the row's other labels name the series).
            let f = if is_missing(f) && id_labels.contains(&j) { &b""[..] } else { f };
            let code = if is_missing(f) && !id_labels.contains(&j) {
                MISSING_CODE
            } else {
                table::intern(f, levels, index)
            };
            codes.extend(std::iter::repeat_n(code, ndates));
        }
        for j in layout.labels..layout.end {
            let f = field(j);
            let v = table::number_value(f, decimal, &mut thousands).unwrap_or_else(|| {
                invalid_rows.push(values.len());
                if invalid_text.len() < MAX_LISTED {
                    invalid_text.push((line, cell_text(f)));
                }
                f64::NAN
            });
            values.push(v);
        }
        out.timestamps.extend_from_slice(timestamps);
        out.lines.extend(std::iter::repeat_n(line, ndates));
        series += 1;
    }
    if out.rows_read == 0 {
        return Err(IngestError::HeaderOnly);
    }
    out.warnings.push(IngestWarning::DatesAcrossColumns { dates: ndates, series });
    if layout.end < ncols {
        let columns = table::header_names(&header).split_off(layout.end);
        out.warnings.push(IngestWarning::ColumnsAfterDatesLeftOut { columns });
    }
    out.warnings.extend(warnings);
    if preamble > 0 {
        out.warnings.push(IngestWarning::PreambleSkipped { lines: header_line - 1 });
    }
    if blank > 0 {
        out.warnings.push(IngestWarning::BlankLines { count: blank });
    }
    out.columns = labels
        .iter()
        .zip(codes.into_iter().zip(levels))
        .map(|(name, (codes, levels))| Column {
            name: name.clone(),
            kind: ColumnKind::Categorical,
            data: ColumnData::Categorical { codes, levels },
        })
        .collect();
    out.columns.push(Column { name: date_name, kind: ColumnKind::Date, data: ColumnData::Date });
    out.columns.push(Column {
        name: value_name.clone(),
        kind: ColumnKind::Numeric,
        data: ColumnData::Numeric { values, invalid_rows, invalid_text, thousands, unit: None },
    });
    out.sort_rejected();
    let mut ignore = opts.ignore.clone();
    ignore.extend(left_out);
    let opts = IngestOptions {
        target: Some(opts.target.clone().unwrap_or(value_name)),
        id_cols,
        ignore,
        ..opts.clone()
    };
    Ok(Some((out, opts)))
}

/// Where the dates start in `header`, and their span and layout, when the header is laid out
/// with dates across: at least one label column, then at least [`MIN_HEADER_DATES`] dates of
/// one span making up four cells in five at least.
fn header_layout(header: &csv::ByteRecord) -> Option<Header> {
    let scanned: Vec<Option<RawDate>> =
        header.iter().map(|f| dates::scan(trim(f)).filter(|r| r.shape.parts >= 2)).collect();
    let labels = scanned.iter().position(Option::is_some)?;
    if labels == 0 {
        return None;
    }
    // A few columns after the last date (a pivot export's `Total`, `Mean`) are left out.
    let end = scanned.iter().rposition(Option::is_some)? + 1;
    let trailing = scanned.len() - end;
    let rest = &scanned[labels..end];
    // Spans and layouts in order of first appearance, with their counts.
    let mut spans: Vec<(Span, usize)> = Vec::new();
    for raw in rest.iter().flatten() {
        match spans.iter_mut().find(|(s, _)| *s == raw.shape.span()) {
            Some((_, n)) => *n += 1,
            None => spans.push((raw.shape.span(), 1)),
        }
    }
    let (span, count) = spans.iter().fold(None, |best: Option<(Span, usize)>, &(s, n)| {
        if best.is_some_and(|(_, b)| b >= n) { best } else { Some((s, n)) }
    })?;
    if count < MIN_HEADER_DATES
        || count * 5 < rest.len() * 4
        || trailing > MAX_TRAILING_COLUMNS
        || trailing * 2 > count
    {
        return None;
    }
    let mut shapes: Vec<(Shape, usize)> = Vec::new();
    for raw in rest.iter().flatten().filter(|r| r.shape.span() == span) {
        match shapes.iter_mut().find(|(s, _)| *s == raw.shape) {
            Some((_, n)) => *n += 1,
            None => shapes.push((raw.shape, 1)),
        }
    }
    let shape = shapes.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?.0;
    Some(Header { labels, end, span, shape })
}

/// Records above a header of dates: title lines of one cell at most ("Visits", "Site: Lyon",
/// `;;;`) before the first record laid out as one; 0 when there is none.
fn title_records(sample: &[u8], delimiter: u8) -> usize {
    let mut rdr = reader(sample, delimiter);
    let mut rec = csv::ByteRecord::new();
    for k in 0..MAX_TITLE_RECORDS {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            _ => break,
        }
        if header_layout(&rec).is_some() {
            return k;
        }
        if rec.iter().filter(|f| !trim(f).is_empty()).count() > 1 {
            break;
        }
    }
    0
}

/// For each of the first `labels` columns, whether every filled cell of the sample's data
/// records (after the first `skip`) is a number.
fn numeric_labels(
    sample: &[u8],
    delimiter: u8,
    skip: usize,
    labels: usize,
    decimal: DecimalMark,
) -> Vec<bool> {
    let mut numeric = vec![true; labels];
    let mut filled = vec![false; labels];
    table::sample_records(sample, delimiter, skip, PROBE_RECORDS, |rec| {
        for (j, f) in rec.iter().take(labels).enumerate() {
            let f = trim(f);
            if !is_missing(f) {
                filled[j] = true;
                numeric[j] &= parse_number(f, decimal).value().is_some();
            }
        }
    });
    numeric.iter().zip(&filled).map(|(&n, &f)| n && f).collect()
}

/// Whether some column of the sample's data records (after the first `skip` records) holds
/// dates in four cells in five at least, as a date column does.
fn cells_hold_dates(sample: &[u8], delimiter: u8, skip: usize, ncols: usize) -> bool {
    let mut nonempty = vec![0usize; ncols];
    let mut dated = vec![0usize; ncols];
    table::sample_records(sample, delimiter, skip, PROBE_RECORDS, |rec| {
        for (j, f) in rec.iter().take(ncols).enumerate() {
            let f = trim(f);
            if is_missing(f) {
                continue;
            }
            nonempty[j] += 1;
            if dates::scan(f).is_some_and(|r| r.shape.parts >= 2) {
                dated[j] += 1;
            }
        }
    });
    nonempty.iter().zip(&dated).any(|(&n, &d)| n > 0 && d * 5 >= n * 4)
}

/// The header dates, read together as one column's are.
struct HeaderDates {
    /// The timestamp of each date column, in order.
    timestamps: Vec<NaiveDateTime>,
    /// How they are written.
    date_format: DateFormat,
    /// How zone offsets were handled.
    zones: ZoneHandling,
}

/// Reads the header cells after the labels as dates, the day/month order settled from all of
/// them ([`table::resolve_text_dates`], whose rows are here the header's columns); the
/// warnings name the `date` column they become. A cell that is not a date of the header's
/// span, or a date written twice, is an error naming it.
fn header_dates(
    header: &csv::ByteRecord,
    layout: &Header,
    opts: &IngestOptions,
    date_name: &str,
) -> Result<(HeaderDates, Vec<IngestWarning>), IngestError> {
    let cell = |j: usize| trim(header.get(j).unwrap_or(b""));
    let not_a_date =
        |j: usize| IngestError::HeaderNotADate { column: j + 1, header: cell_text(cell(j)) };
    let columns: Vec<usize> = (layout.labels..layout.end).collect();
    let mut raw = Vec::with_capacity(columns.len());
    for &j in &columns {
        match dates::scan(cell(j)) {
            Some(r) if r.shape.parts >= 2 && r.shape.span() == layout.span => raw.push(r),
            _ => return Err(not_a_date(j)),
        }
    }
    let mut scratch = Table {
        columns: Vec::new(),
        date_col: 0,
        time_col: None,
        part_cols: Vec::new(),
        timestamps: Vec::new(),
        lines: columns.clone(),
        date_format: DateFormat::Iso,
        zones: ZoneHandling::NoneInFile,
        rows_read: columns.len(),
        rejected: Vec::new(),
        rejected_total: 0,
        warnings: Vec::new(),
    };
    table::resolve_text_dates(&mut scratch, layout.shape, &raw, opts.date_order, date_name);
    if let Some(j) = scratch.rejected.iter().map(|r| r.line).min() {
        return Err(not_a_date(j));
    }
    let mut first: HashMap<NaiveDateTime, usize> = HashMap::with_capacity(columns.len());
    for (&j, &t) in scratch.lines.iter().zip(&scratch.timestamps) {
        if let Some(&k) = first.get(&t) {
            return Err(IngestError::RepeatedHeaderDate {
                column: j + 1,
                header: cell_text(cell(j)),
                first_column: k + 1,
            });
        }
        first.insert(t, j);
    }
    let dated = HeaderDates {
        timestamps: scratch.timestamps,
        date_format: scratch.date_format,
        zones: scratch.zones,
    };
    Ok((dated, scratch.warnings))
}

fn byte_offset(p: &csv::Position) -> usize {
    usize::try_from(p.byte()).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout_of(header: &str) -> Option<(usize, Span)> {
        let mut rdr = reader(header.as_bytes(), b',');
        let mut rec = csv::ByteRecord::new();
        rdr.read_byte_record(&mut rec).expect("reads");
        header_layout(&rec).map(|h| (h.labels, h.span))
    }

    #[test]
    fn a_header_of_labels_then_dates_is_recognised() {
        assert_eq!(layout_of("Page,2023-01-01,2023-01-02,2023-01-03"), Some((1, Span::Day)));
        assert_eq!(layout_of(",lang,2023-01,2023-02,2023-03,2023-04"), Some((2, Span::Month)));
        // Day and month layouts mix within one span.
        assert_eq!(layout_of("id,01/02/2024,2024-02-02,03.02.2024"), Some((1, Span::Day)));
        // One stray cell in five may sit among the dates (and is then reported as an error).
        let stray = "id,2023-01-01,2023-01-02,Total,2023-01-03,2023-01-04";
        assert_eq!(layout_of(stray), Some((1, Span::Day)));
        // A pivot export's total after the dates is left out.
        let total = "id,2023-01-01,2023-01-02,2023-01-03,2023-01-04,2023-01-05,Total";
        assert_eq!(layout_of(total), Some((1, Span::Day)));
    }

    #[test]
    fn headers_without_enough_dates_or_labels_are_not_recognised() {
        for header in [
            "Page,2023-01-01,2023-01-02",
            "2023-01-01,2023-01-02,2023-01-03",
            "date,value,store",
            "id,2019,2020,2021,2022",
            "id,2023-01-01,2023-01-02,2023-01-03,Total,Mean",
            "id,2023-01-01,2023-02,2023-01-03,2023-04",
        ] {
            assert_eq!(layout_of(header), None, "{header}");
        }
    }
}
