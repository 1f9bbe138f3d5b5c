//! `vanban search`: run a query, rank, and cut snippets from the stored text.
//!
//! Snippets are cut from the text exactly as stored, with the highlight
//! ranges found through the folded view: `cai cach` highlights `cải cách`
//! in the original words, never a folded copy.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::index::SegmentId;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::query::{AllQuery, BooleanQuery, EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::{
    DocAddress, DocId, DocSet, Order, Searcher, SeekDangerResult, TantivyError, Term, TERMINATED,
};

use crate::filters::Filters;
use crate::lookup;
use crate::query::{Clauses, FirstPass, IssuerName, QueryPlan};
use crate::snippet::{Fragment, Highlighter};
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
    /// Number of matching documents (hits holds at most `limit`); for a
    /// large result an estimate, see `total_exact`.
    pub total: usize,
    /// Whether `total` was counted rather than estimated.
    pub total_exact: bool,
    /// The query searched for instead, when words of `query` were read as
    /// other words (see [`crate::spelling`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// The best hits, best first.
    pub hits: Vec<Hit>,
}

/// The order hits come in (`search --sort`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Sort {
    /// Best first; without words to rank, newest first.
    #[default]
    Relevance,
    /// Newest first, the undated last; the best first within a day.
    #[value(alias = "date")]
    Newest,
    /// Oldest first, the undated last; the best first within a day.
    Oldest,
}

impl Sort {
    /// The order of the date of issue: newest first but for `Oldest`.
    fn date_order(self) -> Order {
        if self == Sort::Oldest {
            Order::Asc
        } else {
            Order::Desc
        }
    }
}

/// Runs `query` on `store`, returning at most `limit` hits.
pub fn search(store: &Store, query: &str, limit: usize) -> Result<SearchResult, TantivyError> {
    search_filtered(store, query, &Filters::default(), limit)
}

/// Runs `query` (which may be empty) restricted by `filters`, best first.
pub fn search_filtered(
    store: &Store,
    query: &str,
    filters: &Filters,
    limit: usize,
) -> Result<SearchResult, TantivyError> {
    search_sorted(store, query, filters, Sort::Relevance, limit)
}

