//! The closed set of Vietnamese syllables, generated from the orthography.
//!
//! Every Vietnamese word is written as syllables separated by spaces, and
//! every syllable is an onset followed by a rhyme from a short, fixed list,
//! under a handful of spelling rules (`c`/`k`/`q`, `g`/`gh`, `ng`/`ngh`,
//! `gi`, `iê` written `ia` or `yê`). This module builds that set from
//! those rules, so a word that is not in it is either a foreign word, an
//! abbreviation (`UBND`) or an OCR error: `năm` → `nam` is a syllable,
//! the OCR reading `ndm` is not; `Đảng` → `dang` is one, `Pang` is not.
//!
//! Source: the inventory is generated in code from the standard description
//! of Vietnamese spelling: onsets (`b c ch d đ g gh gi h k kh l m n ng ngh
//! nh ph qu r s t th tr v x` and none) times about 150 rhymes with or
//! without the medial glide `o`/`u`, under the rules `c`/`k`, `g`/`gh`,
//! `ng`/`ngh` (front vowels), `gi` + `i`, `qu` + glide, `iê` spelt `ia`
//! without a final and `yê` without an onset, and no glide after the
//! labials `b m ph v` or `r`. That gives 2,033 folded syllables (no tone,
//! no quality mark, `đ` → `d`). Cross-checked against the word list of
//! Debian's `hunspell-vi` (LibreOffice dictionary, MPL-2.0, read by
//! `bench/ocr/check_inventory.py`, not shipped): all of its 1,559 folded
//! lower-case words are in the set except 36 loan-word spellings or
//! compounds (`pin`, `pa`, `ka`, `gen`, `buyt`, `web`, `tivi`, `basoi`);
//! 510 of the generated syllables are possible but unlisted (`nim`,
//! `choach`).
//!
//! The set is deliberately orthographic: it contains syllables that are
//! possible but rare (`nim`, `vin`). How likely each one is in
//! administrative text is the business of [`frequency`], a table counted
//! from clean documents.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use crate::text::fold_lower;

/// Onsets written before any rhyme (besides the ones with spelling rules).
const FREE_ONSETS: [&str; 18] = [
    "b", "ch", "d", "đ", "h", "kh", "l", "m", "n", "nh", "ph", "r", "s", "t", "th", "tr", "v", "x",
];

/// Rhymes without a medial glide, with their quality marks. A rhyme with
/// `iê` is given in its spelling after an onset (`tiên`); without an onset
/// it is written `yê` (`yên`).
const PLAIN_RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", //
    "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", //
    "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", //
    "e", "ec", "em", "en", "eng", "eo", "ep", "et", //
    "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", //
    "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu", //
    "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu", //
    "o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc", "oong", //
    "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", //
    "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", //
    "u", "ua", "uc", "ui", "um", "un", "ung", "up", "ut", //
    "uôc", "uôi", "uôm", "uôn", "uông", "uôt", //
    "ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu", //
    "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu", //
    "y",
];

/// Onsets that take the medial glide (`hoa`, `khuyến`, `nguyên`, `toàn`);
/// the labials `b m ph v` and `r` do not, except in loan words.
const GLIDE_ONSETS: [&str; 15] = [
    "ch", "d", "đ", "g", "h", "kh", "l", "n", "ng", "nh", "s", "t", "th", "tr", "x",
];

/// Rhymes that open with the medial glide `o` or `u` (`hoa`, `thuyền`).
/// After `q` the glide is written `u` whatever it is (`qua`, `quyết`).
const GLIDE_RHYMES: &[&str] = &[
    "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat", "oay", //
    "oăc", "oăm", "oăn", "oăng", "oăt", //
    "oe", "oem", "oen", "oeo", "oet", //
    "uân", "uâng", "uât", "uây", //
    "uê", "uêch", "uênh", //
    "uy", "uya", "uych", "uyên", "uyêt", "uynh", "uyt", "uyu", "uơ",
];

/// Whether a rhyme opens with a front vowel, the place where `k`, `gh`,
/// `ngh` are written instead of `c`, `g`, `ng`.
fn opens_front(rhyme: &str) -> bool {
    matches!(rhyme.chars().next(), Some('e' | 'ê' | 'i' | 'y'))
}

