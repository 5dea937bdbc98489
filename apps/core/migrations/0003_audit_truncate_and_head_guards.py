"""On PostgreSQL, also refuse TRUNCATE of the audit table and any rewind of the chain head.

Without these, `TRUNCATE core_auditentry` plus resetting the head would leave an empty chain
that verifies. The head may only advance one link at a time and is never deleted.
Test databases (pytest-django names them `test_*`) may still be truncated between tests, unless
the session asks for the guard with `SET craftsman.audit_guard = 'enforce'` (as the tests of the
guard itself do); setting it can only make the guard stricter.
A role that owns the tables can still disable triggers: run the application under a role that
does not own them (see README, "Audit trail").
"""
from django.db import migrations

from apps.core.migration_operations import postgresql_only

CREATE = """
CREATE OR REPLACE FUNCTION core_audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_database() LIKE 'test\\_%%'
       AND coalesce(current_setting('craftsman.audit_guard', true), '') <> 'enforce' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE refused', ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION core_auditchainhead_only_advances() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION USING MESSAGE = 'core_auditchainhead: DELETE refused', ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION USING MESSAGE = 'core_auditchainhead may only advance by one link', ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditentry_no_truncate
    BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_audit_refuse_truncate();
CREATE TRIGGER core_auditchainhead_no_truncate
    BEFORE TRUNCATE ON core_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION core_audit_refuse_truncate();
CREATE TRIGGER core_auditchainhead_advance_only
    BEFORE UPDATE OR DELETE ON core_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION core_auditchainhead_only_advances();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditchainhead_advance_only ON core_auditchainhead;
DROP TRIGGER IF EXISTS core_auditchainhead_no_truncate ON core_auditchainhead;
DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditchainhead_only_advances();
DROP FUNCTION IF EXISTS core_audit_refuse_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only_trigger")]

    operations = [postgresql_only(CREATE, DROP)]