/// Runs `query` (which may be empty) restricted by `filters`, its hits in
/// the order `sort` asks for.
pub fn search_sorted(
    store: &Store,
    query: &str,
    filters: &Filters,
    sort: Sort,
    limit: usize,
) -> Result<SearchResult, TantivyError> {
    let mut plan = QueryPlan::parse(query);
    let f = &store.fields;
    let searcher = store.searcher()?;
    if plan.words.len() >= 2 {
        plan.name_issuers(&issuer_names(&searcher, f)?);
    }
    let stats = ViewStatistics {
        searcher: &searcher,
        fields: f,
    };
    // A law is cited by its number or by its name and year: either counts.
    let mut filters = filters.clone();
    if let Some(key) = &filters.cites {
        filters.cites_also = crate::refs::other_keys_of(store, key)?;
    }
    if let Some((_, key)) = &filters.cites_as {
        filters.cites_as_also = crate::refs::other_keys_of(store, key)?;
    }
    if let Some(relation) = filters.uncited_as {
        // Only the documents the other filters let through (the clauses
        // hold this one too, as yet leaving out nothing): fewer to read.
        let others = filters.clauses(f);
        let among = (others.len() > 1).then(|| BooleanQuery::new(others));
        let among = among.as_ref().map(|q| q as &dyn Query);
        filters.cited_as_hashes = crate::refs::cited_as(store, relation, among)?
            .into_iter()
            .collect();
    }
    let filter_clauses = filters.clauses(f);
    let excluded = plan.excluded_query(f);
    let number_only = plan.names_a_number_only();
    let (mut top, counting) = match plan.clauses(f) {
        None => {
            // Filters alone rank nothing: newest first, as a register reads,
            // unless the oldest are asked for.
            let order = sort.date_order();
            let mut clauses = filter_clauses;
            if clauses.is_empty() {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            clauses.extend(excluded.map(|q| (Occur::MustNot, q)));
            let (top, total) = searcher.search(
                &BooleanQuery::new(clauses),
                &(
                    TopDocs::with_limit(limit.max(1)).order_by_u64_field("date_lo", order),
                    Count,
                ),
            )?;
            let top: Vec<(f32, DocAddress)> = top.into_iter().map(|(_, a)| (1.0, a)).collect();
            (
                top,
                Counting::Known(Total {
                    count: total,
                    exact: true,
                }),
            )
        }
        Some(mut clauses) => {
            let candidates = match plan.first_pass(f) {
                Some(q) if filter_clauses.is_empty() && excluded.is_none() => Some(q),
                _ => None,
            };
            clauses
                .must
                .extend(filter_clauses.into_iter().map(|(_, q)| q));
            match candidates {
                _ if sort != Sort::Relevance => by_date(&searcher, &stats, clauses, sort, limit)?,
                Some(first) => two_pass(&searcher, &stats, &first, clauses, limit)?,
                None => {
                    let matching = clauses.matching_query();
                    let ranked = if number_only {
                        limit.max(NUMBER_RANKED)
                    } else {
                        limit.max(1)
                    };
                    let top = searcher.search_with_statistics_provider(
                        &*clauses.into_query(),
                        &TopDocs::with_limit(ranked).order_by_score(),
                        &stats,
                    )?;
                    (top, Counting::Estimate(matching))
                }
            }
        }
    };
    if let Some(bearing) = plan
        .bearing_the_number(f)
        .filter(|_| number_only && sort == Sort::Relevance)
    {
        let bearing = searcher.search(&*bearing, &tantivy::collector::DocSetCollector)?;
        newest_first(&searcher, &mut top, &bearing)?;
    }
    let generators = if plan.is_empty() {
        None
    } else {
        let highlight = plan.highlight_query(f);
        let folded = Highlighter::new(&searcher, &*highlight, f.body_folded, SNIPPET_CHARS)?;
        let ocr = Highlighter::new(&searcher, &*highlight, f.body_ocr, SNIPPET_CHARS)?;
        Some((folded, ocr))
    };
    // Each hit is read and cut into a snippet on its own: the texts are
    // tokenized again for their highlights, the bulk of a query's time once
    // ranking is done, so the hits are spread over the cores.
    let snippet_of = |doc: &crate::document::Document| {
        let text = &doc.text;
        generators.as_ref().and_then(|(folded, ocr)| {
            let mut best = folded.best(text);
            let whole = best.as_ref().is_some_and(|f| folded.holds_all(f));
            if doc.garbled && !whole {
                // Words found only through their OCR readings are
                // highlighted where the OCR view sees them.
                let marks = |f: &Option<Fragment>| f.as_ref().map_or(0, |f| f.highlights.len());
                let o = ocr.best(text);
                if marks(&o) > marks(&best) {
                    best = o;
                }
            }
            best
        })
    };
    let hit = |(score, address): (f32, DocAddress)| -> Result<Hit, TantivyError> {
        // The snippet comes from the first stretch of the text that holds
        // a word of the query: the first, stored apart, most often. (An
        // OCR'd text's snippet may come from the OCR view's first such
        // stretch, further on: it is read whole.)
        let (mut doc, mut whole) = lookup::load_head(store, &searcher, address)?;
        let snippets = generators.is_some();
        if !whole && snippets && doc.garbled {
            doc = lookup::load(store, &searcher, address)?;
            whole = true;
        }
        let mut best = snippet_of(&doc);
        if best.is_none() && !whole && snippets {
            doc = lookup::load(store, &searcher, address)?;
            best = snippet_of(&doc);
        }
        let text = &doc.text;
        let (snippet, highlights) = match best {
            Some(f) => (f.text(text).to_string(), f.highlights),
            None => (opening(text), Vec::new()),
        };
        let (snippet, highlights) = tidy(&snippet, &highlights);
        let h = doc.header;
        Ok(Hit {
            path: doc.path,
            score,
            title: doc.title,
            snippet,
            highlights,
            doc_type: h.doc_type.map(|t| t.code.to_string()),
            number: h.number,
            date: h.date.map(|d| d.to_string()),
            issuer: h.issuer,
        })
    };
    // The matches are counted while the hits are read.
    let (hits, total) = rayon::join(
        || {
            top.into_par_iter()
                .take(limit)
                .map(hit)
                .collect::<Result<Vec<Hit>, TantivyError>>()
        },
        || match counting {
            Counting::Known(total) => Ok(total),
            Counting::Estimate(query) => estimate_count(&searcher, &*query),
        },
    );
    let (hits, total) = (hits?, total?);
    Ok(SearchResult {
        query: query.to_string(),
        total: total.count,
        total_exact: total.exact,
        corrected: None,
        hits,
    })
}

/// The issuing bodies of the index, as its header reader wrote them, read
/// once for each set of segments a searcher sees.
fn issuer_names(
    searcher: &Searcher,
    f: &crate::schema::Fields,
) -> Result<Arc<Vec<IssuerName>>, TantivyError> {
    type Cache = Mutex<Option<(Vec<SegmentId>, Arc<Vec<IssuerName>>)>>;
    static CACHE: Cache = Mutex::new(None);
    let segments: Vec<SegmentId> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.segment_id())
        .collect();
    if let Some((seen, names)) = &*CACHE.lock().expect("not poisoned") {
        if *seen == segments {
            return Ok(Arc::clone(names));
        }
    }
    let mut names = Vec::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(f.issuer_name)?;
        let mut terms = index.terms().stream()?;
        while terms.advance() {
            if let Ok(name) = std::str::from_utf8(terms.key()) {
                names.push(name.to_string());
            }
        }
    }
    names.sort_unstable();
    names.dedup();
    let names = Arc::new(names.iter().map(|n| IssuerName::new(n)).collect::<Vec<_>>());
    *CACHE.lock().expect("not poisoned") = Some((segments, Arc::clone(&names)));
    Ok(names)
}

