from django import forms

from gongkai.core.forms import DateInput, GongkaiForm

from .models import AppealKind, AppealResult, AppealStage, DocumentKind
from .services import AppealInput


class AppealForm(GongkaiForm):
    kind = forms.ChoiceField(label="类别", choices=AppealKind.choices, error_messages={"required": "请选择类别。"})
    body = forms.CharField(label="复议机关或法院", max_length=100, required=False)
    reference = forms.CharField(label="案号", max_length=100, required=False)
    applicant = forms.CharField(label="申请人／原告", max_length=100, required=False)
    case_code = forms.CharField(label="所涉申请的查询码", max_length=12, required=False)
    decision = forms.CharField(label="被复议／被诉的答复或行为", required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    filed_on = forms.DateField(label="申请／起诉日期", widget=DateInput())
    accepted_on = forms.DateField(label="受理／立案日期", required=False, widget=DateInput())
    stage = forms.ChoiceField(label="阶段", choices=AppealStage.choices, initial=AppealStage.FILED)
    result = forms.ChoiceField(label="结果", choices=AppealResult.choices, initial=AppealResult.PENDING)
    result_on = forms.DateField(label="结果日期", required=False, widget=DateInput())
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def to_input(self) -> AppealInput:
        return AppealInput(**self.cleaned_data)

    @classmethod
    def for_appeal(cls, appeal):
        return cls(initial={
            "kind": appeal.kind, "body": appeal.body, "reference": appeal.reference, "applicant": appeal.applicant,
            "case_code": appeal.case.tracking_code if appeal.case_id else "", "decision": appeal.decision,
            "filed_on": appeal.filed_on, "accepted_on": appeal.accepted_on, "stage": appeal.stage,
            "result": appeal.result, "result_on": appeal.result_on, "note": appeal.note})


class DocumentForm(GongkaiForm):
    kind = forms.ChoiceField(label="文书类别", choices=DocumentKind.choices)
    file = forms.FileField(label="文件（PDF、JPG、PNG、DOCX、OFD，≤20 MB）")

    AUTO_ID = "id_doc_%s"  # the appeal form on the same page has its own `kind`
