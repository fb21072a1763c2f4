//! Turning the file's bytes into UTF-8 text.
//!
//! Order of checks: UTF-16 byte-order marks, then a UTF-8 byte-order mark, then plain UTF-8
//! validation (fast, and no copy: the common case borrows the input), and only when that fails
//! a Windows-1252 decode (a superset of Latin-1 for printable text: what French Excel writes as
//! "CSV"). A NUL byte in the text means the file is not text at all (a spreadsheet, an image).

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
            let (s, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
            (Cow::Owned(s.into_owned().into_bytes()), Encoding::Utf16Le)
        } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
            let (s, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
            (Cow::Owned(s.into_owned().into_bytes()), Encoding::Utf16Be)
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
                Err(_) => {
                    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                    (Cow::Owned(s.into_owned().into_bytes()), Encoding::Windows1252)
                }
            }
        };
    if let Some(offset) = memchr_nul(&text) {
        return Err(IngestError::NotText { offset });
    }
    Ok(Decoded { text, encoding })
}

fn memchr_nul(text: &[u8]) -> Option<usize> {
    // `contains` on bytes scans a word at a time; the position is only needed on failure.
    if text.contains(&0) { text.iter().position(|&b| b == 0) } else { None }
}

#[cfg(test)]
mod tests {
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
