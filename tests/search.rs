//! Ranking and matching behaviour of `vanban search`, on small corpora
//! written for each case and on the seed documents.

mod common;

use common::{hit_names, Fixture};
use unicode_normalization::UnicodeNormalization;

#[test]
fn queries_with_and_without_diacritics_find_the_same_seed_documents() {
    let store = Fixture::with_repo_corpus().index();
    for (plain, marked) in [
        ("cai cach hanh chinh", "cải cách hành chính"),
        ("tuyen truyen", "tuyên truyền"),
        ("ke hoach", "kế hoạch"),
        ("bao cao ket qua", "báo cáo kết quả"),
    ] {
        let mut a = hit_names(&store, plain);
        let mut b = hit_names(&store, marked);
        assert!(!a.is_empty(), "{plain} finds nothing");
        a.sort();
        b.sort();
        assert_eq!(a, b, "{plain} vs {marked}");
    }
    // The one clean seed says "Đảng"; the OCR seeds only have "dang"/"Pang".
    assert_eq!(hit_names(&store, "Đảng")[0], "003_5375885279187152.txt");
}

#[test]
fn exact_diacritics_rank_above_folded_matches() {
    let store = Fixture::with_docs(&[
        (
            "an.txt",
            "Bảo đảm an ninh, an toàn và bình an cho nhân dân. An cư lạc nghiệp.",
        ),
        (
            "an-sac.txt",
            "Tòa án nhân dân tỉnh xét xử vụ án hành chính.",
        ),
        ("the.txt", "Thế giới và thế hệ trẻ."),
        ("the-plain.txt", "The quick the lazy the end the."),
    ])
    .index();
    assert_eq!(hit_names(&store, "án"), ["an-sac.txt", "an.txt"]);
    assert_eq!(hit_names(&store, "thế")[0], "the.txt");
    // Without diacritics both spellings are found.
    let mut plain = hit_names(&store, "an");
    plain.sort();
    assert_eq!(plain, ["an-sac.txt", "an.txt"]);
}

#[test]
fn adjacent_syllables_rank_above_scattered_ones() {
    let store = Fixture::with_docs(&[
        (
            "scattered.txt",
            "Chính quyền cải tạo đường, cách làm mới; hành động nhanh, chính xác. \
             Cải thiện cách thức, hành trình chính phủ, cải cách, hành chính.",
        ),
        (
            "together.txt",
            "Kế hoạch cải cách hành chính năm 2024 của huyện.",
        ),
    ])
    .index();
    assert_eq!(hit_names(&store, "cai cach hanh chinh")[0], "together.txt");
    assert_eq!(hit_names(&store, "cải cách hành chính")[0], "together.txt");
}

#[test]
fn quotes_force_a_phrase() {
    let store = Fixture::with_docs(&[
        ("phrase.txt", "Trung tâm hành chính công của tỉnh."),
        ("apart.txt", "Công tác hành chính, chính sách công."),
    ])
    .index();
    assert_eq!(hit_names(&store, "\"hanh chinh cong\""), ["phrase.txt"]);
    assert_eq!(hit_names(&store, "\"hành chính công\""), ["phrase.txt"]);
    assert_eq!(hit_names(&store, "hanh chinh cong").len(), 2);
}

#[test]
fn quoted_diacritics_match_exactly() {
    let store = Fixture::with_docs(&[
        ("marked.txt", "Vụ án hành chính."),
        ("plain.txt", "An toàn hành chính."),
        ("unmarked.txt", "Vu an hanh chinh."),
        ("apart.txt", "Hành chính: vụ án."),
    ])
    .index();
    let mut marked = hit_names(&store, "\"án\"");
    marked.sort();
    assert_eq!(marked, ["apart.txt", "marked.txt"]);
    // In order, and with the diacritics typed.
    assert_eq!(hit_names(&store, "\"án hành\""), ["marked.txt"]);
    let mut plain = hit_names(&store, "\"an hanh\"");
    plain.sort();
    assert_eq!(plain, ["marked.txt", "unmarked.txt"]);
}

#[test]
fn words_after_a_minus_leave_out_the_documents_holding_them() {
    let store = Fixture::with_docs(&[
        ("final.txt", "Kế hoạch cải cách hành chính năm 2024."),
        (
            "draft.txt",
            "Dự thảo kế hoạch cải cách hành chính năm 2024 (bản nháp).",
        ),
        ("ocr.txt", "Du thao ké hoach cai cach hanh chinh nim 2024."),
        ("marked.txt", "Kế hoạch cải cách hành chính: vụ án."),
    ])
    .index();
    let sorted = |q: &str| {
        let mut names = hit_names(&store, q);
        names.sort();
        names
    };
    assert_eq!(
        sorted("cai cach -nhap"),
        ["final.txt", "marked.txt", "ocr.txt"]
    );
    // As the words quoted find them: folded, or with the marks typed.
    assert_eq!(sorted("cai cach -\"du thao\""), ["final.txt", "marked.txt"]);
    assert_eq!(
        sorted("cai cach -án"),
        ["draft.txt", "final.txt", "ocr.txt"]
    );
    assert_eq!(sorted("cai cach -an -nhap -thao"), ["final.txt"]);
    // Alone, they leave the rest of the index, newest first.
    assert_eq!(sorted("-thao"), ["final.txt", "marked.txt"]);
}

#[test]
fn decomposed_text_and_old_tone_placement_match() {
    let nfd: String = "Quyết định về hòa giải ở cơ sở".nfd().collect();
    let store = Fixture::with_docs(&[
        ("nfd.txt", &nfd),
        ("old-tone.txt", "Tổ hoà giải và công tác thuỷ lợi"),
        ("eth.txt", "Số: 12/QÐ-UBND về Ðảng bộ"),
    ])
    .index();
    assert_eq!(hit_names(&store, "quyết định"), ["nfd.txt"]);
    let mut hoa = hit_names(&store, "hòa giải");
    hoa.sort();
    assert_eq!(hoa, ["nfd.txt", "old-tone.txt"]);
    assert_eq!(hit_names(&store, "thủy lợi"), ["old-tone.txt"]);
    assert_eq!(hit_names(&store, "\"hòa giải\"").len(), 2);
    assert_eq!(hit_names(&store, "QĐ-UBND Đảng"), ["eth.txt"]);
    assert_eq!(hit_names(&store, "dang bo"), ["eth.txt"]);
}

