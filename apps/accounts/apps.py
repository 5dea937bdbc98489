from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from . import signals  # noqa: F401  (connects the login receiver)
