"""Redis down, for real: the cache and the Celery broker pointed at a closed port on loopback."""
from contextlib import contextmanager

from django.test import override_settings

from apps.notices.services import broker_breaker
from craftsman_portal.cache import cache_breaker
from craftsman_portal.celery import app as celery_app

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connect is refused


def _reset_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def redis_down(url=CLOSED_PORT_URL):
    """Settings and Celery configured as production with REDIS_URL=`url`, and that Redis unreachable."""
    from django.conf import settings

    conf = celery_app.conf
    previous = (conf.broker_url, conf.task_always_eager, conf.broker_transport_options, conf.broker_connection_timeout)
    caches = {
        "default": {
            "BACKEND": "craftsman_portal.cache.ForgivingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": settings.REDIS_SOCKET_TIMEOUT, "socket_timeout": settings.REDIS_SOCKET_TIMEOUT},
        }
    }
    cache_breaker.reset()
    broker_breaker.reset()
    with override_settings(REDIS_URL=url, CACHES=caches, CELERY_BROKER_URL=url):
        conf.broker_url, conf.task_always_eager = url, False
        conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        conf.broker_connection_timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT
        _reset_pools()
        try:
            yield
        finally:
            conf.broker_url, conf.task_always_eager, conf.broker_transport_options, conf.broker_connection_timeout = previous
            _reset_pools()
            cache_breaker.reset()
            broker_breaker.reset()
