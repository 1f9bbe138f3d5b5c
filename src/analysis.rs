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
//! | [`EXACT`]        | `thực` `hiện` `kế` (words with diacritics, at most three uses each) |
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

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;
use unicode_segmentation::UnicodeSegmentation;

use crate::text;

/// Name of the tokenizer that keeps diacritics (lower case, canonical tone).
pub const EXACT: &str = "vi_exact";
/// Name of the tokenizer that folds diacritics away (`đ` → `d`).
pub const FOLDED: &str = "vi_folded";
/// Name of the tokenizer that adds OCR readings to the folded view.
pub const OCR: &str = "vi_ocr";
/// Name of the tokenizer that gives each word of a text with each of the
/// two before it, folded, as one token ([`PairTokenizer`]).
pub const PAIRS: &str = "vi_pairs";

/// Longest token indexed, in bytes: longer runs are noise (base64, hashes,
/// lines of dots) and would only bloat the term dictionary.
const MAX_TOKEN_LEN: usize = 48;

/// The words of a text with their byte ranges: the UAX #29 word segments
/// that hold a letter or a digit. Punctuation and spaces are dropped.
///
/// Latin script (Vietnamese included) goes through a scanner that applies
/// the UAX #29 rules that matter for it: letters, digits and combining marks
/// hold together, as do letters across `.` `'` `’` `:` `·` (`TP.HCM`) and
/// digits across `.` `,` `;` `'` (`1.110`, `2,5`). It gives the same words as
/// `unicode-segmentation` (a property test checks it) several times faster.
/// A run with characters of other scripts is segmented by
/// `unicode-segmentation` itself.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        at: 0,
        pending: Vec::new(),
    }
}

/// Iterator returned by [`words`].
pub struct Words<'a> {
    text: &'a str,
    at: usize,
    /// Words of a run segmented by `unicode-segmentation`, in reverse.
    pending: Vec<(Range<usize>, &'a str)>,
}

/// Letters and digits of the Latin blocks, and combining marks: what the
/// scanner handles itself.
#[inline]
fn is_latin(c: char) -> bool {
    let cp = c as u32;
    cp < 0x250 || (0x1E00..0x1F00).contains(&cp) || (0x300..0x370).contains(&cp)
}

/// Invisible characters that UAX #29 skips inside a word (soft hyphen,
/// zero-width joiners, word joiner, BOM).
#[inline]
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// `char::is_alphanumeric`, without its table search for the Latin
/// letters Vietnamese is written in.
#[inline]
pub fn is_alnum(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        c.is_ascii_alphanumeric()
    } else if (0xC0..0x250).contains(&cp) {
        c != '×' && c != '÷'
    } else if (0x1E00..0x1F00).contains(&cp) {
        true
    } else {
        c.is_alphanumeric()
    }
}

/// `char::is_alphabetic`, without its table search for the Latin letters
/// Vietnamese is written in.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        c.is_ascii_alphabetic()
    } else if (0xC0..0x250).contains(&cp) {
        c != '×' && c != '÷'
    } else if (0x1E00..0x1F00).contains(&cp) {
        true
    } else {
        c.is_alphabetic()
    }
}

/// A letter in the sense of UAX #29 (ALetter, not Numeric), with the same
/// fast path as [`is_alnum`].
#[inline]
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        is_alnum(c) && !is_digit(c)
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    is_alnum(c) || c == '_' || ('\u{300}'..='\u{36F}').contains(&c)
}

impl<'a> Words<'a> {
    /// End of the word starting at `start` (the scanner's rules), and
    /// whether it holds a character of another script.
    fn word_end(&self, start: usize) -> (usize, bool) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut at = start;
        let mut end = start;
        let mut foreign = false;
        let mut prev: Option<char> = None;
        while at < bytes.len() {
            let b = bytes[at];
            // Plain ASCII letters and digits, the bulk of any text.
            if b.is_ascii_alphanumeric() || b == b'_' {
                prev = Some(b as char);
                at += 1;
                end = at;
                continue;
            }
            let c = if b < 0x80 {
                b as char
            } else {
                text[at..].chars().next().expect("in bounds")
            };
            let len = c.len_utf8();
            if b >= 0x80 && (is_word_char(c) || (is_format(c) && prev.is_some())) {
                foreign |= !is_latin(c) && !is_format(c);
                // Marks and format characters are skipped by the rules
                // (UAX #29, WB4): the letter before them decides.
                if !is_format(c) && !is_mark(c) {
                    prev = Some(c);
                }
                at += len;
                end = at;
                continue;
            }
            // A single joiner between two letters or two digits.
            let Some(p) = prev else { break };
            let Some(next) = text[at + len..]
                .chars()
                .find(|&n| !is_format(n) && !is_mark(n))
            else {
                break;
            };
            let letters = is_letter(p) && is_letter(next);
            let digits = is_digit(p) && is_digit(next);
            let joins = match c {
                '.' | '\'' | '’' => letters || digits,
                ':' | '·' => letters,
                ',' | ';' => digits,
                _ => false,
            };
            if !joins {
                break;
            }
            at += len;
        }
        (end, foreign)
    }
}

