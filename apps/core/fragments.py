"""Rendered page bodies kept in the cache, keyed by who asks, what they asked and a version of the data shown.

The desks spend most of a request rendering their rows. A repeat visit whose data has not changed
renders only the shell (menu, unread count, messages, CSRF token: everything per request) around the
body stored the first time:

    round = current_round(columns=unit_desk_version(unit_id))  # the query the desk runs anyway
    parts = cached_parts(request, "units:dashboard", version=(...), render=lambda: {...})

The key is a digest of the page's name, the user (id, role, unit and the flags the pages read), the
full path with its query string, the deployed code and templates, and `version`. `version` must
change whenever anything the body shows changes: it is read in the same query the page runs anyway
(row counts and the sum of the `updated_at` of the rows it lists, the round's `updated_at`), so a change is
shown at the next request and nothing is ever invalidated. This relies on every write to those rows
going through `save()` with `updated_at` among the fields saved (the services do; `QuerySet.update()`
and `bulk_update()` without `updated_at` would not be seen). Names of people shown in rows
(`User.display_name`, `username`) are set when an account is created and read-only afterwards
(apps/accounts/admin.py); a page that starts showing something else must add it to its version.

The cache holds nothing that is the record: an entry missing, unreadable, or the cache down (see
craftsman_portal.cache, whose breaker skips an unreachable Redis) costs a render, never an error.
"""
import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template import Context
from django.template.loader import get_template

logger = logging.getLogger(__name__)

KEY_PREFIX = "fragment"


def cached_parts(request, name, *, version, render):
    """The dict of rendered strings `render()` returns for this page, from the cache when `version` matches.

    `render` is called only on a miss; its result is stored for `settings.FRAGMENT_CACHE_SECONDS`
    (0 turns the cache off). Values must be picklable (strings, SafeStrings, numbers).
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds:
        return render()
    key = fragment_key(request, name, version)
    try:
        parts = cache.get(key)
    except Exception as error:  # noqa: BLE001 - a cache is never worth an error page
        logger.warning("fragment cache read failed (%s); rendering %s", error.__class__.__name__, name)
        parts = None
    if isinstance(parts, dict):
        return parts
    parts = render()
    try:
        cache.set(key, parts, seconds)
    except Exception as error:  # noqa: BLE001
        logger.warning("fragment cache write failed (%s) for %s", error.__class__.__name__, name)
    return parts


def fragment_key(request, name, version):
    user = request.user
    who = (user.pk, user.role, user.unit_id, user.is_active, user.is_staff, user.is_superuser)
    material = repr((code_digest(), name, who, request.get_full_path(), version))
    return f"{KEY_PREFIX}:{name}:{hashlib.sha256(material.encode()).hexdigest()}"


@lru_cache(maxsize=1)
def code_digest():
    """A digest of the templates' and apps' files (name, size, mtime), read once per process.

    A deployment that changes a template or the code behind a page changes every key, so no body
    rendered by the old code is served by the new.
    """
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder, pattern in (("templates", "*.html"), ("apps", "*.py"), ("apps", "*.html")):
        for path in sorted((base / folder).rglob(pattern)):
            stat = path.stat()
            digest.update(f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def render_body(template_name, context, request):
    """A page body rendered without the context processors (the shell around it runs them, once).

    `request` (for `{% querystring %}`) and `user` are put in the context; nothing else of the
    request reaches a body, so a body holds no CSRF token and no message.
    """
    template = get_template(template_name).template
    body_context = Context({"request": request, "user": request.user, **context}, autoescape=template.engine.autoescape)
    body_context.request = request  # as a RequestContext carries it, for {% querystring %}
    return template.render(body_context)

