"""Migration operations shared by the apps."""
from django.db import migrations


def postgresql_only(sql, reverse_sql):
    """Run `sql` (and `reverse_sql` when unapplied) on PostgreSQL only; SQLite, the zero-setup default, skips it.

    For what only PostgreSQL offers, such as the audit log's triggers. In the SQL, write % as %%.
    """

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse_sql)

    return migrations.RunPython(forward, backward)