#[test]
fn highlights_point_at_the_original_words() {
    let store = Fixture::with_docs(&[(
        "doc.txt",
        "Thực hiện Kế hoạch số 435/KH-UBND ngày 08/3/2024 của UBND huyện về việc \
         tuyên truyền Cải cách hành chính (CCHC) năm 2024.",
    )])
    .index();
    let result = vanban::search::search(&store, "ke hoach cai cach", 5).unwrap();
    let hit = &result.hits[0];
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|r| &hit.snippet[r.clone()])
        .collect();
    assert!(marked.contains(&"Kế"), "{marked:?}");
    assert!(marked.contains(&"hoạch"), "{marked:?}");
    assert!(marked.contains(&"Cải"), "{marked:?}");
    assert!(marked.contains(&"cách"), "{marked:?}");
}

/// Text as an OCR model without Vietnamese leaves it (from seed 002).
const OCR_TEXT: &str = "Cong tac tuyén truyén cai cach hanh chinh 06 thiang dau nim 2024. \
    Thye hién K& hoach s6 04/KH-UBND ngay 08/01/2024 vé Ké hoach cai cach hanh chinh, \
    UBND x3 d3 phan cong trach nhi€ém, chi dao cac can bd, cong churc t6 chure trién khai \
    thuc hién; chuyén tai thong tin vé duong 16i, chii truong, chinh sach cia Pang, \
    Nha nudc, cia tinh, huyén vé cai cach hanh chinh nham nang cao nhan thuc.";

const CLEAN_TEXT: &str = "Công tác tuyên truyền chủ trương của Đảng, chính sách của Nhà nước \
    về cải cách hành chính; thực hiện Kế hoạch số 12/KH-UBND của huyện trong năm 2024.";

#[test]
fn garbled_ocr_words_are_found_by_clean_queries() {
    let store = Fixture::with_docs(&[("ocr.txt", OCR_TEXT), ("clean.txt", CLEAN_TEXT)]).index();
    // "Pang" is Đảng, "cia" is của, "nim" is năm, "K&" is Kế, "s6" is số.
    let mut dang = hit_names(&store, "Đảng");
    dang.sort();
    assert_eq!(dang, ["clean.txt", "ocr.txt"]);
    assert!(hit_names(&store, "kế hoạch số 04").contains(&"ocr.txt".to_string()));
    assert_eq!(hit_names(&store, "\"ke hoach so 04\""), ["ocr.txt"]);
    assert!(hit_names(&store, "tuyên truyền năm 2024").contains(&"ocr.txt".to_string()));
}

#[test]
fn exact_matches_rank_above_ocr_readings() {
    let store = Fixture::with_docs(&[("ocr.txt", OCR_TEXT), ("clean.txt", CLEAN_TEXT)]).index();
    assert_eq!(hit_names(&store, "Đảng")[0], "clean.txt");
    assert_eq!(hit_names(&store, "dang")[0], "clean.txt");
    assert_eq!(hit_names(&store, "chính sách của Đảng")[0], "clean.txt");
}

#[test]
fn long_documents_get_snippets_wherever_the_words_are() {
    let filler = "Các cơ quan, đơn vị triển khai nhiệm vụ được giao đúng tiến độ. ".repeat(3000);
    let store = Fixture::with_docs(&[
        // The words only far past the first pages.
        (
            "late.txt",
            &format!("{filler}Kết quả phòng cháy chữa cháy năm 2024."),
        ),
        // The words at the start and again at the end.
        (
            "early.txt",
            &format!("Kế hoạch phòng cháy chữa cháy năm 2024. {filler}Phòng cháy chữa cháy."),
        ),
    ])
    .index();
    let result = vanban::search::search(&store, "phòng cháy chữa cháy", 5).unwrap();
    assert_eq!(result.hits.len(), 2);
    for hit in &result.hits {
        let marked: Vec<&str> = hit
            .highlights
            .iter()
            .map(|r| &hit.snippet[r.clone()])
            .collect();
        assert!(
            marked.contains(&"phòng") || marked.contains(&"Phòng"),
            "{hit:?}"
        );
        if hit.path.ends_with("early.txt") {
            assert!(hit.snippet.contains("Kế hoạch"), "{}", hit.snippet);
        }
    }
}

#[test]
fn ocr_readings_are_highlighted_on_the_garbled_words() {
    let store = Fixture::with_docs(&[("ocr.txt", OCR_TEXT)]).index();
    let result = vanban::search::search(&store, "chính sách của Đảng", 5).unwrap();
    let hit = &result.hits[0];
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|r| &hit.snippet[r.clone()])
        .collect();
    assert!(marked.contains(&"Pang"), "{marked:?}");
    assert!(marked.contains(&"cia"), "{marked:?}");
}

/// A corpus larger than the first pass's candidate list: `n` distinct documents with
/// the words of "cải cách hành chính" scattered (each a different length, so
/// no two score alike), every third without "chính", and `needles` where
/// they stand together.
fn scattered_corpus(n: usize, needles: usize) -> Fixture {
    let f = Fixture::new();
    for i in 0..n {
        let filler = "Ủy ban nhân dân xã triển khai nhiệm vụ trong năm. ".repeat(1 + i % 7);
        let last = if i % 3 == 0 {
            "kế hoạch"
        } else {
            "chính sách"
        };
        let text = format!(
            "Phiếu {i}. Về cải tạo đường giao thông. {filler}Cách làm mới trong hành động. {}Về {last}.",
            "Báo cáo tiến độ. ".repeat(i % 5)
        );
        f.write(&format!("doc{i:04}.txt"), text.as_bytes());
    }
    for i in 0..needles {
        let text = format!(
            "Kế hoạch cải cách hành chính năm 202{i}. {}",
            "Ủy ban nhân dân xã triển khai nhiệm vụ. ".repeat(1 + i)
        );
        f.write(&format!("needle{i}.txt"), text.as_bytes());
    }
    f
}

#[test]
fn large_results_rank_as_the_whole_query_would() {
    let store = scattered_corpus(400, 3).index();
    let query = "cải cách hành chính";
    let got = vanban::search::search(&store, query, 10).expect("search");
    // The whole query run directly over every document.
    let plan = vanban::query::QueryPlan::parse(query);
    let searcher = store.searcher().expect("searcher");
    let direct = searcher
        .search(
            &*plan.to_query(&store.fields).expect("query"),
            &tantivy::collector::TopDocs::with_limit(10).order_by_score(),
        )
        .expect("direct search");
    // The same scores in the same order (documents built alike may tie).
    let scores: Vec<f32> = got.hits.iter().map(|h| h.score).collect();
    let direct: Vec<f32> = direct.iter().map(|(s, _)| *s).collect();
    assert_eq!(scores.len(), direct.len());
    for (a, b) in scores.iter().zip(&direct) {
        assert!((a - b).abs() < 1e-4, "{scores:?} vs {direct:?}");
    }
    let paths: Vec<&str> = got.hits.iter().map(|h| h.path.as_str()).collect();
    assert!(paths[..3].iter().all(|p| p.contains("needle")), "{paths:?}");
    // Up to three words must all be there: a third of the documents lack
    // "chính".
    let got = vanban::search::search(&store, "cách hành chính", 10).expect("search");
    assert_eq!(got.total, 400 - 134 + 3);
    assert!(got.total_exact);
}

