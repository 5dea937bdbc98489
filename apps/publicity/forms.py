from django import forms

from .models import Publicity


class OpenPublicityForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", widget=forms.DateInput(attrs={"type": "date"}), error_messages={"invalid": "请填写有效的日期。", "required": "请填写公示开始日期。"})
    working_days = forms.IntegerField(
        label="公示期（工作日）", min_value=1, max_value=30,
        error_messages={"min_value": "公示期至少 1 个工作日。", "max_value": "公示期不超过 30 个工作日。", "required": "请填写公示期。", "invalid": "请填写整数。"},
    )
    contact = forms.CharField(label="异议受理方式", max_length=Publicity._meta.get_field("contact").max_length, widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(forms.Form):
    """The public objection form. Fields are checked by `objections.file_objection` (one set of rules for
    page and API); the form only carries them, with the challenge's token and answer."""

    objector_name = forms.CharField(label="您的真实姓名", max_length=60, required=False)
    phone = forms.CharField(label="您的手机号码", max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    relationship = forms.CharField(label="与被公示人的关系", max_length=100, required=False, help_text="如：同事、同行业从业者、知情群众")
    content = forms.CharField(label="异议内容", required=False, widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}), help_text="请写明具体事实，不超过2000字。")
    evidence = forms.FileField(label="证明材料（可选）", required=False, help_text="PDF、JPEG或PNG，不超过20 MB。",
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}))
    challenge_answer = forms.CharField(label="验证问题", max_length=10, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    challenge_token = forms.CharField(widget=forms.HiddenInput, required=False)


class ObjectionLookupForm(forms.Form):
    receipt = forms.CharField(label="受理编号", max_length=30, error_messages={"required": "请填写受理编号。"}, widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    phone = forms.CharField(label="提交异议时填写的手机号码", max_length=20, error_messages={"required": "请填写手机号码。"}, widget=forms.TextInput(attrs={"inputmode": "tel"}))


class ConcludeForm(forms.Form):
    result = forms.ChoiceField(label="结论", choices=[("upheld", "异议成立"), ("not_upheld", "异议不成立")], widget=forms.RadioSelect,
                               error_messages={"required": "请选择“异议成立”或“异议不成立”。", "invalid_choice": "请选择“异议成立”或“异议不成立”。"})
    reasons = forms.CharField(label="结论理由", required=False, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}))
