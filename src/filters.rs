//! Filters on what a document's header and citations say: type, number,
//! issuer, date, signer, and which documents it cites.
//!
//! Each filter is checked and typed once ([`Filters`]), then becomes a
//! required clause of the query ([`Filters::clauses`]):
//!
//! ```text
//! --type "ke hoach" --issuer "long an" --from 2021-01 --to 2021
//!   → type:KH AND issuer:(long AND an) AND date_hi ≥ 20210101 AND date_lo ≤ 20211231
//! ```

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, Occur, Query, RangeQuery, RegexQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis;
use crate::citation::Relation;
use crate::date::{self, PartialDate};
use crate::doctype::{self, DocType};
use crate::number;
use crate::schema::Fields;

/// Filters of a search, checked.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only documents of this type.
    pub doc_type: Option<&'static DocType>,
    /// Only the document with this number (a [`number::number_key`]).
    pub number: Option<String>,
    /// Only documents whose issuer has all these words.
    pub issuer: Option<String>,
    /// Only documents issued on or after this date.
    pub from: Option<PartialDate>,
    /// Only documents issued on or before this date.
    pub to: Option<PartialDate>,
    /// Only documents signed by someone with all these words in their name.
    pub signer: Option<String>,
    /// Only documents citing this number (key).
    pub cites: Option<String>,
    /// Only documents citing this number (key) with this relation.
    pub cites_as: Option<(Relation, String)>,
    /// What else the documents bearing the key of `cites` are cited by
    /// ([`crate::refs::other_keys_of`]): a law's name and year for its
    /// number, and its number for its name, so that both citations count.
    pub cites_also: Vec<String>,
    /// The same for `cites_as`.
    pub cites_as_also: Vec<String>,
    /// Only documents that no indexed document cites with this relation:
    /// plans no report carries out, letters no letter answers.
    pub uncited_as: Option<Relation>,
    /// The content hashes of the documents `uncited_as` leaves out
    /// ([`crate::refs::cited_as`]), filled in by the search.
    pub cited_as_hashes: Vec<String>,
}

/// A filter value that makes no sense, for the person who typed it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FilterError {
    /// Unknown document type.
    #[error("unknown document type {0:?} (try a code such as KH, QĐ, BC, NQ or a name such as \"Kế hoạch\")")]
    Type(String),
    /// Not a document number.
    #[error("{0:?} is not a document number (try 110/KH-UBND)")]
    Number(String),
    /// A law named without its year.
    #[error("{0:?} names a law but not its year (try \"Luật Đất đai 2024\")")]
    LawYear(String),
    /// Not a date.
    #[error("{0:?} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")]
    Date(String),
}

