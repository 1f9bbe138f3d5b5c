//! Citations: the other documents a document cites, with the relation the
//! words before each citation state.
//!
//! A first citation gives type, number, date, issuing body and subject, and
//! the verb before it says why the document cites it:
//! "Thực hiện Kế hoạch số 435/KH-UBND ngày 08/3/2024 của UBND huyện về việc
//! tuyên truyền Cải cách hành chính (CCHC) năm 2024" →
//! `Citation { number: "435/KH-UBND", doc_type: "KH", date: 2024-03-08,
//! issuer: "UBND huyện", subject: "tuyên truyền Cải cách hành chính (CCHC)
//! năm 2024", relation: Implements }`. The same works on OCR text ("Thyc
//! hién K& hoach s6 435/KH-UBND ngay 08/3/2024 ctiia UBND huyén") because
//! numbers come from [`crate::number::find_numbers`] and the words around
//! them are read in their folded form.
//!
//! The relation is read from the clause before the citation, back to the
//! previous sentence, semicolon or list item: "Căn cứ" → based on, "Thực
//! hiện", "Triển khai", "theo Kế hoạch số" → implements, "Theo đề nghị
//! của … tại Công văn số", "Phúc đáp" → responds to, "sửa đổi, bổ sung",
//! "thay thế", "bãi bỏ", "hướng dẫn" → amends, replaces, repeals, guides;
//! anything else, or a citation inside the subject of another one, is a
//! mention. Citations joined by a comma or "và" share the verb ("Thực hiện
//! Kế hoạch số A …, Kế hoạch số B …"); in a list "Căn cứ Luật …; Căn cứ
//! Nghị định số …;" each item has its own. A page's end (footnotes, page
//! number, the Công báo header) does not end the sentence it interrupts.
//!
//! A decree or a law cited by number and year alone, without its ký hiệu
//! ("Nghị định số 15/2020", "Luật Doanh nghiệp số 59/2020"), is read with
//! the ký hiệu it must have: `15/2020/NĐ-CP` (decrees are the
//! Government's), `59/2020/QH14` (laws carry the legislature of their
//! year; not for a year two legislatures share). Other types need an
//! issuer the number does not give, and are left out.
//!
//! A law, code or ordinance is often cited by its name and the date it was
//! passed, with no number ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6
//! năm 2015;"): such a citation has a [`Citation::name`] and an empty
//! number, and is known by its type, name and year ([`name_key`]).
//!
//! A document never cites itself: the header line "Số: 110/KH-UBND" and
//! every other occurrence of the document's own number are left out.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::date::{self, PartialDate};
use crate::doctype::{self, DocType};
use crate::number::{self, NumberMatch};
use crate::text::fold_lower;

/// Why a document cites another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// "Thực hiện Kế hoạch số …": a report carrying out a plan, a plan
    /// carrying out a decision.
    Implements,
    /// "Căn cứ Nghị định số …": the legal basis.
    BasedOn,
    /// "Theo đề nghị của … tại Công văn số …", "Phúc đáp Công văn số …".
    RespondsTo,
    /// "sửa đổi, bổ sung một số điều của Nghị định số …".
    Amends,
    /// "Quyết định này thay thế Quyết định số …".
    Replaces,
    /// "bãi bỏ Quyết định số …".
    Repeals,
    /// "hướng dẫn thi hành Nghị định số …".
    Guides,
    /// Any other citation.
    Mentions,
}

impl Relation {
    /// Every relation, in declaration order.
    pub const ALL: [Relation; 8] = [
        Relation::Implements,
        Relation::BasedOn,
        Relation::RespondsTo,
        Relation::Amends,
        Relation::Replaces,
        Relation::Repeals,
        Relation::Guides,
        Relation::Mentions,
    ];

    /// The name used in JSON and in the index: `"implements"`, `"based_on"`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Implements => "implements",
            Relation::BasedOn => "based_on",
            Relation::RespondsTo => "responds_to",
            Relation::Amends => "amends",
            Relation::Replaces => "replaces",
            Relation::Repeals => "repeals",
            Relation::Guides => "guides",
            Relation::Mentions => "mentions",
        }
    }

    /// Reads a name written by [`Relation::as_str`] (also with a dash or a
    /// space for the underscore, any case).
    pub fn parse(s: &str) -> Option<Relation> {
        let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Relation::ALL.into_iter().find(|r| r.as_str() == key)
    }
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One citation of another document, as found in a text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// Canonical number: `435/KH-UBND`, `20/2008/NĐ-CP`, `04-NQ/TU`; empty
    /// for a law cited by its name ([`Citation::name`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    /// A law, code or ordinance cited by name and date, without a number:
    /// "Luật Bảo hiểm xã hội" in "Căn cứ Luật Bảo hiểm xã hội ngày 29
    /// tháng 6 năm 2024".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Type code: from the words before the number ("Kế hoạch số" → `KH`),
    /// else from the ký hiệu (`4963/QĐ-UBND` → `QĐ`, `1504/UBND-NCTH` → `CV`).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Name of the type: "Kế hoạch", "Nghị định", "Luật".
    pub type_name: Option<String>,
    /// Date of the cited document, when the citation gives it.
    pub date: Option<PartialDate>,
    /// Issuing body as written after "của": "UBND huyện", "Chính phủ",
    /// "Chủ tịch UBND tỉnh Quảng Ngãi" (spaces and line breaks collapsed).
    pub issuer: Option<String>,
    /// Subject (trích yếu) when given: the words after "về việc", "về",
    /// "V/v", or a subject that opens with its verb ("ban hành …", "quy định …").
    pub subject: Option<String>,
    /// What the words before the citation say about it.
    pub relation: Relation,
    /// Byte offsets into the text given: from the type name (or the number)
    /// to the end of the last part read (number, date, issuer or subject).
    pub span: [usize; 2],
}

impl Citation {
    /// The year of the cited document: the year in its number
    /// (`20/2008/NĐ-CP` → 2008), else the year of its date.
    pub fn year(&self) -> Option<i32> {
        number::year_in_number(&self.number).or(self.date.map(|d| d.year))
    }

    /// What identifies the cited document in the index: its number key,
    /// or for a law cited by name, its [`name_key`].
    pub fn key(&self) -> Option<String> {
        match &self.name {
            Some(name) => Some(name_key(self.doc_type.as_deref()?, name, self.date?.year)),
            None => number::number_key(&self.number),
        }
    }

    /// How the cited document is named: its number, or its name.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.number)
    }
}

/// The key of a law, code or ordinance by its type, name and year, the
/// same for a citation ("Bộ luật Lao động ngày 20 tháng 11 năm 2019":
/// `Luật`, "Lao động", 2019) and for the document's own header (type
/// `Luật`, title "LAO ĐỘNG" or "BỘ LUẬT LAO ĐỘNG", number 45/2019/QH14):
/// `name:luat:lao dong:2019`. The name is folded, its punctuation dropped;
/// the year tells apart laws of one name, as a number's year does.
pub fn name_key(type_code: &str, name: &str, year: i32) -> String {
    format!("{}{year}", name_key_prefix(type_code, name))
}

/// [`name_key`] without its year: what the keys of every year of a law's
/// name start with.
pub fn name_key_prefix(type_code: &str, name: &str) -> String {
    let folded = fold_lower(name);
    let mut words = folded_words(&folded);
    // A title that repeats its type ("LUẬT BẢO HIỂM XÃ HỘI").
    if let Some((_, n)) = law_type_opening(&words).filter(|&(_, n)| words.len() > n) {
        words.drain(..n);
    }
    format!("name:{}:{}:", fold_lower(type_code), words.join(" "))
}

/// The words of a folded text: its runs of letters and digits.
fn folded_words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The type of law folded `words` open with ("bo luat", "luat", "phap
/// lenh", as [`doctype::by_name`] reads them), and how many words it takes.
fn law_type_opening(words: &[&str]) -> Option<(&'static DocType, usize)> {
    [2, 1]
        .into_iter()
        .filter(|&n| words.len() >= n)
        .find_map(|n| {
            let t = doctype::by_name(&words[..n].join(" "))?;
            cited_by_name(t.code).then_some((t, n))
        })
}

/// A law, code or ordinance as a person names it: its type words, its name,
/// then maybe its year or date ("Luật Bảo hiểm xã hội 2024", "bộ luật lao
/// động năm 2019", "Luật Đất đai ngày 18/01/2024"), with or without
/// diacritics. Gives the type code, the name and the year.
pub fn law_named(input: &str) -> Option<(&'static str, String, Option<i32>)> {
    let folded = fold_lower(input);
    let mut words = folded_words(&folded);
    let (law_type, skip) = law_type_opening(&words)?;
    let code = law_type.code;
    words.drain(..skip);
    let is_year = |w: &str| w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
    let mut year = None;
    if let Some(at) = words.iter().position(|w| is_year(w)) {
        year = words[at].parse().ok();
        // The date's words go with it: "ngày 29 tháng 6 năm 2024", "năm
        // 2024", "29/6/2024".
        let date_start = words[..at]
            .iter()
            .position(|w| *w == "ngay")
            .or_else(|| (at > 0 && words[at - 1] == "nam").then(|| at - 1))
            .unwrap_or_else(|| {
                let digits = words[..at]
                    .iter()
                    .rev()
                    .take_while(|w| w.bytes().all(|b| b.is_ascii_digit()));
                at - digits.count()
            });
        if at + 1 != words.len() {
            return None;
        }
        words.truncate(date_start);
    }
    if words.is_empty() || words.iter().any(|w| w.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some((code, words.join(" "), year))
}

/// The types a document is cited by name as (with [`name_key`]): laws and
/// codes (`Luật`) and ordinances (`PL`).
pub fn cited_by_name(type_code: &str) -> bool {
    matches!(type_code, "Luật" | "PL")
}

/// Every citation in `text`, in order of appearance, one per occurrence
/// (the caller de-duplicates). `own_number` is the document's own number
/// from its header: every occurrence of it is left out, as is any number
/// written after "Số:" (the header's number line).
pub fn extract_citations(text: &str, own_number: Option<&str>) -> Vec<Citation> {
    extract_citations_of(text, own_number, None)
}

/// [`extract_citations`] for a document whose header gives its type
/// (`own_type`) when its number does not: a report without a number is
/// still a report, and changes no document it cites.
pub fn extract_citations_of(
    text: &str,
    own_number: Option<&str>,
    own_type: Option<&'static DocType>,
) -> Vec<Citation> {
    let numbers = number::find_numbers(text);
    let shorts = short_numbers(text, &numbers);
    if numbers.is_empty() && shorts.is_empty() && !LAW_TYPE_RE.is_match(text) {
        return Vec::new();
    }
    // Every number with whether it is a short form, in order.
    let mut numbers: Vec<Cand<'_>> = numbers
        .iter()
        .map(|m| (m, false))
        .chain(shorts.iter().map(|m| (m, true)))
        .collect();
    numbers.sort_by_key(|(m, _)| m.span.start);
    let own_key = own_number.and_then(number::number_key);
    let own_type = own_number.and_then(number::type_code_of).or(own_type);
    let is_report = own_type.is_some_and(|t| t.code == "BC");

    // The running text reads on over a page's end: the footnotes, page
    // number and Công báo header between are blanked. The citations inside
    // them are read on their own, in the text as it is.
    let breaks = page_breaks(text);
    let in_break = |at: usize| {
        let k = breaks.partition_point(|r| r.end <= at);
        breaks.get(k).is_some_and(|r| r.start <= at)
    };
    let body = blank_ranges(text, &breaks);
    let (inside, running): (Vec<Cand<'_>>, Vec<Cand<'_>>) = numbers
        .into_iter()
        .partition(|(m, _)| in_break(m.span.start));
    let mut all = cite_group(&body, &running, own_key.as_deref(), is_report, &|_| true);
    if !breaks.is_empty() {
        all.extend(cite_group(
            text,
            &inside,
            own_key.as_deref(),
            is_report,
            &in_break,
        ));
        all.sort_by_key(|(f, _)| f.number_end);
    }

    all.into_iter()
        .map(|(f, relation)| Citation {
            number: f.number,
            name: f.name,
            doc_type: f.doc_type.map(|t| t.code.to_string()),
            type_name: f.doc_type.map(|t| t.name.to_string()),
            date: f.date,
            issuer: f.issuer.map(|p| p.value),
            subject: f.subject.map(|p| p.value),
            relation,
            span: [f.start, f.tail_end],
        })
        .collect()
}

/// A number found in a text, and whether it is a short form (number and
/// year only, see [`short_numbers`]).
type Cand<'a> = (&'a NumberMatch, bool);

/// The citations of `numbers`, all read in `text`, with their relations.
fn cite_group(
    text: &str,
    numbers: &[Cand<'_>],
    own_key: Option<&str>,
    is_report: bool,
    names_at: &dyn Fn(usize) -> bool,
) -> Vec<(Found, Relation)> {
    // First pass: what each number carries (type, date, issuer, subject).
    let mut found: Vec<Found> = Vec::with_capacity(numbers.len());
    for &(m, short) in numbers {
        if let Some(f) = read_citation(text, m, short, own_key) {
            found.push(f);
        }
    }
    // Laws cited by name (those starting where `names_at` says), where no
    // number's citation reads.
    let named: Vec<Found> = named_laws(text)
        .into_iter()
        .filter(|n| {
            names_at(n.start)
                && !found
                    .iter()
                    .any(|f| f.start < n.tail_end && n.start < f.tail_end)
        })
        .collect();
    if !named.is_empty() {
        found.extend(named);
        found.sort_by_key(|f| f.start);
    }
    // A subject with no end of its own ends at the next citation.
    for i in 1..found.len() {
        let next_start = found[i].start;
        let prev = &mut found[i - 1];
        if prev.subject.is_none() && prev.name.is_none() && prev.tail_end < next_start {
            if let Some(p) = subject_until(text, prev.tail_end, next_start) {
                prev.tail_end = p.range.end;
                prev.subject = Some(p);
            }
        }
    }
    // A part read after a number never runs into the next citation.
    for i in 1..found.len() {
        let next_start = found[i].start;
        let prev = &mut found[i - 1];
        if prev.tail_end > next_start {
            prev.tail_end = prev
                .number_end
                .max(trim_end_to(text, prev.number_end, next_start));
            prev.subject = prev
                .subject
                .take()
                .and_then(|p| cut_part(text, p, next_start));
            prev.issuer = prev
                .issuer
                .take()
                .and_then(|p| cut_part(text, p, next_start));
        }
    }

    // Second pass: relations, which may depend on the citations before.
    let mut relations: Vec<Relation> = Vec::with_capacity(found.len());
    for i in 0..found.len() {
        let r = relation_of(text, &found, &relations, i);
        relations.push(r);
    }
    // "Nghị định số A … (và Nghị định số B …) hết hiệu lực kể từ ngày …".
    let mut i = 0;
    while i < found.len() {
        match ceasing_after(text, &found, i) {
            Some(last) => {
                for r in &mut relations[i..=last] {
                    if *r == Relation::Mentions {
                        *r = Relation::Repeals;
                    }
                }
                i = last + 1;
            }
            None => i += 1,
        }
    }
    // A report changes no other document: the changing words it holds
    // belong to the titles of the documents it lists.
    if is_report {
        for r in &mut relations {
            if matches!(r, Relation::Amends | Relation::Replaces | Relation::Repeals) {
                *r = Relation::Mentions;
            }
        }
    }
    found.into_iter().zip(relations).collect()
}

/// The Công báo header that opens a page: "CÔNG BÁO/Số 1221 + 1222/Ngày 06-11-2024".
static PAGE_HEADER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*C[ÔO]NG[ \t]+B[ÁA]O[ \t]*/[ \t]*S[ốỐo][^\n]*(?:\n|\z)")
        .expect("page header")
});

/// A footnote's first line: its mark, then its text ("15 Chương này …").
static FOOTNOTE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*\d{1,3}[ \t]+\S").expect("footnote"));

/// Whether `text` holds the words a page header opens with, "CÔNG BÁO"
/// or "CONG BAO" with blanks between. Most texts do not: these words rule
/// them out faster than [`PAGE_HEADER_RE`], which has no literal start to
/// look for.
fn may_hold_page_header(text: &str) -> bool {
    ["CÔNG", "CONG"].iter().any(|w| {
        memchr::memmem::find_iter(text.as_bytes(), w.as_bytes()).any(|i| {
            let after = &text[i + w.len()..];
            let rest = after.trim_start_matches([' ', '\t']);
            rest.len() < after.len() && (rest.starts_with("BÁO") || rest.starts_with("BAO"))
        })
    })
}

/// The pieces of `text` that break its running text at a page's end, in
/// order: each from the line after the page's last line of text (or the
/// rule over its footnotes) to the line that goes on after the header,
/// over blank lines, the page number and the Công báo header.
fn page_breaks(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    if !may_hold_page_header(text) {
        return out;
    }
    for h in PAGE_HEADER_RE.find_iter(text) {
        let lines_back = text[..h.start()].split_inclusive('\n').rev();
        let floor = out.last().map_or(0, |r| r.end);
        let mut start = h.start();
        let mut footnotes: Option<usize> = None;
        let mut seen = 0;
        let mut at = h.start();
        let mut in_blank = true;
        for line in lines_back.take(80) {
            let line_start = at - line.len();
            if line_start < floor {
                break;
            }
            let t = line.trim();
            let blank = t.is_empty() || (t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()));
            if in_blank && blank {
                start = line_start;
            } else {
                in_blank = false;
                if t.is_empty() && line.trim_end_matches('\n').len() >= 10 {
                    // The rule over the footnotes, if a footnote's mark
                    // follows it.
                    if seen > 0 && FOOTNOTE_RE.is_match(&text[at..]) {
                        footnotes = Some(line_start);
                    }
                    break;
                }
                if PAGE_HEADER_RE.is_match(line) {
                    break;
                }
                seen += 1;
            }
            at = line_start;
        }
        if let Some(f) = footnotes {
            start = f;
        }
        let mut end = h.end();
        for line in text[end..].split_inclusive('\n') {
            let t = line.trim();
            let blank = t.is_empty() || (t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()));
            if !blank || !line.ends_with('\n') {
                break;
            }
            end += line.len();
        }
        out.push(start..end);
    }
    out
}

