import pytest
from django.db import connection


@pytest.fixture
def tamper_audit_table(db):
    """Run raw SQL on the audit table as a database superuser could.

    SQLite has no guard. On PostgreSQL the append-only trigger is switched off around the statement,
    inside the test's transaction; pending deferred foreign-key checks are run first, since
    PostgreSQL refuses ALTER TABLE while they are queued.
    """

    def tamper(statement, params=()):
        postgresql = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgresql:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
            cursor.execute(statement, params)
            if postgresql:
                cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    return tamper
