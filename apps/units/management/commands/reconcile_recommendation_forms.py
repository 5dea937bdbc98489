from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.units.forms_pdf import requeue_waiting_forms


class Command(BaseCommand):
    help = "Re-queue recommendation forms a lost broker dropped (queued after --minutes) or a dead worker left rendering."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=10)

    def handle(self, *args, minutes, **options):
        count = requeue_waiting_forms(older_than=timezone.now() - timedelta(minutes=minutes))
        self.stdout.write(f"已重新排队 {count} 份推荐表。")
