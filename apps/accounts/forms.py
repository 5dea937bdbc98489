from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator

from apps.units.models import RecommendingUnit

from .roles import Role

LOGIN_ERROR = "用户名或密码错误。连续失败5次将锁定该账号30分钟。"


class LoginForm(AuthenticationForm):
    """The same message for an unknown user and a wrong password, so logins reveal no accounts.

    The username's length is validated before authentication: Django's form only sets the
    widget's maxlength, so a longer name reached django-axes, whose varchar(255) column made
    PostgreSQL raise (a 500). The portal and the admin share this form (AdminLoginForm).
    """

    error_messages = {"invalid_login": LOGIN_ERROR, "inactive": LOGIN_ERROR}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        username.error_messages["max_length"] = "用户名不能超过%(limit_value)s个字符。"
        username.widget.attrs.update({"autocomplete": "username", "placeholder": "请输入用户名"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password", "placeholder": "请输入密码"})
        username.label = "用户名"
        self.fields["password"].label = "密码"

    def clean_username(self):
        # A self-registered applicant's username is their email in lower case (registration stores
        # it so): "Zhou.Ming@Example.com" signs in as they typed it at registration. Staff usernames
        # hold no "@" and stay exact.
        username = self.cleaned_data["username"]
        return username.lower() if "@" in username else username

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class AdminLoginForm(LoginForm):
    """The admin's login: the portal's form, lockout and wording; only staff get in."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError("该账号不能进入管理后台，请从门户首页登录。", code="not_staff")


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(label="注册邮箱", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ResetPasswordForm(SetPasswordForm):
    """Choosing a new password from a reset link; labels in Chinese, validators as configured."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "确认新密码"

    def save(self, commit=True):
        # The service sets the password and audits it; this form only checks the input.
        raise NotImplementedError("use apps.accounts.services.reset_password")


class AccountCreateForm(forms.Form):
    """The office creates unit-staff and expert accounts; the person sets a password from an emailed link."""

    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=50)
    email = forms.EmailField(label="邮箱", max_length=254)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    role = forms.ChoiceField(label="角色", choices=[(Role.UNIT_STAFF, Role.UNIT_STAFF.label), (Role.EXPERT, Role.EXPERT.label)])
    unit = forms.ModelChoiceField(
        label="所属推荐单位", queryset=None, required=False, empty_label="请选择推荐单位",
        help_text="推荐单位工作人员必填；评审专家不选。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = RecommendingUnit.objects.order_by("name")
