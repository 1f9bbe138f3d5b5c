//! Cross-references: resolving citations in the index, both directions,
//! and every output format of `vanban refs`.

mod common;

use std::path::Path;
use std::process::Command;

use common::Fixture;
use vanban::citation::Relation;
use vanban::lookup::find_document;
use vanban::refs::{self, Status};

/// Plans numbered 04/KH-UBND by two bodies in two years, a report that
/// implements the 2024 plan of UBND huyện Long Mỹ, and a letter that cites
/// "Kế hoạch số 04/KH-UBND của UBND huyện" without a date.
fn fixture_docs() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refs");
    let mut docs: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    docs.sort();
    docs
}

fn fixture(except: &[&str]) -> Fixture {
    let f = Fixture::new();
    for (name, text) in fixture_docs() {
        if !except.contains(&name.as_str()) {
            f.write(&name, text.as_bytes());
        }
    }
    f
}

#[test]
fn year_and_issuer_link_a_report_to_the_right_plan() {
    let store = fixture(&[]).index();
    let report = find_document(&store, "127/BC-UBND", None, None)
        .unwrap()
        .remove(0);
    let cites = refs::cites(&store, &report).unwrap();
    assert_eq!(cites.len(), 1);
    assert_eq!(cites[0].relation, Relation::Implements);
    assert_eq!(cites[0].status, Status::Linked);
    assert!(cites[0].path.as_deref().unwrap().ends_with("plan2024.txt"));
}

#[test]
fn a_citation_that_fits_several_documents_is_ambiguous_not_guessed() {
    let store = fixture(&[]).index();
    let letter = find_document(&store, "300/UBND-VP", None, None)
        .unwrap()
        .remove(0);
    let cites = refs::cites(&store, &letter).unwrap();
    assert_eq!(cites[0].status, Status::Ambiguous);
    assert_eq!(cites[0].path, None);
    let mut candidates: Vec<_> = cites[0].candidates.iter().map(|c| c.path.clone()).collect();
    candidates.sort();
    assert_eq!(candidates.len(), 2, "{candidates:?}");
    assert!(candidates[0].ends_with("plan2023.txt"));
    assert!(candidates[1].ends_with("plan2024.txt"));
}

#[test]
fn cited_by_finds_the_implementing_report_only_for_the_right_plan() {
    let store = fixture(&[]).index();
    let plan = |year| {
        find_document(&store, "04/KH-UBND", Some(year), Some("long my"))
            .unwrap()
            .remove(0)
    };
    let r2024 = refs::refs_of(&store, &plan(2024)).unwrap();
    let implementers: Vec<_> = r2024
        .cited_by
        .iter()
        .filter(|c| c.relation == Relation::Implements)
        .map(|c| c.path.clone())
        .collect();
    assert!(
        implementers.iter().any(|p| p.ends_with("report.txt")),
        "{implementers:?}"
    );
    let r2023 = refs::refs_of(&store, &plan(2023)).unwrap();
    assert!(!r2023
        .cited_by
        .iter()
        .any(|c| c.path.ends_with("report.txt")));
    // The undated letter fits both plans: listed, and flagged.
    let letter = r2023
        .cited_by
        .iter()
        .find(|c| c.path.ends_with("letter.txt"))
        .unwrap();
    assert!(letter.ambiguous);
    // The province's plan with the same number is cited by nobody.
    let tinh = find_document(&store, "04/KH-UBND", Some(2024), Some("hau giang"))
        .unwrap()
        .remove(0);
    assert!(refs::refs_of(&store, &tinh).unwrap().cited_by.is_empty());
}

#[test]
fn links_follow_the_index_when_the_plan_comes_later_or_goes() {
    let f = fixture(&["plan2024.txt", "plan2023.txt", "plan_tinh.txt"]);
    let corpus = f.corpus();
    // Keeps the fixture's folder alive to the end of the test.
    let first = f.index();
    let report = find_document(&first, "127/BC-UBND", None, None)
        .unwrap()
        .remove(0);
    assert_eq!(
        refs::cites(&first, &report).unwrap()[0].status,
        Status::NotIndexed
    );
    // Who implements 04/KH-UBND of 2024? Answered without the plan.
    let r = refs::refs_of_number(&first, "04/kh-ubnd", Some(2024), None)
        .unwrap()
        .unwrap();
    assert!(r.cited_by.iter().any(|c| c.path.ends_with("report.txt")));

    // Index the plan after the report: the link appears.
    let plan = fixture_docs()
        .into_iter()
        .find(|(n, _)| n == "plan2024.txt")
        .unwrap();
    std::fs::write(corpus.join("plan2024.txt"), plan.1).unwrap();
    let store = reindex(&f_index_dir(&corpus), &corpus);
    let report = find_document(&store, "127/BC-UBND", None, None)
        .unwrap()
        .remove(0);
    assert_eq!(
        refs::cites(&store, &report).unwrap()[0].status,
        Status::Linked
    );
    drop(store);

    // Delete the plan: the link goes with it.
    std::fs::remove_file(corpus.join("plan2024.txt")).unwrap();
    let store = reindex(&f_index_dir(&corpus), &corpus);
    let report = find_document(&store, "127/BC-UBND", None, None)
        .unwrap()
        .remove(0);
    assert_eq!(
        refs::cites(&store, &report).unwrap()[0].status,
        Status::NotIndexed
    );
    drop(first);
}

