//! Cross-references: which indexed document a citation points at, and
//! who cites a document, in both directions.
//!
//! Links are not stored as edges. Each document stores the number keys it
//! cites (`cites`) and `relation:key` pairs (`cites_rel`); a link is found
//! when it is asked for. So indexing a plan after the reports that
//! implement it links them, and deleting or reindexing a document changes
//! its links in both directions with no rewrite of other documents.
//!
//! A citation identifies a document by number and ký hiệu, year and issuing
//! body. Numbers restart every year for every body, so when several indexed
//! documents bear the cited number, the year (from the number, or from the
//! citation's date) and the issuer (the words the citation gives, such as
//! "UBND huyện") must agree; what they cannot settle is reported as
//! ambiguous with its candidates, never linked to a guess. A law cited by
//! name and date is identified by its type, name and year, which the law's
//! own header gives too ([`document_keys`]).
//!
//! ```text
//! 82/BC-UBND  "Thực hiện Kế hoạch số 06/KH-UBND ngày 08/01/2024 ..."
//!   cites   implements 06/KH-UBND (2024-01-08) → corpus/…/06-KH.txt
//! 06/KH-UBND
//!   cited by  implements ← 82/BC-UBND
//! ```

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyError, Term};

use crate::citation::{self, Citation, Relation};
use crate::document::Document;
use crate::header::{self, Header};
use crate::store::Store;
use crate::{doctype, lookup, number};

/// Most documents read for one number or one cited number.
const MAX_DOCS: usize = 1000;

/// Whether a citation found its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Exactly one indexed document fits.
    Linked,
    /// Several indexed documents fit; see the candidates.
    Ambiguous,
    /// No indexed document fits: the cited document is not in the index.
    NotIndexed,
}

/// An indexed document, as refs shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRef {
    /// Its path.
    pub path: String,
    /// Its own number.
    pub number: Option<String>,
    /// Its type code.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its date of issue.
    pub date: Option<String>,
    /// Its issuer.
    pub issuer: Option<String>,
    /// Its title.
    pub title: String,
}

impl DocRef {
    fn of(doc: &Document) -> DocRef {
        let h = &doc.header;
        DocRef {
            path: doc.path.clone(),
            number: h.number.clone(),
            doc_type: h.doc_type.map(|t| t.code.to_string()),
            date: h.date.map(|d| d.to_string()),
            issuer: h.issuer.clone(),
            title: doc.title.clone(),
        }
    }
}

/// One document cited by the document asked about.
#[derive(Debug, Clone, Serialize)]
pub struct Cited {
    /// The cited number, canonical (empty for a law cited by name).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub number: String,
    /// The name of a law cited without a number ("Luật Bảo hiểm xã hội").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// How the citing document relates to it.
    pub relation: Relation,
    /// Its type code, as the citation says.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its date, as the citation says.
    pub date: Option<String>,
    /// Its issuer, as the citation says.
    pub issuer: Option<String>,
    /// Its subject, as the citation says.
    pub subject: Option<String>,
    /// Linked, ambiguous or not in the index.
    pub status: Status,
    /// The linked document's path.
    pub path: Option<String>,
    /// The documents that fit, when ambiguous.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<DocRef>,
    /// Other indexed files of the linked document: copies of one text, with
    /// the same number, date and issuer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

impl Cited {
    /// How the cited document is named: its number, or its name.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.number)
    }
}

/// One document that cites the document asked about.
#[derive(Debug, Clone, Serialize)]
pub struct Citing {
    /// The citing document's number.
    pub number: Option<String>,
    /// How it relates to the document asked about.
    pub relation: Relation,
    /// The citing document's date.
    pub date: Option<String>,
    /// The citing document's path.
    pub path: String,
    /// Its type code.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its issuer.
    pub issuer: Option<String>,
    /// Its title.
    pub title: String,
    /// Whether the citation also fits other indexed documents with this number.
    pub ambiguous: bool,
}

/// What `vanban refs` shows for one document.
#[derive(Debug, Clone, Serialize)]
pub struct Refs {
    /// The document asked about (for a number not in the index: only the
    /// number).
    pub doc: DocRef,
    /// What it cites, in order of first citation.
    pub cites: Vec<Cited>,
    /// What cites it.
    pub cited_by: Vec<Citing>,
    /// Other indexed files of the document: copies of one text, with the
    /// same number, date and issuer, shown as one document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

/// The year and issuer a citation (or a person) gives for a document.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// Number key.
    pub key: String,
    /// Year, when known.
    pub year: Option<i32>,
    /// Issuer words, folded, when known.
    pub issuer: Option<String>,
    /// Type code, when the citation names it.
    pub doc_type: Option<&'static str>,
}

impl Identity {
    /// What a citation says of the document it cites.
    pub fn of_citation(c: &Citation) -> Option<Identity> {
        Some(Identity {
            key: c.key()?,
            year: c.year(),
            issuer: c.issuer.as_deref().map(header::issuer_key),
            doc_type: c
                .doc_type
                .as_deref()
                .and_then(doctype::by_code)
                .map(|t| t.code),
        })
    }

    /// What a citation in the document with header `citing` says of the
    /// document it cites: an issuer that names a body but not which one
    /// ("của UBND huyện", "UBND tỉnh", "Sở") is the citing document's own
    /// body, or the body of that level where it is ("UBND huyện" in a
    /// letter of UBND xã Bản Vược huyện Bát Xát is UBND huyện Bát Xát).
    pub fn of_citation_in(c: &Citation, citing: &Header) -> Option<Identity> {
        let mut id = Identity::of_citation(c)?;
        if let (Some(cited), Some(own)) = (&id.issuer, &citing.issuer) {
            if let Some(full) = complete_issuer(cited, &header::issuer_key(own)) {
                id.issuer = Some(full);
            }
        }
        Some(id)
    }

