//! Words of a query that no document holds, and the words they were likely
//! meant to be.
//!
//! A word typed wrong (`chinhh`, `hoii`, `hanhc`) is in no document: in a
//! query of up to three words it makes the whole query find nothing, and
//! in a longer one it leaves the ranking to the other words. When no
//! document holds a word in any view, the word one edit away (a letter
//! dropped, added or changed, or two neighbours swapped) that stands most
//! often beside the query's other words, else that the most documents
//! hold, is looked for instead, and the person is told.
//!
//! A word typed with the Vietnamese input method switched off is read as
//! the method would have written it, Telex (`chinhs` → `chính`, `nguwowif`
//! → `người`) or VNI (`chi1nh` → `chính`, `vie65t` → `việt`), when
//! documents hold that word, and many more of them than hold the keys
//! (OCR leaves `khoong` in a few texts): that comes before looking one
//! edit away. Else a word that some document holds, however rare, is never
//! changed; nor is one of fewer than three letters, nor one with a digit
//! in it (numbers, codes) but for VNI's keys.
//!
//! ```text
//! cai cach hanh chinhh  →  cai cach hanh chinh
//! cari cachs hanhf chinhs  →  cải cách hành chính
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

/// How many times more documents must hold what an input method writes
/// for a word's keys than hold the keys themselves, for the word to be
/// read as keys: `khoong` and `cos` stand in a few texts (OCR's misreadings,
/// formulas), `không` and `có` in most.
const KEYS_RARER: u64 = 50;

/// Fewest letters of a word that is corrected: shorter words (`ơ`, `xe`)
/// have too many neighbours one edit away to choose among.
const MIN_LETTERS: usize = 3;

/// The query with each word that no document holds replaced by what its
/// keys write or by its likeliest neighbour (see the module's doc), or
/// `None` when nothing is replaced.
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
    let views = [f.body_folded, f.body_ocr, f.title];
    for (i, (range, word, folded)) in words.iter().enumerate() {
        if folded.len() < MIN_LETTERS {
            continue;
        }
        let as_typed = held(searcher, &views, folded)?;
        // Keys are typed without diacritics: a word with them was typed
        // with the input method on.
        let keys = word.is_ascii().then(|| typed_as_telex_or_vni(folded));
        if let Some(typed) = keys.flatten() {
            let written = held(searcher, &views, &text::fold_lower(&typed))?;
            if written > 0 && as_typed.saturating_mul(KEYS_RARER) <= written {
                replaced.push((range.clone(), typed));
                continue;
            }
        }
        if as_typed > 0 {
            continue;
        }
        if !folded.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| words[j].2.as_str());
        let after = words.get(i + 1).map(|w| w.2.as_str());
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

/// The syllable a Vietnamese input method writes for the keys of `keys`
/// (lower-case ASCII), if they read as Telex or VNI and give a syllable:
/// Telex doubles a vowel for its circumflex (`aa` → `â`), adds `w` for a
/// horn or a breve (`uow` → `ươ`, `aw` → `ă`), doubles `d` for `đ` and
/// types the tone's key after a vowel (`s` sắc, `f` huyền, `r` hỏi, `x`
/// ngã, `j` nặng: `cair` or `cari`); VNI puts digits after the letters (`6` circumflex, `7` horn, `8`
/// breve, `9` `đ`, `1` to `5` the tones).
fn typed_as_telex_or_vni(keys: &str) -> Option<String> {
    if !keys.is_ascii() || !keys.bytes().any(|b| b"aeiouy".contains(&b)) {
        return None;
    }
    let mut word = Typed::default();
    if keys.bytes().any(|b| b.is_ascii_digit()) {
        for c in keys.chars() {
            match c {
                '1'..='5' if word.tone.is_none() => {
                    word.tone = Some(TONES[c as usize - '1' as usize]);
                }
                '6' => word.mark(&[('a', 'â'), ('e', 'ê'), ('o', 'ô')])?,
                '7' => word.horn()?,
                '8' => word.mark(&[('a', 'ă')])?,
                '9' => word.stroke()?,
                c if c.is_ascii_lowercase() => word.letters.push(c),
                _ => return None,
            }
        }
    } else {
        for c in keys.chars() {
            let last = word.letters.last().copied();
            // These letters open a syllable, if any: after a vowel, they
            // are the tone's key (`cair`, `cari`).
            let tone = TELEX_TONE_KEYS.find(c).map(|i| TONES[i]);
            if let Some(mark) = tone.filter(|_| word.letters.iter().any(is_vowel)) {
                word.tone = Some(mark);
                continue;
            }
            match c {
                'd' if last == Some('d') && word.letters.len() == 1 => word.stroke()?,
                'a' | 'e' | 'o' if last == Some(c) => {
                    word.letters.pop();
                    word.letters.push(match c {
                        'a' => 'â',
                        'e' => 'ê',
                        _ => 'ô',
                    });
                }
                'w' => {
                    if word.horn().is_none() {
                        word.letters.push('ư');
                    }
                }
                c => word.letters.push(c),
            }
        }
    }
    let written = word.written()?;
    crate::syllable::is_toned_syllable(&written).then_some(written)
}

