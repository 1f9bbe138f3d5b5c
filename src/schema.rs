//! The index schema: every field vanban stores, in one place.
//!
//! One Tantivy document per file (or per member of a `.zip`). The text is
//! stored once, as bytes and after everything else (its first 64 KB in
//! `text`, the rest in `text_rest`, or packed in `text_packed` when it is
//! long), and indexed in two views: `body_folded`
//! (diacritics removed, with positions: every word, phrase and snippet
//! goes through it) and `body` (diacritics kept, only the words that carry
//! them, a few uses each, without positions), so a query for `cải cách`
//! ranks `cải cách` above `cai cach` while still finding both; OCR'd texts
//! also in `body_ocr`. `title_pairs` holds neighbouring words of the title
//! as single terms, and the text's are kept the same way beside the
//! fields (in each segment's word pairs, see [`crate::pairs`]), so the
//! documents holding a query's words side by side, or in their title, are
//! found without reading positions. Header fields (number, type, date,
//! issuer) are keywords for exact filters; `meta` keeps everything read
//! from the document as one JSON value for `show` and `refs`.

use std::io::{Read, Write};

use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, OwnedValue, Schema, TextFieldIndexing, TextOptions,
    FAST, STORED, STRING,
};

use crate::analysis;

/// Texts longer than this many bytes have all but their first stretch
/// stored packed, in [`Fields::text_packed`]. Tantivy's document store holds a document about
/// three times over while it writes and compresses it, and keeps the
/// buffers it grew for it until the segment is written; packed first (to
/// about a quarter of its size), a text of 50 MB took 213 MB of heap to
/// index instead of 331. Shorter texts, the most by far, are stored as
/// they are, and read back without a second unpacking.
pub const LARGE_TEXT: usize = 1 << 20;

/// `text` packed in LZ4 frames, for [`Fields::text_packed`].
pub fn pack_text(text: &str) -> Vec<u8> {
    let mut out = lz4_flex::frame::FrameEncoder::new(Vec::with_capacity(text.len() / 3));
    out.write_all(text.as_bytes())
        .expect("writing to memory does not fail");
    let mut packed = out.finish().expect("writing to memory does not fail");
    packed.shrink_to_fit();
    packed
}

/// The text [`pack_text`] packed, or why it cannot be read back.
pub fn unpack_text(packed: &[u8]) -> std::io::Result<String> {
    // Read as bytes: blocks split characters, and lz4_flex's
    // `read_to_string` checks each block's UTF-8 on its own.
    let mut bytes = Vec::new();
    lz4_flex::frame::FrameDecoder::new(packed).read_to_end(&mut bytes)?;
    stored_text(&bytes).map(str::to_owned)
}

