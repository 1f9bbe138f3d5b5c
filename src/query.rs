//! From what a person types to a Tantivy query.
//!
//! A query string is first read into parts ([`QueryPlan`]): quoted phrases,
//! document numbers and free words. Free words become one clause each,
//! matching the folded view (`cai` finds `cải`, `cái`, `cai`) or the OCR
//! view (with less weight; the better of the two counts, not their sum) and,
//! when the person typed diacritics anywhere in the query, earning a bonus
//! from the exact view, so `án` ranks documents saying `án` above those
//! saying `an`. Most of the
//! words must match (all of up to three, three of four, ...), which keeps
//! long queries useful on OCR text where a word in five is garbled. The
//! words in order also form phrase clauses that lift documents where they
//! stand together: Vietnamese words are several syllables, and `cải cách
//! hành chính` scattered over a page is not the same thing.
//!
//! Quoted text must appear as a phrase: its words in order (folded), and
//! each word typed with diacritics with exactly those diacritics; without
//! any diacritics, folded or as the OCR view reads it.
//!
//! Documents that read like OCR output also have an OCR view, where garbled
//! words carry their likely readings (`s6` → `so`); every word and phrase
//! also matches there, with less weight than a true match.
//!
//! ```text
//! cải cách "hành chính"  →  words [cải, cách] + phrase [hành, chính]
//! ```

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, ExistsQuery, Occur,
    PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis;
use crate::date::PartialDate;
use crate::doctype::DocType;
use crate::schema::Fields;
use crate::{date, doctype, filters, header, number, text};

/// Weight of the bonus for a word found with the diacritics as typed, on
/// top of finding it: enough to rank `án` above `an`, too little to outweigh
/// a word not found (an OCR'd text cannot match diacritics it lost).
const EXACT_BOOST: f32 = 0.3;
/// Boost of the query's words standing together, in order.
const ADJACENT_BOOST: f32 = 2.0;
/// Boost of the query's words in the document's title.
const TITLE_BOOST: f32 = 2.0;

/// Weight of a match found only through an OCR reading (`s6` read as
/// `số`): below an exact or folded match of the same word.
const OCR_BOOST: f32 = 0.8;

/// Boost of a document issued by a body the query names (`báo cáo UBND
/// huyện Trà Bồng`): its own documents above those that only mention it.
const ISSUER_BOOST: f32 = 3.0;

/// Boost of a document of the type the query opens with (`báo cáo ...`),
/// and of one issued in a year the query names (`... 2023`, `năm 2023`):
/// enough to order a body's documents found by its name, too little to
/// outweigh the query's words (a plan titled `năm 2024` is often issued
/// in 2023).
const TYPE_BOOST: f32 = 1.0;
/// See [`TYPE_BOOST`].
const YEAR_BOOST: f32 = 1.0;

/// Boost of a document whose own number is the one typed.
const NUMBER_BOOST: f32 = 25.0;

/// Score added to a document issued on the day (or in the month) typed,
/// half as much again when it is also of the type the query opens with:
/// enough to put it first among the documents with the query's words
/// (`bench/names/eval_dates.py`), less than its own number typed.
const DATE_BOOST: f32 = 10.0;

/// Share of [`DATE_BOOST`] for a document issued on the day typed by
/// another body than the one the query names: less than
/// [`ISSUER_BOOST`].
const OTHER_BODY_DATE_SHARE: f32 = 0.2;

/// A query string read into parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryPlan {
    /// Free words in the order typed.
    pub words: Vec<String>,
    /// Quoted phrases, each as its words.
    pub phrases: Vec<Vec<String>>,
    /// Document numbers typed (`110/KH-UBND`), each with its lookup key.
    pub numbers: Vec<(String, String)>,
    /// Patterns of number keys named by a type and a bare number
    /// (`kế hoạch 110` → `110/([0-9]{4}/)?KH(/[0-9A-Z]+)*`).
    pub number_patterns: Vec<String>,
    /// A document named as people name them, by its type and then words of
    /// its title (`luật đất đai`, `bộ luật dân sự`, `kế hoạch tuyên
    /// truyền`): the type named by the first free words, and how many
    /// words name it. The title of a Luật is what follows the type line
    /// (`ĐẤT ĐAI`), and a plan's title seldom repeats `kế hoạch`, so the
    /// query's words in the title would miss the very document named.
    pub named: Option<(&'static DocType, usize)>,
    /// Days or months named in the query (`ngày 14/12/2020`, `tháng 6 năm
    /// 2022`): documents issued then are lifted. The words stay words.
    pub dates: Vec<PartialDate>,
    /// Issuing bodies of the index that the query names (`báo cáo UBND
    /// huyện Trà Bồng 2023`), as the index writes them: their documents
    /// are lifted above those that only mention them. Filled in by
    /// [`QueryPlan::name_issuers`]; the words stay words.
    pub issuers: Vec<String>,
    /// When [`QueryPlan::issuers`] is not empty, the issuing bodies of the
    /// index that name no body (`UBND`, read from an OCR'd header whose
    /// body's line was lost): their documents may be the named body's.
    pub vague_issuers: Vec<String>,
    /// Words and phrases to leave out (`-nháp`, `-"dự thảo"`), each as its
    /// words: the documents they would find quoted are not found.
    pub excluded: Vec<Vec<String>>,
}

/// The first pass of a query of free words (see [`QueryPlan::first_pass`]).
pub struct FirstPass {
    /// Every word in the folded view, when there are several: the best
    /// candidates when enough documents have them all.
    pub all: Option<Box<dyn Query>>,
    /// Every word in the OCR view: garbled documents that `all` misses for
    /// a word only their readings hold (`s6` read as `so`).
    pub all_ocr: Option<Box<dyn Query>>,
    /// Any word in any view: the candidates otherwise.
    pub any: Box<dyn Query>,
    /// The words side by side in the text (each two neighbours as one of
    /// the text's word pairs, see [`crate::pairs`]), when there are
    /// several: the documents the phrase clause lifts, which the words
    /// alone rank no higher than any other holding them.
    pub together: Option<Box<dyn Query>>,
    /// The words in order in the title (each two neighbours as one term of
    /// [`Fields::title_pairs`]), or the one word in the title:
    /// documents the title clause lifts above the rest, whatever their
    /// text scores. Without them, when most documents hold the words, the
    /// few titled with them would rarely be among the text's best.
    pub title: Box<dyn Query>,
    /// Documents of the type the query names with the rest of its words in
    /// order in their title (see [`QueryPlan::named`]).
    pub named: Option<Box<dyn Query>>,
    /// Documents issued on a date the query names, ranked by its words.
    pub dated: Option<Box<dyn Query>>,
    /// Documents issued by a body the query names (see
    /// [`QueryPlan::issuers`]), ranked by its words.
    pub issued: Option<Box<dyn Query>>,
}

/// One word (or number) of a query: found through any of `found` (the
/// best of them counts), with `bonus` added when it also matches.
pub struct Word {
    /// Ways to find the word; a document matching several scores the best.
    pub found: Vec<Box<dyn Query>>,
    /// Added to the score of a document that has the word and matches this.
    pub bonus: Option<Box<dyn Query>>,
}

