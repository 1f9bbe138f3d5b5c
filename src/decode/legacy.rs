//! Byte tables of the 8-bit encodings found in older Vietnamese archives,
//! with a decoder and an encoder for each.
//!
//! * **TCVN3** (TCVN 5712:1993, table VN3, the "ABC" encoding of the
//!   `.VnTime` fonts): one byte per letter; lower-case marked letters at
//!   0xA8–0xFE, only `Ă Â Ê Ô Ơ Ư Đ` as capitals (0xA1–0xA7). Capitals were
//!   typed in the `.VnTimeH` fonts with the lower-case codes, so the case of
//!   a marked capital is lost in the bytes: `KÕ HO¹CH` → `KẾ HOẠCH` is
//!   restored from the capital ASCII letters around it.
//! * **VNI** (VNI-Windows fonts, `VNI-Times`): a base letter followed by a
//!   mark byte (`a` + `ù` → `á`, `e` + `á` → `ế`, `ô` alone → `ơ`), and a few
//!   single bytes (`ñ` → `đ`, `í` → `í`, `æ` → `ỉ`, `ò` → `ị`, `î` → `ỵ`).
//! * **Windows-1258**: precomposed `ă â ê ô ơ ư đ` and a few Latin-1 letters,
//!   with the five tones as combining marks (0xCC, 0xEC, 0xD2, 0xDE, 0xF2);
//!   the caller composes the result to NFC.
//!
//! Sources: the TCVN3 and VNI tables follow TCVN 5712:1993 and the VNI-Windows
//! font layout as published by open-source converters (e.g. the `charsets.ts`
//! table of github.com/duydev/vietnamese-conversion, checked letter by letter:
//! all 134 Vietnamese letters); Windows-1258 and Windows-1252 are Microsoft's
//! code pages (`bestfit1258.txt`, `bestfit1252.txt` at unicode.org), with the
//! bytes they leave undefined kept as C1 control characters, as the WHATWG
//! encoding standard does.

use unicode_normalization::UnicodeNormalization;

/// Windows-1252, bytes 0x80..=0xFF (undefined bytes kept as C1 controls).
/// Bytes that TCVN3 and VNI leave unassigned are read through this table, as
/// Word did when it saved such text (curly quotes at 0x93/0x94).
pub(super) const CP1252_HIGH: [char; 128] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    '\u{A0}', '¡', '¢', '£', '¤', '¥', '¦', '§', '¨', '©', 'ª', '«', '¬', '\u{AD}', '®', '¯', '°',
    '±', '²', '³', '´', 'µ', '¶', '·', '¸', '¹', 'º', '»', '¼', '½', '¾', '¿', 'À', 'Á', 'Â', 'Ã',
    'Ä', 'Å', 'Æ', 'Ç', 'È', 'É', 'Ê', 'Ë', 'Ì', 'Í', 'Î', 'Ï', 'Ð', 'Ñ', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö',
    '×', 'Ø', 'Ù', 'Ú', 'Û', 'Ü', 'Ý', 'Þ', 'ß', 'à', 'á', 'â', 'ã', 'ä', 'å', 'æ', 'ç', 'è', 'é',
    'ê', 'ë', 'ì', 'í', 'î', 'ï', 'ð', 'ñ', 'ò', 'ó', 'ô', 'õ', 'ö', '÷', 'ø', 'ù', 'ú', 'û', 'ü',
    'ý', 'þ', 'ÿ',
];

