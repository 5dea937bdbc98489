"""TRUNCATE of the audit tables follows the AUDIT_ALLOW_TRUNCATE setting, not the database's name.

0003 let any database named `test_*` be truncated, a name a staging copy could share. Now the
guard lets TRUNCATE through only in a session that set `craftsman.audit_allow_truncate = 'on'`,
which the portal does on connecting when AUDIT_ALLOW_TRUNCATE is true (only the test suite sets
it: its databases are emptied between tests). The application's role (`grant_app_role`) has no
TRUNCATE privilege on the audit tables, so setting the variable gives it nothing.
"""
from django.db import migrations

from apps.core.migration_operations import postgresql_only

CREATE = """
CREATE OR REPLACE FUNCTION core_audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('craftsman.audit_allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE refused', ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

# Back to 0003's rule.
DROP = """
CREATE OR REPLACE FUNCTION core_audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_database() LIKE 'test\\_%%'
       AND coalesce(current_setting('craftsman.audit_guard', true), '') <> 'enforce' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE refused', ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_truncate_and_head_guards")]

    operations = [postgresql_only(CREATE, DROP)]