impl Filters {
    /// Reads a type filter: a code or a name, any case, with or without
    /// diacritics.
    pub fn parse_type(s: &str) -> Result<&'static DocType, FilterError> {
        doctype::lookup(s).ok_or_else(|| FilterError::Type(s.to_string()))
    }

    /// Reads a number filter in any spelling.
    pub fn parse_number(s: &str) -> Result<String, FilterError> {
        number::number_key(s).ok_or_else(|| FilterError::Number(s.to_string()))
    }

    /// Reads what `--cites` and `--implements` name: a number in any
    /// spelling, or a law by its name and year ("Luật Bảo hiểm xã hội
    /// 2024", which documents citing it by name are found by).
    pub fn parse_cited(s: &str) -> Result<String, FilterError> {
        Filters::parse_number(s).or_else(|e| match crate::citation::law_named(s) {
            Some((code, name, Some(year))) => Ok(crate::citation::name_key(code, &name, year)),
            Some((_, _, None)) => Err(FilterError::LawYear(s.to_string())),
            None => Err(e),
        })
    }

    /// Reads a date bound.
    pub fn parse_date(s: &str) -> Result<PartialDate, FilterError> {
        date::parse_iso(s.trim()).ok_or_else(|| FilterError::Date(s.to_string()))
    }

    /// Sets `--year`: the whole year, narrowed by any `--from`/`--to`.
    pub fn with_year(mut self, year: i32) -> Result<Filters, FilterError> {
        let y = PartialDate::new(year, None, None).ok_or(FilterError::Date(year.to_string()))?;
        self.from = Some(self.from.map_or(y, |f| f.max(y)));
        self.to = Some(self.to.map_or(y, |t| t.min(y)));
        Ok(self)
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.doc_type.is_none()
            && self.number.is_none()
            && self.issuer.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.signer.is_none()
            && self.cites.is_none()
            && self.cites_as.is_none()
            && self.uncited_as.is_none()
    }

    /// The required clauses these filters add to a query.
    pub fn clauses(&self, f: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut must = |q: Box<dyn Query>| out.push((Occur::Must, q));
        if let Some(t) = self.doc_type {
            must(term(f.doc_type, t.code));
        }
        if let Some(key) = &self.number {
            must(number(f.number_key, "", key));
        }
        if let Some(words) = &self.issuer {
            // Written out as in a header (`Ủy ban nhân dân tỉnh Lào Cai`)
            // or as the index keeps it (`UBND tỉnh Lào Cai`).
            let named = all_words(f.issuer, &crate::header::issuer_key(words));
            // Or by the code documents' numbers give it (`BTC`, `TTg`,
            // `LĐTBXH`: `…/TT-BTC`).
            must(
                match issuer_code(words).and_then(|c| by_issuer_code(f.number_key, &c)) {
                    Some(coded) => Box::new(BooleanQuery::new(vec![
                        (Occur::Should, named),
                        (Occur::Should, coded),
                    ])),
                    None => named,
                },
            );
        }
        if let Some(words) = &self.signer {
            must(all_words(f.signer, words));
        }
        if let Some(from) = self.from {
            let lo = Term::from_field_u64(f.date_hi, day_number(from, false));
            must(Box::new(RangeQuery::new(
                Bound::Included(lo),
                Bound::Unbounded,
            )));
        }
        if let Some(to) = self.to {
            let hi = Term::from_field_u64(f.date_lo, day_number(to, true));
            must(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(hi),
            )));
        }
        // The key, or any other key of the same document.
        let or_also = |by_key: Box<dyn Query>, field: Field, prefix: &str, also: &[String]| {
            if also.is_empty() {
                return by_key;
            }
            let mut any = vec![(Occur::Should, by_key)];
            for key in also {
                any.push((Occur::Should, number(field, prefix, key)));
            }
            Box::new(BooleanQuery::new(any)) as Box<dyn Query>
        };
        if let Some(key) = &self.cites {
            must(or_also(
                number(f.cites, "", key),
                f.cites,
                "",
                &self.cites_also,
            ));
        }
        if let Some((rel, key)) = &self.cites_as {
            let prefix = relation_key(*rel, "");
            must(or_also(
                number(f.cites_rel, &prefix, key),
                f.cites_rel,
                &prefix,
                &self.cites_as_also,
            ));
        }
        if self.uncited_as.is_some() {
            // Every document but those: a clause that must match, so that
            // it also works alone.
            let cited = self
                .cited_as_hashes
                .iter()
                .map(|h| Term::from_field_text(f.content, h));
            must(Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, Box::new(TermSetQuery::new(cited))),
            ])));
        }
        out
    }
}

/// Terms of `field` holding the number `key` after `prefix`: that number,
/// or the same with the year or the issuer left out of `key` (`--number
/// 145/NĐ-CP` finds `145/2020/NĐ-CP`, see [`number::key_pattern`]).
fn number(field: Field, prefix: &str, key: &str) -> Box<dyn Query> {
    let exact = term(field, &format!("{prefix}{key}"));
    let pattern = format!("{}{}", regex::escape(prefix), number::key_pattern(key));
    match RegexQuery::from_pattern(&pattern, field) {
        Ok(q) => Box::new(BooleanQuery::new(vec![
            (Occur::Should, exact),
            (Occur::Should, Box::new(q)),
        ])),
        Err(_) => exact,
    }
}

/// Documents issued within `date` (a day, a month or a year), as far as
/// their header states: a document dated 2022-06-07 or 2022-06 is within
/// June 2022, one dated only 2022 is not.
pub fn issued_within(f: &Fields, date: PartialDate) -> Box<dyn Query> {
    let (lo, hi) = (day_number(date, false), day_number(date, true));
    Box::new(BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(f.date_lo, lo)),
                Bound::Unbounded,
            )),
        ),
        (
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_u64(f.date_hi, hi)),
            )),
        ),
    ]))
}

