"""Base class for the `gongkai` sub-commands: one-line Chinese errors and meaningful exit codes."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, ProgrammingError

from .errors import GongkaiError


class GongkaiCommand(BaseCommand):
    """Sub-classes implement `run(*args, **options)` and return an exit code (or None for 0).

    A GongkaiError becomes one line on stderr ("错误：…") and its exit code; any other exception is
    reported in one line with exit code 2 (the traceback only with --traceback).
    """

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except GongkaiError as exc:
            self.stderr.write(f"错误：{exc.message}")
            sys.exit(exc.exit_code)
        except CommandError:
            raise
        except (OperationalError, ProgrammingError) as exc:
            if options.get("traceback"):
                raise
            text = str(exc)
            if "no such table" in text or "does not exist" in text:
                self.stderr.write("错误：数据库尚未初始化，请先运行 gongkai migrate（或 ./run demo）。")
            else:
                self.stderr.write(f"错误：数据库不可用（{text.splitlines()[0] if text else type(exc).__name__}）。")
            sys.exit(2)
        except Exception as exc:  # a last resort: never a traceback for a user
            if options.get("traceback"):
                raise
            self.stderr.write(f"错误：处理失败（{type(exc).__name__}：{exc}）")
            sys.exit(2)

    def handle(self, *args, **options):
        code = self.run(*args, **options)
        if code:
            sys.exit(code)

    def run(self, *args, **options):  # pragma: no cover - abstract
        raise NotImplementedError
