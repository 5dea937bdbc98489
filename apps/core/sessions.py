"""Idle expiry without a session write on every request.

Sessions end after SESSION_COOKIE_AGE idle seconds (30 minutes). Django's SESSION_SAVE_EVERY_REQUEST
keeps that by rewriting the session row on every request: an UPDATE and a commit per page view. Here a
signed-in session is renewed only once it was last renewed RENEW_AFTER seconds ago or more (and at
sign-in), so a session still ends at most SESSION_COOKIE_AGE after the last request, and at least
SESSION_COOKIE_AGE - RENEW_AFTER after it: never later than the 30 idle minutes, at most a minute sooner.
"""
import time

RENEWED_AT = "_renewed_at"  # seconds since the epoch, kept in the session data
RENEW_AFTER = 60


class SessionRenewalMiddleware:
    """Marks a non-empty session modified when it is due for renewal, so SessionMiddleware saves it.

    Goes right after SessionMiddleware, so that its response phase runs before SessionMiddleware's.
    Sessions no view touched (the bare views, static files) are not loaded for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            renewed_at = session.get(RENEWED_AT)
            now = int(time.time())
            if not isinstance(renewed_at, int) or now - renewed_at >= RENEW_AFTER:
                session[RENEWED_AT] = now
        return response


def stamp_session_at_login(sender, request, user, **kwargs):
    """Sign-in saves the session anyway: count it as a renewal, so the next request does not write again."""
    session = getattr(request, "session", None)
    if session is not None:
        session[RENEWED_AT] = int(time.time())