impl Word {
    /// The word as one query.
    pub fn into_query(self) -> Box<dyn Query> {
        let found = best_of(self.found);
        match self.bonus {
            None => found,
            Some(bonus) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, found),
                (Occur::Should, bonus),
            ])),
        }
    }
}

/// One query scoring the best of several.
fn best_of(mut alternatives: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if alternatives.len() == 1 {
        alternatives.pop().expect("one alternative")
    } else {
        Box::new(DisjunctionMaxQuery::new(alternatives))
    }
}

/// The parts of a query before they are put together: the per-word
/// clauses (of which `required` must match), clauses that must match, and
/// clauses that only add to the score. A document's score is the sum of the
/// scores of the clauses it matches, as in one [`BooleanQuery`] of them all.
#[derive(Default)]
pub struct Clauses {
    /// One clause per free word or number.
    pub words: Vec<Word>,
    /// How many of `words` a document must match.
    pub required: usize,
    /// Clauses every document must match (quoted phrases, filters).
    pub must: Vec<Box<dyn Query>>,
    /// Clauses no document may match (words left out: `-word`).
    pub must_not: Vec<Box<dyn Query>>,
    /// Clauses that lift a document's score (phrases, title, numbers), each
    /// a list of alternatives of which the best counts.
    pub should: Vec<Vec<Box<dyn Query>>>,
}

impl Clauses {
    /// A query matching the same documents, without the clauses that only
    /// score: for counting.
    pub fn matching_query(&self) -> Box<dyn Query> {
        let words = Clauses {
            words: self
                .words
                .iter()
                .map(|w| Word {
                    found: w.found.iter().map(|q| q.box_clone()).collect(),
                    bonus: None,
                })
                .collect(),
            required: self.required,
            must: self.must.iter().map(|q| q.box_clone()).collect(),
            must_not: self.must_not.iter().map(|q| q.box_clone()).collect(),
            should: Vec::new(),
        };
        words.into_query()
    }

    /// All the clauses as one query.
    pub fn into_query(self) -> Box<dyn Query> {
        let mut all: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !self.words.is_empty() {
            let words = self
                .words
                .into_iter()
                .map(|w| (Occur::Should, w.into_query()))
                .collect();
            all.push((
                Occur::Must,
                Box::new(BooleanQuery::with_minimum_required_clauses(
                    words,
                    self.required,
                )),
            ));
        }
        all.extend(self.must.into_iter().map(|q| (Occur::Must, q)));
        all.extend(self.must_not.into_iter().map(|q| (Occur::MustNot, q)));
        all.extend(
            self.should
                .into_iter()
                .map(|alternatives| (Occur::Should, best_of(alternatives))),
        );
        Box::new(BooleanQuery::new(all))
    }
}

impl QueryPlan {
    /// Reads a query string.
    pub fn parse(query: &str) -> QueryPlan {
        let (query, excluded) = exclusions(&text::nfc(query));
        let mut plan = QueryPlan {
            excluded,
            ..QueryPlan::default()
        };
        for (i, part) in query.split('"').enumerate() {
            if i % 2 == 1 {
                let words = words_of(part);
                if !words.is_empty() {
                    plan.phrases.push(words);
                }
                continue;
            }
            // Where each number stands among the free words.
            let mut number_at = Vec::new();
            let start = plan.words.len();
            let mut at = 0;
            for (span, canonical) in numbers_in(part) {
                if let Some(key) = number::number_key(&canonical) {
                    let before = analysis::words(&part[at..span.start]);
                    plan.words.extend(before.map(|(_, w)| w.to_string()));
                    number_at.push(plan.words.len());
                    at = span.end;
                    plan.numbers.push((canonical, key));
                }
            }
            plan.words
                .extend(analysis::words(&part[at..]).map(|(_, w)| w.to_string()));
            // Numbers typed as words (`145 nd cp`, `110 kh ubnd`).
            let mut j = start;
            while j < plan.words.len() {
                let found = number::number_in_words(&plan.words[j..])
                    .and_then(|(c, n)| Some((number::number_key(&c)?, c, n)));
                let Some((key, canonical, n)) = found else {
                    j += 1;
                    continue;
                };
                plan.words.drain(j..j + n);
                for at in number_at.iter_mut().filter(|at| **at > j) {
                    *at = at.saturating_sub(n).max(j);
                }
                number_at.push(j);
                plan.numbers.push((canonical, key));
            }
            if i == 0 {
                plan.named = named_type(&plan.words, &number_at);
            }
        }
        let (patterns, codes) = typed_numbers(&plan.words);
        plan.number_patterns = patterns;
        if codes.len() < plan.words.len() {
            for i in codes.into_iter().rev() {
                plan.words.remove(i);
            }
        }
        let free: Vec<&str> = query.split('"').step_by(2).collect();
        plan.dates = date::dates_in_query(&free.join(" "));
        plan
    }

