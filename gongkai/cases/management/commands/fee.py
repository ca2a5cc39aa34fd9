"""`gongkai fee --items N [--before M]` / `gongkai fee --pages N` — 信息处理费 (国办函〔2020〕109号).

The first token of the first line is the amount in yuan.
"""

from gongkai.cases.fees import BASIS, ITEMS, quote
from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError
from gongkai.workdays.cli import ChineseArgumentErrors, parse_count


class Command(ChineseArgumentErrors, GongkaiCommand):
    help = f"计算政府信息公开信息处理费（{BASIS}）：按件计收 --items N [--before M]，或按量计收 --pages N"

    def add_arguments(self, parser):
        parser.add_argument("--items", metavar="N", help="本次申请件数（按件计收）")
        parser.add_argument("--before", metavar="M", help="同一申请人本自然月此前已申请件数（默认 0）")
        parser.add_argument("--pages", metavar="N", help="本件申请提供的页数（按量计收）")

    def run(self, *args, **options):
        items = parse_count(options.get("items"), "件数")
        before = parse_count(options.get("before"), "本月此前已申请件数")
        pages = parse_count(options.get("pages"), "页数")
        if before is not None and items is None and pages is None:
            raise GongkaiError("--before 只能与 --items 一起使用")
        if before is not None and pages is not None and items is None:
            raise GongkaiError("--before 只能与 --items 一起使用（按量计收不涉及本月已申请件数）")
        result = quote(items=items, before=before or 0, pages=pages)
        if result.scale == ITEMS:
            detail = f"本月此前已申请 {before or 0} 件，本次 {items} 件"
        else:
            detail = f"共 {pages} 页"
        self.stdout.write(f"{result.amount} 元（{result.scale_label}：{detail}）")
        for line in result.lines():
            self.stdout.write(line)
