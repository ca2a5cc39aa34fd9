"""`gongkai read` and `gongkai lint`, written once: the Django management commands call these, and so does the
console script's fast path (gongkai/cli.py), which runs them without setting Django up — reading files needs no
database, and a folder of 100 reports should not wait for Django to start."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from gongkai.core.errors import GongkaiError

SUMMARY_COLUMNS = ["file", "agency", "year", "format", "shape", "errors", "warnings", "status", "message"]
READ_HELP = ("读取一份已发布的年度报告（文本、HTML、Markdown、DOCX、DOC/WPS、PDF、扫描 PDF），把读到的单元格写成开放数据"
             " CSV 或 JSON；JSON 含正文各部分和每格的来源、把握程度；CSV 另写同名的 .narrative.txt 正文文件和"
             " .sources.csv 来源文件。")
LINT_HELP = ("读取并校验已发布的年度报告（文件或文件夹）；退出码 0 = 没有错误，1 = 有勾稽错误，2 = 无法读取。"
             "多份报告时每份一行汇总，一份读不了不影响其他各份。")
FAST_COMMANDS = ("read", "lint")
_DJANGO_OPTIONS = ("--settings", "--pythonpath", "--traceback", "--verbosity", "-v", "--no-color", "--force-color",
                   "--skip-checks")


class Out:
    """Where a command writes: lines (with a newline) or raw text."""

    def __init__(self, stream):
        self.stream = stream

    def line(self, text: str) -> None:
        self.stream.write(text + "\n")

    def raw(self, text: str) -> None:
        self.stream.write(text)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


# ------------------------------------------------------------------------------------------------ read

def narrative_text(data) -> str:
    """The narrative sections as plain text (headings as found, then paragraphs)."""
    from gongkai.reports.definition import get_format

    fmt = get_format(data.format_key)
    lines = [data.display_title, "", *data.preamble]
    for section in fmt.sections:
        heading = (data.found_headings or {}).get(section.key, section.heading)
        paragraphs = data.narrative.get(section.key, [])
        if paragraphs or section.content == "narrative":
            lines += ["", heading, *paragraphs]
    return "\n".join(lines) + "\n"


def sources_rows(result):
    """table, row_key, col_key, status (read/unread), where, confidence, how or why unread."""
    from gongkai.reports.definition import get_format

    fmt = get_format(result.data.format_key)
    for address in [*fmt.addresses(), *(a for a in result.printed if not fmt.has_cell(*a))]:
        if address in result.origins:
            o = result.origins[address]
            yield [*address, "read", o.where, f"{o.confidence:.2f}", o.how]
        else:
            yield [*address, "unread", "", "0", result.unread.get(address, "未读出")]


def read_command(file: str, kind: str, output: str, out: Out, err: Out) -> int:
    from gongkai.reports.render.opendata import to_csv, to_dict

    from .detect import SHAPE_NAMES, read_path

    result = read_path(file)
    data = result.data
    if kind == "json":
        payload = to_dict(data)
        payload["sources"] = {"/".join(a): o.as_dict() for a, o in result.origins.items()}
        payload["unread"] = {"/".join(a): why for a, why in result.unread.items()}
        content = _dumps(payload) + "\n"
    else:
        content = to_csv(data)
    if output == "-":
        out.raw(content)
    else:
        target = Path(output)
        try:
            target.write_text(content, encoding="utf-8")
            if kind == "csv":
                target.with_suffix(".narrative.txt").write_text(narrative_text(data), encoding="utf-8")
                with open(target.with_suffix(".sources.csv"), "w", encoding="utf-8", newline="") as fh:
                    writer = csv.writer(fh, lineterminator="\n")
                    writer.writerow(["table", "row_key", "col_key", "status", "where", "confidence", "how"])
                    writer.writerows(sources_rows(result))
        except OSError as exc:
            raise GongkaiError(f"无法写入 {output}：{exc.strerror or exc}") from None
    for problem in result.problems:
        err.line(f"提示：{problem}")
    unread = f"，{len(result.unread)} 格未能读出" if result.unread else ""
    err.line(f"{file}：{data.agency_name or '（机关不详）'} {data.year or '（年度不详）'} 年，格式 {data.format_key}"
             f"（{SHAPE_NAMES.get(result.shape, result.shape)}），读到 {result.cells_found} 个单元格{unread}。")
    return 0


# ------------------------------------------------------------------------------------------------ lint

def _line(lint) -> str:
    if lint.error:
        return f"{lint.name}：无法读取：{lint.error}"
    from .table_reader import NOT_PRINTED

    d = lint.data
    gaps = sum(1 for why in lint.result.unread.values() if why != NOT_PRINTED)
    unread = f"，未能读出 {gaps} 格" if gaps else ""
    return (f"{lint.name}：{d.agency_name or '（机关不详）'} {d.year or '（年度不详）'} 年，格式 {d.format_key}"
            f"（{lint.shape_label}），错误 {lint.errors} 处，提示 {lint.warnings} 处{unread}。")


def _write_csv(path, lints) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, SUMMARY_COLUMNS, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            for lint in lints:
                writer.writerow(lint.summary())
    except OSError as exc:
        raise GongkaiError(f"无法写入 {path}：{exc.strerror or exc}") from None


def lint_command(files: list[str], as_json: bool, csv_out: str | None, out: Out, err: Out) -> int:
    from .lint import expand_paths, lint_path

    paths = expand_paths(files)
    if not paths:
        raise GongkaiError("没有找到可读取的报告文件（.txt .html .md .docx .doc .wps .pdf .json .csv）。")
    lints = []
    several = len(paths) > 1
    for p in paths:
        lint = lint_path(p)
        lints.append(lint)
        if several and not as_json:
            out.line(_line(lint))  # as it goes: a long folder shows progress, and no file waits for another
    if csv_out:
        _write_csv(csv_out, lints)
    if as_json:
        payload = [x.as_dict() for x in lints]
        single = len(payload) == 1 and len(files) == 1 and not paths[0].is_dir() and files[0] == str(paths[0])
        out.line(_dumps(payload[0] if single else payload))
    elif not several:
        lint = lints[0]
        if lint.error:
            err.line(f"错误：{lint.error}")
            return 2
        for f in lint.findings:
            out.line(f"[{f.severity_label}] {f.rule} {f.message}")
        out.line(_line(lint))
    else:
        bad = sum(1 for x in lints if x.exit_code)
        out.line(f"共 {len(lints)} 份报告：{len(lints) - bad} 份无错误，"
                 f"{sum(1 for x in lints if x.exit_code == 1)} 份有错误，"
                 f"{sum(1 for x in lints if x.exit_code == 2)} 份无法读取。")
    return max(x.exit_code for x in lints)


# ------------------------------------------------------------------------------------------------ fast path

def parser(name: str) -> argparse.ArgumentParser:
    if name == "read":
        p = argparse.ArgumentParser(prog="gongkai read", description=READ_HELP)
        p.add_argument("file")
        p.add_argument("--format", dest="kind", choices=["csv", "json"], default="json")
        p.add_argument("-o", "--output", default="-", help="输出文件；- 表示标准输出（默认）")
        return p
    p = argparse.ArgumentParser(prog="gongkai lint", description=LINT_HELP)
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--csv", dest="csv_out", help="把每份报告的汇总写成 CSV 文件")
    return p


def fast_main(name: str, args: list[str]) -> int | None:
    """Run `gongkai read|lint` without Django; None when the arguments need Django's own options."""
    if name not in FAST_COMMANDS or any(a.split("=")[0] in _DJANGO_OPTIONS for a in args):
        return None
    options = parser(name).parse_args(args)
    out, err = Out(sys.stdout), Out(sys.stderr)
    try:
        if name == "read":
            return read_command(options.file, options.kind, options.output, out, err)
        return lint_command(options.files, options.json, options.csv_out, out, err)
    except GongkaiError as exc:
        err.line(f"错误：{exc.message}")
        return exc.exit_code
    except Exception as exc:  # a last resort: never a traceback for a user
        err.line(f"错误：处理失败（{type(exc).__name__}：{exc}）")
        return 2
