"""Which buttons a person sees: the same role rules the views enforce, so no button leads to a 403.

    {% load office_roles %}{% may "cases.register" agency as can_register %}

tests/office/test_buttons_by_role.py follows every link and button of every office page as each persona and fails
when one answers 403, so a rule changed in a view and not here shows up there.
"""

from __future__ import annotations

from django import template

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.catalog import registry
from gongkai.catalog import services as catalog
from gongkai.reports import services as reports

register = template.Library()

_RULES = {
    "cases.register": {Role.CLERK, Role.HEAD},        # cases.views.register
    "cases.ledger_import": {Role.CLERK, Role.HEAD},   # cases.views.ledger_import
    "cases.templates": {Role.HEAD, Role.ADMIN},       # cases.views._template_editor
    "catalog.draft": set(catalog.DRAFTERS),
    "catalog.registry": set(registry.EDITORS),       # registry entries and 第二十条 figures
    "reports.edit": set(reports.EDITORS),
}


def may_do(user, action: str, agency) -> bool:
    roles = roles_in(user, agency)
    if action == "cases.ledger_export":  # also the 政务公开办 of a government above the agency
        return bool(roles & {Role.CLERK, Role.HEAD, Role.OVERSIGHT}) or any(
            Role.OVERSIGHT in roles_in(user, a) for a in agency.ancestors())
    return bool(roles & _RULES[action])


@register.simple_tag(takes_context=True)
def may(context, action: str, agency) -> bool:
    return may_do(context["request"].user, action, agency)