#[inline]
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// A decimal digit (UAX #29 Numeric), quickly for ASCII.
#[inline]
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && !is_latin(c) && c.is_numeric())
}

impl<'a> Iterator for Words<'a> {
    type Item = (Range<usize>, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(w) = self.pending.pop() {
                return Some(w);
            }
            // Skip to the next letter or digit.
            let rest = &self.text[self.at..];
            let offset = rest.find(is_alnum)?;
            let mut start = self.at + offset;
            // Underscores before a word belong to it (`__x`), with any
            // marks that follow them.
            let before = &self.text[self.at..start];
            let lead = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| {
                    c == '_' || is_format(c) || ('\u{300}'..='\u{36F}').contains(&c)
                })
                .filter(|&(_, c)| c == '_')
                .last();
            if let Some((i, _)) = lead {
                start = self.at + i;
            }
            let (end, foreign) = self.word_end(start);
            self.at = end;
            if foreign {
                let run = &self.text[start..end];
                let mut words: Vec<(Range<usize>, &'a str)> = run
                    .split_word_bound_indices()
                    .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
                    .map(|(i, w)| (start + i..start + i + w.len(), w))
                    .collect();
                words.retain(|(r, _)| r.len() <= MAX_TOKEN_LEN);
                words.reverse();
                self.pending = words;
                continue;
            }
            if end - start <= MAX_TOKEN_LEN {
                return Some((start..end, &self.text[start..end]));
            }
        }
    }
}

/// The words of a text by `unicode-segmentation` alone: what [`words`]
/// must agree with.
pub fn uax29_words(text: &str) -> Vec<(Range<usize>, &str)> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric) && w.len() <= MAX_TOKEN_LEN)
        .map(|(i, w)| (i..i + w.len(), w))
        .collect()
}

/// Exact view of one word, written into `out`: see [`text::exact_form`].
pub fn exact_token(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.clear();
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        text::exact_form_into(word, out);
    }
}

/// Both views of one word, written into `exact` and `folded`; whether the
/// exact view indexes the word: its exact form differs from its folded
/// one, that is, it carries diacritics. A word without them is the same in
/// both views, and the folded view already has it.
pub fn exact_and_folded(word: &str, exact: &mut String, folded: &mut String) -> bool {
    exact_token(word, exact);
    folded_token(word, folded);
    exact != folded
}