    /// Whether an indexed document fits: same number, and no disagreement
    /// on year or issuer where both sides state them.
    pub fn fits(&self, doc: &Header) -> bool {
        self.fits_facts(&Facts::of(doc))
    }

    /// [`Identity::fits`], of a document's facts worked out already.
    fn fits_facts(&self, doc: &Facts) -> bool {
        if !doc.keys.contains(&self.key) {
            return false;
        }
        if let (Some(want), Some(have)) = (self.year, doc.year) {
            if want != have {
                return false;
            }
        }
        if let (Some(want), Some(have)) = (&self.issuer, &doc.issuer) {
            if !issuer_agrees(want, have) {
                return false;
            }
        }
        true
    }
}

/// What linking needs of an indexed document's header, read from it once:
/// where many citations are checked against many documents, reading them
/// again each time (numbers, issuers) was most of the work.
struct Facts<'a> {
    header: &'a Header,
    /// Its [`document_keys`].
    keys: Vec<String>,
    /// The key of its own number.
    number: Option<String>,
    /// Its year ([`doc_year`]).
    year: Option<i32>,
    /// Its issuer's key ([`header::issuer_key`]).
    issuer: Option<String>,
}

impl<'a> Facts<'a> {
    fn of(header: &'a Header) -> Facts<'a> {
        let number = header.number.as_deref().and_then(number::number_key);
        Facts {
            header,
            keys: number.iter().cloned().chain(name_key_of(header)).collect(),
            number,
            year: doc_year(header),
            issuer: header.issuer.as_deref().map(header::issuer_key),
        }
    }

    /// [`same_document`].
    fn same_document(&self, other: &Facts) -> bool {
        let (a, b) = (self.header, other.header);
        self.number.is_some()
            && self.number == other.number
            && a.date.is_some()
            && a.date == b.date
            && self.issuer == other.issuer
            && a.doc_type == b.doc_type
    }
}

/// The keys a document is cited by: its number's, and for a law or an
/// ordinance, its name's ([`crate::citation::name_key`]).
pub fn document_keys(h: &Header) -> impl Iterator<Item = String> {
    let by_number = h.number.as_deref().and_then(number::number_key);
    by_number.into_iter().chain(name_key_of(h))
}

/// The key a law or an ordinance is cited by, by its name.
fn name_key_of(h: &Header) -> Option<String> {
    h.doc_type
        .filter(|t| citation::cited_by_name(t.code))
        .zip(h.title.as_deref())
        .zip(doc_year(h))
        .map(|((t, title), year)| citation::name_key(t.code, title, year))
}

/// A document's year: from its number (`20/2008/NĐ-CP`) or its date.
fn doc_year(h: &Header) -> Option<i32> {
    h.number
        .as_deref()
        .and_then(number_year)
        .or(h.date.map(|d| d.year))
}

/// The year written in a number, if any (`20/2008/NĐ-CP` → 2008).
fn number_year(n: &str) -> Option<i32> {
    number::find_numbers(n)
        .into_iter()
        .next()
        .and_then(|m| m.year)
}

/// Whether an issuer named in a citation can be the document's issuer:
/// the words of one contain those of the other ("của UBND huyện"
/// fits "UBND huyện Long Mỹ", not "UBND tỉnh Long An"), leaving out the
/// office that signs for the body: citations name the Chủ tịch, the Bộ
/// trưởng or the Thủ tướng for what the committee, the ministry or the
/// government issues ("Bộ trưởng Bộ Tài chính" fits "Bộ Tài chính").
fn issuer_agrees(cited: &str, doc: &str) -> bool {
    const IGNORED: [&str; 10] = [
        "chu", "tich", "pho", "cua", "ban", "thuong", "vu", "truong", "thu", "tuong",
    ];
    let words = |s: &'_ str| -> HashSet<String> {
        s.split_whitespace()
            .filter(|w| !IGNORED.contains(w))
            .map(str::to_string)
            .collect()
    };
    let (cited, doc) = (words(cited), words(doc));
    // Either names the body in full and the other in part ("UBND huyện"
    // for "UBND huyện Long Mỹ"), or the citation read a few words past the
    // body's name ("Chính phủ cắt giảm ...").
    cited.is_subset(&doc) || (!doc.is_empty() && doc.is_subset(&cited))
}

/// The levels of local government as issuer keys write them, longest first.
const LEVELS: [&[&str]; 8] = [
    &["thanh", "pho"],
    &["thi", "xa"],
    &["thi", "tran"],
    &["tinh"],
    &["huyen"],
    &["quan"],
    &["xa"],
    &["phuong"],
];

