"""The forms of the case page, one per action. Each form reads what the person typed and calls one service; on a
refusal the page is shown again with this form bound (everything typed kept) and the error beside its field.

    form = ACTIONS["decide"](request.POST, app=app, today=today)
    if form.is_valid(): message = form.perform(request.user, app, today=today, now=timezone.now())
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, AgencyLevel
from gongkai.core.forms import GongkaiForm

from . import decisions, files, intake, outcomes, requests, steps
from .clock import MAX_EXTENSION_DAYS
from .models import CaseEvent, Delivery, DeliveryMethod, EventKind, FileKind, HeadRequest
from .search import handlers_of

TEXT = forms.Textarea(attrs={"rows": 2})


class ActionForm(GongkaiForm):
    """Every case action carries the case's revision (optimistic locking) and knows its case."""

    name = ""
    title = ""
    button = "提交"
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, app, today, **kwargs):
        self.app, self.today = app, today
        kwargs.setdefault("initial", {}).setdefault("revision", app.revision)
        kwargs.setdefault("prefix", self.name)
        super().__init__(*args, **kwargs)
        self.setup()

    def setup(self):
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.initial is None and field.required:
                field.initial = self.today

    @property
    def rev(self):
        return self.cleaned_data.get("revision")

    def perform(self, user, app, *, today, now) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class ConfirmForm(ActionForm):
    name, title, button = "confirm", "确认收到申请（第三十一条）", "确认收到"
    on = forms.DateField(label="与申请人确认之日")

    def perform(self, user, app, *, today, now):
        intake.confirm_receipt(user, app, revision=self.rev, today=today, on=self.cleaned_data["on"], now=now)
        return "已确认收到申请，该日为法定收到日（第三十一条）。"


class OverrideForm(ActionForm):
    name, title, button = "override", "更正法定收到日", "更正"
    received_date = forms.DateField(label="收到日期")
    reason = forms.CharField(label="理由（如：信封签收日早于登记日）", max_length=500)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        intake.override_received_date(user, app, d["received_date"], d["reason"], revision=self.rev, today=today)
        return "已更正收到日。"


class AssignForm(ActionForm):
    name, title, button = "assign", "分办到科室", "分办"
    section = forms.ModelChoiceField(label="科室", queryset=Agency.objects.none())
    internal_due = forms.DateField(label="内部办理期限（选填）", required=False)

    def setup(self):
        self.fields["section"].queryset = Agency.objects.filter(parent=self.app.agency, level=AgencyLevel.SECTION)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        intake.assign(user, app, d["section"], d["internal_due"], revision=self.rev, today=today)
        return "已分办。"


class ReassignForm(ActionForm):
    name, title, button = "reassign", "变更经办人", "变更"
    handler = forms.ModelChoiceField(label="经办人", queryset=get_user_model().objects.none())
    note = forms.CharField(label="说明（选填）", max_length=200, required=False)

    def setup(self):
        self.fields["handler"].queryset = handlers_of(self.app.agency)
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.username

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        intake.reassign(user, app, d["handler"], revision=self.rev, today=today, note=d["note"])
        return f"经办人已变更为{d['handler'].get_full_name() or d['handler'].username}。"


class CorrectionForm(ActionForm):
    name, title, button = "correction", "告知补正（第三十条）", "告知补正"
    items = forms.CharField(label="需要补正的事项", widget=TEXT, max_length=2000)
    correction_due = forms.DateField(label="补正期限")
    on = forms.DateField(label="告知日期")

    def setup(self):
        super().setup()
        self.fields["correction_due"].initial = None

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.request_correction(user, app, correction_due=d["correction_due"], items=d["items"], revision=self.rev,
                                 today=today, on=d["on"])
        return "已告知补正，并生成补正告知书。"