/// Folded view of one word, written into `out`: see [`text::fold_lower`].
pub fn folded_token(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        text::fold_lower_into(word, out);
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

/// Most distinct words whose views a [`VietTokenizer`] (or, for the OCR
/// view, a thread) remembers. Vietnamese has some 7,000 syllables; with
/// their capitalised forms and OCR's usual misreadings this holds the bulk
/// of any archive's words in a few MB.
const MAX_REMEMBERED: usize = 50_000;

/// Most uses of one word with diacritics the exact view gives per text.
/// The exact view only earns a bonus on top of a folded match, and BM25
/// gains little from a word's fourth use: more would cost index time (every
/// use is a posting) for no change in ranking.
const EXACT_USES: u32 = 3;

/// A Tantivy tokenizer producing one [`View`] of the [`words`] of a text:
/// every word in the folded view; in the exact view only the words with
/// diacritics, each at most `EXACT_USES` times per text
/// ([`exact_tokens`]). A word without diacritics is the same in both views,
/// and every token costs index time, so the exact view leaves those to the
/// folded one.
///
/// A text repeats a small vocabulary (the same syllables on every line),
/// so the exact view of each word with diacritics (lower case, tone moved
/// to its canonical place) is worked out once, with its folded form, and
/// then looked up: the tokenizer remembers up to `MAX_REMEMBERED` words.
/// The folded view of other texts folds each word: that is cheaper than a
/// look-up (snippets, which fold a few texts per query, went 20% slower
/// with it).
///
/// A document's text is indexed in the exact view, then in the folded view
/// (the next field, on the same thread). The exact view keeps the words it
/// cut, with their folded forms (`Segmentation`), and the folded view of
/// the same text replays them instead of cutting and folding it again.
#[derive(Clone)]
pub struct VietTokenizer {
    view: View,
    token: Token,
    seen: FxHashMap<Box<str>, Forms>,
    /// Number of the current text, to count each word's uses per text.
    text_no: u64,
}

/// The two views of a word, and how often the exact view gave it in text
/// number `text_no`.
#[derive(Clone)]
struct Forms {
    /// `None` for a word the exact view does not index
    /// ([`exact_and_folded`]).
    exact: Option<Box<str>>,
    folded: Box<str>,
    text_no: u64,
    uses: u32,
}

impl Forms {
    /// Writes the word's folded form into the recording if there is one,
    /// counts one use of it in text number `text_no`, and writes its exact
    /// form into `out` when the exact view gives it: it has diacritics and
    /// was not given [`EXACT_USES`] times already in that text.
    fn give(
        &mut self,
        text_no: u64,
        out: &mut String,
        recording: &mut Option<Box<Segmentation>>,
    ) -> bool {
        if let Some(r) = recording {
            r.folded.push_str(&self.folded);
        }
        if self.text_no != text_no {
            self.text_no = text_no;
            self.uses = 0;
        }
        self.uses += 1;
        match &self.exact {
            Some(exact) if self.uses <= EXACT_USES => {
                out.clear();
                out.push_str(exact);
                true
            }
            _ => false,
        }
    }
}

/// The words of the last text a thread's exact view tokenized, with their
/// folded forms: see [`VietTokenizer`].
#[derive(Default)]
struct Segmentation {
    /// The text, to tell whether the folded view is asked for the same one.
    text: String,
    /// Each word's byte range, and the end of its folded form in `folded`.
    words: Vec<(u32, u32, u32)>,
    /// The folded forms, one after another.
    folded: String,
    /// Whether the exact view went through the whole text: only then is it
    /// replayed.
    complete: bool,
}

/// Texts shorter than this are not worth keeping a [`Segmentation`] of
/// (titles, names); longer ones are not kept either, so as not to hold a
/// huge text's copy per thread.
const SEGMENTATION_TEXTS: Range<usize> = 256..(1 << 20);

thread_local! {
    /// This thread's last [`Segmentation`], or an empty one to reuse.
    static SEGMENTATION: std::cell::Cell<Option<Box<Segmentation>>> =
        const { std::cell::Cell::new(None) };
}

impl Segmentation {
    fn take() -> Box<Segmentation> {
        SEGMENTATION.with(|s| s.take()).unwrap_or_default()
    }

    fn put_back(self: Box<Self>) {
        SEGMENTATION.with(|s| s.set(Some(self)));
    }
}

impl VietTokenizer {
    /// A tokenizer for the given view.
    pub fn new(view: View) -> Self {
        VietTokenizer {
            view,
            token: Token::default(),
            seen: FxHashMap::default(),
            text_no: 0,
        }
    }
}

/// Token stream of [`VietTokenizer`].
pub struct VietTokenStream<'a> {
    source: Source<'a>,
    view: View,
    token: &'a mut Token,
    seen: &'a mut FxHashMap<Box<str>, Forms>,
    text_no: u64,
    /// The exact view's record of a long text's words, for the folded view.
    recording: Option<Box<Segmentation>>,
}

/// Where a [`VietTokenStream`] takes its words from.
enum Source<'a> {
    /// Cut from the text.
    Cut(Words<'a>),
    /// Replayed from the exact view's [`Segmentation`] of the same text.
    Replay {
        segmentation: Box<Segmentation>,
        next: usize,
    },
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VietTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietTokenStream<'a> {
        self.token.reset();
        self.text_no += 1;
        let long = SEGMENTATION_TEXTS.contains(&text.len());
        let mut source = Source::Cut(words(text));
        let mut recording = None;
        if long && self.view == View::Exact {
            let mut s = Segmentation::take();
            s.text.clear();
            s.text.push_str(text);
            s.words.clear();
            s.folded.clear();
            s.complete = false;
            recording = Some(s);
        } else {
            source = Source::of(text);
        }
        VietTokenStream {
            source,
            view: self.view,
            token: &mut self.token,
            seen: &mut self.seen,
            text_no: self.text_no,
            recording,
        }
    }
}

impl Drop for VietTokenStream<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.recording.take() {
            s.put_back();
        } else {
            self.source.release();
        }
    }
}

