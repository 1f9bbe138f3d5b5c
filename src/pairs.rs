//! The word pairs of the text: each word with the one before it, both
//! folded (`cải cách hành chính` gives `cai cach`, `cach hanh`, `hanh
//! chinh`), kept apart from Tantivy's postings, in a segment component of
//! their own (`.pairs`).
//!
//! A query's neighbouring words give the pairs a text gives for them side
//! by side, so the documents holding all of a query's pairs hold its words
//! as a phrase (near enough), found from postings alone, without positions
//! ([`PairsQuery`]).
//!
//! Why not a field of Tantivy's: a text has about as many pairs as words,
//! nearly all of them different, and Tantivy's postings writer looks each
//! one up in a hash table of every term of the segment, missing the cache
//! for nearly every pair (with the pairs, its postings took three quarters
//! of the indexing CPU; without them, half). Here a document's pairs are
//! hashed to 64 bits, counted, and appended to a list that is sorted
//! once, when the segment is written.
//!
//! # The file
//!
//! Terms in ascending order of their hash, each written as
//!
//! - the hash, 8 bytes little-endian;
//! - the number of documents holding it, then the length in bytes of its
//!   postings, each a variable-length integer (LEB128);
//! - its postings: the documents in ascending order, each with the number
//!   of times the pair occurs in it, bit-packed by 128 behind a skip list
//!   (see [`encode`]);
//!
//! then, for every [`BLOCK`]-th term, its hash and where it starts (8 bytes
//! each); then a footer: the number of those entries, where they start,
//! the number of terms (8 bytes each), the average length of the
//! segment's texts (an f32, see [`Norms`]), [`VERSION`] and [`MAGIC`] (4
//! bytes each).
//!
//! A term is looked up by a binary search of the block entries, then a
//! scan of at most [`BLOCK`] terms. Segments are merged term by term
//! ([`PairPlugin`]), holding only the block entries in memory.

use std::any::Any;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use bitpacking::{BitPacker, BitPacker4x};
use tantivy::directory::{OwnedBytes, TerminatingWrite, WritePtr};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::{SegmentComponent, SegmentId};
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
const EXTENSION: &str = "pairs";

/// Terms between two entries of the block index.
const BLOCK: u64 = 64;

/// Bytes of an entry of the block index: a hash and where its term starts.
const BLOCK_ENTRY: usize = 16;

/// The format of the file.
const VERSION: u32 = 1;

/// The file's last four bytes.
const MAGIC: u32 = u32::from_le_bytes(*b"VBPR");

/// Bytes of the footer.
const FOOTER: usize = 8 * 3 + 4 * 3;

fn component() -> SegmentComponent {
    SegmentComponent::Custom(EXTENSION.to_string())
}