    /// Whether there is nothing to match.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty() && self.numbers.is_empty()
    }

    /// Whether the query names documents by a number and nothing else
    /// (`110/KH-UBND`, `thông tư 15`, `tt số 15 năm 2021`): nothing but the
    /// number to rank them by.
    pub fn names_a_number_only(&self) -> bool {
        if !self.phrases.is_empty() {
            return false;
        }
        if !self.numbers.is_empty() {
            return self.words.is_empty();
        }
        if self.number_patterns.is_empty() {
            return false;
        }
        let typed = leading_type(&self.words).map_or(0, |(_, n)| n);
        self.words[typed..].iter().all(|w| {
            matches!(text::fold_lower(w).as_str(), "so" | "nam")
                || w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
    }

    /// The documents bearing the number the query names (any year, when
    /// it gives none), whatever else they hold.
    pub fn bearing_the_number(&self, f: &Fields) -> Option<Box<dyn Query>> {
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (_, key) in &self.numbers {
            any.push((
                Occur::Should,
                term(Term::from_field_text(f.number_key, key)),
            ));
            if let Ok(q) = RegexQuery::from_pattern(&number::key_pattern(key), f.number_key) {
                any.push((Occur::Should, Box::new(q)));
            }
        }
        for pattern in &self.number_patterns {
            if let Ok(q) = RegexQuery::from_pattern(pattern, f.number_key) {
                any.push((Occur::Should, Box::new(q)));
            }
        }
        (!any.is_empty()).then(|| Box::new(BooleanQuery::new(any)) as Box<dyn Query>)
    }

    /// Whether the person typed diacritics anywhere in the query.
    pub fn has_diacritics(&self) -> bool {
        self.words
            .iter()
            .chain(self.phrases.iter().flatten())
            .any(|w| text::has_diacritics(w))
    }

    /// Every word of the query, free or quoted.
    pub fn all_words(&self) -> impl Iterator<Item = &String> {
        self.words
            .iter()
            .chain(self.phrases.iter().flatten())
            .chain(self.numbers.iter().map(|(n, _)| n))
    }

    /// The Tantivy query for this plan, or `None` when it is empty.
    pub fn to_query(&self, f: &Fields) -> Option<Box<dyn Query>> {
        self.clauses(f).map(Clauses::into_query)
    }

    /// The clauses of this plan's query, or `None` when it is empty.
    pub fn clauses(&self, f: &Fields) -> Option<Clauses> {
        if self.is_empty() {
            return None;
        }
        let marks = self.has_diacritics();
        let mut clauses = Clauses::default();
        let exact_bonus = self.exact_bonus();

        if !self.words.is_empty() || !self.numbers.is_empty() {
            let per_word: Vec<Word> = self
                .words
                .iter()
                .map(|w| word_query(w, f, marks, exact_bonus))
                .chain(self.numbers.iter().map(|(n, key)| Word {
                    found: vec![number_query(n, key, f)],
                    bonus: None,
                }))
                .collect();
            let n = per_word.len();
            clauses.required = if n <= 3 { n } else { (n * 3).div_ceil(4) };
            clauses.words = per_word;
            for pattern in &self.number_patterns {
                if let Ok(q) = RegexQuery::from_pattern(pattern, f.number_key) {
                    clauses
                        .should
                        .push(vec![boosted(Box::new(q), NUMBER_BOOST)]);
                }
            }
            if self.words.len() >= 2 {
                let folded = terms(&self.words, f.body_folded);
                let ocr = terms(&self.words, f.body_ocr);
                clauses.should.push(vec![
                    boosted(phrase(folded, 0), ADJACENT_BOOST),
                    boosted(phrase(ocr, 0), ADJACENT_BOOST * OCR_BOOST),
                ]);
                let mut title = vec![boosted(phrase(terms(&self.words, f.title), 1), TITLE_BOOST)];
                if let Some(named) = self.named_query(f) {
                    // Named by type and title: the type's words count as
                    // found in the title, as if it read `Bộ luật Lao động`
                    // rather than `LAO ĐỘNG`. The rest is scored by its word
                    // pairs, one fewer than its words, so each pair stands
                    // for a word and the type's words for as many more.
                    // The best of this and the whole query in the title
                    // counts, not both.
                    let title_words = self.named_title().map_or(0, |(_, t)| t.len());
                    let scored = title_words.max(2) - 1;
                    let boost = TITLE_BOOST * self.words.len() as f32 / scored as f32;
                    title.push(boosted(named, boost));
                }
                clauses.should.push(title);
            } else if let Some(title) = terms(&self.words, f.title).pop() {
                clauses.should.push(vec![boosted(term(title), TITLE_BOOST)]);
            }
            if let Some(dated) = self.issued_then(f) {
                clauses.should.push(vec![boosted(dated, DATE_BOOST)]);
            }
            if let Some(issuer) = self.issued_by(f) {
                clauses.should.push(vec![boosted(issuer, ISSUER_BOOST)]);
            }
            if self.words.len() >= 2 {
                if let Some((doc_type, _)) = leading_type(&self.words) {
                    let typed = Box::new(ConstScoreQuery::new(is_type(doc_type, f), 1.0));
                    clauses.should.push(vec![boosted(typed, TYPE_BOOST)]);
                }
                if let Some(year) = self.year_last() {
                    let year = PartialDate::new(year, None, None).expect("a year from 1945");
                    let issued = ConstScoreQuery::new(filters::issued_within(f, year), 1.0);
                    clauses
                        .should
                        .push(vec![boosted(Box::new(issued), YEAR_BOOST)]);
                }
            }
        }

        clauses
            .must
            .extend(self.phrases.iter().map(|words| quoted(words, f)));
        clauses.must_not.extend(self.excluded_query(f));
        Some(clauses)
    }

    /// The documents holding a word or phrase left out (`-nháp`), as
    /// that word or phrase quoted finds them.
    pub fn excluded_query(&self, f: &Fields) -> Option<Box<dyn Query>> {
        match self.excluded.len() {
            0 => None,
            1 => Some(quoted(&self.excluded[0], f)),
            _ => Some(Box::new(BooleanQuery::new(
                self.excluded
                    .iter()
                    .map(|words| (Occur::Should, quoted(words, f)))
                    .collect(),
            ))),
        }
    }

    /// Weight of the bonus for a word found with the diacritics as typed,
    /// shared out over the words of a long query, so that across thirty
    /// words it adds up to about what it is for three: finding the words
    /// matters more.
    fn exact_bonus(&self) -> f32 {
        EXACT_BOOST * (3.0 / self.words.len().max(3) as f32)
    }

    /// A cheap first pass for plans of free words only, made of plain
    /// terms that Tantivy ranks with block-max WAND, skipping whole blocks
    /// of documents that cannot reach the top: its best documents come fast
    /// even when nearly every document holds the words, and the whole query
    /// then ranks only those. `None` when the plan has numbers or quoted
    /// phrases, whose clauses are selective enough to run directly.
    pub fn first_pass(&self, f: &Fields) -> Option<FirstPass> {
        if self.words.is_empty()
            || !self.phrases.is_empty()
            || !self.numbers.is_empty()
            || !self.number_patterns.is_empty()
        {
            return None;
        }
        let marks = self.has_diacritics();
        let mut all: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut all_ocr: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut buf = String::new();
        for w in &self.words {
            analysis::folded_token(w, &mut buf);
            if !seen.insert(buf.clone()) {
                continue;
            }
            all.push((
                Occur::Must,
                term(Term::from_field_text(f.body_folded, &buf)),
            ));
            all_ocr.push((Occur::Must, term(Term::from_field_text(f.body_ocr, &buf))));
            any.push((
                Occur::Should,
                term(Term::from_field_text(f.body_folded, &buf)),
            ));
            any.push((
                Occur::Should,
                boosted(term(Term::from_field_text(f.body_ocr, &buf)), OCR_BOOST),
            ));
            if let Some(exact) = exact_term(w, f).filter(|_| marks) {
                // Weighed as in the whole query: more would put clean
                // documents (every word's marks) before OCR'd ones that the
                // whole query ranks first.
                any.push((Occur::Should, boosted(term(exact), self.exact_bonus())));
            }
        }
        let several = all.len() > 1;
        let (together, title) = if self.words.len() >= 2 {
            (
                Some(side_by_side(&self.words, f)),
                neighbours(&self.words, f.title_pairs),
            )
        } else {
            analysis::folded_token(&self.words[0], &mut buf);
            (None, term(Term::from_field_text(f.title, &buf)))
        };
        let named = self.named_query(f);
        // The documents `must` holds, ranked by the query's words.
        let ranked_by_words = |must: Box<dyn Query>| {
            let mut q: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, must)];
            q.extend(
                terms(&self.words, f.body_folded)
                    .into_iter()
                    .map(|t| (Occur::Should, term(t))),
            );
            Box::new(BooleanQuery::new(q)) as Box<dyn Query>
        };
        let dated = self.issued_then(f).map(ranked_by_words);
        let issued = self.issued_by(f).map(ranked_by_words);
        Some(FirstPass {
            all: several.then(|| Box::new(BooleanQuery::new(all)) as Box<dyn Query>),
            all_ocr: several.then(|| Box::new(BooleanQuery::new(all_ocr)) as Box<dyn Query>),
            any: Box::new(BooleanQuery::new(any)),
            together,
            title,
            named,
            dated,
            issued,
        })
    }

    /// Documents of the type the query opens with, with the rest of its
    /// words in order in their title (see [`QueryPlan::named`]), scored by
    /// those words there. Plain terms (the title's word pairs), not a
    /// phrase: the second pass asks each clause about its candidates one by
    /// one, which a phrase inside a clause of several parts does not allow
    /// (Tantivy's phrase scorer must never be asked about a document before
    /// the one it stands on).
    fn named_query(&self, f: &Fields) -> Option<Box<dyn Query>> {
        let (doc_type, title) = self.named_title()?;
        let in_title = if title.len() >= 2 {
            neighbours(title, f.title_pairs)
        } else {
            let mut buf = String::new();
            analysis::folded_token(&title[0], &mut buf);
            term(Term::from_field_text(f.title, &buf))
        };
        Some(of_type(doc_type, in_title, f))
    }

    /// The type the query opens with and the words of the title after it,
    /// without a closing year (`luật hóa chất 2025`, `bộ luật dân sự năm
    /// 2015`: the year a law is known by is not in its title; it lifts
    /// the documents of that year, see [`QueryPlan::year_last`]).
    fn named_title(&self) -> Option<(&'static DocType, &[String])> {
        let (doc_type, n) = self.named?;
        let title = &self.words[n..];
        let mut cut = title;
        // A body named after the type (`báo cáo UBND huyện Trà Bồng
        // 2023`) is no title: its year stays, the clause as weak as it is.
        if self.year_last().is_some() && self.issuers.is_empty() {
            cut = &cut[..cut.len().saturating_sub(1)];
            if cut.last().is_some_and(|w| text::fold_lower(w) == "nam") {
                cut = &cut[..cut.len() - 1];
            }
        }
        // Not the year of a date (`ngày 14 tháng 12 năm 2020`).
        let in_date = cut
            .last()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()));
        let title = if in_date { title } else { cut };
        (!title.is_empty()).then_some((doc_type, title))
    }

    /// Documents issued on one of the dates the query names, scoring 1, or
    /// 1.5 when also of the type the query opens with (`thông tư ngày
    /// 29/05/2026`; see [`QueryPlan::dates`]). With a body named too, so
    /// only those the body may have issued ([`QueryPlan::may_be_issued_by`]);
    /// the others issued then score [`OTHER_BODY_DATE_SHARE`], less than
    /// the body's own of another day (`quyết định UBND tỉnh Lào Cai tháng 3
    /// năm 2026`: the province's decisions of February before another
    /// body's circular of March).
    fn issued_then(&self, f: &Fields) -> Option<Box<dyn Query>> {
        let by_body = self.issued_by(f);
        let may_be_body = by_body
            .as_ref()
            .map(|by| self.may_be_issued_by(by.box_clone(), f));
        let of_body = |q: Box<dyn Query>| match &may_be_body {
            Some(by) => both(q, by.box_clone()),
            None => q,
        };
        let mut dated: Vec<Box<dyn Query>> = Vec::new();
        for &d in &self.dates {
            let within = || filters::issued_within(f, d);
            dated.push(Box::new(ConstScoreQuery::new(of_body(within()), 1.0)));
            if let Some((doc_type, _)) = leading_type(&self.words) {
                let typed = of_body(of_type(doc_type, within(), f));
                dated.push(Box::new(ConstScoreQuery::new(typed, 1.5)));
            }
            if by_body.is_some() {
                let other = ConstScoreQuery::new(within(), OTHER_BODY_DATE_SHARE);
                dated.push(Box::new(other));
            }
        }
        (!dated.is_empty()).then(|| best_of(dated))
    }

    /// The year a query ends with (`... 2023`, `... năm 2023`), unless it
    /// ends a number (`luật bảo hiểm xã hội số 58 2014`: the law's year).
    fn year_last(&self) -> Option<i32> {
        let (last, before) = self.words.split_last()?;
        let year = date::year_of_word(last)?;
        let after_number = before
            .last()
            .is_some_and(|w| w.bytes().any(|b| b.is_ascii_digit()));
        (!after_number).then_some(year)
    }

    /// Keeps in [`QueryPlan::issuers`] those of `names` (the issuing
    /// bodies of the index) that the query's words name: a name's words
    /// after `UBND` (or `Ủy ban nhân dân`), at least two, standing together
    /// in the query, folded (`huyện Trà Bồng`, `ủy ban nhân dân huyện trà
    /// bong`, `Sở Tư pháp tỉnh Bến Tre`). A place alone (`Trà Bồng`) names
    /// no body: the level (`huyện`) or the body (`Sở Tư pháp`) must be
    /// typed.
    pub fn name_issuers(&mut self, names: &[IssuerName]) {
        // The query's words read as a body's name is (`ủy ban nhân dân`
        // as `ubnd`).
        let key = header::issuer_key(&self.words.join(" "));
        let query: Vec<&str> = key.split(' ').collect();
        self.issuers = names
            .iter()
            .filter(|n| n.core.len() >= 2 && query.windows(n.core.len()).any(|w| w == n.core))
            .map(|n| n.name.clone())
            .collect();
        self.vague_issuers = if self.issuers.is_empty() {
            Vec::new()
        } else {
            names
                .iter()
                .filter(|n| n.core.len() < 2)
                .map(|n| n.name.clone())
                .collect()
        };
    }

    /// Documents issued by a body the query names, scoring 1.
    fn issued_by(&self, f: &Fields) -> Option<Box<dyn Query>> {
        let named: Vec<Box<dyn Query>> = self
            .issuers
            .iter()
            .map(|name| {
                let is = TermQuery::new(
                    Term::from_field_text(f.issuer_name, name),
                    IndexRecordOption::Basic,
                );
                Box::new(ConstScoreQuery::new(Box::new(is), 1.0)) as Box<dyn Query>
            })
            .collect();
        (!named.is_empty()).then(|| best_of(named))
    }

    /// The documents `by` finds (issued by a body the query names), and
    /// those whose header names no body ([`QueryPlan::vague_issuers`], or
    /// no issuer at all): they may be that body's.
    fn may_be_issued_by(&self, by: Box<dyn Query>, f: &Fields) -> Box<dyn Query> {
        let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, by)];
        for name in &self.vague_issuers {
            let term = Term::from_field_text(f.issuer_name, name);
            let is = TermQuery::new(term, IndexRecordOption::Basic);
            any.push((Occur::Should, Box::new(is)));
        }
        let named = ExistsQuery::new("issuer_name".to_string(), false);
        let unnamed = BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::MustNot, Box::new(named)),
        ]);
        any.push((Occur::Should, Box::new(unnamed)));
        Box::new(BooleanQuery::new(any))
    }

    /// A query of every word, folded, on the folded body and on the OCR
    /// view: what snippets highlight, whatever view matched.
    pub fn highlight_query(&self, f: &Fields) -> Box<dyn Query> {
        let words: Vec<String> = self.all_words().cloned().collect();
        let clauses = terms(&words, f.body_folded)
            .into_iter()
            .chain(terms(&words, f.body_ocr))
            .map(|t| (Occur::Should, term(t)))
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The numbers in a part of a query, in order, with their spans and
/// canonical forms: those of running text (capitals: `110/KH-UBND`), and
/// whole words that read as one number once in capitals (`110/kh-ubnd`,
/// `51/2024/qh15`, `04-nq/tu`), as people type them.
fn numbers_in(part: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found: Vec<(std::ops::Range<usize>, String)> = number::find_numbers(part)
        .into_iter()
        .map(|m| (m.span, m.canonical))
        .collect();
    let mut offset = 0;
    for token in part.split_whitespace() {
        let start = offset + part[offset..].find(token).unwrap_or(0);
        offset = start + token.len();
        let trimmed = token.trim_matches(|c: char| !c.is_alphanumeric());
        if trimmed.is_empty() || !trimmed.contains(['/', '-']) {
            continue;
        }
        let start = start + token.find(trimmed).unwrap_or(0);
        let span = start..start + trimmed.len();
        if found
            .iter()
            .any(|(s, _)| s.start < span.end && span.start < s.end)
        {
            continue;
        }
        if let Some(canonical) = number::canonical_number(trimmed) {
            found.push((span, canonical));
        }
    }
    found.sort_by_key(|(s, _)| s.start);
    found
}

/// A document number: the document bearing it comes first; documents
/// that mention it (the number's words side by side) also match.
fn number_query(number: &str, key: &str, f: &Fields) -> Box<dyn Query> {
    let own = term(Term::from_field_text(f.number_key, key));
    let words: Vec<String> = analysis::words(number)
        .map(|(_, w)| w.to_string())
        .collect();
    // Mentioned in the text; a number typed without its year also where
    // the year stands between the number and its codes (`145 2020 nd cp`).
    let no_year = number::year_in_number(key).is_none();
    let mentioned = phrase(terms(&words, f.body_folded), u32::from(no_year));
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Should, Box::new(BoostQuery::new(own, NUMBER_BOOST))),
        (Occur::Should, mentioned),
    ];
    // The same number with the year or the issuer left out (`145/NĐ-CP`
    // for `145/2020/NĐ-CP`): below the number as typed.
    if let Ok(q) = RegexQuery::from_pattern(&number::key_pattern(key), f.number_key) {
        clauses.push((Occur::Should, boosted(Box::new(q), NUMBER_BOOST)));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The codes people type before a number for its type (`NĐ 146/2025`,
/// `qd 1883`, `cv 5973`): the common ones, not two letters that are as
/// often something else (`tc`, `pa`, `da`).
const NUMBERED_CODES: &[&str] = &[
    "NQ", "QĐ", "CT", "TB", "HD", "KH", "BC", "NĐ", "TT", "TTLT", "CV", "TTr", "KL", "QC",
];

/// Number-key patterns for a type name followed by a bare number:
/// `kế hoạch 110`, `quyết định số 4963`, `nghị định 20`, and with the year
/// after it, `nghị định 145 2020`, `nghị định số 145/2020`, `thông tư 11
/// năm 2021`, only that year's. A law's number has no type code but the
/// Quốc hội's (`59/2020/QH14`), a Pháp lệnh's its Standing Committee's.
/// A type's code stands for its name (`NĐ 146/2025`, `qd 1883`); the
/// positions of such codes come second: they name the number, and are
/// not words the text must hold (a công văn rarely says `CV`).
fn typed_numbers(words: &[String]) -> (Vec<String>, Vec<usize>) {
    let year = |w: Option<&String>| w.and_then(|w| date::year_of_word(w));
    let mut out = Vec::new();
    let mut codes = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let digits = w.trim_start_matches('0');
        // Figures, or figures with a part after a dot (`66.18`).
        let figures = w.split_once('.').map_or(w.as_str(), |(a, b)| {
            if a.is_empty() || b.is_empty() {
                "."
            } else {
                a
            }
        });
        let dotted_part_ok = w
            .split_once('.')
            .is_none_or(|(_, b)| b.bytes().all(|c| c.is_ascii_digit()));
        if digits.is_empty()
            || !figures.bytes().all(|b| b.is_ascii_digit())
            || !dotted_part_ok
            || w.len() > 9
        {
            continue;
        }
        let digits = regex::escape(digits);
        // The day of a date in figures (`thông tư 29/05/2026`).
        let is_month = |w: &String| w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
        if words.get(i + 1).is_some_and(is_month) && year(words.get(i + 2)).is_some() {
            continue;
        }
        let mut j = i;
        if j > 0 && text::fold_lower(&words[j - 1]) == "so" {
            j -= 1;
        }
        let named = (1..=4.min(j))
            .rev()
            .find_map(|len| doctype::by_name(&words[j - len..j].join(" ")))
            // Its code (`NĐ 146/2025`, `qd 1883`), two letters or more.
            .or_else(|| {
                // Not before a year (`TT 2024`: circulars of 2024).
                if year(Some(w)).is_some() {
                    return None;
                }
                let code = words.get(j.checked_sub(1)?)?;
                let t = doctype::by_code(code).filter(|t| NUMBERED_CODES.contains(&t.code))?;
                codes.push(j - 1);
                Some(t)
            });
        let Some(t) = named else {
            // A number with its year and no type (`51/2024`), past what
            // can be a month (`tháng 3/2024`): any type of that year.
            let date_word = |w: &String| {
                matches!(
                    text::fold_lower(w).as_str(),
                    "thang" | "ngay" | "nam" | "quy"
                )
            };
            let month_or_year =
                digits.parse::<u32>().is_ok_and(|d| d <= 12) || year(Some(w)).is_some();
            let after_date_word = i > 0 && date_word(&words[i - 1]);
            if let (Some(y), false, false) =
                (year(words.get(i + 1)), month_or_year, after_date_word)
            {
                out.push(format!("{digits}/{y}/[0-9A-Z]+{}", number::MORE_GROUPS));
            }
            continue;
        };
        let code = match t.code {
            // A công văn's number bears its issuer's codes, not a type's.
            "CV" => "[0-9A-Z]+".to_string(),
            "Luật" => "QH[0-9]*".to_string(),
            "PL" => "UBTVQH[0-9]*".to_string(),
            code => regex::escape(&text::fold_lower(code).to_uppercase()),
        };
        let after_nam = words
            .get(i + 1)
            .filter(|w| text::fold_lower(w) == "nam")
            .and_then(|_| year(words.get(i + 2)));
        let year_group = match year(words.get(i + 1)).or(after_nam) {
            Some(y) => format!("{y}/"),
            None => "([0-9]{4}/)?".to_string(),
        };
        out.push(format!(
            "{digits}/{year_group}{code}{}",
            number::MORE_GROUPS
        ));
    }
    (out, codes)
}

/// The type named by the first of `words` (`bộ luật`, `kế hoạch`, `nghi
/// dinh`) and how many words name it, when words of a title follow. Not
/// when a number does (`kế hoạch 110`, `nghị định số 71/2019/NĐ-CP`, the
/// numbers read out of the words standing at `number_at`): the type names
/// the number then (see [`typed_numbers`]). A number further on can be
/// part of the title.
fn named_type(words: &[String], number_at: &[usize]) -> Option<(&'static DocType, usize)> {
    let (doc_type, n) = leading_type(words)?;
    let next = n + usize::from(text::fold_lower(&words[n]) == "so");
    let title_follows = words
        .get(next)
        .is_some_and(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        && !number_at.contains(&next);
    title_follows.then_some((doc_type, n))
}

/// The type named by the first of `words`, and how many words name it,
/// when more words follow.
fn leading_type(words: &[String]) -> Option<(&'static DocType, usize)> {
    (1..=4)
        .rev()
        .filter(|&n| n < words.len())
        .find_map(|n| doctype::by_name(&words[..n].join(" ")).map(|t| (t, n)))
}

/// The name of an issuing body as the index writes it, with the words a
/// query must hold to name it (see [`QueryPlan::name_issuers`]).
#[derive(Debug, Clone)]
pub struct IssuerName {
    /// As written (`UBND huyện Trà Bồng`).
    pub name: String,
    /// The words of its key ([`header::issuer_key`]) after a leading
    /// `ubnd` (`huyen tra bong`).
    core: Vec<String>,
}

impl IssuerName {
    /// Reads `name`'s words.
    pub fn new(name: &str) -> IssuerName {
        let key = header::issuer_key(name);
        let core = key.strip_prefix("ubnd ").unwrap_or(&key);
        IssuerName {
            name: name.to_string(),
            core: core.split(' ').map(str::to_string).collect(),
        }
    }
}

/// `q` for documents of type `doc_type` only, scored as `q` alone.
fn of_type(doc_type: &DocType, q: Box<dyn Query>, f: &Fields) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(is_type(doc_type, f), 0.0)),
        ),
        (Occur::Must, q),
    ]))
}

