"""Shared test helpers for the importer."""

from gongkai.reports.definition import get_format


def differences(expected, got, limit=5):
    """Cells whose kind or written value differ, as readable strings (empty when the reports agree)."""
    out = []
    if expected.format_key != got.format_key:
        return [f"format {expected.format_key} → {got.format_key}"]
    for address in get_format(expected.format_key).addresses():
        a, b = expected.cell(*address), got.cell(*address)
        if not (a.kind == b.kind and (a.value == b.value if a.is_numeric else a.text == b.text)):
            out.append(f"{'/'.join(address)}: {a.kind}:{a.text!r} → {b.kind}:{b.text!r}")
    return out[:limit]
