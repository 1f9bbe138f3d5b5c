//! The word pairs of the text: each word with the one before it, both
//! folded (`cải cách hành chính` gives `cai cach`, `cach hanh`, `hanh
//! chinh`), kept apart from Tantivy's postings, in a segment component of
//! their own (`.pairs`).
//!
//! A query's neighbouring words give the pairs a text gives for them side
//! by side, so the documents holding all of a query's pairs hold its words
//! as a phrase (near enough), found from postings alone, without positions
//! ([`PairQuery`]).
//!
//! Why not a field of Tantivy's: a text has about as many pairs as words,
//! nearly all of them different, and Tantivy's postings writer looks each
//! one up in a hash table of every term of the segment, which misses the
//! cache for every pair; that was over a third of the indexing time. Here
//! a document's pairs are hashed to 64 bits, counted, and appended to a
//! list that is sorted once, when the segment is written.
//!
//! # The file
//!
//! Terms in ascending order of their hash, each written as
//!
//! - the hash, 8 bytes little-endian;
//! - the number of documents holding it, then the length in bytes of its
//!   postings, each a variable-length integer (LEB128);
//! - its postings: for each document in ascending order, the gap from the
//!   previous one (the first: its id) and the number of times the pair
//!   occurs in it, each a variable-length integer;
//!
//! then, for every [`BLOCK`]-th term, its hash and where it starts (8 bytes
//! each); then a footer: the number of those entries, where they start,
//! the number of terms (8 bytes each), [`VERSION`] and [`MAGIC`] (4 bytes
//! each).
//!
//! A term is looked up by a binary search of the block entries, then a
//! scan of at most [`BLOCK`] terms. Segments are merged term by term
//! ([`PairPlugin`]), holding only the block entries in memory.

use std::any::Any;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use tantivy::directory::{OwnedBytes, TerminatingWrite, WritePtr};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentComponent;
use tantivy::indexer::doc_id_mapping::{DocIdMapping, MappingType};
use tantivy::plugin::{PluginMergeContext, PluginWriter, PluginWriterContext, SegmentPlugin};
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight, EmptyScorer, EnableScoring, Explanation};
use tantivy::query::{Query, Scorer, Weight};
use tantivy::schema::document::{ErasedDocument, ErasedValue, ReferenceValueLeaf};
use tantivy::schema::{Field, Schema};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::{DocId, DocSet, Score, Searcher, Segment, SegmentReader, TantivyError, TERMINATED};

use crate::analysis::NeighbourTokenizer;

/// The extension of the segment component.
pub const EXTENSION: &str = "pairs";

/// Terms between two entries of the block index.
const BLOCK: u64 = 64;

/// The format of the file.
const VERSION: u32 = 1;

/// The file's last four bytes.
const MAGIC: u32 = u32::from_le_bytes(*b"VBPR");

/// Bytes of the footer.
const FOOTER: usize = 8 * 3 + 4 * 2;

fn component() -> SegmentComponent {
    SegmentComponent::Custom(EXTENSION.to_string())
}

/// The 64-bit hash a pair token (`cai cach`) is indexed and looked up by.
/// Fixed here, not taken from a crate, because it is written to disk.
pub fn hash(token: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, word: u64| (h ^ word).wrapping_mul(K).rotate_left(29);
    let mut h = (token.len() as u64).wrapping_mul(K);
    let mut chunks = token.chunks_exact(8);
    for chunk in &mut chunks {
        h = mix(h, u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(last));
    }
    // MurmurHash3's finalizer: every bit of the input moves every bit out.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The hash of the pair of two words of a query ([`crate::analysis::pair`]).
pub fn pair_hash(first: &str, second: &str) -> u64 {
    let mut buf = String::new();
    crate::analysis::pair(first, second, &mut buf);
    hash(buf.as_bytes())
}

fn write_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a variable-length integer at `*at`, moving past it; `None` when
/// the bytes end first or it is longer than a u64.
fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("damaged word pairs file: {what}"),
    )
}

/// The segment component of word pairs: what the pairs of the text of
/// `source` (a field every document gives its text to) are written to.
pub struct PairPlugin {
    source: Field,
}

impl PairPlugin {
    pub fn new(source: Field) -> Arc<PairPlugin> {
        Arc::new(PairPlugin { source })
    }
}

impl SegmentPlugin for PairPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, _: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        Ok(Box::new(PairWriter {
            source: self.source,
            postings: Vec::new(),
            tokenizer: NeighbourTokenizer::default(),
            hashes: Vec::new(),
        }))
    }

    fn merge(&self, ctx: PluginMergeContext) -> tantivy::Result<()> {
        if ctx.doc_id_mapping.mapping_type() == MappingType::Shuffled {
            return Err(TantivyError::InvalidArgument(
                "word pairs cannot be merged into a sorted index".to_string(),
            ));
        }
        // Segments are stacked in order, each without its deleted
        // documents: each old id's new one, or none.
        let mut next: DocId = 0;
        let new_ids: Vec<Vec<DocId>> = ctx
            .readers
            .iter()
            .map(|reader| {
                (0..reader.max_doc())
                    .map(|doc| {
                        if reader
                            .alive_bitset()
                            .is_none_or(|alive| alive.is_alive(doc))
                        {
                            next += 1;
                            next - 1
                        } else {
                            TERMINATED
                        }
                    })
                    .collect()
            })
            .collect();
        let files = ctx
            .readers
            .iter()
            .map(PairsFile::open)
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut cursors: Vec<Cursor<'_>> = files.iter().map(PairsFile::cursor).collect();
        let mut out = FileWriter::new(ctx.target_segment.open_write(component())?);
        let mut postings = Vec::new();
        loop {
            let mut least = None;
            for cursor in &mut cursors {
                if let Some(term) = cursor.peek()? {
                    least = Some(least.map_or(term.hash, |h: u64| h.min(term.hash)));
                }
            }
            let Some(key) = least else { break };
            postings.clear();
            let (mut docs, mut last) = (0u64, None);
            for (cursor, new_ids) in cursors.iter_mut().zip(&new_ids) {
                let Some(term) = cursor.take_if(key)? else {
                    continue;
                };
                for posting in term.postings() {
                    let (old, tf) = posting?;
                    let new = *new_ids
                        .get(old as usize)
                        .ok_or_else(|| corrupt("a document past the segment's end"))?;
                    if new == TERMINATED {
                        continue;
                    }
                    write_varint(&mut postings, u64::from(new - last.unwrap_or(0)));
                    write_varint(&mut postings, u64::from(tf));
                    last = Some(new);
                    docs += 1;
                }
            }
            if docs > 0 {
                out.term(key, docs, &postings)?;
            }
        }
        out.finish()?;
        Ok(())
    }
}

/// What one segment's pairs are gathered in as its documents are indexed.
struct PairWriter {
    source: Field,
    /// Each pair of each document: its hash, the document, and how many
    /// times the document holds it. Documents come in order.
    postings: Vec<(u64, DocId, u32)>,
    tokenizer: NeighbourTokenizer,
    /// The hashes of the document at hand.
    hashes: Vec<u64>,
}

impl PluginWriter for PairWriter {
    fn add_document(
        &mut self,
        doc_id: DocId,
        doc: &dyn ErasedDocument,
        _: &Schema,
    ) -> tantivy::Result<()> {
        let text = doc.erased_fields().find_map(|(field, value)| match value {
            ErasedValue::Leaf(ReferenceValueLeaf::Str(text)) if field == self.source => Some(text),
            _ => None,
        });
        let Some(text) = text else { return Ok(()) };
        self.hashes.clear();
        let mut stream = self.tokenizer.token_stream(text);
        while stream.advance() {
            self.hashes.push(hash(stream.token().text.as_bytes()));
        }
        drop(stream);
        self.hashes.sort_unstable();
        for run in self.hashes.chunk_by(|a, b| a == b) {
            self.postings.push((run[0], doc_id, run.len() as u32));
        }
        Ok(())
    }