/// The text stored as `bytes` ([`Fields::text`]), or why it is not text.
pub fn stored_text(bytes: &[u8]) -> std::io::Result<&str> {
    simdutf8::compat::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Bumped whenever the schema or the analysis changes in a way that needs
/// a rebuild: an index written by another version is rebuilt, not misread.
pub const SCHEMA_VERSION: u32 = 17;

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// Where the text came from: a file path, or `archive.zip!/inner/path`.
    pub path: Field,
    /// The file the document was read from (the archive, for a member).
    pub source: Field,
    /// Content hash of the source file's bytes (hex), for reindexing.
    pub hash: Field,
    /// Content hash of the bytes the document was read from (hex): the
    /// file's, or the archive member's. Content indexed once is not indexed
    /// again under another path.
    pub content: Field,
    /// How many documents of the source file were left out as copies of
    /// content indexed under another path (members of an archive): such a
    /// file is read again when indexed content goes.
    pub copies: Field,
    /// How many members of the source file (an archive) failed or were
    /// skipped, and how many `--exclude` left out: a file with members
    /// that failed is read again at every run, so that they are reported
    /// every time, as a file that fails is; one with members left out, at
    /// the first run with other patterns ([`Fields::excludes`]), so that
    /// they come back when the pattern goes.
    pub member_problems: Field,
    /// Size and times of the source file when it was read (its times as one
    /// number, see `indexer::stamp`): an unchanged pair spares reading the
    /// file again.
    pub size: Field,
    /// See [`Fields::size`].
    pub stamp: Field,
    /// The `--exclude` patterns an archive's members were matched with,
    /// as one number (0 for none): read again under the same patterns, an
    /// archive unchanged leaves out the same members, so it is not read.
    pub excludes: Field,
    /// Which of those patterns matched its members (bits in the order of
    /// the patterns sorted), so that one is not said to match nothing.
    pub excludes_matched: Field,
    /// The text as read, in NFC (snippets, `show` and offsets refer to
    /// it): its first stretch, where a snippet is looked for first
    /// ([`crate::snippet::stretch_end`], 64 KB at most), the rest in
    /// `text_rest` or `text_packed`. Stored as UTF-8 bytes, not as a
    /// string: Tantivy checks a stored string's UTF-8 as it reads it back,
    /// a character at a time, which took 41% of the time of a search for
    /// `thủ tục hành chính` over the long texts of `../shared/data`;
    /// [`stored_text`] checks many bytes at a time. Stored after every
    /// other value ([`Stored`]).
    pub text: Field,
    /// The rest of the text after [`Fields::text`], as bytes.
    pub text_rest: Field,
    /// The text's length in bytes, stored just before it: a document read
    /// up to its first stretch says whether that is all of it.
    pub text_len: Field,
    /// The rest of a text longer than [`LARGE_TEXT`], packed
    /// ([`pack_text`]), instead of `text_rest`.
    pub text_packed: Field,
    /// Exact view of the text: its words with diacritics, as typed (lower
    /// case, canonical tone), each at most three times; no positions, since
    /// it only adds a bonus to a folded match. Its length norm is the number
    /// of those words: a text whose marks OCR lost is short here, so the few
    /// marks it kept count fully.
    pub body: Field,
    /// Folded view of the text (diacritics removed).
    pub body_folded: Field,
    /// OCR view: folded words plus the readings of garbled ones; only for
    /// texts that look like OCR output.
    pub body_ocr: Field,
    /// Title (trích yếu or first meaningful line), in the OCR view (folded,
    /// with readings of garbled words), stored.
    pub title: Field,
    /// Each word of the title with the word before it and the one before
    /// that, folded, as one term (`cong tac`, see
    /// [`analysis::PairTokenizer`]): the documents whose title holds a
    /// query's words in order, found with plain term postings.
    pub title_pairs: Field,
    /// The document's own number, keyed for lookup in any spelling.
    pub number_key: Field,
    /// Document type code (`KH`, `QĐ`, ...).
    pub doc_type: Field,
    /// Date of issue, first and last day it can mean, as `yyyymmdd`.
    pub date_lo: Field,
    /// See [`Fields::date_lo`].
    pub date_hi: Field,
    /// Year of issue.
    pub year: Field,
    /// Issuing body, folded words.
    pub issuer: Field,
    /// Issuing body as written by the header reader, for counts.
    pub issuer_name: Field,
    /// Signer's name, folded words.
    pub signer: Field,
    /// Number keys of every document this one cites.
    pub cites: Field,
    /// `relation:key` for every citation (`implements:435/KH/UBND`).
    pub cites_rel: Field,
    /// Everything read from the document (header, citations, encoding), JSON.
    pub meta: Field,
}

/// Builds the schema and returns it with its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let positions = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let freqs = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let date = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        path: b.add_text_field("path", STRING | STORED),
        source: b.add_text_field("source", STRING | STORED | FAST),
        hash: b.add_text_field("hash", STRING | FAST),
        content: b.add_text_field("content", STRING | STORED | FAST),
        copies: b.add_u64_field("copies", FAST),
        member_problems: b.add_u64_field("member_problems", FAST),
        size: b.add_u64_field("size", FAST),
        stamp: b.add_u64_field("stamp", FAST),
        excludes: b.add_u64_field("excludes", FAST),
        excludes_matched: b.add_u64_field("excludes_matched", FAST),
        text: b.add_bytes_field("text", STORED),
        text_rest: b.add_bytes_field("text_rest", STORED),
        text_len: b.add_u64_field("text_len", STORED),
        text_packed: b.add_bytes_field("text_packed", STORED),
        body: b.add_text_field("body", freqs(analysis::EXACT)),
        body_folded: b.add_text_field("body_folded", positions(analysis::FOLDED)),
        body_ocr: b.add_text_field("body_ocr", positions(analysis::OCR)),
        title: b.add_text_field("title", positions(analysis::OCR) | STORED),
        title_pairs: b.add_text_field("title_pairs", freqs(analysis::PAIRS)),
        number_key: b.add_text_field("number_key", STRING),
        doc_type: b.add_text_field("type", STRING | FAST),
        date_lo: b.add_u64_field("date_lo", date.clone()),
        date_hi: b.add_u64_field("date_hi", date.clone()),
        year: b.add_u64_field("year", date),
        issuer: b.add_text_field("issuer", positions(analysis::FOLDED)),
        issuer_name: b.add_text_field("issuer_name", STRING | FAST),
        signer: b.add_text_field("signer", positions(analysis::FOLDED)),
        cites: b.add_text_field("cites", STRING),
        cites_rel: b.add_text_field("cites_rel", STRING),
        meta: b.add_text_field("meta", STORED),
    };
    (b.build(), fields)
}