class CorrectionReceivedForm(ActionForm):
    name, title, button = "correction_received", "登记收到补正", "登记补正收到"
    on = forms.DateField(label="收到补正之日")
    clarified = forms.CharField(label="补正后的申请内容（此后的文书引用这一内容）", widget=TEXT, max_length=5000,
                                required=False)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.correction_received(user, app, on=d["on"], revision=self.rev, today=today, clarified=d["clarified"])
        return "已登记补正，答复期限重新起算（第三十条）。"


class ConsultForm(ActionForm):
    name, title, button = "consult", "征求意见（第三十二条、第三十四条）", "征求意见"
    who = forms.ChoiceField(label="征求对象类型", choices=[("third", "第三方"), ("agency", "其他机关")])
    party = forms.CharField(label="对象名称", max_length=100)
    on = forms.DateField(label="发出日期")
    received_on = forms.DateField(label="对方收到日（选填，默认为发出日；15个工作日自收到之日起算）", required=False)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.start_consultation(user, app, third_party=d["who"] != "agency", party=d["party"], on=d["on"],
                                 revision=self.rev, today=today, received_on=d["received_on"])
        return "已登记征求意见，并生成征求意见书。"


class ConsultReplyForm(ActionForm):
    name, title, button = "consult_reply", "登记征求意见的答复", "登记答复"
    sent = forms.ModelChoiceField(label="征求意见事项", queryset=CaseEvent.objects.none())
    on = forms.DateField(label="收到答复之日")
    agrees = forms.ChoiceField(label="是否同意公开", required=False,
                               choices=[("", "未表态"), ("yes", "同意公开"), ("no", "不同意公开")])
    note = forms.CharField(label="意见", max_length=2000, required=False, widget=TEXT)

    def setup(self):
        super().setup()
        self.fields["sent"].queryset = CaseEvent.objects.filter(
            application=self.app, kind__in=[EventKind.THIRD_PARTY_SENT, EventKind.AGENCY_SENT], replies__isnull=True)
        self.fields["sent"].label_from_instance = lambda e: f"{e.party}（{e.date:%Y-%m-%d}发出）"

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.consultation_reply(user, app, d["sent"], on=d["on"], revision=self.rev, today=today, note=d["note"],
                                 agrees={"yes": True, "no": False}.get(d["agrees"]))
        return "已登记答复，征求意见时间不计入答复期限。"


class ExtendForm(ActionForm):
    name, title, button = "extend", "延长答复期限（负责人，第三十三条第二款）", "同意延期"
    days = forms.IntegerField(label=f"延长工作日数（不超过{MAX_EXTENSION_DAYS}）", min_value=1, max_value=MAX_EXTENSION_DAYS,
                              initial=MAX_EXTENSION_DAYS)
    reason = forms.CharField(label="理由", max_length=500)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.extend(user, app, days=d["days"], reason=d["reason"], revision=self.rev, today=today)
        return "已延长答复期限，并生成延期答复告知书。"


class RequestExtensionForm(ExtendForm):
    name, title, button = "request_extension", "报请延长答复期限（经负责人同意，第三十三条第二款）", "报请负责人同意"

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        requests.request_extension(user, app, days=d["days"], reason=d["reason"], revision=self.rev, today=today)
        return "已报请负责人同意延长答复期限。"


class DelayForm(ActionForm):
    name, title, button = "delay", "延迟答复（负责人，第三十五条）", "确定"
    until = forms.DateField(label="合理期限")
    reason = forms.CharField(label="理由", max_length=500)

    def setup(self):
        pass

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.delay_35(user, app, until=d["until"], reason=d["reason"], revision=self.rev, today=today)
        return "已确定延迟答复期限（第三十五条）。"


class FeeForm(ActionForm):
    name, title, button = "fee", "发出收费通知（国办函〔2020〕109号）", "发出收费通知"
    items = forms.IntegerField(label="按件计收：本次件数", min_value=1, required=False)
    pages = forms.IntegerField(label="或 按量计收：页数", min_value=1, required=False)
    on = forms.DateField(label="申请人收到通知之日")

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.fee_notice(user, app, items=d["items"], pages=d["pages"], on=d["on"], revision=self.rev, today=today)
        return "已发出收费通知。"