/// `text` with every byte of `ranges` (on character boundaries) a space.
fn blank_ranges<'a>(text: &'a str, ranges: &[Range<usize>]) -> std::borrow::Cow<'a, str> {
    if ranges.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for r in ranges {
        out.push_str(&text[from..r.start]);
        out.extend(std::iter::repeat_n(' ', r.len()));
        from = r.end;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// A part read after a number, with its byte range in the text.
#[derive(Debug, PartialEq)]
struct Part {
    value: String,
    range: Range<usize>,
}

/// A citation while it is being read.
#[derive(Debug)]
struct Found {
    number: String,
    /// The name of a law cited without a number ([`named_laws`]).
    name: Option<String>,
    doc_type: Option<&'static DocType>,
    /// Start of the type words (or of "số", or of the number).
    start: usize,
    number_end: usize,
    date: Option<PartialDate>,
    issuer: Option<Part>,
    subject: Option<Part>,
    /// End of the last part read.
    tail_end: usize,
}

/// A piece of the text folded to lower-case ASCII-like letters, with the
/// byte offset in the original text of every folded byte.
///
/// Folding goes character by character, so a piece folded alone is the
/// same as that piece of the whole text folded. Only the pieces read are
/// folded: the clause before a citation, and the words around its number,
/// as far as the readers there can look ([`Folded::before`],
/// [`Folded::after`]).
struct Folded {
    s: String,
    /// `map[i]`: start in the original text of the character that gave
    /// folded byte `i`; one more entry for the end of the piece.
    map: Vec<usize>,
}

impl Folded {
    /// `text[range]` folded; `range` on character boundaries.
    fn new(text: &str, range: Range<usize>) -> Folded {
        let b = text.as_bytes();
        // Built as a string, one ASCII character or folded string at a
        // time, so that it needs no check of its UTF-8 at the end.
        let mut s = String::with_capacity(range.len());
        let mut map: Vec<usize> = Vec::with_capacity(range.len() + 1);
        let mut i = range.start;
        while i < range.end {
            if b[i].is_ascii() {
                s.push(char::from(b[i].to_ascii_lowercase()));
                map.push(i);
                i += 1;
                continue;
            }
            let (c, len) = decode_at(b, i);
            if let Some(f) = crate::text::fold_lower_byte(c) {
                s.push(char::from(f));
                map.push(i);
            } else {
                let before = s.len();
                crate::text::fold_lower_into(&text[i..i + len], &mut s);
                map.extend(std::iter::repeat_n(i, s.len() - before));
            }
            i += len;
        }
        map.push(range.end);
        Folded { s, map }
    }

    /// The text before `to` folded, back far enough to hold `words` words
    /// and the space before the first of them (see [`holds_words_before`]),
    /// or from the start of the text.
    fn before(text: &str, to: usize, words: usize) -> Folded {
        let mut back = 8 * words + 32;
        loop {
            let from = floor_boundary(text, to.saturating_sub(back));
            let f = Folded::new(text, from..to);
            if from == 0 || holds_words_before(&f.s, words) {
                return f;
            }
            back *= 2;
        }
    }

    /// The text from `from` folded, far enough to hold what
    /// [`holds_words_after`] asks for `words`, or to the end of the text.
    fn after(text: &str, from: usize, words: usize) -> Folded {
        let to = floor_boundary(text, from + 8 * words + 32);
        Folded::new(text, from..to).grown_to(text, words)
    }

    /// This piece, which starts where the reader starts, folded further
    /// until it holds what [`holds_words_after`] asks for `words`, or to
    /// the end of the text.
    fn grown_to(mut self, text: &str, words: usize) -> Folded {
        let mut ahead = 8 * words + 32;
        while self.end() < text.len() && !holds_words_after(&self.s, words) {
            let from = self.end();
            let to = floor_boundary(text, from + ahead);
            let more = Folded::new(text, from..to);
            self.s.push_str(&more.s);
            self.map.pop();
            self.map.extend_from_slice(&more.map);
            ahead *= 2;
        }
        self
    }

    /// Original offset of the end of the piece.
    fn end(&self) -> usize {
        self.map[self.map.len() - 1]
    }

    /// Original offset of folded offset `f`.
    fn orig(&self, f: usize) -> usize {
        self.map[f.min(self.map.len() - 1)]
    }

    /// Folded offset of original offset `o` (the first folded byte at or after it).
    fn pos(&self, o: usize) -> usize {
        self.map.partition_point(|&x| x < o)
    }
}

/// The character that starts at byte `i` of valid UTF-8 `b`, not ASCII,
/// and its length.
#[inline]
fn decode_at(b: &[u8], i: usize) -> (char, usize) {
    let cont = |k: usize| u32::from(b[i + k] & 0x3F);
    let lead = u32::from(b[i]);
    let (cp, len) = if lead < 0xE0 {
        (((lead & 0x1F) << 6) | cont(1), 2)
    } else if lead < 0xF0 {
        (((lead & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    (char::from_u32(cp).expect("valid UTF-8"), len)
}

/// Whether folded text `f` holds, back from its end, `words` words each
/// with the spaces after it, and the space before the first: then every
/// [`word_before`] that [`type_before`] and [`in_link_or_form`] ask for
/// (at most 6 words back, or 17 for a law's name: "số", a colon, 14 words
/// of the name and "bộ" before "luật") is the same in `f` as in the whole
/// folded text.
fn holds_words_before(f: &str, words: usize) -> bool {
    let mut chars = f.chars().rev().peekable();
    for _ in 0..words {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        while chars.next_if(|c| !c.is_whitespace()).is_some() {}
    }
    chars.peek().is_some()
}

/// Whether folded text `f` holds, from its start, a run of spaces and
/// commas, then `words` words each with the spaces after it, then one
/// character more: as far as a reader after a number may look ("của" or
/// "về việc" then the spaces after it, an issuer's 16 words and the
/// character after the last), so that it reads `f` as the whole text.
fn holds_words_after(f: &str, words: usize) -> bool {
    let mut chars = f.chars().peekable();
    while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
    for _ in 0..words {
        while chars.next_if(|c| !c.is_whitespace()).is_some() {}
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
    }
    chars.peek().is_some()
}

/// "số" in its OCR spellings: so, s6, sé, sb, sd, s, s&, s0, sô.
fn is_so_word(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    let b = w.as_bytes();
    if w == "$6" {
        return true;
    }
    match b.len() {
        1 => b[0] == b's',
        2 => b[0] == b's' && matches!(b[1], b'o' | b'6' | b'0' | b'e' | b'b' | b'd' | b'&'),
        3 => w == "se6" || w == "so6",
        _ => false,
    }
}

/// The whitespace-separated word ending at folded offset `end` (after
/// skipping whitespace back from it): its folded range.
fn word_before(f: &str, end: usize) -> Option<Range<usize>> {
    let head = f[..end].trim_end();
    let stop = head.len();
    if stop == 0 {
        return None;
    }
    let start = head
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    Some(start..stop)
}

fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '.' | ':' | '(' | ')' | '"' | '“' | '”' | '!' | '?'
    )
}

/// What [`type_before`] reads: the type and the folded start of its words,
/// the folded start of "số" (or of the number), and whether a colon stands
/// before the number.
type TypeWords = (Option<(&'static DocType, usize)>, usize, bool);

/// The type words before a number ("Kế hoạch số", "Nghị định s6", "Luật
/// Bảo hiểm y tế số"): the type and the folded start of the words. Also
/// tells whether "Số:" with a colon stands right before the number.
///
/// Up to six words back are read first ("số", a colon, four words); a
/// law's name after "Luật" reaches further (up to 17 words), and only
/// when `far` is it read: otherwise None says it is needed.
fn type_before(f: &str, num_start: usize, far: bool) -> Option<TypeWords> {
    let mut end = num_start;
    let mut colon = false;
    // "Số:" / "S6 :" / glued "Kế hoạch số:" — skip a colon and "số".
    let head = f[..end].trim_end();
    if let Some(h) = head.strip_suffix(':') {
        colon = true;
        end = h.len();
    }
    let mut so_start = None;
    if let Some(w) = word_before(f, end) {
        let word = &f[w.clone()];
        let (word, had_colon) = match word.strip_suffix(':') {
            Some(x) => (x, true),
            None => (word, false),
        };
        if is_so_word(word) {
            colon |= had_colon;
            so_start = Some(w.start);
            end = w.start;
        }
    }
    let fallback = so_start.unwrap_or(num_start);
    // Up to four words before: the longest run that names a type.
    let mut words: Vec<Range<usize>> = Vec::with_capacity(4);
    let mut at = end;
    while words.len() < 4 {
        let Some(w) = word_before(f, at) else { break };
        let word = &f[w.clone()];
        if word.ends_with(is_clause_punct) {
            break;
        }
        let starts_punct = word.starts_with(is_clause_punct);
        words.push(w.clone());
        if starts_punct {
            break;
        }
        at = w.start;
    }
    for k in (1..=words.len()).rev() {
        let first = &words[k - 1];
        let phrase = f[first.start..words[0].end].trim_start_matches(is_clause_punct);
        if let Some(t) = doctype::by_name(phrase) {
            // A single short word names a type only when it is a real
            // type word; "lệnh" alone is too common in running text.
            if k == 1 && t.code == "L" {
                continue;
            }
            return Some((Some((t, first.start)), fallback, colon));
        }
    }
    // "Luật Bảo hiểm y tế số …", "Bộ luật Lao động số …", "Pháp lệnh … số".
    if so_start.is_some() {
        if !far {
            return None;
        }
        let mut at = end;
        for _ in 0..14 {
            let Some(w) = word_before(f, at) else { break };
            let word = &f[w.clone()];
            if word.ends_with(is_clause_punct) {
                break;
            }
            let word = word.trim_start_matches(is_clause_punct);
            if word == "luat" {
                let mut start = w.start;
                if let Some(p) = word_before(f, w.start) {
                    if &f[p.clone()] == "bo" {
                        start = p.start;
                    }
                }
                return Some((
                    doctype::by_code("Luật").map(|t| (t, start)),
                    fallback,
                    colon,
                ));
            }
            if word == "lenh" {
                if let Some(p) = word_before(f, w.start) {
                    if &f[p.clone()] == "phap" {
                        return Some((
                            doctype::by_code("PL").map(|t| (t, p.start)),
                            fallback,
                            colon,
                        ));
                    }
                }
            }
            at = w.start;
        }
    }
    Some((None, fallback, colon))
}

/// "- -UBND" after a number cut short by a doubled dash.
static DOUBLE_DASH_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*-[ \t]*-[ \t]*(\p{Lu}{2,8})\b").expect("double dash"));

/// A gap before a date in figures: "ngày", "ngay", "ngàv", "NGÀY", with
/// commas.
static DATE_GAP_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s,(]*(?:(?i:ng)\S{1,3}(?i:[yv])[\s:]*)?$").expect("date gap"));

/// "của" and its OCR spellings, at the start of a folded text.
static OF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s,]*(?:cua|ciia|ctia|caa|ctiia|ctua|cia|cta|ctla|cila|ciua|cüa|clia|cla)\s+")
        .expect("of pattern")
});

/// What opens a subject, at the start of a folded text: "về việc", "về",
/// "V/v" (dropped), or a verb that begins the trích yếu (kept).
static SUBJECT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s,]*(?:(?P<about>v/v|v[e&]{1,2}\s+vi\S{0,2}c|v[e&]{1,2}\s+vigc|v[e&]{1,2})\s+|(?P<verb>ban\s+hanh|quy\s+dinh|huong\s+dan|phe\s+duyet|s(?:u|tr|ir|t|ur)a\s+d[o6]i|thanh\s+lap|trien\s+khai|tuyen\s+truyen)\b)",
    )
    .expect("subject pattern")
});

/// Where a subject ends: a semicolon, a full stop or colon before a space,
/// a line that opens a list item, a blank line, a bracket that closes
/// what opened before the citation, a comma before a body or "đồng thời".
/// Only where a match starts is used, so the word after the comma is
/// ended by a non-word character (or the end) taken into the match rather
/// than by `\b`, which would keep the fast engine off non-ASCII text.
static SUBJECT_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[;:]|\.(?:\s|$)|\n[ \t]*\n|\n[ \t]*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ]\)|[IVX]{1,4}\.)\s|\)[;,.]?\s*\n|,\s+(?:UBND|Ủy ban|Uỷ ban|Uy ban|Sở|Phòng|Bộ|Chính phủ|Thủ tướng|HĐND|Hội đồng|Chủ tịch|Văn phòng|Tỉnh ủy|Huyện ủy|đồng thời|trong đó)(?:\W|$)",
    )
    .expect("subject end")
});

/// Words (folded) that end an issuer: the subject, a date, a verb.
/// Capitalised, most of them are syllables of a name ("Tài chính", "Tư
/// pháp", "Yên Bái", "Sơn La", "Đà Nẵng", "Chợ Đồn") and do not; see
/// [`ISSUER_HARD_STOPS`].
const ISSUER_STOPS: &[&str] = &[
    "ve", "v/v", "ve&", "ngay", "tai", "theo", "nham", "de", "voi", "gui", "da", "duoc", "la",
    "co", "nay", "tren", "trong", "nhu", "sau", "tu", "cho", "giao", "ket", "ban", "quy", "huong",
    "sua", "thay", "bai", "phe", "thanh", "thuc", "thyc", "trien", "tuyen", "dinh", "lien", "cac",
    "mot", "hoac", "het",
];

/// Stop words that end an issuer even capitalised: no name holds them,
/// and a subject in title case opens with them ("… của Chính phủ Về …").
const ISSUER_HARD_STOPS: &[&str] = &[
    "ve", "v/v", "ve&", "ngay", "theo", "nham", "de", "voi", "gui", "duoc", "nay", "tren", "trong",
    "sau", "ket", "cac", "mot", "hoac", "het",
];

/// Two words (folded) of a body's name whose second is a stop word in
/// lower case: "Kế hoạch và Đầu tư", "Phát triển nông thôn", "Giao thông
/// vận tải", "Ngoại giao", "Dân tộc và Tôn giáo".
const ISSUER_NAME_PAIRS: &[(&str, &str)] = &[
    ("dau", "tu"),
    ("phat", "trien"),
    ("van", "tai"),
    ("ngoai", "giao"),
    ("ton", "giao"),
];

/// Two words (folded) that open what follows an issuer: a verb or "lần thứ".
static ISSUER_VERB_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:ban hanh|quy dinh|huong dan|phe duyet|s(?:u|tr|ir|t|ur)a d[o6]i|b[oe6d] sung|thay the|bai b[o6d]|thanh lap|th[uwy][ce] hien|trien khai|dong thoi|cong bo|lan thu|ve viec|het hieu)\b",
    )
    .expect("issuer verbs")
});

/// Whether a word ends the issuer. A capitalised stop word is part of a
/// name ("Ban Thường vụ", "Thành phố", "Bộ Tài chính", "Sơn La") unless
/// it is a hard stop or opens a verb ("Ban hành"); a stop word in lower
/// case is part of a name only after its pair's first word ("Đầu tư").
/// Checked on the original letter case; `prev_folded` is the word before
/// in the issuer, if any.
fn issuer_stop(
    word_folded: &str,
    word_orig: &str,
    prev_folded: Option<&str>,
    next_folded: Option<&str>,
) -> bool {
    let w = word_folded.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '/');
    if w.is_empty() {
        return true;
    }
    if w.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    if let Some(n) = next_folded {
        let mut pair = String::with_capacity(w.len() + n.len() + 1);
        pair.push_str(w);
        pair.push(' ');
        pair.push_str(n);
        if ISSUER_VERB_RE.is_match(&pair) {
            return true;
        }
    }
    let capital = word_orig.chars().next().is_some_and(char::is_uppercase);
    if capital {
        // "Tại", "Đã", "Là", "Có" opening a sentence: no name holds them
        // spelt so, though "Tài", "Đà", "La", "Cô" are syllables of names.
        let lower = word_orig.to_lowercase();
        let spelt = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
        return ISSUER_HARD_STOPS.contains(&w) || matches!(spelt, "tại" | "đã" | "là" | "có");
    }
    if prev_folded.is_some_and(|p| ISSUER_NAME_PAIRS.contains(&(p, w))) {
        return false;
    }
    // "thì", "do" as spelt: folded, they are also "thị" (thị xã) and
    // "đỏ" (Hội Chữ thập đỏ).
    if matches!(
        word_orig.trim_end_matches(|c: char| !c.is_alphanumeric()),
        "thì" | "do"
    ) {
        return true;
    }
    match w {
        // "ban" lower case: "ban hành" is a verb; "ban nhân dân" in OCR
        // ("Uy ban nhan dan") is part of the name.
        "ban" => next_folded == Some("hanh"),
        "thanh" => !matches!(next_folded, Some("pho")),
        // "và" is decided by the caller, from the case of the next word.
        "va" => false,
        _ => ISSUER_STOPS.contains(&w),
    }
}

/// Whether `word_orig` ends an issuer that ends with a body whole in
/// itself, "Chính phủ" or "Quốc hội" (the two words before it, folded):
/// then a word in lower case goes on the sentence ("của Chính phủ thì
/// được …", "… do", "… cắt giảm", "… tiếp tục") unless it goes on the
/// name ("Chính phủ nước …", "Quốc hội khóa XV").
fn after_whole_body(before_prev: &str, prev: Option<&str>, word_orig: &str) -> bool {
    let lower = !word_orig.starts_with(char::is_uppercase);
    let name_goes_on = |w: &str| matches!(fold_lower(w).as_str(), "nuoc" | "khoa");
    let body = |a: &str, b: &str| before_prev == a && prev == Some(b);
    lower && (body("chinh", "phu") || body("quoc", "hoi")) && !name_goes_on(word_orig)
}

