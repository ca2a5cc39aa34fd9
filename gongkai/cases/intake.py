"""登记: registering an application (staff intake or the public online form), confirming receipt (条例第三十一条),
overriding the legal receipt day, assigning it to an internal 科室, and the flags for repeated or massive applying."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, time, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.agencies.access import require_role
from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.core import params
from gongkai.core.clock import stamp
from gongkai.core.errors import GongkaiError, Refused

from .base import (
    STAFF,
    add_event,
    case_settings,
    lock,
    require_date,
    require_open,
    require_staff,
    require_unfrozen,
    save,
)
from .clock import TZ, legal_received_date, local_day, received_rule
from .models import (
    ApplicantType,
    Application,
    CaseSettings,
    Channel,
    DeliveryForm,
    EventKind,
    IdType,
    LetterKind,
    Status,
)

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CODE_LENGTH = 10
REPEAT_THRESHOLD = 0.6     # 第三十六条（六）: same applicant, similar content, last 12 months
MASSIVE_PER_MONTH = 10     # 第三十五条, and the first fee tier of 国办函〔2020〕109号第四条
REQUIRED = {"applicant_name": "申请人姓名或名称", "id_number": "证件号码", "phone": "联系电话",
            "content": "所需信息的内容描述"}


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Application.objects.filter(tracking_code=code).exists():
            return code


def _as_moment(value, what: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(9, 0), tzinfo=TZ)
    raise GongkaiError(f"{what}格式不正确", field="arrived_at")


def clean_applicant(data: dict) -> dict:
    """Validated applicant and request fields (Chinese messages, one field at a time)."""
    out = {}
    for key, label in REQUIRED.items():
        value = str(data.get(key) or "").strip()
        if not value:
            raise GongkaiError(f"请填写{label}", field=key)
        out[key] = value
    applicant_type = data.get("applicant_type") or ApplicantType.NATURAL
    if applicant_type not in ApplicantType.values:
        raise GongkaiError("申请人类别不正确", field="applicant_type")
    id_type = data.get("id_type") or (IdType.RESIDENT_ID if applicant_type == ApplicantType.NATURAL
                                      else IdType.CREDIT_CODE)
    if id_type not in IdType.values:
        raise GongkaiError("证件类型不正确", field="id_type")
    number = out["id_number"].upper().replace(" ", "")
    if id_type == IdType.RESIDENT_ID and not re.fullmatch(r"\d{17}[\dX]", number):
        raise GongkaiError("居民身份证号码应为18位（最后一位可为X）", field="id_number")
    if id_type == IdType.CREDIT_CODE and not re.fullmatch(r"[0-9A-Z]{18}", number):
        raise GongkaiError("统一社会信用代码应为18位数字或大写字母", field="id_number")
    phone = re.sub(r"[\s-]", "", out["phone"])
    if not re.fullmatch(r"\+?\d{7,15}", phone):
        raise GongkaiError("联系电话格式不正确（7—15位数字）", field="phone")
    delivery = data.get("delivery_form") or DeliveryForm.PAPER
    if delivery not in DeliveryForm.values:
        raise GongkaiError("获取信息的方式不正确", field="delivery_form")
    if len(out["content"]) > 5000:
        raise GongkaiError("内容描述过长（最多5000字）", field="content")
    out.update(applicant_type=applicant_type, id_type=id_type, id_number=number, phone=phone, delivery_form=delivery,
               email=str(data.get("email") or "").strip(), address=str(data.get("address") or "").strip(),
               purpose=str(data.get("purpose") or "").strip(),
               contact_person=str(data.get("contact_person") or "").strip())
    return out


# --- flags --------------------------------------------------------------------------------------------------------
_STOP = set("的了和与及或在对于是请我要求申请公开政府信息相关有关关于提供")


def tokens(text: str) -> set[str]:
    import jieba

    jieba.setLogLevel(60)
    return {t for t in jieba.lcut(text or "") if len(t.strip()) > 1 or (t.strip() and t not in _STOP and t.isalnum())}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def similar_earlier(application: Application, day: date) -> Application | None:
    """An earlier application of the same applicant in the last 12 months with similar content (第三十六条（六）)."""
    mine = tokens(application.content)
    earlier = (Application.objects.of(application.agency).filter(id_number=application.id_number,
                                                                 arrived_at__date__gte=day - timedelta(days=365))
               .exclude(pk=application.pk).order_by("-arrived_at")[:200])
    best, score = None, 0.0
    for other in earlier:
        s = jaccard(mine, tokens(other.content))
        if s >= REPEAT_THRESHOLD and s > score:
            best, score = other, s
    return best


def month_count(application: Application, day: date | None = None) -> int:
    """This applicant's applications to this agency received (法定收到日) in the calendar month of `day` (default:
    its received date), this one included — the same count as the fee's items_before (国办函〔2020〕109号第四条)."""
    day = day or application.received_date
    if day is None:
        return 1
    return Application.objects.of(application.agency).filter(
        id_number=application.id_number, received_date__year=day.year,
        received_date__month=day.month).exclude(pk=application.pk).count() + 1


