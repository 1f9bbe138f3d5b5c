//! `vanban search`: run a query, rank, and cut snippets from the stored text.
//!
//! Snippets are cut from the text exactly as stored, with the highlight
//! ranges found through the folded view: `cai cach` highlights `cải cách`
//! in the original words, never a folded copy.

use std::ops::Range;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, TantivyError, Term};

use crate::filters::Filters;
use crate::lookup;
use crate::query::QueryPlan;
use crate::store::Store;

/// Longest snippet shown, in characters.
const SNIPPET_CHARS: usize = 220;

/// One ranked document.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Where the document came from.
    pub path: String,
    /// Relevance score (higher is better).
    pub score: f32,
    /// The document's title line.
    pub title: String,
    /// A short passage around the matched words.
    pub snippet: String,
    /// Byte ranges of the matched words within `snippet`.
    #[serde(skip)]
    pub highlights: Vec<Range<usize>>,
    /// The document's own number (`110/KH-UBND`).
    pub number: Option<String>,
    /// Its type code (`KH`).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its date of issue, ISO (`2021-01-11`, or `2023-11` when partial).
    pub date: Option<String>,
    /// Its issuing body (`UBND tỉnh Long An`).
    pub issuer: Option<String>,
}

/// Ranked hits of a query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// The query as typed.
    pub query: String,
    /// Number of matching documents (hits holds at most `limit`).
    pub total: usize,
    /// The best hits, best first.
    pub hits: Vec<Hit>,
}

/// Runs `query` on `store`, returning at most `limit` hits.
pub fn search(store: &Store, query: &str, limit: usize) -> Result<SearchResult, TantivyError> {
    search_filtered(store, query, &Filters::default(), limit)
}

/// Runs `query` (which may be empty) restricted by `filters`.
pub fn search_filtered(
    store: &Store,
    query: &str,
    filters: &Filters,
    limit: usize,
) -> Result<SearchResult, TantivyError> {
    let plan = QueryPlan::parse(query);
    let f = &store.fields;
    let mut clauses = filters.clauses(f);
    match plan.to_query(f) {
        Some(q) => clauses.push((Occur::Must, q)),
        None if clauses.is_empty() => clauses.push((Occur::Must, Box::new(AllQuery))),
        None => {}
    }
    let tantivy_query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    let searcher = store.searcher()?;
    let stats = ViewStatistics {
        searcher: &searcher,
        fields: f,
    };
    let (top, total) = if plan.is_empty() {
        // Filters alone rank nothing: newest first, as a register reads.
        let (top, total) = searcher.search(
            &tantivy_query,
            &(
                TopDocs::with_limit(limit.max(1)).order_by_u64_field("date_lo", Order::Desc),
                Count,
            ),
        )?;
        let top: Vec<(f32, DocAddress)> = top.into_iter().map(|(_, a)| (1.0, a)).collect();
        (top, total)
    } else {
        searcher.search_with_statistics_provider(
            &tantivy_query,
            &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
            &stats,
        )?
    };
    let generators = if plan.is_empty() {
        None
    } else {
        let highlight = plan.highlight_query(f);
        let mut folded = SnippetGenerator::create(&searcher, &*highlight, f.body_folded)?;
        folded.set_max_num_chars(SNIPPET_CHARS);
        let mut ocr = SnippetGenerator::create(&searcher, &*highlight, f.body_ocr)?;
        ocr.set_max_num_chars(SNIPPET_CHARS);
        Some((folded, ocr))
    };
    let mut hits = Vec::with_capacity(top.len());
    for (score, address) in top.into_iter().take(limit) {
        let doc = lookup::load(store, &searcher, address)?;
        let text = &doc.text;
        let (snippet, highlights) = match &generators {
            Some((folded, ocr)) => {
                let mut s = folded.snippet(text);
                if doc.garbled {
                    // Words found only through their OCR readings are
                    // highlighted where the OCR view sees them.
                    let o = ocr.snippet(text);
                    if o.highlighted().len() > s.highlighted().len() {
                        s = o;
                    }
                }
                if s.is_empty() {
                    (opening(text), Vec::new())
                } else {
                    (s.fragment().to_string(), s.highlighted().to_vec())
                }
            }
            None => (opening(text), Vec::new()),
        };
        let (snippet, highlights) = tidy(&snippet, &highlights);
        let h = doc.header;
        hits.push(Hit {
            path: doc.path,
            score,
            title: doc.title,
            snippet,
            highlights,
            doc_type: h.doc_type.map(|t| t.code.to_string()),
            number: h.number,
            date: h.date.map(|d| d.to_string()),
            issuer: h.issuer,
        });
    }
    Ok(SearchResult {
        query: query.to_string(),
        total,
        hits,
    })
}

/// BM25 statistics that treat the OCR view as part of the folded view.
///
/// Only texts that read like OCR output have an OCR view, so its own
/// statistics would make every word look rare there (`của` in a few hundred
/// OCR'd documents out of many thousands) and let a reading outscore a true
/// match. A word's rarity and a field's length are taken from the folded
/// view of the whole index instead; the OCR view's lower weight then holds.
struct ViewStatistics<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a crate::schema::Fields,
}

impl Bm25StatisticsProvider for ViewStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let field = if field == self.fields.body_ocr {
            self.fields.body_folded
        } else {
            field
        };
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let own = self.searcher.doc_freq(term)?;
        if term.field() != self.fields.body_ocr {
            return Ok(own);
        }
        let value = term.value();
        let text = value.as_str().unwrap_or_default();
        let folded = self
            .searcher
            .doc_freq(&Term::from_field_text(self.fields.body_folded, text))?;
        Ok((own + folded).min(self.searcher.total_num_docs()?))
    }
}

/// The first words of a text, as a snippet when nothing is highlighted.
fn opening(text: &str) -> String {
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if i >= SNIPPET_CHARS {
            break;
        }
        end = i + c.len_utf8();
    }
    text[..end].to_string()
}

/// Collapses runs of whitespace (line breaks included) to one space and
/// moves the highlight ranges along, so a snippet prints on one line.
pub fn tidy(snippet: &str, highlights: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(snippet.len());
    let mut map = vec![0usize; snippet.len() + 1];
    let mut last_space = true;
    for (i, c) in snippet.char_indices() {
        let here = out.len();
        map[i..i + c.len_utf8()].fill(here);
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    map[snippet.len()] = out.len();
    let trimmed_start = out.len() - out.trim_start().len();
    let ranges = highlights
        .iter()
        .filter(|r| r.end <= snippet.len())
        .map(|r| map[r.start] - trimmed_start..map[r.end] - trimmed_start)
        .collect();
    (out.trim().to_string(), ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_highlights_on_the_same_words() {
        let s = "  Thực hiện\n Kế  hoạch số 435";
        let start = s.find("Kế").unwrap();
        let end = s.find(" số").unwrap();
        let (out, ranges) = tidy(s, std::slice::from_ref(&(start..end)));
        assert_eq!(out, "Thực hiện Kế hoạch số 435");
        assert_eq!(&out[ranges[0].clone()], "Kế hoạch");
    }
}
