"""Helpers for `gongkai` sub-commands: parse dates and counts with Chinese errors; Chinese argparse errors.

(Candidates for gongkai.core.commands; kept here so the workdays and fee commands can share them.)
"""

import argparse
import re
import sys
from datetime import date

from django.core.management.base import CommandError

from gongkai.core.errors import GongkaiError


def parse_date(text, what: str = "日期") -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise GongkaiError(f"{what}“{text}”无效，应为存在的日期，格式如 2024-02-01") from None


def parse_count(text, what: str) -> int | None:
    """A non-negative integer from the command line (None stays None)."""
    if text is None:
        return None
    text = str(text).strip()
    if not re.fullmatch(r"-?[0-9]+", text):
        raise GongkaiError(f"{what}“{text}”无效，应为非负整数")
    value = int(text)
    if value < 0:
        raise GongkaiError(f"{what}不能为负数（收到 {value}）")
    return value


_MESSAGES = [
    (r"the following arguments are required: (.*)", "缺少参数：{0}"),
    (r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)", "{0} 无效：{1}（可选：{2}）"),
    (r"invalid choice: '?([^' ]*)'? \(choose from (.*)\)", "无效的选项：{0}（可选：{1}）"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (\S+): expected one argument", "{0} 缺少取值"),
]


def chinese_message(message: str) -> str:
    for pattern, template in _MESSAGES:
        match = re.fullmatch(pattern, message.strip())
        if match:
            groups = [g.replace("'", "") for g in match.groups()]
            if groups and groups[0].startswith("{"):
                groups[0] = "子命令"
            return template.format(*groups)
    return f"参数有误（{message}）"


def _chinese_error(parser):
    def error(message):
        text = chinese_message(message)
        if parser.called_from_command_line:
            sys.stderr.write(f"错误：{text}。用法见：{parser.prog} -h\n")
            sys.exit(2)
        raise CommandError(f"错误：{text}")

    return error


class ChineseArgumentErrors:
    """Mix into a GongkaiCommand: argparse errors become one Chinese line and exit status 2."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parsers = [parser]
        while parsers:
            current = parsers.pop()
            current.error = _chinese_error(current)
            for action in current._actions:
                if isinstance(action, argparse._SubParsersAction):
                    parsers.extend(action.choices.values())
        return parser
