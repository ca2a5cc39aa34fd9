"""Letters (文书): numbered per agency per year by the agency's pattern, rendered from templates staff can edit.

Templates run in `letter_sandbox` over a context of plain strings and lists of strings (no model objects), bounded
in time and size; the default texts and the text rules are in `letter_texts`; the 公文 layout (DOCX, PDF) is in
`letter_output`. The rendered text is stored as paragraphs on the Letter (a letter never changes after it is issued).
"""

from __future__ import annotations

import re
import time
from datetime import date

from django.db import transaction
from django.db.models import Max

from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError, Refused
from gongkai.documents.gongwen import chinese_date

from . import letter_sandbox, letter_texts, outcomes
from .base import HEADS, case_settings, lock, require_date, require_staff
from .clock import deadline
from .letter_texts import DEFAULTS, PROVISIONAL_MARK
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


PARTY_LETTERS = (LetterKind.THIRD_PARTY, LetterKind.CONSULT, LetterKind.DISCLOSE)


def template_for(agency, kind: str) -> LetterTemplate:
    title, body = DEFAULTS[kind]
    obj, _ = LetterTemplate.objects.get_or_create(agency=agency, kind=kind, defaults={"title": title, "body": body})
    return obj


def seed_templates(agency) -> list[LetterTemplate]:
    return [template_for(agency, kind) for kind in LetterKind.values]


MAX_LETTER_CHARS = 20_000
ISSUE_SECONDS = 3.0  # a template that passed the save-time check (1 s on the longest inputs) stays far below this
SAVE_SECONDS = 1.0
# The longest inputs a letter can hold (the forms' and models' limits), for the save-time check.
MAX_REQUEST_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS = 5000, 100, 2000


def compile_body(body: str):
    return letter_sandbox.compile_body(body)


def render_body(body: str, ctx: dict, *, seconds: float = ISSUE_SECONDS) -> str:
    """The letter as plain text; a template that cannot produce it with this data, or not within the time and size
    limits, is refused, never a 500 or a hung request."""
    template = compile_body(body)
    try:
        return letter_sandbox.render(template, ctx, seconds=seconds, max_chars=MAX_LETTER_CHARS)
    except letter_sandbox.TemplateTooSlow:
        raise Refused(f"按文书模板生成文书用时超过{seconds:g}秒，已停止。请负责人简化文书模板（例如去掉对申请内容的循环）。"
                      ) from None
    except letter_sandbox.TemplateTooLong:
        raise Refused(f"按文书模板生成的文书过长（超过{MAX_LETTER_CHARS}字），请负责人修改文书模板。") from None


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
    started = time.monotonic()
    try:  # the longest request and names the forms allow: a template must cope with them in a second
        render_body(body, worst_case_context(), seconds=SAVE_SECONDS)
    except Refused as exc:
        raise GongkaiError(f"模板无法保存：按最长的申请内容（{MAX_REQUEST_CHARS}字）和名称试生成文书时，"
                           f"{exc.message}", field="body") from None
    if time.monotonic() - started > SAVE_SECONDS:
        raise GongkaiError(f"模板无法保存：按最长的申请内容（{MAX_REQUEST_CHARS}字）和名称试生成文书用时超过"
                           f"{SAVE_SECONDS:g}秒，请简化模板。", field="body")
    obj = template_for(agency, kind)
    before = {"title": obj.title, "body": obj.body}
    obj.title, obj.body, obj.updated_by = title, body, actor
    obj.save()
    record("case.letter_template.edit", actor=actor, agency=agency, obj=obj, data={"kind": kind, "before": before})
    return obj


SAMPLE_KEYS = ("agency_name", "office_name", "office_address", "office_phone", "office_contact", "tracking_code",
               "acceptance_no", "case_ref", "applicant_name", "channel", "received_date", "content", "original_content",
               "request", "clarified_date", "due_date", "original_due", "provisional_note", "remedies", "today",
               "reason", "party", "correction_items", "correction_due", "extension_days", "fee_amount", "fee_scale", "fee_due",
               "fee_pause_note", "outcome_label", "outcome_basis", "outcome_wording", "decision_text",
               "decision_label", "provision", "review_body", "disclosure_scope")
LONG_KEYS = {"content": MAX_REQUEST_CHARS, "original_content": MAX_REQUEST_CHARS, "request": MAX_REQUEST_CHARS,
             "decision_text": MAX_REQUEST_CHARS, "correction_items": MAX_NOTE_CHARS, "reason": MAX_NOTE_CHARS,
             "applicant_name": MAX_NAME_CHARS, "party": MAX_NAME_CHARS, "agency_name": MAX_NAME_CHARS,
             "office_name": MAX_NAME_CHARS, "review_body": MAX_NAME_CHARS, "office_address": 200}
MAX_FEE_LINES = 100


def _sample_context() -> dict:
    """A context shaped like the real one (every key, strings and a list of strings), for testing a template."""
    sample = {k: f"示例{k}" for k in SAMPLE_KEYS}
    sample["fee_lines"] = ["第1—30页：30页，不收费", "第31—100页：70页×10元/页＝700元"]
    return sample


