from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """The same message for an unknown user and a wrong password, so logins reveal no accounts."""

    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败5次将锁定30分钟。",
        "inactive": "用户名或密码错误。连续失败5次将锁定30分钟。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "placeholder": "请输入用户名"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password", "placeholder": "请输入密码"})
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
