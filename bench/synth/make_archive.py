#!/usr/bin/env python3
"""Make a realistic synthetic archive of Vietnamese administrative documents.

Every document has a header laid out as Nghị định 30/2020/NĐ-CP prescribes
(issuing body in the left column, "Số: 110/KH-UBND", the national motto,
"Trà Bồng, ngày 08 tháng 3 năm 2024", the type name and the subject), a body
made of real paragraphs (runs of consecutive paragraphs of the documents in
corpus/ and ../shared/data/*/docs/) and a signature block ("Nơi nhận:",
"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", the signer's name).

The archive behaves like a real one:
  - numbers restart every year for every issuing body and grow with the date;
  - many reports open with "Thực hiện Kế hoạch số 435/KH-UBND ngày 08/3/2024
    của UBND huyện Trà Bồng về ..." citing a plan that is in the archive;
    plans cite decisions and plans of the body above; decisions open with
    "Căn cứ ..." lines;
  - about 15% of the documents look like OCR output of a non-Vietnamese
    model (diacritics dropped or mangled: số→s6, năm→nim, Đảng→Pang, QĐ→QD),
    a few are in decomposed Unicode (NFD), a few use the other tone
    placement (hoà, thuỷ, hoá).

Layout: OUT/docs/NNN/doc_XXXXXXX.txt (200 documents a folder),
OUT/queries.txt (the query set, copied from --queries), and OUT/truth.jsonl
(one line a document: path, type, number, issuer, date, form, and the paths
of the archived documents it cites: ground truth for citation resolution).
The documents live under docs/ so that indexing OUT/docs reads documents
only.

Deterministic for a given --seed and source set. Python 3 standard library.

Usage: make_archive.py --out /tmp/vanban-bench/archive20k -n 20000 [--seed 42]
"""
import argparse
import json
import math
import os
import random
import re
import shutil
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.path.normpath(os.path.join(MAIN, "..", "shared"))

# --------------------------------------------------------------------------
# issuing bodies

PROVINCES = {
    "Quảng Ngãi": ["Trà Bồng", "Bình Sơn", "Sơn Tịnh", "Tư Nghĩa", "Mộ Đức", "Nghĩa Hành"],
    "Long An": ["Đức Hòa", "Cần Giuộc", "Thủ Thừa", "Bến Lức", "Tân Trụ"],
    "Hậu Giang": ["Long Mỹ", "Vị Thủy", "Phụng Hiệp", "Châu Thành A"],
    "Lào Cai": ["Bảo Thắng", "Bát Xát", "Sa Pa", "Văn Bàn"],
    "Sơn La": ["Mộc Châu", "Thuận Châu", "Mai Sơn", "Yên Châu"],
    "Bình Dương": ["Dầu Tiếng", "Phú Giáo", "Bàu Bàng", "Bắc Tân Uyên"],
    "Nghệ An": ["Diễn Châu", "Quỳnh Lưu", "Nghi Lộc", "Thanh Chương"],
    "Đắk Lắk": ["Krông Pắc", "Ea Kar", "Cư M'gar"],
    "Điện Biên": ["Mường Ảng", "Tuần Giáo", "Điện Biên Đông"],
    "Bình Định": ["Hoài Nhơn", "Phù Mỹ", "Tây Sơn"],
    "Lâm Đồng": ["Đức Trọng", "Di Linh", "Lâm Hà"],
    "Sóc Trăng": ["Mỹ Tú", "Kế Sách", "Thạnh Trị"],
    "Bến Tre": ["Giồng Trôm", "Mỏ Cày Nam", "Ba Tri"],
    "Thái Bình": ["Kiến Xương", "Tiền Hải", "Vũ Thư"],
}
COMMUNES = ["Trà Phú", "Trà Sơn", "Trà Thủy", "Minh Tiến", "Long Bình", "Tân Phú", "Hòa Bình",
            "Bình Thạnh", "Phước Lợi", "Thạnh Hòa", "Nghĩa Thuận", "Đức Lân", "Quỳnh Hậu",
            "Ea Phê", "Tân Hiệp", "Mỹ Thuận", "Phú Lộc", "An Hiệp", "Vĩnh Thuận", "Thanh Lương"]
