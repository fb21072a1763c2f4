//! Guessing the delimiter and the decimal mark from a sample of the file.
//!
//! Only the first [`SAMPLE_BYTES`] are read (cut at a line end), so sniffing costs the same
//! on a 100 MB file as on a 1 KB one. The delimiter is the candidate whose records (quotes
//! respected, header included) most consistently have the same number of fields, more than
//! one; ties go to more fields, then to the order `, ; tab |`. The decimal mark is voted by
//! cells that can only be read one way (`12,5` votes comma, `12.5` votes dot; `1,234` is
//! ambiguous and abstains).

use super::number::{split_unit, strip_currency, trim};
use super::{DecimalMark, dates};

/// Bytes sniffed at the start of the file.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// Candidate delimiters, in tie-break order.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The start of the file, cut after the last complete line when the file is longer.
pub fn sample(text: &[u8]) -> &[u8] {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let head = &text[..SAMPLE_BYTES];
    match head.iter().rposition(|&b| b == b'\n') {
        Some(i) => &head[..=i],
        None => head,
    }
}

/// The most plausible delimiter of `sample`.
pub fn sniff_delimiter(sample: &[u8]) -> u8 {
    let mut best = (b',', 0.0f64, 0usize);
    for &d in &DELIMITERS {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample);
        let mut counts: Vec<usize> = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while counts.len() < 200 {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => counts.push(rec.len()),
                _ => break,
            }
        }
        // The last record of a cut sample may be partial: leave it out of the vote.
        if counts.len() > 2 {
            counts.pop();
        }
        let Some(mode) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        let share = counts.iter().filter(|&&c| c == mode).count() as f64 / counts.len() as f64;
        if share > best.1 + 1e-9 || ((share - best.1).abs() <= 1e-9 && mode > best.2) {
            best = (d, share, mode);
        }
    }
    best.0
}

fn mode(xs: &[usize]) -> Option<usize> {
    let mut sorted = xs.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..].iter().position(|&x| x != sorted[i]).map_or(sorted.len(), |k| i + k);
        if best.is_none_or(|(_, n)| j - i > n) {
            best = Some((sorted[i], j - i));
        }
        i = j;
    }
    best.map(|(v, _)| v)
}

/// Most records looked at for a preamble above the header.
const MAX_PREAMBLE: usize = 20;

/// Records before the header: the title lines some exports put above their table ("Sales
/// report", "Store: Lyon", a blank line). The header is the last record without a date cell
/// before the first two records with one; 0 when that is the first record, or when no date
/// is seen at all (nothing is skipped on a guess).
pub fn preamble_records(sample: &[u8], delimiter: u8) -> usize {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(sample);
    let mut dated = Vec::with_capacity(MAX_PREAMBLE + 3);
    let mut rec = csv::ByteRecord::new();
    let is_date = |f: &[u8]| dates::scan(trim(f)).is_some_and(|r| r.shape.parts >= 2);
    while dated.len() < MAX_PREAMBLE + 3 {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            _ => break,
        }
        dated.push(rec.iter().any(is_date));
    }
    match (1..dated.len().saturating_sub(1)).find(|&d| dated[d] && dated[d + 1]) {
        Some(d) if d >= 2 && !dated[d - 1] => d - 1,
        _ => 0,
    }
}

/// Votes for the decimal mark over the cells of `sample` split by `delimiter`.
pub fn sniff_decimal(sample: &[u8], delimiter: u8) -> DecimalMark {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(sample);
    let (mut comma, mut dot) = (0usize, 0usize);
    let mut rec = csv::ByteRecord::new();
    while let Ok(true) = rdr.read_byte_record(&mut rec) {
        for f in rec.iter() {
            match vote(trim(f)) {
                Some(DecimalMark::Comma) => comma += 1,
                Some(DecimalMark::Dot) => dot += 1,
                None => {}
            }
        }
    }
    // No cell settles it (every one reads both ways, like `1,145` or `5.030`): a file
    // separated by semicolons comes from a locale whose decimal mark is the comma.
    if comma > dot || (comma == dot && delimiter == b';') {
        DecimalMark::Comma
    } else {
        DecimalMark::Dot
    }
}

