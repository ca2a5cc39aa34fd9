"""Document bodies: sanitised with nh3 (the Ammonia HTML sanitiser, a real HTML5 parser) to an allow-list of tags
and attributes; links only http(s), mailto and site-relative targets; script/style/iframe/object content dropped.
Also yields the plain text.

Two things are done before Ammonia sees the HTML, so that nothing after a stray tag is lost:
* an opening <style>, <script>, <iframe>, … without its closing tag would make every following character its raw
  content (and so dropped): such an unclosed opening tag is removed and what follows stays ordinary text;
* <svg> and <math> start foreign content in which ordinary markup is not HTML: their tags are removed (never
  allowed anyway) and their text kept.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import nh3

TAGS = {"p", "br", "strong", "b", "em", "i", "u", "sub", "sup", "h2", "h3", "h4", "ul", "ol", "li", "blockquote",
        "pre", "code", "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "hr"}
ATTRIBUTES = {"th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}, "a": {"href", "title"}}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "noembed", "noframes",
                "xmp", "textarea", "title"}
RAW_TEXT = ("script", "style", "iframe", "noscript", "noembed", "noframes", "xmp", "textarea", "title",
            "plaintext")
BLOCK = {"p", "br", "h2", "h3", "h4", "li", "tr", "blockquote", "pre", "hr", "table"}
SAFE_URL = re.compile(r"^(https?://|mailto:|/(?![/\\])|#)", re.IGNORECASE)  # "/\\x" is "//x" to browsers
NUMBER = re.compile(r"^\d{1,3}$")
FOREIGN_START = re.compile(r"<(svg|math)\b[^>]*>", re.IGNORECASE)
ANY_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*>")


def _unwrap_foreign(html: str) -> str:
    """Inside <svg>…</svg> and <math>…</math> (or to the end when unclosed) keep only the text, the allowed HTML tags
    and raw-text elements (whose content is dropped later): Ammonia would drop the text of SVG/MathML elements."""
    out, pos = [], 0
    while True:
        m = FOREIGN_START.search(html, pos)
        if m is None:
            out.append(html[pos:])
            return "".join(out)
        out.append(html[pos:m.start()])
        end = re.compile(rf"</{m.group(1)}\s*>", re.IGNORECASE).search(html, m.end())
        region = html[m.end():end.start() if end else len(html)]
        out.append(ANY_TAG.sub(lambda t: t.group(0) if t.group(1).lower() in TAGS or t.group(1).lower() in RAW_TEXT
                               else "", region))
        pos = end.end() if end else len(html)


def _close_raw_text(html: str) -> str:
    """Remove every opening raw-text tag that has no closing tag after it."""
    for name in RAW_TEXT:
        opening = re.compile(rf"<{name}\b[^>]*>", re.IGNORECASE)
        closing = re.compile(rf"</{name}\s*>", re.IGNORECASE)
        pos = 0
        while True:
            m = opening.search(html, pos)
            if m is None:
                break
            if name == "plaintext" or not closing.search(html, m.end()):
                html = html[:m.start()] + html[m.end():]
                pos = m.start()
            else:
                pos = m.end()
    return html


def _attribute(tag: str, name: str, value: str) -> str | None:
    value = (value or "").strip()
    if name == "href" and not SAFE_URL.match(value):
        return None
    if name in ("colspan", "rowspan") and not NUMBER.match(value):
        return None
    return value


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(clean_html: str) -> str:
    parser = _Text()
    parser.feed(clean_html)
    parser.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def sanitize(html: str) -> tuple[str, str]:
    """(clean HTML, plain text). Plain text without markup is wrapped in paragraphs."""
    html = html or ""
    if "<" not in html:
        paragraphs = [p.strip() for p in html.splitlines() if p.strip()]
        return "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs), "\n".join(paragraphs)
    prepared = _unwrap_foreign(_close_raw_text(html))
    clean = nh3.clean(prepared, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener nofollow", clean_content_tags=DROP_CONTENT, attribute_filter=_attribute,
                      strip_comments=True)
    return clean, plain_text(clean)
