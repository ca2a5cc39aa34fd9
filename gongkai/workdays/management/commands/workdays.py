"""`gongkai workdays add|between|years|seed` — working-day arithmetic from the command line.

The first token of the first line is always the answer (a date or a number), so scripts can read it.
"""

from datetime import date

from django.db import transaction

from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError
from gongkai.workdays import services
from gongkai.workdays.cli import ChineseArgumentErrors, parse_count, parse_date
from gongkai.workdays.engine import day_label, provisional_note
from gongkai.workdays.models import CalendarDay, CalendarYear, Source
from gongkai.workdays.seed import package_years, seed_year


def parse_year(text: str) -> int:
    text = str(text).strip()
    if not (text.isdigit() and len(text) == 4):
        raise GongkaiError(f"年度“{text}”无效，应为四位数字，如 2026")
    return int(text)


class Command(ChineseArgumentErrors, GongkaiCommand):
    help = "工作日计算：add 届满日；between 两日间工作日数；years 年度录入情况；seed 从数据包载入某年节假日安排"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,between,years,seed}")
        add = sub.add_parser("add", help="自起算日起第 N 个工作日（默认起算日当日不计入）")
        add.add_argument("date", help="起算日，如 2024-02-01")
        add.add_argument("n", help="工作日数，如 20")
        add.add_argument("--count-start", action="store_true", dest="count_start", help="起算日当日计入")
        between = sub.add_parser("between", help="A 之后至 B（含 B）的工作日数")
        between.add_argument("a", help="开始日期（不计入）")
        between.add_argument("b", help="结束日期（计入）")
        sub.add_parser("years", help="列出已录入节假日安排的年度")
        seed = sub.add_parser("seed", help="从 chinese_calendar 数据包（重新）载入某年的节假日安排")
        seed.add_argument("year", help="年度，如 2026")
        seed.add_argument("--force", action="store_true", help="覆盖人工录入的年度")

    def run(self, *args, **options):
        action = options["action"]
        return getattr(self, f"do_{action}")(options)

    def do_add(self, options):
        start = parse_date(options["date"], "起算日")
        n = parse_count(options["n"], "工作日数")
        result = services.add_workdays(start, n, count_start=options.get("count_start", False))
        self.stdout.write(f"{result.date.isoformat()} {result.provisional_note()}".rstrip())
        for line in result.explain_text():
            self.stdout.write(line)

    def do_between(self, options):
        a = parse_date(options["a"], "开始日期")
        b = parse_date(options["b"], "结束日期")
        count = services.workdays_between(a, b)
        missing = services.unloaded_years(a, b)
        note = f" （暂定：{provisional_note(missing)}）" if missing else ""
        self.stdout.write(f"{count}{note}")
        self.stdout.write(f"{day_label(a)} 之后至 {day_label(b)}（含）共 {count} 个工作日")

    def do_years(self, options):
        rows = list(CalendarYear.objects.filter(loaded=True).order_by("year"))
        self.stdout.write(str(len(rows)))
        for row in rows:
            self.stdout.write(f"{row.year} {row.get_source_display()} {row.notice}".rstrip())
        missing = services.missing_years(date.today())
        if missing:
            self.stdout.write(f"警告：{provisional_note(missing)}，相关期限按周一至周五计算（暂定）")

    def do_seed(self, options):
        from gongkai.audit.services import record

        year = parse_year(options["year"])
        first, last = package_years()
        if not first <= year <= last:
            raise GongkaiError(f"chinese_calendar 数据包没有{year}年的节假日数据（当前版本支持 {first}—{last} 年），"
                               "请依据国务院办公厅通知人工录入")
        existing = CalendarYear.objects.filter(year=year).first()
        if existing and existing.loaded and existing.source == Source.MANUAL and not options.get("force"):
            raise GongkaiError(f"{year}年节假日安排已人工录入（{existing.notice or '无文号'}），"
                               "如确需用数据包覆盖，请加 --force")
        with transaction.atomic():
            rows = seed_year(year, CalendarDay, CalendarYear)
            services.invalidate_after_change()
            record("calendar.year.enter", data={"year": year, "source": Source.CHINESE_CALENDAR, "rows": rows,
                                                 "replaced": existing.source if existing else None})
        self.stdout.write(f"{year} 已载入 {rows} 条例外日（来源：chinese_calendar 数据包）")
