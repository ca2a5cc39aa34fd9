"""Who works on an agency's annual report.

A department's report is written by its 经办人 and 负责人. The 本级人民政府's own report is, in most counties, written
by the 政务公开办 (the government office that runs 政务公开): with GONGKAI_GOVERNMENT_REPORT_BY_OVERSIGHT (default
on), a 政务公开办 member of the government acts as 经办人 and 负责人 of the government's own report. The government's own
经办人/负责人/管理员, when it has them, keep their roles either way. This never reaches a department's report.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import AgencyLevel, Role


def oversight_writes_government_report() -> bool:
    return bool(getattr(settings, "GONGKAI_GOVERNMENT_REPORT_BY_OVERSIGHT", True))


def report_roles(user, agency) -> set[str]:
    """The user's roles for this agency's report (see the module note for the government's own report)."""
    roles = roles_in(user, agency)
    if (agency.level == AgencyLevel.GOVERNMENT and Role.OVERSIGHT in roles
            and oversight_writes_government_report()):
        roles |= {Role.CLERK, Role.HEAD}
    return roles


def require_report_role(user, agency, *roles: str) -> None:
    if not report_roles(user, agency) & set(roles):
        names = "、".join(Role(r).label for r in roles)
        raise PermissionDenied(f"需要本机关的以下岗位之一：{names}。")