/// The documents both queries match.
fn both(a: Box<dyn Query>, b: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![(Occur::Must, a), (Occur::Must, b)]))
}

/// The documents of type `doc_type`.
fn is_type(doc_type: &DocType, f: &Fields) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(f.doc_type, doc_type.code),
        IndexRecordOption::Basic,
    ))
}

/// One free word: folded match, or a reading of a garbled OCR word (with
/// less weight), or, when the query was typed with diacritics, an exact
/// match (with more). The best of them counts, not their sum: a document
/// is not rewarded twice for one word because it has several views.
fn word_query(word: &str, f: &Fields, marks: bool, exact_bonus: f32) -> Word {
    let mut buf = String::new();
    analysis::folded_token(word, &mut buf);
    let folded = term(Term::from_field_text(f.body_folded, &buf));
    let ocr = term(Term::from_field_text(f.body_ocr, &buf));
    let found = vec![folded, boosted(ocr, OCR_BOOST)];
    // The diacritics as typed: a bonus on top of finding the word, enough
    // to put `án` above `an`, not enough to outweigh a word not found.
    let bonus = exact_term(word, f)
        .filter(|_| marks)
        .map(|t| boosted(term(t), exact_bonus));
    Word { found, bonus }
}

/// The documents holding `words` (typed in quotes) in order: each word
/// typed with diacritics with exactly those; typed without any, folded or
/// as the OCR view reads a garbled text.
fn quoted(words: &[String], f: &Fields) -> Box<dyn Query> {
    let exact: Vec<Term> = words.iter().filter_map(|w| exact_term(w, f)).collect();
    if !exact.is_empty() {
        // The exact view keeps no positions, the folded one does.
        let mut all = vec![(Occur::Must, phrase(terms(words, f.body_folded), 0))];
        all.extend(exact.into_iter().map(|t| (Occur::Must, term(t))));
        Box::new(BooleanQuery::new(all))
    } else {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, phrase(terms(words, f.body_folded), 0)),
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    phrase(terms(words, f.body_ocr), 0),
                    OCR_BOOST,
                )),
            ),
        ]))
    }
}