/// A cited issuer (an [`header::issuer_key`]) that names a body and maybe
/// its level but not which one ("ubnd huyen", "chu tich ubnd tinh", "so"),
/// completed from the citing document's issuer `own`: the body of that
/// level where the citing document was written. None when the issuer
/// names its body in full, or `own` does not say which it is.
fn complete_issuer(cited: &str, own: &str) -> Option<String> {
    const BODIES: [&str; 3] = ["ubnd", "hdnd", "so"];
    let words: Vec<&str> = cited.split_whitespace().collect();
    let at = words.iter().position(|w| BODIES.contains(w))?;
    if !words[..at]
        .iter()
        .all(|w| matches!(*w, "chu" | "tich" | "pho" | "cua"))
    {
        return None;
    }
    let body = words[at];
    let level = &words[at + 1..];
    let own_words: Vec<&str> = own.split_whitespace().collect();
    if level.is_empty() {
        // "UBND", "Sở": the citing body, when it is one of them.
        return (own_words.len() > 1 && own_words[0] == body).then(|| own.to_string());
    }
    if !LEVELS.contains(&level) {
        return None;
    }
    // The name after the same level in the citing body's name: "UBND
    // huyện Bát Xát", "Phòng Tư pháp huyện Bát Xát", "UBND xã Bản Vược
    // huyện Bát Xát" all give Bát Xát for "UBND huyện".
    let place_at = (0..own_words.len()).find(|&i| {
        own_words[i..].starts_with(level)
            && !(level.len() == 1 && i > 0 && own_words[i - 1] == "thi")
            // Not the words of a name: "Xã hội", "Quản lý".
            && !matches!(
                (level, own_words.get(i + 1)),
                (["xa"], Some(&"hoi")) | (["quan"], Some(&"ly"))
            )
    })?;
    let name = &own_words[place_at + level.len()..];
    // The name stops where another level begins.
    let end = (0..name.len())
        .find(|&i| LEVELS.iter().any(|l| name[i..].starts_with(l)))
        .unwrap_or(name.len());
    if end == 0 {
        return None;
    }
    Some(format!(
        "{body} {} {}",
        level.join(" "),
        name[..end].join(" ")
    ))
}

/// Whether two indexed documents are copies of one text: the same number,
/// date and issuer (and type), so that nothing a citation or a person says
/// can tell them apart.
pub fn same_document(a: &Header, b: &Header) -> bool {
    Facts::of(a).same_document(&Facts::of(b))
}

/// Issuers' codes of central bodies: a ký hiệu that holds one names its
/// body, whatever words a citation gives for it ("Bộ LĐTBXH", "Bộ trưởng
/// Bộ Lao động - Thương binh và Xã hội").
const CENTRAL_CODES: [&str; 30] = [
    "CP", "TTG", "TW", "VPCP", "NHNN", "BTC", "BCT", "BYT", "BGDDT", "BNV", "BTP", "BCA", "BQP",
    "BXD", "BTNMT", "BNNPTNT", "BNNMT", "BLDTBXH", "BKHDT", "BGTVT", "BTTTT", "BVHTTDL", "BKHCN",
    "BNG", "UBDT", "TANDTC", "VKSNDTC", "KTNN", "VPQH", "BDT",
];

