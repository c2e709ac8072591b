//! Citations of passages: one [`Citation`] per passage, built from its document's catalog
//! metadata ([`crate::model::DocMeta`]) and the passage's place in the document (section path,
//! paragraph, line range, statute article), and written as a ready-to-paste text line
//! ([`text`]), BibTeX ([`bibtex`]), CSL-JSON ([`csl_json`], schema-valid CSL input data) or
//! RIS ([`ris`]).
//!
//! What lives here: the citation model and the four formatters, nothing else. It depends on
//! [`crate::model`], [`crate::index`] (to read passages and documents back) and
//! [`crate::render::short_heading`] (the numbering labels of headings); the front ends (the
//! CLI's `cite`) depend on it, and no other library module does.
//!
//! Fields the catalog lacks are left out of every format, never made up. The text style
//! follows the document's language unless asked otherwise: English in an author–date form
//! (`MEXT (2021). White Paper on Science and Technology 2021, Part 2, Chapter 5, Section 6 ¶2.
//! …`), Japanese in the form of Japanese legal and humanities writing (`総務省『令和3年版
//! 情報通信白書』第2部第5章第1節 2（1）、2021年。`; statutes `科学技術基本法（平成七年法律第百三十号）第五条`).

use crate::index::{DocRecord, IndexError, PolIndex, StoredPassage};
use crate::model::{DocType, Lang, LineUnit};
use crate::render::short_heading;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The output formats of `polsearch cite`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteFormat {
    /// One ready-to-paste line per passage.
    Text,
    /// BibTeX entries (`@techreport`, `@misc`).
    Bibtex,
    /// A CSL-JSON array (CSL input data).
    CslJson,
    /// RIS records (`TY  - ` … `ER  - `).
    Ris,
}

/// Everything a citation of one passage says. Optional fields are `None` when the catalog
/// does not give them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The passage id (`DOCID.HASH`): `polsearch show ID` leads back to the passage.
    pub passage_id: String,
    /// Its document's id.
    pub doc_id: String,
    /// Kind of publication (`None`: the catalog does not say).
    pub doc_type: Option<DocType>,
    /// Language of the document.
    pub lang: Lang,
    /// The title a citation gives: the edition and series of a white paper (`令和3年版
    /// 情報通信白書`, `White Paper on Science and Technology 2021`), else the catalog title.
    pub title: String,
    /// The catalog's full title of the document.
    pub full_title: String,
    /// Corporate author (`MEXT`, `総務省`).
    pub author: Option<String>,
    /// Publisher as the catalog gives it.
    pub publisher: Option<String>,
    /// Year of the edition (not for statutes: their catalog year is the snapshot's).
    pub year: Option<u16>,
    /// Edition label (not for statutes, whose edition field describes the snapshot).
    pub edition: Option<String>,
    /// Series title.
    pub series: Option<String>,
    /// A statute's law number.
    pub law_number: Option<String>,
    /// URL of the source.
    pub url: Option<String>,
    /// Where the passage sits, as numbering labels from the top (`Part 2`, `Chapter 5`,
    /// `Section 6`, `②`, `(1)`), the catalog's `part` first.
    pub labels: Vec<String>,
    /// A statute passage's article label (`第五条第二項`).
    pub article: Option<String>,
    /// Paragraph number in its section.
    pub paragraph: u32,
    /// First and last line in the source file (paragraphs in a Word document: see
    /// `line_unit`).
    pub lines: (u32, u32),
    /// What `lines` count.
    pub line_unit: LineUnit,
    /// The source file's path as indexed.
    pub path: Option<String>,
}

