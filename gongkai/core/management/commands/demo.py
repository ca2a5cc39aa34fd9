from django.core.management import call_command
from django.utils import timezone

from gongkai.core.commands import GongkaiCommand
from gongkai.demo.load import DEMO_PASSWORD, FORMER_STAFF, USERS, load_demo


class Command(GongkaiCommand):
    help = "载入演示数据（可重复运行）并启动服务；--no-serve 只载入不启动。"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只载入演示数据，不启动服务")
        parser.add_argument("--port", type=int, default=8000)

    def run(self, *args, no_serve, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        created = load_demo(timezone.localdate())
        self.stdout.write(f"演示数据已就绪（新建机关 {created['agencies']} 个、用户 {created['users']} 个、"
                          f"报告 {created['reports']} 份）。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, display, code, roles in USERS:
            if username in FORMER_STAFF:
                continue
            self.stdout.write(f"  {username:<12}{display}  {code}  {'、'.join(r.label for r in roles)}")
        if not no_serve:
            call_command("serve", port=port)
