#!/usr/bin/env python3
"""Parallel OCR corpus for vanban: clean text, Tesseract -l eng, Tesseract -l vie.

Renders the first page(s) of clean documents from shared/data (Công báo and
Lào Cai collections) as 300 dpi scans in a Times-like font with light scan
noise, runs the real Tesseract on them with the English model (which garbles
Vietnamese the way the OCR'd seed documents are garbled: "s6" for "số",
"nim" for "năm", "Pang" for "Đảng") and with the Vietnamese model, and writes

    <out>/clean/<id>.txt   the text exactly as rendered (the truth)
    <out>/eng/<id>.txt     tesseract -l eng
    <out>/vie/<id>.txt     tesseract -l vie
    <out>/docs.jsonl       one line per document: id, source file, title, pages
    <out>/queries.jsonl    {"id","query","kind","diacritics","truth"}

Queries are each document's trích yếu (the subject line(s) after the type
line: "KẾ HOẠCH" → "Tuyên truyền cải cách hành chính năm 2024") and a few
phrases from the rendered body, each with and without diacritics; the truth
is the document they came from.

Deterministic for a given --seed (document choice, noise, phrases); Tesseract
itself is deterministic with OMP_THREAD_LIMIT=1.

Needs: python3 with Pillow; tesseract-ocr, tesseract-ocr-eng, tesseract-ocr-vie,
fonts-liberation2 (Debian). make_corpus.sh installs them and runs this.
"""

import argparse
import concurrent.futures as cf
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 300
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 354, 236, 236, 236  # 3 cm / 2 cm
# Liberation 2 (fonts-liberation2) has the Vietnamese precomposed letters
# (U+1EA0-1EF9); Liberation 1 lacks them.
FONT_DIRS = ["/usr/share/fonts/truetype/liberation2"]

TYPE_LINE = re.compile(
    r"^(KẾ HOẠCH|BÁO CÁO|QUYẾT ĐỊNH|NGHỊ ĐỊNH|THÔNG TƯ(?: LIÊN TỊCH)?|NGHỊ QUYẾT|LUẬT|BỘ LUẬT|"
    r"CHỈ THỊ|TỜ TRÌNH|THÔNG BÁO|HƯỚNG DẪN|PHƯƠNG ÁN|CHƯƠNG TRÌNH|QUY CHẾ|QUY ĐỊNH|"
    r"VĂN BẢN HỢP NHẤT|CÔNG ĐIỆN)\s*$"
)
TITLE_STOP = re.compile(
    r"^(Căn cứ|Thực hiện|Theo |Chương|CHƯƠNG|Điều|Phần|PHẦN|I\.|1\.|Kính gửi|Để |Nhằm|"
    r"[-_=*. ]{3,}$|\(|BỘ TRƯỞNG|THỦ TƯỚNG|CHÍNH PHỦ|ỦY BAN|UỶ BAN|HỘI ĐỒNG|QUỐC HỘI)"
)


def font_path(bold):
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for d in FONT_DIRS:
        p = Path(d) / name
        if p.exists():
            return str(p)
    sys.exit(f"font {name} not found: apt-get install fonts-liberation2")


def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def clean_text(raw):
    """NFC text with the characters a printer would not print removed."""
    t = unicodedata.normalize("NFC", raw)
    out = []
    for c in t:
        o = ord(c)
        if c in "\n\t":
            out.append(c if c == "\n" else " ")
        elif o < 32 or 0x7F <= o < 0xA0 or 0xE000 <= o <= 0xF8FF or o in (0xFEFF, 0x200B):
            continue
        else:
            out.append(c)
    lines = []
    for line in "".join(out).split("\n"):
        line = line.replace(" | ", " ").strip(" |")
        line = re.sub(r"[ \u00a0]+", " ", line).strip()
        if re.fullmatch(r"[-_=.* ]{2,}", line):
            continue
        lines.append(line)
    text = "\n".join(lines)
    return re.sub(r"\n{2,}", "\n", text).strip()


