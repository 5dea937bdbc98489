from django.http import JsonResponse
from django.views import defaults
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


# Error pages: the API answers in its JSON error body, pages in Chinese HTML (templates/4xx.html, 500.html).
def _is_api(request):
    return request.path.startswith("/api/")


def _api_error(status, code, message):
    return JsonResponse({"error": {"code": code, "message": message, "details": None}}, status=status)


def page_not_found(request, exception):
    if _is_api(request):
        return _api_error(404, "not_found", "未找到该对象。")
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _api_error(403, "permission_denied", "您没有执行该操作的权限。")
    return defaults.permission_denied(request, exception)


def bad_request(request, exception):
    if _is_api(request):
        return _api_error(400, "bad_request", "请求内容格式错误。")
    return defaults.bad_request(request, exception)


def server_error(request):
    if _is_api(request):
        return _api_error(500, "server_error", "服务器暂时无法完成请求，请稍后重试。")
    return defaults.server_error(request)