/// The 64-bit hash a pair token (`cai cach`) is indexed and looked up by.
/// Fixed here, not taken from a crate, because it is written to disk.
fn hash(token: &[u8]) -> u64 {
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
fn pair_hash(first: &str, second: &str) -> u64 {
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
            counts: Default::default(),
            docs: 0,
            words: 0,
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
        // The sources' average lengths, weighed by their documents.
        let (mut words, mut texts) = (0.0, 0.0);
        for (file, reader) in files.iter().zip(ctx.readers) {
            words += f64::from(file.average) * f64::from(reader.num_docs());
            texts += f64::from(reader.num_docs());
        }
        let average = (words / f64::max(texts, 1.0)) as f32;
        let norms = Norms::of(ctx.target_segment, self.source, average)?;
        let mut out = FileWriter::new(ctx.target_segment.open_write(component())?);
        let (mut docs, mut postings) = (Vec::new(), Vec::new());
        loop {
            let mut least = None;
            for cursor in &mut cursors {
                if let Some(term) = cursor.peek()? {
                    least = Some(least.map_or(term.hash, |h: u64| h.min(term.hash)));
                }
            }
            let Some(key) = least else { break };
            docs.clear();
            for (cursor, new_ids) in cursors.iter_mut().zip(&new_ids) {
                let Some(term) = cursor.take_if(key)? else {
                    continue;
                };
                for posting in term.postings() {
                    let (old, tf) = posting?;
                    let new = *new_ids
                        .get(old as usize)
                        .ok_or_else(|| corrupt("a document past the segment's end"))?;
                    if new != TERMINATED {
                        docs.push((new, tf));
                    }
                }
            }
            if !docs.is_empty() {
                postings.clear();
                encode(&docs, &norms, &mut postings);
                out.term(key, docs.len() as u64, &postings)?;
            }
        }
        out.finish(norms.average)?;
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
    /// How many times the document at hand holds each.
    counts: rustc_hash::FxHashMap<u64, u32>,
    /// Documents, and words of their texts (their pairs and one).
    docs: u64,
    words: u64,
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
        self.docs += 1;
        let Some(text) = text else { return Ok(()) };
        self.hashes.clear();
        let mut stream = self.tokenizer.token_stream(text);
        while stream.advance() {
            self.hashes.push(hash(stream.token().text.as_bytes()));
        }
        drop(stream);
        if !self.hashes.is_empty() {
            self.words += self.hashes.len() as u64 + 1;
        }
        // Counted in a table, not sorted: the segment's list is sorted
        // when it is written.
        self.counts.clear();
        for &hash in &self.hashes {
            *self.counts.entry(hash).or_insert(0) += 1;
        }
        self.postings
            .extend(self.counts.iter().map(|(&hash, &n)| (hash, doc_id, n)));
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
        let average = self.words as f32 / self.docs.max(1) as f32;
        let norms = Norms::of(segment, self.source, average)?;
        let mut out = FileWriter::new(segment.open_write(component())?);
        let (mut docs, mut postings) = (Vec::new(), Vec::new());
        for term in self.postings.chunk_by(|a, b| a.0 == b.0) {
            docs.clear();
            docs.extend(term.iter().map(|&(_, doc, tf)| (doc, tf)));
            postings.clear();
            encode(&docs, &norms, &mut postings);
            out.term(term[0].0, term.len() as u64, &postings)?;
        }
        out.finish(norms.average)?;
        Ok(())
    }

    fn mem_usage(&self) -> usize {
        self.postings.capacity() * std::mem::size_of::<(u64, DocId, u32)>()
            + self.hashes.capacity() * 8
            + self.counts.capacity() * 16
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

    fn finish(mut self, average: f32) -> io::Result<()> {
        let blocks_at = self.written;
        for (hash, at) in &self.blocks {
            self.out.write_all(&hash.to_le_bytes())?;
            self.out.write_all(&at.to_le_bytes())?;
        }
        self.out
            .write_all(&(self.blocks.len() as u64).to_le_bytes())?;
        self.out.write_all(&blocks_at.to_le_bytes())?;
        self.out.write_all(&self.terms.to_le_bytes())?;
        self.out.write_all(&average.to_le_bytes())?;
        self.out.write_all(&VERSION.to_le_bytes())?;
        self.out.write_all(&MAGIC.to_le_bytes())?;
        self.out.terminate()
    }
}

/// One segment's pairs file, read.
#[derive(Clone)]
struct PairsFile {
    bytes: OwnedBytes,
    /// Where the block index starts (and the terms end).
    blocks_at: usize,
    blocks: usize,
    /// The average length of the segment's texts, as the skip lists'
    /// best documents were chosen with.
    average: f32,
}

impl PairsFile {
    fn open(reader: &SegmentReader) -> tantivy::Result<PairsFile> {
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
                .checked_mul(BLOCK_ENTRY)
                .ok_or_else(|| corrupt("block count"))?,
        ) != Some(n - FOOTER)
        {
            return Err(corrupt("block index out of place"));
        }
        let average = f32::from_le_bytes(b[n - 12..n - 8].try_into().expect("4 bytes"));
        if !(average.is_finite() && average >= 0.0) {
            return Err(corrupt("average length"));
        }
        Ok(PairsFile {
            bytes,
            blocks_at,
            blocks,
            average,
        })
    }

    fn block(&self, i: usize) -> (u64, usize) {
        let b = &self.bytes.as_slice()[self.blocks_at + BLOCK_ENTRY * i..];
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
    fn term(&self, hash: u64) -> io::Result<Option<Term<'_>>> {
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
struct Term<'a> {
    hash: u64,
    /// Documents holding it.
    docs: u64,
    postings: &'a [u8],
    /// Where its postings start in the file.
    offset: usize,
}

impl Term<'_> {
    /// Each document holding the pair, with how many times it does.
    fn postings(&self) -> Postings<&[u8]> {
        Postings::new(self.postings, self.docs)
    }
}

/// Documents in a block of postings.
const BLOCK_DOCS: usize = 128;

/// Bytes of a block's entry in the skip list: its last document, where it
/// ends, and the count (4 bytes each) and length (a norm id, 1 byte) of
/// the document of the block that scores highest with the segment's
/// average length, then 3 bytes unused.
const SKIP_ENTRY: usize = 16;

/// The lengths of a segment's texts (the norms of the field the pairs are
/// read from), and their average in words as the pairs count them (close
/// to what a searcher's BM25 takes, which the norms, rounded, are not).
struct Norms {
    reader: FieldNormReader,
    average: f32,
}

impl Norms {
    /// The norms of `source` in `segment`, which must be written (Tantivy
    /// writes its own components before this one).
    fn of(segment: &Segment, source: Field, average: f32) -> tantivy::Result<Norms> {
        let file = segment.open_read(SegmentComponent::FieldNorms)?;
        let reader = tantivy::fieldnorm::FieldNormReaders::open(file)?
            .get_field(source)?
            .ok_or_else(|| {
                TantivyError::SchemaError("the pairs' field has no norms".to_string())
            })?;
        Ok(Norms { reader, average })
    }

