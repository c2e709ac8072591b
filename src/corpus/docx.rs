//! Word packages (`.docx`): opening the zip, finding the parts through the package's
//! relationships, and reading them within bounds, for [`crate::parse::docx`] to parse.
//!
//! - The main document is the target of the package's `officeDocument` relationship
//!   (`_rels/.rels`), else `word/document.xml`; styles, numbering, footnotes, endnotes and
//!   settings are the targets of its own relationships (`word/_rels/document.xml.rels`), else
//!   their usual names; core properties (`docProps/core.xml`) likewise.
//! - Zip bombs are bounded: a part may unpack to at most [`MAX_PART`] bytes and all parts
//!   read together to [`MAX_TOTAL`], counted on the bytes actually inflated (the sizes a zip
//!   declares are not trusted).
//! - A package that is no zip, lacks its main document, holds a spreadsheet or a
//!   presentation instead, or whose parts are not UTF-8 / UTF-16 XML is a [`SkipReason`] in
//!   one line; nothing panics.
//!
//! Depends on [`super::SkipReason`] and [`crate::parse::docx`] (and on the `zip` crate).

use super::SkipReason;
use crate::parse::docx::{self, DocxParsed, Part, Parts};
use std::io::{Cursor, Read};

/// Largest size one part may unpack to (a 1,000-page report's `document.xml` is far less).
pub const MAX_PART: u64 = 64 << 20;
/// Largest size all parts read from one package may unpack to.
pub const MAX_TOTAL: u64 = 192 << 20;

/// What `docs` and the index record as a Word document's encoding; it also tells citations
/// that its "lines" count paragraphs.
pub const ENCODING: &str = "docx";

/// Extensions read as Word documents (macro-enabled documents and templates are the same
/// format).
pub fn is_word_extension(ext: &str) -> bool {
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "docx" | "docm" | "dotx" | "dotm"
    )
}

/// True when bytes are a zip holding a Word document (`word/document.xml`), whatever the
/// file is called.
pub fn looks_like_word(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && zip::ZipArchive::new(Cursor::new(bytes))
            .is_ok_and(|z| z.index_for_name("word/document.xml").is_some())
}

fn damaged(what: impl std::fmt::Display) -> SkipReason {
    SkipReason::Damaged(format!("damaged Word file (.docx): {what}"))
}

/// Reads and parses a Word document from the bytes of its package.
pub fn read(bytes: &[u8]) -> Result<DocxParsed, SkipReason> {
    let parts = read_parts(bytes)?;
    docx::parse(&parts).map_err(damaged)
}

/// The parts of a Word package, read within the size bounds.
pub fn read_parts(bytes: &[u8]) -> Result<Parts, SkipReason> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(SkipReason::Binary(
            "encrypted (password-protected) Word file, or a Word 97–2003 .doc renamed: not read; \
             save it as .docx without a password"
                .into(),
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("not a readable zip archive ({e})")))?;
    let mut budget = MAX_TOTAL;
    let mut get =
        |zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str| read_part(zip, name, &mut budget);

    let package_rels = get(&mut zip, "_rels/.rels")?;
    let main = package_rels
        .as_ref()
        .and_then(|r| target(r, "", "/officeDocument"))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(document) = get(&mut zip, &main)? else {
        let what = if zip.index_for_name("xl/workbook.xml").is_some() {
            "an Excel workbook, not a Word document: spreadsheets are not read"
        } else if zip.index_for_name("ppt/presentation.xml").is_some() {
            "a PowerPoint presentation, not a Word document: slides are not read"
        } else {
            return Err(damaged(format!("no main document ({main}) in the package")));
        };
        return Err(SkipReason::Binary(what.into()));
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let file = main.rsplit_once('/').map_or(main.as_str(), |(_, f)| f);
    let doc_rels = get(&mut zip, &format!("{dir}/_rels/{file}.rels"))?;
    let mut part = |kind: &str, default: &str| -> Result<Option<Part>, SkipReason> {
        let name = doc_rels
            .as_ref()
            .and_then(|r| target(r, dir, kind))
            .unwrap_or_else(|| format!("{dir}/{default}"));
        get(&mut zip, &name)
    };
    let styles = part("/styles", "styles.xml")?;
    let numbering = part("/numbering", "numbering.xml")?;
    let footnotes = part("/footnotes", "footnotes.xml")?;
    let endnotes = part("/endnotes", "endnotes.xml")?;
    let settings = part("/settings", "settings.xml")?;
    let core_name = package_rels
        .as_ref()
        .and_then(|r| target(r, "", "/core-properties"))
        .unwrap_or_else(|| "docProps/core.xml".to_string());
    let core = get(&mut zip, &core_name)?;
    Ok(Parts {
        document,
        styles,
        numbering,
        footnotes,
        endnotes,
        settings,
        core,
    })
}

