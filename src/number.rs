//! Document numbers (số ký hiệu): reading them in any spelling, writing
//! them in one canonical form, and the key for exact lookup.
//!
//! A số ký hiệu is a number (with an optional letter or dot suffix), an
//! optional year, and a ký hiệu made of the type code and the issuer:
//! `4963/QĐ-UBND`, `20/2008/NĐ-CP`, Party style `04-NQ/TU`, công văn
//! `1504/UBND-NCTH`. OCR and typing bend them: `s6 4963/QD-UBND`,
//! `5973 /UBND-KT`, `23/CT- TTg`, `QÐ` with an eth, `02-` at a line end then
//! `NQ/TU`. [`canonical_number`] reads one of them (`"4963/QD-UBND"` →
//! `"4963/QĐ-UBND"`), [`find_numbers`] finds them in running text without
//! taking dates (`08/3/2024`), ranges (`2021-2025`) or standards
//! (`ISO 9001:2015`) for numbers, and [`number_key`] gives the key that
//! every spelling of one number shares (`"110 kh ubnd"` → `"110/KH/UBND"`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::doctype::{self, DocType};
use crate::text::fold;

/// One số ký hiệu found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMatch {
    /// Byte span of the number in the text as given (the `số` before it is
    /// not included, except when OCR glued it to the digits: `s6130/...`).
    pub span: Range<usize>,
    /// Canonical form: `130/2005/NĐ-CP`.
    pub canonical: String,
    /// The year written inside the number (`20/2008/NĐ-CP` → 2008).
    pub year: Option<i32>,
}

/// The parts of a number in running text, as the pattern
///
/// ```text
/// (?P<num>[0-9]{1,5}(?:\.[0-9]{1,3}|[a-zA-Z])?)(?P<psep>SEP)
/// (?:(?P<year>(?:19|20)[0-9]{2})SEP)?
/// (?P<kh>SEG(?:SEP SEG){0,5})
/// SEG = [\p{Lu}][\p{L}0-9&]{0,14}
/// SEP = [ \t]*(?:\r?\n[ \t]*)?[/\-–⁄∕／][ \t]*(?:\r?\n[ \t]*)?
/// ```
///
/// reads them with leftmost-first (Perl) semantics: `num` (digits,
/// optional letter or dot suffix), `psep` (the separator after it),
/// `year`, `kh` (the ký hiệu); byte spans into the text. The pattern is
/// matched by hand ([`number_at`]): a regex engine runs it slowly, since
/// its Unicode classes defeat the lazy DFA. The tests check the two agree.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    whole: Range<usize>,
    num: Range<usize>,
    psep: Range<usize>,
    year: Option<Range<usize>>,
    kh: Range<usize>,
}

/// Letters in `\p{Lu}` (bit 0) and `\p{L}` (bit 1) among the code points
/// below U+0250 and in U+1E00..U+1F00 (the Latin blocks of Vietnamese),
/// read off the regex engine's own classes.
static LETTER_TABLE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let upper = Regex::new(r"\A\p{Lu}\z").expect("Lu");
    let letter = Regex::new(r"\A\p{L}\z").expect("L");
    (0..0x250u32)
        .chain(0x1E00..0x1F00)
        .map(|cp| {
            let Some(c) = char::from_u32(cp) else {
                return 0;
            };
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            u8::from(upper.is_match(s)) | (u8::from(letter.is_match(s)) << 1)
        })
        .collect()
});

/// `\p{Lu}` and `\p{L}` of one character: (upper-case letter, letter).
fn letter_class(c: char) -> (bool, bool) {
    let cp = c as u32;
    let bits = if cp < 0x250 {
        LETTER_TABLE[cp as usize]
    } else if (0x1E00..0x1F00).contains(&cp) {
        LETTER_TABLE[(cp - 0x1E00 + 0x250) as usize]
    } else {
        static UPPER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A\p{Lu}\z").expect("Lu"));
        static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A\p{L}\z").expect("L"));
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        return (UPPER.is_match(s), LETTER.is_match(s));
    };
    (bits & 1 != 0, bits & 2 != 0)
}

/// End of `[ \t]*(?:\r?\n[ \t]*)?` from `i`, taking all it can.
fn gap_end(b: &[u8], i: usize) -> usize {
    let blanks = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        i
    };
    let i = blanks(i);
    if b[i..].starts_with(b"\r\n") {
        blanks(i + 2)
    } else if b[i..].starts_with(b"\n") {
        blanks(i + 1)
    } else {
        i
    }
}

/// Length of the separator character at `i`: `/`, `-`, `–`, or a slash
/// of another script that typing and conversion leave in numbers: the
/// fraction slash `⁄` (U+2044), the division slash `∕` (U+2215) and the
/// fullwidth `／` (U+FF0F).
fn sep_char_len(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'/' | b'-' => Some(1),
        0xE2 if b[i + 1..].starts_with(&[0x80, 0x93])
            || b[i + 1..].starts_with(&[0x81, 0x84])
            || b[i + 1..].starts_with(&[0x88, 0x95]) =>
        {
            Some(3)
        }
        0xEF if b[i + 1..].starts_with(&[0xBC, 0x8F]) => Some(3),
        _ => None,
    }
}

/// The separators of a ký hiệu, as characters: [`sep_char_len`]'s.
const SEP_CHARS: [char; 6] = ['/', '-', '–', '⁄', '∕', '／'];

/// Whether a separator character is a dash (else it is a slash).
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–')
}

/// End of a separator (`SEP`) from `i`. Blanks and line breaks are taken
/// greedily: what follows a separator in the pattern (a sign, a digit, a
/// capital) is never one of them, so no shorter reading can match.
fn sep_end(b: &[u8], i: usize) -> Option<usize> {
    let i = gap_end(b, i);
    Some(gap_end(b, i + sep_char_len(b, i)?))
}

/// End of a ký hiệu segment (`SEG`) from `i`.
fn seg_end(hay: &str, i: usize) -> Option<usize> {
    let mut chars = hay[i..].chars();
    let first = chars.next()?;
    let upper = if first.is_ascii() {
        first.is_ascii_uppercase()
    } else {
        letter_class(first).0
    };
    if !upper {
        return None;
    }
    let mut end = i + first.len_utf8();
    for c in chars.take(14) {
        let ok = if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '&'
        } else {
            letter_class(c).1
        };
        if !ok {
            break;
        }
        end += c.len_utf8();
    }
    Some(end)
}

