//! Tantivy tokenizers for Vietnamese: one segmentation, several views.
//!
//! A text is cut into words by Unicode word boundaries (UAX #29, via
//! `unicode-segmentation`): for Vietnamese that is one token per syllable,
//! and numbers stay whole (`1.110`, `2024`). Each view then rewrites the
//! token's text, never its offsets, so a highlight computed from any view
//! points at the original words:
//!
//! | tokenizer        | `Thực hiện Kế hoạch` becomes   |
//! |------------------|--------------------------------|
//! | [`EXACT`]        | `thực` `hiện` `kế` `hoạch`     |
//! | [`FOLDED`]       | `thuc` `hien` `ke` `hoach`     |
//! | [`OCR`]          | on OCR text `Thyc hién K& hoach`: `thyc`+`thuc` `hien` `k&`+`ke` `hoach` |
//!
//! The OCR view cuts words as OCR leaves them (`K&` is one word, not `K`
//! and `&`: [`crate::ocr::ocr_words`]) and puts the likely readings of a
//! garbled word at its position, beside the word itself
//! ([`crate::ocr::repair_word`]), so phrases match across repaired words.
//!
//! Documents and queries go through the same functions ([`words`],
//! [`exact_token`], [`folded_token`]), so whatever a document says, the same
//! words typed in a query find it.

use std::ops::Range;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

use crate::text;

/// Name of the tokenizer that keeps diacritics (lower case, canonical tone).
pub const EXACT: &str = "vi_exact";
/// Name of the tokenizer that folds diacritics away (`đ` → `d`).
pub const FOLDED: &str = "vi_folded";
/// Name of the tokenizer that adds OCR readings to the folded view.
pub const OCR: &str = "vi_ocr";

/// Longest token indexed, in bytes: longer runs are noise (base64, hashes,
/// lines of dots) and would only bloat the term dictionary.
const MAX_TOKEN_LEN: usize = 48;

/// The words of a text with their byte ranges: UAX #29 word segments that
/// hold at least one letter or digit. Punctuation and spaces are dropped.
pub fn words(text: &str) -> Words<'_> {
    Words {
        inner: text.split_word_bound_indices(),
    }
}

/// Iterator returned by [`words`].
pub struct Words<'a> {
    inner: UWordBoundIndices<'a>,
}

impl<'a> Iterator for Words<'a> {
    type Item = (Range<usize>, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        for (start, seg) in self.inner.by_ref() {
            let first = seg.as_bytes()[0];
            let wordy = if first.is_ascii() {
                first.is_ascii_alphanumeric() || seg.chars().any(char::is_alphanumeric)
            } else {
                seg.chars().any(char::is_alphanumeric)
            };
            if wordy && seg.len() <= MAX_TOKEN_LEN {
                return Some((start..start + seg.len(), seg));
            }
        }
        None
    }
}

/// Exact view of one word, written into `out`: see [`text::exact_form`].
pub fn exact_token(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&text::exact_form(word));
    }
}

/// Folded view of one word, written into `out`: see [`text::fold_lower`].
pub fn folded_token(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&text::fold_lower(word));
    }
}

/// Which view of a word a tokenizer emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Diacritics kept: [`exact_token`].
    Exact,
    /// Diacritics removed: [`folded_token`].
    Folded,
}

impl View {
    fn apply(self, word: &str, out: &mut String) {
        match self {
            View::Exact => exact_token(word, out),
            View::Folded => folded_token(word, out),
        }
    }
}

/// A Tantivy tokenizer producing one [`View`] of the [`words`] of a text.
#[derive(Clone)]
pub struct VietTokenizer {
    view: View,
    token: Token,
}

impl VietTokenizer {
    /// A tokenizer for the given view.
    pub fn new(view: View) -> Self {
        VietTokenizer {
            view,
            token: Token::default(),
        }
    }
}

/// Token stream of [`VietTokenizer`].
pub struct VietTokenStream<'a> {
    words: Words<'a>,
    view: View,
    token: &'a mut Token,
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VietTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietTokenStream<'a> {
        self.token.reset();
        VietTokenStream {
            words: words(text),
            view: self.view,
            token: &mut self.token,
        }
    }
}

impl TokenStream for VietTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((range, word)) = self.words.next() else {
            return false;
        };
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        self.token.position_length = 1;
        self.view.apply(word, &mut self.token.text);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The OCR view: folded words as OCR cut them, each followed at the same
/// position by its likely readings when it looks garbled.
#[derive(Clone, Default)]
pub struct OcrTokenizer {
    token: Token,
}

/// Token stream of [`OcrTokenizer`]: all tokens of a text, made at once.
pub struct OcrTokenStream<'a> {
    tokens: std::vec::IntoIter<Token>,
    token: &'a mut Token,
}

