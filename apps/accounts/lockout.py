"""Login lockout: a username after a few failures, an address only after many.

django-axes counts failures in AccessAttempt rows, one per (username, address, user agent), and
compares one count with one limit. Locking the address at the username's limit of 5 let one
person's typos lock out every colleague behind the same office address. So the count this handler
reports is the username's failures, or the address's failures scaled down to the same limit
(AXES_FAILURE_LIMIT × address failures ÷ AXES_ADDRESS_FAILURE_LIMIT, rounded down), whichever is
higher: the username locks at 5 failures, the address at 50, from any mix of usernames.
"""
from axes.handlers.database import AxesDatabaseHandler
from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def failure_counts(request, credentials=None):
    """(failures against this username, failures from this address) within the cool-off time."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    username = get_client_username(request, credentials)

    def total(attempts):
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    by_username = total(recent.filter(username=username)) if username else 0
    return by_username, total(recent.filter(ip_address=request.axes_ip_address))


def effective_failures(by_username, by_address):
    return max(by_username, by_address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT)


class LoginLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        return effective_failures(*failure_counts(request, credentials))


def lockout_response(request, original_response=None, credentials=None):
    """The locked page (429): which lock applies, for how long, and how to get unlocked."""
    by_username, by_address = failure_counts(request, credentials)
    context = {
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "username_locked": by_username >= settings.AXES_FAILURE_LIMIT,
        "address_locked": by_address >= settings.AXES_ADDRESS_FAILURE_LIMIT,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/locked_out.html", context, status=429)
