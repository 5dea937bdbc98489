from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import User


def accounts_for_office(search=""):
    """Accounts the programme office manages (everyone but superusers), with `recent_failures`:
    failed logins against the username within the lockout's cool-off time (locked at AXES_FAILURE_LIMIT)."""
    failures = (
        AccessAttempt.objects.filter(
            username=OuterRef("username"), attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
        )
        .order_by()
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    accounts = (
        User.objects.filter(is_superuser=False)
        .select_related("unit")
        .annotate(recent_failures=Coalesce(Subquery(failures, output_field=IntegerField()), Value(0)))
        .order_by("role", "username")
    )
    if search:
        accounts = accounts.filter(Q(username__icontains=search) | Q(display_name__icontains=search))
    return accounts