/// Whether a number key names its issuer: a central body's code, or the
/// Quốc hội's and its Standing Committee's (`QH15`, `UBTVQH15`).
fn names_its_issuer(key: &str) -> bool {
    key.split('/').skip(1).any(|g| {
        CENTRAL_CODES.contains(&g)
            || g.strip_prefix("UBTV")
                .unwrap_or(g)
                .strip_prefix("QH")
                .is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Whether two citations of the number `key` can name one document: no
/// disagreement on year, day and month, or issuer, where both give them.
/// The same full date is one document, and the issuer is not compared when
/// the number names it (words for a ministry vary more than its code).
fn same_cited(key: &str, a: &Citation, b: &Citation) -> bool {
    if let (Some(x), Some(y)) = (a.year(), b.year()) {
        if x != y {
            return false;
        }
    }
    if let (Some(x), Some(y)) = (a.date, b.date) {
        if x.month.is_some() && y.month.is_some() && x.month != y.month {
            return false;
        }
        if x.month == y.month && x.day.is_some() && y.day.is_some() {
            return x.day == y.day;
        }
    }
    if let (Some(x), Some(y)) = (&a.issuer, &b.issuer) {
        if !names_its_issuer(key) && !issuer_agrees(&header::issuer_key(x), &header::issuer_key(y))
        {
            return false;
        }
    }
    true
}

/// Indexed documents bearing the number `key`.
fn documents_numbered(store: &Store, key: &str) -> Result<Vec<Document>, TantivyError> {
    let q = TermQuery::new(
        Term::from_field_text(store.fields.number_key, key),
        IndexRecordOption::Basic,
    );
    lookup::load_all(store, &q, MAX_DOCS)
}

/// The other keys the indexed documents bearing `key` are cited by
/// ([`document_keys`]): a law's name and year for its number, its number
/// for its name and year.
pub fn other_keys_of(store: &Store, key: &str) -> Result<Vec<String>, TantivyError> {
    let mut keys: Vec<String> = documents_numbered(store, key)?
        .iter()
        .flat_map(|d| document_keys(&d.header))
        .filter(|k| k != key)
        .collect();
    keys.sort();
    keys.dedup();
    Ok(keys)
}

/// Indexed laws (or ordinances, `code` `PL`) of the name `name`, of the
/// year `year` or of any.
pub fn documents_of_law(
    store: &Store,
    code: &str,
    name: &str,
    year: Option<i32>,
) -> Result<Vec<Document>, TantivyError> {
    let mut docs = match year {
        Some(y) => documents_numbered(store, &citation::name_key(code, name, y))?,
        None => {
            let prefix = citation::name_key_prefix(code, name);
            let pattern = format!("{}[0-9]{{4}}", regex::escape(&prefix));
            let q = tantivy::query::RegexQuery::from_pattern(&pattern, store.fields.number_key)?;
            lookup::load_all(store, &q, MAX_DOCS)?
        }
    };
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(docs)
}

/// The refs of a law named (`code`, `name`, `year`) that no indexed
/// document is: everything citing it by name. It is shown as `typed`.
pub fn refs_of_law(
    store: &Store,
    typed: &str,
    (code, name, year): (&str, &str, i32),
) -> Result<Refs, TantivyError> {
    let target = Identity {
        key: citation::name_key(code, name, year),
        year: Some(year),
        issuer: None,
        doc_type: None,
    };
    Ok(Refs {
        doc: DocRef {
            path: String::new(),
            number: Some(typed.trim().to_string()),
            doc_type: Some(code.to_string()),
            date: Some(year.to_string()),
            issuer: None,
            title: String::new(),
        },
        cites: Vec::new(),
        cited_by: cited_by(store, &target, None)?,
        copies: Vec::new(),
    })
}

/// Indexed documents citing the number `key`.
fn documents_citing(store: &Store, key: &str) -> Result<Vec<Document>, TantivyError> {
    let q = TermQuery::new(
        Term::from_field_text(store.fields.cites, key),
        IndexRecordOption::Basic,
    );
    let mut docs = lookup::load_all(store, &q, MAX_DOCS)?;
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(docs)
}

/// The citations of a document, one per document cited: citations of one
/// number are of one document unless their years, dates or issuers
/// disagree (a province's and a district's 20/QĐ-UBND; 18-NQ/TW of 2017
/// and of 2022). The first full citation gives date, issuer and subject;
/// the relation is the first one that says more than "mentions".
pub fn distinct_citations(doc: &Document) -> Vec<Citation> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut out: Vec<Citation> = Vec::new();
    for c in &doc.citations {
        let Some(key) = c.key() else {
            continue;
        };
        let same = by_key.entry(key.clone()).or_default();
        match same.iter().copied().find(|&i| same_cited(&key, &out[i], c)) {
            None => {
                same.push(out.len());
                out.push(c.clone());
            }
            Some(i) => {
                let first = &mut out[i];
                if first.relation == Relation::Mentions && c.relation != Relation::Mentions {
                    first.relation = c.relation;
                }
                if first.date.is_none() {
                    first.date = c.date;
                }
                if first.issuer.is_none() {
                    first.issuer.clone_from(&c.issuer);
                }
                if first.subject.is_none() {
                    first.subject.clone_from(&c.subject);
                }
            }
        }
    }
    out
}

/// Of the indexed documents that fit a citation, those it is about: the
/// type a citation names ("Luật", "Nghị quyết") chooses among documents
/// that share number and year; it never rules out the only one, since the
/// words before a number are not always its type. In order of path.
fn choose<D: Borrow<Document> + Clone>(mut fits: Vec<D>, id: &Identity) -> Vec<D> {
    fits.sort_by(|a, b| {
        let (a, b): (&Document, &Document) = (a.borrow(), b.borrow());
        a.path.cmp(&b.path)
    });
    if fits.len() > 1 {
        if let Some(want) = id.doc_type {
            let same: Vec<D> = fits
                .iter()
                .filter(|d| {
                    let d: &Document = (*d).borrow();
                    d.header.doc_type.is_some_and(|t| t.code == want)
                })
                .cloned()
                .collect();
            if !same.is_empty() {
                fits = same;
            }
        }
    }
    fits
}

/// Resolves one citation against the index; `citing` is the header of the
/// document that holds it, which says whose "UBND huyện" it means. Copies
/// of one text count as one document: a citation that fits only them is
/// linked, to the first of them.
pub fn resolve(
    store: &Store,
    c: &Citation,
    citing: Option<&Header>,
) -> Result<(Status, Vec<Document>), TantivyError> {
    let id = match citing {
        Some(h) => Identity::of_citation_in(c, h),
        None => Identity::of_citation(c),
    };
    let Some(id) = id else {
        return Ok((Status::NotIndexed, Vec::new()));
    };
    let fits: Vec<Document> = documents_numbered(store, &id.key)?
        .into_iter()
        .filter(|d| id.fits(&d.header))
        .collect();
    let fits = choose(fits, &id);
    let status = match fits.as_slice() {
        [] => Status::NotIndexed,
        [first, rest @ ..] if rest.iter().all(|d| same_document(&first.header, &d.header)) => {
            Status::Linked
        }
        _ => Status::Ambiguous,
    };
    Ok((status, fits))
}

/// What `doc` cites, resolved.
pub fn cites(store: &Store, doc: &Document) -> Result<Vec<Cited>, TantivyError> {
    distinct_citations(doc)
        .into_iter()
        .map(|c| {
            let (status, fits) = resolve(store, &c, Some(&doc.header))?;
            let path = (status == Status::Linked).then(|| fits[0].path.clone());
            let (candidates, copies) = match status {
                Status::Ambiguous => (fits.iter().map(DocRef::of).collect(), Vec::new()),
                Status::Linked => (
                    Vec::new(),
                    fits[1..].iter().map(|d| d.path.clone()).collect(),
                ),
                Status::NotIndexed => (Vec::new(), Vec::new()),
            };
            Ok(Cited {
                number: c.number,
                name: c.name,
                relation: c.relation,
                doc_type: c.doc_type,
                date: c.date.map(|d| d.to_string()),
                issuer: c.issuer,
                subject: c.subject,
                status,
                path,
                candidates,
                copies,
            })
        })
        .collect()
}

/// Who cites the document identified by `target` (its number key, year and
/// issuer), leaving out the indexed document at `target_path` itself and
/// its copies. For an indexed target, a citation that the index resolves
/// to another document is left out, and one that also fits other indexed
/// documents with the same number (not copies of it) is marked `ambiguous`.
/// One entry for each citing document.
pub fn cited_by(
    store: &Store,
    target: &Identity,
    target_path: Option<&str>,
) -> Result<Vec<Citing>, TantivyError> {
    let same_number = documents_numbered(store, &target.key)?;
    let citing = documents_citing(store, &target.key)?;
    Ok(cited_by_among(
        target,
        target_path,
        &same_number.iter().collect::<Vec<_>>(),
        &citing.iter().collect::<Vec<_>>(),
    ))
}

/// [`cited_by`] with the documents bearing the target's key
/// (`same_number`) and those citing it (`citing`) read already.
fn cited_by_among(
    target: &Identity,
    target_path: Option<&str>,
    same_number: &[&Document],
    citing: &[&Document],
) -> Vec<Citing> {
    let target_doc = target_path.and_then(|p| same_number.iter().find(|d| d.path == p));
    let is_target = |d: &Document| {
        Some(d.path.as_str()) == target_path
            || target_doc.is_some_and(|t| same_document(&t.header, &d.header))
    };
    let mut out = Vec::new();
    for &citing in citing {
        if is_target(citing) {
            continue;
        }
        for c in distinct_citations(citing) {
            let Some(id) = Identity::of_citation_in(&c, &citing.header) else {
                continue;
            };
            if id.key != target.key || !agrees(&id, target) {
                continue;
            }
            let mut ambiguous = false;
            if target_path.is_some() {
                let fits = fitting(same_number, &id);
                if !fits.iter().any(|d| is_target(d)) {
                    continue;
                }
                ambiguous = fits.iter().any(|d| !is_target(d));
            }
            let h = &citing.header;
            out.push(Citing {
                number: h.number.clone(),
                relation: c.relation,
                date: h.date.map(|d| d.to_string()),
                path: citing.path.clone(),
                doc_type: h.doc_type.map(|t| t.code.to_string()),
                issuer: h.issuer.clone(),
                title: citing.title.clone(),
                ambiguous,
            });
            break;
        }
    }
    in_order_of_date(&mut out);
    out
}

/// Of the documents bearing a citation's key, those it may be about
/// ([`choose`]).
fn fitting<'a>(same_number: &[&'a Document], id: &Identity) -> Vec<&'a Document> {
    let fits = same_number
        .iter()
        .copied()
        .filter(|d| id.fits(&d.header))
        .collect();
    choose(fits, id)
}