def find_title(text, hint):
    """The trích yếu: the line(s) after the type line, or the V/v line."""
    lines = text.split("\n")[:60]
    if hint:
        h = re.sub(r"\s+", " ", hint).strip()
        flat = re.sub(r"\s+", " ", text[:6000])
        if len(h) >= 12 and h.lower() in flat.lower():
            i = flat.lower().index(h.lower())
            return flat[i : i + len(h)]
    for i, line in enumerate(lines):
        if TYPE_LINE.match(line):
            parts = []
            for nxt in lines[i + 1 : i + 5]:
                if not nxt or TITLE_STOP.match(nxt) or re.match(r"^(Số|SỐ)\b", nxt):
                    break
                # An upper-case subject goes on only with upper-case lines.
                if parts and parts[0] == parts[0].upper() and nxt != nxt.upper():
                    break
                parts.append(nxt)
                if len(" ".join(parts)) > 160:
                    break
            title = " ".join(parts).strip()
            if len(title) >= 12:
                return title
    for line in lines:
        m = re.match(r"^V/v\.?\s*(.{12,})$", line)
        if m:
            return m.group(1).strip()
    return None


def wrap(lines, font, width):
    out = []
    for line in lines:
        if not line:
            out.append("")
            continue
        words = line.split(" ")
        cur = ""
        for w in words:
            cand = w if not cur else cur + " " + w
            if font.getlength(cand) <= width or not cur:
                cur = cand
            else:
                out.append(cur)
                cur = w
        out.append(cur)
    return out


def render_pages(text, rng, max_pages):
    """Lays out the text on A4 pages; returns (list of images, rendered text)."""
    size_pt = rng.choice([12.5, 13, 13, 13.5])
    px = round(size_pt * DPI / 72)
    regular = ImageFont.truetype(font_path(False), px)
    bold = ImageFont.truetype(font_path(True), px)
    width = PAGE_W - MARGIN_L - MARGIN_R
    line_h = round(px * 1.32)
    per_page = (PAGE_H - MARGIN_T - MARGIN_B) // line_h
    rendered_lines = []
    pages = []
    src = text.split("\n")
    visual = []  # (text, bold)
    for line in src:
        is_bold = len(line) > 2 and line == line.upper() and any(c.isalpha() for c in line)
        for piece in wrap([line], bold if is_bold else regular, width):
            visual.append((piece, is_bold))
    for p in range(max_pages):
        chunk = visual[p * per_page : (p + 1) * per_page]
        if not chunk:
            break
        img = Image.new("L", (PAGE_W, PAGE_H), 255)
        draw = ImageDraw.Draw(img)
        y = MARGIN_T
        for piece, is_bold in chunk:
            f = bold if is_bold else regular
            if is_bold and f.getlength(piece) < width * 0.8:
                x = MARGIN_L + (width - f.getlength(piece)) / 2
            else:
                x = MARGIN_L
            draw.text((x, y), piece, font=f, fill=rng.randint(0, 30))
            y += line_h
            rendered_lines.append(piece)
        pages.append(add_scan_noise(img, rng))
    return pages, "\n".join(rendered_lines)


def add_scan_noise(img, rng):
    """Light scanner noise: a small skew, blur, grey paper, grain, specks."""
    img = img.rotate(rng.uniform(-0.4, 0.4), resample=Image.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.0)))
    # Grain from the seeded generator (Image.effect_noise has its own,
    # unseeded one): uniform grey noise, lightly blended.
    noise = Image.frombytes("L", img.size, rng.randbytes(img.size[0] * img.size[1]))
    img = Image.blend(img, noise, rng.uniform(0.04, 0.08))
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(150, 400)):
        x, y = rng.randrange(PAGE_W), rng.randrange(PAGE_H)
        r = rng.choice([1, 1, 2, 3])
        draw.ellipse((x, y, x + r, y + r), fill=rng.randint(0, 120))
    return img


def ocr(image_path, lang):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    res = subprocess.run(
        ["tesseract", str(image_path), "stdout", "-l", lang, "--dpi", str(DPI)],
        capture_output=True,
        env=env,
        check=True,
    )
    return res.stdout.decode("utf-8", "replace")


def pick_documents(data, n_congbao, n_laocai, rng):
    chosen = []
    for coll, n in (("congbao-8chude", n_congbao), ("laocai-skill-sct", n_laocai)):
        meta = [json.loads(l) for l in open(data / coll / "metadata.jsonl", encoding="utf-8")]
        ok = []
        for m in meta:
            if m.get("ocr") or "OCR" in (m.get("text_from") or "") or m["id"].endswith("-OCR"):
                continue
            if (m.get("chars") or 0) < 1500:
                continue
            ok.append(m)
        ok.sort(key=lambda m: m["id"])
        for m in rng.sample(ok, min(n, len(ok))):
            chosen.append((coll, m))
    return chosen