/// The words of `text`, as a query reads them.
fn words_of(text: &str) -> Vec<String> {
    analysis::words(text).map(|(_, w)| w.to_string()).collect()
}

/// `query` without the words and phrases it leaves out (`-nháp`,
/// `-"dự thảo"`: a `-` at the start or after a space or a quote, then a
/// letter or a quote), and those, each as its words. A `-` inside a word
/// or a number (`04-NQ/TU`, `KH-UBND`), or followed by a space or a digit,
/// stays.
fn exclusions(query: &str) -> (String, Vec<Vec<String>>) {
    let parts: Vec<&str> = query.split('"').collect();
    let mut kept = String::with_capacity(query.len());
    let mut excluded = Vec::new();
    let mut quote_left_out = false;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            kept.push('"');
        }
        if i % 2 == 1 {
            if std::mem::take(&mut quote_left_out) {
                let words = words_of(part);
                if !words.is_empty() {
                    excluded.push(words);
                }
            } else {
                kept.push_str(part);
            }
            continue;
        }
        let mut rest = *part;
        while let Some(at) = rest.find('-') {
            kept.push_str(&rest[..at]);
            let starts = kept
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || c == '"');
            let after = &rest[at + 1..];
            if starts && after.is_empty() && i + 1 < parts.len() {
                quote_left_out = true;
                rest = after;
            } else if starts && after.starts_with(char::is_alphabetic) {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                let words = words_of(&after[..end]);
                if !words.is_empty() {
                    excluded.push(words);
                }
                kept.push(' ');
                rest = &after[end..];
            } else {
                kept.push('-');
                rest = after;
            }
        }
        kept.push_str(rest);
    }
    (kept, excluded)
}