#[test]
fn ranking_does_not_depend_on_how_the_index_is_split() {
    // The same files indexed in one run (one segment) and in two runs (two
    // segments, searched side by side and rescored part by part); the
    // best documents come with the second run.
    let whole = scattered_corpus(400, 3).index();
    let f = scattered_corpus(400, 3);
    let held = f.dir.path().join("held");
    std::fs::create_dir_all(&held).unwrap();
    let second_run: Vec<String> = (0..3)
        .map(|i| format!("needle{i}.txt"))
        .chain((0..400).step_by(2).map(|i| format!("doc{i:04}.txt")))
        .collect();
    for name in &second_run {
        std::fs::rename(f.corpus().join(name), held.join(name)).unwrap();
    }
    let opts = vanban::indexer::IndexOptions {
        threads: 1,
        memory_mb: 50,
        ..vanban::indexer::IndexOptions::new(vec![f.corpus()])
    };
    vanban::indexer::run(&f.index_dir(), &opts, &|_| {}).expect("first run");
    for name in &second_run {
        std::fs::rename(held.join(name), f.corpus().join(name)).unwrap();
    }
    let split = f.index();
    let parts = split.searcher().expect("searcher").segment_readers().len();
    assert_eq!(parts, 2);
    for query in [
        "cải cách hành chính",
        "cach hanh chinh",
        "tien do chinh sach",
    ] {
        let a = vanban::search::search(&whole, query, 10).expect("search");
        let b = vanban::search::search(&split, query, 10).expect("search");
        let hits = |r: &vanban::search::SearchResult| -> Vec<(String, f32)> {
            r.hits
                .iter()
                .map(|h| (common::file_name(&h.path), h.score))
                .collect()
        };
        let (a, b) = (hits(&a), hits(&b));
        assert_eq!(a.len(), b.len(), "{query}");
        for ((_, sa), (_, sb)) in a.iter().zip(&b) {
            assert!((sa - sb).abs() < 1e-4, "{query}: {a:?} vs {b:?}");
        }
        // Documents of equal score may come in another order, and those
        // tied with the last may be others: the ones above it are the same.
        let last = a.last().map_or(0.0, |(_, s)| *s);
        let above = |hits: &[(String, f32)]| -> Vec<String> {
            let mut names: Vec<String> = hits
                .iter()
                .filter(|(_, s)| *s > last + 1e-4)
                .map(|(n, _)| n.clone())
                .collect();
            names.sort();
            names
        };
        assert!(!above(&a).is_empty(), "{query}: {a:?}");
        assert_eq!(above(&a), above(&b), "{query}");
    }
}

#[test]
fn documents_titled_with_the_words_lead_large_results() {
    // Most documents hold the words in their text, many more often than
    // the four titled with them; 150 have all of them in a shorter title,
    // in another order. The titled ones must still come first, as the
    // whole query run over every document ranks them.
    let f = Fixture::new();
    for i in 0..250 {
        let text = format!(
            "Phiếu số {i} về nhiệm vụ trong năm.\n{}",
            "Tuyên truyền về công tác, tác động của truyền thông. ".repeat(1 + i % 4)
        );
        f.write(&format!("body{i:03}.txt"), text.as_bytes());
    }
    for i in 0..150 {
        let text = format!(
            "Tuyên truyền công tác {i}\nTriển khai tuyên truyền trong năm. {}",
            "Ủy ban nhân dân xã triển khai nhiệm vụ. ".repeat(2 + i % 5)
        );
        f.write(&format!("reversed{i:03}.txt"), text.as_bytes());
    }
    for i in 0..4 {
        // The last with a word between: the title clause allows one.
        let words = if i < 3 {
            "công tác tuyên truyền"
        } else {
            "công tác về tuyên truyền"
        };
        let text = format!(
            "Kế hoạch {words} năm 202{i}\nTriển khai trong năm. {}",
            "Ủy ban nhân dân xã triển khai nhiệm vụ. ".repeat(20 + i)
        );
        f.write(&format!("titled{i}.txt"), text.as_bytes());
    }
    let store = f.index();
    for query in ["công tác tuyên truyền", "cong tac tuyen truyen"] {
        let first = ["titled0.txt", "titled1.txt", "titled2.txt", "titled3.txt"];
        assert_first_as_the_whole_query_ranks(&store, query, &first);
    }
}

#[test]
fn documents_holding_the_words_together_lead_large_results() {
    // 300 documents hold each word several times, apart; three hold them
    // once, side by side. The words alone rank those three last; the whole
    // query, run over every document, ranks them first.
    let f = Fixture::new();
    for i in 0..300 {
        let text = format!(
            "Phiếu số {i}.\n{}",
            "Chính sách cải tạo, cách làm, hành động. ".repeat(2 + i % 5)
        );
        f.write(&format!("apart{i:03}.txt"), text.as_bytes());
    }
    for i in 0..3 {
        let text = format!(
            "Thông báo số {i}.\n{}Tiếp tục cải cách hành chính.",
            "Ủy ban nhân dân xã triển khai. ".repeat(2 + i)
        );
        f.write(&format!("together{i}.txt"), text.as_bytes());
    }
    let store = f.index();
    for query in ["cải cách hành chính", "cai cach hanh chinh"] {
        let first = ["together0.txt", "together1.txt", "together2.txt"];
        assert_first_as_the_whole_query_ranks(&store, query, &first);
    }
}

