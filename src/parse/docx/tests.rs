//! Unit tests of the Word parser on hand-written parts (no zip): styles, numbering, tables,
//! notes, fields and what is left out.

use super::*;
use crate::model::{Passage, PassageKind};

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn doc(body: &str) -> Part {
    Part::new(
        "word/document.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        ),
    )
}

fn styles(defs: &str) -> Part {
    Part::new(
        "word/styles.xml",
        format!(r#"<w:styles {NS}>{defs}</w:styles>"#),
    )
}

fn numbering(defs: &str) -> Part {
    Part::new(
        "word/numbering.xml",
        format!(r#"<w:numbering {NS}>{defs}</w:numbering>"#),
    )
}

fn notes(kind: &str, defs: &str) -> Part {
    Part::new(
        &format!("word/{kind}s.xml"),
        format!(
            r#"<w:{kind}s {NS}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>CONTINUED</w:t></w:r></w:p></w:{kind}>{defs}</w:{kind}s>"#
        ),
    )
}

fn style(id: &str, name: &str, extra: &str) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/>{extra}</w:style>"#
    )
}

/// A paragraph of one run, with a style (or none).
fn p(style: &str, text: &str) -> String {
    let ppr = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
    };
    format!(r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A list paragraph.
fn li(num: u32, ilvl: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn parse_parts(parts: Parts) -> Parsed {
    parse(&parts).expect("parses").parsed
}

fn body_only(body: &str) -> Parsed {
    parse_parts(Parts {
        document: doc(body),
        ..Default::default()
    })
}

fn texts(p: &[Passage]) -> Vec<&str> {
    p.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn headings_from_names_outline_levels_and_based_on_chains() {
    let st = styles(
        &[
            // Japanese Word: id "1", built-in name.
            style(
                "1",
                "heading 1",
                r#"<w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr>"#,
            ),
            style("a", "Normal", ""),
            // A tool that wrote the Japanese name.
            style("Midashi2", "見出し 2", ""),
            style(
                "Heading2",
                "heading 2",
                r#"<w:pPr><w:outlineLvl w:val="1"/></w:pPr>"#,
            ),
            // Custom styles: based on Heading 2; an outline level of its own; body text based on a heading.
            style(
                "PolicyHead",
                "Policy Heading",
                r#"<w:basedOn w:val="Heading2"/>"#,
            ),
            style(
                "Deep",
                "Deep Head",
                r#"<w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr>"#,
            ),
            style(
                "NotHead",
                "Lead-in",
                r#"<w:basedOn w:val="Heading2"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr>"#,
            ),
            style("Cyc1", "Cycle one", r#"<w:basedOn w:val="Cyc2"/>"#),
            style("Cyc2", "Cycle two", r#"<w:basedOn w:val="Cyc1"/>"#),
        ]
        .concat(),
    );
    let body = [
        p("1", "第5章　ICT政策の動向"),
        p("Midashi2", "第1節　総合戦略の推進"),
        p("", "本文です。"),
        p("PolicyHead", "Section 2 Custom"),
        p("Deep", "Deep level"),
        p("NotHead", "Lead-in text"),
        p("Heading4", "Undefined but named by its id"),
        p("Cyc1", "Cyclic styles end"),
        r#"<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Direct outline</w:t></w:r></w:p>"#.to_string(),
        p("", "last"),
    ]
    .concat();
    let out = parse_parts(Parts {
        document: doc(&body),
        styles: Some(st),
        ..Default::default()
    });
    let h: Vec<(u8, &str)> = out
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str()))
        .collect();
    assert_eq!(
        h,
        vec![
            (1, "第5章　ICT政策の動向"),
            (2, "第1節　総合戦略の推進"),
            (2, "Section 2 Custom"),
            (3, "Deep level"),
            (4, "Undefined but named by its id"),
            (1, "Direct outline"),
        ]
    );
    assert_eq!(out.title.as_deref(), Some("第5章　ICT政策の動向"));
    let lead = out
        .passages
        .iter()
        .find(|p| p.text == "Lead-in text")
        .unwrap();
    assert_eq!(
        lead.section_path,
        vec!["第5章　ICT政策の動向", "Section 2 Custom", "Deep level"]
    );
    // Ordinals count paragraphs with text: headings included.
    assert_eq!((lead.line_start, lead.line_end), (6, 6));
    assert_eq!(
        out.passages.last().unwrap().section_path,
        vec!["Direct outline"]
    );
    assert_eq!(out.passages.last().unwrap().line_start, 10);
}

#[test]
fn japanese_heading_names_in_full_width_and_without_styles_xml() {
    let st = styles(&style("x1", "見出し１", ""));
    let out = parse_parts(Parts {
        document: doc(&[p("x1", "第1章"), p("", "a"), p("Heading1", "Other")].concat()),
        styles: Some(st),
        ..Default::default()
    });
    assert_eq!(out.headings.len(), 2);
    let out = body_only(&[p("Heading2", "Only an id"), p("", "text")].concat());
    assert_eq!(out.headings[0].level, 2);
    assert_eq!(out.passages[0].section_path, vec!["Only an id"]);
}

fn list_defs() -> String {
    [
        // 0: decimal "1." with a lowerLetter "(a)" level below.
        r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/><w:isLgl/></w:lvl></w:abstractNum>"#,
        // 1: aiueo full width, nothing after the label.
        r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="aiueoFullWidth"/><w:lvlText w:val="%1"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>"#,
        // 2: bullets.
        r#"<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>"#,
        // 3: chapter headings 第1章, full-width parenthesised level below.
        r#"<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>"#,
        // 4: a custom-format choice with a decimal fallback (the fallback is not read).
        r#"<w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>"#,
        r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
        r#"<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#,
        r#"<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>"#,
        r#"<w:num w:numId="5"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
        r#"<w:num w:numId="6"><w:abstractNumId w:val="4"/></w:num>"#,
    ]
    .concat()
}

#[test]
fn list_numbering_becomes_item_labels() {
    let st = styles(&style(
        "Heading1",
        "heading 1",
        r#"<w:pPr><w:numPr><w:numId w:val="4"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr>"#,
    ));
    let body = [
        p("Heading1", "総則"),
        li(1, 0, "First"),
        li(1, 1, "sub one"),
        li(1, 1, "sub two"),
        li(1, 2, "legal"),
        li(1, 0, "Second"),
        li(1, 1, "sub again"),
        li(2, 0, "電気通信"),
        li(2, 0, "放送"),
        li(3, 0, "bullet item"),
        li(4, 1, "細目"),
        li(5, 0, "restarted"),
        li(6, 0, "padded"),
        li(0, 0, "numbering removed"),
        li(99, 0, "unknown list"),
        p("Heading1", "雑則"),
    ]
    .concat();
    let out = parse_parts(Parts {
        document: doc(&body),
        styles: Some(st),
        numbering: Some(numbering(&list_defs())),
        ..Default::default()
    });
    assert_eq!(
        texts(&out.passages),
        vec![
            "1. First",
            "(a) sub one",
            "(b) sub two",
            "1.2.1 legal",
            "2. Second",
            "(a) sub again",
            "ア電気通信",
            "イ放送",
            "bullet item",
            "（１）\u{3000}細目",
            "1. restarted",
            "001 padded",
            "numbering removed",
            "unknown list",
        ]
    );
    let h: Vec<&str> = out.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(h, vec!["第1章\u{3000}総則", "第2章\u{3000}雑則"]);
}

#[test]
fn number_formats() {
    assert_eq!(format_number(4, "lowerRoman", None), "iv");
    assert_eq!(format_number(1994, "upperRoman", None), "MCMXCIV");
    assert_eq!(format_number(28, "lowerLetter", None), "bb");
    assert_eq!(format_number(3, "aiueo", None), "ｳ");
    assert_eq!(format_number(6, "aiueoFullWidth", None), "カ");
    assert_eq!(format_number(3, "irohaFullWidth", None), "ハ");
    assert_eq!(format_number(21, "japaneseCounting", None), "二十一");
    assert_eq!(format_number(110, "japaneseCounting", None), "百十");
    assert_eq!(format_number(3, "decimalEnclosedCircle", None), "③");
    assert_eq!(format_number(25, "decimalEnclosedCircle", None), "㉕");
    assert_eq!(format_number(2, "decimalEnclosedParen", None), "⑵");
    assert_eq!(format_number(12, "decimalFullWidth", None), "１２");
    assert_eq!(format_number(2, "ideographTraditional", None), "乙");
    assert_eq!(format_number(102, "ideographDigital", None), "一〇二");
    assert_eq!(format_number(13, "ordinal", None), "13th");
    assert_eq!(format_number(7, "custom", Some("01, 02, 03, ...")), "07");
    assert_eq!(format_number(7, "someFutureFormat", None), "7");
}

fn table(rows: &[(&[&str], bool)]) -> String {
    let mut s = String::from("<w:tbl><w:tblPr/>");
    for (cells, header) in rows {
        s.push_str("<w:tr>");
        if *header {
            s.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for c in *cells {
            s.push_str(&format!("<w:tc><w:tcPr/>{}</w:tc>", p("", c)));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

#[test]
fn tables_are_table_passages_split_with_their_header_rows() {
    let small = table(&[
        (&["区分", "件数"], true),
        (&["あっせん", "69件"], false),
        (&["仲裁", "3件"], false),
    ]);
    let out = body_only(&[p("Heading1", "表"), p("", "前"), small, p("", "後")].concat());
    let t = &out.passages[1];
    assert_eq!(t.kind, PassageKind::Table);
    assert_eq!(t.text, "区分 | 件数\nあっせん | 69件\n仲裁 | 3件");
    // Six cell paragraphs: ordinals 3–8, the paragraph after is 9.
    assert_eq!((t.line_start, t.line_end), (3, 8));
    assert_eq!(out.passages[2].line_start, 9);
    assert_eq!(t.paragraph, 2);

    let long = "x".repeat(400);
    let mut rows: Vec<(Vec<&str>, bool)> = vec![(vec!["Year", "Value"], true)];
    for _ in 0..20 {
        rows.push((vec!["2021", long.as_str()], false));
    }
    let rows: Vec<(&[&str], bool)> = rows.iter().map(|(c, h)| (c.as_slice(), *h)).collect();
    let out = body_only(&table(&rows));
    assert!(out.passages.len() >= 3, "{}", out.passages.len());
    for (i, t) in out.passages.iter().enumerate() {
        assert_eq!(t.kind, PassageKind::Table);
        assert!(t.text.starts_with("Year | Value\n"), "part {i}");
        assert!(t.text.len() <= TABLE_MAX + 500);
    }
    let rows_seen: usize = out
        .passages
        .iter()
        .map(|t| t.text.lines().count() - 1)
        .sum();
    assert_eq!(rows_seen, 20);
    // Ranges follow each other.
    for w in out.passages.windows(2) {
        assert_eq!(w[1].line_start, w[0].line_end + 1);
    }
}

#[test]
fn nested_tables_and_empty_rows() {
    let inner = table(&[(&["a", "b"], false), (&["c", "d"], false)]);
    let outer = format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{inner}</w:tc></w:tr><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
        p("", "outer"),
        p("", "")
    );
    let out = body_only(&outer);
    assert_eq!(texts(&out.passages), vec!["outer | a / b; c / d"]);
}

fn fn_ref(id: u32) -> String {
    format!(
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
    )
}

fn note(kind: &str, id: u32, text: &str) -> String {
    format!(
        r#"<w:{kind} w:id="{id}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>"#
    )
}

#[test]
fn footnotes_are_numbered_linked_and_passages_of_their_own() {
    let body = [
        p("Heading1", "Section 1"),
        format!(r#"<w:p><w:r><w:t>the ITU</w:t></w:r>{}<w:r><w:t xml:space="preserve"> and the OECD</w:t></w:r>{}<w:r><w:t>.</w:t></w:r></w:p>"#, fn_ref(7), fn_ref(3)),
        p("", "Next paragraph."),
        r#"<w:p><w:r><w:t>Custom</w:t></w:r><w:r><w:footnoteReference w:customMarkFollows="1" w:id="9"/><w:t>*</w:t></w:r></w:p>"#.to_string(),
    ]
    .concat();
    let out = parse_parts(Parts {
        document: doc(&body),
        footnotes: Some(notes(
            "footnote",
            &[
                note(
                    "footnote",
                    3,
                    "Organisation for Economic Co-operation and Development",
                ),
                note("footnote", 7, "International Telecommunication Union"),
                note("footnote", 9, "A custom-marked note"),
                note("footnote", 11, "Never referenced"),
            ]
            .concat(),
        )),
        ..Default::default()
    });
    let body_p = &out.passages[0];
    assert_eq!(body_p.text, "the ITU¹ and the OECD².");
    let f: Vec<(&str, &str, u32)> = body_p
        .footnotes
        .iter()
        .map(|f| (f.marker.as_str(), f.text.as_str(), f.line))
        .collect();
    assert_eq!(
        f,
        vec![
            ("¹", "International Telecommunication Union", 2),
            (
                "²",
                "Organisation for Economic Co-operation and Development",
                2
            ),
        ]
    );
    assert_eq!(
        texts(&out.passages),
        vec![
            "the ITU¹ and the OECD².",
            "¹ International Telecommunication Union",
            "² Organisation for Economic Co-operation and Development",
            "Next paragraph.",
            "Custom*",
            "* A custom-marked note",
        ]
    );
    assert_eq!(out.passages[1].kind, PassageKind::Footnote);
    assert_eq!(out.passages[1].line_start, 2);
    assert_eq!(out.passages[1].section_path, vec!["Section 1"]);
    assert!(!out
        .passages
        .iter()
        .any(|p| p.text.contains("CONTINUED") || p.text.contains("Never")));
}

#[test]
fn endnotes_and_note_formats() {
    let body = [
        r#"<w:p><w:r><w:t>Endnoted</w:t></w:r><w:r><w:endnoteReference w:id="2"/></w:r><w:r><w:t> twice</w:t></w:r><w:r><w:endnoteReference w:id="5"/></w:r></w:p>"#.to_string(),
        format!(r#"<w:p><w:r><w:t>Footnoted</w:t></w:r>{}</w:p>"#, fn_ref(1)),
    ]
    .concat();
    let parts = Parts {
        document: doc(&body),
        footnotes: Some(notes("footnote", &note("footnote", 1, "A footnote"))),
        endnotes: Some(notes(
            "endnote",
            &[
                note("endnote", 2, "First endnote"),
                note("endnote", 5, "Second endnote"),
            ]
            .concat(),
        )),
        ..Default::default()
    };
    let out = parse_parts(parts.clone());
    assert_eq!(out.passages[0].text, "Endnoted[^i] twice[^ii]");
    assert_eq!(out.passages[0].footnotes[1].text, "Second endnote");
    assert!(texts(&out.passages).contains(&"[^ii] Second endnote"));
    assert_eq!(
        out.passages
            .iter()
            .find(|p| p.text.starts_with("Footnoted"))
            .unwrap()
            .text,
        "Footnoted¹"
    );
    // Formats from the settings (and the start number).
    let settings = Part::new(
        "word/settings.xml",
        format!(
            r#"<w:settings {NS}><w:footnotePr><w:numFmt w:val="lowerLetter"/><w:footnote w:id="-1"/></w:footnotePr><w:endnotePr><w:numFmt w:val="decimal"/><w:numStart w:val="4"/></w:endnotePr></w:settings>"#
        ),
    );
    let out = parse_parts(Parts {
        settings: Some(settings),
        ..parts
    });
    assert_eq!(out.passages[0].text, "Endnoted⁴ twice⁵");
    assert!(texts(&out.passages).contains(&"Footnoted[^a]"));
}

#[test]
fn noteref_fields_link_the_note_they_point_to() {
    let body = [
        // The reference, inside the bookmark Word puts around it for cross-references.
        format!(r#"<w:p><w:r><w:t>Joint research</w:t></w:r><w:bookmarkStart w:id="0" w:name="_Ref7001"/>{}<w:bookmarkEnd w:id="0"/><w:r><w:t xml:space="preserve"> grew.</w:t></w:r></w:p>"#, fn_ref(1)),
        // A complex NOTEREF field formatted as a note mark (\f): its cached "9" is replaced.
        r#"<w:p><w:r><w:t>As noted</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> NOTEREF _Ref7001 \f \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> before.</w:t></w:r></w:p>"#.to_string(),
        // A simple field without \f: the number stays as written in the sentence.
        r#"<w:p><w:r><w:t xml:space="preserve">See note </w:t></w:r><w:fldSimple w:instr=" NOTEREF _Ref7001 \h "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t>.</w:t></w:r></w:p>"#.to_string(),
        // A NOTEREF to a bookmark that encloses no note: plain text, no link.
        r#"<w:p><w:r><w:t xml:space="preserve">Broken </w:t></w:r><w:fldSimple w:instr="NOTEREF _RefNone \f"><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>"#.to_string(),
    ]
    .concat();
    let out = parse_parts(Parts {
        document: doc(&body),
        footnotes: Some(notes(
            "footnote",
            &note("footnote", 1, "Universities and companies"),
        )),
        ..Default::default()
    });
    let by = |start: &str| {
        out.passages
            .iter()
            .find(|p| p.text.starts_with(start))
            .unwrap()
    };
    assert_eq!(by("Joint").text, "Joint research¹ grew.");
    assert_eq!(by("As noted").text, "As noted¹ before.");
    assert_eq!(
        by("As noted").footnotes[0].text,
        "Universities and companies"
    );
    assert_eq!(by("See note").text, "See note 1.");
    assert_eq!(by("See note").footnotes.len(), 1);
    assert_eq!(by("Broken").text, "Broken");
    assert!(by("Broken").footnotes.is_empty());
    // The note's own passage follows its first reference.
    assert_eq!(out.passages[1].text, "¹ Universities and companies");
}

#[test]
fn what_is_left_out_and_what_is_read_elsewhere() {
    let body = [
        // Tracked deletion, hidden run, field instructions, ruby reading.
        r#"<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>deleted</w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>inserted</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "https://example.org"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> link</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#.to_string(),
        r#"<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>かがく</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>科学</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>技術</w:t></w:r></w:p>"#.to_string(),
        // A text box: Choice read, Fallback (the same text again) not; it follows its paragraph.
        r#"<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Column box text</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Column box text</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#.to_string(),
        // Tabs and line breaks; a tracked style change keeps the new style.
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:pPrChange w:id="3"><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>New</w:t></w:r><w:r><w:tab/><w:t>heading</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:r><w:t>line one</w:t><w:br/><w:t>line two</w:t><w:br w:type="page"/><w:t>same line</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p/><w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>Contents entry</w:t></w:r></w:p>"#.to_string(),
    ]
    .concat();
    let out = body_only(&body);
    assert_eq!(
        texts(&out.passages),
        vec![
            "Kept inserted link",
            "科学技術",
            "Anchor",
            "Column box text",
            "line one\nline two same line",
        ]
    );
    assert_eq!(out.headings[0].text, "New heading");
    // The box follows its anchor; the TOC line counts as a paragraph but is no passage.
    assert_eq!(out.passages[3].line_start, 4);
    assert_eq!(out.passages[4].line_start, 6);
}

#[test]
fn title_and_caption_styles() {
    let st = styles(&[style("Title", "Title", ""), style("Caption", "caption", "")].concat());
    let out = parse_parts(Parts {
        document: doc(&[
            p("Title", "Guidelines on Open Innovation"),
            p("Caption", "Figure 1 Joint research"),
            p("Heading1", "1 Scope"),
        ]
        .concat()),
        styles: Some(st),
        ..Default::default()
    });
    assert_eq!(out.title.as_deref(), Some("Guidelines on Open Innovation"));
    assert_eq!(out.passages[0].kind, PassageKind::Body);
    assert_eq!(out.passages[1].kind, PassageKind::Caption);
}

#[test]
fn malformed_parts_are_errors_naming_the_part() {
    let bad = Parts {
        document: doc("<w:p><w:r><w:t>unclosed</w:r></w:p>"),
        ..Default::default()
    };
    let e = parse(&bad).unwrap_err();
    assert_eq!(e.part, "word/document.xml");
    assert!(
        e.to_string()
            .starts_with("word/document.xml: malformed XML at byte"),
        "{e}"
    );
    let cut = Parts {
        document: Part::new(
            "word/document.xml",
            format!("<w:document {NS}><w:body><w:p>"),
        ),
        ..Default::default()
    };
    assert!(parse(&cut).unwrap_err().msg.contains("ends inside"));
    let bad_styles = Parts {
        document: doc(&p("", "fine")),
        styles: Some(Part::new("word/styles.xml", "<w:styles><w:style>")),
        ..Default::default()
    };
    assert_eq!(parse(&bad_styles).unwrap_err().part, "word/styles.xml");
    let entity = Parts {
        document: doc("<w:p><w:r><w:t>&unknown;</w:t></w:r></w:p>"),
        ..Default::default()
    };
    assert!(parse(&entity).is_err());
}

#[test]
fn core_properties() {
    let core = Part::new(
        "docProps/core.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>情報通信白書 令和3年版</dc:title><dc:creator>総務省</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2021-06-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2021-07-30T09:00:00Z</dcterms:modified></cp:coreProperties>"#,
    );
    let d = parse(&Parts {
        document: doc(&p("", "x")),
        core: Some(core),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(d.core.title.as_deref(), Some("情報通信白書 令和3年版"));
    assert_eq!(d.core.creator.as_deref(), Some("総務省"));
    assert_eq!(d.core.year(), Some(2021));
    let unset = CoreProps {
        modified: Some("1601-01-01T00:00:00Z".into()),
        created: Some("2019-05-01".into()),
        ..Default::default()
    };
    assert_eq!(unset.year(), Some(2019));
    assert_eq!(CoreProps::default().year(), None);
}

#[test]
fn private_use_characters_in_the_source_cannot_forge_marks() {
    let out = body_only(&p("", "a\u{F0000}b"));
    assert_eq!(out.passages[0].text, "ab");
}
