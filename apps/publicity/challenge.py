"""The question against scripts on the objection form (page and API): a signed arithmetic question in Chinese.

Why this and not a proof-of-work: it needs no JavaScript at all (the page works without it, the strict CSP
is untouched), no third-party service, and the API can carry the same two fields. The question is written
in Chinese numerals ("二十三加六等于几？"), rendered server-side; the form carries a signed token that holds
a random nonce and a keyed hash of the answer, never the answer itself, valid for `MAX_AGE` seconds and
once only (the nonce is spent in the cache). It is a speed bump, not a wall: together with the throttles
per address and per phone (`objections.check_throttles`), filing in bulk costs a person's attention.
"""
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from apps.core.exceptions import DomainError

SALT = "publicity.objection.challenge"
MAX_AGE = 30 * 60
_DIGITS = "零一二三四五六七八九"


class ChallengeFailed(DomainError):
    code = "challenge_failed"


def chinese_number(n):
    """1..99 in Chinese numerals: 六, 十二, 二十, 四十七."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return f"{_DIGITS[tens] if tens > 1 else ''}十{_DIGITS[ones] if ones else ''}"


def _digest(nonce, answer):
    return hmac.new(settings.SECRET_KEY.encode(), f"{SALT}:{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()


def new_challenge():
    """(question, token): a sum of a number of 11..49 and one of 1..9, and the signed token of its answer."""
    a, b = 11 + secrets.randbelow(39), 1 + secrets.randbelow(9)
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"n": nonce, "h": _digest(nonce, a + b)}, salt=SALT, compress=False)
    return f"{chinese_number(a)}加{chinese_number(b)}等于几？", token


def check(token, answer):
    """Raise `ChallengeFailed` unless `answer` answers the question of `token`, in time, for the first time."""
    refused = ChallengeFailed("验证问题回答不正确或已失效，请回答新的验证问题。")
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
        value = int(str(answer or "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    except (signing.BadSignature, ValueError, TypeError):
        raise refused from None
    if not isinstance(data, dict) or not hmac.compare_digest(str(data.get("h", "")), _digest(data.get("n", ""), value)):
        raise refused
    try:
        fresh = cache.add(f"objection-challenge:{data['n']}", 1, timeout=MAX_AGE + 60)
    except Exception:  # noqa: BLE001  the cache is down: the signature and the age still hold
        fresh = True
    if not fresh:
        raise refused
