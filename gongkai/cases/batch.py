"""Batch actions on a list of cases: assign a handler, archive the delivered ones, print their answer letters.
Each case is handled on its own (its own revision check and transaction): those that cannot be done say why, the
others proceed. One audit entry sums the batch up; each case keeps its own entries from the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError

from . import decisions, intake
from .models import Application, LetterKind

OPERATIONS = {"assign": "指定经办人", "archive": "归档已送达的申请", "print": "打印答复书"}
MAX_BATCH = 200


@dataclass
class Outcome:
    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)
    letters: list = field(default_factory=list)


def run(actor, agency, ids: list[int], op: str, *, today: date, handler=None) -> Outcome:
    if op not in OPERATIONS:
        raise GongkaiError("请选择批量操作", field="op")
    if not ids:
        raise GongkaiError("请先勾选申请", field="ids")
    if len(ids) > MAX_BATCH:
        raise GongkaiError(f"一次最多处理 {MAX_BATCH} 件", field="ids")
    apps = list(Application.objects.of(agency).filter(pk__in=ids).order_by("due_date", "id"))
    out = Outcome()
    for app in apps:
        try:
            if op == "assign":
                intake.reassign(actor, app, handler, revision=app.revision, today=today)
            elif op == "archive":
                decisions.archive(actor, app, revision=app.revision, today=today)
            else:
                answer = app.letters.filter(kind=LetterKind.ANSWER).last()
                if answer is None:
                    raise GongkaiError("还没有答复书")
                out.letters.append(answer)
        except GongkaiError as exc:
            out.refused.append((app, exc.message))
        else:
            out.done.append(app)
    if op != "print":
        record("case.batch", actor=actor, agency=agency, data={
            "op": op, "done": [a.tracking_code for a in out.done],
            "refused": {a.tracking_code: why for a, why in out.refused}, "today": today.isoformat()})
    return out
