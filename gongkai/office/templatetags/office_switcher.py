"""The agency switcher in the office header: for someone who works in or oversees several agencies, a select that
opens the same page for another agency — the same URL with another `code` when the page names the agency in its
path, else the same query with another `?agency=`. Pages of one record (a report, a case) open the other agency's
report list or case list instead."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse

from gongkai.agencies.access import agencies_of, visible_agencies
from gongkai.agencies.models import AgencyLevel

register = template.Library()

# Pages that only make sense for a government (the 政务公开办's views): no switcher there.
GOVERNMENT_ONLY = {"office:dashboard", "office:dashboard_xlsx", "office:oversight"}


def _agency_of(context):
    for name in ("agency", "government"):
        if getattr(context.get(name), "code", None):
            return context[name]
    for name in ("report", "app", "application", "doc", "document"):
        agency = getattr(context.get(name), "agency", None)
        if agency is not None:
            return agency
    return None


def switch_url(request, agency) -> str:
    match = request.resolver_match
    if match is not None and "code" in match.kwargs:
        try:
            url = reverse(match.view_name, kwargs={**match.kwargs, "code": agency.code})
        except NoReverseMatch:
            url = ""
        if url:
            return url + (f"?{request.GET.urlencode()}" if request.GET else "")
    if match is not None and "pk" in match.kwargs:  # one record: the other agency's list of the same kind
        name = "office:report_list" if match.view_name.startswith("office:") else None
        if name:
            return reverse(name, args=[agency.code])
        return reverse("cases:dashboard") + "?" + urlencode({"agency": agency.code})
    query = [(k, v) for k, vs in request.GET.lists() if k not in ("agency", "page") for v in vs]
    return request.path + "?" + urlencode([("agency", agency.code), *query])


@register.inclusion_tag("office/_switcher.html", takes_context=True)
def agency_switcher(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    current = _agency_of(context)
    if current is None or not getattr(user, "is_authenticated", False):
        return {"options": []}
    match = request.resolver_match
    if match is not None and match.view_name in GOVERNMENT_ONLY:
        return {"options": []}
    own = set(agencies_of(user).values_list("pk", flat=True))
    choices = [a for a in visible_agencies(user).order_by("code")
               if a.level != AgencyLevel.SECTION or a.pk in own or a.pk == current.pk]
    if len(choices) < 2:
        return {"options": []}
    choices.sort(key=lambda a: ({"government": 0, "department": 1, "town": 2}.get(a.level, 3), a.code))
    return {"options": [{"name": a.name, "url": switch_url(request, a), "current": a.pk == current.pk}
                        for a in choices]}