    /// What BM25 makes of `tf` uses in a text of norm id `norm`, but for
    /// the term's weight, with the segment's average length.
    fn tf_factor(&self, tf: u32, norm: u8) -> f32 {
        const K1: f32 = 1.2;
        const B: f32 = 0.75;
        let length = FieldNormReader::id_to_fieldnorm(norm) as f32;
        let tf = tf as f32;
        tf / (tf + K1 * (1.0 - B + B * length / self.average.max(f32::MIN_POSITIVE)))
    }
}

/// Writes the postings of a term (documents in ascending order, each with
/// the times it holds the pair) to `out`. Each full block of
/// [`BLOCK_DOCS`] is bit-packed (the gaps between documents, then the
/// counts, each with the width in bits before it), after a skip list
/// ([`SKIP_ENTRY`]; where a block ends counts from the first block's
/// start); the documents after the last full block follow as
/// variable-length integers, a gap and a count each.
fn encode(postings: &[(DocId, u32)], norms: &Norms, out: &mut Vec<u8>) {
    let packer = BitPacker4x::new();
    let full = postings.len() / BLOCK_DOCS;
    let skips = out.len();
    out.resize(skips + full * SKIP_ENTRY, 0);
    let blocks = out.len();
    let (mut docs, mut tfs) = ([0u32; BLOCK_DOCS], [0u32; BLOCK_DOCS]);
    let mut packed = [0u8; 4 * BLOCK_DOCS];
    let mut last = 0;
    for (b, block) in postings.chunks_exact(BLOCK_DOCS).enumerate() {
        for (i, &(doc, tf)) in block.iter().enumerate() {
            docs[i] = doc;
            tfs[i] = tf;
        }
        let bits = packer.num_bits_sorted(last, &docs);
        let n = packer.compress_sorted(last, &docs, &mut packed, bits);
        out.push(bits);
        out.extend_from_slice(&packed[..n]);
        let bits = packer.num_bits(&tfs);
        let n = packer.compress(&tfs, &mut packed, bits);
        out.push(bits);
        out.extend_from_slice(&packed[..n]);
        last = docs[BLOCK_DOCS - 1];
        // The document scoring highest with the segment's average length
        // (`PairScorer::bound` allows for another).
        let (tf, norm) = block
            .iter()
            .map(|&(doc, tf)| (tf, norms.reader.fieldnorm_id(doc)))
            .max_by(|a, b| {
                norms
                    .tf_factor(a.0, a.1)
                    .total_cmp(&norms.tf_factor(b.0, b.1))
            })
            .expect("a full block");
        let entry = skips + b * SKIP_ENTRY;
        out[entry..entry + 4].copy_from_slice(&last.to_le_bytes());
        let end = (out.len() - blocks) as u32;
        out[entry + 4..entry + 8].copy_from_slice(&end.to_le_bytes());
        out[entry + 8..entry + 12].copy_from_slice(&tf.to_le_bytes());
        out[entry + 12] = norm;
    }
    for &(doc, tf) in &postings[full * BLOCK_DOCS..] {
        write_varint(out, u64::from(doc - last));
        write_varint(out, u64::from(tf));
        last = doc;
    }
}

/// A block of postings as its skip entry tells it: its last document, and
/// the count and norm id of its best document (none for the documents
/// after the full blocks, which have no entry).
struct Block {
    last: DocId,
    best: Option<(u32, u8)>,
}

/// Reads the postings [`encode`] wrote, a block at a time; skips the
/// blocks before a document sought.
struct Postings<B> {
    bytes: B,
    /// Documents in all.
    docs: u64,
    /// Full blocks, and where the first starts (after the skip list).
    full: usize,
    blocks_at: usize,
    /// The block to read next (`full` for the rest after the full blocks).
    next_block: usize,
    /// The block [`Postings::block_holding`] found last.
    skipped: usize,
    /// The block read last: its documents and counts, and where we are.
    block_docs: [u32; BLOCK_DOCS],
    block_tfs: [u32; BLOCK_DOCS],
    len: usize,
    at: usize,
}

impl<B: AsRef<[u8]>> Postings<B> {
    fn new(bytes: B, docs: u64) -> Postings<B> {
        let full = usize::try_from(docs / BLOCK_DOCS as u64).unwrap_or(usize::MAX);
        Postings {
            bytes,
            docs,
            full,
            blocks_at: full.saturating_mul(SKIP_ENTRY),
            next_block: 0,
            skipped: 0,
            block_docs: [0; BLOCK_DOCS],
            block_tfs: [0; BLOCK_DOCS],
            len: 0,
            at: 0,
        }
    }

