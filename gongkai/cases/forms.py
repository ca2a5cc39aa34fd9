from django import forms

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
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot: must stay empty


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=12)
    phone_last4 = forms.CharField(label="联系电话后四位", min_length=4, max_length=4)