/// The exact view's term for a word typed with diacritics; `None` for a
/// word without, which the exact view does not index (its folded form is
/// the same).
fn exact_term(word: &str, f: &Fields) -> Option<Term> {
    let (mut exact, mut folded) = (String::new(), String::new());
    analysis::exact_and_folded(word, &mut exact, &mut folded)
        .then(|| Term::from_field_text(f.body, &exact))
}

/// The folded terms of `words` in `field`.
fn terms(words: &[String], field: Field) -> Vec<Term> {
    let mut buf = String::new();
    words
        .iter()
        .map(|w| {
            analysis::folded_token(w, &mut buf);
            Term::from_field_text(field, &buf)
        })
        .collect()
}

/// Every two neighbouring words of `words` as one term of a field of word
/// pairs ([`analysis::pair`]), all of them required.
fn neighbours(words: &[String], field: Field) -> Box<dyn Query> {
    let mut buf = String::new();
    let mut seen = std::collections::HashSet::new();
    let mut pairs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for w in words.windows(2) {
        analysis::pair(&w[0], &w[1], &mut buf);
        if seen.insert(buf.clone()) {
            pairs.push((Occur::Must, term(Term::from_field_text(field, &buf))));
        }
    }
    if pairs.len() == 1 {
        pairs.pop().expect("one pair").1
    } else {
        Box::new(BooleanQuery::new(pairs))
    }
}

