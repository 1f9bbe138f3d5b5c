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

/// A separator inside a number: slash or dash (en dash too), with spaces
/// and at most one line break around it.
const SEP: &str = r"[ \t]*(?:\r?\n[ \t]*)?[/\-–][ \t]*(?:\r?\n[ \t]*)?";

/// A number in running text. Groups: `num` (digits, optional letter or dot
/// suffix), `psep` (the separator after it), `year`, `kh` (the ký hiệu).
static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    let seg = r"[\p{Lu}][\p{L}0-9&]{0,14}";
    let pattern = format!(
        r"(?P<num>[0-9]{{1,5}}(?:\.[0-9]{{1,3}}|[a-zA-Z])?)(?P<psep>{SEP})(?:(?P<year>(?:19|20)[0-9]{{2}}){SEP})?(?P<kh>{seg}(?:{SEP}{seg}){{0,5}})"
    );
    Regex::new(&pattern).expect("number pattern")
});

static SEG_SPLIT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*[/\-–]\s*").expect("segment split"));

/// Whether a ký hiệu segment looks like a code rather than a word: at least
/// two capitals (`UBND`, `TTg`, `CTr`, `QH15`), or a known type code (`L`).
fn is_code_segment(seg: &str) -> bool {
    let upper = seg.chars().filter(|c| c.is_uppercase()).count();
    let lower = seg.chars().filter(|c| c.is_lowercase()).count();
    upper >= 2 && (lower <= 1 || lower <= upper / 2)
}

/// Canonical spelling of one ký hiệu segment. `type_position` is true for
/// the first segment, where the type code stands.
fn canonical_segment(seg: &str, type_position: bool) -> String {
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
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        out.push_str(&canonical_segment(seg, i == 0));
    }
    out
}

/// Reads the separators between the segments of a ký hiệu as written.
fn segment_seps(kh: &str) -> Vec<char> {
    SEG_SPLIT_RE
        .find_iter(kh)
        .map(|m| if m.as_str().contains('/') { '/' } else { '-' })
        .collect()
}

/// Canonical form from one regex match, or None when it is not a number.
fn from_captures(caps: &regex::Captures<'_>) -> Option<(String, Option<i32>)> {
    let num = caps.name("num")?.as_str();
    let psep = caps.name("psep")?.as_str();
    let kh = caps.name("kh")?.as_str();
    let year = caps.name("year").map(|m| m.as_str());
    let segments: Vec<&str> = SEG_SPLIT_RE.split(kh).collect();
    if segments.iter().any(|s| !is_code_segment(s)) {
        return None;
    }
    let seps = segment_seps(kh);
    let party = psep.contains('-') || psep.contains('–');
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
fn trim_to_codes(text: &str, caps: &regex::Captures<'_>) -> Option<usize> {
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

/// Every số ký hiệu in a running text, in order, with byte spans into the
/// text as given. Dates, ranges, amounts, phone numbers and standards are
/// not numbers: a ký hiệu needs a code of capitals after the number.
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        // Find the next match with the fast engine, then read its groups
        // on that span only: group extraction over a whole document is slow.
        let Some(found) = NUMBER_RE.find_at(text, at) else {
            break;
        };
        let Some(caps) = NUMBER_RE.captures_at(&text[..found.end()], found.start()) else {
            break;
        };
        let whole = caps.get(0).expect("match");
        let mut start = whole.start();
        // The number must begin a word; OCR glues "s6" (số) to the digits.
        let prev_ok = match text[..start].chars().next_back() {
            None => true,
            Some(c) => !(c.is_alphanumeric() || matches!(c, '/' | '.' | ',' | '-' | ':')),
        };
        if !prev_ok {
            if glued_so_case(text, start) {
                start -= 2;
            } else {
                at = next_char(text, whole.start());
                continue;
            }
        }
        // Cut the ký hiệu after its last code segment.
        let Some(end) = trim_to_codes(text, &caps) else {
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
        // A ký hiệu followed by more digits or letters glued to it is not one.
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
    let folded = fold(s).to_uppercase();
    let groups: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|g| !g.is_empty())
        .collect();
    let first = *groups.first()?;
    if !first.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
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
    for g in &groups[1..] {
        out.push('/');
        let is_year = g.len() == 4 && g.chars().all(|c| c.is_ascii_digit());
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
        for (text, want) in cases {
            let got: Vec<String> = find_numbers(text)
                .into_iter()
                .map(|m| m.canonical)
                .collect();
            assert_eq!(&got, want, "{text:?}");
        }
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
        ];
        for (input, want) in cases {
            assert_eq!(number_key(input).as_deref(), Some(want), "{input:?}");
        }
        assert_eq!(number_key("kế hoạch"), None);
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

    proptest! {
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
    }
}
