from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.notices.services import requeue_unsent_notices


class Command(BaseCommand):
    help = "Re-queue notices whose mail task a lost broker dropped (unsent after --minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=10)

    def handle(self, *args, minutes, **options):
        count = requeue_unsent_notices(older_than=timezone.now() - timedelta(minutes=minutes))
        self.stdout.write(f"已重新排队 {count} 条未发送通知。")