/// How many of the best documents a number named alone is ranked over,
/// those bearing it newest first (see [`newest_first`]), whatever the
/// number of hits asked for.
const NUMBER_RANKED: usize = 50;

/// The documents bearing the number a query names alone (the same number,
/// issued in several years or by several bodies: `01/TT-BLĐTBXH`,
/// `thông tư 15`) come newest first, as a register lists them, not in the
/// order of small differences in their texts' scores; those that only
/// mention it follow, as ranked.
fn newest_first(
    searcher: &Searcher,
    top: &mut [(f32, DocAddress)],
    bearing: &std::collections::HashSet<DocAddress>,
) -> Result<(), TantivyError> {
    let equals = top.iter().take_while(|(_, a)| bearing.contains(a)).count();
    let mut dated = Vec::with_capacity(equals);
    for &(score, address) in &top[..equals] {
        let segment = searcher.segment_reader(address.segment_ord);
        let date = segment.fast_fields().u64("date_lo")?.first(address.doc_id);
        dated.push((date, score, address));
    }
    // Stable: the undated keep their order, after the dated.
    dated.sort_by_key(|d| std::cmp::Reverse(d.0));
    for (slot, (_, score, address)) in top.iter_mut().zip(dated) {
        *slot = (score, address);
    }
    Ok(())
}

/// How many of the best documents of each part of the first pass the whole
/// query ranks.
const CANDIDATES: usize = 100;

/// How many of the documents with every word the first pass takes by the
/// words' scores alone: fewer, since those holding the words together or in
/// their title come from parts of their own (over the 52 benchmark queries
/// at 200,000 documents, 40 instead of 100 changed 3 top tens, none by a
/// point).
const ALL_WORDS_CANDIDATES: usize = 40;

