import json
from pathlib import Path

from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError
from gongkai.reports.render.opendata import OpenDataError, from_csv, from_json
from gongkai.reports.rules import has_errors, validate


def load(path: str):
    p = Path(path)
    if not p.is_file():
        raise GongkaiError(f"文件不存在：{path}")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise GongkaiError(f"{path}：不是 UTF-8 文本。") from None
    try:
        if p.suffix.lower() == ".csv" or (not text.lstrip().startswith("{") and "row_key" in text[:200]):
            return from_csv(text)
        return from_json(text)
    except OpenDataError as exc:
        raise GongkaiError(f"{path}：{exc.message}") from None


class Command(GongkaiCommand):
    help = "校验年度报告的 JSON 或 CSV 文件；有错误时退出码为 1，否则为 0。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--previous", help="上一年度报告（JSON/CSV），用于上年结转等跨年度校验")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")

    def run(self, *args, file, previous, json: bool = False, **options):
        data = load(file)
        prev = load(previous) if previous else None
        findings = validate(data, prev)
        errors = sum(1 for f in findings if f.is_error)
        if json:
            self.stdout.write(_dumps({"file": file, "format": data.format_key, "errors": errors,
                                      "warnings": len(findings) - errors,
                                      "findings": [f.as_dict() for f in findings]}))
        else:
            for f in findings:
                self.stdout.write(f"[{f.severity_label}] {f.rule} {f.message}")
            self.stdout.write(f"{file}：格式 {data.format_key}，错误 {errors} 处，提示 {len(findings) - errors} 处。")
        return 1 if has_errors(findings) else 0


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
