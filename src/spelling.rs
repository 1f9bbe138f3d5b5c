//! Words of a query that no document holds, and the words they were likely
//! meant to be.
//!
//! A word typed wrong (`chinhh`, `hoii`, `hanhc`) is in no document: in a
//! query of up to three words it makes the whole query find nothing, and
//! in a longer one it leaves the ranking to the other words. When no
//! document holds a word in any view, the word one edit away (a letter
//! dropped, added or changed, or two neighbours swapped) that the most
//! documents hold is looked for instead, and the person is told. A word
//! that some document holds, however rare, is never changed; nor is one
//! with a digit in it (numbers, codes) or of fewer than three letters.
//!
//! ```text
//! cai cach hanh chinhh  →  cai cach hanh chinh
//! ```

use std::collections::HashSet;

use tantivy::schema::Field;
use tantivy::{Searcher, TantivyError, Term};

use crate::analysis;
use crate::schema::Fields;
use crate::text;

/// A query with its unknown words replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The query to search for instead.
    pub query: String,
    /// Each word replaced, as typed, and what replaced it.
    pub words: Vec<(String, String)>,
}

/// Fewest letters of a word that is corrected: shorter words (`ơ`, `xe`)
/// have too many neighbours one edit away to choose among.
const MIN_LETTERS: usize = 3;

/// The query with each word that no document holds replaced by its likeliest
/// neighbour (see the module's doc), or `None` when every word is held or
/// none has a neighbour in the index.
pub fn correct(
    searcher: &Searcher,
    f: &Fields,
    query: &str,
) -> Result<Option<Correction>, TantivyError> {
    let query = text::nfc(query);
    let words: Vec<(std::ops::Range<usize>, &str, String)> = analysis::words(&query)
        .map(|(range, word)| {
            let mut folded = String::new();
            analysis::folded_token(word, &mut folded);
            (range, word, folded)
        })
        .collect();
    let mut replaced: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (i, (range, word, folded)) in words.iter().enumerate() {
        let letters = folded.bytes().all(|b| b.is_ascii_lowercase());
        if !letters || folded.len() < MIN_LETTERS {
            continue;
        }
        let before = i.checked_sub(1).map(|j| words[j].2.as_str());
        let after = words.get(i + 1).map(|w| w.2.as_str());
        if held(searcher, &[f.body_folded, f.body_ocr, f.title], folded)? > 0 {
            continue;
        }
        if let Some(better) = likeliest_neighbour(searcher, f, folded, (before, after))? {
            let marked = with_marks(word, &better).unwrap_or(better);
            replaced.push((range.clone(), marked));
        }
    }
    if replaced.is_empty() {
        return Ok(None);
    }
    let mut out = query.to_string();
    let mut changed = Vec::with_capacity(replaced.len());
    for (range, better) in replaced.into_iter().rev() {
        changed.push((out[range.clone()].to_string(), better.clone()));
        out.replace_range(range, &better);
    }
    changed.reverse();
    Ok(Some(Correction {
        query: out,
        words: changed,
    }))
}

/// The word `typed` with a letter dropped or two neighbours swapped, in
/// lower case with its diacritics, when that folds to `better`: `hộii`
/// gives `hội`, not `hoi`, and its diacritics still rank. A letter
/// changed or added has no diacritics to keep.
fn with_marks(typed: &str, better: &str) -> Option<String> {
    if typed.is_ascii() {
        return None;
    }
    let letters: Vec<char> = typed.to_lowercase().chars().collect();
    let folds_to_better = |w: &[char]| {
        let w: String = w.iter().collect();
        (text::fold_lower(&w) == better).then_some(w)
    };
    (0..letters.len()).find_map(|i| {
        let mut dropped = letters.clone();
        dropped.remove(i);
        folds_to_better(&dropped).or_else(|| {
            let mut swapped = letters.clone();
            swapped.swap(i, (i + 1).min(letters.len() - 1));
            folds_to_better(&swapped)
        })
    })
}