/// Every syllable with quality marks (`ă â ê ô ơ ư đ`) and no tone.
fn generate_marked() -> HashSet<String> {
    let mut out = HashSet::with_capacity(4096);
    let mut add = |onset: &str, rhyme: &str| {
        out.insert(format!("{onset}{rhyme}"));
    };
    for &rhyme in PLAIN_RHYMES {
        // No onset: `iê` is written `yê`, and a bare `y` is its own word.
        match rhyme.strip_prefix("iê") {
            Some(rest) => add("", &format!("yê{rest}")),
            None => add("", rhyme),
        }
        for onset in FREE_ONSETS {
            add(onset, rhyme);
        }
        if opens_front(rhyme) {
            add("k", rhyme);
            add("gh", rhyme);
            add("ngh", rhyme);
        } else {
            add("c", rhyme);
            add("g", rhyme);
            add("ng", rhyme);
        }
        // `gi` swallows a following `i`: gi + in → gìn, gi + iêng → giếng.
        if rhyme != "y" {
            match rhyme.strip_prefix('i') {
                Some(rest) if !rest.starts_with('a') => add("gi", rest),
                Some(_) => {}
                None => add("gi", rhyme),
            }
        }
    }
    // `qu` + ôc (quốc) and the old spelling `qui`.
    add("qu", "ôc");
    add("qu", "i");
    for &rhyme in GLIDE_RHYMES {
        add("", rhyme);
        for onset in GLIDE_ONSETS {
            add(onset, rhyme);
        }
        // After q the glide is always spelt `u`.
        let rest = &rhyme[1..];
        add("qu", rest);
    }
    out
}

/// Syllables with quality marks but no tone: `đảng` → `đang`.
static MARKED: LazyLock<HashSet<String>> = LazyLock::new(generate_marked);

/// Folded syllables: no tone, no quality mark, `đ` → `d`.
static FOLDED: LazyLock<HashSet<String>> =
    LazyLock::new(|| MARKED.iter().map(|s| fold_lower(s)).collect());

/// Whether a folded, lower-case word (`dang`, `nam`, `cua`) is a
/// Vietnamese syllable. `ndm`, `ciia`, `pang`, `s6` are not.
pub fn is_syllable(folded_lower: &str) -> bool {
    if folded_lower.is_empty() || folded_lower.len() > 7 || !folded_lower.is_ascii() {
        return false;
    }
    FOLDED.contains(folded_lower)
}

/// Number of folded syllables in the inventory.
pub fn inventory_size() -> usize {
    FOLDED.len()
}

/// All folded syllables, in no particular order.
pub fn inventory() -> impl Iterator<Item = &'static str> {
    FOLDED.iter().map(String::as_str)
}

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// Whether a lower-case word with its marks is a well-formed Vietnamese
/// syllable: its letters and quality marks form a syllable, it carries at
/// most one tone, and a syllable closed by `p t c ch` has the rising or the
/// heavy tone (`tiếp`, `một`; not `tiềp`). `kế` and `đảng` are; the OCR
/// reading `ké` of `kế` is too (`ké` is a word), `huéng` is not.
pub fn is_toned_syllable(lower: &str) -> bool {
    if lower.is_empty() || lower.len() > 24 {
        return false;
    }
    let mut tone = None;
    let mut base = String::with_capacity(lower.len());
    for c in lower.nfd() {
        if TONE_MARKS.contains(&c) {
            if tone.is_some() {
                return false;
            }
            tone = Some(c);
        } else {
            base.push(c);
        }
    }
    let base: String = base.nfc().collect();
    if !MARKED.contains(&base) {
        return false;
    }
    let stop_final =
        base.ends_with('p') || base.ends_with('t') || base.ends_with('c') || base.ends_with("ch");
    !stop_final || matches!(tone, None | Some('\u{301}') | Some('\u{323}'))
}

/// Syllable counts in clean administrative text, one `syllable count` pair
/// a line, most frequent first (`bench/ocr/syllable_freq.py` writes it).
const FREQUENCY_TABLE: &str = include_str!("data/syllable_freq.txt");