def flags(application: Application) -> list[str]:
    out = []
    if application.repeat_of_id:
        out.append(f"疑似重复申请：与 {application.repeat_of.tracking_code} 内容相似（第三十六条第（六）项）")
    if application.month_count > MASSIVE_PER_MONTH:
        out.append(f"该申请人本月已申请 {application.month_count} 件，数量明显偏多（第三十五条；"
                   "国办函〔2020〕109号第四条：超过10件可按件收费）")
    return out


# --- registering --------------------------------------------------------------------------------------------------
def _create(agency: Agency, fields: dict, *, channel: str, arrived_at: datetime, confirmed_at, actor, today: date):
    if channel not in Channel.values:
        raise GongkaiError("申请渠道不正确", field="channel")
    if local_day(arrived_at) > today:
        raise GongkaiError(f"到达日期不能晚于今天（{today.isoformat()}）", field="arrived_at")
    params.require_date(local_day(arrived_at), "到达日期", field="arrived_at")
    if confirmed_at:
        params.require_date(local_day(confirmed_at), "确认日期", field="confirmed_at")
    if confirmed_at and local_day(confirmed_at) < local_day(arrived_at):
        raise GongkaiError("确认日期不能早于到达日期", field="confirmed_at")
    received = legal_received_date(channel, arrived_at, confirmed_at)
    if received and received > today:
        raise GongkaiError(f"收到日期不能晚于今天（{today.isoformat()}）", field="received_date")
    app = Application(agency=agency, tracking_code=new_tracking_code(), channel=channel, arrived_at=arrived_at,
                      confirmed_at=confirmed_at, received_date=received,
                      status=Status.REVIEW if received else Status.REGISTERED,
                      created_by=actor if getattr(actor, "pk", None) else None, **fields)
    app.save()
    app.repeat_of = similar_earlier(app, local_day(arrived_at))
    app.month_count = month_count(app)
    if received:
        number_acceptance(app)
        add_event(app, EventKind.RECEIPT, actor, on=received, note=received_rule(channel))
    return app


def acceptance_prefix(agency: Agency) -> str:
    """The 受理号 prefix: the agency's setting, else its letter prefix without "公开" (嘉商公开 → 嘉商)."""
    configured = (case_settings(agency).acceptance_prefix or "").strip()
    if configured:
        return configured
    prefix = (agency.letter_prefix or "").strip()
    return prefix[:-2] if prefix.endswith("公开") and len(prefix) > 2 else prefix or agency.short_name or agency.name


def number_acceptance(app: Application) -> None:
    """Give a received case its internal 受理号 (once): the next number of the agency in the year of receipt, in the
    agency's pattern, e.g. 嘉商依申〔2026〕17号. The caller saves the case."""
    if app.acceptance_seq is not None or app.received_date is None:
        return
    from .letters import format_number

    year = app.received_date.year
    settings = CaseSettings.objects.select_for_update().get(pk=case_settings(app.agency).pk)  # serialises numbering
    last = (Application.objects.filter(agency=app.agency, acceptance_year=year)
            .aggregate(n=Max("acceptance_seq"))["n"] or 0)
    pattern = settings.acceptance_number_pattern
    app.acceptance_year, app.acceptance_seq = year, last + 1
    app.acceptance_no = format_number(pattern, acceptance_prefix(app.agency), year, last + 1)


@transaction.atomic
def register(actor, agency: Agency, data: dict, *, today: date) -> Application:
    """Staff intake (当面、邮寄、电子邮件、传真、代填的口头申请)."""
    require_role(actor, agency, *STAFF)
    fields = clean_applicant(data)
    channel = data.get("channel") or Channel.IN_PERSON
    arrived_at = _as_moment(data.get("arrived_at") or today, "到达日期")
    confirmed_at = _as_moment(data.get("confirmed_at"), "确认日期")
    app = _create(agency, fields, channel=channel, arrived_at=arrived_at, confirmed_at=confirmed_at, actor=actor,
                  today=today)
    app.assigned_to = data.get("assigned_to") or actor  # the registrant handles it unless assigned to someone else
    save(app, "case.register", actor, today=today, data={"channel": channel, "handler": app.assigned_to.username})
    if app.received_date:
        from .letters import issue

        issue(actor, app, LetterKind.RECEIPT, today=today)
    return app


@transaction.atomic
def submit_online(agency: Agency, data: dict, *, now: datetime) -> Application:
    """The public online form: registered, not yet received until a clerk confirms it (第三十一条第（三）项)."""
    if agency.level == AgencyLevel.SECTION:
        raise GongkaiError("内设科室不受理政府信息公开申请，请向本机关提出", field="agency")
    fields = clean_applicant(data)
    app = _create(agency, fields, channel=Channel.ONLINE, arrived_at=now, confirmed_at=None, actor=None,
                  today=local_day(now))
    save(app, "case.submit_online", None, today=local_day(now))
    return app