    /// Block `b`'s skip entry: its last document and where it ends.
    fn skip_entry(&self, b: usize) -> io::Result<(DocId, usize)> {
        let entry = self.entry(b)?;
        let word = |i: usize| u32::from_le_bytes(entry[i..i + 4].try_into().expect("4 bytes"));
        Ok((word(0), word(4) as usize))
    }

    fn entry(&self, b: usize) -> io::Result<&[u8]> {
        self.bytes
            .as_ref()
            .get(b * SKIP_ENTRY..(b + 1) * SKIP_ENTRY)
            .ok_or_else(|| corrupt("skip list cut short"))
    }

    /// The block that holds `doc` if any document does, from the block
    /// read last on. None past the last document.
    fn block_holding(&mut self, doc: DocId) -> io::Result<Option<Block>> {
        let mut b = self.next_block.saturating_sub(1).max(self.skipped);
        while b < self.full {
            let entry = self.entry(b)?;
            let last = u32::from_le_bytes(entry[..4].try_into().expect("4 bytes"));
            if last >= doc {
                let tf = u32::from_le_bytes(entry[8..12].try_into().expect("4 bytes"));
                let norm = entry[12];
                self.skipped = b;
                return Ok(Some(Block {
                    last,
                    best: Some((tf, norm)),
                }));
            }
            b += 1;
        }
        self.skipped = b;
        let rest = !self.docs.is_multiple_of(BLOCK_DOCS as u64);
        Ok(rest.then_some(Block {
            last: TERMINATED - 1,
            best: None,
        }))
    }

    /// Reads block `b` (or the rest, for `b == full`) into the buffers.
    fn read_block(&mut self, b: usize) -> io::Result<()> {
        let (last, start) = match b {
            0 => (0, 0),
            b => self.skip_entry(b - 1)?,
        };
        let bytes = self.bytes.as_ref();
        let payload = bytes
            .get(self.blocks_at + start..)
            .ok_or_else(|| corrupt("block past the end"))?;
        self.next_block = b + 1;
        self.at = 0;
        if b == self.full {
            let rest = (self.docs % BLOCK_DOCS as u64) as usize;
            let (mut at, mut doc): (usize, DocId) = (0, last);
            for i in 0..rest {
                let gap = read_varint(payload, &mut at);
                let tf = read_varint(payload, &mut at);
                let (Some(gap), Some(tf)) = (gap, tf) else {
                    return Err(corrupt("postings cut short"));
                };
                doc = u32::try_from(gap)
                    .ok()
                    .and_then(|gap| doc.checked_add(gap))
                    .filter(|&doc| doc < TERMINATED)
                    .ok_or_else(|| corrupt("document out of range"))?;
                self.block_docs[i] = doc;
                self.block_tfs[i] = tf as u32;
            }
            self.len = rest;
            return Ok(());
        }
        let packer = BitPacker4x::new();
        let mut at = 0;
        let mut unpack = |out: &mut [u32; BLOCK_DOCS], sorted: bool| -> io::Result<()> {
            let bits = *payload.get(at).ok_or_else(|| corrupt("block cut short"))?;
            if bits > 32 {
                return Err(corrupt("bit width over 32"));
            }
            let packed = payload
                .get(at + 1..at + 1 + BitPacker4x::compressed_block_size(bits))
                .ok_or_else(|| corrupt("block cut short"))?;
            if sorted {
                packer.decompress_sorted(last, packed, out, bits);
            } else {
                packer.decompress(packed, out, bits);
            }
            at += 1 + packed.len();
            Ok(())
        };
        unpack(&mut self.block_docs, true)?;
        unpack(&mut self.block_tfs, false)?;
        let ascending = self.block_docs.windows(2).all(|w| w[0] < w[1])
            && (b == 0 || self.block_docs[0] > last);
        if !ascending || self.block_docs[BLOCK_DOCS - 1] >= TERMINATED {
            return Err(corrupt("documents out of order"));
        }
        self.len = BLOCK_DOCS;
        Ok(())
    }

    /// The next document and its count, or none at the end.
    fn next_posting(&mut self) -> io::Result<Option<(DocId, u32)>> {
        if self.at == self.len {
            if self.next_block > self.full {
                return Ok(None);
            }
            self.read_block(self.next_block)?;
            if self.len == 0 {
                return Ok(None);
            }
        }
        let i = self.at;
        self.at += 1;
        Ok(Some((self.block_docs[i], self.block_tfs[i])))
    }