/// Ranks in two passes: plain terms find the best candidates (block-max
/// WAND skips what cannot reach them), then every clause scores only those.
/// The candidates are the best documents with the words side by side, then,
/// unless those were enough, the best with every word; the best with them
/// in the title; the best of the type the query opens with, with the rest
/// of its words in their title; the best issued on a date it names, or by
/// a body it names; and,
/// when many documents have every word, the best OCR'd ones with every word
/// in their OCR view. The result is the whole query's
/// ranking of the candidates. When few documents have every word, the best
/// with any of them are candidates instead; when those are few too, they
/// are every document with any of the words, and the ranking and count are
/// exact.
fn two_pass(
    searcher: &Searcher,
    stats: &ViewStatistics<'_>,
    first: &FirstPass,
    clauses: Clauses,
    limit: usize,
) -> Result<(Vec<(f32, DocAddress)>, Counting), TantivyError> {
    let by_score =
        |a: &(f32, DocAddress), b: &(f32, DocAddress)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let (mut addresses, exact) =
        candidates(searcher, stats, first, CANDIDATES, ALL_WORDS_CANDIDATES)?;
    let mut ranked = rescore(searcher, stats, &clauses, &mut addresses)?;
    ranked.sort_by(by_score);
    if limit > STABLE_HITS && !exact {
        // More hits asked for: more candidates, but the first hits stay
        // those a shorter list shows, so that `-n 50` goes on where `-n 10`
        // stops rather than reshuffling it.
        let (mut more, _) = candidates(
            searcher,
            stats,
            first,
            CANDIDATES.max(limit.saturating_mul(4)),
            ALL_WORDS_CANDIDATES.max(limit.saturating_mul(4)),
        )?;
        let scored: std::collections::HashSet<DocAddress> = addresses.iter().copied().collect();
        more.retain(|a| !scored.contains(a));
        let mut rest = ranked.split_off(STABLE_HITS.min(ranked.len()));
        rest.extend(rescore(searcher, stats, &clauses, &mut more)?);
        rest.sort_by(by_score);
        ranked.extend(rest);
    }
    let total = if exact {
        Counting::Known(Total {
            count: ranked.len(),
            exact: true,
        })
    } else {
        Counting::Estimate(clauses.matching_query())
    };
    ranked.truncate(limit.max(1));
    Ok((ranked, total))
}

/// The documents with every word of `clauses`, the first `limit` by date
/// of issue (`sort` says which way; the undated last), within a day those
/// whose words score best first. Ranked by relevance, a document missing a
/// word of a long query may still come first; ordered by date, one that
/// lacks it would stand among those that hold them all. Every match is
/// scored by its words alone, without the clauses that only lift (words
/// side by side, in the title): those made it twice as slow (52 queries on
/// 20,000 documents, p50 3.3 ms against 1.5), for an order within a day.
/// The count is exact.
fn by_date(
    searcher: &Searcher,
    stats: &ViewStatistics<'_>,
    mut clauses: Clauses,
    sort: Sort,
    limit: usize,
) -> Result<(Vec<(f32, DocAddress)>, Counting), TantivyError> {
    clauses.required = clauses.words.len();
    let order = sort.date_order();
    let dated = TopDocs::with_limit(limit.max(1)).order_by((
        (SortByStaticFastValue::<u64>::for_field("date_lo"), order),
        (SortBySimilarityScore, Order::Desc),
    ));
    let (top, count) = searcher.search_with_statistics_provider(
        &*clauses.matching_query(),
        &(dated, Count),
        stats,
    )?;
    let top = top
        .into_iter()
        .map(|((_, score), address)| (score, address))
        .collect();
    let total = Total { count, exact: true };
    Ok((top, Counting::Known(total)))
}

/// The hits a list of at most this many ranks from the first pass's fixed
/// candidates; a longer list keeps them first.
const STABLE_HITS: usize = CANDIDATES / 4;