DEPARTMENTS = [("Sở Thông tin và Truyền thông", "STTTT", ["TTBCXB", "CNTT", "BCVT", "VP"]),
               ("Sở Nội vụ", "SNV", ["CCHC", "TCBC", "XDCQ", "VP"]),
               ("Sở Tư pháp", "STP", ["PBGDPL", "XDKTVB", "HCTP", "VP"]),
               ("Sở Kế hoạch và Đầu tư", "SKHĐT", ["TH", "ĐKKD", "KTĐN", "VP"])]
UBND_UNITS = ["VX", "KT", "NC", "TH", "VP", "NV"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang", "Xuân", "Thị Thu",
          "Công", "Đình", "Hồng", "Tấn", "Anh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Long",
         "Mai", "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thủy", "Trung", "Tuấn",
         "Việt", "Vinh", "Xuân", "Yến", "Đạt", "Định", "Lộc", "Hiếu"]


class Issuer:
    """One issuing body: how its header, its citations and its numbers read."""

    def __init__(self, kind, name, parent=None, dept=None):
        self.kind = kind          # tinh | huyen | xa | so | hdnd
        self.name = name          # place name (or department name for a Sở)
        self.parent = parent
        self.dept = dept          # (full name, code, units) for a Sở
        self.officials = []

    @property
    def place(self):
        """The place written before the date."""
        if self.kind == "so" or self.kind == "hdnd":
            return self.parent.name
        return self.name

    @property
    def code(self):
        """The issuer part of a ký hiệu: UBND, HĐND, STTTT."""
        return {"so": self.dept[1] if self.dept else "", "hdnd": "HĐND"}.get(self.kind, "UBND")

    def short(self):
        """As cited in another document: "UBND huyện Trà Bồng"."""
        if self.kind == "tinh":
            return "UBND tỉnh " + self.name
        if self.kind == "huyen":
            return "UBND huyện " + self.name
        if self.kind == "xa":
            return "UBND xã " + self.name
        if self.kind == "hdnd":
            return "HĐND tỉnh " + self.parent.name
        return self.dept[0] + " tỉnh " + self.parent.name

    def left_column(self, rng):
        """The lines of the header's left column, above "Số:"."""
        if self.kind == "tinh":
            return rng.choice([["ỦY BAN NHÂN DÂN", "TỈNH " + self.name.upper()],
                               ["UBND TỈNH " + self.name.upper()]])
        if self.kind == "huyen":
            return rng.choice([["ỦY BAN NHÂN DÂN", "HUYỆN " + self.name.upper()],
                               ["UBND HUYỆN " + self.name.upper()]])
        if self.kind == "xa":
            return ["ỦY BAN NHÂN DÂN", "XÃ " + self.name.upper()]
        if self.kind == "hdnd":
            return ["HỘI ĐỒNG NHÂN DÂN", "TỈNH " + self.parent.name.upper()]
        return ["UBND TỈNH " + self.parent.name.upper(), self.dept[0].upper()]

    def authority(self):
        """The collective named after "TM." in the signature block."""
        return {"hdnd": "HỘI ĐỒNG NHÂN DÂN", "so": None}.get(self.kind, "ỦY BAN NHÂN DÂN")

    def yearly_volume(self):
        """About how many numbers the body gives out in a year."""
        return {"tinh": 3000, "huyen": 900, "xa": 250, "so": 1200, "hdnd": 80}[self.kind]


def make_issuers(rng):
    issuers = []
    for prov in sorted(PROVINCES):
        t = Issuer("tinh", prov)
        issuers.append(t)
        issuers.append(Issuer("hdnd", "HĐND", parent=t))
        for dept in DEPARTMENTS:
            issuers.append(Issuer("so", dept[0], parent=t, dept=dept))
        for dist in PROVINCES[prov]:
            h = Issuer("huyen", dist, parent=t)
            issuers.append(h)
            for c in rng.sample(COMMUNES, 2):
                issuers.append(Issuer("xa", c, parent=h))
    for iss in issuers:
        iss.officials = [person(rng) for _ in range(3)]
    return issuers


def person(rng):
    return "%s %s %s" % (rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN))


# --------------------------------------------------------------------------
# what documents are about

