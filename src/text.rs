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
use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The stored form of a text: Unicode NFC. Decomposed input (NFD, as some
/// word processors and macOS file systems write it) becomes composed, so
/// `quyết` typed either way is one word. Borrows when the text is already NFC.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match nfc_quick(text) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => {
            let mut composed = String::with_capacity(text.len());
            composed.extend(text.nfc());
            if composed == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(composed)
            }
        }
    }
}

/// [`is_nfc_quick`] of the whole text, asked only of the runs of characters
/// outside [`is_plain_starter`]: those are NFC whatever stands around them
/// and reset the check, so a text of them alone needs no lookup.
fn nfc_quick(text: &str) -> IsNormalized {
    let bytes = text.as_bytes();
    let mut result = IsNormalized::Yes;
    let mut run = None;
    // Checks a run of other characters; false when it is not NFC.
    let mut check = |run: &mut Option<usize>, end: usize| {
        if let Some(start) = run.take() {
            match is_nfc_quick(text[start..end].chars()) {
                IsNormalized::Yes => {}
                IsNormalized::No => return false,
                IsNormalized::Maybe => result = IsNormalized::Maybe,
            }
        }
        true
    };
    let mut i = 0;
    while i < bytes.len() {
        let mut end = (i + 256).min(bytes.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // Mostly a block of plain starters, checked at once.
        if all_plain_starters(&bytes[i..end]) {
            if !check(&mut run, i) {
                return IsNormalized::No;
            }
            i = end;
            continue;
        }
        while i < end {
            let (len, plain) = plain_starter_at(bytes, i);
            if plain {
                if !check(&mut run, i) {
                    return IsNormalized::No;
                }
            } else if run.is_none() {
                run = Some(i);
            }
            i += len;
        }
    }
    if !check(&mut run, bytes.len()) {
        return IsNormalized::No;
    }
    result
}

/// Whether every character of valid UTF-8 [`is_plain_starter`], checked
/// without branches over each byte and the two after it, as
/// [`plain_starter_at`] reads them, so that the compiler checks many bytes
/// at once.
fn all_plain_starters(bytes: &[u8]) -> bool {
    let n = bytes.len();
    if n < 3 {
        return bytes.iter().all(|&b| b < 0xCC);
    }
    let (a, b, c) = (&bytes[..n - 2], &bytes[1..n - 1], &bytes[2..]);
    let not_plain = a.iter().zip(b).zip(c).fold(0u8, |found, ((&a, &b), &c)| {
        // A lead byte from 0xCC up (U+0300 and above) is plain only as
        // E1 B8..=BB (U+1E00..=U+1EFF) or E2 80 90..=A7 (U+2010..=U+2027).
        let e1 = u8::from(a == 0xE1) & (u8::from(b < 0xB8) | u8::from(b > 0xBB));
        let e2 =
            u8::from(a == 0xE2) & (u8::from(b != 0x80) | u8::from(c < 0x90) | u8::from(c > 0xA7));
        let other = u8::from(a >= 0xCC) & u8::from(a != 0xE1) & u8::from(a != 0xE2);
        found | e1 | e2 | other
    });
    // The last two bytes cannot start a character of three bytes or more.
    not_plain == 0 && bytes[n - 2..].iter().all(|&b| b < 0xCC)
}

/// The length in bytes of the character at `i` of valid UTF-8, and whether
/// it [`is_plain_starter`], read from its bytes.
#[inline]
fn plain_starter_at(bytes: &[u8], i: usize) -> (usize, bool) {
    match bytes[i] {
        0..0x80 => (1, true),
        // U+0080..=U+02FF
        lead @ 0xC0..0xE0 => (2, lead < 0xCC),
        // U+1E00..=U+1EFF, U+2010..=U+2027
        lead @ 0xE0..0xF0 => (
            3,
            match (lead, bytes[i + 1]) {
                (0xE1, 0xB8..=0xBB) => true,
                (0xE2, 0x80) => matches!(bytes[i + 2], 0x90..=0xA7),
                _ => false,
            },
        ),
        _ => (4, false),
    }
}

/// Characters that are NFC (quick check "yes") and starters (combining
/// class 0): Latin up to the combining marks, the Vietnamese letters of
/// Latin Extended Additional, and the dashes, quotes and dots of General
/// Punctuation.
#[cfg(test)]
fn is_plain_starter(c: char) -> bool {
    matches!(c, '\0'..='\u{2FF}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{2027}')
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
        // `ƣ` (Latin letter oi) is what some PDF fonts give for `ư`.
        'Ƣ' | 'ƣ' | 'Ư' => out.push('ư'),
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

/// Code points of the Latin blocks that Vietnamese uses: Latin-1 and
/// Extended-A/B (`0xC0..0x250`), Latin Extended Additional (`0x1E00..0x1F00`,
/// where most Vietnamese letters with a tone live).
const LATIN: std::ops::Range<u32> = 0xC0..0x250;
const LATIN_ADDITIONAL: std::ops::Range<u32> = 0x1E00..0x1F00;

/// The folded ASCII letter of every letter of those blocks that folds to
/// one (`ế` → `e`, `Đ` → `D`), 0 for the others: the fast path of folding,
/// built once from the slow one.
static FOLD_TABLE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    LATIN
        .chain(LATIN_ADDITIONAL)
        .map(|cp| {
            let mut out = String::new();
            if let Some(c) = char::from_u32(cp) {
                fold_char_slow(c, &mut out);
            }
            match out.as_bytes() {
                [b] if b.is_ascii_alphabetic() => *b,
                _ => 0,
            }
        })
        .collect()
});

