"""Time a request that queues four notices while Redis is down; print the figures.

    .venv/bin/python benchmarks/redis_down.py                                  # refused: a closed port
    .venv/bin/python benchmarks/redis_down.py --hanging        # a Redis that accepts connections and never answers
    .venv/bin/python benchmarks/redis_down.py --redis-url redis://HOST:PORT/0   # any other Redis that is down

The portal runs as in production (REDIS_URL set, Celery not eager) against a Redis that is not
there. Each request is an applicant submitting a draft to a unit with four active staff, which
queues four notices; the API's notice list (throttled through the cache) is timed too.
It runs twice: with the outage breaker (after one failure Redis is left alone for
REDIS_DOWN_BACKOFF seconds) and without it (REDIS_DOWN_BACKOFF=0: every call pays the failed
connect). Figures are for comparing changes on one machine, not promises. Before the fix one
notice took about 19 s (result-backend retries) and four hit gunicorn's 30 s timeout.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:1/0", help="a Redis that is down (default: a closed port)")
    parser.add_argument("--hanging", action="store_true", help="Redis accepts connections but never answers (socket timeouts)")
    args = parser.parse_args()
    if args.hanging:
        import socket

        hanging = socket.socket()  # the kernel completes the handshake; nobody ever reads or writes
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(1024)
        args.redis_url = f"redis://127.0.0.1:{hanging.getsockname()[1]}/0"
    os.environ["REDIS_URL"] = args.redis_url
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='portal-bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftsman_portal.settings")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="portal-bench-static-"))
    os.environ.setdefault("LOG_LEVEL", "ERROR")

    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(f"database: {connection.vendor}; Redis at {args.redis_url} ({'hanging' if args.hanging else 'down'}); socket timeout {settings.REDIS_SOCKET_TIMEOUT} s")
    print(f"{'case':<44}{'n':>4}{'first ms':>10}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'unsent':>8}")
    world = _world()
    for backoff in (settings.REDIS_DOWN_BACKOFF, 0):
        settings.REDIS_DOWN_BACKOFF = backoff
        _reset_breakers()
        label = f"breaker {backoff:g} s" if backoff else "no breaker"
        _report(f"submit, queues 4 notices ({label})", _submits(world, args.repeat), world.unsent())
        _reset_breakers()
        _report(f"GET /api/v1/notices/ ({label})", _api_lists(world, args.repeat), None)


def _world():
    from types import SimpleNamespace

    from apps.accounts.roles import Role
    from apps.accounts.tests.factories import UnitStaffFactory
    from apps.notices.models import Notice
    from apps.rounds.tests.factories import RoundFactory
    from apps.units.tests.factories import RecommendingUnitFactory

    round = RoundFactory(year=2026)
    unit = RecommendingUnitFactory(name="北京市总工会")
    for n in range(4):
        UnitStaffFactory(username=f"bench_unit_{n}", unit=unit, email=f"unit{n}@example.cn")
    return SimpleNamespace(
        round=round, unit=unit, role=Role.APPLICANT, unsent=lambda: Notice.objects.filter(sent_at__isnull=True).count()
    )


def _reset_breakers():
    from apps.notices.services import broker_breaker
    from craftsman_portal.cache import cache_breaker

    broker_breaker.reset()
    cache_breaker.reset()


def _submits(world, repeat):
    from django.test import Client

    from apps.accounts.tests.factories import UserFactory
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.tests.factories import ApplicationFactory

    timings = []
    for _ in range(repeat):
        applicant = UserFactory(role=world.role)
        draft = ApplicationFactory(round=world.round, unit=world.unit, applicant=applicant, status=ApplicationStatus.DRAFT)
        client = Client()
        client.force_login(applicant)
        started = time.perf_counter()
        response = client.post(f"/applications/{draft.pk}/submit/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    return timings


def _api_lists(world, repeat):
    from django.test import Client

    from apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench_unit_0"))
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get("/api/v1/notices/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def _report(case, timings, unsent):
    p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
    unsent = "" if unsent is None else unsent
    print(f"{case:<44}{len(timings):>4}{timings[0]:>10.1f}{statistics.median(timings):>11.1f}{p95:>9.1f}{max(timings):>9.1f}{unsent:>8}")


if __name__ == "__main__":
    main()
