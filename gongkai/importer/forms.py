from django import forms

from gongkai.core.forms import GongkaiForm

from .detect import MAX_BYTES


class UploadForm(GongkaiForm):
    file = forms.FileField(label="年度报告文件", help_text=f"文本、HTML、Markdown、DOCX 或 PDF，不超过 {MAX_BYTES // 1024 // 1024} MB。",
                           error_messages={"required": "请选择要校验的文件。", "empty": "文件为空。",
                                           "invalid": "上传的不是文件。"})

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(f"文件过大（{f.size / 1024 / 1024:.1f} MB），上限为 {MAX_BYTES // 1024 // 1024} MB。")
        return f


class StoreForm(GongkaiForm):
    agency = forms.ChoiceField(label="保存到机关", error_messages={"required": "请选择机关。",
                                                              "invalid_choice": "不能保存到所选机关。"})
    payload = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "缺少报告内容，请重新上传。"})
    file_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    published_on = forms.DateField(label="原发布日期（选填，用于判断是否按时发布）", required=False,
                                   error_messages={"invalid": "原发布日期不是有效日期，格式如 2026-01-20。"})

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]