/// Every two neighbouring words of `words` as one of the text's word pairs
/// ([`crate::pairs`]), all of them required.
fn side_by_side(words: &[String], f: &Fields) -> Box<dyn Query> {
    Box::new(crate::pairs::PairsQuery::new(words, f.body_folded))
}

fn term(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
}

fn phrase(terms: Vec<Term>, slop: u32) -> Box<dyn Query> {
    if terms.len() == 1 {
        return term(terms.into_iter().next().expect("one term"));
    }
    let mut q = PhraseQuery::new(terms);
    q.set_slop(slop);
    Box::new(q)
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn reading_any_query_never_panics(
            q in "(\\PC|[0-9]{1,4}|nghị định|kế hoạch|luật|số|so|năm|nd|cp|kh|ubnd|qh15|2020|[ /\\-\"]){0,16}"
        ) {
            let plan = QueryPlan::parse(&q);
            if let Some((_, n)) = plan.named {
                prop_assert!(n < plan.words.len());
            }
            // Every number read is one that reads back the same on its own.
            for (canonical, key) in &plan.numbers {
                let again = QueryPlan::parse(canonical);
                prop_assert_eq!(&again.numbers, &vec![(canonical.clone(), key.clone())]);
                prop_assert!(again.words.is_empty());
            }
        }
    }

    #[test]
    fn reads_words_and_quoted_phrases() {
        let plan = QueryPlan::parse(r#"cải cách "hành chính" 2024"#);
        assert_eq!(plan.words, ["cải", "cách", "2024"]);
        assert_eq!(
            plan.phrases,
            [vec!["hành".to_string(), "chính".to_string()]]
        );
        assert!(plan.has_diacritics());
    }

    #[test]
    fn reads_words_and_phrases_left_out() {
        let plan = QueryPlan::parse(r#"-nháp cải cách -"dự thảo" hành-chính -2024 - năm"#);
        assert_eq!(plan.words, ["cải", "cách", "hành", "chính", "2024", "năm"]);
        assert_eq!(
            plan.excluded,
            [
                vec!["nháp".to_string()],
                vec!["dự".to_string(), "thảo".to_string()]
            ]
        );
        assert!(plan.phrases.is_empty());
        // A `-` in a number or a word is the number's or the word's.
        let plan = QueryPlan::parse("04-NQ/TU -UBND 110/KH-UBND");
        assert_eq!(plan.numbers.len(), 2);
        assert_eq!(plan.excluded, [vec!["UBND".to_string()]]);
        let plan = QueryPlan::parse("cải--cách");
        assert_eq!(plan.words, ["cải", "cách"]);
        assert!(plan.excluded.is_empty());
        // A `-` before an unclosed quote leaves out what follows.
        let plan = QueryPlan::parse(r#"tuyên truyền -"nháp"#);
        assert_eq!(plan.words, ["tuyên", "truyền"]);
        assert_eq!(plan.excluded, [vec!["nháp".to_string()]]);
        assert!(plan.phrases.is_empty());
    }

    #[test]
    fn reads_document_numbers_in_any_spelling() {
        let plan = QueryPlan::parse("báo cáo 4963/QD-UBND");
        assert_eq!(plan.words, ["báo", "cáo"]);
        assert_eq!(plan.numbers[0].0, "4963/QĐ-UBND");
        assert_eq!(plan.numbers[0].1, "4963/QD/UBND");
    }

    #[test]
    fn type_name_and_bare_number_give_a_number_pattern() {
        let patterns = |q: &str| QueryPlan::parse(q).number_patterns;
        let words = |q: &str| QueryPlan::parse(q).words;
        assert_eq!(
            patterns("kế hoạch số 110"),
            ["110/([0-9]{4}/)?KH(/[0-9A-Z]+)*"]
        );
        assert_eq!(patterns("quyet dinh 04"), ["4/([0-9]{4}/)?QD(/[0-9A-Z]+)*"]);
        assert!(patterns("năm 2024").is_empty());
        // With the year after the number, that year only.
        assert_eq!(patterns("nghị định 145 2020"), ["145/2020/ND(/[0-9A-Z]+)*"]);
        assert_eq!(
            patterns("nghi dinh so 145/2020"),
            ["145/2020/ND(/[0-9A-Z]+)*"]
        );
        assert_eq!(
            patterns("thông tư 11 năm 2021"),
            ["11/2021/TT(/[0-9A-Z]+)*"]
        );
        assert_eq!(
            patterns("thông tư liên tịch 08 2012"),
            ["8/2012/TTLT(/[0-9A-Z]+)*"]
        );
        // A type's code stands for its name.
        assert_eq!(patterns("NĐ 146/2025"), ["146/2025/ND(/[0-9A-Z]+)*"]);
        assert_eq!(patterns("qd 1883"), ["1883/([0-9]{4}/)?QD(/[0-9A-Z]+)*"]);
        // A number with a part after a dot.
        assert_eq!(
            patterns("nghị quyết số 66.18"),
            ["66\\.18/([0-9]{4}/)?NQ(/[0-9A-Z]+)*"]
        );
        let number_only = |q: &str| QueryPlan::parse(q).names_a_number_only();
        for q in [
            "110/KH-UBND",
            "thông tư 15",
            "tt 15",
            "thong tu so 15 nam 2021",
        ] {
            assert!(number_only(q), "{q}");
        }
        for q in [
            "thông tư 15 về lao động",
            "110/KH-UBND tuyên truyền",
            "cải cách",
        ] {
            assert!(!number_only(q), "{q}");
        }
        // Not a code before a year, nor a rare one before a number.
        assert!(patterns("TT 2024").is_empty());
        assert_eq!(words("TT 2024"), ["TT", "2024"]);
        assert_eq!(words("tc 10"), ["tc", "10"]);
        // The code is not a word the text must hold.
        assert_eq!(words("cv 5973"), ["5973"]);
        assert_eq!(words("quyết định 1883"), ["quyết", "định", "1883"]);
        // A number and its year alone: any type.
        assert_eq!(patterns("51/2024"), ["51/2024/[0-9A-Z]+(/[0-9A-Z]+)*"]);
        assert_eq!(
            patterns("công văn 5973"),
            ["5973/([0-9]{4}/)?[0-9A-Z]+(/[0-9A-Z]+)*"]
        );
        // Not a month and its year.
        assert!(patterns("3/2024").is_empty());
        assert!(patterns("tháng 11/2024").is_empty());
        assert!(patterns("thang 11 2024").is_empty());
        // A law's number bears the Quốc hội's code, not a type's.
        assert_eq!(patterns("luật 59 2020"), ["59/2020/QH[0-9]*(/[0-9A-Z]+)*"]);
    }

    #[test]
    fn a_body_is_named_by_its_words_after_ubnd_with_its_level() {
        let names: Vec<IssuerName> = [
            "UBND huyện Trà Bồng",
            "UBND xã Trà Bồng",
            "Sở Tư pháp tỉnh Bến Tre",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "Chính phủ",
            "HĐND tỉnh Bến Tre",
        ]
        .iter()
        .map(|n| IssuerName::new(n))
        .collect();
        let named = |q: &str| {
            let mut plan = QueryPlan::parse(q);
            plan.name_issuers(&names);
            plan.issuers
        };
        assert_eq!(
            named("báo cáo UBND huyện Trà Bồng 2023"),
            ["UBND huyện Trà Bồng"]
        );
        assert_eq!(
            named("bao cao uy ban nhan dan huyen tra bong"),
            ["UBND huyện Trà Bồng"]
        );
        assert_eq!(named("kế hoạch xã Trà Bồng"), ["UBND xã Trà Bồng"]);
        assert_eq!(
            named("báo cáo sở tư pháp tỉnh bến tre năm 2021"),
            ["Sở Tư pháp tỉnh Bến Tre"]
        );
        assert_eq!(
            named("công văn UBND tỉnh Quảng Ngãi"),
            ["Ủy ban nhân dân tỉnh Quảng Ngãi"]
        );
        assert_eq!(named("nghị định chính phủ"), ["Chính phủ"]);
        assert_eq!(
            named("nghị quyết hội đồng nhân dân tỉnh bến tre"),
            ["HĐND tỉnh Bến Tre"]
        );
        // A place alone, or part of a name: none.
        assert!(named("báo cáo Trà Bồng 2023").is_empty());
        assert!(named("báo cáo sở tư pháp").is_empty());
        assert!(named("huyện Trà").is_empty());
    }

    #[test]
    fn a_closing_year_is_not_part_of_the_title_a_type_opens() {
        let title = |q: &str| {
            QueryPlan::parse(q)
                .named_title()
                .map(|(t, words)| (t.code, words.join(" ")))
        };
        assert_eq!(
            title("luat hoa chat 2025"),
            Some(("Luật", "hoa chat".into()))
        );
        assert_eq!(
            title("bộ luật dân sự năm 2015"),
            Some(("Luật", "dân sự".into()))
        );
        assert_eq!(title("luật hóa chất"), Some(("Luật", "hóa chất".into())));
        assert_eq!(title("luật năm 2015"), None);
        // The year of a date stays with it.
        assert_eq!(
            title("nghị định ngày 14 tháng 12 năm 2020"),
            Some(("NĐ", "ngày 14 tháng 12 năm 2020".into()))
        );
    }

    #[test]
    fn a_year_is_read_at_the_end_of_a_query_but_not_after_a_number() {
        let year = |q: &str| QueryPlan::parse(q).year_last();
        assert_eq!(year("báo cáo UBND huyện Trà Bồng 2023"), Some(2023));
        assert_eq!(year("kế hoạch cải cách hành chính năm 2024"), Some(2024));
        assert_eq!(year("luật bảo hiểm xã hội số 58 2014"), None);
        assert_eq!(year("năm 2023 kế hoạch"), None);
        assert_eq!(year("báo cáo 12345"), None);
        assert_eq!(year("báo cáo 1850"), None);
    }

    #[test]
    fn dates_are_read_and_their_figures_are_not_numbers() {
        let plan = QueryPlan::parse("thông tư 29/05/2021");
        assert_eq!(plan.dates.len(), 1);
        assert_eq!(plan.dates[0].to_string(), "2021-05-29");
        assert!(
            plan.number_patterns.is_empty(),
            "{:?}",
            plan.number_patterns
        );
        assert_eq!(plan.words, ["thông", "tư", "29", "05", "2021"]);
        // A quoted date is a phrase, not a date.
        assert!(QueryPlan::parse("\"ngày 14/12/2020\"").dates.is_empty());
        assert!(QueryPlan::parse("năm 2024").dates.is_empty());
    }

    #[test]
    fn numbers_typed_in_lower_case_are_numbers() {
        let plan = QueryPlan::parse("luật 51/2024/qh15, 04-nq/tu và 110/kh-ubnd");
        let keys: Vec<&str> = plan.numbers.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(keys, ["51/2024/QH15", "4/NQ/TU", "110/KH/UBND"]);
        assert_eq!(plan.words, ["luật", "và"]);
    }

    #[test]
    fn numbers_typed_as_words_are_numbers() {
        let plan = QueryPlan::parse("so 145 nd cp ve xu phat");
        assert_eq!(plan.words, ["so", "ve", "xu", "phat"]);
        assert_eq!(
            plan.numbers,
            [("145/NĐ-CP".to_string(), "145/ND/CP".to_string())]
        );
        let plan = QueryPlan::parse("bao cao 82 bc ubnd");
        assert_eq!(plan.numbers[0].1, "82/BC/UBND");
        assert!(plan.named.is_none());
        assert!(plan.number_patterns.is_empty());
        // A type's name and then a number typed as words: the number.
        let plan = QueryPlan::parse("nghị định 145 2020 nđ cp");
        assert_eq!(plan.words, ["nghị", "định"]);
        assert_eq!(plan.numbers[0].1, "145/2020/ND/CP");
        assert!(plan.named.is_none());
    }

    #[test]
    fn a_type_name_then_words_names_a_document() {
        let named = |q: &str| QueryPlan::parse(q).named.map(|(t, n)| (t.code, n));
        assert_eq!(named("bộ luật dân sự"), Some(("Luật", 2)));
        assert_eq!(named("luat dat dai"), Some(("Luật", 1)));
        assert_eq!(named("Kế hoạch tuyên truyền"), Some(("KH", 2)));
        assert_eq!(named("thông tư liên tịch hướng dẫn"), Some(("TTLT", 4)));
        // A number further on can be part of the title.
        assert_eq!(
            named("thông tư hướng dẫn nghị định số 70/2015/NĐ-CP"),
            Some(("TT", 2))
        );
        // The type names a number, not a title.
        assert_eq!(named("nghị định số 71/2019/NĐ-CP của Chính phủ"), None);
        assert_eq!(named("nghi dinh 71/2019/ND-CP cua chinh phu"), None);
        assert_eq!(named("kế hoạch 110 tuyên truyền"), None);
        assert_eq!(named("kế hoạch số 110"), None);
        assert_eq!(named("kế hoạch số"), None);
        // Nothing after the type, or no type first.
        assert_eq!(named("kế hoạch"), None);
        assert_eq!(named("tuyên truyền kế hoạch"), None);
        assert_eq!(named("\"kế hoạch\" tuyên truyền"), None);
    }

    #[test]
    fn plain_query_has_no_diacritics() {
        let plan = QueryPlan::parse("cai cach hanh chinh");
        assert!(!plan.has_diacritics());
        assert_eq!(plan.words.len(), 4);
    }

    #[test]
    fn empty_and_unbalanced_quotes() {
        assert!(QueryPlan::parse("  \"\" ").is_empty());
        let plan = QueryPlan::parse("\"kế hoạch");
        assert_eq!(plan.phrases, [vec!["kế".to_string(), "hoạch".to_string()]]);
    }
}
