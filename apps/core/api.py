"""API conventions shared by every app: pagination and one error body (the JSON parser that refuses
what would crash later is in `parsers`).

Every error answers `{"error": {"code": ..., "message": <Chinese>, "details": ...}}`.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import DomainError
from .parsers import MalformedInput

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
        # A rule that checks several fields at once (the applicant's profile) says which field each message is about.
        return _error(status.HTTP_400_BAD_REQUEST, exc.code, exc.message, getattr(exc, "details", None))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = _code_of(exc)
    details = response.data if isinstance(exc, exceptions.ValidationError) else None
    message = _detail_text(exc) if isinstance(exc, MalformedInput) else _MESSAGES.get(code, _detail_text(exc))
    response.data = {"error": {"code": code, "message": message, "details": details}}
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


# --- The schema: every operation documents the error body ------------------------------------------

_ERROR_RESPONSES = {
    "400": "请求内容格式错误，或数据未通过校验，或业务规则不允许（code 说明原因）。",
    "401": "未登录或令牌无效。",
    "403": "没有执行该操作的权限。",
    "404": "对象不存在或不在您的查看范围内。",
    "429": "请求过于频繁。",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string", "description": "给用户看的中文说明"},
                "details": {"description": "字段错误（code 为 invalid 或 profile_invalid 时），否则为 null", "nullable": True},
            },
            "required": ["code", "message", "details"],
        },
    },
    "required": ["error"],
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error body (see `exception_handler`) as component
    `Error`, and 400/401/403/404/429 on every operation that does not document them already."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in _ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": description, "content": reference})
    return result
