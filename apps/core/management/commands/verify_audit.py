from django.core.management.base import BaseCommand, CommandError

from apps.core.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero at the first broken link."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"审计链在第 {report.broken_seq} 条处断裂：{report.problem}（已核对 {report.checked} 条）")
        self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {report.checked} 条记录。"))
