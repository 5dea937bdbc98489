"""The current request's client IP, for audit entries written deep inside services."""
from contextvars import ContextVar

_client_ip = ContextVar("client_ip", default=None)


def set_client_ip(ip):
    return _client_ip.set(ip)


def reset_client_ip(token):
    _client_ip.reset(token)


def get_client_ip():
    return _client_ip.get()
