"""Template context every page shares: who runs the site (title and footer)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class Site:
    name: str   # the government or agency that runs the site
    code: str   # 网站标识码 ("" when not set)
    icp: str    # ICP 备案号 ("" when not set)


def owner_name() -> str:
    """settings.SITE_NAME, else the top-level government of the agency tree, else the first agency."""
    if settings.SITE_NAME:
        return settings.SITE_NAME
    from gongkai.agencies.models import Agency, AgencyLevel

    top = (Agency.objects.filter(level=AgencyLevel.GOVERNMENT, parent=None).order_by("code").first()
           or Agency.objects.reporting().order_by("level", "code").first())
    return top.name if top else ""


def site(request):
    """`site` in every template; the database is asked only when a page uses the name."""
    return {"site": SimpleLazyObject(lambda: Site(name=owner_name(), code=settings.SITE_CODE, icp=settings.SITE_ICP))}
