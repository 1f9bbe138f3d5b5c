//! Vietnamese text normalization: the one place that decides when two
//! spellings are the same word.
//!
//! Three views of a word are used across vanban:
//!
//! * the **stored** text: the document as decoded, in Unicode NFC
//!   ([`nfc`]). Offsets of tokens, snippets and citations point into it.
//! * the **exact** form of a syllable ([`exact_form`]): lower-cased, `Ð`
//!   (U+00D0) read as `đ`, and the tone mark put in one canonical place, so
//!   that old and new tone placement agree: `Hoà` → `hòa`, `THUỶ` → `thủy`,
//!   `khoẻ` → `khỏe`.
//! * the **folded** form ([`fold`]): diacritics removed and `đ` → `d`:
//!   `Quyết định` → `quyet dinh`. This is what a person types without a
//!   Vietnamese keyboard, and what OCR with a foreign model often leaves.
//!
//! Every function here maps a character to characters without looking far
//! around it, so a token's offsets in the stored text stay valid whatever
//! view its text is in.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The stored form of a text: Unicode NFC. Decomposed input (NFD, as some
/// word processors and macOS file systems write it) becomes composed, so
/// `quyết` typed either way is one word. Borrows when the text is already NFC.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => {
            let composed: String = text.nfc().collect();
            if composed == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(composed)
            }
        }
    }
}

/// Tone marks of Vietnamese, as combining characters, in the order of
/// [`Tone`]'s variants.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// Whether `c` is one of the five Vietnamese tone marks (combining form).
fn is_tone_mark(c: char) -> bool {
    TONE_MARKS.contains(&c)
}

/// Lower-case form of one character, with `Ð` (Latin capital eth, U+00D0,
/// typed for `Đ` on some keyboards) read as `đ`.
#[inline]
fn lower_char(c: char, out: &mut String) {
    match c {
        'Ð' | 'ð' | 'Đ' => out.push('đ'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

/// Lower-cases a word, reading `Ð`/`ð` as `đ`.
pub fn lower(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        lower_char(c, &mut out);
    }
    out
}

/// Folds one character to its base letters: diacritics dropped, `đ` → `d`.
/// Letters outside Vietnamese go through `deunicode` (`ß` → `ss`); marks and
/// symbols with no letter in them are dropped.
#[inline]
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    match c {
        'đ' | 'ð' => out.push('d'),
        'Đ' | 'Ð' => out.push('D'),
        _ => {
            let before = out.len();
            for d in std::iter::once(c).nfd() {
                if d.is_ascii() {
                    out.push(d);
                } else if !is_combining(d) {
                    match deunicode::deunicode_char(d) {
                        Some(s) if s.chars().all(|x| x.is_ascii_alphanumeric()) => out.push_str(s),
                        _ => out.push(d),
                    }
                }
            }
            if out.len() == before && !is_combining(c) {
                out.push(c);
            }
        }
    }
}

/// Whether `c` is a combining mark (general category Mn in the ranges that
/// Latin text uses).
#[inline]
fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Removes every diacritic and maps `đ` → `d`, keeping case:
/// `Quyết định` → `Quyet dinh`, `ĐẢNG` → `DANG`. Borrows plain ASCII.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    Cow::Owned(out)
}

