from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError
from gongkai.privacy import services


class Command(GongkaiCommand):
    help = ("按各机关设置的保存年限，匿名化归档已满该年数的申请的申请人信息。默认只列出将被匿名化的申请（试运行），"
            "确认后加 --apply 执行（写入审计日志）。")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="执行匿名化（不加时只试运行）")
        parser.add_argument("--agency", help="只处理这个机关（机关代码）")

    def run(self, apply=False, agency=None, **options):
        today = timezone.localdate()
        target = None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise GongkaiError(f"没有代码为“{agency}”的机关。")
        plans = services.retention_plans(today, target)
        if not plans:
            self.stdout.write("没有机关设置申请人个人信息保存年限（依申请公开设置 → 申请人个人信息保存年限）。")
            return 0
        total = 0
        for plan in plans:
            verb = "已匿名化" if apply else "将匿名化"
            count = services.apply_retention(plan, today=today) if apply else len(plan.case_ids)
            total += count
            self.stdout.write(f"{plan.agency.name}：保存 {plan.years} 年，{plan.cutoff.isoformat()} 以前归档的申请"
                              f"{verb} {count} 件")
        if apply:
            services.scrub_storage()
        else:
            self.stdout.write(f"试运行：共 {total} 件，未作任何修改。确认后运行 gongkai retention --apply。")
        return 0