/// The first pass's candidates, sorted: up to `wanted` of each part
/// (`wanted_all` of the documents with every word), and whether they are
/// every document with any of the words.
fn candidates(
    searcher: &Searcher,
    stats: &ViewStatistics<'_>,
    first: &FirstPass,
    wanted: usize,
    wanted_all: usize,
) -> Result<(Vec<DocAddress>, bool), TantivyError> {
    let top = |query: &dyn Query, k: usize| -> Result<Vec<DocAddress>, TantivyError> {
        let top = searcher.search_with_statistics_provider(
            query,
            &TopDocs::with_limit(k).order_by_score(),
            stats,
        )?;
        Ok(top.into_iter().map(|(_, a)| a).collect())
    };
    // The documents holding the words side by side first: when there are
    // enough of them, the best of those holding the words apart would rank
    // below them, and are not looked for.
    let mut addresses = match &first.together {
        Some(together) => top(&**together, wanted)?,
        None => Vec::new(),
    };
    let mut many_have_all = addresses.len() >= wanted;
    let mut exact = false;
    if !many_have_all {
        let all = match &first.all {
            Some(all) => top(&**all, wanted_all)?,
            None => Vec::new(),
        };
        many_have_all = all.len() >= wanted_all;
        if many_have_all {
            addresses.extend(all);
        } else {
            let any = top(&*first.any, wanted)?;
            exact = any.len() < wanted;
            addresses.extend(any);
        }
    }
    if let Some(all_ocr) = first.all_ocr.as_ref().filter(|_| many_have_all) {
        // Enough documents with every word; garbled ones with every word
        // in their OCR view compete too.
        addresses.extend(top(&**all_ocr, wanted)?);
    }
    addresses.extend(top(&*first.title, wanted)?);
    for part in [&first.named, &first.dated, &first.issued]
        .into_iter()
        .flatten()
    {
        addresses.extend(top(&**part, wanted)?);
    }
    addresses.sort();
    addresses.dedup();
    Ok((addresses, exact))
}

/// How many documents match a query.
struct Total {
    count: usize,
    /// Counted, not estimated.
    exact: bool,
}

/// How the matches of a query are to be counted.
enum Counting {
    /// Already known.
    Known(Total),
    /// By [`estimate_count`] of this query.
    Estimate(Box<dyn Query>),
}

/// Matches counted before the count of a large result is extrapolated.
const COUNT_SAMPLE: usize = 1000;

/// How many documents match a query: counted exactly while that is cheap;
/// for a large result, extrapolated from the share of the first documents
/// of the index that match once `COUNT_SAMPLE` of them have been found.
fn estimate_count(searcher: &Searcher, query: &dyn Query) -> Result<Total, TantivyError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let all: u64 = searcher
        .segment_readers()
        .iter()
        .map(|r| u64::from(r.max_doc()))
        .sum();
    let (mut found, mut seen) = (0usize, 0u64);
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                found += 1;
                if found >= COUNT_SAMPLE && seen + u64::from(doc) + 1 < all {
                    let share = found as f64 / (seen + u64::from(doc) + 1) as f64;
                    let live = searcher.num_docs() as f64;
                    return Ok(Total {
                        count: round_2((share * live) as usize),
                        exact: false,
                    });
                }
            }
            doc = scorer.advance();
        }
        seen += u64::from(reader.max_doc());
    }
    Ok(Total {
        count: found,
        exact: true,
    })
}

/// `n` rounded to two significant digits (`188263` → `190000`).
fn round_2(n: usize) -> usize {
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    (n + unit / 2) / unit * unit
}

