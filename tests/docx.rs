//! Word documents as a user indexes them: the committed fixtures (made from the shipped
//! English and Japanese chapters, see `tests/fixtures/docx/README.md`) give section paths,
//! linked footnotes, list labels, `table` passages and metadata from the core properties;
//! hand-made packages cover custom heading styles, `見出し 1` names, endnotes and `NOTEREF`
//! fields; damaged files and other Office formats are skipped with one line each while the
//! rest index.

mod common;

use common::{run, s, ROOT};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const EN_DOCX: &str = "tests/fixtures/docx/mext-wpst-2021-p2c5-excerpt.docx";
const JA_DOCX: &str = "tests/fixtures/docx/soumu-ict-2021-p2c5-excerpt.docx";
const EN_ID: &str = "mext-wpst-2021-p2c5-excerpt";
const JA_ID: &str = "soumu-ict-2021-p2c5-excerpt";

fn fixture(rel: &str) -> PathBuf {
    Path::new(ROOT).join(rel)
}

/// An index of the two fixtures, built once.
fn index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("polsearch-docx-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = run(&[
            "index",
            s(&fixture(EN_DOCX)),
            s(&fixture(JA_DOCX)),
            "--index",
            s(&dir),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

fn json_at(idx: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--index", s(idx), "--json"]);
    let out = run(&all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

fn search_at(idx: &Path, query: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["search", query, "--limit", "10000"];
    args.extend_from_slice(extra);
    json_at(idx, &args)["hits"].as_array().unwrap().clone()
}

fn search(query: &str, extra: &[&str]) -> Vec<Value> {
    search_at(index(), query, extra)
}

fn path_of(h: &Value) -> Vec<&str> {
    h["section_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// Line `n` (1-based) of a shipped corpus file, trimmed.
fn corpus_line(file: &str, n: usize) -> String {
    let text = std::fs::read_to_string(Path::new(ROOT).join("corpus").join(file)).unwrap();
    text.lines().nth(n - 1).unwrap().trim().to_string()
}

#[test]
fn headings_become_section_paths_and_lines_count_paragraphs() {
    let hits = search("corporatization of national universities", &[]);
    let h = &hits[0];
    assert_eq!(h["document"]["id"], EN_ID);
    assert_eq!(
        path_of(h),
        vec![
            corpus_line("en/mext-white-paper-2021-part2-ch5.txt", 3).as_str(),
            "Section 1 Enhancing Mechanisms for Promoting Open-innovation",
            "① Enhancing systems of promotion in companies, universities, and public research institutes",
            "(1) Current status of domestic and international industry-academia collaborative activities",
            "A. Status of industry-academia-government collaboration at universities",
        ]
    );
    assert_eq!(h["paragraph"], 1);
    // Heading, paragraph, heading, paragraph, three headings, then this one.
    assert_eq!(h["lines"]["start"], 8);
    assert_eq!(h["lines"]["end"], 8);
    assert_eq!(h["lines"]["unit"], "paragraph");
    // The whole paragraph, as the corpus has it.
    assert_eq!(
        h["text"],
        corpus_line("en/mext-white-paper-2021-part2-ch5.txt", 18)
    );

    // Japanese: heading styles with Japanese Word's ids ("1", "2", …) and an aiueo-numbered
    // heading level (ア, イ).
    let hits = search("日本通信株式会社", &[]);
    assert_eq!(
        path_of(&hits[0]),
        vec![
            "第5章　ICT政策の動向",
            "第2節　電気通信事業政策の展開",
            "1　公正競争の促進",
            "（3）電気通信紛争処理委員会によるあっせん・仲裁等",
            "イ　委員会の活動の状況",
        ]
    );
    // Text output cites the paragraph, not a line range.
    let out = run(&["search", "日本通信株式会社", "--index", s(index())]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("{JA_DOCX}, paragraph 15")), "{text}");
}

#[test]
fn every_source_paragraph_is_a_passage() {
    let en = |n| corpus_line("en/mext-white-paper-2021-part2-ch5.txt", n);
    let ja = |n| corpus_line("ja/soumu-ict-white-paper-2021-part2-ch5.txt", n);
    let all: Vec<Value> = search("", &["--doc", EN_ID])
        .into_iter()
        .chain(search("", &["--doc", JA_ID]))
        .collect();
    let texts: Vec<&str> = all.iter().map(|h| h["text"].as_str().unwrap()).collect();
    for want in [
        en(5),
        en(9),
        en(139),
        en(169),
        ja(4),
        ja(5),
        ja(33),
        ja(47),
        ja(49),
    ] {
        assert!(texts.contains(&want.as_str()), "missing: {want}");
    }
}

#[test]
fn footnotes_are_linked_findable_and_passages_of_their_own() {
    let hits = search("\"Nanotech Career-up Alliance\"", &[]);
    let body = hits
        .iter()
        .find(|h| h["kind"] == "body")
        .expect("the citing passage");
    assert!(body["text"]
        .as_str()
        .unwrap()
        .contains("“Nanotech CU PAL¹”"));
    assert_eq!(body["footnotes"][0]["marker"], "¹");
    assert_eq!(body["footnotes"][0]["text"], "Nanotech Career-up Alliance");
    let note = hits
        .iter()
        .find(|h| h["kind"] == "footnote")
        .expect("the note");
    assert_eq!(note["text"], "¹ Nanotech Career-up Alliance");
    assert_eq!(note["lines"], body["lines"]);
    assert_eq!(path_of(note), path_of(body));

    // Word numbers notes through the document: ITU's note is the fifth.
    let hits = search("\"International Telecommunication Union\"", &[]);
    let body = hits.iter().find(|h| h["kind"] == "body").unwrap();
    assert!(body["text"].as_str().unwrap().contains("the ITU⁵ and"));
    // Two notes on one passage, in order.
    let hits = search("\"Technical Committee\"", &["--doc", EN_ID]);
    let body = hits.iter().find(|h| h["kind"] == "body").unwrap();
    let markers: Vec<&str> = body["footnotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["marker"].as_str().unwrap())
        .collect();
    assert_eq!(markers, vec!["⁶", "⁷", "⁸"]);

    // Japanese: the note's renamed study group is found through the passage citing it.
    let hits = search("接続料の算定等に関する研究会", &[]);
    let body = hits
        .iter()
        .find(|h| h["kind"] == "body")
        .expect("citing passage");
    assert!(body["text"]
        .as_str()
        .unwrap()
        .contains("「接続料の算定に関する研究会¹」を開催"));
    assert!(body["footnotes"][0]["text"]
        .as_str()
        .unwrap()
        .contains("名称が改められた"));
    assert!(hits.iter().any(|h| h["kind"] == "footnote"));
}

#[test]
fn tables_lists_and_captions() {
    let hits = search("\"Licensed patents\"", &[]);
    let t = hits
        .iter()
        .find(|h| h["kind"] == "table")
        .expect("a table passage");
    let text = t["text"].as_str().unwrap();
    assert!(text.starts_with("Indicator (FY2019) | Value | Change from the previous year\n"));
    assert!(text.contains("\nLicensed patents | 18,784 |"), "{text}");
    assert_eq!(t["lines"]["unit"], "paragraph");
    assert!(t["lines"]["end"].as_u64() > t["lines"]["start"].as_u64());
    let caption = search("\"Transition in achievements\"", &[]);
    assert!(caption.iter().any(|h| h["kind"] == "caption"));

    let hits = search("仲裁", &["--doc", JA_ID]);
    let t = hits
        .iter()
        .find(|h| h["kind"] == "table")
        .expect("Japanese table");
    assert!(t["text"].as_str().unwrap().contains("あっせん | 69件"));

    // List numbering as item labels: "1)" decimal, "①" enclosed.
    let hits = search("A-STEP", &[]);
    assert!(hits.iter().any(|h| h["text"]
        .as_str()
        .unwrap()
        .starts_with("1) the Adaptable & Seamless")));
    let hits = search("S-INNOVATION", &[]);
    assert!(hits.iter().any(|h| h["text"]
        .as_str()
        .unwrap()
        .starts_with("2) the Strategic Promotion")));
    let hits = search("POLQA", &[]);
    assert_eq!(
        hits[0]["text"],
        "②総合品質は、エンド・ツー・エンドの区間で、遅延とPOLQA値による規定とすること。"
    );
}

#[test]
fn core_properties_fill_what_the_catalog_does_not_set() {
    let docs = json_at(index(), &["docs"]);
    let docs = docs["documents"].as_array().unwrap();
    let en = docs.iter().find(|d| d["id"] == EN_ID).unwrap();
    assert_eq!(
        en["title"],
        "White Paper on Science and Technology 2021, Part 2, Chapter 5 (excerpt)"
    );
    assert_eq!(en["year"], 2021);
    assert_eq!(en["lang"], "en");
    assert_eq!(en["encoding"], "docx");
    let ja = docs.iter().find(|d| d["id"] == JA_ID).unwrap();
    assert_eq!(
        ja["title"],
        "令和3年版 情報通信白書 第2部第5章 ICT政策の動向（抜粋）"
    );
    assert_eq!(ja["lang"], "ja");
    // The creator is the author citations name; the note cites the paragraph.
    let hit = &search("POLQA", &[])[0];
    let out = run(&[
        "cite",
        hit["id"].as_str().unwrap(),
        "--format",
        "ris",
        "--index",
        s(index()),
    ]);
    let ris = String::from_utf8(out.stdout).unwrap();
    assert!(ris.contains("AU  - 総務省"), "{ris}");
    assert!(ris.contains("PY  - 2021"), "{ris}");
    assert!(
        ris.contains(&format!("paragraph 35 of {}", fixture(JA_DOCX).display())),
        "{ris}"
    );

    // A catalog entry wins over the core properties.
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("guide.docx");
    std::fs::copy(fixture(EN_DOCX), &copy).unwrap();
    std::fs::write(
        tmp.path().join("catalog.toml"),
        "[[document]]\npath = \"guide.docx\"\nid = \"guide\"\ntitle = \"Catalog title\"\nyear = 2020\n",
    )
    .unwrap();
    let idx = tmp.path().join("index");
    let out = run(&["index", s(tmp.path()), "--index", s(&idx)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = json_at(&idx, &["docs"]);
    let d = &docs["documents"][0];
    assert_eq!(
        (d["title"].as_str(), d["year"].as_u64()),
        (Some("Catalog title"), Some(2020))
    );
    // Unchanged files are not read again; the index is in sync.
    let out = run(&["check", s(tmp.path()), "--index", s(&idx)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

// ------------------------------------------------------------------------------------------
// Hand-made packages
// ------------------------------------------------------------------------------------------

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn package(files: &[(&str, String)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        z.start_file(*name, opts).unwrap();
        z.write_all(data.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn para(style: &str, body: &str) -> String {
    let ppr = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
    };
    format!("<w:p>{ppr}{body}</w:p>")
}

fn run_text(t: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#)
}

/// A Word package with a custom heading style based on Heading 2, a style named `見出し 1`,
/// a footnote cited again through a NOTEREF field, and an endnote.
fn edge_case_docx() -> Vec<u8> {
    let styles = format!(
        r#"<w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="a1"><w:name w:val="見出し 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="PolicyHeading"><w:name w:val="Policy Heading"/><w:basedOn w:val="Heading2"/></w:style>
</w:styles>"#
    );
    let body = [
        para("a1", &run_text("第1章　総則")),
        para("PolicyHeading", &run_text("Startup ecosystem cities")),
        para(
            "",
            &format!(
                r#"{}<w:bookmarkStart w:id="1" w:name="_Ref100"/><w:r><w:footnoteReference w:id="1"/></w:r><w:bookmarkEnd w:id="1"/>{}"#,
                run_text("Global Startup Cities were selected"),
                run_text(" in July 2020.")
            ),
        ),
        para(
            "",
            &format!(
                r#"{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> NOTEREF _Ref100 \f \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>{}"#,
                run_text("Platform cities were selected as well"),
                run_text(".")
            ),
        ),
        para(
            "",
            &format!(
                r#"{}<w:r><w:endnoteReference w:id="1"/></w:r>"#,
                run_text("Funding continues in FY2021")
            ),
        ),
    ]
    .concat();
    let document = format!(r#"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#);
    let footnotes = format!(
        r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote></w:footnotes>"#,
        run_text(" Tokyo, Nagoya, Osaka-Kyoto-Kobe and Fukuoka")
    );
    let endnotes = format!(
        r#"<w:endnotes {NS}><w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>{}</w:p></w:endnote></w:endnotes>"#,
        run_text(" Budget of the Cabinet Office")
    );
    package(&[
        ("word/document.xml", document),
        ("word/styles.xml", styles),
        ("word/footnotes.xml", footnotes),
        ("word/endnotes.xml", endnotes),
    ])
}

#[test]
fn custom_heading_styles_japanese_names_endnotes_and_noteref_fields() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("edge.docx"), edge_case_docx()).unwrap();
    let idx = tmp.path().join("index");
    let out = run(&["index", s(tmp.path()), "--index", s(&idx)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let hits = search_at(&idx, "\"Nagoya\"", &[]);
    let bodies: Vec<&Value> = hits.iter().filter(|h| h["kind"] == "body").collect();
    assert_eq!(bodies.len(), 2, "{hits:#?}");
    for b in &bodies {
        assert_eq!(path_of(b), vec!["第1章　総則", "Startup ecosystem cities"]);
        assert_eq!(b["footnotes"][0]["marker"], "¹");
    }
    let texts: Vec<&str> = bodies.iter().map(|b| b["text"].as_str().unwrap()).collect();
    assert!(texts.contains(&"Global Startup Cities were selected¹ in July 2020."));
    assert!(texts.contains(&"Platform cities were selected as well¹."));

    let hits = search_at(&idx, "\"Cabinet Office\"", &[]);
    let body = hits.iter().find(|h| h["kind"] == "body").unwrap();
    assert_eq!(body["text"], "Funding continues in FY2021[^i]");
    assert_eq!(body["footnotes"][0]["text"], "Budget of the Cabinet Office");
    let note = hits.iter().find(|h| h["kind"] == "footnote").unwrap();
    assert_eq!(note["text"], "[^i] Budget of the Cabinet Office");
    // No core properties: the title is the first top-level heading.
    let docs = json_at(&idx, &["docs"]);
    assert_eq!(docs["documents"][0]["title"], "第1章　総則");
}

#[test]
fn bad_word_files_are_skipped_with_reasons_while_the_rest_index() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let good = std::fs::read(fixture(EN_DOCX)).unwrap();
    std::fs::write(corpus.join("good.docx"), &good).unwrap();
    std::fs::write(corpus.join("good-without-extension"), &good).unwrap();
    let broken_xml = package(&[(
        "word/document.xml",
        format!("<w:document {NS}><w:body><w:p><w:r><w:t>cut</w:r></w:p></w:body></w:document>"),
    )]);
    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.docx",
            good[..good.len() / 2].to_vec(),
            "damaged Word file (.docx): not a readable zip archive",
        ),
        (
            "not-a-zip.docx",
            b"Just text saved with the wrong name".to_vec(),
            "damaged Word file (.docx): not a readable zip archive",
        ),
        (
            "no-document.docx",
            package(&[("docProps/core.xml", "<cp:coreProperties/>".into())]),
            "no main document (word/document.xml)",
        ),
        (
            "malformed.docx",
            broken_xml,
            "damaged Word file (.docx): word/document.xml: malformed XML at byte",
        ),
        ("empty.docx", Vec::new(), "0-byte file"),
        (
            "old.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec(),
            "Word 97–2003 binary format (.doc) is not read; save it as .docx",
        ),
        (
            "sheet.xlsx",
            good.clone(),
            "Excel workbook: spreadsheets are not read",
        ),
        (
            "slides.pptx",
            good.clone(),
            "PowerPoint presentation: slides are not read",
        ),
        (
            "renamed-sheet.docx",
            package(&[("xl/workbook.xml", "<workbook/>".into())]),
            "an Excel workbook, not a Word document",
        ),
    ];
    for (name, bytes, _) in &bad {
        std::fs::write(corpus.join(name), bytes).unwrap();
    }
    let idx = tmp.path().join("index");
    let out = run(&["index", s(&corpus), "--index", s(&idx)]);
    let e = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    for (name, _, why) in &bad {
        let prefix = format!("polsearch: skipped {}: ", corpus.join(name).display());
        let lines: Vec<&str> = e.lines().filter(|l| l.starts_with(&prefix)).collect();
        assert_eq!(lines.len(), 1, "{prefix} in\n{e}");
        assert!(lines[0].contains(why), "{} lacks {why:?}", lines[0]);
    }
    assert_eq!(
        e.lines().filter(|l| l.contains(": skipped ")).count(),
        bad.len(),
        "{e}"
    );
    // The good file, also when it has no extension, is indexed.
    let docs = json_at(&idx, &["docs"]);
    let paths: Vec<&str> = docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.iter().all(|p| p.contains("good")));
    assert!(!search_at(&idx, "\"Nanotech Career-up Alliance\"", &[]).is_empty());
}
