from django import forms

from gongkai.core.forms import DateInput, GongkaiForm

from .models import Disclosure, FigureItem, IndexScheme, RegistryKind, Validity
from .taxonomy import channel_choices, genre_choices, taxonomy, topic_choices

DATE = DateInput()


class DocumentForm(GongkaiForm):
    title = forms.CharField(label="名称", max_length=300)
    doc_number = forms.CharField(label="文号", max_length=80, required=False, help_text="如：嘉商发〔2025〕3号")
    publisher = forms.CharField(label="发布机构", max_length=100, required=False, help_text="留空即本机关名称")
    written_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    formed_on = forms.DateField(label="信息形成或变更日期", widget=DATE,
                                help_text="条例第二十六条：自该日起20个工作日内公开")
    effective_on = forms.DateField(label="实施日期", required=False, widget=DATE)
    topic = forms.ChoiceField(label="主题分类", choices=[])
    genre = forms.ChoiceField(label="体裁", choices=[])
    art20_item = forms.TypedChoiceField(label="第二十条所列项", required=False, coerce=int, empty_value=None,
                                        choices=[])
    channels = forms.MultipleChoiceField(label="发布渠道", choices=[], widget=forms.CheckboxSelectMultiple,
                                         required=False)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text="可用段落、标题、列表、表格、链接等基本格式；其他标记会被清除。")
    index_no = forms.CharField(label="已有索引号（仅补录系统上线前已发布的信息时填写）", max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "请选择")] + topic_choices()
        self.fields["genre"].choices = [("", "请选择")] + genre_choices()
        self.fields["channels"].choices = channel_choices()
        self.fields["art20_item"].choices = [("", "不属于")] + [
            (str(i), f"（{i}）{label}") for i, label in enumerate(taxonomy().art20, start=1)]


class ReviewForm(GongkaiForm):
    is_secret = forms.TypedChoiceField(label="是否涉密", choices=[("0", "非涉密"), ("1", "涉密")],
                                       coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="0")
    disclosure = forms.ChoiceField(label="公开属性", choices=Disclosure.choices, initial=Disclosure.PROACTIVE)
    basis = forms.CharField(label="公开属性依据", required=False, max_length=300,
                            help_text="依申请公开或不予公开的必填，如：条例第十六条第一款（内部事务信息）")
    opinion = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(GongkaiForm):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(GongkaiForm):
    published_on = forms.DateField(label="发布日期", required=False, widget=DATE, help_text="留空即今天")


class ValidityForm(GongkaiForm):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    on = forms.DateField(label="失效或废止日期", required=False, widget=DATE)


class AttachmentForm(GongkaiForm):
    file = forms.FileField(label="附件（PDF、DOCX、XLSX、图片）")


class RegistryForm(GongkaiForm):
    kind = forms.ChoiceField(label="类别", choices=RegistryKind.choices)
    title = forms.CharField(label="名称", max_length=300)
    doc_number = forms.CharField(label="文号", max_length=80, required=False)
    issued_on = forms.DateField(label="制发日期", widget=DATE)
    published_on = forms.DateField(label="公开日期", required=False, widget=DATE)
    repealed_on = forms.DateField(label="废止日期", required=False, widget=DATE)


class RepealForm(GongkaiForm):
    on = forms.DateField(label="废止日期", widget=DATE)


class FigureForm(GongkaiForm):
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)
    item = forms.ChoiceField(label="事项", choices=FigureItem.choices)
    decisions = forms.IntegerField(label="处理决定数量", required=False, min_value=0)
    prev_items = forms.IntegerField(label="上一年项目数量（2019格式）", required=False, min_value=0)
    change = forms.IntegerField(label="本年增/减（2019格式）", required=False)
    amount = forms.DecimalField(label="金额（收费：万元）", required=False, min_value=0, decimal_places=4,
                                max_digits=14)
    projects = forms.IntegerField(label="采购项目数量", required=False, min_value=0)
    unit = forms.CharField(label="金额单位", required=False, max_length=8, initial="万元")
    source_note = forms.CharField(label="数据来源", max_length=200, help_text="如：县政务服务平台 2026-01-05 导出")


class ImportForm(GongkaiForm):
    file = forms.FileField(label="CSV 或 Excel（.xlsx）文件")
    source_note = forms.CharField(label="数据来源（文件中未写时使用）", max_length=200, required=False)


class SchemeForm(GongkaiForm):
    index_scheme = forms.ChoiceField(label="索引号模式", choices=IndexScheme.choices)
