from .request_context import reset_client_ip, set_client_ip


class RequestContextMiddleware:
    """Makes the client IP known to `core.audit.record` for the duration of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Behind a proxy the web server sets REMOTE_ADDR from X-Forwarded-For (see README).
        token = set_client_ip(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            reset_client_ip(token)
