"""Letters (文书): numbered per agency per year by the agency's pattern, rendered from templates staff can edit.

Templates use Django's template language over a sandboxed context: only plain strings and lists of strings (no
model objects, no loaders, no custom tag libraries), so a template cannot reach anything but the letter's data.
The rendered text is stored as paragraphs on the Letter (a letter never changes after it is issued).
"""

from __future__ import annotations

import io
import re
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

# 救济途径. 行政复议法第二十条 (60日) and 行政诉讼法第四十六条 (6个月); from 2024-01-01 《中华人民共和国行政复议法》
# （2023年修订）第二十三条第一款第（四）项 makes 行政复议 mandatory first (复议前置) for "申请政府信息公开，行政机关不予
# 公开": for deny.* and the withheld part of partial the letter names the 复议机关 (第二十四条) and no direct suit.
REMEDIES = ("如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，或者自收到本答复之日起6个月内"
            "依法向人民法院提起行政诉讼。")
REMEDIES_REVIEW_FIRST = ("如对本答复不服，可以自收到本答复之日起60日内向{review_body}申请行政复议；"
                         "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。")
REVIEW_FIRST_FROM = date(2024, 1, 1)  # 《行政复议法》（2023年修订）施行之日
DEFAULT_REVIEW_BODY = "本级人民政府"


def review_first(outcome: str, issued_on: date) -> bool:
    """复议前置 (行政复议法2023第二十三条第一款第（四）项): 不予公开 (deny.*, and partial) in letters from 2024-01-01."""
    return issued_on >= REVIEW_FIRST_FROM and (outcome == "partial" or outcome.startswith("deny."))


def remedies_text(outcome: str, issued_on: date, review_body: str = DEFAULT_REVIEW_BODY) -> str:
    """The remedies sentence of an answer letter, chosen by outcome and letter date (the only place with both)."""
    if review_first(outcome or "", issued_on):
        return REMEDIES_REVIEW_FIRST.format(review_body=review_body or DEFAULT_REVIEW_BODY)
    return REMEDIES


def review_body_for(agency) -> str:
    """The 复议机关 named in the letter: the agency's setting, else the government above it, else 本级人民政府."""
    from gongkai.agencies.models import AgencyLevel

    configured = CaseSettings.objects.filter(agency=agency).values_list("review_body", flat=True).first()
    if configured and configured.strip():
        return configured.strip()
    for node in agency.ancestors():
        if node.level == AgencyLevel.GOVERNMENT:
            return node.name
    return DEFAULT_REVIEW_BODY
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
本机关将最迟于 {{ due_date }}（含当日）作出答复{{ provisional_note }}（条例第三十三条）。如需补正或征求第三方意见，期限依法另行计算。
您可凭查询码和联系电话后四位查询办理进度。"""),
    LetterKind.CORRECTION: ("政府信息公开申请补正告知书", """\
您于 {{ received_date }} 向本机关提出的政府信息公开申请（查询码 {{ tracking_code }}）内容不明确。根据《中华人民共和国政府信息公开条例》第三十条，现一次性告知您需要补正的事项：
{{ correction_items }}
请最迟于 {{ correction_due }}（含当日）补正。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"""),
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
{% endfor %}请自收到本通知次日起20个工作日内，即最迟于 {{ fee_due }}（含当日）缴纳{{ provisional_note }}。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"""),
    LetterKind.ANSWER: ("政府信息公开申请答复书", """\
您于 {{ received_date }} 向本机关提出的政府信息公开申请（查询码 {{ tracking_code }}）收悉。您申请获取：{{ content }}
{{ outcome_wording }}
{% if decision_text %}{{ decision_text }}
{% endif %}依据：{{ outcome_basis }}。
{{ remedies }}"""),
    LetterKind.DISCLOSE: ("政府信息公开决定公开告知书", """\
{{ party }}：
本机关就政府信息公开申请（查询码 {{ tracking_code }}）所涉政府信息征求了您的意见，您不同意公开。经审查，本机关认为不公开可能对公共利益造成重大影响，决定{{ disclosure_scope }}。根据《中华人民共和国政府信息公开条例》第三十二条，现将决定公开的政府信息内容和理由书面告知如下：
决定公开的内容：{{ content }}
理由：{{ decision_text }}
如对本决定不服，可以依法申请行政复议或者提起行政诉讼。"""),
}
PARTY_LETTERS = (LetterKind.THIRD_PARTY, LetterKind.CONSULT, LetterKind.DISCLOSE)


def template_for(agency, kind: str) -> LetterTemplate:
    title, body = DEFAULTS[kind]
    obj, _ = LetterTemplate.objects.get_or_create(agency=agency, kind=kind, defaults={"title": title, "body": body})
    return obj


def seed_templates(agency) -> list[LetterTemplate]:
    return [template_for(agency, kind) for kind in LetterKind.values]


# Tags that reveal internals or only generate bulk ({% debug %} dumps sys.modules when DEBUG is on), and filter
# arguments with five or more digits (|ljust:"100000000"): refused. Rendered letters are capped in length.
FORBIDDEN_TAG = re.compile(r"\{%-?\s*(debug|lorem|url|csrf_token)\b")
HUGE_ARGUMENT = re.compile(r"\|\s*\w+\s*:\s*[\"']?\s*-?\d{5,}")
MAX_LETTER_CHARS = 20_000


def compile_body(body: str):
    if m := FORBIDDEN_TAG.search(body):
        raise GongkaiError(f"模板格式有误：不允许使用 {{% {m.group(1)} %}} 标签", field="body")
    if HUGE_ARGUMENT.search(body):
        raise GongkaiError("模板格式有误：过滤器参数过大", field="body")
    try:
        return _ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        raise GongkaiError(f"模板格式有误：{exc}", field="body") from None


