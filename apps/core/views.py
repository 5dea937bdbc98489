from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@never_cache
@require_GET
def healthz(request):
    ok, results = run_checks()
    return JsonResponse({"status": "ok" if ok else "error", "checks": results}, status=200 if ok else 503)