/// The number pattern matched at `start` in `hay`, as the regex engine
/// would (leftmost-first). Each repetition takes all it can: a greedy
/// choice that fails later leaves a shorter one facing the same next
/// character, which cannot match either (digits before a separator, a
/// letter after a full segment ends the ký hiệu).
fn number_at(hay: &str, start: usize) -> Option<Parts> {
    let b = hay.as_bytes();
    let mut i = start;
    while i < b.len() && i - start < 5 && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start {
        return None;
    }
    let num_end = match b.get(i) {
        Some(b'.') => {
            let mut j = i + 1;
            while j < b.len() && j - (i + 1) < 3 && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == i + 1 {
                return None;
            }
            j
        }
        Some(c) if c.is_ascii_alphabetic() => i + 1,
        _ => i,
    };
    let y = sep_end(b, num_end)?;
    let year_here = b[y..].starts_with(b"19") || b[y..].starts_with(b"20");
    let (year, kh_start) =
        if year_here && b.len() >= y + 4 && b[y + 2..y + 4].iter().all(u8::is_ascii_digit) {
            (Some(y..y + 4), sep_end(b, y + 4)?)
        } else {
            (None, y)
        };
    let mut end = seg_end(hay, kh_start)?;
    for _ in 0..5 {
        let Some(next) = sep_end(b, end).and_then(|s| seg_end(hay, s)) else {
            break;
        };
        end = next;
    }
    Some(Parts {
        whole: start..end,
        num: start..num_end,
        psep: num_end..y,
        year,
        kh: kh_start..end,
    })
}

/// Whether a ký hiệu segment looks like a code rather than a word: at least
/// two capitals (`UBND`, `TTg`, `CTr`, `QH15`), or a known type code (`L`).
fn is_code_segment(seg: &str) -> bool {
    let upper = seg.chars().filter(|c| c.is_uppercase()).count();
    let lower = seg.chars().filter(|c| c.is_lowercase()).count();
    upper >= 2 && (lower <= 1 || lower <= upper / 2)
}

/// The Latin capital a Cyrillic or Greek letter is drawn as, for the
/// letters that look the same (`Т`, `С`, `Н`, `Ο`, ...): a ký hiệu typed
/// on a Russian keyboard or pasted from a converted file holds them.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' | 'а' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' | 'с' => 'C',
        'Е' | 'Ε' | 'е' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' | 'і' => 'I',
        'Ј' | 'ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' | 'о' | 'ο' => 'O',
        'Р' | 'Ρ' | 'р' => 'P',
        'Ѕ' | 'ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' | 'х' => 'X',
        'У' | 'Υ' | 'у' => 'Y',
        'Ζ' => 'Z',
        _ => return None,
    })
}

/// Whether `c` is a Greek or Cyrillic letter.
fn is_greek_or_cyrillic(c: char) -> bool {
    matches!(c, '\u{370}'..='\u{52F}')
}

/// A code read in Latin letters where it only looks otherwise: in every
/// word whose Greek and Cyrillic letters all have a Latin look-alike
/// (`BТС` with a Cyrillic `Т` and `С` → `BTC`). A word in another script
/// (`ЖКХ`, `УБНД`) stays as it is.
fn fold_lookalikes(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(is_greek_or_cyrillic) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let latin = word
            .chars()
            .filter(|&c| is_greek_or_cyrillic(c))
            .all(|c| latin_lookalike(c).is_some());
        if latin {
            out.extend(word.chars().map(|c| {
                if is_greek_or_cyrillic(c) {
                    latin_lookalike(c).unwrap_or(c)
                } else {
                    c
                }
            }));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    std::borrow::Cow::Owned(out)
}

/// OCR's `I` and `l` for a 1 between the capitals and the digits of a
/// code: `QHI5`, `QHl4` → `QH15`, `QH14`.
fn mend_one(s: &str) -> std::borrow::Cow<'_, str> {
    // Every character looked at is ASCII, and an ASCII byte is always a
    // whole character: the bytes stand for the characters.
    let b = s.as_bytes();
    let misread = |i: usize| {
        matches!(b[i], b'I' | b'l')
            && i > 0
            && b[i - 1].is_ascii_uppercase()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    if !(0..b.len()).any(misread) {
        return std::borrow::Cow::Borrowed(s);
    }
    let out = (0..b.len())
        .map(|i| if misread(i) { b'1' } else { b[i] })
        .collect();
    std::borrow::Cow::Owned(String::from_utf8(out).expect("ASCII replaced by ASCII"))
}

/// Issuers' codes that follow a type's code in a ký hiệu.
const MINISTRY_CODES: &[&str] = &[
    "BTC", "BCT", "BYT", "BGDDT", "BNV", "BTP", "BCA", "BQP", "BXD", "BTNMT", "BNNPTNT", "BNNMT",
    "BLDTBXH", "BKHDT", "BGTVT", "BTTTT", "BVHTTDL", "BKHCN", "BNG", "NHNN", "VPCP",
];

/// A type's code and an issuer's code typed as one word, folded and in
/// capitals (`QDTTG` for `QĐTTg`, `NDCP`, `TTBTC`, `KHUBND`): the two
/// codes. Only pairs that a ký hiệu writes are read so, so that a body's
/// own code (`TTCP`, Thanh tra Chính phủ; `CTCP`) is not split.
fn split_glued(folded_upper: &str) -> Option<(&str, &str)> {
    let local = ["UBND", "HDND"];
    for (ty, issuers) in [
        ("QD", &["TTG"][..]),
        ("ND", &["CP"][..]),
        ("NQ", &["CP"][..]),
        ("CT", &["TTG"][..]),
    ] {
        if let Some(rest) = folded_upper.strip_prefix(ty) {
            if issuers.contains(&rest) {
                return Some((ty, rest));
            }
        }
    }
    for ty in ["QD", "NQ", "CT", "TT", "KH", "BC", "TB"] {
        let Some(rest) = folded_upper.strip_prefix(ty) else {
            continue;
        };
        let fits = if ty == "TT" {
            MINISTRY_CODES.contains(&rest)
        } else {
            local.contains(&rest) || (ty != "NQ" && MINISTRY_CODES.contains(&rest))
        };
        if fits {
            return Some((ty, rest));
        }
    }
    None
}

/// Canonical spelling of one ký hiệu segment. `type_position` is true for
/// the first segment, where the type code stands.
fn canonical_segment(seg: &str, type_position: bool) -> String {
    let seg = fold_lookalikes(seg);
    let seg = mend_one(&seg);
    let seg: String = seg
        .chars()
        .map(|c| if c == 'Ð' { 'Đ' } else { c })
        .collect();
    let all_lower = !seg.chars().any(char::is_uppercase);
    let folded_upper = fold(&seg).to_uppercase();
    match folded_upper.as_str() {
        "QD" => return "QĐ".into(),
        "ND" => return "NĐ".into(),
        "HDND" | "HPND" => return "HĐND".into(),
        "TTG" => return "TTg".into(),
        "QP" | "NB" if type_position => {
            return doctype::by_code(&folded_upper)
                .map(|t| t.code.to_string())
                .unwrap_or(seg);
        }
        _ => {}
    }
    if all_lower {
        if type_position {
            if let Some(t) = doctype::by_code(&seg) {
                return t.code.to_string();
            }
        }
        return crate::text::lower(&seg).to_uppercase();
    }
    seg
}

/// Builds the canonical form from the parts of a number.
fn build_canonical(num: &str, party: bool, year: Option<&str>, segments: &[&str]) -> String {
    let mut out = String::with_capacity(24);
    out.push_str(num);
    if party {
        // Party style: 04-NQ/TU.
        out.push('-');
        for (i, seg) in segments.iter().enumerate() {
            if i > 0 {
                out.push('/');
            }
            out.push_str(&canonical_segment(seg, i == 0));
        }
        return out;
    }
    out.push('/');
    if let Some(y) = year {
        out.push_str(y);
        out.push('/');
    }
    // A type's code glued to its issuer's: `QĐTTg` is `QĐ-TTg`.
    let glued;
    let segments = match segments {
        [seg] => {
            let latin = fold_lookalikes(seg);
            match split_glued(&fold(&latin).to_uppercase()) {
                Some((ty, _)) => {
                    let at = latin
                        .char_indices()
                        .nth(ty.len())
                        .map_or(latin.len(), |(i, _)| i);
                    glued = [latin[..at].to_string(), latin[at..].to_string()];
                    vec![glued[0].as_str(), glued[1].as_str()]
                }
                None => segments.to_vec(),
            }
        }
        _ => segments.to_vec(),
    };
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        out.push_str(&canonical_segment(seg, i == 0));
    }
    out
}