class RequestFeeForm(ActionForm):
    name, title, button = "request_fee", "报请收取信息处理费（经负责人同意）", "报请负责人同意"
    items = forms.IntegerField(label="按件计收：本次件数", min_value=1, required=False)
    pages = forms.IntegerField(label="或 按量计收：页数", min_value=1, required=False)
    reason = forms.CharField(label="说明（选填）", max_length=500, required=False)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        requests.request_fee(user, app, items=d["items"], pages=d["pages"], reason=d["reason"], revision=self.rev,
                             today=today)
        return "已报请负责人同意收费。"


class PaidForm(ActionForm):
    name, title, button = "paid", "登记缴费", "登记缴费"
    on = forms.DateField(label="缴费日期")
    receipt = forms.CharField(label="票据号（选填）", max_length=100, required=False)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.fee_paid(user, app, on=d["on"], revision=self.rev, today=today, receipt=d["receipt"])
        return "已登记缴费。"


class ReasonsForm(ActionForm):
    name, title, button = "reasons", "要求说明理由（第三十五条）", "登记"
    on = forms.DateField(label="日期")
    note = forms.CharField(label="要求说明理由的内容和方式", max_length=1000)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        steps.request_reasons(user, app, on=d["on"], note=d["note"], revision=self.rev, today=today)
        return "已登记要求申请人说明理由（第三十五条）。"


class DecideForm(ActionForm):
    name, title, button = "decide", "作出决定（表三办理结果）", "作出决定"
    outcome = forms.ChoiceField(label="办理结果", choices=outcomes.grouped_choices)
    decision_date = forms.DateField(label="决定日期")
    sub_basis = forms.ChoiceField(label="具体情形（“予以公开”中已主动公开的；“本机关不掌握相关政府信息”的两种情形）",
                                  required=False,
                                  choices=[("", "—"), *outcomes.GRANT_CHOICES, *outcomes.NOT_HELD_CHOICES])
    responsible_agency = forms.CharField(label="负责公开的机关（第三十六条第（五）项）", max_length=100, required=False)
    responsible_contact = forms.CharField(label="其联系方式", max_length=100, required=False)
    text = forms.CharField(label="答复要点（不予公开、部分公开、无法提供、不予处理须说明理由；已主动公开的写明获取方式和途径）",
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)

    def setup(self):
        super().setup()
        self.fields["outcome"].choices = [("", "请选择"), *outcomes.grouped_choices()]
        for name in ("outcome", "sub_basis", "responsible_agency", "responsible_contact"):
            self.fields[name].initial = getattr(self.app, name) or None
        self.fields["text"].initial = self.app.decision_text

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        app = decisions.decide(user, app, outcome=d["outcome"], decision_date=d["decision_date"], text=d["text"],
                               revision=self.rev, today=today, sub_basis=d["sub_basis"],
                               responsible_agency=d["responsible_agency"], responsible_contact=d["responsible_contact"])
        return "已作出决定，待负责人审批。" if app.is_open else "已作出决定并生成答复书。"


class ApproveForm(ActionForm):
    name, title, button = "approve", "审批决定（负责人）", "审批同意并出具答复书"

    def perform(self, user, app, *, today, now):
        decisions.approve(user, app, revision=self.rev, today=today, now=now)
        return "已审批，答复书已生成。"


class ReturnForm(ActionForm):
    name, title, button = "return", "退回经办人修改", "退回"
    reason = forms.CharField(label="退回意见", widget=TEXT, max_length=1000)

    def perform(self, user, app, *, today, now):
        decisions.return_decision(user, app, reason=self.cleaned_data["reason"], revision=self.rev, today=today)
        return "已退回，经办人将在工作台看到退回意见。"


