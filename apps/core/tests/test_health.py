"""/healthz: what a load balancer or `docker compose` healthcheck sees."""
import pytest
from django.db import OperationalError, connection

from apps.core import health

HEALTHZ = "/healthz"


@pytest.fixture
def embedded(settings):
    """The embedded default whatever this run's environment: no Redis, local-memory cache."""
    settings.REDIS_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.django_db
def test_healthz_tells_anonymous_callers_only_ok_or_error(client, embedded):
    response = client.get(HEALTHZ)

    assert (response.status_code, response.json()) == (
        200, {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}
    )


def test_healthz_tells_signed_in_non_staff_only_ok_or_error(client, embedded, applicant_a):
    client.force_login(applicant_a)

    response = client.get(HEALTHZ)

    assert (response.status_code, response.json()) == (
        200, {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}
    )


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_healthz_names_the_infrastructure_to_staff_on_the_embedded_default(client, embedded, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(HEALTHZ)

    assert (response.status_code, response.json()) == (200, {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
        "detail": {"database": connection.vendor, "cache": "LocMemCache", "broker": "eager (no broker)"},
    })


def test_healthz_names_redis_cache_and_broker_to_staff_when_redis_url_is_set(client, settings, programme_staff):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (a real Redis server)")
    client.force_login(programme_staff)

    response = client.get(HEALTHZ)

    assert (response.status_code, response.json()) == (200, {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
        "detail": {"database": connection.vendor, "cache": "ForgivingRedisCache", "broker": "redis"},
    })


def database_unreachable():
    raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: password=s3cret')


@pytest.mark.django_db
def test_healthz_is_503_naming_only_the_failed_part_to_anonymous_callers(client, embedded, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", database_unreachable)

    response = client.get(HEALTHZ)

    assert (response.status_code, response.json()) == (
        503, {"status": "error", "checks": {"database": "error", "cache": "ok", "broker": "ok"}}
    )


def test_healthz_is_503_naming_the_error_type_to_staff(client, embedded, monkeypatch, programme_staff):
    monkeypatch.setitem(health.CHECKS, "database", database_unreachable)
    client.force_login(programme_staff)

    response = client.get(HEALTHZ)

    # The error's type only, never its message: no host, no password.
    assert (response.status_code, response.json()) == (503, {
        "status": "error",
        "checks": {"database": "error", "cache": "ok", "broker": "ok"},
        "detail": {"database": "OperationalError", "cache": "LocMemCache", "broker": "eager (no broker)"},
    })


@pytest.mark.django_db
def test_healthz_is_never_cached(client, embedded):
    response = client.get(HEALTHZ)

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_healthz_answers_plain_http_when_https_redirects_are_on(client, embedded, settings):
    # Probes inside the compose network speak plain HTTP to gunicorn; pages still redirect.
    settings.SECURE_SSL_REDIRECT = True

    health_response = client.get(HEALTHZ)
    page_response = client.get("/admin/login/")

    assert (health_response.status_code, page_response.status_code) == (200, 301)
    assert page_response["Location"] == "https://testserver/admin/login/"


def test_healthz_refuses_post(client):
    response = client.post(HEALTHZ)

    assert response.status_code == 405
