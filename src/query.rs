//! From what a person types to a Tantivy query.
//!
//! A query string is first read into parts ([`QueryPlan`]): quoted phrases
//! and free words. Free words become one clause each, matching the folded
//! view (`cai` finds `cải`, `cái`, `cai`) and, when the person typed
//! diacritics anywhere in the query, also the exact view with a boost, so
//! `án` ranks documents saying `án` above those saying `an`. Most of the
//! words must match (all of up to three, three of four, ...), which keeps
//! long queries useful on OCR text where a word in five is garbled. The
//! words in order also form phrase clauses that lift documents where they
//! stand together: Vietnamese words are several syllables, and `cải cách
//! hành chính` scattered over a page is not the same thing.
//!
//! Quoted text must appear as a phrase: exactly as typed when it carries
//! diacritics, folded when it does not.
//!
//! ```text
//! cải cách "hành chính"  →  words [cải, cách] + phrase [hành, chính]
//! ```

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis::{self, View};
use crate::schema::Fields;
use crate::text;

/// Boost of an exact (diacritics as typed) match over a folded one.
const EXACT_BOOST: f32 = 1.5;
/// Boost of the query's words standing together, in order.
const ADJACENT_BOOST: f32 = 2.0;
/// Boost of the query's words standing near each other.
const NEAR_BOOST: f32 = 0.5;
/// How far apart "near" words may be (in positions).
const NEAR_SLOP: u32 = 3;
/// Boost of the query's words in the document's title.
const TITLE_BOOST: f32 = 2.0;

/// A query string read into parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryPlan {
    /// Free words in the order typed.
    pub words: Vec<String>,
    /// Quoted phrases, each as its words.
    pub phrases: Vec<Vec<String>>,
}

impl QueryPlan {
    /// Reads a query string.
    pub fn parse(query: &str) -> QueryPlan {
        let query = text::nfc(query);
        let mut plan = QueryPlan::default();
        for (i, part) in query.split('"').enumerate() {
            let words: Vec<String> = analysis::words(part).map(|(_, w)| w.to_string()).collect();
            if i % 2 == 1 && !words.is_empty() {
                plan.phrases.push(words);
            } else {
                plan.words.extend(words);
            }
        }
        plan
    }

    /// Whether there is nothing to match.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Whether the person typed diacritics anywhere in the query.
    pub fn has_diacritics(&self) -> bool {
        self.words
            .iter()
            .chain(self.phrases.iter().flatten())
            .any(|w| text::has_diacritics(w))
    }

    /// Every word of the query, free or quoted.
    pub fn all_words(&self) -> impl Iterator<Item = &String> {
        self.words.iter().chain(self.phrases.iter().flatten())
    }

    /// The Tantivy query for this plan, or `None` when it is empty.
    pub fn to_query(&self, f: &Fields) -> Option<Box<dyn Query>> {
        if self.is_empty() {
            return None;
        }
        let marks = self.has_diacritics();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();

        if !self.words.is_empty() {
            let per_word: Vec<(Occur, Box<dyn Query>)> = self
                .words
                .iter()
                .map(|w| (Occur::Should, word_query(w, f, marks)))
                .collect();
            let n = per_word.len();
            let required = if n <= 3 { n } else { (n * 3).div_ceil(4) };
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::with_minimum_required_clauses(
                    per_word, required,
                )),
            ));
            if n >= 2 {
                let folded = terms(&self.words, f.body_folded, View::Folded);
                clauses.push(should(phrase(folded.clone(), 0), ADJACENT_BOOST));
                clauses.push(should(phrase(folded, NEAR_SLOP), NEAR_BOOST));
                if marks {
                    let exact = terms(&self.words, f.body, View::Exact);
                    clauses.push(should(phrase(exact, 0), ADJACENT_BOOST * EXACT_BOOST));
                }
                clauses.push(should(
                    phrase(terms(&self.words, f.title, View::Folded), 1),
                    TITLE_BOOST,
                ));
            } else {
                let title = terms(&self.words, f.title, View::Folded).remove(0);
                clauses.push(should(term(title), TITLE_BOOST));
            }
        }

        for words in &self.phrases {
            let exact = words.iter().any(|w| text::has_diacritics(w));
            let (field, view) = if exact {
                (f.body, View::Exact)
            } else {
                (f.body_folded, View::Folded)
            };
            let ts = terms(words, field, view);
            let q: Box<dyn Query> = if ts.len() == 1 {
                term(ts.into_iter().next().expect("one term"))
            } else {
                phrase(ts, 0)
            };
            clauses.push((Occur::Must, q));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// A query of every word, folded, on the folded body: what snippets
    /// highlight, whatever view matched.
    pub fn highlight_query(&self, f: &Fields) -> Box<dyn Query> {
        let words: Vec<String> = self.all_words().cloned().collect();
        let clauses = terms(&words, f.body_folded, View::Folded)
            .into_iter()
            .map(|t| (Occur::Should, term(t)))
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}

/// One free word: folded match, plus a boosted exact match when the query
/// was typed with diacritics.
fn word_query(word: &str, f: &Fields, marks: bool) -> Box<dyn Query> {
    let mut buf = String::new();
    analysis::folded_token(word, &mut buf);
    let folded = term(Term::from_field_text(f.body_folded, &buf));
    if !marks {
        return folded;
    }
    analysis::exact_token(word, &mut buf);
    let exact = term(Term::from_field_text(f.body, &buf));
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, folded),
        (Occur::Should, Box::new(BoostQuery::new(exact, EXACT_BOOST))),
    ]))
}

fn terms(words: &[String], field: Field, view: View) -> Vec<Term> {
    let mut buf = String::new();
    words
        .iter()
        .map(|w| {
            match view {
                View::Exact => analysis::exact_token(w, &mut buf),
                View::Folded => analysis::folded_token(w, &mut buf),
            }
            Term::from_field_text(field, &buf)
        })
        .collect()
}

fn term(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
}

fn phrase(terms: Vec<Term>, slop: u32) -> Box<dyn Query> {
    if terms.len() == 1 {
        return term(terms.into_iter().next().expect("one term"));
    }
    let mut q = PhraseQuery::new(terms);
    q.set_slop(slop);
    Box::new(q)
}

fn should(q: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(q, boost)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_quoted_phrases() {
        let plan = QueryPlan::parse(r#"cải cách "hành chính" 2024"#);
        assert_eq!(plan.words, ["cải", "cách", "2024"]);
        assert_eq!(
            plan.phrases,
            [vec!["hành".to_string(), "chính".to_string()]]
        );
        assert!(plan.has_diacritics());
    }

    #[test]
    fn plain_query_has_no_diacritics() {
        let plan = QueryPlan::parse("cai cach hanh chinh");
        assert!(!plan.has_diacritics());
        assert_eq!(plan.words.len(), 4);
    }

    #[test]
    fn empty_and_unbalanced_quotes() {
        assert!(QueryPlan::parse("  \"\" ").is_empty());
        let plan = QueryPlan::parse("\"kế hoạch");
        assert_eq!(plan.phrases, [vec!["kế".to_string(), "hoạch".to_string()]]);
    }
}
