//! Dates of Vietnamese documents, whole or partial.
//!
//! Headers write the date of issue in words, "Long An, ngày 11 tháng 01 năm
//! 2021"; OCR turns it into "ngay 11 thang 01 nam 2021", "nim", "ndm",
//! "théang"; drafts leave parts blank ("ngày   tháng 11 năm 2023" →
//! `2023-11`). Running text also writes dates in figures: "08/3/2024",
//! "07-6-2022". [`find_date`] finds the first of them and checks that the
//! day exists in that month.

use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A date that may lack its day or its month: `2024-03-08`, `2023-11`, `2023`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO date: {s}")))
    }
}

/// Years a document of the Vietnamese state can bear.
const YEARS: std::ops::RangeInclusive<i32> = 1945..=2100;

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl PartialDate {
    /// A checked date: year in range, month 1–12, day within the month; a
    /// day needs a month.
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        if !YEARS.contains(&year) {
            return None;
        }
        match (month, day) {
            (None, Some(_)) => None,
            (Some(m), _) if !(1..=12).contains(&m) => None,
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => None,
            _ => Some(PartialDate { year, month, day }),
        }
    }
}

/// Reads `2024-03-08`, `2023-11` or `2023`.
pub fn parse_iso(s: &str) -> Option<PartialDate> {
    let mut parts = s.trim().split('-');
    let year_part = parts.next()?;
    if year_part.len() != 4 {
        return None;
    }
    let year = year_part.parse().ok()?;
    let month = match parts.next() {
        Some(m) if m.len() == 2 => Some(m.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let day = match parts.next() {
        Some(d) if d.len() == 2 => Some(d.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    PartialDate::new(year, month, day)
}

/// "ngày 11 tháng 01 năm 2021" in its clean and OCR spellings, with blank
/// day or month. The words: ngày (ngay, ngàv), tháng (thang, théang, thAng,
/// thiang), năm (nam, nim, ndm, ndam, nầm).
static WORDS_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&words_pattern()).expect("date words pattern"));

/// [`WORDS_RE`] anchored at the start of the haystack.
static WORDS_AT_START_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{})", words_pattern())).expect("date words pattern"));

fn words_pattern() -> String {
    let gap = r"[ \t.…_]*(?:\r?\n[ \t]*)?";
    format!(
        r"(?i)\bng[^\s\d]{{1,2}}[yv]{gap}(?P<d>\d{{1,2}})?{gap}\bth[^\s\d]{{1,3}}ng{gap}(?P<m>\d{{1,2}})?{gap}\bn[^\s\d]{{1,3}}m[ \t:]*(?:\r?\n[ \t]*)?(?P<y>\d{{4}})\b"
    )
}

/// "08/3/2024", "24/12/2021", "07-6-2022", "01.7.2025".
static FIGURES_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<d>\d{1,2})(?P<s>[/.\-])(?P<m>\d{1,2})(?P<s2>[/.\-])(?P<y>\d{4})\b")
        .expect("date figures pattern")
});

fn from_parts(d: Option<&str>, m: Option<&str>, y: &str) -> Option<PartialDate> {
    let year = y.parse().ok()?;
    let month = match m {
        Some(m) => Some(m.parse().ok()?),
        None => None,
    };
    let day = match d {
        Some(d) => Some(d.parse().ok()?),
        None => None,
    };
    PartialDate::new(year, month, day)
}

/// The first date in words ("ngày … tháng … năm …") in a text, with its span.
pub fn find_word_date(text: &str) -> Option<(PartialDate, Range<usize>)> {
    if !may_hold_year(text) {
        return None;
    }
    WORDS_RE.captures_iter(text).find_map(|c| word_date(&c))
}

