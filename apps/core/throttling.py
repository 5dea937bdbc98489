"""A small cache-based throttle for HTML pages (login, password reset, public pages to come).

DRF throttles only the API. Each call of `allow` counts one hit in a fixed window of the cache:
`rate` is "<count>/<period>" as in DRF ("10/min", "5/hour"), read from settings.PAGE_THROTTLE_RATES
by scope. If the cache fails (Redis down) the hit is allowed: a throttle must not turn an outage of
the courier into an outage of the login page.
"""
import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .request_context import client_ip_of

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400}


def parse_rate(rate):
    count, period = rate.split("/")
    return int(count), _PERIODS[period]


def allow(scope, key):
    """Count a hit of `key` (an address, an email) in `scope`; False once its rate is exceeded."""
    limit, period = parse_rate(settings.PAGE_THROTTLE_RATES[scope])
    window = int(time.time() // period)
    # Hashed: keys hold emails and addresses, which need not sit readable in Redis.
    digest = hashlib.sha256(f"{scope}:{key}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    cache_key = f"page-throttle:{scope}:{window}:{digest}"
    try:
        if cache.add(cache_key, 1, timeout=period + 1):
            hits = 1
        else:
            hits = cache.incr(cache_key)
    except ValueError:
        hits = 1  # expired between add and incr: a new window
    except Exception:  # noqa: BLE001  the cache is down or failing: let the request through
        logger.warning("Page throttle %s skipped: the cache failed", scope, exc_info=True)
        return True
    return hits <= limit


def throttled_response(request):
    return render(request, "accounts/throttled.html", status=429)


def throttle_page(scope, *, methods=("POST",)):
    """Decorate a view: requests with `methods` from one client address count against `scope`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not allow(scope, client_ip_of(request) or "unknown"):
                return throttled_response(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
