from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self)
