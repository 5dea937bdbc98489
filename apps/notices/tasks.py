import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import Notice
from .services import deliver_notice, deliver_notice_batch, requeue_unsent_notices

logger = logging.getLogger(__name__)

# Fire-and-forget: the effect is on the row, so no task keeps a result (nothing waits on a result store).


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_notice(*, notice_id):
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None:
        logger.warning("Notice %s vanished before sending", notice_id)
        return None
    return deliver_notice(notice).pk


@shared_task(ignore_result=True)
def send_notice_batch(*, notice_ids):
    """One task for a notice to many people: sends in batches; reconcile retries the failures."""
    return deliver_notice_batch(notice_ids)


@shared_task(ignore_result=True)
def reconcile_notices(*, minutes=10):
    """Beat runs this: notices a lost broker dropped are queued again."""
    return requeue_unsent_notices(older_than=timezone.now() - timedelta(minutes=minutes))