/// Reads one part as text, `None` when the package has no such part.
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<Part>, SkipReason> {
    let name = name.trim_start_matches('/');
    let Some(index) = zip.index_for_name(name) else {
        return Ok(None);
    };
    let entry = zip
        .by_index(index)
        .map_err(|e| damaged(format!("{name}: {e}")))?;
    let limit = MAX_PART.min(*budget);
    let too_big = || {
        damaged(format!(
            "{name} unpacks to more than {} MiB (the limit for one part is {} MiB, for a \
             package {} MiB)",
            limit >> 20,
            MAX_PART >> 20,
            MAX_TOTAL >> 20
        ))
    };
    if entry.size() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(format!("{name}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    *budget -= bytes.len() as u64;
    let text = match encoding_rs::Encoding::for_bom(&bytes) {
        Some((enc, bom)) => {
            let (t, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
            if bad {
                return Err(damaged(format!("{name}: invalid {} text", enc.name())));
            }
            t.into_owned()
        }
        None => String::from_utf8(bytes).map_err(|_| damaged(format!("{name}: not UTF-8 text")))?,
    };
    Ok(Some(Part::new(name, text)))
}

/// The target of the first relationship whose type ends with `kind`, resolved against the
/// folder `base` of the part the relationships belong to (`""` for the package).
fn target(rels: &Part, base: &str, kind: &str) -> Option<String> {
    let mut r = quick_xml::Reader::from_str(&rels.text);
    loop {
        match r.read_event().ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.local_name().as_ref() == b"Relationship" =>
            {
                let attr = |k: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == k)
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                let external = attr(b"TargetMode").is_some_and(|m| m == "External");
                if !external && attr(b"Type").is_some_and(|t| t.ends_with(kind)) {
                    return attr(b"Target").map(|t| join(base, &t));
                }
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

/// A relationship target resolved against a folder (`word` + `../customXml/a.xml`).
fn join(base: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn package(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(method);
        for (name, data) in files {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    fn document(text: &str) -> String {
        format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
        )
    }

    #[test]
    fn parts_are_found_through_relationships() {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/main/doc.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="meta/core.xml"/></Relationships>"#;
        let doc_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/styles" TargetMode="External"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../shared/st.xml"/></Relationships>"#;
        let styles = format!(r#"<w:styles {W}/>"#);
        let core = r#"<cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></cp:coreProperties>"#;
        let doc = document("Hello");
        let bytes = package(
            &[
                ("_rels/.rels", rels.as_bytes()),
                ("main/doc.xml", doc.as_bytes()),
                ("main/_rels/doc.xml.rels", doc_rels.as_bytes()),
                ("shared/st.xml", styles.as_bytes()),
                ("meta/core.xml", core.as_bytes()),
            ],
            zip::CompressionMethod::Deflated,
        );
        let parts = read_parts(&bytes).unwrap();
        assert_eq!(parts.document.name, "main/doc.xml");
        assert_eq!(parts.styles.unwrap().name, "shared/st.xml");
        assert_eq!(parts.core.unwrap().name, "meta/core.xml");
        assert!(parts.numbering.is_none());
        let d = read(&bytes).unwrap();
        assert_eq!(d.parsed.passages[0].text, "Hello");
        assert_eq!(d.core.title.as_deref(), Some("T"));
        assert!(!looks_like_word(&bytes));
    }

    #[test]
    fn default_names_and_utf16_parts() {
        let doc = document("UTF-16 本文");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in doc.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let bytes = package(
            &[("word/document.xml", &utf16)],
            zip::CompressionMethod::Stored,
        );
        assert!(looks_like_word(&bytes));
        assert_eq!(read(&bytes).unwrap().parsed.passages[0].text, "UTF-16 本文");
    }

    #[test]
    fn damaged_packages_are_one_line_reasons() {
        let why = |bytes: &[u8]| read(bytes).unwrap_err().to_string();
        assert!(why(b"PK\x03\x04 truncated")
            .starts_with("damaged Word file (.docx): not a readable zip archive"));
        assert!(why(b"plain text").contains("not a readable zip archive"));
        let empty = package(&[("other.txt", b"x")], zip::CompressionMethod::Stored);
        assert_eq!(
            why(&empty),
            "damaged Word file (.docx): no main document (word/document.xml) in the package"
        );
        let xlsx = package(
            &[("xl/workbook.xml", b"<workbook/>")],
            zip::CompressionMethod::Stored,
        );
        assert!(why(&xlsx).contains("Excel workbook"));
        let pptx = package(
            &[("ppt/presentation.xml", b"<p/>")],
            zip::CompressionMethod::Stored,
        );
        assert!(why(&pptx).contains("PowerPoint"));
        let bad_xml = package(
            &[(
                "word/document.xml",
                format!("<w:document {W}><w:body><w:p>").as_bytes(),
            )],
            zip::CompressionMethod::Deflated,
        );
        assert!(why(&bad_xml)
            .starts_with("damaged Word file (.docx): word/document.xml: malformed XML"));
        let latin1 = package(
            &[("word/document.xml", b"<w:document>\xE9</w:document>")],
            zip::CompressionMethod::Stored,
        );
        assert!(why(&latin1).contains("not UTF-8"));
        assert!(why(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").contains("password"));
        for e in [&why(&bad_xml), &why(&empty)] {
            assert!(!e.contains('\n'));
        }
    }

    #[test]
    fn a_truncated_package_is_damaged() {
        let doc = document(&"word ".repeat(2000));
        let bytes = package(
            &[("word/document.xml", doc.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        for cut in [bytes.len() / 2, bytes.len() - 30, 40] {
            assert!(
                matches!(read(&bytes[..cut]), Err(SkipReason::Damaged(_))),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn zip_bombs_are_bounded() {
        // 80 MiB of one repeated byte deflates to about 80 KiB; it is refused after reading
        // at most MAX_PART + 1 bytes.
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(false);
        z.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..80 {
            z.write_all(&chunk).unwrap();
        }
        let bytes = z.finish().unwrap().into_inner();
        assert!(bytes.len() < 2 << 20, "{}", bytes.len());
        let why = read(&bytes).unwrap_err().to_string();
        assert!(why.contains("unpacks to more than 64 MiB"), "{why}");
    }

    #[test]
    fn relationship_targets_resolve() {
        assert_eq!(join("word", "styles.xml"), "word/styles.xml");
        assert_eq!(join("word", "../customXml/item.xml"), "customXml/item.xml");
        assert_eq!(join("word", "/word/document2.xml"), "word/document2.xml");
        assert_eq!(join("", "word/document.xml"), "word/document.xml");
    }
}
