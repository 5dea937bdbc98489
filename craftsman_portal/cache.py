"""A Redis cache that degrades to "nothing cached" when Redis is unreachable.

The cache holds nothing that is the record (throttle histories, cached fragments), so a Redis
outage must cost a miss, never an error page: reads return their default, writes are dropped,
and DRF's throttles, which read the cache, let requests through until Redis is back.
After a failure the cache skips Redis for `REDIS_DOWN_BACKOFF` seconds, so a request makes no
network call at all during an outage instead of waiting one socket timeout per cache call.
"""
import logging
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis is not there: refused, timed out, or something else answering on its port.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, InvalidResponse, OSError)


class OutageBreaker:
    """Remembers, per process, that a server failed, and for how long to leave it alone."""

    def __init__(self, name):
        self.name = name
        self.down_until = 0.0

    @property
    def is_open(self):
        return time.monotonic() < self.down_until

    def trip(self, error):
        if not self.is_open:
            logger.warning("%s unreachable (%s); skipping it for %ss", self.name, error.__class__.__name__, settings.REDIS_DOWN_BACKOFF)
        self.down_until = time.monotonic() + settings.REDIS_DOWN_BACKOFF

    def reset(self):
        self.down_until = 0.0


cache_breaker = OutageBreaker("Redis cache")


def _forgiving(method_name, fallback):
    def method(self, *args, **kwargs):
        if cache_breaker.is_open:
            return fallback(*args, **kwargs)
        try:
            return getattr(super(ForgivingRedisCache, self), method_name)(*args, **kwargs)
        except UNREACHABLE as error:
            cache_breaker.trip(error)
            return fallback(*args, **kwargs)

    method.__name__ = method_name
    return method


def _default(position):
    """The caller's `default` argument (positional or keyword), as a miss returns it."""

    def fallback(*args, **kwargs):
        if "default" in kwargs:
            return kwargs["default"]
        return args[position] if len(args) > position else None

    return fallback


class ForgivingRedisCache(RedisCache):
    get = _forgiving("get", _default(1))
    get_many = _forgiving("get_many", lambda *args, **kwargs: {})
    has_key = _forgiving("has_key", lambda *args, **kwargs: False)
    add = _forgiving("add", lambda *args, **kwargs: False)
    set = _forgiving("set", lambda *args, **kwargs: None)
    set_many = _forgiving("set_many", lambda keys, *args, **kwargs: list(keys))  # every key failed
    touch = _forgiving("touch", lambda *args, **kwargs: False)
    delete = _forgiving("delete", lambda *args, **kwargs: False)
    delete_many = _forgiving("delete_many", lambda *args, **kwargs: None)
    clear = _forgiving("clear", lambda *args, **kwargs: False)

    def incr(self, key, delta=1, version=None):
        # A counter Redis cannot reach behaves like a missing key, as in every other cache backend.
        if cache_breaker.is_open:
            raise ValueError(f"Key '{key}' not found.")
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            cache_breaker.trip(error)
            raise ValueError(f"Key '{key}' not found.") from error
