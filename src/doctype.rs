//! The one table of Vietnamese document types (Nghị định 30/2020/NĐ-CP,
//! Phụ lục III), with the legal-normative types and the công văn added.
//!
//! A type is found from its code as written in a số ký hiệu (`QĐ` in
//! `4963/QĐ-UBND`, also the OCR and unaccented forms `QD`, `QP`), from its
//! name on the type line (`KẾ HOẠCH`, OCR `KE HOACH`, `Ké hoach`), or from
//! what a person types in a filter (`kh`, `ke hoach`, `Kế hoạch`):
//! `by_name("BAO CAO")` → `BC` "Báo cáo".
//!
//! Codes outside Phụ lục III: `NĐ` Nghị định, `TT` Thông tư, `TTLT` Thông tư
//! liên tịch, `NQLT` Nghị quyết liên tịch, `Luật` (a Bộ luật is read as
//! `Luật`), `PL` Pháp lệnh, `L` Lệnh, `VBHN` Văn bản hợp nhất, `KL` Kết luận
//! (Party documents, `1492-KL/TU`), `GCN` Giấy chứng nhận (a certificate:
//! of investment registration, of land use) and `CV` for the công văn,
//! which has no code of its own in a ký hiệu (`1504/UBND-NCTH`).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::text::fold_lower;

/// One document type: the code used in a số ký hiệu and its Vietnamese name.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DocType {
    pub code: &'static str,
    pub name: &'static str,
}

macro_rules! doc_types {
    ($($code:literal => $name:literal),* $(,)?) => {
        /// Every document type vanban knows, official table first.
        pub static DOC_TYPES: &[DocType] = &[$(DocType { code: $code, name: $name }),*];
    };
}

doc_types! {
    "NQ" => "Nghị quyết",
    "QĐ" => "Quyết định",
    "CT" => "Chỉ thị",
    "QC" => "Quy chế",
    "QyĐ" => "Quy định",
    "TC" => "Thông cáo",
    "TB" => "Thông báo",
    "HD" => "Hướng dẫn",
    "CTr" => "Chương trình",
    "KH" => "Kế hoạch",
    "PA" => "Phương án",
    "ĐA" => "Đề án",
    "DA" => "Dự án",
    "BC" => "Báo cáo",
    "BB" => "Biên bản",
    "TTr" => "Tờ trình",
    "HĐ" => "Hợp đồng",
    "CĐ" => "Công điện",
    "BGN" => "Bản ghi nhớ",
    "BTT" => "Bản thỏa thuận",
    "GUQ" => "Giấy ủy quyền",
    "GM" => "Giấy mời",
    "GGT" => "Giấy giới thiệu",
    "GNP" => "Giấy nghỉ phép",
    "PG" => "Phiếu gửi",
    "PC" => "Phiếu chuyển",
    "PB" => "Phiếu báo",
    "NĐ" => "Nghị định",
    "TT" => "Thông tư",
    "TTLT" => "Thông tư liên tịch",
    "NQLT" => "Nghị quyết liên tịch",
    "Luật" => "Luật",
    "PL" => "Pháp lệnh",
    "L" => "Lệnh",
    "VBHN" => "Văn bản hợp nhất",
    "KL" => "Kết luận",
    "GCN" => "Giấy chứng nhận",
    "CV" => "Công văn",
}

/// OCR misreadings of codes that are certain: no real code is spelled so.
const CODE_ALIASES: &[(&str, &str)] = &[
    ("QP", "QĐ"),
    ("QD", "QĐ"),
    ("ND", "NĐ"),
    ("NB", "NĐ"),
    ("CD", "CĐ"),
    ("QYD", "QyĐ"),
    ("LUAT", "Luật"),
    ("HDLN", "HD"),
];

/// Other names (and OCR readings of names) that mean a type of the table.
const NAME_ALIASES: &[(&str, &str)] = &[
    ("bo luat", "Luật"),
    ("cong van", "CV"),
    ("quyet pinh", "QĐ"),
    ("nghi pinh", "NĐ"),
    ("thong tu lien tich", "TTLT"),
    ("van ban hop nhat", "VBHN"),
    ("lenh", "L"),
    ("phap lenh", "PL"),
    ("chuong trinh hanh dong", "CTr"),
    ("huong dan lien nganh", "HD"),
];

