//! Reading one numeric cell: decimal dot or comma, thousands separators, missing markers.
//!
//! The fast path (sign, digits, one decimal mark, optional exponent) touches each byte once
//! and never allocates. The slow path accepts thousands separators only when they group the
//! integer part by threes (`1 234 567,5`, `1,234.56`, `1.234,56`, with space, no-break space,
//! narrow no-break space or apostrophe) and a currency sign (`€ $ £`) or a percent sign
//! (`12,5 %` reads as 12.5) before or after, accounting negatives in parentheses
//! (`(1 234,50)` is −1234.5) and ERP negatives with a trailing minus (`1.234,56-`).
//! Anything else is [`NumberCell::Invalid`]: a number is never guessed from a malformed cell.
//!
//! A unit after the number (`12,5 kg`, `21.4 °C`, `15min`) is decided per column, not per
//! cell: [`split_unit`] finds the one a cell carries, and once a column has one unit,
//! [`parse_number_in_unit`] reads its cells without it and refuses any other unit (units are
//! never converted). [`parse_number`] alone still refuses every unit.

use super::DecimalMark;

/// What a numeric cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberCell {
    /// Empty or a missing marker (`NA`, `N/A`, `#N/A`, `NaN`, `null`, `-`, …).
    Missing,
    /// A finite number.
    Value(f64),
    /// A finite number written with thousands separators.
    ValueWithThousands(f64),
    /// Not a number (`#VALEUR!`, `abc`, `1,2,3`).
    Invalid,
}

impl NumberCell {
    /// The value, if any.
    pub fn value(self) -> Option<f64> {
        match self {
            NumberCell::Value(v) | NumberCell::ValueWithThousands(v) => Some(v),
            _ => None,
        }
    }
}

/// Markers that mean "no value" rather than "bad value" (compared case-insensitively).
const MISSING_MARKERS: &[&[u8]] = &[
    b"na", b"n/a", b"#n/a", b"nan", b"null", b"none", b"-", b"--", b"?", b".", b"nd", b"n.d.",
    b"#na", b"missing",
];