/// The segments of a ký hiệu matched by the number pattern. A ký hiệu
/// holds only letters, digits and `&` in its segments, and blanks, line
/// breaks and one dash or slash between them.
fn split_segments(kh: &str) -> impl Iterator<Item = &str> {
    kh.split(SEP_CHARS)
        .map(|piece| piece.trim_matches([' ', '\t', '\r', '\n']))
}

/// Segments and separators of a ký hiệu matched by the number pattern.
fn segments_and_seps(kh: &str) -> (Vec<&str>, Vec<char>) {
    let mut segments = Vec::with_capacity(4);
    let mut seps = Vec::with_capacity(3);
    let mut rest = kh;
    while let Some(i) = rest.find(SEP_CHARS) {
        let c = rest[i..].chars().next().expect("separator");
        segments.push(rest[..i].trim_matches([' ', '\t', '\r', '\n']));
        seps.push(if is_dash(c) { '-' } else { '/' });
        rest = &rest[i + c.len_utf8()..];
    }
    segments.push(rest.trim_matches([' ', '\t', '\r', '\n']));
    (segments, seps)
}

/// Canonical form from one match, or None when it is not a number.
fn from_parts(text: &str, parts: &Parts) -> Option<(String, Option<i32>)> {
    let num = &text[parts.num.clone()];
    let psep = &text[parts.psep.clone()];
    let kh = &text[parts.kh.clone()];
    let year = parts.year.clone().map(|y| &text[y]);
    let (segments, seps) = segments_and_seps(kh);
    if segments.iter().any(|s| !is_code_segment(s)) {
        return None;
    }
    let party = psep.contains(is_dash);
    if party {
        // 04-NQ/TU: one dash, then a slash, no year.
        if year.is_some() || segments.len() != 2 || seps != ['/'] {
            return None;
        }
    } else if seps.contains(&'/') {
        // 110/KH-UBND/...: a slash inside the ký hiệu only in joint numbers
        // such as 12/2020/TTLT-BQP-BCA; otherwise not a number.
        return None;
    }
    let year_value = year.and_then(|y| y.parse::<i32>().ok());
    Some((build_canonical(num, party, year, &segments), year_value))
}

/// Trims a candidate ký hiệu so that it ends at a code segment: `23/CT-
/// TTg` keeps `TTg`, but `12/UBND-Về` stops at `UBND`.
fn trim_to_codes(text: &str, parts: &Parts) -> Option<usize> {
    let mut end = parts.kh.start;
    let mut last_ok = None;
    for seg in split_segments(&text[parts.kh.clone()]) {
        let seg_start = end + text[end..].find(seg)?;
        let seg_end = seg_start + seg.len();
        if !is_code_segment(seg) {
            break;
        }
        last_ok = Some(seg_end);
        end = seg_end;
    }
    last_ok
}

/// The canonical form of one số ký hiệu in any spelling: `"4963/QD-UBND"`,
/// `"Số: 4963/QÐ-UBND"`, `"5973 /UBND-KT"` → `"4963/QĐ-UBND"`, ...;
/// also a lower-case typed form (`"110/kh-ubnd"` → `"110/KH-UBND"`).
/// None if the text is not exactly one number.
pub fn canonical_number(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 80 {
        return None;
    }
    let raw = strip_so_prefix(raw);
    // Typed in lower case: read the segments' case as capitals.
    let upper;
    let text = if raw.chars().any(char::is_uppercase) {
        raw
    } else {
        upper = raw.to_uppercase();
        upper.as_str()
    };
    let found = find_numbers(text);
    match found.as_slice() {
        [m] if m.span.start <= 2 && text[m.span.end..].trim().is_empty() => {
            Some(m.canonical.clone())
        }
        _ => None,
    }
}

/// Drops a leading "Số:", "S6:", "Sé:", "Luật số:" before a number.
fn strip_so_prefix(raw: &str) -> &str {
    static SO_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?i:(?:lu[aậ]t\s+)?(?:s[oốôó6éeb]|sô|s&)\s*[:.]?\s*)").expect("so prefix")
    });
    match SO_RE.find(raw) {
        Some(m) if raw[m.end()..].starts_with(|c: char| c.is_ascii_digit()) => &raw[m.end()..],
        _ => raw,
    }
}

