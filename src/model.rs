//! The document model shared by every stage: documents, headings, passages and their facets.
//!
//! Plain data only (serde-friendly); parsing fills it, indexing stores it, search renders it.
//! Nothing here depends on another polsearch module.

use serde::{Deserialize, Serialize};

/// Language of a document (the language its prose is written in; Japanese text may
/// still contain Latin-script runs, which are analysed as English).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The ISO 639-1 code (`en`, `ja`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Parses an ISO 639-1 code.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Some(Lang::En),
            "ja" | "jpn" | "japanese" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// Guesses the language of a text from its characters: Japanese when kana or kanji
    /// make up a noticeable share of the letters.
    pub fn detect(text: &str) -> Lang {
        let mut cjk = 0usize;
        let mut latin = 0usize;
        for c in text.chars().take(20_000) {
            if crate::analysis::script::is_japanese_char(c) {
                cjk += 1;
            } else if c.is_ascii_alphabetic() {
                latin += 1;
            }
        }
        if cjk * 4 > latin {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

/// What role a passage plays in its section.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    /// A paragraph of running text (or a statute paragraph / item).
    #[default]
    Body,
    /// A figure or table caption.
    Caption,
    /// A `Notes:` / `Source:` / `出典` block under a figure.
    Note,
    /// A footnote definition (`¹ International Telecommunication Union`), cited by its own
    /// line; its text is also indexed with the passage whose marker it explains.
    Footnote,
    /// A reference to an external resource (title plus URL).
    Link,
    /// A table: a Word table (one line per row, cells joined by ` | `) or a statute's table
    /// or form (`別表第一`, `様式第二`, cells one per line).
    Table,
}

impl PassageKind {
    /// The lowercase name used in JSON and in the index.
    pub fn name(self) -> &'static str {
        match self {
            PassageKind::Body => "body",
            PassageKind::Caption => "caption",
            PassageKind::Note => "note",
            PassageKind::Footnote => "footnote",
            PassageKind::Link => "link",
            PassageKind::Table => "table",
        }
    }

    /// Parses [`PassageKind::name`].
    pub fn from_name(name: &str) -> PassageKind {
        match name {
            "caption" => PassageKind::Caption,
            "note" => PassageKind::Note,
            "footnote" => PassageKind::Footnote,
            "link" => PassageKind::Link,
            "table" => PassageKind::Table,
            _ => PassageKind::Body,
        }
    }
}

/// What a passage's `line_start` / `line_end` count: lines of the decoded file, or, in a
/// Word document (which has no lines), its paragraphs with text in reading order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LineUnit {
    /// Lines of the source file.
    #[default]
    Line,
    /// Paragraphs of a Word document.
    Paragraph,
}

impl LineUnit {
    /// `line` or `paragraph` (JSON `lines.unit`).
    pub fn name(self) -> &'static str {
        match self {
            LineUnit::Line => "line",
            LineUnit::Paragraph => "paragraph",
        }
    }

    /// A range in words, its ends joined by `dash`: `lines 3-4`, `line 3`,
    /// `paragraphs 3–4`, `paragraph 3`.
    pub fn range(self, start: u32, end: u32, dash: &str) -> String {
        let n = self.name();
        if start == end {
            format!("{n} {start}")
        } else {
            format!("{n}s {start}{dash}{end}")
        }
    }
}

/// A heading in a document's outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// Depth in the tree, 1 for the top level (chapter).
    pub level: u8,
    /// The heading line as it reads (trimmed).
    pub text: String,
    /// 1-based line in the source file.
    pub line: u32,
}

/// A footnote linked to the passage whose text carries its marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Footnote {
    /// The marker as printed (`¹`, `1`, `^0`).
    pub marker: String,
    /// The footnote's text.
    pub text: String,
    /// 1-based line of the footnote definition in the source file.
    pub line: u32,
}

/// One mention of a facet value inside a passage's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FacetSpan {
    /// `ministry`, `fy` or `program`.
    pub kind: String,
    /// Canonical value (registry id, or the Gregorian fiscal year as a string).
    pub value: String,
    /// Byte offsets into the passage text.
    pub byte_start: usize,
    /// End byte offset (exclusive).
    pub byte_end: usize,
}

/// Facet values of a passage (canonical ids; fiscal years as Gregorian starting years).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FacetSet {
    /// Ministry / agency ids.
    pub ministry: Vec<String>,
    /// Fiscal years.
    pub fy: Vec<u16>,
    /// Program ids.
    pub program: Vec<String>,
}