    fn serialize(
        mut self: Box<Self>,
        segment: &Segment,
        doc_id_map: Option<&DocIdMapping>,
    ) -> tantivy::Result<()> {
        if doc_id_map.is_some() {
            return Err(TantivyError::InvalidArgument(
                "word pairs cannot be written to a sorted index".to_string(),
            ));
        }
        // By hash, each hash's documents staying in order.
        self.postings
            .sort_unstable_by_key(|&(hash, doc, _)| (hash, doc));
        let mut out = FileWriter::new(segment.open_write(component())?);
        let mut postings = Vec::new();
        for term in self.postings.chunk_by(|a, b| a.0 == b.0) {
            postings.clear();
            let mut last = 0;
            for &(_, doc, tf) in term {
                write_varint(&mut postings, u64::from(doc - last));
                write_varint(&mut postings, u64::from(tf));
                last = doc;
            }
            out.term(term[0].0, term.len() as u64, &postings)?;
        }
        out.finish()?;
        Ok(())
    }

    fn mem_usage(&self) -> usize {
        self.postings.capacity() * std::mem::size_of::<(u64, DocId, u32)>()
            + self.hashes.capacity() * 8
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Writes a pairs file, term by term in ascending order of hash.
struct FileWriter {
    out: WritePtr,
    written: u64,
    terms: u64,
    /// Every [`BLOCK`]-th term's hash and where it starts.
    blocks: Vec<(u64, u64)>,
    head: Vec<u8>,
}

impl FileWriter {
    fn new(out: WritePtr) -> FileWriter {
        FileWriter {
            out,
            written: 0,
            terms: 0,
            blocks: Vec::new(),
            head: Vec::with_capacity(32),
        }
    }

    fn term(&mut self, hash: u64, docs: u64, postings: &[u8]) -> io::Result<()> {
        if self.terms.is_multiple_of(BLOCK) {
            self.blocks.push((hash, self.written));
        }
        self.head.clear();
        self.head.extend_from_slice(&hash.to_le_bytes());
        write_varint(&mut self.head, docs);
        write_varint(&mut self.head, postings.len() as u64);
        self.out.write_all(&self.head)?;
        self.out.write_all(postings)?;
        self.written += (self.head.len() + postings.len()) as u64;
        self.terms += 1;
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        let blocks_at = self.written;
        for (hash, at) in &self.blocks {
            self.out.write_all(&hash.to_le_bytes())?;
            self.out.write_all(&at.to_le_bytes())?;
        }
        self.out
            .write_all(&(self.blocks.len() as u64).to_le_bytes())?;
        self.out.write_all(&blocks_at.to_le_bytes())?;
        self.out.write_all(&self.terms.to_le_bytes())?;
        self.out.write_all(&VERSION.to_le_bytes())?;
        self.out.write_all(&MAGIC.to_le_bytes())?;
        self.out.terminate()
    }
}

/// One segment's pairs file, read.
#[derive(Clone)]
pub struct PairsFile {
    bytes: OwnedBytes,
    /// Where the block index starts (and the terms end).
    blocks_at: usize,
    blocks: usize,
}

impl PairsFile {
    pub fn open(reader: &SegmentReader) -> tantivy::Result<PairsFile> {
        let bytes = reader.open_read(component())?.read_bytes()?;
        Ok(PairsFile::from_bytes(bytes)?)
    }

    fn from_bytes(bytes: OwnedBytes) -> io::Result<PairsFile> {
        let b = bytes.as_slice();
        let n = b.len();
        if n < FOOTER {
            return Err(corrupt("too short"));
        }
        let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"));
        let u64_at = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
        if u32_at(n - 4) != MAGIC {
            return Err(corrupt("not a word pairs file"));
        }
        if u32_at(n - 8) != VERSION {
            return Err(corrupt("written by another version"));
        }
        let blocks = u64_at(n - FOOTER) as usize;
        let blocks_at = u64_at(n - FOOTER + 8) as usize;
        if blocks_at.checked_add(
            blocks
                .checked_mul(16)
                .ok_or_else(|| corrupt("block count"))?,
        ) != Some(n - FOOTER)
        {
            return Err(corrupt("block index out of place"));
        }
        Ok(PairsFile {
            bytes,
            blocks_at,
            blocks,
        })
    }

    fn block(&self, i: usize) -> (u64, usize) {
        let b = &self.bytes.as_slice()[self.blocks_at + 16 * i..];
        (
            u64::from_le_bytes(b[..8].try_into().expect("8 bytes")),
            u64::from_le_bytes(b[8..16].try_into().expect("8 bytes")) as usize,
        )
    }

    fn cursor(&self) -> Cursor<'_> {
        Cursor {
            bytes: &self.bytes.as_slice()[..self.blocks_at],
            at: 0,
            next: None,
        }
    }

    /// The term of `hash`, if any document of the segment holds it.
    pub fn term(&self, hash: u64) -> io::Result<Option<Term<'_>>> {
        // The last block starting at or before `hash`.
        let (mut lo, mut hi) = (0, self.blocks);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.block(mid).0 <= hash {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == 0 {
            return Ok(None);
        }
        let (_, start) = self.block(lo - 1);
        let end = if lo < self.blocks {
            self.block(lo).1
        } else {
            self.blocks_at
        };
        let bytes = &self.bytes.as_slice()[..self.blocks_at];
        let mut cursor = Cursor {
            bytes: bytes
                .get(..end)
                .ok_or_else(|| corrupt("block past the end"))?,
            at: start,
            next: None,
        };
        while let Some(term) = cursor.peek()? {
            if term.hash >= hash {
                return Ok((term.hash == hash).then_some(term));
            }
            cursor.next = None;
        }
        Ok(None)
    }
}

/// A term of a pairs file: a hash and its postings.
#[derive(Clone, Copy)]
pub struct Term<'a> {
    pub hash: u64,
    /// Documents holding it.
    pub docs: u64,
    postings: &'a [u8],
    /// Where its postings start in the file.
    offset: usize,
}

