"""Who may see and do what: every office query goes through these functions."""

from django.core.exceptions import PermissionDenied

from .models import Agency, AgencyLevel, Membership, Role


def roles_in(user, agency) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Membership.objects.active().filter(user=user, agency=agency).values_list("role", flat=True))


def agencies_of(user):
    """Agencies the user is staff of (any role)."""
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user, memberships__active=True).distinct()


def visible_agencies(user):
    """Own agencies plus, for 政务公开办 staff of a government, every agency under that government."""
    own = list(agencies_of(user))
    ids = {a.pk for a in own}
    for membership in Membership.objects.active().filter(user=user, role=Role.OVERSIGHT).select_related("agency"):
        if membership.agency.level == AgencyLevel.GOVERNMENT:
            ids.update(a.pk for a in membership.agency.descendants())
    return Agency.objects.filter(pk__in=ids)


def overseers_of(agency) -> list:
    """The governments whose 政务公开办 oversees this agency: the agency itself when it is a government, and every
    government above it."""
    chain = [agency, *agency.ancestors()]
    return [a for a in chain if a.level == AgencyLevel.GOVERNMENT]


def oversees(user, agency) -> bool:
    """True when the user holds the 政务公开办 role in this agency's government (or in the agency itself)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.active().filter(user=user, role=Role.OVERSIGHT,
                                              agency__in=overseers_of(agency)).exists()


def effective_roles(user, agency) -> set[str]:
    """The roles held in the agency, plus 政务公开办 when the user oversees it from the government above."""
    roles = roles_in(user, agency)
    if Role.OVERSIGHT not in roles and oversees(user, agency):
        roles.add(Role.OVERSIGHT)
    return roles


def require_role(user, agency, *roles: str) -> None:
    """Raise PermissionDenied unless the user holds one of the roles in this agency."""
    if not roles_in(user, agency) & set(roles):
        names = "、".join(Role(r).label for r in roles)
        raise PermissionDenied(f"需要本机关的以下岗位之一：{names}。")


def require_visible(user, agency) -> None:
    if not visible_agencies(user).filter(pk=agency.pk).exists():
        raise PermissionDenied("无权查看其他机关的数据。")


def visible_agency(user, code: str) -> Agency:
    """The agency with this code, when the user may see it (404 when there is none, 403 when not visible)."""
    from django.shortcuts import get_object_or_404

    agency = get_object_or_404(Agency, code=code)
    require_visible(user, agency)
    return agency


def acting_agency(request) -> Agency:
    """The agency an office page works on: ?agency=CODE (GET or POST) among the visible ones, else the user's own
    reporting agency (a 部门 or 人民政府, not an internal 科室)."""
    code = request.GET.get("agency") or request.POST.get("agency")
    if code:
        return visible_agency(request.user, code)
    own = agencies_of(request.user).exclude(level=AgencyLevel.SECTION).order_by("level", "code").first()
    if own is None:
        raise PermissionDenied("您的账号还没有分配到任何机关，请联系管理员。")
    return own
