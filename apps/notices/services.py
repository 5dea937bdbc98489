"""Notices: the row is written in the caller's transaction, the mail leaves after commit.

Publishing a task never blocks a request: a broker that is down costs one quick failed try
(then none for `REDIS_DOWN_BACKOFF` seconds), and the row waits, unsent, for `reconcile_notices`.
Mail is sent outside any row lock, at most `NOTICE_MAX_ATTEMPTS` times per notice.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from craftsman_portal.cache import OutageBreaker

from .kinds import KIND_TEXTS
from .models import Notice, NoticeTemplate
from .rendering import render

logger = logging.getLogger(__name__)

broker_breaker = OutageBreaker("Celery broker")


def _reference(obj):
    if obj is None:
        return {"object_type": "", "object_id": "", "link": ""}
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "link": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
    }


def _texts(kind, context, subject, body):
    if subject is not None and body is not None:
        return subject, body
    if kind not in KIND_TEXTS:
        raise ValueError(f"notice kind {kind!r} has no template: add it to apps.notices.kinds, or pass subject and body")
    rendered_subject, rendered_body = render(kind, context, template=NoticeTemplate.objects.filter(kind=kind).first())
    return (subject if subject is not None else rendered_subject), (body if body is not None else rendered_body)


def queue_notice(recipient, *, kind, subject=None, body=None, context=None, obj=None, event_key=""):
    """Create the notice row now; mail it from a Celery task once the transaction commits.

    The texts are `subject` and `body` when given, else the kind's template filled with `context`.
    With an `event_key`, a recipient hears of one event once: a second call returns the first row
    and queues nothing. When `obj` has a page (`get_absolute_url`), the notice links to it; that
    page still checks the recipient's permission when opened.
    """
    subject, body = _texts(kind, context, subject, body)
    fields = {"kind": kind, "subject": subject, "body": body, "event_key": event_key, **_reference(obj)}
    if not event_key:
        notice = Notice.objects.create(recipient=recipient, **fields)
    else:
        try:
            # A savepoint: a second call for this event (or a concurrent twin) meets the unique key, quietly.
            with transaction.atomic():
                notice = Notice.objects.create(recipient=recipient, **fields)
        except IntegrityError:
            existing = Notice.objects.filter(recipient=recipient, event_key=event_key).first()
            if existing is None:
                raise
            return existing
    notice_id = notice.pk
    transaction.on_commit(lambda: publish("send_notice", notice_id=notice_id))
    return notice


def queue_notices_to_many(recipients, *, kind, context=None, obj=None, event_key=""):
    """One notice per recipient, written in one statement, mailed by ONE task that sends in batches.

    Recipients who already heard of `event_key` are skipped. Returns the new rows.
    """
    return queue_notices_each([(recipient, context, obj) for recipient in recipients], kind=kind, event_key=event_key)


def queue_notices_each(items, *, kind, event_key=""):
    """`queue_notices_to_many` with each recipient's own texts: `items` are (recipient, context, obj).

    The kind's template is read once and filled once per distinct context; the rows are written in
    one statement and mailed by one batch task. With an `event_key`, a recipient hears of it once,
    also against a concurrent twin (two beat runs): the unique key refuses the twin's rows, the
    savepoint rolls back and the recipients are filtered again against what the twin committed.
    Returns the new rows only.
    """
    if kind not in KIND_TEXTS:
        raise ValueError(f"notice kind {kind!r} has no template: add it to apps.notices.kinds")
    by_recipient = {}
    for recipient, context, obj in items:
        by_recipient.setdefault(recipient.pk, (recipient, context, obj))
    # One insert order for every caller, so twin inserts wait on each other instead of deadlocking.
    items = [by_recipient[pk] for pk in sorted(by_recipient)]
    if not items:
        return []
    template = NoticeTemplate.objects.filter(kind=kind).first()
    texts = {}

    def build(recipient, context, obj):
        key = id(context)
        if key not in texts:
            texts[key] = render(kind, context, template=template)
        subject, body = texts[key]
        return Notice(recipient=recipient, kind=kind, subject=subject, body=body, event_key=event_key, **_reference(obj))

    for attempt in range(3):
        pending = items
        if event_key:
            heard = set(
                Notice.objects.filter(event_key=event_key, recipient__in=[r for r, _, _ in items]).values_list(
                    "recipient_id", flat=True
                )
            )
            pending = [item for item in items if item[0].pk not in heard]
        if not pending:
            return []
        try:
            with transaction.atomic():  # a savepoint: a twin's committed rows undo only this try
                notices = Notice.objects.bulk_create([build(*item) for item in pending])
        except IntegrityError:
            if not event_key or attempt == 2:
                raise
            continue
        break
    if any(notice.pk is None for notice in notices):  # a database that does not return ids
        pks = [recipient.pk for recipient, _, _ in pending]
        notices = list(Notice.objects.filter(event_key=event_key, recipient__in=pks, kind=kind).order_by("pk"))
    notice_ids = [notice.pk for notice in notices]
    transaction.on_commit(lambda: publish("send_notice_batch", notice_ids=notice_ids))
    return notices


def publish(task_name, **kwargs):
    """Queue the task `task_name` (in apps.notices.tasks) now, or not at all: True when the broker took it.

    Called after commit, so the change it follows is safe whatever happens here; a failure leaves
    the rows unsent for `reconcile_notices`.
    """
    from . import tasks

    return publish_task(getattr(tasks, task_name), **kwargs)


def publish_task(task, **kwargs):
    """Queue `task` (any app's) now, or not at all: True when the broker took it, never an error.

    The courier of every row-first task (notices, recommendation forms): one quick try, then none
    for `REDIS_DOWN_BACKOFF` seconds after a failure; the row waits for its app's reconcile job.
    """
    eager = task.app.conf.task_always_eager
    if not eager and broker_breaker.is_open:
        return False
    try:
        task.apply_async(kwargs=kwargs)
    except Exception as error:  # kombu wraps the socket error in its own classes; none must reach the request
        if eager:
            # In-process (no Redis): the task itself failed, e.g. a mail server that is down asked for a
            # retry. The change is committed and the row waits for reconcile, as with a broker outage.
            logger.exception("Task %s failed in-process; its reconcile job will retry", task.name)
        else:
            broker_breaker.trip(error)
            logger.warning("Could not queue %s (%s); its reconcile job will", task.name, error.__class__.__name__)
        return False
    return True


def _claim(notice_pk):
    """Take the notice for one delivery attempt: a short lock, released before any mail is sent.

    Returns the notice with its recipient, or None when there is nothing to do (sent, failed,
    or another courier mailing it right now).
    """
    claimed = _claim_many([notice_pk])
    return claimed[0] if claimed else None


def _claim_many(notice_pks):
    """Take the notices for one delivery attempt each, in one short transaction whatever their number.

    Returns those taken, in pk order, with their recipients: not those sent, failed, or claimed by
    another courier within the lease; those at the attempt cap are marked failed instead.
    """
    now = timezone.now()
    lease = timedelta(seconds=3 * settings.EMAIL_TIMEOUT)
    with transaction.atomic():
        # Re-checked after any wait on a row lock: a notice a twin courier just claimed drops out here.
        notices = list(
            Notice.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk__in=notice_pks, sent_at__isnull=True, failed_at__isnull=True)
            .exclude(claimed_at__gt=now - lease)
            .order_by("pk")
        )
        capped = [notice.pk for notice in notices if notice.attempts >= settings.NOTICE_MAX_ATTEMPTS]
        if capped:
            Notice.objects.filter(pk__in=capped).update(failed_at=now)
        claimed = [notice for notice in notices if notice.attempts < settings.NOTICE_MAX_ATTEMPTS]
        Notice.objects.filter(pk__in=[notice.pk for notice in claimed]).update(attempts=F("attempts") + 1, claimed_at=now)
    for notice in claimed:
        notice.attempts += 1
        notice.claimed_at = now
    return claimed


def _message(notice, connection):
    return EmailMessage(
        notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [notice.recipient.email], connection=connection
    )


def _settle(notice, error):
    """Record the outcome of one attempt; after the cap a failed notice is marked failed."""
    now = timezone.now()
    notice.claimed_at = None
    if error is None:
        notice.sent_at, notice.last_error = now, ""
    else:
        notice.last_error = f"{error.__class__.__name__}: {error}"[:200]
        if notice.attempts >= settings.NOTICE_MAX_ATTEMPTS:
            notice.failed_at = now
            logger.warning("Notice %s failed %s times; marked failed", notice.pk, notice.attempts)
    Notice.objects.filter(pk=notice.pk).update(
        claimed_at=None, sent_at=notice.sent_at, last_error=notice.last_error, failed_at=notice.failed_at
    )
    return notice


def deliver_notice(notice):
    """Mail the notice if its recipient has an email address. Idempotent: a sent notice is not resent.

    A failed send is counted and its error kept on the row, then re-raised so the task retries,
    until the attempt cap marks the notice failed (then it returns the failed notice).
    """
    claimed = _claim(notice.pk)
    if claimed is None:
        return Notice.objects.filter(pk=notice.pk).first() or notice
    try:
        if claimed.recipient.email:
            _message(claimed, get_connection()).send()
    except OSError as error:  # smtplib and socket errors, timeouts included
        _settle(claimed, error)
        if claimed.failed_at is None:
            raise
        return claimed
    return _settle(claimed, None)


def deliver_notice_batch(notice_ids):
    """Mail many notices in batches of `NOTICE_BATCH_SIZE`, one SMTP connection per batch.

    A failure is kept on its own row (the rest of the batch goes on); reconcile retries it later.
    Returns how many were sent.
    """
    sent = 0
    size = max(1, settings.NOTICE_BATCH_SIZE)
    for start in range(0, len(notice_ids), size):
        claimed = _claim_many(notice_ids[start : start + size])
        if not claimed:
            continue
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
        except OSError as error:
            for notice in claimed:
                _settle(notice, error)
            continue
        try:
            for notice in claimed:
                try:
                    if notice.recipient.email:
                        connection.send_messages([_message(notice, connection)])
                except OSError as error:
                    _settle(notice, error)
                else:
                    _settle(notice, None)
                    sent += 1
        finally:
            connection.close()
    return sent


def get_notice_for(user, pk):
    """The notice `pk` if it is `user`'s own, else 404."""
    from .selectors import inbox_of

    return get_object_or_404(inbox_of(user), pk=pk)


def mark_read(notice, *, by):
    """Mark `notice` read for its recipient `by` (a notice already read keeps its first time)."""
    if notice.recipient_id != by.pk:
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def mark_all_read(*, by):
    """Mark every unread notice of `by` as read; returns how many changed."""
    return Notice.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


def unsent_notices(older_than):
    """Notices still waiting for mail since before `older_than`: not sent, not given up on."""
    return Notice.objects.filter(sent_at__isnull=True, failed_at__isnull=True, created_at__lt=older_than)


def requeue_unsent_notices(*, older_than):
    """Queue again every notice still unsent since before `older_than`; returns how many."""
    ids = list(unsent_notices(older_than).values_list("pk", flat=True))
    for notice_id in ids:
        publish("send_notice", notice_id=notice_id)
    return len(ids)


@transaction.atomic
def retry_failed_notices(queryset, *, by):
    """Give failed notices a fresh set of attempts (staff, after fixing an address); returns how many."""
    from apps.core import audit

    ids = list(queryset.filter(failed_at__isnull=False).values_list("pk", flat=True))
    Notice.objects.filter(pk__in=ids).update(failed_at=None, attempts=0, claimed_at=None)
    for notice_id in ids:
        transaction.on_commit(lambda notice_id=notice_id: publish("send_notice", notice_id=notice_id))
    if ids:
        audit.record(by, "notices.notice.retried", None, notices=ids)
    return len(ids)


def failed_notices():
    return Notice.objects.filter(~Q(failed_at=None)).select_related("recipient").order_by("-failed_at")


@transaction.atomic
def update_notice_template(template, *, by, fields):
    """Save the office's edits to a notice template. Audits `notices.noticetemplate.changed` with old and new.

    The texts are validated first: a placeholder the kind does not know, or unbalanced braces, is refused.
    """
    from apps.accounts.roles import is_programme_staff
    from apps.core.edits import save_edits

    stored = NoticeTemplate.objects.select_for_update().get(pk=template.pk)
    if not is_programme_staff(by):
        raise PermissionDenied
    fields = [name for name in fields if name in ("subject", "body")]
    if not fields:
        return stored
    template.kind = stored.kind  # the kind is fixed; only its texts are edited
    return save_edits(template, stored, by=by, action="notices.noticetemplate.changed", fields=fields)