/// Windows-1258, bytes 0x80..=0xFF (undefined bytes kept as C1 controls).
const CP1258_HIGH: [char; 128] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', '\u{8A}', '‹', 'Œ', '\u{8D}', '\u{8E}',
    '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', '\u{9A}', '›', 'œ', '\u{9D}',
    '\u{9E}', 'Ÿ', '\u{A0}', '¡', '¢', '£', '¤', '¥', '¦', '§', '¨', '©', 'ª', '«', '¬', '\u{AD}',
    '®', '¯', '°', '±', '²', '³', '´', 'µ', '¶', '·', '¸', '¹', 'º', '»', '¼', '½', '¾', '¿', 'À',
    'Á', 'Â', 'Ă', 'Ä', 'Å', 'Æ', 'Ç', 'È', 'É', 'Ê', 'Ë', '\u{300}', 'Í', 'Î', 'Ï', 'Đ', 'Ñ',
    '\u{309}', 'Ó', 'Ô', 'Ơ', 'Ö', '×', 'Ø', 'Ù', 'Ú', 'Û', 'Ü', 'Ư', '\u{303}', 'ß', 'à', 'á',
    'â', 'ă', 'ä', 'å', 'æ', 'ç', 'è', 'é', 'ê', 'ë', '\u{301}', 'í', 'î', 'ï', 'đ', 'ñ',
    '\u{323}', 'ó', 'ô', 'ơ', 'ö', '÷', 'ø', 'ù', 'ú', 'û', 'ü', 'ư', '₫', 'ÿ',
];

/// TCVN3 (VN3), bytes 0x80..=0xFF; unassigned bytes as in Windows-1252.
const TCVN3_HIGH: [char; 128] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', '¯', '°', '±',
    '²', '³', '´', 'à', 'ả', 'ã', 'á', 'ạ', 'º', 'ằ', 'ẳ', 'ẵ', 'ắ', '¿', 'À', 'Á', 'Â', 'Ã', 'Ä',
    'Å', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Í', 'ẻ', 'ẽ', 'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì',
    'ỉ', 'Ù', 'Ú', 'Û', 'ĩ', 'í', 'ị', 'ò', 'à', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ',
    'ở', 'ỡ', 'ớ', 'ợ', 'ù', 'ð', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý',
    'ỵ', 'ÿ',
];

/// VNI letters written as one byte: (byte, letter).
const VNI_SINGLE: [(u8, char); 18] = [
    (0xCC, 'Ì'),
    (0xCD, 'Í'),
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xD1, 'Đ'),
    (0xF1, 'đ'),
    (0xD3, 'Ĩ'),
    (0xF3, 'ĩ'),
    (0xD4, 'Ơ'),
    (0xF4, 'ơ'),
    (0xD6, 'Ư'),
    (0xF6, 'ư'),
    (0xC6, 'Ỉ'),
    (0xE6, 'ỉ'),
    (0xD2, 'Ị'),
    (0xF2, 'ị'),
    (0xCE, 'Ỵ'),
    (0xEE, 'ỵ'),
];

/// VNI mark bytes (lower-case form; the capital form is 0x20 lower) and the
/// combining marks they add to the letter before them.
const VNI_MARKS: [(u8, &str); 17] = [
    (0xF9, "\u{301}"),
    (0xF8, "\u{300}"),
    (0xFB, "\u{309}"),
    (0xF5, "\u{303}"),
    (0xEF, "\u{323}"),
    (0xE2, "\u{302}"),
    (0xE1, "\u{302}\u{301}"),
    (0xE0, "\u{302}\u{300}"),
    (0xE5, "\u{302}\u{309}"),
    (0xE3, "\u{302}\u{303}"),
    (0xE4, "\u{302}\u{323}"),
    (0xEA, "\u{306}"),
    (0xE9, "\u{306}\u{301}"),
    (0xE8, "\u{306}\u{300}"),
    (0xFA, "\u{306}\u{309}"),
    (0xFC, "\u{306}\u{303}"),
    (0xEB, "\u{306}\u{323}"),
];

/// Reads one byte through a table of the high half, ASCII as itself.
#[inline]
fn high(table: &[char; 128], b: u8) -> char {
    if b < 0x80 {
        b as char
    } else {
        table[usize::from(b - 0x80)]
    }
}

/// One Windows-1252 byte as Unicode.
pub(super) fn cp1252_char(b: u8) -> char {
    high(&CP1252_HIGH, b)
}

