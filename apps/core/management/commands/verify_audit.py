from django.core.management.base import BaseCommand, CommandError

from apps.core.audit import AnchorError, read_anchors, verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain (HMAC-keyed with AUDIT_HMAC_KEY); exit non-zero at the first broken link. "
        "With --anchor, also check that every anchored head is still in the chain (no cut or rewritten tail)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor", metavar="FILE", help="an anchor file written by anchor_audit (AUDIT_ANCHOR_PATH)")

    def handle(self, *args, anchor=None, **options):
        anchors = self._read_anchors(anchor) if anchor else ()
        report = verify_chain(anchors)
        if not report.ok:
            raise CommandError(f"审计链在第 {report.broken_seq} 条处断裂：{report.problem}（已核对 {report.checked} 条）")
        self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {report.checked} 条记录。"))
        if anchor:
            self.stdout.write(
                self.style.SUCCESS(f"与锚点一致：核对 {report.anchors} 个锚点，最新锚定第 {report.anchored_seq} 条。")
            )

    def _read_anchors(self, path):
        try:
            with open(path, encoding="utf-8") as file:
                return read_anchors(file)
        except OSError as error:
            raise CommandError(f"无法读取锚点文件 {path}：{error.strerror}") from error
        except AnchorError as error:
            raise CommandError(str(error)) from error
