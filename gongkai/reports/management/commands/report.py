from pathlib import Path

from gongkai.agencies.models import Agency
from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError, NotFound
from gongkai.reports.exports import EXPORTS, render
from gongkai.reports.services import get_report, to_data


class Command(GongkaiCommand):
    help = "导出一份年度报告：gongkai report --agency CODE --year YEAR --format html|docx|pdf|json|csv -o FILE"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机关代码，如 jiaxiang-shangwu")
        parser.add_argument("--year", required=True, help="报告年度")
        parser.add_argument("--format", dest="kind", required=True, choices=sorted(EXPORTS))
        parser.add_argument("--report-version", dest="report_version", type=int, default=None, help="报告版本号（默认为最新的有效版本）")
        parser.add_argument("-o", "--output", required=True, help="输出文件；- 表示标准输出")

    def run(self, *args, agency, year, kind, report_version, output, **options):
        try:
            year = int(year)
        except ValueError:
            raise GongkaiError(f"年度“{year}”不是四位数字。") from None
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise NotFound(f"没有代码为“{agency}”的机关。")
        content = render(to_data(get_report(found, year, report_version)), kind)
        if output == "-":
            self.stdout.buffer.write(content) if hasattr(self.stdout, "buffer") else self.stdout.write(
                content.decode("utf-8", "replace"))
        else:
            Path(output).write_bytes(content)
            self.stdout.write(f"已导出 {output}（{len(content)} 字节）")