/// Errors of citation look-ups.
#[derive(Debug, thiserror::Error)]
pub enum CiteError {
    /// Reading the index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Citations of the passages with these ids, in the order given (an id given twice is cited
/// once), and the ids no passage has.
pub fn lookup(pol: &PolIndex, ids: &[String]) -> Result<(Vec<Citation>, Vec<String>), CiteError> {
    let reader = pol.reader()?;
    let searcher = reader.searcher();
    let mut docs: HashMap<String, Option<DocRecord>> = HashMap::new();
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        let Some(p) = pol.passage(&searcher, id)? else {
            missing.push(id.clone());
            continue;
        };
        if found
            .iter()
            .any(|c: &Citation| c.passage_id == p.passage.id)
        {
            continue;
        }
        if !docs.contains_key(&p.doc_id) {
            let d = pol.document(&searcher, &p.doc_id)?;
            docs.insert(p.doc_id.clone(), d);
        }
        found.push(Citation::new(&p, docs[&p.doc_id].as_ref()));
    }
    Ok((found, missing))
}

impl Citation {
    /// The citation of a passage of a document (`doc` is `None` when the index lacks the
    /// document's record: the citation then names the document id only).
    pub fn new(p: &StoredPassage, doc: Option<&DocRecord>) -> Citation {
        let meta = doc.map(|d| &d.meta);
        let doc_type = meta.and_then(|m| m.doc_type);
        let lang = meta.map_or(p.lang, |m| m.lang);
        let statute = doc_type == Some(DocType::Legislation);
        let edition = meta.and_then(|m| m.edition.clone()).filter(|_| !statute);
        let series = meta.and_then(|m| m.series.clone());
        let full_title = meta
            .map(|m| m.title.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| p.doc_id.clone());
        let title = match (&series, &edition) {
            (Some(s), Some(e)) if s.contains(e.as_str()) => s.clone(),
            (Some(s), Some(e)) if lang == Lang::Ja => format!("{e} {s}"),
            (Some(s), Some(e)) => format!("{s} {e}"),
            (Some(s), None) => s.clone(),
            (None, _) => full_title.clone(),
        };
        let mut labels: Vec<String> = meta.and_then(|m| m.part.clone()).into_iter().collect();
        labels.extend(p.passage.section_path.iter().map(|h| short_heading(h)));
        Citation {
            passage_id: p.passage.id.clone(),
            doc_id: p.doc_id.clone(),
            doc_type,
            lang,
            title,
            full_title,
            author: meta.and_then(|m| m.author.clone()),
            publisher: meta.and_then(|m| m.publisher.clone()),
            // a statute's catalog year is that of the text snapshot, not of the law
            year: meta.and_then(|m| m.year).filter(|_| !statute),
            edition,
            series,
            law_number: meta.and_then(|m| m.law_number.clone()),
            url: meta.and_then(|m| m.url.clone()),
            labels,
            article: p.passage.label.clone(),
            paragraph: p.passage.paragraph,
            lines: (p.passage.line_start, p.passage.line_end),
            line_unit: doc.map_or(LineUnit::Line, DocRecord::line_unit),
            path: doc.map(|d| d.path.clone()),
        }
    }

    fn is_statute(&self) -> bool {
        self.doc_type == Some(DocType::Legislation)
    }

    /// Where the passage is, in `lang`'s style: a statute's article (`第五条第一項`), else the
    /// section labels (`Part 2, Chapter 5, Section 6`; `第2部第5章第1節 2（1）`).
    pub fn locator(&self, lang: Lang) -> String {
        if let Some(a) = &self.article {
            return a.clone();
        }
        match lang {
            Lang::En => self.labels.join(", "),
            Lang::Ja => japanese_locator(&self.labels),
        }
    }