/// The codes of [`DOC_TYPES`] lower-cased and their names folded, in the
/// table's order: what [`by_code`] and [`by_name`] compare with.
static KEYS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    DOC_TYPES
        .iter()
        .map(|t| (crate::text::lower(t.code), fold_lower(t.name)))
        .collect()
});

/// Every name key [`by_name`] knows, to the type it names: the names of
/// [`KEYS`], then the aliases, the first of each key in the tables' order
/// (an alias whose code has no type names none). Looked up rather than
/// compared with each in turn: the words before every number in a text
/// are tried as names.
static NAMES: LazyLock<FxHashMap<String, Option<&'static DocType>>> = LazyLock::new(|| {
    let mut names = FxHashMap::default();
    for (t, (_, name)) in DOC_TYPES.iter().zip(KEYS.iter()) {
        names.entry(name.clone()).or_insert(Some(t));
    }
    for (alias, code) in NAME_ALIASES {
        names.entry(alias.to_string()).or_insert_with(|| find(code));
    }
    names
});

fn find(code: &str) -> Option<&'static DocType> {
    DOC_TYPES.iter().find(|t| t.code == code)
}

/// The type whose code is `code`: exact (`CTr`), then any case (`ctr`,
/// `KH`), then the OCR and unaccented forms (`QD`, `QP` → `QĐ`; `ND`, `NB` →
/// `NĐ`). `CT` and `CTr`, `TT` and `TTr`, `HD` (Hướng dẫn) and `HĐ` (Hợp
/// đồng), `DA` (Dự án) and `ĐA` (Đề án) stay apart: a plain `HD` is Hướng dẫn.
pub fn by_code(code: &str) -> Option<&'static DocType> {
    let code = code.trim();
    if code.is_empty() || code.len() > 12 {
        return None;
    }
    let code: String = code
        .chars()
        .map(|c| if c == 'Ð' { 'Đ' } else { c })
        .collect();
    if let Some(t) = find(&code) {
        return Some(t);
    }
    let lower = crate::text::lower(&code);
    if let Some(i) = KEYS.iter().position(|(code, _)| *code == lower) {
        return Some(&DOC_TYPES[i]);
    }
    let folded = fold_lower(&code).to_uppercase();
    CODE_ALIASES
        .iter()
        .find(|(alias, _)| *alias == folded)
        .and_then(|(_, target)| find(target))
}

/// The name key of a type line: folded, lower case, OCR digits read as the
/// letters they stand for, single spaces.
fn name_key(name: &str) -> String {
    let folded = fold_lower(name);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| c.is_whitespace() || c == '-' || c == '_') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.push(match c {
                '&' => 'e',
                '6' | '0' => 'o',
                c => c,
            });
        }
    }
    out
}

/// The type named `name`, in any case, with or without diacritics, and in
/// its OCR forms: `KẾ HOẠCH`, `KE HOACH`, `Ké hoach`, `K& hoach` → KH.
pub fn by_name(name: &str) -> Option<&'static DocType> {
    if name.len() > 80 {
        return None;
    }
    let key = name_key(name);
    if key.is_empty() {
        return None;
    }
    NAMES.get(&key).copied().flatten()
}

