//! Exclusions (`-x`, `NOT x`) read in full before they exclude.
//!
//! tantivy asks an exclusion set, document by document, whether it holds the candidate
//! (`seek_danger`); a phrase scorer (an excluded code such as `-COI-NEXT`, an excluded Japanese
//! word, which is a bigram phrase) can by then stand past the candidate, which tantivy's debug
//! builds reject with a panic. [`Materialized`] reads the excluded query's matches of each
//! segment into a bit set first, by plain iteration, and excludes from that: one pass over the
//! excluded matches, and every seek lands on a bit set, which answers any target.
//! Depends on tantivy only.

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED};

/// A query matching what its inner query matches, read into a bit set per segment (score 0).
#[derive(Debug)]
pub struct Materialized(pub Box<dyn Query>);

impl Clone for Materialized {
    fn clone(&self) -> Self {
        Materialized(self.0.box_clone())
    }
}

impl Query for Materialized {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.0.weight(enable_scoring)?;
        Ok(Box::new(MaterializedWeight(inner)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct MaterializedWeight(Box<dyn Weight>);

impl Weight for MaterializedWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut inner = self.0.scorer(reader, 0.0)?;
        let mut bits = BitSet::with_max_value(reader.max_doc());
        let mut doc = inner.doc();
        while doc != TERMINATED {
            bits.insert(doc);
            doc = inner.advance();
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(bits), 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut s = self.scorer(reader, 0.0)?;
        if s.seek(doc) == doc {
            Ok(Explanation::new("excluded", 0.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )))
        }
    }
}
