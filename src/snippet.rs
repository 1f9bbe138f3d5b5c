//! Snippets: the stretch of a hit's text where the query's words weigh
//! most, with those words marked.
//!
//! The text is cut into words by the tokenizer of the view the query
//! searched, so a highlight falls on every word the index matched (`cai`
//! finds and marks `cải`). Windows of at most `max_chars` bytes are scored
//! by the words they hold, rarer words weighing more, and the first window
//! of the best score wins: the rule of Tantivy's `SnippetGenerator`,
//! without its allocation for every word of the text.
//!
//! ```text
//! query "cải cách", text "Điều 1. Ban hành Kế hoạch cải cách hành chính ..."
//!   → the window from "Điều 1", with "cải" and "cách" marked
//! ```

use std::collections::BTreeSet;
use std::ops::Range;

use tantivy::query::Query;
use tantivy::schema::{Field, FieldType};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyError, Term};

use crate::analysis;

/// A long text is searched for its snippet one stretch of this many bytes
/// (cut at a space) at a time: a query word found in the first stretch
/// gives the snippet without reading on. Finding a snippet means cutting
/// the text into words again; administrative documents run to hundreds of
/// KB (laws, with their annexes), and a document's first pages say what it
/// is about.
pub const SCAN: usize = 64 * 1024;

/// Where the first stretch of `text` a snippet is looked for in ends: at
/// [`SCAN`] bytes, or the last space before, so that no word is split.
/// The index stores a text's first stretch apart ([`crate::schema::Stored`]),
/// so that most snippets are found without reading the rest.
pub fn stretch_end(text: &str) -> usize {
    if text.len() <= SCAN {
        return text.len();
    }
    let mut cut = SCAN;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text[..cut]
        .rfind(char::is_whitespace)
        .filter(|&i| i > 0)
        .unwrap_or(cut)
}

/// The best window of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// Where the window lies in the text.
    pub range: Range<usize>,
    /// The words to mark, relative to the window's start.
    pub highlights: Vec<Range<usize>>,
    /// How many of the query's terms the window holds.
    pub terms: usize,
}

impl Fragment {
    /// The window's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range.clone()]
    }
}

/// Finds the best snippet of texts for one query in one view.
#[derive(Clone)]
pub struct Highlighter {
    /// The query's words in the view, each with its weight.
    terms: Vec<(String, f32)>,
    /// How many distinct terms the query has in the view, those no
    /// document holds included.
    asked: usize,
    tokenizer: TextAnalyzer,
    /// The view is the folded one: its words are cut and folded here,
    /// without the tokenizer (see [`Highlighter::folded_best_in`]).
    folded: bool,
    /// First bytes of the terms, for the folded view.
    initials: Vec<u8>,
    max_chars: usize,
}

