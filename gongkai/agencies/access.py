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


def require_role(user, agency, *roles: str) -> None:
    """Raise PermissionDenied unless the user holds one of the roles in this agency."""
    if not roles_in(user, agency) & set(roles):
        names = "、".join(Role(r).label for r in roles)
        raise PermissionDenied(f"需要本机关的以下岗位之一：{names}。")


def require_visible(user, agency) -> None:
    if not visible_agencies(user).filter(pk=agency.pk).exists():
        raise PermissionDenied("无权查看其他机关的数据。")