/// [`fitting`] among the documents of `docs` at `among`, whose facts are
/// at the same places of `facts`: the places of those that fit.
fn fitting_among(among: &[usize], docs: &[Document], facts: &[Facts], id: &Identity) -> Vec<usize> {
    /// A document with its place.
    #[derive(Clone)]
    struct Placed<'a>(usize, &'a Document);
    impl Borrow<Document> for Placed<'_> {
        fn borrow(&self) -> &Document {
            self.1
        }
    }
    let fits = among
        .iter()
        .filter(|&&i| id.fits_facts(&facts[i]))
        .map(|&i| Placed(i, &docs[i]))
        .collect();
    choose(fits, id).into_iter().map(|p| p.0).collect()
}

/// Whether a citation (`cited`) fits a target as far as both say its year
/// and issuer.
fn agrees(cited: &Identity, target: &Identity) -> bool {
    let year_ok = match (cited.year, target.year) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let issuer_ok = match (&cited.issuer, &target.issuer) {
        (Some(a), Some(b)) => issuer_agrees(a, b),
        _ => true,
    };
    year_ok && issuer_ok
}

/// Citing documents in the order they were issued, as a plan's reports
/// follow one another; the undated last, each group by path.
fn in_order_of_date(citing: &mut [Citing]) {
    citing.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.path).cmp(&(b.date.is_none(), &b.date, &b.path))
    });
}

/// The refs of an indexed document.
pub fn refs_of(store: &Store, doc: &Document) -> Result<Refs, TantivyError> {
    Ok(Refs {
        doc: DocRef::of(doc),
        cites: cites(store, doc)?,
        cited_by: citing(store, doc)?,
        copies: copies_of(store, doc)?,
    })
}

