//! Output: citations, and the text / JSON / JSON Lines printers for search results and
//! passages. Everything printed is computed by [`crate::search`]; the printers only format.
//! JSON is printed from the typed outputs of [`crate::wire`] (documented in `docs/json.md`).

use crate::index::{DocRecord, StoredPassage};
use crate::model::{Lang, LineUnit};
use crate::search::facets::{query_lang, FacetCounts, FacetNames};
use crate::search::highlight::Span;
use crate::search::SearchResponse;
use std::io::{self, Write};

/// Separator between section path elements.
pub const PATH_SEP: &str = " › ";

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// One JSON object.
    Json,
    /// One JSON object per hit, then a summary line.
    Jsonl,
}

/// Text styling: bold highlights on a terminal, plain otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use ANSI bold.
    pub bold: bool,
}

impl Style {
    /// From a `--color` choice: `always`, `never`, or `auto` ([`Style::detect`]).
    pub fn choose(choice: &str) -> Style {
        match choice {
            "always" => Style { bold: true },
            "never" => Style { bold: false },
            _ => Style::detect(),
        }
    }

    /// Bold when stdout is a terminal and `NO_COLOR` is unset.
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            bold: !no_color && io::stdout().is_terminal(),
        }
    }
}

/// The numbering label of a heading when it has one (`Section 6`, `②`, `(1)`, `A`, `第5章`,
/// `第2節`, `1`, `（1）`, `ア`, `第三十六条の二`); otherwise the heading itself, shortened.
pub fn short_heading(h: &str) -> String {
    use regex::Regex;
    use std::sync::OnceLock;
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    let res = RES.get_or_init(|| {
        [
            r"^(?:Chapter|Section|Part|Article)\s+\d+",
            r"^[①-⑳]",
            r"^[(（][0-9０-９]{1,3}[)）]",
            r"^[(（][ア-ンａ-ｚa-z][)）]",
            r"^[A-Z](?:\.|\s)",
            r"^第[0-9０-９〇一二三四五六七八九十百千]+[部編章節款目条](?:の[〇一二三四五六七八九十]+)?",
            r"^[0-9０-９]{1,3}(?:[　 ]|\.|$)",
            r"^[ア-ン](?:[　 ]|$)",
            r"^附則",
            r"^前文",
        ]
        .iter()
        .map(|r| Regex::new(r).expect("valid"))
        .collect()
    });
    let t = h.trim();
    for re in res {
        if let Some(m) = re.find(t) {
            return m.as_str().trim_end_matches(['.', ' ', '　']).to_string();
        }
    }
    let short: String = t.chars().take(24).collect();
    if short.len() < t.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// The citation line of a passage: `Title (edition), Section 6 › ② › (1), ¶n, path:a-b`;
/// a statute's label follows the title (`Accessible Canada Act, s. 5.1(2), …`).
pub fn citation(p: &StoredPassage, doc: Option<&DocRecord>) -> String {
    let mut out = String::new();
    if let Some(d) = doc {
        out.push_str(&d.meta.title);
        if let Some(ed) = d
            .meta
            .edition
            .clone()
            .or(d.meta.year.map(|y| y.to_string()))
        {
            out.push_str(&format!(" ({ed})"));
        }
    } else {
        out.push_str(&p.doc_id);
    }
    if let Some(label) = &p.passage.label {
        // `Accessible Canada Act, s. 5.1(2)`; `科学技術基本法 第五条第二項`
        out.push_str(if label.starts_with(|c: char| c.is_ascii()) {
            ", "
        } else {
            " "
        });
        out.push_str(label);
    }
    if !p.passage.section_path.is_empty() {
        out.push_str(", ");
        let short: Vec<String> = p
            .passage
            .section_path
            .iter()
            .map(|h| short_heading(h))
            .collect();
        out.push_str(&short.join(PATH_SEP));
    }
    out.push_str(&format!(", ¶{}", p.passage.paragraph));
    if let Some(d) = doc {
        out.push_str(", ");
        out.push_str(&locus(d, &p.passage));
    }
    out
}

/// Where a passage is in its file: `path:12-14` (lines), or `path, paragraph 12` in a Word
/// document, whose "lines" count paragraphs.
pub fn locus(d: &DocRecord, p: &crate::model::Passage) -> String {
    match d.line_unit() {
        LineUnit::Line => format!("{}:{}-{}", d.path, p.line_start, p.line_end),
        LineUnit::Paragraph => format!(
            "{}, {}",
            d.path,
            LineUnit::Paragraph.range(p.line_start, p.line_end, "-")
        ),
    }
}

/// The language facet names of a response are shown in (see [`query_lang`]).
fn response_lang(r: &SearchResponse) -> Lang {
    query_lang(&r.query, r.filters.lang)
}

/// Applies bold to spans of `text`.
pub fn emphasize(text: &str, spans: &[Span], style: Style) -> String {
    if !style.bold || spans.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + spans.len() * 8);
    let mut at = 0;
    for s in spans {
        if s.byte_start < at {
            continue;
        }
        out.push_str(&text[at..s.byte_start]);
        out.push_str("\x1b[1m");
        out.push_str(&text[s.byte_start..s.byte_end]);
        out.push_str("\x1b[0m");
        at = s.byte_end;
    }
    out.push_str(&text[at..]);
    out
}

