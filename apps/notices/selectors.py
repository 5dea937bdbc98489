from django.db import connection

from .models import Notice


def inbox_of(user):
    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count_column(user):
    """The menu badge's count (accounts.context_processors) as a column of a query a desk runs anyway
    (rounds.selectors.current_round): (sql, params). The desk then sets `request.unread_notice_count`
    from the row, and the context processor makes no query of its own."""
    table = connection.ops.quote_name(Notice._meta.db_table)
    return (f"(SELECT COUNT(*) FROM {table} n WHERE n.recipient_id = %s AND n.read_at IS NULL) AS unread_notice_count", [user.pk])