class AnswerReviewForm(ActionForm):
    name, title, button = "answer_review", "答复保密审查（第十七条）", "审查通过，报负责人审批"
    opinion = forms.CharField(label="保密审查意见", widget=TEXT, max_length=1000,
                              initial="经审查，答复内容不涉及国家秘密，同意。")

    def perform(self, user, app, *, today, now):
        decisions.review_answer(user, app, opinion=self.cleaned_data["opinion"], revision=self.rev, today=today,
                                now=now)
        return "保密审查意见已记录，已报负责人审批。"


class RequestDecisionForm(ActionForm):
    name, title = "request_decide", "审批报请事项"
    request = forms.ModelChoiceField(label="报请事项", queryset=HeadRequest.objects.none(), widget=forms.HiddenInput)
    verdict = forms.ChoiceField(label="审批", choices=[("approve", "同意"), ("refuse", "不同意")])
    reason = forms.CharField(label="审批意见（不同意时必填）", max_length=500, required=False)

    def setup(self):
        self.fields["request"].queryset = HeadRequest.objects.pending().filter(application=self.app)

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        if d["verdict"] == "approve":
            requests.approve(user, d["request"], today=today, note=d["reason"])
            return f"已同意{d['request'].get_kind_display()}。"
        requests.refuse(user, d["request"], reason=d["reason"], today=today)
        return f"已不同意{d['request'].get_kind_display()}，经办人将看到理由。"


class ArchiveForm(ActionForm):
    name, title, button = "archive", "归档（第四十五条）", "归档"

    def perform(self, user, app, *, today, now):
        decisions.archive(user, app, revision=self.rev, today=today)
        return "已归档。"


class FileForm(ActionForm):
    name, title, button = "file", "上传材料", "上传"
    kind = forms.ChoiceField(label="材料类型", choices=FileKind.choices)
    file = forms.FileField(label="文件（PDF、图片、DOCX、XLSX）")
    note = forms.CharField(label="说明（选填）", max_length=200, required=False)
    delivery = forms.ModelChoiceField(label="所证明的送达（送达凭证时选择）", queryset=Delivery.objects.none(),
                                      required=False)

    def setup(self):
        self.fields["delivery"].queryset = Delivery.objects.filter(letter__application=self.app).select_related(
            "letter")
        self.fields["delivery"].label_from_instance = lambda d: f"{d.letter.number} {d.get_method_display()} {d.date}"

    def perform(self, user, app, *, today, now):
        d = self.cleaned_data
        files.add_file(user, app, d["file"], kind=d["kind"], note=d["note"], delivery=d["delivery"],
                       revision=self.rev, today=today)
        return "材料已上传。"


class DeliverForm(ActionForm):
    """送达 of one letter (the letter is chosen by the URL)."""

    name, title, button = "deliver", "登记送达", "登记送达"
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    on = forms.DateField(label="送达日期")
    proof = forms.CharField(label="送达凭证（EMS单号、签收人等）", max_length=100, required=False)

    def __init__(self, *args, letter, **kwargs):
        self.letter = letter
        kwargs["prefix"] = f"deliver-{letter.pk}"
        super().__init__(*args, **kwargs)

    def perform(self, user, app, *, today, now):
        from . import letters

        d = self.cleaned_data
        letters.deliver(user, self.letter, method=d["method"], on=d["on"], proof=d["proof"], revision=self.rev,
                        today=today)
        return "已登记送达。"


ACTIONS: dict[str, type[ActionForm]] = {cls.name: cls for cls in (
    ConfirmForm, OverrideForm, AssignForm, ReassignForm, CorrectionForm, CorrectionReceivedForm, ConsultForm,
    ConsultReplyForm, ExtendForm, RequestExtensionForm, DelayForm, FeeForm, RequestFeeForm, PaidForm, ReasonsForm,
    DecideForm, ApproveForm, ReturnForm, AnswerReviewForm, RequestDecisionForm, ArchiveForm, FileForm)}