/// Trims ASCII spaces, tabs, CR/LF and no-break spaces from both ends.
pub fn trim(mut s: &[u8]) -> &[u8] {
    loop {
        let before = s.len();
        while let [b' ' | b'\t' | b'\r' | b'\n', rest @ ..] = s {
            s = rest;
        }
        while let [rest @ .., b' ' | b'\t' | b'\r' | b'\n'] = s {
            s = rest;
        }
        if let Some(rest) = s.strip_prefix("\u{a0}".as_bytes()) {
            s = rest;
        }
        if let Some(rest) = s.strip_suffix("\u{a0}".as_bytes()) {
            s = rest;
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Whether a trimmed cell is empty or a missing marker.
pub fn is_missing(s: &[u8]) -> bool {
    s.is_empty() || (s.len() <= 7 && MISSING_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(s)))
}

/// Reads a numeric cell written with `decimal` as its decimal mark.
pub fn parse_number(raw: &[u8], decimal: DecimalMark) -> NumberCell {
    let mark = match decimal {
        DecimalMark::Dot => b'.',
        DecimalMark::Comma => b',',
    };
    // Most cells are short plain numbers: read them before any other check.
    if let Some(v) = parse_short(raw, mark) {
        return NumberCell::Value(v);
    }
    let s = trim(raw);
    if is_missing(s) {
        return NumberCell::Missing;
    }
    // Accounting negatives: `(1 234,50)` is −1234.5 (the sign inside is refused).
    if let Some(inner) = s.strip_prefix(b"(").and_then(|r| r.strip_suffix(b")")) {
        let inner = trim(inner);
        if inner.first().is_some_and(|b| matches!(b, b'-' | b'+')) {
            return NumberCell::Invalid;
        }
        return negated(parse_number(inner, decimal));
    }
    // A typographic minus (U+2212, as word processors and some exports write it).
    if let Some(rest) = s.strip_prefix("\u{2212}".as_bytes()) {
        if rest.first().is_some_and(|b| matches!(b, b'-' | b'+' | b'(')) {
            return NumberCell::Invalid;
        }
        return negated(parse_number(rest, decimal));
    }
    if let Some(v) = parse_plain(s, mark) {
        return finite(v, false);
    }
    // A trailing minus: `1.234,56-` is −1234.56 (SAP and other ERP exports write credits so).
    // Only after a digit, and not with a sign in front too.
    if let Some(rest) = s.strip_suffix(b"-")
        && rest.last().is_some_and(u8::is_ascii_digit)
        && !rest.first().is_some_and(|b| matches!(b, b'-' | b'+' | b'('))
    {
        return negated(parse_number(rest, decimal));
    }
    parse_grouped(s, mark)
}

/// The opposite of a number written with a negative mark around or after it (`(12)`, `−12`,
/// `12-`): a mark around nothing, or around what is not a number, is not a number.
fn negated(cell: NumberCell) -> NumberCell {
    match cell {
        NumberCell::Value(v) => NumberCell::Value(-v),
        NumberCell::ValueWithThousands(v) => NumberCell::ValueWithThousands(-v),
        NumberCell::Missing | NumberCell::Invalid => NumberCell::Invalid,
    }
}

fn finite(v: f64, grouped: bool) -> NumberCell {
    match (v.is_finite(), grouped) {
        (false, _) => NumberCell::Invalid,
        (true, false) => NumberCell::Value(v),
        (true, true) => NumberCell::ValueWithThousands(v),
    }
}

/// Exact powers of ten as `f64` (all representable exactly).
const POW10: [f64; 16] =
    [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// Sign, at most 15 digits and at most one `mark`: the value is `mantissa / 10^k` with both
/// exact in `f64`, so one division is correctly rounded (Clinger's fast path) and no string
/// is built. `None` for anything else.
fn parse_short(s: &[u8], mark: u8) -> Option<f64> {
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let mut mantissa: u64 = 0;
    let mut n = 0usize;
    let mut frac: Option<usize> = None;
    for &b in digits {
        if b.is_ascii_digit() {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            n += 1;
            if n > 15 {
                return None;
            }
            if let Some(f) = frac.as_mut() {
                *f += 1;
            }
        } else if b == mark && frac.is_none() {
            frac = Some(0);
        } else {
            return None;
        }
    }
    if n == 0 {
        return None;
    }
    let v = mantissa as f64 / POW10[frac.unwrap_or(0)];
    Some(if neg { -v } else { v })
}

/// Sign, digits, at most one `mark`, optional exponent; `None` when the shape differs.
fn parse_plain(s: &[u8], mark: u8) -> Option<f64> {
    if let Some(v) = parse_short(s, mark) {
        return Some(v);
    }
    if s.len() > 60 {
        return None;
    }
    let mut buf = [0u8; 64];
    let mut digits = 0usize;
    let mut seen_mark = false;
    let mut seen_exp = false;
    let mut exp_digits = 0usize;
    for (i, &b) in s.iter().enumerate() {
        let out = match b {
            b'0'..=b'9' => {
                if seen_exp {
                    exp_digits += 1;
                } else {
                    digits += 1;
                }
                b
            }
            b'+' | b'-' if i == 0 => b,
            b'+' | b'-' if seen_exp && matches!(s[i - 1], b'e' | b'E') => b,
            b'e' | b'E' if digits > 0 && !seen_exp => {
                seen_exp = true;
                b'e'
            }
            _ if b == mark && !seen_mark && !seen_exp => {
                seen_mark = true;
                b'.'
            }
            _ => return None,
        };
        buf[i] = out;
    }
    if digits == 0 || (seen_exp && exp_digits == 0) {
        return None;
    }
    std::str::from_utf8(&buf[..s.len()]).ok()?.parse::<f64>().ok()
}

/// Grouped by thousands and/or decorated with a currency sign.
fn parse_grouped(s: &[u8], mark: u8) -> NumberCell {
    let s = strip_currency(s);
    let other = if mark == b',' { b'.' } else { b',' };
    let mut digits: Vec<u8> = Vec::with_capacity(s.len());
    let mut group_sep: Option<&[u8]> = None;
    let mut group_len = 0usize;
    let mut groups = 0usize;
    let mut first_group_len = 0usize;
    let mut i = 0usize;
    let mut negative = false;
    if let Some(&b'-') = s.first() {
        negative = true;
        i = 1;
    } else if let Some(&b'+') = s.first() {
        i = 1;
    }
    let seps: [&[u8]; 6] =
        [b" ", "\u{a0}".as_bytes(), "\u{202f}".as_bytes(), "\u{2009}".as_bytes(), b"'", &[other]];
    // Integer part with separators.
    while i < s.len() {
        let b = s[i];
        if b.is_ascii_digit() {
            digits.push(b);
            group_len += 1;
            i += 1;
            continue;
        }
        if b == mark {
            break;
        }
        let Some(sep) = seps.iter().find(|sep| s[i..].starts_with(sep)) else {
            return NumberCell::Invalid;
        };
        match group_sep {
            None => {
                // A first group of one to three digits, without a leading zero: `0,043` and
                // `012,345` are not thousands.
                if group_len == 0 || group_len > 3 || digits.first() == Some(&b'0') {
                    return NumberCell::Invalid;
                }
                first_group_len = group_len;
                group_sep = Some(sep);
            }
            Some(prev) if prev == *sep => {
                if group_len != 3 {
                    return NumberCell::Invalid;
                }
            }
            Some(_) => return NumberCell::Invalid,
        }
        groups += 1;
        group_len = 0;
        i += sep.len();
    }
    if group_sep.is_some() && group_len != 3 {
        return NumberCell::Invalid;
    }
    let _ = first_group_len;
    let mut text = Vec::with_capacity(digits.len() + 8);
    if negative {
        text.push(b'-');
    }
    text.extend_from_slice(&digits);
    if i < s.len() {
        // Fraction after the decimal mark: digits only.
        let frac = &s[i + 1..];
        if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
            return NumberCell::Invalid;
        }
        text.push(b'.');
        text.extend_from_slice(frac);
    }
    if digits.is_empty() {
        return NumberCell::Invalid;
    }
    match std::str::from_utf8(&text).ok().and_then(|t| t.parse::<f64>().ok()) {
        Some(v) => finite(v, groups > 0),
        None => NumberCell::Invalid,
    }
}

/// Longest unit read after a number, in characters (`µg/m³` has five).
pub const MAX_UNIT_CHARS: usize = 12;

/// Endings of ordinals (`1st`, `2nd`, `1er`, `2e`, `3ème`): a rank is not a quantity in a unit.
const ORDINAL_ENDINGS: &[&str] =
    &["st", "nd", "rd", "th", "er", "re", "e", "è", "ème", "eme", "ère", "ᵉ", "ᵉʳ"];

/// Whether `c` may be part of a unit: a letter, or one of `° / ² ³ µ`.
fn is_unit_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '°' | '/' | '²' | '³' | 'µ')
}