/// The decimal mark a numeric-looking cell can only be read with, if any. A currency sign,
/// a unit (`3.2 kWh`) and no-break or narrow no-break spaces between digit groups
/// (`12 345,67 €` as Excel writes it) do not hide the mark.
fn vote(f: &[u8]) -> Option<DecimalMark> {
    let f = f.strip_prefix(b"(").and_then(|r| r.strip_suffix(b")")).map_or(f, trim);
    let f = strip_currency(f);
    let f = split_unit(f).map_or(f, |(number, _)| number);
    let f = f.strip_prefix(b"-").or_else(|| f.strip_prefix("\u{2212}".as_bytes())).unwrap_or(f);
    if f.is_empty() || !f[0].is_ascii_digit() {
        return None;
    }
    // Digits and marks only, the spaces that group digits included (checked on the text: a
    // no-break space is two or three bytes).
    let text = std::str::from_utf8(f).ok()?;
    let grouping = |c: char| matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}');
    if !text.chars().all(|c| c.is_ascii_digit() || grouping(c)) {
        return None;
    }
    let last_comma = f.iter().rposition(|&b| b == b',');
    let last_dot = f.iter().rposition(|&b| b == b'.');
    match (last_comma, last_dot) {
        (Some(c), Some(d)) => Some(if c > d { DecimalMark::Comma } else { DecimalMark::Dot }),
        (Some(c), None) => {
            let commas = f.iter().filter(|&&b| b == b',').count();
            // `1,234` and `1,234,567` read as thousands with a dot decimal too; `0,043` and
            // `1234,567` cannot (no thousands group starts with 0 or holds four digits).
            (commas == 1 && (f.len() - c - 1 != 3 || not_a_group(&f[..c])))
                .then_some(DecimalMark::Comma)
        }
        (None, Some(d)) => {
            let dots = f.iter().filter(|&&b| b == b'.').count();
            if dots > 1 {
                // `01.03.2024` is a date; `1.234.567` thousands: no vote.
                None
            } else {
                (f.len() - d - 1 != 3 || not_a_group(&f[..d])).then_some(DecimalMark::Dot)
            }
        }
        (None, None) => None,
    }
}