/// The code points of the [`LATIN`] and [`LATIN_ADDITIONAL`] blocks, in
/// the order of [`latin_index`].
pub(crate) fn latin_letters() -> impl Iterator<Item = u32> {
    LATIN.chain(LATIN_ADDITIONAL)
}

/// Index of a letter of the [`LATIN`] and [`LATIN_ADDITIONAL`] blocks in
/// the tables built over them.
#[inline]
pub(crate) fn latin_index(c: char) -> Option<usize> {
    let cp = c as u32;
    if LATIN.contains(&cp) {
        Some((cp - LATIN.start) as usize)
    } else if LATIN_ADDITIONAL.contains(&cp) {
        Some((cp - LATIN_ADDITIONAL.start + (LATIN.end - LATIN.start)) as usize)
    } else {
        None
    }
}

/// Fast fold of one Latin letter with diacritics, when the table knows it.
#[inline]
fn fold_fast(c: char) -> Option<u8> {
    match FOLD_TABLE[latin_index(c)?] {
        0 => None,
        b => Some(b),
    }
}

/// Folds one character to its base letters: diacritics dropped, `đ` → `d`.
/// Letters outside Vietnamese go through `deunicode` (`ß` → `ss`); marks and
/// symbols with no letter in them are dropped.
#[inline]
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
    } else if let Some(b) = fold_fast(c) {
        out.push(b as char);
    } else {
        fold_char_slow(c, out);
    }
}

/// [`fold_char`] by decomposition, for what the table does not hold.
fn fold_char_slow(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    match c {
        'đ' | 'ð' => out.push('d'),
        'Đ' | 'Ð' => out.push('D'),
        'ƣ' => out.push('u'),
        'Ƣ' => out.push('U'),
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
    fold_lower_into(text, &mut out);
    out
}

/// The one byte that [`fold_lower_into`] gives for `c`, when it gives one
/// from its fast paths (ASCII, a Latin letter of the fold table, a space);
/// None for the rest, which go through [`fold_lower_into`].
#[inline]
pub(crate) fn fold_lower_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        Some((c as u8).to_ascii_lowercase())
    } else if let Some(b) = fold_fast(c) {
        Some(b.to_ascii_lowercase())
    } else if c.is_whitespace() {
        Some(b' ')
    } else {
        None
    }
}

/// [`fold_lower`], appending to `out`.
pub fn fold_lower_into(text: &str, out: &mut String) {
    out.reserve(text.len());
    let table = &*FOLD_TABLE;
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match latin_index(c).map(|k| table[k]) {
            Some(f) if f != 0 => out.push(f.to_ascii_lowercase() as char),
            _ if c.is_whitespace() => {
                // No-break and other wide spaces: a plain space once folded.
                out.push(' ');
            }
            _ => {
                let start = out.len();
                fold_char_slow(c, out);
                if !out[start..].chars().all(|c| !c.is_uppercase()) {
                    let lowered: String =
                        out[start..].chars().flat_map(char::to_lowercase).collect();
                    out.truncate(start);
                    out.push_str(&lowered);
                }
            }
        }
    }
}

