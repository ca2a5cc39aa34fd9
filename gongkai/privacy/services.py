"""Personal data services: the audited full view, the retention rule (anonymise cases archived more than N years
ago, dry run first), and the key rotation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from gongkai.audit.services import record

from . import keys

ANONYMOUS = "（已匿名化）"


def audit_full_view(actor, application, what: str, *, today: date) -> None:
    """Who saw an applicant's full ID number / phone / address, and when (the audit entry carries the time)."""
    record("case.pii.view", actor=actor, agency=application.agency, obj=application,
           data={"what": what, "today": today.isoformat()})


# --- retention ---------------------------------------------------------------------------------------------------
@dataclass
class RetentionPlan:
    agency: object
    years: int
    cutoff: date
    case_ids: list[int]


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def retention_plans(today: date, agency=None) -> list[RetentionPlan]:
    """For each agency with a retention period: the archived cases whose 归档 is older than it, not yet anonymised."""
    from gongkai.cases.models import Application, CaseEvent, CaseSettings, EventKind, Status

    plans = []
    settings_qs = CaseSettings.objects.filter(retention_years__isnull=False).select_related("agency")
    if agency is not None:
        settings_qs = settings_qs.filter(agency=agency)
    for found in settings_qs.order_by("agency__code"):
        cutoff = _years_ago(today, found.retention_years)
        archived = CaseEvent.objects.filter(agency=found.agency, kind=EventKind.ARCHIVE, date__lt=cutoff) \
            .values_list("application_id", flat=True)
        ids = list(Application.objects.of(found.agency).filter(status=Status.ARCHIVED, anonymised_on__isnull=True,
                                                               pk__in=archived).order_by("pk")
                   .values_list("pk", flat=True))
        plans.append(RetentionPlan(found.agency, found.retention_years, cutoff, ids))
    return plans


def _scrub_text(text: str, name: str) -> str:
    return text.replace(name, ANONYMOUS) if name and len(name) > 1 else text


@transaction.atomic
def apply_retention(plan: RetentionPlan, *, today: date, actor=None) -> int:
    """Anonymise the planned cases: name, contact, ID number, phone, e-mail and address, also in their letters.
    What Table 3 counts (type, dates, outcome) stays."""
    from gongkai.cases.models import Application, Letter

    done = 0
    for app in Application.objects.select_for_update().filter(pk__in=plan.case_ids, anonymised_on__isnull=True):
        name = app.applicant_name
        for letter in Letter.objects.filter(application=app):
            letter.addressee = _scrub_text(letter.addressee, name)
            letter.paragraphs = [_scrub_text(str(p), name) for p in letter.paragraphs]
            letter.save(update_fields=["addressee", "paragraphs"])
        app.applicant_name, app.contact_person = ANONYMOUS, ""
        app.id_number = app.phone = app.email = app.address = ""
        app.anonymised_on = today
        app.save(update_fields=["applicant_name", "contact_person", "id_number", "phone", "email", "address",
                                "anonymised_on"])
        done += 1
    if done:
        record("case.anonymise", actor=actor, agency=plan.agency,
               data={"cases": done, "years": plan.years, "archived_before": plan.cutoff.isoformat(),
                     "today": today.isoformat()})
    return done


# --- key rotation --------------------------------------------------------------------------------------------------
def encrypted_columns():
    """(model, [encrypted field names], [blind index fields]) for every model with personal data."""
    from django.apps import apps

    from .fields import BlindIndexField, EncryptedTextField

    for model in apps.get_models():
        enc = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if enc:
            idx = [f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
            yield model, enc, idx


@transaction.atomic
def reencrypt_all() -> int:
    """Re-encrypt every value with the newest key and recompute the keyed hashes. Returns the rows changed."""
    total = 0
    for model, enc, idx in encrypted_columns():
        for obj in model.objects.select_for_update().only("pk", *enc).iterator():
            # values are decrypted on load (with any key) and encrypted again with the newest one
            model.objects.filter(pk=obj.pk).update(**{
                **{name: keys.encrypt(getattr(obj, name)) for name in enc},
                **{f: keys.blind_index(getattr(obj, model._meta.get_field(f).source)) for f in idx}})
            total += 1
    return total


def scrub_storage() -> None:
    """SQLite keeps deleted or replaced pages in its file until they are reused: checkpoint the WAL and VACUUM."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
