"""Running a `gongkai` sub-command in-process, as the user would, for tests."""

from io import StringIO

from django.core.management import call_command


def run_command(*args) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `gongkai ARGS…`; a GongkaiCommand's sys.exit becomes the code."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()
