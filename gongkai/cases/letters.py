"""Letters (文书): numbered per agency per year by the agency's pattern, rendered from templates staff can edit.

Templates use Django's template language over a sandboxed context: only plain strings and lists of strings (no
model objects, no loaders, no custom tag libraries), so a template cannot reach anything but the letter's data.
The rendered text is stored as paragraphs on the Letter (a letter never changes after it is issued).
"""

from __future__ import annotations

import io
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.template import Context, Engine, TemplateSyntaxError

from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError, Refused
from gongkai.workdays.engine import day_label

from . import outcomes
from .base import HEADS, case_settings, lock, require_date, require_staff
from .clock import deadline
from .models import Application, CaseSettings, Delivery, DeliveryMethod, EventKind, Letter, LetterKind, LetterTemplate

REMEDIES = ("如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，或者自收到本答复之日起6个月内"
            "依法向人民法院提起行政诉讼。")
_ENGINE = Engine(debug=False, libraries={}, autoescape=False, loaders=[],
                 builtins=[])
# no {% include %}/{% extends %} (loader_tags), no {% load %} of other libraries: only the default tags and filters
_ENGINE.builtins = ["django.template.defaulttags", "django.template.defaultfilters"]
_ENGINE.template_builtins = _ENGINE.get_template_builtins(_ENGINE.builtins)

DEFAULTS: dict[str, tuple[str, str]] = {
    LetterKind.RECEIPT: ("政府信息公开申请登记回执", """\
{{ agency_name }}已收到您提交的政府信息公开申请，现予登记。
查询码：{{ tracking_code }}；申请渠道：{{ channel }}。
收到申请之日：{{ received_date }}（依据《中华人民共和国政府信息公开条例》第三十一条）。
所需信息：{{ content }}
本机关将于 {{ due_date }} 前作出答复{{ provisional_note }}（条例第三十三条）。如需补正或征求第三方意见，期限依法另行计算。
您可凭查询码和联系电话后四位查询办理进度。"""),
    LetterKind.CORRECTION: ("政府信息公开申请补正告知书", """\
您于 {{ received_date }} 向本机关提出的政府信息公开申请（查询码 {{ tracking_code }}）内容不明确。根据《中华人民共和国政府信息公开条例》第三十条，现一次性告知您需要补正的事项：
{{ correction_items }}
请于 {{ correction_due }} 前补正。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"""),
    LetterKind.THIRD_PARTY: ("政府信息公开征求第三方意见书", """\
{{ party }}：
本机关收到的政府信息公开申请（查询码 {{ tracking_code }}）所涉政府信息可能损害您的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条，现书面征求您的意见。
请自收到本意见书之日起15个工作日内提出意见；逾期未提出意见的，由本机关依照条例的规定决定是否公开。"""),
    LetterKind.CONSULT: ("政府信息公开征求意见函", """\
{{ party }}：
本机关收到的政府信息公开申请（查询码 {{ tracking_code }}）所涉政府信息由贵机关与本机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条，现征求贵机关意见。
请自收到本函之日起15个工作日内提出意见，逾期未提出意见的视为同意公开。"""),
    LetterKind.EXTENSION: ("政府信息公开申请延期答复告知书", """\
您于 {{ received_date }} 提出的政府信息公开申请（查询码 {{ tracking_code }}），因{{ reason }}，不能在法定期限内答复。
根据《中华人民共和国政府信息公开条例》第三十三条第二款，经本机关政府信息公开工作机构负责人同意，答复期限延长 {{ extension_days }} 个工作日，至 {{ due_date }}{{ provisional_note }}。"""),
    LetterKind.DELAY: ("政府信息公开申请延迟答复告知书", """\
您提出的政府信息公开申请（查询码 {{ tracking_code }}）数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》第三十五条，本机关确定延迟答复的合理期限为 {{ due_date }}。
理由：{{ reason }}"""),
    LetterKind.FEE: ("政府信息公开信息处理费收费通知书", """\
您于 {{ received_date }} 提出的政府信息公开申请（查询码 {{ tracking_code }}），依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），应缴纳信息处理费 {{ fee_amount }} 元（{{ fee_scale }}）：
{% for line in fee_lines %}{{ line }}
{% endfor %}请自收到本通知次日起20个工作日内，即 {{ fee_due }} 前缴纳{{ provisional_note }}。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"""),
    LetterKind.ANSWER: ("政府信息公开申请答复书", """\
您于 {{ received_date }} 向本机关提出的政府信息公开申请（查询码 {{ tracking_code }}）收悉。您申请获取：{{ content }}
{{ outcome_wording }}
{% if decision_text %}{{ decision_text }}
{% endif %}依据：{{ outcome_basis }}。
{{ remedies }}"""),
}