/// Windows-1258 to Unicode; tones stay combining marks (the caller composes).
pub(super) fn decode_cp1258(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| high(&CP1258_HIGH, b)).collect()
}

/// TCVN3 to Unicode, restoring capitals from the ASCII capitals around them.
pub(super) fn decode_tcvn3(bytes: &[u8]) -> String {
    let raw: String = bytes.iter().map(|&b| high(&TCVN3_HIGH, b)).collect();
    restore_tcvn3_capitals(&raw)
}

/// A word set in capitals: two or more ASCII capitals, no ASCII lower case.
fn is_caps_word(word: &str) -> bool {
    word.chars().filter(char::is_ascii_uppercase).count() >= 2
        && !word.chars().any(|c| c.is_ascii_lowercase())
}

/// TCVN3 has no codes for most marked capitals: text set in `.VnTimeH`
/// carries lower-case codes between ASCII capitals (`KÕ HO¹CH`). A line with
/// no ASCII lower-case letter and at least one word of letters set in
/// capitals is upper-cased whole (`KẾ HOẠCH`, `ỦY BAN`); elsewhere a word in
/// capitals is (`HOạCH` → `HOẠCH`). One capital is not enough: `Sè` is `Số`
/// as often as `SỐ`, and `Sè: 110/KH-UBND` stays `Số`.
fn restore_tcvn3_capitals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let caps_line = !line.chars().any(|c| c.is_ascii_lowercase())
            && line.split_whitespace().any(|token| {
                let word = token.trim_matches(|c: char| !c.is_alphabetic());
                word.chars().all(char::is_alphabetic) && is_caps_word(word)
            });
        if caps_line {
            out.extend(line.chars().flat_map(char::to_uppercase));
            continue;
        }
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if is_caps_word(word) {
                out.extend(word.chars().flat_map(char::to_uppercase));
            } else {
                out.push_str(word);
            }
            word.clear();
        };
        for c in line.chars() {
            if c.is_alphabetic() {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
    }
    out
}

/// The combining marks a VNI mark byte adds, if `b` is one (either case).
fn vni_mark(b: u8) -> Option<&'static str> {
    let lower = if (0xC0..=0xDF).contains(&b) {
        b + 0x20
    } else {
        b
    };
    VNI_MARKS
        .iter()
        .find(|(m, _)| *m == lower)
        .map(|(_, marks)| *marks)
}

/// Whether a VNI mark can follow this base letter: every mark after `a`,
/// circumflex and tones after `e`/`o`, tones only after `u`, `y`, `ơ`, `ư`.
fn vni_mark_fits(base: char, marks: &str) -> bool {
    let first = marks.chars().next();
    let tone_only = marks.chars().count() == 1 && !matches!(first, Some('\u{302}' | '\u{306}'));
    match base.to_ascii_lowercase() {
        'a' => true,
        'e' | 'o' => first != Some('\u{306}'),
        'u' | 'y' => tone_only,
        _ => matches!(base, 'ơ' | 'Ơ' | 'ư' | 'Ư') && tone_only,
    }
}

/// VNI to Unicode: base letter + mark byte composed into one letter.
pub(super) fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let base = match VNI_SINGLE.iter().find(|(s, _)| *s == b) {
            Some(&(_, c)) => c,
            None => high(&CP1252_HIGH, b),
        };
        if let Some(marks) = bytes.get(i + 1).and_then(|&m| vni_mark(m)) {
            if vni_mark_fits(base, marks) {
                let composed: String = std::iter::once(base).chain(marks.chars()).nfc().collect();
                out.push_str(&composed);
                i += 2;
                continue;
            }
        }
        out.push(base);
        i += 1;
    }
    out
}

/// The byte of `c` in a table of the high half, if it has one.
fn byte_in(table: &[char; 128], c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    table.iter().position(|&t| t == c).map(|p| 0x80 + p as u8)
}