#[test]
fn documents_named_by_their_type_and_title_come_first() {
    // People name a document by its type and its title: `bộ luật dân sự`
    // is the code whose header reads BỘ LUẬT / DÂN SỰ, `kế hoạch tuyên
    // truyền` the plan titled "Tuyên truyền ...". Many more documents hold
    // the words in their text, more often and in shorter texts, and a few
    // in their title too.
    let f = Fixture::new();
    let header = |issuer: &str, number: &str, type_line: &str, title: &str| {
        headed(
            issuer,
            number,
            "ngày 10 tháng 11 năm 2023",
            type_line,
            title,
        )
    };
    for i in 0..150 {
        let text = header(
            "ỦY BAN NHÂN DÂN\nHUYỆN TRÀ BỒNG",
            &format!("{}/BC-UBND", i + 1),
            "BÁO CÁO",
            &format!("Công tác tuyên truyền năm {}", 2000 + i),
        ) + &"Kết quả thực hiện kế hoạch tuyên truyền của huyện. ".repeat(1 + i % 3);
        f.write(&format!("report{i:03}.txt"), text.as_bytes());
        // A few decrees name the code in their title.
        let title = if i % 50 == 0 {
            "Quy định chi tiết một số điều của Bộ luật dân sự".to_string()
        } else {
            format!("Quy định về hợp đồng mẫu số {i}")
        };
        let text = header(
            "CHÍNH PHỦ",
            &format!("{}/2016/NĐ-CP", i + 1),
            "NGHỊ ĐỊNH",
            &title,
        ) + &"Theo quy định của Bộ luật dân sự về hợp đồng. ".repeat(1 + i % 3);
        f.write(&format!("decree{i:03}.txt"), text.as_bytes());
    }
    let plan = header(
        "ỦY BAN NHÂN DÂN\nTỈNH LONG AN",
        "110/KH-UBND",
        "KẾ HOẠCH",
        "Tuyên truyền cải cách hành chính năm 2021",
    ) + "Ủy ban nhân dân tỉnh ban hành kế hoạch như sau. \
         Các sở, ngành triển khai thực hiện nhiệm vụ được giao trong năm.";
    f.write("plan.txt", plan.as_bytes());
    for (name, title) in [("civil", "DÂN SỰ"), ("procedure", "TỐ TỤNG DÂN SỰ")] {
        let code = header("QUỐC HỘI", "91/2015/QH13", "BỘ LUẬT", title)
            + "Điều 1. Phạm vi điều chỉnh. \
               Bộ luật này quy định địa vị pháp lý của cá nhân, pháp nhân. "
            + &"Các bên thỏa thuận về quyền và nghĩa vụ theo hợp đồng. ".repeat(30);
        f.write(&format!("{name}.txt"), code.as_bytes());
    }
    let store = f.index();
    for query in ["kế hoạch tuyên truyền", "ke hoach tuyen truyen"] {
        assert_first_as_the_whole_query_ranks(&store, query, &["plan.txt"]);
    }
    for query in ["bộ luật dân sự", "bo luat dan su"] {
        let names = assert_first_as_the_whole_query_ranks(&store, query, &["civil.txt"]);
        assert_eq!(names[1], "procedure.txt", "{query}: {names:?}");
    }
    // Without the type's words, the titles with the words still lead.
    assert!(hit_names(&store, "dan su")[..2].contains(&"civil.txt".to_string()));
}

/// Checks that the first hits of `query` are the files named in `first`
/// (sorted by name), and that all its hits have the scores of the whole
/// query run directly over every document, in the same order. Returns the
/// hits' file names.
/// A document's header as offices lay it out (issuer, number, national
/// motto, place and date, type line, title), ready for its text.
fn headed(issuer: &str, number: &str, place_date: &str, type_line: &str, title: &str) -> String {
    format!(
        "{issuer}\nSố: {number}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
         Độc lập - Tự do - Hạnh phúc\n\n{place_date}\n\n{type_line}\n{title}\n\n"
    )
}

fn assert_first_as_the_whole_query_ranks(
    store: &vanban::store::Store,
    query: &str,
    first: &[&str],
) -> Vec<String> {
    let got = vanban::search::search(store, query, 10).expect("search");
    let names: Vec<String> = got
        .hits
        .iter()
        .map(|h| common::file_name(&h.path))
        .collect();
    let mut leading: Vec<&str> = names[..first.len()].iter().map(String::as_str).collect();
    leading.sort();
    assert_eq!(leading, first, "{query}: {names:?}");
    let plan = vanban::query::QueryPlan::parse(query);
    let searcher = store.searcher().expect("searcher");
    let direct = searcher
        .search(
            &*plan.to_query(&store.fields).expect("query"),
            &tantivy::collector::TopDocs::with_limit(got.hits.len()).order_by_score(),
        )
        .expect("direct search");
    let scores: Vec<f32> = got.hits.iter().map(|h| h.score).collect();
    let direct: Vec<f32> = direct.iter().map(|(s, _)| *s).collect();
    assert_eq!(scores.len(), direct.len());
    for (a, b) in scores.iter().zip(&direct) {
        assert!((a - b).abs() < 1e-4, "{query}: {scores:?} vs {direct:?}");
    }
    names
}

#[test]
fn many_documents_holding_the_words_together_rank_as_the_whole_query() {
    // 150 documents hold the words side by side, 200 more hold them apart,
    // many times: enough hold them together that those apart are not
    // looked for, and the ranking is still the whole query's.
    let f = Fixture::new();
    for i in 0..150 {
        let text = format!(
            "Thông báo số {i}.\n{}{}",
            "Tiếp tục cải cách hành chính. ".repeat(1 + i % 3),
            "Ủy ban nhân dân xã triển khai. ".repeat(1 + i % 7)
        );
        f.write(&format!("together{i:03}.txt"), text.as_bytes());
    }
    for i in 0..200 {
        let text = format!(
            "Phiếu số {i}.\n{}",
            "Chính sách cải tạo, cách làm, hành động. ".repeat(2 + i % 5)
        );
        f.write(&format!("apart{i:03}.txt"), text.as_bytes());
    }
    let store = f.index();
    for query in ["cải cách hành chính", "cai cach hanh chinh"] {
        let names = assert_first_as_the_whole_query_ranks(&store, query, &[]);
        assert_eq!(names.len(), 10, "{query}");
        assert!(
            names.iter().all(|n| n.starts_with("together")),
            "{query}: {names:?}"
        );
    }
}

#[test]
fn large_results_keep_garbled_documents_found_through_their_readings() {
    let f = Fixture::new();
    for i in 0..300 {
        let filler = "Ủy ban nhân dân xã triển khai nhiệm vụ. ".repeat(1 + i % 7);
        f.write(
            &format!("doc{i:04}.txt"),
            format!("Phiếu {i}. Kế hoạch công tác. {filler}Trong năm {i}.").as_bytes(),
        );
    }
    // OCR lost the marks: `K&` is read as `ke`, `nim` as `nam`; the folded
    // view alone has neither.
    let garbled = "Cong tac tuyen truyen cai cach hanh chinh cua xa. \
                   K& hoach nim 2024 cua UBND xa ve cong tac dan van. "
        .repeat(3);
    f.write("garbled.txt", garbled.as_bytes());
    let store = f.index();
    let query = "kế hoạch năm";
    let got = vanban::search::search(&store, query, 10).expect("search");
    // More documents have every word than the first pass takes.
    assert_eq!(got.total, 301);
    // Its words stand together, as the query has them: it comes first.
    assert!(
        got.hits[0].path.ends_with("garbled.txt"),
        "{:?}",
        got.hits[0]
    );
}