/// The indexed documents that some indexed document cites as `relation`
/// (the plans some report carries out, the letters some letter answers),
/// by their content's hash (copies of one text alike); of those `among`
/// matches, when given, though others may come too. Found from the keys
/// cited so (from the index's terms), each document bearing one checked
/// as `refs` links it.
pub fn cited_as(
    store: &Store,
    relation: Relation,
    among: Option<&dyn Query>,
) -> Result<HashSet<String>, TantivyError> {
    let f = &store.fields;
    let prefix = crate::filters::relation_key(relation, "");
    let searcher = store.searcher()?;
    let mut keys = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let terms = segment.inverted_index(f.cites_rel)?;
        let mut stream = terms.terms().range().ge(prefix.as_bytes()).into_stream()?;
        while stream.advance() {
            let Some(key) = stream.key().strip_prefix(prefix.as_bytes()) else {
                break;
            };
            keys.insert(String::from_utf8_lossy(key).into_owned());
        }
    }
    // The documents bearing those keys (most documents cited are not in
    // the index), then those citing them so: each read once. Only the
    // keys of the documents asked about count; all that bear them do, to
    // tell which of them a citation is about.
    let bearing = |keys: &BTreeSet<String>| {
        TermSetQuery::new(keys.iter().map(|k| Term::from_field_text(f.number_key, k)))
    };
    if let Some(among) = among {
        let asked = BooleanQuery::new(vec![
            (Occur::Must, Box::new(bearing(&keys)) as Box<dyn Query>),
            (Occur::Must, among.box_clone()),
        ]);
        let asked = lookup::load_each_without_text(store, &searcher, &asked, |d| {
            document_keys(&d.header).collect::<Vec<_>>()
        })?;
        keys = asked
            .into_iter()
            .flatten()
            .filter(|k| keys.contains(k))
            .collect();
    }
    // Of a document cited, its header; of one citing, its citations of
    // those keys.
    let cited = lookup::load_each_without_text(store, &searcher, &bearing(&keys), |mut d| {
        d.citations = Vec::new();
        d
    })?;
    // Documents by their place in `cited` and `citing`, with their facts.
    let cited_facts: Vec<Facts> = cited.iter().map(|d| Facts::of(&d.header)).collect();
    let mut by_key: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, facts) in cited_facts.iter().enumerate() {
        for key in facts.keys.iter().filter(|k| keys.contains(*k)) {
            by_key.entry(key).or_default().0.push(i);
        }
    }
    let citing_terms = by_key
        .keys()
        .map(|k| Term::from_field_text(f.cites_rel, &crate::filters::relation_key(relation, k)));
    let citing_query = TermSetQuery::new(citing_terms);
    let citing = lookup::load_each_without_text(store, &searcher, &citing_query, |mut d| {
        d.citations
            .retain(|c| c.key().is_some_and(|k| keys.contains(&k)));
        d
    })?;
    let citing_facts: Vec<Facts> = citing.iter().map(|d| Facts::of(&d.header)).collect();
    // What each citing document's citations say, worked out once.
    let said: Vec<Vec<(Identity, Relation)>> = citing
        .iter()
        .map(|doc| {
            distinct_citations(doc)
                .into_iter()
                .filter_map(|c| Some((Identity::of_citation_in(&c, &doc.header)?, c.relation)))
                .collect()
        })
        .collect();
    for (j, ids) in said.iter().enumerate() {
        let mut cited_keys: Vec<&str> = ids
            .iter()
            .filter(|(_, r)| *r == relation)
            .map(|(id, _)| id.key.as_str())
            .collect();
        cited_keys.sort_unstable();
        cited_keys.dedup();
        for key in cited_keys {
            if let Some((_, by)) = by_key.get_mut(key) {
                by.push(j);
            }
        }
    }
    // As `cited_by` links them, each citing document once for each
    // document bearing the key, its citations' fits worked out once.
    let mut out = HashSet::new();
    for (key, (same_number, citing_it)) in &by_key {
        let targets: Vec<Identity> = same_number
            .iter()
            .map(|&i| Identity {
                key: key.to_string(),
                year: cited_facts[i].year,
                issuer: cited_facts[i].issuer.clone(),
                doc_type: None,
            })
            .collect();
        for &j in citing_it {
            let fits: Vec<(&Identity, Relation, Vec<usize>)> = said[j]
                .iter()
                .filter(|(id, _)| id.key == *key)
                .map(|(id, r)| (id, *r, fitting_among(same_number, &cited, &cited_facts, id)))
                .collect();
            for (&i, target) in same_number.iter().zip(&targets) {
                let is_target = |path: &str, facts: &Facts| {
                    path == cited[i].path || cited_facts[i].same_document(facts)
                };
                if is_target(&citing[j].path, &citing_facts[j]) {
                    continue;
                }
                let first = fits.iter().find(|(id, _, fits)| {
                    agrees(id, target)
                        && fits
                            .iter()
                            .any(|&k| is_target(&cited[k].path, &cited_facts[k]))
                });
                if first.is_some_and(|(_, r, _)| *r == relation) {
                    out.insert(cited[i].hash.clone());
                }
            }
        }
    }
    Ok(out)
}

/// What cites an indexed document, by number and, for a law, by name: one
/// entry per citing document, with the first relation that says more
/// than "mentions"; in order of date.
fn citing(store: &Store, doc: &Document) -> Result<Vec<Citing>, TantivyError> {
    let mut by: Vec<Citing> = Vec::new();
    for key in document_keys(&doc.header) {
        let target = Identity {
            key,
            year: doc_year(&doc.header),
            issuer: doc.header.issuer.as_deref().map(header::issuer_key),
            doc_type: None,
        };
        for c in cited_by(store, &target, Some(&doc.path))? {
            match by.iter_mut().find(|b| b.path == c.path) {
                Some(b) if b.relation == Relation::Mentions => b.relation = c.relation,
                Some(_) => {}
                None => by.push(c),
            }
        }
    }
    in_order_of_date(&mut by);
    Ok(by)
}

/// The other indexed files of `doc`: copies of one text ([`same_document`]).
pub fn copies_of(store: &Store, doc: &Document) -> Result<Vec<String>, TantivyError> {
    let Some(key) = doc.header.number.as_deref().and_then(number::number_key) else {
        return Ok(Vec::new());
    };
    let mut copies: Vec<String> = documents_numbered(store, &key)?
        .into_iter()
        .filter(|d| d.path != doc.path && same_document(&d.header, &doc.header))
        .map(|d| d.path)
        .collect();
    copies.sort();
    Ok(copies)
}

/// The refs of a number that no indexed document bears: everything citing
/// it (of that year and issuer, when given). None when `number` is not a
/// document number.
pub fn refs_of_number(
    store: &Store,
    number: &str,
    year: Option<i32>,
    issuer: Option<&str>,
) -> Result<Option<Refs>, TantivyError> {
    // The number in any spelling: "435/kh-ubnd", "435 kh ubnd".
    let words: Vec<&str> = number.split_whitespace().collect();
    let Some(canonical) = number::canonical_number(number).or_else(|| {
        number::number_in_words(&words)
            .filter(|(_, n)| *n == words.len())
            .map(|(c, _)| c)
    }) else {
        return Ok(None);
    };
    let Some(key) = number::number_key(&canonical) else {
        return Ok(None);
    };
    let target = Identity {
        key,
        year,
        issuer: issuer.map(header::issuer_key),
        doc_type: None,
    };
    Ok(Some(Refs {
        doc: DocRef {
            path: String::new(),
            number: Some(canonical),
            doc_type: None,
            date: year.map(|y| y.to_string()),
            issuer: issuer.map(str::to_string),
            title: String::new(),
        },
        cites: Vec::new(),
        cited_by: cited_by(store, &target, None)?,
        copies: Vec::new(),
    }))
}