/// What a person types in a type filter: a code (`KH`, `kh`, `qd`) or a
/// name (`Kế hoạch`, `ke hoach`).
pub fn lookup(user_input: &str) -> Option<&'static DocType> {
    by_code(user_input).or_else(|| by_name(user_input))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes() {
        let cases = [
            ("KH", Some("KH")),
            ("QĐ", Some("QĐ")),
            ("QÐ", Some("QĐ")),
            ("QD", Some("QĐ")),
            ("QP", Some("QĐ")),
            ("ND", Some("NĐ")),
            ("NB", Some("NĐ")),
            ("CT", Some("CT")),
            ("CTr", Some("CTr")),
            ("CTR", Some("CTr")),
            ("TT", Some("TT")),
            ("TTr", Some("TTr")),
            ("HD", Some("HD")),
            ("HĐ", Some("HĐ")),
            ("DA", Some("DA")),
            ("ĐA", Some("ĐA")),
            ("kh", Some("KH")),
            ("qyđ", Some("QyĐ")),
            ("UBND", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(by_code(input).map(|t| t.code), want, "{input}");
        }
    }

    #[test]
    fn names() {
        let cases = [
            ("KẾ HOẠCH", Some("KH")),
            ("KE HOACH", Some("KH")),
            ("Ké hoach", Some("KH")),
            ("K& hoach", Some("KH")),
            ("BAO CAO", Some("BC")),
            ("BÁO CÁO", Some("BC")),
            ("QUYÉT ĐỊNH", Some("QĐ")),
            ("QUYẾT ĐỊNH", Some("QĐ")),
            ("NGHỊ ĐỊNH", Some("NĐ")),
            ("THÔNG TƯ", Some("TT")),
            ("CHỈ THỊ", Some("CT")),
            ("NGHỊ QUYẾT", Some("NQ")),
            ("LUẬT", Some("Luật")),
            ("BỘ LUẬT", Some("Luật")),
            ("TỜ TRÌNH", Some("TTr")),
            ("Công văn", Some("CV")),
            ("THÔNG TƯ LIÊN TỊCH", Some("TTLT")),
            ("HƯỚNG DẪN", Some("HD")),
            ("HỢP ĐỒNG", Some("HĐ")),
            ("CỘNG HÒA XÃ HỘI", None),
        ];
        for (input, want) in cases {
            assert_eq!(by_name(input).map(|t| t.code), want, "{input}");
        }
    }

    #[test]
    fn user_lookup() {
        let cases = [
            ("KH", "KH"),
            ("kh", "KH"),
            ("Kế hoạch", "KH"),
            ("ke hoach", "KH"),
            ("qd", "QĐ"),
            ("cv", "CV"),
            ("cong van", "CV"),
        ];
        for (input, want) in cases {
            assert_eq!(lookup(input).map(|t| t.code), Some(want), "{input}");
        }
    }

    #[test]
    fn codes_are_unique_in_any_case() {
        for (i, a) in DOC_TYPES.iter().enumerate() {
            for b in &DOC_TYPES[i + 1..] {
                assert_ne!(crate::text::lower(a.code), crate::text::lower(b.code));
                assert_ne!(fold_lower(a.name), fold_lower(b.name));
            }
        }
    }

    /// [`by_name`] as it was, comparing the key with each name in turn.
    fn by_name_in_turn(name: &str) -> Option<&'static DocType> {
        if name.len() > 80 {
            return None;
        }
        let key = name_key(name);
        if key.is_empty() {
            return None;
        }
        if let Some(i) = KEYS.iter().position(|(_, name)| *name == key) {
            return Some(&DOC_TYPES[i]);
        }
        NAME_ALIASES
            .iter()
            .find(|(alias, _)| *alias == key)
            .and_then(|(_, code)| find(code))
    }

    #[test]
    fn names_looked_up_as_compared_in_turn() {
        let names = DOC_TYPES
            .iter()
            .flat_map(|t| [t.name, t.code])
            .chain(NAME_ALIASES.iter().flat_map(|(a, c)| [*a, *c]))
            .chain([
                "",
                "  ",
                "KE HOACH",
                "Ké hoach",
                "bộ luật",
                "x",
                "quyết định số",
            ]);
        for name in names {
            assert_eq!(by_name(name), by_name_in_turn(name), "{name:?}");
        }
    }

    proptest! {
        #[test]
        fn names_as_compared_in_turn(s in "(kế|hoạch|quyết|định|luật|bộ|công|văn|lệnh|pháp|6|&|-| |x){0,5}") {
            prop_assert_eq!(by_name(&s), by_name_in_turn(&s));
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = lookup(&s);
            let _ = by_code(&s);
            let _ = by_name(&s);
        }
    }
}
