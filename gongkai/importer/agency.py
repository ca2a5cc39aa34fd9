"""The report's title, agency and year, from the text before section 一.

Web pages saved by a crawler start with metadata lines (``标题: …``, ``发布机构: …``, ``==== 正文 ====``) and
converters add a stray ``正文``: these are read as metadata, never as the agency or the title.
"""

from __future__ import annotations

import re

from .stream import Tok

_META = re.compile(r"^\s*(标题|题目|名称|发布机构|发文机关|发布单位|来源|信息来源|发布时间|发布日期|成文日期|文号|发文字号|"
                   r"索引号|栏目|主题分类|分类|原文链接|链接|网址|本地目录|作者|浏览次数|字号)\s*[:：]\s*(.*)$")
_NOISE = re.compile(r"^[\s=\-—_*#·]*(正文|全文|附件|打印|关闭|【?字体[:：]?.*)?[\s=\-—_*#·]*$|^页面链接.*详见|^https?://")
_TITLE = re.compile(r"^(?P<pre>.*?)(?P<year>20\d{2})\s*年度?(?P<post>.*?)(?:政府信息公开|政务公开|信息公开)")
_ANY_YEAR = re.compile(r"(20\d{2})\s*年")
_GENERIC = {"", "本机关", "本单位", "无", "—", "-"}


def _clean_agency(name: str) -> str:
    name = re.sub(r"[\s\u3000]+", "", name or "").strip("：:，,。 ")
    return "" if name in _GENERIC or len(name) > 40 else name


def title_and_agency(head: list[Tok]) -> tuple[str, str, int, list[str]]:
    """(title, agency name, year, preamble paragraphs)."""
    lines = [t.text.strip() for t in head if t.kind in ("para", "line") and t.text.strip()]
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in lines:
        m = _META.match(line) if not body or len(meta) else None
        if m and len(line) < 200:
            meta.setdefault(m.group(1), m.group(2).strip())
            continue
        if _NOISE.match(line) and len(line) < 60:
            continue
        body.append(line)
    title = ""
    meta_title = next((meta[k] for k in ("标题", "题目", "名称") if meta.get(k) and "报告" in meta[k]), "")
    rest = body
    for i, line in enumerate(body[:6]):
        if line.endswith("报告") and len(line) < 120:
            title = "".join(body[: i + 1]) if i < 3 and all(len(x) < 60 for x in body[: i + 1]) else line
            rest = body[i + 1:]
            break
    if meta_title:
        title = meta_title
    elif not title:
        title, rest = (body[0], body[1:]) if body and len(body[0]) < 80 else ("", body)
    agency, year = "", 0
    m = _TITLE.match(title.replace(" ", ""))
    if m:
        year = int(m.group("year"))
        agency = _clean_agency(m.group("pre")) or _clean_agency(m.group("post"))
    for key in ("发布机构", "发文机关", "发布单位", "来源", "信息来源"):
        if not agency and _clean_agency(meta.get(key, "")):
            agency = _clean_agency(meta[key])
    if not year:
        found = _ANY_YEAR.search(title) or _ANY_YEAR.search("".join(rest[:3]))
        year = int(found.group(1)) if found else 0
    return title, agency, year, rest