def phrases(text, rng, k):
    """k phrases of 4-7 words from body lines of the rendered text."""
    lines = [
        l
        for l in text.split("\n")[6:]
        if len(l.split()) >= 8 and l != l.upper() and not re.search(r"ngày \d+ tháng", l)
    ]
    out = []
    tries = 0
    while lines and len(out) < k and tries < 50:
        tries += 1
        words = rng.choice(lines).split()
        n = rng.randint(4, 7)
        start = rng.randint(0, len(words) - n)
        ph = " ".join(words[start : start + n]).strip(",.;:()\"“”")
        alpha = sum(1 for w in ph.split() if any(c.isalpha() for c in w))
        if alpha >= 4 and ph not in out:
            out.append(ph)
    return out


def process_document(job):
    """Renders, OCRs and describes one document (runs in a worker)."""
    coll, m, data, out, seed, max_pages, img_dir = job
    doc_rng = random.Random(f"{seed}:{m['id']}")
    raw = (data / coll / m["file"]).read_text(encoding="utf-8", errors="replace")
    pages, rendered = render_pages(clean_text(raw), doc_rng, max_pages)
    doc_id = m["id"]
    (out / "clean" / f"{doc_id}.txt").write_text(rendered + "\n", encoding="utf-8")
    paths = []
    for i, page in enumerate(pages):
        p = Path(img_dir) / f"{doc_id}.{i + 1}.png"
        page.save(p, compress_level=1)
        paths.append(p)
    for lang in ("eng", "vie"):
        text = "\n".join(ocr(p, lang) for p in paths)
        (out / lang / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    title = find_title(rendered, m.get("trich_yeu_from_text"))
    if title and len(title.split()) > 30:
        # Consolidated texts run the subject into the list of amending acts.
        title = " ".join(title.split()[:30]).rstrip(",;:")
    qs = [("title", title)] if title else []
    qs.extend(("phrase", ph) for ph in phrases(rendered, doc_rng, 3))
    return {"id": doc_id, "collection": coll, "file": m["file"], "title": title, "pages": len(pages), "queries": qs}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="/work/shared/data", type=Path)
    ap.add_argument("--out", default="/tmp/vanban-ocr-corpus", type=Path)
    ap.add_argument("--seed", default=20240308, type=int)
    ap.add_argument("--congbao", default=40, type=int, help="documents from congbao-8chude")
    ap.add_argument("--laocai", default=40, type=int, help="documents from laocai-skill-sct")
    ap.add_argument("--pages", default=1, type=int, help="pages rendered per document")
    ap.add_argument("--jobs", default=2, type=int)
    ap.add_argument("--keep-images", action="store_true")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    docs = pick_documents(args.data, args.congbao, args.laocai, rng)
    for sub in ("clean", "eng", "vie"):
        (args.out / sub).mkdir(parents=True, exist_ok=True)
    img_dir = Path(tempfile.mkdtemp(prefix="vanban-ocr-"))
    if args.keep_images:
        img_dir = args.out / "img"
        img_dir.mkdir(exist_ok=True)

    work = [(coll, m, args.data, args.out, args.seed, args.pages, str(img_dir)) for coll, m in docs]
    records = []
    with cf.ProcessPoolExecutor(args.jobs) as pool:
        for i, rec in enumerate(pool.map(process_document, work), 1):
            records.append(rec)
            if i % 10 == 0:
                print(f"{i}/{len(work)} documents", file=sys.stderr)

    with open(args.out / "docs.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({k: v for k, v in r.items() if k != "queries"}, ensure_ascii=False) + "\n")
    n_q = 0
    with open(args.out / "queries.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            for kind, q in r["queries"]:
                for diacritics, text in ((True, q), (False, fold(q))):
                    n_q += 1
                    rec = {
                        "id": f"q{n_q:04d}",
                        "query": text,
                        "kind": kind,
                        "diacritics": diacritics,
                        "truth": r["id"],
                    }
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if not args.keep_images:
        shutil.rmtree(img_dir, ignore_errors=True)
    print(f"{len(records)} documents, {n_q} queries -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