impl<'a> Source<'a> {
    /// The words of `text`: replayed from this thread's [`Segmentation`]
    /// when the exact view has just cut the same text whole (and the text
    /// is long enough to be recorded), cut afresh otherwise.
    fn of(text: &'a str) -> Source<'a> {
        if SEGMENTATION_TEXTS.contains(&text.len()) {
            let s = Segmentation::take();
            if s.complete && s.text == text {
                return Source::Replay {
                    segmentation: s,
                    next: 0,
                };
            }
            s.put_back();
        }
        Source::Cut(words(text))
    }

    /// Gives a replayed [`Segmentation`] back to the thread.
    fn release(&mut self) {
        if let Source::Replay { segmentation, .. } = std::mem::replace(self, Source::Cut(words("")))
        {
            segmentation.put_back();
        }
    }
}

impl VietTokenStream<'_> {
    /// Writes the view of `word` into the token (the exact view looks it up
    /// in `seen`), and its folded form into the recording if there is one.
    /// Returns whether the word is a token of this view: the exact view
    /// gives only words with diacritics, each at most [`EXACT_USES`] times
    /// per text.
    fn view_of(&mut self, word: &str) -> bool {
        let out = &mut self.token.text;
        if self.view == View::Folded {
            // Folding is cheaper than a look-up.
            folded_token(word, out);
            return true;
        }
        if word.is_ascii() {
            if let Some(r) = &mut self.recording {
                let from = r.folded.len();
                r.folded.push_str(word);
                r.folded[from..].make_ascii_lowercase();
            }
            return false;
        }
        let recording = &mut self.recording;
        if let Some(forms) = self.seen.get_mut(word) {
            return forms.give(self.text_no, out, recording);
        }
        let (mut exact, mut folded) = (String::new(), String::new());
        let indexed = exact_and_folded(word, &mut exact, &mut folded);
        let mut forms = Forms {
            exact: indexed.then(|| exact.into()),
            folded: folded.into(),
            text_no: 0,
            uses: 0,
        };
        let given = forms.give(self.text_no, out, recording);
        if self.seen.len() < MAX_REMEMBERED {
            self.seen.insert(word.into(), forms);
        }
        given
    }
}

impl TokenStream for VietTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let range = match &mut self.source {
            Source::Cut(_) => loop {
                let Source::Cut(words) = &mut self.source else {
                    unreachable!("the source of a text does not change")
                };
                let Some((range, word)) = words.next() else {
                    if let Some(r) = &mut self.recording {
                        r.complete = true;
                    }
                    return false;
                };
                let token = self.view_of(word);
                if let Some(r) = &mut self.recording {
                    r.words
                        .push((range.start as u32, range.end as u32, r.folded.len() as u32));
                }
                if token {
                    break range;
                }
            },
            Source::Replay { segmentation, next } => {
                let s = &**segmentation;
                let Some(&(start, end, folded_end)) = s.words.get(*next) else {
                    return false;
                };
                let folded_start = match *next {
                    0 => 0,
                    i => s.words[i - 1].2,
                };
                *next += 1;
                self.token.text.clear();
                self.token
                    .text
                    .push_str(&s.folded[folded_start as usize..folded_end as usize]);
                start as usize..end as usize
            }
        };
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The views of one OCR word: its folded form, then its readings.
type OcrViews = Box<[Box<str>]>;

thread_local! {
    /// The views of the OCR words seen on this thread. OCR repeats its
    /// mistakes (`s6`, `nim`, `ciia` on every page), and the same texts
    /// come back in snippets query after query: each word's readings are
    /// searched once, not on every tokenizer or text that meets it.
    static OCR_VIEWS: std::cell::RefCell<FxHashMap<Box<str>, OcrViews>> =
        Default::default();
}

/// The OCR view: folded words as OCR cut them, each followed at the same
/// position by its likely readings when it looks garbled.
#[derive(Clone, Default)]
pub struct OcrTokenizer {
    token: Token,
    readings: Vec<Box<str>>,
}

/// Token stream of [`OcrTokenizer`].
pub struct OcrTokenStream<'a> {
    words: crate::ocr::OcrWords<'a>,
    token: &'a mut Token,
    /// Readings of the current word still to give, last first.
    readings: &'a mut Vec<Box<str>>,
}

impl Tokenizer for OcrTokenizer {
    type TokenStream<'a> = OcrTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> OcrTokenStream<'a> {
        self.token.reset();
        self.readings.clear();
        OcrTokenStream {
            words: crate::ocr::ocr_words(text),
            token: &mut self.token,
            readings: &mut self.readings,
        }
    }
}

/// The folded form of an OCR word followed by its readings
/// ([`crate::ocr::repair_word`]).
fn ocr_views(word: &str) -> OcrViews {
    std::iter::once(text::fold_lower(word))
        .chain(crate::ocr::repair_word(word).into_iter().map(|r| r.text))
        .map(String::into_boxed_str)
        .collect()
}

