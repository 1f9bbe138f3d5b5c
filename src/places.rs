//! A small gazetteer of Vietnamese place names, to restore diacritics that
//! OCR dropped, only where the unaccented spelling names one place:
//! `restore("LONG AN")` → `Some("Long An")`, `restore("LONG MY")` →
//! `Some("Long Mỹ")`, `restore("MINH TIEN")` → `None` (not listed, so not
//! certain).
//!
//! It lists the provinces and centrally-run cities (those before and after
//! the 2025 reorganisation) and a selection of districts; a name missing
//! here is kept as read and the caller warns.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::fold_lower;

/// Provinces and centrally-run cities.
const PROVINCES: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
    "Hồ Chí Minh",
];

/// Districts, towns and communes seen in the documents vanban indexes.
const LOCALITIES: &[&str] = &[
    "Long Mỹ",
    "Trà Bồng",
    "Vị Thanh",
    "Ngã Bảy",
    "Châu Thành",
    "Phụng Hiệp",
    "Vị Thủy",
    "Tân An",
    "Bến Lức",
    "Đức Hòa",
    "Cần Giuộc",
    "Thủ Dầu Một",
    "Dĩ An",
    "Thuận An",
    "Bình Sơn",
    "Sơn Tịnh",
    "Tư Nghĩa",
    "Mộ Đức",
    "Đức Phổ",
    "Ba Tơ",
    "Sơn Hà",
    "Sơn Tây",
    "Minh Long",
    "Nghĩa Hành",
    "Lý Sơn",
    "Bát Xát",
    "Sa Pa",
    "Bảo Thắng",
    "Bảo Yên",
    "Văn Bàn",
    "Mường Khương",
    "Si Ma Cai",
    "Bắc Hà",
    "Mộc Châu",
    "Mai Sơn",
    "Yên Châu",
    "Thuận Châu",
    "Quỳnh Nhai",
    "Mường La",
    "Phù Yên",
    "Bắc Yên",
    "Sông Mã",
    "Sốp Cộp",
    "Vân Hồ",
];

static BY_KEY: LazyLock<HashMap<String, Option<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Option<&'static str>> = HashMap::new();
    for name in PROVINCES.iter().chain(LOCALITIES) {
        map.entry(key(name))
            .and_modify(|e| {
                if *e != Some(*name) {
                    // Two places share the unaccented spelling: not certain.
                    *e = None;
                }
            })
            .or_insert(Some(name));
    }
    map
});

fn key(name: &str) -> String {
    fold_lower(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The listed place whose unaccented spelling is `name` (any case, any
/// diacritics), when exactly one listed place is spelled so.
pub fn restore(name: &str) -> Option<&'static str> {
    if name.len() > 60 {
        return None;
    }
    BY_KEY.get(&key(name)).copied().flatten()
}

/// Whether `name` is a listed province or centrally-run city.
pub fn is_province(name: &str) -> bool {
    let k = key(name);
    PROVINCES.iter().any(|p| key(p) == k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn restores_listed_names() {
        let cases = [
            ("LONG AN", Some("Long An")),
            ("Long An", Some("Long An")),
            ("LONG MY", Some("Long Mỹ")),
            ("Long My", Some("Long Mỹ")),
            ("TRA BONG", Some("Trà Bồng")),
            ("LÀO CAI", Some("Lào Cai")),
            ("HAU GIANG", Some("Hậu Giang")),
            ("Quang Ngai", Some("Quảng Ngãi")),
            ("MINH TIEN", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(restore(input), want, "{input}");
        }
        assert!(is_province("TINH LAO CAI".trim_start_matches("TINH ")));
        assert!(!is_province("Long Mỹ"));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = restore(&s);
        }
    }
}