impl FacetSet {
    /// True when no value of any kind is present.
    pub fn is_empty(&self) -> bool {
        self.ministry.is_empty() && self.fy.is_empty() && self.program.is_empty()
    }
}

/// A passage: the unit polsearch indexes, ranks and cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Stable, URL-safe id: derived from the document id and the passage's own text.
    pub id: String,
    /// Headings from the top of the document down to the passage's section.
    pub section_path: Vec<String>,
    /// 1-based paragraph number within its section.
    pub paragraph: u32,
    /// 1-based inclusive first line in the source file.
    pub line_start: u32,
    /// 1-based inclusive last line in the source file.
    pub line_end: u32,
    /// The passage text as shown: paragraph repairs applied, footnote definitions removed,
    /// and PDF / OCR damage repaired for display (`プ ログラム` → `プログラム`, `S A T R E P S
    /// ${ }^{3}$` → `SATREPS³`; see [`crate::analysis::normalize::display`]).
    pub text: String,
    /// The text as the source has it, when the display repairs changed it (for exact
    /// quotation; `None` when it equals [`Passage::text`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    /// Role of the passage.
    pub kind: PassageKind,
    /// Footnotes whose markers appear in the text.
    pub footnotes: Vec<Footnote>,
    /// Short citation label for statutes (`第一条第二項`), when the format has one.
    pub label: Option<String>,
    /// Facets mentioned in the passage's own text.
    pub facets: FacetSet,
    /// Facets it inherits from its section headings or from earlier references.
    pub facets_inherited: FacetSet,
    /// Where each mentioned facet occurs in the text.
    pub facet_spans: Vec<FacetSpan>,
}

/// Descriptive metadata of a document, from the catalog or derived from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Stable document id (catalog id or slug of the file name).
    pub id: String,
    /// Title.
    pub title: String,
    /// Publisher (ministry, agency, parliament).
    pub publisher: Option<String>,
    /// Edition year.
    pub year: Option<u16>,
    /// Edition label (`令和3年版`, `2021`).
    pub edition: Option<String>,
    /// Language.
    pub lang: Lang,
    /// Where the document came from (URL or description).
    pub source: Option<String>,
    /// Licence and attribution.
    pub licence: Option<String>,
    /// What kind of publication it is (report / white paper, or legislation), for citations.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<DocType>,
    /// Who a citation names as author (a corporate author, `MEXT`, `総務省`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The publication's series title (`情報通信白書`, `White Paper on Science and
    /// Technology`), which with the edition makes the title a citation gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// Where in the publication the file sits (`Part 2`, `第2部`), prefixed to section
    /// paths in citations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// A statute's law number as promulgated (`平成七年法律第百三十号`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law_number: Option<String>,
    /// URL of the published source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The kind of publication a document is, as citations type it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    /// A white paper, report or basic plan (CSL `report`, BibTeX `@techreport`, RIS `RPRT`).
    Report,
    /// A statute (CSL `legislation`, BibTeX `@misc` with the law number, RIS `STAT`).
    Legislation,
}

impl DocType {
    /// The catalog name (`report`, `legislation`).
    pub fn name(self) -> &'static str {
        match self {
            DocType::Report => "report",
            DocType::Legislation => "legislation",
        }
    }

    /// Parses [`DocType::name`].
    pub fn from_name(name: &str) -> Option<DocType> {
        match name {
            "report" => Some(DocType::Report),
            "legislation" => Some(DocType::Legislation),
            _ => None,
        }
    }
}

/// A parsed document ready for indexing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Metadata.
    pub meta: DocMeta,
    /// Path as given to the indexer (relative to the working directory when possible).
    pub path: String,
    /// blake3 hash of the file's bytes (hex).
    pub hash: String,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// The outline (every heading, in order).
    pub headings: Vec<Heading>,
    /// Passages in document order.
    pub passages: Vec<Passage>,
    /// Programs the document defines in its own text (no registry entry), by id.
    #[serde(default)]
    pub programs: std::collections::BTreeMap<String, TextProgram>,
}

/// A program defined in a document's text and known to no registry: its name as the text
/// defines it (`Green Innovation Fund`, `地域デジタル基盤活用推進事業`) and the acronym given
/// with it (`GIF`), if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextProgram {
    /// The name as defined (the words before `(ACRONYM)`, or the bracketed name).
    pub name: String,
    /// The acronym as written (`CiCLE`), when the definition gives one.
    #[serde(default)]
    pub acronym: Option<String>,
}