    /// The note every machine format carries: where the passage is (locator, paragraph, lines
    /// of the file) and the passage id, so the citation leads back to it.
    pub fn note(&self) -> String {
        let mut out = String::new();
        let loc = self.locator(self.lang);
        if !loc.is_empty() {
            out.push_str(&loc);
            out.push_str(", ");
        }
        out.push_str(&format!("¶{}", self.paragraph));
        let range = match self.line_unit {
            LineUnit::Line => format!("lines {}–{}", self.lines.0, self.lines.1),
            u => u.range(self.lines.0, self.lines.1, "–"),
        };
        match &self.path {
            Some(path) => out.push_str(&format!(", {range} of {path}")),
            None => out.push_str(&format!(", {range}")),
        }
        out.push_str(&format!(
            "; polsearch passage {} (polsearch show {})",
            self.passage_id, self.passage_id
        ));
        out
    }
}

/// Japanese section labels: `第…` labels run together (`第2部第5章第1節`), then a space and
/// the lower levels run together (`2（1）ア`); a heading that has no numbering label stands
/// apart with spaces.
fn japanese_locator(labels: &[String]) -> String {
    let mut out = String::new();
    let mut in_upper = true;
    for l in labels {
        let numbered = !l.contains([' ', '　']) && l.chars().count() <= 12;
        if in_upper && l.starts_with('第') && numbered {
            out.push_str(l);
            continue;
        }
        if (in_upper || !numbered) && !out.is_empty() {
            out.push(' ');
        }
        in_upper = false;
        out.push_str(l);
    }
    out
}

/// One ready-to-paste line in `lang`'s style (the document's language unless asked).
pub fn text(c: &Citation, lang: Option<Lang>) -> String {
    let lang = lang.unwrap_or(c.lang);
    let loc = c.locator(lang);
    match (lang, c.is_statute()) {
        (Lang::Ja, true) => {
            let num = c
                .law_number
                .as_ref()
                .map(|n| format!("（{n}）"))
                .unwrap_or_default();
            format!("{}{num}{loc}", c.title)
        }
        (Lang::Ja, false) => {
            let mut out = c.author.clone().unwrap_or_default();
            out.push_str(&format!("『{}』{loc}", c.title));
            if let Some(y) = c.year {
                out.push_str(&format!("、{y}年"));
            }
            out.push('。');
            out
        }
        (Lang::En, true) => {
            let mut out = c.title.clone();
            if let Some(n) = &c.law_number {
                out.push_str(&format!(" ({n})"));
            }
            if !loc.is_empty() {
                out.push_str(&format!(", {loc}"));
            }
            out.push('.');
            out
        }
        (Lang::En, false) => {
            let who = c.author.as_ref().or(c.publisher.as_ref());
            let mut out = String::new();
            if let Some(who) = who {
                out.push_str(who);
                out.push(' ');
            }
            match c.year {
                Some(y) => out.push_str(&format!("({y}). ")),
                None => out.push_str("(n.d.). "),
            }
            out.push_str(&c.title);
            if !loc.is_empty() {
                out.push_str(&format!(", {loc}"));
            }
            out.push_str(&format!(" ¶{}.", c.paragraph));
            if let Some(p) = c.publisher.as_ref().filter(|p| Some(*p) != who) {
                out.push_str(&format!(" {p}."));
            }
            if let Some(u) = &c.url {
                out.push_str(&format!(" {u}"));
            }
            out
        }
    }
}

/// BibTeX keys of the citations, stable and unique: the document id and the first six
/// characters of the passage's hash (`mext-wpst-2021-en-p2c5-6xwp5h`), longer when two
/// passages would share a key.
pub fn keys(cs: &[Citation]) -> Vec<String> {
    let key = |c: &Citation, n: usize| {
        let hash = c
            .passage_id
            .rsplit_once('.')
            .map_or(c.passage_id.as_str(), |x| x.1);
        let raw = format!("{}-{}", c.doc_id, &hash[..n.min(hash.len())]);
        raw.chars()
            .map(|ch| {
                if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                    ch.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
    };
    cs.iter()
        .map(|c| {
            let short = key(c, 6);
            let clash = cs
                .iter()
                .any(|o| o.passage_id != c.passage_id && key(o, 6) == short);
            if clash {
                key(c, usize::MAX)
            } else {
                short
            }
        })
        .collect()
}

/// Escapes BibTeX's special characters (`\ { } % & $ # _ ^ ~`).
pub fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            _ => out.push(ch),
        }
    }
    out
}

