import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


def _can_create_roles():
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


def _privileges(role, table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(p ORDER BY p) FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p "
            "WHERE has_table_privilege(%s, %s, p)",
            [role, table],
        )
        return cursor.fetchone()[0] or []


@pytest.mark.django_db
@pytest.mark.postgresql
def test_grant_app_role_makes_the_audit_tables_append_only_for_the_app_role():
    if not _can_create_roles():
        pytest.skip("needs PostgreSQL and a role with CREATEROLE (.ci/run grants it)")
    role = f"portal_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")  # inside the test transaction: rolled back after

    call_command("grant_app_role", role, stdout=StringIO())

    assert (
        _privileges(role, "core_auditentry"),
        _privileges(role, "core_auditchainhead"),
        _privileges(role, "applicants_application"),
    ) == (["INSERT", "SELECT"], ["INSERT", "SELECT", "UPDATE"], ["DELETE", "INSERT", "SELECT", "UPDATE"])


@pytest.mark.django_db
def test_grant_app_role_refuses_an_unknown_role_or_another_database():
    expected = "数据库角色 nobody_here 不存在" if connection.vendor == "postgresql" else "仅适用于 PostgreSQL"

    with pytest.raises(CommandError) as refused:
        call_command("grant_app_role", "nobody_here")

    assert expected in str(refused.value)
