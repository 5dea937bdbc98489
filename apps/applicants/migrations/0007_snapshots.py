"""Submission snapshots, and on PostgreSQL a trigger refusing UPDATE and DELETE of them, whoever asks.

TRUNCATE stays possible for the table owner: test databases are reset with it.
"""
import django.db.models.deletion
from django.db import migrations, models

from apps.core.migration_operations import postgresql_only

CREATE = """
CREATE OR REPLACE FUNCTION applicants_snapshot_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'applicants_applicationsnapshot is immutable: ' || TG_OP || ' refused', ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER applicants_applicationsnapshot_immutable
    BEFORE UPDATE OR DELETE ON applicants_applicationsnapshot
    FOR EACH ROW EXECUTE FUNCTION applicants_snapshot_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS applicants_applicationsnapshot_immutable ON applicants_applicationsnapshot;
DROP FUNCTION IF EXISTS applicants_snapshot_refuse_change();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('applicants', '0006_unit_rank'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApplicationSnapshot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='版本')),
                ('submitted_at', models.DateTimeField(verbose_name='提交时间')),
                ('content', models.JSONField(verbose_name='提交内容')),
                ('content_sha256', models.CharField(max_length=64, verbose_name='内容摘要（SHA-256）')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='snapshots', to='applicants.application', verbose_name='申报')),
            ],
            options={
                'verbose_name': '提交快照',
                'verbose_name_plural': '提交快照',
                'ordering': ['application_id', 'version'],
                'constraints': [models.UniqueConstraint(fields=('application', 'version'), name='snapshot_version_unique_per_application'), models.CheckConstraint(condition=models.Q(('version__gte', 1)), name='snapshot_version_from_one')],
            },
        ),
        postgresql_only(CREATE, DROP),
    ]