/// BibTeX entries: reports as `@techreport`, statutes as `@misc` with the law number in
/// `number`, others as `@misc`; the locator in `chapter`, the note ([`Citation::note`]) in
/// `note`.
pub fn bibtex(cs: &[Citation]) -> String {
    let mut out = String::new();
    for (c, key) in cs.iter().zip(keys(cs)) {
        let kind = match c.doc_type {
            Some(DocType::Report) => "techreport",
            _ => "misc",
        };
        let mut fields: Vec<(&str, String)> = Vec::new();
        if let Some(a) = &c.author {
            // a corporate author: braced so it is not split into given and family names
            fields.push(("author", format!("{{{}}}", bibtex_escape(a))));
        }
        fields.push(("title", bibtex_escape(&c.title)));
        if let Some(p) = &c.publisher {
            let field = if kind == "techreport" {
                "institution"
            } else {
                "publisher"
            };
            fields.push((field, bibtex_escape(p)));
        }
        if let Some(y) = c.year {
            fields.push(("year", y.to_string()));
        }
        if let Some(e) = &c.edition {
            fields.push(("edition", bibtex_escape(e)));
        }
        if let Some(s) = &c.series {
            fields.push(("series", bibtex_escape(s)));
        }
        if let Some(n) = &c.law_number {
            fields.push(("number", bibtex_escape(n)));
        }
        let loc = c.locator(c.lang);
        if !loc.is_empty() {
            fields.push(("chapter", bibtex_escape(&loc)));
        }
        if let Some(u) = &c.url {
            fields.push(("url", u.replace(['{', '}'], "")));
        }
        fields.push(("language", c.lang.code().to_string()));
        fields.push(("note", bibtex_escape(&c.note())));
        out.push_str(&format!("@{kind}{{{key},\n"));
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        out.push_str("}\n\n");
    }
    out
}

/// A CSL-JSON array (CSL input data): `report`, `legislation` or `document` items with the
/// locator in `section` and the note ([`Citation::note`]) in `note`.
pub fn csl_json(cs: &[Citation]) -> Value {
    let items = cs
        .iter()
        .zip(keys(cs))
        .map(|(c, key)| {
            let mut m = Map::new();
            let kind = match c.doc_type {
                Some(DocType::Report) => "report",
                Some(DocType::Legislation) => "legislation",
                None => "document",
            };
            m.insert("id".into(), json!(key));
            m.insert("type".into(), json!(kind));
            m.insert("title".into(), json!(c.title));
            if let Some(a) = &c.author {
                m.insert("author".into(), json!([{ "literal": a }]));
            }
            let mut put = |k: &str, v: &Option<String>| {
                if let Some(v) = v {
                    m.insert(k.into(), json!(v));
                }
            };
            put("publisher", &c.publisher);
            put("edition", &c.edition);
            put("collection-title", &c.series);
            put("number", &c.law_number);
            put("URL", &c.url);
            if let Some(y) = c.year {
                m.insert("issued".into(), json!({ "date-parts": [[y]] }));
            }
            let loc = c.locator(c.lang);
            if !loc.is_empty() {
                m.insert("section".into(), json!(loc));
            }
            m.insert("language".into(), json!(c.lang.code()));
            m.insert("note".into(), json!(c.note()));
            Value::Object(m)
        })
        .collect();
    Value::Array(items)
}

