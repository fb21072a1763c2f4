//! Reading date and datetime cells.
//!
//! A cell is first scanned into a [`RawDate`]: its numeric parts, their layout ([`Shape`]),
//! a time of day and an optional zone offset, without deciding what the parts mean. The
//! column's layout is the most common shape, but each cell is read in its own: a column may
//! mix `2024-01-03`, `04/01/2024` and `05.01.2024`, as long as every cell stands for the same
//! [`Span`] (a stray `2024` among days is not January 1st). Whether `01/02/2024` is the 1st
//! of February or January 2nd is decided afterwards, once, from the *whole* column
//! ([`OrderEvidence`]), because one value with a part above 12 settles it for every row. Zone
//! offsets are converted to UTC (values without a zone in the same column are taken as UTC
//! already), so sub-daily data stays on a regular grid across daylight-saving changes; the
//! table reader sets them aside when every value is at one time of day (daily data stamped
//! at local midnight keeps its written days).
//! Fractions of a second are dropped.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::report::DateFormat;

/// Which part comes first in a date whose year is last (or first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `dd/mm/yyyy` (most of the world, French exports).
    DayFirst,
    /// `mm/dd/yyyy` (United States).
    MonthFirst,
    /// `yyyy-mm-dd`.
    YearFirst,
}

/// The layout of a date cell, without the meaning of its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shape {
    /// Separator between date parts (`-`, `/`, `.`, or a space before a quarter), 0 for a
    /// bare year or none.
    pub sep: u8,
    /// Whether the four-digit year comes first.
    pub year_first: bool,
    /// Number of date parts: 1 (year), 2 (year and month, or year and quarter), 3 (full date).
    pub parts: u8,
    /// Whether the second part is a quarter (`2024-Q1`, `Q1 2024`, French `T1 2024`).
    pub quarter: bool,
    /// Whether the month is written as a name (`5 Jan 2024`, `Jan 5, 2024`, `5-janv.-24`);
    /// the parts are then stored year, month, day.
    pub named_month: bool,
    /// Whether it is an ISO 8601 week (`2024-W05`, `2024W05`, with a weekday `2024-W05-3`);
    /// the parts are then stored year, week, weekday (Monday 1; 0 when not written).
    pub week: bool,
}

/// What one date of a layout stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// A day (or an instant within it).
    Day,
    /// An ISO week.
    Week,
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// A year.
    Year,
}

impl Shape {
    /// What a date of this layout stands for: cells of one column may mix layouts of one span.
    pub fn span(self) -> Span {
        match (self.quarter, self.week, self.parts) {
            (true, ..) => Span::Quarter,
            (_, true, 2) => Span::Week,
            (.., 3) => Span::Day,
            (.., 2) => Span::Month,
            _ => Span::Year,
        }
    }

    /// Whether day and month may be swapped in this layout (`01/02/2024`, `01.02.24`), so the
    /// column's order decides them.
    pub fn order_ambiguous(self) -> bool {
        !self.year_first && self.parts == 3 && !self.quarter && !self.named_month
    }
}

/// Month names in English and French, full: a written name is any prefix of at least three
/// letters (`sept`, `janv`, `déc`) that points to one month only.
const MONTH_NAMES: [&[&str]; 12] = [
    &["january", "janvier"],
    &["february", "février", "fevrier"],
    &["march", "mars"],
    &["april", "avril"],
    &["may", "mai"],
    &["june", "juin"],
    &["july", "juillet"],
    &["august", "août", "aout"],
    &["september", "septembre"],
    &["october", "octobre"],
    &["november", "novembre"],
    &["december", "décembre", "decembre"],
];

/// The month (1–12) a word names, if exactly one.
pub(super) fn month_of(word: &str) -> Option<u16> {
    let word = word.to_lowercase();
    if word.chars().count() < 3 {
        return None;
    }
    let mut found = None;
    for (m, names) in MONTH_NAMES.iter().enumerate() {
        if names.iter().any(|n| n.starts_with(word.as_str())) {
            if found.is_some() {
                return None;
            }
            found = Some(m as u16 + 1);
        }
    }
    found
}