/// Whether `text` holds four characters in a row that may be digits, as
/// the year of a date in words is (`\d` takes any Unicode digit, and none
/// but `0`–`9` is ASCII). Most lines hold none: the pattern, which the
/// fast engine cannot run on Vietnamese text, is not tried on them.
fn may_hold_year(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_ascii_digit() || !c.is_ascii() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// The date and span of one match of a date-in-words pattern.
fn word_date(c: &regex::Captures<'_>) -> Option<(PartialDate, Range<usize>)> {
    let date = from_parts(
        c.name("d").map(|m| m.as_str()),
        c.name("m").map(|m| m.as_str()),
        c.name("y")?.as_str(),
    )?;
    Some((date, c.get(0)?.range()))
}

/// The date in words that opens `text`, with its span: what
/// [`find_word_date`] gives when the date it finds starts at 0, found
/// without searching the rest of the text. (Matches do not overlap, so
/// only the first can start at 0.)
pub(crate) fn word_date_at_start(text: &str) -> Option<(PartialDate, Range<usize>)> {
    word_date(&WORDS_AT_START_RE.captures(text)?)
}

/// The first date in figures ("08/3/2024") in a text, with its span.
pub fn find_figure_date(text: &str) -> Option<(PartialDate, Range<usize>)> {
    FIGURES_RE.captures_iter(text).find_map(|c| {
        if c.name("s")?.as_str() != c.name("s2")?.as_str() {
            return None;
        }
        let whole = c.get(0)?;
        // Part of a longer figure (a number 1/08/3/2024, a code 12.3.2024.1).
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        if matches!(before, Some('/' | '.' | '-'))
            || matches!(after, Some(c) if c == '/' || c == '-' || c.is_alphanumeric())
        {
            return None;
        }
        let date = from_parts(
            Some(c.name("d")?.as_str()),
            Some(c.name("m")?.as_str()),
            c.name("y")?.as_str(),
        )?;
        Some((date, whole.range()))
    })
}

/// The first Vietnamese date in a text, in words or figures, with its byte
/// span: "Long An, ngay 11 thang 01 nam 2021" → 2021-01-11.
pub fn find_date(text: &str) -> Option<(PartialDate, Range<usize>)> {
    match (find_word_date(text), find_figure_date(text)) {
        (Some(a), Some(b)) => Some(if a.1.start <= b.1.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// A word that is a year a document can bear: `2024` → 2024.
pub fn year_of_word(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|y| YEARS.contains(y))
}

/// Whether `before` (folded, lower case) ends with a document number, and
/// maybe "ngay", so that a date after it is that number's date.
fn follows_a_number(before: &str) -> bool {
    let before = before.trim_end();
    let before = before.strip_suffix("ngay").unwrap_or(before);
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ')'));
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
    crate::number::canonical_number(last).is_some()
}

/// "tháng 6 năm 2022", "tháng 6/2022", folded to lower case without
/// diacritics: a month, as people name one in a search.
static MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bthang\s+(?P<m>\d{1,2})(?:\s+nam\s+|\s*[/.\-]\s*)(?P<y>\d{4})\b")
        .expect("month pattern")
});