impl<'a> Term<'a> {
    /// Each document holding the pair, with how many times it does.
    fn postings(&self) -> Postings<'a> {
        Postings {
            bytes: self.postings,
            at: 0,
            left: self.docs,
            doc: 0,
        }
    }
}

struct Postings<'a> {
    bytes: &'a [u8],
    at: usize,
    left: u64,
    doc: DocId,
}

impl Iterator for Postings<'_> {
    type Item = io::Result<(DocId, u32)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let mut read = || -> Option<(DocId, u32)> {
            let gap = read_varint(self.bytes, &mut self.at)?;
            let tf = read_varint(self.bytes, &mut self.at)?;
            Some((self.doc.checked_add(u32::try_from(gap).ok()?)?, tf as u32))
        };
        let Some((doc, tf)) = read() else {
            self.left = 0;
            return Some(Err(corrupt("postings cut short")));
        };
        self.doc = doc;
        Some(Ok((doc, tf)))
    }
}

/// Reads a pairs file's terms in order.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    next: Option<Term<'a>>,
}

impl<'a> Cursor<'a> {
    /// The next term, without moving past it.
    fn peek(&mut self) -> io::Result<Option<Term<'a>>> {
        if self.next.is_none() && self.at < self.bytes.len() {
            let b = self.bytes;
            let hash = b
                .get(self.at..self.at + 8)
                .ok_or_else(|| corrupt("term cut short"))?;
            let hash = u64::from_le_bytes(hash.try_into().expect("8 bytes"));
            self.at += 8;
            let docs = read_varint(b, &mut self.at).ok_or_else(|| corrupt("term cut short"))?;
            let len = read_varint(b, &mut self.at).ok_or_else(|| corrupt("term cut short"))?;
            let postings = usize::try_from(len)
                .ok()
                .and_then(|len| b.get(self.at..self.at.checked_add(len)?))
                .ok_or_else(|| corrupt("postings past the end"))?;
            self.next = Some(Term {
                hash,
                docs,
                postings,
                offset: self.at,
            });
            self.at += postings.len();
        }
        Ok(self.next)
    }

    /// The next term if it is `hash`'s, moving past it.
    fn take_if(&mut self, hash: u64) -> io::Result<Option<Term<'a>>> {
        match self.peek()? {
            Some(term) if term.hash == hash => Ok(self.next.take()),
            _ => Ok(None),
        }
    }
}