/// Scans a date whose month is a name: `5 Jan 2024`, `05-janv.-2024`, `5-janv-24`,
/// `Jan 5, 2024`, `January 5 2024`, or a month alone with its year (`janv. 2024`).
fn scan_named(s: &[u8]) -> Option<RawDate> {
    let text = std::str::from_utf8(s).ok()?;
    let words: Vec<&str> =
        text.split([' ', '-', '/', ',', '.']).filter(|w| !w.is_empty()).collect();
    let number = |w: &str| {
        (w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| (w.parse::<u16>().ok(), w.len()))
    };
    let year = |w: &str| match number(w)? {
        (Some(y), 4) => Some((y, false)),
        // A month name comes from a spreadsheet: Excel's rule, 00–29 → 2000s (`Jan-49`, the
        // classic airline passengers, is 1949).
        (Some(y), 2) => Some((if y < 30 { 2000 + y } else { 1900 + y }, true)),
        _ => None,
    };
    let day = |w: &str| match number(w)? {
        (Some(d), 1 | 2) if (1..=31).contains(&d) => Some(d),
        _ => None,
    };
    let ((y, short), m, d, parts) = match words.as_slice() {
        [a, b, c] => match (day(a), month_of(b), month_of(a), day(b)) {
            (Some(d), Some(m), _, _) => (year(c)?, m, d, 3),
            (_, _, Some(m), Some(d)) => (year(c)?, m, d, 3),
            _ => return None,
        },
        // `Jan 2024`, `Jan-24` (Excel's mmm-yy: two digits after a hyphen, or above 31,
        // are a year; `Jan 15` may be a day of a year not written), `2024-Jan`.
        [a, b] => match (number(b), number(a)) {
            (Some((_, 4)), _) => (year(b)?, month_of(a)?, 0, 2),
            (Some((Some(y), 2)), _) if text.contains('-') || y > 31 => {
                (year(b)?, month_of(a)?, 0, 2)
            }
            (_, Some((_, 4))) => (year(a)?, month_of(b)?, 0, 2),
            _ => return None,
        },
        _ => return None,
    };
    let shape =
        Shape { sep: 0, year_first: true, parts, quarter: false, named_month: true, week: false };
    Some(RawDate { short_year: short, ..RawDate::date_only([y, m, d], shape) })
}

/// A scanned date cell: parts in written order, time of day, zone offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawDate {
    /// The numeric parts in written order (unused parts are 0).
    pub p: [u16; 3],
    /// Layout.
    pub shape: Shape,
    /// Whether the year was written with two digits (`01/03/24`).
    pub short_year: bool,
    /// Seconds since midnight, when a time was written.
    pub secs: Option<u32>,
    /// Zone offset in minutes east of UTC, when written (`Z` is 0).
    pub offset_min: Option<i16>,
}

impl RawDate {
    /// A date without time or zone: `parts` stored as `shape` says.
    fn date_only(parts: [u16; 3], shape: Shape) -> Self {
        RawDate { p: parts, shape, short_year: false, secs: None, offset_min: None }
    }
}

/// The value of ASCII digits (callers check they are digits and at most four).
fn digits_value(digits: &[u8]) -> u16 {
    digits.iter().fold(0u16, |v, d| v * 10 + u16::from(d - b'0'))
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    /// Reads 1..=`max` digits; returns (value, digit count).
    fn digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        let mut v: u32 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if self.i - start == max {
                return None;
            }
            v = v * 10 + u32::from(b - b'0');
            self.i += 1;
        }
        let n = self.i - start;
        (n > 0).then_some((v, n))
    }
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.i == self.s.len()
    }
    /// The seconds of a time after its minutes: `:SS` with two digits, then a fraction that is
    /// read and dropped; 0 when no `:` follows; `None` when the seconds are malformed.
    fn seconds(&mut self) -> Option<u32> {
        if !self.eat(b':') {
            return Some(0);
        }
        let (v, n) = self.digits(2)?;
        if n != 2 {
            return None;
        }
        if self.eat(b'.') || self.eat(b',') {
            while let Some(b'0'..=b'9') = self.peek() {
                self.i += 1;
            }
        }
        Some(v)
    }
}

/// Seconds since midnight of a time of day written alone, in a column of its own beside a
/// date column (`17:24`, `17:24:00`, `7:05:30.250`, `14h30`, `5:00 PM`); `None` for anything
/// else, `24:00` included. Fractions of a second are read and dropped, as in dates.
pub fn scan_time_of_day(s: &[u8]) -> Option<u32> {
    let mut c = Cursor { s, i: 0 };
    let (mut h, _) = c.digits(2)?;
    let french = c.eat(b'h') || c.eat(b'H');
    if !french && !c.eat(b':') {
        return None;
    }
    let (m, nm) = if french && c.done() { (0, 2) } else { c.digits(2)? };
    let sec = if french { 0 } else { c.seconds()? };
    while c.eat(b' ') {}
    let rest = s.get(c.i..).unwrap_or_default();
    if rest.eq_ignore_ascii_case(b"am") || rest.eq_ignore_ascii_case(b"pm") {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = h % 12 + if rest.eq_ignore_ascii_case(b"pm") { 12 } else { 0 };
    } else if !rest.is_empty() {
        return None;
    }
    // `24:00` closes the day: the next midnight (hour-ending exports write it).
    let end_of_day = h == 24 && m == 0 && sec == 0;
    (nm == 2 && (h <= 23 || end_of_day) && m <= 59 && sec <= 59).then_some(h * 3600 + m * 60 + sec)
}