#[test]
fn very_large_results_are_counted_approximately() {
    let store = scattered_corpus(1800, 0).index();
    let got = vanban::search::search(&store, "cách hành chính", 10).expect("search");
    let truth = 1800 - 600;
    assert!(!got.total_exact);
    assert!(
        got.total.abs_diff(truth) * 10 <= truth,
        "estimate {} for {truth}",
        got.total
    );
}

#[test]
fn numbers_typed_short_or_as_words_find_their_documents() {
    let decree = |number: &str, title: &str| {
        headed(
            "CHÍNH PHỦ",
            number,
            "Hà Nội, ngày 14 tháng 12 năm 2020",
            "NGHỊ ĐỊNH",
            title,
        ) + "Chính phủ ban hành Nghị định này.\n"
    };
    let store = Fixture::with_docs(&[
        (
            "nd2020.txt",
            &decree("145/2020/NĐ-CP", "Quy định chi tiết về điều kiện lao động"),
        ),
        (
            "nd2026.txt",
            &decree("145/2026/NĐ-CP", "Quy định về an toàn thực phẩm"),
        ),
        (
            "nd146.txt",
            &decree("146/2020/NĐ-CP", "Quy định về thuế giá trị gia tăng"),
        ),
        (
            "circular.txt",
            "BỘ LAO ĐỘNG\nSố: 18/2021/TT-BLĐTBXH\n\nTHÔNG TƯ\nHướng dẫn thời giờ làm việc\n\n\
             Căn cứ Nghị định số 145/2020/NĐ-CP ngày 14 tháng 12 năm 2020 của Chính phủ.\n",
        ),
    ])
    .index();
    let sorted = |mut names: Vec<String>| {
        names.sort();
        names
    };
    // The year left out: both decrees 145, and the text citing one.
    for query in ["145/NĐ-CP", "145 nd cp", "so 145 nđ cp"] {
        let names = hit_names(&store, query);
        assert_eq!(
            sorted(names[..2].to_vec()),
            ["nd2020.txt", "nd2026.txt"],
            "{query}: {names:?}"
        );
        assert_eq!(names[2..], ["circular.txt"], "{query}: {names:?}");
    }
    // With the year: that decree, then the text citing it.
    for query in ["145 2020 nd cp", "145/2020/nđ-cp"] {
        assert_eq!(
            hit_names(&store, query),
            ["nd2020.txt", "circular.txt"],
            "{query}"
        );
    }
    // A type's name, the number and its year: that year's decree first.
    for query in ["nghị định số 145/2020", "nghi dinh 145 nam 2020"] {
        let hits = vanban::search::search(&store, query, 10).unwrap().hits;
        assert_eq!(common::file_name(&hits[0].path), "nd2020.txt", "{query}");
        let other = hits.iter().find(|h| h.path.ends_with("nd2026.txt"));
        assert!(
            other.is_none_or(|h| h.score < hits[0].score / 2.0),
            "{query}: the 2026 decree is not what was asked for"
        );
    }
    // The filters read a number the same way.
    let filtered = |filters: vanban::filters::Filters| {
        let hits = vanban::search::search_filtered(&store, "", &filters, 10)
            .unwrap()
            .hits;
        sorted(hits.iter().map(|h| common::file_name(&h.path)).collect())
    };
    let key = vanban::filters::Filters::parse_number("145/NĐ-CP").unwrap();
    let by_number = vanban::filters::Filters {
        number: Some(key.clone()),
        ..Default::default()
    };
    assert_eq!(filtered(by_number), ["nd2020.txt", "nd2026.txt"]);
    let citing = vanban::filters::Filters {
        cites: Some(key),
        ..Default::default()
    };
    assert_eq!(filtered(citing), ["circular.txt"]);
}

#[test]
fn a_day_in_the_query_lifts_the_documents_issued_that_day() {
    // 150 circulars cite the decree of 14/12/2020, several times each, in
    // short texts; one decree was issued that day; a decree and a
    // circular were issued on 29/05/2021.
    let f = Fixture::new();
    let doc = |issuer: &str, number: &str, day: &str, type_line: &str, title: &str| {
        headed(issuer, number, &format!("Hà Nội, {day}"), type_line, title)
    };
    for i in 0..150 {
        let text = doc(
            "BỘ TÀI CHÍNH",
            &format!("{}/2021/TT-BTC", i + 1),
            &format!("ngày {} tháng 3 năm 2021", 1 + i % 28),
            "THÔNG TƯ",
            &format!("Hướng dẫn mẫu biểu số {i}"),
        ) + &"Căn cứ Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ. "
            .repeat(1 + i % 3);
        f.write(&format!("circular{i:03}.txt"), text.as_bytes());
    }
    let decree = doc(
        "CHÍNH PHỦ",
        "145/2020/NĐ-CP",
        "ngày 14 tháng 12 năm 2020",
        "NGHỊ ĐỊNH",
        "Quy định chi tiết về điều kiện lao động",
    ) + &"Chính phủ ban hành Nghị định này. Điều 1. Phạm vi điều chỉnh. ".repeat(20);
    f.write("decree.txt", decree.as_bytes());
    for (name, number, type_line) in [
        ("decree-may.txt", "60/2021/NĐ-CP", "NGHỊ ĐỊNH"),
        ("circular-may.txt", "45/2021/TT-BTC", "THÔNG TƯ"),
    ] {
        let text = doc(
            "CHÍNH PHỦ",
            number,
            "ngày 29 tháng 5 năm 2021",
            type_line,
            "Về quản lý tài chính",
        ) + "Ban hành kèm theo văn bản này.";
        f.write(name, text.as_bytes());
    }
    let store = f.index();
    for query in [
        "nghị định ngày 14/12/2020",
        "nghi dinh ngay 14 thang 12 nam 2020",
        "nghị định tháng 12/2020",
    ] {
        assert_first_as_the_whole_query_ranks(&store, query, &["decree.txt"]);
    }
    // Of the two documents of that day, the one of the type named.
    for (query, first) in [
        ("thông tư ngày 29/05/2021", "circular-may.txt"),
        ("thong tu 29-5-2021", "circular-may.txt"),
        ("nghị định ngày 29/5/2021", "decree-may.txt"),
    ] {
        assert_eq!(hit_names(&store, query)[0], first, "{query}");
    }
}