@transaction.atomic
def confirm_receipt(actor, application: Application, *, revision: int, today: date, on: date | None = None,
                    now: datetime | None = None):
    """The office confirms an application that needs confirmation (平常信函、在线平台、电子邮件、传真); that day is
    the legal receipt day (第三十一条). The applicant is told (by e-mail when given) and gets a receipt letter."""
    require_staff(actor, application)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    if app.received_date:
        raise Refused(f"该申请已于 {app.received_date.isoformat()} 确认收到。")
    on = require_date(on or today, "确认日期", today=today, not_before=local_day(app.arrived_at),
                      before_label="到达日期")
    app.confirmed_at = stamp(now if on == today else None, on)
    app.received_date = on
    app.status = Status.REVIEW
    number_acceptance(app)
    if app.assigned_to_id is None:  # whoever confirms an online application handles it unless assigned
        app.assigned_to = actor
    app.month_count = month_count(app)
    add_event(app, EventKind.RECEIPT, actor, on=on, note=received_rule(app.channel))
    save(app, "case.confirm_receipt", actor, today=today, data={"received_date": on.isoformat()})
    from .letters import issue

    issue(actor, app, LetterKind.RECEIPT, today=today)
    if app.email:
        transaction.on_commit(lambda: send_mail(
            f"您的政府信息公开申请已收到（查询码 {app.tracking_code}）",
            f"{app.applicant_name}：\n{app.agency.name}已于 {on.isoformat()} 确认收到您的政府信息公开申请"
            f"（查询码 {app.tracking_code}），该日为收到申请之日。答复期限：{app.due_date}。\n"
            "您可凭查询码和联系电话后四位在网站查询办理进度。",
            None, [app.email], fail_silently=True))
    return app


@transaction.atomic
def override_received_date(actor, application: Application, received: date, reason: str, *, revision: int,
                           today: date) -> Application:
    """Correct the legal receipt day (e.g. the envelope was signed for earlier); the reason is kept and audited."""
    require_staff(actor, application, *STAFF)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    require_unfrozen(app, received)
    if app.received_date:  # moving a case out of a published year changes that year's counts too
        require_unfrozen(app, app.received_date)
    reason = (reason or "").strip()
    if not reason:
        raise GongkaiError("更正收到日必须说明理由", field="reason")
    require_date(received, "收到日期", today=today)
    if app.decision_date and received > app.decision_date:
        raise GongkaiError("收到日期不能晚于决定日期", field="received_date")
    before = app.received_date
    app.received_date, app.received_override = received, reason
    app.month_count = month_count(app)
    number_acceptance(app)
    if app.status == Status.REGISTERED:
        app.status = Status.REVIEW
    add_event(app, EventKind.RECEIPT_OVERRIDE, actor, on=received, note=reason,
              data={"before": before.isoformat() if before else None})
    return save(app, "case.received_override", actor, today=today,
                data={"before": before.isoformat() if before else None, "after": received.isoformat(),
                      "reason": reason})


@transaction.atomic
def assign(actor, application: Application, section: Agency, internal_due: date | None, *, revision: int,
           today: date, clerk=None) -> Application:
    """办理: hand the case to an internal 科室 with an internal due date (on or before the legal one)."""
    require_staff(actor, application)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    require_open(app)
    if app.received_date is None:
        raise Refused("该申请尚未确认收到，请先确认收到申请（第三十一条）。")
    if section is None or section.parent_id != app.agency_id or section.level != AgencyLevel.SECTION:
        raise GongkaiError("请选择本机关的内设科室", field="section")
    if internal_due is not None:
        if internal_due < today:
            raise GongkaiError("科室内部办理期限不能早于今天", field="internal_due")
        if app.due_date and internal_due > app.due_date:
            raise GongkaiError(f"科室内部办理期限不能晚于答复期限（{app.due_date.isoformat()}）",
                               field="internal_due")
    app.section, app.internal_due = section, internal_due
    if clerk is not None:
        app.assigned_to = clerk
    if app.status == Status.REVIEW:
        app.status = Status.PROCESSING
    add_event(app, EventKind.ASSIGN, actor, on=today, party=section.name, due=internal_due)
    return save(app, "case.assign", actor, today=today, data={"section": section.code})



@transaction.atomic
def reassign(actor, application: Application, handler, *, revision: int, today: date, note: str = "") -> Application:
    """Change the 经办人 of a case (to a clerk or head of the same agency); audited with the previous handler."""
    from gongkai.agencies.access import roles_in

    require_staff(actor, application)  # the role first: no revision leak to other roles
    app = lock(application, revision)
    if handler is None or not roles_in(handler, app.agency) & set(STAFF):
        raise GongkaiError("请选择本机关的经办人或负责人", field="handler")
    if app.assigned_to_id == handler.pk:
        raise Refused(f"该申请的经办人已经是{handler.get_full_name() or handler.username}。")
    before = app.assigned_to
    app.assigned_to = handler
    add_event(app, EventKind.REASSIGN, actor, on=today, party=handler.get_full_name() or handler.username,
              note=(note or "").strip())
    return save(app, "case.reassign", actor, today=today, data={
        "before": before.username if before else None, "after": handler.username})
