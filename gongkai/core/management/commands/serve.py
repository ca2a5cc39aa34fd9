import os
import sys

from gongkai.core.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "启动网站（gunicorn），默认 http://127.0.0.1:8000"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)

    def run(self, *args, port, host, workers, **options):
        self.stdout.write(f"Gongkai 已启动：http://{host}:{port}/  （按 Ctrl+C 停止）")
        self.stdout.flush()
        argv = [sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "--bind", f"{host}:{port}",
                "--workers", str(workers), "--access-logfile", "-", "--timeout", "120"]
        os.execv(sys.executable, argv)
