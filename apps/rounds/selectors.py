from .enums import RoundStatus
from .models import Round


def current_round():
    """The newest round that has been deployed, or None before the first deployment."""
    return Round.objects.exclude(status=RoundStatus.DRAFT).order_by("-year").first()


def rounds_overview():
    """Every round with its number of forwarded-or-later applications, newest first."""
    from django.db.models import Count, Q

    from apps.applicants.enums import VISIBLE_TO_OFFICE

    return Round.objects.annotate(
        application_count=Count("applications", filter=Q(applications__status__in=VISIBLE_TO_OFFICE))
    ).order_by("-year")