/// Every day or month a search names: "ngày 14/12/2020", "14-12-2020",
/// "ngày 14 tháng 12 năm 2020", "tháng 6 năm 2022", "tháng 6/2022", with
/// or without diacritics. Not a year alone: "năm 2024" is more often what
/// a text is about than when it was issued. Nor the date of a number
/// (`Nghị định số 181/2025/NĐ-CP ngày 01 tháng 7 năm 2025`), which is when
/// the document cited was issued.
pub fn dates_in_query(query: &str) -> Vec<PartialDate> {
    let folded = crate::text::fold_lower(query);
    let mut out: Vec<PartialDate> = Vec::new();
    let mut push = |d: PartialDate, start: usize| {
        if d.month.is_some() && !out.contains(&d) && !follows_a_number(&folded[..start]) {
            out.push(d);
        }
    };
    let mut in_words = Vec::new();
    for c in WORDS_RE.captures_iter(&folded) {
        if let Some((d, span)) = word_date(&c) {
            push(d, span.start);
            in_words.push(span);
        }
    }
    let mut at = 0;
    while let Some((d, span)) = find_figure_date(&folded[at..]) {
        push(d, at + span.start);
        at += span.end;
    }
    for c in MONTH_RE.captures_iter(&folded) {
        let span = c.get(0).map_or(0..0, |m| m.range());
        if in_words
            .iter()
            .any(|w| w.start <= span.start && span.end <= w.end)
        {
            continue;
        }
        if let Some(d) = from_parts(None, c.name("m").map(|m| m.as_str()), &c["y"]) {
            push(d, span.start);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_a_search_names() {
        let dates =
            |q: &str| -> Vec<String> { dates_in_query(q).iter().map(|d| d.to_string()).collect() };
        assert_eq!(dates("nghị định ngày 14/12/2020"), ["2020-12-14"]);
        assert_eq!(dates("ngay 14 thang 12 nam 2020"), ["2020-12-14"]);
        assert_eq!(dates("báo cáo tháng 6 năm 2022"), ["2022-06"]);
        assert_eq!(dates("bao cao thang 6/2022"), ["2022-06"]);
        assert_eq!(dates("kế hoạch 08-3-2024 và 8/3/2024"), ["2024-03-08"]);
        // A year alone, a number, an impossible date: none.
        assert!(dates("năm 2024").is_empty());
        assert!(dates("110/KH-UBND").is_empty());
        assert!(dates("31/02/2024").is_empty());
        assert!(dates("tháng 13 năm 2024").is_empty());
        // The date of a number cited.
        assert!(dates("sửa đổi Nghị định số 181/2025/NĐ-CP ngày 01 tháng 7 năm 2025").is_empty());
        assert!(dates("Thông tư 17/2022/TT-BLĐTBXH, ngày 06/9/2022").is_empty());
        assert_eq!(
            dates("kế hoạch 110/KH-UBND và ngày 06/9/2022"),
            ["2022-09-06"]
        );
    }

    #[test]
    fn dates_in_lines() {
        let cases = [
            ("Long An, ngày 11 tháng 01 năm 2021", Some("2021-01-11")),
            (
                "S6:  110/KH-UBND Long An, ngay 11 thang 01 nam 2021",
                Some("2021-01-11"),
            ),
            (
                "S6: 82/BC-UBND Minh Tién, ngay 14 thang 6 nam 2024",
                Some("2024-06-14"),
            ),
            (
                "S6: 127/BC-UBND Long My, ngay 07 thang 6 ndam 2022",
                Some("2022-06-07"),
            ),
            (
                "Ké hoach s 175/KH-UBND ngay 24 théang 12 nim 2021 cua",
                Some("2021-12-24"),
            ),
            ("Trà Bồng, ngày tháng 11 năm 2023", Some("2023-11")),
            ("Hà Nội, ngày      tháng      năm 2025", Some("2025")),
            ("Hà Nội, ngày 20 tháng 5 năm 2026", Some("2026-05-20")),
            ("Hà Nội, ngày 27 tháng 8 năm 2025", Some("2025-08-27")),
            ("ngày 07\nthang 6 nim 2022 ctia", Some("2022-06-07")),
            (
                "K& hoach s6 435/KH-UBND ngay 08/3/2024 ctiia",
                Some("2024-03-08"),
            ),
            (
                "Công văn số 2164/STTTT-TTBCXB ngày 31/10/2023",
                Some("2023-10-31"),
            ),
            ("CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025", Some("2025-07-01")),
            ("ngày 07-6-2022", Some("2022-06-07")),
            ("ngày 31 tháng 02 năm 2021", None),
            ("ngày 30/2/2024", None),
            ("giai đoạn 2021-2025", None),
            ("ISO 9001:2015", None),
            ("ngày 1 tháng 13 năm 2020", None),
        ];
        for (text, want) in cases {
            let got = find_date(text).map(|(d, _)| d.to_string());
            assert_eq!(got.as_deref(), want, "{text:?}");
        }
    }

    fn word_date_at_start_agrees(text: &str) {
        let want = find_word_date(text).filter(|(_, r)| r.start == 0);
        assert_eq!(word_date_at_start(text), want, "{text:?}");
    }

    #[test]
    fn word_date_at_the_start_only() {
        for text in [
            "ngày 11 tháng 01 năm 2021 của UBND",
            "ngay 24 théang 12 nim 2021",
            "Ngày   tháng 11 năm 2023",
            "ngày 31 tháng 02 năm 2021, ngày 1 tháng 3 năm 2021",
            "ngày 08/3/2024",
            " ngày 11 tháng 01 năm 2021",
            "của UBND ngày 11 tháng 01 năm 2021",
            "ngàyy 11 tháng 01 năm 2021",
            "",
        ] {
            word_date_at_start_agrees(text);
        }
        assert!(word_date_at_start("ngày 11 tháng 01 năm 2021 của").is_some());
        assert!(word_date_at_start(" ngày 11 tháng 01 năm 2021").is_none());
    }

    #[test]
    fn span_points_at_the_date() {
        let text = "Long An, ngay 11 thang 01 nam 2021";
        let (_, span) = find_date(text).unwrap();
        assert_eq!(&text[span], "ngay 11 thang 01 nam 2021");
    }

    #[test]
    fn iso_round_trip() {
        for s in ["2024-03-08", "2023-11", "2023", "2024-02-29"] {
            assert_eq!(parse_iso(s).map(|d| d.to_string()).as_deref(), Some(s));
        }
        for s in ["2023-02-29", "2023-1", "23", "2023-11-05-1", "", "abcd"] {
            assert_eq!(parse_iso(s), None, "{s}");
        }
        let json = serde_json::to_string(&parse_iso("2023-11")).unwrap();
        assert_eq!(json, "\"2023-11\"");
        let back: Option<PartialDate> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, parse_iso("2023-11"));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = find_date(&s);
            let _ = parse_iso(&s);
        }

        #[test]
        fn word_date_at_start_agrees_with_search(s in "(ng[aàá]y|th[aá]ng|n[aă]m|[0-9]{1,4}| |\n|[.,_]|x|ý){0,14}") {
            word_date_at_start_agrees(&s);
        }

        #[test]
        fn years_where_dates_in_words_are(s in "(ng[aàá]y|th[aá]ng|n[aă]m|[0-9]{1,5}|٣|١٢|[ \n.…_:x]|ý|Ư){0,14}") {
            if WORDS_RE.is_match(&s) {
                prop_assert!(may_hold_year(&s), "{:?}", s);
            }
        }

        #[test]
        fn found_dates_are_valid(d in 0u8..40, m in 0u8..15, y in 1900i32..2200) {
            let text = format!("ngày {d} tháng {m} năm {y}");
            if let Some((date, _)) = find_date(&text) {
                prop_assert!(PartialDate::new(date.year, date.month, date.day).is_some());
                prop_assert_eq!(date.year, y);
            }
        }
    }
}
