"""When a year's official holiday schedule is entered, every open case whose deadline was provisional is computed
again; each case whose date moved gets a DeadlineChange (listed for its handler: old date → new date) and an audit
entry. Connected to workdays.signals.year_entered in CasesConfig.ready(); runs inside the calendar's transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.audit.services import record

from .base import refresh_due
from .models import Application, DeadlineChange, Status

RECOMPUTED = (Status.REGISTERED, Status.REVIEW, Status.PROCESSING)


@transaction.atomic
def recompute_provisional(*, actor, today: date, year: int, reference: str = "") -> list[DeadlineChange]:
    changes = []
    cases = (Application.objects.select_for_update().select_related("agency")
             .filter(status__in=RECOMPUTED, due_provisional=True))
    for app in cases:
        old_due, old_provisional = app.due_date, app.due_provisional
        refresh_due(app, today)
        if (app.due_date, app.due_provisional) == (old_due, old_provisional):
            continue
        app.save(update_fields=["due_date", "due_kind", "due_provisional", "updated_at"])
        if app.due_date == old_due:  # only the 暂定 mark went away: no date to tell anybody about
            continue
        change = DeadlineChange.objects.create(
            agency=app.agency, application=app, old_due=old_due, new_due=app.due_date, old_provisional=True,
            new_provisional=app.due_provisional, year=year, reference=reference[:200], changed_on=today)
        record("case.deadline.recompute", actor=actor, agency=app.agency, obj=app, data={
            "old_due": old_due.isoformat(), "new_due": app.due_date.isoformat(), "year": year,
            "reference": reference, "today": today.isoformat()})
        changes.append(change)
    return changes


def on_year_entered(sender, *, year, actor, today, reference="", **kwargs):
    return recompute_provisional(actor=actor, today=today, year=year, reference=reference)


@transaction.atomic
def acknowledge(actor, change: DeadlineChange, *, now) -> DeadlineChange:
    """The handler has seen the new deadline (and told the applicant where needed)."""
    from .base import require_staff

    require_staff(actor, change.application)
    change = DeadlineChange.objects.select_for_update().get(pk=change.pk)
    if change.acknowledged_at is None:
        change.acknowledged_by, change.acknowledged_at = actor, now
        change.save(update_fields=["acknowledged_by", "acknowledged_at"])
        record("case.deadline.acknowledge", actor=actor, agency=change.agency, obj=change.application,
               data={"old_due": change.old_due.isoformat(), "new_due": change.new_due.isoformat()})
    return change
