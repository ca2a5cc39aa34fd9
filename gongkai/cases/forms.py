import re

from django import forms
from django.utils import timezone

from gongkai.core import pii
from gongkai.core.forms import GongkaiForm

from .models import ApplicantType, Channel, DeliveryForm, IdType


class ApplicantForm(GongkaiForm):
    applicant_type = forms.ChoiceField(label="申请人类别", choices=ApplicantType.choices)
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    contact_person = forms.CharField(label="联系人（法人或其他组织）", max_length=50, required=False)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=40)
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    content = forms.CharField(label="所需政府信息的名称、文号或其他特征性描述", widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=5000)
    purpose = forms.CharField(label="用途（选填）", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              max_length=1000)
    delivery_form = forms.ChoiceField(label="获取信息的方式", choices=DeliveryForm.choices)


class RegisterForm(ApplicantForm):
    channel = forms.ChoiceField(label="申请渠道", choices=Channel.choices)
    arrived_at = forms.DateField(label="到达（提交/签收）日期", widget=forms.DateInput(attrs={"type": "date"}))
    confirmed_at = forms.DateField(label="与申请人确认之日（平常信函、在线、电子邮件、传真）", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["channel", "arrived_at", "confirmed_at"]


class PublicApplicationForm(ApplicantForm):
    """The public form: every field checked on its own, each error beside its field (the service checks again)."""

    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot: must stay empty

    AUTOCOMPLETE = {"applicant_name": "name", "phone": "tel", "email": "email", "address": "street-address",
                    "id_number": "off"}

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for name, value in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["phone"].widget.input_type = "tel"
        self.fields["id_number"].help_text = "居民身份证18位，最后一位可为X；法人或其他组织填统一社会信用代码"
        self.fields["phone"].help_text = "手机或座机号码，查询办理进度时需要后四位"

    def clean_id_number(self):
        return re.sub(r"\s", "", self.cleaned_data["id_number"]).upper()

    def clean_phone(self):
        phone = re.sub(r"[\s-]", "", self.cleaned_data["phone"])
        if not re.fullmatch(r"\+?\d{7,15}", phone):
            raise forms.ValidationError("联系电话格式不正确：应为7至15位数字，如 13812345678 或 0537-1234567")
        return phone

    def clean(self):
        data = super().clean()
        number, id_type = data.get("id_number"), data.get("id_type")
        if number and id_type == IdType.RESIDENT_ID:
            problem = pii.resident_id_problem(number, today=self.today)
        elif number and id_type == IdType.CREDIT_CODE:
            problem = pii.credit_code_problem(number)
        else:
            problem = ""
        if problem:
            self.add_error("id_number", problem)
        return data


class TrackForm(GongkaiForm):
    code = forms.CharField(label="查询码", max_length=12, help_text="提交申请后得到的查询码（10位字母和数字）")
    phone_last4 = forms.CharField(label="联系电话后四位", min_length=4, max_length=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(autocomplete="off", autocapitalize="characters")
        self.fields["phone_last4"].widget.attrs.update(inputmode="numeric", autocomplete="off")
