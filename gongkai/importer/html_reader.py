"""HTML (including Word's "save as web page") → blocks, with html.parser from the standard library.

Tables become grids with rowspans and colspans expanded (covered positions None); `&nbsp;`, `<o:p>` and other
Office tags are just text containers. Text outside tables becomes paragraphs.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .stream import Grid, Para

_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "header",
               "footer", "title", "blockquote", "pre", "caption", "hr"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template"}


def _span(attrs, name: str) -> int:
    for key, value in attrs:
        if key == name:
            try:
                return max(1, min(int((value or "1").strip().rstrip(";")), 100))
            except ValueError:
                return 1
    return 1


class _Table:
    def __init__(self):
        self.rows: list[list[tuple[str, int, int]]] = []
        self.cell: list[str] | None = None
        self.spans = (1, 1)

    def grid(self) -> Grid:
        """Place every cell on the grid, skipping positions covered by rowspans from above."""
        covered: set[tuple[int, int]] = set()
        out: list[list[str | None]] = []
        for r, row in enumerate(self.rows):
            line: dict[int, str | None] = {}
            c = 0
            for text, colspan, rowspan in row:
                while (r, c) in covered:
                    line[c] = None
                    c += 1
                line[c] = text
                for dc in range(1, colspan):
                    line[c + dc] = None
                covered.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
                c += colspan
            width = max(line, default=-1) + 1
            out.append([line.get(i) for i in range(width)])
        return Grid(out)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self.text: list[str] = []
        self.tables: list[_Table] = []
        self.skip = 0

    def _flush(self):
        text = "".join(self.text).strip()
        self.text = []
        if text:
            self.blocks.append(Para(" ".join(text.split())))

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "table":
            if not self.tables:
                self._flush()
            self.tables.append(_Table())
            return
        table = self.tables[-1] if self.tables else None
        if table is not None and len(self.tables) == 1:
            if tag == "tr":
                table.rows.append([])
                table.cell = None
            elif tag in ("td", "th"):
                if not table.rows:
                    table.rows.append([])
                table.cell = []
                table.spans = (_span(attrs, "colspan"), _span(attrs, "rowspan"))
            return
        if table is None and tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            self._end_cell(table)
            if not self.tables:
                self.blocks.append(table.grid())
            return
        if self.tables and len(self.tables) == 1 and tag in ("td", "th"):
            self._end_cell(self.tables[-1])
            return
        if not self.tables and tag in _BLOCK_TAGS:
            self._flush()

    def _end_cell(self, table: _Table):
        if table.cell is not None:
            text = "".join(table.cell)
            table.rows[-1].append((" ".join(text.split()) if text.strip() else "", *table.spans))
            table.cell = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.tables:
            table = self.tables[0]
            if table.cell is not None:
                table.cell.append(data)
            return
        self.text.append(data)

    def close(self):
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._flush()


def html_blocks(text: str) -> list:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.blocks
