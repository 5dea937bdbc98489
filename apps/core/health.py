"""Health of the parts the portal needs: database, cache and Celery broker."""
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache():
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, 10)
    ok = cache.get(key) == value
    cache.delete(key)
    if not ok:
        raise RuntimeError("cache did not return the value it was given")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_broker():
    if not settings.REDIS_URL:
        return "eager (no broker)"
    from craftsman_portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "redis"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks():
    """Each part's status; `ok` is false when any part fails. Errors carry no secrets."""
    results, ok = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = {"status": "ok", "detail": check()}
        except Exception as error:  # a health check reports every failure, whatever its type
            ok = False
            results[name] = {"status": "error", "detail": error.__class__.__name__}
    return ok, results