/// The date right after a number ("ngày 08/3/2024", "ngay 24 théang 12 nim
/// 2021"), from original offset `at`: the date and the end of its text.
fn date_after(text: &str, at: usize) -> Option<(PartialDate, usize)> {
    let end = floor_boundary(text, at + 80);
    let window = &text[at..end];
    // A date in words counts only when nothing but commas, brackets and
    // spaces (in that order) stand before it; it opens with "ng".
    let rest = window.trim_start_matches([',', '(']).trim_start();
    if rest.starts_with(['n', 'N']) {
        if let Some((d, r)) = date::word_date_at_start(rest) {
            return Some((d, end - rest.len() + r.end));
        }
    }
    // A date in figures counts only after the gap of DATE_GAP_RE: spaces,
    // commas and brackets, then "ngày" (in capitals too, in a title) or
    // the date's first digit.
    let rest = window.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '(');
    if !rest.starts_with(|c: char| c == 'n' || c == 'N' || c.is_numeric()) {
        return None;
    }
    let (d, r) = date::find_figure_date(window)?;
    if DATE_GAP_RE.is_match(&window[..r.start]) {
        Some((d, at + r.end))
    } else {
        None
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether `s` holds at least `n` letters (`n` > 0).
fn has_letters(s: &str, n: usize) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).nth(n - 1).is_some()
}

/// Collapses runs of whitespace into one space.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The issuer after "của", from original offset `from`: its text as written.
fn issuer_after(text: &str, from: usize) -> Option<Part> {
    // Whether "của" opens there: a word and the spaces after it. Then up
    // to 16 words of the issuer.
    let folded = Folded::after(text, from, 2);
    if !OF_RE.is_match(&folded.s) {
        return None;
    }
    issuer_at(text, &folded.grown_to(text, 18), 0)
}

/// The issuer after "của", from folded offset `f_at` of `folded`, which
/// holds all the issuer reader looks at.
fn issuer_at(text: &str, folded: &Folded, f_at: usize) -> Option<Part> {
    let f = &folded.s;
    let m = OF_RE.find(&f[f_at..])?;
    let start_f = f_at + m.end();
    // Words, each with folded range.
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut i = start_f;
    while words.len() < 16 && i < f.len() {
        let rest = &f[i..];
        let skip = rest.len() - rest.trim_start().len();
        // A line that opens a list item or a blank line ends the issuer.
        if rest[..skip].matches('\n').count() >= 2 {
            break;
        }
        i += skip;
        if i >= f.len() {
            break;
        }
        let len = f[i..].find(char::is_whitespace).unwrap_or(f.len() - i);
        words.push(i..i + len);
        i += len;
    }
    // An issuer in a title in capitals ends with its line of capitals.
    let capitals_end = words.last().and_then(|last| {
        let s = folded.orig(start_f);
        end_of_capitals(&text[s..folded.orig(last.end)]).map(|e| s + e)
    });
    let mut end_f = start_f;
    let mut count = 0;
    for (k, w) in words.iter().enumerate() {
        if capitals_end.is_some_and(|e| folded.orig(w.start) >= e) {
            break;
        }
        let wf = &f[w.clone()];
        let wo = &text[folded.orig(w.start)..folded.orig(w.end)];
        let next = words
            .get(k + 1)
            .map(|n| f[n.clone()].trim_end_matches(|c: char| !c.is_alphanumeric()));
        let lead_punct = wf.starts_with(|c: char| is_clause_punct(c) || c == '-' || c == '+');
        if lead_punct && !(wf == "-" && count > 0 && next.is_some()) {
            break;
        }
        let prev = k
            .checked_sub(1)
            .map(|p| f[words[p].clone()].trim_end_matches(|c: char| !c.is_alphanumeric()));
        if wf != "-" && issuer_stop(wf, wo, prev, next) {
            break;
        }
        if k >= 2 && after_whole_body(&f[words[k - 2].clone()], prev, wo) {
            break;
        }
        if wf == "va" && next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit())) {
            break;
        }
        // "và" followed by a capitalised word stays inside the name.
        if wf == "va" {
            let next_orig = words
                .get(k + 1)
                .map(|n| &text[folded.orig(n.start)..folded.orig(n.end)]);
            if !next_orig.is_some_and(|n| n.starts_with(char::is_uppercase)) {
                break;
            }
        }
        count += 1;
        let trail = wf.len() - wf.trim_end_matches(is_clause_punct).len();
        end_f = w.end - trail;
        if trail > 0 {
            break;
        }
    }
    if count == 0 || count > 14 {
        return None;
    }
    let (s, e) = (folded.orig(start_f), folded.orig(end_f));
    let value = collapse(text[s..e].trim_end_matches(['-', ' ']));
    if value.is_empty() || !value.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(Part { value, range: s..e })
}

/// The subject from original offset `from`, when one opens there.
fn subject_after(text: &str, from: usize) -> Option<Part> {
    // Two words with the spaces after them, and the character after.
    subject_at(text, &Folded::after(text, from, 3), 0)
}

/// The subject after original offset `from` that runs, with no end of
/// its own, into the next citation at `next`: "Thông tư số A … quy định
/// về trang phục, … hàng hóa và Thông tư số B …". Up to `next`, without
/// the ", và" that joins them.
fn subject_until(text: &str, from: usize, next: usize) -> Option<Part> {
    let folded = Folded::after(text, from, 3);
    let f = &folded.s;
    let caps = SUBJECT_RE.captures(f)?;
    let start_f = match (caps.name("about"), caps.name("verb")) {
        (Some(_), _) => caps.get(0)?.end(),
        (None, Some(v)) => v.start(),
        _ => return None,
    };
    let start = folded.orig(start_f);
    if start >= next || next - start > 600 || SUBJECT_END_RE.is_match(&text[start..next]) {
        return None;
    }
    let mut end = trim_end_to(text, start, next);
    while let Some((head, last)) = text[start..end].rsplit_once(char::is_whitespace) {
        if !matches!(fold_lower(last).as_str(), "va" | "cac" | "hoac") {
            break;
        }
        end = trim_end_to(text, start, start + head.len());
    }
    let value = collapse(&text[start..end]);
    if !has_letters(&value, 3) {
        return None;
    }
    Some(Part {
        value,
        range: start..end,
    })
}

/// The subject from folded offset `f_at` of `folded`, which holds all that
/// [`SUBJECT_RE`] looks at.
fn subject_at(text: &str, folded: &Folded, f_at: usize) -> Option<Part> {
    let f = &folded.s;
    let caps = SUBJECT_RE.captures(&f[f_at..])?;
    let start_f = match (caps.name("about"), caps.name("verb")) {
        (Some(_), _) => f_at + caps.get(0)?.end(),
        (None, Some(v)) => f_at + v.start(),
        _ => return None,
    };
    let start = folded.orig(start_f);
    let limit = floor_boundary(text, start + 600);
    let window = &text[start..limit];
    let end = match SUBJECT_END_RE.find(window) {
        Some(m) => start + m.start(),
        None if limit == text.len() => text.len(),
        None => return None,
    };
    let end = end_of_capitals(&text[start..end]).map_or(end, |e| start + e);
    let raw = text[start..end].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    let value = collapse(raw);
    if !has_letters(&value, 3) {
        return None;
    }
    Some(Part {
        value,
        range: start..start + raw.len(),
    })
}

/// Where a part that opens in capitals, as a title's lines do ("NGHỊ ĐỊNH
/// SỐ 135/2015/NĐ-CP NGÀY 31/12/2015 CỦA CHÍNH PHỦ QUY ĐỊNH VỀ …"), ends:
/// at the first line that opens with a word not in capitals ("Điều 8."),
/// which is no longer the title. `None` when the part's first line is not
/// two words or more in capitals (`UBND` at the end of a line is a name
/// that goes on, "của UBND\ntỉnh Lào Cai"), or no such line follows.
fn end_of_capitals(part: &str) -> Option<usize> {
    let mut lines = part.split_inclusive('\n');
    let first = lines.next()?;
    let words = first
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic));
    if words.count() < 2 || !in_capitals(first) {
        return None;
    }
    let mut at = first.len();
    for line in lines {
        let word = line.split_whitespace().next().unwrap_or("");
        if word.chars().any(char::is_alphabetic) && !in_capitals(word) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// Whether `s` holds letters, two or more, and none in lower case.
fn in_capitals(s: &str) -> bool {
    has_letters(s, 2) && !s.chars().any(char::is_lowercase)
}

/// A part cut where the next citation starts, without the ", và" that
/// joins them; None when nothing is left.
fn cut_part(text: &str, p: Part, limit: usize) -> Option<Part> {
    if p.range.end <= limit {
        return Some(p);
    }
    if p.range.start >= limit {
        return None;
    }
    let mut end = trim_end_to(text, p.range.start, limit);
    loop {
        let s = &text[p.range.start..end];
        let t = s.trim_end();
        let folded_tail = t.rsplit(char::is_whitespace).next().map(fold_lower);
        if matches!(folded_tail.as_deref(), Some("va" | "cac" | "hoac")) && t.len() > 3 {
            end = trim_end_to(
                text,
                p.range.start,
                p.range.start + t.len() - t.rsplit(char::is_whitespace).next().map_or(0, str::len),
            );
        } else {
            end = p.range.start + t.len();
            break;
        }
    }
    let value = collapse(&text[p.range.start..end]);
    if !has_letters(&value, 2) {
        return None;
    }
    Some(Part {
        value,
        range: p.range.start..end,
    })
}

/// End of the text between `from` and `to`, with trailing separators
/// (", và") dropped.
fn trim_end_to(text: &str, from: usize, to: usize) -> usize {
    if from >= to {
        return from;
    }
    let s = &text[from..to];
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
    from + t.len()
}

/// A number inside a web address ("…Keyword=14/2007/TT-BL%C4%90TBXH") or
/// naming a form rather than a document ("Biểu số 805/TTr-Sở", "Mẫu số
/// 01-ĐĐN/SHTT", "Tờ khai 01/TCKT").
fn in_link_or_form(text: &str, f: &str, num_start: usize, f_so: usize) -> bool {
    let token_start = text[..num_start]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let token_end = text[num_start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| num_start + i);
    let token = &text[token_start..token_end];
    if token.contains('%') || token.contains("://") || token.contains('=') {
        return true;
    }
    match word_before(f, f_so) {
        Some(w) if &f[w.clone()] == "khai" => {
            word_before(f, w.start).is_some_and(|to| &f[to] == "to")
        }
        Some(w) => matches!(&f[w], "mau" | "bieu"),
        None => false,
    }
}

/// A number and a year with no ký hiệu after them: "15/2020" in "Nghị
/// định số 15/2020", as the matches of `[0-9]{1,4}/(?:19|20)[0-9]{2}`
/// that a search from the start of `text` finds one after another. Found
/// from the slashes, which are few, rather than by trying the pattern at
/// every digit: a match is the digits right before a slash (at most four,
/// none inside the match before) and the year after it.
fn short_forms(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    let mut last_end = 0;
    memchr::memchr_iter(b'/', b).filter_map(move |slash| {
        let year = b.get(slash + 1..slash + 5)?;
        if !matches!(year, [b'1', b'9', y, z] | [b'2', b'0', y, z] if y.is_ascii_digit() && z.is_ascii_digit())
        {
            return None;
        }
        let floor = last_end.max(slash.saturating_sub(4));
        let mut start = slash;
        while start > floor && b[start - 1].is_ascii_digit() {
            start -= 1;
        }
        if start == slash {
            return None;
        }
        last_end = slash + 5;
        Some(start..last_end)
    })
}

/// The number-and-year forms of `text` outside the numbers found in it
/// (`numbers`, in order), as matches whose canonical form is the
/// number and year as written ("15/2020"): [`read_citation`] gives them
/// their ký hiệu from the type words before them, or drops them.
///
/// Not taken: a piece of other figures (`1.15/2020`, `15/2020.5`, a date
/// `3/15/2020`), or a number whose ký hiệu follows in a form that is not
/// read (`15/2020/nđ-cp`, `09/2022QH15`, `15/2020 - NĐ-CP`).
fn short_numbers(text: &str, numbers: &[NumberMatch]) -> Vec<NumberMatch> {
    let mut out = Vec::new();
    let mut k = 0;
    for m in short_forms(text) {
        while k < numbers.len() && numbers[k].span.end <= m.start {
            k += 1;
        }
        if numbers.get(k).is_some_and(|n| n.span.start < m.end) {
            continue;
        }
        let prev_ok = text[..m.start].chars().next_back().is_none_or(|c| {
            !(c.is_alphanumeric() || matches!(c, '/' | '.' | ',' | '-' | ':' | '+' | '$'))
        });
        if !prev_ok {
            continue;
        }
        let rest = &text[m.end..];
        let mut next = rest.chars();
        let glued = match next.next() {
            None => false,
            Some(c) if c.is_alphanumeric() => true,
            Some('.' | ',') => next.next().is_some_and(|c| c.is_ascii_digit()),
            Some(_) => false,
        };
        if glued {
            continue;
        }
        // The separator of a ký hiệu after blanks and at most one line break.
        let after = rest.trim_start_matches([' ', '\t']);
        let after = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix('\n'))
            .map_or(after, |a| a.trim_start_matches([' ', '\t']));
        if after.starts_with(['/', '⁄', '∕', '／', '-', '–']) {
            continue;
        }
        let written = &text[m.clone()];
        let (num, year) = written.split_once('/').expect("a slash");
        if num.bytes().all(|b| b == b'0') {
            continue;
        }
        out.push(NumberMatch {
            span: m,
            canonical: written.to_string(),
            year: year.parse().ok(),
        });
    }
    out
}

/// The legislature (khóa Quốc hội) whose laws of `year` carry its number
/// (`59/2020/QH14`). A year in which one legislature ended and the next
/// began (2007, 2011, 2016, 2021, 2026) numbered laws of both: None.
fn legislature_of(year: i32) -> Option<u32> {
    match year {
        2003..=2006 => Some(11),
        2008..=2010 => Some(12),
        2012..=2015 => Some(13),
        2017..=2020 => Some(14),
        2022..=2025 => Some(15),
        _ => None,
    }
}

/// The full number of a decree or a law cited by number and year alone
/// (`short` is "15/2020"), from its type: a decree is the Government's
/// (`15/2020/NĐ-CP`), a law the legislature's of its year
/// (`59/2020/QH14`). Other types need an issuer that the number does not
/// give: None.
fn short_number(short: &str, year: Option<i32>, doc_type: &DocType) -> Option<String> {
    let full = match doc_type.code {
        "NĐ" => format!("{short}/NĐ-CP"),
        "Luật" => format!("{short}/QH{}", legislature_of(year?)?),
        _ => return None,
    };
    number::canonical_number(&full)
}

/// A law, a code or an ordinance named, then the date it was passed,
/// with no number between: "Luật Tổ chức Chính phủ ngày 19 tháng 6 năm
/// 2015", "Bộ luật Lao động ngày 20/11/2019", "Luật Ban hành văn bản quy
/// phạm pháp luật năm 2015". The name may run over a line's end and hold
/// commas ("Luật An toàn, vệ sinh lao động", "Luật sửa đổi, bổ sung một
/// số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa
/// phương": one law, whose name names two others). These are the type
/// words (also typed without diacritics, "Luat Doanh nghiep ngay 17
/// thang 6 nam 2020"), then a letter; [`LAW_DATE_RE`] finds where the
/// name ends.
static LAW_TYPE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let types = [
        "Bộ luật",
        "BỘ LUẬT",
        "Bo luat",
        "BO LUAT",
        "Luật",
        "LUẬT",
        "Luat",
        "LUAT",
        "Pháp lệnh",
        "PHÁP LỆNH",
        "Phap lenh",
        "PHAP LENH",
    ];
    Regex::new(&format!(r"(?:{})[ \t\r\n]+\pL", types.join("|"))).expect("law type")
});

/// The date after a law's name: "ngày" and a day, or "năm" and a year.
static LAW_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[ \t\r\n]+(?:(?:ngày|ngay)[ \t\r\n]+[0-9]{1,2}[ \t\r\n]*(?:tháng|thang|/|-|\.)",
        r"|(?:năm|nam)[ \t\r\n]+(?:19|20)[0-9][0-9](?-u:\b))",
    ))
    .expect("law date")
});

/// Longest name of a law read, in bytes.
const MAX_LAW_NAME: usize = 400;

/// The year of a date after a law's name ([`named_law`]), when the date is
/// not read whole.
static YEAR_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^;]{0,40}?(?:năm|nam)[ \t\r\n]+((?:19|20)\d\d)\b").expect("year after")
});

/// Words a law's name does not open with: "Luật này", "Luật sư", "luật
/// số", a law's own sentence ("Luật có hiệu lực ...").
const NOT_A_LAW_NAME: [&str; 14] = [
    "nay", "su", "gia", "so", "va", "hoac", "co", "duoc", "da", "phai", "theo", "tai", "cua", "nam",
];

/// Words a law's name does not end with: they put the date in a sentence
/// ("... của Luật Bảo hiểm xã hội đã tham gia trước ngày 01 tháng 7 năm
/// 2025").
const NOT_A_LAW_NAME_END: [&str; 9] = [
    "truoc", "sau", "tu", "den", "vao", "tai", "la", "cho", "trong",
];

/// Whether the folded words read as a law's name: see
/// [`NOT_A_LAW_NAME`], [`NOT_A_LAW_NAME_END`]; no verb of a sentence
/// ("đã", "được", "có hiệu lực", "thi hành"), no number ("số 59/2020"),
/// and no next clause or article ("Căn cứ", "Điều 3") on a line of its own
/// after a title that names a law.
fn reads_as_law_name(words: &[&str]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let pair = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
    let digits = |w: &str| w.starts_with(|d: char| d.is_ascii_digit());
    !NOT_A_LAW_NAME.contains(first)
        && !NOT_A_LAW_NAME_END.contains(last)
        && words.len() <= 30
        && !words.iter().any(|w| matches!(*w, "da" | "duoc"))
        && !pair("hieu", "luc")
        && !pair("thi", "hanh")
        && !pair("can", "cu")
        && !words
            .windows(2)
            .any(|w| matches!(w[0], "so" | "dieu" | "khoan" | "ngay") && digits(w[1]))
}