/// A header as offices write it: body, number, place and date, type, title.
fn with_header(
    issuer: &str,
    number: &str,
    place: &str,
    date: &str,
    kind: &str,
    body: &str,
) -> String {
    format!(
        "ỦY BAN NHÂN DÂN\n{issuer}\nSố: {number}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
         {place}, ngày {date}\n{kind}\n{body}\n"
    )
}

#[test]
fn a_body_typed_with_a_type_and_a_year_finds_its_own_documents_first() {
    // A report of another body that speaks of this one at length.
    let by_tay_son = with_header(
        "HUYỆN TÂY SƠN",
        "71/BC-UBND",
        "Tây Sơn",
        "20 tháng 10 năm 2023",
        "BÁO CÁO",
        "Kết quả học tập kinh nghiệm cải cách hành chính năm 2023\n\
         Đoàn công tác đã làm việc với UBND huyện Trà Bồng. UBND huyện Trà \
         Bồng giới thiệu cách làm của huyện Trà Bồng về cải cách hành chính.",
    );
    let report = with_header(
        "HUYỆN TRÀ BỒNG",
        "72/BC-UBND",
        "Trà Bồng",
        "5 tháng 12 năm 2023",
        "BÁO CÁO",
        "Tình hình kinh tế - xã hội năm 2023\nKinh tế của huyện tăng trưởng khá.",
    );
    // Its report of another year, and its plan.
    let older = with_header(
        "HUYỆN TRÀ BỒNG",
        "40/BC-UBND",
        "Trà Bồng",
        "5 tháng 12 năm 2021",
        "BÁO CÁO",
        "Tình hình kinh tế - xã hội năm 2021\nKinh tế của huyện tăng trưởng khá.",
    );
    let plan = with_header(
        "HUYỆN TRÀ BỒNG",
        "73/KH-UBND",
        "Trà Bồng",
        "6 tháng 12 năm 2023",
        "KẾ HOẠCH",
        "Phát triển kinh tế - xã hội năm 2024\nBáo cáo kết quả hằng quý.",
    );
    // Other bodies' reports of the year: the archive around them.
    let others: Vec<(String, String)> = ["SƠN TỊNH", "BA TƠ", "MINH LONG", "NGHĨA HÀNH", "MỘ ĐỨC"]
        .iter()
        .enumerate()
        .map(|(i, body)| {
            let text = with_header(
                &format!("HUYỆN {body}"),
                &format!("{}/BC-UBND", 80 + i),
                "Quảng Ngãi",
                "1 tháng 11 năm 2023",
                "BÁO CÁO",
                "Tình hình kinh tế - xã hội năm 2023\nKinh tế của huyện tăng trưởng khá.",
            );
            (format!("khac-{i}.txt"), text)
        })
        .collect();
    let mut docs = vec![
        ("tay-son.txt", by_tay_son.as_str()),
        ("bao-cao-2023.txt", &report),
        ("bao-cao-2021.txt", &older),
        ("ke-hoach.txt", &plan),
    ];
    docs.extend(
        others
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    );
    let store = Fixture::with_docs(&docs).index();
    for query in [
        "báo cáo UBND huyện Trà Bồng 2023",
        "bao cao ubnd huyen tra bong 2023",
        "báo cáo ủy ban nhân dân huyện Trà Bồng năm 2023",
    ] {
        let hits = hit_names(&store, query);
        assert_eq!(hits[0], "bao-cao-2023.txt", "{query}: {hits:?}");
    }
}

#[test]
fn a_body_typed_with_a_month_finds_its_own_documents_before_others_of_that_month() {
    // The body's decision of February; another body's of March that
    // speaks of it; and an OCR'd decision of March whose header lost the
    // body's line (its issuer reads "UBND").
    let february = with_header(
        "HUYỆN TRÀ BỒNG",
        "15/QĐ-UBND",
        "Trà Bồng",
        "20 tháng 2 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc giao chỉ tiêu cải cách hành chính năm 2024",
    );
    let other = with_header(
        "HUYỆN BA TƠ",
        "30/QĐ-UBND",
        "Ba Tơ",
        "12 tháng 3 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc học tập kinh nghiệm của UBND huyện Trà Bồng\nĐoàn công tác làm việc với UBND huyện Trà Bồng.",
    );
    let lost = "UBNP\nSố: 21/QĐ-UBND\nTrà Bồng, ngày 14 tháng 3 năm 2024\nQUYẾT ĐỊNH\nVề việc kiện toàn tổ công tác cải cách hành chính\n";
    let store = Fixture::with_docs(&[
        ("thang-2.txt", february.as_str()),
        ("ba-to.txt", other.as_str()),
        ("mat-dong.txt", lost),
    ])
    .index();
    for query in [
        "quyết định UBND huyện Trà Bồng tháng 3 năm 2024",
        "quyet dinh ubnd huyen tra bong thang 3 nam 2024",
    ] {
        let hits = hit_names(&store, query);
        assert_eq!(
            hits[..3],
            ["mat-dong.txt", "thang-2.txt", "ba-to.txt"],
            "{query}"
        );
    }
    // Without a body, the month's documents come first.
    let hits = hit_names(&store, "quyết định tháng 3 năm 2024");
    assert_eq!(hits[2], "thang-2.txt", "{hits:?}");
}

