//! Bytes → text: BOMs (UTF-8, UTF-16 LE/BE), UTF-8, then the Japanese legacy encodings
//! (Shift_JIS / CP932, EUC-JP) by detection; binary formats are refused with a reason.
//! Line endings are kept (the parsers count CRLF, LF and CR as an editor does).

use super::SkipReason;

/// Longest line accepted as prose, in bytes.
pub const MAX_LINE: usize = 1 << 20;

/// Decoded text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Encoding name (`UTF-8`, `Shift_JIS`, …).
    pub encoding: &'static str,
}

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8], allow_long_lines: bool) -> Result<Decoded, SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(SkipReason::Binary(kind));
    }
    let (text, encoding) = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(SkipReason::Undecodable(format!(
                "invalid {} byte sequences",
                enc.name()
            )));
        }
        (t.into_owned(), enc.name())
    } else if let Ok(t) = std::str::from_utf8(bytes) {
        (t.to_string(), "UTF-8")
    } else {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(bytes, true);
        let enc = det.guess(Some(b"jp"), true);
        let (t, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            // A few stray bytes in otherwise good text are replaced; beyond that, refuse.
            let bad = t.chars().filter(|&c| c == '\u{FFFD}').count();
            if bad * 100 > t.chars().count().max(1) || enc == encoding_rs::UTF_8 {
                return Err(SkipReason::Undecodable(format!(
                    "{bad} invalid byte sequences (tried {})",
                    enc.name()
                )));
            }
        }
        (t.into_owned(), enc.name())
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    if !allow_long_lines {
        let longest = text.split(['\n', '\r']).map(str::len).max().unwrap_or(0);
        if longest > MAX_LINE {
            return Err(SkipReason::HugeLine(longest, MAX_LINE));
        }
    }
    Ok(Decoded { text, encoding })
}

/// Recognises binary files by magic number or NUL bytes (UTF-16 with a BOM is text).
fn binary_kind(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(8192)];
    let magic: &[(&[u8], &str)] = &[
        (
            b"%PDF",
            "PDF file (PDF text extraction is not supported yet; extract the text first)",
        ),
        (
            b"PK\x03\x04",
            "zip archive (or Office document); not supported",
        ),
        (b"\x89PNG", "PNG image; not text"),
        (b"\xFF\xD8\xFF", "JPEG image; not text"),
        (b"GIF8", "GIF image; not text"),
        (b"\x1F\x8B", "gzip archive; not supported"),
        (b"\xD0\xCF\x11\xE0", "legacy Office document; not supported"),
    ];
    for (m, what) in magic {
        if head.starts_with(m) {
            return Some(what.to_string());
        }
    }
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return None;
    }
    if head.contains(&0) {
        return Some("binary file (contains NUL bytes); not text".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let s = "令和2年度の科学技術";
        let (sj, _, _) = encoding_rs::SHIFT_JIS.encode(s);
        assert_eq!(decode(&sj, false).unwrap().text, s);
        let (euc, _, _) = encoding_rs::EUC_JP.encode(s);
        assert_eq!(decode(&euc, false).unwrap().text, s);
        let mut u16 = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&u16, false).unwrap().text, s);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom, false).unwrap().text, s);
    }

    #[test]
    fn refusals() {
        assert_eq!(decode(b"", false), Err(SkipReason::Empty));
        assert!(matches!(
            decode(b"%PDF-1.7", false),
            Err(SkipReason::Binary(_))
        ));
        assert!(matches!(
            decode(b"ab\0cd", false),
            Err(SkipReason::Binary(_))
        ));
    }
}
