"""The official table layout, derived from a format definition: rows of cells with colspans and rowspans.

HTML, DOCX and PDF all draw from this, so the merged headers of the official format are computed once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .definition import Table
from .model import ReportData


@dataclass
class LayoutCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False        # a header or label cell (not data)
    address: tuple | None = None  # (table, row, col) for data cells
    kind: str = ""              # the data cell's kind
    note: str = ""              # provenance (who entered it / what it counts)
    link: str = ""              # the records a computed cell counts
    source: str = ""            # manual / computed / imported / demo
    block_title: bool = False   # 表二's full-width 第二十条第（X）项 rows


def _depth(groups, parent) -> int:
    depth, node = 1, parent
    while node is not None:
        depth += 1
        node = groups[node].parent
    return depth


def _chain(groups, parent) -> list[str]:
    chain, node = [], parent
    while node is not None:
        chain.append(node)
        node = groups[node].parent
    return list(reversed(chain))


def _header_rows(table: Table) -> list[list[LayoutCell]]:
    groups, parents = table.column_groups, table.column_parents
    depth = max(_depth(groups, parents[c.key]) for c in table.columns)
    rows: list[list[LayoutCell]] = [[] for _ in range(depth)]
    placed: set[str] = set()
    for c in table.columns:
        chain = _chain(groups, parents[c.key])
        for level, gkey in enumerate(chain):
            if gkey in placed:
                continue
            placed.add(gkey)
            width = sum(1 for x in table.columns if gkey in _chain(groups, parents[x.key]))
            rows[level].append(LayoutCell(groups[gkey].label, colspan=width, header=True))
        rows[len(chain)].append(LayoutCell(c.label, rowspan=depth - len(chain), header=True))
    return rows


def _grid(table: Table, data: ReportData | None) -> list[list[LayoutCell]]:
    header = _header_rows(table)
    label_cols = 0
    if table.row_header:
        label_cols = max(_depth(table.row_groups, table.row_parents[r.key]) for r in table.rows)
        header[0].insert(0, LayoutCell(table.corner, colspan=label_cols, rowspan=len(header), header=True))
    out = header
    placed: set[str] = set()
    for r in table.rows:
        line: list[LayoutCell] = []
        if table.row_header:
            chain = _chain(table.row_groups, table.row_parents[r.key])
            for gkey in chain:
                if gkey in placed:
                    continue
                placed.add(gkey)
                height = sum(1 for x in table.rows if gkey in _chain(table.row_groups, table.row_parents[x.key]))
                line.append(LayoutCell(table.row_groups[gkey].label, rowspan=height, header=True))
            line.append(LayoutCell(r.label, colspan=label_cols - len(chain), header=True))
        line.extend(_data_cell(table, r.key, c, data) for c in table.columns)
        out.append(line)
    return out


def _data_cell(table: Table, row: str, column, data: ReportData | None) -> LayoutCell:
    address = (table.key, row, column.key)
    cell = data.cell(*address) if data else None
    return LayoutCell(cell.display if cell else "", colspan=column.span, address=address,
                      kind=cell.kind.value if cell else "", note=cell.note if cell else "",
                      link=cell.link if cell else "", source=cell.source if cell else "")


def _blocks(table: Table, data: ReportData | None) -> list[list[LayoutCell]]:
    out = []
    for block in table.blocks:
        out.append([LayoutCell(block.label, colspan=table.grid_columns, header=True, block_title=True)])
        out.append([LayoutCell(table.head, header=True)]
                   + [LayoutCell(c.label, colspan=c.span, header=True) for c in block.columns])
        for r in block.rows:
            out.append([LayoutCell(r.label, header=True)] + [_data_cell(table, r.key, c, data) for c in block.columns])
    return out


def table_layout(table: Table, data: ReportData | None = None) -> list[list[LayoutCell]]:
    return _grid(table, data) if table.layout == "grid" else _blocks(table, data)


def grid_width(table: Table) -> int:
    if table.layout == "blocks":
        return table.grid_columns
    label_cols = 0
    if table.row_header:
        label_cols = max(_depth(table.row_groups, table.row_parents[r.key]) for r in table.rows)
    return label_cols + sum(c.span for c in table.columns)
