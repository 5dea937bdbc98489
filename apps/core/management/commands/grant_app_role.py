"""Give the application's database role what it needs and no more: run after every migrate, as the owner.

The owner role migrates; web, worker and beat connect as a role that does not own the tables, so
it cannot disable the audit triggers, and that may only insert into and read the audit trail.
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.core.models import AuditChainHead, AuditEntry


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role data access, append-only on the audit tables (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role web, worker and beat connect as, e.g. portal_app")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role 仅适用于 PostgreSQL。")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"数据库角色 {role} 不存在，请先创建（见 README“Audit trail”）。")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in privilege_statements(connection.ops.quote_name(role)):
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(f"已为 {role} 授予数据读写权限；审计表仅可追加和读取。"))


def privilege_statements(role):
    audit, head = AuditEntry._meta.db_table, AuditChainHead._meta.db_table
    return [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {role}",
        f"REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON {head} FROM {role}",
    ]