/// RIS records: `TY  - RPRT` (reports), `STAT` (statutes) or `GEN`, one `TAG  - value` line
/// per field, each record closed by `ER  - `.
pub fn ris(cs: &[Citation]) -> String {
    let mut out = String::new();
    for (c, key) in cs.iter().zip(keys(cs)) {
        let kind = match c.doc_type {
            Some(DocType::Report) => "RPRT",
            Some(DocType::Legislation) => "STAT",
            None => "GEN",
        };
        let mut line = |tag: &str, v: &str| {
            // one line per field: a line break inside a value would end it early
            let v = v.replace(['\r', '\n'], " ");
            out.push_str(&format!("{tag}  - {v}\n"));
        };
        line("TY", kind);
        line("ID", &key);
        if let Some(a) = &c.author {
            line("AU", a);
        }
        line("TI", &c.title);
        if let Some(s) = &c.series {
            line("T3", s);
        }
        if let Some(p) = &c.publisher {
            line("PB", p);
        }
        if let Some(y) = c.year {
            line("PY", &y.to_string());
        }
        if let Some(e) = &c.edition {
            line("ET", e);
        }
        if let Some(n) = &c.law_number {
            line("M1", n);
        }
        let loc = c.locator(c.lang);
        if !loc.is_empty() {
            line("SE", &loc);
        }
        if let Some(u) = &c.url {
            line("UR", u);
        }
        line("LA", c.lang.code());
        line("N1", &c.note());
        out.push_str("ER  - \n\n");
    }
    out
}

/// The citations in a format, as printed (text: one line each).
pub fn format(cs: &[Citation], format: CiteFormat, lang: Option<Lang>) -> String {
    match format {
        CiteFormat::Text => cs.iter().map(|c| text(c, lang) + "\n").collect(),
        CiteFormat::Bibtex => bibtex(cs),
        CiteFormat::CslJson => {
            let mut s = serde_json::to_string_pretty(&csl_json(cs)).unwrap_or_default();
            s.push('\n');
            s
        }
        CiteFormat::Ris => ris(cs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(ls: &[&str]) -> Vec<String> {
        ls.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn japanese_locators_run_numbered_labels_together() {
        assert_eq!(
            japanese_locator(&labels(&["第2部", "第5章", "第1節", "2", "（1）"])),
            "第2部第5章第1節 2（1）"
        );
        assert_eq!(
            japanese_locator(&labels(&["第2部", "第5章", "政策フォーカス　Beyond 5G"])),
            "第2部第5章 政策フォーカス　Beyond 5G"
        );
    }

    #[test]
    fn bibtex_entries_escape_titles_and_keep_keys_unique() {
        let c = Citation {
            passage_id: "doc.abcdefgh".into(),
            doc_id: "doc".into(),
            doc_type: Some(DocType::Report),
            lang: Lang::En,
            title: "R&D 50% {x}".into(),
            full_title: String::new(),
            author: Some("A_B".into()),
            publisher: None,
            year: Some(2020),
            edition: None,
            series: None,
            law_number: None,
            url: None,
            labels: labels(&["Chapter 1"]),
            article: None,
            paragraph: 2,
            lines: (3, 4),
            line_unit: LineUnit::Line,
            path: None,
        };
        let twin = Citation {
            passage_id: "doc.abcdefzz".into(),
            ..c.clone()
        };
        let out = bibtex(&[c.clone(), twin]);
        assert!(out.contains("title = {R\\&D 50\\% \\{x\\}},"), "{out}");
        assert!(out.contains("author = {{A\\_B}},"), "{out}");
        // the six-character keys would clash: both get the whole hash
        assert!(out.contains("@techreport{doc-abcdefgh,"), "{out}");
        assert!(out.contains("@techreport{doc-abcdefzz,"), "{out}");
        assert_eq!(keys(&[c]), ["doc-abcdef"]);
    }

    #[test]
    fn bibtex_specials_are_escaped() {
        assert_eq!(
            bibtex_escape(r"R&D 50% {x} a_b #1 $ ^ ~ \"),
            r"R\&D 50\% \{x\} a\_b \#1 \$ \^{} \~{} \textbackslash{}"
        );
    }
}
