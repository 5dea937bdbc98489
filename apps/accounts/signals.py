"""A successful login clears the failed logins against that user's own username, and nothing else.

django-axes stores one AccessAttempt row per (username, IP address, user agent) and locks a
username, or an address, once its rows add up to AXES_FAILURE_LIMIT failures. Its own reset on
success (AXES_RESET_ON_SUCCESS) also deletes every row of the address the login came from, which
let an attacker guess four times at someone else's password, log in to an own account from the
same address to wipe the count, and guess again. So that reset is off, and this receiver deletes
only the rows whose username is the one that just proved its password. Failures against other
usernames, from any address, keep counting towards both locks. AccessFailureLog and AccessLog
are history, not counters, and are left alone.
"""
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts.clear_own_login_failures")
def clear_own_login_failures(sender, user, **kwargs):
    # A plain filter, not axes' reset_attempts(username=...): that one skips an empty filter
    # and would then delete every row.
    AccessAttempt.objects.filter(username=user.get_username()).delete()
