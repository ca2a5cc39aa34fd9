"""`gongkai workdays add|between|years|seed|notice` — working-day arithmetic and the calendar from the command line.

The first token of the first line is always the answer (a date or a number), so scripts can read it.
"""

from pathlib import Path

from django.db import transaction
from django.utils import timezone

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
    help = ("工作日计算：add 届满日；between 两日间工作日数；years 年度录入情况；seed 从数据包载入某年节假日安排；"
            "notice 读取国务院办公厅放假安排通知（--apply 录入）")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,between,years,seed,notice}")
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
        notice = sub.add_parser("notice", help="读取国务院办公厅关于某年部分节假日安排的通知（及其后的调整通知），逐日列出")
        notice.add_argument("files", nargs="+", metavar="FILE", help="通知全文的文本文件（UTF-8 或 GB18030）")
        notice.add_argument("--apply", action="store_true", help="确认无误后录入工作日历，并重新计算暂定期限")

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
        missing = services.missing_years(timezone.localdate())
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

    def do_notice(self, options):
        from gongkai.workdays.notice import parse, schedule_of

        notices = [parse(read_text_file(name)) for name in options["files"]]
        base = None
        if notices[0].kind != "schedule":
            year = notices[0].year
            if not CalendarYear.objects.filter(year=year, loaded=True).exists():
                raise GongkaiError(f"“{notices[0].title}”只调整了{notices[0].holiday}，{year}年全年的放假安排尚未录入，"
                                   "请同时给出该年的通知")
            base = services.loaded_schedule(year)
        schedule = schedule_of(notices, base)
        for line in schedule.lines():
            self.stdout.write(line)
        if not options.get("apply"):
            return
        entry, changed = services.apply_schedule(None, schedule, today=timezone.localdate())
        self.stdout.write(f"已录入{entry.year}年节假日安排（{entry.notice}），全年工作日 "
                          f"{services.year_workdays(entry.year)} 天；{len(changed)} 件在办申请的期限随之变动。")
        for change in changed:
            self.stdout.write(f"  {change.application.tracking_code} {change.old_due.isoformat()} → "
                              f"{change.new_due.isoformat()}")


def read_text_file(name: str) -> str:
    path = Path(name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GongkaiError(f"找不到文件：{name}") from None
    except OSError as exc:
        raise GongkaiError(f"无法读取文件 {name}：{exc.strerror or exc}") from None
    if len(raw) > 200_000:
        raise GongkaiError(f"文件 {name} 过大，请只保存通知正文")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GongkaiError(f"文件 {name} 不是文本文件（UTF-8 或 GB18030）")  # pragma: no cover - gb18030 decodes most
