"""The `gongkai` console command.

Every sub-command is a Django management command, so `gongkai migrate` or `gongkai check --deploy`
pass straight through to Django.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2:
        argv.append("help")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
