"""PDF → blocks from the text layer: pdfplumber finds the ruled tables (grids with merged cells as None) and
the text lines around them; page headers and footers are dropped. When a font's text cannot be decoded
("(cid:NN)"), pypdfium2 reads the text instead and the mapper works on lines."""

from __future__ import annotations

import io
import re
from collections import Counter

from .labels import section_for_heading
from .stream import Grid, Para, is_page_number

_CID = re.compile(r"\(cid:\d+\)")
_ITEM = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+[、.]|\d+[、.．]|[一二三四五六七八九十]是)")
_SENTENCE_END = ("。", "：", ":", "；", "！", "？")
MARGIN = 0.07
_SPACED = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")  # table headers: words apart, not prose
_ROW = re.compile(r"(\s\d+){2,}\s*$")  # a table row printed on one line ends in numbers


class UndecodableText(Exception):
    """The PDF's fonts have no usable text mapping."""


def _inside(obj, box) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _paragraphs(lines: list[dict]) -> list[tuple[float, str]]:
    """Join wrapped text lines into paragraphs: a new one at a heading, after a sentence end or a short line,
    or at an indented first line."""
    if not lines:
        return []
    left = min(ln["x0"] for ln in lines)
    right = max(ln["x1"] for ln in lines)
    out: list[tuple[float, str]] = []
    prev = None
    for ln in lines:
        text = ln["text"].strip()
        if not text:
            continue
        char = max((ln["x1"] - ln["x0"]) / max(len(text), 1), 4)
        new = (prev is None or section_for_heading(text) is not None or _ITEM.match(text) is not None
               or ln["x0"] > left + 1.5 * char or prev["text"].rstrip().endswith(_SENTENCE_END)
               or prev["x1"] < right - 2.5 * char or ln["top"] - prev["bottom"] > 1.2 * char)
        if new:
            out.append((ln["top"], text))
        else:
            out[-1] = (out[-1][0], out[-1][1] + text)
        prev = ln
    return out


def _margin_lines(pages_lines: list[list[dict]], heights: list[float]) -> set[str]:
    """Texts repeated in the top or bottom margin of several pages (running headers/footers)."""
    seen: Counter = Counter()
    for lines, height in zip(pages_lines, heights, strict=True):
        for ln in lines:
            if ln["top"] < height * MARGIN or ln["bottom"] > height * (1 - MARGIN):
                seen[re.sub(r"\d+", "#", ln["text"].strip())] += 1
    return {t for t, n in seen.items() if n >= 2}


def quiet_pdfminer() -> None:
    """pdfminer logs hundreds of English warnings ("Could not get FontBBox …") on fonts it cannot measure;
    the reader says in Chinese what it could not read instead."""
    import logging

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def pdfplumber_blocks(raw: bytes) -> list:
    import pdfplumber

    quiet_pdfminer()
    blocks: list = []
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        pages = []
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            outside = page.filter(lambda obj, boxes=boxes: not any(_inside(obj, b) for b in boxes)
                                  if obj.get("object_type") == "char" else True)
            lines = outside.extract_text_lines(strip=True, return_chars=False)
            if any(_CID.search(ln["text"]) for ln in lines):
                raise UndecodableText
            grids = []
            for t in tables:
                rows = t.extract()
                if any(_CID.search(c or "") for row in rows for c in row):
                    raise UndecodableText
                grids.append((t.bbox[1], Grid([list(r) for r in rows])))
            pages.append((page.height, lines, grids))
        repeated = _margin_lines([p[1] for p in pages], [p[0] for p in pages])
        for number, (height, lines, grids) in enumerate(pages, 1):
            kept = [ln for ln in lines if not is_page_number(ln["text"])
                    and not ((ln["top"] < height * MARGIN or ln["bottom"] > height * (1 - MARGIN))
                             and re.sub(r"\d+", "#", ln["text"].strip()) in repeated)]
            for _, grid in grids:
                grid.where = f"第{number}页"
            items = [(top, Para(text, f"第{number}页")) for top, text in _paragraphs(kept)] + grids
            items.sort(key=lambda item: item[0])
            blocks.extend(item for _, item in items)
    return blocks


def pdfium_text(raw: bytes) -> str:
    """The text layer through pdfium as one text, running headers/footers and page numbers removed."""
    return "\n".join(pdfium_pages(raw))


def pdfium_pages(raw: bytes) -> list[str]:
    """The text layer through pdfium, page by page, running headers/footers and page numbers removed; a
    paragraph wrapped across lines is joined (within its page)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(raw)
    try:
        pages = []
        for i in range(len(document)):
            page = document[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
    finally:
        document.close()
    firsts = Counter(p.strip().split("\n")[0] for p in pages if p.strip())
    lasts = Counter(re.sub(r"\d+", "#", p.strip().split("\n")[-1]) for p in pages if p.strip())
    kept = []
    for text in pages:
        lines = text.strip().split("\n")
        if lines and len(pages) > 1 and firsts[lines[0]] >= 2:
            lines = lines[1:]
        if lines and len(pages) > 1 and lasts[re.sub(r"\d+", "#", lines[-1])] >= 2:
            lines = lines[:-1]
        kept.append([ln for ln in lines if not is_page_number(ln)])
    full = _full_width([ln for lines in kept for ln in lines])
    return ["\n".join(_unwrap(lines, full)) for lines in kept]


def _full_width(lines: list[str]) -> int:
    """The length of a full line of body text: the median of the lines long enough to be prose (pdfium
    sometimes returns two visual lines as one, so the longest lines are no guide)."""
    lengths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) >= 16)
    if not lengths:
        return 0
    return lengths[len(lengths) // 2]


def _unwrap(lines: list[str], full: int) -> list[str]:
    """Join the lines of a wrapped paragraph: a full-width line not ending a sentence continues below."""
    if not full:
        return lines
    out: list[str] = []
    joining = False
    for ln in lines:
        if joining and out and section_for_heading(ln.strip()) is None and not _ITEM.match(ln.strip()):
            out[-1] += ln.strip()
        else:
            out.append(ln)
        text = ln.strip()
        joining = len(text) >= max(full - 3, 14) and not text.endswith(_SENTENCE_END) and not _ROW.search(text) \
            and not _SPACED.search(text) and section_for_heading(text) is None
    return out
