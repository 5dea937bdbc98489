import pytest
from django.db import connection

# The triggers that guard the audit tables on PostgreSQL (migrations 0002 and 0003).
GUARDS = (("core_auditentry", "core_auditentry_append_only"), ("core_auditchainhead", "core_auditchainhead_advance_only"))


@pytest.fixture
def tamper_audit_table(db):
    """Run raw SQL on the audit tables as a database superuser could.

    SQLite has no guard. On PostgreSQL the append-only and advance-only triggers are switched off
    around the statement, inside the test's transaction; pending deferred foreign-key checks are
    run first, since PostgreSQL refuses ALTER TABLE while they are queued.
    """

    def tamper(statement, params=()):
        postgresql = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgresql:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table, trigger in GUARDS:
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            cursor.execute(statement, params)
            if postgresql:
                for table, trigger in GUARDS:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    return tamper