/// The laws, codes and ordinances `text` cites by name and date, without
/// a number ([`LAW_TYPE_RE`]); a name that holds a number ("Luật Doanh
/// nghiệp số 59/2020/QH14 ngày ...") is left to the number's citation.
fn named_laws(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for m in LAW_TYPE_RE.find_iter(text) {
        // A law named in what was read as another's name is not read
        // again; one that was not read is ("... của Luật Bảo hiểm xã
        // hội\nCăn cứ Luật Tổ chức Chính phủ ngày ...").
        if out.last().is_some_and(|f| m.start() < f.tail_end) {
            continue;
        }
        let at_word_start = !text[..m.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if at_word_start {
            out.extend(named_law(text, m));
        }
    }
    out
}

/// The law named where [`LAW_TYPE_RE`] matched `m`, if a date follows
/// its name and the name reads as one.
fn named_law(text: &str, m: regex::Match<'_>) -> Option<Found> {
    let start = m.start();
    // The match ends after the name's first letter; the type words
    // ("Bộ luật") come before the blanks.
    let name_start = m.end() - m.as_str().chars().next_back()?.len_utf8();
    let kind = text[start..name_start].trim_end();
    // The name ends where the date begins, before a mark no name holds.
    let end = floor_boundary(text, name_start + MAX_LAW_NAME);
    let window = &text[name_start..end];
    let date_mark = LAW_DATE_RE.find(window)?;
    let raw_name = &window[..date_mark.start()];
    if raw_name.contains([';', ':', '.', '(', ')', '[', ']', '“', '”', '"']) {
        return None;
    }
    let name = collapse(raw_name);
    let folded = fold_lower(&name);
    let words = folded_words(&folded);
    // "Luật Đất đai, ngày 01/8/2024 UBND tỉnh ...": a sentence goes on.
    if name.ends_with(',') || raw_name.contains("\n\n") || !reads_as_law_name(&words) {
        return None;
    }
    let doc_type = doctype::by_name(kind);
    let date_at =
        name_start + date_mark.start() + (date_mark.len() - date_mark.as_str().trim_start().len());
    let (date, tail_end) = match date_after(text, date_at) {
        Some(found) => found,
        None => {
            // "năm 2015", or a date not read whole ("ngày 22 tháng 11
            // \nnăm 2019"): its year.
            let end = floor_boundary(text, date_at + 60);
            let c = YEAR_AFTER_RE.captures(&text[date_at..end])?;
            let year = c.get(1)?;
            let date = PartialDate {
                year: year.as_str().parse().ok()?,
                month: None,
                day: None,
            };
            (date, date_at + year.end())
        }
    };
    Some(Found {
        number: String::new(),
        name: Some(format!("{kind} {name}")),
        doc_type,
        start,
        number_end: name_start + raw_name.len(),
        date: Some(date),
        issuer: None,
        subject: None,
        tail_end,
    })
}

/// Reads one number of the text as a citation, or None when it is the
/// document's own number. A `short` number (number and year only, see
/// [`short_numbers`]) is a citation only of a decree or a law, whose type
/// words stand right before it ("Nghị định số 15/2020", "Luật Doanh
/// nghiệp số 59/2020").
fn read_citation(text: &str, m: &NumberMatch, short: bool, own_key: Option<&str>) -> Option<Found> {
    let mut canonical = m.canonical.clone();
    let mut num_start = m.span.start;
    // OCR reads "s6" as "$6" glued to the number: "$6130/2005/ND-CP".
    if !short
        && num_start > 0
        && text.as_bytes()[num_start - 1] == b'$'
        && canonical.len() > 1
        && canonical.starts_with('6')
    {
        if let Some(c) = number::canonical_number(&canonical[1..]) {
            canonical = c;
            num_start -= 1;
        }
    }
    let mut number_end = m.span.end;
    // "2618/QD- -UBND": a doubled dash cuts the ký hiệu short.
    if !short && !canonical.contains('-') {
        if let Some(c) = DOUBLE_DASH_RE.captures(&text[number_end..]) {
            let joined = format!("{canonical}-{}", &c[1]);
            if let Some(j) = number::canonical_number(&joined) {
                canonical = j;
                number_end += c.get(0).map_or(0, |m| m.end());
            }
        }
    }
    if own_key.is_some() && number::number_key(&canonical).as_deref() == own_key {
        return None;
    }
    // The near words suffice for most numbers; a law's name needs more.
    let near = Folded::before(text, num_start, 8);
    let (folded, (typed, fallback, colon)) = match type_before(&near.s, near.pos(num_start), false)
    {
        Some(found) => (near, found),
        None => {
            let far = Folded::before(text, num_start, 18);
            let found =
                type_before(&far.s, far.pos(num_start), true).expect("the far reading always ends");
            (far, found)
        }
    };
    if colon {
        // "Số: 110/KH-UBND": the header's own number line.
        return None;
    }
    if in_link_or_form(text, &folded.s, num_start, fallback) {
        return None;
    }
    if short {
        let (t, fs) = typed?;
        // "Luật sư số 12/2024", "luật gia": a person's card, not a law.
        let words = folded.s[fs..].split_whitespace().take(2);
        if t.code == "Luật" && words.last().is_some_and(|w| matches!(w, "su" | "gia")) {
            return None;
        }
        canonical = short_number(&canonical, m.year, t)?;
        if own_key.is_some() && number::number_key(&canonical).as_deref() == own_key {
            return None;
        }
    }
    let (doc_type, start) = match typed {
        Some((t, fs)) => (Some(t), folded.orig(fs)),
        None => (number::type_code_of(&canonical), folded.orig(fallback)),
    };
    let mut cursor = number_end;
    let mut date = None;
    let mut issuer = None;
    if let Some((d, e)) = date_after(text, cursor) {
        date = Some(d);
        cursor = e;
    }
    if let Some(p) = issuer_after(text, cursor) {
        cursor = p.range.end;
        issuer = Some(p);
        if date.is_none() {
            if let Some((d, e)) = date_after(text, cursor) {
                date = Some(d);
                cursor = e;
            }
        }
    }
    let subject = subject_after(text, cursor);
    if let Some(s) = &subject {
        cursor = s.range.end;
    }
    Some(Found {
        number: canonical,
        name: None,
        doc_type,
        start,
        number_end,
        date,
        issuer,
        subject,
        tail_end: cursor,
    })
}

/// Where a clause starts: after a semicolon, a full stop before a space, a
/// colon at a line end, a blank line or a line that opens a list item.
static CLAUSE_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<semi>;)|\.\s|:[ \t]*\r?\n|\n[ \t]*\n|\n[ \t]*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ]\)|[IVX]{1,4}\.)\s|^",
    )
    .expect("clause end")
});

/// Words (folded) that state a relation. The last one before a citation
/// in its clause wins.
static RELATION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<respond>\b(?:theo|xet|nhu|tren\s+co\s+so|th[uwy][ce]\s+hi[e]n)\s+d[e&]\s+nghi\b|\bphuc\s+dap\b|\btra\s+loi\b)",
        r"|(?P<based>\b(?:can|cin|cdn)\s+(?:cu|ctr|cir|ct|cw|ci)\b|\btren\s+co\s+so\b)",
        r"|(?P<passive>\bduoc\s+(?:s(?:u|tr|ir|ur)a\s+d[o6]i(?:\s*,\s*b[o6d]\s+sung)?|b[o6]\s+sung|thay\s+the|huong\s+dan|bai\s+bo)\b)",
        r"|(?P<negated>\b(?:khong|chua|dung|ngung|ngimg)\s+(?:duoc\s+)?th[uwy][ce]\s+hi[e]n\b|\bth[uwy][ce]\s+hi[e]n\s+(?:cac\s+)?thu\s+tuc\b)",
        r"|(?P<mention>\bquy\s+dinh\s+(?:tai|cua)\b|\btheo\s+quy\s+dinh\b|\bkem\s+theo\b|\bneu\s+(?:tai|tren)\b|\bduoc\s+ban\s+hanh\s+tai\b|\bban\s+hanh\s+tai\b)",
        r"|(?P<amend>\bs(?:u|tr|ir|ur)a\s+d[o6]i(?:\s*,\s*b[o6d]\s+sung)?\b|\bb[o6d]\s+sung\s+m[o6]t\s+s[o6]\b)",
        r"|(?P<replace>\bthay\s+the\b)",
        r"|(?P<repeal>\bbai\s+b[o6d]\b|\bhuy\s+b[o6d]\b)",
        r"|(?P<guide>\bh[uw]{1,2}[a-z0-9]{0,2}ng\s+dan\b)",
        r"|(?P<implement>\bth[uwy][ce]\s+hi[e]n\b|\btri[e]n\s+khai\b)",
    ))
    .expect("relation words")
});

/// `clause` with every character that is not ASCII (quotes, dashes, rare
/// once folded) replaced by as many ASCII bytes that read the same to
/// [`RELATION_RE`]: spaces for a space, `_` for a word character, `#` for
/// the rest. Offsets stay, and the pattern, whose words are ASCII, finds
/// the same matches, with the fast engine: a Unicode `\b` keeps it off
/// text that is not ASCII.
fn ascii_for_relations(clause: &str) -> std::borrow::Cow<'_, str> {
    static WORD_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A\w\z").expect("word"));
    if clause.is_ascii() {
        return std::borrow::Cow::Borrowed(clause);
    }
    let mut out = String::with_capacity(clause.len());
    for c in clause.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let stand_in = if c.is_whitespace() {
            ' '
        } else if WORD_RE.is_match(c.encode_utf8(&mut [0; 4])) {
            '_'
        } else {
            '#'
        };
        out.extend(std::iter::repeat_n(stand_in, c.len_utf8()));
    }
    std::borrow::Cow::Owned(out)
}

/// "theo" right before a citation: "theo Kế hoạch số …".
static THEO_END_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s(])(?P<kem>kem\s+|dinh\s+)?theo\s*$").expect("theo"));

/// A clause that opens with "theo" or a verb of carrying out before it.
static THEO_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^[\s\-+•*–~(]*(?:(?:\d{1,2}|[a-z])[.)]\s*)?|\b(?:th[uwy][ce]\s+hien|trien\s+khai)\s+)theo\s*$")
        .expect("theo lead")
});

/// A verb of carrying out right before the citation, or before its type
/// words as OCR may leave them unread ("thực hiện Béo cao s 24/BC-TP").
static MAKES_END_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bth[uwy][ce]\s+hi[e]n(?:\s+\S{1,4}){0,3}\s*$").expect("makes"));

/// "Căn cứ" opening a clause.
static BASED_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s\-+•*–~]*(?:(?:\d{1,2}|[a-z])[.)]\s*)?(?:can|cin|cdn)\s+(?:cu|ctr|cir|ct|cw|ci)\b",
    )
    .expect("can cu")
});

fn relation_from_caps(c: &regex::Captures<'_>) -> Relation {
    if c.name("based").is_some() {
        Relation::BasedOn
    } else if c.name("mention").is_some()
        || c.name("passive").is_some()
        || c.name("negated").is_some()
    {
        Relation::Mentions
    } else if c.name("respond").is_some() {
        Relation::RespondsTo
    } else if c.name("amend").is_some() {
        Relation::Amends
    } else if c.name("replace").is_some() {
        Relation::Replaces
    } else if c.name("repeal").is_some() {
        Relation::Repeals
    } else if c.name("guide").is_some() {
        Relation::Guides
    } else {
        Relation::Implements
    }
}

/// A type name right before "sửa đổi, bổ sung": the words name a document
/// ("Luật sửa đổi, bổ sung một số điều của Luật …"), they are not an act.
static NAME_HEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(])(?:bo\s+)?(?:luat|phap\s+lenh|nghi\s+dinh|thong\s+tu(?:\s+lien\s+tich)?|nghi\s+quyet|quyet\s+dinh|chi\s+thi)[\s_#]*$")
        .expect("name head")
});

/// Whether the amending words at folded offset `m` of `ascii` (a clause
/// in its ASCII stand-in, see [`ascii_for_relations`]) are a document's
/// name: after a type name, unless that is the document's own title in
/// capitals ("QUYẾT ĐỊNH\nSửa đổi …") or the document enacts it ("Quốc hội
/// ban hành Luật sửa đổi …").
fn amend_names_a_document(text: &str, folded: &Folded, ascii: &str, m: usize) -> bool {
    let head = &ascii[..m];
    let Some(t) = NAME_HEAD_RE.find(head) else {
        return false;
    };
    let type_start = t.start() + (t.as_str().len() - t.as_str().trim_start().len());
    let written = &text[folded.orig(type_start)..folded.orig(m)];
    if !written.chars().any(char::is_lowercase) {
        return false;
    }
    !head[..type_start].trim_end().ends_with("ban hanh")
}

/// The relation words of a clause (folded, from original offset `cstart`)
/// and their original offsets, without the amending words of a
/// document's name.
fn clause_relations(text: &str, folded: &Folded) -> Vec<(usize, Relation)> {
    let ascii = ascii_for_relations(&folded.s);
    let mut out = Vec::new();
    for c in RELATION_RE.captures_iter(&ascii) {
        let m = c.get(0).expect("match");
        let r = relation_from_caps(&c);
        if c.name("amend").is_some() && amend_names_a_document(text, folded, &ascii, m.start()) {
            continue;
        }
        out.push((folded.orig(m.start()), r));
    }
    out
}

/// The clause before original offset `at`: its start and whether it
/// opened after a semicolon.
fn clause_start(text: &str, at: usize) -> (usize, bool) {
    let from = floor_boundary(text, at.saturating_sub(1500));
    match last_clause_end(&text[from..at]) {
        Some(m) => (from + m.end(), m.as_str() == ";"),
        None => (from, false),
    }
}

/// The last non-empty match of [`CLAUSE_END_RE`] in `window`, as an
/// iteration over the window from its start reports them (the only empty
/// match is `^` at the start, which stands for the window's start).
///
/// The iteration is not run over the whole window: every non-empty match
/// holds one of `;`, `.`, `:` or a line break, and no match holds a letter
/// (but `I`, `V`, `X`) followed by anything but `)`. No match reaches
/// across such a pair, so from there on the matches of an iteration from
/// the start are those of an iteration started there, and those before
/// it end before it. So the search starts at such a pair before the last
/// `;.:\n`, and while it finds nothing steps back to the pair before the
/// previous one, searching only up to where it started before.
fn last_clause_end(window: &str) -> Option<regex::Match<'_>> {
    let b = window.as_bytes();
    let mut hi = window.len();
    loop {
        let t = b[..hi]
            .iter()
            .rposition(|&c| matches!(c, b';' | b'.' | b':' | b'\n'))?;
        let p = clause_sync_before(window, t);
        // No match starting before `hi` ends after it, so the window cut
        // there holds the same ones.
        let head = &window[..hi];
        if p == 0 {
            return CLAUSE_END_RE
                .find_iter(head)
                .filter(|m| !m.is_empty())
                .last();
        }
        let mut last = None;
        let mut pos = p;
        while let Some(m) = CLAUSE_END_RE.find_at(head, pos) {
            debug_assert!(!m.is_empty());
            pos = m.end();
            last = Some(m);
            // A later match would hold one of those characters after `t`.
            if pos > t {
                break;
            }
        }
        if last.is_some() {
            return last;
        }
        hi = p;
    }
}

/// A position at or before `t` where no match of [`CLAUSE_END_RE`] holds
/// both the character before and the one after: a letter other than `I`,
/// `V`, `X` then anything but `)`. 0 when there is none.
fn clause_sync_before(window: &str, t: usize) -> usize {
    let mut after = window[t..].chars().next();
    for (i, c) in window[..t].char_indices().rev() {
        if c.is_alphabetic() && !matches!(c, 'I' | 'V' | 'X') && after != Some(')') {
            return i + c.len_utf8();
        }
        after = Some(c);
    }
    0
}

/// The relation of citation `i`, given the relations of those before it.
fn relation_of(text: &str, found: &[Found], done: &[Relation], i: usize) -> Relation {
    let b = &found[i];
    let (cstart, after_semi) = clause_start(text, b.start);
    let folded = Folded::new(text, cstart..b.start);
    let clause = folded.s.as_str();
    if BASED_START_RE.is_match(clause) {
        return Relation::BasedOn;
    }
    // Citations earlier in the same clause: their number is in it, though
    // their start may take in the bullet that opens it ("- Thông tư số").
    let prev_in_clause = (0..i).rev().find(|&k| found[k].number_end > cstart);
    // The last relation word in the clause, outside earlier citations' type
    // words. After "quy định tại" an earlier verb that changes a text still
    // governs: "Bãi bỏ quy định tại Điều 5 Nghị định số …".
    let mut last: Option<(usize, Relation)> = None;
    let mut last_change: Option<(usize, Relation)> = None;
    for (at, r) in clause_relations(text, &folded) {
        let inside_type = found[..i]
            .iter()
            .any(|p| p.number_end > cstart && at >= p.start && at < p.number_end);
        if !inside_type {
            if matches!(r, Relation::Amends | Relation::Replaces | Relation::Repeals) {
                last_change = Some((at, r));
            }
            last = Some((at, r));
        }
    }
    // "Căn cứ" opening a line opens an item of its own, even when no
    // punctuation ends the title above it; alone on its line it heads a
    // table's column.
    if let Some((at, Relation::BasedOn)) = last {
        let line = &text[cstart..at];
        let line = line.rsplit('\n').next().unwrap_or(line);
        let rest = text[at..b.start].split('\n').next().unwrap_or("");
        if line.trim().is_empty()
            && text[cstart..at].contains('\n')
            && rest.split_whitespace().count() > 2
        {
            return Relation::BasedOn;
        }
    }
    if let (Some((_, Relation::Mentions)), Some(change)) = (last, last_change) {
        if prev_in_clause.is_none_or(|k| change.0 >= found[k].tail_end) {
            last = Some(change);
        }
    }
    // "theo Kế hoạch số …" opening a clause carries it out; "kèm theo",
    // "quy định theo" or "theo" in the middle of a sentence only mention.
    if let Some(c) = THEO_END_RE.captures(clause) {
        let leads = THEO_LEAD_RE.is_match(clause);
        last = Some((
            b.start,
            if c.name("kem").is_none() && leads {
                Relation::Implements
            } else {
                Relation::Mentions
            },
        ));
    }
    // "Phòng Tư pháp đã thực hiện Báo cáo số …": after its subject the
    // verb makes the report it names, it carries out no document.
    if matches!(last, Some((_, Relation::Implements)))
        && b.doc_type.is_some_and(|t| t.code == "BC")
        && MAKES_END_RE
            .find(clause)
            .is_some_and(|m| clause[..m.start()].chars().any(char::is_alphabetic))
    {
        return Relation::Mentions;
    }
    match (prev_in_clause, last) {
        (None, Some((_, r))) => r,
        (None, None) => inherit_across_semicolon(text, found, done, i, cstart, after_semi),
        (Some(k), Some((at, r))) => {
            let a = &found[k];
            if at >= a.tail_end {
                // After the citation before with no punctuation between: the
                // word describes that one ("Nghị định số A … sửa đổi … Nghị định số B").
                let gap = &text[a.tail_end..at];
                if !gap.contains([',', ';', ':', '.', ')']) {
                    Relation::Mentions
                } else {
                    r
                }
            } else if at >= a.number_end {
                // The word sits in the subject of the citation before.
                Relation::Mentions
            } else if coordinated(text, a.tail_end, b.start) {
                done[k]
            } else {
                Relation::Mentions
            }
        }
        (Some(k), None) => {
            if coordinated(text, found[k].tail_end, b.start) {
                done[k]
            } else {
                Relation::Mentions
            }
        }
    }
}

