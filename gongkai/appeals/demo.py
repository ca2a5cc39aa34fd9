"""Demo matters for 嘉祥县商务局: a few of each kind in the last full year (idempotent: keyed by 案号)."""

from __future__ import annotations

from datetime import date

from django.db import DatabaseError, transaction

from .models import Appeal, AppealKind, AppealResult, AppealStage
from .services import AppealInput, register

REVIEW_BODY = "嘉祥县人民政府"
COURT = "嘉祥县人民法院"


def _matters(y: int) -> list[AppealInput]:
    d = date
    return [
        AppealInput(AppealKind.REVIEW, REVIEW_BODY, "对申请公开某商贸企业补助资金分配情况作出的部分公开告知（演示）",
                    d(y, 3, 2), d(y, 3, 6), d(y, 5, 20), AppealStage.CONCLUDED, AppealResult.UPHELD,
                    reference=f"嘉政复字〔{y}〕演示1号", applicant="（演示）张某"),
        AppealInput(AppealKind.REVIEW, REVIEW_BODY, "对申请公开成品油经营许可档案作出的无法提供告知（演示）",
                    d(y, 6, 10), d(y, 6, 14), d(y, 8, 25), AppealStage.CONCLUDED, AppealResult.CORRECTED,
                    reference=f"嘉政复字〔{y}〕演示2号", applicant="（演示）某商贸有限公司"),
        AppealInput(AppealKind.REVIEW, REVIEW_BODY, "对申请公开农贸市场改造验收资料作出的不予公开告知（演示）",
                    d(y, 11, 20), d(y, 11, 25), None, AppealStage.HEARING, AppealResult.PENDING,
                    reference=f"嘉政复字〔{y}〕演示3号", applicant="（演示）李某"),
        AppealInput(AppealKind.SUIT_DIRECT, COURT, "对申请公开招商引资协议作出的不予公开告知（演示）",
                    d(y, 2, 15), d(y, 2, 22), d(y, 9, 12), AppealStage.CONCLUDED, AppealResult.UPHELD,
                    reference=f"（{y}）鲁0829行初演示1号", applicant="（演示）王某"),
        AppealInput(AppealKind.SUIT_DIRECT, COURT, "逾期未答复（演示）",
                    d(y - 1, 12, 8), d(y - 1, 12, 15), d(y, 4, 3), AppealStage.CONCLUDED, AppealResult.OTHER,
                    reference=f"（{y - 1}）鲁0829行初演示9号", applicant="（演示）赵某",
                    note="上年12月起诉，本年4月原告撤诉：计入本年“其他结果”，上年计入“尚未审结”。"),
        AppealInput(AppealKind.SUIT_AFTER, COURT, "对申请公开单用途预付卡备案信息作出的部分公开告知（演示）",
                    d(y, 4, 8), d(y, 4, 15), d(y, 10, 30), AppealStage.CONCLUDED, AppealResult.CORRECTED,
                    reference=f"（{y}）鲁0829行初演示2号", applicant="（演示）孙某"),
        AppealInput(AppealKind.SUIT_AFTER, COURT, "对申请公开家电以旧换新补贴名单作出的不予处理告知（演示）",
                    d(y, 12, 10), None, None, AppealStage.FILED, AppealResult.PENDING,
                    reference=f"（{y}）鲁0829行初演示3号", applicant="（演示）周某"),
    ]


def load(*, today: date, agency, users: dict) -> dict:
    actor = users["jingban"]
    created = 0
    case_code = ""
    try:
        from gongkai.cases.models import Application

        with transaction.atomic():  # a savepoint: the cases tables may not exist yet
            case = Application.objects.filter(agency=agency).exclude(decision_text="").order_by("pk").first()
        case_code = case.tracking_code if case else ""
    except DatabaseError:
        case_code = ""
    for i, data in enumerate(_matters(today.year - 1)):
        if Appeal.objects.filter(agency=agency, reference=data.reference).exists():
            continue
        if i == 0:
            data.case_code = case_code
        register(actor, agency, data, today=today)
        created += 1
    return {"appeals": created}
