from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@never_cache
@require_GET
def healthz(request):
    """200 when database, cache and broker are ok, else 503. Only staff see what they run on.

    `is_staff` stands in for "programme staff" here: core imports no other app, and only
    programme staff and superusers are staff (accounts.services.create_user).
    """
    ok, body = run_checks(with_detail=request.user.is_authenticated and request.user.is_staff)
    return JsonResponse(body, status=200 if ok else 503)