impl TokenStream for OcrTokenStream<'_> {
    fn advance(&mut self) -> bool {
        // The next reading of the current word, at the same position.
        if let Some(reading) = self.readings.pop() {
            self.token.text.clear();
            self.token.text.push_str(&reading);
            return true;
        }
        let Some((start, word)) = self.words.by_ref().find(|(_, w)| w.len() <= MAX_TOKEN_LEN)
        else {
            return false;
        };
        let t = &mut *self.token;
        t.position = t.position.wrapping_add(1);
        t.offset_from = start;
        t.offset_to = start + word.len();
        t.position_length = 1;
        t.text.clear();
        OCR_VIEWS.with(|seen| {
            let mut seen = seen.borrow_mut();
            let views = match seen.get(word) {
                Some(views) => views,
                None => {
                    if seen.len() >= MAX_REMEMBERED {
                        seen.clear();
                    }
                    seen.entry(word.into()).or_insert_with(|| ocr_views(word))
                }
            };
            t.text.push_str(&views[0]);
            self.readings.extend(views[1..].iter().rev().cloned());
        });
        true
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
    let mut tokenizer = OcrTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// Whether a text reads like the output of OCR that lost its diacritics
/// (or was typed without them): among its first 400 words, fewer than two
/// in five carry a mark. Clean Vietnamese marks nine words in ten (a foreign
/// OCR model keeps two in ten, mostly `é`); such text needs no repair.
///
/// Reading stops as soon as the words left could not change the answer: a
/// clean text (four words in five marked, or more) is settled after about
/// 200 words.
pub fn looks_garbled(text: &str) -> bool {
    const SAMPLE: usize = 400;
    let mut words = 0usize;
    let mut marked = 0usize;
    for (read, (_, w)) in crate::ocr::ocr_words(text).take(SAMPLE).enumerate() {
        if garbled_sample_word(w) {
            words += 1;
            if text::has_diacritics(w) {
                marked += 1;
            }
        }
        let left = SAMPLE - read - 1;
        // Clean even if every word left counts and has no mark.
        if marked * 5 >= (words + left) * 2 {
            return false;
        }
        // Garbled even if every word left counts and has a mark.
        if words >= 20 && (marked + left) * 5 < (words + left) * 2 {
            return true;
        }
    }
    words >= 20 && marked * 5 < words * 2
}

/// Whether [`looks_garbled`] counts a word: it has a letter, and a
/// lower-case one (words in capitals are not counted).
fn garbled_sample_word(w: &str) -> bool {
    w.chars().any(is_alphabetic) && w.chars().any(|c| c.is_lowercase())
}

/// Registers vanban's tokenizers on an index. Tantivy does not store
/// tokenizers in the index, so this runs every time one is opened.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(EXACT, TextAnalyzer::from(VietTokenizer::new(View::Exact)));
    manager.register(FOLDED, TextAnalyzer::from(VietTokenizer::new(View::Folded)));
    manager.register(OCR, TextAnalyzer::from(OcrTokenizer::default()));
    manager.register(PAIRS, TextAnalyzer::from(PairTokenizer::default()));
}

/// The text's word pairs ([`crate::pairs`]): each word with the word
/// before it, both folded, as one token ([`pair`]): `cải cách hành chính`
/// gives `cai cach`, `cach hanh`, `hanh chinh`. The words are those of
/// [`words`], so a query's neighbouring words give the tokens of a text
/// holding them side by side, and a conjunction of those terms finds the
/// texts holding a phrase (near enough) from postings alone. A text the
/// exact view has just cut is replayed from its record, as the folded view
/// does ([`VietTokenizer`]).
#[derive(Clone, Default)]
pub struct NeighbourTokenizer {
    token: Token,
    previous: String,
    folded: String,
}

/// Token stream of [`NeighbourTokenizer`].
pub struct NeighbourTokenStream<'a> {
    source: Source<'a>,
    token: &'a mut Token,
    /// The previous word's folded form (when cutting the text).
    previous: &'a mut String,
    /// Where the previous word starts, if there is one.
    previous_start: Option<usize>,
    folded: &'a mut String,
}

impl Tokenizer for NeighbourTokenizer {
    type TokenStream<'a> = NeighbourTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NeighbourTokenStream<'a> {
        self.token.reset();
        NeighbourTokenStream {
            source: Source::of(text),
            token: &mut self.token,
            previous: &mut self.previous,
            previous_start: None,
            folded: &mut self.folded,
        }
    }
}

impl Drop for NeighbourTokenStream<'_> {
    fn drop(&mut self) {
        self.source.release();
    }
}

impl TokenStream for NeighbourTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let t = &mut *self.token;
        let (from, to) = match &mut self.source {
            Source::Cut(words) => loop {
                let Some((range, word)) = words.next() else {
                    return false;
                };
                folded_token(word, self.folded);
                let previous = self.previous_start.replace(range.start);
                std::mem::swap(self.previous, self.folded);
                if let Some(from) = previous {
                    join(self.folded, self.previous, &mut t.text);
                    break (from, range.end);
                }
            },
            Source::Replay { segmentation, next } => {
                let s = &**segmentation;
                if *next == 0 {
                    *next = 1;
                }
                let Some(&(_, end, folded_end)) = s.words.get(*next) else {
                    return false;
                };
                let (from, _, folded_middle) = s.words[*next - 1];
                let folded_start = match *next {
                    1 => 0,
                    i => s.words[i - 2].2,
                };
                *next += 1;
                join(
                    &s.folded[folded_start as usize..folded_middle as usize],
                    &s.folded[folded_middle as usize..folded_end as usize],
                    &mut t.text,
                );
                (from as usize, end as usize)
            }
        };
        t.position = t.position.wrapping_add(1);
        t.offset_from = from;
        t.offset_to = to;
        t.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The token of two words near each other, each folded: `cong tac` for
