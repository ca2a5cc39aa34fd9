class GongkaiError(Exception):
    """A refusal with a clear Chinese message for the user. Never shown as a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(GongkaiError):
    exit_code = 2


class Refused(GongkaiError):
    """A business rule refused the action (e.g. publishing a report with errors)."""

    exit_code = 1


class Conflict(GongkaiError):
    """Somebody else changed the record in the meantime."""

    exit_code = 1
