"""Scanned PDFs (no text layer): local OCR with tesseract and its chi_sim data (Debian packages tesseract-ocr and
tesseract-ocr-chi-sim), offline and deterministic.

Each page is rendered (pypdfium2), its ruled tables are found from the page layout (the dark rows and columns
of the ruling lines, band by band so merged cells keep their shape), and every table cell is recognised as its
own line: labels with chi_sim, numbers again with the digits-only engine. The text outside the tables becomes
paragraphs. The result is the same intermediate as any other PDF (paragraphs and grids), each cell carrying the
OCR engine's confidence, so the mapper, the lint and the cell origins work as for every other source.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from .stream import Grid, Para, block_tokens

DPI = 250
DARK = 140             # grey level below which a pixel is ink
LINE_ROW = 0.45        # share of a row's pixels that are ink for a horizontal ruling line
LINE_COLUMN = 0.8      # share of a band's column that is ink for a vertical ruling line
PAD = 24               # white space around each cell in the composed image
TIMEOUT = 180
MAX_PAGES = 30
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONFUSED_DIGITS = str.maketrans({"O": "0", "o": "0", "〇": "0", "○": "0", "l": "1", "I": "1", "|": "1"})


def tesseract() -> str | None:
    return shutil.which("tesseract")


@dataclass
class Box:
    x0: int
    y0: int
    x1: int
    y1: int


def _ink(image):
    return image.point(lambda v: 255 if v < DARK else 0)


def _runs(values: list[float], threshold: float) -> list[tuple[int, int]]:
    out, start = [], None
    for i, v in enumerate([*values, 0.0]):
        if v >= threshold and start is None:
            start = i
        elif v < threshold and start is not None:
            out.append((start, i))
            start = None
    return out


def _profile(image, axis: str) -> list[float]:
    """Share of ink per row (axis "y") or per column ("x"), computed in C by box resampling."""
    from PIL import Image

    w, h = image.size
    small = image.resize((1, h) if axis == "y" else (w, 1), Image.Resampling.BOX)
    return [v / 255 for v in small.tobytes()]


def _tables(ink) -> list[tuple[list[tuple[int, int]], int, int]]:
    """Each table on the page: its horizontal ruling lines (y ranges) and its left/right edges."""
    rows = _runs(_profile(ink, "y"), LINE_ROW)
    tables, current = [], []
    for run in rows:
        if current and run[0] - current[-1][1] > ink.size[1] * 0.12:
            tables.append(current)
            current = []
        current.append(run)
    if current:
        tables.append(current)
    out = []
    for lines in tables:
        if len(lines) < 2:
            continue
        band = ink.crop((0, lines[0][0], ink.size[0], lines[-1][1]))
        cols = _runs(_profile(band, "x"), 0.5)
        left = cols[0][0] if cols else 0
        right = cols[-1][1] if cols else ink.size[0]
        out.append((lines, left, right))
    return out


def _cells(ink, lines, left, right) -> list[list[Box]]:
    """Cells band by band: between two horizontal lines, split at the vertical lines crossing that band."""
    bands = []
    for (_, top), (bottom, _) in zip(lines, lines[1:], strict=False):
        if bottom - top < 8:
            continue
        band = ink.crop((left, top, right, bottom))
        xs = [(a + left, b + left) for a, b in _runs(_profile(band, "x"), LINE_COLUMN)]
        edges = [left, *[(a + b) // 2 for a, b in xs], right]
        edges = sorted(set(edges))
        cells = [Box(a, top, b, bottom) for a, b in zip(edges, edges[1:], strict=False) if b - a > 8]
        bands.append(cells)
    return bands


def _grid(bands: list[list[Box]]) -> tuple[list[int], list[list[tuple[Box, int]]]]:
    """Global column edges, and per band each cell with the number of columns it spans."""
    edges = sorted({e for cells in bands for c in cells for e in (c.x0, c.x1)})
    merged: list[int] = []
    for e in edges:
        if merged and e - merged[-1] < 12:
            continue
        merged.append(e)
    rows = []
    for cells in bands:
        row = []
        for c in cells:
            first = min(range(len(merged)), key=lambda i: abs(merged[i] - c.x0))
            last = min(range(len(merged)), key=lambda i: abs(merged[i] - c.x1))
            row.append((c, max(1, last - first)))
        rows.append(row)
    return merged, rows


def _compose(page, boxes: list[Box]):
    """The cells' images stacked one under another on white, and each cell's vertical range there."""
    from PIL import Image

    crops, height, width = [], PAD, 0
    for b in boxes:
        crop = page.crop((b.x0 + 5, b.y0 + 5, b.x1 - 5, b.y1 - 5))
        crops.append((crop, height))
        height += crop.size[1] + PAD
        width = max(width, crop.size[0] + 2 * PAD)
    sheet = Image.new("L", (max(width, 10), max(height, 10)), 255)
    for crop, y in crops:
        sheet.paste(crop, (PAD, y))
    return sheet, [(y, y + crop.size[1]) for crop, y in crops]


def _run_tesseract(image, lang: str, psm: int, extra: list[str] | None = None) -> list[dict]:
    """Words with their boxes and confidences (tesseract TSV)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "page.png")
        image.save(path)
        cmd = [tesseract(), path, "stdout", "-l", lang, "--psm", str(psm), *(extra or []), "tsv"]
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                               quoting=csv.QUOTE_NONE))
    return [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]


def _join(words: list[dict]) -> str:
    """Words of one line: CJK runs joined without the spaces tesseract puts between characters."""
    out = ""
    for w in words:
        text = w["text"].strip()
        if out and not (_CJK.search(out[-1]) or _CJK.search(text[:1])) and out[-1].isalnum() and text[:1].isalnum():
            out += " "
        out += text
    return out