/// Where the clause after a number ends: a semicolon, a full stop before a
/// space, a blank line or a line that opens a list item.
static CLAUSE_AFTER_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r";|\.\s|\n[ \t]*\n|\n[ \t]*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ]\)|[IVX]{1,4}\.)\s")
        .expect("clause after")
});

/// "hết hiệu lực (thi hành) (kể) từ", folded, not after "chưa" or "không".
static CEASING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<neg>\b(?:chua|khong)\s+)?\bhet\s+hieu\s+l[uw]c(?:\s+thi\s+hanh)?[\s,]+(?:ke\s+)?tu\b",
    )
    .expect("ceasing")
});

/// When the clause after citation `i` says it ceases to have effect
/// ("Quyết định số A … hết hiệu lực kể từ ngày …"), the last citation that
/// shares the words: `i`, or the last of those listed with it before them.
fn ceasing_after(text: &str, found: &[Found], i: usize) -> Option<usize> {
    let from = found[i].number_end;
    let limit = floor_boundary(text, from + 1500);
    let end = CLAUSE_AFTER_END_RE
        .find(&text[from..limit])
        .map_or(limit, |m| from + m.start());
    // Most clauses say nothing of effect: their folded words tell, without
    // the offsets a piece keeps.
    if !CEASING_RE.is_match(&fold_lower(&text[from..end])) {
        return None;
    }
    let folded = Folded::new(text, from..end);
    let c = CEASING_RE.captures(&folded.s)?;
    if c.name("neg").is_some() {
        return None;
    }
    let at = folded.orig(c.get(0).expect("match").start());
    let mut last = i;
    while last + 1 < found.len() && found[last + 1].start < at {
        if !coordinated(text, found[last].tail_end, found[last + 1].start) {
            return None;
        }
        last += 1;
    }
    Some(last)
}

/// Whether the text between two citations joins them in a list: a comma,
/// "và", "và các", "cùng", or nothing, then maybe the second one's type
/// with up to two words of its own that part it from its number ("… của
/// Chính phủ và Báo cáo thẩm tra số …").
fn coordinated(text: &str, from: usize, to: usize) -> bool {
    if from > to {
        return false;
    }
    let gap = fold_lower(&text[from..to]);
    // "… và Luật sửa đổi, bổ sung một số điều của Luật …": the start of
    // the next one's name.
    let gap = match AMENDING_NAME_END_RE.find(&gap) {
        Some(m) => &gap[..m.start()],
        None => &gap[..],
    };
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let joiners = words
        .iter()
        .take_while(|w| matches!(**w, "va" | "cac" | "hoac" | "cung" | "-" | "+"))
        .count();
    let rest = &words[joiners..];
    rest.is_empty()
        || (joiners > 0
            && (1..=3).any(|n| {
                rest.len() >= n
                    && rest.len() <= n + 2
                    && doctype::by_name(&rest[..n].join(" ")).is_some()
            }))
}

/// The name of an amending document at the end of a folded gap: "Luật
/// sửa đổi, bổ sung một số điều của".
static AMENDING_NAME_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:luat|phap\s+lenh|nghi\s+dinh|thong\s+tu|nghi\s+quyet|quyet\s+dinh)\s+s(?:u|tr|ir|ur)a\s+d[o6]i(?:\s*,\s*b[o6d]\s+sung)?(?:\s+m[o6]t\s+s[o6]\s+\S*eu)?(?:\s+c\S{1,3}a)?\s*$")
        .expect("amending name")
});

/// A clause with no verb of its own right after a semicolon continues the
/// list before it: "Trên cơ sở Quyết định số A …; Kế hoạch số B …", and
/// any item of a "Căn cứ" list ("Căn cứ Luật …; Luật sửa đổi, bổ sung …
/// số …;").
fn inherit_across_semicolon(
    text: &str,
    found: &[Found],
    done: &[Relation],
    i: usize,
    cstart: usize,
    after_semi: bool,
) -> Relation {
    if !after_semi {
        return Relation::Mentions;
    }
    if in_based_list(text, cstart) {
        return Relation::BasedOn;
    }
    if i == 0 || !text[cstart..found[i].start].trim().is_empty() {
        return Relation::Mentions;
    }
    let p = i - 1;
    let semi = cstart.saturating_sub(1);
    let (pstart, _) = clause_start(text, semi);
    if found[p].start < pstart {
        return Relation::Mentions;
    }
    match done[p] {
        r @ (Relation::BasedOn | Relation::Implements) => r,
        _ => Relation::Mentions,
    }
}

