"""API conventions shared by every app: pagination and one error body.

Every error answers `{"error": {"code": ..., "message": <Chinese>, "details": ...}}`.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import DomainError

_MESSAGES = {
    "not_authenticated": "请先登录。",
    "authentication_failed": "身份认证失败。",
    "permission_denied": "您没有执行该操作的权限。",
    "not_found": "未找到该对象。",
    "method_not_allowed": "不支持该请求方法。",
    "parse_error": "请求内容格式错误。",
    "invalid": "提交的数据有误，请检查后重试。",
    "throttled": "请求过于频繁，请稍后再试。",
    "unsupported_media_type": "不支持的请求内容类型。",
    "not_acceptable": "无法提供所请求的格式。",
}


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return _error(status.HTTP_400_BAD_REQUEST, exc.code, exc.message)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = _code_of(exc)
    details = response.data if isinstance(exc, exceptions.ValidationError) else None
    response.data = {"error": {"code": code, "message": _MESSAGES.get(code, _detail_text(exc)), "details": details}}
    return response


def _code_of(exc):
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    return exc.default_code if hasattr(exc, "default_code") else "error"


def _detail_text(exc):
    detail = getattr(exc, "detail", "")
    return str(detail) if isinstance(detail, str) else "请求未能完成。"


def _error(http_status, code, message, details=None):
    return Response({"error": {"code": code, "message": message, "details": details}}, status=http_status)
