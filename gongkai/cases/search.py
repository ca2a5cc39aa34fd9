"""Finding cases in the office: the queues of the 工作台 (?show=), words and numbers (?q=), and filters.

The words box finds a case by 查询码, 受理号, applicant name, phone or ID number (exact match — through the keyed
hash once personal data is encrypted at rest: ApplicationQuerySet.with_phone / with_id_number), a letter's 文号, or
words of the request. Filters: status, outcome, applicant type, handler, received and decided date ranges, overdue
only. A Table-3 cell (?cell=t3/row/col&year=Y) lists exactly the cases that cell counts.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from gongkai.agencies.models import Membership, Role
from gongkai.core import params as params_
from gongkai.core.errors import GongkaiError
from gongkai.core.forms import GongkaiForm

from .compute import TABLE, cell_queryset, codes_for
from .models import ApplicantType, Application, Letter, Status
from .outcomes import OUTCOME_CHOICES
from .queues import FILTERS, LABELS, cases_of

MAX_Q = 100


def handlers_of(agency):
    """Staff who can handle a case of the agency (经办人、负责人)."""
    ids = Membership.objects.active().filter(agency=agency, role__in=[Role.CLERK, Role.HEAD]).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("first_name", "username")


class CaseSearchForm(GongkaiForm):
    q = forms.CharField(label="查询码、受理号、申请人、电话、证件号码、文书文号或申请内容", max_length=MAX_Q, required=False)
    show = forms.ChoiceField(label="范围", required=False,
                             choices=[("", "全部在办"), ("all", "全部申请（含已办结）"),
                                      *[(k, v) for k, v in LABELS.items() if k != "open"]])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Status.choices])
    outcome = forms.ChoiceField(label="办理结果", required=False, choices=[("", "全部"), *OUTCOME_CHOICES])
    applicant_type = forms.ChoiceField(label="申请人类别", required=False, choices=[("", "全部"), *ApplicantType.choices])
    handler = forms.ChoiceField(label="经办人", required=False)
    received_from = forms.DateField(label="收到日期从", required=False)
    received_to = forms.DateField(label="收到日期至", required=False)
    decided_from = forms.DateField(label="决定日期从", required=False)
    decided_to = forms.DateField(label="决定日期至", required=False)
    overdue = forms.BooleanField(label="只看已逾期", required=False)

    def __init__(self, data, *, agency):
        super().__init__(data)
        self.fields["handler"].choices = [("", "全部"), ("none", "（未指定）")] + [
            (str(u.pk), u.get_full_name() or u.username) for u in handlers_of(agency)]

    def clean(self):
        cleaned = super().clean()
        for start, end, label in (("received_from", "received_to", "收到日期"), ("decided_from", "decided_to", "决定日期")):
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, f"{label}的结束日期不能早于开始日期")
        return cleaned


def words(qs, text: str):
    text = (text or "").strip()[:MAX_Q]
    if not text:
        return qs
    compact = re.sub(r"\s", "", text)
    found = (Q(tracking_code__iexact=compact) | Q(acceptance_no__iexact=compact) | Q(acceptance_no__icontains=text)
             | Q(applicant_name__icontains=text) | Q(content__icontains=text) | Q(decision_text__icontains=text))
    letters = Letter.objects.filter(number__icontains=text).values("application_id")
    found |= Q(pk__in=letters)
    if re.fullmatch(r"[0-9Xx*-]{6,30}", compact):  # a phone or an ID number: exact only, never by parts
        found |= Q(pk__in=Application.objects.with_phone(compact).values("pk"))
        found |= Q(pk__in=Application.objects.with_id_number(compact.upper()).values("pk"))
    return qs.filter(found)


def _cell(agency, params):
    cell = params.get("cell", "")
    parts = cell.split("/")
    year = params_.year(params.get("year"))
    if year is None:
        raise GongkaiError("请指定年度（year，2000—2100）")
    if len(parts) != 3 or parts[0] != TABLE or parts[2] not in [*ApplicantType.values, "total"]:
        raise GongkaiError(f"无法识别的报告单元格“{cell}”")
    return cell_queryset(agency, year, parts[1], parts[2], codes_for(parts[1], year)).select_related(
        "assigned_to", "section")


def find(agency, form: CaseSearchForm, params, user, today: date):
    """The cases the office list shows; `form` must be valid."""
    data = form.cleaned_data
    cell = params.get("cell")
    qs = _cell(agency, params) if cell else cases_of(agency)
    which = data.get("show") or ("all" if cell or data.get("q") else "open")
    if which in FILTERS:
        qs = FILTERS[which](qs, user, today)
    else:
        qs = qs.order_by("-id")
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("outcome"):
        qs = qs.filter(outcome=data["outcome"])
    if data.get("applicant_type"):
        qs = qs.filter(applicant_type=data["applicant_type"])
    if data.get("handler") == "none":
        qs = qs.filter(assigned_to__isnull=True)
    elif data.get("handler"):
        qs = qs.filter(assigned_to_id=int(data["handler"]))
    for field, lookup in (("received_from", "received_date__gte"), ("received_to", "received_date__lte"),
                          ("decided_from", "decision_date__gte"), ("decided_to", "decision_date__lte")):
        if data.get(field):
            qs = qs.filter(**{lookup: data[field]})
    if data.get("overdue"):
        qs = qs.overdue(today)
    return words(qs, data.get("q"))