/// The start of [`fold_lower`]: at least `len` bytes of it, or all of it
/// when it is shorter. Each character folds on its own, so only the first
/// characters are folded.
pub fn fold_lower_prefix(text: &str, len: usize) -> String {
    let mut out = String::with_capacity(len + 8);
    let mut rest = text;
    while out.len() < len && !rest.is_empty() {
        let mut cut = (len - out.len()).min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        fold_lower_into(&rest[..cut], &mut out);
        rest = &rest[cut..];
    }
    out
}

/// Whether a word carries any Vietnamese diacritic (or `đ`), that is,
/// whether the person who typed it meant its marks.
pub fn has_diacritics(word: &str) -> bool {
    !word.is_ascii()
        && word
            .chars()
            .any(|c| !c.is_ascii() && crate::analysis::is_alphabetic(c))
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
    let mut out = String::with_capacity(word.len());
    exact_form_into(word, &mut out);
    out
}

/// [`exact_form`] written into `out` (cleared first).
pub fn exact_form_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        lower_char(c, out);
    }
    if out.is_ascii() || !has_vowel_pair(out) {
        // One vowel (or none): the tone has only one place to be.
        return;
    }
    if let Some(placed) = place_tone(out) {
        out.clear();
        out.push_str(&placed);
    }
}