/// Prints a search response; `names` names the facet values of its hits and counts (see
/// [`FacetNames::of_response`]).
pub fn print_search(
    w: &mut dyn Write,
    r: &SearchResponse,
    names: &FacetNames,
    format: Format,
    style: Style,
) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *w, &crate::wire::SearchOutput::new(r, names))?;
            writeln!(w)
        }
        Format::Jsonl => {
            for line in crate::wire::SearchOutput::new(r, names).lines() {
                serde_json::to_writer(&mut *w, &line)?;
                writeln!(w)?;
            }
            Ok(())
        }
        Format::Text => {
            for warning in &r.warnings {
                eprintln!("polsearch: warning: {warning}");
            }
            for h in &r.hits {
                let p = &h.passage;
                let title = h
                    .doc
                    .as_ref()
                    .map_or(p.doc_id.as_str(), |d| d.meta.title.as_str());

                writeln!(w, "{:>3}. [{:.2}] {}", h.rank, h.score, title)?;
                let mut sec = p.passage.section_path.join(PATH_SEP);
                if let Some(l) = &p.passage.label {
                    sec = if sec.is_empty() {
                        l.clone()
                    } else {
                        format!("{sec} ({l})")
                    };
                }
                writeln!(w, "     {} ¶{}", sec, p.passage.paragraph)?;
                let place = match &h.doc {
                    Some(d) => locus(d, &p.passage),
                    None => format!("?:{}-{}", p.passage.line_start, p.passage.line_end),
                };
                writeln!(w, "     {place}  {}", p.passage.id)?;
                let snip = emphasize(&h.snippet.text, &h.snippet.highlights, style);
                for line in snip.lines() {
                    writeln!(w, "     {line}")?;
                }
                writeln!(w)?;
            }
            for e in &r.expansions {
                eprintln!(
                    "polsearch: {} also searched as {}",
                    e.term,
                    e.aliases
                        .iter()
                        .map(|a| format!("{a:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if let Some(c) = &r.facet_counts {
                print_counts(w, c, names, response_lang(r))?;
            }
            let shown = r.hits.len();
            if r.total == 0 {
                writeln!(w, "no passages match {:?}", r.query)?;
            } else {
                writeln!(w, "{} of {} passages (offset {})", shown, r.total, r.offset)?;
            }
            Ok(())
        }
    }
}

/// Prints a passage with its neighbours (`show`).
pub fn print_show(
    w: &mut dyn Write,
    target: &StoredPassage,
    context: &[StoredPassage],
    doc: Option<&DocRecord>,
    names: &FacetNames,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json | Format::Jsonl => {
            let v = crate::wire::ShowOutput::new(target, context, doc, names);
            serde_json::to_writer(&mut *w, &v)?;
            writeln!(w)
        }
        Format::Text => {
            writeln!(w, "{}", citation(target, doc))?;
            let unit = doc.map_or(LineUnit::Line, DocRecord::line_unit);
            writeln!(w, "id: {}", target.passage.id)?;
            writeln!(w)?;
            let mut last_path: Option<&Vec<String>> = None;
            for p in context {
                if last_path != Some(&p.passage.section_path) {
                    writeln!(w, "[{}]", p.passage.section_path.join(PATH_SEP))?;
                    last_path = Some(&p.passage.section_path);
                }
                let mark = if p.passage.id == target.passage.id {
                    ">"
                } else {
                    " "
                };
                let range = match unit {
                    LineUnit::Line => {
                        format!("lines {}-{}", p.passage.line_start, p.passage.line_end)
                    }
                    u => u.range(p.passage.line_start, p.passage.line_end, "-"),
                };
                writeln!(w, "{mark} ¶{} ({range})", p.passage.paragraph)?;
                for line in p.passage.text.lines() {
                    writeln!(w, "{mark}   {line}")?;
                }
                for f in &p.passage.footnotes {
                    let at = unit.range(f.line, f.line, "-");
                    writeln!(w, "{mark}   [{}] {} ({at})", f.marker, f.text)?;
                }
                writeln!(w)?;
            }
            Ok(())
        }
    }
}