TOPICS = [
    "tuyên truyền công tác cải cách hành chính",
    "thực hiện công tác cải cách hành chính",
    "kiểm soát thủ tục hành chính",
    "chuyển đổi số và xây dựng chính quyền điện tử",
    "nâng cao chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
    "đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức",
    "phòng, chống tham nhũng, tiêu cực",
    "phổ biến, giáo dục pháp luật",
    "thực hiện cơ chế một cửa, một cửa liên thông",
    "cung cấp dịch vụ công trực tuyến toàn trình",
    "công tác dân vận chính quyền",
    "kiểm tra, rà soát văn bản quy phạm pháp luật",
    "sắp xếp tổ chức bộ máy và tinh giản biên chế",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "phát triển kinh tế - xã hội",
    "bảo đảm trật tự an toàn giao thông",
    "xây dựng nông thôn mới",
    "phòng cháy, chữa cháy",
    "quản lý hóa chất và an toàn hóa chất",
    "ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước",
    "thực hiện Đề án 06 về phát triển ứng dụng dữ liệu dân cư",
    "công tác văn thư, lưu trữ",
    "hiện đại hóa nền hành chính",
    "thi đua, khen thưởng",
    "thực hành tiết kiệm, chống lãng phí",
    "giải quyết khiếu nại, tố cáo",
    "bảo vệ môi trường và quản lý chất thải rắn",
    "chăm sóc sức khỏe nhân dân",
]
KINDS = {  # code: (type name, weight for UBND-like bodies)
    "KH": ("KẾ HOẠCH", 24), "BC": ("BÁO CÁO", 26), "QĐ": ("QUYẾT ĐỊNH", 20),
    "CV": (None, 17), "TB": ("THÔNG BÁO", 8), "CT": ("CHỈ THỊ", 3), "NQ": ("NGHỊ QUYẾT", 0),
}
TYPE_WORD = {"KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "CV": "Công văn",
             "TB": "Thông báo", "CT": "Chỉ thị", "NQ": "Nghị quyết"}


def subject(kind, topic, year, rng):
    """The trích yếu under the type line."""
    cap = topic[0].upper() + topic[1:]
    if kind == "KH":
        return rng.choice([cap + " năm %d" % year, "Triển khai " + topic + " năm %d" % year,
                           cap + " giai đoạn %d - %d" % (year, year + rng.choice([2, 4, 5]))])
    if kind == "BC":
        return rng.choice(["Kết quả " + topic + " năm %d" % year,
                           "Tình hình " + topic + " 6 tháng đầu năm %d" % year,
                           "Kết quả thực hiện Kế hoạch " + topic + " năm %d" % year,
                           cap + " quý %s năm %d" % (rng.choice(["I", "II", "III", "IV"]), year)])
    if kind == "QĐ":
        return rng.choice(["Về việc ban hành Kế hoạch " + topic + " năm %d" % year,
                           "Về việc thành lập Tổ công tác " + topic,
                           "Về việc phê duyệt Đề án " + topic,
                           "Ban hành Quy chế " + topic])
    if kind == "CV":
        return rng.choice(["V/v triển khai " + topic, "V/v báo cáo " + topic + " năm %d" % year,
                           "V/v đôn đốc " + topic])
    if kind == "TB":
        return rng.choice(["Kết luận của Chủ tịch tại cuộc họp về " + topic,
                           "Về việc " + topic])
    if kind == "CT":
        return "Về việc tăng cường " + topic
    return "Về " + topic + " năm %d" % year


# --------------------------------------------------------------------------
# real paragraphs

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HEADERISH = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập\s*-\s*Tự do|^\s*Số\s*:", re.M)


def clean_paragraph(p):
    p = CONTROL.sub(" ", p)
    lines = [l.strip() for l in p.split("\n")]
    return "\n".join(l for l in lines if l)


def split_long(p, limit=1500):
    """Cuts a paragraph longer than `limit` at line breaks (or sentence ends)."""
    if len(p) <= limit:
        return [p]
    units = p.split("\n") if "\n" in p else re.split(r"(?<=[.;:])\s+", p)
    out, cur = [], ""
    for u in units:
        if cur and len(cur) + len(u) > limit:
            out.append(cur)
            cur = ""
        cur = (cur + "\n" + u) if cur else u
    if cur:
        out.append(cur)
    return [x[:limit * 2] for x in out]