    /// The first posting of `target` or a later document, moving past it:
    /// the blocks ending before it are skipped unread, and the block that
    /// holds it is searched, not read posting by posting.
    fn seek(&mut self, target: DocId) -> io::Result<Option<(DocId, u32)>> {
        self.skip_to(target)?;
        self.at += self.block_docs[self.at..self.len].partition_point(|&d| d < target);
        // The posting found, or, the block ending before the target, the
        // first of the postings after it that reaches the target.
        while let Some(posting) = self.next_posting()? {
            if posting.0 >= target {
                return Ok(Some(posting));
            }
        }
        Ok(None)
    }

    /// Moves to the first block that may hold `target` or a later
    /// document, past the blocks ending before it, unread.
    fn skip_to(&mut self, target: DocId) -> io::Result<()> {
        let in_block = self.at < self.len && self.block_docs[self.len - 1] >= target;
        if in_block {
            return Ok(());
        }
        if self.next_block > self.full {
            // The last block is read: what is left of it is all there is.
            return Ok(());
        }
        let mut b = self.next_block;
        while b < self.full && self.skip_entry(b)?.0 < target {
            b += 1;
        }
        self.read_block(b)
    }
}

impl<B: AsRef<[u8]>> Iterator for Postings<B> {
    type Item = io::Result<(DocId, u32)>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_posting() {
            Ok(posting) => posting.map(Ok),
            Err(e) => {
                // Nothing more is read after damage.
                self.next_block = self.full + 1;
                self.len = 0;
                self.at = 0;
                Some(Err(e))
            }
        }
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

/// The documents holding each two neighbouring words of a query side by
/// side, each pair scored by BM25 as a term would be, with the length of
/// the text in words (the norm of `source`, the field the pairs are read
/// from), and the scores summed.
#[derive(Clone)]
pub struct PairsQuery {
    /// Each pair's token (`cai cach`) and hash, once each.
    pairs: Vec<(String, u64)>,
    source: Field,
}

impl PairsQuery {
    /// The query of the pairs of neighbouring `words` (at least two).
    pub fn new(words: &[String], source: Field) -> PairsQuery {
        let mut pairs: Vec<(String, u64)> = Vec::new();
        for w in words.windows(2) {
            let mut pair = String::new();
            crate::analysis::pair(&w[0], &w[1], &mut pair);
            if !pairs.iter().any(|(p, _)| *p == pair) {
                let hash = hash(pair.as_bytes());
                pairs.push((pair, hash));
            }
        }
        PairsQuery { pairs, source }
    }
}

impl fmt::Debug for PairsQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs: Vec<&str> = self.pairs.iter().map(|(p, _)| p.as_str()).collect();
        write!(f, "PairsQuery({pairs:?})")
    }
}

/// The pairs files of a searcher's segments, each opened once.
pub struct SearcherPairs {
    files: Vec<(SegmentId, PairsFile)>,
}

impl SearcherPairs {
    pub fn open(searcher: &Searcher) -> tantivy::Result<SearcherPairs> {
        let files = searcher
            .segment_readers()
            .iter()
            .map(|reader| Ok((reader.segment_id(), PairsFile::open(reader)?)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(SearcherPairs { files })
    }

    /// Documents holding `first` and `second` side by side.
    pub fn side_by_side(&self, first: &str, second: &str) -> tantivy::Result<u64> {
        self.holding(pair_hash(first, second))
    }

    /// Documents holding the pair of `hash`.
    fn holding(&self, hash: u64) -> tantivy::Result<u64> {
        let mut docs = 0;
        for (_, file) in &self.files {
            docs += file.term(hash)?.map_or(0, |term| term.docs);
        }
        Ok(docs)
    }

    /// The file of `reader`'s segment: this searcher's, or opened now.
    fn file(&self, reader: &SegmentReader) -> tantivy::Result<PairsFile> {
        let id = reader.segment_id();
        match self.files.iter().find(|(segment, _)| *segment == id) {
            Some((_, file)) => Ok(file.clone()),
            None => PairsFile::open(reader),
        }
    }
}

impl Query for PairsQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let searcher = scoring.searcher().filter(|_| scoring.is_scoring_enabled());
        // Each segment's file, opened once for the query.
        let files = match searcher {
            Some(searcher) => SearcherPairs::open(searcher)?,
            None => SearcherPairs { files: Vec::new() },
        };
        // The searcher's documents and their average length, once for
        // every pair.
        let totals = match searcher {
            Some(searcher) => {
                let docs = searcher.total_num_docs()?;
                let tokens = Bm25StatisticsProvider::total_num_tokens(searcher, self.source)?;
                Some((docs, tokens as Score / docs.max(1) as Score))
            }
            None => None,
        };
        let mut pairs = Vec::with_capacity(self.pairs.len());
        for (_, hash) in &self.pairs {
            let bm25 = match totals {
                Some((docs, average)) => {
                    let held = files.holding(*hash)?;
                    Some(Stats {
                        bm25: Bm25Weight::for_one_term(held, docs, average),
                        held,
                        docs,
                        average,
                    })
                }
                None => None,
            };
            pairs.push((*hash, bm25));
        }
        Ok(Box::new(PairsWeight {
            pairs,
            source: self.source,
            files,
        }))
    }
}

