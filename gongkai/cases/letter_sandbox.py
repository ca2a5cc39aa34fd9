"""The sandbox letter templates run in: a few tags and filters, plain text out, bounded in time and size.

Templates are edited by an agency's head and rendered at every registration, so a template must not be able to
reach data, produce HTML entities or take the server down:
* Only strings and lists of strings in the context; no loaders, no {% load %}, {% include %}, {% url %}, {% now %}.
* Tags: if, for, with, comment, firstof, cycle, ifchanged. Filters: those that do not grow their input (no
  |ljust:"100000000", no |add or |join on strings doubled in a {% with %} chain); |join only on lists, with a
  short separator.
* Autoescaping is off: the output is plain text (the applicant's "R&D" stays "R&D"); every HTML page that shows a
  letter escapes it once.
* Every node checks a deadline and the text produced so far, so nested loops over a 5,000-character request stop
  after the time budget instead of running for 42 seconds.
"""

from __future__ import annotations

import contextvars
import re
import time
from dataclasses import dataclass

from django.template import Context, Engine, Library, Node, TemplateSyntaxError, defaultfilters, defaulttags

from gongkai.core.errors import GongkaiError, Refused

ALLOWED_TAGS = ("if", "for", "with", "comment", "firstof", "cycle", "ifchanged")
ALLOWED_FILTERS = ("default", "default_if_none", "length", "first", "last", "lower", "upper", "title", "capfirst",
                   "cut", "slice", "truncatechars", "truncatewords", "wordcount", "yesno", "linenumbers")
MAX_JOIN_SEPARATOR = 10

register = Library()
for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name in ALLOWED_FILTERS:
    register.filters[_name] = defaultfilters.register.filters[_name]


@register.filter(is_safe=False)
def join(value, arg):
    """|join over a list of strings only (a string would be joined character by character)."""
    if not isinstance(value, list | tuple) or len(str(arg)) > MAX_JOIN_SEPARATOR:
        raise TemplateSyntaxError("join")
    return str(arg).join(str(v) for v in value)


_ENGINE = Engine(debug=False, libraries={}, autoescape=False, loaders=[])
_ENGINE.builtins = [__name__]
_ENGINE.template_builtins = _ENGINE.get_template_builtins(_ENGINE.builtins)


# --- limits -----------------------------------------------------------------------------------------------------
class TemplateTooSlow(Refused):
    pass


class TemplateTooLong(Refused):
    pass


@dataclass
class Budget:
    deadline: float
    max_chars: int
    chars: int = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateTooSlow("slow")

    def add(self, n: int) -> None:
        self.chars += n
        if self.chars > self.max_chars:
            raise TemplateTooLong("long")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("letter_budget", default=None)


class _Bounded:
    """Mixed into every node of a compiled letter template: a deadline check per node rendered, and the text that
    leaf nodes produce counted against the size limit (before it is joined into bigger strings)."""

    _gk_leaf = True

    def render_annotated(self, context):
        budget = _BUDGET.get()
        if budget is not None:
            budget.tick()
        out = super().render_annotated(context)
        if budget is not None and self._gk_leaf:
            budget.add(len(out))
        return out


_CLASSES: dict[type, type] = {}


def _bound(template) -> None:
    for node in template.nodelist.get_nodes_by_type(Node):
        cls = type(node)
        if not issubclass(cls, _Bounded):
            if cls not in _CLASSES:
                _CLASSES[cls] = type(f"Bounded{cls.__name__}", (_Bounded, cls), {})
            leaf = not any(getattr(node, attr, None) for attr in getattr(node, "child_nodelists", ()))
            node.__class__ = _CLASSES[cls]
            node._gk_leaf = leaf


# --- compile and render -------------------------------------------------------------------------------------------
_INVALID_TAG = re.compile(r"Invalid block tag on line (\d+): '([^']+)'")
_INVALID_FILTER = re.compile(r"Invalid filter: '([^']+)'")
_UNCLOSED = re.compile(r"Unclosed tag on line (\d+): '([^']+)'")


def _chinese(exc: TemplateSyntaxError) -> str:
    text = str(exc)
    if m := _INVALID_TAG.search(text):
        return (f"第{m[1]}行的 {{% {m[2]} %}} 标签不能使用或位置不对（可用的标签：{'、'.join(ALLOWED_TAGS)}，"
                "以及它们的 else、empty、endif、endfor 等）")
    if m := _INVALID_FILTER.search(text):
        return f"不能使用过滤器 {m[1]}（可用：{'、'.join((*ALLOWED_FILTERS, 'join'))}）"
    if m := _UNCLOSED.search(text):
        return f"第{m[1]}行的 {{% {m[2]} %}} 标签没有对应的结束标签"
    return text


def compile_body(body: str):
    """The compiled template, every node bounded; a syntax error is a GongkaiError in Chinese."""
    try:
        template = _ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        raise GongkaiError(f"模板格式有误：{_chinese(exc)}", field="body") from None
    _bound(template)
    return template


def render(template, ctx: dict, *, seconds: float, max_chars: int) -> str:
    """Plain text (no autoescaping); TemplateTooSlow / TemplateTooLong when a limit is reached, Refused when the
    template fails on this data."""
    token = _BUDGET.set(Budget(time.monotonic() + seconds, max_chars))
    try:
        return template.render(Context(ctx, autoescape=False))
    except (TemplateTooSlow, TemplateTooLong):
        raise
    except Exception:
        raise Refused("文书模板有误，无法生成文书，请负责人修改文书模板。") from None
    finally:
        _BUDGET.reset(token)
