//! Turning the file's bytes into UTF-8 text.
//!
//! Order of checks: UTF-16 byte-order marks, then a UTF-8 byte-order mark, then plain UTF-8
//! validation (fast, and no copy: the common case borrows the input), and only when that fails
//! a Windows-1252 decode (a superset of Latin-1 for printable text: what French Excel writes as
//! "CSV"). A NUL byte in the text means the file is not text at all (a spreadsheet, an image).
//!
//! The two legacy decoders are written here rather than taken from `encoding_rs`: its generic
//! decoder links the tables of every encoding it knows (CJK included), several hundred KB the
//! browser would download for nothing. A test checks both against `encoding_rs` on every input.

use std::borrow::Cow;

use super::error::IngestError;
use super::report::Encoding;

/// The file as UTF-8 bytes, and how it was encoded.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// UTF-8 text without byte-order mark.
    pub text: Cow<'a, [u8]>,
    /// The encoding it was read as.
    pub encoding: Encoding,
}

/// Decodes `bytes` to UTF-8; never fails on valid text in a supported encoding.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, IngestError> {
    let (text, encoding): (Cow<'_, [u8]>, Encoding) =
        if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
            (Cow::Owned(utf16(rest, u16::from_le_bytes).into_bytes()), Encoding::Utf16Le)
        } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
            (Cow::Owned(utf16(rest, u16::from_be_bytes).into_bytes()), Encoding::Utf16Be)
        } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            match std::str::from_utf8(rest) {
                Ok(_) => (Cow::Borrowed(rest), Encoding::Utf8Bom),
                // A BOM followed by invalid UTF-8: decode lossily rather than guess another encoding.
                Err(_) => (
                    Cow::Owned(String::from_utf8_lossy(rest).into_owned().into_bytes()),
                    Encoding::Utf8Bom,
                ),
            }
        } else {
            match std::str::from_utf8(bytes) {
                Ok(_) => (Cow::Borrowed(bytes), Encoding::Utf8),
                Err(_) => (Cow::Owned(windows_1252(bytes).into_bytes()), Encoding::Windows1252),
            }
        };
    if let Some(offset) = memchr_nul(&text) {
        return Err(IngestError::NotText { offset });
    }
    // Lines ended by a carriage return alone (classic Mac OS, some Mac Excel exports): as line
    // feeds, so that lines are numbered and counted as the user's editor shows them. A text
    // with one line feed somewhere keeps its line ends (a lone CR may sit in a quoted field).
    // The search for a line feed stops at the first one: nothing to scan in the usual case.
    let text = if !text.contains(&b'\n') && text.contains(&b'\r') {
        Cow::Owned(text.iter().map(|&b| if b == b'\r' { b'\n' } else { b }).collect())
    } else {
        text
    };
    Ok(Decoded { text, encoding })
}

/// Code points of bytes 0x80–0x9F in Windows-1252 (the WHATWG mapping: the five unassigned
/// bytes map to the C1 controls of the same value). Every other byte is its Latin-1 code point.
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
];

/// Decodes Windows-1252 (every byte is a character, so it cannot fail).
fn windows_1252(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        let code = match b {
            0x80..=0x9F => u32::from(CP1252_HIGH[usize::from(b - 0x80)]),
            _ => u32::from(b),
        };
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out
}

/// Decodes UTF-16 with the given byte order; unpaired surrogates and an odd last byte become
/// U+FFFD, as a browser would show them.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut out: String =
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    if bytes.len() % 2 == 1 {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    out
}

fn memchr_nul(text: &[u8]) -> Option<usize> {
    // `contains` on bytes scans a word at a time; the position is only needed on failure.
    if text.contains(&0) { text.iter().position(|&b| b == 0) } else { None }
}

#[cfg(test)]
mod tests {

    #[test]
    fn legacy_decoders_agree_with_encoding_rs_on_every_byte_and_odd_inputs() {
        let all: Vec<u8> = (0..=255u8).collect();
        let (expected, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&all);
        assert_eq!(windows_1252(&all), expected);
        let samples: [&[u8]; 5] = [
            &[0x41, 0x00, 0xE9, 0x00, 0xAC, 0x20],
            &[0x3D, 0xD8, 0x00, 0xDE],
            &[0x00, 0xD8, 0x41, 0x00],
            &[0x41, 0x00, 0x42],
            &[],
        ];
        for s in samples {
            let (le, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(s);
            assert_eq!(utf16(s, u16::from_le_bytes), le, "LE {s:?}");
            let (be, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(s);
            assert_eq!(utf16(s, u16::from_be_bytes), be, "BE {s:?}");
        }
    }
    use super::*;

    #[test]
    fn plain_utf8_is_borrowed_without_copy() {
        let d = decode(b"date,value\n").expect("utf8");
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(matches!(d.text, Cow::Borrowed(_)));
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFdate;Arriv\xC3\xA9es").expect("bom");
        assert_eq!(d.encoding, Encoding::Utf8Bom);
        assert_eq!(&*d.text, "date;Arrivées".as_bytes());
    }

    #[test]
    fn windows_1252_accents_and_euro_are_decoded() {
        let d = decode(b"date;Arriv\xE9es;\x80").expect("1252");
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(&*d.text, "date;Arrivées;€".as_bytes());
    }

    #[test]
    fn utf16_le_with_bom_is_decoded() {
        let d = decode(b"\xFF\xFEa\0;\0b\0").expect("utf16");
        assert_eq!(d.encoding, Encoding::Utf16Le);
        assert_eq!(&*d.text, b"a;b");
    }

    #[test]
    fn a_nul_byte_means_not_text() {
        assert_eq!(decode(b"PK\x03\x04\0\0").err(), Some(IngestError::NotText { offset: 4 }));
    }
}