#[test]
fn the_issuer_filter_takes_the_body_written_out_or_abridged() {
    let doc = |issuer: &str, number: &str, type_line: &str| {
        headed(
            issuer,
            number,
            "Lào Cai, ngày 05 tháng 3 năm 2024",
            type_line,
            "Về công tác chuyển đổi số",
        )
    };
    let f = Fixture::with_docs(&[
        (
            "ubnd.txt",
            &doc("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI", "20/KH-UBND", "KẾ HOẠCH"),
        ),
        (
            "hdnd.txt",
            &doc(
                "HỘI ĐỒNG NHÂN DÂN\nTỈNH LÀO CAI",
                "21/NQ-HĐND",
                "NGHỊ QUYẾT",
            ),
        ),
        (
            "vks.txt",
            &doc("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "22/HD-VKSTC", "HƯỚNG DẪN"),
        ),
        (
            "btc.txt",
            &doc("BỘ TÀI CHÍNH", "45/2024/TT-BTC", "THÔNG TƯ"),
        ),
        (
            "ldtbxh.txt",
            &doc(
                "BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI",
                "02/2024/TT-BLĐTBXH",
                "THÔNG TƯ",
            ),
        ),
    ]);
    let indexed = f.index();
    let by_issuer = |issuer: &str| {
        let filters = vanban::filters::Filters {
            issuer: Some(issuer.to_string()),
            ..Default::default()
        };
        let hits = vanban::search::search_filtered(&indexed.store, "", &filters, 10)
            .unwrap()
            .hits;
        let mut names: Vec<String> = hits.iter().map(|h| common::file_name(&h.path)).collect();
        names.sort();
        names
    };
    for issuer in [
        "UBND tỉnh Lào Cai",
        "Ủy ban nhân dân tỉnh Lào Cai",
        "uy ban nhan dan tinh lao cai",
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
    ] {
        assert_eq!(by_issuer(issuer), ["ubnd.txt"], "{issuer}");
    }
    for issuer in [
        "Hội đồng nhân dân",
        "HĐND tỉnh Lào Cai",
        "hoi dong nhan dan tinh lao cai",
    ] {
        assert_eq!(by_issuer(issuer), ["hdnd.txt"], "{issuer}");
    }
    assert_eq!(by_issuer("lào cai"), ["hdnd.txt", "ubnd.txt"]);
    // By the code its documents' numbers give it.
    for issuer in ["BTC", "btc", "Bộ Tài chính"] {
        assert_eq!(by_issuer(issuer), ["btc.txt"], "{issuer}");
    }
    for issuer in ["LĐTBXH", "BLĐTBXH", "ldtbxh"] {
        assert_eq!(by_issuer(issuer), ["ldtbxh.txt"], "{issuer}");
    }
    assert_eq!(by_issuer("VKSTC"), ["vks.txt"]);
    // A short code is that code, not the end of a longer one.
    assert!(by_issuer("TC").is_empty());
}

#[test]
fn a_longer_list_goes_on_from_a_shorter_one() {
    // Short texts with the words apart, unmarked (as OCR leaves them),
    // and longer ones with them marked as typed: a short list ranks the
    // best by the folded words, the first kind only; the whole query
    // prefers the marked words, which a longer list looks far enough for.
    let f = Fixture::new();
    let filler = "Nội dung khác của văn bản, các nhiệm vụ thường xuyên. ".repeat(3);
    for i in 0..100 {
        let text =
            format!("Ke hoach so {i}\n\nCai cach thu tuc; nen hanh chinh; cai cach cong vu.\n");
        f.write(&format!("plain{i:03}.txt"), text.as_bytes());
    }
    for i in 0..50 {
        let text = format!("Kế hoạch số {i}\n\n{filler}Cải cách thủ tục; nền hành chính. {filler}");
        f.write(&format!("marked{i:03}.txt"), text.as_bytes());
    }
    let indexed = f.index();
    let query = "cải cách hành chính";
    let paths = |n: usize| -> Vec<String> {
        vanban::search::search(&indexed.store, query, n)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| common::file_name(&h.path))
            .collect()
    };
    let short = paths(10);
    assert_eq!(short.len(), 10);
    for n in [26, 60, 150] {
        let long = paths(n);
        assert_eq!(long.len(), n);
        assert_eq!(long[..10], short[..], "-n {n} reorders the first ten");
        let mut distinct = long.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), n, "a hit twice");
    }
}

#[test]
fn an_undated_document_is_of_the_year_its_number_bears() {
    let f = Fixture::with_docs(&[
        (
            "luat.txt",
            "QUỐC HỘI\nLuật số: 59/2020/QH14\n\nLUẬT\nDOANH NGHIỆP\n\nCăn cứ Hiến pháp.\n",
        ),
        (
            "kh.txt",
            "UBND XÃ BÌNH AN\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nPhòng chống thiên tai\n",
        ),
    ]);
    let indexed = f.index();
    let of_year = |year: i32| {
        let filters = vanban::filters::Filters::default().with_year(year).unwrap();
        let hits = vanban::search::search_filtered(&indexed.store, "", &filters, 10)
            .unwrap()
            .hits;
        hits.iter()
            .map(|h| common::file_name(&h.path))
            .collect::<Vec<_>>()
    };
    assert_eq!(of_year(2020), ["luat.txt"]);
    assert!(of_year(2021).is_empty());
}