/// Whether the clause that opens at `cstart`, after a semicolon, is an
/// item of a "Căn cứ" list: back over items after semicolons with no
/// relation word of their own, to one that opens with "Căn cứ".
fn in_based_list(text: &str, cstart: usize) -> bool {
    let mut semi = cstart.saturating_sub(1);
    for _ in 0..16 {
        let (start, after_semi) = clause_start(text, semi);
        let folded = Folded::new(text, start..semi);
        if BASED_START_RE.is_match(&folded.s) {
            return true;
        }
        if !after_semi || start == 0 || !clause_relations(text, &folded).is_empty() {
            return false;
        }
        semi = start - 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    fn one(text: &str) -> Citation {
        let all = extract_citations(text, None);
        assert_eq!(all.len(), 1, "{text:?}: {all:#?}");
        all.into_iter().next().expect("one")
    }

    #[test]
    fn first_citation_of_a_report() {
        let c = one("Thực hiện Kế hoạch số 435/KH-UBND ngày 08/3/2024 của UBND huyện về việc tuyên truyền Cải cách hành chính (CCHC) năm 2024. UBND huyện báo cáo");
        assert_eq!(c.number, "435/KH-UBND");
        assert_eq!(c.doc_type.as_deref(), Some("KH"));
        assert_eq!(c.type_name.as_deref(), Some("Kế hoạch"));
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2024-03-08"));
        assert_eq!(c.issuer.as_deref(), Some("UBND huyện"));
        assert_eq!(
            c.subject.as_deref(),
            Some("tuyên truyền Cải cách hành chính (CCHC) năm 2024")
        );
        assert_eq!(c.relation, Relation::Implements);
        assert_eq!(c.year(), Some(2024));
    }

    /// (line, number, type code, date, issuer, relation) of the first
    /// citation in real lines from the seeds and the Công báo set.
    #[test]
    fn real_lines() {
        type Case = (
            &'static str,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
            Relation,
        );
        let cases: &[Case] = &[
            (
                "~ Thyc hién K& hoach s6 435/KH-UBND ngay 08/3/2024 ctiia UBND huyén\nvé vigc tuyén truyén Cai cach hanh chinh (CCHC) nam 2024. UBND huyén bao",
                "435/KH-UBND", Some("KH"), Some("2024-03-08"), Some("UBND huyén"), Relation::Implements,
            ),
            (
                "Thuc hién Quyét dinh s6 4963/QD-UBND ngay 28/12/2020 cua UBND\ntinh vé& viéc ban hanh Ké hoach cong tac cai cach hanh chinh ndm 2021; UBND",
                "4963/QĐ-UBND", Some("QĐ"), Some("2020-12-28"), Some("UBND tinh"), Relation::Implements,
            ),
            (
                "Thuc hién Ké hoach s 175/KH-UBND ngay 24 théang 12 nim 2021 cua\nUy ban nhan dan huyén Long My vé cong tc cai cach hanh chinh nam 2022;",
                "175/KH-UBND", Some("KH"), Some("2021-12-24"), Some("Uy ban nhan dan huyén Long My"), Relation::Implements,
            ),
            (
                "Theo đề nghị của Sở Thông tin và Truyền thông tỉnh Quảng Ngãi tại Công văn số 2164/STTTT-TTBCXB ngày 31/10/2023 về việc đề nghị báo cáo",
                "2164/STTTT-TTBCXB", Some("CV"), Some("2023-10-31"), None, Relation::RespondsTo,
            ),
            (
                "- Trên cơ sở Quyết định số 1782/QĐ-UBND ngày 21/12/2022 của Chủ tịch UBND tỉnh Quảng Ngãi ban hành Kế hoạch CCHC năm 2023 tỉnh Quảng Ngãi;",
                "1782/QĐ-UBND", Some("QĐ"), Some("2022-12-21"), Some("Chủ tịch UBND tỉnh Quảng Ngãi"), Relation::BasedOn,
            ),
            (
                "5.1. Thuc hién Nghi dinh s6 130/2005/ND-CP ngay 17 thang 10 nim\n2005 caa Chinh phu, Nghi dinh s6 117/2013/ND-CP ngay 07 thang 10 nim",
                "130/2005/NĐ-CP", Some("NĐ"), Some("2005-10-17"), Some("Chinh phu"), Relation::Implements,
            ),
            (
                "Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12 tháng 9 năm 2022 của Chính phủ quy định chức năng, nhiệm vụ;",
                "62/2022/NĐ-CP", Some("NĐ"), Some("2022-09-12"), Some("Chính phủ"), Relation::BasedOn,
            ),
            (
                "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;",
                "63/2025/QH15", Some("Luật"), None, None, Relation::BasedOn,
            ),
            (
                "2. Kể từ ngày Thông tư này có hiệu lực, bãi bỏ Thông tư số 02/2019/TT- BLĐTBXH ngày 08 tháng 01 năm 2019 của Bộ Lao động",
                "02/2019/TT-BLĐTBXH", Some("TT"), Some("2019-01-08"), Some("Bộ Lao động"), Relation::Repeals,
            ),
            (
                "Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2013 và thay thế Thông tư số 07/2006/TT-BLĐTBXH ngày 26 tháng 7 năm 2006",
                "07/2006/TT-BLĐTBXH", Some("TT"), Some("2006-07-26"), None, Relation::Replaces,
            ),
            (
                "Quốc hội ban hành Luật Sửa đổi, bổ sung một số điều của Luật Thuế thu nhập cá nhân số 04/2007/QH12,",
                "04/2007/QH12", Some("Luật"), None, None, Relation::Amends,
            ),
            (
                "quy định chi tiết, quy định biện pháp cụ thể để tổ chức, hướng dẫn thi hành Nghị định số 155/2020/NĐ-CP ngày 31 tháng 12 năm 2020 của Chính phủ",
                "155/2020/NĐ-CP", Some("NĐ"), Some("2020-12-31"), Some("Chính phủ"), Relation::Guides,
            ),
            (
                "anh, kién nghi cua ca nhan, t6 chirc vé quy dinh hanh chinh theo quy dinh tai\nNghi dinh s6 20/2008/ND-CP ngay 14/02/2008 cua Chinh phu vé tiép nhan",
                "20/2008/NĐ-CP", Some("NĐ"), Some("2008-02-14"), Some("Chinh phu"), Relation::Mentions,
            ),
            (
                "Tiép tuc quan triét va td chic thuc hién c6 hiéu qua Nghi quyét sé 02-\nNQ/TU ngay 02 thang 12 nam 2020 cua Ban chap hanh Pang b tinh Hau Giang",
                "02-NQ/TU", Some("NQ"), Some("2020-12-02"), Some("Ban chap hanh Pang b tinh Hau Giang"), Relation::Implements,
            ),
            (
                "trong tâm là xây dựng chính quyền điện tử và Chỉ thị số 23/CT- TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc đẩy mạnh",
                "23/CT-TTg", Some("CT"), Some("2021-09-02"), Some("Thủ tướng Chính phủ"), Relation::Mentions,
            ),
            (
                "Nghi dinh\n$6130/2005/ND-CP ngay 17/10/2005 cta Chinh phu.",
                "130/2005/NĐ-CP", Some("NĐ"), Some("2005-10-17"), Some("Chinh phu"), Relation::Mentions,
            ),
            (
                "Thyc hién Quyét dinh s6 2618/QD- -UBND ngay 31 thang 12 ndm 2021\ncua Uy ban nhan dan tinh Hau Giang vé viéc giao bién ché",
                "2618/QĐ-UBND", Some("QĐ"), Some("2021-12-31"), Some("Uy ban nhan dan tinh Hau Giang"), Relation::Implements,
            ),
            (
                "Theo Quyét dinh s6 53/QD-UBND ngay 12 thang 01 nim 2021 ctia UBND\nhuyén Long My vé viéc giao thuc hién ché do tu chu",
                "53/QĐ-UBND", Some("QĐ"), Some("2021-01-12"), Some("UBND huyén Long My"), Relation::Implements,
            ),
        ];
        for (line, number, code, date, issuer, relation) in cases {
            let all = extract_citations(line, None);
            let c = all
                .first()
                .unwrap_or_else(|| panic!("no citation in {line:?}"));
            assert_eq!(c.number, *number, "{line:?}");
            assert_eq!(c.doc_type.as_deref(), *code, "{line:?}");
            assert_eq!(c.date.map(|d| d.to_string()).as_deref(), *date, "{line:?}");
            assert_eq!(c.issuer.as_deref(), *issuer, "{line:?}");
            assert_eq!(c.relation, *relation, "{line:?}");
            assert!(
                line.get(c.span[0]..c.span[1])
                    .is_some_and(|s| !s.is_empty()),
                "{line:?}"
            );
        }
    }

    #[test]
    fn shared_verb_and_list_items() {
        let text = "- Thye hién K& hoach s6 04/KH-UBND ngay 08/01/2024 vé Ké hoach cai\ncach hanh chinh x& Minh Tién nim 2024, Ké hoach sé 06/KH-UBND ngay\n08/01/2024 vé Tuyén truyén cai cach hanh chinh nim 2024, UBND x3 d3 phan";
        let r: Vec<_> = extract_citations(text, None)
            .into_iter()
            .map(|c| (c.number, c.relation))
            .collect();
        assert_eq!(
            r,
            [
                ("04/KH-UBND".to_string(), Relation::Implements),
                ("06/KH-UBND".to_string(), Relation::Implements)
            ]
        );
        let text = "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\nCăn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ;\nTheo đề nghị của Bộ trưởng Bộ Ngoại giao tại Tờ trình số 2269/TTr-BNG-QLDA ngày 02 tháng 4 năm 2026;";
        let r: Vec<_> = extract_citations(text, None)
            .into_iter()
            .map(|c| c.relation)
            .collect();
        assert_eq!(
            r,
            [Relation::BasedOn, Relation::BasedOn, Relation::RespondsTo]
        );
        // A citation inside the subject of another one is only mentioned.
        let text = "caa Chinh phu sira doi, bo sung mét s6 diéu ciia Nghi dinh s6 37/2014/ND-CP";
        let text =
            format!("kién toan lai b may theo Nghi dinh s6 108/2020/ND-CP ngay 14/9/2020 {text}");
        let r: Vec<_> = extract_citations(&text, None)
            .into_iter()
            .map(|c| c.relation)
            .collect();
        assert_eq!(r, [Relation::Mentions, Relation::Mentions]);
        // Passive "được sửa đổi, bổ sung bởi" in a list of texts: not this document's act.
        let text = "1. Thông tư số 119/2020/TT-BTC ngày 31 tháng 12 năm 2020 của Bộ trưởng Bộ Tài chính được sửa đổi, bổ sung bởi Thông tư số 68/2024/TT-BTC ngày 18 tháng 9 năm 2024.";
        let r: Vec<_> = extract_citations(text, None)
            .into_iter()
            .map(|c| c.relation)
            .collect();
        assert_eq!(r, [Relation::Mentions, Relation::Mentions]);
    }

    /// Words that end an issuer elsewhere ("tại", "về", "từ", "cho", "là")
    /// belong to it inside a proper name: "Tài chính", "Sơn La", "Đầu tư".
    #[test]
    fn issuers_keep_proper_names() {
        let cases: &[(&str, &str)] = &[
            ("Thực hiện Kế hoạch số 11/KH-UBND ngày 10/01/2024 của UBND tỉnh Sơn La về chuyển đổi số", "UBND tỉnh Sơn La"),
            ("Thực hiện Kế hoạch số 12/KH-UBND ngày 08/02/2024 của UBND thành phố Đà Nẵng về du lịch", "UBND thành phố Đà Nẵng"),
            ("Căn cứ Công văn số 123/UBND-VP ngày 05/3/2024 của Ủy ban nhân dân tỉnh Yên Bái về việc báo cáo;", "Ủy ban nhân dân tỉnh Yên Bái"),
            ("Thực hiện Kế hoạch số 13/KH-STP ngày 05/3/2024 của Sở Tư pháp tỉnh Lào Cai về phổ biến pháp luật", "Sở Tư pháp tỉnh Lào Cai"),
            ("Thực hiện Kế hoạch số 14/KH-STC của Sở Tài chính về ngân sách", "Sở Tài chính"),
            ("Theo Công văn số 15/SKHĐT-TH ngày 02/4/2024 của Sở Kế hoạch và Đầu tư về đầu tư công", "Sở Kế hoạch và Đầu tư"),
            ("Thực hiện Công văn số 16/BNN-KH ngày 02/4/2024 của Bộ Nông nghiệp và Phát triển nông thôn về kế hoạch", "Bộ Nông nghiệp và Phát triển nông thôn"),
            ("Thực hiện Kế hoạch số 17/KH-UBND ngày 02/4/2024 của UBND huyện Chợ Đồn về cải cách hành chính", "UBND huyện Chợ Đồn"),
            ("Căn cứ Thông tư số 45/2024/TT-BTC ngày 01 tháng 7 năm 2024 của Bộ Tài chính về định giá;", "Bộ Tài chính"),
            ("Căn cứ Thông tư số 95/2020/TT-BTC ngày 16 tháng 11 năm 2020 của Bộ trưởng Bộ Tài chính hướng dẫn giám sát giao dịch;", "Bộ trưởng Bộ Tài chính"),
            ("Thực hiện Quyết định số 5/QĐ-STNMT của Sở Tài nguyên và Môi trường về quan trắc", "Sở Tài nguyên và Môi trường"),
            ("Thực hiện Thông tư số 12/2020/TT-BGTVT của Bộ Giao thông vận tải về vận tải", "Bộ Giao thông vận tải"),
            ("Căn cứ Công văn số 20/BNG-LS của Bộ Ngoại giao về lãnh sự;", "Bộ Ngoại giao"),
            // A word that ends an issuer, lower case, still ends it.
            ("Căn cứ Công văn số 99/STC-NS ngày 02/4/2024 của Sở Tài chính tại buổi làm việc;", "Sở Tài chính"),
            ("Thực hiện Kế hoạch số 19/KH-UBND của UBND huyện\nTại Hội nghị, các đại biểu", "UBND huyện"),
            ("Thực hiện Kế hoạch số 18/KH-UBND của UBND tỉnh Lào Cai tại Hội nghị", "UBND tỉnh Lào Cai"),
        ];
        for (text, issuer) in cases {
            let all = extract_citations(text, None);
            let c = all
                .first()
                .unwrap_or_else(|| panic!("no citation in {text:?}"));
            assert_eq!(c.issuer.as_deref(), Some(*issuer), "{text:?}");
        }
        // "hết hiệu lực" after an issuer ends it.
        let text = "Quyết định số 66/QĐ-UBND ngày 03/3/2018 của UBND tỉnh Lào Cai hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành.";
        assert_eq!(one(text).issuer.as_deref(), Some("UBND tỉnh Lào Cai"));
    }

    /// "Chính phủ" and "Quốc hội" are whole: a word in lower case after
    /// them goes on the sentence, not the name, but "nước" and "khóa" do;
    /// "thì" and "do" as spelt end any issuer, though "thị" and "đỏ", the
    /// same folded, stand in names.
    #[test]
    fn issuers_end_where_the_sentence_goes_on() {
        let cases: &[(&str, &str)] = &[
            ("quy định tại Nghị định số 12/CP ngày 26/01/1995 của Chính phủ thì được hưởng lương hưu", "Chính phủ"),
            ("theo Nghị định số 55/2024/NĐ-CP của Chính phủ do Ủy ban nhân dân cấp xã thực hiện", "Chính phủ"),
            ("tại Nghị định số 10/2025/NĐ-CP của Thủ tướng Chính phủ tiếp tục áp dụng", "Thủ tướng Chính phủ"),
            ("theo Nghị quyết số 98/2023/QH15 của Quốc hội thí điểm cơ chế", "Quốc hội"),
            ("theo Nghị quyết số 99/2024/QH15 của Quốc hội khóa XV về giám sát", "Quốc hội khóa XV"),
            ("Căn cứ Hiệp định số 01/HĐ ngày 02/3/2010 của Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam;", "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam"),
            ("Thực hiện Kế hoạch số 21/KH-HCTĐ ngày 02/4/2024 của Hội Chữ thập đỏ tỉnh Lào Cai về cứu trợ", "Hội Chữ thập đỏ tỉnh Lào Cai"),
            ("Thực hiện Kế hoạch số 22/KH-UBND ngày 02/4/2024 của UBND thị xã Sa Pa về du lịch", "UBND thị xã Sa Pa"),
        ];
        for (text, issuer) in cases {
            let c = one(text);
            assert_eq!(c.issuer.as_deref(), Some(*issuer), "{text:?}");
        }
    }

    /// A title in capitals cites with its date ("NGÀY 31/12/2015") and
    /// issuer, and its subject and issuer end with its lines of capitals.
    #[test]
    fn citations_in_a_title_in_capitals() {
        let text = "Chương III\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA THÔNG TƯ SỐ\n10/2016/TT-NHNN HƯỚNG DẪN MỘT SỐ NỘI DUNG QUY ĐỊNH TẠI\nNGHỊ ĐỊNH SỐ 135/2015/NĐ-CP NGÀY 31/12/2015 CỦA CHÍNH PHỦ\nQUY ĐỊNH VỀ ĐẦU TƯ GIÁN TIẾP RA NƯỚC NGOÀI\nĐiều 8. Sửa đổi, bổ sung một số điểm của khoản 2 Điều 6";
        let cited = extract_citations(text, None);
        let decree = cited
            .iter()
            .find(|c| c.number == "135/2015/NĐ-CP")
            .expect("the decree is cited");
        assert_eq!(decree.date, PartialDate::new(2015, Some(12), Some(31)));
        assert_eq!(decree.issuer.as_deref(), Some("CHÍNH PHỦ"));
        assert_eq!(
            decree.subject.as_deref(),
            Some("QUY ĐỊNH VỀ ĐẦU TƯ GIÁN TIẾP RA NƯỚC NGOÀI")
        );
        let c = one("PHÊ DUYỆT TẠI QUYẾT ĐỊNH SỐ 263/QĐ-TTg NGÀY 22/02/2022\nCỦA THỦ TƯỚNG CHÍNH PHỦ\nĐiều 36. Đối tượng và nội dung hỗ trợ");
        assert_eq!(c.date, PartialDate::new(2022, Some(2), Some(22)));
        assert_eq!(c.issuer.as_deref(), Some("THỦ TƯỚNG CHÍNH PHỦ"));
        // A name in capitals that goes on in lower case on the next line.
        let c = one("Căn cứ Quyết định số 17/2025/QĐ-UBND ngày 08/8/2025 của UBND\ntỉnh Lào Cai quy định vị trí, chức năng, nhiệm vụ;");
        assert_eq!(c.issuer.as_deref(), Some("UBND tỉnh Lào Cai"));
    }

    /// A second item joined by "và" is of the list, though words part its
    /// type from its number ("Báo cáo thẩm tra số …").
    #[test]
    fn a_second_item_with_words_after_its_type_stays_in_the_list() {
        let text = "Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15;\nSau khi xem xét Tờ trình số 263/TTr-CP ngày 08 tháng 8 năm 2022 của Chính phủ và Báo cáo thẩm tra số 1006/BC-UBXH15 ngày 10 tháng 8 năm 2022 của Ủy ban Xã hội;";
        assert_eq!(
            relations(text),
            [
                rel("41/2024/QH15", Relation::BasedOn),
                rel("263/TTr-CP", Relation::BasedOn),
                rel("1006/BC-UBXH15", Relation::BasedOn),
            ]
        );
        // Not a type, or more words than a type's qualifier: no list.
        for text in [
            "Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15;\nSau khi xem xét Tờ trình số 263/TTr-CP của Chính phủ và ý kiến thẩm tra số 1006/BC-UBXH15;",
            "Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15;\nSau khi xem xét Tờ trình số 263/TTr-CP của Chính phủ và Báo cáo kết quả thẩm tra lần hai số 1006/BC-UBXH15;",
        ] {
            assert_eq!(
                relations(text)[2],
                rel("1006/BC-UBXH15", Relation::Mentions),
                "{text}"
            );
        }
    }

    fn relations(text: &str) -> Vec<(String, Relation)> {
        extract_citations(text, None)
            .into_iter()
            .map(|c| (c.label().to_string(), c.relation))
            .collect()
    }

    fn rel(number: &str, r: Relation) -> (String, Relation) {
        (number.to_string(), r)
    }

    /// "đề nghị" answers a document only in a reply form: "Theo đề nghị
    /// của … tại …", "Xét đề nghị", "Phúc đáp", "trả lời".
    #[test]
    fn request_words_that_do_not_answer() {
        assert_eq!(
            relations("- Đơn đề nghị cấp chứng chỉ kiểm định viên: Mẫu số 03 Phụ lục II Nghị định số 44/2023/NĐ-CP."),
            [rel("44/2023/NĐ-CP", Relation::Mentions)]
        );
        assert_eq!(
            relations("Tổ chức, cá nhân đề nghị cấp giấy phép nộp hồ sơ theo quy định tại Thông tư số 43/2023/TT-BCT."),
            [rel("43/2023/TT-BCT", Relation::Mentions)]
        );
        assert_eq!(
            relations("b) Văn bản đề nghị của tổ chức theo Mẫu số 01 ban hành kèm Nghị định số 33/2024/NĐ-CP;"),
            [rel("33/2024/NĐ-CP", Relation::Mentions)]
        );
        for text in [
            "Theo đề nghị của Giám đốc Sở Y tế tại Tờ trình số 15/TTr-SYT ngày 01 tháng 3 năm 2025.",
            "Xét đề nghị của Sở Nội vụ tại Tờ trình số 120/TTr-SNV ngày 05/3/2024;",
            "Phúc đáp Công văn số 2164/STTTT-TTBCXB ngày 31/10/2023 của Sở Thông tin và Truyền thông,",
            "UBND huyện trả lời Công văn số 88/SNV-TCBC ngày 02/4/2024 của Sở Nội vụ như sau:",
        ] {
            assert_eq!(one(text).relation, Relation::RespondsTo, "{text:?}");
        }
    }

    /// A negated verb does not carry out the document, nor does carrying
    /// out a procedure the document lays down.
    #[test]
    fn negated_or_procedural_carrying_out() {
        for text in [
            "a) Không thực hiện thủ tục cấp Giấy chứng nhận đủ điều kiện kinh doanh quy định tại các Điều 36, 37 Nghị định số 87/2018/NĐ-CP ngày 15 tháng 6 năm 2018 của Chính phủ.",
            "Không thực hiện Quyết định số 20/QĐ-UBND ngày 05/01/2024 của UBND tỉnh Lào Cai.",
            "Chưa thực hiện Kế hoạch số 15/KH-UBND ngày 10/01/2024 của UBND huyện do thiếu kinh phí.",
            "Dừng thực hiện Kế hoạch số 16/KH-UBND ngày 10/01/2024 của UBND huyện.",
            "2. Tổ chức, cá nhân thực hiện thủ tục cấp giấy phép tại Điều 12 Nghị định số 113/2017/NĐ-CP ngày 09 tháng 10 năm 2017 của Chính phủ.",
        ] {
            assert_eq!(one(text).relation, Relation::Mentions, "{text:?}");
        }
        // The verb itself still carries out.
        for text in [
            "Thực hiện Kế hoạch số 15/KH-UBND ngày 10/01/2024 của UBND huyện, UBND xã báo cáo",
            "Tiếp tục thực hiện Nghị quyết số 02-NQ/TU ngày 02/12/2020 của Ban Chấp hành Đảng bộ tỉnh",
        ] {
            assert_eq!(one(text).relation, Relation::Implements, "{text:?}");
        }
    }

    /// A law, code or ordinance cited by name and the date it was passed,
    /// with no number: the preamble of most decrees and circulars.
    #[test]
    fn laws_cited_by_name() {
        let named = |text: &str| -> Vec<(String, String, Relation)> {
            extract_citations(text, None)
                .into_iter()
                .map(|c| {
                    let date = c.date.map(|d| d.to_string()).unwrap_or_default();
                    (c.label().to_string(), date, c.relation)
                })
                .collect()
        };
        let one = |name: &str, date: &str, r| vec![(name.to_string(), date.to_string(), r)];
        use Relation::*;
        for (text, name, date) in [
            (
                "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
                "Luật Tổ chức Chính phủ",
                "2015-06-19",
            ),
            (
                "Căn cứ Bộ luật Lao động ngày 20/11/2019;",
                "Bộ luật Lao động",
                "2019-11-20",
            ),
            (
                "Căn cứ Luật Doanh nghiệp năm 2020;",
                "Luật Doanh nghiệp",
                "2020",
            ),
            // Typed without diacritics.
            (
                "Can cu Bo luat Lao dong ngay 20 thang 11 nam 2019;",
                "Bo luat Lao dong",
                "2019-11-20",
            ),
            (
                "Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng ngày 09 tháng 12 năm 2020;",
                "Pháp lệnh Ưu đãi người có công với cách mạng",
                "2020-12-09",
            ),
            // A title above that ends with a law's name is not part of the
            // next law's name.
            (
                "Quy định chi tiết một số điều của Luật Bảo hiểm xã hội về bảo hiểm xã hội bắt buộc\nCăn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
                "Luật Tổ chức Chính phủ",
                "2025-02-18",
            ),
            // A number's citation reads the law whole.
            (
                "Căn cứ Luật Doanh nghiệp số 59/2020/QH14 ngày 17 tháng 6 năm 2020;",
                "59/2020/QH14",
                "2020-06-17",
            ),
        ] {
            assert_eq!(named(text), one(name, date, BasedOn), "{text:?}");
        }
        // Over a line's end, with commas, and a date cut by one.
        assert_eq!(
            named("Căn cứ Luật An toàn, vệ sinh lao động ngày 25 tháng 6 năm 2015;\nCăn cứ Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp \nđồng ngày 13 tháng 11 năm 2020; Luật sửa đổi, bổ sung một số \nđiều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 \nnăm 2019;"),
            [
                ("Luật An toàn, vệ sinh lao động".to_string(), "2015-06-25".to_string(), BasedOn),
                ("Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng".to_string(), "2020-11-13".to_string(), BasedOn),
                ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương".to_string(), "2019-11-22".to_string(), BasedOn),
            ]
        );
        for text in [
            "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.",
            "theo quy định của Luật Bảo hiểm xã hội đã tham gia bảo hiểm xã hội trước ngày 01 tháng 7 năm 2025",
            "Luật sư Nguyễn Văn A ngày 05 tháng 3 năm 2024 đã nộp đơn",
            "theo Luật Đất đai, ngày 01/8/2024 UBND tỉnh ban hành",
            "quy định của pháp luật năm 2015",
        ] {
            assert_eq!(named(text), Vec::new(), "{text:?}");
        }
    }

    /// A law as a person names it after `refs` or `show`.
    #[test]
    fn a_law_named_by_a_person() {
        let named = law_named;
        let law = |name: &str, year| Some(("Luật", name.to_string(), year));
        assert_eq!(
            named("Luật Bảo hiểm xã hội 2024"),
            law("bao hiem xa hoi", Some(2024))
        );
        assert_eq!(named("luat bao hiem xa hoi"), law("bao hiem xa hoi", None));
        assert_eq!(
            named("Bộ luật Lao động năm 2019"),
            law("lao dong", Some(2019))
        );
        assert_eq!(
            named("Luật Đất đai ngày 18 tháng 01 năm 2024"),
            law("dat dai", Some(2024))
        );
        assert_eq!(named("Luật Đất đai 18/01/2024"), law("dat dai", Some(2024)));
        assert_eq!(
            named("pháp lệnh chi phí tố tụng"),
            Some(("PL", "chi phi to tung".to_string(), None))
        );
        // A number, or words after the year, are not a law's name.
        assert_eq!(named("Luật số 41/2024/QH15"), None);
        assert_eq!(named("Luật 2024 bảo hiểm"), None);
        assert_eq!(named("Nghị định 15/2020"), None);
        assert_eq!(named("luật"), None);
    }

    /// A law's name key is the same for its citations and its own header,
    /// in any case and with its type words or not; the year tells laws of
    /// one name apart.
    #[test]
    fn a_law_is_keyed_by_type_name_and_year() {
        let key = "name:luat:lao dong:2019";
        assert_eq!(name_key("Luật", "Bộ luật Lao động", 2019), key);
        assert_eq!(name_key("Luật", "LAO ĐỘNG", 2019), key);
        assert_eq!(name_key("Luật", "BỘ LUẬT LAO ĐỘNG", 2019), key);
        assert_eq!(name_key("Luật", "Bo luat Lao dong", 2019), key);
        assert_ne!(name_key("Luật", "Bộ luật Lao động", 2012), key);
        assert_eq!(
            name_key("Luật", "Luật An toàn, vệ sinh lao động", 2015),
            name_key("Luật", "AN TOÀN, VỆ SINH LAO ĐỘNG", 2015)
        );
    }

    /// "sửa đổi, bổ sung" in a cited document's own name, or describing
    /// another cited document, is not the citing document's act; items of
    /// a "Căn cứ" list after ";" are bases too.
    #[test]
    fn amending_words_of_other_documents() {
        let text = "Căn cứ Luật Kế toán số 88/2015/QH13 ngày 20 tháng 11 năm 2015; Luật sửa \nđổi, bổ sung một số điều của Luật Chứng khoán, Luật Kế toán, Luật Kiểm toán độc \nlập, Luật Ngân sách nhà nước, Luật Xử lý vi phạm hành \nchính số 56/2024/QH15 ngày 29 tháng 11 năm 2024; \nCăn cứ Luật Bảo hiểm xã hội số 41/2024/QH15 ngày 29 tháng 6 năm 2024; \nCăn cứ Luật Bảo hiểm y tế số 25/2008/QH12 ngày 14 tháng 11 năm 2008; \nLuật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 46/2014/QH13 \nngày 13 tháng 6 năm 2014 và Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y \ntế số 51/2024/QH15 ngày 27 tháng 11 năm 2024; \nCăn cứ Nghị định số 29/2025/NĐ-CP ngày 24 tháng 02 năm 2025 của Chính phủ;";
        let all = relations(text);
        assert_eq!(all.len(), 7, "{all:?}");
        for (n, r) in &all {
            assert_eq!(*r, Relation::BasedOn, "{n}");
        }
        // An item with no citation of its own still continues the list.
        assert_eq!(
            relations("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nLuật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương số 47/2019/QH14;"),
            [
                rel("Luật Tổ chức chính quyền địa phương", Relation::BasedOn),
                rel("47/2019/QH14", Relation::BasedOn)
            ]
        );
        // "Căn cứ" at the start of a line opens a new item, even with no
        // punctuation after the title above it.
        let text = "dịch các loại chứng khoán khác được sửa đổi, bổ sung bởi \nThông tư số 69/2023/TT-BTC \nBỘ TRƯỞNG BỘ TÀI CHÍNH \nCăn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được \nsửa đổi, bổ sung bởi Luật số 87/2025/QH15; ";
        assert_eq!(
            relations(text),
            [
                rel("69/2023/TT-BTC", Relation::Mentions),
                rel("64/2025/QH15", Relation::BasedOn),
                rel("87/2025/QH15", Relation::Mentions),
            ]
        );
        // "Căn cứ" alone on its line heads a table's column.
        let text = "Báo cáo theo Nghị quyết số 71-NQ/TW của Bộ Chính trị được trình \nCăn cứ \nbổ sung \ntheo Nghị quyết \nsố 72-NQ/TW của Bộ Chính trị";
        assert_eq!(relations(text)[1], rel("72-NQ/TW", Relation::Mentions));
        // The title of the citation before: "… sửa đổi, bổ sung một số điều
        // của Thông tư số A …, Thông tư số B …".
        let text = "- Thông tư số 18/2025/TT-BTC ngày 26 tháng 4 năm 2025 của Bộ trưởng Bộ Tài chính \nsửa đổi, bổ sung một số điều của Thông tư số 119/2020/TT-BTC ngày 31 tháng 12 năm 2020 \ncủa Bộ trưởng Bộ Tài chính quy định hoạt động đăng ký, lưu ký, bù trừ và thanh toán giao dịch \nchứng khoán, Thông tư số 96/2020/TT-BTC ngày 16 tháng 11 năm 2020 của Bộ trưởng Bộ Tài \nchính hướng dẫn công bố thông tin trên thị trường chứng khoán đã được sửa đổi, bổ sung một \nsố điều theo Thông tư số 68/2024/TT-BTC ngày 18 tháng 9 năm 2024 của Bộ trưởng Bộ Tài chính.";
        assert_eq!(
            relations(text),
            [
                rel("18/2025/TT-BTC", Relation::Mentions),
                rel("119/2020/TT-BTC", Relation::Mentions),
                rel("96/2020/TT-BTC", Relation::Mentions),
                rel("68/2024/TT-BTC", Relation::Mentions),
            ]
        );
        // The same after a line that ends a list item.
        let text = format!("hướng dẫn công bố thông tin.”. \n{text}");
        let r: Vec<Relation> = extract_citations(&text, None)
            .into_iter()
            .map(|c| c.relation)
            .collect();
        assert_eq!(r, [Relation::Mentions; 4], "{text:?}");
        // The document's own act still amends.
        assert_eq!(
            relations("Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 95/2020/TT-BTC ngày 16 tháng 11 năm 2020 của Bộ trưởng Bộ Tài chính như sau:"),
            [rel("95/2020/TT-BTC", Relation::Amends)]
        );
        // A report amends nothing: "…; sửa đổi Quyết định số …" continues
        // the title of the decision before.
        let text = "Quyết định số 185/QĐ-UBND ngày 13/02/2023 của Chủ tịch UBND tỉnh công bố Danh mục thủ tục hành chính mới ban hành; sửa đổi Quyết định số 383/QĐ-UBND ngày 29/3/2022 của Chủ tịch UBND tỉnh về việc công bố Danh mục thủ tục hành chính";
        let r: Vec<Relation> = extract_citations(text, Some("150/BC-UBND"))
            .into_iter()
            .map(|c| c.relation)
            .collect();
        assert_eq!(r, [Relation::Mentions, Relation::Mentions]);
        assert_eq!(
            extract_citations(text, Some("15/QĐ-UBND"))[1].relation,
            Relation::Amends
        );
    }

    /// "Văn bản số X … hết hiệu lực (kể) từ ngày …": the usual wording of
    /// repeal, after the citation.
    #[test]
    fn ceasing_to_have_effect_is_repeal() {
        let text = "Quyết định số 66/QĐ-UBND ngày 03/3/2018 của UBND tỉnh Lào Cai hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành.";
        assert_eq!(one(text).relation, Relation::Repeals);
        let text = "2. Nghị định số 71/2019/NĐ-CP ngày 30 tháng 8 năm 2019 của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh vực hóa chất và vật liệu nổ công nghiệp và Nghị định số 17/2022/NĐ-CP ngày 31 tháng 01 năm 2022 của Chính phủ hết hiệu lực từ ngày Nghị định này có hiệu lực thi hành.";
        assert_eq!(
            relations(text),
            [
                rel("71/2019/NĐ-CP", Relation::Repeals),
                rel("17/2022/NĐ-CP", Relation::Repeals)
            ]
        );
        let text = "2. Luật Thi đua, khen thưởng số 15/2003/QH11 hết hiệu lực thi hành kể từ ngày Luật này có hiệu lực.";
        assert_eq!(one(text).relation, Relation::Repeals);
        // Not in another clause, nor when said of a provision.
        let text = "Thực hiện Kế hoạch số 12/KH-UBND ngày 08/02/2024 của UBND tỉnh; các văn bản trước đây hết hiệu lực kể từ ngày ký.";
        assert_eq!(one(text).relation, Relation::Implements);
    }

    /// A list of documents that a page's end interrupts goes on after the
    /// footnotes, page number and Công báo header; the footnotes' own
    /// citations are read as they stand.
    #[test]
    fn lists_across_a_page_end() {
        let text = "Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2013 và thay thế \nThông tư số 07/2006/TT-BLĐTBXH ngày 26 tháng 7 năm 2006, Thông tư số \n                                          \n15 Chương này bao gồm các Điều 46, 47, 48, 49, 50 và 51 được bãi bỏ theo quy định tại \nPhần I Phụ lục II của Thông tư số 18/2022/TT-BLĐTBXH ngày 30 tháng 9 năm 2022 của Bộ \ntrưởng Bộ Lao động - Thương binh và Xã hội bãi bỏ văn bản quy phạm pháp luật do Bộ trưởng \nBộ Lao động - Thương binh và Xã hội ban hành, liên tịch ban hành, có hiệu lực kể từ ngày 15 \ntháng 11 năm 2022. \n\n \n48 \nCÔNG BÁO/Số 1221 + 1222/Ngày 06-11-2024 \n  \n02/2007/TT-BLĐTBXH ngày 16 tháng 01 năm 2007, Thông tư số 25/2007/TT-\nBLĐTBXH ngày 15 tháng 11 năm 2007, Thông tư số 08/2009/TT-BLĐTBXH \nngày 07 tháng 4 năm 2009 của Bộ Lao động - Thương binh và Xã hội. ";
        let all = extract_citations(text, Some("05/2013/TT-BLĐTBXH"));
        let r: Vec<_> = all.iter().map(|c| (c.number.clone(), c.relation)).collect();
        assert_eq!(
            r,
            [
                rel("07/2006/TT-BLĐTBXH", Relation::Replaces),
                rel("18/2022/TT-BLĐTBXH", Relation::Mentions),
                rel("02/2007/TT-BLĐTBXH", Relation::Replaces),
                rel("25/2007/TT-BLĐTBXH", Relation::Replaces),
                rel("08/2009/TT-BLĐTBXH", Relation::Replaces),
            ]
        );
        // The type words before the page's end are the cited one's.
        assert_eq!(all[2].type_name.as_deref(), Some("Thông tư"));
        assert_eq!(
            all[2].date.map(|d| d.to_string()).as_deref(),
            Some("2007-01-16")
        );
        assert_eq!(
            all[1].date.map(|d| d.to_string()).as_deref(),
            Some("2022-09-30")
        );
        // A page's end with no footnotes.
        let text = "Căn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ, \n \n12 \nCÔNG BÁO/Số 295 + 296/Ngày 22-3-2020 \n \nNghị định số 40/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ;";
        assert_eq!(
            relations(text),
            [
                rel("39/2022/NĐ-CP", Relation::BasedOn),
                rel("40/2022/NĐ-CP", Relation::BasedOn),
            ]
        );
    }

    /// Relations in sentences of the labelled set.
    #[test]
    fn relations_in_real_sentences() {
        // "như đề nghị của … tại Tờ trình …", with "đề" read "đê".
        let text = "1. Đồng ý chủ trương chuyển giao chủ thể quản lý Vườn quốc gia Ba Vì từ\nBộ Nông nghiệp và Môi trường về Ủy ban nhân dân Thành phố Hà Nội trực tiếp\nquản lý như đê nghị của Bộ Nông nghiệp và Môi trường tại Tờ trình 4017/TTr-\nBNNMT ngày 23 tháng 4 năm 2026 và Báo cáo số 4123/BC-BNNMT ngày 26\ntháng 4 năm 2026";
        assert_eq!(
            relations(text),
            [
                rel("4017/TTr-BNNMT", Relation::RespondsTo),
                rel("4123/BC-BNNMT", Relation::RespondsTo),
            ]
        );
        // A body that makes its report carries out nothing.
        let text = "Phong Tu phap da\nthuc hién Béo cao s 24/BC-TP ngay 24 thang 5 nim 2022 vé két qua thuc\nhién mot s6 nhiém vu, giai phap dé giam chi phi tuan tha phap luat";
        assert_eq!(one(text).relation, Relation::Mentions);
        assert_eq!(
            one("Phòng Tư pháp đã thực hiện Báo cáo số 24/BC-TP ngày 24 tháng 5 năm 2022 về kết quả").relation,
            Relation::Mentions
        );
        assert_eq!(
            one("Thực hiện Kế hoạch số 24/KH-UBND ngày 24 tháng 5 năm 2022 về kết quả").relation,
            Relation::Implements
        );
        // Every item of a "Bãi bỏ" list is repealed, the title of the
        // second naming the first.
        let text = "2. Bãi bỏ Thông tư số 26/2011/TT-BKHCN ngày 04 tháng 10 năm 2011 của \nBộ trưởng Bộ Khoa học và Công nghệ quy định về trang phục, phù hiệu, biển tên, \nthẻ kiểm soát viên chất lượng đối với công chức chuyên ngành kiểm soát chất \nlượng sản phẩm, hàng hóa và Thông tư số 10/2015/TT-BKHCN ngày 19 tháng 6 \nnăm 2015 của Bộ trưởng Bộ Khoa học và Công nghệ sửa đổi, bổ sung một số điều \ncủa Thông tư số 26/2011/TT-BKHCN ngày 04 tháng 10 năm 2011 của Bộ trưởng \nBộ Khoa học và Công nghệ quy định về trang phục, phù hiệu, biển tên, thẻ kiểm \nsoát viên chất lượng đối với công chức chuyên ngành kiểm soát chất lượng sản \nphẩm, hàng hóa. ";
        let all = extract_citations(text, None);
        let r: Vec<_> = all.iter().map(|c| (c.number.clone(), c.relation)).collect();
        assert_eq!(
            r,
            [
                rel("26/2011/TT-BKHCN", Relation::Repeals),
                rel("10/2015/TT-BKHCN", Relation::Repeals),
                rel("26/2011/TT-BKHCN", Relation::Mentions),
            ]
        );
        assert_eq!(
            all[0].subject.as_deref(),
            Some("quy định về trang phục, phù hiệu, biển tên, thẻ kiểm soát viên chất lượng đối với công chức chuyên ngành kiểm soát chất lượng sản phẩm, hàng hóa")
        );
    }

    #[test]
    fn a_report_without_a_number_changes_nothing_it_cites() {
        let text = "Quyết định số 185/QĐ-UBND ngày 13/02/2023 của Chủ tịch UBND tỉnh; \
                    sửa đổi Quyết định số 383/QĐ-UBND ngày 29/3/2022 của Chủ tịch UBND tỉnh.";
        let relation = |own_type| {
            extract_citations_of(text, None, own_type)
                .into_iter()
                .find(|c| c.number == "383/QĐ-UBND")
                .map(|c| c.relation)
        };
        let report = doctype::by_code("BC");
        assert_eq!(relation(report), Some(Relation::Mentions));
        assert_ne!(relation(doctype::by_code("QĐ")), Some(Relation::Mentions));
    }

    #[test]
    fn not_citations() {
        for text in [
            "giai đoạn 2021-2025; ISO 9001:2015; ĐT 0214.3840123; 1.000.000 đồng/người/tháng",
            "ngày 08/3/2024 và 24/12/2021, 07-6-2022",
            "S6:  110/KH-UBND Long An, ngay 11 thang 01 nam 2021",
            "Biểu số 805/TTr-Sở \nBan hành kèm theo",
            "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=92755&Keyword=14/2007/TT-BL%C4%90TBXH",
            "Mẫu số 01-ĐĐN/SHTT",
            "khai theo Tờ khai 01/TCKT và tờ khai số 01/BĐS",
        ] {
            assert_eq!(extract_citations(text, None), Vec::new(), "{text:?}");
        }
        // Carrying a plan out is not filling a form in.
        assert_eq!(
            extract_citations("Triển khai 5/KH-UBND của UBND tỉnh.", None).len(),
            1
        );
        // The document's own number is never a citation of itself.
        let text = "(Kèm theo Thông tư số 12/2021/TT-BLĐTBXH ngày 30 tháng 9 năm 2021)";
        assert!(extract_citations(text, Some("12/2021/TT-BLĐTBXH")).is_empty());
        assert_eq!(extract_citations(text, None).len(), 1);
    }

    /// A decree or a law cited by number and year alone: the ký hiệu is
    /// certain (decrees are the Government's, laws the legislature's of
    /// that year).
    #[test]
    fn short_citations_of_decrees_and_laws() {
        let c = one("Căn cứ Nghị định số 15/2020 ngày 03/02/2020 của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính;");
        assert_eq!(c.number, "15/2020/NĐ-CP");
        assert_eq!(c.doc_type.as_deref(), Some("NĐ"));
        assert_eq!(c.type_name.as_deref(), Some("Nghị định"));
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2020-02-03"));
        assert_eq!(c.issuer.as_deref(), Some("Chính phủ"));
        assert_eq!(c.relation, Relation::BasedOn);
        assert_eq!(c.year(), Some(2020));
        // The span starts at the type words.
        assert_eq!(c.span[0], "Căn cứ ".len());

        for (text, number, r) in [
            ("Thực hiện Nghị định 68/2016 của Chính phủ về điều kiện kinh doanh hàng miễn thuế, Cục Hải quan báo cáo như sau.", "68/2016/NĐ-CP", Relation::Implements),
            ("Quyết định này thay thế các quy định trái với NGHỊ ĐỊNH SỐ 15/2020.", "15/2020/NĐ-CP", Relation::Replaces),
            ("Căn cứ nghi dinh so 15/2020 cua Chinh phu;", "15/2020/NĐ-CP", Relation::BasedOn),
            ("Can cu Nghi dinh s6 15/2020 ciia Chinh phu;", "15/2020/NĐ-CP", Relation::BasedOn),
            ("Căn cứ Luật số 59/2020 của Quốc hội;", "59/2020/QH14", Relation::BasedOn),
            ("Căn cứ Luật Doanh nghiệp số 59/2020;", "59/2020/QH14", Relation::BasedOn),
            ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15;", "64/2025/QH15", Relation::BasedOn),
            ("Căn cứ Bộ luật Lao động số 45/2019;", "45/2019/QH14", Relation::BasedOn),
            ("Căn cứ Luật 13/2008 về thuế giá trị gia tăng;", "13/2008/QH12", Relation::BasedOn),
            ("Căn cứ Luật Đất đai số 45/2013;", "45/2013/QH13", Relation::BasedOn),
            ("Căn cứ Luật Đất đai số 31/2024;", "31/2024/QH15", Relation::BasedOn),
            ("Căn cứ Luật Cư trú số 81/2006;", "81/2006/QH11", Relation::BasedOn),
            ("Nghị định số 29/2018 của Chính phủ (sau đây viết tắt là Nghị định số 29/2018) được triển khai.", "29/2018/NĐ-CP", Relation::Mentions),
        ] {
            let all = extract_citations(text, None);
            assert!(!all.is_empty(), "{text:?}");
            assert_eq!(all[0].number, number, "{text:?}");
            assert_eq!(all[0].relation, r, "{text:?}");
        }
        // Both the full citation and its short form later on.
        let text = "Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ (sau đây viết tắt là Nghị định số 15/2020);";
        let all = extract_citations(text, None);
        assert_eq!(all.len(), 2, "{all:#?}");
        assert!(all.iter().all(|c| c.number == "15/2020/NĐ-CP"));
        // Citations joined by a comma share the verb.
        assert_eq!(
            relations(
                "Căn cứ Nghị định số 15/2020, Nghị định số 14/2017/NĐ-CP và Luật số 59/2020;"
            ),
            vec![
                rel("15/2020/NĐ-CP", Relation::BasedOn),
                rel("14/2017/NĐ-CP", Relation::BasedOn),
                rel("59/2020/QH14", Relation::BasedOn),
            ]
        );
    }

    /// Number-and-year forms whose ký hiệu is not certain, or that are no
    /// citation at all.
    #[test]
    fn short_forms_that_are_not_cited_documents() {
        for text in [
            // Dates, articles, counts, money, fractions.
            "Nghị định có hiệu lực từ tháng 15/2020",
            "Nghị định được ban hành ngày 15/2020",
            "theo quy định tại Điều 15/2020 của Nghị định",
            "Theo Nghị định, số 15/2020 người được hỗ trợ",
            "số 15/2020 người được hỗ trợ theo Nghị định",
            "mức phạt 15/2020 triệu đồng",
            "Nghị định số 1.15/2020",
            // Other types need an issuer.
            "Căn cứ Nghị quyết số 15/2020;",
            "Căn cứ Thông tư số 15/2020;",
            "Căn cứ Quyết định số 15/2020;",
            "Căn cứ Thông tư liên tịch số 06/2018;",
            "Căn cứ Nghị định thư số 15/2020;",
            // A lawyer's card, not a law.
            "Căn cứ Luật sư số 12/2024 cấp cho ông A;",
            // A law of a year two legislatures share.
            "Căn cứ Luật số 101/2016;",
            "Căn cứ Luật số 02/2016;",
            "Căn cứ Luật số 73/2021;",
            "Căn cứ Luật số 65/2011;",
            "Căn cứ Luật số 04/2007;",
            "Căn cứ Luật số 09/2026;",
            // A ký hiệu that cannot be read is not made up.
            "Căn cứ Nghị định số 15/2020/nđ cp;",
            "theo luật số 09/2022QH15",
            // The header's own number line.
            "Số: 15/2020",
        ] {
            assert_eq!(extract_citations(text, None), Vec::new(), "{text:?}");
        }
        // A full number is found once, as before.
        let all = extract_citations("Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ;", None);
        assert_eq!(all.len(), 1);
        let all = extract_citations("Căn cứ Nghị định số 29/2025⁄NĐ-CP của Chính phủ;", None);
        assert_eq!(all.len(), 1);
        let all = extract_citations("Căn cứ Nghị định số 15/2020 /NĐ-CP của Chính phủ;", None);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].number, "15/2020/NĐ-CP");
        // The document's own number, written short in its text.
        let text = "Nghị định số 15/2020 có hiệu lực từ ngày ký.";
        assert!(extract_citations(text, Some("15/2020/NĐ-CP")).is_empty());
        assert_eq!(extract_citations(text, None).len(), 1);
    }

    #[test]
    fn relation_names() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
            let json = serde_json::to_string(&r).expect("json");
            assert_eq!(json, format!("\"{}\"", r.as_str()));
        }
        assert_eq!(Relation::parse("Based-On"), Some(Relation::BasedOn));
        assert_eq!(Relation::parse("cites"), None);
    }

    #[test]
    fn json_shape() {
        let c = one("Thực hiện Kế hoạch số 435/KH-UBND ngày 08/3/2024 của UBND huyện");
        let v = serde_json::to_value(&c).expect("json");
        assert_eq!(v["number"], "435/KH-UBND");
        assert_eq!(v["type"], "KH");
        assert_eq!(v["date"], "2024-03-08");
        assert_eq!(v["relation"], "implements");
        assert_eq!(v["span"][0], c.span[0]);
        let back: Citation = serde_json::from_value(v).expect("back");
        assert_eq!(back, c);
        let c = one("Căn cứ Nghị định số 20/2008/NĐ-CP của Chính phủ;");
        assert_eq!(c.year(), Some(2008));
        assert_eq!(
            serde_json::to_value(&c).expect("json")["date"],
            serde_json::Value::Null
        );
    }

    /// One labelled document: its file, own number and the citations a
    /// reader finds in it (each number once, with its first citation's
    /// date and relation).
    #[derive(serde::Deserialize)]
    struct Labelled {
        file: String,
        own_number: Option<String>,
        citations: Vec<LabelledCitation>,
    }

    #[derive(serde::Deserialize)]
    struct LabelledCitation {
        number: String,
        date: Option<String>,
        relation: Relation,
    }

    #[derive(Default, Debug)]
    struct Score {
        labelled: usize,
        found: usize,
        matched: usize,
        dated: usize,
        dates_right: usize,
        relations_right: usize,
    }

    impl Score {
        fn pct(a: usize, b: usize) -> f64 {
            if b == 0 {
                100.0
            } else {
                100.0 * a as f64 / b as f64
            }
        }
        fn recall(&self) -> f64 {
            Self::pct(self.matched, self.labelled)
        }
        fn precision(&self) -> f64 {
            Self::pct(self.matched, self.found)
        }
        fn dates(&self) -> f64 {
            Self::pct(self.dates_right, self.dated)
        }
        fn relations(&self) -> f64 {
            Self::pct(self.relations_right, self.matched)
        }
        fn add(&mut self, o: &Score) {
            self.labelled += o.labelled;
            self.found += o.found;
            self.matched += o.matched;
            self.dated += o.dated;
            self.dates_right += o.dates_right;
            self.relations_right += o.relations_right;
        }
    }

    fn fixtures() -> PathBuf {
        Path::new(file!())
            .parent()
            .expect("src")
            .join("../tests/fixtures/citation")
    }

    fn score_set(labels: &Path, root: &Path) -> Score {
        let mut total = Score::default();
        let text = std::fs::read_to_string(labels).expect("labels");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let doc: Labelled = serde_json::from_str(line).expect("label line");
            let body = std::fs::read_to_string(root.join(&doc.file)).expect("labelled file");
            let got = extract_citations(&body, doc.own_number.as_deref());
            let mut first: HashMap<String, &Citation> = HashMap::new();
            // The labels are of numbers: laws cited by name are scored
            // by `laws_cited_by_name`.
            for c in got.iter().filter(|c| c.name.is_none()) {
                let key = number::number_key(&c.number).expect("key");
                first.entry(key).or_insert(c);
            }
            let mut s = Score {
                labelled: doc.citations.len(),
                found: first.len(),
                ..Score::default()
            };
            for l in &doc.citations {
                let key = number::number_key(&l.number).expect("label key");
                let Some(c) = first.get(&key) else {
                    eprintln!("  missed {} in {}", l.number, doc.file);
                    continue;
                };
                s.matched += 1;
                if let Some(d) = &l.date {
                    s.dated += 1;
                    if c.date.map(|x| x.to_string()).as_deref() == Some(d.as_str()) {
                        s.dates_right += 1;
                    }
                }
                if c.relation == l.relation {
                    s.relations_right += 1;
                } else {
                    eprintln!(
                        "  relation of {} in {}: {} for {}",
                        l.number, doc.file, c.relation, l.relation
                    );
                }
            }
            let labelled: Vec<String> = doc
                .citations
                .iter()
                .filter_map(|l| number::number_key(&l.number))
                .collect();
            for (k, c) in &first {
                if !labelled.contains(k) {
                    eprintln!("  extra {} in {}", c.number, doc.file);
                }
            }
            total.add(&s);
        }
        total
    }

    fn print_row(name: &str, s: &Score) {
        println!(
            "{name:<10} {:>5} {:>5} {:>5}  recall {:>6.2}%  precision {:>6.2}%  dates {:>4}/{:<4} {:>6.2}%  relations {:>4}/{:<4} {:>6.2}%",
            s.labelled, s.found, s.matched, s.recall(), s.precision(), s.dates_right, s.dated, s.dates(),
            s.relations_right, s.matched, s.relations()
        );
    }

    fn assert_targets(name: &str, s: &Score) {
        assert!(
            s.recall() >= 97.0,
            "{name}: number recall {:.2}%",
            s.recall()
        );
        assert!(
            s.precision() >= 97.0,
            "{name}: number precision {:.2}%",
            s.precision()
        );
        assert!(s.dates() >= 95.0, "{name}: dates {:.2}%", s.dates());
        assert!(
            s.relations() >= 90.0,
            "{name}: relations {:.2}%",
            s.relations()
        );
    }

    /// Recall and precision of numbers, accuracy of dates and relations on
    /// the labelled set: the seeds (inside the repository) and documents of
    /// the Công báo set (when the shared data is present).
    #[test]
    fn labelled_set_meets_targets() {
        let dir = fixtures();
        println!("{:<10} {:>5} {:>5} {:>5}", "set", "label", "found", "match");
        let seeds = score_set(&dir.join("seeds.jsonl"), &dir);
        print_row("seeds", &seeds);
        assert_targets("seeds", &seeds);
        let data = std::env::var_os("VANBAN_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/work/shared/data"));
        if !data.join("congbao-8chude").is_dir() {
            println!("skipping the Công báo part: no data at {}", data.display());
            return;
        }
        let congbao = score_set(&dir.join("congbao.jsonl"), &data);
        print_row("congbao", &congbao);
        assert_targets("congbao", &congbao);
        let mut all = Score::default();
        all.add(&seeds);
        all.add(&congbao);
        print_row("all", &all);
    }

    /// The whole text folded: what every reader read before only the
    /// pieces they look at were folded.
    fn folded_whole(text: &str) -> Folded {
        Folded::new(text, 0..text.len())
    }

    fn boundaries(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect()
    }

    /// [`type_before`] on the whole folded text, in original offsets.
    type TypeAt = (Option<(&'static str, usize)>, usize, bool, bool);

    fn type_at(text: &str, folded: &Folded, o: usize, far: bool) -> Option<TypeAt> {
        let (typed, fallback, colon) = type_before(&folded.s, folded.pos(o), far)?;
        Some((
            typed.map(|(t, fs)| (t.code, folded.orig(fs))),
            folded.orig(fallback),
            colon,
            in_link_or_form(text, &folded.s, o, fallback),
        ))
    }

    /// Every reader that now folds only a piece of the text reads from
    /// every offset what it read in the whole folded text.
    fn assert_pieces_read_as_whole(text: &str) {
        let whole = folded_whole(text);
        let at = boundaries(text);
        for (k, &a) in at.iter().enumerate() {
            // A piece folded alone is that piece of the whole.
            for &b in at[k..].iter().step_by(5) {
                let piece = Folded::new(text, a..b);
                let (fa, fb) = (whole.pos(a), whole.pos(b));
                assert_eq!(piece.s, whole.s[fa..fb], "{text:?} {a}..{b}");
                assert_eq!(piece.map[..piece.map.len() - 1], whole.map[fa..fb]);
            }
            // A number starts with a character that folds to one: where a
            // mark that folds to nothing stands, the whole text's offset
            // runs on past it.
            let starts_number = text[a..]
                .chars()
                .next()
                .is_none_or(|c| !fold_lower(c.encode_utf8(&mut [0; 4])).is_empty());
            let want = type_at(text, &whole, a, true).filter(|_| starts_number);
            let near = Folded::before(text, a, 8);
            let got = type_at(text, &near, a, false)
                .or_else(|| {
                    let far = Folded::before(text, a, 18);
                    type_at(text, &far, a, true)
                })
                .filter(|_| starts_number);
            assert_eq!(got, want, "type before {a} in {text:?}");
            let want = issuer_at(text, &whole, whole.pos(a));
            assert_eq!(issuer_after(text, a), want, "issuer at {a} in {text:?}");
            let want = subject_at(text, &whole, whole.pos(a));
            assert_eq!(subject_after(text, a), want, "subject at {a} in {text:?}");
        }
    }

    /// [`clause_start`] as it was, iterating over the whole window.
    fn clause_start_by_iteration(text: &str, at: usize) -> (usize, bool) {
        let from = floor_boundary(text, at.saturating_sub(1500));
        let window = &text[from..at];
        let mut best = (from, false);
        for c in CLAUSE_END_RE.captures_iter(window) {
            let m = c.get(0).expect("match");
            if m.is_empty() && m.start() == 0 && from > 0 {
                continue;
            }
            best = (from + m.end(), c.name("semi").is_some());
        }
        best
    }

    /// [`date_after`] as it was, searching the whole window.
    fn date_after_by_search(text: &str, at: usize) -> Option<(PartialDate, usize)> {
        let end = floor_boundary(text, at + 80);
        let window = &text[at..end];
        let word = date::find_word_date(window).filter(|(_, r)| {
            window[..r.start]
                .trim_start_matches([',', '('])
                .trim()
                .is_empty()
        });
        if let Some((d, r)) = word {
            return Some((d, at + r.end));
        }
        let (d, r) = date::find_figure_date(window)?;
        if DATE_GAP_RE.is_match(&window[..r.start]) {
            Some((d, at + r.end))
        } else {
            None
        }
    }

    fn assert_searches_as_before(text: &str) {
        for at in boundaries(text) {
            assert_eq!(
                clause_start(text, at),
                clause_start_by_iteration(text, at),
                "clause before {at} in {text:?}"
            );
            assert_eq!(
                date_after(text, at),
                date_after_by_search(text, at),
                "date at {at} in {text:?}"
            );
        }
    }

    /// [`RELATION_RE`] finds the same matches in a folded clause and in
    /// its ASCII stand-in.
    fn assert_relations_as_before(text: &str) {
        let clause = fold_lower(text);
        let spans = |h: &str| -> Vec<(usize, usize, Relation)> {
            RELATION_RE
                .captures_iter(h)
                .map(|c| {
                    let m = c.get(0).expect("match");
                    (m.start(), m.end(), relation_from_caps(&c))
                })
                .collect()
        };
        let ascii = ascii_for_relations(&clause);
        assert!(ascii.is_ascii());
        assert_eq!(ascii.len(), clause.len());
        assert_eq!(spans(&ascii), spans(&clause), "{text:?}");
    }

    #[test]
    fn relation_words_read_as_before_in_ascii() {
        for text in [
            "Căn cứ Luật “Tổ chức” Chính phủ – sửa đổi… thay thế, bãi bỏ",
            "căn\u{a0}cứ được\u{2003}sửa đổi; theo quy định tại ﬁ thực hiện",
            "ǂcăn cứ, căn cứǂ, 一căn cứ一, ٣thay thế٣, a\u{301}bai bo",
            "đề nghị — phúc đáp “trả lời” hướng dẫn triển khai",
        ] {
            assert_relations_as_before(text);
        }
    }

    #[test]
    fn pieces_and_searches_read_as_the_whole() {
        for text in [
            "Thực hiện Kế hoạch số 435/KH-UBND ngày 08/3/2024 của UBND huyện về việc tuyên truyền Cải cách hành chính (CCHC) năm 2024. UBND huyện báo cáo",
            "Căn cứ Luật Bảo hiểm y tế ngày 14 tháng 11 năm 2008 được sửa đổi, bổ sung số 46/2014/QH13;\nCăn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ;",
            "Bộ luật   Lao động\n số : 45/2019/QH14, Pháp lệnh về   x số 1/PL; Mẫu số 01-ĐĐN/SHTT",
            "Số:\u{a0}110/KH-UBND  ,  ( ngay 11 thang 01 nam 2021 cta  Uy ban\u{a0}nhan dan tinh  và Sở Y tế, vé viéc giao\n\n- b) 2. II. x",
            "“Nghị quyết” số 02-\nNQ/TU ngày 1.7.2025; của\tBan  chấp hành a\u{301} b – c … d; ngay 08/3/2024",
            "1.000.000 đồng: v/v  ban  hành quy chế;\r\n  theo Kế hoạch số 5/KH ngày 31-12-2021 của UBND xã",
        ] {
            assert_pieces_read_as_whole(text);
            assert_searches_as_before(text);
        }
    }

    /// [`short_forms`] finds what the pattern it stands for finds.
    fn assert_short_forms_as_pattern(text: &str) {
        let re = Regex::new(r"[0-9]{1,4}/(?:19|20)[0-9]{2}").expect("short number");
        let want: Vec<Range<usize>> = re.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(short_forms(text).collect::<Vec<_>>(), want, "{text:?}");
    }

    #[test]
    fn short_forms_as_the_pattern() {
        for text in [
            "Nghị định số 15/2020, Luật số 59/2020/QH14",
            "123456/2020 1/20201/2020 12/19999 /2020 0/1900 3/15/2020 2021/2022/2023",
            "15/20 15/202 15/2x20 15/1800 ١٢/2020 12/２020",
        ] {
            assert_short_forms_as_pattern(text);
        }
    }

    #[test]
    fn page_header_words() {
        for (text, holds) in [
            ("x\nCÔNG BÁO/Số 1221 + 1222/Ngày 06-11-2024\n", true),
            ("  CONG \tBAO / So 5\n", true),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCONG HOA XA HOI", false),
            ("CÔNGBÁO/Số 1", false),
        ] {
            assert_eq!(may_hold_page_header(text), holds, "{text:?}");
            assert_eq!(PAGE_HEADER_RE.is_match(text), holds, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn page_headers_only_where_their_words_are(s in "(CÔNG|CONG|BÁO|BAO|Số|So|[ \t/\nxố]){0,12}") {
            if PAGE_HEADER_RE.is_match(&s) {
                prop_assert!(may_hold_page_header(&s), "{:?}", s);
            }
        }

        #[test]
        fn short_forms_in_any_figures(s in "([0-9]{1,6}|/|19|20|[ a.\u{a0}٣]){0,30}") {
            assert_short_forms_as_pattern(&s);
        }

        #[test]
        fn relation_words_in_ascii(s in "(căn |cứ |thay |thế |bãi |bỏ |sửa |đổi |theo |quy |định |tại |được |thực |hiện |[“”–…ǂ一٣\u{a0}\u{2003}\u{301}_#]|[a-z]{1,3}| |,){0,24}") {
            assert_relations_as_before(&s);
        }

        #[test]
        fn pieces_read_as_the_whole(s in "(Căn cứ |Thực hiện |theo |của |cta |ngày |ngay |tháng |năm |số |s6 |số:|: |Kế hoạch |Nghị định |Bộ luật |Luật |Pháp lệnh |bảo hiểm |Mẫu |về việc |v/v |ban hành |UBND |Ủy ban |và |[0-9]{1,4}/|[0-9]{1,2}|QĐ-UBND|KH-UBND|2021|ND-CP|x|“|–|\u{301}|[;,.:()\n\t \u{a0}\u{2003}]){0,30}") {
            assert_pieces_read_as_whole(&s);
            assert_searches_as_before(&s);
        }

        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            for c in extract_citations(&s, None) {
                prop_assert!(s.get(c.span[0]..c.span[1]).is_some());
            }
        }

        #[test]
        fn never_panics_on_citation_like(s in "(Căn cứ |Thực hiện |theo |của |ngày |số |Kế hoạch |Nghị định |về việc |[0-9]{1,4}/|QĐ-UBND|KH-UBND|2021|ND-CP|[;,.\n \u{a0}\u{2003}\u{3000}]){0,30}") {
            for c in extract_citations(&s, Some("1/KH-UBND")) {
                prop_assert!(s.get(c.span[0]..c.span[1]).is_some());
                prop_assert!(c.span[0] < c.span[1]);
            }
        }
    }
}
