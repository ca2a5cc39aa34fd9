from tests.cases.conftest import APPLICANT, fresh_calendar_cache, make_case, no_approval, register, section  # noqa: F401