/// Whether `b` starts a quarter number: `Q` (quarter), or `T` (French *trimestre*).
fn quarter_letter(b: u8) -> bool {
    matches!(b, b'Q' | b'q' | b'T' | b't')
}

/// Scans a year and a quarter in either order: `2024-Q1`, `2024 Q1`, `2024Q1`, `Q1/2024`,
/// `T1 2024`. The parts are stored year first.
fn scan_quarter(s: &[u8]) -> Option<RawDate> {
    let quarter = |q: &[u8]| match q {
        [l, d @ b'1'..=b'4'] if quarter_letter(*l) => Some(u16::from(d - b'0')),
        _ => None,
    };
    let year =
        |y: &[u8]| (y.len() == 4 && y.iter().all(u8::is_ascii_digit)).then(|| digits_value(y));
    let split = |sep_at: usize, skip: usize| (&s[..sep_at], &s[sep_at + skip..]);
    let (first, second, sep) = match s.len() {
        6 => (split(4, 0).0, split(4, 0).1, 0),
        7 if quarter_letter(s[0]) => (split(2, 1).0, split(2, 1).1, s[2]),
        7 => (split(4, 1).0, split(4, 1).1, s[4]),
        _ => return None,
    };
    if sep != 0 && !matches!(sep, b'-' | b'/' | b'.' | b' ' | b'_') {
        return None;
    }
    let (y, q, year_first) = match (year(first), quarter(second)) {
        (Some(y), Some(q)) => (y, q, true),
        _ => (year(second)?, quarter(first)?, false),
    };
    let shape = Shape { sep, year_first, parts: 2, quarter: true, named_month: false, week: false };
    Some(RawDate::date_only([y, q, 0], shape))
}

/// Scans an ISO 8601 week: `2024-W05`, `2024W05`, or with the weekday (Monday 1)
/// `2024-W05-3`, `2024W053`. Whether the week exists in that year is left to [`resolve`].
fn scan_week(s: &[u8]) -> Option<RawDate> {
    let number = |b: &[u8]| b.iter().all(u8::is_ascii_digit).then(|| digits_value(b));
    let (year, rest) = s.split_at_checked(4)?;
    let (sep, rest) = match rest.split_first()? {
        (b'-', rest) => (b'-', rest),
        _ => (0, rest),
    };
    let rest = match rest.split_first()? {
        (b'W' | b'w', rest) => rest,
        _ => return None,
    };
    let (week, weekday) = match (sep, rest) {
        (_, [a, b]) => ([*a, *b], None),
        (b'-', [a, b, b'-', d]) | (0, [a, b, d]) => ([*a, *b], Some(*d)),
        _ => return None,
    };
    let weekday = match weekday {
        Some(d @ b'1'..=b'7') => u16::from(d - b'0'),
        Some(_) => return None,
        None => 0,
    };
    let (y, w) = (number(year)?, number(&week)?);
    if !(1..=53).contains(&w) {
        return None;
    }
    let parts = if weekday == 0 { 2 } else { 3 };
    let shape =
        Shape { sep, year_first: true, parts, quarter: false, named_month: false, week: true };
    Some(RawDate::date_only([y, w, weekday], shape))
}

/// The layout of a year and a month written without a separator (`202403`).
const YEAR_MONTH: Shape =
    Shape { sep: 0, year_first: true, parts: 2, quarter: false, named_month: false, week: false };