def load_sources(dirs, min_chars):
    """Every source document as its list of usable paragraphs."""
    docs = []
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            text = unicodedata.normalize("NFC", text)
            paras = []
            for raw in re.split(r"\n\s*\n", text):
                p = clean_paragraph(raw)
                if len(p) < min_chars or HEADERISH.search(p):
                    continue
                paras.extend(q for q in split_long(p) if len(q) >= min_chars)
            if paras:
                docs.append((os.path.join(d, name), paras))
    return docs


def perturb_digits(p, rng):
    return re.sub(r"\d+", lambda m: str(rng.randrange(10 ** len(m.group()))).zfill(len(m.group())), p)


# --------------------------------------------------------------------------
# text forms: OCR-like, NFD, other tone placement

OCR_WORDS = {
    "số": ["s6", "sé", "sb", "so"], "Số": ["S6", "Sé", "So"], "năm": ["nim", "ndm", "nam"],
    "của": ["ciia", "ctia", "caa", "cua"], "tổ": ["t6", "to"], "là": ["1a", "la"],
    "xã": ["x4", "x3", "xa"], "đã": ["d3", "d4", "da"], "Kế": ["K&", "Ké"], "kế": ["ké", "ke"],
    "Đảng": ["Pang", "Dang"], "QĐ": ["QD", "QP"], "NĐ": ["ND", "NB"], "HĐND": ["HDND", "HPND"],
    "huyện": ["huyén", "huyen"], "việc": ["vigc", "viéc"], "thực": ["thyc", "thuc"],
    "Thực": ["Thyc", "Thuc"], "tuyên": ["tuyén"], "truyền": ["truyén"], "kết": ["két"],
    "Kết": ["Két"], "hiện": ["hién"], "chức": ["chirc", "chic"], "với": ["v&i", "véi"],
    "người": ["nguoi", "ngudi"], "trên": ["trén"], "điện": ["dién"], "dụng": ["dung"],
    "Độc": ["DPoc", "Doc"], "lập": ["1ap", "lap"], "UBND": ["UBND", "UBNP"],
}
MARKS = re.compile("[\u0300-\u036f]")
WORDRE = re.compile(r"\w+")
E_HAT = re.compile("[ếềểễệ]")


def strip_marks(s):
    return MARKS.sub("", unicodedata.normalize("NFD", s)).replace("đ", "d").replace("Đ", "D")


def ocr_form(text, rng):
    """Text as a non-Vietnamese OCR model reads a scan: most diacritics gone,
    a few turned into digits and symbols, some ê read as é."""
    def word(m):
        w = m.group()
        alts = OCR_WORDS.get(w)
        if alts and rng.random() < 0.45:
            return rng.choice(alts)
        if w.isascii():
            return w
        if E_HAT.search(w) and rng.random() < 0.35:
            w = E_HAT.sub("é", w)
        return strip_marks(w)
    return WORDRE.sub(word, text)


OTHER_TONE = [(re.compile(r"(?<!\w)(\w*?)([òóỏõọ])([ae])(?!\w)"), "o"),
              (re.compile(r"(?<!\w)(\w*?)([ùúủũụ])(y)(?!\w)"), "u")]


def other_tone_placement(text):
    """hòa → hoà, thủy → thuỷ: the tone on the second vowel of oa, oe, uy."""
    def move(base):
        def f(m):
            head, toned, tail = m.group(1), m.group(2), m.group(3)
            if base == "u" and head.lower().endswith("q"):
                return m.group()  # quý: u is part of the consonant
            tone = unicodedata.normalize("NFD", toned)[1:]
            return head + base + unicodedata.normalize("NFC", tail + tone)
        return f
    for pat, base in OTHER_TONE:
        text = pat.sub(move(base), text)
    return text


# --------------------------------------------------------------------------
# one document


def date_words(d, m, y, rng):
    dd = "%02d" % d if d < 10 else str(d)
    mm = "%02d" % m if (m < 3 or rng.random() < 0.3) else str(m)
    return "ngày %s tháng %s năm %d" % (dd, mm, y)


def date_short(d, m, y):
    return "%02d/%02d/%d" % (d, m, y) if m < 10 and d < 10 else "%d/%d/%d" % (d, m, y)