/// `công tác`. A query's neighbouring words give the tokens a text gives
/// for them side by side or one word apart ([`PairTokenizer`]), so a
/// conjunction of them is a phrase (with a slop of one word between each
/// two) that plain term postings answer, without positions.
pub fn pair(first: &str, second: &str, out: &mut String) {
    folded_token(first, out);
    out.push(PAIR_SEPARATOR);
    text::fold_lower_into(second, out);
}

/// What stands between the two words of a [`pair`] token.
const PAIR_SEPARATOR: char = ' ';

/// The [`pair`] token of two words already folded, written into `out`.
fn join(first: &str, second: &str, out: &mut String) {
    out.clear();
    out.push_str(first);
    out.push(PAIR_SEPARATOR);
    out.push_str(second);
}

/// Tokenizer of [`PAIRS`]: the words as the OCR view cuts them, and for
/// each word, the word before it and the one before that, each with it as
/// one token ([`pair`]): `về việc hiện đại` gives `ve viec`, `viec hien`,
/// `ve hien`, `hien dai`, `viec dai`. Meant for short texts (titles): each
/// token is built afresh.
#[derive(Clone, Default)]
pub struct PairTokenizer {
    token: Token,
}

/// A word and where it starts.
type Placed<'a> = (usize, &'a str);

/// Token stream of [`PairTokenizer`].
pub struct PairTokenStream<'a> {
    words: crate::ocr::OcrWords<'a>,
    /// The last word and the one before it.
    before: [Option<Placed<'a>>; 2],
    /// The last word's pair with the word two back, still to give.
    skip: Option<(Placed<'a>, Placed<'a>)>,
    token: &'a mut Token,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairTokenStream<'a> {
        self.token.reset();
        PairTokenStream {
            words: crate::ocr::ocr_words(text),
            before: [None, None],
            skip: None,
            token: &mut self.token,
        }
    }
}

impl PairTokenStream<'_> {
    fn give(&mut self, from: usize, first: &str, (start, word): Placed<'_>) -> bool {
        let t = &mut *self.token;
        t.position = t.position.wrapping_add(1);
        t.offset_from = from;
        t.offset_to = start + word.len();
        t.position_length = 1;
        pair(first, word, &mut t.text);
        true
    }
}