/// Prints facet counts as three short tables: ministries and programs one per line with
/// their names (in `lang`), most passages first; fiscal years on one line.
pub fn print_counts(
    w: &mut dyn Write,
    c: &FacetCounts,
    names: &FacetNames,
    lang: Lang,
) -> io::Result<()> {
    let table = |w: &mut dyn Write,
                 kind: &str,
                 counts: &std::collections::BTreeMap<String, u64>,
                 name: &dyn Fn(&str) -> String|
     -> io::Result<()> {
        let mut by: Vec<(&String, &u64)> = counts.iter().collect();
        by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        writeln!(w, "{kind}:{}", if by.is_empty() { " (none)" } else { "" })?;
        for (id, n) in by {
            writeln!(w, "  {}", named_row(id, *n, &name(id)))?;
        }
        Ok(())
    };
    table(w, "ministry", &c.ministry, &|id| {
        names.ministry_name(id, lang)
    })?;
    writeln!(
        w,
        "fy: {}",
        c.fy.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    table(w, "program", &c.program, &|id| names.program_name(id, lang))?;
    writeln!(w)
}

/// One row of a table of facet values: `id  passages  name` (the name only when it says more
/// than the id).
pub fn named_row(id: &str, passages: u64, name: &str) -> String {
    let id = pad(id, 24);
    if name.is_empty() || crate::facets::fold(name) == crate::facets::fold(id.trim_end()) {
        format!("{id} {passages:>8}")
    } else {
        format!("{id} {passages:>8}  {name}")
    }
}

/// `s` padded with spaces to `width` terminal columns (a kanji takes two), so tables of
/// Japanese and English values line up.
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod pad_tests {
    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(super::pad("事業", 6), "事業  ");
        assert_eq!(super::pad("abc", 6), "abc   ");
        assert_eq!(super::pad("toolongvalue", 4), "toolongvalue");
        let a = super::named_row("知財活用支援事業", 1, "");
        let b = super::named_row("satreps", 12, "");
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(a.as_str()),
            unicode_width::UnicodeWidthStr::width(b.as_str())
        );
    }
}

/// A horizontal bar chart of `(label, count)` rows, `width` columns wide: label (padded to
/// the widest label by display width, CJK characters counting two), count, and a bar scaled to
/// the largest count. `unicode` draws the bars with block elements in eighths (`█▊`);
/// otherwise with `#` (for pipes and `NO_COLOR`).
pub fn bar_chart(rows: &[(String, u64)], width: usize, unicode: bool) -> String {
    use unicode_width::UnicodeWidthStr;
    const MAX_LABEL: usize = 32;
    let fit = |s: &str| -> String {
        if s.width() <= MAX_LABEL {
            return s.to_string();
        }
        let mut out = String::new();
        for ch in s.chars() {
            if (out.clone() + &ch.to_string()).width() > MAX_LABEL - 1 {
                break;
            }
            out.push(ch);
        }
        out.push('…');
        out
    };
    let labels: Vec<String> = rows.iter().map(|r| fit(&r.0)).collect();
    let label_w = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let num_w = max.to_string().len();
    let bar_w = width.saturating_sub(label_w + num_w + 3).max(10);
    let mut out = String::new();
    for (label, (_, n)) in labels.iter().zip(rows) {
        // in eighths of a column
        let eighths = if max == 0 {
            0
        } else {
            ((*n as u128 * bar_w as u128 * 8 + max as u128 / 2) / max as u128) as usize
        };
        let eighths = if *n > 0 { eighths.max(1) } else { 0 };
        let bar = if unicode {
            const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
            format!("{}{}", "█".repeat(eighths / 8), PARTS[eighths % 8])
        } else {
            "#".repeat(((eighths + 4) / 8).max(usize::from(eighths > 0)))
        };
        let pad = " ".repeat(label_w - label.width());
        out.push_str(format!("{label}{pad} {n:>num_w$} {bar}").trim_end());
        out.push('\n');
    }
    out
}

