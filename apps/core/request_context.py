"""The client's IP address: how it is read from a request, and the current one for audit entries
written deep inside services."""
import ipaddress
from contextvars import ContextVar

from django.conf import settings

_client_ip = ContextVar("client_ip", default=None)


def set_client_ip(ip):
    return _client_ip.set(ip)


def reset_client_ip(token):
    _client_ip.reset(token)


def get_client_ip():
    return _client_ip.get()


def client_ip_of(request):
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the entry of
    X-Forwarded-For that the outermost trusted proxy saw (entries further left are client-supplied)."""
    address = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None
