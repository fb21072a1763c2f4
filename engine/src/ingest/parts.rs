//! Dates written across columns: a year column beside a month (or quarter) column, and maybe a
//! day column (`année;mois;ventes`, `Year,Month,Revenue` with `Jan`, `Feb`…), or an ISO week
//! column (`Année;Semaine;Ventes`), as business exports often split them. Each row's date is
//! built from its cells, on the first of its month (or quarter) when there is no day, on the
//! Monday of its week.
//!
//! Used only when no column reads as dates by itself ([`super::table`]): a file with a real
//! date column keeps it, even beside year and month columns. The year column is known by its
//! header (a year word: `year`, `année`, `an`, `jahr`…, a whole word, case and accents aside)
//! and its cells (whole years 1800–2200); the month column by its cells (month names or
//! abbreviations in English or French: `Jan`, `janv.`, `février`, `fevrier`), or by its header
//! and cells 1–12; the day column by its header and cells 1–31; a quarter column, when there is
//! no month, by its header and cells `Q1`–`Q4`, `T1`–`T4` or 1–4; a week column, when there is
//! neither, by its header (`week`, `semaine`, `KW`…, not `day of week`) and cells 1–53. Four cells in five of the
//! sample must read as their part; a line whose cells do not make a date (month 13, April 31st,
//! an unreadable cell) is rejected, naming the column at fault. A column the caller gave
//! another role is never a part.

use chrono::NaiveDate;

use super::IngestOptions;
use super::dates::{self, RawDate, Shape};
use super::number::is_missing;
use super::report::{IngestWarning, RejectReason};
use super::table::{cell_text, name_words};

/// Years read from a year column.
const YEARS: std::ops::RangeInclusive<u32> = 1800..=2200;

/// Header words (lower case, accents removed) naming each part.
const YEAR_WORDS: &[&str] = &["year", "years", "yr", "yyyy", "annee", "an", "anno", "ano", "jahr"];
const MONTH_WORDS: &[&str] =
    &["month", "months", "mth", "mm", "mois", "mes", "monat", "mese", "maand"];
const QUARTER_WORDS: &[&str] = &["quarter", "qtr", "q", "trimestre", "trim", "quartal"];
const DAY_WORDS: &[&str] = &["day", "dd", "jour", "dia", "tag", "giorno", "dag"];
/// Words that make a day column a day of the week (`day_of_week`, `jour semaine`), not of the
/// month.
const WEEK_WORDS: &[&str] = &["week", "semaine", "woche", "semana", "weekday", "dow"];
/// Header words naming an ISO week number (a column that also names a day is a day of the
/// week).
const WEEK_NUMBER_WORDS: &[&str] =
    &["week", "weeks", "wk", "semaine", "sem", "woche", "kw", "semana", "settimana", "isoweek"];

/// One part of a date written in a column of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    /// A whole year, 1800–2200.
    Year,
    /// A month: 1–12, or its name in English or French.
    Month,
    /// A quarter: `Q1`–`Q4`, `T1`–`T4` (French *trimestre*) or 1–4.
    Quarter,
    /// A day of the month, 1–31.
    Day,
    /// An ISO week of the year, 1–53.
    Week,
}

impl DatePart {
    /// Every part, in the order of [`PartTally`]'s counts.
    const ALL: [DatePart; 5] = [Self::Year, Self::Month, Self::Quarter, Self::Day, Self::Week];

    /// The value a trimmed cell writes for this part, if it writes one.
    pub fn read(self, f: &[u8]) -> Option<u32> {
        let number = whole_number(f);
        match self {
            Self::Year => number.filter(|y| YEARS.contains(y)),
            Self::Month => number.filter(|m| (1..=12).contains(m)).or_else(|| month_name(f)),
            Self::Quarter => number.or_else(|| quarter_code(f)).filter(|q| (1..=4).contains(q)),
            Self::Day => number.filter(|d| (1..=31).contains(d)),
            Self::Week => number.filter(|w| (1..=53).contains(w)),
        }
    }

