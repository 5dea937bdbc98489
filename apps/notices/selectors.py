from django.db.models import Count

from apps.core.fragments import aggregate_subquery

from .models import Notice


def inbox_of(user):
    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count_annotation(user):
    """{"unread_notice_count": <subquery>}: the menu badge's count (accounts.context_processors), read
    inside a query a page runs anyway. The page then sets `request.unread_notice_count` from the row,
    and the context processor makes no query of its own."""
    return {"unread_notice_count": aggregate_subquery(Notice.objects.filter(recipient=user, read_at__isnull=True), Count("pk"))}
