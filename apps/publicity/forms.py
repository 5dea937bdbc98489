from django import forms

from .models import Publicity


class OpenPublicityForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", widget=forms.DateInput(attrs={"type": "date"}), error_messages={"invalid": "请填写有效的日期。", "required": "请填写公示开始日期。"})
    working_days = forms.IntegerField(
        label="公示期（工作日）", min_value=1, max_value=30,
        error_messages={"min_value": "公示期至少 1 个工作日。", "max_value": "公示期不超过 30 个工作日。", "required": "请填写公示期。", "invalid": "请填写整数。"},
    )
    contact = forms.CharField(label="异议受理方式", max_length=Publicity._meta.get_field("contact").max_length, widget=forms.Textarea(attrs={"rows": 3}))
