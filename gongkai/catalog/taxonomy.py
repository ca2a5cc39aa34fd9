"""The classification lists (主题分类, 体裁, 发布渠道, 第二十条各项), read from data/taxonomy.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Topic:
    code: str      # "7.2" (level 1 index . level 2 index); "7" for a first-level heading
    name: str      # 国内贸易（含供销）
    parent: str    # 商贸、海关、旅游 ("" for a first-level topic)

    @property
    def path(self) -> str:
        return f"{self.parent}\\{self.name}" if self.parent else self.name


@dataclass(frozen=True)
class Taxonomy:
    topics: dict[str, Topic]           # every code, level 1 and level 2
    tree: list[tuple[Topic, list[Topic]]]
    genres: list[str]
    channels: dict[str, str]           # key → name
    art20: list[str]


@cache
def taxonomy() -> Taxonomy:
    raw = tomllib.loads(resources.files("gongkai.catalog").joinpath("data", "taxonomy.toml").read_text("utf-8"))
    topics, tree = {}, []
    for i, entry in enumerate(raw["topics"], start=1):
        head = Topic(str(i), entry["name"], "")
        topics[head.code] = head
        kids = [Topic(f"{i}.{j}", name, head.name) for j, name in enumerate(entry.get("children", []), start=1)]
        topics.update((t.code, t) for t in kids)
        tree.append((head, kids))
    channels = {c["key"]: c["name"] for c in raw["channels"]}
    return Taxonomy(topics, tree, list(raw["genres"]), channels, list(raw["art20"]))


def topic_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a <select>: a heading may be chosen itself when it has no children."""
    out = []
    for head, kids in taxonomy().tree:
        out.append((head.name, [(t.code, t.name) for t in kids] or [(head.code, head.name)]))
    return out


def topic_label(code: str) -> str:
    topic = taxonomy().topics.get(code)
    return topic.path if topic else ""


def genre_choices() -> list[tuple[str, str]]:
    return [(g, g) for g in taxonomy().genres]


def channel_choices() -> list[tuple[str, str]]:
    return list(taxonomy().channels.items())


def art20_label(item: int) -> str:
    items = taxonomy().art20
    return f"第二十条第（{cn_number(item)}）项　{items[item - 1]}" if 1 <= item <= len(items) else ""


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    if n < 20:
        return "十" + CN_NUMERALS[n - 11]
    return str(n)