/// The value of `cites_rel` for a citation: `implements:435/KH/UBND`.
pub fn relation_key(rel: Relation, key: &str) -> String {
    format!("{}:{key}", rel.as_str())
}

/// A date as `yyyymmdd`; a partial date is its first day, or with `last` its
/// last day (`2023-11` → 20231101 or 20231131: only the order matters).
pub fn day_number(d: PartialDate, last: bool) -> u64 {
    let fill = if last { 99 } else { 0 };
    let month = d.month.map_or(fill, u64::from);
    let day = d.day.map_or(fill, u64::from);
    d.year.max(0) as u64 * 10_000 + month * 100 + day
}

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// The issuer's code in a document number (`BTC` of `…/TT-BTC`), when
/// `issuer` is typed as one: one word of letters (`&` and `Đ` as numbers
/// write them), not a word of a name.
fn issuer_code(issuer: &str) -> Option<String> {
    let word = issuer.trim();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if !(2..=10).contains(&letters) || word.contains(char::is_whitespace) {
        return None;
    }
    if !word.chars().all(|c| c.is_alphabetic() || c == '&') {
        return None;
    }
    // Codes are written in capitals, or all in lower case when typed;
    // a word in sentence case is a name (`Huế`), unless it is known so
    // (`TTg`).
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let key = crate::text::fold_lower(word)
        .to_uppercase()
        .replace('&', "");
    (upper >= 2 || upper == 0 || key == "TTG").then_some(key)
}

/// The documents whose number ends with the issuer code `code` (with the
/// term's number: `QH` of `…/QH15`), or, for a code of four letters or
/// more, with it after a `B` (a ministry: `LĐTBXH` and `BLĐTBXH`; not
/// `TC` for `BTC`).
fn by_issuer_code(field: Field, code: &str) -> Option<Box<dyn Query>> {
    let ministry = if code.len() >= 4 { "B?" } else { "" };
    let code = regex::escape(code);
    let pattern = format!("[0-9][0-9A-Z./]*/{ministry}{code}[0-9]*(/[0-9A-Z]+)?");
    RegexQuery::from_pattern(&pattern, field)
        .ok()
        .map(|q| Box::new(q) as Box<dyn Query>)
}

/// All the words of `text`, folded, must be in `field`.
fn all_words(field: Field, text: &str) -> Box<dyn Query> {
    let clauses = analysis::tokens(text, analysis::View::Folded)
        .into_iter()
        .map(|(_, t)| (Occur::Must, term(field, &t)))
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_types_numbers_and_dates() {
        assert_eq!(Filters::parse_type("ke hoach").unwrap().code, "KH");
        assert_eq!(Filters::parse_type("KH").unwrap().code, "KH");
        assert_eq!(Filters::parse_type("Quyết định").unwrap().code, "QĐ");
        assert!(Filters::parse_type("banana").is_err());
        assert_eq!(Filters::parse_number("110 KH UBND").unwrap(), "110/KH/UBND");
        assert_eq!(
            Filters::parse_number("4963/QD-UBND"),
            Filters::parse_number("4963/QĐ-UBND")
        );
        assert!(Filters::parse_date("2023-13").is_err());
        assert_eq!(
            Filters::parse_date("2023-11").unwrap().to_string(),
            "2023-11"
        );
    }

    #[test]
    fn partial_dates_cover_their_whole_span() {
        let nov = date::parse_iso("2023-11").unwrap();
        assert_eq!(day_number(nov, false), 20231100);
        assert_eq!(day_number(nov, true), 20231199);
        let day = date::parse_iso("2023-11-05").unwrap();
        assert!(day_number(nov, false) <= day_number(day, false));
        assert!(day_number(day, true) <= day_number(nov, true));
    }

    #[test]
    fn year_narrows_from_and_to() {
        let f = Filters {
            from: Some(date::parse_iso("2021-06").unwrap()),
            ..Filters::default()
        }
        .with_year(2021)
        .unwrap();
        assert_eq!(f.from.unwrap().to_string(), "2021-06");
        assert_eq!(f.to.unwrap().to_string(), "2021");
    }
}
