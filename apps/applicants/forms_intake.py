"""Forms of registration, invitation, the new application and the profile: the shape of input only.

Whether a value is acceptable (an ID number, a credit code, five frontline years, a strong
password) is decided by the services (`registration`, `profile`), which the API calls too.
"""
from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html

from apps.units.models import RecommendingUnit
from apps.units.regions import PROVINCES

from .profile_enums import Gender, Industry, SkillLevel


def _policy_label():
    return format_html('我已阅读并同意<a href="{}" target="_blank" rel="noopener">《个人信息处理规则》</a>', reverse_lazy("applicants:privacy-policy"))


CONSENT_REQUIRED = "请阅读并勾选同意《个人信息处理规则》。"


def consent_field():
    return forms.BooleanField(label=lazy(_policy_label, str)(), required=True, error_messages={"required": CONSENT_REQUIRED})


class PasswordPairMixin:
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "两次输入的密码不一致。")
        return cleaned


def _password(label, autocomplete="new-password"):
    return forms.CharField(label=label, max_length=128, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}))


class RegistrationForm(PasswordPairMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label="电子邮箱", max_length=150, help_text="验证链接将发送到该邮箱；验证后，用该邮箱作为用户名登录。",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile = forms.CharField(label="手机号码", max_length=20, widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    password1 = _password("密码")
    password2 = _password("确认密码")
    consent = consent_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = "至少10个字符，不能全为数字，不能与姓名或邮箱过于相似。"


class InvitationAcceptForm(PasswordPairMixin, forms.Form):
    password1 = _password("设置密码")
    password2 = _password("确认密码")
    consent = consent_field()

    def __init__(self, *args, needs_password=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_password:
            del self.fields["password1"], self.fields["password2"]


class InvitationForm(forms.Form):
    name = forms.CharField(label="申报人姓名", max_length=50)
    email = forms.EmailField(label="申报人电子邮箱", max_length=150, help_text="邀请链接将发送到该邮箱，申报人通过链接设置密码。")


class StartApplicationForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="推荐单位", queryset=RecommendingUnit.objects.none(), empty_label="请选择推荐单位",
        error_messages={"required": "请选择推荐单位。", "invalid_choice": "请选择有效的推荐单位。"},
        help_text="按属地或行业归口选择：省（区、市）总工会、全国产业工会，或经批准的中央国家机关部门、中央企业及试点单位。",
    )

    def __init__(self, *args, units, needs_consent=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if needs_consent:
            self.fields["consent"] = consent_field()


def _choices(choices, empty="请选择"):
    return [("", empty), *choices]


class ProfileForm(forms.Form):
    """Every profile field as text or a choice; `update_profile` validates them (and says why, in Chinese)."""

    full_name = forms.CharField(label="姓名", max_length=200, required=False, help_text="与居民身份证一致。")
    resident_id = forms.CharField(
        label="居民身份证号码", max_length=40, required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="18位，最后一位可为X；出生日期和性别按身份证号码核对。",
    )
    gender = forms.ChoiceField(label="性别", choices=_choices(Gender.choices), required=False, help_text="留空时按身份证号码填写。")
    birth_date = forms.CharField(
        label="出生日期", max_length=20, required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), help_text="留空时按身份证号码填写。"
    )
    mobile = forms.CharField(
        label="手机号码", max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"}), help_text="11位中国大陆手机号码。"
    )
    email = forms.CharField(label="电子邮箱", max_length=300, required=False, widget=forms.EmailInput(), help_text="申报进度的通知发送到该邮箱。")
    employer_name = forms.CharField(label="工作单位", max_length=300, required=False, help_text="营业执照或法人证书上的全称，不超过100个字。")
    employer_credit_code = forms.CharField(
        label="工作单位统一社会信用代码", max_length=40, required=False, widget=forms.TextInput(attrs={"spellcheck": "false"}),
        help_text="18位，见营业执照或事业单位法人证书。",
    )
    industry = forms.ChoiceField(
        label="所属行业", choices=_choices(Industry.choices), required=False, help_text="工作单位所属国民经济行业门类（GB/T 4754—2017）。"
    )
    region = forms.ChoiceField(label="所在地区", choices=_choices(PROVINCES), required=False, help_text="工作单位所在的省（区、市）。")
    post = forms.CharField(label="岗位", max_length=300, required=False, help_text="如数控车工、焊工、变电检修工。")
    frontline_years = forms.CharField(
        label="一线生产现场工作年限（年）", max_length=10, required=False, widget=forms.NumberInput(attrs={"min": 0, "max": 60}),
        help_text="申报基本条件：有5年以上一线生产现场工作经历。",
    )
    skill_level = forms.ChoiceField(label="技能等级", choices=_choices(SkillLevel.choices), required=False, help_text="已取得的最高职业技能等级。")
    competition_placings = forms.CharField(
        label="全国性职业技能比赛名次", max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="比赛名称、年份和名次，每行一项；没有可不填。",
    )
    titles_held = forms.CharField(
        label="已获荣誉称号", max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如全国五一劳动奖章、省部级或行业工匠称号，每行一项；没有可不填。",
    )