/// Splits a trimmed cell written as a number then a unit (`12,5 kg`, `15min`, `21.4 °C`,
/// `30 km/h`, `8 µg/m³`) into the number's text and the unit. The unit is at most
/// [`MAX_UNIT_CHARS`] letters and `° / ² ³ µ`, starts with a letter or `°`, is not an ordinal
/// ending, and follows a digit, directly or after spaces. `None` for anything else (`12`,
/// `A12`, `abc`, `1e5`); the number's text is not read here.
pub fn split_unit(s: &[u8]) -> Option<(&[u8], &str)> {
    // A unit ends in a letter or one of its signs, never in an ASCII digit or mark: plain
    // numbers leave here.
    let last = *s.last()?;
    if last.is_ascii() && !last.is_ascii_alphabetic() && last != b'/' {
        return None;
    }
    let text = std::str::from_utf8(s).ok()?;
    let mut start = text.len();
    for (n, (i, c)) in text.char_indices().rev().enumerate() {
        if !is_unit_char(c) {
            break;
        }
        if n == MAX_UNIT_CHARS {
            return None;
        }
        start = i;
    }
    let unit = &text[start..];
    let first = unit.chars().next()?;
    let lower = unit.to_lowercase();
    let ordinal = ORDINAL_ENDINGS.contains(&lower.as_str());
    let multiplier = MULTIPLIERS.contains(&lower.as_str());
    if !(first.is_alphabetic() || first == '°') || ordinal || multiplier {
        return None;
    }
    let number = trim_spaces_end(&s[..start]);
    number.last().filter(|b| b.is_ascii_digit())?;
    Some((number, unit))
}