/// The first match of the number pattern ([`Parts`]) that starts at or
/// after `at`: the same as an unanchored search from `at`, found without
/// trying the pattern at every digit of the text.
///
/// Every match has a separator (`/`, `-`, `–`, `⁄`, `∕`, `／`) right after its number
/// (`psep`), and between the number's last character (a digit or a letter)
/// and that separator only `[ \t]*(\r?\n[ \t]*)?`; after it, the same
/// blanks, then a capital or the first digit of a year. So the search
/// looks for separators, checks the characters around each, and tries the
/// pattern at the few digits where the number may start (it is at most 9
/// bytes: `12345`, `66.181`, `36a`). Separators are taken in order and
/// the number before a separator holds none, so the first match found is
/// the leftmost one.
fn find_number_at(text: &str, at: usize) -> Option<Parts> {
    let b = text.as_bytes();
    let mut from = at;
    // The next 0xEF byte (the fullwidth slash's first), looked for again
    // only once the search has passed it.
    let mut ef = memchr::memchr(0xEF, &b[at..]).map(|i| at + i);
    loop {
        if ef.is_some_and(|e| e < from) {
            ef = memchr::memchr(0xEF, &b[from..]).map(|i| from + i);
        }
        let common = memchr::memchr3(b'/', b'-', 0xE2, &b[from..]).map(|i| from + i);
        let Some(p) = common.into_iter().chain(ef).min() else {
            break;
        };
        from = p + 1;
        let Some(len) = sep_char_len(b, p) else {
            continue;
        };
        // After it: a capital (any non-ASCII letter may be one) or 19.., 20...
        match b.get(gap_end(b, p + len)) {
            Some(b'1' | b'2' | b'A'..=b'Z') => {}
            Some(&c) if c >= 0x80 => {}
            _ => continue,
        }
        // Before it: blanks, at most one line break, blanks, then the
        // number's last character at `q`.
        let blanks_before = |mut k: usize| {
            while k > 0 && matches!(b[k - 1], b' ' | b'\t') {
                k -= 1;
            }
            k
        };
        let mut k = blanks_before(p);
        if k > 0 && b[k - 1] == b'\n' {
            k -= 1;
            if k > 0 && b[k - 1] == b'\r' {
                k -= 1;
            }
            k = blanks_before(k);
        }
        if k == 0 || !b[k - 1].is_ascii_alphanumeric() || k - 1 < at {
            continue;
        }
        let q = k - 1;
        let first = q.saturating_sub(8).max(at);
        let found = (first..=q)
            .filter(|&s| b[s].is_ascii_digit())
            .find_map(|s| number_at(text, s));
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Every số ký hiệu in a running text, in order, with byte spans into the
/// text as given. Dates, ranges, amounts, phone numbers and standards are
/// not numbers: a ký hiệu needs a code of capitals after the number.
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let Some(parts) = find_number_at(text, at) else {
            break;
        };
        let whole = parts.whole.clone();
        let mut start = whole.start;
        // The number must begin a word; OCR glues "s6" (số) to the digits.
        let prev_ok = match text[..start].chars().next_back() {
            None => true,
            // Not within other figures: `1.234`, `12/3`, a kilometre post
            // `Km159+00/QL4D`.
            Some(c) => !(c.is_alphanumeric() || matches!(c, '/' | '.' | ',' | '-' | ':' | '+')),
        };
        if !prev_ok {
            if glued_so_case(text, start) {
                start -= 2;
            } else {
                at = next_char(text, whole.start);
                continue;
            }
        }
        // Cut the ký hiệu after its last code segment, and read the number
        // again up to there.
        let Some(end) = trim_to_codes(text, &parts) else {
            at = next_char(text, whole.start);
            continue;
        };
        let parts = if end == whole.end {
            parts
        } else {
            match number_at(&text[..end], whole.start) {
                Some(p) => p,
                None => {
                    at = next_char(text, whole.start);
                    continue;
                }
            }
        };
        // A ký hiệu followed by more digits or letters glued to it is not one.
        let next = text[end..].chars().next();
        if matches!(next, Some(c) if c.is_alphanumeric()) {
            at = end;
            continue;
        }
        if let Some((canonical, year)) = from_parts(text, &parts) {
            out.push(NumberMatch {
                span: start..end,
                canonical,
                year,
            });
        }
        at = end;
    }
    out
}

/// "s6130/2005/ND-CP": the digits follow an OCR "s6" (số) with no space.
fn glued_so_case(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    start >= 2
        && bytes[start - 1] == b'6'
        && matches!(bytes[start - 2], b's' | b'S')
        && (start == 2 || !(bytes[start - 3] as char).is_ascii_alphanumeric())
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// The key for exact lookup of a number in any spelling: diacritics folded,
/// upper case, alphanumeric groups joined by `/`, leading zeros of the
/// number dropped, OCR type codes mended (`QP` → `QD`, `NB` → `ND`, `HPND` →
/// `HDND`). `"110/KH-UBND"`, `"110 kh ubnd"` → `"110/KH/UBND"`;
/// `"04-NQ/TU"` → `"4/NQ/TU"`. None when there is no number in it.
pub fn number_key(s: &str) -> Option<String> {
    let s = strip_so_prefix(s.trim());
    let s = fold_lookalikes(s);
    let folded = fold(&s);
    let folded = mend_one(&folded).to_uppercase();
    let mut groups: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|g| !g.is_empty())
        .collect();
    let first = *groups.first()?;
    if !first.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // A number with a part after a dot (`66.18/2026/NQ-CP`) is one
    // number: its year stands after it, where a year is looked for.
    let lead = folded.trim_start();
    if let Some(after) = lead.strip_prefix(first).and_then(|r| r.strip_prefix('.')) {
        let part = after
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap_or("");
        if !part.is_empty() && groups.get(1) == Some(&part) {
            let whole = &lead[..first.len() + 1 + part.len()];
            groups.splice(0..2, [whole]);
        }
    }
    let first = groups[0];
    let mut out = String::with_capacity(folded.len());
    let trimmed = first.trim_start_matches('0');
    out.push_str(
        if trimmed.is_empty() || trimmed.starts_with(|c: char| !c.is_ascii_digit()) {
            &first[first.len() - trimmed.len().max(1).min(first.len())..]
        } else {
            trimmed
        },
    );
    let mut type_position = true;
    for (i, g) in groups.iter().enumerate().skip(1) {
        out.push('/');
        let is_year = g.len() == 4 && g.chars().all(|c| c.is_ascii_digit());
        if type_position && !is_year && i + 1 == groups.len() {
            if let Some((ty, issuer)) = split_glued(g) {
                out.push_str(ty);
                out.push('/');
                out.push_str(issuer);
                break;
            }
        }
        let g = match *g {
            "QP" if type_position => "QD",
            "NB" if type_position => "ND",
            "HPND" => "HDND",
            other => other,
        };
        if !is_year {
            type_position = false;
        }
        out.push_str(g);
    }
    Some(out)
}

/// The year written inside a canonical number or a [`number_key`]:
/// `20/2008/NĐ-CP` → 2008; `None` for `110/KH-UBND`.
pub fn year_in_number(number: &str) -> Option<i32> {
    let mut parts = number.split('/');
    parts.next()?;
    let y = parts.next()?;
    if y.len() == 4 && (y.starts_with("19") || y.starts_with("20")) {
        y.parse().ok()
    } else {
        None
    }
}

/// Any further groups of a [`number_key`] (which holds only capitals,
/// digits and `/`), in a regular expression: spelled out rather than `.*`,
/// whose automaton over any character costs a query about half a
/// millisecond more to build.
pub const MORE_GROUPS: &str = "(/[0-9A-Z]+)*";

/// A regular expression for the [`number_key`]s that `key` may stand
/// for: the key itself, with any year when it has none, and with more
/// groups after it. People often leave out the year or the issuer
/// (`145/NĐ-CP` for `145/2020/NĐ-CP`, `110/KH` for `110/KH-UBND`), while
/// numbers of the same type and issuer differ by year.
pub fn key_pattern(key: &str) -> String {
    let mut groups = key.split('/');
    let num = groups.next().unwrap_or_default();
    let mut out = regex::escape(num);
    if year_in_number(key).is_none() {
        out.push_str("(/[0-9]{4})?");
    }
    for g in groups {
        out.push('/');
        out.push_str(&regex::escape(g));
    }
    out.push_str(MORE_GROUPS);
    out
}

