"""Text into search tokens: jieba for words, punctuation splits for 索引号/文号, prefixed tokens for facets.

Used alike when indexing and when querying, on SQLite (FTS5, unicode61) and PostgreSQL (`simple` tsvector).
"""

from __future__ import annotations

import hashlib
import logging
import re

MAX_QUERY = 100          # characters kept from the box
MAX_TERMS = 12
WORD = re.compile(r"\w", re.UNICODE)
NUMBER_PART = re.compile(r"[0-9a-z]+|[^\W\d_a-z]+")
# a 索引号 or 文号 (or part of one) typed into the box: digits with letters, brackets, slashes or dashes, no spaces
NUMBER_LIKE = re.compile(r"^(?=.*\d)[\w〔〕\[\]［］()（）/\-—.]{3,60}$")
VOCAB_WORD = re.compile(r"^(?:[\u4e00-\u9fff]{2,12}|[a-z]{3,20})$")

_jieba = None
logging.getLogger("jieba").setLevel(logging.WARNING)


def _seg():
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def index_tokens(*texts: str) -> str:
    """Search-mode segmentation (long words and their parts), lower-cased, space-separated."""
    jieba = _seg()
    out = []
    for text in texts:
        if text:
            out.extend(t.lower() for t in jieba.cut_for_search(text) if WORD.search(t))
    return " ".join(out)


def query_terms(q: str) -> list[str]:
    jieba = _seg()
    seen, terms = set(), []
    for t in jieba.cut(q[:MAX_QUERY]):
        t = t.strip().lower()
        if t and WORD.search(t) and t not in seen:
            seen.add(t)
            terms.append(t)
    return terms[:MAX_TERMS]


def number_parts(text: str) -> list[str]:
    """“11370800MB1234567K/2026-00066” → 11370800mb1234567k 2026 00066; “测商发〔2026〕5号” → 测商发 2026 5 号."""
    return NUMBER_PART.findall((text or "").lower())


def number_tokens(*numbers: str) -> str:
    return " ".join(part for n in numbers for part in number_parts(n))


def genre_token(genre: str) -> str:
    return "g" + hashlib.md5(genre.encode(), usedforsecurity=False).hexdigest()[:8]


def topic_tokens(topic: str) -> list[str]:
    if not topic:
        return []
    head, _, sub = topic.partition(".")
    return [f"t{head}"] + ([f"t{head}x{sub}"] if sub else [])


def topic_token(topic: str) -> str:
    """The one token a topic filter asks for: a head (“7”) or a sub-topic (“7.2”)."""
    return topic_tokens(topic)[-1]


def facet_tokens(kind: str, agency_id: int, year: int | None, topic: str, genre: str) -> str:
    out = [f"k{kind}", f"a{agency_id}"] + ([f"y{year}"] if year else []) + topic_tokens(topic)
    if genre:
        out.append(genre_token(genre))
    return " ".join(out)


def vocabulary_words(*token_strings: str) -> set[str]:
    """Words worth suggesting (Chinese words of two or more characters, Latin words): no numbers."""
    return {t for s in token_strings for t in s.split() if VOCAB_WORD.match(t)}