/// Scans a trimmed date cell; `None` when it is not laid out like a date.
pub fn scan(s: &[u8]) -> Option<RawDate> {
    // Most cells are digits and separators: one pass tells them from quarters and names.
    if s.iter().any(u8::is_ascii_alphabetic) {
        if let Some(raw) = scan_week(s) {
            return Some(raw);
        }
        // (`Oct-24` has a T too: a month name when it is not a quarter.)
        if s.len() <= 7
            && s.iter().any(|&b| quarter_letter(b))
            && let Some(quarter) = scan_quarter(s)
        {
            return Some(quarter);
        }
        // `2024M03`: year and month around an M (Eurostat, Stata and other statistics).
        if let [y0, y1, y2, y3, b'M' | b'm', m0, m1] = *s
            && [y0, y1, y2, y3, m0, m1].iter().all(u8::is_ascii_digit)
        {
            let (y, m) = (digits_value(&[y0, y1, y2, y3]), digits_value(&[m0, m1]));
            let shape = Shape { sep: b'M', ..YEAR_MONTH };
            return (1..=12).contains(&m).then_some(RawDate::date_only([y, m, 0], shape));
        }
        if !s.contains(&b':') {
            return scan_named(s);
        }
    }
    // `202403`: year and month without separators (databases, statistics offices). Without
    // this, a column of them named like dates was read as Excel day numbers, in the year 2451.
    if s.len() == 6 && s.iter().all(u8::is_ascii_digit) {
        let (y, m) = (digits_value(&s[..4]), digits_value(&s[4..]));
        let valid = (1800..=2200).contains(&y) && (1..=12).contains(&m);
        return valid.then_some(RawDate::date_only([y, m, 0], YEAR_MONTH));
    }
    // `20240315`: year, month and day without separators (analytics and database exports).
    if s.len() == 8 && s.iter().all(u8::is_ascii_digit) {
        let (y, m, d) = (digits_value(&s[..4]), digits_value(&s[4..6]), digits_value(&s[6..]));
        let valid = (1800..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d);
        let shape = Shape {
            sep: 0,
            year_first: true,
            parts: 3,
            quarter: false,
            named_month: false,
            week: false,
        };
        return valid.then_some(RawDate::date_only([y, m, d], shape));
    }
    let mut c = Cursor { s, i: 0 };
    let (g0, n0) = c.digits(4)?;
    let shape = Shape {
        sep: 0,
        year_first: n0 == 4,
        parts: 1,
        quarter: false,
        named_month: false,
        week: false,
    };
    let mut raw = RawDate::date_only([0; 3], shape);
    raw.p[0] = g0 as u16;
    if c.done() {
        return (n0 == 4).then_some(raw);
    }
    let sep = c.peek()?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    c.i += 1;
    raw.shape.sep = sep;
    let (g1, n1) = c.digits(4)?;
    raw.p[1] = g1 as u16;
    raw.shape.parts = 2;
    if c.eat(sep) {
        if n1 > 2 {
            return None;
        }
        let (g2, n2) = c.digits(4)?;
        raw.p[2] = g2 as u16;
        raw.shape.parts = 3;
        if raw.shape.year_first {
            if n2 > 2 {
                return None;
            }
        } else {
            if n0 > 2 || !(n2 == 4 || n2 == 2) {
                return None;
            }
            raw.short_year = n2 == 2;
        }
    } else if raw.shape.year_first {
        // `2024.05` may be a month, `1523.4` is a number (a year and a one-digit month after a
        // dot is how decimals are written, not dates).
        if n1 > 2 || (sep == b'.' && n1 != 2) {
            return None;
        }
    } else if n0 > 2 || n1 != 4 {
        return None;
    }
    if c.done() {
        return Some(raw);
    }
    // A time only after a full date.
    if raw.shape.parts != 3 {
        return None;
    }
    if !(c.eat(b'T') || c.eat(b' ')) {
        return None;
    }
    while c.eat(b' ') {}
    let (mut h, _) = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let (m, nm) = c.digits(2)?;
    let sec = c.seconds()?;
    // A 12-hour clock (`3/1/2024 12:00:00 AM`: US Excel, SQL Server and Power BI exports).
    let clock = c.i;
    while c.eat(b' ') {}
    let rest = s.get(c.i..).unwrap_or_default();
    let am = rest.eq_ignore_ascii_case(b"am");
    if am || rest.eq_ignore_ascii_case(b"pm") {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = h % 12 + if am { 0 } else { 12 };
        c.i = s.len();
    } else {
        c.i = clock;
    }
    if nm != 2 || h > 23 || m > 59 || sec > 59 {
        return None;
    }
    raw.secs = Some(h * 3600 + m * 60 + sec);
    if c.done() {
        return Some(raw);
    }
    if c.eat(b'Z') {
        raw.offset_min = Some(0);
    } else {
        while c.eat(b' ') {}
        let sign: i16 = if c.eat(b'+') {
            1
        } else if c.eat(b'-') {
            -1
        } else {
            return None;
        };
        let (oh, noh) = c.digits(4)?;
        let (oh, om) = if noh == 4 {
            (oh / 100, oh % 100)
        } else if c.eat(b':') {
            (oh, c.digits(2)?.0)
        } else {
            (oh, 0)
        };
        if oh > 18 || om > 59 {
            return None;
        }
        raw.offset_min = Some(sign * (oh * 60 + om) as i16);
    }
    c.done().then_some(raw)
}