/// Endings that scale the number rather than name a unit (`12k` is 12,000, `3 Mds` three
/// billion): a column written so is not read as numbers, rather than read a thousand times
/// too small.
const MULTIPLIERS: &[&str] =
    &["k", "m", "mn", "mio", "mio.", "md", "mds", "mrd", "bn", "b", "k€", "m€", "k$", "m$"];

/// `s` without the spaces that end it, narrow and thin no-break spaces included (French
/// typography puts one between a number and its unit).
fn trim_spaces_end(mut s: &[u8]) -> &[u8] {
    loop {
        let before = s.len();
        s = trim(s);
        for space in ["\u{202f}", "\u{2009}"] {
            if let Some(rest) = s.strip_suffix(space.as_bytes()) {
                s = rest;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Reads a cell of a column whose numbers carry `unit` (see [`split_unit`]): in a column of
/// `kg`, `12,5 kg` and `12,5` read as 12.5. A cell with another unit (`500 g`), a currency or
/// a percent sign is [`NumberCell::Invalid`]: units are never mixed, nor converted.
pub fn parse_number_in_unit(raw: &[u8], decimal: DecimalMark, unit: &str) -> NumberCell {
    let s = trim(raw);
    let number = match split_unit(s) {
        Some((number, u)) if u == unit => number,
        Some(_) => return NumberCell::Invalid,
        None => s,
    };
    let signed = |sign: &str| number.windows(sign.len()).any(|w| w == sign.as_bytes());
    if ["€", "$", "£", "%"].into_iter().any(signed) {
        return NumberCell::Invalid;
    }
    parse_number(number, decimal)
}

/// `s` without a currency sign (`€ $ £`) or a percent sign before or after it, and the spaces
/// that separated it.
pub(crate) fn strip_currency(mut s: &[u8]) -> &[u8] {
    for sym in ["€", "$", "£", "%"] {
        if let Some(rest) = s.strip_prefix(sym.as_bytes()) {
            s = trim(rest);
        }
        if let Some(rest) = s.strip_suffix(sym.as_bytes()) {
            s = trim(rest);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalMark::{Comma, Dot};

    fn check(s: &str, decimal: DecimalMark, expected: NumberCell) {
        assert_eq!(parse_number(s.as_bytes(), decimal), expected, "{s:?}");
    }

    #[test]
    fn short_fast_path_matches_the_standard_parser() {
        for s in ["0.1", "12.45", "-3.14159", "999999999999999", "1.00000000000001", "7."] {
            let std: f64 = s.parse().expect("valid");
            assert_eq!(parse_short(s.as_bytes(), b'.'), Some(std), "{s}");
        }
        assert_eq!(parse_short(b"1234567890123456", b'.'), None);
    }

    #[test]
    fn plain_numbers_with_either_mark() {
        check("12.5", Dot, NumberCell::Value(12.5));
        check("-12,5", Comma, NumberCell::Value(-12.5));
        check(" 42 ", Dot, NumberCell::Value(42.0));
        check("1e3", Dot, NumberCell::Value(1000.0));
        check("+.5", Dot, NumberCell::Value(0.5));
    }

    #[test]
    fn thousands_separators_grouped_by_three() {
        check("1 234,56", Comma, NumberCell::ValueWithThousands(1234.56));
        check("1\u{a0}234\u{a0}567", Comma, NumberCell::ValueWithThousands(1_234_567.0));
        check("1\u{202f}234,5", Comma, NumberCell::ValueWithThousands(1234.5));
        check("1,234.56", Dot, NumberCell::ValueWithThousands(1234.56));
        check("1.234,56", Comma, NumberCell::ValueWithThousands(1234.56));
        check("-12 000", Comma, NumberCell::ValueWithThousands(-12000.0));
    }

    #[test]
    fn badly_grouped_or_foreign_text_is_invalid() {
        check("1 23,5", Comma, NumberCell::Invalid);
        check("12,5", Dot, NumberCell::Invalid);
        check("1,2,3", Comma, NumberCell::Invalid);
        check("#VALEUR!", Comma, NumberCell::Invalid);
        check("abc", Dot, NumberCell::Invalid);
        check("1e", Dot, NumberCell::Invalid);
        check("inf", Dot, NumberCell::Invalid);
        check("1e400", Dot, NumberCell::Invalid);
        // No thousands group starts with a zero: a decimal comma read with the wrong mark
        // is refused, not multiplied by a thousand.
        check("0,043", Dot, NumberCell::Invalid);
        check("-0,153", Dot, NumberCell::Invalid);
        check("012.345", Comma, NumberCell::Invalid);
    }

    #[test]
    fn a_typographic_minus_is_a_minus() {
        check("\u{2212}3,5", Comma, NumberCell::Value(-3.5));
        check("\u{2212}1 234,5", Comma, NumberCell::ValueWithThousands(-1234.5));
        check("\u{2212}13,7 %", Comma, NumberCell::Value(-13.7));
        check("\u{2212}-3", Dot, NumberCell::Invalid);
        check("\u{2212}", Dot, NumberCell::Invalid);
    }

    #[test]
    fn missing_markers_are_missing_not_invalid() {
        for s in ["", "  ", "NA", "n/a", "#N/A", "NaN", "null", "-"] {
            check(s, Dot, NumberCell::Missing);
        }
    }

    #[test]
    fn currency_signs_are_stripped() {
        check("12,50 €", Comma, NumberCell::Value(12.5));
        check("$1,200.00", Dot, NumberCell::ValueWithThousands(1200.0));
        check("12\u{a0}345,67\u{a0}€", Comma, NumberCell::ValueWithThousands(12345.67));
        check("7,5 %", Comma, NumberCell::Value(7.5));
        check("-3.25%", Dot, NumberCell::Value(-3.25));
        check("% 3", Dot, NumberCell::Value(3.0));
        check("€", Comma, NumberCell::Invalid);
    }

    #[test]
    fn accounting_parentheses_are_negative() {
        check("(167,50)", Comma, NumberCell::Value(-167.5));
        check("(1 234,50 €)", Comma, NumberCell::ValueWithThousands(-1234.5));
        check("( 12.5 )", Dot, NumberCell::Value(-12.5));
        check("(-3)", Dot, NumberCell::Invalid);
        check("()", Dot, NumberCell::Invalid);
        check("(NA)", Dot, NumberCell::Invalid);
        check("(12", Dot, NumberCell::Invalid);
    }

    #[test]
    fn a_trailing_minus_is_negative() {
        check("100,00-", Comma, NumberCell::Value(-100.0));
        check("1.234,56-", Comma, NumberCell::ValueWithThousands(-1234.56));
        check("7-", Dot, NumberCell::Value(-7.0));
        check("-7-", Dot, NumberCell::Invalid);
        check("(7)-", Dot, NumberCell::Invalid);
        check("€-", Comma, NumberCell::Invalid);
        check("1-2", Dot, NumberCell::Invalid);
    }

    #[test]
    fn a_unit_after_a_number_is_split_off() {
        fn split(s: &str) -> Option<(&str, &str)> {
            split_unit(s.as_bytes()).map(|(n, u)| (std::str::from_utf8(n).expect("text"), u))
        }
        for (cell, number, unit) in [
            ("10 kg", "10", "kg"),
            ("12,5 kg", "12,5", "kg"),
            ("3.2 kWh", "3.2", "kWh"),
            ("21,4 °C", "21,4", "°C"),
            ("21,4\u{202f}°C", "21,4", "°C"),
            ("1 200 km", "1 200", "km"),
            ("15min", "15", "min"),
            ("7 unités", "7", "unités"),
            ("30 km/h", "30", "km/h"),
            ("12 m²", "12", "m²"),
            ("8 µg/m³", "8", "µg/m³"),
            ("1e5 kg", "1e5", "kg"),
        ] {
            assert_eq!(split(cell), Some((number, unit)), "{cell:?}");
        }
    }

    #[test]
    fn multipliers_are_not_units() {
        for cell in ["12k", "15 K", "3 M", "2,5 Mds", "1.2bn", "40 k€"] {
            assert_eq!(split_unit(cell.as_bytes()), None, "{cell}");
        }
        // A metre is a unit, written in full or as `km`.
        assert!(split_unit(b"12 km").is_some());
    }

    #[test]
    fn words_ids_dates_ordinals_and_plain_numbers_carry_no_unit() {
        for cell in [
            "12",
            "1e5",
            "-3.5",
            "abc",
            "A12",
            "kg",
            "NA",
            "n/a",
            "2024-01-01",
            "12 %",
            "12 €",
            "1st",
            "2nd",
            "3e",
            "1er",
            "12/kg",
            "12 rue du Port",
            "5 abcdefghijklm",
        ] {
            assert_eq!(split_unit(cell.as_bytes()), None, "{cell:?}");
        }
    }

    #[test]
    fn a_column_unit_is_taken_off_and_no_other_is_mixed_in() {
        let read = |s: &str, d, unit| parse_number_in_unit(s.as_bytes(), d, unit);
        assert_eq!(read("12,5 kg", Comma, "kg"), NumberCell::Value(12.5));
        assert_eq!(read(" 10kg ", Comma, "kg"), NumberCell::Value(10.0));
        assert_eq!(read("12", Comma, "kg"), NumberCell::Value(12.0));
        assert_eq!(read("1 200 km", Dot, "km"), NumberCell::ValueWithThousands(1200.0));
        assert_eq!(read("-3 °C", Dot, "°C"), NumberCell::Value(-3.0));
        assert_eq!(read("1e5 kg", Dot, "kg"), NumberCell::Value(100_000.0));
        assert_eq!(read("NA", Dot, "kg"), NumberCell::Missing);
        // Another unit, a currency, a percent, a word: never read in a column of kg.
        for cell in ["500 g", "10 KG", "3 Wh", "12 €", "12 %", "abc", "kg"] {
            assert_eq!(read(cell, Dot, "kg"), NumberCell::Invalid, "{cell:?}");
        }
        assert_eq!(read("3 Wh", Dot, "kWh"), NumberCell::Invalid);
        assert_eq!(read("3 kWh", Dot, "Wh"), NumberCell::Invalid);
    }

    #[test]
    fn a_cell_with_a_unit_alone_is_not_a_number() {
        check("10 kg", Dot, NumberCell::Invalid);
        check("21,4 °C", Comma, NumberCell::Invalid);
    }
}
