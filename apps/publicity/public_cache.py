"""How the public lists (the publicity list, the final list) are cached: the rows' HTML under the list's
version in the cache framework, an ETag and a public max-age for anonymous visitors (a repeat visit gets
304), a private, uncached answer for anyone signed in. Redis down means rendering, never an error."""
import hashlib

from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

PUBLIC_MAX_AGE = 60  # seconds a browser or proxy may keep a public list


def public_page(request, *, version, prefix, fragment_template, rows, template, context, fragment_context=None):
    """The page `template` with `context` and `fragment` (the rows' HTML: `fragment_template` over `rows()`,
    called only on a cache miss, and `fragment_context`, which `version` must cover), cached and answered as
    the module docstring says."""
    digest = hashlib.sha256(version.encode()).hexdigest()
    etag = f'"{digest[:32]}"'
    anonymous = not request.user.is_authenticated
    if anonymous and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        key = f"{prefix}:{digest}"
        fragment = _cached(key)
        if fragment is None:
            fragment = render_to_string(fragment_template, {"entries": rows(), **(fragment_context or {})})
            _store(key, fragment)
        response = render(request, template, {**context, "fragment": fragment})
    if anonymous:
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _cached(key):
    try:
        return cache.get(key)
    except Exception:  # the cache (Redis) is down: render, as if it were empty
        return None


def _store(key, value):
    try:
        cache.set(key, value, timeout=3600)
    except Exception:
        pass
