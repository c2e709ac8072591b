//! Bytes → text: BOMs (UTF-8, UTF-16 LE/BE), UTF-8, an encoding the file declares (HTML
//! `<meta charset>`, `<?xml encoding?>`), then the Japanese legacy encodings (Shift_JIS /
//! CP932, EUC-JP) and Windows-1252 by detection (chardetng). A few stray invalid bytes are
//! repaired (replaced by U+FFFD and counted); more than that, binary formats, 0-byte and blank
//! files are refused with a [`SkipReason`]. Line endings are kept (the parsers count CRLF, LF
//! and CR as an editor does).
//!
//! Depends on [`super::SkipReason`] only; the index writer calls it.

use super::SkipReason;
use encoding_rs::Encoding;

/// Longest line accepted as prose, in bytes.
pub const MAX_LINE: usize = 1 << 20;

/// Decoded text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text (without BOM).
    pub text: String,
    /// Encoding name (`UTF-8`, `UTF-16LE`, `Shift_JIS`, `EUC-JP`, …).
    pub encoding: &'static str,
    /// Invalid byte sequences replaced by U+FFFD (0 for a clean file).
    pub repaired: usize,
}

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(SkipReason::Binary(kind));
    }
    let decoded = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let d = with(enc, &bytes[bom..]);
        if !repairable(&d) {
            return Err(beyond_repair(&d));
        }
        d
    } else if let Ok(t) = std::str::from_utf8(bytes) {
        Decoded {
            text: t.to_string(),
            encoding: "UTF-8",
            repaired: 0,
        }
    } else {
        undeclared(bytes)?
    };
    if decoded.text.trim().is_empty() {
        return Err(SkipReason::Blank);
    }
    Ok(decoded)
}

/// Bytes with no BOM that are not valid UTF-8: the declared encoding, mostly-UTF-8 with a few
/// stray bytes, or the detector's guess (Japanese multi-byte, or a mostly-ASCII single-byte
/// text such as Windows-1252).
fn undeclared(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if let Some(enc) = declared_encoding(bytes) {
        let d = with(enc, bytes);
        if d.repaired == 0 || (enc != encoding_rs::UTF_8 && repairable(&d)) {
            return Ok(d);
        }
    }
    // Mostly valid UTF-8 (many multi-byte characters, a few bad bytes): repair it.
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    if good >= 20 * bad {
        let d = with(encoding_rs::UTF_8, bytes);
        if repairable(&d) {
            return Ok(d);
        }
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(None, false);
    let japanese = [
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_JP,
        encoding_rs::ISO_2022_JP,
    ];
    let mut worst = with(guess, bytes);
    // The Japanese encodings (the guess first), then Windows-1252 for mostly-ASCII text
    // (English with curly quotes or accents); a single-byte encoding decodes any bytes, so it
    // is never accepted for a stream of high bytes.
    let mut candidates = vec![guess];
    candidates.extend(japanese.iter().copied().filter(|e| *e != guess));
    candidates.push(encoding_rs::WINDOWS_1252);
    for enc in candidates {
        let d = with(enc, bytes);
        let ok = if japanese.contains(&enc) {
            repairable(&d)
        } else {
            let letters = d.text.chars().filter(|c| !c.is_whitespace()).count();
            let non_ascii = d.text.chars().filter(|c| !c.is_ascii()).count();
            d.repaired == 0 && non_ascii * 10 <= letters
        };
        if ok {
            return Ok(d);
        }
        if enc == guess {
            worst = d;
        }
    }
    Err(beyond_repair(&Decoded {
        repaired: worst.repaired.max(bad),
        ..worst
    }))
}

/// Decodes with one encoding (no BOM sniffing), counting replaced sequences.
fn with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (t, had_errors) = enc.decode_without_bom_handling(bytes);
    let repaired = if had_errors {
        // U+FFFD present in the source decodes to itself; count only the new ones.
        let before = if enc == encoding_rs::UTF_8 {
            bytes
                .utf8_chunks()
                .map(|c| c.valid().matches('\u{FFFD}').count())
                .sum()
        } else {
            0
        };
        t.matches('\u{FFFD}').count().saturating_sub(before).max(1)
    } else {
        0
    };
    Decoded {
        text: t.into_owned(),
        encoding: enc.name(),
        repaired,
    }
}