/// How much of a document [`Stored`] reads: up to `meta`, everything but
/// the text.
pub const META: u8 = 0;
/// Up to the text's first stretch ([`Fields::text`]).
pub const HEAD: u8 = 1;
/// All of it.
pub const WHOLE: u8 = 2;

/// A document's stored values as read back, in the order they were
/// written: everything read about the text (path, title, `meta`), then the
/// text's first stretch, then its rest. `Stored<META>` stops at `meta` and
/// never reads the text, the most of a document by far: `refs`, and the
/// filters that read every cited document, want all but the text.
/// `Stored<HEAD>` stops after the first stretch, where a search's snippet
/// is found unless it holds no word of the query. Tantivy reads a
/// document's values one after the other, each in full, so only the order
/// spares it.
pub struct Stored<const UP_TO: u8> {
    values: Vec<(Field, OwnedValue)>,
}

impl<const UP_TO: u8> Stored<UP_TO> {
    /// The first string stored in `field`, or `""`.
    pub fn str(&self, field: Field) -> &str {
        match self.value(field) {
            Some(OwnedValue::Str(s)) => s,
            _ => "",
        }
    }

    /// The first bytes stored in `field`.
    pub fn bytes(&self, field: Field) -> Option<&[u8]> {
        match self.value(field) {
            Some(OwnedValue::Bytes(b)) => Some(b),
            _ => None,
        }
    }

    /// The text read: its first stretch, and with `Stored<WHOLE>` its
    /// rest; or why it cannot be read back.
    pub fn text(&self, f: &Fields) -> std::io::Result<String> {
        let mut text = stored_text(self.bytes(f.text).unwrap_or_default())?.to_owned();
        if let Some(rest) = self.bytes(f.text_rest) {
            text.push_str(stored_text(rest)?);
        } else if let Some(packed) = self.bytes(f.text_packed) {
            text.push_str(&unpack_text(packed)?);
        }
        Ok(text)
    }

    /// Whether [`Stored::text`] is all of the text: the rest was read, or
    /// the text's length says there is none (never with `Stored<META>`,
    /// which reads neither).
    pub fn has_whole_text(&self, f: &Fields) -> bool {
        let head = self.bytes(f.text).map_or(0, <[u8]>::len) as u64;
        UP_TO == WHOLE
            || matches!(self.value(f.text_len), Some(&OwnedValue::U64(len)) if len <= head)
    }

    fn value(&self, field: Field) -> Option<&OwnedValue> {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v)
    }
}

impl<const UP_TO: u8> DocumentDeserialize for Stored<UP_TO> {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(
        mut deserializer: D,
    ) -> Result<Self, DeserializeError> {
        static FIELDS: std::sync::OnceLock<(Field, Field)> = std::sync::OnceLock::new();
        let (meta, text) = *FIELDS.get_or_init(|| {
            let f = build().1;
            (f.meta, f.text)
        });
        let last = match UP_TO {
            META => Some(meta),
            HEAD => Some(text),
            _ => None,
        };
        let mut values = Vec::with_capacity(deserializer.size_hint());
        while let Some((field, value)) = deserializer.next_field::<OwnedValue>()? {
            values.push((field, value));
            if Some(field) == last {
                break;
            }
        }
        Ok(Stored { values })
    }
}

/// Field handles of an existing index's schema, or `None` when the index was
/// written with a different schema.
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    let (expected, fields) = build();
    (expected == *schema).then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_text_reads_back_as_it_was() {
        let text =
            "Kế hoạch số 435/KH-UBND ngày 08/3/2024 về cải cách hành chính.\n".repeat(40_000);
        let packed = pack_text(&text);
        assert!(packed.len() * 4 < text.len(), "{} bytes", packed.len());
        assert_eq!(unpack_text(&packed).unwrap(), text);
        assert_eq!(unpack_text(&pack_text("")).unwrap(), "");
        // Blocks of 4 MiB end inside a character of three bytes.
        let marks = "ế".repeat(1_500_000);
        assert_eq!(unpack_text(&pack_text(&marks)).unwrap(), marks);
    }

    #[test]
    fn damaged_packed_text_is_an_error() {
        let mut packed = pack_text(&"cải cách hành chính ".repeat(10_000));
        packed.truncate(packed.len() / 2);
        assert!(unpack_text(&packed).is_err());
        assert!(unpack_text(b"not packed").is_err());
    }
}
