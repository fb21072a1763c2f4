//! Why a file could not be ingested at all.
//!
//! Problems confined to some lines are not errors: those lines are skipped and listed in the
//! report. An [`IngestError`] means nothing usable could be built; each variant carries the
//! data a translated sentence needs.

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IngestError {
    /// The file holds no bytes (or only whitespace).
    #[error("the file is empty")]
    Empty,
    /// The file has a header line but no data line.
    #[error("the file has a header but no data rows")]
    HeaderOnly,
    /// The file has a single usable timestamp: no spacing can be inferred.
    #[error("the file has a single data row; at least two dates are needed")]
    SingleRow,
    /// No column reads as dates.
    #[error("no column holds dates")]
    NoDateColumn,
    /// The named date column does not read as dates.
    #[error("column \"{column}\" does not hold dates (first value: \"{example}\")")]
    NotADateColumn {
        /// The column.
        column: String,
        /// Its first non-empty value.
        example: String,
    },
    /// A file with its dates across the header (one series per row) has a header cell after
    /// the label columns that is not a date like the others.
    #[error("column {column} is headed \"{header}\", which is not a date like the other headers")]
    HeaderNotADate {
        /// 1-based position of the column.
        column: usize,
        /// The header cell as written.
        header: String,
    },
    /// A file with its dates across the header names the same date twice.
    #[error("column {column} is headed \"{header}\", the same date as column {first_column}")]
    RepeatedHeaderDate {
        /// 1-based position of the second column with that date.
        column: usize,
        /// Its header cell as written.
        header: String,
        /// 1-based position of the first.
        first_column: usize,
    },
    /// No column other than the date (and ids) holds numbers.
    #[error("no column holds numbers to forecast{}", closest_detail(.closest.as_ref()))]
    NoNumericColumn {
        /// The text column that came closest to holding numbers (the most cells with a digit,
        /// else the first with a value), at its first cell that is not a number; `None` when
        /// no column but the dates has a value.
        closest: Option<UnreadCell>,
    },
    /// The named target column does not hold numbers.
    #[error("column \"{column}\" does not hold numbers")]
    TargetNotNumeric {
        /// The column.
        column: String,
    },
    /// Every target value is missing.
    #[error("column \"{column}\" has no value at all")]
    TargetAllMissing {
        /// The target column.
        column: String,
    },
    /// An option names a column the header does not have.
    #[error("no column named \"{name}\" (columns: {available:?})")]
    UnknownColumn {
        /// The name asked for.
        name: String,
        /// The header's names.
        available: Vec<String>,
    },
    /// A column was given two incompatible roles by the options.
    #[error("column \"{name}\" was given two roles")]
    ConflictingRoles {
        /// The column.
        name: String,
    },
    /// The delimiter option is not usable.
    #[error("delimiter {delimiter:?} is not supported (use , ; tab or |)")]
    UnsupportedDelimiter {
        /// The character asked for.
        delimiter: char,
    },
    /// The file is larger than the limit.
    #[error("the file has {bytes} bytes, more than the limit of {max_bytes}")]
    TooLarge {
        /// File size.
        bytes: usize,
        /// Limit in force.
        max_bytes: usize,
    },
    /// The file has more columns than the limit.
    #[error("the file has {found} columns, more than the limit of {max}")]
    TooManyColumns {
        /// Columns in the header.
        found: usize,
        /// Limit.
        max: usize,
    },
    /// The file has more series than the limit.
    #[error("the file has {found} series, more than the limit of {max}")]
    TooManySeries {
        /// Series found.
        found: usize,
        /// Limit.
        max: usize,
    },
    /// The bytes are not text (a NUL byte, e.g. a spreadsheet or an image).
    #[error("the file is not text (binary byte at offset {offset})")]
    NotText {
        /// Byte offset of the first binary byte.
        offset: usize,
    },
    /// The text is a web page (HTML) or JSON, not a table of values separated by a delimiter:
    /// a login or error page saved instead of the export, or an API's answer.
    #[error("the file is {kind}, not CSV")]
    NotCsv {
        /// What the text is.
        kind: NotCsvKind,
    },
    /// The CSV reader failed.
    #[error("line {line}: {message}")]
    Csv {
        /// Physical line.
        line: usize,
        /// The reader's message.
        message: String,
    },
    /// Every data line was rejected.
    #[error("all {rejected} data rows were rejected")]
    NoValidRows {
        /// Rows rejected.
        rejected: usize,
    },
    /// The timestamps follow no supported frequency.
    #[error("the dates are not regularly spaced (most common spacing: {modal_spacing_seconds} s)")]
    Irregular {
        /// The most common spacing between consecutive timestamps, in seconds.
        modal_spacing_seconds: i64,
        /// Share of spacings equal to it, in [0, 1].
        #[serde(deserialize_with = "crate::json::nan")]
        modal_share: f64,
    },
    /// Filling the timestamp grid would create more rows than the limit (e.g. minute data
    /// spread over centuries).
    #[error("the regular grid would need {rows} rows, more than the limit of {max}")]
    GridTooLarge {
        /// Rows needed.
        rows: usize,
        /// Limit.
        max: usize,
    },
}

/// A cell that could not be read as a number, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnreadCell {
    /// The column's header.
    pub column: String,
    /// 1-based physical line of the cell.
    pub line: usize,
    /// The cell as written (truncated to 64 characters).
    pub value: String,
}

/// `: column "c" has "v" on line n`, or nothing without a cell.
fn closest_detail(cell: Option<&UnreadCell>) -> String {
    cell.map(|c| format!(": column \"{}\" has \"{}\" on line {}", c.column, c.value, c.line))
        .unwrap_or_default()
}

/// What a text that is not CSV turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCsvKind {
    /// An HTML page.
    WebPage,
    /// JSON (an object or an array).
    Json,
}

impl std::fmt::Display for NotCsvKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotCsvKind::WebPage => "a web page (HTML)",
            NotCsvKind::Json => "JSON",
        })
    }
}
