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


def run_checks(*, with_detail=False):
    """Whether every part is ok, and the body /healthz answers with.

    `checks` gives each part's "ok" or "error" and is all that anyone may see. `detail` (the
    database vendor, the cache class, the failed check's exception type; never its message, which
    may name hosts or credentials) names the infrastructure, so it is added only when asked.
    """
    checks, detail = {}, {}
    for name, check in CHECKS.items():
        try:
            detail[name] = check()
            checks[name] = "ok"
        except Exception as error:  # a health check reports every failure, whatever its type
            detail[name] = error.__class__.__name__
            checks[name] = "error"
    ok = all(status == "ok" for status in checks.values())
    body = {"status": "ok" if ok else "error", "checks": checks}
    if with_detail:
        body["detail"] = detail
    return ok, body
