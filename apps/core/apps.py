from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        from . import checks, events  # noqa: F401  (checks registers the deploy checks)

        events.register("core.demo.seeded", "生成演示数据")

        connection_created.connect(allow_audit_truncate, dispatch_uid="core.allow_audit_truncate")

        from django.contrib.auth.signals import user_logged_in

        from .sessions import stamp_session_at_login

        user_logged_in.connect(stamp_session_at_login, dispatch_uid="core.stamp_session_at_login")


def allow_audit_truncate(sender, connection, **kwargs):
    """With AUDIT_ALLOW_TRUNCATE (the test suite only), let this session TRUNCATE the audit tables (migration 0004)."""
    from django.conf import settings

    if connection.vendor == "postgresql" and settings.AUDIT_ALLOW_TRUNCATE:
        with connection.cursor() as cursor:
            cursor.execute("SET craftsman.audit_allow_truncate = 'on'")
