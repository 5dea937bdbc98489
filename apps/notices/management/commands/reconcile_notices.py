from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.notices.services import unsent_notices
from apps.notices.tasks import send_notice


class Command(BaseCommand):
    help = "Re-queue notices whose mail task a lost broker dropped (unsent after --minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=10)

    def handle(self, *args, minutes, **options):
        ids = list(unsent_notices(timezone.now() - timedelta(minutes=minutes)).values_list("pk", flat=True))
        for notice_id in ids:
            send_notice.delay(notice_id=notice_id)
        self.stdout.write(f"已重新排队 {len(ids)} 条未发送通知。")