/// A cross table of `(first, second, passages)` triples: the first key's values down (in the
/// order they come), the second's across (in the order first seen), empty cells for pairs
/// without a passage; columns aligned by display width.
pub fn cross_table(corner: &str, pairs: &[(String, String, u64)]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut rows: Vec<&str> = Vec::new();
    let mut cols: Vec<&str> = Vec::new();
    for (a, b, _) in pairs {
        if !rows.contains(&a.as_str()) {
            rows.push(a);
        }
        if !cols.contains(&b.as_str()) {
            cols.push(b);
        }
    }
    let cell = |a: &str, b: &str| {
        pairs
            .iter()
            .find(|p| p.0 == a && p.1 == b)
            .map_or(String::new(), |p| p.2.to_string())
    };
    let first_w = rows
        .iter()
        .map(|r| r.width())
        .chain([corner.width()])
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = cols
        .iter()
        .map(|c| {
            rows.iter()
                .map(|r| cell(r, c).len())
                .chain([c.width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let pad_left = |s: &str, w: usize| format!("{}{s}", " ".repeat(w.saturating_sub(s.width())));
    let pad_right = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let mut out = pad_right(corner, first_w);
    for (c, w) in cols.iter().zip(&widths) {
        out.push_str("  ");
        out.push_str(&pad_left(c, *w));
    }
    out.push('\n');
    for r in &rows {
        let mut line = pad_right(r, first_w);
        for (c, w) in cols.iter().zip(&widths) {
            line.push_str("  ");
            line.push_str(&pad_left(&cell(r, c), *w));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Columns of the terminal for charts: `$COLUMNS` when set, else 80.
pub fn chart_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c >= 20)
        .unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::{bar_chart, short_heading};

    #[test]
    fn bar_charts_scale_and_align_by_display_width() {
        let rows = vec![
            ("2020".to_string(), 4),
            ("情報通信白書".to_string(), 2),
            ("x".to_string(), 0),
        ];
        let ascii = bar_chart(&rows, 40, false);
        let lines: Vec<&str> = ascii.lines().collect();
        // label column 12 wide (6 CJK characters), count, bar of 40 - 12 - 1 - 3 = 24
        assert_eq!(lines[0], format!("2020         4 {}", "#".repeat(24)));
        assert_eq!(lines[1], format!("情報通信白書 2 {}", "#".repeat(12)));
        assert_eq!(lines[2], "x            0");
        let uni = bar_chart(&rows, 40, true);
        assert!(uni.lines().next().unwrap().ends_with(&"█".repeat(24)));
        assert!(bar_chart(&[("a".into(), 1), ("b".into(), 1000)], 30, true)
            .lines()
            .next()
            .unwrap()
            .ends_with('▏'));
    }

    #[test]
    fn headings_shorten_to_their_numbers() {
        for (h, want) in [
            ("Section 6 Cultivating Opportunities", "Section 6"),
            ("② Developing systems", "②"),
            ("(1) The promotion of cooperation", "(1)"),
            ("A. Status of industry", "A"),
            ("B Research support service", "B"),
            ("第5章　ICT政策の動向", "第5章"),
            ("第2節　電気通信事業政策の展開", "第2節"),
            ("1　公正競争の促進", "1"),
            ("（1）電気通信事業分野における", "（1）"),
            ("ア　電気通信紛争処理委員会の機能", "ア"),
            ("（ア）あっせん・仲裁", "（ア）"),
            ("第三十六条の二（処分等の求め）", "第三十六条の二"),
            (
                "政策フォーカス　Beyond 5Gの実現に向けて",
                "政策フォーカス　Beyond 5Gの実現に向けて",
            ),
            (
                "コラム2-9 研究開発型スタートアップの成長を支援する取組",
                "コラム2-9 研究開発型スタートアップの成長を支…",
            ),
        ] {
            assert_eq!(short_heading(h), want, "{h}");
        }
    }
}