def template_for(agency, kind: str) -> LetterTemplate:
    title, body = DEFAULTS[kind]
    obj, _ = LetterTemplate.objects.get_or_create(agency=agency, kind=kind, defaults={"title": title, "body": body})
    return obj


def seed_templates(agency) -> list[LetterTemplate]:
    return [template_for(agency, kind) for kind in LetterKind.values]


def compile_body(body: str):
    try:
        return _ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        raise GongkaiError(f"模板格式有误：{exc}", field="body") from None


@transaction.atomic
def save_template(actor, agency, kind: str, *, title: str, body: str) -> LetterTemplate:
    from gongkai.agencies.access import require_role
    from gongkai.agencies.models import Role

    require_role(actor, agency, Role.HEAD, Role.ADMIN)
    if kind not in LetterKind.values:
        raise GongkaiError("文书类型不正确", field="kind")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise GongkaiError("标题和正文都不能为空", field="body")
    try:
        compile_body(body).render(Context(_sample_context()))
    except GongkaiError:
        raise
    except Exception as exc:
        raise GongkaiError(f"模板无法生成文书：{exc}", field="body") from None
    obj = template_for(agency, kind)
    before = {"title": obj.title, "body": obj.body}
    obj.title, obj.body, obj.updated_by = title, body, actor
    obj.save()
    record("case.letter_template.edit", actor=actor, agency=agency, obj=obj, data={"kind": kind, "before": before})
    return obj


def _sample_context() -> dict:
    return {k: "" for k in ("agency_name", "tracking_code")}


def _fmt(d: date | None, provisional: bool = False) -> str:
    if d is None:
        return ""
    return day_label(d) + ("（暂定）" if provisional else "")


def context_for(app: Application, kind: str, today: date, **extra) -> tuple[dict, bool]:
    """The sandboxed context (strings only) and whether it contains a provisional date."""
    result = deadline(app, today=today, explain=False)
    events = list(app.events.all())
    last = {e.kind: e for e in events}
    provisional = result.provisional
    ctx = {
        "agency_name": app.agency.name, "office_name": app.agency.office_name or app.agency.name,
        "office_address": app.agency.office_address, "office_phone": app.agency.office_phone,
        "tracking_code": app.tracking_code, "applicant_name": app.applicant_name,
        "channel": app.get_channel_display(), "received_date": _fmt(app.received_date),
        "content": app.content, "due_date": _fmt(result.answer_due or result.due),
        "provisional_note": "（暂定：相关年度节假日安排尚未公布，届时以正式安排为准）" if provisional else "",
        "remedies": REMEDIES, "today": _fmt(today), "reason": "", "party": extra.get("party", ""),
    }
    if kind == LetterKind.CORRECTION and EventKind.CORRECTION_REQUEST in last:
        e = last[EventKind.CORRECTION_REQUEST]
        ctx.update(correction_items=e.note, correction_due=_fmt(e.due))
    if kind == LetterKind.EXTENSION and EventKind.EXTENSION in last:
        e = last[EventKind.EXTENSION]
        ctx.update(extension_days=str(e.days), reason=e.note)
    if kind == LetterKind.DELAY and EventKind.DELAY_35 in last:
        ctx.update(reason=last[EventKind.DELAY_35].note)
    if kind == LetterKind.FEE and EventKind.FEE_NOTICE in last:
        e = last[EventKind.FEE_NOTICE]
        ctx.update(fee_amount=str(e.amount), fee_lines=[str(x) for x in e.data.get("lines", [])],
                   fee_scale="按件计收" if e.data.get("scale") == "items" else "按量计收",
                   fee_due=_fmt(result.fee_due))
    if kind == LetterKind.ANSWER:
        outcome = outcomes.get(app.outcome)
        ctx.update(outcome_label=outcome.label, outcome_basis=outcome.basis, outcome_wording=outcome.wording,
                   decision_text=app.decision_text)
    return ctx, provisional