impl TokenStream for PairTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(((from, first), last)) = self.skip.take() {
            return self.give(from, first, last);
        }
        loop {
            let Some((start, word)) = self.words.next() else {
                return false;
            };
            if word.len() > MAX_TOKEN_LEN {
                // Too long to be a word: the words around it are not
                // neighbours.
                self.before = [None, None];
                continue;
            }
            let [last, two_back] = self.before;
            self.before = [Some((start, word)), last];
            if let Some((from, first)) = last {
                self.skip = two_back.map(|w| (w, (start, word)));
                return self.give(from, first, (start, word));
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Every word of `text` in one view, with its offsets. For the folded
/// view this is what the index stores; the exact view indexes fewer
/// ([`exact_tokens`]).
pub fn tokens(text: &str, view: View) -> Vec<(Range<usize>, String)> {
    let mut buf = String::new();
    words(text)
        .map(|(range, w)| {
            view.apply(w, &mut buf);
            (range, buf.clone())
        })
        .collect()
}

/// What the exact view ([`EXACT`]) indexes of `text`: the words whose
/// exact form differs from their folded form (they carry diacritics), each
/// as written at most `EXACT_USES` times, with their offsets.
pub fn exact_tokens(text: &str) -> Vec<(Range<usize>, String)> {
    let mut uses: FxHashMap<&str, u32> = FxHashMap::default();
    let (mut exact, mut folded) = (String::new(), String::new());
    words(text)
        .filter_map(|(range, w)| {
            let indexed = exact_and_folded(w, &mut exact, &mut folded);
            let n = uses.entry(w).or_default();
            *n += 1;
            (indexed && *n <= EXACT_USES).then(|| (range, exact.clone()))
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
    fn pairs_join_each_word_to_the_two_before_it() {
        fn pairs(text: &str) -> Vec<(String, &str)> {
            let mut tokenizer = PairTokenizer::default();
            let mut stream = tokenizer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                let t = stream.token();
                out.push((t.text.clone(), &text[t.offset_from..t.offset_to]));
            }
            out
        }
        assert_eq!(
            pairs("Về việc Hiện đại"),
            [
                ("ve viec".to_string(), "Về việc"),
                ("viec hien".to_string(), "việc Hiện"),
                ("ve hien".to_string(), "Về việc Hiện"),
                ("hien dai".to_string(), "Hiện đại"),
                ("viec dai".to_string(), "việc Hiện đại"),
            ]
        );
        // A query's neighbours give the same token.
        let mut buf = String::new();
        pair("Hiện", "ĐẠI", &mut buf);
        assert_eq!(buf, "hien dai");
        // No pair spans a run too long to be a word, nor a lone word.
        let long = "x".repeat(MAX_TOKEN_LEN + 1);
        assert_eq!(pairs(&format!("một {long} hai")), []);
        assert_eq!(pairs("một"), []);
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

    fn stream_texts<T: Tokenizer>(tokenizer: &mut T, text: &str) -> Vec<(usize, String)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().position, stream.token().text.clone()));
        }
        out
    }

    #[test]
    fn remembered_words_get_the_same_views() {
        let text = "Thực hiện Kế hoạch, KẾ HOẠCH thực hiện hoà hòa Đảng đảng s6 K& nim ciia";
        for view in [View::Exact, View::Folded] {
            let mut tokenizer = VietTokenizer::new(view);
            let first = stream_texts(&mut tokenizer, text);
            let again = stream_texts(&mut tokenizer, text);
            let expected: Vec<(usize, String)> = match view {
                View::Exact => exact_tokens(text).into_iter().map(|(_, t)| t).collect(),
                View::Folded => texts(text, view),
            }
            .into_iter()
            .enumerate()
            .collect();
            assert_eq!(first, expected, "{view:?}");
            assert_eq!(again, expected, "{view:?}");
        }
        let mut tokenizer = OcrTokenizer::default();
        let first = stream_texts(&mut tokenizer, text);
        let again = stream_texts(&mut tokenizer, text);
        assert_eq!(first, again);
        // Every word once in the folded view, readings at its position.
        let positions: Vec<usize> = first.iter().map(|(p, _)| *p).collect();
        assert_eq!(positions.iter().max(), Some(&15));
        assert!(positions
            .windows(2)
            .all(|w| w[1] == w[0] || w[1] == w[0] + 1));
        assert!(first.contains(&(12, "so".to_string())), "{first:?}");
        assert!(first.contains(&(13, "ke".to_string())), "{first:?}");
    }

    /// The tokens a tokenizer gives, as [`tokens`] gives them, checking
    /// that they come one position after another.
    fn streamed<T: Tokenizer>(tokenizer: &mut T, text: &str) -> Vec<(Range<usize>, String)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            assert_eq!(t.position, out.len());
            out.push((t.offset_from..t.offset_to, t.text.clone()));
        }
        out
    }

    #[test]
    fn exact_view_keeps_words_with_diacritics_a_few_uses_each() {
        let text = "Đảng Đảng Đảng Đảng đang an án ke kế 2024 Đảng";
        let got: Vec<String> = exact_tokens(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(got, ["đảng", "đảng", "đảng", "đang", "án", "kế"]);
        let mut tokenizer = VietTokenizer::new(View::Exact);
        for _ in 0..2 {
            let streamed: Vec<String> = stream_texts(&mut tokenizer, text)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            assert_eq!(streamed, got);
        }
    }

    #[test]
    fn neighbours_are_the_folded_words_two_by_two_cut_or_replayed() {
        let neighbours = |text: &str| -> Vec<(Range<usize>, String)> {
            let words = tokens(text, View::Folded);
            words
                .windows(2)
                .map(|w| (w[0].0.start..w[1].0.end, format!("{} {}", w[0].1, w[1].1)))
                .collect()
        };
        assert_eq!(
            neighbours("Cải cách hành"),
            [
                (0..11, "cai cach".to_string()),
                (6..17, "cach hanh".to_string())
            ]
        );
        let mut tokenizer = NeighbourTokenizer::default();
        // Short texts are always cut; one word gives no pair.
        assert_eq!(
            streamed(&mut tokenizer, "Cải cách hành"),
            neighbours("Cải cách hành")
        );
        assert_eq!(streamed(&mut tokenizer, "Cải"), []);
        // A long text the exact view has just cut is replayed: the same.
        let text = "Thực hiện Kế hoạch số 110/KH-UBND về cải cách hành chính; ".repeat(8);
        let other = text.replacen("cải", "gải", 1);
        let mut exact = VietTokenizer::new(View::Exact);
        streamed(&mut exact, &text);
        assert_eq!(streamed(&mut tokenizer, &text), neighbours(&text));
        assert_eq!(streamed(&mut tokenizer, &text), neighbours(&text));
        // Another text of the same length is cut afresh.
        assert_eq!(streamed(&mut tokenizer, &other), neighbours(&other));
        // A query's two words give the text's token.
        let mut buf = String::new();
        pair("cải", "CÁCH", &mut buf);
        assert_eq!(buf, "cai cach");
    }

    #[test]
    fn folded_view_replays_the_exact_views_words_of_the_same_text_only() {
        let text = "Thực hiện Kế hoạch số 110/KH-UBND về cải cách hành chính; ".repeat(8);
        let other = text.replacen("cải", "gải", 1);
        assert_eq!(text.len(), other.len());
        let mut exact = VietTokenizer::new(View::Exact);
        let mut folded = VietTokenizer::new(View::Folded);
        let expected = tokens(&text, View::Folded);
        let expected_other = tokens(&other, View::Folded);
        assert_ne!(expected, expected_other);

        // The exact view's words, replayed for the same text.
        assert_eq!(streamed(&mut exact, &text), exact_tokens(&text));
        assert_eq!(streamed(&mut folded, &text), expected);
        // And again, as often as it is asked for.
        assert_eq!(streamed(&mut folded, &text), expected);
        // Another text of the same length is cut afresh.
        assert_eq!(streamed(&mut folded, &other), expected_other);
        // An exact view left part-way is not replayed.
        streamed(&mut exact, &text);
        {
            let mut stream = exact.token_stream(&other);
            assert!(stream.advance());
        }
        assert_eq!(streamed(&mut folded, &other), expected_other);
    }

    /// [`looks_garbled`] as first written: every one of the first 400
    /// words read.
    fn looks_garbled_reading_all(text: &str) -> bool {
        let (mut words, mut marked) = (0usize, 0usize);
        for (_, w) in crate::ocr::ocr_words(text).take(400) {
            if !w.chars().any(is_alphabetic) || w.chars().all(|c| !c.is_lowercase()) {
                continue;
            }
            words += 1;
            marked += usize::from(text::has_diacritics(w));
        }
        words >= 20 && marked * 5 < words * 2
    }

    proptest::proptest! {
        #[test]
        fn stopping_early_does_not_change_whether_a_text_looks_garbled(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("hanh"),
                    proptest::strategy::Just("hành"),
                    proptest::strategy::Just("CHÍNH"),
                    proptest::strategy::Just("s6"),
                    proptest::strategy::Just("K&"),
                    proptest::strategy::Just("2024"),
                    proptest::strategy::Just("đ"),
                    proptest::strategy::Just("- ,"),
                ],
                0..700,
            ),
            marked_share in 0usize..=10,
        ) {
            // Runs of one kind and mixtures, around the 2-in-5 line.
            let text: String = parts
                .iter()
                .enumerate()
                .map(|(i, p)| if i % 10 < marked_share && *p == "hanh" { "hành" } else { *p })
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(looks_garbled(&text), looks_garbled_reading_all(&text));
        }
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
    fn scanner_agrees_with_unicode_segmentation_on_real_lines() {
        for line in [
            "Số: 110/KH-UBND Long An, ngày 11 tháng 01 năm 2021",
            "TP.HCM chi 1.110,5 triệu đồng; tỷ lệ 2,5% (ISO 9001:2015) co's s6 K& x4",
            "Độc lập - Tự do - Hạnh phúc … «trích yếu» a_b __x 3.a a.3 1,a",
            "Quye\u{302}\u{301}t định d\u{300} \u{301}x 東京 ภาษาไทย Ελλάδα",
        ] {
            let fast: Vec<_> = words(line).collect();
            assert_eq!(fast, uax29_words(line), "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn neighbours_replayed_are_the_neighbours_cut(
            parts in proptest::collection::vec("[a-zđĐáàảãạếềểễệ0-9]{0,8}[ .,;/\n-]{1,3}", 0..120),
            repeat in 1usize..4,
        ) {
            // Long enough texts (and shorter ones) through the exact view
            // first, then the pairs: replayed or cut, the same tokens.
            let text = parts.concat().repeat(repeat);
            let mut exact = VietTokenizer::new(View::Exact);
            let mut neighbours = NeighbourTokenizer::default();
            streamed(&mut exact, &text);
            let replayed = streamed(&mut neighbours, &text);
            // Another text in between, so nothing is left to replay.
            streamed(&mut exact, "khác");
            let cut = streamed(&mut NeighbourTokenizer::default(), &text);
            proptest::prop_assert_eq!(&replayed, &cut);
            let folded = tokens(&text, View::Folded);
            let expected: Vec<(Range<usize>, String)> = folded
                .windows(2)
                .map(|w| (w[0].0.start..w[1].0.end, format!("{} {}", w[0].1, w[1].1)))
                .collect();
            proptest::prop_assert_eq!(replayed, expected);
        }

        #[test]
        fn scanner_agrees_with_unicode_segmentation(s in "[aăâeêioôơuưyđAĐ0-9áàảãạếềểễệ̣́.,:;'’·_ /()\n-]{0,40}") {
            let fast: Vec<_> = words(&s).collect();
            proptest::prop_assert_eq!(fast, uax29_words(&s));
        }
    }

    #[test]
    fn long_runs_are_not_indexed() {
        let long = "x".repeat(100);
        assert_eq!(texts(&format!("a {long} b"), View::Folded), ["a", "b"]);
    }
}