/// Heading of a relation seen from the cited side.
pub fn cited_by_heading(r: Relation) -> &'static str {
    match r {
        Relation::Implements => "Implemented by",
        Relation::BasedOn => "Based on this",
        Relation::RespondsTo => "Answers",
        Relation::Amends => "Amended by",
        Relation::Replaces => "Replaced by",
        Relation::Repeals => "Repealed by",
        Relation::Guides => "Guided by",
        Relation::Mentions => "Mentioned by",
    }
}

/// Heading of a relation seen from the citing side.
pub fn cites_heading(r: Relation) -> &'static str {
    match r {
        Relation::Implements => "Implements",
        Relation::BasedOn => "Based on",
        Relation::RespondsTo => "Responds to",
        Relation::Amends => "Amends",
        Relation::Replaces => "Replaces",
        Relation::Repeals => "Repeals",
        Relation::Guides => "Guides",
        Relation::Mentions => "Mentions",
    }
}

/// An edge of the citation graph, for `--dot`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edge {
    /// Node id of the citing document.
    pub from: String,
    /// Node id of the cited document.
    pub to: String,
    /// The relation.
    pub relation: &'static str,
    /// The citation fits other documents too (or several, and this one
    /// stands for them): drawn dashed.
    pub doubtful: bool,
}

/// A node of the citation graph: an indexed document (by path) or a number
/// that is not in the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    /// Stable id: the path, or `number:KEY`.
    pub id: String,
    /// What the drawing shows.
    pub label: String,
    /// Whether the document is in the index.
    pub indexed: bool,
}