def worst_case_context() -> dict:
    """Every key at its longest (the request at the form's 5,000 characters, names at 100), with the characters
    that must survive unescaped (“R&D”, <>), and the most fee lines a quote has."""
    unit = "申请公开“R&D补贴”<资金>的分配情况，"
    sample = {k: (unit * (LONG_KEYS.get(k, 200) // len(unit) + 1))[:LONG_KEYS.get(k, 200)] for k in SAMPLE_KEYS}
    sample["fee_lines"] = [f"第{n}档：10件×{n * 100}元/件＝{n * 1000}元" for n in range(1, MAX_FEE_LINES + 1)]
    return sample


def _fmt(d: date | None) -> str:
    return chinese_date(d)


def _request_context(app: Application, events: list) -> dict:
    """The request as the letter quotes it: the clarified one after a 补正 (第三十条), else the original."""
    received = [e for e in events if e.kind == EventKind.CORRECTION_RECEIVED]
    content = (app.clarified_content or "").strip() or app.content
    return {"content": content, "original_content": app.content, "request": letter_texts.sentence(content),
            "clarified_date": _fmt(received[-1].date) if received else ""}


def context_for(app: Application, kind: str, today: date, **extra) -> tuple[dict, bool]:
    """The sandboxed context (strings only) and whether it contains a provisional date."""
    events = list(app.events.all())
    result = deadline(app, events=events, today=today, explain=False)
    last = {e.kind: e for e in events}
    provisional = result.provisional
    agency = app.agency
    office = agency.office_name or agency.name
    ctx = {
        "agency_name": agency.name, "office_name": office, "office_address": agency.office_address,
        "office_phone": agency.office_phone,
        "office_contact": letter_texts.contact(office, agency.office_address, agency.office_phone),
        "tracking_code": app.tracking_code, "acceptance_no": app.acceptance_no or "",
        "case_ref": letter_texts.case_ref(app.acceptance_no, app.tracking_code), "applicant_name": app.applicant_name,
        "channel": letter_texts.CHANNEL_WORDS.get(app.channel, app.get_channel_display()),
        "received_date": _fmt(app.received_date), **_request_context(app, events),
        "due_date": _fmt(result.answer_due or result.due), "original_due": "",
        "provisional_note": PROVISIONAL_MARK if provisional else "",
        "remedies": REMEDIES, "today": _fmt(today), "reason": "", "party": extra.get("party", ""),
    }
    if kind == LetterKind.CORRECTION and EventKind.CORRECTION_REQUEST in last:
        e = last[EventKind.CORRECTION_REQUEST]
        ctx.update(correction_items=letter_texts.sentence(e.note), correction_due=_fmt(e.due))
    if kind == LetterKind.EXTENSION and EventKind.EXTENSION in last:
        e = last[EventKind.EXTENSION]
        before = deadline(app, events=[x for x in events if x.kind != EventKind.EXTENSION], today=today,
                          explain=False)
        ctx.update(extension_days=str(e.days), reason=letter_texts.clause(e.note),
                   original_due=_fmt(before.answer_due or before.due))
    if kind == LetterKind.DELAY and EventKind.DELAY_35 in last:
        ctx.update(reason=letter_texts.clause(last[EventKind.DELAY_35].note))
    if kind == LetterKind.FEE and EventKind.FEE_NOTICE in last:
        e = last[EventKind.FEE_NOTICE]
        pauses = case_settings(agency).fee_pauses_clock
        ctx.update(fee_amount=str(e.amount), fee_lines=[str(x) for x in e.data.get("lines", [])],
                   fee_scale="按件计收" if e.data.get("scale") == "items" else "按量计收",
                   fee_due=_fmt(result.fee_due),
                   fee_pause_note="自您收到本通知之日至缴费之日的期间，不计算在答复期限内。" if pauses else "")
    if kind in (LetterKind.ANSWER, LetterKind.DISCLOSE) and app.outcome:
        ctx.update(_answer_context(app, today, office))
    return ctx, provisional


def _answer_context(app: Application, today: date, office: str) -> dict:
    answer = outcomes.answer_for(app.outcome, app.sub_basis, app.responsible_agency, app.responsible_contact)
    review_body = review_body_for(app.agency)
    place = f"{office}（{app.agency.office_address}）" if app.agency.office_address else office
    return {"outcome_label": answer.label, "outcome_basis": answer.basis, "outcome_wording": answer.wording,
            "decision_text": app.decision_text, "review_body": review_body,
            "decision_label": letter_texts.decision_label(app.outcome, app.sub_basis),
            "provision": letter_texts.provision(app.outcome, app.sub_basis, app.delivery_form, place),
            "remedies": remedies_text(app.outcome, today, review_body),
            "disclosure_scope": "部分公开（对可以公开的内容区分处理后予以公开）" if app.outcome == "partial"
            else "予以公开"}


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
                                   issued_on=today, provisional=provisional and PROVISIONAL_MARK in text,
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


# --- output ------------------------------------------------------------------------------------------------------
def docx_bytes(letter: Letter) -> bytes:
    from .letter_output import docx_bytes as render

    return render(letter)


__all__ = ["issue", "deliver", "docx_bytes", "save_template", "seed_templates", "template_for", "HEADS", "DEFAULTS"]
