"""API throttling (REST_FRAMEWORK's DEFAULT_THROTTLE_CLASSES) and the error body it answers with.

Each test here counts on a fresh local-memory cache of its own, so only its own requests count
against the low rates it sets. The configured cache may be a Redis shared by parallel test workers
(and in CI by the Celery broker): a test must never clear it, and other workers' requests as the
same user id or from the same address would share its throttle keys.
"""
import uuid

import pytest
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

ME = "/api/v1/me/"
THROTTLED = {"error": {"code": "throttled", "message": "请求过于频繁，请稍后再试。", "details": None}}


@pytest.fixture
def two_a_minute(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"throttle-{uuid.uuid4()}"}
    }
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min"}}


class PublicView(APIView):
    """What a future endpoint open to anonymous callers (registration, say) looks like to DRF."""

    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"ok": True})


def test_api_throttle_rates_in_tests_come_from_the_root_conftest():
    assert (AnonRateThrottle().rate, UserRateThrottle().rate) == ("100000/min", "100000/min")


def test_api_answers_429_in_chinese_once_a_user_passes_the_rate(client, applicant_a, two_a_minute):
    client.force_login(applicant_a)

    responses = [client.get(ME) for _ in range(3)]

    assert ([response.status_code for response in responses], responses[2].json()) == ([200, 200, 429], THROTTLED)


def test_api_user_rate_counts_each_user_apart(client, applicant_a, applicant_b, two_a_minute):
    client.force_login(applicant_a)
    first = [client.get(ME).status_code for _ in range(3)]
    client.force_login(applicant_b)

    response = client.get(ME)

    assert (first, response.status_code, response.json()["username"]) == ([200, 200, 429], 200, "applicant_b")


def test_api_answers_429_in_chinese_once_an_anonymous_caller_passes_the_rate(two_a_minute):
    view, factory = PublicView.as_view(), APIRequestFactory()

    responses = [view(factory.get("/api/v1/public/", REMOTE_ADDR="192.0.2.20")) for _ in range(3)]

    assert ([response.status_code for response in responses], responses[2].data) == ([200, 200, 429], THROTTLED)


@pytest.mark.django_db
def test_api_refuses_anonymous_callers_before_the_anon_rate_counts(client, two_a_minute):
    # DRF checks permissions before throttles, and every endpoint so far needs a login: an
    # anonymous caller meets 401 each time, never the anon rate.
    responses = [client.get(ME) for _ in range(3)]

    assert ([response.status_code for response in responses], responses[2].json()["error"]["code"]) == (
        [401, 401, 401], "not_authenticated"
    )