/// Whether two vowels stand side by side (`oa`, `ươ`, `uyê`), the only
/// case where tone placement can differ.
fn has_vowel_pair(word: &str) -> bool {
    let mut prev_vowel = false;
    for c in word.chars() {
        let base = if c.is_ascii() {
            c as u8
        } else {
            fold_fast(c).unwrap_or(0).to_ascii_lowercase()
        };
        let vowel = matches!(base, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        if vowel && prev_vowel {
            return true;
        }
        prev_vowel = vowel;
    }
    false
}

/// Moves the tone of a lower-case syllable to its canonical vowel, or `None`
/// when the word is not a syllable this rule understands.
fn place_tone(word: &str) -> Option<String> {
    // Split every letter into its base (with quality mark) and its tone.
    let mut letters: Vec<char> = Vec::with_capacity(word.len());
    let mut tone: Option<char> = None;
    for c in word.chars() {
        let (b, t) = split_tone(c)?;
        if let Some(t) = t {
            if tone.is_some() {
                return None; // two tones: not a syllable
            }
            tone = Some(t);
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
            match TONED.get(&(c, tone)) {
                Some(&toned) => out.push(toned),
                None => out.extend([c, tone].iter().copied().nfc()),
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Every letter of the Latin blocks split into its base letter (quality
/// marks kept) and its tone mark: `ế` → (`ê`, U+0301). Built once.
/// A letter split into its base letter and its tone mark, if any.
type Split = (char, Option<char>);

static SPLIT: LazyLock<Vec<Option<Split>>> = LazyLock::new(|| {
    LATIN
        .chain(LATIN_ADDITIONAL)
        .map(|cp| char::from_u32(cp).and_then(split_tone_slow))
        .collect()
});

/// The reverse of [`SPLIT`] for toned letters: (`ê`, U+0301) → `ế`.
static TONED: LazyLock<HashMap<(char, char), char>> = LazyLock::new(|| {
    LATIN
        .chain(LATIN_ADDITIONAL)
        .filter_map(char::from_u32)
        .filter_map(|c| {
            let (base, tone) = split_tone_slow(c)?;
            tone.map(|t| ((base, t), c))
        })
        .collect()
});

/// A letter's base and tone: ASCII as is, Vietnamese letters from the
/// table, anything else by decomposition. `None` when the letter is not one
/// base letter plus marks.
#[inline]
fn split_tone(c: char) -> Option<Split> {
    if c.is_ascii() {
        return Some((c, None));
    }
    match latin_index(c) {
        Some(i) => SPLIT[i],
        None => split_tone_slow(c),
    }
}

fn split_tone_slow(c: char) -> Option<Split> {
    let mut base = String::new();
    let mut tone = None;
    for d in std::iter::once(c).nfd() {
        if is_tone_mark(d) {
            if tone.is_some() {
                return None;
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
    Some((b, tone))
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
    fn plain_starters_are_nfc_starters() {
        for c in ('\0'..='\u{3000}').filter(|&c| is_plain_starter(c)) {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        for c in '\0'..=char::MAX {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(
                plain_starter_at(bytes, 0),
                (bytes.len(), is_plain_starter(c)),
                "{c:?}"
            );
        }
        for c in '\0'..=char::MAX {
            for text in [
                format!("{c}"),
                format!("a{c}"),
                format!("{c}ab"),
                format!("ế{c}…"),
            ] {
                assert_eq!(
                    all_plain_starters(text.as_bytes()),
                    text.chars().all(is_plain_starter),
                    "{text:?}"
                );
            }
        }
        // Runs of other characters across the blocks of the check.
        for pad in 240..270 {
            for tail in [
                "\u{301}\u{300}x",
                "\u{300}\u{323}",
                "Å",
                "≥\u{301}",
                "ệ",
                "a\u{323}\u{302}",
            ] {
                for text in [
                    "a".repeat(pad) + tail,
                    "ế".repeat(pad / 3) + "≥" + tail + "…",
                ] {
                    assert_eq!(nfc_quick(&text), is_nfc_quick(text.chars()), "{pad} {tail}");
                }
            }
        }
        for text in [
            "Quyết định",
            "Hoà\u{301}",
            "a\u{323}\u{302}",
            "…\u{301}x",
            "Å",
        ] {
            for text in [text.to_string(), nfd(text)] {
                assert_eq!(nfc_quick(&text), is_nfc_quick(text.chars()), "{text}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn nfc_quick_agrees_with_the_library(text in "[a-zA-Z ăâêôơưđàáạảãếệỗ…–“Å\u{300}-\u{36F}\u{2000}-\u{2030}\u{1E00}-\u{1EFF}\u{C0}-\u{2FF}]{0,12}") {
            proptest::prop_assert_eq!(nfc_quick(&text), is_nfc_quick(text.chars()));
            proptest::prop_assert_eq!(
                all_plain_starters(text.as_bytes()),
                text.chars().all(is_plain_starter)
            );
            let mut composed = String::with_capacity(text.len());
            composed.extend(text.nfc());
            proptest::prop_assert_eq!(nfc(&text).into_owned(), composed);
        }
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
    fn letter_oi_from_pdf_fonts_reads_as_u_horn() {
        assert_eq!(exact_form("hƣớng"), "hướng");
        assert_eq!(fold_lower("HƢỚNG dẫn"), "huong dan");
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
    fn fast_folding_agrees_with_decomposition() {
        for cp in LATIN.chain(LATIN_ADDITIONAL) {
            let c = char::from_u32(cp).unwrap();
            let mut fast = String::new();
            let mut slow = String::new();
            fold_char(c, &mut fast);
            fold_char_slow(c, &mut slow);
            assert_eq!(fast, slow, "{c}");
        }
        assert_eq!(fold_lower("ẾẸ ÆßĐ"), "ee aessd");
        assert_eq!(
            fold_lower("Số:\u{a0}13/CT-UBND\u{2003}x"),
            "so: 13/ct-ubnd x"
        );
    }

    #[test]
    fn folding_is_per_character() {
        let text = "Cộng hòa \u{301}XÃ HỘI ß Æ ẞ ǅ Ǆ İ ﬁ\u{a0}/ №½ …";
        let whole = fold_lower(text);
        for len in 0..whole.len() + 3 {
            let prefix = fold_lower_prefix(text, len);
            assert!(whole.starts_with(&prefix), "{len}");
            assert!(prefix.len() >= len.min(whole.len()), "{len}");
        }
        // Only `/` itself folds to something with a `/`.
        let mut buf = [0; 4];
        for c in ('\0'..=char::MAX).filter(|&c| c != '/') {
            assert!(!fold_lower(c.encode_utf8(&mut buf)).contains('/'), "{c:?}");
        }
    }

    #[test]
    fn has_diacritics_detects_marked_words() {
        assert!(has_diacritics("án"));
        assert!(has_diacritics("đ"));
        assert!(!has_diacritics("an"));
        assert!(!has_diacritics("110/KH-UBND"));
    }
}
