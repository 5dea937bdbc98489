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
def test_healthz_reports_every_part_ok_on_the_embedded_default(client, embedded):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok", "detail": connection.vendor},
            "cache": {"status": "ok", "detail": "LocMemCache"},
            "broker": {"status": "ok", "detail": "eager (no broker)"},
        },
    }


@pytest.mark.django_db
def test_healthz_reports_redis_cache_and_broker_when_redis_url_is_set(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (a real Redis server)")

    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok", "detail": connection.vendor},
            "cache": {"status": "ok", "detail": "RedisCache"},
            "broker": {"status": "ok", "detail": "redis"},
        },
    }


@pytest.mark.django_db
def test_healthz_is_503_naming_the_failed_part_when_the_database_is_down(client, embedded, monkeypatch):
    def database_unreachable():
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: password=s3cret')

    monkeypatch.setitem(health.CHECKS, "database", database_unreachable)

    response = client.get(HEALTHZ)

    assert response.status_code == 503
    # The body names the failed part and the error's type only: no host, no password.
    assert response.json() == {
        "status": "error",
        "checks": {
            "database": {"status": "error", "detail": "OperationalError"},
            "cache": {"status": "ok", "detail": "LocMemCache"},
            "broker": {"status": "ok", "detail": "eager (no broker)"},
        },
    }


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