/// How many documents hold the folded `word` in any of `fields` (a
/// document may count once for each).
fn held(searcher: &Searcher, fields: &[Field], word: &str) -> Result<u64, TantivyError> {
    let mut n = 0;
    for &field in fields {
        n += searcher.doc_freq(&Term::from_field_text(field, word))?;
    }
    Ok(n)
}

/// Of the words one edit away from `word` (lower-case ASCII letters) that
/// some document holds, the one that stands most often beside the query's
/// words around it (`context`: the words before and after, folded), as
/// the text's word pairs count it; then the one the most documents hold;
/// then the first in alphabetical order. In `cai cach hanhh chinh`,
/// `hanh` stands beside `cach` and `chinh`, `hanhs` and `thanhh` do not.
fn likeliest_neighbour(
    searcher: &Searcher,
    f: &Fields,
    word: &str,
    context: (Option<&str>, Option<&str>),
) -> Result<Option<String>, TantivyError> {
    let mut best: Option<((bool, u64, u64), String)> = None;
    let mut pair = String::new();
    for candidate in one_edit_away(word) {
        let held = searcher.doc_freq(&Term::from_field_text(f.body_folded, &candidate))?;
        if held == 0 {
            continue;
        }
        let mut beside = 0;
        if let Some(before) = context.0 {
            analysis::pair(before, &candidate, &mut pair);
            beside += searcher.doc_freq(&Term::from_field_text(f.body_pairs, &pair))?;
        }
        if let Some(after) = context.1 {
            analysis::pair(&candidate, after, &mut pair);
            beside += searcher.doc_freq(&Term::from_field_text(f.body_pairs, &pair))?;
        }
        let score = (crate::syllable::is_syllable(&candidate), beside, held);
        let better = match &best {
            None => true,
            Some((s, b)) => score > *s || (score == *s && candidate < *b),
        };
        if better {
            best = Some((score, candidate));
        }
    }
    Ok(best.map(|(_, w)| w))
}

/// Every word one edit from `word` (lower-case ASCII letters): a letter
/// dropped, two neighbours swapped, a letter changed or one added.
fn one_edit_away(word: &str) -> HashSet<String> {
    let w = word.as_bytes();
    let mut out = HashSet::new();
    let mut add = |bytes: Vec<u8>| {
        if bytes.len() >= MIN_LETTERS - 1 {
            out.insert(String::from_utf8(bytes).expect("ASCII"));
        }
    };
    for i in 0..w.len() {
        add([&w[..i], &w[i + 1..]].concat());
        if i + 1 < w.len() {
            let mut swapped = w.to_vec();
            swapped.swap(i, i + 1);
            add(swapped);
        }
    }
    for letter in b'a'..=b'z' {
        for i in 0..=w.len() {
            add([&w[..i], &[letter], &w[i..]].concat());
            if i < w.len() && w[i] != letter {
                let mut changed = w.to_vec();
                changed[i] = letter;
                add(changed);
            }
        }
    }
    out.remove(word);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_away_drops_swaps_changes_and_adds() {
        let near = one_edit_away("chinhh");
        for w in ["chinh", "hcinhh", "chanhh", "cchinhh", "chinhhx"] {
            assert!(near.contains(w), "{w}");
        }
        assert!(!near.contains("chinhh"), "the word itself");
        assert!(!near.contains("chin"), "two edits");
        // As Python's set of the same edits counts them.
        assert_eq!(near.len(), 335);
    }

    #[test]
    fn a_dropped_or_swapped_letter_keeps_the_diacritics() {
        assert_eq!(with_marks("hộii", "hoi").as_deref(), Some("hội"));
        assert_eq!(with_marks("Chíhn", "chinh").as_deref(), Some("chính"));
        // A letter changed: nothing to keep.
        assert_eq!(with_marks("hộu", "hoi"), None);
        assert_eq!(with_marks("hoii", "hoi"), None);
    }
}
