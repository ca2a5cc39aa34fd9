from pathlib import Path

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError, NotFound
from gongkai.reports import rollup
from gongkai.reports.exports import EXPORTS, render
from gongkai.reports.services import get_report, to_data


class Command(GongkaiCommand):
    help = ("导出一份年度报告：gongkai report --agency CODE --year YEAR --format html|docx|pdf|json|csv -o FILE；"
            "--scope departments 导出本级人民政府所属各部门的部门汇总（csv、xlsx、json）")

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机关代码，如 jiaxiang-shangwu")
        parser.add_argument("--year", required=True, help="报告年度")
        parser.add_argument("--format", dest="kind", required=True, choices=sorted({*EXPORTS, *rollup.EXPORTS}))
        parser.add_argument("--scope", choices=["agency", "departments"], default="agency",
                            help="agency：该机关自身的年报（默认）；departments：所属各部门的部门汇总")
        parser.add_argument("--report-version", dest="report_version", type=int, default=None, help="报告版本号（默认为最新的有效版本）")
        parser.add_argument("-o", "--output", required=True, help="输出文件；- 表示标准输出")

    def run(self, *args, agency, year, kind, scope, report_version, output, **options):
        try:
            year = int(year)
        except ValueError:
            raise GongkaiError(f"年度“{year}”不是四位数字。") from None
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise NotFound(f"没有代码为“{agency}”的机关。")
        if scope == "departments":
            return self.departments(found, year, kind, output)
        if kind not in EXPORTS:
            raise GongkaiError(f"单份年报不支持“{kind}”格式（可选：{'、'.join(EXPORTS)}）。")
        self.write(output, render(to_data(get_report(found, year, report_version)), kind))

    def departments(self, government, year, kind, output):
        from gongkai.agencies.models import AgencyLevel

        if government.level != AgencyLevel.GOVERNMENT:
            raise GongkaiError(f"{government.name}不是本级人民政府；部门汇总请用本级人民政府的代码。")
        if kind not in rollup.EXPORTS:
            raise GongkaiError(f"部门汇总不支持“{kind}”格式（可选：{'、'.join(rollup.EXPORTS)}）。")
        result = rollup.compute_rollup(government, year, timezone.localdate())
        self.write(output, rollup.render(result, kind))
        if kind == "csv" and output != "-":
            side = Path(output).with_suffix(".agencies.csv")
            side.write_bytes(("\ufeff" + rollup.members_csv(result)).encode("utf-8"))
            self.stderr.write(f"各机关报送情况：{side}")
        self.stderr.write(f"{rollup.LABEL}（不是本级人民政府的年度报告）。{rollup.BASIS}")
        self.stderr.write(f"计入 {len(result.counted)} 个机关；未计入 {len(result.missing)} 个：")
        for m in result.missing:
            self.stderr.write(f"  {m.agency.code} {m.agency.name}：{m.note}")

    def write(self, output, content: bytes):
        if output == "-":
            self.stdout.buffer.write(content) if hasattr(self.stdout, "buffer") else self.stdout.write(
                content.decode("utf-8", "replace"))
        else:
            Path(output).write_bytes(content)
            self.stdout.write(f"已导出 {output}（{len(content)} 字节）")