/// The neighbourhood of `start` up to `depth` links away, in both directions.
pub fn graph(
    store: &Store,
    start: &Refs,
    depth: usize,
) -> Result<(Vec<Node>, Vec<Edge>), TantivyError> {
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    let mut edges: std::collections::BTreeSet<Edge> = Default::default();
    let mut queue: VecDeque<(Refs, usize)> = VecDeque::new();
    let mut seen: HashSet<String> = HashSet::new();
    let id_of = |r: &DocRef| {
        if r.path.is_empty() {
            format!("number:{}", r.number.as_deref().unwrap_or("?"))
        } else {
            r.path.clone()
        }
    };
    let label_of = |number: Option<&str>, date: Option<&str>, path: &str| {
        let mut l = number.unwrap_or(path).to_string();
        if let Some(d) = date {
            l.push_str(&format!("\n{d}"));
        }
        l
    };
    seen.insert(id_of(&start.doc));
    queue.push_back((start.clone(), 0));
    while let Some((refs, d)) = queue.pop_front() {
        let me = id_of(&refs.doc);
        nodes.entry(me.clone()).or_insert_with(|| Node {
            id: me.clone(),
            label: label_of(
                refs.doc.number.as_deref(),
                refs.doc.date.as_deref(),
                &refs.doc.path,
            ),
            indexed: !refs.doc.path.is_empty(),
        });
        let mut next: Vec<Document> = Vec::new();
        for c in &refs.cites {
            let (id, indexed) = match &c.path {
                Some(p) => (p.clone(), true),
                None => (format!("number:{}", c.label()), false),
            };
            nodes.entry(id.clone()).or_insert_with(|| Node {
                id: id.clone(),
                label: label_of(Some(c.label()), c.date.as_deref(), ""),
                indexed,
            });
            edges.insert(Edge {
                from: me.clone(),
                to: id.clone(),
                relation: c.relation.as_str(),
                doubtful: c.status == Status::Ambiguous,
            });
            if indexed && d + 1 < depth && seen.insert(id.clone()) {
                next.extend(lookup::find_document(store, &id, None, None).unwrap_or_default());
            }
        }
        for c in &refs.cited_by {
            nodes.entry(c.path.clone()).or_insert_with(|| Node {
                id: c.path.clone(),
                label: label_of(c.number.as_deref(), c.date.as_deref(), &c.path),
                indexed: true,
            });
            edges.insert(Edge {
                from: c.path.clone(),
                to: me.clone(),
                relation: c.relation.as_str(),
                doubtful: c.ambiguous,
            });
            if d + 1 < depth && seen.insert(c.path.clone()) {
                next.extend(lookup::find_document(store, &c.path, None, None).unwrap_or_default());
            }
        }
        for doc in next {
            queue.push_back((refs_of(store, &doc)?, d + 1));
        }
    }
    Ok((nodes.into_values().collect(), edges.into_iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;

    fn header(number: &str, year: i32, issuer: &str) -> Header {
        Header {
            number: Some(number.to_string()),
            date: PartialDate::new(year, Some(3), Some(1)),
            issuer: Some(issuer.to_string()),
            ..Header::default()
        }
    }

    #[test]
    fn year_and_issuer_choose_among_documents_sharing_a_number() {
        let id = Identity {
            key: "4/KH/UBND".into(),
            year: Some(2024),
            issuer: Some(header::issuer_key("UBND huyện")),
            doc_type: Some("KH"),
        };
        assert!(id.fits(&header("04/KH-UBND", 2024, "UBND huyện Long Mỹ")));
        assert!(!id.fits(&header("04/KH-UBND", 2023, "UBND huyện Long Mỹ")));
        assert!(!id.fits(&header("04/KH-UBND", 2024, "UBND tỉnh Long An")));
        assert!(!id.fits(&header("05/KH-UBND", 2024, "UBND huyện Long Mỹ")));
    }

    #[test]
    fn a_citation_without_year_or_issuer_fits_any_document_with_the_number() {
        let id = Identity {
            key: "110/KH/UBND".into(),
            ..Identity::default()
        };
        assert!(id.fits(&header("110/KH-UBND", 2021, "UBND tỉnh Long An")));
        assert!(id.fits(&header("110/KH-UBND", 2022, "UBND xã Minh Tiến")));
    }

    #[test]
    fn the_year_in_a_number_counts() {
        let h = Header {
            number: Some("20/2008/NĐ-CP".into()),
            ..Header::default()
        };
        assert_eq!(doc_year(&h), Some(2008));
    }

    #[test]
    fn a_body_named_without_its_place_is_the_citing_bodys_own() {
        let complete = |cited: &str, own: &str| {
            complete_issuer(&header::issuer_key(cited), &header::issuer_key(own))
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            complete("UBND huyện", "UBND huyện Bát Xát"),
            some("ubnd huyen bat xat")
        );
        assert_eq!(
            complete(
                "Chủ tịch Ủy ban nhân dân huyện",
                "Phòng Tư pháp huyện Bát Xát"
            ),
            some("ubnd huyen bat xat")
        );
        assert_eq!(
            complete("UBND huyện", "UBND xã Bản Vược huyện Bát Xát"),
            some("ubnd huyen bat xat")
        );
        assert_eq!(
            complete("HĐND tỉnh", "UBND tỉnh Lào Cai"),
            some("hdnd tinh lao cai")
        );
        assert_eq!(
            complete("UBND thành phố", "UBND thành phố Lào Cai"),
            some("ubnd thanh pho lao cai")
        );
        assert_eq!(complete("Sở", "Sở Tài chính"), some("so tai chinh"));
        // A named body, another level, or words that only look like one.
        assert_eq!(complete("UBND huyện Bảo Thắng", "UBND huyện Bát Xát"), None);
        assert_eq!(complete("UBND tỉnh", "UBND huyện Bát Xát"), None);
        assert_eq!(complete("UBND xã", "UBND thị xã Sa Pa"), None);
        assert_eq!(
            complete("UBND xã", "Sở Lao động - Thương binh và Xã hội"),
            None
        );
        assert_eq!(complete("Chính phủ", "UBND tỉnh Lào Cai"), None);
    }

    fn citation(number: &str, date: Option<(i32, u8, u8)>, issuer: Option<&str>) -> Citation {
        Citation {
            number: number.to_string(),
            name: None,
            doc_type: None,
            type_name: None,
            date: date.and_then(|(y, m, d)| PartialDate::new(y, Some(m), Some(d))),
            issuer: issuer.map(str::to_string),
            subject: None,
            relation: Relation::Mentions,
            span: [0, 0],
        }
    }

    #[test]
    fn citations_of_one_number_are_of_one_document_unless_they_disagree() {
        let doc = |citations: Vec<Citation>| Document {
            path: String::new(),
            hash: String::new(),
            bytes: 0,
            text: String::new(),
            title: String::new(),
            encoding: String::new(),
            warnings: Vec::new(),
            header: Header::default(),
            citations,
            garbled: false,
        };
        let distinct = |citations| distinct_citations(&doc(citations)).len();
        let tinh = Some("UBND tỉnh Lào Cai");
        let huyen = Some("UBND huyện Bảo Thắng");
        assert_eq!(
            distinct(vec![
                citation("20/QĐ-UBND", Some((2024, 1, 5)), tinh),
                citation("20/QĐ-UBND", Some((2024, 2, 12)), huyen),
                citation("20/QĐ-UBND", None, None),
            ]),
            2
        );
        assert_eq!(
            distinct(vec![
                citation("18-NQ/TW", Some((2017, 10, 25)), None),
                citation("18-NQ/TW", Some((2022, 6, 16)), None),
            ]),
            2
        );
        // One date, or a ministry's code in the number: one document
        // whatever the words for its issuer.
        assert_eq!(
            distinct(vec![
                citation("08/2023/TT-BLĐTBXH", None, Some("Bộ trưởng Bộ Lao động")),
                citation("08/2023/TT-BLĐTBXH", None, Some("Bộ LĐTBXH")),
                citation("7/QĐ-UBND", Some((2024, 1, 5)), Some("UBND tỉnh Lào Cai")),
                citation("7/QĐ-UBND", Some((2024, 1, 5)), Some("Ủy ban tỉnh")),
            ]),
            2
        );
        assert_eq!(
            distinct(vec![
                citation("15/KH-UBND", None, huyen),
                citation("15/KH-UBND", None, Some("UBND huyện Bát Xát")),
            ]),
            2
        );
        assert_eq!(
            distinct(vec![
                citation("20/QĐ-UBND", Some((2024, 1, 5)), tinh),
                citation("20/QĐ-UBND", None, Some("UBND tỉnh")),
                citation(
                    "20/QĐ-UBND",
                    Some((2024, 1, 5)),
                    Some("Chủ tịch UBND tỉnh Lào Cai")
                ),
            ]),
            1
        );
    }

    #[test]
    fn issuer_words_must_agree() {
        let k = header::issuer_key;
        assert!(issuer_agrees(&k("UBND huyện"), &k("UBND huyện Trà Bồng")));
        assert!(issuer_agrees(
            &k("Chủ tịch UBND tỉnh Quảng Ngãi"),
            &k("UBND tỉnh Quảng Ngãi")
        ));
        assert!(issuer_agrees(
            &k("Ủy ban nhân dân huyện Long Mỹ"),
            &k("UBND huyện Long Mỹ")
        ));
        assert!(!issuer_agrees(&k("UBND tỉnh"), &k("UBND huyện Long Mỹ")));
        assert!(!issuer_agrees(&k("Chính phủ"), &k("UBND tỉnh Long An")));
    }
}
