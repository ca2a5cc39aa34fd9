"""A small allow-list HTML sanitiser (html.parser only, no dependency) for document bodies.

Allowed tags keep only allowed attributes; links only http(s), mailto and site-relative targets; the content of
script/style/iframe/object is dropped whole; everything else is escaped text. Also yields the plain text.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

ALLOWED = {
    "p": (), "br": (), "strong": (), "b": (), "em": (), "i": (), "u": (), "sub": (), "sup": (),
    "h2": (), "h3": (), "h4": (), "ul": (), "ol": (), "li": (), "blockquote": (), "pre": (), "code": (),
    "table": (), "thead": (), "tbody": (), "tr": (), "th": ("colspan", "rowspan", "scope"),
    "td": ("colspan", "rowspan"), "caption": (), "a": ("href", "title"), "hr": (),
}
VOID = {"br", "hr"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
BLOCK = {"p", "br", "h2", "h3", "h4", "li", "tr", "blockquote", "pre", "hr", "table", "div"}
SAFE_URL = re.compile(r"^(https?://|mailto:|/(?![/\\])|#)", re.IGNORECASE)  # "/\\x" is "//x" to browsers
NUMBER = re.compile(r"^\d{1,3}$")


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping:
            return
        if tag in BLOCK:
            self.text.append("\n")
        if tag not in ALLOWED:
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED[tag] or value is None:
                continue
            value = value.strip()
            if name == "href" and not SAFE_URL.match(value):
                continue
            if name in ("colspan", "rowspan") and not NUMBER.match(value):
                continue
            kept.append(f' {name}="{escape(value, quote=True)}"')
        if tag == "a" and kept:
            kept.append(' rel="noopener nofollow"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in DROP_CONTENT:  # <script/> has no content to drop: keep reading what follows
            return
        self.handle_starttag(tag, attrs)
        if tag in self.open and tag not in VOID and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in ALLOWED or tag in VOID or tag not in self.open:
            return
        while self.open:  # close anything left open inside it, so the output stays well-formed
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        if self.dropping:
            return
        self.out.append(escape(data, quote=False))
        self.text.append(data)

    def close(self):
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")


def sanitize(html: str) -> tuple[str, str]:
    """(clean HTML, plain text). Plain text without markup is wrapped in paragraphs."""
    html = html or ""
    if "<" not in html:
        paragraphs = [p.strip() for p in html.splitlines() if p.strip()]
        return "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs), "\n".join(paragraphs)
    cleaner = _Cleaner()
    cleaner.feed(html)
    cleaner.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(cleaner.text))
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return "".join(cleaner.out), text