static FREQUENCY: LazyLock<(HashMap<&'static str, u32>, u64)> = LazyLock::new(|| {
    let mut map = HashMap::with_capacity(2048);
    let mut total = 0u64;
    for line in FREQUENCY_TABLE.lines() {
        let mut parts = line.split_whitespace();
        if let (Some(word), Some(count)) = (parts.next(), parts.next()) {
            if let Ok(n) = count.parse::<u32>() {
                map.insert(word, n);
                total += u64::from(n);
            }
        }
    }
    (map, total.max(1))
});

/// How often a folded syllable occurs in clean administrative text, as a
/// share of all syllables: `nam` (năm) about 0.8 %, `nim` never. Zero for
/// words outside the inventory or never seen.
pub fn frequency(folded_lower: &str) -> f64 {
    let (map, total) = &*FREQUENCY;
    map.get(folded_lower)
        .map_or(0.0, |&n| f64::from(n) / *total as f64)
}

/// Raw count of a folded syllable in the frequency table.
pub fn count(folded_lower: &str) -> u32 {
    FREQUENCY.0.get(folded_lower).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn inventory_has_a_few_thousand_syllables() {
        let n = inventory_size();
        assert!((1800..4000).contains(&n), "{n}");
    }

    #[test]
    fn words_of_real_documents_are_syllables() {
        // From "Kế hoạch tuyên truyền cải cách hành chính năm 2024 của UBND
        // huyện", "Quyết định số 4963/QĐ-UBND", "Cộng hòa xã hội chủ nghĩa
        // Việt Nam", "Độc lập - Tự do - Hạnh phúc", "khuyến khích", "giữa",
        // "nghiêng", "quốc", "thuở", "khuỷu", "xoong", "yêu cầu".
        let line = "ke hoach tuyen truyen cai cach hanh chinh nam cua ubnd huyen \
                    quyet dinh so cong hoa xa hoi chu nghia viet doc lap tu do hanh \
                    phuc khuyen khich giua nghieng quoc thuo khuyu xoong yeu cau \
                    nguoi nuoc duong gin gieng gi kenh ky ly qui oan uyen huynh \
                    khuya ruou thuoc dang";
        for w in line.split_whitespace() {
            if w == "ubnd" {
                assert!(!is_syllable(w));
            } else {
                assert!(is_syllable(w), "{w}");
            }
        }
    }

    #[test]
    fn ocr_garbage_and_misspellings_are_not_syllables() {
        // Tokens from the OCR'd seed documents, folded.
        for w in [
            "s6", "ndm", "ciia", "ctia", "caa", "pang", "k", "x4", "1a", "chire", "thirc", "cudng",
            "nudc", "ngudi", "ting", "ning", "tic", "mei", "nhimg", "gitta", "ubnd", "cchc",
            "tthc", "ci", "ce", "cy", "ngi", "ngha", "gha", "qa", "quu", "coa", "kua", "huyen1",
            "",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
        assert!(!is_syllable("ka"));
        assert!(!is_syllable("ghang"));
        assert!(!is_syllable("nghang"));
        assert!(!is_syllable("ce"));
    }

    #[test]
    fn toned_syllables_follow_marks_and_stop_rule() {
        for w in [
            "kế", "hoạch", "đảng", "năm", "của", "quyết", "tiếp", "một", "người", "khuỷu",
        ] {
            assert!(is_toned_syllable(w), "{w}");
        }
        for w in [
            "huéng", "tiềp", "mảt", "nằmm", "ăa", "s6", "k&", "cũả", "ndm", "ơi̇̀",
        ] {
            assert!(!is_toned_syllable(w), "{w}");
        }
    }

    #[test]
    fn frequency_prefers_common_syllables() {
        assert!(frequency("nam") > 0.001, "{}", frequency("nam"));
        assert!(frequency("cua") > frequency("caa"));
        assert!(frequency("nim") * 100.0 < frequency("nam"));
        assert_eq!(frequency("ndm"), 0.0);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,12}") {
            let _ = is_syllable(&s);
            let _ = is_toned_syllable(&s);
            let _ = frequency(&s);
        }
    }
}
