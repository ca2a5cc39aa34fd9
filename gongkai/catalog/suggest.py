"""“您是不是要找：…” for a query that finds nothing: each unknown word replaced by the closest indexed word.

The vocabulary is the SearchWord table (words the indexer saw, with document frequencies); RapidFuzz's normalised
Levenshtein similarity picks the candidates offline, the more frequent word wins a tie, and the suggestion is only
offered when it finds something.
"""

from __future__ import annotations

import time

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .models import SearchWord
from .search_index import catalog_version
from .search_text import VOCAB_WORD

VOCAB_SIZE = 50_000      # the most frequent words are enough to correct a typo
VOCAB_TTL = 300          # seconds a process keeps its copy (and until the catalog changes)
CUTOFF = 0.5             # normalised similarity: one wrong character in a two-character word still qualifies
_cache: dict = {"key": None, "at": 0.0, "words": [], "df": {}}


def vocabulary() -> tuple[list[str], dict[str, int]]:
    key = catalog_version("all")
    if _cache["key"] != key or time.monotonic() - _cache["at"] > VOCAB_TTL:
        rows = list(SearchWord.objects.order_by("-df", "word").values_list("word", "df")[:VOCAB_SIZE])
        _cache.update(key=key, at=time.monotonic(), words=[w for w, _ in rows], df=dict(rows))
    return _cache["words"], _cache["df"]


def closest(word: str) -> str | None:
    words, df = vocabulary()
    if not words or word in df:
        return None
    found = process.extract(word, words, scorer=Levenshtein.normalized_similarity, limit=8, score_cutoff=CUTOFF)
    if not found:
        return None
    best = max(found, key=lambda m: (round(m[1], 6), len(m[0]) == len(word), df.get(m[0], 0)))
    return best[0]


def suggestion(q: str, finds) -> str:
    """A corrected query, or "" when there is none that `finds` (a callable: does this query find anything?)."""
    parts, changed = [], False
    for part in q.lower().split()[:6]:
        better = closest(part) if VOCAB_WORD.match(part) else None
        parts.append(better or part)
        changed = changed or bool(better)
    text = " ".join(parts)
    if changed and text != q.lower() and finds(text):
        return text
    return ""
