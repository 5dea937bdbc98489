from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notice


def queue_notice(recipient, *, kind, subject, body, obj=None):
    """Create the notice row now; mail it from a Celery task once the transaction commits.

    When `obj` has a page (`get_absolute_url`), the notice links to it; that page still checks
    the recipient's permission when opened.
    """
    notice = Notice.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject,
        body=body,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        link=obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
    )
    from .tasks import send_notice

    # Robust: the change is already committed; a broker that is down must not turn it into an error
    # page. The row stays unsent and `reconcile_notices` (scheduled by beat) queues it again.
    def send_notice_after_commit():
        send_notice.delay(notice_id=notice.pk)

    transaction.on_commit(send_notice_after_commit, robust=True)
    return notice


def deliver_notice(notice):
    """Mail the notice if its recipient has an email address. Idempotent: a sent notice is not resent.

    A failed send is counted and its error class kept on the row, then re-raised so the task retries.
    """
    failure = None
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("recipient").get(pk=notice.pk)
        if notice.sent_at is not None:
            return notice
        notice.attempts += 1
        try:
            if notice.recipient.email:
                send_mail(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [notice.recipient.email])
        except OSError as error:  # smtplib and socket errors
            failure = error
            notice.last_error = error.__class__.__name__
        else:
            notice.sent_at, notice.last_error = timezone.now(), ""
        notice.save(update_fields=["attempts", "sent_at", "last_error"])
    if failure is not None:
        raise failure
    return notice


def mark_all_read(*, by):
    """Mark every unread notice of `by` as read; returns how many changed."""
    return Notice.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


def unsent_notices(older_than):
    return Notice.objects.filter(sent_at__isnull=True, created_at__lt=older_than)


def requeue_unsent_notices(*, older_than):
    """Queue again every notice still unsent since before `older_than`; returns how many."""
    from .tasks import send_notice

    ids = list(unsent_notices(older_than).values_list("pk", flat=True))
    for notice_id in ids:
        send_notice.delay(notice_id=notice_id)
    return len(ids)