fn f_index_dir(corpus: &Path) -> std::path::PathBuf {
    corpus.parent().unwrap().join("index")
}

fn reindex(index: &Path, corpus: &Path) -> vanban::store::Store {
    let opts = vanban::indexer::IndexOptions {
        threads: 1,
        memory_mb: 50,
        ..vanban::indexer::IndexOptions::new(vec![corpus.to_path_buf()])
    };
    vanban::indexer::run(index, &opts, &|_| {}).unwrap();
    vanban::store::Store::open(index).unwrap()
}

#[test]
fn refs_command_prints_text_json_and_dot() {
    let f = fixture(&[]);
    let dir = f.dir.path();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["--index", dir.join("index").to_str().unwrap()])
            .args(args)
            .current_dir(dir)
            .output()
            .map(common::slashed)
            .unwrap()
    };
    assert_eq!(run(&["index", "corpus"]).status.code(), Some(0));

    let o = run(&["refs", "127/BC-UBND"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Implements:"), "{text}");
    assert!(text.contains("04/KH-UBND of 2024-01-08"), "{text}");
    assert!(text.contains("corpus/plan2024.txt"), "{text}");

    let o = run(&[
        "refs",
        "04/KH-UBND",
        "--year",
        "2024",
        "--issuer",
        "long my",
        "--json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["doc"]["number"], "04/KH-UBND");
    let by = v["cited_by"].as_array().unwrap();
    let report = by
        .iter()
        .find(|c| c["path"] == "corpus/report.txt")
        .unwrap();
    assert_eq!(report["relation"], "implements");
    assert_eq!(report["number"], "127/BC-UBND");
    assert_eq!(report["date"], "2024-06-07");

    // Ambiguous number: candidates listed, exit code 2.
    let o = run(&["refs", "04/KH-UBND"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("3 documents are"));

    let o = run(&["refs", "corpus/report.txt", "--dot"]);
    let dot = String::from_utf8_lossy(&o.stdout);
    assert!(dot.starts_with("digraph refs {"), "{dot}");
    assert!(
        dot.contains("\"corpus/report.txt\" -> \"corpus/plan2024.txt\" [label=\"implements\"]"),
        "{dot}"
    );
    assert!(dot.trim_end().ends_with('}'));
    // A citation that fits several documents is drawn dashed, asking.
    let o = run(&["refs", "corpus/letter.txt", "--dot"]);
    let dot = String::from_utf8_lossy(&o.stdout);
    assert!(
        dot.lines()
            .any(|l| l.contains("\"corpus/letter.txt\" -> ") && l.contains("?\", style=dashed]")),
        "{dot}"
    );
    assert!(!dot
        .lines()
        .any(|l| l.contains("\"corpus/report.txt\" -> ") && l.contains("dashed")));

    // search --implements finds the report, --cites finds report and letter.
    let o = run(&["search", "--implements", "04/kh-ubnd", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 2, "{v}");
    let o = run(&["search", "--cites", "1582/QD-UBND", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 3);
}

#[test]
fn seed_report_implements_the_plan_it_names() {
    let store = Fixture::with_repo_corpus().index();
    // Seed 000 (no header) reports on "Kế hoạch số 435/KH-UBND ngày 08/3/2024".
    let r = refs::refs_of_number(&store, "435/KH-UBND", Some(2024), None)
        .unwrap()
        .unwrap();
    assert_eq!(r.cited_by.len(), 1);
    assert_eq!(r.cited_by[0].relation, Relation::Implements);
    assert!(r.cited_by[0].path.ends_with("000_3b0672f670f8dc27.txt"));
    // And a year that does not match finds nothing.
    let r = refs::refs_of_number(&store, "435/KH-UBND", Some(2023), None)
        .unwrap()
        .unwrap();
    assert!(r.cited_by.is_empty());
}

#[test]
fn filters_alone_list_newest_first() {
    let store = fixture(&[]).index();
    let filters = vanban::filters::Filters {
        doc_type: Some(vanban::filters::Filters::parse_type("kế hoạch").unwrap()),
        ..Default::default()
    };
    let hits = vanban::search::search_filtered(&store, "", &filters, 10)
        .unwrap()
        .hits;
    let dates: Vec<_> = hits.iter().map(|h| h.date.clone().unwrap()).collect();
    assert_eq!(dates, ["2024-01-08", "2024-01-08", "2023-01-05"]);
    let filters = vanban::filters::Filters {
        issuer: Some("long my".into()),
        ..Default::default()
    }
    .with_year(2024)
    .unwrap();
    let total = vanban::search::search_filtered(&store, "", &filters, 10)
        .unwrap()
        .total;
    assert_eq!(
        total, 3,
        "plan 2024, report and letter of UBND huyện Long Mỹ"
    );
}

/// A header of a document, as offices write it.
fn doc(
    body: &str,
    place: &str,
    number: &str,
    date: (u32, u32, i32),
    kind: &str,
    rest: &str,
) -> String {
    let (d, m, y) = date;
    format!(
        "{body}\nSố: {number}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
         {place}, ngày {d:02} tháng {m:02} năm {y}\n\n{kind}\n{rest}\n"
    )
}

#[test]
fn odd_spellings_of_a_number_link_to_its_document() {
    let docs = [
        (
            "qd1626.txt",
            doc(
                "THỦ TƯỚNG CHÍNH PHỦ",
                "Hà Nội",
                "1626/QĐ-TTg",
                (15, 12, 2023),
                "QUYẾT ĐỊNH",
                "Phê duyệt Đề án chuyển đổi số.",
            ),
        ),
        (
            "nd181.txt",
            doc(
                "CHÍNH PHỦ",
                "Hà Nội",
                "181/2024/NĐ-CP",
                (31, 12, 2024),
                "NGHỊ ĐỊNH",
                "Quy định chi tiết Luật Thuế.",
            ),
        ),
        (
            "luat135.txt",
            doc(
                "QUỐC HỘI",
                "Hà Nội",
                "135/2025/QH15",
                (10, 12, 2025),
                "LUẬT",
                "Xây dựng.",
            ),
        ),
        (
            "tt06.txt",
            doc(
                "BỘ TÀI CHÍNH",
                "Hà Nội",
                "06/2022/TT-BTC",
                (8, 2, 2022),
                "THÔNG TƯ",
                "Hướng dẫn quản lý.",
            ),
        ),
        (
            "nd29.txt",
            doc(
                "CHÍNH PHỦ",
                "Hà Nội",
                "29/2025/NĐ-CP",
                (24, 2, 2025),
                "NGHỊ ĐỊNH",
                "Quy định chức năng.",
            ),
        ),
        (
            "bc.txt",
            doc(
                "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI",
                "Lào Cai",
                "88/BC-UBND",
                (1, 3, 2026),
                "BÁO CÁO",
                "Thực hiện Quyết định số 1626/QĐTTg của Thủ tướng Chính phủ; \
                 căn cứ Nghị định số 181/2024/NĐCP của Chính phủ; \
                 Luật Xây dựng số 135/2025/QHI5; \
                 Thông tư số 06/2022/TT-BТС của Bộ Tài chính; \
                 Nghị định số 29/2025⁄NĐ-CP của Chính phủ.",
            ),
        ),
    ];
    let docs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let store = Fixture::with_docs(&docs).index();
    let report = find_document(&store, "88/BC-UBND", None, None)
        .unwrap()
        .remove(0);
    let cites = refs::cites(&store, &report).unwrap();
    let linked: Vec<(&str, String)> = cites
        .iter()
        .map(|c| {
            let path = c.path.as_deref().unwrap_or("-");
            (c.number.as_str(), common::file_name(path))
        })
        .collect();
    assert_eq!(
        linked,
        [
            ("1626/QĐ-TTg", "qd1626.txt".to_string()),
            ("181/2024/NĐ-CP", "nd181.txt".to_string()),
            ("135/2025/QH15", "luat135.txt".to_string()),
            ("06/2022/TT-BTC", "tt06.txt".to_string()),
            ("29/2025/NĐ-CP", "nd29.txt".to_string()),
        ]
    );
    for n in [
        "1626/QĐ-TTg",
        "181/2024/NĐ-CP",
        "135/2025/QH15",
        "06/2022/TT-BTC",
    ] {
        let cited = find_document(&store, n, None, None).unwrap().remove(0);
        let by = refs::refs_of(&store, &cited).unwrap().cited_by;
        assert_eq!(by.len(), 1, "{n}: {by:?}");
        assert!(by[0].path.ends_with("bc.txt"));
    }
}

/// A plan, decision or report of a local committee.
fn local(
    level: &str,
    place: &str,
    number: &str,
    date: (u32, u32, i32),
    kind: &str,
    rest: &str,
) -> String {
    doc(
        &format!(
            "ỦY BAN NHÂN DÂN\n{} {}",
            level.to_uppercase(),
            place.to_uppercase()
        ),
        place,
        number,
        date,
        kind,
        rest,
    )
}

fn index_docs(docs: &[(&str, String)]) -> common::Indexed {
    let docs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Fixture::with_docs(&docs).index()
}

fn only_doc(store: &vanban::store::Store, path_end: &str) -> vanban::document::Document {
    let all = vanban::lookup::load_all(store, &tantivy::query::AllQuery, 1000).unwrap();
    all.into_iter()
        .find(|d| Path::new(&d.path).ends_with(path_end))
        .unwrap()
}

#[test]
fn two_documents_sharing_a_number_are_two_citations_in_both_directions() {
    let store = index_docs(&[
        (
            "qd20_tinh.txt",
            local(
                "tỉnh",
                "Lào Cai",
                "20/QĐ-UBND",
                (5, 1, 2024),
                "QUYẾT ĐỊNH",
                "Ban hành Kế hoạch.",
            ),
        ),
        (
            "qd20_huyen.txt",
            local(
                "huyện",
                "Bảo Thắng",
                "20/QĐ-UBND",
                (12, 2, 2024),
                "QUYẾT ĐỊNH",
                "Thành lập Hội đồng.",
            ),
        ),
        (
            "bc.txt",
            local(
                "huyện",
                "Bảo Thắng",
                "250/BC-UBND",
                (10, 12, 2024),
                "BÁO CÁO",
                "Thực hiện Quyết định số 20/QĐ-UBND ngày 05/01/2024 của UBND tỉnh Lào Cai \
                 ban hành Kế hoạch, UBND huyện báo cáo như sau:\n\
                 UBND huyện đã ban hành Quyết định số 20/QĐ-UBND ngày 12/02/2024 của UBND \
                 huyện Bảo Thắng thành lập Hội đồng.\n\
                 Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương và \
                 Nghị quyết số 18-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương; \
                 Quyết định số 20/QĐ-UBND nói trên.",
            ),
        ),
    ]);
    let report = only_doc(&store, "bc.txt");
    let cites = refs::cites(&store, &report).unwrap();
    let seen: Vec<(String, Option<String>, Option<String>)> = cites
        .iter()
        .map(|c| {
            let path = c.path.as_deref().map(common::file_name);
            (c.number.clone(), c.date.clone(), path)
        })
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        seen,
        [
            ("20/QĐ-UBND".into(), s("2024-01-05"), s("qd20_tinh.txt")),
            ("20/QĐ-UBND".into(), s("2024-02-12"), s("qd20_huyen.txt")),
            ("18-NQ/TW".into(), s("2017-10-25"), None),
            ("18-NQ/TW".into(), s("2022-06-16"), None),
        ]
    );
    for name in ["qd20_tinh.txt", "qd20_huyen.txt"] {
        let by = refs::refs_of(&store, &only_doc(&store, name))
            .unwrap()
            .cited_by;
        assert_eq!(by.len(), 1, "{name}: {by:?}");
        assert!(by[0].path.ends_with("bc.txt") && !by[0].ambiguous, "{by:?}");
    }
    for year in [2017, 2022] {
        let r = refs::refs_of_number(&store, "18-NQ/TW", Some(year), None)
            .unwrap()
            .unwrap();
        assert_eq!(r.cited_by.len(), 1, "{year}");
    }
}

#[test]
fn a_committee_named_without_its_place_is_the_citing_bodys_own() {
    let store = index_docs(&[
        (
            "kh15_baothang_2023.txt",
            local(
                "huyện",
                "Bảo Thắng",
                "15/KH-UBND",
                (16, 1, 2023),
                "KẾ HOẠCH",
                "Tuyên truyền.",
            ),
        ),
        (
            "kh15_baothang_2024.txt",
            local(
                "huyện",
                "Bảo Thắng",
                "15/KH-UBND",
                (10, 1, 2024),
                "KẾ HOẠCH",
                "Tuyên truyền.",
            ),
        ),
        (
            "kh15_batxat_2024.txt",
            local(
                "huyện",
                "Bát Xát",
                "15/KH-UBND",
                (12, 1, 2024),
                "KẾ HOẠCH",
                "Chuyển đổi số.",
            ),
        ),
        (
            "bc_batxat.txt",
            local(
                "huyện",
                "Bát Xát",
                "300/BC-UBND",
                (20, 12, 2024),
                "BÁO CÁO",
                "Thực hiện Kế hoạch số 15/KH-UBND của UBND huyện về chuyển đổi số năm 2024, \
                 UBND huyện Bát Xát báo cáo như sau:",
            ),
        ),
    ]);
    let report = only_doc(&store, "bc_batxat.txt");
    let cites = refs::cites(&store, &report).unwrap();
    assert_eq!(cites.len(), 1);
    assert_eq!(cites[0].status, Status::Linked, "{:?}", cites[0]);
    assert!(cites[0]
        .path
        .as_deref()
        .unwrap()
        .ends_with("kh15_batxat_2024.txt"));
    // Bảo Thắng's plans are not implemented by Bát Xát's report.
    for name in ["kh15_baothang_2023.txt", "kh15_baothang_2024.txt"] {
        let by = refs::refs_of(&store, &only_doc(&store, name))
            .unwrap()
            .cited_by;
        assert!(by.is_empty(), "{name}: {by:?}");
    }
    let by = refs::refs_of(&store, &only_doc(&store, "kh15_batxat_2024.txt"))
        .unwrap()
        .cited_by;
    assert_eq!(by.len(), 1);
    assert!(!by[0].ambiguous);
}

/// Two files of Nghị định 71/2019/NĐ-CP (not byte for byte the same) and
/// a decree that cites it.
fn copies_fixture() -> Fixture {
    let nd = |extra: &str| {
        doc(
            "CHÍNH PHỦ",
            "Hà Nội",
            "71/2019/NĐ-CP",
            (30, 8, 2019),
            "NGHỊ ĐỊNH",
            &format!("Quy định xử phạt vi phạm hành chính trong lĩnh vực hóa chất.\n{extra}"),
        )
    };
    let citing = doc(
        "CHÍNH PHỦ",
        "Hà Nội",
        "275/2026/NĐ-CP",
        (1, 3, 2026),
        "NGHỊ ĐỊNH",
        "Căn cứ Luật Xử lý vi phạm hành chính;\n\
         Nghị định số 71/2019/NĐ-CP ngày 30 tháng 8 năm 2019 của Chính phủ hết hiệu lực.",
    );
    Fixture::with_docs(&[
        ("hc/nd71.txt", &nd("")),
        ("vlncn/nd71-xu-phat.txt", &nd("(Bản lưu)")),
        ("nd275.txt", &citing),
    ])
}

#[test]
fn copies_of_one_text_are_one_document() {
    let f = copies_fixture();
    let dir = f.dir.path().to_path_buf();
    let store = f.index();
    // From the citing side: linked, not ambiguous between the copies.
    let citing = only_doc(&store, "nd275.txt");
    let cites = refs::cites(&store, &citing).unwrap();
    assert_eq!(cites.len(), 1);
    assert_eq!(cites[0].status, Status::Linked, "{:?}", cites[0]);
    assert!(Path::new(cites[0].path.as_deref().unwrap()).ends_with("hc/nd71.txt"));
    assert_eq!(cites[0].copies.len(), 1);
    // From either copy: cited by the decree, and no doubt about it.
    for name in ["hc/nd71.txt", "vlncn/nd71-xu-phat.txt"] {
        let r = refs::refs_of(&store, &only_doc(&store, name)).unwrap();
        assert_eq!(r.cited_by.len(), 1, "{name}");
        assert!(!r.cited_by[0].ambiguous, "{name}");
        assert_eq!(r.copies.len(), 1, "{name}");
    }
    // By number: the combined picture, with both files named.
    let o = common::vanban_command(&dir)
        .args([
            "--index",
            "index",
            "refs",
            "71/2019/NĐ-CP",
            "--year",
            "2019",
        ])
        .output()
        .map(common::slashed)
        .unwrap();
    let text = common::stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}{}", common::stderr(&o));
    assert!(text.contains("corpus/nd275.txt"), "{text}");
    assert!(text.contains("corpus/hc/nd71.txt"), "{text}");
    assert!(text.contains("corpus/vlncn/nd71-xu-phat.txt"), "{text}");
    assert!(!text.contains("fits other documents"), "{text}");
    drop(store);
}

#[test]
fn refs_reads_the_number_out_of_a_citation_and_refuses_what_is_none() {
    let f = Fixture::with_repo_corpus();
    let dir = f.dir.path().to_path_buf();
    let run = |args: &[&str]| {
        common::vanban_command(&dir)
            .args(["--index", "index", "refs"])
            .args(args)
            .output()
            .map(common::slashed)
            .unwrap()
    };
    assert_eq!(
        common::vanban_command(&dir)
            .args(["--index", "index", "index", "corpus"])
            .output()
            .map(common::slashed)
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    for asked in [
        "Kế hoạch số 435/KH-UBND ngày 08/3/2024",
        "435/KH-UBND ngày 08/3/2024",
        "435 kh ubnd",
        "kế hoạch số 435/kh-ubnd",
    ] {
        let o = run(&[asked]);
        let text = common::stdout(&o);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{asked}: {text}{}",
            common::stderr(&o)
        );
        assert!(text.starts_with("435/KH-UBND"), "{asked}: {text}");
        assert!(text.contains("000_3b0672f670f8dc27.txt"), "{asked}: {text}");
    }
    // The date narrows: the plan of 2023 is cited by nobody.
    let o = run(&["435/KH-UBND ngày 08/3/2023"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!common::stdout(&o).contains("000_3b0672f670f8dc27.txt"));
    for asked in ["2024", "cải cách hành chính"] {
        let o = run(&[asked]);
        assert_eq!(o.status.code(), Some(2), "{asked}");
        assert!(common::stdout(&o).is_empty(), "{asked}");
        assert!(
            common::stderr(&o).contains("neither an indexed path nor a document number"),
            "{asked}: {}",
            common::stderr(&o)
        );
    }
}

#[test]
fn parse_reads_the_files_of_a_folder() {
    let f = fixture(&[]);
    f.write(
        "sub/more/report-copy.txt",
        b"B\xc3\x81O C\xc3\x81O\nS\xe1\xbb\x91: 9/BC-UBND\n",
    );
    f.write(".hidden/secret.txt", b"not read");
    f.write(".notes.txt", b"not read");
    f.write("Thumbs.db", b"\x00\x01");
    let o = common::vanban_command(f.dir.path())
        .args(["parse", "corpus", "--json"])
        .output()
        .map(common::slashed)
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let paths: Vec<String> = common::stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "corpus/letter.txt",
            "corpus/plan2023.txt",
            "corpus/plan2024.txt",
            "corpus/plan_tinh.txt",
            "corpus/report.txt",
            "corpus/sub/more/report-copy.txt",
        ]
    );
}

#[test]
fn a_decree_or_law_cited_by_number_and_year_alone_is_found() {
    let f = Fixture::with_docs(&[(
        "bc.txt",
        &local(
            "huyện",
            "Bảo Thắng",
            "310/BC-UBND",
            (20, 11, 2024),
            "BÁO CÁO",
            "Kết quả thực hiện Nghị định 15/2020 và Luật Doanh nghiệp số 59/2020\n\
             Thực hiện Nghị định số 15/2020 ngày 03/02/2020 của Chính phủ, UBND huyện \
             báo cáo như sau: trong tháng 10/2024 đã xử lý 12 trường hợp.",
        ),
    )]);
    let dir = f.dir.path().to_path_buf();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["--index", dir.join("index").to_str().unwrap()])
            .args(args)
            .current_dir(&dir)
            .output()
            .map(common::slashed)
            .unwrap()
    };
    assert_eq!(run(&["index", "corpus"]).status.code(), Some(0));
    for number in ["15/2020/NĐ-CP", "15/2020/ND-CP", "59/2020/QH14"] {
        let o = run(&["search", "--cites", number]);
        assert_eq!(o.status.code(), Some(0), "{number}");
        assert!(common::stdout(&o).contains("bc.txt"), "{number}");
    }
    let o = run(&["refs", "15/2020/NĐ-CP"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        common::stdout(&o).contains("bc.txt"),
        "{}",
        common::stdout(&o)
    );
    let o = run(&["refs", "310/BC-UBND", "--json"]);
    let text = common::stdout(&o);
    assert!(text.contains("\"implements\""), "{text}");
    assert!(!text.contains("10/2024"), "{text}");
}

/// Two laws of one name (2014 and 2024) and two decrees, each based on one
/// of them cited by name and date, without a number, as decrees cite laws.
fn laws_cited_by_name_fixture() -> Fixture {
    let law = |number: &str, date| {
        doc(
            "QUỐC HỘI",
            "Hà Nội",
            number,
            date,
            "LUẬT",
            "BẢO HIỂM XÃ HỘI\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\
             Quốc hội ban hành Luật Bảo hiểm xã hội.",
        )
    };
    let decree = |number: &str, date, law_date: &str| {
        doc(
            "CHÍNH PHỦ",
            "Hà Nội",
            number,
            date,
            "NGHỊ ĐỊNH",
            &format!(
                "Quy định chi tiết một số điều của Luật Bảo hiểm xã hội\n\
                 Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n\
                 Căn cứ Luật Bảo hiểm xã hội ngày {law_date};\n\
                 Chính phủ ban hành Nghị định quy định chi tiết."
            ),
        )
    };
    Fixture::with_docs(&[
        ("law2014.txt", &law("58/2014/QH13", (20, 11, 2014))),
        ("law2024.txt", &law("41/2024/QH15", (29, 6, 2024))),
        (
            "decree2015.txt",
            &decree("115/2015/NĐ-CP", (11, 11, 2015), "20 tháng 11 năm 2014"),
        ),
        (
            "decree2025.txt",
            &decree("158/2025/NĐ-CP", (25, 6, 2025), "29 tháng 6 năm 2024"),
        ),
    ])
}

#[test]
fn a_law_cited_by_name_and_date_is_linked_both_ways() {
    let store = laws_cited_by_name_fixture().index();
    let decree = only_doc(&store, "decree2025.txt");
    let cites = refs::cites(&store, &decree).unwrap();
    let law = cites
        .iter()
        .find(|c| c.name.as_deref() == Some("Luật Bảo hiểm xã hội"))
        .unwrap_or_else(|| panic!("{cites:#?}"));
    assert_eq!(law.relation, Relation::BasedOn);
    assert_eq!(law.status, Status::Linked);
    assert!(
        law.path.as_deref().unwrap().ends_with("law2024.txt"),
        "{law:?}"
    );
    // A law not in the index is named, not linked.
    let other = cites
        .iter()
        .find(|c| c.name.as_deref() == Some("Luật Tổ chức Chính phủ"))
        .unwrap();
    assert_eq!(other.status, Status::NotIndexed);

    // Each law is cited by the decree of its year only.
    for (law, decree) in [
        ("law2024.txt", "decree2025.txt"),
        ("law2014.txt", "decree2015.txt"),
    ] {
        let r = refs::refs_of(&store, &only_doc(&store, law)).unwrap();
        let by: Vec<&str> = r.cited_by.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(by.len(), 1, "{law}: {by:?}");
        assert!(by[0].ends_with(decree), "{law}: {by:?}");
        assert_eq!(r.cited_by[0].relation, Relation::BasedOn);
    }

    // `search --cites` with the law's number finds the decree citing it by
    // name; `refs` names the law in text and JSON.
    let f = laws_cited_by_name_fixture();
    let run = |args: &[&str]| {
        common::vanban_command(f.dir.path())
            .args(args)
            .output()
            .map(common::slashed)
            .unwrap()
    };
    assert_eq!(run(&["index", "corpus"]).status.code(), Some(0));
    for cited in ["41/2024/QH15", "luật bảo hiểm xã hội năm 2024"] {
        let o = run(&["search", "--cites", cited]);
        let text = common::stdout(&o);
        assert!(text.contains("decree2025.txt"), "{cited}: {text}");
        assert!(!text.contains("decree2015.txt"), "{cited}: {text}");
    }
    let o = run(&["search", "--cites", "Luật Bảo hiểm xã hội"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("not its year"),
        "{}",
        common::stderr(&o)
    );
    let o = run(&["refs", "158/2025/NĐ-CP"]);
    let text = common::stdout(&o);
    assert!(
        text.contains("Luật Bảo hiểm xã hội of 2024-06-29  → ") && text.contains("law2024.txt"),
        "{text}"
    );
    let o = run(&["refs", "158/2025/NĐ-CP", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&common::stdout(&o)).unwrap();
    let cited = json["cites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Luật Bảo hiểm xã hội")
        .unwrap();
    assert_eq!(cited["status"], "linked");
    assert!(cited.get("number").is_none(), "{cited}");

    // A law asked for by its name, with or without its year.
    let o = run(&["refs", "luat bao hiem xa hoi 2024"]);
    let text = common::stdout(&o);
    assert!(text.starts_with("41/2024/QH15"), "{text}");
    assert!(text.contains("decree2025.txt"), "{text}");
    let o = run(&["refs", "Luật Bảo hiểm xã hội"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("2 documents are"),
        "{}",
        common::stderr(&o)
    );
    // One not indexed: what cites it by name.
    let o = run(&["refs", "Luật Tổ chức Chính phủ năm 2025"]);
    let text = common::stdout(&o);
    assert!(text.contains("(not in the index)"), "{text}");
    assert!(
        text.contains("decree2015.txt") && text.contains("decree2025.txt"),
        "{text}"
    );
}

#[test]
fn what_cites_a_document_comes_in_the_order_it_was_issued() {
    let report = |number: &str, date: &str| {
        format!(
            "ỦY BAN NHÂN DÂN\nXÃ BÌNH AN\nSố: {number}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Bình An, ngày {date}\nBÁO CÁO\nKết quả thực hiện\n\
             Thực hiện Kế hoạch số 20/KH-UBND ngày 05/01/2024 của UBND xã Bình An, \
             UBND xã báo cáo như sau.\n"
        )
    };
    let plan = "ỦY BAN NHÂN DÂN\nXÃ BÌNH AN\nSố: 20/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                Bình An, ngày 05 tháng 01 năm 2024\nKẾ HOẠCH\nPhòng chống thiên tai\n";
    let undated =
        "Ghi chép: thực hiện Kế hoạch số 20/KH-UBND ngày 05/01/2024 của UBND xã Bình An.\n";
    let (a, b, c) = (
        report("30/BC-UBND", "20 tháng 12 năm 2024"),
        report("10/BC-UBND", "15 tháng 4 năm 2024"),
        report("25/BC-UBND", "10 tháng 7 năm 2024"),
    );
    let store = Fixture::with_docs(&[
        ("a-year.txt", &a),
        ("b-quarter.txt", &b),
        ("c-half.txt", &c),
        ("0-note.txt", undated),
        ("plan.txt", plan),
    ])
    .index();
    let plan = find_document(&store, "20/KH-UBND", None, None)
        .unwrap()
        .remove(0);
    let names = |r: refs::Refs| -> Vec<String> {
        r.cited_by
            .iter()
            .map(|c| common::file_name(&c.path))
            .collect()
    };
    let in_order = ["b-quarter.txt", "c-half.txt", "a-year.txt", "0-note.txt"];
    assert_eq!(names(refs::refs_of(&store, &plan).unwrap()), in_order);
    // The same for a number that is not indexed.
    let by_number = refs::refs_of_number(&store, "20/KH-UBND", Some(2024), None);
    assert_eq!(names(by_number.unwrap().unwrap()), in_order);
}

#[test]
fn plans_no_report_carries_out_and_letters_no_letter_answers() {
    let head = |body: &str, number: &str, date: &str, kind: &str, rest: &str| {
        format!(
            "ỦY BAN NHÂN DÂN\n{body}\nSố: {number}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Bình An, ngày {date}\n{kind}\n{rest}\n"
        )
    };
    let done = head(
        "XÃ BÌNH AN",
        "20/KH-UBND",
        "05 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Phòng chống thiên tai",
    );
    let open = head(
        "XÃ BÌNH AN",
        "21/KH-UBND",
        "06 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Chuyển đổi số",
    );
    let named = head(
        "XÃ BÌNH AN",
        "22/KH-UBND",
        "07 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Du lịch",
    );
    // Another body's plan of the same number: the report is not about it.
    let other = head(
        "XÃ AN PHÚ",
        "20/KH-UBND",
        "05 tháng 02 năm 2024",
        "KẾ HOẠCH",
        "Giao thông",
    );
    let report = head(
        "XÃ BÌNH AN",
        "30/BC-UBND",
        "20 tháng 12 năm 2024",
        "BÁO CÁO",
        "Kết quả\nThực hiện Kế hoạch số 20/KH-UBND ngày 05/01/2024 của UBND xã Bình An, \
         UBND xã báo cáo như sau. Kế hoạch số 22/KH-UBND ngày 07/01/2024 được nhắc đến.",
    );
    let letter = head(
        "XÃ BÌNH AN",
        "40/UBND-VP",
        "02 tháng 3 năm 2024",
        "",
        "V/v xin ý kiến",
    );
    let waiting = head(
        "XÃ BÌNH AN",
        "41/UBND-VP",
        "03 tháng 3 năm 2024",
        "",
        "V/v đề nghị hỗ trợ",
    );
    let reply = head(
        "HUYỆN TÂY SƠN",
        "50/UBND-TH",
        "10 tháng 3 năm 2024",
        "",
        "V/v trả lời\nPhúc đáp Công văn số 40/UBND-VP ngày 02/3/2024 của UBND xã Bình An, UBND huyện có ý kiến như sau.",
    );
    let f = Fixture::new();
    for (name, text) in [
        ("done.txt", &done),
        ("done-copy.txt", &done),
        ("open.txt", &open),
        ("named.txt", &named),
        ("other.txt", &other),
        ("report.txt", &report),
        ("letter.txt", &letter),
        ("waiting.txt", &waiting),
        ("reply.txt", &reply),
    ] {
        f.write(name, text.as_bytes());
    }
    let store = f.index();
    let found = |relation: Relation, doc_type: &str| {
        let filters = vanban::filters::Filters {
            doc_type: Some(vanban::filters::Filters::parse_type(doc_type).unwrap()),
            uncited_as: Some(relation),
            ..Default::default()
        };
        let mut names: Vec<String> = vanban::search::search_filtered(&store, "", &filters, 50)
            .unwrap()
            .hits
            .iter()
            .map(|h| common::file_name(&h.path))
            .collect();
        names.sort();
        names
    };
    // The plan carried out, and its copy, are left out; a plan only
    // mentioned is not carried out, nor another body's of that number.
    assert_eq!(
        found(Relation::Implements, "KH"),
        ["named.txt", "open.txt", "other.txt"]
    );
    assert_eq!(
        found(Relation::RespondsTo, "CV"),
        ["reply.txt", "waiting.txt"]
    );
    // The same as `refs` says.
    let plan = find_document(&store, "20/KH-UBND", None, Some("Bình An"))
        .unwrap()
        .remove(0);
    let by = refs::refs_of(&store, &plan).unwrap().cited_by;
    assert!(by.iter().any(|c| c.relation == Relation::Implements));
}
