"""On PostgreSQL, refuse UPDATE and DELETE on the audit table, whoever asks (ORM, raw SQL, a bug).

TRUNCATE stays possible for the table owner: test databases are reset with it.
SQLite, the zero-setup default, has no such trigger; `verify_audit` still detects tampering there.
"""
from django.db import migrations

from apps.core.migration_operations import postgresql_only

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'core_auditentry is append-only: ' || TG_OP || ' refused', ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [postgresql_only(CREATE, DROP)]