impl Highlighter {
    /// A highlighter for the terms `query` has in `field`, weighed as
    /// `1 / (1 + documents holding the term)`; terms no document holds are
    /// left out.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        max_chars: usize,
    ) -> Result<Highlighter, TantivyError> {
        let mut found: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                found.insert(term);
            }
        });
        let asked = found.len();
        let mut terms = Vec::with_capacity(found.len());
        for term in found {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let docs = searcher.doc_freq(term)?;
            if docs > 0 {
                terms.push((text.to_string(), 1.0 / (1.0 + docs as f32)));
            }
        }
        let folded = match searcher.schema().get_field_entry(field).field_type() {
            FieldType::Str(options) => options
                .get_indexing_options()
                .is_some_and(|i| i.tokenizer() == analysis::FOLDED),
            _ => false,
        };
        Ok(Highlighter {
            initials: initials(&terms),
            terms,
            asked,
            tokenizer: searcher.index().tokenizer_for_field(field)?,
            folded,
            max_chars,
        })
    }

    /// Whether `fragment` holds every term the query has in this view: a
    /// term no document holds in the view is never there.
    pub fn holds_all(&self, fragment: &Fragment) -> bool {
        fragment.terms == self.asked
    }

    /// The best window of `text`, from the first stretch of [`SCAN`] bytes
    /// that holds a query word; `None` when no stretch does.
    pub fn best(&self, text: &str) -> Option<Fragment> {
        if self.terms.is_empty() {
            return None;
        }
        let mut tokenizer = self.tokenizer.clone();
        let mut start = 0;
        while start < text.len() {
            let rest = &text[start..];
            let end = stretch_end(rest);
            let stretch = &rest[..end];
            let found = if self.folded {
                self.folded_best_in(stretch)
            } else {
                self.best_in(&mut tokenizer, stretch)
            };
            if let Some(mut f) = found {
                f.range = f.range.start + start..f.range.end + start;
                return Some(f);
            }
            start += end;
        }
        None
    }

    /// The best window of `text` as a whole.
    fn best_in(&self, tokenizer: &mut TextAnalyzer, text: &str) -> Option<Fragment> {
        let mut stream = tokenizer.token_stream(text);
        let mut window = Window::default();
        let mut best: Option<Window> = None;
        while let Some(token) = stream.next() {
            if token.offset_to - window.start > self.max_chars {
                window.close(&mut best);
                window.open(token.offset_from);
            }
            window.stop = token.offset_to;
            if let Some(k) = self.terms.iter().position(|(t, _)| *t == token.text) {
                window.mark(k, self.terms[k].1, token.offset_from..token.offset_to);
            }
        }
        window.close(&mut best);
        best.map(Window::into_fragment)
    }

    /// [`Highlighter::best_in`] for the folded view, which is
    /// [`analysis::words`] each through [`analysis::folded_token`]: a word
    /// whose first byte is ASCII folds to that byte in lower case, so a
    /// word no term starts with is not folded at all.
    fn folded_best_in(&self, text: &str) -> Option<Fragment> {
        let mut window = Window::default();
        let mut best: Option<Window> = None;
        let mut folded = String::new();
        for (range, word) in analysis::words(text) {
            if range.end - window.start > self.max_chars {
                window.close(&mut best);
                window.open(range.start);
            }
            window.stop = range.end;
            let Some(&first) = word.as_bytes().first() else {
                continue;
            };
            if first.is_ascii()
                && self
                    .initials
                    .binary_search(&first.to_ascii_lowercase())
                    .is_err()
            {
                continue;
            }
            analysis::folded_token(word, &mut folded);
            if let Some(k) = self.terms.iter().position(|(t, _)| *t == folded) {
                window.mark(k, self.terms[k].1, range);
            }
        }
        window.close(&mut best);
        best.map(Window::into_fragment)
    }
}

/// The first bytes of the terms, sorted, each once.
fn initials(terms: &[(String, f32)]) -> Vec<u8> {
    let mut initials: Vec<u8> = terms.iter().filter_map(|(t, _)| t.bytes().next()).collect();
    initials.sort_unstable();
    initials.dedup();
    initials
}

/// A window of the text being scored.
#[derive(Default)]
struct Window {
    start: usize,
    stop: usize,
    score: f32,
    marks: Vec<Range<usize>>,
    /// Which terms the window holds, one bit each (the 64th stands for
    /// the rest).
    terms: u64,
}

impl Window {
    /// Keeps this window as `best` if it scores more than `best` (an
    /// earlier window wins a tie).
    fn close(&mut self, best: &mut Option<Window>) {
        if self.score > 0.0 && best.as_ref().is_none_or(|b| self.score > b.score) {
            let marks = best.take().map(|b| b.marks).unwrap_or_default();
            *best = Some(std::mem::replace(
                self,
                Window {
                    marks,
                    ..Window::default()
                },
            ));
        }
    }

    /// The window as a fragment, its highlights relative to its start.
    fn into_fragment(self) -> Fragment {
        Fragment {
            highlights: self
                .marks
                .iter()
                .map(|m| m.start - self.start..m.end - self.start)
                .collect(),
            range: self.start..self.stop,
            terms: self.terms.count_ones() as usize,
        }
    }

    /// Starts the window afresh at `start`.
    fn open(&mut self, start: usize) {
        self.start = start;
        self.stop = start;
        self.score = 0.0;
        self.marks.clear();
        self.terms = 0;
    }