    /// Whether a header names this part: one of its words, case and accents aside, is a word
    /// for it (`Année`, `order_year`, `Mois`, `Jour` but not `day_of_week`).
    fn named(self, name: &str) -> bool {
        let words: Vec<String> =
            name_words(name).iter().map(|w| w.chars().map(unaccented).collect()).collect();
        let has = |keys: &[&str]| words.iter().any(|w| keys.contains(&w.as_str()));
        match self {
            Self::Year => has(YEAR_WORDS),
            Self::Month => has(MONTH_WORDS),
            Self::Quarter => has(QUARTER_WORDS),
            Self::Day => has(DAY_WORDS) && !has(WEEK_WORDS),
            Self::Week => has(WEEK_NUMBER_WORDS) && !has(DAY_WORDS),
        }
    }
}

/// The value of a cell of one to four digits (`7`, `07`, `2024`).
fn whole_number(f: &[u8]) -> Option<u32> {
    let digits = (1..=4).contains(&f.len()) && f.iter().all(u8::is_ascii_digit);
    digits.then(|| f.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
}

/// The month a cell names (`Jan`, `January`, `janv.`, `févr.`, `fevrier`, `AOÛT`), if exactly
/// one.
fn month_name(f: &[u8]) -> Option<u32> {
    // The longest name with its dot, `septembre.` (accented names take a byte more).
    if f.len() > 12 || !f.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let word = std::str::from_utf8(f).ok()?.trim_end_matches('.');
    dates::month_of(word).map(u32::from)
}

/// The quarter of a cell written `Q1`–`Q4` or `T1`–`T4`, in either case.
fn quarter_code(f: &[u8]) -> Option<u32> {
    match f {
        [b'Q' | b'q' | b'T' | b't', d @ b'1'..=b'4'] => Some(u32::from(d - b'0')),
        _ => None,
    }
}

/// A lower-case letter without its accent (`é` → `e`), for header words.
fn unaccented(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        c => c,
    }
}

/// How many cells of one sampled column read as each part.
#[derive(Debug, Default, Clone)]
pub struct PartTally {
    /// Cells that are not empty or a missing marker.
    nonempty: usize,
    /// Cells read as each part, in the order of [`DatePart::ALL`].
    read: [usize; 5],
    /// Cells that name a month (`janv.`), rather than number it.
    month_names: usize,
}

impl PartTally {
    /// Counts one more non-missing, trimmed cell.
    pub fn add(&mut self, f: &[u8]) {
        self.nonempty += 1;
        for (count, part) in self.read.iter_mut().zip(DatePart::ALL) {
            *count += usize::from(part.read(f).is_some());
        }
        self.month_names += usize::from(month_name(f).is_some());
    }

    /// Whether four cells in five at least read as `part`.
    fn fits(&self, part: DatePart) -> bool {
        let k = DatePart::ALL.iter().position(|&p| p == part).unwrap_or(0);
        self.nonempty > 0 && self.read[k] * 5 >= self.nonempty * 4
    }

    /// Whether four cells in five at least name a month.
    fn names_months(&self) -> bool {
        self.nonempty > 0 && self.month_names * 5 >= self.nonempty * 4
    }
}

/// The columns a date is built from (indices into the file's columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    /// The year column.
    pub year: usize,
    /// The month column, or the quarter column when `quarters`.
    pub month: usize,
    /// Whether `month` holds quarters.
    pub quarters: bool,
    /// Whether `month` holds ISO weeks (never with `quarters` or a day).
    pub weeks: bool,
    /// The day column, if any.
    pub day: Option<usize>,
}

impl DateParts {
    /// The columns that complete the year column's cells: the month (or quarter), the day.
    pub fn completing(&self) -> Vec<usize> {
        std::iter::once(self.month).chain(self.day).collect()
    }

    /// The layout of the dates built, read as if written year first: `2024-03-01`, `2024-03`,
    /// `2024-Q1`.
    pub fn shape(&self) -> Shape {
        let parts = if self.day.is_some() { 3 } else { 2 };
        Shape {
            sep: b'-',
            year_first: true,
            parts,
            quarter: self.quarters,
            named_month: false,
            week: self.weeks,
        }
    }

