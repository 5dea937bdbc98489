"""The project's URLs plus the benchmark's bare view (served only under benchmarks.desks_settings)."""
from django.http import HttpResponse
from django.urls import path

from craftsman_portal.urls import *  # noqa: F403
from craftsman_portal.urls import urlpatterns as project_urlpatterns


def bare(request):
    """No database, no template: what a request costs through the middleware alone."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare, name="bench-bare"), *project_urlpatterns]