/// Scores the given documents with every clause, as the whole query would
/// (the sum of the clauses that match), keeping those that match it: every
/// `must` clause and at least `required` words.
fn rescore(
    searcher: &Searcher,
    stats: &ViewStatistics<'_>,
    clauses: &Clauses,
    docs: &mut [DocAddress],
) -> Result<Vec<(f32, DocAddress)>, TantivyError> {
    let scoring = EnableScoring::enabled_from_statistics_provider(stats, searcher);
    let ocr_view = stats.fields.body_ocr;
    let weight = |q: &dyn Query| -> Result<Clause, TantivyError> {
        // A clause of the OCR view alone: a document without that view
        // (most are clean) cannot match it, and is not looked up in it.
        let (mut terms, mut ocr_terms) = (0, 0);
        q.query_terms(&mut |t, _| {
            terms += 1;
            ocr_terms += usize::from(t.field() == ocr_view);
        });
        Ok(Clause {
            weight: q.weight(scoring)?,
            ocr: terms > 0 && ocr_terms == terms,
        })
    };
    let weights = |queries: &[Box<dyn Query>]| -> Result<Vec<Clause>, TantivyError> {
        queries.iter().map(|q| weight(&**q)).collect()
    };
    let must = weights(&clauses.must)?;
    let words = clauses
        .words
        .iter()
        .map(|w| {
            Ok((
                weights(&w.found)?,
                w.bonus.as_deref().map(weight).transpose()?,
            ))
        })
        .collect::<Result<Vec<_>, TantivyError>>()?;
    let should = clauses
        .should
        .iter()
        .map(|alternatives| weights(alternatives))
        .collect::<Result<Vec<_>, _>>()?;
    docs.sort();
    // Segments are scored side by side, each by scorers of its own.
    let segments: Vec<&[DocAddress]> = docs
        .chunk_by(|a, b| a.segment_ord == b.segment_ord)
        .collect();
    let scored = segments
        .into_par_iter()
        .map(|segment| {
            let reader = searcher.segment_reader(segment[0].segment_ord);
            let probe = |c: &Clause| -> Result<Probe, TantivyError> {
                Ok(Probe::new(c.weight.scorer(reader, 1.0)?, c.ocr))
            };
            let scorers = |clauses: &[Clause]| -> Result<Vec<Probe>, TantivyError> {
                clauses.iter().map(probe).collect()
            };
            let mut must = scorers(&must)?;
            let mut words = words
                .iter()
                .map(|(found, bonus)| Ok((scorers(found)?, bonus.as_ref().map(probe).transpose()?)))
                .collect::<Result<Vec<_>, TantivyError>>()?;
            // Length of each document's OCR view: zero for one without it.
            let ocr_lengths = reader.get_fieldnorms_reader(ocr_view)?;
            let mut should = should
                .iter()
                .map(|alternatives| scorers(alternatives))
                .collect::<Result<Vec<_>, _>>()?;
            let mut out = Vec::with_capacity(segment.len());
            'doc: for address in segment {
                let doc = address.doc_id;
                let garbled = ocr_lengths.fieldnorm_id(doc) != 0;
                let mut score = 0.0;
                for s in &mut must {
                    if !s.matches(doc, garbled) {
                        continue 'doc;
                    }
                    score += s.scorer.score();
                }
                let mut found = 0;
                for (ways, bonus) in &mut words {
                    let Some(best) = best(ways, doc, garbled) else {
                        continue;
                    };
                    found += 1;
                    score += best;
                    if let Some(b) = bonus {
                        if b.matches(doc, garbled) {
                            score += b.scorer.score();
                        }
                    }
                }
                if found < clauses.required {
                    continue;
                }
                for alternatives in &mut should {
                    score += best(alternatives, doc, garbled).unwrap_or(0.0);
                }
                out.push((score, *address));
            }
            Ok(out)
        })
        .collect::<Result<Vec<_>, TantivyError>>()?;
    Ok(scored.concat())
}

/// The best score among the alternatives matching `doc`, if any does.
fn best(alternatives: &mut [Probe], doc: DocId, garbled: bool) -> Option<f32> {
    alternatives
        .iter_mut()
        .filter_map(|s| s.matches(doc, garbled).then(|| s.scorer.score()))
        .reduce(f32::max)
}

/// A clause's weight, and whether it looks in the OCR view alone.
struct Clause {
    weight: Box<dyn Weight>,
    ocr: bool,
}

/// A clause's scorer, asked about documents in increasing order.
struct Probe {
    scorer: Box<dyn Scorer>,
    /// Whether the clause looks in the OCR view alone.
    ocr: bool,
    /// Whether the scorer stands on a document of its own (after a miss,
    /// `seek_danger` may leave it anywhere below its next match).
    valid: bool,
}

impl Probe {
    fn new(scorer: Box<dyn Scorer>, ocr: bool) -> Probe {
        Probe {
            scorer,
            ocr,
            valid: true,
        }
    }

    /// Whether the clause matches `doc` (`garbled`: whether it has an OCR
    /// view), without looking for its next match when it does not (which,
    /// for a phrase, could mean reading on through many documents).
    fn matches(&mut self, doc: DocId, garbled: bool) -> bool {
        if self.ocr && !garbled {
            return false;
        }
        let at = self.scorer.doc();
        if self.valid && at >= doc {
            return at == doc;
        }
        if !self.valid && at > doc {
            // Left past `doc` by a miss: a phrase's first word is further
            // on, so it cannot match here (and a phrase must not be asked
            // for a document before where it stands).
            return false;
        }
        self.valid = self.scorer.seek_danger(doc) == SeekDangerResult::Found;
        self.valid
    }
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
