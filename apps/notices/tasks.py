import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import Notice
from .services import deliver_notice, requeue_unsent_notices

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_notice(*, notice_id):
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None:
        logger.warning("Notice %s vanished before sending", notice_id)
        return None
    return deliver_notice(notice).pk


@shared_task
def reconcile_notices(*, minutes=10):
    """Beat runs this: notices a lost broker dropped are queued again."""
    return requeue_unsent_notices(older_than=timezone.now() - timedelta(minutes=minutes))