/// Whether a letter is a vowel, with its quality mark or not.
fn is_vowel(c: &char) -> bool {
    "aăâeêioôơuưy".contains(*c)
}

/// The tone marks (combining) in the order both methods key them: sắc,
/// huyền, hỏi, ngã, nặng; VNI's digits `1` to `5`, Telex's
/// [`TELEX_TONE_KEYS`].
const TONES: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];

/// Telex's keys of the [`TONES`], in their order.
const TELEX_TONE_KEYS: &str = "sfrxj";

/// A syllable as an input method builds it from keys.
#[derive(Default)]
struct Typed {
    letters: Vec<char>,
    tone: Option<char>,
}

impl Typed {
    /// Marks the last letter that has a marked form in `marks`.
    fn mark(&mut self, marks: &[(char, char)]) -> Option<()> {
        let at = self
            .letters
            .iter()
            .rposition(|c| marks.iter().any(|(plain, _)| plain == c))?;
        let plain = self.letters[at];
        self.letters[at] = marks.iter().find(|(p, _)| *p == plain)?.1;
        Some(())
    }

    /// What Telex's `w` and VNI's `7` add to the last vowels: the horns of
    /// `ươ` (from `uo`), else the breve of an `a` that ends them (`hoăc`),
    /// else the horn of their last `o` or `u`.
    fn horn(&mut self) -> Option<()> {
        let end = self.letters.iter().rposition(is_vowel)?;
        let start = self.letters[..end]
            .iter()
            .rposition(|c| !is_vowel(c))
            .map_or(0, |i| i + 1);
        if let Some(k) = self.letters[start..=end]
            .windows(2)
            .position(|w| w == ['u', 'o'])
        {
            self.letters[start + k] = 'ư';
            self.letters[start + k + 1] = 'ơ';
            return Some(());
        }
        if self.letters[end] == 'a' {
            self.letters[end] = 'ă';
            return Some(());
        }
        let k = self.letters[start..=end]
            .iter()
            .rposition(|c| matches!(c, 'o' | 'u'))?;
        self.letters[start + k] = if self.letters[start + k] == 'o' {
            'ơ'
        } else {
            'ư'
        };
        Some(())
    }

    /// `đ` for the `d` that opens the syllable.
    fn stroke(&mut self) -> Option<()> {
        let first = self.letters.first_mut().filter(|c| **c == 'd')?;
        *first = 'đ';
        Some(())
    }

    /// The syllable written, its tone in the canonical place.
    fn written(&self) -> Option<String> {
        let last_vowel = self.letters.iter().rposition(is_vowel)?;
        let mut word = String::with_capacity(self.letters.len() + 4);
        for (i, c) in self.letters.iter().enumerate() {
            word.push(*c);
            if i == last_vowel {
                word.extend(self.tone);
            }
        }
        Some(text::exact_form(&text::nfc(&word)))
    }
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
/// some document holds, a Vietnamese syllable before any other (an index
/// of OCR'd texts holds their misreadings too); then the one that stands
/// most often beside the query's words around it (`context`: the words
/// before and after, folded), as the text's word pairs count it; then the
/// one the most documents hold; then the first in alphabetical order. In `cai cach hanhh chinh`,
/// `hanh` stands beside `cach` and `chinh`, `hanhs` and `thanhh` do not.
fn likeliest_neighbour(
    searcher: &Searcher,
    f: &Fields,
    word: &str,
    context: (Option<&str>, Option<&str>),
) -> Result<Option<String>, TantivyError> {
    let mut best: Option<((bool, u64, u64), String)> = None;
    let pairs = crate::pairs::SearcherPairs::open(searcher)?;
    for candidate in one_edit_away(word) {
        let held = searcher.doc_freq(&Term::from_field_text(f.body_folded, &candidate))?;
        if held == 0 {
            continue;
        }
        let mut beside = 0;
        if let Some(before) = context.0 {
            beside += pairs.side_by_side(before, &candidate)?;
        }
        if let Some(after) = context.1 {
            beside += pairs.side_by_side(&candidate, after)?;
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
    fn keys_typed_with_the_input_method_off_read_as_it_would_write_them() {
        for (keys, word) in [
            ("cari", "cải"),
            ("cachs", "cách"),
            ("hanhf", "hành"),
            ("chinhs", "chính"),
            ("hoachj", "hoạch"),
            ("hoawcj", "hoặc"),
            ("kees", "kế"),
            ("vieetj", "việt"),
            ("nguwowif", "người"),
            ("nguoiwf", "người"),
            ("dduwowngf", "đường"),
            ("hoaf", "hòa"),
            ("thuyr", "thủy"),
            ("chi1nh", "chính"),
            ("vie65t", "việt"),
            ("viet65", "việt"),
            ("ngu7o7i2", "người"),
            ("d9u7o7ng2", "đường"),
            ("hoa8c5", "hoặc"),
        ] {
            assert_eq!(typed_as_telex_or_vni(keys).as_deref(), Some(word), "{keys}");
        }
        // Not a syllable, or not the keys of a method.
        for keys in ["2024", "kh", "ubnd", "xyzs", "chinhh", "cach1x", "a0"] {
            assert_eq!(typed_as_telex_or_vni(keys), None, "{keys}");
        }
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