/// The calendar date and time a raw date means under `order` (ignored for year-first
/// layouts), converted to UTC when it carries an offset.
pub fn resolve(raw: &RawDate, order: DateOrder) -> Option<NaiveDateTime> {
    let p = raw.p.map(u32::from);
    if raw.shape.week {
        // Stamped on the week's Monday, or on the weekday written.
        let weekday = chrono::Weekday::try_from(u8::try_from(p[2].max(1) - 1).ok()?).ok()?;
        let date = NaiveDate::from_isoywd_opt(i32::from(raw.p[0]), p[1], weekday)?;
        return Some(date.and_time(NaiveTime::MIN));
    }
    if raw.shape.quarter {
        // Stored year first; stamped on the quarter's first day.
        let date = NaiveDate::from_ymd_opt(i32::from(raw.p[0]), 3 * p[1].checked_sub(1)? + 1, 1)?;
        return Some(date.and_time(NaiveTime::MIN));
    }
    let (y, m, d) = match (raw.shape.year_first, raw.shape.parts) {
        (true, 3) => (p[0], p[1], p[2]),
        (_, 0) | (_, 4..) => return None,
        (true, 2) => (p[0], p[1], 1),
        (_, 1) => (p[0], 1, 1),
        (false, 2) => (p[1], p[0], 1),
        (false, _) => {
            let y = if raw.short_year {
                if p[2] < 70 { 2000 + p[2] } else { 1900 + p[2] }
            } else {
                p[2]
            };
            match order {
                DateOrder::MonthFirst => (y, p[0], p[1]),
                _ => (y, p[1], p[0]),
            }
        }
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    let secs = raw.secs.unwrap_or(0);
    // 24:00 (from a column of times of day) is the next day's midnight.
    let (date, secs) = if secs == 86_400 { (date.succ_opt()?, 0) } else { (date, secs) };
    let t = date.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0)?);
    match raw.offset_min {
        Some(off) => t.checked_sub_signed(Duration::try_minutes(i64::from(off))?),
        None => Some(t),
    }
}

/// Evidence in a column of day-first / month-first dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderEvidence {
    /// Values whose first part exceeds 12 (so it must be the day).
    pub first_above_12: usize,
    /// Values whose second part exceeds 12.
    pub second_above_12: usize,
}

impl OrderEvidence {
    /// Adds one value (a layout whose order is not in question, like ISO, tells nothing).
    pub fn add(&mut self, raw: &RawDate) {
        if !raw.shape.order_ambiguous() {
            return;
        }
        if raw.p[0] > 12 {
            self.first_above_12 += 1;
        }
        if raw.p[1] > 12 {
            self.second_above_12 += 1;
        }
    }

    /// The order the evidence settles, if any (the larger count wins a conflict; the other
    /// rows then fail to resolve and are rejected).
    pub fn settled(&self) -> Option<DateOrder> {
        match (self.first_above_12, self.second_above_12) {
            (0, 0) => None,
            (a, b) if a >= b => Some(DateOrder::DayFirst),
            _ => Some(DateOrder::MonthFirst),
        }
    }
}

/// The report's description of a column with `shape` read in `order`.
pub fn format_of(shape: Shape, order: DateOrder, with_time: bool) -> DateFormat {
    let sep = char::from(shape.sep);
    if shape.quarter {
        return DateFormat::YearQuarter;
    }
    if shape.named_month {
        return DateFormat::MonthName;
    }
    if shape.week {
        return DateFormat::IsoWeek { compact: shape.sep == 0, with_weekday: shape.parts == 3 };
    }
    if shape.sep == 0 && shape.parts == 3 {
        return DateFormat::Compact;
    }
    if shape.sep == 0 && shape.parts == 2 {
        return DateFormat::CompactYearMonth;
    }
    match (shape.year_first, shape.parts) {
        (_, 1) => DateFormat::Year,
        (true, 2) => DateFormat::YearMonth { sep },
        (false, 2) => DateFormat::MonthYear { sep },
        (true, _) if shape.sep == b'-' && with_time => DateFormat::IsoDateTime,
        (true, _) if shape.sep == b'-' => DateFormat::Iso,
        (true, _) => DateFormat::YearFirst { sep, with_time },
        (false, _) => match order {
            DateOrder::MonthFirst => DateFormat::MonthFirst { sep, with_time },
            _ => DateFormat::DayFirst { sep, with_time },
        },
    }
}

/// Latest Excel serial accepted (9999-12-31).
pub const EXCEL_MAX_SERIAL: f64 = 2_958_465.0;