def number_of(doc):
    iss = doc["issuer"]
    k = doc["kind"]
    if k == "CV":
        if iss.kind == "so":
            unit = iss.dept[2][doc["unit"] % len(iss.dept[2])]
            return "%d/%s-%s" % (doc["num"], iss.code, unit)
        return "%d/%s-%s" % (doc["num"], iss.code, UBND_UNITS[doc["unit"] % len(UBND_UNITS)])
    if k == "NQ" or (k == "QĐ" and doc.get("qppl")):
        return "%d/%d/%s-%s" % (doc["num"], doc["y"], k, iss.code)
    return "%d/%s-%s" % (doc["num"], k, iss.code)


def citation_text(verb, cited):
    d, m, y = cited["d"], cited["m"], cited["y"]
    return "%s %s số %s ngày %s của %s về %s" % (
        verb, TYPE_WORD[cited["kind"]], number_of(cited), date_short(d, m, y),
        cited["issuer"].short(), cited["topic"])


def header_text(doc, rng):
    iss = doc["issuer"]
    left = iss.left_column(rng)
    left_all = left + ["Số: %s" % number_of(doc)]
    if doc["kind"] == "CV":
        left_all.append(subject("CV", doc["topic"], doc["y"], rng))
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "%s, %s" % (iss.place, date_words(doc["d"], doc["m"], doc["y"], rng))]
    lines = []
    if rng.random() < 0.35:  # columns merged line by line (pdftotext -layout, OCR)
        rows = [(left[0], right[0]), (left[1] if len(left) > 1 else "", right[1]),
                (left_all[len(left)], right[2])] + [(l, "") for l in left_all[len(left) + 1:]]
        for a, b in rows:
            lines.append((a + " " * max(2, 40 - len(a)) + b).rstrip())
    else:
        lines += left_all + [""] + right
    lines.append("")
    title, _ = KINDS[doc["kind"]]
    if title:
        lines.append(title)
        lines.append(doc["subject"])
    else:
        lines.append("Kính gửi: %s" % rng.choice(
            ["Các cơ quan, đơn vị trực thuộc", "UBND các xã, thị trấn", "Các sở, ban, ngành tỉnh",
             "Thủ trưởng các phòng, ban, ngành"]))
    return "\n".join(lines)


def opening_text(doc, archive, rng):
    """First paragraph(s): citations of documents in the archive."""
    iss = doc["issuer"]
    out = []
    cites = doc["cites"]
    if doc["kind"] == "QĐ":
        out.append("CHỦ TỊCH %s" % iss.short().replace("UBND", "ỦY BAN NHÂN DÂN").upper()
                   if iss.kind in ("tinh", "huyen", "xa") else iss.short().upper())
        basis = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                 "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ "
                 "chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"]
        for c in cites:
            basis.append(citation_text("Căn cứ", archive[c]) + ";")
        basis.append("Theo đề nghị của Trưởng phòng %s." % rng.choice(
            ["Nội vụ", "Tư pháp", "Văn hóa và Thông tin", "Tài chính - Kế hoạch"]))
        out.append("\n".join(basis))
        out.append("QUYẾT ĐỊNH:")
        what = re.sub(r"^Về việc ", "", doc["subject"])
        out.append("Điều 1. %s%s." % (what[0].upper(), what[1:]))
    elif cites:
        c = archive[cites[0]]
        verb = rng.choice(["Thực hiện", "Thực hiện", "Triển khai", "Căn cứ"])
        tail = {"BC": ", %s báo cáo kết quả thực hiện như sau:" % iss.short(),
                "KH": ", %s xây dựng Kế hoạch thực hiện như sau:" % iss.short()}.get(
            doc["kind"], ", %s thông báo như sau:" % iss.short())
        out.append(citation_text(verb, c) + tail)
    return out


def signature_text(doc, rng):
    iss = doc["issuer"]
    recips = ["Nơi nhận:", "- Như trên;"]
    if iss.parent is not None:
        recips.append("- %s (b/c);" % iss.parent.short())
    recips += ["- Lưu: VT%s." % rng.choice(["", ", VP", ", NV"])]
    auth = iss.authority()
    sig = []
    if auth:
        sig.append("TM. " + auth)
        if rng.random() < 0.5:
            sig += ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        else:
            sig.append("CHỦ TỊCH")
    else:
        sig += (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] if rng.random() < 0.5 else ["GIÁM ĐỐC"])
    sig += ["", "", rng.choice(iss.officials)]
    if doc["kind"] == "QĐ":
        last = ("Điều %d. Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách "
                "nhiệm thi hành Quyết định này./." % rng.choice([2, 3]))
    else:
        last = rng.choice(["Trên đây là %s của %s./." % (TYPE_WORD[doc["kind"]].lower(), iss.short()),
                           "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về "
                           "%s để xem xét, giải quyết./." % iss.short()])
    return last + "\n\n" + "\n".join(recips) + "\n\n" + "\n".join(sig)


