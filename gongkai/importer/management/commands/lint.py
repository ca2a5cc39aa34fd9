import csv
import json

from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError
from gongkai.importer.services import expand_paths, lint_path

SUMMARY_COLUMNS = ["file", "agency", "year", "format", "shape", "errors", "warnings", "status", "message"]


class Command(GongkaiCommand):
    help = ("读取并校验已发布的年度报告（文件或文件夹）；退出码 0 = 没有错误，1 = 有勾稽错误，2 = 无法读取。"
            "多份报告时每份一行汇总。")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--csv", dest="csv_out", help="把每份报告的汇总写成 CSV 文件")

    def run(self, *args, files, json: bool = False, csv_out=None, **options):
        paths = expand_paths(files)
        if not paths:
            raise GongkaiError("没有找到可读取的报告文件（.txt .html .md .docx .pdf .json .csv）。")
        lints = [lint_path(p) for p in paths]
        if csv_out:
            self._write_csv(csv_out, lints)
        if json:
            payload = [x.as_dict() for x in lints]
            self.stdout.write(_dumps(payload[0] if len(payload) == 1 and len(files) == 1 and not paths[0].is_dir()
                                     and files[0] == str(paths[0]) else payload))
        elif len(lints) == 1:
            lint = lints[0]
            if lint.error:
                self.stderr.write(f"错误：{lint.error}")
                return 2
            for f in lint.findings:
                self.stdout.write(f"[{f.severity_label}] {f.rule} {f.message}")
            self.stdout.write(self._line(lint))
        else:
            for lint in lints:
                self.stdout.write(self._line(lint))
            bad = sum(1 for x in lints if x.exit_code)
            self.stdout.write(f"共 {len(lints)} 份报告：{len(lints) - bad} 份无错误，"
                              f"{sum(1 for x in lints if x.exit_code == 1)} 份有错误，"
                              f"{sum(1 for x in lints if x.exit_code == 2)} 份无法读取。")
        return max(x.exit_code for x in lints)

    @staticmethod
    def _line(lint) -> str:
        if lint.error:
            return f"{lint.name}：无法读取：{lint.error}"
        d = lint.data
        return (f"{lint.name}：{d.agency_name or '（机关不详）'} {d.year or '（年度不详）'} 年，格式 {d.format_key}"
                f"（{lint.shape_label}），错误 {lint.errors} 处，提示 {lint.warnings} 处。")

    @staticmethod
    def _write_csv(path, lints) -> None:
        try:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, SUMMARY_COLUMNS, lineterminator="\n")
                writer.writeheader()
                for lint in lints:
                    writer.writerow(lint.summary())
        except OSError as exc:
            raise GongkaiError(f"无法写入 {path}：{exc.strerror or exc}") from None


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