    /// The date of one record, whose trimmed cell of column `j` is `cell(j)`; or the column at
    /// fault and why the record is rejected.
    pub fn read<'c>(
        &self,
        cell: impl Fn(usize) -> &'c [u8],
    ) -> Result<RawDate, (usize, RejectReason)> {
        let part = |j: usize, part: DatePart| {
            let f = cell(j);
            if is_missing(f) {
                return Err((j, RejectReason::MissingDate));
            }
            part.read(f).ok_or_else(|| (j, RejectReason::BadDate { value: cell_text(f) }))
        };
        let year = part(self.year, DatePart::Year)?;
        let kind = match (self.quarters, self.weeks) {
            (true, _) => DatePart::Quarter,
            (_, true) => DatePart::Week,
            _ => DatePart::Month,
        };
        let period = part(self.month, kind)?;
        // Week 53 exists in some years only.
        if self.weeks
            && NaiveDate::from_isoywd_opt(year as i32, period, chrono::Weekday::Mon).is_none()
        {
            let value = format!("{year}-W{period:02}");
            return Err((self.month, RejectReason::BadDate { value }));
        }
        let day = self.day.map(|j| part(j, DatePart::Day).map(|d| (j, d))).transpose()?;
        if let Some((j, d)) = day {
            // Only the day can be out of its month (April 31st, February 29th of 2023).
            if NaiveDate::from_ymd_opt(year as i32, period, d).is_none() {
                let value = format!("{year}-{period:02}-{d:02}");
                return Err((j, RejectReason::BadDate { value }));
            }
        }
        // Parts are at most 2200, so they fit a u16.
        let p = [year, period, day.map_or(0, |(_, d)| d)].map(|v| v as u16);
        Ok(RawDate { p, shape: self.shape(), short_year: false, secs: None, offset_min: None })
    }

    /// The warning telling the user which columns made the dates.
    pub fn warning(&self, names: &[String]) -> IngestWarning {
        IngestWarning::DateFromParts {
            year: names[self.year].clone(),
            month: names[self.month].clone(),
            day: self.day.map(|j| names[j].clone()),
            quarters: self.quarters,
            weeks: self.weeks,
        }
    }
}

