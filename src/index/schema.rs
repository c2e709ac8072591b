//! The tantivy schema: one tantivy document per passage, plus one per source document
//! (`rec` = `doc`) holding its metadata once. Bump [`FORMAT_VERSION`] whenever the schema or
//! an analyzer changes, so an old index asks for `--rebuild` instead of answering wrongly.

use crate::analysis::Analyzer;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};

/// Version of the index format (schema + analyzers). 2: passage text stored as displayed,
/// with the source's text beside it, and every footnote definition a passage; document
/// records hold the names of the programs their text defines. 3: morpheme fields without
/// positions, zstd doc store.
pub const FORMAT_VERSION: u32 = 3;

/// Index settings: the doc store (passage texts and their JSON) compressed with zstd in
/// 16 KiB blocks: on Canadian statutes the whole index is 0.86× the input instead of 1.04×
/// with LZ4; 64 KiB blocks would save 7% more but make each stored passage a query reads
/// (the ranked page and the re-ranked candidates) decompress four times as much.
pub fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(
            tantivy::store::ZstdCompressor::default(),
        ),
        docstore_blocksize: 16 * 1024,
        ..Default::default()
    }
}

/// `rec` value of passage records.
pub const REC_PASSAGE: &str = "p";
/// `rec` value of document records.
pub const REC_DOC: &str = "d";

/// Handles of every field.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Record type: [`REC_PASSAGE`] or [`REC_DOC`].
    pub rec: Field,
    /// Passage id (passages) — raw, stored.
    pub id: Field,
    /// Document id (both record types) — raw, stored, fast.
    pub doc_id: Field,
    /// Passage ordinal within its document.
    pub ord: Field,
    /// Passage text (stored only).
    pub text: Field,
    /// Body, English analysis.
    pub body_en: Field,
    /// Body, Japanese morphemes.
    pub body_ja: Field,
    /// Body, Japanese bigrams.
    pub body_bi: Field,
    /// Section headings, English analysis.
    pub head_en: Field,
    /// Section headings, Japanese morphemes.
    pub head_ja: Field,
    /// Section headings, Japanese bigrams.
    pub head_bi: Field,
    /// Language code.
    pub lang: Field,
    /// Passage kind.
    pub kind: Field,
    /// Mentioned and inherited ministry ids (`m:` prefix mentioned, `i:` inherited).
    pub ministry: Field,
    /// Mentioned and inherited program ids (same prefixes).
    pub program: Field,
    /// Fiscal years (mentioned or inherited).
    pub fy: Field,
    /// Fiscal years mentioned in the passage itself.
    pub fy_own: Field,
    /// Stored JSON: everything else a hit needs (section path, lines, facets, footnotes…).
    pub data: Field,
}

impl Fields {
    /// Looks up the fields of a schema built by [`build_schema`].
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |n: &str| schema.get_field(n);
        Ok(Fields {
            rec: f("rec")?,
            id: f("id")?,
            doc_id: f("doc_id")?,
            ord: f("ord")?,
            text: f("text")?,
            body_en: f("body_en")?,
            body_ja: f("body_ja")?,
            body_bi: f("body_bi")?,
            head_en: f("head_en")?,
            head_ja: f("head_ja")?,
            head_bi: f("head_bi")?,
            lang: f("lang")?,
            kind: f("kind")?,
            ministry: f("ministry")?,
            program: f("program")?,
            fy: f("fy")?,
            fy_own: f("fy_own")?,
            data: f("data")?,
        })
    }
}

/// An analysed field. The morpheme fields only score (BM25 on term frequencies): phrases and
/// words as written are matched on the English and bigram fields, so only those keep
/// positions.
fn analyzed(a: Analyzer) -> TextOptions {
    let record = match a {
        Analyzer::Morph => IndexRecordOption::WithFreqs,
        _ => IndexRecordOption::WithFreqsAndPositions,
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(a.name())
            .set_index_option(record),
    )
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("rec", STRING);
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("doc_id", STRING | STORED | FAST);
    b.add_u64_field(
        "ord",
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    b.add_text_field("text", STORED);
    b.add_text_field("body_en", analyzed(Analyzer::English));
    b.add_text_field("body_ja", analyzed(Analyzer::Morph));
    b.add_text_field("body_bi", analyzed(Analyzer::Bigram));
    b.add_text_field("head_en", analyzed(Analyzer::English));
    b.add_text_field("head_ja", analyzed(Analyzer::Morph));
    b.add_text_field("head_bi", analyzed(Analyzer::Bigram));
    b.add_text_field("lang", STRING | FAST);
    b.add_text_field("kind", STRING);
    b.add_text_field("ministry", STRING | FAST);
    b.add_text_field("program", STRING | FAST);
    b.add_u64_field("fy", NumericOptions::default().set_indexed().set_fast());
    b.add_u64_field("fy_own", NumericOptions::default().set_indexed().set_fast());
    b.add_text_field("data", STORED);
    b.build()
}