def body_paragraphs(target, sources, weights, rng):
    """Runs of consecutive real paragraphs until about `target` characters."""
    out, size = [], 0
    while size < target:
        src = rng.choices(range(len(sources)), weights)[0]
        path, paras, local = sources[src]
        start = rng.randrange(len(paras))
        for p in paras[start:start + rng.randint(1, 6)]:
            if local and rng.random() < 0.7:
                p = perturb_digits(p, rng)
            out.append(p)
            size += len(p) + 2
            if size >= target:
                break
    return out


# --------------------------------------------------------------------------


def plan_archive(n, issuers, rng, years):
    """Who issued what, when: every document's metadata, numbers and citations."""
    weights = [{"tinh": 5, "huyen": 4, "xa": 1.2, "so": 2, "hdnd": 0.6}[i.kind] for i in issuers]
    docs = []
    for i in range(n):
        iss = rng.choices(issuers, weights)[0]
        if iss.kind == "hdnd":
            kind = "NQ"
        else:
            kinds = [k for k in KINDS if KINDS[k][1]]
            kind = rng.choices(kinds, [KINDS[k][1] for k in kinds])[0]
        y = rng.choice(years)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28)
        docs.append({"i": i, "issuer": iss, "kind": kind, "y": y, "m": m, "d": d,
                     "topic": rng.choice(TOPICS), "unit": rng.randrange(6),
                     "qppl": kind == "QĐ" and iss.kind == "tinh" and rng.random() < 0.1})
    # numbers: per issuer per year, growing with the date, with the gaps of
    # the documents the archive does not hold
    by_key = {}
    for doc in docs:
        by_key.setdefault((id(doc["issuer"]), doc["y"]), []).append(doc)
    for key in sorted(by_key, key=lambda k: (by_key[k][0]["i"], k[1])):
        group = sorted(by_key[key], key=lambda x: (x["m"], x["d"], x["i"]))
        step = max(1.0, group[0]["issuer"].yearly_volume() / (len(group) + 1))
        num = 0
        for doc in group:
            num += 1 + int(rng.expovariate(1.0 / step)) if step > 1 else 1
            doc["num"] = num
    # citations: plans and decisions of the same body or the body above,
    # issued before
    index = {}
    for doc in docs:
        index.setdefault((id(doc["issuer"]), doc["kind"]), []).append(doc)
    for lst in index.values():
        lst.sort(key=lambda x: (x["y"], x["m"], x["d"], x["i"]))

    def earlier(iss, kind, doc):
        lst = index.get((id(iss), kind), [])
        key = (doc["y"], doc["m"], doc["d"], doc["i"])
        cands = [c for c in lst if (c["y"], c["m"], c["d"], c["i"]) < key and c["y"] >= doc["y"] - 1]
        return cands[-8:]

    for doc in docs:
        doc["cites"] = []
        iss, kind = doc["issuer"], doc["kind"]
        pick = []
        if kind == "BC" and rng.random() < 0.6:
            pick = earlier(iss, "KH", doc) or (earlier(iss.parent, "KH", doc) if iss.parent else [])
        elif kind == "KH" and rng.random() < 0.4 and iss.parent is not None:
            pick = earlier(iss.parent, rng.choice(["KH", "QĐ"]), doc)
        elif kind == "QĐ" and rng.random() < 0.7:
            pick = earlier(iss.parent, "QĐ", doc) if iss.parent else earlier(iss, "QĐ", doc)
        elif kind in ("CV", "TB") and rng.random() < 0.3:
            pick = earlier(iss, "KH", doc)
        if pick:
            c = rng.choice(pick)
            doc["cites"].append(c["i"])
            if kind == "BC":
                doc["topic"] = c["topic"]
        doc["subject"] = subject(kind, doc["topic"], doc["y"], rng)
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("-n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--mean-kb", type=float, default=5.5, help="size knob, kB (default %(default)s gives ~6.4 kB a document, like make_synth.py)")
    ap.add_argument("--local-share", type=float, default=0.3,
                    help="share of body paragraphs from corpus/ (UBND documents) (default %(default)s)")
    ap.add_argument("--ocr", type=float, default=0.15, help="share of OCR-like documents")
    ap.add_argument("--nfd", type=float, default=0.02, help="share of NFD documents")
    ap.add_argument("--other-tone", type=float, default=0.05, help="share with hoà/thuỷ tone placement")
    ap.add_argument("--corpus", default=os.path.join(MAIN, "corpus"))
    ap.add_argument("--data", default=os.path.join(SHARED, "data"))
    ap.add_argument("--queries", default=os.path.join(SHARED, "peers", "queries_vi.txt"))
    args = ap.parse_args()
    rng = random.Random(args.seed)

    local = load_sources([args.corpus], 60)
    data_dirs = [os.path.join(args.data, d, "docs") for d in sorted(os.listdir(args.data))]
    remote = load_sources(data_dirs, 60)
    if not local or not remote:
        sys.exit("no source paragraphs found (corpus %s, data %s)" % (args.corpus, args.data))
    sources = [(p, ps, True) for p, ps in local] + [(p, ps, False) for p, ps in remote]
    n_local_paras = sum(len(ps) for _, ps in local)
    n_remote_paras = sum(len(ps) for _, ps in remote)
    # a source is picked in proportion to its paragraphs, scaled per group
    weights = [len(ps) * args.local_share / n_local_paras for _, ps in local] + \
              [len(ps) * (1 - args.local_share) / n_remote_paras for _, ps in remote]

    issuers = make_issuers(rng)
    archive = plan_archive(args.n, issuers, rng, list(range(2015, 2026)))

    docs_dir = os.path.join(args.out, "docs")
    if os.path.isdir(docs_dir):
        shutil.rmtree(docs_dir)
    os.makedirs(docs_dir)
    shutil.copyfile(args.queries, os.path.join(args.out, "queries.txt"))
    # body size: log-normal (sigma 0.8) with the requested mean, in characters
    # (Vietnamese text is ~1.15 bytes a character in UTF-8)
    sigma = 0.8
    mu = math.log(args.mean_kb * 1000 / 1.17) - sigma * sigma / 2
    total = 0
    forms = {"clean": 0, "ocr": 0, "nfd": 0, "other_tone": 0}
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as truth:
        for doc in archive:
            i = doc["i"]
            target = min(120000, max(600, int(rng.lognormvariate(mu, sigma)) - 700))
            parts = [header_text(doc, rng)]
            parts += opening_text(doc, archive, rng)
            parts += body_paragraphs(target, sources, weights, rng)
            parts.append(signature_text(doc, rng))
            text = "\n\n".join(parts) + "\n"
            r = rng.random()
            form = "clean"
            if r < args.ocr:
                text, form = ocr_form(text, rng), "ocr"
            elif r < args.ocr + args.other_tone:
                text, form = other_tone_placement(text), "other_tone"
            elif r < args.ocr + args.other_tone + args.nfd:
                text, form = unicodedata.normalize("NFD", text), "nfd"
            forms[form] += 1
            rel = os.path.join("%03d" % (i // 200), "doc_%07d.txt" % i)
            folder = os.path.join(docs_dir, "%03d" % (i // 200))
            if i % 200 == 0:
                os.makedirs(folder, exist_ok=True)
            data = text.encode("utf-8")
            total += len(data)
            with open(os.path.join(docs_dir, rel), "wb") as f:
                f.write(data)
            truth.write(json.dumps({
                "path": rel, "type": doc["kind"], "number": number_of(doc),
                "issuer": doc["issuer"].short(), "date": "%d-%02d-%02d" % (doc["y"], doc["m"], doc["d"]),
                "form": form,
                "cites": [os.path.join("%03d" % (c // 200), "doc_%07d.txt" % c) for c in doc["cites"]],
            }, ensure_ascii=False) + "\n")
    print("%d docs, %.1f MB (%.2f kB/doc), %d+%d source paragraphs, forms %s -> %s" % (
        args.n, total / 1e6, total / 1e3 / max(1, args.n), n_local_paras, n_remote_paras,
        json.dumps(forms), docs_dir))


if __name__ == "__main__":
    main()