/// Whether the digits before a single mark cannot be the first group of a number written with
/// thousands separators: a leading zero, or more than three digits.
fn not_a_group(integer: &[u8]) -> bool {
    integer.first() == Some(&b'0') || integer.len() > 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_wins_over_decimal_commas() {
        let s = b"date;value;price\n01/01/2024;12,5;3,2\n02/01/2024;13;4,1\n03/01/2024;1,5;2\n";
        assert_eq!(sniff_delimiter(s), b';');
        assert_eq!(sniff_decimal(s, b';'), DecimalMark::Comma);
    }

    #[test]
    fn three_decimals_after_a_zero_or_four_digits_are_decimals_not_thousands() {
        for cell in ["0,043", "-0,153", "\u{2212}0,5", "1234,567"] {
            assert_eq!(vote(cell.as_bytes()), Some(DecimalMark::Comma), "{cell:?}");
        }
        for cell in ["0.043", "1234.567"] {
            assert_eq!(vote(cell.as_bytes()), Some(DecimalMark::Dot), "{cell:?}");
        }
        for cell in ["1,145", "5.030", "999,999"] {
            assert_eq!(vote(cell.as_bytes()), None, "{cell:?} reads both ways");
        }
        // Power readings with three decimals: one value under 1 settles the file.
        let s = b"Horodate;Puissance\n01/05/2023 00:00;1,145\n01/05/2023 00:15;0,043\n";
        assert_eq!(sniff_decimal(s, b';'), DecimalMark::Comma);
    }

    #[test]
    fn a_unit_after_the_number_does_not_hide_the_decimal_mark() {
        assert_eq!(vote("3.2 kWh".as_bytes()), Some(DecimalMark::Dot));
        assert_eq!(vote("12,5 kg".as_bytes()), Some(DecimalMark::Comma));
        assert_eq!(vote("21,4\u{202f}°C".as_bytes()), Some(DecimalMark::Comma));
        // A file separated by semicolons but with decimal dots, once a unit is taken off.
        let s = "date;conso\n2024-01-01;3.2 kWh\n2024-01-02;4.75 kWh\n".as_bytes();
        assert_eq!(sniff_decimal(s, b';'), DecimalMark::Dot);
    }

    #[test]
    fn cells_that_read_both_ways_follow_the_delimiter() {
        // `5.030` visits in a semicolon file: thousands, as a French or German export writes.
        let s = b"Date;Visites\n02/01/2023;5.030\n03/01/2023;5.363\n";
        assert_eq!(sniff_decimal(s, b';'), DecimalMark::Comma);
        let s = b"date,visits\n2023-01-02,\"5,030\"\n2023-01-03,\"5,363\"\n";
        assert_eq!(sniff_decimal(s, b','), DecimalMark::Dot);
    }

    #[test]
    fn currency_signs_and_no_break_spaces_do_not_hide_a_decimal_comma() {
        for cell in ["345,67 €", "€ 12,5", "12\u{a0}345,67\u{a0}€", "1\u{202f}234,5 $", "7,5 %"]
        {
            assert_eq!(vote(cell.as_bytes()), Some(DecimalMark::Comma), "{cell:?}");
        }
        assert_eq!(vote("1\u{a0}234.5 £".as_bytes()), Some(DecimalMark::Dot));
        assert_eq!(vote(b"(167,50)"), Some(DecimalMark::Comma), "accounting negative");
        let s = "date;ca\n01/01/2024;345,67 €\n02/01/2024;1 234,00 €\n".as_bytes();
        assert_eq!(sniff_decimal(s, b';'), DecimalMark::Comma);
    }

    #[test]
    fn title_lines_above_the_header_are_a_preamble() {
        let titled =
            "Rapport des ventes;\nMagasin de Lyon;\n\nDate;Ventes\n01/01/2024;3\n02/01/2024;4\n";
        assert_eq!(preamble_records(titled.as_bytes(), b';'), 2);
        // A title with a date is still a title.
        let dated = "Export du;05/01/2024\nDate;Ventes\n01/01/2024;3\n02/01/2024;4\n";
        assert_eq!(preamble_records(dated.as_bytes(), b';'), 1);
        // The usual file, a file without header, and one without text dates: nothing skipped.
        for plain in [
            "date,v\n2024-01-01,1\n2024-01-02,2\n",
            "2024-01-01,1\n2024-01-02,2\n2024-01-03,2\n",
            "title\nday,v\n45000,1\n45001,2\n",
        ] {
            assert_eq!(preamble_records(plain.as_bytes(), b','), 0, "{plain:?}");
        }
    }

    #[test]
    fn tab_and_pipe_are_found() {
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n3\t4\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n3|4|5\n"), b'|');
    }

    #[test]
    fn quoted_delimiters_do_not_count() {
        let s = b"date,value,note\n2024-01-01,1.5,\"a;b;c\"\n2024-01-02,2.5,\"d;e\"\n";
        assert_eq!(sniff_delimiter(s), b',');
        assert_eq!(sniff_decimal(s, b','), DecimalMark::Dot);
    }

    #[test]
    fn three_digits_after_a_comma_abstain() {
        assert_eq!(vote(b"1,234"), None);
        assert_eq!(vote(b"1,234.5"), Some(DecimalMark::Dot));
        assert_eq!(vote(b"1.234,5"), Some(DecimalMark::Comma));
        assert_eq!(vote(b"01.03.2024"), None);
    }

    #[test]
    fn long_samples_are_cut_at_a_line_end() {
        let text = "x,y\n".repeat(SAMPLE_BYTES);
        let s = sample(text.as_bytes());
        assert!(s.len() <= SAMPLE_BYTES);
        assert_eq!(s.last(), Some(&b'\n'));
    }
}