/// The columns that write the dates in parts, if the sample (`tally(j)` for each column `j`
/// of `names`) shows a year column beside a month column (with maybe a day column) or a
/// quarter column. Columns given a role in `opts` are left alone.
pub fn find<'t>(
    names: &[String],
    tally: impl Fn(usize) -> &'t PartTally,
    opts: &IngestOptions,
) -> Option<DateParts> {
    let free = |j: usize, taken: &[usize]| !taken.contains(&j) && !opts.names_role(&names[j]);
    // A column of `part` whose header names it.
    let named = |part: DatePart, taken: &[usize]| {
        (0..names.len()).find(|&j| free(j, taken) && part.named(&names[j]) && tally(j).fits(part))
    };
    let year = named(DatePart::Year, &[])?;
    // Month names tell a month column under any header.
    let by_names = || {
        (0..names.len()).find(|&j| {
            free(j, &[year]) && tally(j).names_months() && tally(j).fits(DatePart::Month)
        })
    };
    match named(DatePart::Month, &[year]).or_else(by_names) {
        Some(month) => Some(DateParts {
            year,
            month,
            quarters: false,
            weeks: false,
            day: named(DatePart::Day, &[year, month]),
        }),
        None => named(DatePart::Quarter, &[year])
            .map(|month| DateParts { year, month, quarters: true, weeks: false, day: None })
            .or_else(|| {
                named(DatePart::Week, &[year]).map(|month| DateParts {
                    year,
                    month,
                    quarters: false,
                    weeks: true,
                    day: None,
                })
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(cells: &[&str]) -> PartTally {
        let mut t = PartTally::default();
        cells.iter().for_each(|c| t.add(c.as_bytes()));
        t
    }

    #[test]
    fn months_read_as_numbers_or_names_with_or_without_accents_and_dots() {
        for (cell, month) in [
            ("1", 1),
            ("01", 1),
            ("12", 12),
            ("Jan", 1),
            ("January", 1),
            ("janv.", 1),
            ("janvier", 1),
            ("févr.", 2),
            ("fevrier", 2),
            ("FEB", 2),
            ("AOÛT", 8),
            ("aout", 8),
            ("Sept.", 9),
            ("déc.", 12),
        ] {
            assert_eq!(DatePart::Month.read(cell.as_bytes()), Some(month), "{cell}");
        }
        for cell in ["0", "13", "ju", "juin 2024", "Total", "1.5"] {
            assert_eq!(DatePart::Month.read(cell.as_bytes()), None, "{cell}");
        }
    }

    #[test]
    fn years_days_and_quarters_read_within_their_bounds() {
        assert_eq!(DatePart::Year.read(b"2021"), Some(2021));
        assert_eq!(DatePart::Year.read(b"1799"), None);
        assert_eq!(DatePart::Year.read(b"21"), None);
        assert_eq!(DatePart::Day.read(b"31"), Some(31));
        assert_eq!(DatePart::Day.read(b"32"), None);
        for (cell, q) in [("Q1", 1), ("t4", 4), ("3", 3)] {
            assert_eq!(DatePart::Quarter.read(cell.as_bytes()), Some(q), "{cell}");
        }
        assert_eq!(DatePart::Quarter.read(b"Q5"), None);
    }

    #[test]
    fn header_words_are_whole_words_case_and_accents_aside() {
        for name in ["year", "Année", "ANNEE", "an", "order_year", "FiscalYear", "Año", "Jahr"] {
            assert!(DatePart::Year.named(name), "{name}");
        }
        for name in ["yearly_total", "plan", "anomalies", "Annual"] {
            assert!(!DatePart::Year.named(name), "{name}");
        }
        assert!(DatePart::Day.named("Jour"));
        assert!(!DatePart::Day.named("day_of_week"));
        assert!(DatePart::Quarter.named("Trimestre"));
    }

    /// The parts [`find`] sees in columns named `headers` holding `cells`.
    fn found(headers: &[&str], cells: &[&[&str]], opts: &IngestOptions) -> Option<DateParts> {
        let names: Vec<String> = headers.iter().map(|s| (*s).to_owned()).collect();
        let tallies: Vec<PartTally> = cells.iter().map(|c| tally(c)).collect();
        find(&names, |j| &tallies[j], opts)
    }

    #[test]
    fn a_year_column_needs_a_month_or_quarter_column_beside_it() {
        let opts = IngestOptions::default();
        let years: &[&str] = &["2021", "2021", "2022"];
        let sales: &[&str] = &["5", "6", "7"];
        let months = DateParts { year: 0, month: 1, quarters: false, weeks: false, day: None };
        let numbers: &[&str] = &["1", "2", "3"];
        assert_eq!(
            found(&["year", "month", "sales"], &[years, numbers, sales], &opts),
            Some(months)
        );
        // Numbers 1–12 under another header are not months; names are, under any header.
        assert_eq!(found(&["year", "store", "sales"], &[years, numbers, sales], &opts), None);
        let names: &[&str] = &["Jan", "Feb", "Mar"];
        assert_eq!(
            found(&["Year", "Period", "Revenue"], &[years, names, sales], &opts),
            Some(months)
        );
        // Without a year word, a column of years is not one.
        assert_eq!(found(&["exercice", "month", "sales"], &[years, numbers, sales], &opts), None);
        let quarters: &[&str] = &["T1", "T2", "T3"];
        assert_eq!(
            found(&["an", "trimestre", "ventes"], &[years, quarters, sales], &opts),
            Some(DateParts { quarters: true, ..months })
        );
        // A column the caller named for another role is not a part.
        let opts = IngestOptions { id_cols: vec!["month".into()], ..IngestOptions::default() };
        assert_eq!(found(&["year", "month", "sales"], &[years, numbers, sales], &opts), None);
    }

    #[test]
    fn a_day_outside_its_month_names_the_day_column() {
        let parts = DateParts { year: 0, month: 1, quarters: false, weeks: false, day: Some(2) };
        let cells = |row: [&'static str; 3]| move |j: usize| row[j].as_bytes();
        let ok = parts.read(cells(["2021", "avril", "30"])).expect("a date");
        assert_eq!(
            dates::resolve(&ok, dates::DateOrder::YearFirst).map(|t| t.date()),
            NaiveDate::from_ymd_opt(2021, 4, 30)
        );
        assert_eq!(
            parts.read(cells(["2021", "4", "31"])),
            Err((2, RejectReason::BadDate { value: "2021-04-31".into() }))
        );
        assert_eq!(
            parts.read(cells(["2021", "13", "1"])),
            Err((1, RejectReason::BadDate { value: "13".into() }))
        );
        assert_eq!(parts.read(cells(["2021", "", "1"])), Err((1, RejectReason::MissingDate)));
    }
}