impl Tokenizer for OcrTokenizer {
    type TokenStream<'a> = OcrTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> OcrTokenStream<'a> {
        self.token.reset();
        OcrTokenStream {
            tokens: ocr_tokens(text).into_iter(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for OcrTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                *self.token = t;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The tokens of the OCR view of `text`.
pub fn ocr_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut position = 0usize;
    for (start, word) in crate::ocr::ocr_words(text) {
        if word.len() > MAX_TOKEN_LEN {
            continue;
        }
        let end = start + word.len();
        let mut push = |text: String| {
            out.push(Token {
                offset_from: start,
                offset_to: end,
                position,
                text,
                position_length: 1,
            })
        };
        push(text::fold_lower(word));
        for reading in crate::ocr::repair_word(word) {
            push(reading.text);
        }
        position += 1;
    }
    out
}

/// Whether a text reads like the output of OCR that lost its diacritics:
/// among its first words, few carry marks, or many are not syllables.
/// Clean Vietnamese marks most of its words; such text needs no repair.
pub fn looks_garbled(text: &str) -> bool {
    let mut words = 0usize;
    let mut marked = 0usize;
    let mut broken = 0usize;
    for (_, w) in crate::ocr::ocr_words(text).take(400) {
        if !w.chars().any(char::is_alphabetic) || w.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        words += 1;
        if text::has_diacritics(w) {
            marked += 1;
        }
        if !crate::syllable::is_syllable(&text::fold_lower(w)) {
            broken += 1;
        }
    }
    words >= 20 && (marked * 10 < words * 3 || broken * 10 > words)
}

/// Registers vanban's tokenizers on an index. Tantivy does not store
/// tokenizers in the index, so this runs every time one is opened.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(EXACT, TextAnalyzer::from(VietTokenizer::new(View::Exact)));
    manager.register(FOLDED, TextAnalyzer::from(VietTokenizer::new(View::Folded)));
    manager.register(OCR, TextAnalyzer::from(OcrTokenizer::default()));
}

/// The tokens of `text` in one view, with their offsets: what the index
/// stores for it. Used by tests and by the query parser.
pub fn tokens(text: &str, view: View) -> Vec<(Range<usize>, String)> {
    let mut buf = String::new();
    words(text)
        .map(|(range, w)| {
            view.apply(w, &mut buf);
            (range, buf.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn texts(text: &str, view: View) -> Vec<String> {
        tokens(text, view).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn syllables_and_numbers_become_tokens() {
        assert_eq!(
            texts(
                "Kế hoạch số 110/KH-UBND ngày 11/01/2021, chi 1.110 triệu",
                View::Exact
            ),
            [
                "kế", "hoạch", "số", "110", "kh", "ubnd", "ngày", "11", "01", "2021", "chi",
                "1.110", "triệu"
            ]
        );
    }

    #[test]
    fn folded_view_drops_marks_and_dj() {
        assert_eq!(
            texts("Đảng ủy QÐ-UBND Cải cách", View::Folded),
            ["dang", "uy", "qd", "ubnd", "cai", "cach"]
        );
    }

    #[test]
    fn nfd_and_nfc_give_the_same_tokens_once_stored_as_nfc() {
        let composed = "Quyết định về hoà giải";
        let decomposed: String = composed.nfd().collect();
        let stored = crate::text::nfc(&decomposed);
        assert_eq!(texts(&stored, View::Exact), texts(composed, View::Exact));
        assert_eq!(texts(&stored, View::Folded), texts(composed, View::Folded));
    }

    #[test]
    fn tone_placement_variants_share_the_exact_token() {
        assert_eq!(
            texts("hoà thuỷ khoẻ", View::Exact),
            texts("hòa thủy khỏe", View::Exact)
        );
    }

    #[test]
    fn offsets_point_at_the_original_text() {
        let text = "UBND xã Minh Tiến báo cáo";
        for view in [View::Exact, View::Folded] {
            for (range, token) in tokens(text, view) {
                let original = &text[range];
                let mut again = String::new();
                view.apply(original, &mut again);
                assert_eq!(again, token);
            }
        }
        let (range, _) = &tokens(text, View::Folded)[3];
        assert_eq!(&text[range.clone()], "Tiến");
    }

    #[test]
    fn ocr_view_puts_readings_beside_garbled_words() {
        let text = "Thực hiện K& hoach s6 435/KH-UBND ngay 08/3/2024 ciia UBND";
        let tokens = ocr_tokens(text);
        let at = |word: &str| {
            let t = tokens
                .iter()
                .find(|t| &text[t.offset_from..t.offset_to] == word)
                .unwrap();
            let texts: Vec<&str> = tokens
                .iter()
                .filter(|x| x.position == t.position)
                .map(|x| x.text.as_str())
                .collect();
            texts
        };
        assert_eq!(at("K&")[0], "k&");
        assert!(at("K&").contains(&"ke"), "{:?}", at("K&"));
        assert!(at("s6").contains(&"so"), "{:?}", at("s6"));
        assert!(at("ciia").contains(&"cua"), "{:?}", at("ciia"));
        assert_eq!(at("hoach"), ["hoach"]);
        assert_eq!(at("UBND"), ["ubnd"]);
    }

    #[test]
    fn garbled_text_is_told_from_clean_text() {
        let seed = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/001_825a936da22e72ef.txt"
        ))
        .unwrap();
        let clean = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/003_5375885279187152.txt"
        ))
        .unwrap();
        assert!(looks_garbled(&seed));
        assert!(!looks_garbled(&clean));
        // Clean text typed without diacritics is also worth repairing.
        assert!(looks_garbled(&crate::text::fold(&clean)));
    }

    #[test]
    fn long_runs_are_not_indexed() {
        let long = "x".repeat(100);
        assert_eq!(texts(&format!("a {long} b"), View::Folded), ["a", "b"]);
    }
}
