"""`gongkai remind [--today YYYY-MM-DD]` — e-mail each assigned clerk the cases due within 5 working days and the
overdue ones, and print a summary (the e-mail backend is configured in settings; console by default)."""

from datetime import date

from django.utils import timezone

from gongkai.cases.reminders import send_reminders
from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError


class Command(GongkaiCommand):
    help = "提醒经办人：5个工作日内到期和已逾期的政府信息公开申请"

    def add_arguments(self, parser):
        parser.add_argument("--today", metavar="YYYY-MM-DD", help="按指定日期计算（默认今天）")

    def run(self, *args, **options):
        raw = options.get("today")
        try:
            today = date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise GongkaiError(f"日期“{raw}”格式不正确（应为 2026-03-02）") from None
        summary = send_reminders(today)
        self.stdout.write(f"{today.isoformat()}：即将到期 {summary['soon']} 件，已逾期 {summary['overdue']} 件，"
                          f"发送提醒邮件 {summary['emails']} 封，未分配经办人 {summary['unassigned']} 件。")
        for line in summary["lines"]:
            self.stdout.write(line)