/// Unicode to TCVN3; marked capitals without a code take the lower-case
/// code, as `.VnTimeH` text does. `None` if a character has no code.
pub(super) fn encode_tcvn3(text: &str) -> Option<Vec<u8>> {
    text.nfc()
        .map(|c| {
            let code = if c.is_ascii() || "ĂÂÊÔƠƯĐ".contains(c) {
                c
            } else {
                c.to_lowercase().next()?
            };
            byte_in(&TCVN3_HIGH, code)
        })
        .collect()
}

/// Unicode to VNI: letters as VNI writes them, other characters as in
/// Windows-1252. `None` if a character has no code.
pub(super) fn encode_vni(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.nfc() {
        if let Some(&(b, _)) = VNI_SINGLE.iter().find(|(_, s)| *s == c) {
            out.push(b);
        } else if c.is_ascii() {
            out.push(c as u8);
        } else if let Some((base, mark)) = vni_pair(c) {
            out.push(base);
            out.push(mark);
        } else {
            out.push(byte_in(&CP1252_HIGH, c)?);
        }
    }
    Some(out)
}

/// The base byte and mark byte of a marked Vietnamese letter in VNI.
fn vni_pair(c: char) -> Option<(u8, u8)> {
    let decomposed: String = std::iter::once(c).nfd().collect();
    let mut chars = decomposed.chars();
    let letter = chars.next()?;
    let mut marks: String = chars.collect();
    let base = if let Some(rest) = marks.strip_prefix('\u{31B}') {
        let horned: char = [letter, '\u{31B}'].iter().copied().nfc().next()?;
        marks = rest.to_string();
        VNI_SINGLE.iter().find(|(_, s)| *s == horned)?.0
    } else if letter.is_ascii_alphabetic() && !marks.is_empty() {
        letter as u8
    } else {
        return None;
    };
    let wanted: String = std::iter::once('a')
        .chain(marks.chars())
        .nfd()
        .skip(1)
        .collect();
    let mark = VNI_MARKS.iter().find(|(_, m)| {
        std::iter::once('a')
            .chain(m.chars())
            .nfd()
            .skip(1)
            .collect::<String>()
            == wanted
    })?;
    if !vni_mark_fits(
        VNI_SINGLE
            .iter()
            .find(|(b, _)| *b == base)
            .map_or(base as char, |s| s.1),
        mark.1,
    ) {
        return None;
    }
    Some((
        base,
        if c.is_uppercase() {
            mark.0 - 0x20
        } else {
            mark.0
        },
    ))
}

/// Unicode to Windows-1258: tone marks split off as combining bytes where the
/// code page has no precomposed letter. `None` if a character has no code.
pub(super) fn encode_cp1258(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if let Some(b) = byte_in(&CP1258_HIGH, c) {
            out.push(b);
            continue;
        }
        let (tones, letter): (Vec<char>, Vec<char>) = std::iter::once(c)
            .nfd()
            .partition(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
        let mut base = letter.iter().copied().nfc();
        let (Some(base), None, [tone]) = (base.next(), base.next(), tones.as_slice()) else {
            return None;
        };
        out.push(byte_in(&CP1258_HIGH, base)?);
        out.push(byte_in(&CP1258_HIGH, *tone)?);
    }
    Some(out)
}

/// The Windows-1252 byte of `c` (as [`CP1252_HIGH`] reads it), if it has
/// one: ASCII and U+00A0..=U+00FF are their own bytes, the rest of the high
/// half is looked up. Legacy-font text stored as Unicode is made of these.
#[inline]
pub(super) fn cp1252_byte(c: char) -> Option<u8> {
    match c as u32 {
        cp @ (0..0x80 | 0xA0..=0xFF) => Some(cp as u8),
        _ => CP1252_HIGH[..0x20]
            .iter()
            .position(|&t| t == c)
            .map(|p| 0x80 + p as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_cp1252_lookup_agrees_with_the_table() {
        for cp in 0..0x3000 {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(cp1252_byte(c), byte_in(&CP1252_HIGH, c), "{c:?}");
            }
        }
    }
}
