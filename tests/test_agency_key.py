"""Every table holding an agency's data carries the agency key, or reaches it through one foreign key, so that a
distributed PostgreSQL (Citus) can shard by agency (docs/scaling.md). A new model that does neither, and is not
listed below as a reference table with its reason, fails here; so does a table docs/scaling.md does not name."""

from pathlib import Path

from django.apps import apps

from gongkai.agencies.models import Agency

# Tables that hold no agency's data: replicated to every node (Citus reference tables) or kept on the coordinator.
REFERENCE = {
    "agencies.Agency": "the agency tree itself (small, read by every query): reference table",
    "auth.User": "a person may hold roles in several agencies: reference table",
    "auth.Group": "Django's groups (unused): reference table",
    "auth.Permission": "Django's permission codes: reference table",
    "contenttypes.ContentType": "model names: reference table",
    "sessions.Session": "sign-in sessions, per user: coordinator (or the cache)",
    "otp_totp.TOTPDevice": "a user's second factor: follows auth_user",
    "otp_static.StaticDevice": "a user's recovery codes: follows auth_user",
    "otp_static.StaticToken": "a user's recovery codes: follows auth_user",
    "accounts.AccountState": "per user (temporary password, idle clock): follows auth_user",
    "accounts.Throttle": "security counters keyed by digests of user names and addresses: coordinator",
    "workdays.CalendarDay": "the State Council's working-day calendar, the same for everyone: reference table",
    "workdays.CalendarYear": "which years of the calendar are entered: reference table",
    "catalog.SearchWord": "the public search vocabulary for 您是不是要找, one list for the whole portal: reference table",
}
# The distribution column of a table with an agency foreign key of its own, where it has more than one.
DISTRIBUTION_OVERRIDES = {
    "cases.Application": "agency",        # `section` is the 承办科室 inside the agency
    "supervision.Notice": "agency",       # `government` is the sender; its list is a fan-out query
}


def agency_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Agency]


def classify(model) -> tuple[str, str]:
    """('direct', column) | ('one-hop', 'fk → table.column') | ('none', '')."""
    direct = agency_fields(model)
    if direct:
        column = DISTRIBUTION_OVERRIDES.get(model._meta.label, direct[0])
        return "direct", model._meta.get_field(column).column
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is not None and agency_fields(f.related_model):
            parent = f.related_model
            return "one-hop", f"{f.column} → {parent._meta.db_table}.{classify(parent)[1]}"
    return "none", ""


def test_every_table_with_agency_data_reaches_the_agency():
    unkeyed = [m._meta.label for m in apps.get_models()
               if m._meta.label not in REFERENCE and classify(m)[0] == "none"]
    assert unkeyed == [], ("these tables hold data but neither carry the agency key nor reach it through one "
                           f"foreign key; add `agency` or list them in REFERENCE with a reason: {unkeyed}")


def test_reference_tables_hold_no_agency_key():
    labels = {m._meta.label for m in apps.get_models()}
    assert set(REFERENCE) <= labels, f"stale entries in REFERENCE: {set(REFERENCE) - labels}"
    keyed = [label for label in REFERENCE if label != "agencies.Agency"
             and classify(apps.get_model(label))[0] != "none"]
    assert keyed == [], f"listed as reference tables but they hold an agency key: {keyed}"


def test_several_agency_keys_name_their_distribution_column():
    ambiguous = [m._meta.label for m in apps.get_models() if m._meta.label not in REFERENCE
                 and len(agency_fields(m)) > 1 and m._meta.label not in DISTRIBUTION_OVERRIDES]
    assert ambiguous == []


def test_docs_scaling_names_every_table():
    text = (Path(__file__).resolve().parent.parent / "docs" / "scaling.md").read_text(encoding="utf-8")
    missing = [m._meta.db_table for m in apps.get_models() if f"`{m._meta.db_table}`" not in text]
    assert missing == [], f"docs/scaling.md does not name: {missing}"


def test_print_the_table(capsys):
    """`pytest tests/test_agency_key.py -s -k print` prints the rows of docs/scaling.md's table."""
    for m in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
        kind, column = classify(m)
        if m._meta.label in REFERENCE:
            kind, column = "reference", REFERENCE[m._meta.label]
        print(f"| `{m._meta.db_table}` | {kind} | {column} |")