/// The datetime an Excel serial day number means in the 1900 date system (which counts a
/// fictitious 1900-02-29 as day 60: that day has no date).
pub fn excel_serial(v: f64) -> Option<NaiveDateTime> {
    if !(1.0..EXCEL_MAX_SERIAL + 1.0).contains(&v) {
        return None;
    }
    let days = v.floor();
    if days == 60.0 {
        return None;
    }
    let base = if days >= 61.0 {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    };
    let secs = ((v - days) * 86_400.0).round() as i64;
    base.and_hms_opt(0, 0, 0)?
        .checked_add_signed(Duration::try_days(days as i64)?)?
        .checked_add_signed(Duration::try_seconds(secs)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_with_a_12_hour_clock_reads_its_hour() {
        let secs = |s: &str| super::scan(s.as_bytes()).and_then(|r| r.secs);
        assert_eq!(secs("3/1/2024 12:00:00 AM"), Some(0));
        assert_eq!(secs("3/1/2024 12:30 PM"), Some(45_000));
        assert_eq!(secs("3/1/2024 1:05:09 pm"), Some(13 * 3600 + 309));
        assert_eq!(secs("2024-03-01 11:59:59AM"), Some(43_199));
        // Hours a 12-hour clock does not have, and words that are not AM or PM.
        assert_eq!(secs("3/1/2024 13:00 PM"), None);
        assert_eq!(secs("3/1/2024 0:00 AM"), None);
        assert_eq!(secs("3/1/2024 10:00 XM"), None);
        // The date and a time zone after a 24-hour time are read as before.
        let raw = super::scan(b"2024-03-01T10:00:00 +01:00").expect("a date");
        assert_eq!((raw.secs, raw.offset_min), (Some(36_000), Some(60)));
    }

    #[test]
    fn a_time_of_day_alone_reads_as_seconds_since_midnight() {
        let cases: [(&[u8], u32); 9] = [
            (b"17:24", 62_640),
            (b"17:24:00", 62_640),
            (b"7:05:30.250", 25_530),
            (b"00:00", 0),
            (b"14h30", 52_200),
            (b"14h", 50_400),
            (b"5:00 PM", 61_200),
            (b"12:15 am", 900),
            (b"24:00", 86_400),
        ];
        for (text, secs) in cases {
            assert_eq!(scan_time_of_day(text), Some(secs), "{}", String::from_utf8_lossy(text));
        }
        for bad in [
            &b"24:01"[..],
            b"25:00",
            b"17",
            b"17:2",
            b"17:60",
            b"13:00 PM",
            b"2024-01-01",
            b"1.5",
            b"",
            b"17:24 x",
        ] {
            assert_eq!(scan_time_of_day(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    use super::*;

    #[test]
    fn month_names_in_english_and_french_are_read() {
        let at = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0));
        for (cell, expected) in [
            ("5 Jan 2024", at(2024, 1, 5)),
            ("05-janv.-2024", at(2024, 1, 5)),
            ("5-janv-24", at(2024, 1, 5)),
            ("Jan 5, 2024", at(2024, 1, 5)),
            ("September 30 2023", at(2023, 9, 30)),
            ("1 sept. 2023", at(2023, 9, 1)),
            ("14 juil. 2023", at(2023, 7, 14)),
            ("3 déc. 2023", at(2023, 12, 3)),
            ("25 août 2023", at(2023, 8, 25)),
            ("févr. 2024", at(2024, 2, 1)),
            ("Mar 2024", at(2024, 3, 1)),
        ] {
            let raw = scan(cell.as_bytes()).expect(cell);
            assert_eq!(resolve(&raw, DateOrder::DayFirst), expected, "{cell}");
            assert_eq!(format_of(raw.shape, DateOrder::YearFirst, false), DateFormat::MonthName);
        }
        // Ambiguous or non-month words, impossible days, times: not dates here.
        for bad in ["5 ju 2024", "5 juil", "Total", "30 feb 2024", "monday 5 2024", "ab 12, 2024"] {
            let ok = scan(bad.as_bytes()).and_then(|r| resolve(&r, DateOrder::DayFirst));
            assert!(ok.is_none(), "{bad}");
        }
    }

    #[test]
    fn iso_weeks_are_stamped_on_their_monday_or_their_weekday() {
        let at = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0));
        for (cell, expected, with_weekday) in [
            ("2024-W01", at(2024, 1, 1), false),
            ("2024W05", at(2024, 1, 29), false),
            ("2024-w05", at(2024, 1, 29), false),
            ("2020-W53", at(2020, 12, 28), false),
            ("2025-W01", at(2024, 12, 30), false),
            ("2024-W05-3", at(2024, 1, 31), true),
            ("2024W057", at(2024, 2, 4), true),
        ] {
            let raw = scan(cell.as_bytes()).expect(cell);
            assert_eq!(resolve(&raw, DateOrder::DayFirst), expected, "{cell}");
            let compact = !cell.contains('-');
            let format = DateFormat::IsoWeek { compact, with_weekday };
            assert_eq!(format_of(raw.shape, DateOrder::YearFirst, false), format, "{cell}");
        }
        assert_eq!(scan(b"2024-W05").map(|r| r.shape.span()), Some(Span::Week));
        assert_eq!(scan(b"2024-W05-1").map(|r| r.shape.span()), Some(Span::Day));
        // No week 53 in 2021, no week 0 or 54, no weekday 8, no mixed separators.
        for bad in ["2021-W53", "2024-W00", "2024-W54", "2024-W05-8", "2024W05-1", "2024-W5"] {
            let ok = scan(bad.as_bytes()).and_then(|r| resolve(&r, DateOrder::DayFirst));
            assert!(ok.is_none(), "{bad}");
        }
        for bad in ["2024-W051", "W05-2024", "24-W05", "2024--W05", "2024-W05-", "2024-Wé5"] {
            assert!(scan(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_year_and_month_read_without_a_separator_around_an_m_or_with_a_month_name_on_either_side() {
        let month = |y, m| NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        let read =
            |cell: &str| scan(cell.as_bytes()).and_then(|r| resolve(&r, DateOrder::DayFirst));
        for (cell, y, m) in [
            ("202403", 2024, 3),
            ("199912", 1999, 12),
            ("2024M03", 2024, 3),
            ("2024m11", 2024, 11),
            ("Jan-49", 1949, 1),
            ("Jan-15", 2015, 1),
            ("janv.-24", 2024, 1),
            ("Dec 60", 1960, 12),
            ("2015-Jan", 2015, 1),
            ("2015 déc.", 2015, 12),
            ("Mar 2024", 2024, 3),
            ("Oct-15", 2015, 10),
            ("oct.-15", 2015, 10),
            ("Sept-15", 2015, 9),
        ] {
            assert_eq!(read(cell), month(y, m), "{cell}");
        }
        let raw = scan(b"202403").expect("a date");
        assert_eq!(format_of(raw.shape, DateOrder::YearFirst, false), DateFormat::CompactYearMonth);
        let raw = scan(b"2024M03").expect("a date");
        assert_eq!(
            format_of(raw.shape, DateOrder::YearFirst, false),
            DateFormat::YearMonth { sep: 'M' }
        );
        for not_a_date in
            ["202413", "202400", "123456", "20245", "2024M13", "2024M3", "Jan 5", "Jan 15"]
        {
            assert_eq!(read(not_a_date), None, "{not_a_date}");
        }
    }

    #[test]
    fn compact_year_month_day_is_a_date_and_other_eight_digit_numbers_are_not() {
        let raw = scan(b"20240315").expect("a date");
        let day = NaiveDate::from_ymd_opt(2024, 3, 15).and_then(|d| d.and_hms_opt(0, 0, 0));
        assert_eq!(resolve(&raw, DateOrder::DayFirst), day);
        assert_eq!(format_of(raw.shape, DateOrder::YearFirst, false), DateFormat::Compact);
        for not_a_date in ["20241301", "20240100", "12345678", "2024031", "202403150"] {
            assert!(
                scan(not_a_date.as_bytes())
                    .is_none_or(|r| resolve(&r, DateOrder::YearFirst).is_none()),
                "{not_a_date}"
            );
        }
    }

    #[test]
    fn quarters_are_read_in_either_order_and_stamped_on_their_first_day() {
        let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        for (cell, expected) in [
            ("2024-Q1", day(2024, 1)),
            ("2024 Q2", day(2024, 4)),
            ("2024Q3", day(2024, 7)),
            ("2024-q4", day(2024, 10)),
            ("Q1 2023", day(2023, 1)),
            ("T4 2023", day(2023, 10)),
            ("Q2/2023", day(2023, 4)),
        ] {
            let raw = scan(cell.as_bytes()).expect(cell);
            assert!(raw.shape.quarter, "{cell}");
            assert_eq!(resolve(&raw, DateOrder::DayFirst), expected, "{cell}");
        }
        for bad in ["2024-Q5", "2024-Q0", "Q1", "24-Q1", "2024-X1", "2024-Q12", "Q1 2024 10:00"] {
            assert!(scan(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("test datetime")
    }

    fn read(s: &str, order: DateOrder) -> Option<NaiveDateTime> {
        resolve(&scan(s.as_bytes())?, order)
    }

    #[test]
    fn iso_dates_and_datetimes_with_zones() {
        let o = DateOrder::YearFirst;
        assert_eq!(read("2024-03-01", o), Some(dt("2024-03-01 00:00:00")));
        assert_eq!(read("2024-03-01T10:00:00", o), Some(dt("2024-03-01 10:00:00")));
        assert_eq!(read("2024-03-01 10:00", o), Some(dt("2024-03-01 10:00:00")));
        assert_eq!(read("2024-03-01T10:00:00Z", o), Some(dt("2024-03-01 10:00:00")));
        assert_eq!(read("2024-03-01T10:00:00+01:00", o), Some(dt("2024-03-01 09:00:00")));
        assert_eq!(read("2024-03-01T00:30:00.250-0230", o), Some(dt("2024-03-01 03:00:00")));
        assert_eq!(read("2024/03/01", o), Some(dt("2024-03-01 00:00:00")));
        assert_eq!(read("2024-03", o), Some(dt("2024-03-01 00:00:00")));
    }

    #[test]
    fn day_first_and_month_first_layouts() {
        assert_eq!(read("21/11/2016", DateOrder::DayFirst), Some(dt("2016-11-21 00:00:00")));
        assert_eq!(read("11/21/2016", DateOrder::MonthFirst), Some(dt("2016-11-21 00:00:00")));
        assert_eq!(read("01.03.2024", DateOrder::DayFirst), Some(dt("2024-03-01 00:00:00")));
        assert_eq!(read("01/03/24", DateOrder::DayFirst), Some(dt("2024-03-01 00:00:00")));
        assert_eq!(read("01/03/2024 14:30", DateOrder::DayFirst), Some(dt("2024-03-01 14:30:00")));
        assert_eq!(read("03/2024", DateOrder::DayFirst), Some(dt("2024-03-01 00:00:00")));
        assert_eq!(read("21/11/2016", DateOrder::MonthFirst), None);
    }

    #[test]
    fn malformed_cells_do_not_scan() {
        for s in ["", "2024-13", "abc", "2024-03-01X", "1/2/3", "2024-03-01 25:00", "12345"] {
            let ok = scan(s.as_bytes()).and_then(|r| resolve(&r, DateOrder::DayFirst));
            assert_eq!(ok, None, "{s:?}");
        }
    }

    #[test]
    fn one_part_above_twelve_settles_the_order() {
        let mut e = OrderEvidence::default();
        for s in ["01/02/2024", "13/02/2024"] {
            e.add(&scan(s.as_bytes()).expect("scans"));
        }
        assert_eq!(e.settled(), Some(DateOrder::DayFirst));
        let mut e = OrderEvidence::default();
        e.add(&scan(b"01/02/2024").expect("scans"));
        assert_eq!(e.settled(), None);
    }

    #[test]
    fn only_cells_whose_order_is_in_question_are_evidence() {
        let mut e = OrderEvidence::default();
        for s in ["2024-01-13", "2024/01/13", "13 Jan 2024", "20240113", "02/01/2024"] {
            e.add(&scan(s.as_bytes()).expect("scans"));
        }
        assert_eq!(e.settled(), None);
        e.add(&scan(b"01.13.2024").expect("scans"));
        assert_eq!(e.settled(), Some(DateOrder::MonthFirst));
    }

    #[test]
    fn layouts_of_one_span_may_mix_and_others_may_not() {
        let span = |s: &str| scan(s.as_bytes()).map(|r| r.shape.span());
        let day = ["2024-01-03", "03/01/2024", "03.01.24", "20240103", "3 janv. 2024"];
        assert!(day.iter().all(|s| span(s) == Some(Span::Day)), "{day:?}");
        assert_eq!(span("2024-01"), Some(Span::Month));
        assert_eq!(span("janv. 2024"), Some(Span::Month));
        assert_eq!(span("T1 2024"), Some(Span::Quarter));
        assert_eq!(span("2024"), Some(Span::Year));
    }

    #[test]
    fn excel_serials_follow_the_1900_system() {
        assert_eq!(excel_serial(45352.0), Some(dt("2024-03-01 00:00:00")));
        assert_eq!(excel_serial(45352.5), Some(dt("2024-03-01 12:00:00")));
        assert_eq!(excel_serial(1.0), Some(dt("1900-01-01 00:00:00")));
        assert_eq!(excel_serial(61.0), Some(dt("1900-03-01 00:00:00")));
        assert_eq!(excel_serial(60.0), None);
        assert_eq!(excel_serial(-3.0), None);
    }
}
