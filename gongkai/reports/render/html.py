"""The annual report as HTML, in the official layout (title, preamble, six sections, merged-header tables).

Tables are drawn only from `layout.table_layout`; this module adds what HTML needs on top of it: the grid
position of every cell (for `headers`/`id` accessibility links and column widths), the thead/tbody split and
the scope of each header cell. `place_cells` and `column_weights` are shared with the DOCX renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from gongkai.documents import gongwen

from ..definition import Table, get_format
from ..layout import LayoutCell, grid_width, table_layout
from ..model import ReportData

# Relative column widths, in characters of table text (plus padding). A4 holds about 42 characters of
# 10.5pt text between the margins, so these are ratios rather than promises.
_PAD = 0.55              # cell padding
_DATA = 3 + _PAD         # a numeric column: three characters of header per line
_LABEL_MAX = 9           # a row label longer than this wraps
_MIN_EM_PER_CHAR = 0.75  # screen minimum width per character of weight
_HEAD_MAX = 5            # a 表二 column header longer than this wraps
_GROUP_MIN, _GROUP_MAX = 2, 4  # a row-group label spanning several rows (三、本年度办理结果, （三）不予公开)


@dataclass
class Placed:
    row: int
    col: int
    cell: LayoutCell


def place_cells(rows: list[list[LayoutCell]]) -> list[list[Placed]]:
    """Put every layout cell on the grid, skipping positions still covered by rowspans from above."""
    occupied: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c, line = 0, []
        for cell in row:
            while (r, c) in occupied:
                c += 1
            line.append(Placed(r, c, cell))
            occupied.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
        out.append(line)
    return out


def head_row_count(rows: list[list[LayoutCell]]) -> int:
    """Leading rows holding only column headers (no data cell, no 表二 block title)."""
    n = 0
    for row in rows:
        if any(c.address or c.block_title for c in row):
            break
        n += 1
    return n


def _is_column_header_row(row: list[LayoutCell]) -> bool:
    return all(c.header and not c.block_title for c in row) and not any(c.address for c in row)


def column_weights(table: Table, placed: list[list[Placed]]) -> list[float]:
    """Relative widths of the grid columns: data columns alike, label columns by their text.

    A cell spanning several columns shares its width among them. In 表二 (blocks) the column headers count
    too, so that its few data columns are wide enough for their headers; in grid tables they do not, so
    that 表三's seven applicant columns stay equal.
    """
    weights = [0.0] * grid_width(table)
    blocks = table.layout == "blocks"
    for line in placed:
        column_headers = _is_column_header_row([p.cell for p in line])
        for p in line:
            cell = p.cell
            if cell.block_title or (column_headers and not blocks):
                continue
            if cell.address:
                w = _DATA
            elif column_headers:
                w = min(len(cell.text), _HEAD_MAX) + _PAD
            elif cell.colspan > 1:
                continue  # a row label across label columns (一、本年新收……) says nothing about each of them
            elif cell.rowspan > 1:  # wrap into as many lines as the rows it spans, within bounds
                w = min(max(-(-len(cell.text) // cell.rowspan) + 1, _GROUP_MIN), _GROUP_MAX) + _PAD
            else:
                w = min(len(cell.text), _LABEL_MAX) + _PAD
            for col in range(p.col, p.col + cell.colspan):
                weights[col] = max(weights[col], w / cell.colspan)
    return [w or _DATA / 2 for w in weights]


def data_cell_key(address: tuple) -> str:
    return "/".join(address)


# ------------------------------------------------------------------------------------------- view model

@dataclass
class HtmlCell:
    text: str
    th: bool
    colspan: int = 1
    rowspan: int = 1
    scope: str = ""
    id: str = ""
    headers: str = ""
    css: str = ""
    data_cell: str = ""
    kind: str = ""
    note: str = ""


@dataclass
class HtmlGroup:
    head: bool
    rows: list[list[HtmlCell]] = field(default_factory=list)


@dataclass
class HtmlTable:
    key: str
    widths: list[str]
    groups: list[HtmlGroup]
    width: int
    min_width: str = ""   # on screen, in em: narrower than this the table scrolls instead of squeezing


def _covers(p: Placed, row: int | None = None, cols: range | None = None) -> bool:
    c = p.cell
    if row is not None and not p.row <= row < p.row + c.rowspan:
        return False
    if cols is not None and not (p.col < cols.stop and cols.start < p.col + c.colspan):
        return False
    return True


def _html_table(table: Table, data: ReportData, prefix: str) -> HtmlTable:
    rows = table_layout(table, data)
    placed = place_cells(rows)
    head_n = head_row_count(rows)
    corner = placed[0][0] if table.layout == "grid" and table.row_header and table.corner else None
    ids = {id(p): f"{prefix}-{table.key}-{p.row}-{p.col}" for line in placed for p in line if p.cell.header}

    groups: list[HtmlGroup] = [HtmlGroup(head=True)] if head_n else []
    column_heads = [p for line in placed[:head_n] for p in line if p is not corner]  # apply to the data below
    row_heads: list[Placed] = []
    block_title: Placed | None = None
    for r, line in enumerate(placed):
        cells = [p.cell for p in line]
        column_header_row = r < head_n or _is_column_header_row(cells)
        if r >= head_n:
            if cells[0].block_title:  # 表二: each 第二十条第（X）项 block is a tbody with its own head row
                block_title, column_heads = line[0], []
                groups.append(HtmlGroup(head=False))
            elif not groups or groups[-1].head:
                groups.append(HtmlGroup(head=False))
            if column_header_row:
                column_heads = list(line)
        out_line = []
        for p in line:
            cell = p.cell
            if cell.address:
                span = range(p.col, p.col + cell.colspan)
                hs = [ids[id(h)] for h in column_heads if _covers(h, cols=span)]
                hs += [ids[id(h)] for h in row_heads if _covers(h, row=r) and h.col < p.col]
                if block_title is not None:
                    hs.insert(0, ids[id(block_title)])
                out_line.append(HtmlCell(cell.text, False, cell.colspan, cell.rowspan, headers=" ".join(hs),
                                         css=f"gk-data gk-{cell.kind or 'blank'}", data_cell=data_cell_key(cell.address),
                                         kind=cell.kind or "blank", note=cell.note))
                continue
            if p is corner:  # the 勾稽关系 note: it explains, it does not head anything
                out_line.append(HtmlCell(cell.text, False, cell.colspan, cell.rowspan, css="gk-corner"))
                continue
            if cell.block_title:
                scope, css = "rowgroup", "gk-block"
            elif column_header_row:
                scope, css = "col", "gk-colhead"
            else:
                scope, css = ("rowgroup" if cell.rowspan > 1 else "row"), "gk-rowhead"
                row_heads.append(p)
            out_line.append(HtmlCell(cell.text, True, cell.colspan, cell.rowspan, scope=scope, id=ids[id(p)],
                                     css=css))
        groups[-1].rows.append(out_line)
    weights = column_weights(table, placed)
    total = sum(weights)
    widths = [f"{100 * w / total:.2f}" for w in weights]
    return HtmlTable(table.key, widths, groups, grid_width(table), f"{total * _MIN_EM_PER_CHAR:.1f}")


@dataclass
class HtmlSection:
    key: str
    id: str
    heading: str
    paragraphs: list[str]
    table: HtmlTable | None = None


_TITLE_SPLIT = re.compile(r"^(.+?)((?:19|20)\d\d年.+)$")


def title_parts(title: str) -> list[str]:
    """The title in pieces that should not break inside ("XX局" / "2021年政府信息公开工作年度报告")."""
    m = _TITLE_SPLIT.match(title)
    return [m.group(1), m.group(2)] if m else [title]


def report_context(data: ReportData, *, prefix: str = "gk") -> dict:
    """Everything the templates need; no layout decisions are left to the template."""
    fmt = get_format(data.format_key)
    sections = []
    for s in fmt.sections:
        table = _html_table(fmt.tables[s.table], data, prefix) if s.content == "table" and s.table else None
        sections.append(HtmlSection(s.key, f"{prefix}-{s.key}", s.heading,
                                    [p for p in data.narrative.get(s.key, []) if p and p.strip()], table))
    return {
        "page_css": mark_safe(gongwen.page_css()),  # noqa: S308 - our own constant CSS
        "title": data.display_title,
        "title_parts": title_parts(data.display_title),
        "prefix": prefix,
        "preamble": [p for p in data.preamble if p and p.strip()],
        "sections": sections,
        "format": fmt,
        "data": data,
    }


def render_html(data: ReportData, *, standalone: bool = True, prefix: str = "gk") -> str:
    """The report as a self-contained HTML page (standalone) or as the fragment for office/portal pages."""
    context = report_context(data, prefix=prefix)
    if standalone:
        return render_to_string("reports/document.html", context)
    # the fragment carries its own (scoped .gk-report) styles, so any page that embeds it shows the official layout
    return render_to_string("reports/_style.html", context) + render_to_string("reports/_body.html", context)
