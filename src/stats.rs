//! `vanban stats`: what the index holds, counted by type, year and issuer.
//!
//! Counts come from the fast (columnar) fields, so they cost one pass over
//! a few bytes per document, not a read of every stored text.
//!
//! ```text
//! 5 documents
//! by type:   BC 3 · KH 1 · (none) 1
//! by year:   2024 2 · 2023 1 · 2022 1 · 2021 1
//! ```

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::TantivyError;

use crate::store::Store;

/// How many documents share one value (`null` when they state none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count<T> {
    /// The value.
    pub value: Option<T>,
    /// Documents with it.
    pub count: u64,
}

/// Document counts of an index.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Documents in the index.
    pub documents: u64,
    /// Documents per type code, most first.
    pub by_type: Vec<Count<String>>,
    /// Documents per year of issue, latest first.
    pub by_year: Vec<Count<u64>>,
    /// Documents per issuing body, most first.
    pub by_issuer: Vec<Count<String>>,
}

/// Counts the documents of `store`.
pub fn stats(store: &Store) -> Result<Stats, TantivyError> {
    let searcher = store.searcher()?;
    let mut types: BTreeMap<Option<String>, u64> = BTreeMap::new();
    let mut years: BTreeMap<Option<u64>, u64> = BTreeMap::new();
    let mut issuers: BTreeMap<Option<String>, u64> = BTreeMap::new();
    let mut documents = 0;
    let mut buf = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let type_col = fast.str("type")?;
        let issuer_col = fast.str("issuer_name")?;
        let year_col = fast.u64("year")?;
        for doc in segment.doc_ids_alive() {
            documents += 1;
            let mut first_str = |col: &Option<tantivy::columnar::StrColumn>| {
                let col = col.as_ref()?;
                let ord = col.term_ords(doc).next()?;
                buf.clear();
                col.ord_to_str(ord, &mut buf).ok()?.then(|| buf.clone())
            };
            *types.entry(first_str(&type_col)).or_default() += 1;
            *issuers.entry(first_str(&issuer_col)).or_default() += 1;
            *years.entry(year_col.first(doc)).or_default() += 1;
        }
    }
    fn counts<T: Ord>(m: BTreeMap<Option<T>, u64>) -> Vec<Count<T>> {
        m.into_iter()
            .map(|(value, count)| Count { value, count })
            .collect()
    }
    let by_count = |m| {
        let mut v = counts(m);
        v.sort_by(|a: &Count<String>, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v
    };
    let mut by_year = counts(years);
    by_year.sort_by_key(|c| std::cmp::Reverse(c.value));
    Ok(Stats {
        documents,
        by_type: by_count(types),
        by_year,
        by_issuer: by_count(issuers),
    })
}
