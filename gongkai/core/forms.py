"""Small helpers shared by the apps' forms and views."""

from __future__ import annotations


def form_errors(form) -> str:
    """Every error of a bound form as one Chinese message (joined with "；")."""
    return "；".join(e for errs in form.errors.values() for e in errs)