/// What a pair is scored with.
struct Stats {
    bm25: Bm25Weight,
    /// Documents of the searcher holding the pair, and in all.
    held: u64,
    docs: u64,
    /// The average length of the searcher's texts.
    average: Score,
}

struct PairsWeight {
    /// Each pair's hash and what it is scored with (none when scoring is
    /// off).
    pairs: Vec<(u64, Option<Stats>)>,
    source: Field,
    /// The searcher's segments' files, when it was given.
    files: SearcherPairs,
}

impl PairsWeight {
    /// A scorer for each pair, the rarest first; none when a pair is not
    /// in the segment.
    fn scorers(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<Vec<PairScorer>>> {
        let file = self.files.file(reader)?;
        let norms = reader.get_fieldnorms_reader(self.source)?;
        let mut scorers = Vec::with_capacity(self.pairs.len());
        for (hash, stats) in &self.pairs {
            let Some(term) = file.term(*hash)? else {
                return Ok(None);
            };
            let postings = file
                .bytes
                .slice(term.offset..term.offset + term.postings.len());
            // A skip entry's best document is the best with the segment's
            // average length. With the searcher's, a document scores at
            // most the ratio of the two more than it would with the
            // segment's (BM25's length term shrinks by that ratio at
            // most), if the searcher's average is the longer; never more
            // otherwise. Slack for the rounding of the two sums.
            let ceiling = stats.as_ref().map(|stats| {
                let ratio = (stats.average / file.average).max(1.0);
                let bm25 = Bm25Weight::for_one_term(stats.held, stats.docs, file.average);
                (bm25.boost_by(boost), ratio * 1.001)
            });
            let mut scorer = PairScorer {
                postings: Postings::new(postings, term.docs),
                doc: 0,
                tf: 0,
                norms: norms.clone(),
                bm25: stats.as_ref().map(|s| s.bm25.boost_by(boost)),
                ceiling,
            };
            scorer.advance();
            scorers.push(scorer);
        }
        scorers.sort_by_key(|s| s.postings.docs);
        Ok(Some(scorers))
    }
}

impl Weight for PairsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.scorers(reader, boost)? {
            Some(scorers) => {
                let mut all = AllOf { scorers };
                all.align();
                Box::new(all)
            }
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_found = || TantivyError::InvalidArgument(format!("document {doc} does not match"));
        let scorers = self.scorers(reader, 1.0)?.ok_or_else(not_found)?;
        let mut explanation = Explanation::new("words side by side, the sum of their pairs", 0.0);
        let mut total = 0.0;
        for mut scorer in scorers {
            if scorer.seek(doc) != doc {
                return Err(not_found());
            }
            let one = match &scorer.bm25 {
                Some(bm25) => bm25.explain(scorer.norms.fieldnorm_id(doc), scorer.tf),
                None => Explanation::new("word pair, unscored", 1.0),
            };
            total += one.value();
            explanation.add_detail(one);
        }
        let mut whole = Explanation::new("words side by side, the sum of their pairs", total);
        whole.add_detail(explanation);
        Ok(whole)
    }

    /// The documents that may score above `threshold`, as Tantivy's
    /// block-max pruning of a conjunction of terms finds them: the rarest
    /// pair leads, block by block; a stretch where even each pair's best
    /// in its block cannot pass the threshold is skipped unread.
    fn for_each_pruning(
        &self,
        mut threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let Some(mut scorers) = self.scorers(reader, 1.0)? else {
            return Ok(());
        };
        let (lead, others) = scorers.split_first_mut().expect("at least one pair");
        let mut best = vec![0.0; others.len()];
        let mut doc = lead.doc;
        while doc < TERMINATED {
            let Some(block) = lead.block_holding(doc)? else {
                break;
            };
            let (mut end, mut bound) = (block.last, lead.bound(block.best));
            for (i, other) in others.iter_mut().enumerate() {
                let Some(block) = other.block_holding(doc)? else {
                    return Ok(());
                };
                end = end.min(block.last);
                best[i] = other.bound(block.best);
                bound += best[i];
            }
            if bound > threshold {
                // What the others after each may add at most (summed, not
                // subtracted: a bound may be infinite).
                let mut after = vec![0.0; others.len()];
                for i in (0..others.len().saturating_sub(1)).rev() {
                    after[i] = after[i + 1] + best[i + 1];
                }
                let others_best: Score = best.iter().sum();
                let mut d = lead.seek(doc);
                while d <= end {
                    let mut score = lead.score();
                    let mut held = score + others_best > threshold;
                    for (other, after) in others.iter_mut().zip(&after) {
                        if !held {
                            break;
                        }
                        if other.seek(d) != d {
                            held = false;
                            break;
                        }
                        score += other.score();
                        held = score + after > threshold;
                    }
                    if held {
                        threshold = callback(d, score);
                    }
                    d = lead.advance();
                }
            }
            doc = end.saturating_add(1);
        }
        Ok(())
    }
}

/// Documents every scorer matches, scored by the sum of theirs. The rarest
/// leads; the others are asked about its documents.
struct AllOf {
    scorers: Vec<PairScorer>,
}

impl AllOf {
    /// Moves to the first document at or after the leader's that every
    /// scorer matches.
    fn align(&mut self) -> DocId {
        let (lead, others) = self.scorers.split_first_mut().expect("at least one pair");
        let mut doc = lead.doc;
        'candidates: while doc < TERMINATED {
            for other in others.iter_mut() {
                let found = other.seek(doc);
                if found != doc {
                    doc = lead.seek(found);
                    continue 'candidates;
                }
            }
            return doc;
        }
        TERMINATED
    }
}

impl DocSet for AllOf {
    fn advance(&mut self) -> DocId {
        self.scorers[0].advance();
        self.align()
    }

    /// Every scorer stands on the document this one does.
    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() >= target {
            return self.doc();
        }
        self.scorers[0].seek(target);
        self.align()
    }

    fn doc(&self) -> DocId {
        self.scorers[0].doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers[0].size_hint()
    }
}

impl Scorer for AllOf {
    fn score(&mut self) -> Score {
        self.scorers.iter_mut().map(|s| s.score()).sum()
    }
}

/// The postings of one pair in one segment, as a scorer.
struct PairScorer {
    postings: Postings<OwnedBytes>,
    doc: DocId,
    tf: u32,
    norms: FieldNormReader,
    bm25: Option<Bm25Weight>,
    /// The weight a skip entry's best document is scored with, and what
    /// its score is multiplied by to bound the block's (none when scoring
    /// is off).
    ceiling: Option<(Bm25Weight, Score)>,
}

impl PairScorer {
    /// Damaged postings end the list (opening the file checked its frame,
    /// so this is not expected).
    fn set(&mut self, posting: io::Result<Option<(DocId, u32)>>) -> DocId {
        (self.doc, self.tf) = posting.ok().flatten().unwrap_or((TERMINATED, 0));
        self.doc
    }

    /// The block holding `doc`, if any ([`Postings::block_holding`]);
    /// damage ends the list.
    fn block_holding(&mut self, doc: DocId) -> tantivy::Result<Option<Block>> {
        Ok(self.postings.block_holding(doc)?)
    }

    /// The most a document of a block can score, given the count and
    /// norm id of its best document (see `PairsWeight::scorers`);
    /// unbounded when the block has no entry.
    fn bound(&self, best: Option<(u32, u8)>) -> Score {
        match (best, &self.ceiling) {
            (Some((tf, norm)), Some((bm25, ratio))) => bm25.score(norm, tf) * ratio,
            (None, Some(_)) => Score::INFINITY,
            (_, None) => 1.0,
        }
    }
}