/// The documents holding two words side by side, scored by BM25 as a term
/// would be, with the length of the text in words (the norm of `source`,
/// the field the pairs are read from).
#[derive(Clone)]
pub struct PairQuery {
    pair: String,
    hash: u64,
    source: Field,
}

impl PairQuery {
    /// The query of the pair of `first` and `second`, two words of a query.
    pub fn new(first: &str, second: &str, source: Field) -> PairQuery {
        let mut pair = String::new();
        crate::analysis::pair(first, second, &mut pair);
        PairQuery {
            hash: hash(pair.as_bytes()),
            pair,
            source,
        }
    }

    /// The pair's token (`cai cach`).
    pub fn pair(&self) -> &str {
        &self.pair
    }
}

impl fmt::Debug for PairQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PairQuery({:?})", self.pair)
    }
}

/// Documents of the searcher holding the pair of `hash`.
pub fn doc_freq(searcher: &Searcher, hash: u64) -> tantivy::Result<u64> {
    let mut docs = 0;
    for reader in searcher.segment_readers() {
        if let Some(term) = PairsFile::open(reader)?.term(hash)? {
            docs += term.docs;
        }
    }
    Ok(docs)
}

impl Query for PairQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match scoring.searcher().filter(|_| scoring.is_scoring_enabled()) {
            Some(searcher) => {
                let docs = searcher.total_num_docs()?;
                let tokens = Bm25StatisticsProvider::total_num_tokens(searcher, self.source)?;
                let average = tokens as Score / docs.max(1) as Score;
                Some(Bm25Weight::for_one_term(
                    doc_freq(searcher, self.hash)?,
                    docs,
                    average,
                ))
            }
            None => None,
        };
        Ok(Box::new(PairWeight {
            hash: self.hash,
            source: self.source,
            bm25,
        }))
    }
}

struct PairWeight {
    hash: u64,
    source: Field,
    /// None when scoring is off.
    bm25: Option<Bm25Weight>,
}

impl PairWeight {
    fn pair_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<PairScorer>> {
        let file = PairsFile::open(reader)?;
        let Some(term) = file.term(self.hash)? else {
            return Ok(None);
        };
        let mut scorer = PairScorer {
            postings: file
                .bytes
                .slice(term.offset..term.offset + term.postings.len()),
            at: 0,
            left: term.docs,
            docs: u32::try_from(term.docs).unwrap_or(u32::MAX),
            doc: 0,
            tf: 0,
            norms: reader.get_fieldnorms_reader(self.source)?,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
        };
        scorer.advance();
        Ok(Some(scorer))
    }
}

impl Weight for PairWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.pair_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_found = || TantivyError::InvalidArgument(format!("document {doc} does not match"));
        let mut scorer = self.pair_scorer(reader, 1.0)?.ok_or_else(not_found)?;
        if scorer.seek(doc) != doc {
            return Err(not_found());
        }
        Ok(match &scorer.bm25 {
            Some(bm25) => bm25.explain(scorer.norms.fieldnorm_id(doc), scorer.tf),
            None => Explanation::new("word pair, unscored", 1.0),
        })
    }
}

/// The postings of one pair in one segment, as a scorer.
struct PairScorer {
    postings: OwnedBytes,
    at: usize,
    left: u64,
    docs: u32,
    doc: DocId,
    tf: u32,
    norms: FieldNormReader,
    bm25: Option<Bm25Weight>,
}