def _number(agency, year: int) -> tuple[int, str]:
    settings = CaseSettings.objects.select_for_update().get(pk=case_settings(agency).pk)
    seq = (Letter.objects.filter(agency=agency, year=year).aggregate(m=Max("seq"))["m"] or 0) + 1
    prefix = agency.letter_prefix or agency.short_name or agency.name
    try:
        number = settings.letter_number_pattern.format(prefix=prefix, year=year, n=seq)
    except (KeyError, IndexError, ValueError):
        number = f"{prefix}〔{year}〕第{seq}号"
    return seq, number


@transaction.atomic
def issue(actor, app: Application, kind: str, *, today: date, party: str = "") -> Letter:
    """Render and number one letter for the case (called by the services that need it)."""
    if kind == LetterKind.ANSWER and not (app.closed_on and (app.approved_at or not needs_approval(app))):
        raise Refused("答复须经负责人审批后才能发出。")
    tpl = template_for(app.agency, kind)
    ctx, provisional = context_for(app, kind, today, party=party)
    text = compile_body(tpl.body).render(Context(ctx))
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    addressee = party if kind in (LetterKind.THIRD_PARTY, LetterKind.CONSULT) else app.applicant_name
    if kind in (LetterKind.THIRD_PARTY, LetterKind.CONSULT) and paragraphs and paragraphs[0].rstrip("：") == party:
        paragraphs = paragraphs[1:]
    seq, number = _number(app.agency, today.year)
    letter = Letter.objects.create(agency=app.agency, application=app, kind=kind, year=today.year, seq=seq,
                                   number=number, title=tpl.title, addressee=addressee, paragraphs=paragraphs,
                                   issued_on=today, provisional=provisional,
                                   to_applicant=kind not in (LetterKind.THIRD_PARTY, LetterKind.CONSULT),
                                   created_by=actor if getattr(actor, "pk", None) else None)
    record("case.letter.issue", actor=actor, agency=app.agency, obj=letter, data={"kind": kind, "case": app.pk})
    return letter


def needs_approval(app: Application) -> bool:
    return case_settings(app.agency).decision_needs_approval


@transaction.atomic
def deliver(actor, letter: Letter, *, method: str, on: date, proof: str, revision: int, today: date) -> Delivery:
    """送达: how and when a letter reached its addressee, with proof (e.g. the EMS number)."""
    app = lock(letter.application, revision)
    require_staff(actor, app)
    if method not in DeliveryMethod.values:
        raise GongkaiError("送达方式不正确", field="method")
    require_date(on, "送达日期", today=today, not_before=letter.issued_on, before_label="文书落款日期")
    proof = (proof or "").strip()
    if method == DeliveryMethod.EMS and not proof:
        raise GongkaiError("邮寄送达请填写EMS或挂号单号", field="proof")
    delivery = Delivery.objects.create(agency=app.agency, letter=letter, method=method, date=on, proof=proof,
                                       actor=actor)
    from .base import add_event, save

    add_event(app, EventKind.DELIVERY, actor, on=on, party=letter.number, note=proof,
              data={"method": method, "letter": letter.pk})
    save(app, "case.deliver", actor, today=today, data={"letter": letter.number, "method": method})
    return delivery


# --- output --------------------------------------------------------------------------------------------------------
def docx_bytes(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    title = doc.add_heading(letter.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = doc.add_paragraph(letter.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{letter.addressee}：")
    for text in letter.paragraphs:
        doc.add_paragraph(text)
    for text in (letter.agency.name, letter.issued_on.strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月")):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if letter.provisional:
        doc.add_paragraph("注：文中标注“暂定”的日期所在年度节假日安排尚未公布，以正式安排为准。")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


__all__ = ["issue", "deliver", "docx_bytes", "save_template", "seed_templates", "template_for", "HEADS"]