#[test]
fn documents_sharing_a_number_come_newest_first() {
    let years = [2021, 2024, 2022, 2025, 2023];
    let docs: Vec<(String, String)> = years
        .iter()
        .enumerate()
        .map(|(i, year)| {
            let text = headed(
                "BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI",
                &format!("01/{year}/TT-BLĐTBXH"),
                &format!("Hà Nội, ngày {} tháng 1 năm {year}", 3 + i),
                "THÔNG TƯ",
                "Hướng dẫn chế độ báo cáo",
            ) + &"Nội dung hướng dẫn. ".repeat(1 + i * 3);
            (format!("tt-{year}.txt"), text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let store = Fixture::with_docs(&refs).index();
    let newest = [
        "tt-2025.txt",
        "tt-2024.txt",
        "tt-2023.txt",
        "tt-2022.txt",
        "tt-2021.txt",
    ];
    for query in ["01/TT-BLĐTBXH", "01 tt bldtbxh", "thông tư 01", "tt 01"] {
        assert_eq!(hit_names(&store, query), newest, "{query}");
        // However many are asked for.
        let two: Vec<String> = vanban::search::search(&store, query, 2)
            .unwrap()
            .hits
            .iter()
            .map(|h| common::file_name(&h.path))
            .collect();
        assert_eq!(two, newest[..2], "{query}");
    }
    // With its year, that one.
    assert_eq!(hit_names(&store, "01/2022/TT-BLĐTBXH")[0], "tt-2022.txt");
}

#[test]
fn hits_sorted_by_date_hold_every_word_and_put_the_undated_last() {
    let report = |name: &str, number: &str, date: &str, body: &str| {
        (
            name.to_string(),
            with_header("XÃ BÌNH AN", number, "Bình An", date, "BÁO CÁO", body),
        )
    };
    let docs = [
        // The best match, and the oldest.
        report(
            "2021.txt",
            "5/BC-UBND",
            "10 tháng 3 năm 2021",
            "Kết quả cải cách hành chính. Cải cách hành chính năm 2021, cải cách hành chính.",
        ),
        report(
            "2024.txt",
            "9/BC-UBND",
            "2 tháng 8 năm 2024",
            "Công tác năm: có nội dung cải cách hành chính.",
        ),
        report(
            "2023.txt",
            "7/BC-UBND",
            "15 tháng 1 năm 2023",
            "Sơ kết cải cách hành chính sáu tháng.",
        ),
        // Newest, but with three of the four words: a relevance ranking
        // counts it, a list by date does not.
        report(
            "2025-part.txt",
            "3/BC-UBND",
            "1 tháng 2 năm 2025",
            "Cải tạo trụ sở, hành chính công.",
        ),
        (
            "undated.txt".to_string(),
            "Ghi chép về cải cách hành chính ở xã.".to_string(),
        ),
    ];
    let refs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let store = Fixture::with_docs(&refs).index();
    let sorted = |query: &str, sort: vanban::search::Sort| {
        let filters = vanban::filters::Filters::default();
        let result = vanban::search::search_sorted(&store, query, &filters, sort, 10).unwrap();
        let names: Vec<String> = result
            .hits
            .iter()
            .map(|h| common::file_name(&h.path))
            .collect();
        (names, result.total)
    };
    use vanban::search::Sort;
    assert_eq!(hit_names(&store, "cải cách hành chính")[0], "2021.txt");
    assert!(hit_names(&store, "cai cach hanh chinh").contains(&"2025-part.txt".to_string()));
    let (newest, total) = sorted("cai cach hanh chinh", Sort::Newest);
    assert_eq!(
        newest,
        ["2024.txt", "2023.txt", "2021.txt", "undated.txt"],
        "newest first"
    );
    assert_eq!(total, 4);
    let (oldest, _) = sorted("cải cách hành chính", Sort::Oldest);
    assert_eq!(
        oldest,
        ["2021.txt", "2023.txt", "2024.txt", "undated.txt"],
        "oldest first"
    );
    // Without words: every dated document, either way, the undated last.
    let (all, _) = sorted("", Sort::Oldest);
    assert_eq!(all.first().map(String::as_str), Some("2021.txt"));
    assert_eq!(all.last().map(String::as_str), Some("undated.txt"));
    let (all, _) = sorted("", Sort::Newest);
    assert_eq!(all.first().map(String::as_str), Some("2025-part.txt"));
    // A limit keeps the first by date, not the best.
    let two = vanban::search::search_sorted(
        &store,
        "cai cach hanh chinh",
        &vanban::filters::Filters::default(),
        Sort::Newest,
        2,
    )
    .unwrap();
    let two: Vec<String> = two
        .hits
        .iter()
        .map(|h| common::file_name(&h.path))
        .collect();
    assert_eq!(two, ["2024.txt", "2023.txt"]);
}

#[test]
fn a_word_no_document_holds_is_replaced_by_its_likeliest_neighbour() {
    let store = Fixture::with_docs(&[
        ("a.txt", "Kế hoạch cải cách hành chính năm 2024."),
        ("b.txt", "Báo cáo cải cách hành chính sáu tháng."),
        (
            "c.txt",
            "Chính sách xã hội. Chinhh là tên riêng trong văn bản này.",
        ),
        ("d.txt", "Thành lập tổ công tác."),
    ])
    .index();
    let correct = |query: &str| {
        let searcher = store.searcher().unwrap();
        vanban::spelling::correct(&searcher, &store.fields, query).unwrap()
    };
    // "hanhh" is in no document: "hanh" is, in three (hành, thành).
    let c = correct("cai cach hanhh chinh").expect("a correction");
    assert_eq!(c.query, "cai cach hanh chinh");
    assert_eq!(c.words, [("hanhh".to_string(), "hanh".to_string())]);
    assert_eq!(
        hit_names(&store, &c.query)[..2]
            .iter()
            .collect::<std::collections::BTreeSet<_>>(),
        ["a.txt".to_string(), "b.txt".to_string()].iter().collect()
    );
    // Typed with diacritics, it keeps them when a letter was doubled.
    let c = correct("cải cách hànhh chính").expect("a correction");
    assert_eq!(c.query, "cải cách hành chính");
    // A word some document holds, however rare, stays as typed; so do
    // numbers, codes and short words.
    assert_eq!(correct("chinhh"), None);
    assert_eq!(correct("cải cách 2025 kh-ubnd xq"), None);
    // Nothing one edit away: nothing to say.
    assert_eq!(correct("zzzzqqq"), None);
    // Typed with the input method off, Telex or VNI.
    for keys in ["cari cachs hanhf chinhs", "ca3i ca1ch ha2nh chi1nh"] {
        let c = correct(keys).expect("a correction");
        assert_eq!(c.query, "cải cách hành chính", "{keys}");
    }
}

#[test]
fn the_neighbour_that_stands_beside_the_other_words_is_chosen() {
    let store = Fixture::with_docs(&[
        ("a.txt", "Cải cách hành chính."),
        ("b.txt", "Chung tay xây dựng."),
        ("c.txt", "Nhà chung cư."),
        ("d.txt", "Quy định chung."),
    ])
    .index();
    let correct = |q: &str| corrected(&store, q);
    // "ching": "chung" is in three documents, "chinh" in one, but only
    // "chinh" stands beside "hanh".
    assert_eq!(correct("hanh ching").as_deref(), Some("hanh chinh"));
    // Alone, the word most documents hold.
    assert_eq!(correct("ching").as_deref(), Some("chung"));
}

#[test]
fn keys_a_few_texts_hold_are_still_read_as_the_word_most_texts_hold() {
    let mut docs: Vec<(String, String)> = (0..50)
        .map(|i| (format!("{i}.txt"), format!("Không có ý kiến số {i}.")))
        .collect();
    docs.push(("ocr.txt".into(), "Khoong cos y kien.".into()));
    let refs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let store = Fixture::with_docs(&refs).index();
    let correct = |q: &str| corrected(&store, q);
    // 50 texts hold "không", one "khoong".
    assert_eq!(correct("khoong").as_deref(), Some("không"));
    // Typed with diacritics, a word is never read as keys.
    assert_eq!(correct("khoòng"), None);
    // Held as often as what the keys would write: as typed.
    let store = Fixture::with_docs(&[("a.txt", "Có."), ("b.txt", "cos 30 độ.")]).index();
    assert_eq!(corrected(&store, "cos"), None);
}

/// The query [`vanban::spelling::correct`] searches for instead of `query`.
fn corrected(store: &vanban::store::Store, query: &str) -> Option<String> {
    let searcher = store.searcher().unwrap();
    vanban::spelling::correct(&searcher, &store.fields, query)
        .unwrap()
        .map(|c| c.query)
}
