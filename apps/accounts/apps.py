from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from apps.core import events

        for action, label in {
            "accounts.user.created": "创建账号",
            "accounts.user.changed": "修改账号信息",
            "accounts.user.superuser_granted": "授予超级管理员权限",
            "accounts.user.unit_changed": "变更所属推荐单位",
            "accounts.user.activated": "启用账号",
            "accounts.user.deactivated": "停用账号",
            "accounts.user.unlocked": "解除登录锁定",
            "accounts.user.password_changed": "修改密码",
            "accounts.user.password_reset": "通过邮件链接重设密码",
            "accounts.user.password_reset_requested": "申请重设密码",
            "accounts.user.password_reset_sent": "发送重设密码邮件",
            "accounts.user.token_created": "生成接口令牌",
        }.items():
            events.register(action, label)  # office-only: accounts have no viewer timeline
        from django.contrib import admin

        from apps.core.throttling import throttle_page

        from . import signals  # noqa: F401  (connects the login receiver)
        from .forms import AdminLoginForm

        # The admin signs in with the portal's form (its length check, Chinese wording, lockout
        # through the same axes backend) and the same throttle as the portal's login page.
        # Set here, before the URLconf reads admin.site.urls (AdminSite.get_urls uses self.login).
        admin.site.login_form = AdminLoginForm
        admin.site.login = throttle_page("login")(admin.site.login)