/// A number typed as words, in lower case and without its separators, as
/// people type in a search box: `145 nd cp`, `145 2020 nđ cp`, `110 kh
/// ubnd`, `so 1504 ubnd ncth`, `51 2024 qh15`. The words: the number,
/// maybe a year, then two to four codes, the first of them a type's code
/// (`KH`, `NĐ`, `QĐ`, ...) or `UBND`/`HĐND`, which running text would not
/// hold in that order; or the number, a year and the Quốc hội's code alone.
/// Returns its canonical form (`145/2020/NĐ-CP`) and how many words it
/// took, `None` when `words` does not start with one.
pub fn number_in_words<S: AsRef<str>>(words: &[S]) -> Option<(String, usize)> {
    let word = |i: usize| words.get(i).map(|w| fold(w.as_ref()).to_uppercase());
    let num = word(0)?;
    if num.is_empty() || num.len() > 5 || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut at = 1;
    let year = word(1).filter(|y| crate::date::year_of_word(y).is_some());
    if year.is_some() {
        at += 1;
    }
    let is_code = |c: &str| {
        (1..=10).contains(&c.len())
            && c.starts_with(|ch: char| ch.is_ascii_uppercase())
            && c.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    // A law or a resolution of the Quốc hội or its Standing Committee:
    // the year and that one code (`51 2024 qh15`).
    if year.is_some() {
        let code = word(at).unwrap_or_default();
        let legislature = code.strip_prefix("UBTV").unwrap_or(&code);
        if let Some(term) = legislature.strip_prefix("QH") {
            if (1..=2).contains(&term.len()) && term.bytes().all(|b| b.is_ascii_digit()) {
                let spelled = format!("{num}/{}/{code}", year.unwrap_or_default());
                return canonical_number(&spelled).map(|c| (c, at + 1));
            }
        }
    }
    let first = word(at).filter(|c| {
        is_code(c)
            && c.len() >= 2
            && (doctype::by_code(c).is_some_and(|t| t.code != "Luật")
                || matches!(c.as_str(), "UBND" | "HDND"))
    })?;
    // The issuer's code comes next (`cp`, `ubnd`, `byt`), not a word
    // (`110 kh năm 2021` is no number), but for the Party committees'
    // `tu`, `hu`, `du`; codes after it must read as codes too: a digit or
    // no vowel (`qh14`, `ncth`, `ttbcxb`), so `145 nd cp ve xu phat` stops
    // before `ve`.
    let issuer = word(at + 1).filter(|c| {
        is_code(c)
            && (!crate::syllable::is_syllable(&c.to_ascii_lowercase())
                || matches!(c.as_str(), "TU" | "HU" | "DU"))
    })?;
    let mut codes = vec![first, issuer];
    while codes.len() < 4 {
        let more = word(at + codes.len()).filter(|c| {
            is_code(c)
                && (c.bytes().any(|b| b.is_ascii_digit())
                    || !c.bytes().any(|b| b"AEIOU".contains(&b)))
        });
        match more {
            Some(c) => codes.push(c),
            None => break,
        }
    }
    let mut spelled = num;
    if let Some(y) = year {
        spelled.push('/');
        spelled.push_str(&y);
    }
    spelled.push('/');
    spelled.push_str(&codes.join("-"));
    canonical_number(&spelled).map(|c| (c, at + codes.len()))
}

/// The document type stated by a canonical number's ký hiệu: the code
/// after the number (`4963/QĐ-UBND` → QĐ, `04-NQ/TU` → NQ, `20/2008/NĐ-CP`
/// → NĐ, `15/2020/QĐ-TTg` → QĐ). A ký hiệu of issuer and unit with no type
/// code (`1504/UBND-NCTH`) is a công văn. None for `69/2025/QH15`, which a
/// Luật and a Nghị quyết of the Quốc hội share.
pub fn type_code_of(canonical: &str) -> Option<&'static DocType> {
    let found = find_numbers(canonical);
    let m = found.first()?;
    let c = &m.canonical;
    let (num_end, party) = c
        .char_indices()
        .find(|(_, ch)| *ch == '/' || *ch == '-')
        .map(|(i, ch)| (i, ch == '-'))?;
    let rest = &c[num_end + 1..];
    let rest = if m.year.is_some() {
        rest.split_once('/').map_or(rest, |(_, r)| r)
    } else {
        rest
    };
    let mut segs = rest.split(['-', '/']);
    let first = segs.next()?;
    let n_segs = 1 + segs.count();
    if let Some(t) = doctype::by_code(first) {
        // "KH" written as a plain issuer code is rare; a type code is a type.
        if !(first == "L" && n_segs == 1) {
            return Some(t);
        }
    }
    if !party && m.year.is_none() && n_segs >= 2 {
        return doctype::by_code("CV");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_typed_as_words() {
        let read = |q: &str| {
            let words: Vec<&str> = q.split_whitespace().collect();
            number_in_words(&words)
        };
        let cases = [
            ("145 nd cp", Some(("145/NĐ-CP", 3))),
            ("145 2020 nđ cp", Some(("145/2020/NĐ-CP", 4))),
            ("110 kh ubnd", Some(("110/KH-UBND", 3))),
            ("1504 ubnd ncth", Some(("1504/UBND-NCTH", 3))),
            ("04 nq tu", Some(("04/NQ-TU", 3))),
            ("69 2025 l qh15", None),
            ("145 nd cp ve xu phat", Some(("145/NĐ-CP", 3))),
            ("110 kh nam 2021", None),
            ("82 bc tinh hinh", None),
            ("15 ct hu", Some(("15/CT-HU", 3))),
            ("92 2015 luat qh13", None),
            ("51 2024 qh15", Some(("51/2024/QH15", 3))),
            ("78 2025 ubtvqh15", Some(("78/2025/UBTVQH15", 3))),
            ("51 qh15", None),
            ("12 tt btc vhtt ksd", Some(("12/TT-BTC-VHTT-KSD", 5))),
            // Not a number: a lone code, words after a year, no number.
            ("110 kh", None),
            ("2024 cai cach", None),
            ("nd cp", None),
            ("123456 kh ubnd", None),
        ];
        for (q, want) in cases {
            let got = read(q);
            let want = want.map(|(c, n)| (c.to_string(), n));
            assert_eq!(got, want, "{q}");
        }
    }

    #[test]
    fn key_patterns_allow_a_left_out_year_and_issuer() {
        let matches = |typed: &str, key: &str| {
            let typed = number_key(typed).expect("a number");
            let re = Regex::new(&format!("^(?:{})$", key_pattern(&typed))).expect("regex");
            re.is_match(key)
        };
        assert!(matches("145/NĐ-CP", "145/2020/ND/CP"));
        assert!(matches("145/NĐ-CP", "145/ND/CP"));
        assert!(matches("110/KH", "110/KH/UBND"));
        assert!(matches("145/2020/NĐ-CP", "145/2020/ND/CP"));
        assert!(!matches("145/2020/NĐ-CP", "145/2026/ND/CP"));
        assert!(!matches("145/NĐ-CP", "1450/2020/ND/CP"));
        assert!(!matches("145/NĐ-CP", "145/2020/TT/CP"));
        assert!(!matches("4/NQ/TU", "14/NQ/TU"));
    }

    #[test]
    fn canonical_forms() {
        let cases = [
            ("110/KH-UBND", Some("110/KH-UBND")),
            ("4963/QD-UBND", Some("4963/QĐ-UBND")),
            ("4963/QÐ-UBND", Some("4963/QĐ-UBND")),
            ("4963/QP-UBND", Some("4963/QĐ-UBND")),
            ("20/2008/NĐ-CP", Some("20/2008/NĐ-CP")),
            ("130/2005/ND-CP", Some("130/2005/NĐ-CP")),
            ("04-NQ/TU", Some("04-NQ/TU")),
            ("1504/UBND-NCTH", Some("1504/UBND-NCTH")),
            ("36a/NQ-CP", Some("36a/NQ-CP")),
            ("66.18/2026/NQ-CP", Some("66.18/2026/NQ-CP")),
            ("5973 /UBND-KT", Some("5973/UBND-KT")),
            ("23/CT- TTg", Some("23/CT-TTg")),
            ("30/2021/NQ-HDND", Some("30/2021/NQ-HĐND")),
            ("69/2025/QH15", Some("69/2025/QH15")),
            ("125/VBHN-VPQH", Some("125/VBHN-VPQH")),
            ("Số: 110/KH-UBND", Some("110/KH-UBND")),
            ("S6:  110/KH-UBND", Some("110/KH-UBND")),
            ("Sé: 82/BC-UBND", Some("82/BC-UBND")),
            ("Luật số: 04/2017/QH14", Some("04/2017/QH14")),
            ("110/kh-ubnd", Some("110/KH-UBND")),
            ("15/2020/qd-ttg", Some("15/2020/QĐ-TTg")),
            ("08/3/2024", None),
            ("2021-2025", None),
            ("ISO 9001:2015", None),
            ("UBND", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(canonical_number(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn numbers_in_running_text() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Thyc hién K& hoach s6 435/KH-UBND ngay 08/3/2024 ctiia UBND huyén",
                &["435/KH-UBND"],
            ),
            (
                "theo quy dinh tai Nghi quyét 56 36a/NQ-CP ngay 14/10/2015 caa Chinh phu.",
                &["36a/NQ-CP"],
            ),
            ("Nghị định s6130/2005/ND-CP ngày", &["130/2005/NĐ-CP"]),
            // Kilometre posts of a road are no numbers.
            ("đoạn Km159+00/QL4D đến Km160+500/QL4D", &[]),
            ("Chỉ thị số 23/CT- TTg ngày", &["23/CT-TTg"]),
            ("Nghị quyết số 02-\nNQ/TU của Tỉnh ủy", &["02-NQ/TU"]),
            ("Số: 5973 /UBND-KT", &["5973/UBND-KT"]),
            (
                "nhé cac co quan, don vi thuc hién nghiém Chi thi sé 05-CT/TU ngay\n10/12/2015",
                &["05-CT/TU"],
            ),
            (
                "Quyét dinh s6 4963/QD-UBND ngay 28/12/2020 cua UBND",
                &["4963/QĐ-UBND"],
            ),
            (
                "Công văn số 2164/STTTT-TTBCXB ngày 31/10/2023 về việc",
                &["2164/STTTT-TTBCXB"],
            ),
            (
                "Luật Công nghiệp công nghệ số số 71/2025/QH15 ngày 14 tháng 6",
                &["71/2025/QH15"],
            ),
            ("giai đoạn 2021-2025; ISO 9001:2015; ĐT 0214.3840123", &[]),
            ("ngày 08/3/2024 và 24/12/2021, 07-6-2022", &[]),
            ("1.000.000/người/tháng; 12/Về việc", &[]),
            (
                "Quyết định số 15/2020/QĐ-TTg và Thông tư 01/2026/TT-BCT",
                &["15/2020/QĐ-TTg", "01/2026/TT-BCT"],
            ),
            (
                "Thông tư liên tịch 12/2020/TTLT-BQP-BCA",
                &["12/2020/TTLT-BQP-BCA"],
            ),
        ];
        assert_finds(cases);
    }

    #[test]
    fn spans_and_years() {
        let text = "Nghị định số 20/2008/NĐ-CP ngày";
        let m = &find_numbers(text)[0];
        assert_eq!(&text[m.span.clone()], "20/2008/NĐ-CP");
        assert_eq!(m.year, Some(2008));
        let text = "Nghị định s6130/2005/ND-CP";
        let m = &find_numbers(text)[0];
        assert_eq!(&text[m.span.clone()], "s6130/2005/ND-CP");
        assert_eq!(m.year, Some(2005));
        assert_eq!(find_numbers("Số 110/KH-UBND")[0].year, None);
    }

    #[test]
    fn keys() {
        let cases = [
            ("110/KH-UBND", "110/KH/UBND"),
            ("110 kh ubnd", "110/KH/UBND"),
            ("110/kh-ubnd", "110/KH/UBND"),
            ("4963/QD-UBND", "4963/QD/UBND"),
            ("4963/QĐ-UBND", "4963/QD/UBND"),
            ("4963/QÐ-UBND", "4963/QD/UBND"),
            ("4963/QP-UBND", "4963/QD/UBND"),
            ("04-NQ/TU", "4/NQ/TU"),
            ("20/2008/NĐ-CP", "20/2008/ND/CP"),
            ("20/2008/NB-CP", "20/2008/ND/CP"),
            ("36a/NQ-CP", "36A/NQ/CP"),
            ("Số: 110/KH-UBND", "110/KH/UBND"),
            ("0/KH", "0/KH"),
            ("66.18/2026/NQ-CP", "66.18/2026/NQ/CP"),
            ("66.18/NQ-CP", "66.18/NQ/CP"),
        ];
        for (input, want) in cases {
            assert_eq!(number_key(input).as_deref(), Some(want), "{input:?}");
        }
        assert_eq!(number_key("kế hoạch"), None);
        // Without its year, a number with a dotted part finds it.
        let pattern = regex::Regex::new(&format!("^{}$", key_pattern("66.18/NQ/CP"))).unwrap();
        assert!(pattern.is_match("66.18/2026/NQ/CP"));
        assert!(!pattern.is_match("66/18/2026/NQ/CP"));
        assert_eq!(year_in_number("66.18/2026/NQ/CP"), Some(2026));
    }

    #[test]
    fn odd_spellings_share_the_key_of_the_number() {
        let cases = [
            ("1626/QĐTTg", "1626/QĐ-TTg"),
            ("181/2024/NĐCP", "181/2024/NĐ-CP"),
            ("135/2025/QHI5", "135/2025/QH15"),
            ("25/2008/QHl2", "25/2008/QH12"),
            ("06/2022/TT-BТС", "06/2022/TT-BTC"),
            ("06/2022/TТ-BTC", "06/2022/TT-BTC"),
            ("29/2025⁄NĐ-CP", "29/2025/NĐ-CP"),
            ("29/2025∕NĐ-CP", "29/2025/NĐ-CP"),
            ("29／2025／NĐ-CP", "29/2025/NĐ-CP"),
            ("12/KHUBND", "12/KH-UBND"),
            ("5/TTBTC", "5/TT-BTC"),
        ];
        for (odd, plain) in cases {
            assert_eq!(number_key(odd), number_key(plain), "{odd}");
            assert_eq!(canonical_number(odd).as_deref(), Some(plain), "{odd}");
        }
        // A body's own code is no type glued to an issuer, a code in
        // another script keeps its letters, and a glued pair followed by
        // more of the ký hiệu stays as written.
        for (a, b) in [
            ("12/TTCP", "12/TT-CP"),
            ("12/CTCP", "12/CT-CP"),
            ("7/ЖКХ-УБНД", "7/ЖKX-YБHД"),
            ("12/QĐTTg-KGVX", "12/QĐ-TTg-KGVX"),
            ("12/KHL1", "12/KH11"),
        ] {
            assert_ne!(number_key(a), number_key(b), "{a}");
        }
        assert_eq!(
            canonical_number("7/ЖКХ-УБНД").as_deref(),
            Some("7/ЖКХ-УБНД")
        );
        assert_eq!(canonical_number("12/TTCP").as_deref(), Some("12/TTCP"));
    }

    #[test]
    fn slashes_of_other_scripts_separate_numbers_in_text() {
        let cases: &[(&str, &[&str])] = &[
            ("Căn cứ Nghị định số 29/2025⁄NĐ-CP ngày", &["29/2025/NĐ-CP"]),
            (
                "Quyết định số 15∕QĐ-UBND và 16／KH-UBND;",
                &["15/QĐ-UBND", "16/KH-UBND"],
            ),
            ("Nghị quyết số 04⁄NQ-TU", &["04/NQ-TU"]),
            ("tỷ lệ 1⁄2, ngày 08／3／2024", &[]),
        ];
        assert_finds(cases);
        for (text, _) in cases {
            assert_same_as_regex(text);
        }
    }

    #[test]
    fn key_of_canonical_equals_key_of_variant() {
        for v in [
            "5973 /UBND-KT",
            "23/CT- TTg",
            "4963/QÐ-UBND",
            "30/2021/NQ-HPND",
        ] {
            let c = canonical_number(v).expect(v);
            assert_eq!(number_key(&c), number_key(v), "{v}");
        }
    }

    #[test]
    fn type_codes() {
        let cases = [
            ("110/KH-UBND", Some("KH")),
            ("4963/QĐ-UBND", Some("QĐ")),
            ("20/2008/NĐ-CP", Some("NĐ")),
            ("04-NQ/TU", Some("NQ")),
            ("15/2020/QĐ-TTg", Some("QĐ")),
            ("1504/UBND-NCTH", Some("CV")),
            ("125/VBHN-VPQH", Some("VBHN")),
            ("69/2025/QH15", None),
            ("1492-KL/TU", Some("KL")),
            ("36a/NQ-CP", Some("NQ")),
        ];
        for (input, want) in cases {
            assert_eq!(type_code_of(input).map(|t| t.code), want, "{input}");
        }
    }

    /// The number pattern as a regex: what [`number_at`] matches by hand.
    static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
        let sep = r"[ \t]*(?:\r?\n[ \t]*)?[/\-–⁄∕／][ \t]*(?:\r?\n[ \t]*)?";
        let seg = r"[\p{Lu}][\p{L}0-9&]{0,14}";
        Regex::new(&format!(
            r"(?P<num>[0-9]{{1,5}}(?:\.[0-9]{{1,3}}|[a-zA-Z])?)(?P<psep>{sep})(?:(?P<year>(?:19|20)[0-9]{{2}}){sep})?(?P<kh>{seg}(?:{sep}{seg}){{0,5}})"
        ))
        .expect("number pattern")
    });

    static SEG_SPLIT_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*[/\-–⁄∕／]\s*").expect("segment split"));

    fn parts_of(caps: &regex::Captures<'_>) -> Parts {
        let r = |name: &str| caps.name(name).expect(name).range();
        Parts {
            whole: caps.get(0).expect("match").range(),
            num: r("num"),
            psep: r("psep"),
            year: caps.name("year").map(|m| m.range()),
            kh: r("kh"),
        }
    }

    /// `find_numbers` read with the regex, as it was written before the
    /// pattern was matched by hand: the reference the fast path must equal.
    fn find_numbers_by_regex(text: &str) -> Vec<NumberMatch> {
        let from_captures = |caps: &regex::Captures<'_>| {
            let num = caps.name("num")?.as_str();
            let psep = caps.name("psep")?.as_str();
            let kh = caps.name("kh")?.as_str();
            let year = caps.name("year").map(|m| m.as_str());
            let segments: Vec<&str> = SEG_SPLIT_RE.split(kh).collect();
            if segments.iter().any(|s| !is_code_segment(s)) {
                return None;
            }
            let seps: Vec<char> = SEG_SPLIT_RE
                .find_iter(kh)
                .map(|m| {
                    if m.as_str().contains(is_dash) {
                        '-'
                    } else {
                        '/'
                    }
                })
                .collect();
            let party = psep.contains(is_dash);
            if party {
                if year.is_some() || segments.len() != 2 || seps != ['/'] {
                    return None;
                }
            } else if seps.contains(&'/') {
                return None;
            }
            let year_value = year.and_then(|y| y.parse::<i32>().ok());
            Some((build_canonical(num, party, year, &segments), year_value))
        };
        let trim_to_codes = |caps: &regex::Captures<'_>| {
            let kh = caps.name("kh")?;
            let mut end = kh.start();
            let mut last_ok = None;
            for seg in SEG_SPLIT_RE.split(kh.as_str()) {
                let seg_start = end + text[end..].find(seg)?;
                let seg_end = seg_start + seg.len();
                if !is_code_segment(seg) {
                    break;
                }
                last_ok = Some(seg_end);
                end = seg_end;
            }
            last_ok
        };
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(found) = NUMBER_RE.find_at(text, at) else {
                break;
            };
            let Some(caps) = NUMBER_RE.captures_at(&text[..found.end()], found.start()) else {
                break;
            };
            let whole = caps.get(0).expect("match");
            let mut start = whole.start();
            let prev_ok = match text[..start].chars().next_back() {
                None => true,
                // Not within other figures: `1.234`, `12/3`, a kilometre post
                // `Km159+00/QL4D`.
                Some(c) => !(c.is_alphanumeric() || matches!(c, '/' | '.' | ',' | '-' | ':' | '+')),
            };
            if !prev_ok {
                if glued_so_case(text, start) {
                    start -= 2;
                } else {
                    at = next_char(text, whole.start());
                    continue;
                }
            }
            let Some(end) = trim_to_codes(&caps) else {
                at = next_char(text, whole.start());
                continue;
            };
            let Some(caps2) = NUMBER_RE.captures(&text[whole.start()..end]) else {
                at = next_char(text, whole.start());
                continue;
            };
            if caps2.get(0).map(|m| m.start()) != Some(0) {
                at = next_char(text, whole.start());
                continue;
            }
            let next = text[end..].chars().next();
            if matches!(next, Some(c) if c.is_alphanumeric()) {
                at = end;
                continue;
            }
            if let Some((canonical, year)) = from_captures(&caps2) {
                out.push(NumberMatch {
                    span: start..end,
                    canonical,
                    year,
                });
            }
            at = end;
        }
        out
    }

    /// The hand matcher and the regex agree from every position of `text`.
    /// Each text's numbers, as [`find_numbers`] writes them.
    fn assert_finds(cases: &[(&str, &[&str])]) {
        for (text, want) in cases {
            let got: Vec<String> = find_numbers(text)
                .into_iter()
                .map(|m| m.canonical)
                .collect();
            assert_eq!(&got, want, "{text:?}");
        }
    }

    fn assert_same_as_regex(text: &str) {
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let want = NUMBER_RE.captures_at(text, at).map(|c| parts_of(&c));
            assert_eq!(find_number_at(text, at), want, "{text:?} from {at}");
        }
        assert_eq!(find_numbers(text), find_numbers_by_regex(text), "{text:?}");
    }

    #[test]
    fn letter_classes_are_the_regex_classes() {
        let upper = Regex::new(r"\A\p{Lu}\z").expect("Lu");
        let letter = Regex::new(r"\A\p{L}\z").expect("L");
        for c in (0..0x3400u32)
            .chain(0x1_0400..0x1_0500)
            .filter_map(char::from_u32)
        {
            let s = c.to_string();
            assert_eq!(
                letter_class(c),
                (upper.is_match(&s), letter.is_match(&s)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn odd_spacing_and_edges_read_as_the_regex_does() {
        let cases: &[(&str, &[&str])] = &[
            // Blanks and one line break on either side of a separator.
            ("Số 5973 \t/ \tUBND-KT", &["5973/UBND-KT"]),
            ("Số 5973\r\n/UBND-KT", &["5973/UBND-KT"]),
            ("Số 5973 \r\n \t/\r\n UBND-KT", &["5973/UBND-KT"]),
            ("Nghị quyết 02 -\n  NQ/TU ngày", &["02-NQ/TU"]),
            ("số 12/\n2020\n/TTLT-BQP\n-BCA", &["12/2020/TTLT-BQP-BCA"]),
            ("số 12–NQ/TU và 13 – KH/UBND", &["12-NQ/TU", "13-KH/UBND"]),
            // Two line breaks, a lone CR or a no-break space break it.
            ("Số 5973\n\n/UBND-KT", &[]),
            ("Số 5973\r/UBND-KT", &[]),
            ("Số 5973\u{a0}/UBND-KT", &[]),
            ("Số 5973/\u{a0}UBND-KT", &[]),
            // At the very start and end of the text.
            ("110/KH-UBND", &["110/KH-UBND"]),
            ("1/K", &[]),
            ("1/QĐ-UBND", &["1/QĐ-UBND"]),
            // Digits: at most five, a dot with at most three, one letter.
            ("số 123456/QĐ-UBND", &[]),
            ("số 12345/QĐ-UBND", &["12345/QĐ-UBND"]),
            (
                "số 66.181/2026/NQ-CP và 66.1812/NQ-CP",
                &["66.181/2026/NQ-CP"],
            ),
            ("số 36a/NQ-CP, 36ab/NQ-CP, 36./NQ-CP", &["36a/NQ-CP"]),
            // A year, or digits that are not one.
            (
                "số 15/2020/QĐ-TTg, 15/2120/QĐ-TTg, 15/20201/QĐ",
                &["15/2020/QĐ-TTg"],
            ),
            // Long and non-Latin segments.
            ("số 7/ABCDEFGHIJKLMNOPQ-UBND", &[]),
            ("số 7/ĐĐN-ĐẢNGỦY", &["7/ĐĐN-ĐẢNGỦY"]),
            ("số 7/ЖКХ-УБНД", &["7/ЖКХ-УБНД"]),
            ("số 7/Ⓐ Ⓑ-UBND", &[]),
            // A dash or slash with nothing that could be a number around it.
            ("a/b - c / D -- E // 1 / x – y", &[]),
        ];
        assert_finds(cases);
        for (text, _) in cases {
            assert_same_as_regex(text);
        }
    }

    /// [`mend_one`] as it was, over the characters.
    fn mend_one_by_chars(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let misread = |i: usize| {
            matches!(chars[i], 'I' | 'l')
                && i > 0
                && chars[i - 1].is_ascii_uppercase()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        };
        (0..chars.len())
            .map(|i| if misread(i) { '1' } else { chars[i] })
            .collect()
    }

    proptest! {
        #[test]
        fn mend_one_as_over_characters(s in "([IlQHĐÍ1-5]|QHI5|QHl4|ĐI2|ǅ|\u{301}){0,12}") {
            prop_assert_eq!(mend_one(&s), mend_one_by_chars(&s));
        }

        #[test]
        fn never_panics(s in "\\PC{0,60}") {
            let _ = canonical_number(&s);
            let _ = number_key(&s);
            let _ = type_code_of(&s);
            for m in find_numbers(&s) {
                prop_assert!(s.get(m.span.clone()).is_some());
            }
        }

        #[test]
        fn never_panics_on_number_like(s in "[0-9 /\\-sS6QĐDKHUBNDa-z\n.:]{0,40}") {
            let _ = canonical_number(&s);
            let _ = number_key(&s);
            for m in find_numbers(&s) {
                prop_assert!(s.get(m.span.clone()).is_some());
            }
        }

        #[test]
        fn same_as_regex_on_number_like(s in "([0-9]{1,6}|[ \t\r\n/\\-–.]|[A-Z]{1,3}|[a-z]|QĐ|Đ|đ|Ð|ư|Ữ|&|\u{a0}|Ж|ǅ|ʰ|Ⓐ|⁄|∕|／|Т|С|QĐTTg|NĐCP|QHI5|19|20|2024|UBND|số |s6){0,24}") {
            assert_same_as_regex(&s);
        }

        #[test]
        fn same_as_regex_on_any_text(s in "\\PC{0,40}") {
            assert_same_as_regex(&s);
        }
    }
}