/// Lower-cased and folded: the key used for diacritic-insensitive
/// comparisons (`Kế Hoạch` → `ke hoach`).
pub fn fold_lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            let mut tmp = String::new();
            fold_char(c, &mut tmp);
            out.extend(tmp.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// Whether a word carries any Vietnamese diacritic (or `đ`), that is,
/// whether the person who typed it meant its marks.
pub fn has_diacritics(word: &str) -> bool {
    !word.is_ascii() && word.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// Vowel letters of Vietnamese, lower case and without tone.
fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Vowels that carry a quality mark (breve, circumflex, horn): the tone
/// always sits on one of them when the syllable has one.
fn is_marked_vowel(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// The exact form of one syllable or word: lower case, `Ð` → `đ`, and the
/// tone mark in its canonical place, so old and new placement agree:
/// `hoà` and `hòa` both give `hòa`; `thuỷ` and `thủy` give `thủy`.
///
/// The canonical place is the classic rule: on the vowel with a quality mark
/// (`ươ` takes it on `ơ`); else, when a consonant closes the syllable, on
/// the last vowel (`hoàn`, `quyết`); else on the first vowel of two
/// (`hòa`, `mía`, `tủi`) and the middle of three (`ngoái`, `khuỷu`). The
/// `u` of `qu` and the `i` of `gi` before another vowel belong to the onset.
/// Words that are not a plain Vietnamese syllable (one tone mark on a Latin
/// vowel) are only lower-cased.
pub fn exact_form(word: &str) -> String {
    let lowered = lower(word);
    if lowered.is_ascii() {
        return lowered;
    }
    place_tone(&lowered).unwrap_or(lowered)
}

/// Moves the tone of a lower-case syllable to its canonical vowel, or `None`
/// when the word is not a syllable this rule understands.
fn place_tone(word: &str) -> Option<String> {
    // Split every letter into its base (with quality mark) and its tone.
    let mut letters: Vec<char> = Vec::with_capacity(word.len());
    let mut tone: Option<char> = None;
    for c in word.chars() {
        let mut base = String::new();
        for d in std::iter::once(c).nfd() {
            if is_tone_mark(d) {
                if tone.is_some() {
                    return None; // two tones: not a syllable
                }
                tone = Some(d);
            } else {
                base.push(d);
            }
        }
        let mut composed = base.nfc();
        let b = composed.next()?;
        if composed.next().is_some() {
            return None;
        }
        letters.push(b);
    }
    let tone = tone?;
    if letters.iter().any(|c| !c.is_alphabetic()) {
        return None;
    }
    // The vowel nucleus: the first run of vowels, after the onset.
    let start = letters.iter().position(|&c| is_vowel(c))?;
    let mut end = start;
    while end < letters.len() && is_vowel(letters[end]) {
        end += 1;
    }
    if letters[end..].iter().any(|&c| is_vowel(c)) {
        return None; // vowels in two places: a compound or a foreign word
    }
    let mut first = start;
    let onset_glide = (first > 0 && letters[first - 1] == 'q' && letters[first] == 'u')
        || (first > 0 && letters[first - 1] == 'g' && letters[first] == 'i');
    if onset_glide && end - first > 1 {
        first += 1;
    }
    let nucleus = &letters[first..end];
    let closed = end < letters.len();
    let at = if let Some(i) = nucleus.iter().rposition(|&c| is_marked_vowel(c)) {
        first + i
    } else {
        match nucleus.len() {
            1 => first,
            2 if closed => first + 1,
            2 => first,
            3 => first + 1,
            _ => return None,
        }
    };
    let mut out = String::with_capacity(word.len() + 2);
    for (i, &c) in letters.iter().enumerate() {
        if i == at {
            out.extend([c, tone].iter().copied().nfc());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn nfc_composes_decomposed_text() {
        let composed = "Quyết định số 4963/QĐ-UBND";
        let decomposed = nfd(composed);
        assert_ne!(decomposed, composed);
        assert_eq!(nfc(&decomposed), composed);
        assert!(matches!(nfc(composed), Cow::Borrowed(_)));
    }

    #[test]
    fn tone_placement_old_and_new_agree() {
        for (a, b) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("hoá", "hóa"),
            ("khoẻ", "khỏe"),
            ("Hoà", "hòa"),
            ("THUỶ", "thủy"),
            ("uỷ", "ủy"),
            ("quý", "quý"),
            ("hoàn", "hoàn"),
            ("hòan", "hoàn"),
            ("thuở", "thuở"),
            ("người", "người"),
            ("ngừơi", "người"),
            ("khuỷu", "khuỷu"),
            ("giá", "giá"),
            ("gì", "gì"),
            ("quyết", "quyết"),
        ] {
            assert_eq!(exact_form(a), exact_form(b), "{a} vs {b}");
            assert_eq!(exact_form(a), b, "{a}");
        }
    }

    #[test]
    fn exact_form_reads_eth_as_dj() {
        assert_eq!(exact_form("QÐ"), "qđ");
        assert_eq!(exact_form("Ðảng"), "đảng");
        assert_eq!(exact_form("ĐẢNG"), "đảng");
    }

    #[test]
    fn exact_form_leaves_non_syllables_lowercased() {
        assert_eq!(exact_form("UBND"), "ubnd");
        assert_eq!(exact_form("s6"), "s6");
        assert_eq!(exact_form("Zürich"), "zürich");
    }

    #[test]
    fn fold_removes_marks_and_dj() {
        assert_eq!(fold("Quyết định"), "Quyet dinh");
        assert_eq!(fold("ĐẢNG Ðảng đảng"), "DANG Dang dang");
        assert_eq!(fold(&nfd("Cải cách hành chính")), "Cai cach hanh chinh");
        assert_eq!(fold_lower("Kế Hoạch SỐ 110"), "ke hoach so 110");
        assert!(matches!(fold("abc"), Cow::Borrowed(_)));
    }

    #[test]
    fn has_diacritics_detects_marked_words() {
        assert!(has_diacritics("án"));
        assert!(has_diacritics("đ"));
        assert!(!has_diacritics("an"));
        assert!(!has_diacritics("110/KH-UBND"));
    }
}