def render_body(body: str, ctx: dict) -> str:
    """The letter text; a template that cannot produce it with this data is refused, never a 500."""
    template = compile_body(body)
    try:
        text = template.render(Context(ctx))
    except Exception:
        raise Refused("文书模板有误，无法生成文书，请负责人修改文书模板。") from None
    if len(text) > MAX_LETTER_CHARS:
        raise Refused(f"按文书模板生成的文书过长（超过{MAX_LETTER_CHARS}字），请负责人修改文书模板。")
    return text


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
        render_body(body, _sample_context())
    except Refused as exc:
        raise GongkaiError(f"模板无法生成文书：{exc.message}", field="body") from None
    obj = template_for(agency, kind)
    before = {"title": obj.title, "body": obj.body}
    obj.title, obj.body, obj.updated_by = title, body, actor
    obj.save()
    record("case.letter_template.edit", actor=actor, agency=agency, obj=obj, data={"kind": kind, "before": before})
    return obj


SAMPLE_KEYS = ("agency_name", "office_name", "office_address", "office_phone", "tracking_code", "applicant_name",
               "channel", "received_date", "content", "due_date", "provisional_note", "remedies", "today", "reason",
               "party", "correction_items", "correction_due", "extension_days", "fee_amount", "fee_scale", "fee_due",
               "outcome_label", "outcome_basis", "outcome_wording", "decision_text", "review_body",
               "disclosure_scope")


def _sample_context() -> dict:
    """A context shaped like the real one (every key, strings and a list of strings), for testing a template."""
    sample = {k: f"示例{k}" for k in SAMPLE_KEYS}
    sample["fee_lines"] = ["第1—30页：30页 × 0元/页 = 0元", "第31—100页：70页 × 10元/页 = 700元"]
    return sample


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
    if kind in (LetterKind.ANSWER, LetterKind.DISCLOSE) and app.outcome:
        answer = outcomes.answer_for(app.outcome, app.sub_basis, app.responsible_agency, app.responsible_contact)
        review_body = review_body_for(app.agency)
        ctx.update(outcome_label=answer.label, outcome_basis=answer.basis, outcome_wording=answer.wording,
                   decision_text=app.decision_text, review_body=review_body,
                   remedies=remedies_text(app.outcome, today, review_body),
                   disclosure_scope="部分公开（对可以公开的内容区分处理后予以公开）" if app.outcome == "partial"
                   else "予以公开")
    return ctx, provisional


def _number(agency, year: int) -> tuple[int, str]:
    settings = CaseSettings.objects.select_for_update().get(pk=case_settings(agency).pk)
    seq = (Letter.objects.filter(agency=agency, year=year).aggregate(m=Max("seq"))["m"] or 0) + 1
    prefix = agency.letter_prefix or agency.short_name or agency.name
    return seq, format_number(settings.letter_number_pattern, prefix, year, seq)


NUMBER_PATTERN = re.compile(r"(?:[^{}]|\{(?:prefix|year|n)\})*")
NUMBER_PATTERN_MAX = 60


def valid_number_pattern(pattern: str) -> bool:
    """Only literal text and the placeholders {prefix}, {year}, {n} (with {n} required); no format specs."""
    return (isinstance(pattern, str) and len(pattern) <= NUMBER_PATTERN_MAX and "{n}" in pattern
            and NUMBER_PATTERN.fullmatch(pattern) is not None)


def format_number(pattern: str, prefix: str, year: int, n: int) -> str:
    """The letter number by plain substitution (never str.format on a stored pattern)."""
    if not valid_number_pattern(pattern):
        pattern = "{prefix}〔{year}〕第{n}号"
    return pattern.replace("{prefix}", prefix).replace("{year}", str(year)).replace("{n}", str(n))


@transaction.atomic
def issue(actor, app: Application, kind: str, *, today: date, party: str = "") -> Letter:
    """Render and number one letter for the case (called by the services that need it)."""
    if kind == LetterKind.ANSWER and not (app.closed_on and (app.approved_at or not needs_approval(app))):
        raise Refused("答复须经负责人审批后才能发出。")
    tpl = template_for(app.agency, kind)
    ctx, provisional = context_for(app, kind, today, party=party)
    text = render_body(tpl.body, ctx)
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    addressee = party if kind in PARTY_LETTERS else app.applicant_name
    if kind in PARTY_LETTERS and paragraphs and paragraphs[0].rstrip("：") == party:
        paragraphs = paragraphs[1:]
    seq, number = _number(app.agency, today.year)
    letter = Letter.objects.create(agency=app.agency, application=app, kind=kind, year=today.year, seq=seq,
                                   number=number, title=tpl.title, addressee=addressee, paragraphs=paragraphs,
                                   issued_on=today, provisional=provisional,
                                   to_applicant=kind not in PARTY_LETTERS,
                                   created_by=actor if getattr(actor, "pk", None) else None)
    record("case.letter.issue", actor=actor, agency=app.agency, obj=letter, data={"kind": kind, "case": app.pk})
    return letter


def needs_approval(app: Application) -> bool:
    return case_settings(app.agency).decision_needs_approval


@transaction.atomic
def deliver(actor, letter: Letter, *, method: str, on: date, proof: str, revision: int, today: date) -> Delivery:
    """送达: how and when a letter reached its addressee, with proof (e.g. the EMS number)."""
    require_staff(actor, letter.application)  # the role first: no revision leak to other roles
    app = lock(letter.application, revision)
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
