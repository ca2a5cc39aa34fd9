"""案卷: one PDF per case for 行政复议 and 行政诉讼 — what arrived when, how each deadline was counted, what was sent
and when it was delivered, and who did what.

Order: cover (受理号 when the case has one, 查询码, the applicant masked as the reader's role requires, channel,
received, outcome, handler, 保管期限) with the contents; the steps of the case and the deadline computation with
its articles (`clock.deadline(...).steps` and their day-by-day `details`); every letter, each laid out as issued;
the delivery records with their proof scans; the case's files; the audit trail.

Files are the case's `CaseFile`s (`dossier_files`): delivery-proof scans under their delivery, the others in their
own part, each with its SHA-256 checked.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from gongkai.audit.actions import label as action_label
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record
from gongkai.core.errors import GongkaiError, NotFound
from gongkai.documents import gongwen, model
from gongkai.documents.pdf import render_pdf

from . import dossier_files, outcomes
from .base import case_settings
from .clock import TZ, deadline, received_rule
from .letter_output import Masker, letter_blocks
from .models import Application, Channel, ConsultSpan, DeliveryMethod, EventKind, LetterKind, Retention
from .work_models import RequestKind

# 受理号 typed with other brackets (嘉商依申[2026]17号, 嘉商依申（2026）17号) is read as written with 〔〕.
_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔",
                           "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕"})


def acceptance_number(app: Application) -> str:
    return app.acceptance_no or ""


def find_case(code: str) -> Application:
    """The case with this 查询码 or 受理号; NotFound (or, when a 受理号 is held by two agencies, GongkaiError) with one
    Chinese line otherwise."""
    code = (code or "").strip()
    if not code:
        raise NotFound("请给出查询码或受理号。")
    found = list(Application.objects.select_related("agency").filter(
        Q(tracking_code__iexact=code) | Q(acceptance_no=code) | Q(acceptance_no=code.translate(_BRACKETS)))[:3])
    if not found:
        raise NotFound(f"没有查询码或受理号为“{code}”的申请。")
    if len(found) > 1:
        names = "、".join(sorted({a.agency.name for a in found}))
        raise GongkaiError(f"受理号“{code}”在多个机关都有（{names}），请改用查询码。")
    return found[0]


# --- the document -------------------------------------------------------------------------------------------------
SECTIONS = (("d-steps", "一、办理过程和答复期限的计算"), ("d-letters", "二、文书"), ("d-delivery", "三、送达记录"),
            ("d-files", "四、案件材料"), ("d-audit", "五、操作记录（审计日志）"))


def build(app: Application, *, today: date, now: datetime, masked: bool, printed_by: str) -> model.Document:
    masker = Masker(app) if masked else Masker(None)
    letters = list(app.letters.select_related("agency").prefetch_related("deliveries__actor"))
    files = dossier_files.files_of(app)
    doc = model.Document(title=f"政府信息公开申请办理案卷（{acceptance_number(app) or app.tracking_code}）",
                         author=app.agency.name, created=now, subject="案卷", keywords=app.tracking_code)
    doc.add(*_cover(app, letters, masker, now=now, printed_by=printed_by), model.PageBreak())
    doc.add(*_contents(letters), model.PageBreak())
    doc.add(*_steps(app, today, masker), model.PageBreak())
    doc.add(*_letters(letters, masker))
    doc.add(model.PageBreak(), *_deliveries(letters, files, masker))
    doc.add(*_files([c for c in files if not dossier_files.is_proof(c.file)]))
    doc.add(model.PageBreak(), *_audit(app, letters, masker))
    return doc


def pdf(app: Application, *, actor, today: date, now: datetime, masked: bool, via: str = "web") -> bytes:
    """The dossier as PDF; printing it is audited (who, masked or not)."""
    printed_by = (actor.get_full_name() or actor.username) if getattr(actor, "pk", None) else "系统（命令行）"
    data = render_pdf(build(app, today=today, now=now, masked=masked, printed_by=printed_by))
    record("case.dossier.print", actor=actor, agency=app.agency, obj=app,
           data={"masked": masked, "via": via, "today": today.isoformat()})
    return data


def _dt(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(TZ) if moment.tzinfo else moment
    return f"{gongwen.chinese_date(local)} {local:%H:%M}"


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


_COUNTING_NOTE = re.compile(r"（[^（）]*只计[^（）]*）")  # the annual report's counting rule, not for a case


def _outcome_title(code: str) -> str:
    """“（二）部分公开”, “（三）不予公开 属于国家秘密”: the Table 3 row without its counting note."""
    o = outcomes.get(code)
    label = _COUNTING_NOTE.sub("", o.label)
    return o.group if o.group.endswith(label) else f"{o.group} {label}"


def _cover(app: Application, letters, masker: Masker, *, now: datetime, printed_by: str) -> list:
    settings = case_settings(app.agency)
    answer = outcomes.answer_for(app.outcome, app.sub_basis, app.responsible_agency, app.responsible_contact) \
        if app.outcome else None
    applicant = f"{masker(app.applicant_name)}（{app.get_applicant_type_display()}）"
    if app.contact_person:
        applicant += f"，联系人：{masker(app.contact_person)}"
    identity = f"{app.get_id_type_display()} {app.masked_id if masker.pairs else app.id_number}；" \
               f"电话 {app.masked_phone if masker.pairs else app.phone}"
    handler = app.assigned_to or app.decision_by or app.created_by
    rows = [("机关", app.agency.name)]
    if acceptance_number(app):
        rows.append(("受理号", acceptance_number(app)))
    rows += [
        ("查询码", app.tracking_code), ("申请人", applicant), ("身份证明和联系方式", identity),
        ("申请渠道", app.get_channel_display()), ("到达时间", _dt(app.arrived_at)),
        ("收到申请之日", (gongwen.chinese_date(app.received_date) + "（" + received_rule(app.channel) + "）")
         if app.received_date else "尚未确认收到"),
        ("所需信息", masker(app.content)),
    ]
    if app.clarified_content:
        rows.append(("补正后的所需信息", masker(app.clarified_content)))
    rows += [
        ("获取方式", app.get_delivery_form_display()),
        ("办理结果", f"{_outcome_title(app.outcome)}；依据：{answer.basis or '（无）'}" if answer else "尚未作出决定"),
        ("办结日", gongwen.chinese_date(app.closed_on) or "未办结"), ("状态", app.get_status_display()),
        ("承办科室", app.section.name if app.section else "—"), ("经办人", _person(handler) or "—"),
        ("审批人", _person(app.approved_by) or "—"), ("文书", f"{len(letters)}件"),
        ("保管期限", Retention(settings.dossier_retention or Retention.Y30).label),
        ("立卷", f"{_dt(now)}，{printed_by}" + ("；申请人个人信息已按查看人的岗位隐去" if masker.pairs else "")),
    ]
    return [model.Title("政府信息公开申请办理案卷"), model.Table((), tuple(rows), widths=(1, 3), label_column=True)]


def _letter_anchor(letter) -> str:
    return f"d-letter-{letter.pk}"


def _contents(letters) -> list:
    """卷内目录: the parts and every letter, with page numbers (PDF)."""
    entries = []
    for anchor, label in SECTIONS:
        entries.append((label, anchor))
        if anchor == "d-letters":
            entries += [(f"　　{lt.number}　{lt.get_kind_display()}", _letter_anchor(lt)) for lt in letters]
    return [model.Title("卷内目录"), model.Contents(tuple(entries))]


def _event_row(e, masker: Masker) -> tuple[str, ...]:
    extra = [e.party and masker(e.party), e.due and f"期限 {gongwen.chinese_date(e.due)}",
             e.days and f"{e.days}个工作日", e.amount and f"{e.amount}元"]
    return (gongwen.chinese_date(e.date), e.get_kind_display(), "；".join(x for x in extra if x),
            masker(gongwen.chinese_dates_in(e.note)), _person(e.actor))


def _steps(app: Application, today: date, masker: Masker) -> list:
    settings = case_settings(app.agency)
    events = list(app.events.select_related("actor").order_by("date", "id"))
    result = deadline(app, events=events, today=today)
    conventions = (f"计算口径：“自××之日起N个工作日”{'计入' if settings.start_day_counted else '不计入'}起算日当天；"
                   f"征求意见所需时间按{ConsultSpan(settings.consult_span).label}扣除（第三十三条第三款）；"
                   f"收费通知至缴费期间{'不计入' if settings.fee_pauses_clock else '计入'}答复期限。")
    blocks = [model.Heading(SECTIONS[0][1], anchor=SECTIONS[0][0]), model.Heading("（一）办理过程", level=2),
              model.Table(("日期", "事项", "对象、期限", "说明", "经办"), tuple(_event_row(e, masker) for e in events),
                          widths=(9, 4, 6, 13, 4)) if events else model.Para("尚无办理事项。"),
              model.Heading("（二）答复期限的计算", level=2), model.Para(conventions)]
    for n, step in enumerate(result.steps, 1):
        blocks.append(model.Para(f"{n}. {gongwen.chinese_dates_in(masker(step.title))}"))
        if step.details:
            blocks.append(model.Lines(tuple(gongwen.chinese_dates_in(line) for line in step.details)))
    label = result.label or "期限"
    said = bool(result.steps) and result.steps[-1].title.startswith(f"{label}：")
    if result.due and not said:  # the trace's last step usually says it already
        blocks.append(model.Para(f"{label}：{gongwen.chinese_date(result.due)}"
                                 + ("（暂定）" if result.provisional else "") + "。"))
    return blocks


def _letters(letters, masker: Masker) -> list:
    blocks = [model.Heading(SECTIONS[1][1], anchor=SECTIONS[1][0])]
    if not letters:
        return blocks + [model.Para("本案尚未出具文书。")]
    rows = tuple((str(i), lt.number, lt.title, masker(lt.addressee), gongwen.chinese_date(lt.issued_on))
                 for i, lt in enumerate(letters, 1))
    blocks.append(model.Table(("序号", "文号", "文书", "收件人", "成文日期"), rows, widths=(1, 4, 6, 4, 3)))
    for letter in letters:
        first, *rest = letter_blocks(letter, masker)
        blocks += [model.PageBreak(), model.Title(first.text, anchor=_letter_anchor(letter)), *rest]
    return blocks


def _deliveries(letters, files: list[dossier_files.Checked], masker: Masker) -> list:
    blocks = [model.Heading(SECTIONS[2][1], anchor=SECTIONS[2][0])]
    rows = tuple((lt.number, lt.title, masker(lt.addressee), d.get_method_display(), gongwen.chinese_date(d.date),
                  d.proof, _person(d.actor)) for lt in letters for d in lt.deliveries.all())
    if rows:
        blocks.append(model.Table(("文号", "文书", "受送达人", "送达方式", "送达日期", "凭证", "登记人"), rows,
                                  widths=(4, 5, 3, 3, 3, 4, 2)))
    else:
        blocks.append(model.Para("尚无送达记录。"))
    unsent = [lt for lt in letters if not lt.deliveries.all() and lt.kind != LetterKind.RECEIPT]
    if unsent:
        blocks.append(model.Para("尚未登记送达的文书：" + "、".join(lt.number for lt in unsent) + "。"))
    paper = [d for lt in letters for d in lt.deliveries.all() if d.method in (DeliveryMethod.EMS,
                                                                               DeliveryMethod.IN_PERSON)]
    proofs = [c for c in files if dossier_files.is_proof(c.file)]
    proven = {c.file.delivery_id for c in proofs}
    missing = [d for d in paper if d.pk not in proven]
    if missing and not proofs:
        blocks.append(model.Para("直接送达、邮寄送达的送达回证和邮寄凭证原件存纸质案卷；本案尚未上传其扫描件。"))
    elif missing:
        blocks.append(model.Para("尚未上传送达凭证扫描件的送达：" + "、".join(
            f"{d.letter.number}（{d.get_method_display()}）" for d in missing) + "。"))
    if proofs:
        blocks += [model.Heading("送达凭证扫描件", level=2), *dossier_files.blocks(proofs)]
    return blocks


def _files(files: list[dossier_files.Checked]) -> list:
    blocks = [model.Heading(SECTIONS[3][1], anchor=SECTIONS[3][0])]
    if not files:
        return blocks + [model.Para("本案没有上传的材料。")]
    return blocks + dossier_files.blocks(files)


# --- the audit trail ------------------------------------------------------------------------------------------------
DATA_LABELS = {"today": "业务日期", "channel": "渠道", "due": "期限", "days": "工作日数", "kind": "类型",
               "party": "对象", "outcome": "办理结果", "decision_date": "决定日期", "pending_approval": "待审批",
               "letter": "文书", "method": "送达方式", "amount": "金额（元）", "scale": "计费方式", "on": "日期",
               "received_date": "收到日", "before": "更正前", "after": "更正后", "reason": "理由", "section": "科室",
               "until": "延迟至", "case": "申请", "clarified": "记录补正内容", "masked": "隐去个人信息",
               "via": "方式", "applications": "件数", "handler": "经办人", "items": "件数", "pages": "页数",
               "note": "意见"}
_VALUE_LABELS = {"outcome": {c: _COUNTING_NOTE.sub("", o.label) for c, o in outcomes.BY_CODE.items()},
                 "method": dict(DeliveryMethod.choices), "channel": dict(Channel.choices),
                 "kind": {**dict(EventKind.choices), **dict(LetterKind.choices), **dict(RequestKind.choices)},
                 "scale": {"items": "按件计收", "pages": "按量计收"}, "via": {"web": "网页", "cli": "命令行"}}
INTERNAL_KEYS = {"case", "request"}  # row ids, not for readers


def _value(key: str, v, people: dict[str, str]) -> str:
    if key == "handler":
        return people.get(str(v), str(v))
    if isinstance(v, bool):
        return "是" if v else "否"
    if v is None:
        return "—"
    return gongwen.chinese_dates_in(_VALUE_LABELS.get(key, {}).get(str(v), str(v)))


def _summary(data: dict, masker: Masker, people: dict[str, str]) -> str:
    return masker("；".join(f"{DATA_LABELS.get(k, k)}：{_value(k, v, people)}" for k, v in (data or {}).items()
                            if not isinstance(v, dict | list) and k not in INTERNAL_KEYS and v != ""))


def _people(entries) -> dict[str, str]:
    """Usernames recorded in audit data (the handler) → the person's name."""
    names = {str(e.data["handler"]) for e in entries if isinstance(e.data, dict) and e.data.get("handler")}
    users = get_user_model().objects.filter(username__in=names) if names else []
    return {u.username: _person(u) for u in users}


def audit_entries(app: Application, letters=None):
    letter_ids = [str(pk) for pk in (app.letters.values_list("pk", flat=True) if letters is None
                                     else [lt.pk for lt in letters])]
    return AuditEntry.objects.filter(
        Q(object_type="cases.application", object_id=str(app.pk))
        | Q(object_type="cases.letter", object_id__in=letter_ids)).select_related("actor").order_by("at", "id")


def _audit(app: Application, letters, masker: Masker) -> list:
    entries = list(audit_entries(app, letters))
    people = _people(entries)
    rows = tuple((_dt(e.at), e.action_label or action_label(e.action), _person(e.actor) or "系统",
                  masker(e.object_repr) if e.object_type == "cases.letter" else "", _summary(e.data, masker, people))
                 for e in entries)
    return [model.Heading(SECTIONS[4][1], anchor=SECTIONS[4][0]),
            model.Table(("时间", "操作", "操作人", "对象", "内容"), rows, widths=(4, 4, 2, 5, 7)) if rows
            else model.Para("没有操作记录。")]