impl DocSet for PairScorer {
    fn advance(&mut self) -> DocId {
        let next = self.postings.next_posting();
        self.set(next)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let found = self.postings.seek(target);
        self.set(found)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.postings.docs).unwrap_or(u32::MAX)
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
        // Fixed, as it is written to disk: an index written before reads
        // the same. (Tokens of one and of two 8-byte words.)
        assert_eq!(hash(b"cai cach"), 7031793754814034277);
        assert_eq!(hash(b"van ban quy pham"), 306896348333537351);
        let hashes: std::collections::HashSet<u64> = (0..100_000u32)
            .map(|i| hash(format!("w{i} x").as_bytes()))
            .collect();
        assert_eq!(hashes.len(), 100_000);
    }

    /// Norms of texts all of the same length.
    fn flat_norms() -> Norms {
        Norms {
            reader: FieldNormReader::constant(u32::MAX / 2, 10),
            average: 10.0,
        }
    }

    #[test]
    fn postings_read_back_in_blocks_and_seek() {
        for n in [0usize, 1, 127, 128, 129, 300, 1000] {
            // Gaps from 1 to over a million, counts up to 70,000.
            let mut doc = 0;
            let postings: Vec<(DocId, u32)> = (0..n)
                .map(|i| {
                    doc += 1 + (i as u32 * 7919) % if i % 50 == 0 { 1 << 20 } else { 40 };
                    (
                        doc,
                        1 + (i as u32 * 31) % if i % 97 == 0 { 70_000 } else { 3 },
                    )
                })
                .collect();
            let mut bytes = Vec::new();
            encode(&postings, &flat_norms(), &mut bytes);
            let read: Vec<(DocId, u32)> = Postings::new(&bytes[..], n as u64)
                .map(Result::unwrap)
                .collect();
            assert_eq!(read, postings, "{n} postings");
            for &(target, _) in postings.iter().step_by(37) {
                for target in [target.saturating_sub(1), target, target + 1] {
                    let mut p = Postings::new(&bytes[..], n as u64);
                    // Read a little first, as a scorer asked about an earlier document would.
                    let _ = p.next_posting().unwrap();
                    p.skip_to(target).unwrap();
                    let expected = postings[1..]
                        .iter()
                        .copied()
                        .filter(|&(doc, _)| doc >= target);
                    let mut found = Vec::new();
                    while let Some(posting) = p.next_posting().unwrap() {
                        if posting.0 >= target {
                            found.push(posting);
                        }
                    }
                    let expected: Vec<(DocId, u32)> = expected.collect();
                    assert_eq!(found, expected, "{n} postings, skip to {target}");
                    // Sought: the first at or after the target, then the rest.
                    let mut p = Postings::new(&bytes[..], n as u64);
                    let _ = p.next_posting().unwrap();
                    let mut found: Vec<(DocId, u32)> =
                        p.seek(target).unwrap().into_iter().collect();
                    while let Some(posting) = p.next_posting().unwrap() {
                        found.push(posting);
                    }
                    assert_eq!(found, expected, "{n} postings, seek {target}");
                }
            }
        }
    }

    #[test]
    fn damaged_postings_are_errors_not_panics() {
        let postings: Vec<(DocId, u32)> = (0..300).map(|i| (i * 3, 1 + i % 4)).collect();
        let mut bytes = Vec::new();
        encode(&postings, &flat_norms(), &mut bytes);
        for cut in [1, 8, 17, 40, bytes.len() - 1] {
            let read: Vec<_> = Postings::new(&bytes[..cut], 300).collect();
            assert!(read.iter().any(Result::is_err), "cut at {cut}");
        }
        let mut wide = bytes.clone();
        wide[2 * SKIP_ENTRY] = 40;
        assert!(Postings::new(&wide[..], 300).any(|p| p.is_err()));
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
        let query = PairsQuery::new(&[first.to_string(), second.to_string()], source);
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
        let pairs = SearcherPairs::open(&searcher).unwrap();
        assert_eq!(pairs.side_by_side("cai", "cach").unwrap(), 4);

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
        let weight = PairsQuery::new(&["cải".to_string(), "cách".to_string()], source)
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
    fn pruned_top_documents_are_those_of_every_match_scored() {
        // Texts of many lengths, holding the phrase (or part of it) a few
        // times: blocks of very different best scores.
        let texts: Vec<String> = (0..3000u32)
            .map(|i| {
                let filler = "văn bản ".repeat((i * 7 % 61) as usize);
                match i % 5 {
                    0 => format!("{filler} cải cách"),
                    _ => format!(
                        "{filler}{}",
                        " cải cách hành chính".repeat((1 + i * 13 % 4) as usize)
                    ),
                }
            })
            .collect();
        let mut texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (index, source) = index_of(&[&texts[..1700], &texts[1700..]]);
        top_documents_as_every_match_ranks_them(&index, source);
        // Segments of long texts and of short ones: their average lengths
        // differ from the whole index's both ways.
        texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let (index, source) = index_of(&[&texts[..700], &texts[700..]]);
        top_documents_as_every_match_ranks_them(&index, source);
    }

    fn top_documents_as_every_match_ranks_them(index: &tantivy::Index, source: Field) {
        let searcher = index.reader().unwrap().searcher();
        let words: Vec<String> = ["cải", "cách", "hành", "chính"].map(String::from).to_vec();
        let query = PairsQuery::new(&words, source);
        for limit in [1, 10, 100] {
            let top = searcher
                .search(
                    &query,
                    &tantivy::collector::TopDocs::with_limit(limit).order_by_score(),
                )
                .unwrap();
            // Every match, scored one by one.
            let weight = query
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .unwrap();
            let mut all = Vec::new();
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let mut scorer = weight.scorer(reader, 1.0).unwrap();
                while scorer.doc() != TERMINATED {
                    all.push((scorer.score(), ord, scorer.doc()));
                    scorer.advance();
                }
            }
            assert_eq!(all.len(), 2400);
            all.sort_by(|a, b| b.0.total_cmp(&a.0));
            let scores: Vec<Score> = top.iter().map(|(score, _)| *score).collect();
            let expected: Vec<Score> = all.iter().take(limit).map(|a| a.0).collect();
            assert_eq!(scores, expected, "top {limit}");
            for (score, address) in &top {
                let explained = weight
                    .explain(
                        &searcher.segment_readers()[address.segment_ord as usize],
                        address.doc_id,
                    )
                    .unwrap();
                assert!((explained.value() - score).abs() < 1e-4);
            }
        }
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