impl DocSet for PairScorer {
    /// The first call reads the first document (its gap is from 0).
    fn advance(&mut self) -> DocId {
        if self.left == 0 {
            self.doc = TERMINATED;
            return TERMINATED;
        }
        self.left -= 1;
        let bytes = self.postings.as_slice();
        let gap = read_varint(bytes, &mut self.at);
        let tf = read_varint(bytes, &mut self.at);
        match (gap, tf) {
            (Some(gap), Some(tf)) if u64::from(self.doc) + gap < u64::from(TERMINATED) => {
                self.doc += gap as DocId;
                self.tf = tf as u32;
            }
            // Damaged postings end the list; opening the file checked
            // its frame, so this is not expected.
            _ => {
                self.left = 0;
                self.doc = TERMINATED;
            }
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.docs
    }
}

impl Scorer for PairScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.norms.fieldnorm_id(self.doc), self.tf),
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_read_back() {
        let mut out = Vec::new();
        for n in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            write_varint(&mut out, n);
        }
        let mut at = 0;
        for n in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(read_varint(&out, &mut at), Some(n));
        }
        assert_eq!(read_varint(&out, &mut at), None);
        assert_eq!(read_varint(&[0x80], &mut 0), None);
    }

    #[test]
    fn hashes_differ_for_different_pairs_and_not_for_spellings() {
        assert_eq!(pair_hash("Cải", "CÁCH"), pair_hash("cai", "cach"));
        assert_ne!(pair_hash("cai", "cach"), pair_hash("cach", "cai"));
        assert_ne!(pair_hash("cai", "cach"), pair_hash("cai", "cachx"));
        // Fixed: it is written to disk.
        assert_eq!(hash(b""), hash(b""));
        let hashes: std::collections::HashSet<u64> = (0..100_000u32)
            .map(|i| hash(format!("w{i} x").as_bytes()))
            .collect();
        assert_eq!(hashes.len(), 100_000);
    }

    /// An index of the given texts, each commit a segment, with the
    /// word pairs kept.
    fn index_of(commits: &[&[&str]]) -> (tantivy::Index, Field) {
        let (schema, f) = crate::schema::build();
        let index = tantivy::Index::builder()
            .schema(schema)
            .register_plugin(PairPlugin::new(f.body_folded))
            .create_in_ram()
            .unwrap();
        crate::analysis::register(&index);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for texts in commits {
            for (i, text) in texts.iter().enumerate() {
                let mut doc = tantivy::TantivyDocument::new();
                doc.add_text(f.body_folded, text);
                doc.add_text(f.path, format!("{text}#{i}"));
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        (index, f.body_folded)
    }

    /// Each segment's documents holding the pair of two words, with how
    /// many times, read through the file and through the query.
    fn postings(
        index: &tantivy::Index,
        source: Field,
        first: &str,
        second: &str,
    ) -> Vec<Vec<(DocId, u32)>> {
        let searcher = index.reader().unwrap().searcher();
        let query = PairQuery::new(first, second, source);
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        searcher
            .segment_readers()
            .iter()
            .map(|reader| {
                let file = PairsFile::open(reader).unwrap();
                let read: Vec<(DocId, u32)> = match file.term(pair_hash(first, second)).unwrap() {
                    Some(term) => term.postings().map(Result::unwrap).collect(),
                    None => Vec::new(),
                };
                let mut scorer = weight.scorer(reader, 1.0).unwrap();
                let mut scored = Vec::new();
                while scorer.doc() != TERMINATED {
                    assert!(scorer.score() > 0.0);
                    scored.push(scorer.doc());
                    scorer.advance();
                }
                assert_eq!(scored, read.iter().map(|p| p.0).collect::<Vec<_>>());
                read
            })
            .collect()
    }

    #[test]
    fn pairs_are_found_by_segment_and_after_a_merge_without_the_deleted() {
        let (index, source) = index_of(&[
            &[
                "Cải cách hành chính",
                "hành chính cải cách, cải cách",
                "không có",
            ],
            &["CẢI CÁCH thủ tục", "cải cách cải cách cải cách"],
        ]);
        assert_eq!(
            postings(&index, source, "cải", "cách"),
            [vec![(0, 1), (1, 2)], vec![(0, 1), (1, 3)]]
        );
        assert_eq!(
            postings(&index, source, "chinh", "cai"),
            [vec![(1, 1)], vec![]]
        );
        assert_eq!(
            postings(&index, source, "cach", "cai"),
            [vec![(1, 1)], vec![(1, 2)]]
        );
        assert_eq!(postings(&index, source, "co", "khong"), [vec![], vec![]]);
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(doc_freq(&searcher, pair_hash("cai", "cach")).unwrap(), 4);

        // The second text of the first commit goes; the rest are stacked.
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let f = crate::schema::fields_of(&index.schema()).unwrap();
        writer.delete_term(tantivy::Term::from_field_text(
            f.path,
            "hành chính cải cách, cải cách#1",
        ));
        writer.commit().unwrap();
        let ids = index.searchable_segment_ids().unwrap();
        writer.merge(&ids).wait().unwrap();
        writer.wait_merging_threads().unwrap();
        assert_eq!(
            postings(&index, source, "cải", "cách"),
            [vec![(0, 1), (2, 1), (3, 3)]]
        );
        assert_eq!(postings(&index, source, "chinh", "cai"), [vec![]]);
        assert_eq!(postings(&index, source, "cach", "cai"), [vec![(3, 2)]]);
        assert_eq!(postings(&index, source, "thu", "tuc"), [vec![(2, 1)]]);
        assert_eq!(postings(&index, source, "khong", "co"), [vec![(1, 1)]]);
    }

    #[test]
    fn more_uses_score_higher_and_seeking_finds_each_document() {
        let texts: Vec<String> = (0..300)
            .map(|i| match i % 3 {
                0 => format!("văn bản {i} cải cách"),
                1 => format!("văn bản {i} cải cách, cải cách"),
                _ => format!("văn bản {i}"),
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (index, source) = index_of(&[&texts]);
        let searcher = index.reader().unwrap().searcher();
        let weight = PairQuery::new("cải", "cách", source)
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let reader = &searcher.segment_readers()[0];
        let mut scorer = weight.scorer(reader, 1.0).unwrap();
        assert_eq!(scorer.seek(150), 150);
        let once = scorer.score();
        assert_eq!(scorer.seek(151), 151);
        assert!(scorer.score() > once);
        assert_eq!(scorer.seek(152), 153);
        assert_eq!(scorer.seek(299), TERMINATED);
        let explained = weight.explain(reader, 151).unwrap();
        assert!(explained.value() > once);
        assert!(weight.explain(reader, 152).is_err());
    }

    #[test]
    fn damaged_files_are_errors() {
        let (index, _) = index_of(&[&["cải cách hành chính"]]);
        let searcher = index.reader().unwrap().searcher();
        let reader = &searcher.segment_readers()[0];
        let bytes = reader.open_read(component()).unwrap().read_bytes().unwrap();
        let whole = bytes.as_slice().to_vec();
        assert!(PairsFile::from_bytes(OwnedBytes::new(whole.clone())).is_ok());
        for damaged in [
            whole[..whole.len() - 1].to_vec(),
            whole[1..].to_vec(),
            vec![0; 3],
            [&whole[..4], &whole[8..]].concat(),
        ] {
            assert!(PairsFile::from_bytes(OwnedBytes::new(damaged)).is_err());
        }
        // Postings cut short are an error, not a wrong answer.
        let file = PairsFile::from_bytes(OwnedBytes::new(whole)).unwrap();
        let term = file.term(pair_hash("cai", "cach")).unwrap().unwrap();
        let cut = Term {
            postings: &term.postings[..1],
            ..term
        };
        assert!(cut.postings().any(|p| p.is_err()));
    }
}