    /// Marks `range`, a use of term number `term` of this weight.
    fn mark(&mut self, term: usize, weight: f32, range: Range<usize>) {
        self.score += weight;
        self.marks.push(range);
        self.terms |= 1 << term.min(63);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{VietTokenizer, View};
    use proptest::prelude::*;

    fn highlighter(view: View, terms: &[(&str, f32)], max_chars: usize) -> Highlighter {
        let terms: Vec<(String, f32)> = terms.iter().map(|(t, w)| (t.to_string(), *w)).collect();
        Highlighter {
            asked: terms.len(),
            initials: initials(&terms),
            terms,
            tokenizer: TextAnalyzer::from(VietTokenizer::new(view)),
            folded: view == View::Folded,
            max_chars,
        }
    }

    fn marked<'t>(text: &'t str, f: &Fragment) -> Vec<&'t str> {
        let window = f.text(text);
        f.highlights.iter().map(|h| &window[h.clone()]).collect()
    }

    #[test]
    fn the_first_stretch_ends_at_a_space_within_scan_bytes() {
        assert_eq!(stretch_end("cải cách"), "cải cách".len());
        let text = "hành chính ".repeat(SCAN / 5);
        let end = stretch_end(&text);
        assert!(end <= SCAN && end > SCAN - 20, "{end}");
        assert!(text[end..].starts_with(' '), "{:?}", &text[end..end + 10]);
        // One word longer than a stretch is cut at a character.
        let word = "đ".repeat(SCAN);
        let end = stretch_end(&word);
        assert!(word.is_char_boundary(end) && end <= SCAN && end > SCAN - 2);
    }

    #[test]
    fn the_window_of_the_rarer_word_wins_and_the_first_of_equals() {
        let text =
            "Cải cách hành chính. ".repeat(20) + "Chuyển đổi số ở xã. " + &"Cải cách. ".repeat(20);
        let h = highlighter(View::Folded, &[("cai", 0.01), ("so", 0.5)], 60);
        let f = h.best(&text).expect("a window");
        assert!(marked(&text, &f).contains(&"số"), "{:?}", marked(&text, &f));
        let text = format!("Cải {0}cải {0}", "x ".repeat(40));
        let h = highlighter(View::Folded, &[("cai", 0.01)], 60);
        let f = h.best(&text).expect("a window");
        assert_eq!(f.range.start, 0, "the first of equal windows");
        assert!(f.range.end <= 60);
    }

    #[test]
    fn a_text_without_the_words_has_no_window() {
        let h = highlighter(View::Folded, &[("xyz", 1.0)], 60);
        assert_eq!(h.best("Kế hoạch cải cách hành chính"), None);
    }

    const WORDS: &[&str] = &[
        "Cải",
        "cách",
        "ĐẢNG",
        "đảng",
        "hoà",
        "hòa",
        "Ủy",
        "ban",
        "nhân",
        "dân",
        "số",
        "s6",
        "110/KH-UBND",
        "1.110",
        "TP.HCM",
        "năm",
        "nim",
        "ông",
        "Ấp",
        "中文",
        "e\u{301}",
        "x",
        "2024",
        "\n",
        ",",
        "  ",
        // Longer than any token: no view indexes it.
        "Quảnlýnhànướcvềđấtđaivàtàinguyênmôitrườngcủatỉnh",
    ];

    proptest! {
        // The folded view's own loop finds what the folded tokenizer finds.
        #[test]
        fn the_folded_loop_agrees_with_the_tokenizer(
            picks in proptest::collection::vec(0..WORDS.len(), 0..200),
            terms in proptest::collection::vec(0..WORDS.len(), 1..4),
            max_chars in 20usize..200,
        ) {
            let text: String = picks.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
            let mut term_texts: Vec<(String, f32)> = Vec::new();
            for (k, &i) in terms.iter().enumerate() {
                for (_, t) in analysis::tokens(WORDS[i], View::Folded) {
                    term_texts.push((t, 1.0 / (k as f32 + 2.0)));
                }
            }
            let terms: Vec<(&str, f32)> = term_texts.iter().map(|(t, w)| (t.as_str(), *w)).collect();
            let fast = highlighter(View::Folded, &terms, max_chars);
            let mut slow = fast.clone();
            slow.folded = false;
            prop_assert_eq!(fast.best(&text), slow.best(&text));
        }
    }
}