/// A few stray bytes in a real text are repaired: at most one per 100 characters (three in
/// a short text).
fn repairable(d: &Decoded) -> bool {
    d.repaired * 100 <= d.text.chars().count().max(300)
}

fn beyond_repair(d: &Decoded) -> SkipReason {
    SkipReason::Undecodable(format!(
        "{} invalid byte sequences in {} characters (not UTF-8, UTF-16, Shift_JIS, EUC-JP or Windows-1252 text)",
        d.repaired,
        d.text.chars().count()
    ))
}

/// The encoding a file declares in its first KB: `<meta charset="…">`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">` or `<?xml … encoding="…"?>`.
/// UTF-16 labels are ignored (such a file would not be ASCII-readable).
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let head: String = head
        .iter()
        .map(|&b| if b.is_ascii() { b as char } else { ' ' })
        .collect::<String>()
        .to_ascii_lowercase();
    let label = if head.trim_start().starts_with("<?xml") {
        let decl = &head[..head.find("?>").unwrap_or(head.len())];
        let at = decl.find("encoding")?;
        let rest = decl[at + "encoding".len()..]
            .trim_start()
            .strip_prefix('=')?;
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        let rest = rest.strip_prefix(['"', '\''])?;
        rest[..rest.find(quote)?].to_string()
    } else {
        let mut found = None;
        for (at, _) in head.match_indices("<meta") {
            let tag = &head[at..head[at..].find('>').map_or(head.len(), |e| at + e)];
            if let Some(c) = tag.find("charset") {
                let rest = tag[c + "charset".len()..].trim_start().strip_prefix('=')?;
                let rest = rest.trim_start().trim_start_matches(['"', '\'']);
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "-_:.".contains(c)))
                    .unwrap_or(rest.len());
                found = Some(rest[..end].to_string());
                break;
            }
        }
        found?
    };
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    (enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE).then_some(enc)
}

/// The longest line of a text in bytes (LF, CRLF and CR end lines).
pub fn longest_line(text: &str) -> usize {
    text.split(['\n', '\r']).map(str::len).max().unwrap_or(0)
}

/// Refuses a text whose longest line exceeds [`MAX_LINE`] (minified or binary data, not
/// prose).
pub fn check_lines(text: &str) -> Result<(), SkipReason> {
    let longest = longest_line(text);
    if longest > MAX_LINE {
        return Err(SkipReason::HugeLine(longest, MAX_LINE));
    }
    Ok(())
}

/// Binary formats recognised by file extension whatever their content, with the reason.
pub fn binary_extension(ext: &str) -> Option<&'static str> {
    Some(match ext.to_ascii_lowercase().as_str() {
        "pdf" => PDF,
        "doc" => "Word 97–2003 binary format (.doc) is not read; save it as .docx",
        "xls" | "xlsx" | "xlsm" => {
            "Excel workbook: spreadsheets are not read; save the text as .txt"
        }
        "ppt" | "pptx" | "pptm" => {
            "PowerPoint presentation: slides are not read; save the text as .docx or .txt"
        }
        "odt" | "ods" | "odp" => "OpenDocument file: not read; save it as .docx or text",
        "rtf" => "RTF document: not read; save it as .docx",
        "zip" | "gz" | "tgz" | "bz2" | "xz" | "7z" | "rar" | "tar" | "lzh" => {
            "archive: not supported; unpack it first"
        }
        "png" | "jpg" | "jpeg" | "gif" | "tif" | "tiff" | "bmp" | "webp" | "heic" | "svg" => {
            "image: not text"
        }
        "exe" | "dll" | "so" | "dylib" | "bin" | "o" | "class" | "jar" => {
            "executable or binary file: not text"
        }
        _ => return None,
    })
}

const PDF: &str = "PDF file: text extraction from PDF is not supported yet (planned for a later \
                   version); extract the text first";

