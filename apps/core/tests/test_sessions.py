import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.tests.factories import PASSWORD
from apps.core.sessions import RENEW_AFTER, RENEWED_AT

pytestmark = pytest.mark.django_db

THIRTY_MINUTES = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def sign_in(client):
    response = client.post("/accounts/login/", {"username": "applicant_a", "password": PASSWORD})
    assert response.status_code == 302
    return client.session.session_key


def row(session_key):
    return Session.objects.get(session_key=session_key)


def age_session(session_key, *, renewed_seconds_ago, expires_in):
    """As if the session was last renewed `renewed_seconds_ago`, and now expires in `expires_in`."""
    store = Session.objects.get(session_key=session_key).get_decoded()
    store[RENEWED_AT] -= renewed_seconds_ago
    Session.objects.filter(session_key=session_key).update(
        session_data=Session.objects.encode(store), expire_date=timezone.now() + expires_in
    )


def test_sign_in_counts_as_a_renewal(client, applicant_a):
    key = sign_in(client)

    remaining = row(key).expire_date - timezone.now()
    assert (isinstance(row(key).get_decoded()[RENEWED_AT], int), THIRTY_MINUTES - datetime.timedelta(minutes=1) < remaining <= THIRTY_MINUTES) == (True, True)


def test_a_request_within_a_minute_of_the_last_renewal_does_not_write_the_session(client, applicant_a):
    key = sign_in(client)
    age_session(key, renewed_seconds_ago=RENEW_AFTER - 5, expires_in=THIRTY_MINUTES - datetime.timedelta(seconds=55))
    before = row(key).expire_date

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/applicant/")

    writes = [query["sql"] for query in queries.captured_queries if "django_session" in query["sql"] and "UPDATE" in query["sql"]]
    assert (response.status_code, writes, row(key).expire_date) == (200, [], before)


def test_a_request_a_minute_after_the_last_renewal_renews_the_thirty_minutes(client, applicant_a):
    key = sign_in(client)
    age_session(key, renewed_seconds_ago=RENEW_AFTER, expires_in=datetime.timedelta(minutes=29))

    response = client.get("/applicant/")

    remaining = row(key).expire_date - timezone.now()
    assert (response.status_code, THIRTY_MINUTES - datetime.timedelta(seconds=5) < remaining <= THIRTY_MINUTES) == (200, True)


def test_an_unrenewed_session_never_outlives_thirty_minutes_after_the_last_request(client, applicant_a):
    # Renewed 59 s ago: this request does not renew, and the session still ends within 30 minutes of it.
    key = sign_in(client)
    age_session(key, renewed_seconds_ago=RENEW_AFTER - 1, expires_in=THIRTY_MINUTES - datetime.timedelta(seconds=59))

    client.get("/applicant/")

    remaining = row(key).expire_date - timezone.now()
    assert THIRTY_MINUTES - datetime.timedelta(seconds=RENEW_AFTER + 5) < remaining <= THIRTY_MINUTES


def test_a_session_idle_for_thirty_minutes_ends(client, applicant_a):
    key = sign_in(client)
    age_session(key, renewed_seconds_ago=30 * 60, expires_in=-datetime.timedelta(seconds=1))

    response = client.get("/applicant/")

    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/applicant/")


def test_an_anonymous_visit_creates_no_session(client):
    response = client.get("/accounts/login/")

    assert (response.status_code, settings.SESSION_COOKIE_NAME in response.cookies, Session.objects.count()) == (200, False, 0)


def test_signing_out_leaves_no_renewed_session(client, applicant_a):
    key = sign_in(client)

    client.post("/accounts/logout/")

    assert Session.objects.filter(session_key=key).exists() is False
