from django.db.models import Count, Q

from .enums import RoundStatus
from .models import Round


def current_round():
    """The newest round that has been deployed, or None before the first deployment."""
    return Round.objects.exclude(status=RoundStatus.DRAFT).order_by("-year").first()


def rounds_overview():
    """Every round with its number of forwarded applications, newest first."""
    return Round.objects.annotate(
        application_count=Count("applications", filter=Q(applications__forwarded_at__isnull=False))
    ).order_by("-year")