def _texts(words: list[dict], ranges: list[tuple[int, int]]) -> list[tuple[str, float]]:
    """Each composed cell's text and mean confidence (0–1)."""
    per = [[] for _ in ranges]
    for w in words:
        mid = int(w["top"]) + int(w["height"]) // 2
        for i, (a, b) in enumerate(ranges):
            if a - PAD // 2 <= mid <= b + PAD // 2:
                per[i].append(w)
                break
    out = []
    for ws in per:
        ws.sort(key=lambda w: (int(w["block_num"]), int(w["par_num"]), int(w["line_num"]), int(w["word_num"])))
        confs = [max(float(w["conf"]), 0) / 100 for w in ws]
        out.append((_join(ws), sum(confs) / len(confs) if confs else 0.0))
    return out


def _numeric(text: str) -> bool:
    t = text.translate(_CONFUSED_DIGITS).replace(" ", "")
    return bool(t) and len(t) <= 12 and not _CJK.search(t) and sum(c.isdigit() for c in t) >= max(1, len(t) - 1)


def _page_blocks(page, number: int) -> list:
    from PIL import Image

    ink = _ink(page)
    items = []
    blanked = page.copy()
    for lines, left, right in _tables(ink):
        bands = _cells(ink, lines, left, right)
        if not bands:
            continue
        _, rows = _grid(bands)
        boxes = [c for row in rows for c, _ in row]
        sheet, ranges = _compose(page, boxes)
        words = _texts(_run_tesseract(sheet, "chi_sim", 6), ranges)
        digits = _texts(_run_tesseract(sheet, "eng", 6, ["-c", "tessedit_char_whitelist=0123456789.-/"]), ranges)
        grid_rows, conf_rows, k = [], [], 0
        for row in rows:
            cells, confs = [], []
            for _, span in row:
                (text, conf), (digit, dconf) = words[k], digits[k]
                k += 1
                digit = digit.strip(".-/ ") if digit not in ("-", "/") else digit
                if digit and (len(text) <= 2 or not _CJK.search(text)):
                    text, conf = digit, dconf  # a number cell: the digits-only engine reads it better
                elif _numeric(text):
                    text, conf = text.translate(_CONFUSED_DIGITS), conf * 0.8
                cells.append(text)
                confs.append(conf if text else 1.0)
                cells.extend([None] * (span - 1))
                confs.extend([1.0] * (span - 1))
            grid_rows.append(cells)
            conf_rows.append(confs)
        width = max(len(r) for r in grid_rows)
        grid = Grid([r + [None] * (width - len(r)) for r in grid_rows], f"第{number}页",
                    [c + [1.0] * (width - len(c)) for c in conf_rows])
        items.append((lines[0][0], grid))
        blanked.paste(Image.new("L", (right - left + 20, lines[-1][1] - lines[0][0] + 20), 255),
                      (left - 10, lines[0][0] - 10))
    lines: dict[tuple, list[dict]] = {}
    for w in _run_tesseract(blanked, "chi_sim", 4):
        lines.setdefault((w["block_num"], w["par_num"], w["line_num"]), []).append(w)
    for ws in lines.values():
        text = _join(sorted(ws, key=lambda w: int(w["left"])))
        confs = [max(float(w["conf"]), 0) / 100 for w in ws]
        items.append((min(int(w["top"]) for w in ws), Para(text, f"第{number}页", sum(confs) / len(confs))))
    items.sort(key=lambda item: item[0])
    return [block for _, block in items]


def scanned_blocks(raw: bytes) -> list:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(raw)
    try:
        blocks = []
        for i in range(min(len(document), MAX_PAGES)):
            page = document[i]
            image = page.render(scale=DPI / 72).to_pil().convert("L")
            page.close()
            blocks.extend(_page_blocks(image, i + 1))
        return blocks
    finally:
        document.close()


def _opens(raw: bytes) -> bool:
    import pypdfium2 as pdfium

    try:
        pdfium.PdfDocument(raw).close()
    except Exception:
        return False
    return True


def read_scanned_pdf(raw: bytes, cause=None):
    """A PDF without a text layer, read by OCR; every cell's origin carries the OCR confidence."""
    from .detect import Unreadable
    from .mapper import map_tokens

    if not _opens(raw):  # a damaged file is said to be damaged, whether or not OCR is installed
        if cause is not None and "扫描件" not in cause.message:
            raise cause from None
        raise Unreadable("PDF 已损坏或不完整，无法读取。")
    if tesseract() is None:
        raise Unreadable("PDF 没有文字层（扫描件），读取需要本地文字识别：请安装 Debian 软件包 tesseract-ocr 和 "
                         "tesseract-ocr-chi-sim，或提供带文字的 PDF、DOCX 或 HTML。")
    try:
        blocks = scanned_blocks(raw)
    except subprocess.TimeoutExpired:
        raise Unreadable("扫描件文字识别超时，无法读取。") from None
    except Exception:
        if cause is not None:
            raise cause from None
        raise Unreadable("PDF 已损坏或不完整，无法读取。") from None
    result = map_tokens(block_tokens(blocks), shape="ocr")
    low = [a for a, o in result.origins.items() if o.confidence < 0.8]
    result.problems.insert(0, f"这是扫描件，文字由本地文字识别（tesseract chi_sim）读出：共读到 {result.cells_found} 格，"
                              f"其中 {len(low)} 格把握较低（低于 80%），请对照原件核对。")
    return result
