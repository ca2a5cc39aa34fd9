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
    if argv[1] in ("read", "lint"):
        # reading published reports needs no database: run without setting Django up (starts in ~0.1 s)
        from gongkai.importer.commands import fast_main

        code = fast_main(argv[1], argv[2:])
        if code is not None:
            return code
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
