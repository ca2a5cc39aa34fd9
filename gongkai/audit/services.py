from .models import AuditEntry


def record(action: str, *, actor=None, agency=None, obj=None, data: dict | None = None) -> AuditEntry:
    """Append one entry to the audit log. Call it inside the transaction that makes the change."""
    entry = AuditEntry(action=action, actor=actor if getattr(actor, "pk", None) else None, agency=agency,
                       data=data or {})
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry
