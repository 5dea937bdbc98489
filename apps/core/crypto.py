"""Encryption and keyed hashing of personal data. Keys come from settings (the environment)."""
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys):
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured("PII_ENCRYPTION_KEYS must hold Fernet keys (urlsafe base64, 32 bytes).") from error


def encrypt(plaintext):
    return _fernet(tuple(settings.PII_ENCRYPTION_KEYS)).encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token):
    try:
        return _fernet(tuple(settings.PII_ENCRYPTION_KEYS)).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured("Personal data cannot be decrypted with the configured PII_ENCRYPTION_KEYS.") from error


def blind_index(value):
    """Keyed hash (HMAC-SHA256) of a normalised value: equal inputs match, the value stays secret."""
    return hmac.new(settings.PII_HASH_KEY.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()
