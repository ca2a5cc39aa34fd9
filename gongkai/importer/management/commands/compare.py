import json

from gongkai.core.commands import GongkaiCommand
from gongkai.importer.detect import read_path
from gongkai.importer.services import compare


class Command(GongkaiCommand):
    help = "比较同一机关相邻两年的报告：上年结转等跨年度校验，以及变化的单元格（单元格、A、B、差值）。"

    def add_arguments(self, parser):
        parser.add_argument("a")
        parser.add_argument("b")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def run(self, *args, a, b, json: bool = False, **options):
        result = compare(read_path(a).data, read_path(b).data)
        e, l_ = result.earlier, result.later
        if json:
            self.stdout.write(_dumps({
                "a": {"agency": e.agency_name, "year": e.year, "format": e.format_key},
                "b": {"agency": l_.agency_name, "year": l_.year, "format": l_.format_key},
                "notes": result.notes, "findings": [f.as_dict() for f in result.findings],
                "compared": result.compared,
                "changes": [{"cell": "/".join(c.address), "label": c.label, "a": c.a, "b": c.b, "delta": c.delta}
                            for c in result.changes]}))
            return 1 if result.errors else 0
        self.stdout.write(f"比较：{e.agency_name} {e.year} 年（格式 {e.format_key}）→ {l_.agency_name} {l_.year} 年"
                          f"（格式 {l_.format_key}）")
        for note in result.notes:
            self.stdout.write(f"注意：{note}")
        for f in result.findings:
            self.stdout.write(f"[{f.severity_label}] {f.rule} {f.message}")
        if not result.errors and result.later.year - result.earlier.year == 1:
            self.stdout.write("跨年度校验通过：上年结转与上年报告“结转下年度继续办理”一致（Y-1）。")
        if result.changes:
            self.stdout.write(f"单元格\t{e.year}\t{l_.year}\t变化")
            for c in result.changes:
                self.stdout.write(f"{c.label}\t{c.a}\t{c.b}\t{c.delta}")
        self.stdout.write(f"共比较 {result.compared} 个单元格，变化 {len(result.changes)} 个。")
        return 1 if result.errors else 0


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
