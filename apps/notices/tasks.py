import logging

from celery import shared_task

from .models import Notice
from .services import deliver_notice

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_notice(*, notice_id):
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None:
        logger.warning("Notice %s vanished before sending", notice_id)
        return None
    return deliver_notice(notice).pk
