from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from django.contrib import admin

        from apps.core.throttling import throttle_page

        from . import signals  # noqa: F401  (connects the login receiver)
        from .forms import AdminLoginForm

        # The admin signs in with the portal's form (its length check, Chinese wording, lockout
        # through the same axes backend) and the same throttle as the portal's login page.
        # Set here, before the URLconf reads admin.site.urls (AdminSite.get_urls uses self.login).
        admin.site.login_form = AdminLoginForm
        admin.site.login = throttle_page("login")(admin.site.login)