/// Recognises binary files by magic number or NUL bytes (UTF-16 with a BOM is text).
fn binary_kind(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(8192)];
    let magic: &[(&[u8], &str)] = &[
        (b"%PDF", PDF),
        (
            b"PK\x03\x04",
            "zip archive (or Office document): not supported",
        ),
        (b"\x89PNG", "PNG image: not text"),
        (b"\xFF\xD8\xFF", "JPEG image: not text"),
        (b"GIF8", "GIF image: not text"),
        (b"II*\0", "TIFF image: not text"),
        (b"MM\0*", "TIFF image: not text"),
        (b"\x1F\x8B", "gzip archive: not supported"),
        (b"7z\xBC\xAF", "7-Zip archive: not supported"),
        (b"Rar!", "RAR archive: not supported"),
        (b"\xD0\xCF\x11\xE0", "legacy Office document: not supported"),
        (
            b"{\\rtf",
            "RTF document: not supported; save it as text first",
        ),
        (b"\x7FELF", "executable: not text"),
    ];
    for (m, what) in magic {
        if head.starts_with(m) {
            return Some(what.to_string());
        }
    }
    if head.len() > 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some("WebP image: not text".into());
    }
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    if head.contains(&0) {
        return Some("binary file (contains NUL bytes): not text".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const JA: &str =
        "第1章 科学技術の振興\n\n令和2年度の科学技術・イノベーション基本計画について、\
                      総合科学技術・イノベーション会議で検討した。①研究開発の推進、㈱の連携。\n";

    #[test]
    fn encodings() {
        let (sj, _, _) = encoding_rs::SHIFT_JIS.encode(JA);
        let d = decode(&sj).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (JA, "Shift_JIS"));
        let (euc, _, _) = encoding_rs::EUC_JP.encode(JA);
        let d = decode(&euc).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (JA, "EUC-JP"));
        for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
            let mut u16 = bom.to_vec();
            for u in JA.encode_utf16() {
                u16.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            assert_eq!(decode(&u16).unwrap().text, JA);
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(JA.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, JA);
        let (w, _, _) = encoding_rs::WINDOWS_1252.encode("The \u{201C}Moonshot\u{201D} programme.");
        assert_eq!(
            decode(&w).unwrap().text,
            "The \u{201C}Moonshot\u{201D} programme."
        );
    }

    #[test]
    fn declared_charset_wins() {
        let html = format!(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body>{JA}</body></html>"
        );
        let (sj, _, _) = encoding_rs::SHIFT_JIS.encode(&html);
        assert_eq!(declared_encoding(&sj), Some(encoding_rs::SHIFT_JIS));
        assert_eq!(decode(&sj).unwrap().encoding, "Shift_JIS");
        let xml = "<?xml version=\"1.0\" encoding='EUC-JP'?><Law/>";
        assert_eq!(declared_encoding(xml.as_bytes()), Some(encoding_rs::EUC_JP));
    }

    #[test]
    fn stray_bytes_are_repaired_noise_is_refused() {
        let mut b = JA.repeat(3).into_bytes();
        b.insert(20, 0xFF);
        let d = decode(&b).unwrap();
        assert_eq!((d.encoding, d.repaired), ("UTF-8", 1));
        let noise: Vec<u8> = (0..4000u32)
            .map(|i| 0x80 + (i.wrapping_mul(2_654_435_761) >> 25) as u8)
            .collect();
        assert!(matches!(decode(&noise), Err(SkipReason::Undecodable(_))));
    }

    #[test]
    fn refusals() {
        assert_eq!(decode(b""), Err(SkipReason::Empty));
        assert_eq!(decode(b" \r\n\t\n"), Err(SkipReason::Blank));
        assert!(matches!(decode(b"%PDF-1.7"), Err(SkipReason::Binary(_))));
        assert!(matches!(decode(b"ab\0cd"), Err(SkipReason::Binary(_))));
        assert!(check_lines(&"a".repeat(MAX_LINE + 1)).is_err());
        assert!(check_lines("short\r\nlines").is_ok());
    }
}
